"""Math at build time (ssg/markup/math.py, mathml.py): MathML in both flavors, the KaTeX
fallback with its warning and page feature, `math = "katex"`, and mermaid in the default
flavor. The HTML of each case is pinned in tests/markdown/math.md and kramdown.md."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from ssg.markup.markdown import render
from ssg.markup.mathml import to_mathml

from conftest import plain_context

FLAVORS = ["gfm", "kramdown"]
POST = """첫 줄

$$
\\sum_{i=1}^n i = \\frac{n(n+1)}{2}
$$

값 $$a_1$$ 과 \\(b^2\\) 이다.
"""


def rendered(text: str, flavor: str = "gfm", **fields):
    ctx = plain_context(**fields)
    return render(text, ctx, flavor=flavor), ctx


@pytest.mark.parametrize("flavor", FLAVORS)
def test_converted_math_needs_no_script(flavor):
    out, ctx = rendered(POST, flavor)
    soup = BeautifulSoup(out.html, "html.parser")
    assert len(soup.find_all("math")) == 3
    assert soup.find("math", display="block").find("annotation")["encoding"] == "application/x-tex"
    assert "math" not in out.features and "mathml" in out.features
    assert ctx.diagnostics == []


@pytest.mark.parametrize("flavor", FLAVORS)
def test_a_formula_it_cannot_convert_is_a_warning_and_left_to_katex(flavor):
    text = POST + "\n$$\n\\begin{aligned} a &= b \\end{aligned}\n$$\n\n끝에 \\(\\R\\) 하나.\n"
    out, ctx = rendered(text, flavor)
    assert "math" in out.features and "mathml" in out.features  # both kinds on one page
    soup = BeautifulSoup(out.html, "html.parser")
    assert soup.select_one("div.math").get_text() == "\\[\\begin{aligned} a &= b \\end{aligned}\\]"
    assert "\\(\\R\\)" in soup.get_text()  # inline: bare, as kramdown writes it
    assert [(d.level, d.line) for d in ctx.diagnostics] == [("warning", 9), ("warning", 13)]
    assert "environment aligned is not supported" in ctx.diagnostics[0].message
    assert "unknown command \\R" in ctx.diagnostics[1].message


def test_the_warning_names_the_line_of_an_inline_formula():
    out, ctx = rendered("one\n\ntwo\nthree $x^$ here\n", body_line=5)
    assert [d.line for d in ctx.diagnostics] == [5 + 3]


def test_katex_setting_writes_every_formula_for_the_browser():
    out, ctx = rendered(POST + "\n$\\R$\n", math="katex")
    assert out.features == ("math",) and ctx.diagnostics == []
    soup = BeautifulSoup(out.html, "html.parser")
    assert soup.find("math") is None
    assert soup.select_one("div.math").get_text().startswith("\\[\\sum")
    assert [s.get_text() for s in soup.select("p span.math")] == ["\\[a_1\\]"]
    assert "\\(b^2\\)" in soup.get_text() and "\\(\\R\\)" in soup.get_text()  # inline: bare


@pytest.mark.parametrize(
    "text",
    ["It costs $5 to $10.", "$HOME and $1 and $2", "`$x$` and `\\(y\\)`", "```\n$x$\n```"],
)
def test_no_math_no_feature(text):
    out, ctx = rendered(text + "\n")
    assert out.features == () and "<math" not in out.html and 'class="math' not in out.html


def test_excerpt_math_is_mathml_and_not_warned_twice():
    out, ctx = rendered("Bad $\\R$ and good $x$.\n\nmore\n")
    assert "<math>" in out.excerpt_html and "\\(\\R\\)" in out.excerpt_html
    assert len(ctx.diagnostics) == 1


def test_mermaid_in_the_default_flavor():
    out, ctx = rendered("```mermaid\ngraph TD; A-->B & C\n```\n")
    assert out.html == '<pre class="mermaid">graph TD; A--&gt;B &amp; C\n</pre>\n'
    assert out.features == ("mermaid",) and ctx.diagnostics == []


FAILURES = {
    "\\begin{aligned} a &= b \\end{aligned}": "environment aligned",
    "\\begin{equation} x \\end{equation}": "environment equation",
    "\\R": "unknown command \\R",
    "\\label{x} y": "unknown command \\label",
    "x^": "missing super script",
    "\\frac{a}": "mfrac needs 2 parts",
    "\\unicode{x}": "&",
    "a \\\\ b": "line break",
    "{}": "nothing",
    "{": "no available tokens",
}


@pytest.mark.parametrize("tex", sorted(FAILURES))
def test_what_latex2mathml_gets_wrong_is_refused(tex):
    mathml, problem = to_mathml(tex, False)
    assert mathml is None and FAILURES[tex] in problem


CONVERTED = [
    "\\operatorname{sim}(x)",
    "\\mathbb{R}",
    "\\text{if } x < 0",
    "\\begin{cases} 1 & x > 0 \\\\ 0 & \\text{else} \\end{cases}",
    "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}",
    "\\begin{align*} a &= b \\\\ c &= d \\end{align*}",
    "\\newcommand{\\RR}{\\mathbb{R}} \\RR",
    "\\left( \\frac{a}{b} \\right)",
    "\\text{<b> and </b>}",
    '\\color{red" onload="x}{y}',
]


@pytest.mark.parametrize("tex", CONVERTED)
def test_converted_mathml_is_well_formed_and_escaped(tex):
    mathml, problem = to_mathml(tex, True)
    assert mathml is not None, problem
    root = ET.fromstring(mathml)  # balanced, escaped: `<` and quotes never leak out
    assert root.tag == "math" and root.attrib == {"display": "block"}
    semantics = list(root)
    assert [e.tag for e in semantics] == ["semantics"]
    assert [e.tag for e in semantics[0]][-1] == "annotation"
    assert semantics[0][-1].text == tex
    for element in root.iter():  # no tag or attribute came from the TeX's text
        assert element.tag not in ("script", "b") and not any(
            a.startswith("on") for a in element.attrib
        )


def test_conversions_are_cached_and_fast():
    formulas = [f"x_{{{i}}} = \\frac{{a^{i}}}{{\\sqrt{{b + {i}}}}}" for i in range(200)]
    started = time.perf_counter()
    for tex in formulas:
        to_mathml(tex, False)
    per_formula = (time.perf_counter() - started) / len(formulas)
    hits = to_mathml.cache_info().hits
    to_mathml(formulas[0], False)
    assert to_mathml.cache_info().hits == hits + 1
    assert per_formula < 0.01  # about 0.2 ms on the 2-core machine


MATH_TOKENS = ["$", "$$", "\\(", "\\)", "\\[", "\\]", "\\", "`", "x", "1", " ", "\n", "\n\n"]
MATH_TOKENS += ["- ", "> ", "{", "}", "^", "_", "&", "[", "](u)", "\\frac", "\\begin{aligned}"]


@given(st.lists(st.sampled_from(MATH_TOKENS), max_size=40).map("".join))
def test_any_dollars_and_brackets_give_html(text):
    for flavor in FLAVORS:
        out, ctx = rendered(text, flavor)
        assert isinstance(out.html, str)
        assert all(d.level == "warning" for d in ctx.diagnostics)


@pytest.mark.parametrize("unit", ["$a ", "$a$ ", "- $$ a\n", "\\(a ", "$", "$$a$$ "])
def test_dollars_and_brackets_stay_linear(unit):
    def seconds(n: int) -> float:
        started = time.perf_counter()
        rendered(unit * n)
        return time.perf_counter() - started

    small, large = seconds(2_000), seconds(16_000)
    assert large < 24 * max(small, 0.01)  # 8x the text; quadratic would be 64x
