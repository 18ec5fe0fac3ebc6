"""Tests for Jekyll's Liquid tags and filters (ssg/liquid_jekyll.py) through `expand_liquid`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from ssg.liquid.engine import expand_liquid, mask_code
from ssg.liquid.jekyll_tags import JekyllContext, resolve_post_url, wants_liquid

POST = "_posts/2024-03-01-jekyll.md"
SITE = {"title": "작은 블로그", "baseurl": "/blog", "url": "https://example.test"}
SEOUL = timezone(timedelta(hours=9))
JEKYLL = JekyllContext(
    post_urls={
        "2021-05-25-docker": "/2021/05/25/docker/",
        "linux/2020-01-02-셸-기초": "/linux/2020/01/02/셸-기초/",
        "2019/12/2019-12-31-year-end": "/2019/12/31/year-end/",
    },
    pages={
        "about.md": "/about/",
        "_posts/2021-05-25-docker.md": "/2021/05/25/docker/",
        "assets/도표.png": "/assets/도표.png",
    },
    base_path="/repo/",
    site_url="https://user.github.io",
    markdownify=lambda text: f"<p>{text}</p>\n",
    timezone=SEOUL,
)
POSTS = [
    {"title": "도커 입문", "category": "devops", "tags": ["docker", "입문"], "order": "2"},
    {"title": "Shell tricks", "category": "linux", "tags": ["shell"], "order": "10"},
    {"title": "빈 글", "category": "devops", "tags": []},
]


def render(text: str, *, jekyll: JekyllContext | None = JEKYLL, first_line: int = 1, **kw):
    return expand_liquid(
        text,
        path=POST,
        first_line=first_line,
        includes_dir=kw.pop("includes_dir", None),
        site=kw.pop("site", SITE),
        page=kw.pop("page", {"title": "첫 글", "date": "2021-05-25T08:25:00+03:00"}),
        jekyll=jekyll,
        **kw,
    )


def out(text: str, **kw) -> str:
    rendered, diagnostics = render(text, **kw)
    assert diagnostics == []
    return rendered


def messages(diagnostics) -> list[str]:
    return [str(d) for d in diagnostics]


# ------------------------------------------------------------------ post_url


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


def test_post_url_without_jekyll_context_warns():
    rendered, diags = render("a{% post_url 2021-05-25-docker %}b", jekyll=None)
    assert rendered == "ab"
    assert messages(diags) == [f'{POST}:1: warning: post_url: no post "2021-05-25-docker"']


def test_resolve_post_url_reports_ambiguous_names():
    urls = {"a/2021-01-01-x": "/a/", "b/2021-01-01-x": "/b/"}
    assert resolve_post_url("a/2021-01-01-x", urls) == ("/a/", None)
    assert resolve_post_url("2021-01-01-x", urls) == (
        None,
        'post_url: "2021-01-01-x" matches several posts: a/2021-01-01-x, b/2021-01-01-x',
    )


# ---------------------------------------------------------------------- link


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


# ---------------------------------------------------------- include_relative


def test_include_relative_reads_next_to_the_post_with_parameters(tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "note.md").write_text(
        "> {{ include.kind }}: {{ page.title }}", encoding="utf-8"
    )
    jekyll = JekyllContext(source_dir=tmp_path)
    text = '{% include_relative snippets/note.md kind="참고" %}'
    assert out(text, jekyll=jekyll) == "> 참고: 첫 글"


def test_include_relative_missing_or_outside_warns(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "secret.md").write_text("SECRET", encoding="utf-8")
    jekyll = JekyllContext(source_dir=tmp_path / "posts")
    text = "{% include_relative nope.md %}\n{% include_relative ../secret.md %}"
    rendered, diags = render(text, jekyll=jekyll, first_line=3)
    assert rendered == "\n"
    assert messages(diags) == [
        f'{POST}:3: warning: include_relative "nope.md" not found in _posts/',
        f'{POST}:4: warning: include_relative "../secret.md" is outside _posts/',
    ]


def test_problems_inside_an_include_relative_file_are_located_there(tmp_path):
    (tmp_path / "part.md").write_text("하나\n{% googleads %}", encoding="utf-8")
    rendered, diags = render(
        "{% include_relative part.md %}", jekyll=JekyllContext(source_dir=tmp_path)
    )
    assert rendered == "하나\n"
    assert messages(diags) == [
        '_posts/part.md:2: warning: unknown Liquid tag "googleads" (rendered nothing)'
    ]


def test_include_cached_is_an_include(tmp_path):
    (tmp_path / "card.html").write_text("<b>{{ include.name }}</b>", encoding="utf-8")
    assert out('{% include_cached card.html name="카드" %}', includes_dir=tmp_path) == "<b>카드</b>"


# ----------------------------------------------------------------- highlight


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
    assert out(text, mask_code=False) == expected


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


# ------------------------------------------------------------ other tags


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


# ---------------------------------------------------------- code and Jekyll


def test_mask_code_false_runs_liquid_inside_code_but_raw_protects():
    text = (
        "```yaml\n"
        "title: {{ site.title }}\n"
        "literal: {% raw %}{{ site.title }}{% endraw %}\n"
        "```\n"
        "`{{ site.baseurl }}`"
    )
    assert out(text, mask_code=False) == (
        "```yaml\ntitle: 작은 블로그\nliteral: {{ site.title }}\n```\n`/blog`"
    )
    assert out(text) == text  # a native ssg site keeps code literal


def test_mask_code_false_syntax_error_in_code_leaves_the_post_unchanged():
    text = "{{ site.title }}\n```\n{{ unclosed\n```"
    rendered, diags = render(text, mask_code=False, first_line=5)
    assert rendered == text
    assert [d.line for d in diags] == [7]
    assert out(text) == "작은 블로그\n```\n{{ unclosed\n```"


def test_highlight_body_is_masked_whole():
    text = "{% highlight md %}\n```\n{% endhighlight %}\n`x`"
    masked, restore = mask_code(text)
    assert "```" not in masked and "{% endhighlight %}" in masked and "`x`" not in masked
    assert restore(masked) == text


def test_render_with_liquid_false():
    text = "{{ site.title }} {% post_url nowhere %}"
    assert render(text, page={"render_with_liquid": False}) == (text, [])
    assert wants_liquid({"render_with_liquid": False}) is False
    assert wants_liquid({"render_with_liquid": "false"}) is True  # only YAML false, as Jekyll
    assert wants_liquid({}) is True


# ---------------------------------------------------------------- URL filters


def test_relative_url():
    text = (
        "{{ '/' | relative_url }} {{ 'about/' | relative_url }} {{ '/태그/도커/' | relative_url }} "
        "{{ 'https://other.test/x' | relative_url }} [{{ page.nope | relative_url }}]"
    )
    assert out(text) == (
        "/repo/ /repo/about/ /repo/%ED%83%9C%EA%B7%B8/%EB%8F%84%EC%BB%A4/ https://other.test/x []"
    )


def test_relative_url_defaults_to_site_baseurl():
    assert out("{{ '/a/' | relative_url }}", jekyll=None) == "/blog/a/"
    assert out("{{ '/a/' | relative_url }}", jekyll=None, site={}) == "/a/"


def test_absolute_url():
    text = (
        "{{ '/피드.xml' | absolute_url }} {{ '' | absolute_url }} {{ 'mailto:a@b' | absolute_url }}"
    )
    assert out(text) == (
        "https://user.github.io/repo/%ED%94%BC%EB%93%9C.xml https://user.github.io/repo mailto:a@b"
    )
    root = JekyllContext(site_url="https://user.github.io")
    assert out("{{ '' | absolute_url }}", jekyll=root) == "https://user.github.io/"
    assert out("{{ '/x' | absolute_url }}", jekyll=JekyllContext(base_path="/r/")) == "/r/x"


def test_strip_index():
    assert out("{{ '/docs/index.html' | strip_index }} {{ '/a.html' | strip_index }}") == (
        "/docs/ /a.html"
    )


# --------------------------------------------------------- builtin-string filters


def test_prepend_append_default():
    text = "{{ '도커' | prepend: '#' | append: '!' }} {{ page.none | default: '없음' }}"
    assert out(text) == "#도커! 없음"


def test_markdownify_uses_the_callable_or_returns_input():
    assert out("{{ '**굵게**' | markdownify }}") == "<p>**굵게**</p>\n"
    assert out("{{ '**굵게**' | markdownify }}", jekyll=None) == "**굵게**"


# -------------------------------------------------------------- date filters


def test_date_to_xmlschema_converts_to_the_site_time_zone():
    text = (
        "{{ page.date | date_to_xmlschema }}|{{ '2021-05-25 08:25:00 +0300' | date_to_xmlschema }}"
    )
    assert out(text) == "2021-05-25T14:25:00+09:00|2021-05-25T14:25:00+09:00"
    assert out("{{ page.date | date_to_xmlschema }}", jekyll=None) == "2021-05-25T08:25:00+03:00"


def test_date_filters_accept_datetimes_dates_and_empty():
    page = {"d": datetime(2020, 12, 31, 20, 0, tzinfo=UTC), "day": "2021-02-03", "e": ""}
    text = (
        "{{ page.d | date_to_string }}|{{ page.day | date_to_xmlschema }}|"
        "{{ page.e | date_to_string }}"
    )
    assert out(text, page=page) == "01 Jan 2021|2021-02-03T00:00:00+09:00|"


def test_date_to_string_with_ordinal_and_us():
    page = {"d": "2021-05-03 08:25:00 +0900"}
    text = (
        "{{ page.d | date_to_string }}|{{ page.d | date_to_string: 'ordinal' }}|"
        "{{ page.d | date_to_string: 'ordinal', 'US' }}"
    )
    assert out(text, page=page) == "03 May 2021|3rd May 2021|May 3rd, 2021"


def test_date_to_long_string_and_rfc822():
    page = {"d": "2021-09-12 23:00:00 +0900"}
    text = (
        "{{ page.d | date_to_long_string }}|{{ page.d | date_to_long_string: 'ordinal', 'US' }}|"
        "{{ page.d | date_to_rfc822 }}"
    )
    assert out(text, page=page) == (
        "12 September 2021|September 12th, 2021|Sun, 12 Sep 2021 23:00:00 +0900"
    )


def test_invalid_date_warns_and_renders_nothing():
    rendered, diags = render("a\n{{ '어제쯤' | date_to_string }}b", first_line=3)
    assert rendered == "a\nb"
    assert messages(diags) == [f"{POST}:4: warning: Liquid error: invalid date '어제쯤'"]


# ------------------------------------------------------------ string filters


def test_xml_escape():
    assert out("{{ 'Tom & \"제리\" <b>' | xml_escape }}") == "Tom &amp; &quot;제리&quot; &lt;b&gt;"


def test_cgi_escape():
    assert out("{{ 'a b&c=도커/~' | cgi_escape }}") == "a+b%26c%3D%EB%8F%84%EC%BB%A4%2F~"


def test_uri_escape():
    assert out("{{ 'foo, bar [도커]?x=1#y' | uri_escape }}") == (
        "foo,%20bar%20[%EB%8F%84%EC%BB%A4]?x=1#y"
    )


def test_slugify_default_keeps_korean():
    text = "{{ 'Hello, 세계! Docker & 도커 2.0' | slugify }}|{{ '  --Ünïcode_ok-- ' | slugify }}"
    assert out(text) == "hello-세계-docker-도커-2-0|ünïcode-ok"


def test_slugify_modes():
    text = (
        "{{ 'A b.c 도커' | slugify: 'raw' }}|{{ 'A b.c (도커)' | slugify: 'pretty' }}|"
        "{{ 'Ça va 도커' | slugify: 'ascii' }}|{{ 'Ça va 도커' | slugify: 'latin' }}|"
        "{{ 'Keep Me' | slugify: 'none' }}"
    )
    assert out(text) == "a-b.c-도커|a-b.c-(도커)|a-va|ca-va|keep me"


def test_jsonify():
    page = {"p": {"제목": "도커", "n": 2, "ok": True, "none": None, "tags": ["a", "b"]}}
    assert out("{{ page.p | jsonify }}", page=page) == (
        '{"제목":"도커","n":2,"ok":true,"none":null,"tags":["a","b"]}'
    )
    when = {"d": datetime(2021, 5, 25, 8, 25, tzinfo=timezone(timedelta(hours=3)))}
    assert out("{{ page.d | jsonify }}", page=when) == '"2021-05-25 08:25:00 +0300"'


def test_number_of_words():
    text = (
        "{{ 'one two  three' | number_of_words }}|{{ '도커 입문 guide' | number_of_words }}|"
        "{{ '도커 입문 guide' | number_of_words: 'cjk' }}|"
        "{{ 'plain words' | number_of_words: 'auto' }}"
    )
    assert out(text) == "3|3|5|2"


def test_normalize_whitespace():
    assert out("{{ page.t | normalize_whitespace }}", page={"t": "  가\t나\n\n다  "}) == "가 나 다"


def test_strip_html():
    assert out("{{ '<p>안녕 <b>세계</b></p>' | strip_html }}") == "안녕 세계"


def test_smartify_is_the_identity():
    assert out("{{ '\"따옴표\" -- ...' | smartify }}") == '"따옴표" -- ...'


def test_to_integer():
    assert out("{{ '12개' | to_integer | plus: 1 }} {{ true | to_integer }}") == "13 1"


# ------------------------------------------------------------- array filters


def test_where_compares_as_text_and_looks_into_arrays():
    text = (
        "{{ page.posts | where: 'category', 'devops' | map: 'title' | join: ',' }}|"
        "{{ page.posts | where: 'tags', '입문' | map: 'title' | join: ',' }}|"
        "{{ page.posts | where: 'order', 10 | map: 'title' | join: ',' }}"
    )
    assert out(text, page={"posts": POSTS}) == "도커 입문,빈 글|도커 입문|Shell tricks"


def test_where_exp_and_find_exp():
    text = (
        "{{ page.posts | where_exp: 'p', \"p.tags contains 'shell' or p.order == '2'\" "
        "| map: 'title' | join: ',' }}|"
        "{{ page.posts | find_exp: 'p', \"p.category == 'devops'\" | map: 'title' }}|"
        "{{ page.posts | find: 'category', 'linux' | map: 'title' }}"
    )
    assert out(text, page={"posts": POSTS}) == "도커 입문,Shell tricks|도커 입문|Shell tricks"


def test_where_exp_with_a_broken_expression_warns():
    rendered, diags = render("{{ page.posts | where_exp: 'p', 'p.x ==' }}.", page={"posts": POSTS})
    assert rendered == "."
    assert len(diags) == 1 and "invalid expression" in diags[0].message


def test_sort_by_property_numbers_as_numbers_and_nils():
    text = (
        "{{ page.posts | sort: 'order' | map: 'title' | join: ',' }}|"
        "{{ page.posts | sort: 'order', 'last' | map: 'title' | join: ',' }}|"
        "{{ page.words | sort | join: ',' }}"
    )
    page = {"posts": POSTS, "words": ["나", "가", "b", "a"]}
    assert out(text, page=page) == (
        "빈 글,도커 입문,Shell tricks|도커 입문,Shell tricks,빈 글|a,b,가,나"
    )


def test_group_by_and_group_by_exp():
    text = (
        "{% assign groups = page.posts | group_by: 'category' %}"
        "{% for g in groups %}{{ g.name }}={{ g.size }}:{{ g.items | map: 'title' | join: '+' }};"
        "{% endfor %}"
        "{% assign by_len = page.posts | group_by_exp: 'p', 'p.tags | size' %}"
        "{% for g in by_len %} {{ g.name }}/{{ g.size }}{% endfor %}"
    )
    assert out(text, page={"posts": POSTS}) == (
        "devops=2:도커 입문+빈 글;linux=1:Shell tricks; 2/1 1/1 0/1"
    )


def test_array_to_sentence_string():
    text = (
        "{{ page.a | array_to_sentence_string }}|{{ page.b | array_to_sentence_string }}|"
        "{{ page.c | array_to_sentence_string: '그리고' }}|{{ page.d | array_to_sentence_string }}"
    )
    page = {"a": ["도커"], "b": ["a", "b"], "c": ["가", "나", "다"], "d": []}
    assert out(text, page=page) == "도커|a and b|가, 나, 그리고 다|"


def test_push_pop_shift_unshift():
    text = (
        "{% assign a = '' | split: '' | push: '하나' | push: 'two' | unshift: 'zero' %}"
        "{{ a | join: ',' }}|{{ a | pop | join: ',' }}|{{ a | shift: 2 | join: ',' }}"
    )
    assert out(text) == "zero,하나,two|zero,하나|two"


@pytest.mark.parametrize(
    "expression",
    ["page.posts | sort: 'order', 'middle'", "nothing | sort"],
)
def test_sort_errors_warn(expression):
    rendered, diags = render(f"[{{{{ {expression} }}}}]", page={"posts": POSTS})
    assert rendered == "[]"
    assert len(diags) == 1 and diags[0].line == 1


def test_filters_work_without_an_expand_liquid_call():
    # Tags and filters fall back to defaults when used outside expand_liquid.
    from ssg.liquid.engine import get_environment

    template = get_environment(None).from_string("{{ 'x' | relative_url }}")
    assert template.render() == "/x"
