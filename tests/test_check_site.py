"""`ssg check`: hand-written fixture sites with one kind of breakage each (pages, fragments,
stylesheets, feeds, sitemaps), a clean one, and the example blog built under `/repo/`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ssg.build import BuildOptions, build
from ssg.check.problems import Problem
from ssg.check.site import check_site
from ssg.config import base_url_overrides
from ssg.project import load_config

from conftest import write_site

ROOT = Path(__file__).parent.parent
SITE_URL = "https://example.github.io/repo/"


def html(body: str = "", head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def problems(tmp_path: Path, files: dict, **options) -> list[str]:
    found, _ = check_site(write_site(tmp_path / "site", files), **_defaults(options))
    return [str(problem) for problem in found]


def _defaults(options: dict) -> dict:
    return {"base_path": "/repo/", "site_url": SITE_URL, **options}


# --- one kind of breakage each -----------------------------------------------------


def test_problem_reads_page_target_reason_and_source():
    problem = Problem(
        "2021/05/25/docker/index.html",
        "/repo/images/x.png",
        "no such file",
        "content/posts/2021-05-25-docker.md",
    )
    assert str(problem) == (
        "2021/05/25/docker/index.html → /repo/images/x.png: no such file "
        "(content/posts/2021-05-25-docker.md)"
    )
    assert str(Problem("feed.xml", "", "not valid XML: x")) == "feed.xml: not valid XML: x"


def test_link_to_a_missing_page(tmp_path):
    files = {
        "index.html": html('<a href="/repo/nope/">x</a> <a href="posts/gone.html">y</a>'),
        "posts/here.html": html(),
    }
    assert problems(tmp_path, files) == [
        "index.html → /repo/nope/: no such file",
        "index.html → posts/gone.html: no such file",
    ]


def test_missing_image_stylesheet_and_script_name_the_source(tmp_path):
    head = (
        '<link rel="stylesheet" href="/repo/css/gone.css">'
        '<link rel="stylesheet" href="/repo/css/here.css">'
        '<script src="../../js/gone.js"></script>'
    )
    body = (
        '<img src="diagram.png" alt="a diagram"><img src="/repo/images/here.png" alt="">'
        '<img src="/repo/images/here.png" srcset="/repo/images/here.png 1x, here@2x.png 2x" alt="">'
        '<video src="/repo/images/here.png" poster="poster.jpg"></video>'
    )
    files = {
        "posts/a/index.html": html(body, head),
        "css/here.css": "",
        "images/here.png": b"",
    }
    found = problems(tmp_path, files, sources={"posts/a/index.html": "content/posts/a.md"})
    assert found == [
        "posts/a/index.html → ../../js/gone.js: no such file (content/posts/a.md)",
        "posts/a/index.html → /repo/css/gone.css: no such file (content/posts/a.md)",
        "posts/a/index.html → diagram.png: no such file (content/posts/a.md)",
        "posts/a/index.html → here@2x.png: no such file (content/posts/a.md)",
        "posts/a/index.html → poster.jpg: no such file (content/posts/a.md)",
    ]


def test_sources_come_from_the_manifest_when_not_given(tmp_path):
    manifest = {
        "outputs": {"a/index.html": "d"},
        "sources": {"a/index.html": "content/posts/2024-01-01-a.md"},
    }
    files = {
        "a/index.html": html('<a href="../b/">b</a>'),
        ".ssg-manifest.json": json.dumps(manifest),
    }
    assert problems(tmp_path, files) == [
        "a/index.html → ../b/: no such file (content/posts/2024-01-01-a.md)"
    ]


def test_missing_fragment_on_this_page_and_on_another(tmp_path):
    body = (
        '<h2 id="setup">Setup</h2><h2 id="설치">설치</h2>'
        '<a href="#setup">ok</a> <a href="#%EC%84%A4%EC%B9%98">ok</a> <a href="#">ok</a>'
        '<a href="#top">ok</a> <a href="#nope">bad</a>'
        '<a href="other.html#named">ok</a> <a href="other.html#install">bad</a>'
        '<a href="/repo/#setup">ok</a> <a href="/repo/#gone">bad</a>'
    )
    files = {"index.html": html(body), "other.html": html('<a name="named"></a>')}
    assert problems(tmp_path, files) == [
        "index.html → #nope: no id 'nope' on this page",
        "index.html → /repo/#gone: no id 'gone' on this page",
        "index.html → other.html#install: no id 'install' on the target page",
    ]


def test_links_escaping_the_base_path(tmp_path):
    body = (
        '<a href="/other/">a</a> <a href="../elsewhere/">b</a>'
        '<a href="https://example.github.io/x.html">c</a> <a href="/repo">home</a>'
    )
    files = {"index.html": html(body)}
    assert problems(tmp_path, files) == [
        "index.html → ../elsewhere/: outside the base path /repo/",
        "index.html → /other/: outside the base path /repo/",
        "index.html → https://example.github.io/x.html: outside the base path /repo/",
    ]


def test_share_image_and_url_must_be_absolute(tmp_path):
    head = (
        '<meta property="og:image" content="/repo/a.png">'
        '<meta name="twitter:image" content="https://example.github.io/repo/a.png">'
        '<meta property="og:url" content="https://example.github.io/repo/gone/">'
    )
    files = {"index.html": html("", head), "a.png": b""}
    assert problems(tmp_path, files) == [
        "index.html → /repo/a.png: not absolute",
        "index.html → https://example.github.io/repo/gone/: no such file",
    ]


def test_image_without_alt_text(tmp_path):
    body = '<img src="a.png"><img src="b.png" alt=""><img src="c.png" alt="C">'
    files = {"index.html": html(body), "a.png": b"", "b.png": b"", "c.png": b""}
    assert problems(tmp_path, files) == ["index.html → a.png: image without alt text"]


def test_css_url_and_import_to_missing_files(tmp_path):
    css = (
        '@import "base.css";\n@import url(gone.css);\n/* url(commented.png) */\n'
        "a { background: url('../img/bg.png') } b { background: url(data:image/png;base64,xx) }\n"
        'i { background: url("../img/here.png") }\n'
    )
    files = {
        "index.html": html(
            '<div style="background-image: url(/repo/img/hero.png)"></div>',
            '<link rel="stylesheet" href="css/site.css">'
            "<style>p { background: url(x.png) }</style>",
        ),
        "css/site.css": css,
        "img/here.png": b"",
    }
    assert problems(tmp_path, files) == [
        "css/site.css → ../img/bg.png: no such file",
        "css/site.css → base.css: no such file",
        "css/site.css → gone.css: no such file",
        "index.html → /repo/img/hero.png: no such file",
        "index.html → x.png: no such file",
    ]


ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>t</title>
<link href="https://example.github.io/repo/feed.xml" rel="self"/>
<link href="https://example.github.io/repo/" rel="alternate"/>
<id>https://example.github.io/repo/feed.xml</id>
{entries}
</feed>
"""


def entry(link: str, content: str, entry_id: str | None = None) -> str:
    from xml.sax.saxutils import escape

    return (
        f'<entry><title>e</title><link href="{link}" rel="alternate"/>'
        f"<id>{entry_id or link}</id><updated>2024-01-01T00:00:00Z</updated>"
        f'<content type="html">{escape(content)}</content></entry>'
    )


def test_feed_with_relative_entry_link_and_relative_src_in_content(tmp_path):
    entries = "\n".join(
        [
            entry("/repo/posts/a/", "<p>text</p>", "https://example.github.io/repo/posts/a/"),
            entry(
                "https://example.github.io/repo/posts/b/",
                '<img src="images/b.png" alt=""> <a href="https://example.com/">ok</a>'
                ' <a href="mailto:me@example.com">ok</a>',
            ),
            entry("https://example.github.io/repo/posts/gone/", "<p>text</p>"),
            entry("https://elsewhere.example/post/", "<p>a link post</p>"),  # external
            entry("https://example.github.io/repo/posts/a/", "<p>a</p>", "posts/a"),
        ]
    )
    files = {
        "index.html": html(),
        "posts/a/index.html": html(),
        "posts/b/index.html": html(),
        "feed.xml": ATOM_FEED.format(entries=entries),
    }
    sources = {"posts/a/index.html": "content/posts/a.md", "posts/b/index.html": "content/b.md"}
    assert problems(tmp_path, files, sources=sources) == [
        "feed.xml → /repo/posts/a/: not absolute (content/posts/a.md)",
        "feed.xml → https://example.github.io/repo/posts/gone/: no such file",
        "feed.xml → images/b.png: relative URL in feed entry (content/b.md)",
        "feed.xml → posts/a: not absolute (content/posts/a.md)",
    ]


def test_broken_xml_feed_names_the_line(tmp_path):
    broken = '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<title>t</feed>\n'
    files = {
        "index.html": html(),
        "tags/x/feed.xml": broken,
        "posts.xml": broken.replace("<title>", "\n<title>"),  # a feed by its namespace
        "data/other.xml": "<not xml",  # not a feed
    }
    assert problems(tmp_path, files) == [
        "posts.xml: not valid XML (line 4): mismatched tag",
        "tags/x/feed.xml: not valid XML (line 3): mismatched tag",
    ]


def test_rss_feed_and_an_atom_feed_known_by_its_root(tmp_path):
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        "<link>https://example.github.io/repo/</link>"
        "<item><title>a</title><link>https://example.github.io/repo/a/</link>"
        '<guid>a</guid><description>&lt;img src="a.png" alt=""&gt;</description></item>'
        "</channel></rss>"
    )
    xhtml = (
        '<entry><title>x</title><link href="https://example.github.io/repo/a/"/>'
        "<id>urn:uuid:1</id>"
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
        '<a href="../b/">b</a><img srcset="c.png 2x" alt=""/></div></content></entry>'
    )
    files = {
        "index.html": html(),
        "a/index.html": html(),
        "rss.xml": rss,
        "posts.xml": ATOM_FEED.format(entries=xhtml),
        "data.xml": "<data><link href='relative'/></data>",
    }
    sources = {"a/index.html": "content/a.md"}
    assert problems(tmp_path, files, sources=sources) == [
        "posts.xml → ../b/: relative URL in feed entry (content/a.md)",
        "posts.xml → c.png: relative URL in feed entry (content/a.md)",
        "posts.xml → https://example.github.io/repo/feed.xml: no such file",  # its self link
        "rss.xml → a: not absolute (content/a.md)",
        "rss.xml → a.png: relative URL in feed entry (content/a.md)",
    ]


SITEMAP = """<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="{ns}">
{urls}
</urlset>
"""


def sitemap(*locs: str, ns: str = "http://www.sitemaps.org/schemas/sitemap/0.9") -> str:
    return SITEMAP.format(ns=ns, urls="\n".join(f"<url><loc>{loc}</loc></url>" for loc in locs))


def test_sitemap_with_relative_and_missing_locs(tmp_path):
    files = {
        "index.html": html(),
        "a/index.html": html(),
        "sitemap.xml": sitemap(
            "https://example.github.io/repo/",
            "https://example.github.io/repo/a/",
            "/repo/a/",
            "https://example.github.io/repo/gone/",
            "https://elsewhere.example/repo/a/",
        ),
    }
    assert problems(tmp_path, files) == [
        "sitemap.xml → /repo/a/: not absolute",
        "sitemap.xml → https://elsewhere.example/repo/a/: not on this site "
        "(https://example.github.io)",
        "sitemap.xml → https://example.github.io/repo/gone/: no such file",
    ]


def test_sitemap_in_the_wrong_namespace(tmp_path):
    files = {"sitemap.xml": sitemap("https://example.github.io/repo/", ns="urn:wrong")}
    assert problems(tmp_path, files) == [
        "sitemap.xml: not a sitemap: <urlset> (namespace urn:wrong) is not <urlset> in "
        "http://www.sitemaps.org/schemas/sitemap/0.9"
    ]


def test_problems_are_sorted_by_page_then_target_and_reported_once(tmp_path):
    files = {
        "b.html": html('<a href="z/">z</a><a href="a/">a</a><a href="a/">again</a>'),
        "a.html": html('<img src="q.png">'),
    }
    assert problems(tmp_path, files) == [
        "a.html → q.png: image without alt text",
        "a.html → q.png: no such file",
        "b.html → a/: no such file",
        "b.html → z/: no such file",
    ]


# --- a clean site ------------------------------------------------------------------


def test_clean_site_has_no_problems(tmp_path):
    index = html(
        '<a href="/repo/tags/%EB%8F%84%EC%BB%A4/">도커</a>'  # Korean path, percent-encoded
        '<a href="tags/도커/#intro">도커</a>'  # and as written
        '<a href="/repo/docs">docs</a>'  # `dir` without a slash: GitHub redirects
        '<a href="/repo/about">about</a>'  # `about` -> about.html
        '<a href="about.html#me">me</a> <a href="./">home</a> <a href="?page=2">same</a>'
        '<img src="img/a.png" srcset="img/a.png 1x, img/a%402x.png 2x" alt="A">'
        '<picture><source srcset="img/a.webp 640w,img/a.png 1280w">'
        '<img src="img/a.png" alt=""></picture>'
        '<video src="media/v.mp4" poster="img/a.png"></video>'
        '<a href="mailto:me@example.com">mail</a> <a href="tel:+8210">tel</a>'
        '<a href="javascript:void(0)">js</a> <img src="data:image/png;base64,xx" alt="">'
        '<a href="https://docs.docker.com/get-started/#intro">docs</a>'
        '<a href="//cdn.example.com/lib.js">cdn</a>'
        '<a href="ftp://ftp.example.com/x">ftp</a> <iframe src="about:blank"></iframe>',
        '<link rel="canonical" href="https://example.github.io/repo/">'
        '<link rel="preconnect" href="https://fonts.example.com">'
        '<link rel="stylesheet" href="/repo/css/site.css?v=3">'
        '<meta property="og:image" content="https://example.github.io/repo/img/a.png">',
    )
    files = {
        "index.html": index,
        "tags/도커/index.html": html('<h1 id="intro">도커</h1><a href="../../">up</a>'),
        "docs/index.html": html('<a href="about.html">about</a>', '<base href="/repo/">'),
        "about.html": html('<p id="me">me</p><a href="/repo/">home</a>'),
        "css/site.css": "body { background: url(../img/a.png) } @import 'more.css';",
        "css/more.css": "",
        "img/a.png": b"",
        "img/a@2x.png": b"",
        "img/a.webp": b"",
        "media/v.mp4": b"",
        "feed.xml": ATOM_FEED.format(
            entries=entry(
                "https://example.github.io/repo/about.html",
                '<img src="https://example.github.io/repo/img/a.png" alt="">'
                '<a href="https://example.github.io/repo/about.html#me">me</a>',
                "tag:example.github.io,2024:about",
            )
        ),
        "sitemap.xml": sitemap(
            "https://example.github.io/repo/",
            "https://example.github.io/repo/tags/%EB%8F%84%EC%BB%A4/",
            "https://example.github.io/repo/about.html",
        ),
    }
    found, stats = check_site(write_site(tmp_path / "site", files), **_defaults({}))
    assert [str(p) for p in found] == []
    assert (stats.pages, stats.feeds) == (4, 2)
    assert stats.urls >= 20
    assert stats.external == {
        "https://cdn.example.com/lib.js": ("index.html",),
        "https://docs.docker.com/get-started/": ("index.html",),
    }
    assert stats.external_count == 2


def test_without_a_site_url_absolute_links_are_external(tmp_path):
    files = {"index.html": html('<a href="https://example.github.io/gone/">x</a>')}
    found, stats = check_site(write_site(tmp_path / "site", files), base_path="/")
    assert found == []
    assert stats.external == {"https://example.github.io/gone/": ("index.html",)}


# --- the example blog ----------------------------------------------------------------


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("example") / "site"
    config = load_config(ROOT, overrides=base_url_overrides(SITE_URL))
    result = build(config, BuildOptions(output=output, use_cache=False))
    assert result.ok, [str(d) for d in result.report.items]
    return output


def test_example_blog_under_a_base_path_passes(example_site):
    found, stats = check_site(example_site, base_path="/repo/", site_url=SITE_URL)
    assert [str(p) for p in found] == []
    assert stats.pages >= 15 and stats.feeds >= 3 and stats.urls >= 200


def test_example_blog_breakage_is_found_with_its_source(example_site, tmp_path):
    import shutil

    copy = Path(shutil.copytree(example_site, tmp_path / "copy"))
    (copy / "images" / "docker-flow.svg").unlink()
    post = "2021/05/25/docker-image-container-dockerfile/index.html"
    soup = BeautifulSoup((copy / post).read_text(encoding="utf-8"), "html.parser")
    image = soup.find("img", src="/repo/images/docker-flow.svg")
    assert image is not None and image.get("alt")
    found, _ = check_site(copy, base_path="/repo/", site_url=SITE_URL)
    source = "content/posts/2021-05-25-docker-image-container-dockerfile.md"
    assert f"{post} → /repo/images/docker-flow.svg: no such file ({source})" in map(str, found)


# --- URLs urllib cannot take apart ---------------------------------------------------

BAD_IPV6 = "http://[::1"
INVALID = "not a valid URL (Invalid IPv6 URL)"


def test_an_unclosed_ipv6_host_is_a_problem_not_a_crash(tmp_path):
    body = f'<a href="{BAD_IPV6}">x</a><img src="{BAD_IPV6}/a.png" alt="">'
    style = f"<style>p {{ background: url({BAD_IPV6}/b.png) }}</style>"
    head = f'<meta property="og:image" content="{BAD_IPV6}/c.png">{style}'
    files = {"index.html": html(body, head), "css/site.css": f"a {{ background: url({BAD_IPV6}) }}"}
    assert problems(tmp_path, files) == [
        f"css/site.css → {BAD_IPV6}: {INVALID}",
        f"index.html → {BAD_IPV6}: {INVALID}",
        f"index.html → {BAD_IPV6}/a.png: {INVALID}",
        f"index.html → {BAD_IPV6}/b.png: {INVALID}",
        f"index.html → {BAD_IPV6}/c.png: {INVALID}",
    ]


def test_an_unclosed_ipv6_base_href_is_a_problem_and_links_resolve_without_it(tmp_path):
    files = {
        "index.html": html('<a href="gone.html">x</a>', f'<base href="{BAD_IPV6}">'),
    }
    assert problems(tmp_path, files) == [
        "index.html → gone.html: no such file",
        f"index.html → {BAD_IPV6}: {INVALID}",
    ]


def test_an_unclosed_ipv6_host_in_feeds_and_sitemaps_is_a_problem(tmp_path):
    entries = entry(f"{BAD_IPV6}/post/", f'<img src="{BAD_IPV6}/x.png" alt="">', BAD_IPV6)
    sitemap = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{BAD_IPV6}/</loc></url></urlset>"
    )
    files = {
        "index.html": html(),
        "feed.xml": ATOM_FEED.format(entries=entries),
        "sitemap.xml": sitemap,
    }
    assert problems(tmp_path, files) == [
        f"feed.xml → {BAD_IPV6}: {INVALID}",
        f"feed.xml → {BAD_IPV6}/post/: {INVALID}",
        f"feed.xml → {BAD_IPV6}/x.png: {INVALID}",
        f"sitemap.xml → {BAD_IPV6}/: {INVALID}",
    ]
