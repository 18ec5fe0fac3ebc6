"""Reading time: words and minutes, counting Hangul and other CJK text by characters."""

from __future__ import annotations

import re

from markdown_it.token import Token

_HANGUL_OR_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]")
_LATIN_WORD = re.compile(r"[^\W\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]+")


def reading_time(tokens: list[Token]) -> tuple[int, int]:
    """Words and minutes: ~230 English words or ~500 Hangul/CJK characters a minute."""
    prose = []
    code_words = 0
    for token in tokens:
        if token.type == "inline":
            prose.extend(c.content for c in token.children or () if c.type == "text")
        elif token.type in ("fence", "code_block"):
            code_words += len(token.content.split()) // 2  # code is skimmed, not read
    text = " ".join(prose)
    cjk = len(_HANGUL_OR_CJK.findall(text))
    latin = len(_LATIN_WORD.findall(text)) + code_words
    minutes = max(1, round(latin / 230 + cjk / 500))
    return latin + cjk, minutes


def search_text(tokens: list[Token]) -> str:
    """The words a reader could search the page for: its prose, inline code and code blocks
    (identifiers are looked up too), one space between pieces."""
    pieces = []
    for token in tokens:
        if token.type == "inline":
            pieces.extend(
                c.content for c in token.children or () if c.type in ("text", "code_inline")
            )
        elif token.type in ("fence", "code_block"):
            pieces.append(token.content)
    return " ".join(pieces)
