"""CJK-friendly emphasis (`ssg.markup.cjk_emphasis`), in both Markdown flavors.

The cases live in `markdown/cjk-emphasis.md` (rendered there with the gfm flavor by
`test_markdown_fixtures.py`); here the same cases go through the kramdown flavor, a
renderer built without the plugin shows which of them the plugin changes, random ASCII
text shows it changes nothing without CJK, and the CommonMark spec count stays pinned.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file
from test_commonmark_spec import EXAMPLES, INTENDED, PASSING, normalise

from ssg.markup import cjk_emphasis, markdown
from ssg.markup.cjk_emphasis import is_cjk
from ssg.markup.markdown import RenderContext

from conftest import plain_context

FIXTURE = Path(__file__).parent / "markdown" / "cjk-emphasis.md"
CASES = read_fixture_file(FIXTURE)
FLAVORS = ("gfm", "kramdown")


def context() -> RenderContext:
    return plain_context("cjk.md")


def without_plugin(flavor: str) -> MarkdownIt:
    """ssg's renderer of `flavor` as it is built, but without CJK-friendly emphasis."""
    use = cjk_emphasis.use
    cjk_emphasis.use = lambda md: None
    try:
        return markdown.renderer.__wrapped__(flavor)
    finally:
        cjk_emphasis.use = use


PLAIN = {flavor: without_plugin(flavor) for flavor in FLAVORS}


def html(text: str, flavor: str, *, plugin: bool = True) -> str:
    md = markdown.renderer(flavor) if plugin else PLAIN[flavor]
    return md.render(text, {"ctx": context()})


def case_params() -> list:
    return [pytest.param(m, e, id=f"{FIXTURE.name}:{line}") for line, _, m, e in CASES]


def test_enough_cases():
    assert len(CASES) >= 30


def quotes(html_text: str) -> str:
    """Double quotes as one character: kramdown's typography curls straight ones."""
    return html_text.replace("&quot;", '"').replace("\u201c", '"').replace("\u201d", '"')


@pytest.mark.parametrize(("text", "expected"), case_params())
def test_kramdown_flavor_renders_the_cases_alike(text, expected):
    assert quotes(html(text, "kramdown")) == quotes(expected)


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(
    ("text", "with_plugin"),
    [
        ("**용어(term)**는", "<p><strong>용어(term)</strong>는</p>\n"),
        ('**"따옴표"**를', "<p><strong>&quot;따옴표&quot;</strong>를</p>\n"),
        ("**강조.**다음", "<p><strong>강조.</strong>다음</p>\n"),
        ("~~취소(cancel)~~된", "<p><s>취소(cancel)</s>된</p>\n"),
        ("*기울임(italic)*과", "<p><em>기울임(italic)</em>과</p>\n"),
        ("한국어**(Korean)**를", "<p>한국어<strong>(Korean)</strong>를</p>\n"),
        (
            "これは**やりたかったこと。**だから",
            "<p>これは<strong>やりたかったこと。</strong>だから</p>\n",
        ),
        ("正體字。\ufe01_Traditional._", "<p>正體字。\ufe01<em>Traditional.</em></p>\n"),
    ],
)
def test_the_plugin_is_what_makes_these_emphasis(flavor, text, with_plugin):
    assert quotes(html(text, flavor)) == quotes(with_plugin)
    assert "<strong>" not in html(text, flavor, plugin=False)
    assert "<em>" not in html(text, flavor, plugin=False)
    assert "<s>" not in html(text, flavor, plugin=False)


@pytest.mark.parametrize(
    ("text", "cjk"),
    [
        ("가", True),  # Hangul syllable
        ("ᅡ", True),  # Hangul jungseong: East Asian Width N, but Hangul
        ("ㄱ", True),
        ("漢", True),
        ("𠮟", True),  # outside the BMP
        ("か", True),
        ("カ", True),
        ("ｶ", True),  # halfwidth
        ("。", True),
        ("，", True),
        ("「", True),
        ("〰", True),  # a CJK symbol that is also an unqualified emoji
        ("a", False),
        ("(", False),
        ("“", False),  # East Asian Width A
        ("😀", False),  # wide, but an emoji
        ("\ufe00", False),  # a variation selector itself
        ("é", False),
    ],
)
def test_is_cjk(text, cjk):
    assert is_cjk(text) is cjk


ASCII = st.text(
    alphabet=st.sampled_from(list("*_~ab \t\n()\"'.,!?-`[]\\<>#|:"))
    | st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    max_size=60,
)


@pytest.mark.parametrize("flavor", FLAVORS)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ASCII)
def test_ascii_text_renders_as_without_the_plugin(flavor, text):
    assert html(text, flavor) == html(text, flavor, plugin=False)


def test_commonmark_spec_count_is_unchanged():
    def failing(plugin: bool) -> set[int]:
        return {
            e["example"]
            for e in EXAMPLES
            if normalise(html(e["markdown"], "gfm", plugin=plugin)) != e["html"]
        }

    with_plugin, without = failing(True), failing(False)
    assert with_plugin == without == set(INTENDED)
    assert len(EXAMPLES) - len(with_plugin) == PASSING
