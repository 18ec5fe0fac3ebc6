"""Atom feed, sitemap and robots.txt (ssg/feeds.py), read back with an XML parser."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from ssg.config import Config
from ssg.feeds import absolutize, atom_feed, robots, sitemap
from ssg.page import Page

from conftest import make_page

SEOUL = ZoneInfo("Asia/Seoul")
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HERE = "https://blog.example.com/repo/2024/02/03/post/"


def config(tmp_path, **kw) -> Config:
    values = {
        "url": "https://blog.example.com/repo/",
        "base_path": "/repo/",
        "title": "개발 노트 & <기록>",
        "description": "배운 것을 적는 곳",
        "language": "ko",
        "timezone": "Asia/Seoul",
    }
    values.update(kw)
    return Config(root=tmp_path, **values)


def page(url: str, title: str, day: int, **kw) -> Page:
    values = dict(
        source=f"content/posts/2024-02-{day:02d}-x.md",
        title=title,
        date=datetime(2024, 2, day, 9, 30, tzinfo=SEOUL),
        body="<p>본문</p>",
        excerpt_part="<p>본문</p>",
        words=1,
        reading_minutes=1,
    )
    values.update(kw)
    # the digest identifies a page's content, as the cache key does in a build
    values["digest"] = repr(sorted(values.items()))
    return make_page(url, **values)


def links(fragment: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, value) of every URL attribute, in document order."""
    out = []
    for tag in BeautifulSoup(fragment, "html.parser").find_all(True):
        for name in ("href", "src", "srcset", "poster"):
            if tag.has_attr(name):
                out.append((tag.name, name, tag[name]))
    return out


# ------------------------------------------------------------------ absolutize


def test_absolutize_relative_and_site_absolute_urls():
    fragment = (
        '<a href="../other/">a</a><img src="pic.png" alt=""><a href="/repo/about/">b</a>'
        '<a href="#설치">c</a><img src=plain.png alt="">'
        '<video poster="/repo/v.jpg" src="clip.mp4"></video>'
    )
    assert links(absolutize(fragment, HERE)) == [
        ("a", "href", "https://blog.example.com/repo/2024/02/03/other/"),
        ("img", "src", HERE + "pic.png"),
        ("a", "href", "https://blog.example.com/repo/about/"),
        ("a", "href", HERE + "#설치"),
        ("img", "src", HERE + "plain.png"),
        ("video", "src", HERE + "clip.mp4"),
        ("video", "poster", "https://blog.example.com/repo/v.jpg"),
    ]


def test_absolutize_srcset_candidates():
    fragment = '<img srcset="small.png 1x,/repo/big.png 2x, data:image/png;base64,AA 3x" alt="">'
    assert links(absolutize(fragment, HERE)) == [
        (
            "img",
            "srcset",
            f"{HERE}small.png 1x,https://blog.example.com/repo/big.png 2x, "
            "data:image/png;base64,AA 3x",
        )
    ]


def test_absolutize_leaves_absolute_and_special_urls():
    fragment = (
        '<a href="mailto:me@example.com">m</a><img src="data:image/gif;base64,R0lG" alt="">'
        '<a href="https://other.example.org/x">o</a><a href="tel:+821012345678">t</a>'
        '<a href="">empty</a>'
    )
    assert absolutize(fragment, HERE) == fragment


def test_absolutize_protocol_relative_gets_the_scheme():
    result = absolutize('<script src="//cdn.example.com/lib.js"></script>', HERE)
    assert links(result) == [("script", "src", "https://cdn.example.com/lib.js")]


def test_absolutize_ignores_text_that_looks_like_an_attribute():
    # escaped in text and code: not an attribute
    fragment = '<p>write href=&quot;x&quot; or <code>src=y</code> <a title="a>b">t</a></p>'
    assert absolutize(fragment, HERE) == fragment


# ------------------------------------------------------------------ atom_feed


@pytest.fixture
def feed(tmp_path):
    posts = (
        page(
            "/2024/02/03/도커-입문/",
            "Docker & <Compose> 입문",
            3,
            updated=datetime(2024, 2, 5, 8, 0, tzinfo=SEOUL),
            tags=("도커", "devops"),
            author="김철수",
            description="도커 & 컴포즈 요약",
            body=(
                '<p><img src="diagram.png" alt="d"> <a href="/repo/about/">소개</a> '
                '<a href="#설치">설치</a> <a href="https://example.org/">외부</a></p>'
            ),
        ),
        page("/2024/02/01/first/", "첫 글", 1),
    )
    xml = atom_feed(config(tmp_path), posts, "/feed.xml", "/", "개발 노트 & <기록>")
    return ET.fromstring(xml.encode("utf-8"))


def test_feed_header(feed):
    assert feed.tag == ATOM + "feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ko"
    assert feed.findtext(ATOM + "title") == "개발 노트 & <기록>"
    assert feed.findtext(ATOM + "subtitle") == "배운 것을 적는 곳"
    assert feed.findtext(ATOM + "id") == "https://blog.example.com/repo/feed.xml"
    assert feed.findtext(ATOM + "updated") == "2024-02-05T08:00:00+09:00"
    assert [(link.get("rel"), link.get("href")) for link in feed.findall(ATOM + "link")] == [
        ("self", "https://blog.example.com/repo/feed.xml"),
        ("alternate", "https://blog.example.com/repo/"),
    ]
    # Atom needs an author for every entry: the feed-level one covers entries without
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "개발 노트 & <기록>"


def test_feed_entries(feed):
    first, second = feed.findall(ATOM + "entry")
    url = "https://blog.example.com/repo/2024/02/03/%EB%8F%84%EC%BB%A4-%EC%9E%85%EB%AC%B8/"
    assert first.findtext(ATOM + "title") == "Docker & <Compose> 입문"
    assert first.findtext(ATOM + "id") == url
    assert first.find(ATOM + "link").get("href") == url
    assert first.findtext(ATOM + "published") == "2024-02-03T09:30:00+09:00"
    assert first.findtext(ATOM + "updated") == "2024-02-05T08:00:00+09:00"
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "김철수"
    assert [c.get("term") for c in first.findall(ATOM + "category")] == ["도커", "devops"]
    assert first.findtext(ATOM + "summary") == "도커 & 컴포즈 요약"
    assert second.findtext(ATOM + "id") == "https://blog.example.com/repo/2024/02/01/first/"
    assert second.findtext(ATOM + "updated") == "2024-02-01T09:30:00+09:00"
    assert second.find(ATOM + "author") is None and second.find(ATOM + "summary") is None


def test_feed_content_has_only_absolute_urls(feed):
    entry = feed.find(ATOM + "entry")
    content = entry.find(ATOM + "content")
    assert content.get("type") == "html"
    url = "https://blog.example.com/repo/2024/02/03/%EB%8F%84%EC%BB%A4-%EC%9E%85%EB%AC%B8/"
    assert links(content.text) == [
        ("img", "src", url + "diagram.png"),
        ("a", "href", "https://blog.example.com/repo/about/"),
        ("a", "href", url + "#설치"),
        ("a", "href", "https://example.org/"),
    ]


def test_feed_author_from_config(tmp_path):
    xml = atom_feed(
        config(tmp_path, author="홍길동"), (page("/a/", "A", 2),), "/feed.xml", "/", "T"
    )
    root = ET.fromstring(xml)
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "홍길동"


def test_feed_survives_characters_xml_forbids(tmp_path):
    post = page(
        "/a/",
        "제목\x0b",
        2,
        body="<pre><code>\x1b[31m빨강\x1b[0m</code></pre>",
        description="요약\x00",
    )
    root = ET.fromstring(atom_feed(config(tmp_path), (post,), "/feed.xml", "/", "T"))
    entry = root.find(ATOM + "entry")
    assert entry.findtext(ATOM + "title") == "제목"
    assert entry.findtext(ATOM + "summary") == "요약"
    assert entry.findtext(ATOM + "content") == "<pre><code>[31m빨강[0m</code></pre>"


def test_tag_feed_urls_are_absolute_and_encoded(tmp_path):
    xml = atom_feed(
        config(tmp_path), (page("/a/", "A", 2),), "/tags/도커/feed.xml", "/tags/도커/", "T"
    )
    root = ET.fromstring(xml)
    tag = "https://blog.example.com/repo/tags/%EB%8F%84%EC%BB%A4/"
    assert root.findtext(ATOM + "id") == tag + "feed.xml"
    assert [link.get("href") for link in root.findall(ATOM + "link")] == [tag + "feed.xml", tag]


def test_empty_feed_is_valid_xml(tmp_path):
    root = ET.fromstring(atom_feed(config(tmp_path), (), "/feed.xml", "/", "T"))
    assert root.findtext(ATOM + "updated") == "1970-01-01T00:00:00+00:00"
    assert root.findall(ATOM + "entry") == []


# ------------------------------------------------------------------ sitemap and robots


def test_sitemap(tmp_path):
    xml = sitemap(
        config(tmp_path),
        [
            ("/", None),
            ("/2024/02/03/도커-입문/", datetime(2024, 2, 5, 8, 0, tzinfo=SEOUL)),
            ("/tags/c&c++/", None),
            ("/about/", None),
        ],
    )
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == SITEMAP + "urlset"
    entries = [(u.findtext(SITEMAP + "loc"), u.findtext(SITEMAP + "lastmod")) for u in root]
    assert entries == [
        ("https://blog.example.com/repo/", None),
        (
            "https://blog.example.com/repo/2024/02/03/%EB%8F%84%EC%BB%A4-%EC%9E%85%EB%AC%B8/",
            "2024-02-05T08:00:00+09:00",
        ),
        ("https://blog.example.com/repo/tags/c&c++/", None),
        ("https://blog.example.com/repo/about/", None),
    ]


def test_sitemap_at_the_site_root(tmp_path):
    cfg = config(tmp_path, url="https://me.example.io/", base_path="/")
    root = ET.fromstring(sitemap(cfg, [("/", None), ("/a/", None)]))
    assert [u.findtext(SITEMAP + "loc") for u in root] == [
        "https://me.example.io/",
        "https://me.example.io/a/",
    ]


def test_robots_points_to_the_absolute_sitemap(tmp_path):
    text = robots(config(tmp_path))
    assert text.splitlines() == [
        "User-agent: *",
        "Allow: /",
        "",
        "Sitemap: https://blog.example.com/repo/sitemap.xml",
    ]


@pytest.mark.parametrize(
    "value", ["plain", 'a "q" b', "it's", "both \" and '", "<&>\n\t\r", "\x01bad\ufffe", ""]
)
def test_feed_escaping_is_what_saxutils_writes(value):
    from xml.sax.saxutils import escape, quoteattr

    from ssg.feeds import _attr, _text

    clean = value.replace("\x01", "").replace("\ufffe", "")
    assert _text(value) == escape(clean)
    assert _attr(value) == quoteattr(clean)


@pytest.mark.parametrize(
    "moment",
    [
        "2021-05-25T08:25:00+03:00",
        "2024-02-29T23:59:59-07:00",
        "1999-12-31T00:00:00+00:00",
        "2026-01-04T12:00:00+05:45",
    ],
)
def test_rfc822_dates_are_what_email_utils_writes(moment):
    from datetime import datetime
    from email.utils import format_datetime as expected

    from ssg.feeds import format_datetime

    assert format_datetime(datetime.fromisoformat(moment)) == expected(
        datetime.fromisoformat(moment)
    )
