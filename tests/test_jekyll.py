"""A Jekyll site (`_config.yml`, `_posts/`) built as it is: URLs as Jekyll makes them, Liquid as
Jekyll runs it, kramdown syntax, and warnings where Jekyll would fail the whole build."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

CONFIG = """title: 개발 일지
url: "https://kim.github.io"
baseurl: "/blog"
permalink: pretty
timezone: Asia/Seoul
defaults:
  - scope: {path: "", type: posts}
    values: {author: 김개발, comments: true}
exclude: [notes.txt]
"""

NESTED = """---
title: 리눅스 권한 정리
date: 2021-05-25 20:00:00 +0000
categories: Linux Tips
tags: [linux]
---
첫 문단.

* TOC
{:toc}

## 권한 {#perm}

설정 파일은 주의해서 다룬다.
{: .notice--info}
"""

LIQUID = """---
title:\tLiquid 시험
layout: post
---
[앞 글]({% post_url linux/2021-05-25-permissions %})
{% include note.html text="안녕" %}
{% include missing.html %}
{% gist abc123 %}

```python
print("{{ site.title }}")
```

{% raw %}`{{ not_liquid }}`{% endraw %}

가격은 {{ site.data.prices.coffee }}원.
"""


@pytest.fixture
def jekyll_site(make_site):
    return make_site(
        {
            "_config.yml": CONFIG,
            "linux/_posts/2021-05-25-permissions.md": NESTED,
            "_posts/2022/2022-03-01-liquid.md": LIQUID,
            "_posts/2022-04-01-broken-liquid.md": "---\ntitle: B\n---\n{% if x %}열린 채로\n",
            "_posts/2022-05-01-raw.md": "---\ntitle: R\nlayout: none\n---\n<p>본문만</p>\n",
            "_drafts/idea.md": "---\ntitle: 아이디어\n---\n초안\n",
            "_posts/2022-06-01-html-post.html": (
                "---\ntitle: HTML 글\n---\n<p>{{ site.title }}의 글.</p>\n    <p>들여쓴 줄</p>\n"
            ),
            "_includes/note.html": '<aside class="note">{{ include.text }}</aside>\n',
            "_data/prices.yml": "coffee: 4500\n",
            "_layouts/post.html": "{{ content }}",
            "index.html": "---\nlayout: home\n---\n",
            "assets/img/logo.png": b"\x89PNG\r\n",
            "about.md": "---\ntitle: 소개\n---\n안녕하세요.\n",
            "notes.txt": "excluded",
        }
    )


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_jekyll_site_urls_and_output(jekyll_site, ssg):
    run = ssg(jekyll_site, "build")
    assert run.status == 0, run.err
    site = jekyll_site / "_site"
    # 20:00 UTC is the next morning in Seoul; categories from the folder and front matter,
    # lower-cased, each once (`linux` and `Linux`); `pretty` permalinks
    post = site / "linux/tips/2021/05/26/permissions/index.html"
    assert post.is_file(), sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert (site / "2022/03/01/liquid/index.html").is_file()
    assert (site / "about/index.html").is_file()
    assert (site / "assets/img/logo.png").read_bytes() == b"\x89PNG\r\n"
    assert not (site / "notes.txt").exists()  # exclude:
    assert not (site / "idea").exists() and "아이디어" not in run.out  # drafts stay out
    assert (site / "2022/05/01/raw/index.html").read_text() == "<p>본문만</p>\n"  # layout: none


def test_kramdown_and_defaults_in_a_jekyll_site(jekyll_site, ssg):
    assert ssg(jekyll_site, "build").status == 0
    page = soup(jekyll_site / "_site/linux/tips/2021/05/26/permissions/index.html")
    body = page.select_one(".e-content")
    assert body.find("h2", id="perm") is not None
    assert body.find("p", class_="notice--info").get_text() == "설정 파일은 주의해서 다룬다."
    assert [a["href"] for a in body.select("#markdown-toc a")] == ["#perm"]
    assert page.select_one(".p-author").get_text() == "김개발"  # from defaults:


def test_liquid_runs_as_jekyll_runs_it(jekyll_site, ssg):
    run = ssg(jekyll_site, "build")
    body = soup(jekyll_site / "_site/2022/03/01/liquid/index.html").select_one(".e-content")
    links = [a["href"] for a in body.find_all("a")]
    assert "/blog/linux/tips/2021/05/26/permissions/" in links  # post_url, nested
    assert body.find("aside", class_="note").get_text() == "안녕"
    assert 'print("개발 일지")' in body.find("code").get_text()  # Liquid inside code
    assert "{{ not_liquid }}" in body.get_text()  # raw protects
    assert "가격은 4500원." in body.get_text()  # site.data
    assert "https://gist.github.com/abc123" in links
    post = "_posts/2022/2022-03-01-liquid.md"
    assert f'{post}:7: warning: include "missing.html" not found' in run.err
    assert f"{post}:8: warning:" in run.err  # the plugin tag Jekyll would fail on
    assert "_posts/2022-04-01-broken-liquid.md:4: warning:" in run.err
    assert "열린 채로" in (jekyll_site / "_site/2022/04/01/broken-liquid/index.html").read_text()


def test_posts_written_in_html_are_used_as_they_are(jekyll_site, ssg):
    assert ssg(jekyll_site, "build").status == 0
    body = soup(jekyll_site / "_site/2022/06/01/html-post/index.html").select_one(".e-content")
    assert [p.get_text() for p in body.find_all("p")] == ["개발 일지의 글.", "들여쓴 줄"]
    assert body.find("pre") is None  # not Markdown: indentation is not a code block


def test_discovery_skips_links_outside_the_site(jekyll_site, tmp_path):
    from ssg.jekyll.discover import discover_jekyll
    from ssg.project import load_config

    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: secret\n---\nsecret\n")
    (jekyll_site / "passwd.txt").symlink_to(secret)
    (jekyll_site / "_posts/2020-02-02-x.md").symlink_to(secret)
    (jekyll_site / "leak.md").symlink_to(secret)
    (jekyll_site / "_drafts/gone.md").symlink_to(tmp_path / "nowhere.md")
    (jekyll_site / "shared.md").symlink_to("about.md")  # inside the site: followed
    (jekyll_site / "linked").symlink_to(tmp_path)
    sources = discover_jekyll(load_config(jekyll_site))
    rels = [s.rel for s in sources.documents] + [s.content_rel for s in sources.static]
    assert "shared.md" in rels
    assert not {"passwd.txt", "_posts/2020-02-02-x.md", "leak.md", "_drafts/gone.md"} & set(rels)
    assert [str(p) for p in sources.problems] == [
        f"linked: warning: symbolic link to {tmp_path} is outside the site folder; skipped",
        f"leak.md: warning: symbolic link to {secret} is outside the site folder; skipped",
        f"passwd.txt: warning: symbolic link to {secret} is outside the site folder; skipped",
        f"_drafts/gone.md: warning: broken symbolic link (to {tmp_path / 'nowhere.md'}); skipped",
        f"_posts/2020-02-02-x.md: warning: symbolic link to {secret} is outside the site "
        "folder; skipped",
    ]


def test_exclude_and_include_match_paths_from_the_root_as_jekyll_does(make_site, ssg):
    post = "---\ntitle: {}\n---\nx\n"
    root = make_site(
        {
            "_config.yml": "exclude: [tools, 'notes/*.md', drafts/]\ninclude: [_keep.txt]\n",
            "_posts/til/tools/2020-01-01-kept.md": post.format("Kept"),
            "_posts/2020-01-02-also.md": post.format("Also"),
            "_posts/_template.md": post.format("Template"),
            "tools/script.sh": "echo\n",
            "toolsmith.txt": "a prefix of the path: Jekyll leaves it out too\n",
            "notes/a.md": post.format("Note"),
            "notes/b.txt": "kept\n",
            "drafts/x.txt": "no\n",
            "_keep.txt": "included by name\n",
        }
    )
    run = ssg(root, "build")
    assert run.status == 0, run.err
    site = root / "_site"
    assert (site / "2020/01/01/kept.html").is_file()  # not dropped by `tools`
    assert (site / "2020/01/02/also.html").is_file()
    assert not (site / "tools").exists() and not (site / "toolsmith.txt").exists()
    assert not (site / "notes/a.html").exists() and (site / "notes/b.txt").is_file()
    assert not (site / "drafts").exists() and (site / "_keep.txt").is_file()
    assert "Template" not in (site / "index.html").read_text(encoding="utf-8")


def test_a_sites_own_robots_sitemap_feed_and_404_replace_ssgs(make_site, ssg):
    # jekyll-sitemap and jekyll-feed leave a site's own files alone; so does ssg
    root = make_site(
        {
            "_config.yml": "url: https://e.org\n",
            "_posts/2024-01-01-a.md": "---\ntitle: a\n---\nx\n",
            "robots.txt": "User-agent: *\nDisallow: /private/\n",
            "sitemap.xml": '<?xml version="1.0"?><urlset/>\n',
            "404.html": "<!doctype html><title>없음</title><p>없는 페이지</p>\n",
            "feed.xml": "---\nlayout: null\n---\n<feed>{{ site.title }}</feed>\n",
        }
    )
    run = ssg(root, "build")
    assert run.status == 0, run.err
    assert (root / "_site/robots.txt").read_text() == "User-agent: *\nDisallow: /private/\n"
    assert (root / "_site/sitemap.xml").read_text() == '<?xml version="1.0"?><urlset/>\n'
    assert "없는 페이지" in (root / "_site/404.html").read_text(encoding="utf-8")
    # a Liquid template of the Jekyll theme: ssg's own feed takes its place, quietly
    assert "<entry>" in (root / "_site/feed.xml").read_text(encoding="utf-8")
    assert "warning" not in run.err


def test_a_jekyll_template_that_ssg_cannot_build_is_a_warning(make_site, ssg):
    root = make_site(
        {
            "_config.yml": "title: t\n",
            "_posts/2024-01-01-a.md": "---\ntitle: a\n---\nx\n",
            "search.json": "---\n---\n[{% for p in site.posts %}{{ p.url }}{% endfor %}]\n",
            "assets/css/main.scss": "---\n---\n@import 'theme';\n",
        }
    )
    run = ssg(root, "build")
    assert run.status == 0
    assert "search.json:1: warning: left out: a file with front matter" in run.err
    assert "assets/css/main.scss:1: warning: left out" in run.err
