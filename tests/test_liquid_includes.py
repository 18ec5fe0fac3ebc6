"""Tests for Jekyll's include tags and their file cache (ssg/liquid/includes.py)."""

from __future__ import annotations

from pathlib import Path

from ssg.errors import WARNING
from ssg.liquid.engine import expand_liquid
from ssg.liquid.includes import includes_fingerprint

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


def write(folder: Path, name: str, text: str) -> Path:
    file = folder / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file


def messages(diagnostics) -> list[str]:
    return [str(d) for d in diagnostics]


# -------------------------------------------------------------------- include


def test_include_bare_name_with_korean_content(tmp_path):
    write(tmp_path, "adsense.html", "<ins>광고 자리: {{ site.title }}</ins>")
    out, diags = render("위\n{% include adsense.html %}\n아래", tmp_path)
    assert out == "위\n<ins>광고 자리: 작은 블로그</ins>\n아래"
    assert diags == []


def test_include_quoted_name_and_subfolder(tmp_path):
    write(tmp_path, "analytics/google.html", "GA:{{ page.title }}")
    out, diags = render(
        "{% include 'analytics/google.html' %}|{% include \"analytics/google.html\" %}", tmp_path
    )
    assert out == "GA:첫 글|GA:첫 글"
    assert diags == []


def test_nested_include(tmp_path):
    write(tmp_path, "outer.html", "[{% include inner/deep.html %}]")
    write(tmp_path, "inner/deep.html", "깊은 {{ site.baseurl }}")
    out, diags = render("{% include outer.html %}", tmp_path)
    assert out == "[깊은 /blog]"
    assert diags == []


def test_include_params_are_exposed_as_include_variable(tmp_path):
    write(
        tmp_path,
        "note.html",
        '<p class="{{ include.type }}">{{ include.text }}/{{ include.title }}/{{ include.n }}</p>',
    )
    text = '{% include note.html type="tip" text=\'말 "quoted"\' title=page.title n=3 %}'
    out, diags = render(text, tmp_path)
    assert out == '<p class="tip">말 "quoted"/첫 글/3</p>'
    assert diags == []


def test_include_params_reach_nested_include_and_multiline_tag(tmp_path):
    write(tmp_path, "box.html", "<{% include label.html %}>")
    write(tmp_path, "label.html", "{{ include.kind | upcase }}")
    out, diags = render('{%\n  include box.html\n  kind="warn"\n%}', tmp_path)
    assert out == "<WARN>"
    assert diags == []


def test_include_name_from_variable(tmp_path):
    write(tmp_path, "video.html", "video:{{ include.id }}")
    out, diags = render(
        '{% include {{ page.which }}.html id="x1" %}', tmp_path, page={"which": "video"}
    )
    assert out == "video:x1"
    assert diags == []


def test_missing_include_warns_at_file_line_and_renders_nothing(tmp_path):
    # The body starts on file line 8; the tag is on the body's 3rd line -> line 10.
    includes = tmp_path / "includes"
    includes.mkdir()
    text = "첫째 줄\n둘째 줄\n{% include adsense.html %}\n끝"
    out, diags = render(text, includes, first_line=8)
    assert out == "첫째 줄\n둘째 줄\n\n끝"
    assert messages(diags) == [f'{POST}:10: warning: include "adsense.html" not found in includes/']
    assert diags[0].level == WARNING and diags[0].line == 10


def test_missing_include_without_includes_dir():
    out, diags = render("{% include adsense.html %}x")
    assert out == "x"
    assert messages(diags) == [f'{POST}:1: warning: include "adsense.html" not found in includes/']


def test_include_escaping_includes_dir_is_refused(tmp_path):
    includes = tmp_path / "includes"
    includes.mkdir()
    write(tmp_path, "secret.html", "SECRET")
    out, diags = render("a{% include ../secret.html %}b", includes)
    assert out == "ab"
    assert len(diags) == 1 and "../secret.html" in diags[0].message
    assert diags[0].line == 1


def test_include_that_is_not_utf8_is_a_warning_at_the_bad_byte(tmp_path):
    includes = tmp_path / "includes"
    includes.mkdir()
    (includes / "latin1.html").write_bytes(b"one\ntwo \xc7a\n")
    out, diags = render("x {% include latin1.html %}", includes)
    assert out == "x one\ntwo \ufffda\n"
    assert messages(diags) == [
        "includes/latin1.html:2: warning: not valid UTF-8 (byte 0xc7); save the file as UTF-8 "
        f"(included by {POST})"
    ]
    (includes / "ok.html").write_bytes(b"\xef\xbb\xbfok")  # a BOM is fine
    assert expanded("{% include ok.html %}", includes=includes) == "ok"


def test_include_linked_outside_the_includes_folder_is_refused(tmp_path):
    includes = tmp_path / "includes"
    includes.mkdir()
    write(tmp_path, "secret.html", "SECRET")
    (includes / "link.html").symlink_to(tmp_path / "secret.html")
    out, diags = render("a{% include link.html %}b", includes)
    assert out == "ab"
    assert messages(diags) == [f'{POST}:1: warning: include "link.html" is outside includes/']


def test_problems_inside_an_include_are_located_in_the_include(tmp_path):
    includes = tmp_path / "includes"
    write(includes, "bad.html", "one\n{% googleads 123 %}\n{% include nope.html %}")
    out, diags = render("x\n{% include bad.html %}", includes, first_line=5)
    assert out == "x\none\n\n"
    assert messages(diags) == [
        'includes/bad.html:2: warning: unknown Liquid tag "googleads" (rendered nothing)',
        'includes/bad.html:3: warning: include "nope.html" not found in includes/',
    ]


def test_syntax_error_in_include_skips_only_that_include(tmp_path):
    write(tmp_path / "includes", "broken.html", "ok\n{% if x %}never closed")
    out, diags = render("a {% include broken.html %} b {{ page.title }}", tmp_path / "includes")
    assert out == "a  b 첫 글"
    assert len(diags) == 1
    assert diags[0].path == "includes/broken.html" and diags[0].line == 2


def test_recursive_include_is_stopped(tmp_path):
    write(tmp_path, "loop.html", "L{% include loop.html %}")
    out, diags = render("{% include loop.html %}", tmp_path)
    assert out == "L"
    assert any("includes itself" in d.message for d in diags)


def test_changed_include_is_reparsed(tmp_path):
    file = write(tmp_path, "x.html", "v1")
    assert render("{% include x.html %}", tmp_path)[0] == "v1"
    file.write_text("version two", encoding="utf-8")
    assert render("{% include x.html %}", tmp_path)[0] == "version two"


def test_include_cached_is_an_include(tmp_path):
    (tmp_path / "card.html").write_text("<b>{{ include.name }}</b>", encoding="utf-8")
    assert (
        expanded('{% include_cached card.html name="카드" %}', includes=tmp_path) == "<b>카드</b>"
    )


# ----------------------------------------------------------- include_relative


def test_include_relative_reads_next_to_the_post_with_parameters(tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "note.md").write_text(
        "> {{ include.kind }}: {{ page.title }}", encoding="utf-8"
    )
    text = '{% include_relative snippets/note.md kind="참고" %}'
    assert expanded(text, source_dir=tmp_path) == "> 참고: 첫 글"


def test_include_relative_missing_or_outside_warns(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "secret.md").write_text("SECRET", encoding="utf-8")
    text = "{% include_relative nope.md %}\n{% include_relative ../secret.md %}"
    rendered, diags = render(text, first_line=3, source_dir=tmp_path / "posts")
    assert rendered == "\n"
    assert messages(diags) == [
        f'{POST}:3: warning: include_relative "nope.md" not found in _posts/',
        f'{POST}:4: warning: include_relative "../secret.md" is outside _posts/',
    ]


def test_problems_inside_an_include_relative_file_are_located_there(tmp_path):
    (tmp_path / "part.md").write_text("하나\n{% googleads %}", encoding="utf-8")
    rendered, diags = render("{% include_relative part.md %}", source_dir=tmp_path)
    assert rendered == "하나\n"
    assert messages(diags) == [
        '_posts/part.md:2: warning: unknown Liquid tag "googleads" (rendered nothing)'
    ]


# ---------------------------------------------------------------- fingerprint


def test_includes_fingerprint(tmp_path):
    assert includes_fingerprint(None) == ""
    assert includes_fingerprint(tmp_path / "missing") == ""
    includes = tmp_path / "includes"
    file = write(includes, "a.html", "A")
    write(includes, "sub/b.html", "B")
    first = includes_fingerprint(includes)
    assert len(first) == 64
    assert includes_fingerprint(includes) == first
    file.write_text("A2", encoding="utf-8")
    second = includes_fingerprint(includes)
    assert second != first
    (includes / "sub" / "b.html").rename(includes / "sub" / "c.html")
    assert includes_fingerprint(includes) not in (first, second)
