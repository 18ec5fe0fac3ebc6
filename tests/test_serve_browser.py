"""`ssg serve` in a real browser (Debian's Chromium): a Markdown edit shows without the test
reloading the page, a CSS edit applies in place, a broken file shows the overlay and fixing
it clears it, the scroll position survives a reload, and pages reconnect to a new server."""

from __future__ import annotations

import time

from browser import browser_page
from serving import make_served_site, post, running

TIMEOUT = 10_000  # ms


def test_markdown_edit_appears_without_reloading_by_hand(tmp_path):
    root = make_served_site(tmp_path / "blog")
    with running(root) as (server, _), browser_page() as page:
        page.goto(server.server.url + "2024/01/02/post-2/")
        page.wait_for_function("window.__ssgServed !== undefined")
        time.sleep(0.3)  # let the page connect to the event stream
        (root / "content/posts/2024-01-02-post-2.md").write_text(post(2, "실시간 MARK-42"))
        page.wait_for_function("document.body.innerText.includes('MARK-42')", timeout=TIMEOUT)


def test_css_edit_applies_in_place(tmp_path):
    root = make_served_site(tmp_path / "blog")
    with running(root) as (server, _), browser_page() as page:
        page.goto(server.server.url)
        page.evaluate("window.__token = 'still-here'")
        time.sleep(0.3)
        css = root / "themes/default/static/css/style.css"
        css.write_text(css.read_text() + "\nbody { outline: 3px solid rgb(1, 2, 3); }\n")
        page.wait_for_function(
            "getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'", timeout=TIMEOUT
        )
        assert page.evaluate("window.__token") == "still-here"  # no reload


def test_broken_front_matter_shows_overlay_until_fixed(tmp_path):
    root = make_served_site(tmp_path / "blog")
    path = root / "content/posts/2024-01-03-post-3.md"
    with running(root) as (server, _), browser_page() as page:
        page.goto(server.server.url + "2024/01/03/post-3/")
        time.sleep(0.3)
        path.write_text("---\ntitle: [broken\n---\nbody\n")
        overlay = page.locator("#ssg-error-overlay")
        overlay.wait_for(timeout=TIMEOUT)
        assert "content/posts/2024-01-03-post-3.md:2: error:" in overlay.inner_text()
        path.write_text(post(3, "고쳤다 FIXED-7"))
        page.wait_for_function("document.body.innerText.includes('FIXED-7')", timeout=TIMEOUT)
        assert page.locator("#ssg-error-overlay").count() == 0


def test_scroll_position_survives_the_reload(tmp_path):
    root = make_served_site(tmp_path / "blog", long=True)
    with running(root) as (server, _), browser_page(viewport={"width": 800, "height": 600}) as page:
        page.goto(server.server.url + "2024/01/02/post-2/")
        page.evaluate("window.scrollTo(0, 1500)")
        time.sleep(0.3)
        page.evaluate("window.__token = 1")
        text = (root / "content/posts/2024-01-02-post-2.md").read_text()
        (root / "content/posts/2024-01-02-post-2.md").write_text(text + "\n\nSCROLL-MARK\n")
        page.wait_for_function("document.body.innerText.includes('SCROLL-MARK')", timeout=TIMEOUT)
        assert page.evaluate("window.__token") is None  # it was a reload
        page.wait_for_function("Math.abs(window.scrollY - 1500) < 5", timeout=TIMEOUT)


def test_pages_reconnect_after_the_server_restarts(tmp_path):
    root = make_served_site(tmp_path / "blog")
    with browser_page() as page:
        with running(root) as (server, _):
            port = server.server.port
            page.goto(server.server.url + "2024/01/01/post-1/")
            time.sleep(0.3)
        with running(root, port=port) as (server, _):
            assert server.server.port == port
            time.sleep(1.0)  # the page reconnects (retry: 300 ms) and gets the new hello
            (root / "content/posts/2024-01-01-post-1.md").write_text(post(1, "AGAIN-9"))
            page.wait_for_function("document.body.innerText.includes('AGAIN-9')", timeout=TIMEOUT)


def test_many_open_tabs_all_update_and_new_pages_still_load(tmp_path):
    """Browsers open six connections to a host: one event stream per tab would stall."""
    root = make_served_site(tmp_path / "blog")
    with running(root) as (server, _), browser_page() as first:
        pages = [first] + [first.context.new_page() for _ in range(7)]
        for page in pages:
            page.goto(server.server.url + "2024/01/01/post-1/")
        time.sleep(0.5)
        late = first.context.new_page()
        started = time.monotonic()
        late.goto(server.server.url + "2024/01/02/post-2/", timeout=5_000)
        assert time.monotonic() - started < 3
        (root / "content/posts/2024-01-01-post-1.md").write_text(post(1, "ALL-TABS-3"))
        for page in pages:
            page.wait_for_function(
                "document.body.innerText.includes('ALL-TABS-3')", timeout=TIMEOUT
            )
