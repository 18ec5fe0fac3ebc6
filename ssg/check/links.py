"""Resolving the URLs a built site uses against its written files, as a browser would.

Each URL is resolved against the served URL of the file using it (or the page's `<base
href>`). One on another host is only collected as external (`ssg.check.external` asks the
network about those); `mailto:`, `tel:`, `data:`, `javascript:` and non-HTTP URLs are skipped.
An internal one must name a written file the way GitHub Pages serves them (`dir/` and `dir`
-> `dir/index.html`, `/about` -> `about.html`), stay under the base path, and point its
`#fragment` at an id on the target page.
"""

from __future__ import annotations

from urllib.parse import SplitResult, quote, unquote, urldefrag, urljoin, urlsplit

from ssg.check.problems import Problem
from ssg.check.scan import Page
from ssg.config import normalize_base_path

_SKIPPED = frozenset({"mailto", "tel", "data", "javascript"})
_PLACEHOLDER = "https://site.invalid"  # the origin pages are resolved under without a site URL


class LinkResolver:
    """The written files of one built site, and what checking URLs against them found:
    `problems`, `external` (URL -> the files using it) and `checked` ((file, URL) resolved)."""

    def __init__(self, files: set[str], base_path: str, site_url: str | None, sources: dict):
        self.files = files  # output paths of every written file
        self.base_path = unquote(normalize_base_path(base_path))
        self.sources = sources  # output path -> the source file it was made from
        parts = urlsplit(site_url or "")
        self.host = parts.netloc.lower() if parts.scheme in ("http", "https") else None
        self.origin = f"{parts.scheme}://{parts.netloc}" if self.host else _PLACEHOLDER
        self.own_host = urlsplit(self.origin).netloc.lower()  # whose URLs are internal
        self.ids: dict[str, frozenset[str]] = {}  # HTML page -> its ids, once all are read
        self.problems: set[Problem] = set()
        self.external: dict[str, set[str]] = {}
        self.checked: set[tuple[str, str]] = set()
        self._located: dict[str, tuple[str | None, str]] = {}

    def served(self, rel: str) -> str:
        """The absolute URL a file is served at: `a/index.html` -> `…/repo/a/`."""
        path = rel[: -len("index.html")] if rel.rsplit("/", 1)[-1] == "index.html" else rel
        return self.origin + quote(self.base_path + path)

    def problem(self, page: str, target: str, reason: str, source: str | None = None) -> None:
        self.problems.add(Problem(page, target, reason, source or self.sources.get(page)))

    def add_external(self, page: str, url: str) -> None:
        """Collect an external URL that `page` uses (without its fragment)."""
        self.external.setdefault(urldefrag(url)[0], set()).add(page)

    def check_page(self, rel: str, page: Page) -> None:
        base = self.served(rel)
        if page.base:
            base = _join(base, page.base)
        if page.base and split_url(base) is None:  # `<base href="http://[::1">`
            self.problem(rel, page.base, invalid_url(page.base))
            base = self.served(rel)
        for url, absolute in page.refs:
            if absolute and split_url(url) is None:
                self.problem(rel, url, invalid_url(url))
            elif absolute and not is_absolute(url):
                self.problem(rel, url, "not absolute")
            else:
                self.check_url(rel, base, url)
        for src in page.no_alt:
            self.problem(rel, src, "image without alt text")

    def check_url(self, page: str, base: str, url: str) -> None:
        """One URL as written on `page`: skipped, collected as external, or resolved."""
        if not url or (page, url) in self.checked:
            return
        if url.startswith("/") and not url.startswith("//"):  # the usual case: no join needed
            path, _, fragment = url.partition("#")
            self.resolve(page, url, path.partition("?")[0], fragment)
            return
        own = split_url(url)
        if own is not None and own.scheme.lower() in _SKIPPED:
            return
        joined = _join(base, url)
        parts = split_url(joined) if own is not None else None
        if parts is None:  # `http://[::1`: urllib cannot take it apart
            self.checked.add((page, url))
            self.problem(page, url, invalid_url(url))
            return
        if parts.scheme not in ("http", "https"):
            return  # ftp:, about:blank, …: nothing to check
        if parts.netloc.lower() != self.own_host:
            self.add_external(page, joined)
            return
        self.resolve(page, url, parts.path, parts.fragment)

    def locate(self, path: str) -> tuple[str | None, str]:
        """The written file GitHub Pages serves at a URL path, or (None, why not)."""
        if path not in self._located:
            self._located[path] = self._find(path)
        return self._located[path]

    def _find(self, path: str) -> tuple[str | None, str]:
        path = _remove_dots(unquote(path))
        if path + "/" == self.base_path:
            path = self.base_path
        if not path.startswith(self.base_path):
            return None, f"outside the base path {self.base_path}"
        rel = path[len(self.base_path) :]
        if not rel or rel.endswith("/"):
            candidates = [rel + "index.html"]
        else:  # the file; `dir` -> `dir/` (a redirect); `about` -> about.html
            candidates = [rel, rel + "/index.html", rel + ".html"]
        target = next((c for c in candidates if c in self.files), None)
        return target, "" if target else "no such file"

    def resolve(self, page: str, url: str, path: str, fragment: str, source=None) -> str | None:
        """The written file an internal URL of `page` names, its fragment checked (None: a
        problem); the URL counts as checked on `page`."""
        self.checked.add((page, url))
        target, reason = self.locate(path)
        if target is None:
            self.problem(page, url, reason, source)
            return None
        if fragment and fragment != "top" and target in self.ids:
            name = unquote(fragment)
            if fragment not in self.ids[target] and name not in self.ids[target]:
                where = "this page" if target == page else "the target page"
                self.problem(page, url, f"no id '{name}' on {where}", source)
        return target


def is_absolute(url: str) -> bool:
    """An `http(s)://host/…` URL, as share images, feeds and sitemaps must use."""
    parts = split_url(url)
    return parts is not None and parts.scheme in ("http", "https") and bool(parts.netloc)


def split_url(url: str) -> SplitResult | None:
    """`urlsplit`, or None for a URL it refuses (an unclosed `[` of an IPv6 host)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def invalid_url(url: str) -> str:
    """The problem with a URL `split_url` refuses, in urllib's words."""
    try:
        urlsplit(url)
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    return "not a valid URL"


def _join(base: str, url: str) -> str:
    try:
        return urljoin(base, url)
    except ValueError:
        return url


def _remove_dots(path: str) -> str:
    """`/a/b/../c/./d` -> `/a/c/d` (urljoin leaves them in a URL that is absolute already)."""
    out: list[str] = []
    segments = path.split("/")
    for segment in segments:
        if segment == "..":
            if len(out) > 1:
                out.pop()
        elif segment != ".":
            out.append(segment)
    if segments[-1] in (".", ".."):
        out.append("")
    return "/".join(out)
