"""Tests for front matter parsing (ssg/frontmatter.py)."""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ssg.frontmatter import Document, parse_document
from ssg.sources import SourceFile

SEOUL = ZoneInfo("Asia/Seoul")
POST = "content/posts/2024-03-01-hello-world.md"


def source(text: str | bytes, rel: str = POST, kind: str = "post") -> SourceFile:
    data = text.encode("utf-8") if isinstance(text, str) else text
    path = Path("/site") / rel
    return SourceFile(
        path=path,
        rel=rel,
        content_rel=rel.removeprefix("content/"),
        kind=kind,
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )


def parse(text: str | bytes, rel: str = POST, kind: str = "post") -> Document:
    doc, problems = parse_document(source(text, rel, kind), SEOUL)
    assert [str(p) for p in problems] == []
    assert doc is not None
    return doc


def errors(text: str | bytes, rel: str = POST, kind: str = "post") -> list[str]:
    doc, problems = parse_document(source(text, rel, kind), SEOUL)
    assert doc is None
    return [str(p) for p in problems]


def front(*lines: str, body: str = "본문입니다.\n") -> str:
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body


# ------------------------------------------------------------------ what real Jekyll posts hold


def test_bom_crlf_and_tab_after_key():
    data = (
        "\ufeff---\r\n"
        "title:\t도커 이미지 정리\r\n"
        "date:\t2021-05-25 08:25:00 +0300\r\n"
        "tags:\tOS docker\r\n"
        "---\r\n"
        "첫 줄\r\n"
        "둘째 줄\r\n"
    ).encode()
    doc = parse(data)
    assert doc.title == "도커 이미지 정리"
    assert doc.date == datetime(2021, 5, 25, 8, 25, tzinfo=timezone(timedelta(hours=3)))
    assert doc.tags == ("OS", "docker")
    assert doc.body == "첫 줄\n둘째 줄\n"
    assert doc.body_line == 6
    assert doc.front_lines == {"title": 2, "date": 3, "tags": 4}


@pytest.mark.parametrize(
    "lines, tags, categories",
    [
        (["tags: OS"], ("OS",), ()),
        (["tags: docker 쿠버네티스  linux"], ("docker", "쿠버네티스", "linux"), ()),
        (["tags: [docker, 쿠버네티스]"], ("docker", "쿠버네티스"), ()),
        (["tags:", "  - Machine Learning", "  - 파이썬"], ("Machine Learning", "파이썬"), ()),
        (["tag: Machine Learning"], ("Machine Learning",), ()),
        (["tags: docker linux", "tag: docker"], ("docker", "linux"), ()),
        (["tags: []"], (), ()),
        (["tags:"], (), ()),
        (["tags: 2024"], ("2024",), ()),
        (["categories: Dev Ops"], (), ("Dev", "Ops")),
        (["categories: [개발, 일상]"], (), ("개발", "일상")),
        (["categories:", "  - 개발 일기", "  - 회고"], (), ("개발 일기", "회고")),
        (["category: 개발 일기"], (), ("개발 일기",)),
        (["categories: 개발", "category: 개발 일기"], (), ("개발", "개발 일기")),
    ],
)
def test_tags_and_categories(lines, tags, categories):
    doc = parse(front(*lines))
    assert (doc.tags, doc.categories) == (tags, categories)


@pytest.mark.parametrize(
    "line, title",
    [
        ('title: "Docker: 컨테이너 기초"', "Docker: 컨테이너 기초"),
        ("title: 'Kubernetes: 배포 전략'", "Kubernetes: 배포 전략"),
        ("title: C# 입문", "C# 입문"),
        ("title: '#1 가장 많이 본 글'", "#1 가장 많이 본 글"),
        ("title: '[번역] Python 3.12의 새 기능'", "[번역] Python 3.12의 새 기능"),
        ('title: "그가 \\"안녕\\"이라고 했다"', '그가 "안녕"이라고 했다'),
        ("title: 'It''s a \"quoted\" title'", 'It\'s a "quoted" title'),
        ('title: "  앞뒤 공백이 있는 제목   "', "앞뒤 공백이 있는 제목"),
        ("title:    Spaces after the colon   ", "Spaces after the colon"),
        ("title: 2024", "2024"),
        ("title: a --- b", "a --- b"),
    ],
)
def test_titles(line, title):
    assert parse(front(line)).title == title


def test_empty_front_matter():
    doc = parse("---\n---\n본문\n")
    assert (doc.title, doc.body, doc.body_line, doc.extra) == ("Hello world", "본문\n", 3, {})


def test_no_front_matter_titles_the_post_from_its_file_slug():
    doc = parse("그냥 본문만 있는 글\n")
    assert (doc.title, doc.slug, doc.file_slug) == ("Hello world", "hello-world", "hello-world")
    assert (doc.body, doc.body_line) == ("그냥 본문만 있는 글\n", 1)


@pytest.mark.parametrize(
    "rel, title, slug",
    [
        ("content/posts/2024-03-01-쿠버네티스-입문.md", "쿠버네티스 입문", "쿠버네티스-입문"),
        (
            "content/posts/2024-03-01-setting-up-AWS-CLI.md",
            "Setting up AWS CLI",
            "setting-up-aws-cli",
        ),
        ("content/posts/2024-03-01-docker_tips.markdown", "Docker_tips", "docker-tips"),
    ],
)
def test_title_and_slug_from_the_file_name(rel, title, slug):
    doc = parse("", rel=rel)
    assert (doc.title, doc.slug) == (title, slug)


def test_bundle_post_takes_its_name_from_the_folder():
    rel = "content/posts/2024-03-01-도커-볼륨/index.md"
    data = b"x"
    src = SourceFile(
        path=Path("/site") / rel,
        rel=rel,
        content_rel=rel.removeprefix("content/"),
        kind="post",
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        bundle_dir=Path("/site/content/posts/2024-03-01-도커-볼륨"),
    )
    doc, problems = parse_document(src, SEOUL)
    assert problems == []
    assert (doc.title, doc.slug, doc.date) == (
        "도커 볼륨",
        "도커-볼륨",
        datetime(2024, 3, 1, tzinfo=SEOUL),
    )


def test_page_without_title_or_date():
    doc = parse("# 소개\n", rel="content/about.md", kind="page")
    assert (doc.title, doc.date, doc.slug, doc.draft) == ("", None, "about", False)


@pytest.mark.parametrize(
    "line, slug",
    [
        ("slug: 도커 입문 가이드", "도커-입문-가이드"),
        ("slug: Custom_Slug", "custom-slug"),
        ("slug: '!!!'", "untitled"),
        ("slug: ''", "hello-world"),
    ],
)
def test_front_matter_slug(line, slug):
    assert parse(front(line)).slug == slug


@pytest.mark.parametrize(
    "lines, draft",
    [
        ([], False),
        (["published: false"], True),
        (["published: true"], False),
        (["draft: true"], True),
        (["draft: false"], False),
        (["draft: false", "published: false"], True),
    ],
)
def test_drafts(lines, draft):
    assert parse(front("title: 초안", *lines)).draft is draft


# ------------------------------------------------------------------ dates


def test_date_from_the_file_name_in_the_site_zone():
    doc = parse(front("title: 날짜 없음"))
    assert doc.date == datetime(2024, 3, 1, tzinfo=SEOUL)
    assert doc.date.utcoffset() == timedelta(hours=9)


@pytest.mark.parametrize(
    "line, date",
    [
        ("date: 2021-05-25 08:25:00 +0300", datetime(2021, 5, 25, 5, 25, tzinfo=UTC)),
        ("date: 2021-05-25T08:25:00Z", datetime(2021, 5, 25, 8, 25, tzinfo=UTC)),
        ("date: '2021-05-25 08:25:00 -05:00'", datetime(2021, 5, 25, 13, 25, tzinfo=UTC)),
        ("date: 2021-05-25", datetime(2021, 5, 24, 15, 0, tzinfo=UTC)),
        ('date: "2021-05-25 08:25"', datetime(2021, 5, 24, 23, 25, tzinfo=UTC)),
        ("date: ''", datetime(2024, 2, 29, 15, 0, tzinfo=UTC)),  # empty: the file name's
    ],
)
def test_front_matter_date_wins_over_the_file_name(line, date):
    assert parse(front(line)).date == date


def test_date_keeps_the_offset_it_was_written_in():
    doc = parse(front("date: 2021-05-25 08:25:00 +0300"))
    assert doc.date.utcoffset() == timedelta(hours=3)
    assert (doc.date.hour, doc.date.minute) == (8, 25)


def test_dated_post_outside_the_naming_scheme():
    doc = parse(front("date: 2022-10-10 10:10:10 +0900"), rel="content/posts/notes/hello.md")
    assert (doc.date, doc.slug) == (datetime(2022, 10, 10, 1, 10, 10, tzinfo=UTC), "hello")


@pytest.mark.parametrize(
    "lines, updated",
    [
        ([], None),
        (["updated: 2024-04-01 09:00:00 +0900"], datetime(2024, 4, 1, 0, 0, tzinfo=UTC)),
        (["last_modified_at: 2024-04-02"], datetime(2024, 4, 1, 15, 0, tzinfo=UTC)),
        (
            ["last_modified_at: 2024-04-02", "updated: 2024-04-03T00:00:00Z"],
            datetime(2024, 4, 3, tzinfo=UTC),
        ),
    ],
)
def test_updated_and_last_modified_at(lines, updated):
    assert parse(front(*lines)).updated == updated


def test_seo_date_modified_wins_over_last_modified_at():
    # jekyll-seo-tag: `seo: date_modified:` first, then `last_modified_at`, then the date
    doc = parse(
        front(
            "title: x",
            "last_modified_at: 2024-04-02",
            "seo:",
            "  date_modified: 2024-05-01 10:00:00 +0900",
        )
    )
    assert doc.updated == datetime(2024, 5, 1, 1, 0, tzinfo=UTC)


def test_bad_modified_date_is_a_warning_and_ignored():
    # only plugins read it, and Jekyll builds the post: never an error
    doc, found = warnings_of(front("title: x", "last_modified_at: 2021-02-30"))
    assert doc.updated is None
    assert found == [
        f"{POST}:3: warning: `last_modified_at`: invalid date '2021-02-30': day is out of "
        "range for month: ignored"
    ]


# ------------------------------------------------------------------ other keys


@pytest.mark.parametrize(
    "lines, image",
    [
        (["image: /images/cover.png"], "/images/cover.png"),
        (["image: cover.png"], "cover.png"),
        (["image:", "  path: /assets/img/도커.png", "  alt: 도커 로고"], "/assets/img/도커.png"),
        (["image: {path: banner.jpg, lqip: data:x}"], "banner.jpg"),
        ([], None),
    ],
)
def test_image(lines, image):
    assert parse(front(*lines)).image == image


def test_known_single_values():
    doc = parse(
        front(
            "description: '  한 줄 요약  '",
            "excerpt: 미리보기 문장",
            "author: Kim Dev",
            "layout: post-wide",
            "permalink: /custom/path/",
        )
    )
    assert (doc.description, doc.excerpt, doc.author, doc.layout, doc.permalink) == (
        "한 줄 요약",
        "미리보기 문장",
        "Kim Dev",
        "post-wide",
        "/custom/path/",
    )


def test_unknown_keys_are_kept_in_extra():
    doc = parse(
        front(
            "title: 시리즈 1편",
            "toc: true",
            "pin: false",
            "math: yes",
            "series:",
            "  name: 도커 입문",
            "  part: 1",
            "mermaid_theme: dark",
            "published_on_medium: 2023-01-01",
        )
    )
    assert doc.extra == {
        "toc": True,
        "pin": False,
        "math": True,
        "series": {"name": "도커 입문", "part": 1},
        "mermaid_theme": "dark",
        "published_on_medium": "2023-01-01",  # dates stay strings: only known keys are parsed
    }


# ------------------------------------------------------------------ errors, with the file line


def test_broken_yaml_reports_the_line_in_the_file():
    text = front("title: ok", "date: 2021-05-25", "subtitle: Docker: 기초")
    assert errors(text, rel="content/posts/x.md") == [
        "content/posts/x.md:4: error: invalid YAML front matter: "
        "mapping values are not allowed in this context"
    ]


@pytest.mark.parametrize(
    "lines, line, reason",
    [
        (["title: x", "tags: [a, b", "date: 2021-01-02"], 3, "did not find expected ',' or ']'"),
        (["title: x", "tags: [a, b"], 3, "did not find expected ',' or ']'"),
        (["image: {path: x.png", "date: 2021-01-02"], 2, "did not find expected ',' or '}'"),
        (
            ["title: '따옴표를 닫지 않음", "date: 2021-01-02", "tags: a"],
            2,
            "found unexpected end of stream",
        ),
        (["title: x", 'description: "열린 따옴표'], 3, "found unexpected end of stream"),
        (["title: [초안] 제목"], 2, "did not find expected key"),
        (["image:", "    path: x.png", "  alt: 그림", "date: 1"], 4, "did not find expected key"),
        (["title: ok", "\tsub: x"], 3, "found a tab character that violates indentation"),
        (["title: ok", "author: @kim"], 3, "found character that cannot start any token"),
        (["title: ok", "  indented: x"], 3, "mapping values are not allowed in this context"),
    ],
)
def test_broken_yaml_names_the_line_of_the_mistake(lines, line, reason):
    assert errors(front(*lines)) == [f"{POST}:{line}: error: invalid YAML front matter: {reason}"]


def test_broken_yaml_line_counts_bom_and_crlf_lines():
    data = "\ufeff---\r\ntitle: ok\r\n\r\ndescription: 'unclosed\r\n  still\r\n---\r\n".encode()
    assert errors(data) == [
        f"{POST}:4: error: invalid YAML front matter: found unexpected end of stream"
    ]


def test_front_matter_must_be_a_mapping():
    assert errors(front("- a", "- b")) == [
        f"{POST}:2: error: front matter must be `key: value` lines"
    ]


@pytest.mark.parametrize(
    "lines, message",
    [
        (
            ["title: 날짜 오류", "date: 2021-13-45"],
            "3: error: invalid date '2021-13-45': month must be in 1..12",
        ),
        (
            ["title: 날짜 오류", "", "date: 어제"],
            "4: error: invalid date '어제' (expected e.g. 2021-05-25 08:25:00 +0300)",
        ),
        (
            ["date: 20210525"],
            "2: error: expected a date like 2021-05-25 08:25:00 +0300, got 20210525",
        ),
    ],
)
def test_bad_date_reports_its_line(lines, message):
    assert errors(front(*lines)) == [f"{POST}:{message}"]


def test_all_problems_of_one_file_are_reported():
    text = front("title: [목록, 제목]", "date: nope", "updated: 2021-99-01", "tags: {a: 1}")
    doc, problems = parse_document(source(text), SEOUL)
    assert doc is None
    assert [str(p) for p in problems] == [
        f"{POST}:3: error: invalid date 'nope' (expected e.g. 2021-05-25 08:25:00 +0300)",
        f"{POST}:4: warning: `updated`: invalid date '2021-99-01': month must be in 1..12: ignored",
        f"{POST}:2: warning: `title` is a list, not a single value: ignored",
        f"{POST}:5: warning: `tags` is a mapping, not a list or a space-separated string: ignored",
    ]


def warnings_of(text: str) -> tuple[Document, list[str]]:
    doc, problems = parse_document(source(text), SEOUL)
    assert doc is not None, problems
    return doc, [str(p) for p in problems]


@pytest.mark.parametrize(
    "line, message",
    [
        ("author: [a, b]", "`author` is a list, not a single value: ignored"),
        ("layout: {name: post}", "`layout` is a mapping, not a single value: ignored"),
        ("image: {alt: no path}", "`image` is a mapping, not a single value: ignored"),
        ("description: [a]", "`description` is a list, not a single value: ignored"),
        ("category:\n  sub: 1", "`category` is a mapping, not a list or a space-separated "
         "string: ignored"),
    ],
)  # fmt: skip
def test_a_value_of_the_wrong_type_is_a_warning_and_the_post_builds(line, message):
    doc, said = warnings_of(front("title: x", line))
    assert said == [f"{POST}:3: warning: {message}"]
    assert doc.title == "x" and doc.layout is None and doc.image is None and doc.categories == ()


@pytest.mark.parametrize(
    "line, path",
    [
        ("image: {path: /assets/a.png, alt: 다이어그램}", "/assets/a.png"),  # Chirpy
        ("image: {feature: b.jpg, credit: someone}", "b.jpg"),  # So Simple
        ("image:\n  teaser: t.png\n  og_image: og.png", "og.png"),
        ("image: {thumbnail: th.png, lqip: data:x}", "th.png"),
        ("image: {url: 'https://e.org/c.png'}", "https://e.org/c.png"),
        ("image: {twitter: tw.png, height: 100}", "tw.png"),  # jekyll-seo-tag
        ("image: {facebook: fb.png, twitter: tw.png}", "fb.png"),
    ],
)
def test_image_as_a_mapping_gives_the_cover(line, path):
    doc, said = warnings_of(front("title: x", line))
    assert said == [] and doc.image == path


def test_image_alt_and_author_name_from_mappings():
    doc, said = warnings_of(
        front("title: x", "image: {path: a.png, alt: 설명}", "author: {name: Kim}")
    )
    assert said == [] and doc.extra["image_alt"] == "설명" and doc.author == "Kim"


def test_non_utf8_byte_reports_its_line():
    data = "---\ntitle: 인코딩\n---\n첫 줄\n".encode() + b"caf\xe9 au lait\n"
    assert errors(data) == [f"{POST}:5: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_non_utf8_byte_in_front_matter_of_a_crlf_file():
    data = b"---\r\ntitle: \xb5\r\n---\r\n"
    assert errors(data) == [f"{POST}:2: error: not valid UTF-8 (byte 0xb5); save the file as UTF-8"]


def test_a_file_without_any_date_among_posts_is_skipped_with_a_warning():
    """A README.md in the posts folder is not a post (Jekyll skips it too)."""
    assert errors(front("title: 언제 쓴 글?"), rel="content/posts/notes/hello.md") == [
        "content/posts/notes/hello.md: warning: skipped: not a post (no date in the file name "
        "or front matter); name it YYYY-MM-DD-slug.md or add `date:`"
    ]


def test_an_impossible_date_in_the_file_name_is_an_error():
    assert errors("x", rel="content/posts/2023-02-29-leap.md") == [
        "content/posts/2023-02-29-leap.md: error: invalid date '2023-02-29' in the file name"
    ]


# ------------------------------------------------------------------ hostile and broken YAML


def laughs(levels: int = 9) -> list[str]:
    """The "billion laughs" shape: nine aliases of the level below on each of `levels` levels."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]
    return lines


def bomb_problems() -> list[str]:
    """The diagnostics of a post holding an alias bomb (never shown expanded, even failing)."""
    doc, problems = parse_document(source(front("title: x", *laughs())), SEOUL)
    refused = doc is None
    assert refused
    return [str(p) for p in problems]


def test_an_alias_bomb_is_refused_quickly():
    started = time.perf_counter()
    found = bomb_problems()
    assert time.perf_counter() - started < 2
    assert len(found) == 1
    assert found[0].startswith(f"{POST}:")
    assert ": error: " in found[0] and "too many YAML aliases" in found[0]


def test_an_alias_bomb_names_the_line_that_expands_it():
    (line,) = bomb_problems()
    assert 3 < int(line.split(":")[1]) <= 3 + 9


def test_simple_anchors_and_aliases_still_work():
    doc = parse(
        front(
            "title: x",
            "base: &base {color: red, size: 3}",
            "one: *base",
            "two:",
            "  <<: *base",
            "  size: 4",
            "names: &n [a, b]",
            "again: *n",
        )
    )
    assert doc.extra["one"] == {"color": "red", "size": 3}
    assert doc.extra["two"] == {"color": "red", "size": 4}
    assert doc.extra["again"] == ["a", "b"]


def test_an_alias_inside_its_own_value_is_refused():
    assert errors(front("title: x", "loop: &a [1, *a]")) == [
        f"{POST}:3: error: invalid YAML front matter: a YAML alias refers to a value "
        "that contains it"
    ]


def test_a_5000_digit_integer_is_read_as_text_with_a_warning():
    digits = "9" * 5000
    doc, problems = parse_document(source(front("title: x", f"big: {digits}")), SEOUL)
    assert doc is not None and doc.extra["big"] == digits
    assert [str(p) for p in problems] == [
        f"{POST}:3: warning: an integer of 5000 digits is too long for ssg: read as text"
    ]


def test_a_huge_hexadecimal_integer_is_read_as_text_with_a_warning():
    value = "0x" + "f" * 5000
    doc, problems = parse_document(source(front("title: x", f"big: {value}")), SEOUL)
    assert doc is not None and doc.extra["big"] == value
    assert [str(p) for p in problems] == [
        f"{POST}:3: warning: an integer of 5000 digits is too long for ssg: read as text"
    ]


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!int x", "!!int"),
        ("!!float x", "!!float"),
        ("!!bool x", "!!bool"),
        ("!!timestamp x", "!!timestamp"),
        ("!!int 0b", "!!int"),
    ],
)
def test_a_bad_tagged_scalar_is_an_error_on_its_line(value, tag):
    scalar = value.split(" ", 1)[1]
    assert errors(front("title: x", "", f"n: {value}")) == [
        f"{POST}:4: error: invalid YAML front matter: {scalar!r} is not a valid {tag}"
    ]


def test_deep_nesting_is_an_error():
    found = errors(front("title: x", "n: " + "[" * 3000 + "]" * 3000))
    assert len(found) == 1 and found[0].startswith(f"{POST}:3: error: invalid YAML front matter")


def test_nul_byte_in_permalink_is_an_error():
    assert errors(front("title: x", 'permalink: "/a\\0b/"')) == [
        f"{POST}:3: error: `permalink` must not contain control characters"
    ]


def test_front_matter_never_closed_is_read_as_text_with_a_warning():
    text = "---\ntitle: 닫히지 않음\n본문\n"
    doc, problems = parse_document(source(text), SEOUL)
    assert [str(p) for p in problems] == [
        f"{POST}:1: warning: front matter opened with --- is never closed; read as text"
    ]
    assert doc is not None and doc.body == text and doc.title == "Hello world"
