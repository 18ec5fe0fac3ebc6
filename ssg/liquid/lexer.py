"""Tokens of a Jekyll template: the lexer, the line a token is on, a tag's markup.

The lexer is python-liquid 2.3's with one change: `{% highlight %}` swallows its body
(see `_RULES`), so the body of Jekyll 4's raw highlight block is never lexed as Liquid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from liquid.lex import _compile_rules, _tokenize_template
from liquid.stream import TokenStream
from liquid.token import TOKEN_CONTENT, TOKEN_EXPRESSION, TOKEN_OUTPUT, TOKEN_TAG, Token

__all__ = ["tag_markup", "token_line", "tokenize"]

# python-liquid 2.3's template rules, with one change: `{% highlight %}` swallows its
# body up to `{% endhighlight` into the tag's expression, so the body is never lexed
# as Liquid (Jekyll 4's highlight is a raw block). Without an end tag, it stays a
# plain tag and its parse reports the missing `{% endhighlight %}`.
_RULES = _compile_rules(
    [
        ("RAW", r"\{%-?\s*raw\s*(?P<rsr>-?)%\}(?P<raw>.*?)\{%-?\s*endraw\s*(?P<rsr_e>-?)%\}"),
        ("DOC", r"\{%-?\s*doc\s*(?P<lsd>-?)%\}(?P<doc>.*?)\{%-?\s*enddoc\s*(?P<rsd>-?)%\}"),
        (TOKEN_OUTPUT, r"\{\{-?\s*(?P<stmt>(?:(?!-?\}\})[\s\S])*(?<!\s))\s*(?P<rss>-?)\}\}"),
        (
            "TAG",
            r"\{%-?\s*(?P<name>#|highlight\b(?P<hl>)|\w+)\s*"
            r"(?P<expr>(?:(?!-?%\})[\s\S])*(?<!\s)"
            r"(?(hl)\s*-?%\}[\s\S]*?\{%-?\s*endhighlight\b))"
            r"\s*(?P<rst>-?)%\}",
        ),
        (TOKEN_CONTENT, r".+?(?=((\{%|\{\{)(?P<rstrip>-?))|$)"),
    ]
)


def tokenize(source: str) -> Iterable[Token]:
    """The Jekyll environment's lexer (see `_RULES`)."""
    return _tokenize_template(source, _RULES)


def token_line(token: Token) -> int:
    """1-based line of `token` in its source; for a tag, the line of its `{%`."""
    source, index = token.source, token.start_index
    if index < 0:
        return 1
    if token.kind == TOKEN_TAG:
        opening = source.rfind("{%", 0, index)
        if opening != -1 and _TAG_HEAD.fullmatch(source, opening, index):
            index = opening
    return source.count("\n", 0, index) + 1


_TAG_HEAD = re.compile(r"\{%-?\s*")


def tag_markup(stream: TokenStream) -> str:
    """The tag's expression text ("" when there is none); leaves the stream on it."""
    if stream.peek.kind != TOKEN_EXPRESSION:
        return ""
    next(stream)
    return stream.current.value
