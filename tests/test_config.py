"""Tests for the site configuration (ssg/config.py)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from ssg.config import FIELDS, LOADER_FIELDS, Config, base_url_overrides
from ssg.errors import SsgError
from ssg.project import load_config


def write(root: Path, text: str, name: str = "ssg.toml") -> Path:
    path = root / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(root: Path, text: str | None = None, **kwargs) -> list[str]:
    """Every diagnostic `load_config` raises, as the user reads them."""
    if text is not None:
        write(root, text)
    with pytest.raises(SsgError) as caught:
        load_config(root, **kwargs)
    return [str(d) for d in caught.value.diagnostics]


# ------------------------------------------------------------------ defaults and values


def test_missing_file_gives_defaults(tmp_path):
    config = load_config(tmp_path)
    assert config == Config(root=tmp_path.resolve())
    assert config.url == "http://localhost:8000"
    assert config.base_path == "/"
    assert config.timezone == "UTC"
    assert config.permalink == "/:year/:month/:day/:slug/"
    assert config.posts_per_page == 10


def test_every_key_is_read(tmp_path):
    write(
        tmp_path,
        """\ufeff# 개발 블로그 설정
title = "개발 노트"
description = "컨테이너와 파이썬 이야기"
author = "Lee Coder"
url = "https://lee.github.io/notes/"
base_path = "/notes/"
language = "ko"
timezone = "Asia/Seoul"
permalink = "/:categories/:slug/"
posts_per_page = 7
theme = "plain"
code_style_light = "friendly"
code_style_dark = "monokai"
feed_size = 15
tag_feeds = false
related_posts = 0
date_format = "%Y년 %m월 %d일"
excerpt_separator = "<!-- 더보기 -->"
twitter = "@lee"
content_dir = "src"
output_dir = "public"
includes_dir = "_includes"

[params]
comments = true
nav = ["about", "tags"]
""",
    )
    config = load_config(tmp_path)
    assert config == Config(
        root=tmp_path.resolve(),
        title="개발 노트",
        description="컨테이너와 파이썬 이야기",
        author="Lee Coder",
        url="https://lee.github.io/notes/",
        base_path="/notes/",
        language="ko",
        timezone="Asia/Seoul",
        permalink="/:categories/:slug/",
        posts_per_page=7,
        theme="plain",
        code_style_light="friendly",
        code_style_dark="monokai",
        feed_size=15,
        tag_feeds=False,
        related_posts=0,
        date_format="%Y년 %m월 %d일",
        excerpt_separator="<!-- 더보기 -->",
        twitter="@lee",
        content_dir="src",
        output_dir="public",
        includes_dir="_includes",
        params={"comments": True, "nav": ["about", "tags"]},
    )
    assert config.content_path == tmp_path.resolve() / "src"
    assert config.output_path == tmp_path.resolve() / "public"
    assert config.includes_path == tmp_path.resolve() / "_includes"
    assert config.origin == "https://lee.github.io"
    assert str(config.tz) == "Asia/Seoul"


def test_every_documented_key_is_a_config_field():
    names = {f.name for f in dataclasses.fields(Config)} - set(LOADER_FIELDS)
    assert set(FIELDS) == names


def test_config_is_frozen(tmp_path):
    config = load_config(tmp_path)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.title = "다른 제목"


# ------------------------------------------------------------------ type checks

WRONG_VALUE = {str: ("1", "an integer"), int: ('"7"', "a string"), bool: ('"yes"', "a string")}
WRONG_VALUE[dict] = ('"x"', "a string")
WRONG_VALUE[list] = ('"x"', "a string")
EXPECTED = {
    str: "a string",
    int: "an integer",
    bool: "true or false",
    dict: "a table",
    list: "a list",
}


@pytest.mark.parametrize("key", sorted(FIELDS))
def test_every_key_is_type_checked(tmp_path, key):
    kind = FIELDS[key][0]
    value, got = WRONG_VALUE[kind]
    found = problems(tmp_path, f"# 설정\n{key} = {value}\n")
    assert found == [f"ssg.toml:2: error: `{key}` must be {EXPECTED[kind]}, not {got}"]


@pytest.mark.parametrize(
    "line, message",
    [
        ("posts_per_page = true", "`posts_per_page` must be an integer, not true or false"),
        ("feed_size = 2.5", "`feed_size` must be an integer, not a number"),
        ("tag_feeds = 1", "`tag_feeds` must be true or false, not an integer"),
        ('description = ["a", "b"]', "`description` must be a string, not a list"),
        ("params = 3", "`params` must be a table, not an integer"),
        ("[title]\nx = 1", "`title` must be a string, not a table"),
    ],
)
def test_wrong_types_name_the_key_and_its_line(tmp_path, line, message):
    assert problems(tmp_path, f"# comment\n\n{line}\n") == [f"ssg.toml:3: error: {message}"]


# ------------------------------------------------------------------ unknown keys


def test_unknown_key_suggests_the_close_one(tmp_path):
    text = '# 블로그\nurl = "https://example.test/"\ntitel = "오타"\n'
    assert problems(tmp_path, text) == [
        "ssg.toml:3: error: unknown key `titel` (did you mean `title`?)"
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ("timezon = 'UTC'", "ssg.toml:1: error: unknown key `timezon` (did you mean `timezone`?)"),
        (
            '"post_per_page" = 5',
            "ssg.toml:1: error: unknown key `post_per_page` (did you mean `posts_per_page`?)",
        ),
        ("xyzzy = 1", "ssg.toml:1: error: unknown key `xyzzy`"),
        ("titel.x = 1", "ssg.toml:1: error: unknown key `titel` (did you mean `title`?)"),
        (
            "[params]\na = 1\n\n[paramz]\nb = 2",
            "ssg.toml:4: error: unknown key `paramz` (did you mean `params`?)",
        ),
        ("[[menu]]\nname = 'x'", "ssg.toml:1: error: unknown key `menu`"),
    ],
)
def test_unknown_keys_and_tables(tmp_path, text, message):
    assert problems(tmp_path, text + "\n") == [message]


def test_a_commented_out_key_is_not_taken_for_the_line(tmp_path):
    text = "# titel = 'old'\ntitle = 'ok'\ntitel = 'new'\n"
    assert problems(tmp_path, text) == [
        "ssg.toml:3: error: unknown key `titel` (did you mean `title`?)"
    ]


def test_several_problems_are_reported_together(tmp_path):
    text = "\n".join(
        [
            'titel = "x"',
            'posts_per_page = "3"',
            'timezone = "Mars/Olympus"',
            'url = "example.com"',
            "feed_size = 0",
            "related_posts = -1",
            'permalink = ":year/:slug/"',
            'code_style_light = "xcod"',
            "",
        ]
    )
    assert problems(tmp_path, text) == [
        "ssg.toml:1: error: unknown key `titel` (did you mean `title`?)",
        "ssg.toml:2: error: `posts_per_page` must be an integer, not a string",
        "ssg.toml:4: error: `url` must be an absolute http(s) URL like https://user.github.io/, "
        "not 'example.com'",
        "ssg.toml:3: error: unknown time zone 'Mars/Olympus' "
        "(use an IANA name like `Asia/Seoul` or `UTC`)",
        "ssg.toml:5: error: `feed_size` must be at least 1",
        "ssg.toml:6: error: `related_posts` must be 0 or more",
        "ssg.toml:7: error: `permalink` must start with `/`",
        "ssg.toml:8: error: unknown Pygments style 'xcod' (did you mean `xcode`?)",
    ]


# ------------------------------------------------------------------ broken files


@pytest.mark.parametrize(
    "text, message",
    [
        (
            'title = "블로그"\ndescription = "닫히지 않은\n',
            "ssg.toml:2: error: invalid TOML: Illegal character '\\n' (at line 2, column 22)",
        ),
        (
            'title = "a"\nauthor =\n',
            "ssg.toml:2: error: invalid TOML: Invalid value (at line 2, column 9)",
        ),
        (
            'title = "a"\n\ntitle = "b"\n',
            "ssg.toml:3: error: invalid TOML: Cannot overwrite a value (at line 3, column 12)",
        ),
    ],
)
def test_invalid_toml_reports_its_line(tmp_path, text, message):
    assert problems(tmp_path, text) == [message]


def test_non_utf8_config_reports_its_line(tmp_path):
    (tmp_path / "ssg.toml").write_bytes(b'title = "ok"\nauthor = "Caf\xe9"\n')
    assert problems(tmp_path) == [
        "ssg.toml:2: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8"
    ]


def test_explicit_config_file_must_exist(tmp_path):
    assert problems(tmp_path, config_file=tmp_path / "other.toml") == [
        "other.toml: error: config file not found"
    ]


def test_explicit_config_file_is_read_instead_of_ssg_toml(tmp_path):
    write(tmp_path, 'title = "기본"\n')
    other = write(tmp_path, 'title = "스테이징"\n', name="staging.toml")
    assert load_config(tmp_path, other).title == "스테이징"


def test_errors_in_an_explicit_config_file_name_it(tmp_path):
    other = write(tmp_path, "titel = 1\n", name="staging.toml")
    assert problems(tmp_path, config_file=other) == [
        "staging.toml:1: error: unknown key `titel` (did you mean `title`?)"
    ]


# ------------------------------------------------------------------ values


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Asia", "asia/seoul", "", "../etc/passwd"])
def test_bad_timezone(tmp_path, zone):
    assert problems(tmp_path, f"timezone = {zone!r}\n") == [
        f"ssg.toml:1: error: unknown time zone {zone!r} "
        "(use an IANA name like `Asia/Seoul` or `UTC`)"
    ]


@pytest.mark.parametrize(
    "url", ["example.com", "u.github.io/repo", "ftp://example.com/", "//x.test/"]
)
def test_url_needs_a_scheme_and_host(tmp_path, url):
    assert problems(tmp_path, f'url = "{url}"\n') == [
        "ssg.toml:1: error: `url` must be an absolute http(s) URL like https://user.github.io/, "
        f"not {url!r}"
    ]


def test_url_without_query_or_fragment(tmp_path):
    assert problems(tmp_path, 'url = "https://u.github.io/repo/?x=1"\n') == [
        "ssg.toml:1: error: `url` must not have a query or fragment, "
        "not 'https://u.github.io/repo/?x=1'"
    ]


@pytest.mark.parametrize(
    "lines, url, base_path",
    [
        ('url = "https://u.github.io/repo"', "https://u.github.io/repo/", "/repo/"),
        ('url = "https://u.github.io/repo/"', "https://u.github.io/repo/", "/repo/"),
        ('url = "https://u.github.io/a/b"', "https://u.github.io/a/b/", "/a/b/"),
        ('url = "https://u.github.io"', "https://u.github.io/", "/"),
        (
            'url = "https://u.github.io/repo/"\nbase_path = "blog"',
            "https://u.github.io/repo/",
            "/blog/",
        ),
        ('url = "https://u.github.io/"\nbase_path = "/blog"', "https://u.github.io/", "/blog/"),
        ('base_path = "//a//b//"', "http://localhost:8000", "/a/b/"),
        ('base_path = "/"', "http://localhost:8000", "/"),
        ('base_path = ""', "http://localhost:8000", "/"),
    ],
)
def test_base_path(tmp_path, lines, url, base_path):
    write(tmp_path, lines + "\n")
    config = load_config(tmp_path)
    assert (config.url, config.base_path) == (url, base_path)


@pytest.mark.parametrize(
    "value, overrides",
    [
        (
            "https://u.github.io/repo/",
            {"url": "https://u.github.io/repo/", "base_path": "/repo/"},
        ),
        ("https://u.github.io", {"url": "https://u.github.io", "base_path": "/"}),
        (
            "http://localhost:9000/preview",
            {"url": "http://localhost:9000/preview", "base_path": "/preview"},
        ),
        ("/repo", {"base_path": "/repo"}),
    ],
)
def test_base_url_overrides(value, overrides):
    assert base_url_overrides(value) == overrides


@pytest.mark.parametrize("value", ["u.github.io/repo", "repo", "ftp://u.github.io/"])
def test_base_url_overrides_rejects_partial_urls(value):
    with pytest.raises(SsgError) as caught:
        base_url_overrides(value)
    assert [str(d) for d in caught.value.diagnostics] == [
        "ssg: error: --base-url must be a full URL like https://user.github.io/repo/, "
        f"not {value!r}"
    ]


def test_overrides_win_over_the_file(tmp_path):
    write(tmp_path, 'url = "https://old.example/"\nbase_path = "/old/"\ntitle = "블로그"\n')
    config = load_config(tmp_path, overrides=base_url_overrides("https://u.github.io/repo/"))
    assert (config.url, config.base_path, config.title) == (
        "https://u.github.io/repo/",
        "/repo/",
        "블로그",
    )


def test_a_path_override_keeps_the_file_url(tmp_path):
    write(tmp_path, 'url = "https://blog.example/"\n')
    config = load_config(tmp_path, overrides=base_url_overrides("/preview/"))
    assert (config.url, config.base_path) == ("https://blog.example/", "/preview/")


# ------------------------------------------------------------------ fingerprint


def test_fingerprint_ignores_where_the_site_lives(tmp_path):
    text = 'title = "노트"\ntimezone = "Asia/Seoul"\n[params]\nkey = "값"\n'
    one, two = tmp_path / "one", tmp_path / "moved" / "two"
    for root in (one, two):
        root.mkdir(parents=True)
        write(root, text)
    first, second = load_config(one), load_config(two)
    assert first.root != second.root
    assert first.fingerprint() == second.fingerprint()
    assert len(first.fingerprint()) == 16
    int(first.fingerprint(), 16)


BASE_SETTINGS = {
    "title": 'title = "노트"',
    "timezone": 'timezone = "Asia/Seoul"',
    "posts_per_page": "posts_per_page = 10",
    "tag_feeds": "tag_feeds = true",
    "url": 'url = "https://notes.example/"',
    "params": '[params]\nkey = "값"',
}


@pytest.mark.parametrize(
    "key, changed",
    [
        ("title", 'title = "다른 노트"'),
        ("timezone", 'timezone = "UTC"'),
        ("posts_per_page", "posts_per_page = 11"),
        ("tag_feeds", "tag_feeds = false"),
        ("url", 'url = "https://other.example/"'),
        ("params", '[params]\nkey = "다른 값"'),
    ],
)
def test_fingerprint_changes_with_any_setting(tmp_path, key, changed):
    write(tmp_path, "\n".join(BASE_SETTINGS.values()) + "\n")
    before = load_config(tmp_path).fingerprint()
    write(tmp_path, "\n".join({**BASE_SETTINGS, key: changed}.values()) + "\n")
    assert load_config(tmp_path).fingerprint() != before


# ------------------------------------------------------------------ hostile and broken input


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[defaults]]\npath = ""\nvalues = 3\n',
            "ssg.toml:1: error: `defaults` entry 1: `values` must be a table, not an integer",
        ),
        (
            'title = "x"\n[[defaults]]\npath = "a"\n[[defaults]]\npath = 4\n',
            "ssg.toml:4: error: `defaults` entry 2: `path` must be a string, not an integer",
        ),
        (
            '[[defaults]]\ntype = ["posts"]\n',
            "ssg.toml:1: error: `defaults` entry 1: `type` must be a string, not a list",
        ),
        (
            "defaults = [3]\n",
            "ssg.toml:1: error: `defaults` entry 1 must be a table, not an integer",
        ),
        (
            'category_folders = ["ok", 5]\n',
            "ssg.toml:1: error: `category_folders` must be a list of strings, not an integer",
        ),
    ],
)
def test_list_settings_check_their_items(tmp_path, text, message):
    assert problems(tmp_path, text) == [message]


def test_good_defaults_pass(tmp_path):
    write(tmp_path, '[[defaults]]\npath = "content/posts"\ntype = "posts"\nvalues = {a = 1}\n')
    assert load_config(tmp_path).defaults == [
        {"path": "content/posts", "type": "posts", "values": {"a": 1}}
    ]


def test_a_5000_digit_integer_is_an_error_on_its_line(tmp_path):
    assert problems(tmp_path, 'title = "x"\nposts_per_page = ' + "9" * 5000 + "\n") == [
        "ssg.toml:2: error: invalid TOML: an integer of more than 4300 digits"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "params = " + "{a=" * 2000 + "1" + "}" * 2000 + "\n",
        "[params." + ".".join(["a"] * 2000) + "]\nx = 1\n",
        "params = {a = " + "[" * 2000 + "]" * 2000 + "}\n",
    ],
)
def test_tables_nested_2000_deep_are_an_error_at_their_line(tmp_path, text):
    (message,) = problems(tmp_path, 'title = "x"\n' + text)
    assert message == "ssg.toml:2: error: nested more than 100 levels deep"


def test_nesting_of_a_real_config_passes(tmp_path):
    write(tmp_path, "[params.menu.main]\nitems = [[1, 2], [3]]\n")
    assert load_config(tmp_path).params == {"menu": {"main": {"items": [[1, 2], [3]]}}}
