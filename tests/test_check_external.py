"""`ssg check --external` against a local HTTP server: HEAD then GET, redirects, timeouts,
refused connections and the one-day cache; and broken URLs as problems of the pages using them."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ssg.check.external import check_external
from ssg.check.problems import CheckStats, external_problems


class _Handler(BaseHTTPRequestHandler):
    requests: list[tuple[str, str]] = []

    def log_message(self, *args) -> None:
        pass

    def _answer(self, method: str) -> None:
        self.requests.append((method, self.path))
        status, location = {
            "/ok": (200, None),
            "/missing": (404, None),
            "/moved": (301, "/ok"),
            "/moved-away": (302, "/missing"),
            "/no-head": (405 if method == "HEAD" else 200, None),
            "/head-forbidden": (403 if method == "HEAD" else 200, None),
            "/head-unknown": (501 if method == "HEAD" else 200, None),
            "/slow": (200, None),
        }.get(self.path, (404, None))
        if self.path == "/slow":
            time.sleep(0.5)
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if method == "GET":
            self.wfile.write(b"hi")

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer("HEAD")

    def do_GET(self) -> None:  # noqa: N802
        self._answer("GET")


@pytest.fixture
def server():
    _Handler.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_external_links_head_then_get_and_redirects(server, tmp_path):
    wanted = [f"{server}{path}" for path in ("/ok", "/missing", "/moved", "/moved-away")]
    wanted += [f"{server}/{path}" for path in ("no-head", "head-forbidden", "head-unknown", "ok")]
    broken = check_external(wanted, cache_file=tmp_path / "links.json", timeout=5, workers=3)
    assert broken == [
        (f"{server}/missing", "HTTP 404"),
        (f"{server}/moved-away", "HTTP 404"),
    ]
    requests = sorted(_Handler.requests)
    for path in ("/no-head", "/head-forbidden", "/head-unknown"):  # HEAD refused: GET
        assert requests.count(("HEAD", path)) == requests.count(("GET", path)) == 1
    assert ("GET", "/missing") not in requests  # a 404 to HEAD is an answer
    assert ("GET", "/ok") not in requests  # HEAD was enough, also after the redirect
    assert requests.count(("HEAD", "/ok")) == 2  # once asked, once redirected to


def test_external_links_time_out_and_fail_to_connect(server, tmp_path):
    with ThreadingHTTPServer(("127.0.0.1", 0), _Handler) as closed:
        refused = f"http://127.0.0.1:{closed.server_address[1]}/ok"  # closed on leaving
    broken = dict(
        check_external([f"{server}/slow", refused], cache_file=tmp_path / "c.json", timeout=0.2)
    )
    assert broken[f"{server}/slow"] == "timed out"
    assert "refused" in broken[refused].lower()


def test_external_results_are_cached_for_a_day(server, tmp_path):
    cache = tmp_path / "cache" / "links.json"
    wanted = [f"{server}/ok", f"{server}/missing"]
    first = check_external(wanted, cache_file=cache)
    asked = len(_Handler.requests)
    assert asked == 2
    saved = json.loads(cache.read_text())
    assert {url: entry[0] for url, entry in saved.items()} == {wanted[0]: 200, wanted[1]: 404}
    assert check_external(wanted, cache_file=cache) == first
    assert len(_Handler.requests) == asked  # the second run asked nothing
    saved[wanted[0]][1] = time.time() - 25 * 60 * 60  # older than a day: asked again
    cache.write_text(json.dumps(saved))
    assert check_external(wanted, cache_file=cache) == first
    assert _Handler.requests[asked:] == [("HEAD", "/ok")]


def test_external_problems_name_every_page_using_a_broken_url():
    stats = CheckStats(external={"https://x.example/a": ("b.html", "a.html")})
    broken = [("https://x.example/a", "HTTP 404"), ("https://x.example/other", "timed out")]
    found = external_problems(broken, stats, {"a.html": "content/a.md"})
    assert [str(p) for p in found] == [
        "a.html → https://x.example/a: HTTP 404 (content/a.md)",
        "b.html → https://x.example/a: HTTP 404",
    ]
