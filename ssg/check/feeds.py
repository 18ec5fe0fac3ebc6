"""Checking a built site's feeds (Atom, RSS, JSON Feed) and sitemaps.

A file named like a feed (`feed.xml`, `atom.xml`, `rss.xml`, `index.xml`) or a sitemap
(`sitemap*.xml`), or any XML file with the Atom namespace near its start, must parse. Its links
must be absolute URLs that map to written pages (resolved by `ssg.check.links`), its ids must
be absolute (or `tag:`/`urn:`), and the HTML of its entries may hold no relative URL: a feed
reader has no page to resolve one against. A JSON Feed (`feed.json`, or any JSON file
naming jsonfeed.org's version near its start) is held to the same rules.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

from ssg.check.links import LinkResolver, invalid_url, is_absolute, split_url
from ssg.check.scan import scan, srcset_urls

FEED_NAMES = frozenset({"feed.xml", "atom.xml", "rss.xml", "index.xml"})
ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
JSON_FEED = "https://jsonfeed.org/version/"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


class FeedChecker:
    """Feeds and sitemaps checked against one site's `LinkResolver`, which collects their
    problems, checked URLs and external URLs with those of the pages."""

    def __init__(self, links: LinkResolver):
        self.links = links
        self._contents: dict[str, list[str]] = {}  # feed entry HTML -> its URLs

    def check_xml(self, rel: str, data: bytes) -> int:
        """Check a feed or sitemap (1), or leave any other XML file alone (0)."""
        name = rel.rsplit("/", 1)[-1]
        sitemap = name.startswith("sitemap")
        named = name in FEED_NAMES or sitemap or ATOM.encode() in data[:2048]
        try:
            root = ET.fromstring(data)
        except ET.ParseError as exc:
            if named:
                message = re.sub(r": line \d+, column \d+$", "", str(exc))
                self.links.problem(rel, "", f"not valid XML (line {exc.position[0]}): {message}")
            return int(named)
        if root.tag in (f"{{{SITEMAP}}}urlset", f"{{{SITEMAP}}}sitemapindex"):
            self._check_sitemap(rel, root)
        elif sitemap:
            self.links.problem(
                rel, "", f"not a sitemap: {_tag(root.tag)} is not <urlset> in {SITEMAP}"
            )
        elif root.tag == f"{{{ATOM}}}feed":
            self._check_atom(rel, root)
        elif root.tag == "rss":
            self._check_rss(rel, root)
        elif name in FEED_NAMES:
            self.links.problem(rel, "", f"not a feed: the root element is {_tag(root.tag)}")
        else:
            return 0
        return 1

    def check_json(self, rel: str, data: bytes) -> int:
        """Check a JSON Feed (1), or leave any other JSON file alone (0)."""
        named = rel.rsplit("/", 1)[-1] == "feed.json"
        if not named and b"jsonfeed.org/version/" not in data[:2048]:
            return 0
        try:
            feed = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            self.links.problem(rel, "", f"not valid JSON: {exc}")
            return 1
        version = feed.get("version") if isinstance(feed, dict) else None
        if not isinstance(version, str) or not version.startswith(JSON_FEED):
            self.links.problem(rel, "", f"not a JSON Feed: no version starting {JSON_FEED}")
            return 1
        for key in ("home_page_url", "feed_url"):
            self._feed_url(rel, str(feed.get(key) or "").strip(), None)
        for item in feed.get("items") or []:
            if not isinstance(item, dict):
                self.links.problem(rel, "", "JSON Feed item that is not an object")
                continue
            source = self._feed_url(rel, str(item.get("url") or "").strip(), None)
            if not str(item.get("id") or "").strip():
                self.links.problem(rel, "", "item without an id", source)
            html = ET.Element("content", type="html")
            html.text = str(item.get("content_html") or "")
            self._feed_content(rel, html, source)
        return 1

    def _check_sitemap(self, rel: str, root: ET.Element) -> None:
        for loc in root.iter(f"{{{SITEMAP}}}loc"):
            url = (loc.text or "").strip()
            if split_url(url) is None:
                self.links.problem(rel, url, invalid_url(url))
            elif not is_absolute(url):
                self.links.problem(rel, url, "not absolute")
            elif self.links.host and urlsplit(url).netloc.lower() != self.links.host:
                self.links.problem(rel, url, f"not on this site ({self.links.origin})")
            else:
                self.links.resolve(rel, url, urlsplit(url).path, urlsplit(url).fragment)

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
            self.links.problem(rel, "", "not a feed: <rss> without <channel>")
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
        if split_url(url) is None:
            self.links.problem(rel, url, invalid_url(url), source)
            return None
        if not is_absolute(url):
            target, _ = self.links.locate(urlsplit(urljoin(self.links.served(rel), url)).path)
            self.links.problem(
                rel, url, "not absolute", source or self.links.sources.get(target or "")
            )
            return None
        parts = urlsplit(url)
        if self.links.host and parts.netloc.lower() != self.links.host:
            self.links.add_external(rel, url)
            return None
        target = self.links.resolve(rel, url, parts.path, parts.fragment, source)
        return self.links.sources.get(target or "")

    def _feed_id(self, rel: str, value: str | None, source: str | None, what: str) -> None:
        value = (value or "").strip()
        if not value:
            self.links.problem(rel, "", f"{what} without an id", source)
        elif split_url(value) is None:
            self.links.problem(rel, value, invalid_url(value), source)
        elif not is_absolute(value) and urlsplit(value).scheme not in ("tag", "urn"):
            self.links.problem(rel, value, "not absolute", source)

    def _feed_content(self, rel: str, element, source: str | None, default="text") -> None:
        for url in self._content_urls(element, default):
            if url and split_url(url) is None:
                self.links.problem(rel, url, invalid_url(url), source)
            elif url and not urlsplit(url).scheme:
                self.links.problem(rel, url, "relative URL in feed entry", source)

    def _content_urls(self, element: ET.Element | None, default: str) -> list[str]:
        """The URLs in the HTML of a feed entry: escaped HTML (Atom `type="html"`, RSS) or
        inline XHTML (Atom `type="xhtml"`). A post is in several feeds: each is read once."""
        if element is None:
            return []
        kind = element.get("type", default)
        if kind == "html":
            text = element.text or ""
            if text not in self._contents:
                self._contents[text] = [url for url, _ in scan(text).refs]
            return self._contents[text]
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
