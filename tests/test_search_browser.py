"""Search in a real browser: typing shows the right posts, keys move through them, and it
works under a base path, from a `?q=` link and in dark mode, with no request off the site."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from unittest import mock

import pytest

from ssg.build import BuildOptions, build
from ssg.project import load_config
from ssg.search import index

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


QUERY = """async (q) => {
  const index = document.getElementById('site-search-input').dataset.searchIndex;
  return await window.ssgSearch.query(index, q);
}"""
SPLIT_QUERIES = ["서울", "컨테이너를", "설정해야", "kube", "asyncio.gather", "docker-compose"]
SPLIT_QUERIES += ["dokcer", "kubernets", "pyhton", "쿠버네티스", "react", "ENTRYPOINT"]
SPLIT_QUERIES += ["doker", "dovker", "kubrenetes"]  # slips in a split prefix's third letter


def test_split_prefixes_find_what_whole_ones_do(tmp_path):
    """With most prefixes split (a tiny `SPLIT_BYTES`), the browser files each word where the
    build did: every query gives the results it gives without splits."""
    sites = {}
    for name, split_bytes in (("whole", 10**9), ("split", 60)):
        root = tmp_path / name
        shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("site", ".ssg-cache"))
        with mock.patch.object(index, "SPLIT_BYTES", split_bytes):
            assert build(load_config(root), BuildOptions()).ok
        sites[name] = root / "site"
    assert '"split":[]' in (sites["whole"] / "search/index.json").read_text()
    manifest = json.loads((sites["split"] / "search/index.json").read_text(encoding="utf-8"))
    assert len(manifest["split"]) > 20
    found = {}
    for name, site in sites.items():
        with serve_folder(site, "/") as base, browser_page() as page:
            page.goto(base)
            found[name] = [page.evaluate(QUERY, q) for q in SPLIT_QUERIES]
    assert found["split"] == found["whole"]
    assert all(found["whole"])  # (each query finds something)
