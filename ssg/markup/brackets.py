"""Link, image and footnote-reference rules that give up at once on a `[` with no `]` after it.

markdown-it's rules parse a link label from every `[` they meet, one token at a time, until
the matching `]`; with no `]` anywhere after it that reads the rest of the paragraph for
nothing (`![` x 50,000, 100 KB: 1.3 s). No label can close without a `]`, so the wrapped
rules return "no match" straight away when `find_from` (which remembers its searches per
inline state, so the text is read once) finds none; otherwise the original rule runs.

A `]` after it is not enough either: `![` x 50,000 and one `]` at the end took 2.8 s, as
each plain `[` in a label needs one more `]`. Where nothing in the text can hide a bracket
from that count (no code span, escape, raw HTML, link destination, math, attribute list or
autolink: none of the characters in `_HIDERS`), a label from a `[` closes only if the
running count of `[` minus `]` later falls back to its value before that `[`; one pass
computes the lowest value it reaches after each position.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from ssg.markup.scan import find_from

__all__ = ["use"]

_CLOSER = re.compile(r"\]")
_HIDERS = re.compile(r"[`<\\$:{(]|www\.")
_RULES = ("link", "image", "footnote_ref")

InlineRule = Callable[[StateInline, bool], bool]


def use(md: MarkdownIt) -> None:
    """Wrap the bracket rules that `md` has (installed plugins decide which)."""
    active = set(md.inline.ruler.get_all_rules())
    for name in _RULES:
        if name in active:
            rule = md.inline.ruler.__rules__[md.inline.ruler.__find__(name)].fn
            md.inline.ruler.at(name, _guarded(rule))


def _guarded(rule: InlineRule) -> InlineRule:
    def bracket_rule(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] not in "[!":  # what the rule itself looks for first
            return False
        hit = find_from(state, _CLOSER, state.pos)
        if hit == -1 or hit >= state.posMax:
            return False
        opener = state.pos + (state.src[state.pos] == "!")  # the `[` of `[` or `![`
        depth = _depths(state) if state.src[opener : opener + 1] == "[" else None
        if depth is not None and depth[1][opener + 1] > depth[0][opener]:
            return False  # the count never comes back: no `]` can close this label
        return rule(state, silent)

    return bracket_rule


def _depths(state: StateInline) -> tuple[list[int], list[int]] | None:
    """(count of `[` minus `]` before each position, its lowest value from each position
    on), once per inline state; None where some construct could hide a bracket."""
    memo = state.__dict__
    if "ssg_bracket_depths" not in memo:
        src = state.src
        if _HIDERS.search(src):
            memo["ssg_bracket_depths"] = None
        else:
            before = [0] * (len(src) + 1)
            for index, char in enumerate(src):
                step = 1 if char == "[" else -1 if char == "]" else 0
                before[index + 1] = before[index] + step
            lowest = before[:]
            for index in range(len(src) - 1, -1, -1):
                lowest[index] = min(lowest[index], lowest[index + 1])
            memo["ssg_bracket_depths"] = (before, lowest)
    return memo["ssg_bracket_depths"]
