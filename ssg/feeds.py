"""Atom feeds, the sitemap and robots.txt: XML with absolute URLs only."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urljoin
from xml.sax.saxutils import escape, quoteattr

from ssg import urls
from ssg.config import Config
from ssg.page import Page

_URL_ATTR = re.compile(
    r"""(\s(?:href|src|poster)\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL
)
_SRCSET = re.compile(r"""(\ssrcset\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)


def absolutize(fragment: str, page_url: str) -> str:
    """Make every link and image in an HTML fragment absolute (feed readers have no base URL)."""

    def fix(url: str) -> str:
        url = url.strip()
        if not url or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
            return url
        return urljoin(page_url, url)

    fragment = _URL_ATTR.sub(
        lambda m: f"{m.group(1)}{m.group(2)}{fix(m.group(3))}{m.group(2)}", fragment
    )
    return _SRCSET.sub(
        lambda m: (
            m.group(1)
            + m.group(2)
            + ", ".join(
                " ".join([fix(part.split()[0]), *part.split()[1:]])
                for part in m.group(3).split(",")
                if part.strip()
            )
            + m.group(2)
        ),
        fragment,
    )


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
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
        f"<title>{escape(title)}</title>",
    ]
    if config.description:
        out.append(f"<subtitle>{escape(config.description)}</subtitle>")
    out += [
        f'<link href={quoteattr(absolute(feed_url))} rel="self" type="application/atom+xml"/>',
        f'<link href={quoteattr(absolute(home_url))} rel="alternate" type="text/html"/>',
        f"<id>{escape(absolute(feed_url))}</id>",
        f"<updated>{_time(updated) if updated else '1970-01-01T00:00:00+00:00'}</updated>",
        '<generator uri="https://pypi.org/project/ssg-blog/">ssg</generator>',
    ]
    if config.author:
        out.append(f"<author><name>{escape(config.author)}</name></author>")
    for post in posts:
        link = absolute(post.url)
        out += [
            "<entry>",
            f"<title>{escape(post.title)}</title>",
            f'<link href={quoteattr(link)} rel="alternate" type="text/html"/>',
            f"<id>{escape(link)}</id>",
            f"<published>{_time(post.date)}</published>",
            f"<updated>{_time(post.updated or post.date)}</updated>",
        ]
        if post.author:
            out.append(f"<author><name>{escape(post.author)}</name></author>")
        for tag in post.tags:
            out.append(f"<category term={quoteattr(tag)}/>")
        if post.description:
            out.append(f"<summary>{escape(post.description)}</summary>")
        out.append(f'<content type="html">{escape(absolutize(post.html, link))}</content>')
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"


def sitemap(config: Config, entries: list[tuple[str, datetime | None]]) -> str:
    """`entries`: (site path, last modified or None), in output order."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, modified in entries:
        out.append("<url>")
        out.append(f"<loc>{escape(urls.absolute(config.url, config.base_path, url))}</loc>")
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
