"""kramdown syntax for Jekyll sites (ssg/kramdown*.py), on a parser set up as ssg's.

Expected output follows kramdown 2.4 as Jekyll 4.3 configures it (GFM input, curly quotes);
each case was checked against kramdown itself.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.gfm import gfm_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from ssg.markup.kramdown.plugin import kramdown_plugin, uses_math, uses_mermaid

NBSP = "\u00a0"


def make_md(*, before_plugin=None) -> MarkdownIt:
    """The setup lines of `ssg.markdown.renderer()`, then the plugin (applied last)."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": False, "xhtmlOut": False})
    md.use(gfm_plugin)
    md.options["tasklists"] = False
    md.use(tasklists_plugin, enabled=False, label=True)
    md.use(deflist_plugin)
    if before_plugin:
        before_plugin(md)
    md.use(kramdown_plugin)
    return md


MD = make_md()


def soup(text: str, md: MarkdownIt = MD) -> BeautifulSoup:
    return BeautifulSoup(md.render(text), "html.parser")


def classes(tag) -> list[str]:
    return tag.get("class", [])


# ------------------------------------------------------------------ block IALs

BLOCK_IALS = [
    # (case, markdown, CSS selector of the element, attributes it must have)
    ("paragraph", "설명 문단입니다.\n{: .prompt-tip}\n", "p", {"class": ["prompt-tip"]}),
    ("no space", "문단\n{:.notice--info}\n", "p", {"class": ["notice--info"]}),
    (
        "classes, id, quoted values",
        "문단\n{: .a .b #p1 data-x=\"1\" title='제목' }\n",
        "p",
        {"class": ["a", "b"], "id": "p1", "data-x": "1", "title": "제목"},
    ),
    ("id only", "문단\n{: #only-id}\n", "p", {"id": "only-id"}),
    ("bullet list", "* 하나\n* 둘\n{: .checklist}\n", "ul", {"class": ["checklist"]}),
    ("ordered list", "1. one\n2. two\n{: .steps}\n\nafter\n", "ol", {"class": ["steps"]}),
    (
        "blockquote, lazy line",
        "> 팁 내용\n> 둘째 줄\n{: .prompt-tip }\n",
        "blockquote",
        {"class": ["prompt-tip"]},
    ),
    ("table", "| 이름 | 값 |\n|---|---|\n| a | 1 |\n{: .data}\n", "table", {"class": ["data"]}),
    (
        "heading",
        "## 제목\n{: data-toc-skip='' .mt-4 .mb-0 }\n",
        "h2",
        {"class": ["mt-4", "mb-0"], "data-toc-skip": ""},
    ),
    (
        "fence",
        '```yaml\nk: v\n```\n{: file="_config.yml" .nolineno}\n',
        "pre",
        {"file": "_config.yml", "class": ["nolineno"]},
    ),
    ("indented code", "    code\n{: .wide}\n", "pre", {"class": ["wide"]}),
    ("rule", "---\n{: .fancy}\n", "hr", {"class": ["fancy"]}),
    (
        "raw HTML block",
        '<div class="box">\n내용\n</div>\n{: .extra}\n',
        "div",
        {"class": ["box", "extra"]},
    ),
    ("before a block", "{: .lead}\n첫 문단입니다.\n", "p", {"class": ["lead"]}),
    ("two IALs add up", "문단\n{: .a}\n{: .b #x}\n", "p", {"class": ["a", "b"], "id": "x"}),
    (
        "definition referenced",
        "{:callout: .notice .notice--info}\n\n문단\n{: callout}\n",
        "p",
        {"class": ["notice", "notice--info"]},
    ),
]


@pytest.mark.parametrize("case, text, selector, attrs", BLOCK_IALS, ids=[c[0] for c in BLOCK_IALS])
def test_block_ial_applies_to_its_block_and_is_not_output(case, text, selector, attrs):
    page = soup(text)
    element = page.select_one(selector)
    assert element is not None
    for name, value in attrs.items():
        assert element.get(name) == value, name
    assert "{:" not in page.get_text()


def test_block_ial_after_a_blank_line_applies_to_the_next_block():
    first, second = soup("앞 문단\n\n{: .lead}\n\n뒤 문단\n").find_all("p")
    assert "class" not in first.attrs
    assert classes(second) == ["lead"]


def test_block_ial_right_after_a_block_ends_it():
    first, second = soup("앞 문단\n{: .x}\n뒤 문단\n").find_all("p")
    assert classes(first) == ["x"] and "class" not in second.attrs
    assert second.get_text() == "뒤 문단"


@pytest.mark.parametrize(
    "text",
    ["{: junk here!}\n문단\n", "문단\n{: .ok bad!}\n", "문단 {: garbage !!}\n", "{: }\n"],
)
def test_text_that_is_not_an_attribute_list_stays_text(text):
    page = soup(text)
    assert "{:" in page.get_text()
    assert not page.select("[class]")


# ------------------------------------------------------------------ span IALs

SPAN_IALS = [
    ("image width", '![고양이](cat.png){: width="300"}', "img", {"width": "300", "src": "cat.png"}),
    (
        "image classes, Chirpy sizes",
        "![a](x.png){: .light .shadow w='1212' h='668' }",
        "img",
        {"class": ["light", "shadow"], "width": "1212", "height": "668"},
    ),
    ("link", '[링크](https://example.com){:target="_blank"}', "a", {"target": "_blank"}),
    ("emphasis", "*강조*{: .x}", "em", {"class": ["x"]}),
    ("strong", "**굵게**{: .y #s}", "strong", {"class": ["y"], "id": "s"}),
    ("code span", "`_config.yml`{: .filepath}", "code", {"class": ["filepath"]}),
]


@pytest.mark.parametrize("case, text, selector, attrs", SPAN_IALS, ids=[c[0] for c in SPAN_IALS])
def test_span_ial_applies_to_the_element_before_it(case, text, selector, attrs):
    page = soup(f"앞 {text} 뒤\n")
    element = page.select_one(selector)
    for name, value in attrs.items():
        assert element.get(name) == value, name
    assert page.p.get_text() == f"앞 {element.get_text()} 뒤"


@pytest.mark.parametrize("text", ["![a](x.png) {: .c}", "단어{: .w}", "\\*{: .e}"])
def test_span_ial_not_right_after_an_element_stays_text(text):
    page = soup(text + "\n")
    assert "{: ." in page.get_text()
    assert not page.select("[class]")


def test_ial_attributes_merge_into_what_an_earlier_renderer_wrote():
    """ssg's own image and fence renderers write their HTML themselves."""

    def own_renderers(md):
        md.add_render_rule(
            "image",
            lambda self, t, i, o, e: f'<img src="{t[i].attrGet("src")}" width="800" height="600">',
        )
        md.add_render_rule(
            "fence", lambda self, t, i, o, e: f'<figure class="code"><pre>{t[i].content}</pre>'
        )

    md = make_md(before_plugin=own_renderers)
    one = soup('![a](x.png){: width="300" .shadow}\n', md).img
    assert (one["width"], one.get("height"), one["class"]) == ("300", None, ["shadow"])
    both = soup('![a](x.png){: width="30" height="20"}\n', md).img
    assert (both["width"], both["height"]) == ("30", "20")
    figure = soup('```yaml\nk: v\n```\n{: file="a.yml" .nolineno}\n', md).figure
    assert figure["class"] == ["code", "nolineno"] and figure["file"] == "a.yml"
    mermaid = soup("```mermaid\ngraph TD; A-->B\n```\n", md)
    assert mermaid.figure is None and mermaid.select_one("pre.mermaid")


# ------------------------------------------------------------------ headings and TOC


@pytest.mark.parametrize(
    "text, tag, ident, title",
    [
        ("## 설치 방법 {#install}\n", "h2", "install", "설치 방법"),
        ("설정 {#config}\n===\n", "h1", "config", "설정"),
        ("### 한글 아이디 {#설치}\n", "h3", "설치", "한글 아이디"),
        ("# 제목\n{: #tid .c}\n", "h1", "tid", "제목"),
    ],
)
def test_header_ids(text, tag, ident, title):
    heading = soup(text).find(tag)
    assert heading["id"] == ident
    assert heading.get_text() == title


def test_a_header_id_must_start_with_a_letter():
    heading = soup("## 숫자 {#1x}\n").h2
    assert "id" not in heading.attrs and heading.get_text() == "숫자 {#1x}"


def test_no_toc_and_data_toc_skip_mark_headings_for_the_toc_collector():
    seen = {}

    def collector(md):  # pushed before the plugin, as ssg pushes its heading-id rule
        md.core.ruler.push(
            "collect",
            lambda state: seen.update(
                {
                    t.attrGet("id"): t.meta.get("toc_skip", False)
                    for t in state.tokens
                    if t.type == "heading_open"
                }
            ),
        )

    text = "# 제외 {#a}\n{: .no_toc}\n\n## 건너뜀 {#b}\n{: data-toc-skip='' }\n\n## 포함 {#c}\n"
    page = soup(text, make_md(before_plugin=collector))
    assert seen == {"a": True, "b": True, "c": False}
    assert classes(page.h1) == ["no_toc"]


def _with_auto_ids(md):
    """A heading-id rule that keeps ids already set, as ssg's must."""

    def auto_ids(state):
        for index, token in enumerate(state.tokens):
            if token.type == "heading_open" and not token.attrGet("id"):
                token.attrSet("id", state.tokens[index + 1].content.lower().replace(" ", "-"))

    md.core.ruler.push("auto_ids", auto_ids)


TOC_POST = """# 글 제목
{: .no_toc}

* TOC
{:toc}

## Install *now* [here](https://example.com) {#install}

#### Deep

## 설정

### 세부 {#detail}
"""


def test_toc_marker_becomes_kramdowns_table_of_contents():
    page = soup(TOC_POST, make_md(before_plugin=_with_auto_ids))
    toc = page.select_one("ul#markdown-toc")
    links = [(a["href"], a["id"], a.get_text()) for a in toc.find_all("a")]
    assert links == [
        ("#install", "markdown-toc-install", "Install now here"),
        ("#deep", "markdown-toc-deep", "Deep"),
        ("#설정", "markdown-toc-설정", "설정"),
        ("#detail", "markdown-toc-detail", "세부"),
    ]
    nested = toc.select("ul#markdown-toc > li > ul > li > a")
    assert [a["href"] for a in nested] == ["#deep", "#detail"]
    assert toc.find("em") is not None  # the heading's emphasis stays; its link does not
    assert "TOC" not in page.get_text()


def test_toc_marker_on_an_ordered_list_with_its_own_id_and_class():
    page = soup("1. TOC\n{:toc .cls #myid}\n\n## X {#x}\n")
    toc = page.select_one("ol#myid")
    assert classes(toc) == ["cls"]
    assert toc.a["id"] == "myid-x" and toc.a["href"] == "#x"


# ------------------------------------------------------------------ HTML blocks


def test_html_block_contents_stay_raw_across_blank_lines():
    page = soup('<div class="box">\n\n**굵게** _기울임_\n\n## 제목\n\n</div>\n\n*뒤*\n')
    box = page.select_one("div.box")
    assert box.find("strong") is None and box.find("h2") is None
    assert "**굵게** _기울임_" in box.get_text()
    assert page.select_one("p > em").get_text() == "뒤"


def test_markdown_1_contents_are_markdown_and_the_attribute_goes():
    page = soup('<div class="notice--info" markdown="1">\n\n**굵게** 본문\n\n* 항목\n</div>\n')
    box = page.select_one("div.notice--info")
    assert box.find("strong").get_text() == "굵게"
    assert box.select_one("ul > li").get_text() == "항목"
    assert "markdown" not in box.attrs


@pytest.mark.parametrize("markdown, parsed", [("", False), (' markdown="1"', True)])
def test_details_contents_are_raw_unless_markdown_1(markdown, parsed):
    page = soup(f"<details{markdown}>\n<summary>요약 **b**</summary>\n\n*내용*\n\n</details>\n")
    details = page.details
    assert (details.find("em") is not None) is parsed
    assert "markdown" not in details.attrs
    assert details.summary.get_text() == "요약 **b**"  # a summary is raw either way


def test_elements_inside_markdown_1_are_raw_again():
    page = soup('<div markdown="1">\n<div class="in">\n\n*x*\n\n</div>\n\n*y*\n</div>\n')
    assert page.select_one("div.in").find("em") is None
    assert page.select_one("div > p > em").get_text() == "y"


def test_markdown_1_on_a_paragraph_parses_its_text():
    p = soup('<p markdown="1">**b** x</p>\n').p
    assert p.strong.get_text() == "b" and p.get_text() == "b x"


def test_an_unclosed_block_element_is_raw_to_the_end():
    page = soup("<div>\n*열림*\n\n*계속*\n")
    assert page.find("em") is None and "*계속*" in page.get_text()


# ------------------------------------------------------------------ abbreviations


def test_abbreviations_mark_whole_words_anywhere_in_the_document():
    text = (
        "HTML은 좋다. XHTML, HTML5, `HTML`, [HTML](https://example.com) 그리고 *HTML*.\n\n"
        "*[HTML]: Hyper Text Markup Language\n"
        "*[W3C]:  World Wide Web Consortium\n\n"
        "## W3C 표준\n"
    )
    page = soup(text)
    titles = [(a.get_text(), a["title"]) for a in page.find_all("abbr")]
    assert titles == [("HTML", "Hyper Text Markup Language")] * 3 + [
        ("W3C", "World Wide Web Consortium")
    ]
    assert page.code.get_text() == "HTML" and page.code.find("abbr") is None
    assert "*[" not in page.get_text() and "XHTML, HTML5" in page.get_text()


def test_quotes_around_an_abbreviation_curl_as_around_any_word():
    page = soup('"HTML"을 쓴다.\n\n*[HTML]: Hyper Text Markup Language\n')
    assert page.p.get_text() == "\u201cHTML\u201d을 쓴다."
    assert page.p.abbr.get_text() == "HTML"


# ------------------------------------------------------------------ math


@pytest.mark.parametrize(
    "text, display, expected",
    [
        ("$$\n\\sum_{i=1}^n a_i * b_i\n$$\n", True, "\\[\\sum_{i=1}^n a_i * b_i\\]"),
        (
            "$$ x = {-b \\pm \\sqrt{b^2-4ac} \\over 2a} $$\n",
            True,
            "\\[x = {-b \\pm \\sqrt{b^2-4ac} \\over 2a}\\]",
        ),
        ("\\[ a_1 *b* c_2 \\]\n", True, "\\[a_1 *b* c_2\\]"),
        ("값 $$a_1 * b_2 * c$$ 이다\n", False, "값 \\(a_1 * b_2 * c\\) 이다"),
        ("값 \\(x_1 *y* \\_z\\) 이다\n", False, "값 \\(x_1 *y* \\_z\\) 이다"),
        ("값 \\\\(a_1 * b_2 * c\\\\) 이다\n", False, "값 \\(a_1 * b_2 * c\\) 이다"),
        ("$$\nx_1 -- y\n$$\n이어짐\n", False, "\\(x_1 -- y\\)\n이어짐"),
    ],
)
def test_math_is_kept_intact(text, display, expected):
    page = soup(text)
    element = page.select_one("div.math" if display else "p")
    assert element.get_text() == expected
    assert page.find(["em", "strong"]) is None
    assert uses_math(MD.parse(text))


def test_display_math_in_a_list_item():
    assert soup("1. $$ a_1 $$\n").select_one("ol > li > div.math").get_text() == "\\[a_1\\]"


@pytest.mark.parametrize("text", ["배열\\[0\\]과 \\$$ 5\n", "`$$x$$`\n", "평범한 글\n"])
def test_not_math(text):
    assert not uses_math(MD.parse(text))
    assert soup(text).find(class_="math") is None


# ------------------------------------------------------------------ mermaid


def test_mermaid_fence_is_a_diagram_and_others_stay_code():
    text = "```mermaid\ngraph TD; A-->B\n```\n\n```python\nx = 1\n```\n"
    page = soup(text)
    assert page.select_one("pre.mermaid").get_text() == "graph TD; A-->B\n"
    assert page.select_one("pre > code.language-python").get_text() == "x = 1\n"
    assert uses_mermaid(MD.parse(text)) and not uses_mermaid(MD.parse(text[30:]))


# ------------------------------------------------------------------ typography


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a -- b --- c...", "a \u2013 b \u2014 c\u2026"),
        ("<< 인용 >> 와 <<a>>", f"\u00ab{NBSP}인용{NBSP}\u00bb 와 \u00aba\u00bb"),
        ('He said "hello."', "He said \u201chello.\u201d"),
        ("it's the '90s, 'quote'", "it\u2019s the \u201990s, \u2018quote\u2019"),
        ("\"설치\"를 하고 '확인'했다", "\u201c설치\u201d를 하고 \u2018확인\u2019했다"),
        ('*"강조"* "`코드`"', "\u201c강조\u201d \u201c코드\u201d"),
    ],
)
def test_typography_as_kramdown(text, expected):
    assert soup(text + "\n").p.get_text() == expected


@pytest.mark.parametrize(
    "text, kept",
    [
        ('`a -- "b" ...`\n', 'a -- "b" ...'),
        ('```\nfence -- "y" ...\n```\n', 'fence -- "y" ...'),
        ('    indented -- "x" ...\n', 'indented -- "x" ...'),
        ("<https://example.com/a--b...c>\n", "https://example.com/a--b...c"),
        ("$$a -- 'b' ... c$$\n", "\\[a -- 'b' ... c\\]"),
    ],
)
def test_no_typography_in_code_math_or_urls(text, kept):
    assert kept in soup(text).get_text()


# ------------------------------------------------------------------ what already worked


def test_chirpy_caption_is_an_emphasis_after_the_image_in_one_paragraph():
    p = soup('![화면](/img/screen.png){: width="972" height="589" }\n_전체 화면_\n').p
    assert [child.name for child in p.children if child.name] == ["img", "em"]
    assert p.em.get_text() == "전체 화면" and p.img["width"] == "972"


def test_setext_indented_code_definition_lists_and_footnotes_survive():
    text = (
        "제목\n====\n\n부제\n----\n\n    들여쓴 -- 코드\n\n"
        "용어\n: 정의 *설명*\n\n각주가 있다[^1].\n\n[^1]: 각주 내용.\n"
    )
    page = soup(text)
    assert page.h1.get_text() == "제목" and page.h2.get_text() == "부제"
    assert page.select_one("pre > code").get_text() == "들여쓴 -- 코드\n"
    assert page.dl.dt.get_text() == "용어" and page.dl.dd.em.get_text() == "설명"
    # footnotes as kramdown writes them: `fn:NAME` ids, so old links to them keep working
    ref = page.select_one("sup")
    assert (ref["id"], ref.a["href"], ref.a.get_text()) == ("fnref:1", "#fn:1", "1")
    notes = page.select_one("div.footnotes")
    assert notes.li["id"] == "fn:1" and "각주 내용." in notes.get_text()
    assert notes.select_one("a.reversefootnote")["href"] == "#fnref:1"


def test_no_bare_url_or_address_becomes_a_link_as_in_kramdown():
    page = soup("see https://127.0.0.1:443으로, www.example.com and me@example.com; <https://x.y>")
    assert [a["href"] for a in page.find_all("a")] == ["https://x.y"]  # only the <…> autolink
    assert "https://127.0.0.1:443으로" in page.get_text()


def test_a_line_starting_with_inline_html_is_a_paragraph_as_in_kramdown():
    text = "<br>\n## 제목\n\n<span>a</span> *b*\n| x | y |\n"
    page = soup(text)
    assert page.find("h2") is not None and page.find("h2").get_text().strip() == "제목"
    assert page.find("em").get_text() == "b"
    assert soup("<div>\n*raw*\n</div>\n").find("em") is None  # block elements stay raw


@pytest.mark.parametrize(
    ("text", "html"),
    [  # each checked against Jekyll 4.3: kramdown's output is balanced HTML
        (  # an indented include of several lines: only its first line is in the list item
            '1. 단계\n\n   <div class="note">\n  <p>주의</p>\n</div>\n',
            '<ol>\n<li>\n<p>단계</p>\n<div class="note">\n</div>\n</li>\n</ol>\n'
            "  <p>주의</p>\n<p>&lt;/div&gt;</p>\n",
        ),
        ("</div>\n\ntext\n", "<p>&lt;/div&gt;</p>\n<p>text</p>\n"),
        ("a </section> b\n", "<p>a &lt;/section&gt; b</p>\n"),
        ("a <div>b</div> c\n", "<p>a <div>b</div> c</p>\n"),
        ("a <span>b</span>\n", "<p>a <span>b</span></p>\n"),
        (
            "1. a\n\npara\n\n2. b\n",
            "<ol>\n<li>a</li>\n</ol>\n<p>para</p>\n<ol>\n<li>b</li>\n</ol>\n",
        ),
    ],
)
def test_html_is_balanced_as_kramdown_balances_it(text, html):
    assert MD.render(text) == html


def test_an_element_without_its_end_tag_is_a_warning_at_its_line():
    from ssg.markup.markdown import render

    from conftest import plain_context

    ctx = plain_context()
    body = render("text\n\n- item\n\n  <details>\n  open\n", ctx, flavor="kramdown").html
    assert body.endswith("<details>\nopen\n</details>\n</li>\n</ul>\n")
    assert [str(d) for d in ctx.diagnostics] == [
        "post.md:5: warning: <details> has no end tag: closed at the end of its block"
    ]


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("- 1) text\n", "<ul>\n<li>1) text</li>\n</ul>\n"),
        ("1) text\n", "<p>1) text</p>\n"),
        ('{::options parse_block_html="true" /}\n\ntext\n', "<p>text</p>\n"),
        ("para\n^\nnext\n", "<p>para</p>\n<p>next</p>\n"),
        ("* one\n^\n* two\n", "<ul>\n<li>one</li>\n</ul>\n<ul>\n<li>two</li>\n</ul>\n"),
    ],
)
def test_kramdown_block_markers(text, html):
    assert MD.render(text) == html


def test_parse_block_html_makes_the_html_blocks_after_it_markdown():
    # checked against Jekyll 4.3 (the `<details>` case aside, which kramdown mangles)
    text = (
        '<div class="a">\n*raw*\n</div>\n\n{::options parse_block_html="true" /}\n\n'
        '<div class="b">\n**굵게** 본문\n\n* 항목\n</div>\n\n'
        "<details>\n<summary>*요약*</summary>\n\n내용\n</details>\n\n"
        '<div class="c" markdown="0">\n*raw*\n</div>\n\n'
        '{::options parse_block_html="false" /}\n\n<div class="d">\n*raw*\n</div>\n'
    )
    page = soup(text)
    assert page.select_one("div.a").find("em") is None
    assert page.select_one("div.b > p > strong").get_text() == "굵게"
    assert page.select_one("div.b > ul > li").get_text() == "항목"
    assert str(page.select_one("summary")) == "<summary><em>요약</em></summary>"
    assert page.select_one("div.c").find("em") is None
    assert page.select_one("div.d").find("em") is None
    assert "{::options" not in str(page)
    # the setting lasts for one document, not the next one this parser renders
    assert soup('<div class="e">\n*raw*\n</div>\n').select_one("div.e").find("em") is None


@pytest.mark.parametrize(
    ("text", "html"),
    [  # each checked against Jekyll 4.3
        (
            "{::comment}\n할 일: *그림*\n{:/comment}\n\n본문\n",
            "<!-- 할 일: *그림* -->\n<p>본문</p>\n",
        ),
        ("{::nomarkdown}\n<b>*raw*</b>\n{:/}\n", "<b>*raw*</b>\n"),
        (
            "a{::comment}x{:/comment}b {::nomarkdown}*k*{:/nomarkdown}\n",
            "<p>a<!-- x -->b *k*</p>\n",
        ),
        (
            "- item\n\n  {::comment}\n  note\n  {:/comment}\n",
            "<ul>\n<li>\n<p>item</p>\n<!-- note -->\n</li>\n</ul>\n",
        ),
        ("{::comment} never closed\n", "<p>{::comment} never closed</p>\n"),
    ],
)
def test_comment_and_nomarkdown_extensions(text, html):
    assert MD.render(text) == html


def test_a_table_does_not_interrupt_a_paragraph():  # checked against Jekyll 4.3
    assert MD.render("글\n| a | b |\n|---|---|\n") == "<p>글\n| a | b |\n|—|—|</p>\n"
    assert soup("글\n\n| a | b |\n|---|---|\n").find("table") is not None


def test_the_footnote_back_link_is_written_as_kramdown_writes_it():
    assert 'role="doc-backlink">&#8617;&#xfe0e;</a>' in MD.render("a[^1]\n\n[^1]: note\n")


@pytest.mark.parametrize(
    ("text", "code"),
    [  # each checked against Jekyll 4.3 (kramdown 2.4, kramdown-parser-gfm)
        (
            "1. Step\n\n    ```bash\n    echo hi\n      indented\n    ```\n",
            " echo hi\n   indented\n",
        ),
        ("2. Step\n   ```python\n   def f():\n   \treturn 1\n   ```\n", "def f():\n\treturn 1\n"),
        ("- item\n  ```\n  a\n    b\n  ```\n", "a\n  b\n"),
        ("* tab item\n\n\t```\n\tx\n\ty\n\t```\n", "  x\n  y\n"),
        ("  ```\n  top\n    level\n  ```\n", "  top\n    level\n"),
        ("- open\n\n   ```\n   never closed\n", " never closed\n"),
    ],
)
def test_fenced_code_keeps_its_lines_inside_the_container_as_kramdown_does(text, code):
    (pre,) = soup(text).find_all("code")
    assert pre.get_text() == code


@pytest.mark.parametrize(
    "text",
    ["|a|b|c|\n|-|-|\n|1|2|3|\n", "a | b | c\n--|--\n1 | 2 | 3\n", "|a|b|c|\n|:-|\n|1|2|3|\n"],
)
def test_a_separator_with_fewer_cells_than_the_header_is_still_a_table(text):
    table = soup(text).find("table")  # as Jekyll 4.3's kramdown renders it
    assert table is not None
    assert [th.get_text() for th in table.find_all("th")] == ["a", "b", "c"]
    assert [td.get_text() for td in table.find_all("td")] == ["1", "2", "3"]


def test_a_short_separator_in_code_is_left_alone():
    assert soup("```\n|a|b|\n|-|\n```\n").find("code").get_text() == "|a|b|\n|-|\n"


def test_a_definition_may_have_several_terms_as_in_kramdown():
    page = soup("* [file][1]\n  SIZE\n  : 7191348 bytes\n\n[1]: /f\n\nA\nB\n: both\n")
    lists = page.find_all("dl")  # as Jekyll 4.3's kramdown renders them
    assert [dt.get_text() for dt in lists[0].find_all("dt")] == ["file", "SIZE"]
    assert lists[0].find("dd").get_text() == "7191348 bytes"
    assert lists[0].find_parent("li") is not None
    assert [dt.get_text() for dt in lists[1].find_all("dt")] == ["A", "B"]
    assert soup("just\ntwo lines\n").find("dl") is None
