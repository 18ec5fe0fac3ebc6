"""Tests for slugs, permalinks and links (ssg/urls.py)."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ssg.urls import (
    absolute,
    encode,
    expand_permalink,
    folder,
    href,
    normalize,
    output_path,
    slugify,
)

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.mark.parametrize(
    "text, slug",
    [
        ("쿠버네티스 배포 전략!", "쿠버네티스-배포-전략"),
        ("Docker Compose로 개발 환경 만들기", "docker-compose로-개발-환경-만들기"),
        ("2024년 회고", "2024년-회고"),
        ("Hello, World!", "hello-world"),
        ("  Python 3.12: What's New?  ", "python-3-12-what-s-new"),
        ("GitHub Actions (CI/CD) — 정리", "github-actions-ci-cd-정리"),
        ("snake_case_name", "snake-case-name"),
        ("--already--slugged--", "already-slugged"),
        ("ÜBER Café", "über-café"),
        ("e\u0301te\u0301", "\u00e9t\u00e9"),  # decomposed accents are composed (NFC)
        (unicodedata.normalize("NFD", "도커 입문"), "도커-입문"),  # macOS file names are NFD
        ("हिन्दी ब्लॉग", "हिन्दी-ब्लॉग"),  # vowel signs are combining marks, kept in the word
        ("日本語のテキスト", "日本語のテキスト"),
        ("🐳 Docker & K8s", "docker-k8s"),
        ("!!!", ""),
        ("", ""),
        (2024, "2024"),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize(
    "pattern, url",
    [
        ("/:year/:month/:day/:slug/", "/2021/05/05/my-post/"),
        ("/:year/:month/:day/:title.html", "/2021/05/05/My-Post.html"),  # Jekyll style
        ("/:year/:month/:day/:title", "/2021/05/05/My-Post/"),
        ("/:categories/:slug/", "/dev-ops/데브옵스/my-post/"),
        ("/:categories/:year/:slug.html", "/dev-ops/데브옵스/2021/my-post.html"),
        ("/:short_year/:i_month/:i_day/:hour:minute:second/", "/21/5/5/080709/"),
        ("/blog/:slug", "/blog/my-post/"),
        ("/posts//:slug//", "/posts/my-post/"),
    ],
)
def test_expand_permalink_tokens(pattern, url):
    date = datetime(2021, 5, 5, 8, 7, 9, tzinfo=SEOUL)
    expanded = expand_permalink(
        pattern, date=date, slug="my-post", title="My-Post", categories=["Dev Ops", "데브옵스"]
    )
    assert expanded == url


def test_expand_permalink_without_categories_drops_the_segment():
    date = datetime(2024, 12, 31, tzinfo=SEOUL)
    url = expand_permalink(
        "/:categories/:slug/", date=date, slug="회고", title="회고", categories=[]
    )
    assert url == "/회고/"


def test_expand_permalink_with_korean_slug():
    date = datetime(2024, 1, 9, 23, 59, tzinfo=SEOUL)
    url = expand_permalink(
        "/:year/:month/:day/:slug/", date=date, slug="도커-입문", title="도커-입문", categories=[]
    )
    assert url == "/2024/01/09/도커-입문/"


def test_expand_permalink_without_a_date_leaves_date_tokens_empty():
    url = expand_permalink(
        "/:year/:month/:slug/", date=None, slug="about", title="x", categories=[]
    )
    assert url == "/about/"


@pytest.mark.parametrize(
    "url, normal",
    [
        ("", "/"),
        ("/", "/"),
        ("///", "/"),
        ("posts/hello", "/posts/hello/"),
        ("/a//b", "/a/b/"),
        ("  /about  ", "/about/"),
        ("/feed.xml", "/feed.xml"),
        ("/2021/05/25/post.html", "/2021/05/25/post.html"),
        ("/tags/도커", "/tags/도커/"),
        ("/a/./b/../c", "/a/c/"),
        # a permalink never leaves the output folder
        ("/../../etc/passwd/", "/etc/passwd/"),
        ("../x.html", "/x.html"),
    ],
)
def test_normalize(url, normal):
    assert normalize(url) == normal


@pytest.mark.parametrize(
    "url, path",
    [
        ("/", "index.html"),
        ("/about/", "about/index.html"),
        ("/2021/05/25/도커/", "2021/05/25/도커/index.html"),
        ("/feed.xml", "feed.xml"),
        ("/tags/docker/feed.xml", "tags/docker/feed.xml"),
        ("/2021/05/25/post.html", "2021/05/25/post.html"),
    ],
)
def test_output_path(url, path):
    assert output_path(url) == path


@pytest.mark.parametrize(
    "url, base",
    [("/a/b/", "/a/b/"), ("/a/b.html", "/a/"), ("/feed.xml", "/"), ("/", "/")],
)
def test_folder(url, base):
    assert folder(url) == base


@pytest.mark.parametrize(
    "base_path, url, link",
    [
        ("/", "/", "/"),
        ("/repo/", "/", "/repo/"),
        ("/", "/about/", "/about/"),
        ("/repo/", "/images/doc1.PNG", "/repo/images/doc1.PNG"),
        ("/repo/", "/tags/도커/", "/repo/tags/%EB%8F%84%EC%BB%A4/"),
        ("/", "/2024/01/09/한글-제목/", "/2024/01/09/%ED%95%9C%EA%B8%80-%EC%A0%9C%EB%AA%A9/"),
        ("/", "/a b/", "/a%20b/"),
        ("/", "/c++/", "/c++/"),
        ("/", "/about/#연락처", "/about/#%EC%97%B0%EB%9D%BD%EC%B2%98"),
        ("/", "/%EB%8F%84/", "/%EB%8F%84/"),  # already encoded: not encoded twice
    ],
)
def test_href(base_path, url, link):
    assert href(base_path, url) == link


def test_encode_keeps_url_syntax():
    assert encode("/search?q=도커&page=2") == "/search?q=%EB%8F%84%EC%BB%A4&page=2"


@pytest.mark.parametrize(
    "site_url, base_path, url, full",
    [
        (
            "https://u.github.io/repo/",
            "/repo/",
            "/tags/도커/",
            "https://u.github.io/repo/tags/%EB%8F%84%EC%BB%A4/",
        ),
        ("https://u.github.io/repo/", "/repo/", "/feed.xml", "https://u.github.io/repo/feed.xml"),
        ("https://blog.example.com/", "/", "/", "https://blog.example.com/"),
        ("https://blog.example.com", "/", "/about/", "https://blog.example.com/about/"),
        ("http://localhost:8000", "/", "/sitemap.xml", "http://localhost:8000/sitemap.xml"),
    ],
)
def test_absolute(site_url, base_path, url, full):
    assert absolute(site_url, base_path, url) == full


def test_control_characters_never_reach_a_url():
    """A NUL byte in a Jekyll category (only lower-cased there) would reach the file system."""
    assert normalize("/a\x00b/\x1fc\x7f/") == "/ab/c/"
    url = expand_permalink(
        "/:categories/:title/",
        date=None,
        slug="s",
        title="t",
        categories=["Dev\x00Notes"],
        lowercase_categories=True,
    )
    assert url == "/devnotes/t/"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("hello world", "hello-world"),
        ("Hello World?", "Hello-World"),  # case kept, `?` is not
        ("도커 컴포즈 입문", "도커-컴포즈-입문"),
        ("c++ & rust (2)", "c++-&-rust-(2)"),
        ("what's_new.v2", "what's_new.v2"),
        ("  --spaced--  ", "spaced"),
        ("a/b#c%d", "a-b-c-d"),
    ],
)
def test_title_is_jekylls_pretty_cased_slug_of_the_file_name(name, title):
    from ssg.urls import title_slug

    assert title_slug(name) == title
