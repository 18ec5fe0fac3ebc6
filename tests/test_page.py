"""One document end to end (ssg/page.py `convert`): URL, dates, cover image, description."""

from __future__ import annotations

import hashlib
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from ssg.config import Config
from ssg.frontmatter import parse_document
from ssg.page import Page, convert, summary_digest
from ssg.sources import SourceFile

from conftest import make_page, png_bytes

SEOUL = ZoneInfo("Asia/Seoul")


def make_config(root: Path, **kw) -> Config:
    values = {
        "url": "https://blog.example.com/repo/",
        "base_path": "/repo/",
        "timezone": "Asia/Seoul",
    }
    values.update(kw)
    return Config(root=root, **values)


def write(root: Path, rel: str, data: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def source_file(config: Config, rel: str) -> SourceFile:
    """What `sources.discover` makes of `content/<rel>`."""
    path = config.content_path / rel
    data = path.read_bytes()
    bundle = path.parent if path.name == "index.md" and rel.startswith("posts/") else None
    return SourceFile(
        path=path,
        rel=path.relative_to(config.root).as_posix(),
        content_rel=rel,
        kind="post" if rel.startswith("posts/") else "page",
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        bundle_dir=bundle,
    )


def build(config: Config, rel: str, text: str | None = None) -> tuple[Page, list[str], frozenset]:
    if text is not None:
        write(config.content_path, rel, text)
    doc, problems = parse_document(source_file(config, rel), config.tz)
    assert doc is not None, [str(p) for p in problems]
    page, found, deps = convert(doc, config, (), "cache-key")
    return page, [str(p) for p in problems + found], deps


def post(*front: str, body: str = "본문.\n") -> str:
    return "---\n" + "".join(line + "\n" for line in front) + "---\n" + body


@pytest.fixture
def config(tmp_path) -> Config:
    return make_config(tmp_path)


# ------------------------------------------------------------------ URLs and dates


def test_post_url_uses_the_date_in_the_site_time_zone(config):
    page, problems, _ = build(
        config,
        "posts/2021-05-25-time-zones.md",
        post("title: 시간대", "date: 2021-05-25 20:00:00 +0000"),
    )
    assert problems == []
    assert page.url == "/2021/05/26/time-zones/"
    assert page.date == datetime(2021, 5, 26, 5, 0, tzinfo=SEOUL)
    assert page.date.isoformat() == "2021-05-26T05:00:00+09:00"
    assert (page.kind, page.title) == ("post", "시간대")


def test_same_post_in_utc_keeps_its_day(tmp_path):
    config = make_config(tmp_path, timezone="UTC")
    page, _, _ = build(
        config,
        "posts/2021-05-25-time-zones.md",
        post("date: 2021-05-25 20:00:00 +0000"),
    )
    assert page.url == "/2021/05/25/time-zones/"
    assert page.date.isoformat() == "2021-05-25T20:00:00+00:00"


def test_permalink_front_matter_overrides_the_pattern(config):
    page, _, _ = build(config, "posts/2021-05-25-a.md", post("permalink: /custom/path"))
    assert page.url == "/custom/path/"
    page, _, _ = build(config, "posts/2021-05-25-b.md", post("permalink: /notes/hello.html"))
    assert page.url == "/notes/hello.html"


def test_korean_slug_from_file_name_and_front_matter(config):
    page, _, _ = build(config, "posts/2021-05-25-도커-입문.md", post("title: 도커 입문"))
    assert page.url == "/2021/05/25/도커-입문/"
    page, _, _ = build(
        config, "posts/2021-05-26-k8s.md", post("title: K8s", "slug: 쿠버네티스 시작하기!")
    )
    assert page.url == "/2021/05/26/쿠버네티스-시작하기/"


def test_permalink_pattern_from_config(tmp_path):
    config = make_config(tmp_path, permalink="/blog/:categories/:year/:slug/")
    page, _, _ = build(config, "posts/2021-05-25-노트.md", post("categories: [개발 노트, Python]"))
    assert page.url == "/blog/개발-노트/python/2021/노트/"


@pytest.mark.parametrize(
    ("rel", "url"),
    [
        ("about.md", "/about/"),
        ("docs/index.md", "/docs/"),
        ("index.md", "/"),
        ("a/b.markdown", "/a/b/"),
    ],
)
def test_page_urls(config, rel, url):
    page, problems, _ = build(config, rel, post("title: 페이지"))
    assert (page.url, page.kind, page.date) == (url, "page", None)
    assert problems == []


# ------------------------------------------------------------------ cover image


def test_cover_image_beside_the_post_wins(config):
    write(config.content_path, "posts/cover.png", png_bytes(30, 20))
    write(config.content_path, "images/cover.png", png_bytes(99, 99))
    page, problems, deps = build(config, "posts/2021-05-25-c.md", post("image: cover.png"))
    assert (page.image, page.image_size) == ("/posts/cover.png", (30, 20))
    assert problems == []
    assert config.content_path / "posts/cover.png" in deps


def test_cover_image_falls_back_to_content_images(config):
    write(config.content_path, "images/cover.png", png_bytes(64, 32))
    page, problems, _ = build(config, "posts/2021-05-25-c.md", post("image: cover.png"))
    assert (page.image, page.image_size) == ("/images/cover.png", (64, 32))
    assert problems == []


def test_cover_image_in_a_bundle_is_published_beside_the_page(config):
    write(config.content_path, "posts/2021-05-25-묶음/cover.png", png_bytes(12, 8))
    page, problems, _ = build(config, "posts/2021-05-25-묶음/index.md", post("image: cover.png"))
    assert page.url == "/2021/05/25/묶음/"
    assert (page.image, page.image_size) == ("/2021/05/25/묶음/cover.png", (12, 8))
    assert problems == []


def test_cover_image_site_absolute_and_external(config):
    write(config.content_path, "images/og.png", png_bytes(1200, 630))
    page, _, _ = build(config, "posts/2021-05-25-a.md", post("image: /images/og.png"))
    assert (page.image, page.image_size) == ("/images/og.png", (1200, 630))
    url = "https://cdn.example.com/og.png"
    page, problems, _ = build(config, "posts/2021-05-25-b.md", post(f"image: {url}"))
    assert (page.image, page.image_size, problems) == (url, None, [])


def test_missing_cover_image_is_a_warning_and_no_image(config):
    page, problems, _ = build(
        config, "posts/2021-05-25-c.md", post("title: 표지 없음", "image: nope.png")
    )
    assert (page.image, page.image_size) == (None, None)
    assert problems == ["content/posts/2021-05-25-c.md:3: warning: cover image not found: nope.png"]


# ------------------------------------------------------------------ body, excerpt, description


def test_description_from_the_excerpt(config):
    body = (
        "## 소개\n\n이 글은 **도커** 이미지를\n소개합니다[^1] &amp; 정리합니다.\n\n"
        "둘째.\n\n[^1]: 각주\n"
    )
    page, _, _ = build(config, "posts/2021-05-25-d.md", post("title: 설명", body=body))
    assert page.description == "이 글은 도커 이미지를 소개합니다 & 정리합니다."
    assert page.excerpt_html == (
        "<p>이 글은 <strong>도커</strong> 이미지를\n소개합니다 &amp; 정리합니다.</p>"
    )


def test_description_keeps_words_around_inline_markup(config):
    page, _, _ = build(
        config, "posts/2021-05-25-d.md", post(body="이 글은 **도커**를 소개합니다.\n")
    )
    assert page.description == "이 글은 도커를 소개합니다."


def test_description_and_excerpt_from_front_matter(config):
    page, _, _ = build(
        config,
        "posts/2021-05-25-d.md",
        post("description: 직접 쓴 설명", "excerpt: 직접 쓴 *발췌*", body="본문 문단.\n"),
    )
    assert page.description == "직접 쓴 설명"
    assert page.excerpt_html == "<p>직접 쓴 <em>발췌</em></p>"
    page, _, _ = build(config, "posts/2021-05-25-e.md", post("excerpt: 발췌만 있음"))
    assert page.description == "발췌만 있음"


def test_body_diagnostics_carry_file_lines(config):
    text = post(
        "title: 줄 번호",
        "tags: OS",
        body="첫 줄\n\n```klingon\nqapla'\n```\n\n![없음](/images/none.png)\n",
    )
    page, problems, _ = build(config, "posts/2021-05-25-lines.md", text)
    assert problems == [
        'content/posts/2021-05-25-lines.md:7: warning: unknown code language "klingon"; '
        "shown without highlighting",
        "content/posts/2021-05-25-lines.md:11: warning: image not found: /images/none.png",
    ]
    assert page.tags == ("OS",)


def test_liquid_outside_code_and_literal_inside(config):
    write(config.content_path, "images/x.png", png_bytes(5, 4))
    body = (
        "주소: {{ site.url }}\n\n"
        "![x]({{ site.baseurl }}/images/x.png)\n\n"
        "```yaml\nurl: {{ site.url }}\n```\n\n"
        "인라인 `{{ site.baseurl }}`\n"
    )
    page, problems, _ = build(config, "posts/2021-05-25-liquid.md", post(body=body))
    assert problems == []
    html = BeautifulSoup(page.html, "html.parser")
    paragraphs = html.find_all("p")
    assert paragraphs[0].text == "주소: https://blog.example.com"
    assert (html.img["src"], html.img["width"]) == ("/repo/images/x.png", "5")
    assert [c.text for c in html.find_all("code")] == ["url: {{ site.url }}", "{{ site.baseurl }}"]


def test_bundle_excerpt_images_work_on_list_pages(config):
    write(config.content_path, "posts/2021-05-25-묶음/flow.png", png_bytes(10, 20))
    page, _, _ = build(
        config, "posts/2021-05-25-묶음/index.md", post(body="![흐름](flow.png) 소개 문단.\n")
    )
    excerpt = BeautifulSoup(page.excerpt_html, "html.parser")
    assert excerpt.img["src"] == "/repo/2021/05/25/%EB%AC%B6%EC%9D%8C/flow.png"


# ------------------------------------------------------------------ hostile front matter


def test_summary_digest_does_not_expand_shared_values():
    """Front matter values that share parts (YAML aliases) are never walked expanded: a
    digest over nine levels of nine references each is made at once, not over 9**9 items."""
    value: object = ["lol"] * 9
    for _ in range(9):
        value = [value] * 9
    started = time.perf_counter()
    digest = summary_digest(make_page(extra={"bomb": value}, digest="key-1"))
    assert time.perf_counter() - started < 1
    assert digest == summary_digest(make_page(extra={"bomb": value}, digest="key-1"))
    assert digest != summary_digest(make_page(extra={"bomb": value}, digest="key-2"))


def test_summary_digest_follows_ordinary_front_matter():
    one = summary_digest(make_page(extra={"mood": "happy"}, digest="a"))
    assert one == summary_digest(make_page(extra={"mood": "happy"}, digest="b"))
    assert one != summary_digest(make_page(extra={"mood": "sad"}, digest="a"))


def test_summary_digest_of_a_recursive_value():
    loop: list = [1]
    loop.append(loop)
    assert summary_digest(make_page(extra={"loop": loop}, digest="a"))
