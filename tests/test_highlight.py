import re
import time
import xml.etree.ElementTree as ET

import pytest

from ssg.errors import WARNING
from ssg.markup.highlight import code as highlight
from ssg.markup.highlight.code import (
    DARK_BACKGROUND,
    DEFAULT_DARK_STYLE,
    DEFAULT_LIGHT_STYLE,
    LIGHT_BACKGROUND,
    FenceInfo,
    parse_fence_info,
    render_code_block,
    stylesheet,
    worst_contrast,
)


def render(code, info="", **kwargs):
    kwargs.setdefault("path", "posts/a.md")
    kwargs.setdefault("line", 7)
    return render_code_block(code, info, **kwargs)


def parse(html):
    """The block as an element tree; raises on any unbalanced or crossed tag."""
    return ET.fromstring(html)


def code_element(html):
    figure = parse(html)
    assert figure.tag == "figure" and figure.get("class") == "code-block"
    code = figure.find("./div[@class='highlight']/pre/code")
    assert code is not None
    assert figure.find("./div/pre").get("tabindex") == "0"
    return code


def text_without_line_numbers(element):
    """Like `code.textContent` once the `.ln` spans are removed."""
    parts = [element.text or ""]
    for child in element:
        if child.get("class") != "ln":
            parts.append(text_without_line_numbers(child))
        parts.append(child.tail or "")
    return "".join(parts)


# --------------------------------------------------------------------------- fence info


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        ("", FenceInfo()),
        ("python", FenceInfo(lang="python")),
        ("  Python  ", FenceInfo(lang="Python")),
        ("python {3,5-7}", FenceInfo(lang="python", highlight_lines=frozenset({3, 5, 6, 7}))),
        ("python{3,5-7}", FenceInfo(lang="python", highlight_lines=frozenset({3, 5, 6, 7}))),
        ("python {7-5}", FenceInfo(lang="python", highlight_lines=frozenset({5, 6, 7}))),
        ('python title="app.py"', FenceInfo(lang="python", title="app.py")),
        ('python title="my app.py"', FenceInfo(lang="python", title="my app.py")),
        (
            "python title='app.py' linenos",
            FenceInfo(lang="python", title="app.py", linenos=True),
        ),
        (
            'python {hl_lines="3 5-7"}',
            FenceInfo(lang="python", highlight_lines=frozenset({3, 5, 6, 7})),
        ),
        ("python linenos=true", FenceInfo(lang="python", linenos=True)),
        ("python linenos=false", FenceInfo(lang="python")),
        ("python linenos start=10", FenceInfo(lang="python", linenos=True, linenos_start=10)),
        ("python linenostart=10", FenceInfo(lang="python", linenos=True, linenos_start=10)),
        ("{.python}", FenceInfo(lang="python")),
        (
            '{.haskell .numberLines startFrom="100"}',
            FenceInfo(lang="haskell", linenos=True, linenos_start=100),
        ),
        ("js:app.js", FenceInfo(lang="js", title="app.js")),
        ("js:app.js {2}", FenceInfo(lang="js", title="app.js", highlight_lines=frozenset({2}))),
        (
            'go {linenos=table,hl_lines=[2,"5-6"],linenostart=199}',
            FenceInfo(
                lang="go", highlight_lines=frozenset({2, 5, 6}), linenos=True, linenos_start=199
            ),
        ),
        (
            'py title="bubble.py" linenums="3" hl_lines="2 3"',
            FenceInfo(
                lang="py",
                title="bubble.py",
                highlight_lines=frozenset({2, 3}),
                linenos=True,
                linenos_start=3,
            ),
        ),
        ("js showLineNumbers{10}", FenceInfo(lang="js", linenos=True, linenos_start=10)),
        ("c++", FenceInfo(lang="c++")),
        ("c# {1}", FenceInfo(lang="c#", highlight_lines=frozenset({1}))),
        ("python foo bar=baz 3", FenceInfo(lang="python")),  # unknown words ignored
        ('python title="unterminated', FenceInfo(lang="python", title="unterminated")),
        ('python title=""', FenceInfo(lang="python")),
        ('title="x.py"', FenceInfo(title="x.py")),
    ],
)
def test_parse_fence_info(info, expected):
    assert parse_fence_info(info) == expected


def test_fence_info_is_frozen_and_slotted():
    info = parse_fence_info("python {1}")
    assert not hasattr(info, "__dict__")
    with pytest.raises(AttributeError):
        info.lang = "js"


def test_huge_line_range_is_clamped():
    info = parse_fence_info("python {1-999999999}")
    assert max(info.highlight_lines) == highlight._MAX_LINE


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize(
    ("lang", "lexer_class"),
    [
        ("sh", "BashLexer"),
        ("shell", "BashLexer"),
        ("zsh", "BashLexer"),
        ("yml", "YamlLexer"),
        ("dockerfile", "DockerLexer"),
        ("Dockerfile", "DockerLexer"),
        ("c#", "CSharpLexer"),
        ("cs", "CSharpLexer"),
        ("c++", "CppLexer"),
        ("js", "JavascriptLexer"),
        ("ts", "TypeScriptLexer"),
        ("md", "MarkdownLexer"),
        ("console", "BashSessionLexer"),
        ("shell-session", "BashSessionLexer"),
        ("py", "PythonLexer"),
        ("PY", "PythonLexer"),
        ("golang", "GoLexer"),
        ("ps1", "PowerShellLexer"),
        ("kt", "KotlinLexer"),
        ("rs", "RustLexer"),
        ("rb", "RubyLexer"),
        ("jsx", "JsxLexer"),
        ("tsx", "TsxLexer"),
        ("nginx", "NginxConfLexer"),
        ("toml", "TOMLLexer"),
        ("haskell", "HaskellLexer"),  # not in the table: Pygments' own aliases
    ],
)
def test_language_aliases(lang, lexer_class):
    lexer = highlight._lexer_for(lang.lower())
    assert type(lexer).__name__ == lexer_class
    assert lexer.stripnl is False
    html, diagnostics = render("# x = 1\n", lang)
    assert diagnostics == []
    assert "<span class=" in html
    assert f'data-lang="{lang}"' in html


def test_missing_lexer_falls_back(monkeypatch):
    from pygments.util import ClassNotFound

    real = highlight.get_lexer_by_name

    def without_tsx(name, **options):
        if name == "tsx":
            raise ClassNotFound(name)
        return real(name, **options)

    monkeypatch.setattr(highlight, "get_lexer_by_name", without_tsx)
    monkeypatch.setattr(highlight, "_LEXERS", {})
    assert type(highlight._lexer_for("tsx")).__name__ == "TypeScriptLexer"
    assert highlight._lexer_for("nosuchlang") is None


def test_lexers_are_cached():
    assert highlight._lexer_for("python") is highlight._lexer_for("python")
    assert "python" in highlight._LEXERS


@pytest.mark.parametrize("lang", ["txt", "text", "plaintext", "plain", "none", "TXT"])
def test_plain_aliases_are_not_highlighted(lang):
    html, diagnostics = render("if x < 1: pass\n", lang)
    assert diagnostics == []
    assert "<span" not in html
    assert "if x &lt; 1: pass</code>" in html


def test_console_prompt_and_output():
    html, _ = render("$ ls -l\ntotal 0\n", "console")
    assert '<span class="gp">$ </span>' in html
    assert '<span class="go">total 0</span>' in html


# --------------------------------------------------------------------------- rendering


def test_unknown_language_warns_with_location():
    html, diagnostics = render("a <b>\n", "foolang", path="posts/x.md", line=12)
    assert len(diagnostics) == 1
    d = diagnostics[0]
    assert (d.level, d.path, d.line) == (WARNING, "posts/x.md", 12)
    assert d.message == 'unknown code language "foolang"; shown without highlighting'
    assert "<span" not in html
    assert "a &lt;b&gt;</code>" in html
    assert 'data-lang="foolang"' in html


def test_no_language_block_is_escaped_plain_text():
    html, diagnostics = render("<b>&amp;</b>\n")
    assert diagnostics == []
    assert html == (
        '<figure class="code-block">\n'
        '<div class="highlight"><pre tabindex="0"><code class="language-text">'
        "&lt;b&gt;&amp;amp;&lt;/b&gt;</code></pre></div>\n"
        "</figure>\n"
    )


def test_output_shape_with_language_and_title():
    html, _ = render("x = 1\n", 'python title="app.py"')
    assert html.startswith(
        '<figure class="code-block" data-lang="python">\n'
        '<figcaption class="code-title">app.py</figcaption>\n'
        '<div class="highlight"><pre tabindex="0"><code class="language-python">'
    )
    assert html.endswith("</code></pre></div>\n</figure>\n")
    assert "style=" not in html
    assert '<span class="n">x</span>' in html
    code_element(html)


def test_no_figcaption_without_title():
    html, _ = render("x = 1\n", "python")
    assert "figcaption" not in html


def test_title_is_escaped():
    html, _ = render("x\n", 'text title="<b>{{ t }}</b>"')
    caption = parse(html).find("figcaption")
    assert caption.get("class") == "code-title"
    assert caption.text == "<b>{{ t }}</b>"
    assert "<b>" not in html and "{{" not in html


@pytest.mark.parametrize("lang", ["", "html", "jinja", "text", "foolang"])
def test_template_syntax_and_script_are_escaped(lang):
    source = '<script>alert("x")</script>\n{{ x }} {% if y %}\n'
    html, _ = render(source, lang)
    assert "<script" not in html
    assert "{{" not in html and "{%" not in html
    assert text_without_line_numbers(code_element(html)) == source[:-1]


def test_highlighted_lines_and_line_numbers_are_well_formed():
    source = 'def f():\n    s = """one\ntwo\nthree"""\n    return s\n'
    html, _ = render(source, "python {2,4} linenos")
    code = code_element(html)  # parses: every tag is closed in order

    hll = [el for el in code.iter("span") if el.get("class") == "hll"]
    # the newline follows the span, so a selection copies no extra blank line
    assert [text_without_line_numbers(el) for el in hll] == ['    s = """one', 'three"""']
    # a token spanning lines is closed and reopened: no hll span crosses a line
    for el in hll:
        assert text_without_line_numbers(el).count("\n") == 0

    numbers = [el for el in code.iter("span") if el.get("class") == "ln"]
    assert [el.get("data-line") for el in numbers] == ["1", "2", "3", "4", "5"]
    for el in numbers:
        assert el.get("aria-hidden") == "true"
        assert el.text is None and len(el) == 0  # the number comes from CSS only
    assert text_without_line_numbers(code) == source[:-1]
    assert "".join(code.itertext()) == source[:-1]  # what the copy button reads


def test_each_output_line_is_well_formed_on_its_own():
    source = '"""a\nb\nc"""\n# x\n'
    html, _ = render(source, "python")
    inner = html.split('<code class="language-python">', 1)[1].split("</code>", 1)[0]
    lines = inner.split("\n")
    assert len(lines) == 4
    for line in lines:
        ET.fromstring(f"<x>{line}</x>")


def test_line_numbers_start():
    html, _ = render("a\nb\n", "text linenostart=10 {2}")
    code = code_element(html)
    numbers = [el.get("data-line") for el in code.iter("span") if el.get("class") == "ln"]
    assert numbers == ["10", "11"]
    # highlighted lines count from the block's first line, whatever the start
    hll = [el for el in code.iter("span") if el.get("class") == "hll"]
    assert [text_without_line_numbers(el) for el in hll] == ["b"]


def test_plain_block_with_highlighted_lines():
    html, diagnostics = render("a\nb\nc\n", "{2}")
    assert diagnostics == []
    code = code_element(html)
    assert [text_without_line_numbers(el) for el in code.iter("span")] == ["b"]


def test_no_hll_or_line_numbers_unless_asked():
    html, _ = render("a = 1\nb = 2\n", "python")
    assert "hll" not in html and 'class="ln"' not in html


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a\r\nb\r\n", "a\nb"),
        ("a\rb\r", "a\nb"),
        ("a\n", "a"),
        ("a", "a"),
        # leading and trailing blank lines survive; a final blank line keeps its newline,
        # or a browser would not show it (the last line of a <pre> is hidden when empty)
        ("\n\nx = 1\n\n", "\n\nx = 1\n\n"),
        ("x = 1\n\n\n", "x = 1\n\n\n"),
        ("x = 1\n\ny = 2\n", "x = 1\n\ny = 2"),
        ("\tif x:\n\t\tpass\n", "\tif x:\n\t\tpass"),
        ('# 안녕하세요\nprint("세계")\n', '# 안녕하세요\nprint("세계")'),
        ("", ""),
    ],
)
@pytest.mark.parametrize("info", ["python", "python linenos {1,2}", "", "text linenos"])
def test_code_text_round_trips(source, expected, info):
    html, _ = render(source, info)
    code = code_element(html)
    assert text_without_line_numbers(code) == expected
    assert "\r" not in html


def test_line_count_has_no_extra_empty_line():
    html, _ = render("a = 1\nb = 2\n", "python linenos")
    assert html.count('class="ln"') == 2
    html, _ = render("a = 1\n\n", "python linenos")  # a trailing blank line is a line
    assert html.count('class="ln"') == 2


def test_output_is_deterministic():
    source = "def f(x):\n    return {x: 1}\n"
    first = render(source, "python {1} linenos")
    assert render(source, "python {1} linenos") == first
    render("other\n", "js {1}")
    assert render(source, "python {1} linenos") == first


def test_long_file_is_fast():
    source = "".join(f"def f{i}(x):\n    return x + {i}  # 주석\n" for i in range(5000))
    start = time.perf_counter()
    html, _ = render(source, "python linenos {1-100}")
    elapsed = time.perf_counter() - start
    assert html.count('class="ln"') == 10000
    assert elapsed < 5


# --------------------------------------------------------------------------- stylesheet


def test_stylesheet_light_and_dark_rules():
    css = stylesheet()
    dark_query = css.index("@media (prefers-color-scheme: dark) {")
    light_part = css[:dark_query]
    assert re.search(r"^\.highlight \.k \{ color: #", light_part, re.MULTILINE)
    assert re.search(r"^\.highlight \.hll \{ background-color: #", light_part, re.MULTILINE)
    media = css[dark_query : css.index("\n}\n", dark_query)]
    assert re.search(r':root:not\(\[data-theme="light"\]\) \.highlight \.k \{ color: #', media)
    assert ':root:not([data-theme="light"]) .highlight .hll { background-color: #' in media
    after = css[css.index("\n}\n", dark_query) :]
    assert re.search(
        r'^:root\[data-theme="dark"\] \.highlight \.k \{ color: #', after, re.MULTILINE
    )
    assert ':root[data-theme="dark"] .highlight .hll { background-color: #' in after
    # every selector is scoped to .highlight
    for line in css.splitlines():
        if "{ " in line:
            assert ".highlight" in line


def test_stylesheet_never_sets_the_block_background():
    css = stylesheet("friendly", "monokai")  # both have a background colour
    assert "f0f0f0" not in css.lower()
    assert "272822" not in css.lower()
    for line in css.splitlines():
        if re.match(r"\s*(:root\S* )?\.highlight \{", line.strip()):
            assert "background" not in line


def test_dark_rules_undo_light_only_properties():
    css = stylesheet("friendly", "monokai")  # friendly's keywords are bold, monokai's not
    assert re.search(r"^\.highlight \.k \{[^}]*font-weight: bold", css, re.MULTILINE)
    dark_k = re.search(
        r'^:root\[data-theme="dark"\] \.highlight \.k \{([^}]*)\}', css, re.MULTILINE
    )
    assert "font-weight: inherit" in dark_k.group(1)
    assert "color: #66D9EF" in dark_k.group(1)


def test_stylesheet_unknown_style_raises():
    with pytest.raises(ValueError, match="nosuchstyle") as caught:
        stylesheet("nosuchstyle")
    assert "monokai" in str(caught.value) and "xcode" in str(caught.value)
    with pytest.raises(ValueError, match="nosuchdark"):
        stylesheet(dark="nosuchdark")


def test_default_styles_pass_wcag_aa():
    assert worst_contrast(DEFAULT_LIGHT_STYLE, LIGHT_BACKGROUND)[0] >= 4.5
    assert worst_contrast(DEFAULT_DARK_STYLE, DARK_BACKGROUND)[0] >= 4.5
    # and on the highlighted-line backgrounds the stylesheet picks
    css = stylesheet()
    light_hll = re.search(r"^\.highlight \.hll \{ background-color: (#\w+)", css, re.MULTILINE)
    dark_hll = re.search(r'"dark"\] \.highlight \.hll \{ background-color: (#\w+)', css)
    assert worst_contrast(DEFAULT_LIGHT_STYLE, light_hll.group(1))[0] >= 4.5
    assert worst_contrast(DEFAULT_DARK_STYLE, dark_hll.group(1))[0] >= 4.5


def test_contrast_check_catches_a_low_contrast_style():
    assert worst_contrast("friendly", LIGHT_BACKGROUND)[0] < 4.5
    assert highlight.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
