"""The state of one `expand_liquid` call, as tags and filters reach it, and its warnings.

`SiteContext` is what Jekyll's tags and filters know about the site for one file;
`Run` is one call's state (the context, where warnings go, which template source is
which file), reachable through the `RUN` context variable so tags and filters can
report problems at `path:line` without importing the engine. While a template is
parsed, `PARSE_SINK` collects its parse-time warnings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any

from liquid import BoundTemplate
from liquid.exceptions import LiquidError
from liquid.token import TOKEN_TAG, Token

from ssg.errors import Diagnostic, warning
from ssg.liquid.lexer import token_line

__all__ = [
    "PARSE_SINK",
    "RUN",
    "Run",
    "SiteContext",
    "current_context",
    "describe_error",
    "parse_fragment",
    "parse_warning",
    "render_warning",
]


@dataclass(frozen=True, slots=True)
class SiteContext:
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
    def from_site(
        cls,
        site: object,
        *,
        base_path: str | None = None,
        site_url: str | None = None,
        **fields: Any,
    ) -> SiteContext:
        """A context whose `base_path` and `site_url`, when None, come from Jekyll's
        `site.baseurl` and `site.url`; `fields` are the other attributes."""
        site = site if isinstance(site, Mapping) else {}
        if base_path is None:
            base = str(site.get("baseurl") or "").strip("/")
            base_path = f"/{base}/" if base else "/"
        if site_url is None:
            site_url = str(site.get("url") or "")
        return cls(base_path=base_path, site_url=site_url, **fields)


def _identity(text: str) -> str:
    return text


@dataclass(slots=True)
class Run:
    """State of one `expand_liquid` call, reachable from tags and filters via `RUN`."""

    path: str
    first_line: int
    context: SiteContext
    restore: Callable[[str], str] = _identity  # puts masked code back
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # id(template source) -> (diagnostic path, file line of the source's first line)
    sources: dict[int, tuple[str, int]] = field(default_factory=dict)
    include_stack: list[str] = field(default_factory=list)
    files: set = field(default_factory=set)  # paths includes looked for, found or not
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


def current_context() -> SiteContext:
    """The running call's `SiteContext` (defaults outside `expand_liquid`)."""
    run = RUN.get()
    return run.context if run is not None else SiteContext()


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


def parse_fragment(env: Any, source: str) -> BoundTemplate:
    """Parse `source` at render time; a syntax error raises instead of becoming a warning."""
    token = PARSE_SINK.set([])
    try:
        return env.from_string(source)
    finally:
        PARSE_SINK.reset(token)


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
