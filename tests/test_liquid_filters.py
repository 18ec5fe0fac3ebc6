"""Tests for Jekyll's filters (ssg/liquid/filters*.py) through `expand_liquid`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from ssg.liquid.engine import expand_liquid

POST = "_posts/2024-03-01-jekyll.md"
SITE = {"title": "작은 블로그", "baseurl": "/blog", "url": "https://example.test"}
SEOUL = timezone(timedelta(hours=9))
# What a Jekyll-compatible site hands to `expand_liquid`.
JEKYLL = {
    "base_path": "/repo/",
    "site_url": "https://user.github.io",
    "markdownify": lambda text: f"<p>{text}</p>\n",
    "timezone": SEOUL,
}
POSTS = [
    {"title": "도커 입문", "category": "devops", "tags": ["docker", "입문"], "order": "2"},
    {"title": "Shell tricks", "category": "linux", "tags": ["shell"], "order": "10"},
    {"title": "빈 글", "category": "devops", "tags": []},
]


def render(text: str, *, context: dict | None = JEKYLL, first_line: int = 1, **kw):
    return expand_liquid(
        text,
        path=POST,
        first_line=first_line,
        includes_dir=kw.pop("includes_dir", None),
        site=kw.pop("site", SITE),
        page=kw.pop("page", {"title": "첫 글", "date": "2021-05-25T08:25:00+03:00"}),
        **(context or {}),
        **kw,
    )


def out(text: str, **kw) -> str:
    rendered, diagnostics = render(text, **kw)
    assert diagnostics == []
    return rendered


def messages(diagnostics) -> list[str]:
    return [str(d) for d in diagnostics]


# ---------------------------------------------------------------- URL filters


def test_relative_url():
    text = (
        "{{ '/' | relative_url }} {{ 'about/' | relative_url }} {{ '/태그/도커/' | relative_url }} "
        "{{ 'https://other.test/x' | relative_url }} [{{ page.nope | relative_url }}]"
    )
    assert out(text) == (
        "/repo/ /repo/about/ /repo/%ED%83%9C%EA%B7%B8/%EB%8F%84%EC%BB%A4/ https://other.test/x []"
    )


def test_relative_url_defaults_to_site_baseurl():
    assert out("{{ '/a/' | relative_url }}", context=None) == "/blog/a/"
    assert out("{{ '/a/' | relative_url }}", context=None, site={}) == "/a/"


def test_absolute_url():
    text = (
        "{{ '/피드.xml' | absolute_url }} {{ '' | absolute_url }} {{ 'mailto:a@b' | absolute_url }}"
    )
    assert out(text) == (
        "https://user.github.io/repo/%ED%94%BC%EB%93%9C.xml https://user.github.io/repo mailto:a@b"
    )
    root = {"site_url": "https://user.github.io", "base_path": "/"}
    assert out("{{ '' | absolute_url }}", context=root) == "https://user.github.io/"
    assert out("{{ '/x' | absolute_url }}", context={"base_path": "/r/", "site_url": ""}) == "/r/x"


def test_strip_index():
    assert out("{{ '/docs/index.html' | strip_index }} {{ '/a.html' | strip_index }}") == (
        "/docs/ /a.html"
    )


# ----------------------------------------------------- builtin-string filters


def test_prepend_append_default():
    text = "{{ '도커' | prepend: '#' | append: '!' }} {{ page.none | default: '없음' }}"
    assert out(text) == "#도커! 없음"


def test_markdownify_uses_the_callable_or_returns_input():
    assert out("{{ '**굵게**' | markdownify }}") == "<p>**굵게**</p>\n"
    assert out("{{ '**굵게**' | markdownify }}", context=None) == "**굵게**"


# --------------------------------------------------------------- date filters


def test_date_to_xmlschema_converts_to_the_site_time_zone():
    text = (
        "{{ page.date | date_to_xmlschema }}|{{ '2021-05-25 08:25:00 +0300' | date_to_xmlschema }}"
    )
    assert out(text) == "2021-05-25T14:25:00+09:00|2021-05-25T14:25:00+09:00"
    assert out("{{ page.date | date_to_xmlschema }}", context=None) == "2021-05-25T08:25:00+03:00"


def test_date_filters_accept_datetimes_dates_and_empty():
    page = {"d": datetime(2020, 12, 31, 20, 0, tzinfo=UTC), "day": "2021-02-03", "e": ""}
    text = (
        "{{ page.d | date_to_string }}|{{ page.day | date_to_xmlschema }}|"
        "{{ page.e | date_to_string }}"
    )
    assert out(text, page=page) == "01 Jan 2021|2021-02-03T00:00:00+09:00|"


def test_date_to_string_with_ordinal_and_us():
    page = {"d": "2021-05-03 08:25:00 +0900"}
    text = (
        "{{ page.d | date_to_string }}|{{ page.d | date_to_string: 'ordinal' }}|"
        "{{ page.d | date_to_string: 'ordinal', 'US' }}"
    )
    assert out(text, page=page) == "03 May 2021|3rd May 2021|May 3rd, 2021"


def test_date_to_long_string_and_rfc822():
    page = {"d": "2021-09-12 23:00:00 +0900"}
    text = (
        "{{ page.d | date_to_long_string }}|{{ page.d | date_to_long_string: 'ordinal', 'US' }}|"
        "{{ page.d | date_to_rfc822 }}"
    )
    assert out(text, page=page) == (
        "12 September 2021|September 12th, 2021|Sun, 12 Sep 2021 23:00:00 +0900"
    )


def test_invalid_date_warns_and_renders_nothing():
    rendered, diags = render("a\n{{ '어제쯤' | date_to_string }}b", first_line=3)
    assert rendered == "a\nb"
    assert messages(diags) == [f"{POST}:4: warning: Liquid error: invalid date '어제쯤'"]


# ------------------------------------------------------------- string filters


def test_xml_escape():
    assert out("{{ 'Tom & \"제리\" <b>' | xml_escape }}") == "Tom &amp; &quot;제리&quot; &lt;b&gt;"


def test_cgi_escape():
    assert out("{{ 'a b&c=도커/~' | cgi_escape }}") == "a+b%26c%3D%EB%8F%84%EC%BB%A4%2F~"


def test_uri_escape():
    assert out("{{ 'foo, bar [도커]?x=1#y' | uri_escape }}") == (
        "foo,%20bar%20[%EB%8F%84%EC%BB%A4]?x=1#y"
    )


def test_slugify_default_keeps_korean():
    text = "{{ 'Hello, 세계! Docker & 도커 2.0' | slugify }}|{{ '  --Ünïcode_ok-- ' | slugify }}"
    assert out(text) == "hello-세계-docker-도커-2-0|ünïcode-ok"


def test_slugify_modes():
    text = (
        "{{ 'A b.c 도커' | slugify: 'raw' }}|{{ 'A b.c (도커)' | slugify: 'pretty' }}|"
        "{{ 'Ça va 도커' | slugify: 'ascii' }}|{{ 'Ça va 도커' | slugify: 'latin' }}|"
        "{{ 'Keep Me' | slugify: 'none' }}"
    )
    assert out(text) == "a-b.c-도커|a-b.c-(도커)|a-va|ca-va|keep me"


def test_jsonify():
    page = {"p": {"제목": "도커", "n": 2, "ok": True, "none": None, "tags": ["a", "b"]}}
    assert out("{{ page.p | jsonify }}", page=page) == (
        '{"제목":"도커","n":2,"ok":true,"none":null,"tags":["a","b"]}'
    )
    when = {"d": datetime(2021, 5, 25, 8, 25, tzinfo=timezone(timedelta(hours=3)))}
    assert out("{{ page.d | jsonify }}", page=when) == '"2021-05-25 08:25:00 +0300"'


def test_number_of_words():
    text = (
        "{{ 'one two  three' | number_of_words }}|{{ '도커 입문 guide' | number_of_words }}|"
        "{{ '도커 입문 guide' | number_of_words: 'cjk' }}|"
        "{{ 'plain words' | number_of_words: 'auto' }}"
    )
    assert out(text) == "3|3|5|2"


def test_normalize_whitespace():
    assert out("{{ page.t | normalize_whitespace }}", page={"t": "  가\t나\n\n다  "}) == "가 나 다"


def test_strip_html():
    assert out("{{ '<p>안녕 <b>세계</b></p>' | strip_html }}") == "안녕 세계"


def test_smartify_is_the_identity():
    assert out("{{ '\"따옴표\" -- ...' | smartify }}") == '"따옴표" -- ...'


def test_to_integer():
    assert out("{{ '12개' | to_integer | plus: 1 }} {{ true | to_integer }}") == "13 1"


# -------------------------------------------------------------- array filters


def test_where_compares_as_text_and_looks_into_arrays():
    text = (
        "{{ page.posts | where: 'category', 'devops' | map: 'title' | join: ',' }}|"
        "{{ page.posts | where: 'tags', '입문' | map: 'title' | join: ',' }}|"
        "{{ page.posts | where: 'order', 10 | map: 'title' | join: ',' }}"
    )
    assert out(text, page={"posts": POSTS}) == "도커 입문,빈 글|도커 입문|Shell tricks"


def test_where_exp_and_find_exp():
    text = (
        "{{ page.posts | where_exp: 'p', \"p.tags contains 'shell' or p.order == '2'\" "
        "| map: 'title' | join: ',' }}|"
        "{{ page.posts | find_exp: 'p', \"p.category == 'devops'\" | map: 'title' }}|"
        "{{ page.posts | find: 'category', 'linux' | map: 'title' }}"
    )
    assert out(text, page={"posts": POSTS}) == "도커 입문,Shell tricks|도커 입문|Shell tricks"


def test_where_exp_with_a_broken_expression_warns():
    rendered, diags = render("{{ page.posts | where_exp: 'p', 'p.x ==' }}.", page={"posts": POSTS})
    assert rendered == "."
    assert len(diags) == 1 and "invalid expression" in diags[0].message


def test_sort_by_property_numbers_as_numbers_and_nils():
    text = (
        "{{ page.posts | sort: 'order' | map: 'title' | join: ',' }}|"
        "{{ page.posts | sort: 'order', 'last' | map: 'title' | join: ',' }}|"
        "{{ page.words | sort | join: ',' }}"
    )
    page = {"posts": POSTS, "words": ["나", "가", "b", "a"]}
    assert out(text, page=page) == (
        "빈 글,도커 입문,Shell tricks|도커 입문,Shell tricks,빈 글|a,b,가,나"
    )


def test_group_by_and_group_by_exp():
    text = (
        "{% assign groups = page.posts | group_by: 'category' %}"
        "{% for g in groups %}{{ g.name }}={{ g.size }}:{{ g.items | map: 'title' | join: '+' }};"
        "{% endfor %}"
        "{% assign by_len = page.posts | group_by_exp: 'p', 'p.tags | size' %}"
        "{% for g in by_len %} {{ g.name }}/{{ g.size }}{% endfor %}"
    )
    assert out(text, page={"posts": POSTS}) == (
        "devops=2:도커 입문+빈 글;linux=1:Shell tricks; 2/1 1/1 0/1"
    )


def test_array_to_sentence_string():
    text = (
        "{{ page.a | array_to_sentence_string }}|{{ page.b | array_to_sentence_string }}|"
        "{{ page.c | array_to_sentence_string: '그리고' }}|{{ page.d | array_to_sentence_string }}"
    )
    page = {"a": ["도커"], "b": ["a", "b"], "c": ["가", "나", "다"], "d": []}
    assert out(text, page=page) == "도커|a and b|가, 나, 그리고 다|"


def test_push_pop_shift_unshift():
    text = (
        "{% assign a = '' | split: '' | push: '하나' | push: 'two' | unshift: 'zero' %}"
        "{{ a | join: ',' }}|{{ a | pop | join: ',' }}|{{ a | shift: 2 | join: ',' }}"
    )
    assert out(text) == "zero,하나,two|zero,하나|two"


@pytest.mark.parametrize(
    "expression",
    ["page.posts | sort: 'order', 'middle'", "nothing | sort"],
)
def test_sort_errors_warn(expression):
    rendered, diags = render(f"[{{{{ {expression} }}}}]", page={"posts": POSTS})
    assert rendered == "[]"
    assert len(diags) == 1 and diags[0].line == 1


# ------------------------------------------------------ outside expand_liquid


def test_filters_work_without_an_expand_liquid_call():
    # Tags and filters fall back to defaults when used outside expand_liquid.
    from ssg.liquid.environment import get_environment

    template = get_environment(None).from_string("{{ 'x' | relative_url }}")
    assert template.render() == "/x"
