"""Pygments adapter for fenced code blocks (called by the Markdown fence renderer).

Public API
----------
- `parse_fence_info(info)` turns a fence's info string into a `FenceInfo`.
- `render_code_block(code, info, path=..., line=...)` returns `(html, diagnostics)`.
- `stylesheet(light, dark)` returns the token CSS for both colour schemes.

Markup of one block (class names are a contract with the theme's CSS and JS)::

    <figure class="code-block" data-lang="python">
    <figcaption class="code-title">app.py</figcaption>
    <div class="highlight"><pre tabindex="0"><code class="language-python">…</code></pre></div>
    </figure>

- `data-lang` is the language as the author wrote it; it is omitted when the fence
  has no language. The figcaption is present only when the fence has a title.
- Tokens are `<span class="k">` etc. (Pygments' short CSS class names, no inline styles).
- A highlighted line is wrapped as `<span class="hll">line\\n</span>` (the newline is
  inside the span, as Pygments does it, so `.hll { display: block }` works).
  Highlighted lines are counted from the block's first line (= 1), like Pygments,
  Hugo and MkDocs, whatever `linenostart` says.
- Line numbers are empty elements, first thing on each line (inside `.hll`):
  `<span class="ln" aria-hidden="true" data-line="12"></span>`. The number is not
  text in the document, so it is neither selected, copied, read aloud nor part of
  `code.textContent`/`innerText` (the copy button gets exactly the code). The theme
  must display it with CSS, for instance::

      .highlight .ln::before { content: attr(data-line); display: inline-block;
                               min-width: 3ch; margin-right: 1em; text-align: right;
                               user-select: none; }

- Spans never cross a line break: Pygments' HTML formatter closes a token's span at
  the end of every line and reopens it on the next, so each line is well-formed HTML
  on its own and can be wrapped.
- `{` and `}` in code and titles are written as `&#123;`/`&#125;`, so a later template
  pass (Jinja, Liquid) cannot evaluate `{{ … }}` or `{% … %}` shown in a post.
- The text of `<code>` is the block's code with CRLF/CR turned into LF and without the
  final newline; leading blank lines, tabs and trailing blank lines are kept (when the
  code ends with a blank line the final newline stays: a browser does not show the
  last line of a `<pre>` when it is empty).

The stylesheet never sets `.highlight`'s background (the theme owns block backgrounds:
`LIGHT_BACKGROUND`/`DARK_BACKGROUND` below must match it); it sets token colours, the
base text colour when the style has one, and the `.hll` background. Dark rules apply
under `@media (prefers-color-scheme: dark)` unless `<html data-theme="light">`, and
always under `<html data-theme="dark">`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from pygments import format as pygments_format
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.styles import get_all_styles, get_style_by_name
from pygments.token import Token, Whitespace
from pygments.util import ClassNotFound

from ssg.errors import Diagnostic, warning

__all__ = [
    "DARK_BACKGROUND",
    "DEFAULT_DARK_STYLE",
    "DEFAULT_LIGHT_STYLE",
    "LANGUAGE_ALIASES",
    "LIGHT_BACKGROUND",
    "FenceInfo",
    "contrast_ratio",
    "parse_fence_info",
    "render_code_block",
    "stylesheet",
    "worst_contrast",
]

# Code-block backgrounds set by the theme CSS; used to choose the `.hll` colours and,
# in the tests, to check that the default styles pass WCAG AA (4.5:1) on them.
LIGHT_BACKGROUND = "#f6f8fa"
DARK_BACKGROUND = "#161b22"
# Worst token contrast, measured with Pygments 2.21: xcode 4.76 on the light
# background, github-dark 4.78 on the dark one (friendly is 1.8-2.4, monokai 4.61).
DEFAULT_LIGHT_STYLE = "xcode"
DEFAULT_DARK_STYLE = "github-dark"
AA_CONTRAST = 4.5

# Line numbers above this are ignored in `{…}`/hl_lines (a typo like `1-99999999`
# must not build a huge set).
_MAX_LINE = 100_000


# --------------------------------------------------------------------------- fence info


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


# --------------------------------------------------------------------------- languages

_PLAIN = "plain"
# Lower-cased fence language -> Pygments alias (or _PLAIN: escaped, no highlighting).
# Anything not listed is looked up in Pygments as written (lower-cased).
LANGUAGE_ALIASES: dict[str, str] = {
    "sh": "bash",
    "shell": "bash",
    "zsh": "bash",
    "bash": "bash",
    "console": "console",  # BashSessionLexer: `$ ` prompts and output
    "shell-session": "console",
    "shellsession": "console",
    "yml": "yaml",
    "yaml": "yaml",
    "dockerfile": "docker",
    "docker": "docker",
    "c#": "csharp",
    "cs": "csharp",
    "csharp": "csharp",
    "c++": "cpp",
    "cpp": "cpp",
    "js": "javascript",
    "javascript": "javascript",
    "ts": "typescript",
    "typescript": "typescript",
    "md": "markdown",
    "markdown": "markdown",
    "txt": _PLAIN,
    "text": _PLAIN,
    "plaintext": _PLAIN,
    "plain": _PLAIN,
    "none": _PLAIN,
    "py": "python",
    "python": "python",
    "golang": "go",
    "go": "go",
    "jsx": "jsx",
    "tsx": "tsx",
    "ps1": "powershell",
    "powershell": "powershell",
    "pwsh": "powershell",
    "kt": "kotlin",
    "kotlin": "kotlin",
    "rs": "rust",
    "rust": "rust",
    "rb": "ruby",
    "ruby": "ruby",
    "html": "html",
    "xml": "xml",
    "json": "json",
    "jsonc": "json",
    "sql": "sql",
    "diff": "diff",
    "patch": "diff",
    "ini": "ini",
    "toml": "toml",
    "nginx": "nginx",
}

# Used when the installed Pygments lacks the lexer (JSX/TSX lexers are recent).
_FALLBACKS = {"jsx": "javascript", "tsx": "typescript"}

# Lower-cased fence language -> lexer, None for unknown (lookups are slow-ish and
# lexers are reusable). Plain languages never get here.
_LEXERS: dict[str, Lexer | None] = {}


def _lexer_for(lang_key: str) -> Lexer | None:
    try:
        return _LEXERS[lang_key]
    except KeyError:
        pass
    name = LANGUAGE_ALIASES.get(lang_key, lang_key)
    lexer = None
    for candidate in (name, _FALLBACKS.get(name)):
        if candidate is None:
            break
        try:
            lexer = get_lexer_by_name(candidate, stripnl=False, ensurenl=True)
            break
        except ClassNotFound:
            continue
    _LEXERS[lang_key] = lexer
    return lexer


# --------------------------------------------------------------------------- rendering

# One shared formatter: nowrap, CSS classes; no per-block options (hll and line
# numbers are added here, line by line), so its span cache is reused across blocks.
_FORMATTER = HtmlFormatter(nowrap=True)
_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})
_WHITESPACE_SPAN = re.compile(r'<span class="w">([^<]*)</span>')  # unstyled: drop the span


def _escape(text: str) -> str:
    return escape(text, quote=True).translate(_BRACES)


def _code_lines(code: str, lexer: Lexer | None) -> list[str]:
    """HTML of each line, no separators; spans are closed at every line end."""
    if lexer is None:
        return _escape(code).split("\n")
    # Our own final newline (so the lexer adds none and a trailing blank line of the
    # code survives); the formatter ends every line with "\n", this one included.
    html = pygments_format(lexer.get_tokens(code + "\n"), _FORMATTER).translate(_BRACES)
    html = _WHITESPACE_SPAN.sub(r"\1", html)
    return html[:-1].split("\n")


def _wrap_lines(lines: list[str], fence: FenceInfo) -> str:
    hl = fence.highlight_lines
    number = fence.linenos_start if fence.linenos else None
    out = []
    last = len(lines) - 1
    for i, body in enumerate(lines):
        if number is not None:
            body = f'<span class="ln" aria-hidden="true" data-line="{number + i}"></span>{body}'
        if i + 1 in hl:  # the newline stays outside, so copied text gains no blank line
            body = f'<span class="hll">{body}</span>'
        if i != last:
            body += "\n"
        out.append(body)
    return "".join(out)


def render_code_block(
    code: str, info: str, *, path: str, line: int | None
) -> tuple[str, list[Diagnostic]]:
    """Render one fenced block's code as highlighted HTML (see the module docstring).

    `path`/`line` locate the fence for the "unknown code language" warning.
    """
    fence = parse_fence_info(info)
    diagnostics: list[Diagnostic] = []
    code = code.replace("\r\n", "\n").replace("\r", "\n")
    code = code.removesuffix("\n")

    lang = fence.lang
    lang_key = lang.lower()
    lexer = None
    if lang_key and LANGUAGE_ALIASES.get(lang_key) != _PLAIN:
        lexer = _lexer_for(lang_key)
        if lexer is None:
            diagnostics.append(
                warning(path, line, f'unknown code language "{lang}"; shown without highlighting')
            )

    if not code:
        body = ""
    elif lexer is None and not fence.highlight_lines and not fence.linenos:
        body = _escape(code)  # fast path: nothing to do per line
    else:
        body = _wrap_lines(_code_lines(code, lexer), fence)
    if code.endswith("\n"):  # its last line is blank: the newline stays, or it is not shown
        body += "\n"

    parts = []
    if lang:
        parts.append(f'<figure class="code-block" data-lang="{_escape(lang)}">\n')
    else:
        parts.append('<figure class="code-block">\n')
    if fence.title:
        parts.append(f'<figcaption class="code-title">{_escape(fence.title)}</figcaption>\n')
    code_class = _escape(lang) if lang else "text"
    parts.append(
        f'<div class="highlight"><pre tabindex="0"><code class="language-{code_class}">'
        f"{body}</code></pre></div>\n</figure>\n"
    )
    return "".join(parts), diagnostics


# --------------------------------------------------------------------------- stylesheet


def _luminance(color: str) -> float:
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = []
    for i in (0, 2, 4):
        c = int(value[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two `#rrggbb`/`rrggbb`/`#rgb` colours (1.0 to 21.0)."""
    a, b = _luminance(foreground), _luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


_HEX = re.compile(r"#?(?:[0-9a-fA-F]{3}){1,2}")


def worst_contrast(style_name: str, background: str) -> tuple[float, str]:
    """Lowest contrast of any coloured token of a Pygments style on `background`.

    Tokens with their own background are measured against it; whitespace tokens
    (invisible) and non-hex colours (ansi names, CSS variables) are skipped.
    Returns `(ratio, token name)`, `(21.0, "")` when no token has a colour.
    """
    style = _get_style(style_name)
    worst = (21.0, "")
    for ttype, spec in style:
        color = spec["color"]
        if not color or ttype in Whitespace or not _HEX.fullmatch(color):
            continue
        under = spec["bgcolor"] or background
        if not _HEX.fullmatch(under):
            continue
        ratio = contrast_ratio(color, under)
        if ratio < worst[0]:
            worst = (ratio, str(ttype))
    return worst


def _get_style(name: str):
    try:
        return get_style_by_name(name)
    except ClassNotFound:
        known = ", ".join(sorted(get_all_styles()))
        raise ValueError(f'unknown Pygments style "{name}"; known styles: {known}') from None


def _mix(a: str, b: str, t: float) -> str:
    """`a` moved a fraction `t` towards `b` (both `#rrggbb`)."""
    a, b = a.lstrip("#"), b.lstrip("#")
    if len(a) == 3:
        a = "".join(c * 2 for c in a)
    if len(b) == 3:
        b = "".join(c * 2 for c in b)
    channels = (
        round(int(a[i : i + 2], 16) * (1 - t) + int(b[i : i + 2], 16) * t) for i in (0, 2, 4)
    )
    return "#" + "".join(f"{c:02x}" for c in channels)


def _hll_color(style_name: str, background: str) -> str:
    """The style's line-highlight colour, toned down towards the theme's block
    background until every token keeps its contrast (>= 4.5, or the style's own
    worst on the plain background if that is lower).

    With dark styles this can leave a faint highlight (github-dark: 1.11:1 against
    the block background), so the theme should also mark `.hll` lines another way
    (a left border or inset box-shadow), which also avoids relying on colour alone.
    """
    target = _get_style(style_name).highlight_color or "#ffffcc"
    if not _HEX.fullmatch(target):
        return target
    need = min(AA_CONTRAST, worst_contrast(style_name, background)[0])
    for step in range(20, 1, -1):  # 100 %, 95 %, … 10 % of the way to the style's colour
        candidate = _mix(background, target, step / 20)
        if worst_contrast(style_name, candidate)[0] >= need:
            return candidate
    return _mix(background, target, 0.05)


def _declarations(style_name: str) -> dict[str, dict[str, str]]:
    """CSS class ("" = the block itself) -> {property: value}, as Pygments writes them."""
    formatter = HtmlFormatter(style=_get_style(style_name))
    rules: dict[str, dict[str, str]] = {}
    for css_class, (css, _ttype, _level) in formatter.class2style.items():
        if not css or not css_class:  # "" (the block itself) is handled below
            continue
        props = rules.setdefault(css_class, {})
        for declaration in css.split("; "):
            prop, _, value = declaration.partition(": ")
            props[prop.strip()] = value.strip()
    # The base colour: Pygments writes it with the background; we keep the colour only.
    base = formatter.style.style_for_token(Token.Text)["color"]
    if base and _HEX.fullmatch(base):
        rules[""] = {"color": "#" + base.lstrip("#")}
    else:
        rules.pop("", None)
    return rules


# Value that undoes a light-only property in dark mode.
_RESET = {
    "color": "inherit",
    "font-weight": "inherit",
    "font-style": "inherit",
    "text-decoration": "inherit",
    "background-color": "transparent",
    "border": "none",
}


def _rule(prefix: str, css_class: str, props: dict[str, str]) -> str:
    selector = f"{prefix}.highlight" + (f" .{css_class}" if css_class else "")
    body = "; ".join(f"{p}: {v}" for p, v in props.items())
    return f"{selector} {{ {body} }}"


@lru_cache(maxsize=8)
def stylesheet(light: str = DEFAULT_LIGHT_STYLE, dark: str = DEFAULT_DARK_STYLE) -> str:
    """CSS for the code blocks: `light` style always, `dark` style in dark mode.

    Raises `ValueError` (listing the known styles) for an unknown style name.
    """
    light_rules = _declarations(light)
    dark_rules = _declarations(dark)
    light_rules["hll"] = {"background-color": _hll_color(light, LIGHT_BACKGROUND)}
    dark_rules["hll"] = {"background-color": _hll_color(dark, DARK_BACKGROUND)}
    # Dark rules also undo whatever the light style sets and the dark one does not
    # (bold, borders, backgrounds, colours of classes the dark style leaves alone).
    for css_class, props in light_rules.items():
        target = dark_rules.setdefault(css_class, {})
        for prop in props:
            if prop not in target:
                target[prop] = _RESET.get(prop, "initial")

    out = [f"/* Code highlighting: Pygments styles {light!r} (light), {dark!r} (dark). */"]
    out.extend(_rule("", c, light_rules[c]) for c in sorted(light_rules))
    dark_classes = sorted(dark_rules)
    out.append("@media (prefers-color-scheme: dark) {")
    out.extend(
        "  " + _rule(':root:not([data-theme="light"]) ', c, dark_rules[c]) for c in dark_classes
    )
    out.append("}")
    out.extend(_rule(':root[data-theme="dark"] ', c, dark_rules[c]) for c in dark_classes)
    return "\n".join(out) + "\n"
