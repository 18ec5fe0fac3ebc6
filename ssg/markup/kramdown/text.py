"""kramdown's text rules: abbreviations and typographic symbols.

`*[HTML]: Hyper Text Markup Language` defines an abbreviation for the whole document
(the line itself is not output): every `HTML` in the text that no ASCII letter, digit
or `_` touches becomes `<abbr title="…">HTML</abbr>` (so `HTML은` does, `XHTML` does not).
Typography as kramdown: `---` em dash, `--` en dash, `...` ellipsis, `<<` `>>` guillemets
(with a no-break space when written `<< x >>`), and quotes made curly by kramdown's own
context rules (not markdown-it's `smartquotes`, which leaves `"설치"를` and `'90s` straight).
Code, math and raw HTML are not text tokens, so they are left alone.
"""

from __future__ import annotations

import re

from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

_ABBR_DEFINITION = re.compile(r"\*\[(.+?)\]:(.*)")
_TYPOGRAPHY = re.compile(r"---|--|\.\.\.|<< | >>|<<|>>")
# kramdown's SQ_RULES (parser/kramdown/smart_quotes.rb), tried in order where a quote is
# found, with the character before it when that is in the same text run. Ruby's \w, \s
# and \d are ASCII; its \b, like Python's, is not.
_W, _S = "[A-Za-z0-9_]", r"[ \t\r\n\f\v]"
_PUNCT = r"""[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"""
_CLOSE = r"[^ \\\t\r\n\[{(-]"
_QUOTE_RULES = [
    (re.compile(r"""(["'])(?=[_*]{1,2}\S)"""), ("open",)),
    (re.compile(rf"""(["'])(?={_PUNCT}(?!\.\.)\B)"""), ("close",)),
    (re.compile(rf"""({_S}?)"'(?={_W})"""), (1, "\u201c", "\u2018")),
    (re.compile(rf"""({_S}?)'"(?={_W})"""), (1, "\u2018", "\u201c")),
    (re.compile(rf"({_S}?)'(?=[0-9][0-9]s)"), (1, "\u2019")),
    (re.compile(rf"""({_S})(['"])(?={_W})"""), (1, "open")),
    (re.compile(rf"""({_CLOSE})(['"])"""), (1, "close")),
    (re.compile(rf"""(["'])(?={_S}|s\b|$)""", re.MULTILINE), ("close",)),
    (re.compile(r"(.?)(')", re.DOTALL), (1, "open")),
    (re.compile(r'(.?)(")', re.DOTALL), (1, "open")),
]
_CURLY = {("open", "'"): "\u2018", ("close", "'"): "\u2019"}
_CURLY |= {("open", '"'): "\u201c", ("close", '"'): "\u201d"}
_QUOTE_AT = re.compile(r"""[^\\]?["']""")
_SYMBOLS = {
    "---": "\u2014",
    "--": "\u2013",
    "...": "\u2026",
    "<< ": "\u00ab\u00a0",
    " >>": "\u00a0\u00bb",
    "<<": "\u00ab",
    ">>": "\u00bb",
}


def abbreviation_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A `*[NAME]: title` line at the start of a block."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    text = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    m = _ABBR_DEFINITION.fullmatch(text)
    if m is None:
        return False
    if not silent:
        state.env.setdefault("kramdown_abbreviations", {})[m[1]] = m[2].strip()
        state.line = start + 1
    return True


def guillemets_rule(state: StateInline, silent: bool) -> bool:
    """`<<` is text (a guillemet, later), so `<<a>>` is not read as a `<a>` tag."""
    if not state.src.startswith("<<", state.pos):
        return False
    if not silent:
        state.pending += "<<"
    state.pos += 2
    return True


def abbreviations(children: list[Token], env: dict) -> list[Token]:
    """Wrap each defined abbreviation found in the text tokens in `abbr` tokens."""
    defined: dict[str, str] = env.get("kramdown_abbreviations") or {}
    if not defined:
        return children
    names = "|".join(re.escape(name) for name in sorted(defined, key=len, reverse=True))
    pattern = re.compile(rf"(?<![A-Za-z0-9_])(?:{names})(?![A-Za-z0-9_])")
    out: list[Token] = []
    for token in children:
        if token.type != "text" or not pattern.search(token.content):
            out.append(token)
            continue
        pos = 0
        for m in pattern.finditer(token.content):
            out.append(_text(token.content[pos : m.start()], token.level))
            opener = Token("abbr_open", "abbr", 1, level=token.level)
            opener.attrs["title"] = defined[m[0]]
            out += [opener, _text(m[0], token.level + 1), Token("abbr_close", "abbr", -1)]
            out[-1].level = token.level
            pos = m.end()
        out.append(_text(token.content[pos:], token.level))
    return [token for token in out if token.type != "text" or token.content]


def typography(children: list[Token]) -> None:
    """kramdown's curly quotes and typographic symbols in text, outside autolinks."""
    in_autolink = False
    for index, token in enumerate(children):
        if token.type in ("link_open", "link_close") and token.info == "auto":
            in_autolink = token.type == "link_open"
        elif token.type == "text" and not in_autolink:
            if "'" in token.content or '"' in token.content:
                after = "".join(_source(t) for t in children[index + 1 : index + 4])
                token.content = _smart_quotes(token.content, after)
            token.content = _TYPOGRAPHY.sub(lambda m: _SYMBOLS[m[0]], token.content)


def _smart_quotes(text: str, after: str) -> str:
    """Curl the quotes of a text run as kramdown does; `after` is what follows the run
    in the source, seen by the rules' look-ahead only."""
    src = text + after
    out, pos = [], 0
    while (found := _QUOTE_AT.search(src, pos, len(text))) is not None:
        out.append(text[pos : found.start()])
        m, parts = next(
            (m, parts) for rule, parts in _QUOTE_RULES if (m := rule.match(src, found.start()))
        )  # the last two rules match any quote
        group = 1
        for part in parts:
            if isinstance(part, int):
                out.append(m[part])
                group = part + 1
            elif part in ("open", "close"):
                out.append(_CURLY[part, m[group]])
            else:
                out.append(part)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _source(token: Token) -> str:
    """Roughly the Markdown a token came from (for the quote rules' look-ahead)."""
    if token.type == "text":
        return token.content
    if token.type == "code_inline":
        return token.markup + token.content + token.markup
    if token.type in ("softbreak", "hardbreak"):
        return "\n"
    return {"link_open": "[", "link_close": "](", "image": "!["}.get(token.type, token.markup)


def _text(content: str, level: int) -> Token:
    token = Token("text", "", 0, level=level)
    token.content = content
    return token
