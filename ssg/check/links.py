"""`ssg check`: find what is broken in a built site, offline.

Every HTML page is parsed (`html.parser`) for the URLs it uses: links, images, stylesheets,
scripts, media, `srcset` candidates and CSS `url()`; every stylesheet for `url()` and
`@import`. Each URL is resolved against the page's served URL, as a browser would, and an
internal one must name a written file the way GitHub Pages serves them (`dir/` and `dir`
-> `dir/index.html`, `/about` -> `about.html`), stay under the base path, and point its
`#fragment` at an id on the target page. Feeds and the sitemap must parse and hold absolute
URLs that map to written pages.

External URLs are only collected here; `ssg.external_links.check_external` asks the
network about them.
"""

from __future__ import annotations

import os
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urldefrag, urljoin, urlsplit

from ssg.config import normalize_base_path
from ssg.writer import load_sources

FEED_NAMES = frozenset({"feed.xml", "atom.xml", "rss.xml", "index.xml"})
ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_SKIPPED = frozenset({"mailto", "tel", "data", "javascript"})
_HTML = (".html", ".htm")
_PLACEHOLDER = "https://site.invalid"  # the origin pages are resolved under without a site URL
PARALLEL_PAGES = 400  # below this many pages, worker processes cost more than they save


@dataclass(frozen=True, slots=True)
class Problem:
    page: str  # output path of the page, e.g. "2021/05/25/docker/index.html", or "feed.xml"
    target: str  # the URL as written ("" for a problem of the whole file)
    reason: str
    source: str | None = None  # the Markdown file the page came from, when known

    def __str__(self) -> str:
        where = f"{self.page} → {self.target}" if self.target else self.page
        return f"{where}: {self.reason}" + (f" ({self.source})" if self.source else "")


@dataclass(frozen=True, slots=True)
class CheckStats:
    pages: int = 0  # HTML pages checked
    feeds: int = 0  # feeds and sitemaps checked
    urls: int = 0  # internal URLs checked (each once per page)
    external: dict[str, tuple[str, ...]] = field(default_factory=dict)  # URL -> pages using it

    @property
    def external_count(self) -> int:
        return len(self.external)


def check_site(
    folder: Path,
    *,
    base_path: str = "/",
    site_url: str | None = None,
    sources: dict[str, str] | None = None,
) -> tuple[list[Problem], CheckStats]:
    """Every problem in the built site in `folder`, sorted by page, then target."""
    checker = _Checker(
        folder, base_path, site_url, load_sources(folder) if sources is None else sources
    )
    return checker.run()


def external_problems(
    broken: Iterable[tuple[str, str]], stats: CheckStats, sources: dict[str, str] | None = None
) -> list[Problem]:
    """`check_external`'s answer as problems of the pages that use each broken URL."""
    sources = sources or {}
    found = {
        Problem(page, url, reason, sources.get(page))
        for url, reason in broken
        for page in stats.external.get(url, ())
    }
    return sorted(found, key=_order)


def _order(problem: Problem) -> tuple[str, str, str]:
    return (problem.page, problem.target, problem.reason)


# --- reading pages and stylesheets ----------------------------------------------------

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
_SRC_TAGS = frozenset(
    {"img", "script", "iframe", "source", "video", "audio", "embed", "track", "input"}
)
_HINTS = frozenset({"preconnect", "dns-prefetch"})  # an origin, not a resource
_ABSOLUTE_META = frozenset({"og:image", "og:url", "og:image:url", "twitter:image"})


def css_urls(text: str) -> list[str]:
    """The URLs a stylesheet uses: `url()` and `@import "…"`."""
    text = _CSS_COMMENT.sub("", text)
    found = [a or b or c for a, b, c in _CSS_URL.findall(text)]
    found += [a or b for a, b in _CSS_IMPORT.findall(text)]
    return [url for url in found if url]


def srcset_urls(value: str) -> list[str]:
    """The URLs of a `srcset` (`a.png 1x, b.png 2x`), split as the HTML standard does."""
    found, i, n = [], 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        start = i
        while i < n and not value[i].isspace():
            i += 1
        url = value[start:i]
        if url.endswith(","):
            url = url.rstrip(",")
        else:  # skip the descriptors, up to a comma outside parentheses
            depth = 0
            while i < n and not (value[i] == "," and depth == 0):
                depth += {"(": 1, ")": -1 if depth else 0}.get(value[i], 0)
                i += 1
        if url:
            found.append(url)
    return found


class _PageScanner(HTMLParser):
    """The ids of a page and the URLs it uses, each as (URL, must be absolute)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, bool]] = []
        self.no_alt: list[str] = []  # src of every <img> without alt
        self.base: str | None = None
        self._style: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        add = lambda url, absolute=False: self.refs.append((url.strip(), absolute))  # noqa: E731
        if tag == "base" and self.base is None and values.get("href"):
            self.base = values["href"].strip()
        elif tag in ("a", "area") and "href" in values:
            add(values["href"])
        elif tag == "link" and "href" in values:
            if not _HINTS & set(values.get("rel", "").lower().split()):
                add(values["href"])
        elif tag == "meta":
            key = values.get("property") or values.get("name") or ""
            if key.lower() in _ABSOLUTE_META and values.get("content"):
                add(values["content"], True)
        if tag in _SRC_TAGS and "src" in values:
            add(values["src"])
        if tag in ("img", "source") and "srcset" in values:
            for url in srcset_urls(values["srcset"]):
                add(url)
        if tag == "video" and "poster" in values:
            add(values["poster"])
        if "style" in values:
            for url in css_urls(values["style"]):
                add(url)
        if tag == "img" and "alt" not in values:
            self.no_alt.append(values.get("src", "").strip())
        if tag == "style":
            self._style = []

    def handle_data(self, data: str) -> None:
        if self._style is not None:
            self._style.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._style is not None:
            self.refs.extend((url.strip(), False) for url in css_urls("".join(self._style)))
            self._style = None


# Pygments' `<span class="k">`: most of the tags of a post with code, and nothing to check
_BARE_SPAN = re.compile(r'<span class="[^"<>]*">|</span>')


def _scan(text: str) -> _PageScanner:
    scanner = _PageScanner()
    scanner.feed(_BARE_SPAN.sub("", text))  # a third faster on pages with code
    scanner.close()
    return scanner


@dataclass(frozen=True, slots=True)
class _Page:
    ids: frozenset[str]
    refs: tuple[tuple[str, bool], ...]
    no_alt: tuple[str, ...]
    base: str | None


def _read_page(folder: Path, rel: str) -> _Page:
    scanner = _scan((folder / rel).read_text(encoding="utf-8", errors="replace"))
    return _Page(frozenset(scanner.ids), tuple(scanner.refs), tuple(scanner.no_alt), scanner.base)


def _read_pages(folder: Path, rels: list[str]) -> dict[str, _Page]:
    """Parse every page; in forked worker processes when there are many (parsing is most of
    the time: 2.7 s for the 1,300 pages of the 1,000-post benchmark blog on one core)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(rels) < PARALLEL_PAGES or workers < 2 or sys.platform != "linux":
        return {rel: _read_page(folder, rel) for rel in rels}
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pages = pool.map(partial(_read_page, folder), rels, chunksize=32)
        return dict(zip(rels, pages, strict=True))


# --- the checker ------------------------------------------------------------------------


class _Checker:
    def __init__(self, folder: Path, base_path: str, site_url: str | None, sources: dict):
        self.folder = folder
        self.base_path = unquote(normalize_base_path(base_path))
        self.sources = sources
        parts = urlsplit(site_url or "")
        self.host = parts.netloc.lower() if parts.scheme in ("http", "https") else None
        self.origin = f"{parts.scheme}://{parts.netloc}" if self.host else _PLACEHOLDER
        self.own_host = urlsplit(self.origin).netloc.lower()  # whose URLs are internal
        self.located: dict[str, tuple[str | None, str]] = {}
        self.contents: dict[str, list[str]] = {}  # feed entry HTML -> its URLs
        self.files = _written_files(folder)
        self.ids: dict[str, frozenset[str]] = {}
        self.problems: set[Problem] = set()
        self.external: dict[str, set[str]] = {}
        self.checked: set[tuple[str, str]] = set()

    def run(self) -> tuple[list[Problem], CheckStats]:
        pages = _read_pages(self.folder, sorted(r for r in self.files if r.endswith(_HTML)))
        self.ids = {rel: page.ids for rel, page in pages.items()}
        for rel, page in pages.items():
            self._check_page(rel, page)
        feeds = 0
        for rel in sorted(self.files):
            if rel.endswith(".css"):
                base = self._served(rel)
                for url in css_urls(self._read(rel)):
                    self._check_url(rel, base, url)
            elif rel.endswith(".xml"):
                feeds += self._check_xml(rel)
        stats = CheckStats(
            pages=len(pages),
            feeds=feeds,
            urls=len(self.checked),
            external={url: tuple(sorted(on)) for url, on in sorted(self.external.items())},
        )
        return sorted(self.problems, key=_order), stats

    def _read(self, rel: str) -> str:
        return (self.folder / rel).read_text(encoding="utf-8", errors="replace")

    def _served(self, rel: str) -> str:
        """The absolute URL a file is served at: `a/index.html` -> `…/repo/a/`."""
        path = rel[: -len("index.html")] if rel.rsplit("/", 1)[-1] == "index.html" else rel
        return self.origin + quote(self.base_path + path)

    def _problem(self, page: str, target: str, reason: str, source: str | None = None) -> None:
        self.problems.add(Problem(page, target, reason, source or self.sources.get(page)))

    def _check_page(self, rel: str, page: _Page) -> None:
        base = self._served(rel)
        if page.base:
            base = urljoin(base, page.base)
        for url, absolute in page.refs:
            if absolute and not _is_absolute(url):
                self._problem(rel, url, "not absolute")
            else:
                self._check_url(rel, base, url)
        for src in page.no_alt:
            self._problem(rel, src, "image without alt text")

    def _check_url(self, page: str, base: str, url: str) -> None:
        """One URL as written on `page`: skipped, collected as external, or resolved."""
        if not url or (page, url) in self.checked:
            return
        if url.startswith("/") and not url.startswith("//"):  # the usual case: no join needed
            path, _, fragment = url.partition("#")
            self.checked.add((page, url))
            self._resolve(page, url, path.partition("?")[0], fragment)
            return
        if urlsplit(url).scheme.lower() in _SKIPPED:
            return
        joined = urljoin(base, url)
        parts = urlsplit(joined)
        if parts.scheme not in ("http", "https"):
            return  # ftp:, about:blank, …: nothing to check
        if parts.netloc.lower() != self.own_host:
            self.external.setdefault(urldefrag(joined)[0], set()).add(page)
            return
        self.checked.add((page, url))
        self._resolve(page, url, parts.path, parts.fragment)

    def _locate(self, path: str) -> tuple[str | None, str]:
        """The written file GitHub Pages serves at a URL path, or (None, why not)."""
        if path not in self.located:
            self.located[path] = self._find(path)
        return self.located[path]

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

    def _resolve(self, page: str, url: str, path: str, fragment: str, source=None) -> str | None:
        """The written file an internal URL names, its fragment checked (None: a problem)."""
        target, reason = self._locate(path)
        if target is None:
            self._problem(page, url, reason, source)
            return None
        if fragment and fragment != "top" and target in self.ids:
            name = unquote(fragment)
            if fragment not in self.ids[target] and name not in self.ids[target]:
                where = "this page" if target == page else "the target page"
                self._problem(page, url, f"no id '{name}' on {where}", source)
        return target

    # --- feeds and sitemaps -------------------------------------------------------------

    def _check_xml(self, rel: str) -> int:
        """Check a feed or sitemap (1), or leave any other XML file alone (0)."""
        name = rel.rsplit("/", 1)[-1]
        data = (self.folder / rel).read_bytes()
        sitemap = name.startswith("sitemap")
        named = name in FEED_NAMES or sitemap or ATOM.encode() in data[:2048]
        try:
            root = ET.fromstring(data)
        except ET.ParseError as exc:
            if named:
                message = re.sub(r": line \d+, column \d+$", "", str(exc))
                self._problem(rel, "", f"not valid XML (line {exc.position[0]}): {message}")
            return int(named)
        if root.tag in (f"{{{SITEMAP}}}urlset", f"{{{SITEMAP}}}sitemapindex"):
            self._check_sitemap(rel, root)
        elif sitemap:
            self._problem(rel, "", f"not a sitemap: {_tag(root.tag)} is not <urlset> in {SITEMAP}")
        elif root.tag == f"{{{ATOM}}}feed":
            self._check_atom(rel, root)
        elif root.tag == "rss":
            self._check_rss(rel, root)
        elif name in FEED_NAMES:
            self._problem(rel, "", f"not a feed: the root element is {_tag(root.tag)}")
        else:
            return 0
        return 1

    def _check_sitemap(self, rel: str, root: ET.Element) -> None:
        for loc in root.iter(f"{{{SITEMAP}}}loc"):
            url = (loc.text or "").strip()
            if not _is_absolute(url):
                self._problem(rel, url, "not absolute")
            elif self.host and urlsplit(url).netloc.lower() != self.host:
                self._problem(rel, url, f"not on this site ({self.origin})")
            else:
                self.checked.add((rel, url))
                self._resolve(rel, url, urlsplit(url).path, urlsplit(url).fragment)

    def _check_atom(self, rel: str, root: ET.Element) -> None:
        self._feed_links(rel, root.findall(f"{{{ATOM}}}link"), None)
        self._feed_id(rel, root.findtext(f"{{{ATOM}}}id"), None, "feed")
        for entry in root.iter(f"{{{ATOM}}}entry"):
            source = self._feed_links(rel, entry.findall(f"{{{ATOM}}}link"), None)
            self._feed_id(rel, entry.findtext(f"{{{ATOM}}}id"), source, "entry")
            self._feed_content(rel, entry.find(f"{{{ATOM}}}content"), source)
            self._feed_content(rel, entry.find(f"{{{ATOM}}}summary"), source)

    def _check_rss(self, rel: str, root: ET.Element) -> None:
        channel = root.find("channel")
        if channel is None:
            self._problem(rel, "", "not a feed: <rss> without <channel>")
            return
        self._feed_links(rel, channel.findall(f"{{{ATOM}}}link"), None)
        self._feed_url(rel, (channel.findtext("link") or "").strip(), None)
        for item in channel.iter("item"):
            source = self._feed_url(rel, (item.findtext("link") or "").strip(), None)
            guid = item.find("guid")
            if guid is not None and guid.get("isPermaLink", "true") == "true":
                self._feed_id(rel, guid.text, source, "item")
            self._feed_content(rel, item.find("description"), source, "html")
            self._feed_content(rel, item.find(_CONTENT), source, "html")

    def _feed_links(self, rel: str, links: list[ET.Element], source: str | None) -> str | None:
        """Check `<link href>`s; the source file of the page the alternate link names."""
        for link in links:
            found = self._feed_url(rel, (link.get("href") or "").strip(), source)
            if link.get("rel", "alternate") == "alternate" and found:
                source = found
        return source

    def _feed_url(self, rel: str, url: str, source: str | None) -> str | None:
        """Check one link of a feed; the source file of the page it names, when known."""
        if not url:
            return None
        if not _is_absolute(url):
            target, _ = self._locate(urlsplit(urljoin(self._served(rel), url)).path)
            self._problem(rel, url, "not absolute", source or self.sources.get(target or ""))
            return None
        parts = urlsplit(url)
        if self.host and parts.netloc.lower() != self.host:
            self.external.setdefault(urldefrag(url)[0], set()).add(rel)
            return None
        self.checked.add((rel, url))
        target = self._resolve(rel, url, parts.path, parts.fragment, source)
        return self.sources.get(target or "")

    def _feed_id(self, rel: str, value: str | None, source: str | None, what: str) -> None:
        value = (value or "").strip()
        if not value:
            self._problem(rel, "", f"{what} without an id", source)
        elif not _is_absolute(value) and urlsplit(value).scheme not in ("tag", "urn"):
            self._problem(rel, value, "not absolute", source)

    def _feed_content(self, rel: str, element, source: str | None, default="text") -> None:
        for url in self._content_urls(element, default):
            if url and not urlsplit(url).scheme:
                self._problem(rel, url, "relative URL in feed entry", source)

    def _content_urls(self, element: ET.Element | None, default: str) -> list[str]:
        """The URLs in the HTML of a feed entry: escaped HTML (Atom `type="html"`, RSS) or
        inline XHTML (Atom `type="xhtml"`). A post is in several feeds: each is read once."""
        if element is None:
            return []
        kind = element.get("type", default)
        if kind == "html":
            text = element.text or ""
            if text not in self.contents:
                self.contents[text] = [url for url, _ in _scan(text).refs]
            return self.contents[text]
        found = []
        for child in element.iter() if kind == "xhtml" else ():
            for name, value in child.attrib.items():
                if name in ("href", "src", "poster"):
                    found.append(value.strip())
                elif name == "srcset":
                    found.extend(srcset_urls(value))
        return found


def _tag(tag: str) -> str:
    namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    return f"<{local}>" + (f" (namespace {namespace})" if namespace else "")


def _is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


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


def _written_files(folder: Path) -> set[str]:
    files = set()
    for dirpath, _, names in os.walk(folder):
        rel = Path(dirpath).relative_to(folder).as_posix()
        prefix = "" if rel == "." else rel + "/"
        files.update(prefix + name for name in names)
    return files
