"""Search in a real browser: typing shows the right posts, keys move through them, and it
works under a base path, from a `?q=` link and in dark mode, with no request off the site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ssg.build import BuildOptions, build
from ssg.project import load_config

from browser import browser_page, serve_folder

FIXTURE = Path(__file__).parent / "sites" / "search"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("search") / "blog"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("site", ".ssg-cache"))
    config = root / "ssg.toml"
    text = config.read_text(encoding="utf-8").replace(
        'url = "https://example.org"', 'url = "https://example.org/blog/"'
    )
    config.write_text(text, encoding="utf-8")
    assert build(load_config(root), BuildOptions()).ok
    return root / "site"


def hits(page, selector="#site-search-list"):
    page.wait_for_function("n => (window.ssgSearchDone || 0) >= n", arg=1)
    return [a.get_attribute("href") for a in page.locator(selector + " a").all()]


def test_typing_in_the_header_box_shows_posts_and_arrows_move_through_them(site):
    requests = []
    with serve_folder(site, "/blog/") as base, browser_page() as page:
        page.on("request", lambda request: requests.append(request.url))
        page.goto(base + "2023/04/02/python-asyncio-gather/")
        page.keyboard.press("/")  # focuses the box
        assert page.evaluate("document.activeElement.id") == "site-search-input"
        page.keyboard.type("컨테이너를")  # with its particle: finds 컨테이너가, 컨테이너에서 too
        page.wait_for_function("document.querySelectorAll('#site-search-list a').length >= 3")
        found = hits(page)
        assert all(h.startswith("/blog/") for h in found)
        assert page.locator("#site-search-list mark").count() > 0
        page.keyboard.press("ArrowDown")
        first = page.evaluate("document.activeElement.getAttribute('href')")
        assert first == found[0]
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.getAttribute('href')") == found[1]
        page.keyboard.press("Escape")
        assert page.locator(".search-popup").is_hidden()
        page.keyboard.press("Control+K")
        assert page.evaluate("document.activeElement.id") == "site-search-input"
    assert requests and all(url.startswith(base) for url in requests)


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("서울", "seoul-travel-weekend"),
        ("asyncio.gather", "python-asyncio-gather"),
        ("kube", "kubernetes-first-cluster"),
        ("dokcer", "docker-compose-basics"),
    ],
)
def test_the_search_page_answers_a_q_link_in_dark_mode(site, query, slug):
    with serve_folder(site, "/blog/") as base, browser_page(color_scheme="dark") as page:
        page.goto(base + "search/?q=" + query)
        found = hits(page, "#search-page-list")
        assert any(slug in href for href in found[:5]), found
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(13, 17, 23)"  # the dark scheme
        page.locator("#search-page-input").fill("")
        page.locator("#search-page-input").type("zzzznotaword")
        page.wait_for_function(
            "document.getElementById('search-page-status').textContent === 'No results'"
        )
        assert "q=zzzznotaword" in page.url  # the page's address follows the query
