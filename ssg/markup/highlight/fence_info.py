"""Fence info strings: the words after a code fence's backticks, read as a `FenceInfo`.

`parse_fence_info(info)` understands four dialects at once and never fails (unknown words
are ignored):

- plain/GFM-ish: ``python``, ``python {3,5-7}``, ``python{3,5-7}``, ``python title="app.py"``,
  ``python linenos``, ``linenos=true``, ``linenos start=10``, ``linenostart=10``, and
  ``js:app.js`` (the title after the colon);
- Hugo: ``go {linenos=table,hl_lines=[2,"5-6"],linenostart=199}``;
- MkDocs: ``py linenums="10" hl_lines="2 3"``;
- Pandoc: ``{.python .numberLines startFrom="10"}``; and ``showLineNumbers{10}``.

Highlighted lines count from the block's first line (= 1), whatever the start line says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FenceInfo", "parse_fence_info"]

# Line numbers above this are ignored in `{…}`/hl_lines (a typo like `1-99999999`
# must not build a huge set).
_MAX_LINE = 100_000


@dataclass(frozen=True, slots=True)
class FenceInfo:
    lang: str = ""  # as written ("" when none); resolve with the alias table
    highlight_lines: frozenset[int] = frozenset()  # 1 = first line of the block
    title: str | None = None
    linenos: bool = False
    linenos_start: int = 1


# The language word: up to whitespace, `{` (``python{3}``) or `:` (``js:app.js``).
_LEAD = re.compile(r"(?P<lang>[^\s{:]+)(?::(?P<title>[^\s{]+))?")
_ATTR = re.compile(
    r"""
      (?P<sep>[\s,;]+)
    | (?P<open>\{)
    | (?P<close>\})
    | (?P<key>[A-Za-z_][\w.-]*)\s*=\s*
      (?P<val>"[^"]*"|'[^']*'|\[[^\]]*\]|\{[^}]*\}|[^\s,;{}]*)
    | (?P<range>\d+(?:-\d+)?)(?=[\s,;{}]|$)
    | (?P<word>[^\s,;{}]+)
    """,
    re.VERBOSE,
)
_RANGE = re.compile(r"(\d+)(?:\s*-\s*(\d+))?")
_START_SUFFIX = re.compile(r"\{(\d+)\}")  # showLineNumbers{10}
_TITLE_KEYS = frozenset({"title", "filename", "file"})
_HL_KEYS = frozenset({"hl_lines", "hllines", "hl", "highlight", "mark"})
_START_KEYS = frozenset({"linenostart", "linenos_start", "start", "startfrom", "start_line"})
_LINENOS_WORDS = frozenset(
    {"linenos", "linenums", "showlinenumbers", "numberlines", "number_lines", "line_numbers"}
)
_FALSE_WORDS = frozenset({"", "0", "false", "no", "off", "none"})


def _norm_key(word: str) -> str:
    return word.lower().replace("-", "_")


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value.strip("\"'")


def _add_ranges(text: str, into: set[int]) -> None:
    for m in _RANGE.finditer(text):
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        if first > last:
            first, last = last, first
        first, last = max(first, 1), min(last, _MAX_LINE)
        into.update(range(first, last + 1))


def parse_fence_info(info: str) -> FenceInfo:
    """Parse a fence info string; never fails (unknown words are ignored).

    Accepted: ``python``, ``python {3,5-7}``, ``python{3,5-7}``, ``python title="app.py"``,
    ``python title='app.py' linenos``, ``python {hl_lines="3 5-7"}``, ``linenos=true``,
    ``linenos start=10``, ``linenostart=10``, ``{.python}``, ``js:app.js`` (title after
    the colon), Hugo ``{linenos=table,hl_lines=[2,"5-6"],linenostart=199}``, MkDocs
    ``linenums="10" hl_lines="2 3"``, Pandoc ``{.python .numberLines startFrom="10"}``,
    ``showLineNumbers{10}``. A start line (``linenostart``, ``start``, ``linenums="N"``)
    turns line numbers on unless ``linenos=false`` is given too.
    """
    text = info.strip()
    lang = ""
    title: str | None = None
    pos = 0
    lead = _LEAD.match(text)
    if lead and "=" not in lead.group("lang"):
        lang = lead.group("lang")
        title = lead.group("title")
        pos = lead.end()

    lines: set[int] = set()
    linenos: bool | None = None
    start: int | None = None
    depth = 0
    end = len(text)
    while pos < end:
        m = _ATTR.match(text, pos)
        if m is None:  # unbalanced quote etc.: skip one character
            pos += 1
            continue
        pos = m.end()
        kind = m.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "range":
            if depth:
                _add_ranges(m.group("range"), lines)
        elif kind == "val":  # key=value (the last group of that alternative)
            key = _norm_key(m.group("key"))
            value = _unquote(m.group("val"))
            if key in _TITLE_KEYS:
                title = value
            elif key in _HL_KEYS:
                _add_ranges(value, lines)
            elif key == "linenos":
                linenos = value.lower() not in _FALSE_WORDS
            elif key == "linenums":  # MkDocs: the value is the first number
                if value.isdigit():
                    linenos, start = True, int(value)
                else:
                    linenos = value.lower() not in _FALSE_WORDS
            elif key in _START_KEYS and value.isdigit():
                start = int(value)
        elif kind == "word":
            word = m.group("word")
            if word.startswith("."):  # Pandoc class: first one is the language
                name = word[1:]
                if _norm_key(name) in _LINENOS_WORDS:
                    linenos = True
                elif not lang and name:
                    lang = name
            elif _norm_key(word) in _LINENOS_WORDS:
                linenos = True
                suffix = _START_SUFFIX.match(text, pos)
                if suffix:
                    start = int(suffix.group(1))
                    pos = suffix.end()
    if start is not None and linenos is None:
        linenos = True
    return FenceInfo(
        lang=lang,
        highlight_lines=frozenset(lines),
        title=title or None,
        linenos=bool(linenos),
        linenos_start=1 if start is None else start,
    )
