"""The feeds (Atom, RSS 2.0, JSON Feed 1.1), the sitemap and robots.txt, with absolute URLs
only."""

from __future__ import annotations

import json
import re
from datetime import datetime
from urllib.parse import urljoin

from ssg import urls
from ssg.config import Config
from ssg.markup.html_urls import rewrite_urls
from ssg.page import Page

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Characters XML 1.0 forbids even escaped (e.g. a terminal escape pasted into a code block).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_datetime(moment: datetime) -> str:
    """RFC 822 as `email.utils.format_datetime` writes an aware datetime (that module
    imports `socket`): `Tue, 25 May 2021 08:25:00 +0300`."""
    offset = moment.strftime("%z") or "-0000"
    return (
        f"{_DAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month - 1]} "
        f"{moment.year:04d} {moment:%H:%M:%S} {offset}"
    )


def _text(value: str) -> str:
    """XML character data, as `xml.sax.saxutils.escape` writes it (that module imports
    `urllib.request`, which a build that changes nothing should not pay for)."""
    return _NOT_XML.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    """A quoted XML attribute value, as `xml.sax.saxutils.quoteattr` writes it."""
    data = _text(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"' + data.replace('"', "&quot;") + '"'


def absolutize(fragment: str, page_url: str) -> str:
    """Make every link and image in an HTML fragment absolute (feed readers have no base URL)."""

    def fix(url: str) -> str:
        stripped = url.strip()
        if not stripped or _SCHEME.match(stripped):
            return url
        return urljoin(page_url, stripped)

    return rewrite_urls(fragment, fix)


def _time(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def atom_feed(
    config: Config, posts: tuple[Page, ...], feed_url: str, home_url: str, title: str
) -> str:
    """An Atom 1.0 feed of `posts` (already newest first and cut to size) with full content."""
    absolute = lambda url: urls.absolute(config.url, config.base_path, url)  # noqa: E731
    updated = max((p.updated or p.date for p in posts), default=None)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={_attr(config.language)}>',
        f"<title>{_text(title)}</title>",
    ]
    if config.description:
        out.append(f"<subtitle>{_text(config.description)}</subtitle>")
    out += [
        f'<link href={_attr(absolute(feed_url))} rel="self" type="application/atom+xml"/>',
        f'<link href={_attr(absolute(home_url))} rel="alternate" type="text/html"/>',
        f"<id>{_text(absolute(feed_url))}</id>",
        f"<updated>{_time(updated) if updated else '1970-01-01T00:00:00+00:00'}</updated>",
        '<generator uri="https://pypi.org/project/ssg-blog/">ssg</generator>',
        # Atom requires an author for every entry: the feed's covers entries without one
        f"<author><name>{_text(config.author or config.title)}</name></author>",
    ]
    for post in posts:
        link = absolute(post.url)
        out.append(_cached_entry(post, link))
    out.append("</feed>")
    return "\n".join(out) + "\n"


_ENTRIES: dict[tuple[str, str], str] = {}  # (page digest, link) -> <entry>, per process


def _cached_entry(post: Page, link: str) -> str:
    """A post is in the site feed and in each of its tags' feeds: write its entry once."""
    if not post.digest:
        return _entry(post, link)
    key = (post.digest, link)
    if key not in _ENTRIES:
        if len(_ENTRIES) > 4096:  # a long-running `ssg serve`
            _ENTRIES.clear()
        _ENTRIES[key] = _entry(post, link)
    return _ENTRIES[key]


def _entry(post: Page, link: str) -> str:
    out = [
        "<entry>",
        f"<title>{_text(post.title)}</title>",
        f'<link href={_attr(link)} rel="alternate" type="text/html"/>',
        f"<id>{_text(link)}</id>",
        f"<published>{_time(post.date)}</published>",
        f"<updated>{_time(post.updated or post.date)}</updated>",
    ]
    if post.author:
        out.append(f"<author><name>{_text(post.author)}</name></author>")
    for tag in post.tags:
        out.append(f"<category term={_attr(tag)}/>")
    if post.description:
        out.append(f"<summary>{_text(post.description)}</summary>")
    out.append(f'<content type="html">{_text(_content(post, link))}</content>')
    out.append("</entry>")
    return "\n".join(out)


_CONTENTS: dict[tuple[str, str], str] = {}  # (page digest, link) -> absolute HTML


def _content(post: Page, link: str) -> str:
    """A post's HTML with absolute URLs, made once for the Atom, RSS and JSON feeds."""
    key = (post.digest, link)
    if not post.digest or key not in _CONTENTS:
        if len(_CONTENTS) > 4096:
            _CONTENTS.clear()
        _CONTENTS[key] = absolutize(post.html, link)
    return _CONTENTS[key]


def rss_feed(config: Config, posts: tuple[Page, ...], feed_url: str, home_url: str) -> str:
    """An RSS 2.0 feed of `posts` (newest first, cut to size): RFC 822 dates, a permalink
    `guid`, the summary as `description` and the full HTML as `content:encoded`."""
    absolute = lambda url: urls.absolute(config.url, config.base_path, url)  # noqa: E731
    updated = max((p.updated or p.date for p in posts), default=None)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        "<channel>",
        f"<title>{_text(config.title)}</title>",
        f"<link>{_text(absolute(home_url))}</link>",
        f"<description>{_text(config.description or config.title)}</description>",
        f"<language>{_text(config.language)}</language>",
        f'<atom:link href={_attr(absolute(feed_url))} rel="self" type="application/rss+xml"/>',
        "<generator>ssg</generator>",
    ]
    if updated:
        out.append(f"<lastBuildDate>{format_datetime(updated)}</lastBuildDate>")
    for post in posts:
        link = absolute(post.url)
        out += [
            "<item>",
            f"<title>{_text(post.title)}</title>",
            f"<link>{_text(link)}</link>",
            f'<guid isPermaLink="true">{_text(link)}</guid>',
            f"<pubDate>{format_datetime(post.date)}</pubDate>",
        ]
        out += [f"<category>{_text(tag)}</category>" for tag in post.tags]
        if post.description:
            out.append(f"<description>{_text(post.description)}</description>")
        out.append(f"<content:encoded>{_text(_content(post, link))}</content:encoded>")
        out.append("</item>")
    out += ["</channel>", "</rss>"]
    return "\n".join(out) + "\n"


def json_feed(config: Config, posts: tuple[Page, ...], feed_url: str, home_url: str) -> str:
    """A JSON Feed 1.1 of `posts` (newest first, cut to size), RFC 3339 dates."""
    absolute = lambda url: urls.absolute(config.url, config.base_path, url)  # noqa: E731
    feed: dict = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.title,
        "home_page_url": absolute(home_url),
        "feed_url": absolute(feed_url),
        "language": config.language,
    }
    if config.description:
        feed["description"] = config.description
    if config.author:
        feed["authors"] = [{"name": config.author}]
    items = []
    for post in posts:
        link = absolute(post.url)
        item = {"id": link, "url": link, "title": post.title}
        item["content_html"] = _content(post, link)
        if post.description:
            item["summary"] = post.description
        if post.image:
            item["image"] = absolute(post.image) if "://" not in post.image else post.image
        item["date_published"] = _time(post.date)
        if post.updated:
            item["date_modified"] = _time(post.updated)
        if post.author:
            item["authors"] = [{"name": post.author}]
        if post.tags:
            item["tags"] = list(post.tags)
        items.append(item)
    feed["items"] = items
    return json.dumps(feed, ensure_ascii=False) + "\n"


def sitemap(config: Config, entries: list[tuple[str, datetime | None]]) -> str:
    """`entries`: (site path, last modified or None), in output order."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, modified in entries:
        out.append("<url>")
        out.append(f"<loc>{_text(urls.absolute(config.url, config.base_path, url))}</loc>")
        if modified is not None:
            out.append(f"<lastmod>{_time(modified)}</lastmod>")
        out.append("</url>")
    out.append("</urlset>")
    return "\n".join(out) + "\n"


def robots(config: Config) -> str:
    return (
        "User-agent: *\nAllow: /\n\n"
        f"Sitemap: {urls.absolute(config.url, config.base_path, '/sitemap.xml')}\n"
    )
