"""Tests for the Liquid pre-pass (ssg/liquid.py)."""

from __future__ import annotations

from pathlib import Path

from ssg.errors import WARNING
from ssg.liquid.engine import expand_liquid, includes_fingerprint, mask_code, needs_liquid

SITE = {"title": "작은 블로그", "baseurl": "/blog", "url": "https://example.test"}
PAGE = {"title": "첫 글", "tags": ["docker", "os"]}
POST = "_posts/2024-01-02-hello.md"


def render(text: str, includes: Path | None = None, first_line: int = 1, **kw):
    return expand_liquid(
        text,
        path=POST,
        first_line=first_line,
        includes_dir=includes,
        site=kw.get("site", SITE),
        page=kw.get("page", PAGE),
    )


def write(folder: Path, name: str, text: str) -> Path:
    file = folder / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file


def messages(diagnostics) -> list[str]:
    return [str(d) for d in diagnostics]


# ------------------------------------------------------------------ includes


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


# ------------------------------------------------------------ variables, raw


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


# -------------------------------------------------------- code is not a template


def test_fenced_code_is_unchanged(tmp_path):
    text = (
        "before {{ site.baseurl }}\n"
        "```liquid\n"
        "{{ site.url }}\n"
        "{% include x %}\n"
        "{% if unclosed %} }} {{\n"
        "```\n"
        "~~~~ html {{ weird info }}\n"
        "{% raw %}{{ a }}{% endraw %}\n"
        "~~~\n"
        "```\n"
        "~~~~\n"
        "after {{ site.baseurl }}\n"
    )
    out, diags = render(text, tmp_path)
    expected_code = text[text.index("```liquid") : text.index("after")]
    assert out == "before /blog\n" + expected_code + "after /blog\n"
    assert diags == []


def test_fenced_code_in_list_items_and_indented_fences_is_unchanged():
    text = (
        "1. step {{ page.title }}\n"
        "\n"
        "   ```bash\n"
        "   echo ${{ secrets.TOKEN }}\n"
        "   ```\n"
        "   - nested\n"
        "\n"
        "     ~~~\n"
        "     {% gist abc %}\n"
        "     ~~~\n"
        "- ```js\n"
        "  const t = `${a}` + '{{';\n"
        "  ```\n"
        "> ```\n"
        "> {{ quoted }}\n"
        "> ```\n"
        "{{ page.title }}"
    )
    out, diags = render(text)
    assert out == text.replace("{{ page.title }}", "첫 글")
    assert diags == []


def test_unclosed_fence_protects_rest_of_text():
    text = "{{ page.title }}\n```\n{{ site.url }} {% nope"
    out, diags = render(text)
    assert out == "첫 글\n```\n{{ site.url }} {% nope"
    assert diags == []


def test_inline_code_is_unchanged():
    text = (
        "Use `{{ site.url }}` or ``{% include x.html %}`` and ```a `{% b` c``` "
        "or `}}{{` then {{ site.baseurl }}.\nAn escaped \\`{{ page.title }}\\` is not code."
    )
    out, diags = render(text)
    assert out == (
        "Use `{{ site.url }}` or ``{% include x.html %}`` and ```a `{% b` c``` "
        "or `}}{{` then /blog.\nAn escaped \\`첫 글\\` is not code."
    )
    assert diags == []


def test_code_span_does_not_cross_paragraphs():
    text = "a ` stray\n\n{{ page.title }} `"
    out, _ = render(text)
    assert out == "a ` stray\n\n첫 글 `"


def test_indented_code_block_is_unchanged():
    text = "Example:\n\n    {{ site.url }}\n    {% if x %}\n\nText {{ site.baseurl }}\n"
    out, diags = render(text)
    assert out == "Example:\n\n    {{ site.url }}\n    {% if x %}\n\nText /blog\n"
    assert diags == []


def test_indented_list_continuation_is_still_liquid():
    text = "- item\n\n    more {{ site.baseurl }}\n"
    out, diags = render(text)
    assert out == "- item\n\n    more /blog\n"
    assert diags == []


def test_indented_liquid_blocks_are_liquid_when_masking_would_break_them():
    text = "{% if page.title %}\n  shown\n\n        {% endif %}\ndone"
    out, diags = render(text)
    assert out == "\n  shown\n\n        \ndone"
    assert diags == []


def test_line_numbers_survive_masked_code(tmp_path):
    text = "```\n1\n2\n```\n`x\ny`\n    \n{% include missing.html %}"
    out, diags = render(text, tmp_path, first_line=3)
    assert out.endswith("    \n")
    assert [d.line for d in diags] == [3 + 8 - 1]  # the tag is on the text's 8th line


def test_placeholder_characters_in_text_do_not_collide():
    text = "\ue000\ue0010\ue001 `{{ a }}` {{ page.title }} \ue002"
    out, diags = render(text)
    assert out == "\ue000\ue0010\ue001 `{{ a }}` 첫 글 \ue002"
    masked, restore = mask_code(text)
    assert "{{ a }}" not in masked
    assert restore(masked) == text


def test_whitespace_control_next_to_code_keeps_code_intact():
    text = "{%- if true -%}\n```\n{{ x }}\n\n```\n{%- endif -%}"
    out, diags = render(text)
    assert out == "```\n{{ x }}\n\n```"
    assert diags == []


# -------------------------------------------------------------- diagnostics


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


# ---------------------------------------------------------------- helpers


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
