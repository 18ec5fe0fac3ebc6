"""Tests for masking Markdown code from Liquid (ssg/liquid/masking.py), directly and
through `expand_liquid` in a native ssg site."""

from __future__ import annotations

from pathlib import Path

from ssg.liquid.engine import expand_liquid
from ssg.liquid.masking import mask_code

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


# ----------------------------------------------------- code is not a template


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


def test_highlight_body_is_masked_whole():
    text = "{% highlight md %}\n```\n{% endhighlight %}\n`x`"
    masked, restore = mask_code(text)
    assert "```" not in masked and "{% endhighlight %}" in masked and "`x`" not in masked
    assert restore(masked) == text
