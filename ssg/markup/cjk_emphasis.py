"""CJK-friendly emphasis: `**용어(term)**는`, `**"인용"**이라고`, `**強調。**の後` are emphasis.

CommonMark decides whether a run of `*`, `_` or `~` can open or close emphasis from the
characters just outside and inside it (left- and right-flanking delimiter runs). A run
between punctuation and a letter only flanks on the punctuation's side, so the closing `**`
of `**용어(term)**는` (`)` inside, the particle `는` outside) cannot close, and the asterisks
stay literal. Korean attaches particles to words without a space, Chinese and Japanese use
no spaces at all, so this happens in almost every such post (kramdown renders them bold).

This module implements the "CJK-friendly amendments" to CommonMark by Tatsunori Uchino
(https://github.com/tats-u/markdown-cjk-friendly, `specification.md`, and its markdown-it
plugin `markdown-it-cjk-friendly`, which overrides `StateInline.scanDelims`). In the
amended rules, only a *non-CJK* punctuation character blocks flanking, and a CJK character
on the other side of the run counts as whitespace or punctuation does:

- left-flanking: not followed by whitespace, and either not followed by a non-CJK
  punctuation character, or preceded by whitespace, a non-CJK punctuation sequence, a CJK
  sequence or an ideographic variation selector;
- right-flanking: not preceded by whitespace, and either not preceded by a non-CJK
  punctuation sequence, or followed by whitespace, a non-CJK punctuation character or a
  CJK character;
- `_` and `__` open when left-flanking and (not right-flanking, or preceded by a Unicode
  punctuation sequence); they close as in CommonMark.

A "sequence" is a character optionally followed by a non-emoji variation selector
(U+FE00–U+FE0E): the selector before a run is looked through to the character it modifies.
`‘ ’ “ ”` followed by U+FE01 (their fullwidth forms) are CJK punctuation. The spec leaves
a run next to a lone surrogate, or after a selector that follows whitespace, unspecified;
here they are letters (as the reference plugin does). Text without CJK characters or
variation selectors gets exactly CommonMark's answer.

`use(md)` wraps the `emphasis` and `strikethrough` inline rules as installed, which are
the only callers of `scanDelims`: the wrapped rule gives its inline state this module's
`scan_delims` before the original rule runs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from types import MethodType

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Scanned

__all__ = ["is_cjk", "scan_delims", "use"]

InlineRule = Callable[[StateInline, bool], bool]

# The CJK characters of the spec: East Asian Width W, F or H and not a default emoji
# presentation character, or of the Hangul script; the inclusive ranges as the spec's
# `ranges.md` lists them (Unicode 16), sorted.
_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF),
    (0x20A9, 0x20A9),
    (0x2329, 0x232A),
    (0x2630, 0x2637),
    (0x268A, 0x268F),
    (0x2E80, 0x2E99),
    (0x2E9B, 0x2EF3),
    (0x2F00, 0x2FD5),
    (0x2FF0, 0x303E),
    (0x3041, 0x3096),
    (0x3099, 0x30FF),
    (0x3105, 0x312F),
    (0x3131, 0x318E),
    (0x3190, 0x31E5),
    (0x31EF, 0x321E),
    (0x3220, 0x3247),
    (0x3250, 0xA48C),
    (0xA490, 0xA4C6),
    (0xA960, 0xA97C),
    (0xAC00, 0xD7A3),
    (0xD7B0, 0xD7C6),
    (0xD7CB, 0xD7FB),
    (0xF900, 0xFAFF),
    (0xFE10, 0xFE19),
    (0xFE30, 0xFE52),
    (0xFE54, 0xFE66),
    (0xFE68, 0xFE6B),
    (0xFF01, 0xFFBE),
    (0xFFC2, 0xFFC7),
    (0xFFCA, 0xFFCF),
    (0xFFD2, 0xFFD7),
    (0xFFDA, 0xFFDC),
    (0xFFE0, 0xFFE6),
    (0xFFE8, 0xFFEE),
    (0x16FE0, 0x16FE4),
    (0x16FF0, 0x16FF6),
    (0x17000, 0x18CD5),
    (0x18CFF, 0x18D1E),
    (0x18D80, 0x18DF2),
    (0x1AFF0, 0x1AFF3),
    (0x1AFF5, 0x1AFFB),
    (0x1AFFD, 0x1AFFE),
    (0x1B000, 0x1B122),
    (0x1B132, 0x1B132),
    (0x1B150, 0x1B152),
    (0x1B155, 0x1B155),
    (0x1B164, 0x1B167),
    (0x1B170, 0x1B2FB),
    (0x1D300, 0x1D356),
    (0x1D360, 0x1D376),
    (0x1F200, 0x1F200),
    (0x1F202, 0x1F202),
    (0x1F210, 0x1F219),
    (0x1F21B, 0x1F22E),
    (0x1F230, 0x1F231),
    (0x1F237, 0x1F237),
    (0x1F23B, 0x1F23B),
    (0x1F240, 0x1F248),
    (0x1F260, 0x1F265),
    (0x20000, 0x3FFFD),
)
_STARTS = tuple(start for start, _ in _CJK_RANGES)

# Non-emoji general-use variation selectors (U+FE0F, the emoji presentation selector, is not)
_VS_FIRST, _VS_LAST = 0xFE00, 0xFE0E
# Ideographic variation selectors (the Variation Selectors Supplement block)
_IVS_FIRST, _IVS_LAST = 0xE0100, 0xE01EF
# CJK ambiguous punctuation sequences: these quotes + U+FE01 are their fullwidth forms
_FULLWIDTH_SELECTOR = "\ufe01"
_AMBIGUOUS_QUOTES = frozenset("\u2018\u2019\u201c\u201d")


def is_cjk(ch: str) -> bool:
    """Whether the character `ch` is a CJK character of the spec (Hangul, Han, Kana, CJK
    and fullwidth punctuation, …; not emoji)."""
    cp = ord(ch)
    if cp < 0x1100:  # no CJK character below the Hangul Jamo block
        return False
    index = bisect_right(_STARTS, cp) - 1
    return index >= 0 and cp <= _CJK_RANGES[index][1]


def _is_selector(ch: str) -> bool:
    return _VS_FIRST <= ord(ch) <= _VS_LAST


def _is_ivs(ch: str) -> bool:
    return _IVS_FIRST <= ord(ch) <= _IVS_LAST


def _is_punct(ch: str) -> bool:
    return isMdAsciiPunct(ord(ch)) or isPunctChar(ch)


def _before(src: str, start: int) -> tuple[str, bool]:
    """The character a delimiter run at `start` follows (a space at the start of the text),
    looking through a variation selector to the character it modifies, and whether that
    (sequence) is CJK."""
    last = src[start - 1] if start > 0 else " "
    if not _is_selector(last):
        return last, is_cjk(last) or _is_ivs(last)
    base = src[start - 2] if start > 1 else " "
    if isWhiteSpace(ord(base)):
        return last, False  # unspecified by the spec: the selector counts as a letter
    if last == _FULLWIDTH_SELECTOR and base in _AMBIGUOUS_QUOTES:
        return base, True
    return base, is_cjk(base)


def scan_delims(self: StateInline, start: int, canSplitWord: bool) -> Scanned:
    """`StateInline.scanDelims` with the CJK-friendly flanking rules: whether the run of
    markers at `start` can open and close emphasis (or strikethrough), and its length.
    `canSplitWord` is false for `_`, whose runs inside words neither open nor close."""
    src = self.src
    marker = src[start]
    pos = start
    maximum = self.posMax
    while pos < maximum and src[pos] == marker:
        pos += 1

    last, last_cjk = _before(src, start)
    next_ = src[pos] if pos < maximum else " "  # the end of the text counts as a space
    next_cjk = is_cjk(next_)

    last_space = isWhiteSpace(ord(last))
    next_space = isWhiteSpace(ord(next_))
    last_punct = _is_punct(last)
    next_punct = _is_punct(next_)
    last_other_punct = last_punct and not last_cjk  # non-CJK punctuation (sequence)
    next_other_punct = next_punct and not next_cjk

    left_flanking = not next_space and (
        not next_other_punct or last_space or last_other_punct or last_cjk
    )
    right_flanking = not last_space and (
        not last_other_punct or next_space or next_other_punct or next_cjk
    )
    can_open = left_flanking and (canSplitWord or not right_flanking or last_punct)
    can_close = right_flanking and (canSplitWord or not left_flanking or next_punct)
    return Scanned(can_open, can_close, pos - start)


def use(md: MarkdownIt) -> None:
    """Make `md`'s emphasis (`*`, `_`) and strikethrough (`~~`) rules CJK-friendly."""
    active = set(md.inline.ruler.get_all_rules())
    for name in ("emphasis", "strikethrough"):
        if name in active:
            rule = md.inline.ruler.__rules__[md.inline.ruler.__find__(name)].fn
            md.inline.ruler.at(name, _cjk_friendly(rule))


def _cjk_friendly(rule: InlineRule) -> InlineRule:
    def cjk_rule(state: StateInline, silent: bool) -> bool:
        if "scanDelims" not in vars(state):  # once per inline state (one paragraph, …)
            state.scanDelims = MethodType(scan_delims, state)  # type: ignore[method-assign]
        return rule(state, silent)

    return cjk_rule
