"""Reading a built page or stylesheet for the URLs it uses and the ids it has.

An HTML page is parsed (`html.parser`) for links, images, stylesheets, scripts, media,
`srcset` candidates, CSS `url()` in `style` attributes and `<style>`, and share-image `<meta>`
(which must be absolute); also its `<base href>` and its `<img>`s without alt text. A
stylesheet is read for `url()` and `@import`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

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


class PageScanner(HTMLParser):
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


def scan(text: str) -> PageScanner:
    """A page's HTML, parsed."""
    scanner = PageScanner()
    scanner.feed(_BARE_SPAN.sub("", text))  # a third faster on pages with code
    scanner.close()
    return scanner


@dataclass(frozen=True, slots=True)
class Page:
    """What `ssg check` needs of a page, kept small to cross between processes."""

    ids: frozenset[str]
    refs: tuple[tuple[str, bool], ...]
    no_alt: tuple[str, ...]
    base: str | None


def read_page(folder: Path, rel: str) -> Page:
    """The page at `rel` in the built folder, scanned."""
    scanner = scan((folder / rel).read_text(encoding="utf-8", errors="replace"))
    return Page(frozenset(scanner.ids), tuple(scanner.refs), tuple(scanner.no_alt), scanner.base)
