"""kramdown math: where kramdown finds it (written by `mathml`, as MathML or for KaTeX).

`$$…$$` standing as a block of its own (a blank line or the container's edge on both
sides) is display math; anywhere else it is inline math (kramdown has no single-`$`
math). Also taken as math, though kramdown reads them as escaped brackets: `\\(…\\)`
(and `\\\\(…\\\\)`) inline, and a paragraph that is only `\\[…\\]` (or `\\\\[…\\\\]`) as
display math; a `\\[x\\]` inside a sentence stays an escaped bracket, as it is often meant
to be. Nothing inside math is emphasis, escape or typography. The rules are the default
flavor's (`ssg.markup.math`) with kramdown's delimiters.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from ssg.markup import math, mathml

__all__ = [
    "display_paragraphs",
    "math_block_rule",
    "math_inline_rule",
    "render_math_block",
    "render_math_inline",
    "uses_math",
]

_DISPLAY_PARAGRAPH = re.compile(r"(\\?)\\\[(?P<tex>.+)\1\\\]", re.DOTALL)

math_block_rule = math.math_block_rule
math_inline_rule = math.delimited_rule(("$$", "$$"), ("\\\\(", "\\\\)"), ("\\(", "\\)"))
render_math_block = mathml.render_block
render_math_inline = mathml.render_inline


def display_paragraphs(tokens: list[Token]) -> list[Token]:
    """A paragraph that is only `\\[…\\]` becomes display math (run before inline parsing);
    an IAL on the paragraph stays with it."""
    out = math.display_paragraphs(tokens, _DISPLAY_PARAGRAPH)
    for token in out:
        if token.type == "math_block" and token.markup == "\\[" and token.attrs:
            token.meta["kramdown_attrs"] = {k: str(v) for k, v in token.attrs.items()}
            token.attrs = {}
    return out


def uses_math(tokens: list[Token]) -> bool:
    """Whether a parsed document holds math (so the page needs MathJax or KaTeX)."""
    return any(
        token.type in ("math_block", "math_inline") or uses_math(token.children or [])
        for token in tokens
    )
