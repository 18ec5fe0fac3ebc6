"""Code lines of one fenced block: the fence's language picks a Pygments lexer, and
`render_code_block(code, info, path=..., line=...)` returns `(html, diagnostics)`.

Markup of one block (class names are a contract with the theme's CSS and JS)::

    <figure class="code-block" data-lang="python">
    <figcaption class="code-title">app.py</figcaption>
    <div class="highlight"><pre tabindex="0"><code class="language-python">…</code></pre></div>
    </figure>

- `data-lang` is the language as the author wrote it; it is omitted when the fence
  has no language. The figcaption is present only when the fence has a title.
- Tokens are `<span class="k">` etc. (Pygments' short CSS class names, no inline styles).
- A highlighted line is wrapped as `<span class="hll">line</span>\\n`: the newline stays
  outside the span (unlike Pygments' own `hl_lines`), so copying a highlighted line adds
  no blank line. The theme shows the span as a full-width bar with
  `.hll { display: inline-block; width: … }` (`display: block` would add a line break).
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
"""

from __future__ import annotations

from html import escape

from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from ssg.errors import Diagnostic, warning
from ssg.markup.highlight.fence_info import FenceInfo, parse_fence_info

__all__ = ["LANGUAGE_ALIASES", "render_code_block"]

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

# Pygments' own token -> CSS class names (`k`, `s2`, `nf`…), from its HTML formatter, kept
# per token type; unstyled whitespace (`w`) gets no span.
_FORMATTER = HtmlFormatter(nowrap=True)
_CLASSES: dict = {}


def _css_class(ttype) -> str:
    try:
        return _CLASSES[ttype]
    except KeyError:
        name = _FORMATTER._get_css_classes(ttype)
        _CLASSES[ttype] = name = "" if name == "w" else name
        return name


def _escape(text: str) -> str:
    return escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def _escape_token(text: str) -> str:
    """As Pygments' HTML formatter escapes (`&`, `<`, `>`), and the braces."""
    return escape(text, quote=False).replace("{", "&#123;").replace("}", "&#125;")


def _code_lines(code: str, lexer: Lexer | None) -> list[str]:
    """HTML of each line, no separators; spans are closed at every line end.

    The markup is what Pygments' `HtmlFormatter(nowrap=True)` writes (tokens of one class
    next to each other share a span), made here in one pass: the formatter's output then
    needed a per-character `str.translate` for the braces and a regex for the whitespace
    spans, which cost more than the formatting itself."""
    if lexer is None:
        return _escape(code).split("\n")
    lines: list[str] = []
    line: list[str] = []  # the line being built, its open span's class in `open_class`
    open_class = ""
    # our own final newline, so the lexer adds none and a trailing blank line survives
    for ttype, value in lexer.get_tokens(code + "\n"):
        css = _css_class(ttype)
        parts = _escape_token(value).split("\n")
        last = len(parts) - 1
        for index, part in enumerate(parts):
            if part:
                if css != open_class:
                    if open_class:
                        line.append("</span>")
                    if css:
                        line.append(f'<span class="{css}">')
                    open_class = css
                line.append(part)
            if index != last:  # the part ends a line
                if open_class:
                    line.append("</span>")
                lines.append("".join(line))
                line, open_class = [], ""
    if line:
        if open_class:
            line.append("</span>")
        lines.append("".join(line))
    return lines


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
