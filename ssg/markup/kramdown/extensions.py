"""kramdown's extensions `{::comment}…{:/comment}` and `{::nomarkdown}…{:/nomarkdown}`.

A comment becomes an HTML comment (`<!-- … -->`: not shown, as kramdown writes it); the text
of `nomarkdown` is written as it is, without Markdown. Both work as blocks (the start tag
opens a line, the end tag, `{:/comment}` or just `{:/}`, ends one) and inside a paragraph.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

__all__ = ["use"]

_START = re.compile(r"\{::(comment|nomarkdown)\}")
_SPAN = re.compile(r"\{::(comment|nomarkdown)\}(.*?)\{:/(?:\1)?\}", re.DOTALL)


def use(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "fence", "kramdown_extension", _block, {"alt": ["paragraph", "list", "blockquote"]}
    )
    md.inline.ruler.before("html_inline", "kramdown_extension_span", _span)


def _html(name: str, text: str) -> str:
    return f"<!-- {text} -->" if name == "comment" else text


def _block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = state.bMarks[start] + state.tShift[start]
    opening = _START.match(state.src, first, state.eMarks[start])
    if opening is None:
        return False
    name = opening[1]
    closing = re.compile(rf"\{{:/(?:{name})?\}}[ \t]*$")
    for line in range(start, end):
        begin = opening.end() if line == start else state.bMarks[line] + state.tShift[line]
        text = state.src[begin : state.eMarks[line]]
        found = closing.search(text)
        if found is None:
            if line > start and state.sCount[line] < state.blkIndent and not state.isEmpty(line):
                return False  # the container ended first: not a block extension
            continue
        if silent:
            return True
        if line == start:
            body = text[: found.start()]
        else:  # the lines between, without the container's indentation
            first_rest = state.src[opening.end() : state.eMarks[start]]
            middle = state.getLines(start + 1, line, state.blkIndent, False)
            body = f"{first_rest}\n{middle}{text[: found.start()]}"
        body = body.strip("\n")
        token = state.push("html_block", "", 0)
        token.content = _html(name, body) + "\n"
        token.map = [start, line + 1]
        state.line = line + 1
        return True
    return False


def _span(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("{::", state.pos):
        return False
    found = _SPAN.match(state.src, state.pos)
    if found is None:
        return False
    if not silent:
        token = state.push("html_inline", "", 0)
        token.content = _html(found[1], found[2])
    state.pos = found.end()
    return True
