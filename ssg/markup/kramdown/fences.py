"""kramdown's fenced code keeps its lines as written, inside their container.

CommonMark removes the fence's own indentation from every line of an indented fence (a
fence indented 1 space inside a list item loses 1 space from each code line); kramdown
(kramdown-parser-gfm, what Jekyll runs) takes the lines verbatim once the container's
indentation (the list item's content column, with TABs expanded to the next multiple of 4)
is removed. `use(md)` wraps markdown-it's `fence` rule to give its token those lines.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

__all__ = ["use"]

BlockRule = Callable[[StateBlock, int, int, bool], bool]


def use(md: MarkdownIt) -> None:
    block = md.block.ruler
    original = block.__rules__[block.__find__("fence")]
    block.at("fence", _verbatim(original.fn), {"alt": list(original.alt)})


def _verbatim(rule: BlockRule) -> BlockRule:
    def fence(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        count = len(state.tokens)
        matched = rule(state, start, end, silent)
        if not matched or silent:
            return matched
        own_indent = state.sCount[start] - state.blkIndent
        token = state.tokens[-1] if len(state.tokens) > count else None
        if own_indent <= 0 or token is None or token.type != "fence" or token.map is None:
            return True
        first, after = token.map
        last = after - 1 if _closes(state, after - 1, token.markup, first) else after
        token.content = state.getLines(first + 1, last, state.blkIndent, True)
        return True

    return fence


def _closes(state: StateBlock, line: int, markup: str, opening: int) -> bool:
    """Whether `line` is the fence's closing line (its markup and nothing else)."""
    if line <= opening:
        return False
    text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].rstrip()
    return len(text) >= len(markup) and set(text) == {markup[0]}
