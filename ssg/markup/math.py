"""Math in the default flavor: `$…$`, `$$…$$`, `\\(…\\)` and `\\[…\\]`, as markdown-it rules
(written by `mathml`, as MathML or for KaTeX). `use(md)` installs them.

`$…$` is mdit_py_plugins' dollarmath rule with pandoc's conditions, so prices and shell
variables stay text: the opening `$` has no space after it and no digit before it, the
closing `$` no space before it and no digit after it (`$5`, `$HOME`, `$1 and $2`,
`costs $5 to $10` are text; `$x$`, `the $n$th` are math); `\\$` is a dollar sign.
`$$…$$` inside a paragraph is display math there. Code spans and code blocks are never
math, nor is anything inside a formula emphasis or an escape.

A `$$` that starts a block and ends a line followed by a blank line (or its container's
end) is a display block: the plugin's own block rule swallows the next list item of
`- $$` and reads to the end of a list from every item, so the rule is kramdown's (the
same one `kramdown/math.py` uses). `\\(…\\)` is inline math; `\\[…\\]` is display math
when it is a paragraph of its own, and an escaped bracket anywhere else (`\\[1\\]`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath.index import math_inline_dollar

from ssg.markup import mathml
from ssg.markup.scan import find_from

__all__ = ["delimited_rule", "display_paragraphs", "math_block_rule", "use"]

InlineRule = Callable[[StateInline, bool], bool]

_DISPLAY_PARAGRAPH = re.compile(r"\\\[(?P<tex>.+)\\\]", re.DOTALL)


def use(md: MarkdownIt) -> None:
    md.block.ruler.before("fence", "math_block", math_block_rule)
    dollars = math_inline_dollar(allow_space=False, allow_digits=False, allow_double=True)
    md.inline.ruler.before("escape", "math_inline", within_label(dollars))
    md.inline.ruler.before("escape", "math_brackets", delimited_rule(("\\(", "\\)")))
    md.core.ruler.after("block", "math_paragraphs", _display_paragraphs)
    md.add_render_rule("math_block", mathml.render_block)
    md.add_render_rule("math_inline", mathml.render_inline)
    md.add_render_rule("math_inline_double", mathml.render_inline_display)


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
        return False  # a blank line after display math, as kramdown wants
    if silent:
        return True
    body = state.getLines(start, line + 1, state.blkIndent, False).strip()
    token = state.push("math_block", "div", 0)
    token.content = body[2:-2].strip()
    token.markup = "$$"
    token.map = [start, line + 1]
    state.line = line + 1
    return True


def delimited_rule(*delimiters: tuple[str, str]) -> InlineRule:
    """An inline rule for math between each (opener, closer) pair, tried in order; the
    text between them, stripped, is the formula (nothing: no math)."""
    pairs = tuple((o, c, re.compile(re.escape(c))) for o, c in delimiters)

    def rule(state: StateInline, silent: bool) -> bool:
        src, pos = state.src, state.pos
        for opener, closer, closing in pairs:
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

    return rule


def within_label(rule: InlineRule) -> InlineRule:
    """`rule`, refused when its match would end past the end of the text being parsed (a
    link's label: `[a $b](x) c$`); the plugin's rule looks at the whole paragraph."""

    def bounded(state: StateInline, silent: bool) -> bool:
        if state.posMax == len(state.src):
            return rule(state, silent)
        pos = state.pos
        if not rule(state, True):
            return False
        reach, state.pos = state.pos, pos
        return reach <= state.posMax and (silent or rule(state, False))

    return bounded


def _display_paragraphs(state) -> None:
    state.tokens = display_paragraphs(state.tokens)


def display_paragraphs(tokens: list[Token], pattern: re.Pattern[str] = _DISPLAY_PARAGRAPH):
    """A paragraph that is only `\\[…\\]` (the `pattern`, whose group `tex` is the formula)
    becomes display math, keeping the paragraph's attributes and meta (run before inline
    parsing)."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        m = None
        if token.type == "paragraph_open" and i + 2 < len(tokens):
            m = pattern.fullmatch(tokens[i + 1].content.strip())
        if m is None or "\\]" in m["tex"]:
            out.append(token)
            i += 1
            continue
        math = Token("math_block", "div", 0, map=token.map, level=token.level, block=True)
        math.markup = "\\["
        math.content = m["tex"].strip()
        math.meta, math.attrs = token.meta, token.attrs
        out.append(math)
        i += 3
    return out
