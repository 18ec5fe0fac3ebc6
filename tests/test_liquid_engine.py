"""Tests for the Liquid pre-pass entry point (ssg/liquid/engine.py): variables, raw,
diagnostics, Liquid inside code in Jekyll sites, `render_with_liquid`."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ssg.errors import WARNING
from ssg.liquid.engine import expand_liquid, needs_liquid, wants_liquid

SITE = {"title": "작은 블로그", "baseurl": "/blog", "url": "https://example.test"}
PAGE = {"title": "첫 글", "tags": ["docker", "os"]}
POST = "_posts/2024-01-02-hello.md"


def render(text: str, includes: Path | None = None, first_line: int = 1, **kw):
    return expand_liquid(
        text,
        path=POST,
        first_line=first_line,
        includes_dir=includes,
        site=kw.pop("site", SITE),
        page=kw.pop("page", PAGE),
        **kw,
    )


def expanded(text: str, **kw) -> str:
    rendered, diagnostics = render(text, **kw)
    assert diagnostics == []
    return rendered


def messages(diagnostics) -> list[str]:
    return [str(d) for d in diagnostics]


# ------------------------------------------------------------- variables, raw


def test_site_and_page_variables():
    out, diags = render("![logo]({{ site.baseurl }}/img/a.png) {{ site.url }} — {{ page.title }}")
    assert out == "![logo](/blog/img/a.png) https://example.test — 첫 글"
    assert diags == []


def test_undefined_variables_render_empty_without_warning():
    out, diags = render("[{{ page.nope }}][{{ nothing.at.all }}][{{ site.x | upcase }}]")
    assert out == "[][][]"
    assert diags == []


def test_raw_outputs_literally():
    text = "{% raw %}{{ site.url }} {% include x.html %} {% if %}{% endraw %}!"
    out, diags = render(text)
    assert out == "{{ site.url }} {% include x.html %} {% if %}!"
    assert diags == []


def test_standard_tags_and_filters():
    text = (
        "{% assign n = page.tags | size %}{{ n }}"
        "{% for t in page.tags %}-{{ t | upcase }}{% endfor %}"
        "{% if n > 1 %} many{% else %} few{% endif %}"
        "{% capture c %}cap{% endcapture %} {{ c | append: '!' }}"
        "{% comment %}{% gist hidden %}{% endcomment %}"
        "{% case n %}{% when 2 %} two{% endcase %}"
        "{% unless false %} yes{% endunless %}"
    )
    out, diags = render(text)
    assert out == "2-DOCKER-OS many cap! two yes"
    assert diags == []


# ---------------------------------------------------------------- diagnostics


def test_unknown_tag_warns_and_rest_still_renders():
    text = "a\n{% asciinema 1234 %}\n{{ site.baseurl }}\n{% picture cover.jpg %}"
    out, diags = render(text, first_line=4)
    assert out == "a\n\n/blog\n"
    assert messages(diags) == [
        f'{POST}:5: warning: unknown Liquid tag "asciinema" (rendered nothing)',
        f'{POST}:7: warning: unknown Liquid tag "picture" (rendered nothing)',
    ]


def test_unknown_block_tag_warns_once():
    out, diags = render("{% spoiler 결말 %}숨김{% endspoiler %}")
    assert out == "숨김"
    assert len(diags) == 1 and '"spoiler"' in diags[0].message


def test_unclosed_output_is_a_warning_and_text_is_unchanged():
    text = "ok {{ site.url }}\nbroken {{ page.title\nend"
    out, diags = render(text, first_line=8)
    assert out == text
    assert len(diags) == 1
    assert diags[0].level == WARNING and diags[0].line == 9
    assert "syntax error" in diags[0].message


def test_unclosed_if_is_reported_at_the_if():
    text = "a\nb\n{% if page.title %}\nc {{ site.url }}"
    out, diags = render(text, first_line=10)
    assert out == text
    assert len(diags) == 1 and diags[0].line == 12
    assert "{% if %}" in diags[0].message and "endif" in diags[0].message


def test_stray_end_tag_is_a_syntax_error():
    text = "x {{ site.url }}\n{% endif %}"
    out, diags = render(text)
    assert out == text
    assert [d.line for d in diags] == [2]


def test_render_errors_blank_only_the_statement():
    out, diags = render("a {{ 1 | divided_by: 0 }} b {{ 'x' | no_such_filter }} c", first_line=2)
    assert out == "a  b x c"
    assert [d.line for d in diags] == [2, 2]
    assert any("no_such_filter" in d.message for d in diags)


def test_never_raises_on_odd_input(tmp_path):
    odd = [
        "{%",
        "{{",
        "{% %}",
        "{% include %}",
        "{% include a.html b %}",
        "{% include /etc/passwd %}",
        "{% for %}",
        "{{ | }}",
        "{% assign = %}",
        "{% raw %}",
        "{% endraw %}",
        "}} %} {{{ x }}}",
        "{% illegal %}",
        "{% liquid echo 'hi' %}",
        "{{ site }}{{ page }}",
        "`{{` {{ `}}`",
        "{% include {{ nope }} %}",
    ]
    for text in odd:
        out, diags = render(text, tmp_path)
        assert isinstance(out, str)
        assert all(d.level == WARNING for d in diags)


# ------------------------------------------------------------ code and Jekyll


def test_code_is_liquid_runs_liquid_inside_code_but_raw_protects():
    text = (
        "```yaml\n"
        "title: {{ site.title }}\n"
        "literal: {% raw %}{{ site.title }}{% endraw %}\n"
        "```\n"
        "`{{ site.baseurl }}`"
    )
    assert expanded(text, code_is_liquid=True) == (
        "```yaml\ntitle: 작은 블로그\nliteral: {{ site.title }}\n```\n`/blog`"
    )
    assert expanded(text) == text  # a native ssg site keeps code literal


def test_code_is_liquid_syntax_error_in_code_leaves_the_post_unchanged():
    text = "{{ site.title }}\n```\n{{ unclosed\n```"
    rendered, diags = render(text, code_is_liquid=True, first_line=5)
    assert rendered == text
    assert [d.line for d in diags] == [7]
    assert expanded(text) == "작은 블로그\n```\n{{ unclosed\n```"


def test_render_with_liquid_false():
    text = "{{ site.title }} {% post_url nowhere %}"
    assert render(text, page={"render_with_liquid": False}) == (text, [])
    assert wants_liquid({"render_with_liquid": False}) is False
    assert wants_liquid({"render_with_liquid": "false"}) is True  # only YAML false, as Jekyll
    assert wants_liquid({}) is True


# -------------------------------------------------------------------- helpers


def test_needs_liquid():
    assert not needs_liquid("# 제목\n\n본문 { } % {x} }} %}")
    assert not needs_liquid("")
    assert needs_liquid("a {{ b }}")
    assert needs_liquid("{% include x.html %}")
    assert needs_liquid("just {{")


def test_no_liquid_returns_text_unchanged_without_engine():
    text = "plain {x} `code` }}"
    assert render(text) == (text, [])
    only_code = "```\n{{ a }}\n```\n"
    assert render(only_code) == (only_code, [])


# ------------------------------------------------- hostile input: bounded time and memory


def _timed_render(text: str):
    started = time.perf_counter()
    out, diags = render(text, first_line=5)
    return out, diags, time.perf_counter() - started


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("{{" * 8000, "'{{' is never closed with '}}'"),
        ("{% raw %}" * 5000, "'{% raw %}' is never closed with '{% endraw %}'"),
        ("{% highlight c %}" * 3000, "never closed with '{% endhighlight %}'"),
        ("ok }}\n" + "{%" * 8000, "'{%' is never closed with '%}'"),
    ],
    ids=["output", "raw", "highlight", "tag"],
)
def test_many_unclosed_openers_are_one_syntax_error_in_linear_time(text, said):
    out, diags, took = _timed_render(text)
    assert took < 1.0  # python-liquid's own lexer: 23 s for the first one
    assert out == text
    assert [d.line for d in diags] == [5 + text[: text.find(said[1:3])].count("\n")]
    assert said in diags[0].message and "Liquid skipped" in diags[0].message


def test_a_few_unclosed_openers_are_left_to_the_lexer():
    # under the guard's threshold, python-liquid reports them itself, as before
    out, diags = render("a {{ b\n" * 3)
    assert len(diags) == 1 and "expected '}}'" in diags[0].message


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("{% for i in (1..100000000) %}x{% endfor %}", "loops ran over 1,000,000 iterations"),
        (
            "{% for i in (1..2000) %}{% for j in (1..2000) %}x{% endfor %}{% endfor %}",
            "loops ran over 1,000,000 iterations",
        ),
        (
            "{% capture a %}x{% endcapture %}"
            + "{% capture a %}{{ a }}{{ a }}{% endcapture %}" * 40
            + "{{ a.size }}",
            "output grew past 32,000,000 characters",
        ),
    ],
    ids=["range", "nested", "capture-doubling"],
)
def test_runaway_templates_stop_at_a_limit_and_the_post_stays_as_written(text, said):
    out, diags, took = _timed_render(text)
    assert took < 2.0
    assert out == text
    assert [d.level for d in diags] == [WARNING]
    assert diags[0].path == POST and diags[0].line == 5
    assert "Liquid stopped" in diags[0].message and said in diags[0].message


def test_loops_a_real_archive_needs_are_under_the_limit():
    posts = [{"title": f"p{i}"} for i in range(20_000)]
    out, diags = render(
        "{% for p in site.posts %}{{ p.title }} {% endfor %}", site={**SITE, "posts": posts}
    )
    assert diags == [] and out.count(" ") == 20_000
