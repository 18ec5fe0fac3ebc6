"""Jekyll 4.3's tags other than the includes (those are in `includes`).

`post_url` and `link` (site URLs under the base path), `highlight` (written out as a
fenced code block for ssg's Pygments pipeline; its body is not Liquid, as in Jekyll 4),
plain links for the plugin tags `gist`, `twitter`/`tweet` and `youtube`, and the
fallback for any other unknown tag: a warning, rendering nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from io import StringIO
from typing import Any, TextIO
from urllib.parse import quote

from liquid import BoundTemplate, Node, RenderContext, Tag
from liquid.ast import IllegalNode
from liquid.exceptions import LiquidSyntaxError
from liquid.stream import TokenStream
from liquid.token import TOKEN_ILLEGAL, Token

from ssg.liquid.context import RUN, current_context, parse_warning, render_warning
from ssg.liquid.filters_urls import relative_url
from ssg.liquid.lexer import tag_markup

__all__ = [
    "HighlightTag",
    "LinkTag",
    "PluginLinkTag",
    "PostUrlTag",
    "UnknownTag",
    "register",
    "resolve_post_url",
]


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
        tag_markup(stream)
        name = token.value
        if not name:
            raise LiquidSyntaxError("missing tag name", token=token)
        if name in self.env.structural_tags:  # type: ignore[attr-defined]
            raise LiquidSyntaxError(f"unexpected tag '{name}'", token=token)
        if not (name.startswith("end") and name[3:] and name[3:] not in self.env.tags):
            parse_warning(token, f'unknown Liquid tag "{name}" (rendered nothing)')
        return IllegalNode(token)


# ------------------------------------------------------------- plugin tags


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
        args = [a.strip("\"'") for a in tag_markup(stream).split()]
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


# --------------------------------------------------------------- highlight


class HighlightTag(Tag):
    """`{% highlight python linenos mark_lines="2 3" %}…{% endhighlight %}` written out
    as a Markdown fence (```` ```python {2,3} linenos ````) with the body untouched."""

    name = "highlight"
    end = "endhighlight"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        markup = tag_markup(stream)
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


# ------------------------------------------------------------ post_url, link

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
        markup = tag_markup(stream).strip()
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
        site = current_context()
        name = self.markup
        if self.template is not None:
            rendered = StringIO()
            self.template.render_with_context(context, rendered)
            name = rendered.getvalue().strip()
        if self.token.value == "post_url":
            url, note = resolve_post_url(name, site.post_urls)
        else:
            url = site.pages.get(name) or site.pages.get(name.lstrip("/"))
            note = None if url is not None else f'link: no file "{name}"'
        if note:
            render_warning(self.token, note)
        return buffer.write(relative_url(url)) if url is not None else 0


# --------------------------------------------------------------- register

_PLUGIN_LINK_TAGS = ("gist", "twitter", "tweet", "youtube")


def register(env: Any) -> None:
    """Add these tags to a python-liquid environment (the includes: `includes.register`)."""
    for tag in (PostUrlTag, LinkTag):
        env.add_tag(tag)
    env.add_tag(HighlightTag)
    env.add_tag(UnknownTag)
    for name in _PLUGIN_LINK_TAGS:
        env.add_tag(type(f"{name.title()}Tag", (PluginLinkTag,), {"name": name}))
