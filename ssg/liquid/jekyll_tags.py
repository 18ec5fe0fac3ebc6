"""Jekyll 4.3's Liquid tags and filters, registered by the pre-pass in `ssg.liquid`.

* Tags: `include` / `include_cached` (under the includes folder), `include_relative`
  (next to the current file), `post_url`, `link`, `highlight` (written out as a fenced
  code block for ssg's Pygments pipeline; its body is not Liquid, as in Jekyll 4), and
  plain links for the plugin tags `gist`, `twitter`/`tweet` and `youtube`. Any other
  unknown tag is a warning and renders nothing.
* Filters: Jekyll's URL, date, string and array filters (`register` lists them).

What the tags and filters need to know about the site comes in a `JekyllContext`.
The state of one `expand_liquid` call (`Run`: where warnings go, which template
source is which file) lives here too, so tags and filters can report problems at
`path:line` without importing the engine.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from io import StringIO
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from liquid import BoundTemplate, Node, RenderContext, Tag
from liquid.ast import IllegalNode
from liquid.exceptions import LiquidError, LiquidSyntaxError
from liquid.lex import _compile_rules, _tokenize_template
from liquid.stream import TokenStream
from liquid.token import (
    TOKEN_CONTENT,
    TOKEN_EXPRESSION,
    TOKEN_ILLEGAL,
    TOKEN_OUTPUT,
    TOKEN_TAG,
    Token,
)
from liquid.undefined import is_undefined

from ssg.errors import Diagnostic, warning

__all__ = ["JekyllContext", "register", "wants_liquid"]


@dataclass(frozen=True, slots=True)
class JekyllContext:
    """The site as Jekyll's tags and filters see it, for one file.

    `post_urls`: post_url key (path under `_posts` without extension, e.g.
    `2021-05-25-docker` or `category/2021-05-25-docker`) -> site path.
    `pages`: source path relative to the site root (`about.md`,
    `_posts/2021-05-25-docker.md`) -> site path, for `{% link %}`.
    `base_path` ("/" or "/repo/") and `site_url` (origin) make URLs;
    `source_dir` is the current file's folder (for `include_relative`);
    `markdownify` renders Markdown to HTML; date filters show dates in `timezone`
    (None: in the offset each date was written with).
    """

    post_urls: Mapping[str, str] = field(default_factory=dict)
    pages: Mapping[str, str] = field(default_factory=dict)
    base_path: str = "/"
    site_url: str = ""
    source_dir: Path | None = None
    markdownify: Callable[[str], str] | None = None
    timezone: tzinfo | None = None

    @classmethod
    def from_site(cls, site: object) -> JekyllContext:
        """Defaults from Jekyll's `site.baseurl` and `site.url`."""
        site = site if isinstance(site, Mapping) else {}
        base = str(site.get("baseurl") or "").strip("/")
        return cls(base_path=f"/{base}/" if base else "/", site_url=str(site.get("url") or ""))


def wants_liquid(page: dict) -> bool:
    """False when the front matter says `render_with_liquid: false` (as Jekyll reads it)."""
    return not (isinstance(page, Mapping) and page.get("render_with_liquid") is False)


# ------------------------------------------------------------ per-call state


def _identity(text: str) -> str:
    return text


@dataclass(slots=True)
class Run:
    """State of one `expand_liquid` call, reachable from tags and filters via `RUN`."""

    path: str
    first_line: int
    jekyll: JekyllContext
    restore: Callable[[str], str] = _identity  # puts masked code back
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # id(template source) -> (diagnostic path, file line of the source's first line)
    sources: dict[int, tuple[str, int]] = field(default_factory=dict)
    include_stack: list[str] = field(default_factory=list)
    _seen: set = field(default_factory=set)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self._seen:
            self._seen.add(diagnostic)
            self.diagnostics.append(diagnostic)

    def warn_at(self, token: Token | None, message: str) -> None:
        """Add a warning located at `token` (in the post or in an included file)."""
        where = self.sources.get(id(token.source)) if token is not None else None
        if where is None or token is None or token.start_index < 0:
            self.add(warning(self.path, None, message))
            return
        label, offset = where
        self.add(warning(label, offset + token_line(token) - 1, message))


RUN: ContextVar[Run | None] = ContextVar("ssg_liquid_run", default=None)
# While a template is being parsed: where parse-time warnings go, as (line, message).
PARSE_SINK: ContextVar[list[tuple[int, str]] | None] = ContextVar(
    "ssg_liquid_parse_sink", default=None
)


def parse_warning(token: Token, message: str) -> None:
    """Record a warning found while parsing (line within the template source)."""
    sink = PARSE_SINK.get()
    if sink is not None:
        sink.append((token_line(token), message))


def render_warning(token: Token | None, message: str) -> None:
    """Record a warning found while rendering."""
    run = RUN.get()
    if run is not None:
        run.warn_at(token, message)


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


def current_context() -> JekyllContext:
    run = RUN.get()
    return run.jekyll if run is not None else JekyllContext()


def parse_fragment(env: Any, source: str) -> BoundTemplate:
    """Parse `source` at render time; a syntax error raises instead of becoming a warning."""
    token = PARSE_SINK.set([])
    try:
        return env.from_string(source)
    finally:
        PARSE_SINK.reset(token)


# ---------------------------------------------------------------- the lexer

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


# --------------------------------------------------------------- URL helpers


def _nil(value: object) -> object:
    return None if is_undefined(value) else value


def _to_s(value: object) -> str:
    """Ruby's `to_s` for Liquid values."""
    value = _nil(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %z").rstrip()
    return str(value)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def relative_url(value: object) -> object:
    """Jekyll's `relative_url`: the path under the base path, percent-encoded."""
    value = _nil(value)
    if value is None:
        return None
    text = _to_s(value)
    if _SCHEME.match(text):
        return text
    parts = (current_context().base_path.rstrip("/"), text)
    joined = "".join(p if not p or p.startswith("/") else "/" + p for p in parts)
    return quote(joined, safe="/:#?&=%@+~!$,;'()*[]")


# ---------------------------------------------------------------------- tags


def _markup(stream: TokenStream) -> str:
    """The tag's expression text ("" when there is none); leaves the stream on it."""
    if stream.peek.kind != TOKEN_EXPRESSION:
        return ""
    next(stream)
    return stream.current.value


class UnknownTag(Tag):
    """Fallback for unregistered tag names (python-liquid's "illegal" tag slot).

    An unknown tag (`{% googleads %}`) is a warning and renders nothing; the closing
    `{% endX %}` of an unknown block is dropped silently. A misplaced structural tag
    (`{% endif %}` with no `if`) stays a syntax error.
    """

    name = TOKEN_ILLEGAL
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        _markup(stream)
        name = token.value
        if not name:
            raise LiquidSyntaxError("missing tag name", token=token)
        if name in self.env.structural_tags:  # type: ignore[attr-defined]
            raise LiquidSyntaxError(f"unexpected tag '{name}'", token=token)
        if not (name.startswith("end") and name[3:] and name[3:] not in self.env.tags):
            parse_warning(token, f'unknown Liquid tag "{name}" (rendered nothing)')
        return IllegalNode(token)


class _TextNode(Node):
    """A node whose output was decided at parse time."""

    __slots__ = ("text",)

    def __init__(self, token: Token, text: str):
        super().__init__(token)
        self.text = text
        self.blank = False

    def __str__(self) -> str:
        return self.text

    def render_to_output(self, _context: RenderContext, buffer: TextIO) -> int:
        return buffer.write(self.text)


class PluginLinkTag(Tag):
    """A plugin tag we don't have, shown as a plain link to what it would embed."""

    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        args = [a.strip("\"'") for a in _markup(stream).split()]
        url = _plugin_url(token.value, args)
        if url is None:
            parse_warning(token, f'unknown Liquid tag "{token.value}" (rendered nothing)')
            return IllegalNode(token)
        parse_warning(token, f'plugin tag "{token.value}" is not available (rendered a link)')
        url = html.escape(url)
        return _TextNode(token, f'<a href="{url}">{url}</a>')


def _plugin_url(name: str, args: list[str]) -> str | None:
    link = next((a for a in args if a.startswith(("http://", "https://"))), None)
    words = [a for a in args if "=" not in a and a != "oembed"]
    if link or not words:
        return link
    if name == "gist":
        return f"https://gist.github.com/{words[0]}"
    if name == "youtube":
        return f"https://www.youtube.com/watch?v={quote(words[0], safe='')}"
    if words[0].isdigit():  # twitter / tweet with a status id
        return f"https://twitter.com/i/status/{words[0]}"
    return f"https://twitter.com/{words[0].lstrip('@')}"


class HighlightTag(Tag):
    """`{% highlight python linenos mark_lines="2 3" %}…{% endhighlight %}` written out
    as a Markdown fence (```` ```python {2,3} linenos ````) with the body untouched."""

    name = "highlight"
    end = "endhighlight"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        markup = _markup(stream)
        head, closed, rest = markup.partition("%}")
        end = _HIGHLIGHT_END.search(rest) if closed else None
        if end is None:
            raise LiquidSyntaxError("expected tag endhighlight", token=token)
        head, body = head.strip(), rest[: end.start()]
        trim = (head.endswith("-"), bool(end.group(1)))
        head = head.removesuffix("-").strip()
        info = _fence_info(head)
        if info is None:
            parse_warning(token, f'invalid highlight markup "{head}" (code left plain)')
            info = ""
        source = token.source
        opening = source.rfind("{%", 0, token.start_index)
        line_start = source.rfind("\n", 0, opening) + 1
        prefix = source[line_start:opening]
        at_line_start = not prefix.strip() and source[opening + 2 : opening + 3] != "-"
        tail = _AFTER_HIGHLIGHT.match(source, stream.current.start_index + len(markup))
        at_line_end = tail is not None and not tail.group(1)
        indent = prefix if at_line_start else ""
        return HighlightNode(token, info, body, trim, indent, (not at_line_start, not at_line_end))


_HIGHLIGHT_END = re.compile(r"\{%(-?)\s*endhighlight\Z")
_AFTER_HIGHLIGHT = re.compile(r"\s*(-?)%\}[ \t]*(?:\r?\n|\Z)")
# Jekyll's markup syntax: a language, then `key`, `key=value` or `key="1 2"` options.
_HIGHLIGHT_MARKUP = re.compile(r'([a-zA-Z0-9.+#_-]+)((?:\s+\w+(?:=(?:\w+|"(?:\d+\s)*\d+"))?)*)')
_HIGHLIGHT_OPTION = re.compile(r'(\w+)(?:=(?:"([^"]*)"|(\w+)))?')


def _fence_info(markup: str) -> str | None:
    """Jekyll highlight markup -> fence info string, or None if Jekyll would reject it."""
    match = _HIGHLIGHT_MARKUP.fullmatch(markup)
    if match is None:
        return None
    info = [match.group(1).lower()]
    linenos = False
    for key, quoted, bare in _HIGHLIGHT_OPTION.findall(match.group(2)):
        value = quoted or bare
        if key == "mark_lines" and value:
            info.append("{" + ",".join(value.split()) + "}")
        elif key == "linenos":
            linenos = value != "false"
    return " ".join(info + ["linenos"] * linenos)


class HighlightNode(Node):
    __slots__ = ("info", "body", "trim", "indent", "newlines")

    def __init__(self, token: Token, info: str, body: str, *layout: Any):
        super().__init__(token)
        self.info, self.body = info, body
        # (lstrip, rstrip) from `-%}`/`{%-`; the indent of the tag's line; newlines
        # needed (before, after) to put the fence on lines of its own.
        self.trim, self.indent, self.newlines = layout
        self.blank = False

    def __str__(self) -> str:
        return f"{{% highlight {self.info} %}}"

    def render_to_output(self, _context: RenderContext, buffer: TextIO) -> int:
        run = RUN.get()
        body = run.restore(self.body) if run is not None else self.body
        body = body.lstrip() if self.trim[0] else body
        body = (body.rstrip() if self.trim[1] else body).strip("\r\n")  # as Jekyll
        longest = max((len(m) for m in re.findall(r"`+", body)), default=0)
        fence = "`" * max(3, longest + 1)
        text = f"\n{self.indent}".join([f"{fence}{self.info}", *body.split("\n"), fence])
        before, after = self.newlines
        return buffer.write("\n" * before + text + "\n" * after)


_POST_NAME = re.compile(r"(.+/)*(\d+-\d+-\d+)-(.*)")


def resolve_post_url(name: str, post_urls: Mapping[str, str]) -> tuple[str | None, str | None]:
    """Jekyll's post_url lookup: (site path or None, a warning or None)."""
    name = name.strip().lstrip("/")
    if name in post_urls:
        return post_urls[name], None
    match = _POST_NAME.fullmatch(name)
    base = name.rsplit("/", 1)[-1]
    if match:  # Jekyll's deprecated fallback: the same date and slug in any folder
        found = sorted(key for key in post_urls if key.rsplit("/", 1)[-1] == base)
        why = "matched {} only by name; write its folder"
    else:  # Jekyll fails; find the one post with that slug
        folder = name[: len(name) - len(base)]
        found = sorted(
            key
            for key in post_urls
            if (m := _POST_NAME.fullmatch(key)) and m.group(3) == base and key.startswith(folder)
        )
        why = "has no date (Jekyll needs one); used {}"
    if len(found) == 1:
        return post_urls[found[0]], f'post_url: "{name}" ' + why.format(f'"{found[0]}"')
    if found:
        return None, f'post_url: "{name}" matches several posts: {", ".join(found)}'
    return None, f'post_url: no post "{name}"'


class _UrlTag(Tag):
    """`{% post_url name %}` or `{% link path %}`: a site URL under the base path."""

    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        markup = _markup(stream).strip()
        template = self.env.from_string(markup) if "{{" in markup else None
        return _UrlNode(token, markup, template)


class PostUrlTag(_UrlTag):
    name = "post_url"


class LinkTag(_UrlTag):
    name = "link"


class _UrlNode(Node):
    __slots__ = ("markup", "template")

    def __init__(self, token: Token, markup: str, template: BoundTemplate | None):
        super().__init__(token)
        self.markup, self.template = markup, template
        self.blank = False

    def __str__(self) -> str:
        return f"{{% {self.token.value} {self.markup} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        jekyll = current_context()
        name = self.markup
        if self.template is not None:
            rendered = StringIO()
            self.template.render_with_context(context, rendered)
            name = rendered.getvalue().strip()
        if self.token.value == "post_url":
            url, note = resolve_post_url(name, jekyll.post_urls)
        else:
            url = jekyll.pages.get(name) or jekyll.pages.get(name.lstrip("/"))
            note = None if url is not None else f'link: no file "{name}"'
        if note:
            render_warning(self.token, note)
        return buffer.write(relative_url(url)) if url is not None else 0


# Jekyll's include parameters: key="value", key='value' or key=variable.
_INCLUDE_PARAM = re.compile(
    r"""\s*([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([\w.-]+))(?=\s|$)"""
)
# The file part: non-space characters and whole `{{ ... }}` output statements.
_INCLUDE_FILE = re.compile(r"(?:\{\{.*?\}\}|[^\s{]|\{(?!\{))+", re.DOTALL)
_LITERALS: dict[str, object] = {"true": True, "false": False, "nil": None, "null": None}


class IncludeTag(Tag):
    """`{% include file.html key="value" %}` as Jekyll writes it."""

    name = "include"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        if stream.peek.kind != TOKEN_EXPRESSION:
            parse_warning(token, f"{token.value} without a file name (rendered nothing)")
            return IllegalNode(token)
        markup = _markup(stream).strip()
        match = _INCLUDE_FILE.match(markup)
        file = match.group() if match else ""
        rest = markup[len(file) :]
        params: list[tuple[str, bool, str]] | None = None
        if rest.strip():
            params = []
            pos = 0
            while match := _INCLUDE_PARAM.match(rest, pos):
                key, double, single, variable = match.groups()
                if double is not None:
                    params.append((key, True, double.replace('\\"', '"')))
                elif single is not None:
                    params.append((key, True, single.replace("\\'", "'")))
                else:
                    params.append((key, False, variable))
                pos = match.end()
            if rest[pos:].strip():
                parse_warning(
                    token,
                    f"invalid include parameters {rest.strip()!r} "
                    '(expected key="value" pairs; rendered nothing)',
                )
                return IllegalNode(token)
        file_template = self.env.from_string(file) if "{{" in file else None
        return IncludeNode(token, file, file_template, params)


class IncludeCachedTag(IncludeTag):
    """jekyll-include-cache's tag: an include whose output Jekyll may reuse."""

    name = "include_cached"


class IncludeRelativeTag(IncludeTag):
    """`{% include_relative file.md %}`: a file next to the current one."""

    name = "include_relative"


class IncludeNode(Node):
    __slots__ = ("file", "file_template", "params")

    def __init__(
        self,
        token: Token,
        file: str,
        file_template: BoundTemplate | None,
        params: list[tuple[str, bool, str]] | None,
    ):
        super().__init__(token)
        self.file = file
        self.file_template = file_template
        self.params = params  # (key, is_literal, value); None when there are none
        self.blank = False

    def __str__(self) -> str:
        return f"{{% {self.token.value} {self.file} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env: Any = context.env
        run = RUN.get()
        name = self.file
        if self.file_template is not None:
            rendered = StringIO()
            self.file_template.render_with_context(context, rendered)
            name = rendered.getvalue().strip()
        if len(name) >= 2 and name[0] == name[-1] and name[0] in "\"'":
            name = name[1:-1]
        if self.token.value == "include_relative":
            here = posixpath.dirname(run.path) if run is not None else ""
            folder, where = current_context().source_dir, f"{here or '.'}/"
            label = f"{here}/" if here else ""
        else:
            folder, where = env.includes_dir, env.includes_label
            label = where
        entry = env.files.load(folder, name, label) if folder is not None else None
        if entry is None:
            render_warning(self.token, f'{self.token.value} "{name}" not found in {where}')
            return 0
        if isinstance(entry, str):
            render_warning(self.token, f'{self.token.value} "{name}" is outside {where}')
            return 0
        if run is not None:
            run.sources[id(entry.source)] = (entry.label, 1)
            for line, message in entry.problems:
                run.add(warning(entry.label, line, message))
            if entry.label in run.include_stack:
                render_warning(self.token, f'include "{name}" includes itself')
                return 0
        if entry.template is None:
            return 0
        namespace: dict[str, object] = {}
        if self.params is not None:
            namespace["include"] = {
                key: value if literal else _lookup(context, value, self.token)
                for key, literal, value in self.params
            }
        if run is not None:
            run.include_stack.append(entry.label)
        try:
            with context.extend(namespace, template=entry.template):
                entry.template.render_with_context(context, buffer, partial=True)
        finally:
            if run is not None:
                run.include_stack.pop()
        return 1


def _lookup(context: RenderContext, value: str, token: Token) -> object:
    """An unquoted include parameter: a literal or a variable path like page.title."""
    if value in _LITERALS:
        return _LITERALS[value]
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return float(value)
    segments: list[Any] = [int(s) if s.isdigit() else s for s in value.split(".")]
    return context.get(segments, token=token)


def describe_error(err: LiquidError) -> str:
    """A syntax error's message, naming the unclosed tag when there is one."""
    message = str(err.message)
    unclosed = re.match(r"expected tag (end\w+)", message)
    token = err.token
    if unclosed and token is not None and token.kind == TOKEN_TAG:
        return f"{{% {token.value} %}} is never closed with {{% {unclosed.group(1)} %}}"
    if message == "unexpected tag 'raw'":
        return "{% raw %} is never closed with {% endraw %}"
    return message


@dataclass(slots=True)
class IncludedFile:
    """A parsed include file, cached per (file identity, mtime, size)."""

    stamp: tuple[int, int, int]
    label: str  # diagnostics path, e.g. "includes/note.html"
    source: str
    template: BoundTemplate | None  # None: syntax error (in `problems`)
    problems: list[tuple[int, str]]  # (line in the file, message)


class TemplateFiles:
    """Files read by `include` and `include_relative`, parsed once per version."""

    def __init__(self, env: Any):
        self.env = env
        self._cache: dict[str, IncludedFile] = {}

    def load(self, folder: Path, name: str, label: str) -> IncludedFile | str | None:
        """The parsed file `name` under `folder` (named `label + name` in diagnostics),
        "escape" if it points outside `folder`, or None if there is no such file."""
        relative = Path(name)
        if relative.is_absolute() or ".." in relative.parts:
            return "escape"
        root = folder.resolve()
        file = (root / relative).resolve()
        if not file.is_relative_to(root):
            return "escape"
        try:
            stat = file.stat()
        except OSError:
            return None
        if not file.is_file():
            return None
        stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        label += file.relative_to(root).as_posix()
        key = f"{label}\0{file.as_posix()}"
        cached = self._cache.get(key)
        if cached is not None and cached.stamp == stamp:
            return cached
        try:
            source = file.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
        except OSError:
            return None
        problems: list[tuple[int, str]] = []
        sink_token = PARSE_SINK.set(problems)
        try:
            template: BoundTemplate | None = self.env.from_string(source, name=label, path=label)
        except LiquidError as err:
            template = None
            line = token_line(err.token) if err.token and err.token.source is source else 1
            problems.append((line, f"Liquid syntax error, include skipped: {describe_error(err)}"))
        finally:
            PARSE_SINK.reset(sink_token)
        entry = IncludedFile(stamp, label, source, template, problems)
        self._cache[key] = entry
        return entry


# --------------------------------------------------------------- register

_PLUGIN_LINK_TAGS = ("gist", "twitter", "tweet", "youtube")


def register(env: Any) -> None:
    """Add Jekyll's tags to a python-liquid environment (filters: `ssg.liquid_filters`)."""
    for tag in (IncludeTag, IncludeCachedTag, IncludeRelativeTag, PostUrlTag, LinkTag):
        env.add_tag(tag)
    env.add_tag(HighlightTag)
    env.add_tag(UnknownTag)
    for name in _PLUGIN_LINK_TAGS:
        env.add_tag(type(f"{name.title()}Tag", (PluginLinkTag,), {"name": name}))
