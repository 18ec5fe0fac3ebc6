"""Tests for Jekyll's tags (ssg/liquid/tags.py) through `expand_liquid`: `post_url`,
`link`, `highlight`, plugin and unknown tags."""

from __future__ import annotations

from ssg.liquid.engine import expand_liquid
from ssg.liquid.tags import resolve_post_url

POST = "_posts/2024-03-01-jekyll.md"
SITE = {"title": "작은 블로그", "baseurl": "/blog", "url": "https://example.test"}
# What a Jekyll-compatible site hands to `expand_liquid`.
JEKYLL = {
    "post_urls": {
        "2021-05-25-docker": "/2021/05/25/docker/",
        "linux/2020-01-02-셸-기초": "/linux/2020/01/02/셸-기초/",
        "2019/12/2019-12-31-year-end": "/2019/12/31/year-end/",
    },
    "pages": {
        "about.md": "/about/",
        "_posts/2021-05-25-docker.md": "/2021/05/25/docker/",
        "assets/도표.png": "/assets/도표.png",
    },
    "base_path": "/repo/",
    "site_url": "https://user.github.io",
}


def render(text: str, *, context: dict | None = JEKYLL, first_line: int = 1, **kw):
    return expand_liquid(
        text,
        path=POST,
        first_line=first_line,
        includes_dir=kw.pop("includes_dir", None),
        site=kw.pop("site", SITE),
        page=kw.pop("page", {"title": "첫 글", "date": "2021-05-25T08:25:00+03:00"}),
        **(context or {}),
        **kw,
    )


def out(text: str, **kw) -> str:
    rendered, diagnostics = render(text, **kw)
    assert diagnostics == []
    return rendered


def messages(diagnostics) -> list[str]:
    return [str(d) for d in diagnostics]


# ------------------------------------------------------------------- post_url


def test_post_url_under_the_base_path():
    assert out("[도커]({% post_url 2021-05-25-docker %})") == "[도커](/repo/2021/05/25/docker/)"


def test_post_url_to_a_nested_post_is_percent_encoded():
    text = "{% post_url linux/2020-01-02-셸-기초 %} {% post_url 2019/12/2019-12-31-year-end %}"
    assert out(text) == (
        "/repo/linux/2020/01/02/%EC%85%B8-%EA%B8%B0%EC%B4%88/ /repo/2019/12/31/year-end/"
    )


def test_post_url_without_folder_matches_by_name_with_a_warning():
    rendered, diags = render("x\n{% post_url 2020-01-02-셸-기초 %}", first_line=4)
    assert rendered == "x\n/repo/linux/2020/01/02/%EC%85%B8-%EA%B8%B0%EC%B4%88/"
    assert messages(diags) == [
        f'{POST}:5: warning: post_url: "2020-01-02-셸-기초" matched '
        '"linux/2020-01-02-셸-기초" only by name; write its folder'
    ]


def test_post_url_without_date_uses_the_only_post_with_that_slug():
    rendered, diags = render("{% post_url docker %}|{% post_url linux/셸-기초 %}")
    assert (
        rendered == "/repo/2021/05/25/docker/|/repo/linux/2020/01/02/%EC%85%B8-%EA%B8%B0%EC%B4%88/"
    )
    assert [d.message for d in diags] == [
        'post_url: "docker" has no date (Jekyll needs one); used "2021-05-25-docker"',
        'post_url: "linux/셸-기초" has no date (Jekyll needs one); used "linux/2020-01-02-셸-기초"',
    ]


def test_post_url_unknown_post_warns_at_its_line_and_renders_nothing():
    rendered, diags = render("첫 줄\n둘째 [링크]({% post_url 2099-01-01-없는-글 %})", first_line=7)
    assert rendered == "첫 줄\n둘째 [링크]()"
    assert messages(diags) == [f'{POST}:8: warning: post_url: no post "2099-01-01-없는-글"']


def test_post_url_without_post_urls_warns():
    rendered, diags = render("a{% post_url 2021-05-25-docker %}b", context=None)
    assert rendered == "ab"
    assert messages(diags) == [f'{POST}:1: warning: post_url: no post "2021-05-25-docker"']


def test_resolve_post_url_reports_ambiguous_names():
    urls = {"a/2021-01-01-x": "/a/", "b/2021-01-01-x": "/b/"}
    assert resolve_post_url("a/2021-01-01-x", urls) == ("/a/", None)
    assert resolve_post_url("2021-01-01-x", urls) == (
        None,
        'post_url: "2021-01-01-x" matches several posts: a/2021-01-01-x, b/2021-01-01-x',
    )


# ----------------------------------------------------------------------- link


def test_link_to_page_post_and_static_file():
    text = (
        "[소개]({% link about.md %}) [post]({% link\n  _posts/2021-05-25-docker.md %}) "
        "![도표]({% link /assets/도표.png %})"
    )
    assert out(text) == (
        "[소개](/repo/about/) [post](/repo/2021/05/25/docker/) "
        "![도표](/repo/assets/%EB%8F%84%ED%91%9C.png)"
    )


def test_link_path_may_use_variables():
    assert out("{% link {{ page.which }}.md %}", page={"which": "about"}) == "/repo/about/"


def test_link_to_a_missing_file_warns():
    rendered, diags = render("a\n\nb {% link drafts/없음.md %}", first_line=2)
    assert rendered == "a\n\nb "
    assert messages(diags) == [f'{POST}:4: warning: link: no file "drafts/없음.md"']


# ------------------------------------------------------------------ highlight


def test_highlight_becomes_a_fence_with_marked_lines_and_line_numbers():
    text = (
        "코드:\n"
        '{% highlight Python linenos mark_lines="2 3" %}\n'
        "def 인사():\n"
        "    print('{{ not.liquid }}')  # {% if %}\n"
        "    return 1\n"
        "{% endhighlight %}\n"
        "끝"
    )
    assert out(text) == (
        "코드:\n"
        "```python {2,3} linenos\n"
        "def 인사():\n"
        "    print('{{ not.liquid }}')  # {% if %}\n"
        "    return 1\n"
        "```\n"
        "끝"
    )


def test_highlight_fence_is_longer_than_backticks_in_the_body():
    text = "{% highlight markdown %}\n```ruby\nputs 1\n```\n{% endhighlight %}"
    expected = "````markdown\n```ruby\nputs 1\n```\n````"
    assert out(text) == expected
    assert out(text, code_is_liquid=True) == expected


def test_highlight_plain_and_mid_line_get_lines_of_their_own():
    assert out("a {% highlight sh %}ls -al{% endhighlight %} b") == "a \n```sh\nls -al\n```\n b"


def test_highlight_inside_a_list_item_keeps_its_indent():
    text = "1. 설치\n\n   {% highlight sh %}\n   apt install ruby\n   {% endhighlight %}\n"
    assert out(text) == "1. 설치\n\n   ```sh\n      apt install ruby\n      \n   ```\n"


def test_unclosed_highlight_is_a_syntax_error_and_invalid_markup_a_warning():
    text = "x\n{% highlight ruby %}\nputs 1"
    rendered, diags = render(text, first_line=10)
    assert rendered == text
    assert messages(diags) == [
        f"{POST}:11: warning: Liquid syntax error, Liquid skipped: "
        "{% highlight %} is never closed with {% endhighlight %}"
    ]
    rendered, diags = render("{% highlight %}x{% endhighlight %}")
    assert rendered == "```\nx\n```"
    assert messages(diags) == [f'{POST}:1: warning: invalid highlight markup "" (code left plain)']


def test_highlight_inside_raw_or_a_code_block_stays_literal():
    text = "{% raw %}{% highlight sh %}ls{% endhighlight %}{% endraw %}"
    assert out(text) == "{% highlight sh %}ls{% endhighlight %}"
    fenced = "```liquid\n{% highlight sh %}\nls\n{% endhighlight %}\n```"
    assert out(fenced) == fenced


# ----------------------------------------------------------------- other tags


def test_assign_capture_if_unless_case_for_comment():
    text = (
        "{% assign n = page.tags | size %}{% capture c %}태그 {{ n }}개{% endcapture %}{{ c }}"
        "{% for t in page.tags %} #{{ t }}{% endfor %}"
        "{% if n > 1 %} 많음{% else %} 적음{% endif %}"
        "{% unless page.draft %} 공개{% endunless %}"
        "{% case page.lang %}{% when 'ko' %} 한국어{% else %} other{% endcase %}"
        "{% comment %}{% post_url nowhere %}{% endcomment %}"
    )
    page = {"tags": ["도커", "os"], "lang": "ko", "draft": False}
    assert out(text, page=page) == "태그 2개 #도커 #os 많음 공개 한국어"


def test_plugin_tags_render_plain_links_with_a_warning():
    text = (
        "{% gist parkr/931c1c8d465a04042403 %}\n"
        "{% twitter https://twitter.com/jekyllrb/status/1390 %}\n"
        "{% tweet 1390 %}\n"
        '{% youtube "dQw4w9WgXcQ" %}\n'
        "{% googleads %}"
    )
    rendered, diags = render(text, first_line=20)
    assert rendered.split("\n") == [
        '<a href="https://gist.github.com/parkr/931c1c8d465a04042403">'
        "https://gist.github.com/parkr/931c1c8d465a04042403</a>",
        '<a href="https://twitter.com/jekyllrb/status/1390">'
        "https://twitter.com/jekyllrb/status/1390</a>",
        '<a href="https://twitter.com/i/status/1390">https://twitter.com/i/status/1390</a>',
        '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">'
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ</a>",
        "",
    ]
    assert messages(diags) == [
        f'{POST}:20: warning: plugin tag "gist" is not available (rendered a link)',
        f'{POST}:21: warning: plugin tag "twitter" is not available (rendered a link)',
        f'{POST}:22: warning: plugin tag "tweet" is not available (rendered a link)',
        f'{POST}:23: warning: plugin tag "youtube" is not available (rendered a link)',
        f'{POST}:24: warning: unknown Liquid tag "googleads" (rendered nothing)',
    ]
