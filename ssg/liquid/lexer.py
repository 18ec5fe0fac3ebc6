"""Tokens of a Jekyll template: the lexer, the line a token is on, a tag's markup.

The lexer is python-liquid 2.3's with one change: `{% highlight %}` swallows its body
(see `_RULES`), so the body of Jekyll 4's raw highlight block is never lexed as Liquid.

Its rules search from every opening `{{`, `{%`, `{% raw %}` or `{% highlight %}` to the
closing delimiter, so each opener with no closer after it reads to the end of the text:
`{{` x 8,000 took 23 s. `tokenize` counts those openers first (one linear pass) and
refuses a text with more than `MAX_UNCLOSED` of them as the syntax error it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from liquid.exceptions import LiquidSyntaxError
from liquid.lex import _compile_rules, _tokenize_template
from liquid.stream import TokenStream
from liquid.token import (
    TOKEN_CONTENT,
    TOKEN_EOF,
    TOKEN_EXPRESSION,
    TOKEN_OUTPUT,
    TOKEN_TAG,
    Token,
)

__all__ = ["MAX_UNCLOSED", "tag_markup", "token_line", "tokenize"]

MAX_UNCLOSED = 64  # openers with no closer after them: each costs a read to the end

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
    """The Jekyll environment's lexer (see `_RULES`); refuses a text whose unclosed
    openers would make it quadratic (see the module docstring)."""
    _refuse_unclosed(source)
    return _tokenize_template(source, _RULES)


# (opener, closer, what the closer is called): a rule that starts at an opener scans
# forward for its closer.
_PAIRS = (
    (re.compile(r"\{\{"), re.compile(r"\}\}"), "}}"),
    (re.compile(r"\{%"), re.compile(r"%\}"), "%}"),
    (re.compile(r"\{%-?\s*raw\s*-?%\}"), re.compile(r"\{%-?\s*endraw"), "{% endraw %}"),
    (re.compile(r"\{%-?\s*doc\s*-?%\}"), re.compile(r"\{%-?\s*enddoc"), "{% enddoc %}"),
    (
        re.compile(r"\{%-?\s*highlight\b"),
        re.compile(r"\{%-?\s*endhighlight\b"),
        "{% endhighlight %}",
    ),
)


def _refuse_unclosed(source: str) -> None:
    """Raise a syntax error at the first opener when more than `MAX_UNCLOSED` openers of
    one kind have no closer anywhere after them."""
    for opener, closer, name in _PAIRS:
        tail = max((found.end() for found in closer.finditer(source)), default=0)
        unclosed = opener.finditer(source, tail)
        first = next(unclosed, None)
        if first is None or sum(1 for _ in unclosed) < MAX_UNCLOSED:
            continue
        raise LiquidSyntaxError(
            f"{first.group()!r} is never closed with {name!r} (and more than "
            f"{MAX_UNCLOSED} others after it)",
            token=Token(TOKEN_EOF, first.group(), start_index=first.start(), source=source),
        )


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
