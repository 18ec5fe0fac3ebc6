"""URLs: Unicode slugs (Korean stays readable), permalinks, output paths, percent-encoding.

Inside the build a URL is a site path like `/2021/05/25/도커/` (no base path, not
encoded). Templates and feeds turn it into an href with `href()` or `absolute()`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from functools import lru_cache
from urllib.parse import quote

_TOKEN = re.compile(
    r":(year|month|day|hour|minute|second|i_month|i_day|short_year|y_day|slug|title"
    r"|categories|output_ext)"
)
_SAFE = "/:#?&=%@+~!$,;'()*[]"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@lru_cache(maxsize=16384)  # the same tags and titles, slugged for every page that shows them
def slugify(text: str) -> str:
    """`Docker 이미지 정리!` -> `docker-이미지-정리`: letters and digits of any script."""
    text = unicodedata.normalize("NFC", str(text)).lower()
    # letters, digits and combining marks (Hindi vowel signs, Arabic shadda) stay; the rest is `-`
    kept = "".join(c if c.isalnum() or unicodedata.category(c)[0] == "M" else " " for c in text)
    return "-".join(kept.split())


PRETTY_KEEP = frozenset("._~!$&'()+,;=@")


def title_slug(text: str) -> str:
    """`:title` as Jekyll makes it from a file name: `slugify` in its "pretty" mode with
    case kept. Letters, marks, digits and `._~!$&'()+,;=@` stay; every other run of
    characters is one `-`; none at either end (`Hello World?` -> `Hello-World`)."""
    kept = "".join(c if c in PRETTY_KEEP or is_slug_char(c) else "-" for c in text)
    return re.sub("-+", "-", kept).strip("-")


def is_slug_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def expand_permalink(
    pattern: str,
    *,
    date: datetime | None,
    slug: str,
    title: str,
    categories: list[str],
    lowercase_categories: bool = False,
) -> str:
    """Fill a permalink pattern; `date` is already in the site's time zone. Categories are
    slugs (`Dev Notes` -> `dev-notes`), or with `lowercase_categories` only lower-cased, as
    Jekyll makes them."""
    values = {
        "slug": slug,
        "title": title,
        "output_ext": ".html",
        # lower-cased, each once (Jekyll's UrlDrop keeps a set of them)
        "categories": "/".join(
            dict.fromkeys(
                c.lower().replace("/", "-") if lowercase_categories else slugify(c)
                for c in categories
            )
        ),
    }
    if date is not None:
        values.update(
            year=f"{date.year:04d}",
            month=f"{date.month:02d}",
            day=f"{date.day:02d}",
            hour=f"{date.hour:02d}",
            minute=f"{date.minute:02d}",
            second=f"{date.second:02d}",
            i_month=str(date.month),
            i_day=str(date.day),
            short_year=f"{date.year % 100:02d}",
            y_day=f"{date.timetuple().tm_yday:03d}",
        )
    url = _TOKEN.sub(lambda m: values.get(m.group(1), ""), pattern)
    return normalize(url)


def normalize(url: str) -> str:
    """Collapse `//`, drop `.` and `..` segments (a URL never leaves the site) and control
    characters (a NUL never reaches the file system), start with `/`; a URL without a file
    extension ends with `/`."""
    parts: list[str] = []
    for part in _CONTROL.sub("", url).strip().split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    url = "/" + "/".join(parts)
    last = parts[-1] if parts else ""
    if last and "." not in last:
        url += "/"
    return url


def output_path(url: str) -> str:
    """`/a/b/` -> `a/b/index.html`; `/feed.xml` -> `feed.xml` (relative to the output folder)."""
    path = url.lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    return path


def folder(url: str) -> str:
    """The folder a page's relative links resolve in: `/a/b/` -> `/a/b/`, `/a/b.html` -> `/a/`."""
    return url if url.endswith("/") else url.rsplit("/", 1)[0] + "/"


@lru_cache(maxsize=16384)  # the same links (tags, pages, posts) on every page
def encode(url: str) -> str:
    """Percent-encode what a URL may not hold as written (Korean, spaces), keep the rest."""
    return quote(url, safe=_SAFE)


def href(base_path: str, url: str) -> str:
    """Site path -> percent-encoded link under the base path.

    `/tags/도커/` -> `/repo/tags/%EB%8F%84%EC%BB%A4/`
    """
    return encode(base_path + url.lstrip("/"))


def absolute(site_url: str, base_path: str, url: str) -> str:
    """Site path -> absolute URL for feeds, sitemap and canonical links."""
    origin = site_url.split("/", 3)
    origin = "/".join(origin[:3])
    return origin + href(base_path, url)
