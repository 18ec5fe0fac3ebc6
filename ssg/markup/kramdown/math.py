"""kramdown math, kept intact for MathJax or KaTeX in the browser.

`$$…$$` standing as a block of its own (a blank line or the container's edge on both
sides) is display math; anywhere else it is inline math. kramdown writes display math
as `\\[…\\]` and inline math as `\\(…\\)`; so do we, display math inside
`<div class="math">` (same visible text; something for the theme to style). Also taken
as math, though kramdown reads them as escaped brackets: `\\(…\\)` (and `\\\\(…\\\\)`)
inline, and a paragraph that is only `\\[…\\]` (or `\\\\[…\\\\]`) as display math; a
`\\[x\\]` inside a sentence stays an escaped bracket, as it is often meant to be.
Nothing inside math is emphasis, escape or typography.
"""

from __future__ import annotations

import html
import re

from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from ssg.markup.scan import find_from

_DISPLAY_PARAGRAPH = re.compile(r"(\\?)\\\[(.+)\1\\\]", re.DOTALL)


def math_block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """`$$ … $$` from the start of a block to the end of a line followed by a blank
    line (or the end of the container)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("$$", first):
        return False
    line, pos = start, first + 2
    while True:
        if line >= end:
            return False
        if line > start:
            if state.sCount[line] < state.blkIndent and not state.isEmpty(line):
                return False  # the container ended first
            pos = state.bMarks[line] + state.tShift[line]
        close = state.src.find("$$", pos, state.eMarks[line])
        if close != -1:
            break
        line += 1
    if state.src[close + 2 : state.eMarks[line]].strip():
        return False  # text after the closing `$$`: inline math in a paragraph
    if line + 1 < end and not state.isEmpty(line + 1):
        return False  # kramdown wants a blank line after display math
    if silent:
        return True
    body = state.getLines(start, line + 1, state.blkIndent, False).strip()
    token = state.push("math_block", "div", 0)
    token.content = body[2:-2].strip()
    token.markup = "$$"
    token.map = [start, line + 1]
    state.line = line + 1
    return True


_INLINE = tuple(
    (opener, closer, re.compile(re.escape(closer)))
    for opener, closer in (("$$", "$$"), ("\\\\(", "\\\\)"), ("\\(", "\\)"))
)


def math_inline_rule(state: StateInline, silent: bool) -> bool:
    """`$$…$$`, `\\(…\\)` and `\\\\(…\\\\)` inside a paragraph."""
    src, pos = state.src, state.pos
    for opener, closer, closing in _INLINE:
        if src.startswith(opener, pos):
            close = find_from(state, closing, pos + len(opener))  # read once, not per opener
            if close == -1 or close + len(closer) > state.posMax:
                return False
            if not src[pos + len(opener) : close].strip():
                return False
            if not silent:
                token = state.push("math_inline", "", 0)
                token.content = src[pos + len(opener) : close].strip()
                token.markup = opener
            state.pos = close + len(closer)
            return True
    return False


def display_paragraphs(tokens: list[Token]) -> list[Token]:
    """A paragraph that is only `\\[…\\]` becomes display math (run before inline parsing)."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        m = None
        if token.type == "paragraph_open" and i + 2 < len(tokens):
            m = _DISPLAY_PARAGRAPH.fullmatch(tokens[i + 1].content.strip())
        if m is None or "\\]" in m[2]:
            out.append(token)
            i += 1
            continue
        math = Token("math_block", "div", 0, map=token.map, level=token.level, block=True)
        math.markup = "\\["
        math.content = m[2].strip()
        math.meta = token.meta  # an IAL on the paragraph stays with it
        if token.attrs:
            math.meta["kramdown_attrs"] = {k: str(v) for k, v in token.attrs.items()}
        out.append(math)
        i += 3
    return out


def render_math_block(self, tokens, idx, options, env) -> str:
    return f'<div class="math">\\[{html.escape(tokens[idx].content, quote=False)}\\]</div>\n'


def render_math_inline(self, tokens, idx, options, env) -> str:
    return f"\\({html.escape(tokens[idx].content, quote=False)}\\)"


def uses_math(tokens: list[Token]) -> bool:
    """Whether a parsed document holds math (so the page needs MathJax or KaTeX)."""
    return any(
        token.type in ("math_block", "math_inline") or uses_math(token.children or [])
        for token in tokens
    )
