"""kramdown's block syntax where CommonMark reads the same text differently.

- A line holding only `^` ends the block before it (kramdown's end-of-block marker) and is
  not shown.
- `{::options key="value" /}` is a parser setting: it is never printed, and
  `parse_block_html="true"` makes the HTML blocks after it Markdown (as `markdown="1"`
  does for one), until `parse_block_html="false"`. Other options are dropped.
- `1)` is no list marker in kramdown, which numbers lists only as `1.`: `- 1) text` stays a
  bullet whose text starts with `1)`.
- A definition may have several terms, one per line (`A` / `B` / `: both`), also inside a
  list item; mdit-py-plugins' definition lists take one term line only.
- A table's separator line may have fewer cells than its header (`|a|b|c|` over `|-|-|`):
  kramdown still makes a table, so the separator is padded before markdown-it reads it.
- A table does not interrupt a paragraph: table lines right after a paragraph's line are
  more of its text (GFM starts a table there).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

__all__ = ["use"]

_END_OF_BLOCK = re.compile(r"\^[ \t]*$")
_OPTIONS = re.compile(r"\{::options\b[^}\n]*/\}[ \t]*$")
_PAREN_MARKER = re.compile(r"\d{1,9}\)")

BlockRule = Callable[[StateBlock, int, int, bool], bool]


def use(md: MarkdownIt) -> None:
    block = md.block.ruler
    interrupts = {"alt": ["paragraph", "list", "blockquote"]}
    block.before("fence", "kramdown_end_of_block", _marker_line(_END_OF_BLOCK), interrupts)
    block.before("fence", "kramdown_options", _options_line, interrupts)
    md.core.ruler.before("block", "kramdown_options_reset", _reset_options)
    md.core.ruler.before("block", "kramdown_short_separators", _pad_short_separators)
    if "deflist" in [rule.name for rule in block.__rules__]:
        deflist = block.__rules__[block.__find__("deflist")]
        block.before("deflist", "kramdown_terms", _several_terms(deflist.fn))
    original = block.__rules__[block.__find__("list")]
    block.at("list", _no_paren_lists(original.fn), {"alt": list(original.alt)})
    table = block.__rules__[block.__find__("table")]  # no table in the middle of a paragraph
    block.at("table", table.fn, {"alt": [name for name in table.alt if name != "paragraph"]})


_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")


def _cells(line: str) -> int:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return len(re.split(r"(?<!\\)\|", inner))


def _pad_short_separators(state) -> None:
    """Give a separator line as many cells as the header line above it (outside code)."""
    if "|" not in state.src or "-" not in state.src:
        return
    lines = state.src.split("\n")
    fenced = False
    changed = False
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or number == 0 or not _SEPARATOR.match(line) or "|" not in lines[number - 1]:
            continue
        missing = _cells(lines[number - 1]) - _cells(line)
        if missing > 0 and "|" in line:
            lines[number] = line.rstrip().rstrip("|") + "|---" * missing + "|"
            changed = True
    if changed:
        state.src = "\n".join(lines)


_DEFINITION = re.compile(r":[ \t]")


def _several_terms(deflist: BlockRule) -> BlockRule:
    """Term lines, then a `: definition` line: the definition list rule reads the last term
    and its definitions, and the term lines above it are put into its list as terms."""

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if state.sCount[start] - state.blkIndent >= 4:
            return False
        line = start
        while (
            line < end
            and not state.isEmpty(line)
            and state.sCount[line] == state.blkIndent
            and not _DEFINITION.match(_line(state, line))
        ):
            line += 1
        if line - start < 2 or line >= end or state.isEmpty(line):
            return False
        if state.sCount[line] < state.blkIndent or not _DEFINITION.match(_line(state, line)):
            return False
        if silent:
            return True
        first = len(state.tokens)
        if not deflist(state, line - 1, end, False):
            del state.tokens[first:]
            return False
        opening = state.tokens[first]
        opening.map = [start, opening.map[1]]
        terms = []
        for number in range(start, line - 1):
            for kind, nesting, level in (("dt_open", 1, 1), ("inline", 0, 2), ("dt_close", -1, 1)):
                token = Token(kind, "dt" if nesting else "", nesting)
                token.level = opening.level + level
                token.block = True
                if kind == "inline":
                    token.content = _line(state, number).strip()
                    token.map = [number, number + 1]
                    token.children = []
                terms.append(token)
        state.tokens[first + 1 : first + 1] = terms
        return True

    return rule


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


PARSE_BLOCK_HTML = "kramdown_parse_block_html"  # the env key html_blocks.py reads
_PARSE_BLOCK_HTML = re.compile(r"""\bparse_block_html\s*=\s*(["']?)(true|false)\1""")


def _reset_options(state) -> None:
    state.env.pop(PARSE_BLOCK_HTML, None)  # each document (and excerpt) starts with none


def _options_line(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    line = _line(state, start)
    if state.sCount[start] - state.blkIndent >= 4 or not _OPTIONS.match(line):
        return False
    if not silent:
        if setting := _PARSE_BLOCK_HTML.search(line):
            state.env[PARSE_BLOCK_HTML] = setting[2] == "true"
        state.line = start + 1  # consumed, nothing rendered
    return True


def _marker_line(pattern: re.Pattern[str]) -> BlockRule:
    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if state.sCount[start] - state.blkIndent >= 4 or not pattern.match(_line(state, start)):
            return False
        if not silent:
            state.line = start + 1  # consumed, nothing rendered
        return True

    return rule


def _no_paren_lists(rule: BlockRule) -> BlockRule:
    def list_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if _PAREN_MARKER.match(_line(state, start)):
            return False
        return rule(state, start, end, silent)

    return list_rule
