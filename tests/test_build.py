"""End-to-end: build fixture sites in a temp folder and inspect the output by parsing it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import png_bytes

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

SAMPLE_POST = """---
layout: post
title: "  쿠버네티스 Pod, Service 정리 "
date: 2021-05-25 08:25:00 +0300
image: k8s-logo.png
tags: OS
---
<script data-test="raw" async src="https://example.com/widget.js"></script>

## 들어가며

사이드 프로젝트를 하면서 쿠버네티스를 처음 써 보았다. 그 과정에서 배운 것을 정리한다.

{% include adsense.html %}
## Pod 란?

![pod diagram](/images/pod1.PNG)

Dockerfile 로 만든 이미지를 실행한 것이 컨테이너이다.

```dockerfile
FROM alpine:3.19
RUN apk add --no-cache curl
CMD ["curl", "--version"]
```

```
NAME    READY   STATUS
web-1   1/1     Running   {{ not.liquid }}
```

[공식 문서 : ](https://kubernetes.io/docs/) https://kubernetes.io/docs/
"""

SECOND_POST = """---
title: Python tips
date: 2022-01-02T10:00:00Z
tags: [python, 파이썬]
---
First paragraph about Python.

<!--more-->

More text with a [link to the first post](/2021/05/25/k8s-pod-service/) and an
[about page](/about/).
"""


def sample_files() -> dict:
    return {
        "ssg.toml": 'title = "테스트 블로그"\nurl = "https://example.org/"\n'
        'timezone = "Asia/Seoul"\nauthor = "Tester"\n',
        "content/posts/2021-05-25-k8s-pod-service.md": SAMPLE_POST,
        "content/posts/2022-01-02-python-tips.md": SECOND_POST,
        "content/images/pod1.PNG": png_bytes(64, 32),
        "content/images/k8s-logo.png": png_bytes(120, 60),
        "content/about.md": "---\ntitle: About\n---\nHello, 안녕하세요.\n",
    }


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def built(make_site, ssg):
    root = make_site(sample_files())
    run = ssg(root, "build")
    assert run.status == 0, run.err
    return root, run


def test_sample_style_post_renders(built):
    root, run = built
    page = soup(root / "site/2021/05/25/k8s-pod-service/index.html")
    article = page.select_one("article.h-entry")
    assert article.select_one("h1.p-name").get_text() == "쿠버네티스 Pod, Service 정리"
    # 08:25 +0300 is 14:25 in Seoul: same day, full date, time and offset
    assert article.select_one("time.dt-published")["datetime"] == "2021-05-25T14:25:00+09:00"
    tags = article.select("a.p-category")
    assert [t.get_text() for t in tags] == ["#OS"]
    assert tags[0]["href"] == "/tags/os/"
    body = article.select_one(".e-content")
    assert body.find("script", attrs={"data-test": "raw"})["src"] == "https://example.com/widget.js"
    assert body.find("h2")["id"] == "들어가며"
    img = body.find("img", alt="pod diagram")
    assert (img["src"], img["width"], img["height"]) == ("/images/pod1.PNG", "64", "32")
    assert (img["loading"], img["decoding"]) == ("lazy", "async")
    blocks = body.select("figure.code-block")
    assert blocks[0]["data-lang"] == "dockerfile"
    assert blocks[0].select_one("code").find("span") is not None  # highlighted
    plain = blocks[1].select_one("code")
    assert plain.find("span") is None
    assert "{{ not.liquid }}" in plain.get_text()
    links = [a["href"] for a in body.find_all("a")]
    assert links.count("https://kubernetes.io/docs/") == 2  # the bare URL is a link too
    cover = page.select_one("img.cover")
    assert (cover["src"], cover["width"]) == ("/images/k8s-logo.png", "120")
    meta = {m.get("property") or m.get("name"): m.get("content") for m in page.find_all("meta")}
    assert meta["og:image"] == "https://example.org/images/k8s-logo.png"
    assert meta["og:type"] == "article"
    assert page.find("link", rel="canonical")["href"] == (
        "https://example.org/2021/05/25/k8s-pod-service/"
    )
    ld = json.loads(page.find("script", type="application/ld+json").string)
    assert ld["@type"] == "BlogPosting"
    assert ld["headline"] == "쿠버네티스 Pod, Service 정리"
    assert ld["datePublished"] == "2021-05-25T14:25:00+09:00"


def test_missing_include_is_a_warning_with_file_and_line(built, make_site, ssg):
    root, run = built
    assert (
        'content/posts/2021-05-25-k8s-pod-service.md:14: warning: include "adsense.html" '
        "not found in includes/"
    ) in run.err
    strict = ssg(root, "build", "--strict")
    assert strict.status == 1


def test_home_archive_tags_and_neighbours(built):
    root, _ = built
    home = soup(root / "site/index.html")
    titles = [a.get_text() for a in home.select(".post-list .p-name a")]
    assert titles == ["Python tips", "쿠버네티스 Pod, Service 정리"]
    excerpt = home.select(".post-list .excerpt")[0].get_text(" ", strip=True)
    assert excerpt == "First paragraph about Python."
    tags = soup(root / "site/tags/index.html")
    counts = {
        a.contents[0].strip(): a.select_one(".count").get_text()
        for a in tags.select("a")
        if a.select_one(".count")
    }
    assert counts == {"#OS": "1", "#python": "1", "#파이썬": "1"}
    korean_tag = root / "site/tags/파이썬/index.html"
    assert korean_tag.is_file()
    assert (root / "site/tags/파이썬/feed.xml").is_file()
    archive = soup(root / "site/archive/index.html")
    assert [h.get_text(" ", strip=True) for h in archive.find_all("h2")] == ["2022 1", "2021 1"]
    newer = soup(root / "site/2021/05/25/k8s-pod-service/index.html").find("a", rel="next")
    assert newer["href"] == "/2022/01/02/python-tips/"


def test_feed_is_atom_with_absolute_urls(built):
    root, _ = built
    feed = ET.parse(root / "site/feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == "https://example.org/feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Python tips",
        "쿠버네티스 Pod, Service 정리",
    ]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == "https://example.org/2022/01/02/python-tips/"
    assert first.find(f"{ATOM}published").text == "2022-01-02T19:00:00+09:00"
    content = BeautifulSoup(first.find(f"{ATOM}content").text, "html.parser")
    hrefs = [a["href"] for a in content.find_all("a")]
    assert hrefs == [
        "https://example.org/2021/05/25/k8s-pod-service/",
        "https://example.org/about/",
    ]
    second = BeautifulSoup(entries[1].find(f"{ATOM}content").text, "html.parser")
    assert second.find("img")["src"] == "https://example.org/images/pod1.PNG"


def test_sitemap_and_robots(built):
    root, _ = built
    sitemap = ET.parse(root / "site/sitemap.xml").getroot()
    locs = [u.find(f"{SITEMAP}loc").text for u in sitemap.findall(f"{SITEMAP}url")]
    assert "https://example.org/2021/05/25/k8s-pod-service/" in locs
    assert "https://example.org/tags/%ED%8C%8C%EC%9D%B4%EC%8D%AC/" in locs
    assert len(locs) == len(set(locs))
    for loc in locs:
        path = unquote(urlsplit(loc).path).lstrip("/")
        target = root / "site" / path
        assert (target / "index.html").is_file() or target.is_file(), loc
    robots = (root / "site/robots.txt").read_text()
    assert "Sitemap: https://example.org/sitemap.xml" in robots
    assert (root / "site/404.html").is_file()


def internal_targets(site: Path, base: str):
    """Every href/src in every HTML file, resolved against its page URL under `base`."""
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        page_url = base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        doc = soup(html)
        for tag in doc.find_all(["a", "link", "img", "script"]):
            url = tag.get("href") or tag.get("src")
            if not url or url.startswith(("mailto:", "data:")):
                continue
            absolute = urljoin("https://host" + page_url, url)
            parts = urlsplit(absolute)
            if parts.netloc != "host":
                continue
            yield rel, url, unquote(parts.path), parts.fragment


def test_base_path_build_every_internal_link_resolves(make_site, ssg):
    root = make_site(sample_files())
    run = ssg(root, "build", "--base-url", "https://user.github.io/repo/")
    assert run.status == 0, run.err
    site = root / "site"
    checked = 0
    for page, url, path, fragment in internal_targets(site, "/repo/"):
        assert path.startswith("/repo/"), f"{page}: {url} escapes the base path"
        target = site / path[len("/repo/") :]
        if path.endswith("/"):
            target = target / "index.html"
        assert target.is_file(), f"{page}: {url} -> {target} missing"
        if fragment and target.suffix == ".html":
            ids = {t["id"] for t in soup(target).find_all(id=True)}
            assert unquote(fragment) in ids, f"{page}: #{fragment} missing in {target}"
        checked += 1
    assert checked > 50
    post = soup(site / "2022/01/02/python-tips/index.html")
    assert post.select_one(".e-content a")["href"] == "/repo/2021/05/25/k8s-pod-service/"
    feed = ET.parse(site / "feed.xml").getroot()
    assert (
        feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://user.github.io/repo/feed.xml"
    )


def test_drafts_and_future_posts_are_left_out_and_counted(make_site, ssg):
    files = sample_files()
    files["content/posts/2099-01-01-later.md"] = "---\ntitle: Later\n---\nnot yet\n"
    files["content/posts/2021-06-01-wip.md"] = "---\ntitle: WIP\ndraft: true\n---\nwip\n"
    files["content/posts/2021-06-02-hidden.md"] = "---\ntitle: Hidden\npublished: false\n---\nx\n"
    root = make_site(files)
    run = ssg(root, "build")
    assert run.status == 0
    assert "left out 2 drafts (use --drafts), 1 future-dated post (use --future)" in run.out
    assert not (root / "site/2099").exists()
    run = ssg(root, "build", "--drafts", "--future")
    assert (root / "site/2099/01/01/later/index.html").is_file()
    assert (root / "site/2021/06/01/wip/index.html").is_file()


def test_bundle_post_keeps_colocated_images(make_site, ssg):
    root = make_site(
        {
            "content/posts/2024-01-20-배포-정리/index.md": (
                "---\ntitle: 배포\nimage: cover.png\n---\n![흐름](flow.png)\n"
            ),
            "content/posts/2024-01-20-배포-정리/flow.png": png_bytes(10, 20),
            "content/posts/2024-01-20-배포-정리/cover.png": png_bytes(30, 40),
        }
    )
    run = ssg(root, "build")
    assert run.status == 0, run.err
    folder = root / "site/2024/01/20/배포-정리"
    img = soup(folder / "index.html").select_one(".e-content img")
    assert (img["src"], img["width"], img["height"]) == ("flow.png", "10", "20")
    assert (folder / "flow.png").read_bytes() == png_bytes(10, 20)
    assert soup(folder / "index.html").select_one("img.cover")["src"] == (
        "/2024/01/20/%EB%B0%B0%ED%8F%AC-%EC%A0%95%EB%A6%AC/cover.png"
    )


def test_static_files_keep_their_paths(built):
    root, _ = built
    assert (root / "site/images/pod1.PNG").read_bytes() == png_bytes(64, 32)
    assert (root / "site/css/style.css").is_file()
    assert (root / "site/css/code.css").read_text().count("prefers-color-scheme: dark") == 1
    assert (root / "site/favicon.svg").is_file()


def test_two_outputs_at_one_url_is_an_error_naming_both(make_site, ssg):
    files = sample_files()
    files["content/posts/2021-05-25-copy.md"] = (
        "---\ntitle: Copy\npermalink: /2021/05/25/k8s-pod-service/\n---\nx\n"
    )
    root = make_site(files)
    run = ssg(root, "build")
    assert run.status == 1
    assert "content/posts/2021-05-25-k8s-pod-service.md" in run.err
    assert "content/posts/2021-05-25-copy.md" in run.err
    assert "URL /2021/05/25/k8s-pod-service/" in run.err
    assert not (root / "site").exists()


def test_site_templates_and_static_override_the_theme(make_site, ssg):
    files = sample_files()
    files["templates/page.html"] = (
        "<!doctype html><title>x</title><p id=custom>{{ page.title }}</p>"
    )
    files["static/css/style.css"] = "body { color: red }"
    root = make_site(files)
    assert ssg(root, "build").status == 0
    assert soup(root / "site/about/index.html").find(id="custom").get_text() == "About"
    assert (root / "site/css/style.css").read_text() == "body { color: red }"


def test_extra_front_matter_reaches_templates(make_site, ssg):
    files = sample_files()
    files["templates/page.html"] = "<p id=x>{{ page.mood }}|{{ page['mood'] }}</p>"
    files["content/about.md"] = "---\ntitle: About\nmood: 행복\n---\nhi\n"
    root = make_site(files)
    assert ssg(root, "build").status == 0
    assert soup(root / "site/about/index.html").find(id="x").get_text() == "행복|행복"


def test_a_new_base_path_reaches_every_link_despite_the_template_cache(make_site, ssg):
    root = make_site(sample_files())
    assert ssg(root, "build", "--base-url", "https://user.github.io/repo/").status == 0
    assert ssg(root, "build").status == 0
    home = soup(root / "site/index.html")
    assert home.find("link", rel="stylesheet")["href"] == "/css/style.css"
    assert ssg(root, "build", "--base-url", "https://user.github.io/repo/").status == 0
    home = soup(root / "site/index.html")
    assert home.find("link", rel="stylesheet")["href"] == "/repo/css/style.css"
    assert home.find("link", rel="alternate")["href"] == "/repo/feed.xml"


def test_kramdown_flavor_for_posts_written_for_jekyll(make_site, ssg):
    root = make_site(
        {
            "ssg.toml": 'markdown = "kramdown"\n',
            "content/posts/2021-01-01-k.md": (
                "---\ntitle: K\n---\n* TOC\n{:toc}\n\n## 설치 방법 {#install}\n\n"
                "주의할 점이 있다.\n{: .prompt-tip}\n\n## Notes\n{: .no_toc}\n\n"
                '"따옴표"와 -- 대시...\n'
            ),
        }
    )
    assert ssg(root, "build").status == 0
    body = soup(root / "site/2021/01/01/k/index.html").select_one(".e-content")
    assert body.find("h2", id="install").get_text().startswith("설치 방법")
    assert body.find("p", class_="prompt-tip").get_text() == "주의할 점이 있다."
    toc = body.find(id="markdown-toc")
    assert [a["href"] for a in toc.find_all("a")] == ["#install"]  # `.no_toc` left out
    assert "“따옴표”와 – 대시…" in body.get_text()


def test_jekyll_features_in_an_ssg_site(make_site, ssg):
    """category_folders, [[defaults]], content/drafts/, jekyll_compat and site.data."""
    root = make_site(
        {
            "ssg.toml": (
                'jekyll_compat = true\ncategory_folders = ["linux"]\n'
                '[[defaults]]\npath = "content/posts"\ntype = "posts"\n'
                'values = { author = "김개발" }\n'
            ),
            "content/posts/linux/2021-07-01-perm.md": "---\ntitle: P\n---\n권한.\n",
            "content/posts/2021-07-02-note.md": (
                "---\ntitle: N\n---\n[앞]({% post_url linux/2021-07-01-perm %})\n\n"
                "```\n{{ site.data.site.name }}\n```\n"
            ),
            "content/drafts/idea.md": "---\ntitle: 초안\n---\n아이디어\n",
            "data/site.yml": "name: 데이터\n",
        }
    )
    assert ssg(root, "build").status == 0
    perm = root / "site/linux/2021/07/01/perm/index.html"
    assert not perm.exists()  # the default permalink has no :categories
    page = soup(root / "site/2021/07/02/note/index.html")
    assert page.select_one(".e-content a")["href"] == "/2021/07/01/perm/"
    assert page.select_one(".e-content code").get_text().strip() == "데이터"
    assert page.select_one(".p-author").get_text() == "김개발"
    assert not (root / "site/idea").exists()
    tags = soup(root / "site/categories/linux/index.html")
    assert [a.get_text() for a in tags.select(".post-list .p-name a")] == ["P"]
    assert ssg(root, "build", "--drafts").status == 0
    assert any("idea" in p.as_posix() for p in (root / "site").rglob("index.html"))


# ------------------------------------------------------------ hostile and broken input


@pytest.mark.parametrize(
    "setting",
    [
        'content_dir = "/etc"',
        'content_dir = "../../.."',
        'includes_dir = "/etc"',
        'data_dir = "/etc"',
    ],
)
def test_a_folder_setting_outside_the_site_is_refused(make_site, ssg, setting):
    root = make_site(
        {"ssg.toml": f'title = "T"\n{setting}\n', "content/posts/2021-01-01-hi.md": "# hi\n"}
    )
    run = ssg(root, "build")
    key, value = setting.split(" = ")
    assert run.status == 1
    assert f"ssg.toml:2: error: {key} {value} is outside the site folder ({root})" in run.err
    assert "Traceback" not in run.err
    assert not (root / "site").exists()


def test_a_missing_content_folder_is_a_warning(make_site, ssg, tmp_path):
    root = make_site({"ssg.toml": 'title = "T"\ncontent_dir = "posts-here"\n'})
    run = ssg(root, "build")
    assert run.status == 0
    assert 'ssg.toml:2: warning: content folder "posts-here" does not exist' in run.err
    assert ssg(root, "build", "--strict").status == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    run = ssg(empty, "build")  # not a site at all: nothing to build, and it says so
    assert run.status == 1
    assert "no site here" in run.err and "run `ssg init`" in run.err


def test_broken_images_warn_at_the_post_and_get_no_size(make_site, ssg):
    import struct

    huge = png_bytes(1, 1)[:16] + struct.pack(">II", 4294967295, 10) + png_bytes(1, 1)[24:]
    root = make_site(
        {
            "content/posts/2021-01-01-i.md": "---\ntitle: I\nimage: /empty.png\n---\n"
            "text\n\n![a](/empty.png) ![b](/bad.png)\n\n![c](/huge.png)\n",
            "content/empty.png": b"",
            "content/bad.png": b"not an image",
            "content/huge.png": huge,
        }
    )
    run = ssg(root, "build")
    assert run.status == 0, run.err
    post = "content/posts/2021-01-01-i.md"
    for line in [
        f"{post}:7: warning: image /empty.png is not a valid image (the file is empty)",
        f"{post}:7: warning: image /bad.png is not a valid image",
        f"{post}:9: warning: image /huge.png claims 4294967295×10 px",
        f"{post}:3: warning: cover image /empty.png is not a valid image (the file is empty)",
    ]:
        assert line in run.err
    images = soup(root / "site/2021/01/01/i/index.html").select(".e-content img")
    assert [img["src"] for img in images] == ["/empty.png", "/bad.png", "/huge.png"]
    assert not [img for img in images if img.has_attr("width") or img.has_attr("height")]


@pytest.mark.parametrize(
    "output",
    [".", "..", "HOME", "/", "content", "includes", "templates", "static", "data", "data/sub"],
)
def test_every_dangerous_output_folder_is_refused(make_site, ssg, output):
    root = make_site(
        {
            "content/posts/2021-01-01-hi.md": "# hi\n",
            "includes/i.html": "i",
            "templates/x.html": "x",
            "static/s.txt": "s",
            "data/d.yml": "a: 1\n",
        }
    )
    target = Path.home() if output == "HOME" else root / output
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    run = ssg(root, "build", "--output", str(target))
    assert run.status == 1
    assert "refusing to build into" in run.err
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


@pytest.mark.parametrize("target", ["content", "HOME", "notes"])
def test_a_link_to_a_protected_folder_is_refused_as_output(make_site, ssg, target):
    root = make_site({"content/posts/2021-01-01-hi.md": "# hi\n", "notes/mine.txt": "mine"})
    (root / "out").symlink_to(Path.home() if target == "HOME" else root / target)
    run = ssg(root, "build", "--output", str(root / "out"))
    assert run.status == 1
    assert "refusing to build into" in run.err or "was not written by ssg" in run.err
    assert (root / "notes/mine.txt").read_text() == "mine"
    assert sorted(p.name for p in (root / "content").rglob("*")) == ["2021-01-01-hi.md", "posts"]


def test_image_as_a_mapping_is_the_cover_and_a_bad_value_never_stops_the_site(make_site, ssg):
    root = make_site(
        {
            "ssg.toml": 'title = "T"\nurl = "https://e.org/"\n',
            "content/posts/2021-01-01-a.md": "---\ntitle: A\nimage:\n  path: /images/c.png\n"
            "  alt: 표지 그림\n  lqip: data:image/webp;base64,AAAA\n---\nbody\n",
            "content/posts/2021-01-02-b.md": "---\ntitle: B\nlayout: {x: 1}\ntags: {a: 1}\n---\n",
            "content/images/c.png": png_bytes(40, 20),
        }
    )
    run = ssg(root, "build")
    assert run.status == 0, run.err
    html = (root / "site/2021/01/01/a/index.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://e.org/images/c.png">' in html
    assert '<meta property="og:image:alt" content="표지 그림">' in html
    assert "2021-01-02-b.md:3: warning: `layout` is a mapping" in run.err
    assert "2021-01-02-b.md:4: warning: `tags` is a mapping" in run.err
    assert (root / "site/2021/01/02/b/index.html").is_file()


def test_redirect_from_and_redirect_to_write_redirect_pages(make_site, ssg):
    root = make_site(
        {
            "ssg.toml": 'title = "T"\nurl = "https://me.github.io/blog/"\n',
            "content/posts/2021-01-01-new.md": "---\ntitle: New\nredirect_from:\n"
            "  - /old-post/\n  - /2019/legacy.html\n---\nbody\n",
            "content/moved.md": "---\ntitle: Moved\nredirect_to: https://elsewhere.org/x\n---\n",
        }
    )
    run = ssg(root, "build")
    assert run.status == 0, run.err
    for old in ("old-post/index.html", "2019/legacy.html"):
        html = (root / "site" / old).read_text(encoding="utf-8")
        target = "https://me.github.io/blog/2021/01/01/new/"
        assert f'<link rel="canonical" href="{target}">' in html
        assert f'<meta http-equiv="refresh" content="0; url={target}">' in html
        assert '<meta name="robots" content="noindex">' in html
    moved = (root / "site/moved/index.html").read_text(encoding="utf-8")
    assert 'url=https://elsewhere.org/x"' in moved and "Moved" not in moved
    sitemap = (root / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "old-post" not in sitemap and "legacy" not in sitemap and "/moved/" not in sitemap
    assert ssg(root, "check").status == 0


def test_a_redirect_to_a_korean_url_is_percent_encoded(make_site, ssg):
    root = make_site(
        {
            "ssg.toml": 'url = "https://me.github.io/blog/"\npermalink = "/:slug/"\n',
            "content/posts/2021-01-01-도커.md": "---\ntitle: 도커\nredirect_from: /old/\n---\nx\n",
            "content/gone.md": "---\ntitle: Gone\nredirect_to: /도커/\n---\n",
        }
    )
    assert ssg(root, "build").status == 0
    encoded = "https://me.github.io/blog/%EB%8F%84%EC%BB%A4/"
    for page in ("old/index.html", "gone/index.html"):
        html = (root / "site" / page).read_text(encoding="utf-8")
        assert f'<meta http-equiv="refresh" content="0; url={encoded}">' in html


def test_sitemap_false_leaves_a_page_out_of_the_sitemap(make_site, ssg):
    root = make_site(
        {
            "content/posts/2021-01-01-a.md": "---\ntitle: A\nsitemap: false\n---\nx\n",
            "content/posts/2021-01-02-b.md": "---\ntitle: B\n---\nx\n",
        }
    )
    assert ssg(root, "build").status == 0
    sitemap = (root / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "/2021/01/02/b/" in sitemap and "/2021/01/01/a/" not in sitemap


def test_a_robots_txt_in_content_replaces_the_generated_one(make_site, ssg):
    root = make_site(
        {
            "ssg.toml": 'url = "https://e.org/"\n',
            "content/posts/2024-01-01-a.md": "---\ntitle: a\n---\nx\n",
            "content/robots.txt": "User-agent: *\nDisallow: /\n",
        }
    )
    run = ssg(root, "build")
    assert run.status == 0, run.err
    assert (root / "site/robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert (root / "site/sitemap.xml").is_file()  # the others are still ssg's


def test_an_image_added_between_builds_of_one_process_is_found(make_site, ssg):
    # `resolve` remembers what it found for one build; `ssg serve` builds many in one process
    root = make_site(
        {
            "ssg.toml": 'url = "https://e.org/"\n',
            "content/posts/2024-01-01-a.md": "---\ntitle: a\n---\n![그림](/images/later.png)\n",
        }
    )
    assert "image not found: /images/later.png" in ssg(root, "build").err
    (root / "content/images").mkdir()
    (root / "content/images/later.png").write_bytes(png_bytes(2, 2))
    (root / "content/posts/2024-01-01-a.md").write_text(
        "---\ntitle: a\n---\n![그림](/images/later.png)\n\n다시.\n"
    )
    run = ssg(root, "build")
    assert "not found" not in run.err, run.err
