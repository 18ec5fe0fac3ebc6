"""What Lighthouse's SEO audit checks, on every page type of a site whose config has no
`description`: a non-empty meta description, a title, `<html lang>`, a canonical URL, a
viewport, no `robots` meta that blocks indexing, and no link whose text says nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

# Lighthouse's list of link texts that do not describe their target (link-text audit)
VAGUE = {"click here", "click this", "go", "here", "information", "learn more", "more"}
VAGUE |= {"more info", "more information", "right here", "read more", "see more", "start"}
VAGUE |= {"this", "link", "continue", "details", ""}

POSTS = {
    "content/posts/2024-01-0{n}-post-{n}.md": "---\ntitle: Post {n}\ntags: [docker]\n"
    "categories: [ops]\n---\nSome words about post {n}.\n"
}
FILES = {
    "ssg.toml": 'title = "Plain Blog"\nurl = "https://example.org/"\nposts_per_page = 1\n',
    "content/about.md": "---\ntitle: About\n---\n",  # no text: nothing to take a summary from
    "content/posts/2024-02-01-code-only.md": "---\ntitle: Code only\n---\n```sh\nls\n```\n",
    **{path.format(n=n): text.format(n=n) for path, text in POSTS.items() for n in (1, 2, 3)},
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, BeautifulSoup]:
    from ssg.build import BuildOptions, build
    from ssg.project import load_config

    root = tmp_path_factory.mktemp("blog")
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    assert build(load_config(root), BuildOptions(jobs=1)).ok
    site = root / "site"
    return {
        path.relative_to(site).as_posix(): BeautifulSoup(path.read_text(), "html.parser")
        for path in sorted(Path(site).rglob("*.html"))
    }


def description(page: BeautifulSoup) -> str:
    meta = page.find("meta", attrs={"name": "description"})
    return meta["content"].strip() if meta else ""


def test_the_site_has_every_page_type(pages):
    expected = {"index.html", "page/2/index.html", "about/index.html", "404.html"}
    expected |= {"tags/index.html", "tags/docker/index.html", "tags/docker/page/2/index.html"}
    expected |= {"categories/ops/index.html", "archive/index.html"}
    expected |= {"2024/02/01/code-only/index.html", "2024/01/01/post-1/index.html"}
    assert expected <= set(pages)


def test_every_page_has_a_meta_description_without_a_site_description(pages):
    missing = [rel for rel, page in pages.items() if not description(page)]
    assert missing == []


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("index.html", "Plain Blog: latest posts"),
        ("page/2/index.html", "Plain Blog: latest posts, page 2"),
        ("tags/docker/index.html", "Posts tagged docker on Plain Blog"),
        ("tags/docker/page/2/index.html", "Posts tagged docker on Plain Blog, page 2"),
        ("categories/ops/index.html", "Posts in the category ops on Plain Blog"),
        ("tags/index.html", "All tags on Plain Blog"),
        ("archive/index.html", "Archive of Plain Blog: every post by year"),
        ("404.html", "Page not found on Plain Blog"),
        ("2024/01/01/post-1/index.html", "Some words about post 1."),
        ("2024/02/01/code-only/index.html", "Code only · Plain Blog"),
        ("about/index.html", "About · Plain Blog"),
    ],
)
def test_each_page_type_gets_its_own_sentence(pages, rel, expected):
    page = pages[rel]
    assert description(page) == expected
    assert page.find("meta", property="og:description")["content"] == expected


def test_a_site_description_is_used_on_list_pages(make_site, ssg):
    files = dict(FILES)
    files["ssg.toml"] += 'description = "Notes on things."\n'
    root = make_site(files)
    assert ssg(root, "build").status == 0
    home = BeautifulSoup((root / "site/index.html").read_text(), "html.parser")
    assert description(home) == "Notes on things."


def test_every_page_has_what_lighthouse_seo_checks(pages):
    for rel, page in pages.items():
        assert page.html.get("lang"), rel
        assert page.title and page.title.get_text().strip(), rel
        canonical = page.find("link", rel="canonical")
        assert canonical and canonical["href"].startswith("https://example.org/"), rel
        viewport = page.find("meta", attrs={"name": "viewport"})
        assert viewport and "width=device-width" in viewport["content"], rel
        robots = page.find("meta", attrs={"name": "robots"})
        assert robots is None or "noindex" not in robots["content"], rel


def test_no_link_text_is_vague(pages):
    vague = []
    for rel, page in pages.items():
        for link in page.find_all("a", href=True):
            text = (link.get("aria-label") or link.get_text(" ", strip=True)).lower()
            if text in VAGUE and "hidden" not in link.attrs:
                vague.append((rel, link["href"], text))
    assert vague == []
