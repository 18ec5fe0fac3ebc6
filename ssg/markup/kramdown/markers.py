"""kramdown's block markers that CommonMark reads differently.

- A line holding only `^` ends the block before it (kramdown's end-of-block marker) and is
  not shown.
- `{::options key="value" /}` is a parser setting: it is dropped, never printed (ssg applies
  none of them; `parse_block_html` is what the HTML block rule already does with
  `markdown="1"`).
- `1)` is no list marker in kramdown, which numbers lists only as `1.`: `- 1) text` stays a
  bullet whose text starts with `1)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

__all__ = ["use"]

_END_OF_BLOCK = re.compile(r"\^[ \t]*$")
_OPTIONS = re.compile(r"\{::options\b[^}\n]*/\}[ \t]*$")
_PAREN_MARKER = re.compile(r"\d{1,9}\)")

BlockRule = Callable[[StateBlock, int, int, bool], bool]


def use(md: MarkdownIt) -> None:
    block = md.block.ruler
    interrupts = {"alt": ["paragraph", "list", "blockquote"]}
    block.before("fence", "kramdown_end_of_block", _marker_line(_END_OF_BLOCK), interrupts)
    block.before("fence", "kramdown_options", _marker_line(_OPTIONS), interrupts)
    original = block.__rules__[block.__find__("list")]
    block.at("list", _no_paren_lists(original.fn), {"alt": list(original.alt)})


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


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
