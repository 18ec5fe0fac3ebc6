"""Markdown rendering (ssg/markdown.py): GFM, heading ids, code, images, links, excerpt."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ssg.markup.headings import heading_id
from ssg.markup.markdown import RenderContext, render, renderer
from ssg.markup.reading import reading_time

from conftest import png_bytes

PATH = "content/posts/2024-02-03-notes.md"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="24" height="12"></svg>'


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content folder with a few real images: site-wide, in a bundle, beside a page."""
    root = tmp_path / "content"
    files = {
        "images/wide.png": png_bytes(40, 20),
        "images/logo.svg": SVG,
        "images/한글 그림.png": png_bytes(6, 3),
        "posts/2024-02-03-bundle/index.md": b"",
        "posts/2024-02-03-bundle/diagram.png": png_bytes(10, 5),
        "posts/local/pic.png": png_bytes(8, 6),
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def make_ctx(content: Path, *, bundle: bool = False, base: str = "/repo/", **kw) -> RenderContext:
    folder = content / "posts/2024-02-03-bundle" if bundle else content / "posts"
    kw.setdefault("body_line", 8)
    return RenderContext(
        path=PATH,
        post_dir=folder,
        bundle_dir=folder if bundle else None,
        content_dir=content,
        static_dirs=(),
        base_path=base,
        **kw,
    )


def run(content: Path, text: str, **kw):
    """(Rendered, soup of the body, context)."""
    options = {k: kw.pop(k) for k in ("excerpt_markdown", "excerpt_separator") if k in kw}
    ctx = make_ctx(content, **kw)
    result = render(text, ctx, **options)
    return result, BeautifulSoup(result.html, "html.parser"), ctx


def soup(fragment: str) -> BeautifulSoup:
    return BeautifulSoup(fragment, "html.parser")


def messages(ctx: RenderContext) -> list[str]:
    return [str(d) for d in ctx.diagnostics]


def img_attrs(tag) -> dict:
    return dict(tag.attrs)


# ------------------------------------------------------------------ CommonMark and GFM


def test_commonmark_basics(content):
    text = (
        "# 큰 제목\n\n"
        "보통 *기울임*과 **굵게**, `인라인 코드` 그리고 a\\*b.\n"
        "줄 끝 역슬래시\\\n다음 줄\n\n"
        "1. 하나\n2. 둘\n\n"
        "- 사과\n- 배\n\n"
        "> 인용문입니다.\n\n"
        "---\n\n"
        '[링크](https://example.org/page "제목")\n\n'
        "1 < 2 & 3\n"
    )
    _, body, ctx = run(content, text)
    assert body.h1.contents[0] == "큰 제목"
    p = body.find_all("p")
    assert p[0].em.text == "기울임" and p[0].strong.text == "굵게"
    assert p[0].code.text == "인라인 코드"
    assert p[0].text == "보통 기울임과 굵게, 인라인 코드 그리고 a*b.\n줄 끝 역슬래시\n다음 줄"
    assert p[0].find("br") is not None
    assert [li.text for li in body.ol.find_all("li")] == ["하나", "둘"]
    assert [li.text for li in body.ul.find_all("li")] == ["사과", "배"]
    assert body.blockquote.p.text == "인용문입니다."
    assert body.find("hr") is not None
    link = body.find("a", string="링크")
    assert (link["href"], link["title"]) == ("https://example.org/page", "제목")
    assert "<p>1 &lt; 2 &amp; 3</p>" in str(body)  # text is escaped
    assert ctx.diagnostics == []


def test_table_with_alignment(content):
    _, body, _ = run(content, "| 이름 | 값 |\n|:---|---:|\n| 도커 | 24 |\n| `k8s` | 1.29 |\n")
    table = body.table
    assert [th.text for th in table.thead.find_all("th")] == ["이름", "값"]
    assert [th.get("style") for th in table.thead.find_all("th")] == [
        "text-align:left",
        "text-align:right",
    ]
    rows = [[td.text for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")]
    assert rows == [["도커", "24"], ["k8s", "1.29"]]


def test_strikethrough(content):
    _, body, _ = run(content, "이 기능은 ~~폐기됨~~ 유지됩니다.\n")
    assert body.p.s.text == "폐기됨"


def test_task_list_checkboxes_have_labels(content):
    _, body, _ = run(content, "- [ ] 할 일\n- [x] 끝난 일\n")
    items = body.find_all("li")
    assert [li["class"] for li in items] == [["task-list-item"], ["task-list-item"]]
    boxes = [li.input for li in items]
    assert [b["type"] for b in boxes] == ["checkbox", "checkbox"]
    # each checkbox is named by its item's text: it sits inside a <label> with it
    assert [b.parent.name for b in boxes] == ["label", "label"]
    assert [b.parent.get_text(strip=True) for b in boxes] == ["할 일", "끝난 일"]
    assert [b.has_attr("checked") for b in boxes] == [False, True]
    assert all(b.has_attr("disabled") for b in boxes)
    assert [li.text.strip() for li in items] == ["할 일", "끝난 일"]


def test_footnotes_section_is_named_and_back_links_say_where_they_go(content):
    result, body, _ = run(content, "하나[^a] 둘[^b].\n\n[^a]: 첫째.\n[^b]: 둘째.\n")
    section = body.find("section", class_="footnotes")
    label = body.find(id=section["aria-labelledby"])
    assert (label.name, label.get_text()) == ("h2", "Footnotes")
    backs = section.find_all("a", class_="footnote-backref")
    assert [a["aria-label"] for a in backs] == ["Back to reference 1", "Back to reference 2"]
    assert "/>" not in result.html  # HTML, not XHTML: no self-closing void elements


def test_footnotes(content):
    _, body, _ = run(content, "본문에 각주가 있다[^note].\n\n[^note]: 각주 내용.\n")
    ref = body.p.find("sup", class_="footnote-ref").a
    assert (ref["href"], ref["id"], ref.text) == ("#fn1", "fnref1", "[1]")
    section = body.find("section", class_="footnotes")
    item = section.find("li", id="fn1")
    assert item.p.contents[0].strip() == "각주 내용."
    assert item.find("a", class_="footnote-backref")["href"] == "#fnref1"


def test_bare_url_autolinks(content):
    text = "참고: https://example.com/a. 그리고 www.example.com 또는 README.md, file.py 파일.\n"
    _, body, _ = run(content, text)
    links = [(a["href"], a.text) for a in body.find_all("a")]
    assert links == [
        ("https://example.com/a", "https://example.com/a"),
        ("http://www.example.com", "www.example.com"),
    ]
    assert "README.md, file.py" in body.p.text


def test_definition_list(content):
    _, body, _ = run(content, "컨테이너\n: 격리된 프로세스\n\nImage\n: A read-only template\n")
    assert [dt.text for dt in body.dl.find_all("dt")] == ["컨테이너", "Image"]
    assert [dd.text for dd in body.dl.find_all("dd")] == ["격리된 프로세스", "A read-only template"]


def test_raw_html_blocks_pass_through_unchanged(content):
    script = '<script>\nif (a < b && c > d) { console.log("ok"); }\n</script>'
    iframe = (
        '<iframe src="https://www.youtube-nocookie.com/embed/xyz" title="데모 영상" '
        'width="560" height="315" allowfullscreen></iframe>'
    )
    text = (
        f"{script}\n\n"
        "<details><summary>펼쳐 보기</summary>\n\n숨은 **내용**\n\n</details>\n\n"
        f"{iframe}\n"
    )
    result, body, _ = run(content, text)
    assert script in result.html
    assert iframe in result.html
    assert body.script.string == '\nif (a < b && c > d) { console.log("ok"); }\n'
    details = body.details
    assert details.summary.text == "펼쳐 보기"
    assert details.p.strong.text == "내용"  # Markdown after a blank line inside the block
    frame = body.iframe
    assert frame["src"] == "https://www.youtube-nocookie.com/embed/xyz"
    assert frame.has_attr("allowfullscreen")


# ------------------------------------------------------------------ headings and TOC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("도커란?", "도커란"),
        ("Hello, World!", "hello-world"),
        ("C++ & C#", "c--c"),
        ("snake_case 이름", "snake_case-이름"),
        ("  둘러싼 공백  ", "둘러싼-공백"),
        ("Déjà vu", "déjà-vu"),
        ("v1.2 릴리스 (베타)", "v12-릴리스-베타"),
        ("हिन्दी शीर्षक", "हिन्दी-शीर्षक"),
        ("Tab\there", "tabhere"),
    ],
)
def test_heading_id(text, expected):
    assert heading_id(text) == expected


def test_heading_ids_are_unique_like_github_and_have_anchors(content):
    text = (
        "## 도커란?\n\n"
        "## 설치\n\n"
        "## 설치\n\n"
        "## 설치-1\n\n"
        "### Run `docker ps` *now*\n\n"
        "Setext 제목\n-----------\n"
    )
    result, body, _ = run(content, text)
    headings = body.find_all(["h2", "h3"])
    ids = [h["id"] for h in headings]
    assert ids == ["도커란", "설치", "설치-1", "설치-1-1", "run-docker-ps-now", "setext-제목"]
    for h in headings:
        anchor = h.find("a", class_="anchor")
        assert anchor["href"] == "#" + h["id"]
        # clickable, but not part of the heading's accessible name nor of the tab order
        assert (anchor["aria-hidden"], anchor["tabindex"]) == ("true", "-1")
    assert result.toc == (
        (2, "도커란", "도커란?"),
        (2, "설치", "설치"),
        (2, "설치-1", "설치"),
        (2, "설치-1-1", "설치-1"),
        (3, "run-docker-ps-now", "Run docker ps now"),
        (2, "setext-제목", "Setext 제목"),
    )


def test_rendering_twice_gives_the_same_output(content):
    text = "## 같은 제목\n\n## 같은 제목\n\n본문[^1]\n\n[^1]: 각주\n"
    first, _, _ = run(content, text)
    second, _, _ = run(content, text)
    assert first == second
    assert renderer() is renderer()


# ------------------------------------------------------------------ code


def test_fenced_code_is_highlighted(content):
    _, body, ctx = run(content, '```python\nprint("안녕")\n```\n')
    figure = body.find("figure", class_="code-block")
    assert figure["data-lang"] == "python"
    code = figure.find("code")
    assert code["class"] == ["language-python"]
    assert code.text == 'print("안녕")'
    assert code.find("span", class_="nb").text == "print"
    assert ctx.diagnostics == []


def test_fence_info_backslash_escapes_and_entities_are_unescaped(content):
    """CommonMark spec examples 24 and 34: the info string is unescaped first."""
    text = '```c\\+\\+ title="a&amp;b.cpp"\nint x;\n```\n\n``` f&ouml;&ouml;\nfoo\n```\n'
    _, body, ctx = run(content, text)
    cpp, other = body.find_all("figure", class_="code-block")
    assert (cpp["data-lang"], cpp.code["class"]) == ("c++", ["language-c++"])
    assert cpp.figcaption.text == "a&b.cpp"
    assert cpp.code.find("span", class_="kt").text == "int"  # highlighted as C++
    assert (other["data-lang"], other.code["class"]) == ("föö", ["language-föö"])
    assert messages(ctx) == [
        f'{PATH}:12: warning: unknown code language "föö"; shown without highlighting'
    ]


def test_unknown_language_warning_has_the_file_line(content):
    text = "첫 줄\n\n```klingon\nqapla'\n```\n"  # the fence is on the body's 3rd line
    _, body, ctx = run(content, text, body_line=8)
    assert messages(ctx) == [
        f'{PATH}:10: warning: unknown code language "klingon"; shown without highlighting'
    ]
    assert body.find("code").text == "qapla'"


def test_template_syntax_in_code_stays_literal(content):
    text = "```yaml\nurl: {{ site.url }}\n{% raw %}\n```\n\n인라인 `{{ site.url }}`\n"
    result, body, _ = run(content, text)
    codes = body.find_all("code")
    assert codes[0].text == "url: {{ site.url }}\n{% raw %}"
    assert codes[1].text == "{{ site.url }}"
    # fenced code writes braces as entities: no later template pass can evaluate them
    figure = result.html[: result.html.index("</figure>")]
    assert "{" not in figure and "&#123;&#123;" in figure


# ------------------------------------------------------------------ images


def test_site_absolute_image_gets_size_lazy_loading_and_base_path(content):
    _, body, ctx = run(content, "![넓은 그림](/images/wide.png) ![로고](/images/logo.svg)\n")
    png, svg = body.find_all("img")
    assert img_attrs(png) == {
        "src": "/repo/images/wide.png",
        "alt": "넓은 그림",
        "width": "40",
        "height": "20",
        "loading": "lazy",
        "decoding": "async",
    }
    assert (svg["src"], svg["width"], svg["height"]) == ("/repo/images/logo.svg", "24", "12")
    assert ctx.files == {content / "images/wide.png", content / "images/logo.svg"}
    assert ctx.diagnostics == []


def test_image_at_the_site_root_without_base_path(content):
    _, body, _ = run(content, "![w](/images/wide.png)\n", base="/")
    assert (body.img["src"], body.img["width"]) == ("/images/wide.png", "40")


def test_image_already_under_the_base_path_is_not_doubled(content):
    # what `{{ site.baseurl }}/images/wide.png` becomes after Liquid
    _, body, ctx = run(content, "![w](/repo/images/wide.png)\n")
    assert img_attrs(body.img)["src"] == "/repo/images/wide.png"
    assert (body.img["width"], body.img["height"]) == ("40", "20")
    assert ctx.diagnostics == []


def test_image_url_keeps_percent_encoding_query_and_fragment(content):
    text = "![k](</images/한글 그림.png>) ![s](/images/logo.svg?v=2#icon)\n"
    _, body, ctx = run(content, text)
    korean, svg = body.find_all("img")
    assert korean["src"] == "/repo/images/%ED%95%9C%EA%B8%80%20%EA%B7%B8%EB%A6%BC.png"
    assert (korean["width"], korean["height"]) == ("6", "3")
    assert svg["src"] == "/repo/images/logo.svg?v=2#icon"
    assert svg["width"] == "24"
    assert ctx.diagnostics == []


def test_relative_image_in_a_bundle_stays_relative(content):
    _, body, ctx = run(content, "![그림](diagram.png) ![그림2](./diagram.png)\n", bundle=True)
    first, second = body.find_all("img")
    assert (first["src"], first["width"], first["height"]) == ("diagram.png", "10", "5")
    assert (second["src"], second["width"]) == ("./diagram.png", "10")
    assert ctx.files == {content / "posts/2024-02-03-bundle/diagram.png"}


def test_relative_image_outside_a_bundle_resolves_to_its_content_path(content):
    _, body, ctx = run(content, "![p](local/pic.png) ![w](../images/wide.png)\n")
    pic, wide = body.find_all("img")
    assert (pic["src"], pic["width"], pic["height"]) == ("/repo/posts/local/pic.png", "8", "6")
    assert wide["src"] == "/repo/images/wide.png"
    assert ctx.diagnostics == []


def test_missing_image_is_a_warning_with_its_line(content):
    text = "첫 줄\n둘째 줄\n셋째 줄 ![없음](/images/없는-그림.png)\n"
    _, body, ctx = run(content, text, body_line=8)
    assert messages(ctx) == [f"{PATH}:10: warning: image not found: /images/없는-그림.png"]
    assert "width" not in body.img.attrs
    assert body.img["src"] == "/repo/images/%EC%97%86%EB%8A%94-%EA%B7%B8%EB%A6%BC.png"


def test_missing_image_lines_count_wrapped_html_and_alt_text(content):
    text = (
        "| 표 | 그림 |\n|---|---|\n| a | ![t](/images/no1.png) |\n\n"  # lines 1-3
        "> 인용\n> ![q](no2.png)\n\n"  # lines 5-6
        'Text <span\nclass="x">s</span> ![two\nlines](no3.png)\n![z](no4.png)\n'  # 8-11
    )
    _, _, ctx = run(content, text, body_line=20)
    assert [(d.line, d.message) for d in ctx.diagnostics] == [
        (22, "image not found: /images/no1.png"),
        (25, "image not found: no2.png"),
        (28, "image not found: no3.png"),
        (30, "image not found: no4.png"),
    ]


def test_missing_image_in_a_bundle(content):
    _, body, ctx = run(content, "![x](missing.png)\n", bundle=True, body_line=5)
    assert messages(ctx) == [f"{PATH}:5: warning: image not found: missing.png"]
    assert body.img["src"] == "missing.png"


@pytest.mark.parametrize(
    "src",
    [
        "https://cdn.example.com/a.png",
        "//cdn.example.com/b.png",
        "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
    ],
)
def test_external_images_are_untouched(content, src):
    _, body, ctx = run(content, f"![e]({src})\n")
    assert body.img["src"] == src
    assert "width" not in body.img.attrs and "height" not in body.img.attrs
    assert ctx.diagnostics == [] and ctx.files == set()


# ------------------------------------------------------------------ links and the base path


def test_site_absolute_links_get_the_base_path(content):
    text = (
        "[소개](/about/) [이미](/repo/about/) [루트](/repo) [cdn](//cdn.example.com/x.js) "
        "[외부](https://example.com/y) [절](#설치) [상대](other/)\n"
    )
    _, body, _ = run(content, text)
    assert [a["href"] for a in body.find_all("a")] == [
        "/repo/about/",
        "/repo/about/",
        "/repo",
        "//cdn.example.com/x.js",
        "https://example.com/y",
        "#%EC%84%A4%EC%B9%98",
        "other/",
    ]


def test_site_absolute_links_without_base_path(content):
    _, body, _ = run(content, "[소개](/about/)\n", base="/")
    assert body.a["href"] == "/about/"


def test_raw_html_urls_get_the_base_path(content):
    text = (
        '<a href="/x">x</a> <img src="/y"> <a href="/repo/z">z</a> '
        "<img src='/q.png' srcset=\"/a.png 1x, /b.png 2x\"> <img src=/u.png> "
        '<a href="//cdn.example.com/c">c</a> <a href="https://example.com/">e</a> '
        '<a href="rel/">r</a>\n\n'
        '<div>\n<video poster="/v.jpg" src="/v.mp4"></video>\n</div>\n'
    )
    _, body, _ = run(content, text)
    assert [a["href"] for a in body.find_all("a")] == [
        "/repo/x",
        "/repo/z",
        "//cdn.example.com/c",
        "https://example.com/",
        "rel/",
    ]
    imgs = body.find_all("img")
    assert [i["src"] for i in imgs] == ["/repo/y", "/repo/q.png", "/repo/u.png"]
    assert imgs[1]["srcset"] == "/repo/a.png 1x, /repo/b.png 2x"
    assert (body.video["poster"], body.video["src"]) == ("/repo/v.jpg", "/repo/v.mp4")


def test_raw_html_untouched_at_the_site_root(content):
    html = '<p><a href="/x">x</a></p>'
    result, _, _ = run(content, html + "\n", base="/")
    assert result.html.strip() == html


# ------------------------------------------------------------------ excerpt


def test_front_matter_excerpt_wins(content):
    text = "첫 문단.\n\n<!--more-->\n\n나머지.\n"
    result, _, _ = run(content, text, excerpt_markdown="직접 쓴 *요약*")
    assert result.excerpt_html == "<p>직접 쓴 <em>요약</em></p>"


def test_excerpt_is_the_text_before_the_separator(content):
    text = (
        "## 소개\n\n첫 문단[^1]과 [참고][ref].\n\n둘째 문단.\n\n<!--more-->\n\n나머지.\n\n"
        "[^1]: 각주.\n\n[ref]: https://example.com/ref\n"
    )
    result, _, _ = run(content, text)
    excerpt = soup(result.excerpt_html)
    assert [t.name for t in excerpt.find_all(True)] == ["h2", "p", "a", "p"]
    assert excerpt.h2.attrs == {} and excerpt.h2.text == "소개"
    first, second = excerpt.find_all("p")
    assert first.text == "첫 문단과 참고."
    assert first.a["href"] == "https://example.com/ref"
    assert second.text == "둘째 문단."


def test_custom_excerpt_separator(content):
    text = "앞부분.\n\n<!-- 더보기 -->\n\n뒷부분.\n"
    result, _, _ = run(content, text, excerpt_separator="<!-- 더보기 -->")
    assert result.excerpt_html == "<p>앞부분.</p>"


def test_excerpt_defaults_to_the_first_paragraph(content):
    text = (
        "# 제목\n\n- 목록은 문단이 아니다\n\n"
        "첫 번째 문단[^a], [링크][r].\n\n두 번째 문단.\n\n[^a]: 각주\n\n[r]: https://example.com/\n"
    )
    result, _, _ = run(content, text)
    excerpt = soup(result.excerpt_html)
    assert [t.name for t in excerpt.find_all(True)] == ["p", "a"]
    assert excerpt.p.text == "첫 번째 문단, 링크."
    assert excerpt.a["href"] == "https://example.com/"


def test_excerpt_of_a_document_without_paragraphs_is_empty(content):
    result, _, _ = run(content, "## 제목만\n\n```\ncode\n```\n")
    assert result.excerpt_html == ""


def test_excerpt_warns_only_once(content):
    result, _, ctx = run(content, "![x](/images/gone.png) 첫 문단.\n")
    assert messages(ctx) == [f"{PATH}:8: warning: image not found: /images/gone.png"]
    assert soup(result.excerpt_html).img["src"] == "/repo/images/gone.png"


def test_excerpt_links_work_on_list_pages(content):
    """Shown on the home page, page-relative links and images must become site-absolute."""
    text = "![d](diagram.png) [아래](#설치) [외부](https://example.com/) [소개](/about/)\n"
    result, body, _ = run(content, text, bundle=True, page_url="/2024/02/03/도커/")
    here = "/repo/2024/02/03/%EB%8F%84%EC%BB%A4/"
    excerpt = soup(result.excerpt_html)
    assert excerpt.img["src"] == here + "diagram.png"
    assert excerpt.img["width"] == "10"
    assert [a["href"] for a in excerpt.find_all("a")] == [
        here + "#%EC%84%A4%EC%B9%98",
        "https://example.com/",
        "/repo/about/",
    ]
    # the body, published beside its assets, keeps them relative
    assert body.img["src"] == "diagram.png"
    assert body.a["href"] == "#%EC%84%A4%EC%B9%98"


# ------------------------------------------------------------------ reading time


def test_reading_time_korean_text(content):
    text = "컨테이너는 " * 200  # 1000 Hangul syllables
    result, _, _ = run(content, text)
    assert (result.words, result.reading_minutes) == (1000, 2)


def test_reading_time_english_words(content):
    text = " ".join(["container"] * 460)
    result, _, _ = run(content, text)
    assert (result.words, result.reading_minutes) == (460, 2)


def test_reading_time_mixed_short_and_code(content):
    short, _, _ = run(content, "짧은 글 short post\n")
    assert (short.words, short.reading_minutes) == (5, 1)
    mixed, _, _ = run(content, "도커는 " * 250 + "\n\n" + "word " * 345)  # 1.5 + 1.5 min
    assert (mixed.words, mixed.reading_minutes) == (1095, 3)
    # code counts half: it is skimmed, not read
    coded, _, _ = run(content, "word " * 460 + "\n\n```\n" + "token " * 460 + "\n```\n")
    assert (coded.words, coded.reading_minutes) == (690, 3)


def test_reading_time_from_tokens(content):
    tokens = renderer().parse("# 제목\n\n" + "안녕하세요 " * 100, {"ctx": make_ctx(content)})
    assert reading_time(tokens) == (502, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("첫 문단.\n<!--more-->\n나머지.\n", "<p>첫 문단.</p>"),  # interrupts the paragraph
        ("- 하나\n- 둘\n\n<!--more-->\n\n셋.\n", "<ul>\n<li>하나</li>\n<li>둘</li>\n</ul>"),
        ("앞 <!--more--> 뒤.\n", "<p>앞</p>"),  # inside a paragraph: the text before it
        ("- 목록\n\n  <!--more-->\n\n  속.\n", "<ul>\n<li>목록</li>\n</ul>"),  # in a list
        ("`<!--more-->` 코드.\n\n<!--more-->\n", "<p>`</p>"),  # the first one, as Jekyll
    ],
)
def test_excerpt_before_a_separator_wherever_it_stands(content, text, expected):
    result, _, _ = run(content, text)
    assert result.excerpt_html == expected


def test_a_separator_on_its_own_line_needs_no_second_parse(content, monkeypatch):
    from markdown_it import MarkdownIt

    calls = []
    parse = MarkdownIt.parse
    monkeypatch.setattr(
        MarkdownIt, "parse", lambda md, *a, **k: calls.append(1) or parse(md, *a, **k)
    )
    result, _, _ = run(content, "첫 문단.\n\n<!--more-->\n\n나머지.\n")
    assert result.excerpt_html == "<p>첫 문단.</p>"
    assert len(calls) == 1
