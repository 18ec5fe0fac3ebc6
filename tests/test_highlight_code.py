import time
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssg.errors import WARNING
from ssg.markup.highlight import code as highlight
from ssg.markup.highlight.code import render_code_block


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


def _pygments_lines(code: str, lang: str) -> list[str]:
    """What Pygments' own HTML formatter writes for `code`, as `_code_lines` gives it: the
    braces escaped, unstyled whitespace spans dropped, split at line ends."""
    import re

    from pygments import format as pygments_format
    from pygments.formatters import HtmlFormatter

    from ssg.markup.highlight.code import _lexer_for

    html = pygments_format(_lexer_for(lang).get_tokens(code + "\n"), HtmlFormatter(nowrap=True))
    html = html.replace("{", "&#123;").replace("}", "&#125;")
    html = re.sub(r'<span class="w">([^<]*)</span>', r"\1", html)
    return html[:-1].split("\n")


SAMPLES = {
    "python": 'def f(x: int) -> str:\n    """Doc {x}."""\n    return f"{x!r}"  # note\n\n\n',
    "bash": "for f in *.md; do\n  echo \"$f\" | tr 'a-z' 'A-Z' > /dev/null\ndone\n",
    "yaml": "on:\n  push:\n    branches: [main]\n# '{{ x }}'\n",
    "json": '{"a": [1, 2.5, null], "b": "<tag> & \'q\'"}',
    "go": "package main\n\nfunc main() {\n\tfmt.Println(`raw\nstring`)\n}\n",
    "dockerfile": 'FROM python:3.12\nRUN pip install \\\n    ssg\nENTRYPOINT ["ssg"]\n',
    "html": '<div class="a">\n  <p>텍스트 &amp; {{ x }}</p>\n</div>',
    "js": "const s = `a ${b}\n c`;\n/* 주석\n 둘 */ x => x * 2;\n",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_code_lines_are_what_pygments_html_formatter_writes(lang):
    from ssg.markup.highlight.code import _code_lines, _lexer_for

    code = SAMPLES[lang]
    assert _code_lines(code, _lexer_for(lang)) == _pygments_lines(code, lang)


@given(st.text(alphabet=st.sampled_from(list("ab 1\n\t\"'{}<>&#:=()[]-한")), max_size=80))
@settings(max_examples=150, deadline=None)
def test_code_lines_match_pygments_on_any_text(code):
    from ssg.markup.highlight.code import _code_lines, _lexer_for

    for lang in ("python", "bash"):
        assert _code_lines(code, _lexer_for(lang)) == _pygments_lines(code, lang)
