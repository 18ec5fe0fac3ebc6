"""Tests for the HTTP layer of `ssg serve` (`ssg.serve.http`, with `ssg.serve.paths`).

Requests go through `http.client` (or a bare socket), which send paths exactly as written,
so traversal attempts reach the server unnormalised.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
from pathlib import Path

import pytest

from ssg.errors import SsgError
from ssg.serve.http import SiteServer

SECRET = b"TOP SECRET outside the site"
CUSTOM_404 = b"<html><body>custom not found</body></html>"

FILES = {
    "index.html": b"<html><body>home</body></html>",
    "404.html": CUSTOM_404,
    "about.html": b"<html><body>about page</body></html>",
    "a/b/index.html": b"<html><body>nested b</body></html>",
    "a/empty/.keep": b"",
    "tags/\ub3c4\ucee4/index.html": "<html><body>도커 태그</body></html>".encode(),
    "a b.txt": b"with a space",
    "a+b.txt": b"with a plus",
    "feed.xml": b'<?xml version="1.0" encoding="utf-8"?><feed/>',
    "style.css": b"body { color: red }",
    "app.js": b"console.log(1)",
    "data.json": b"{}",
    "robots.txt": b"User-agent: *",
    "site.webmanifest": b"{}",
    "img/logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>',
    "img/photo.webp": b"RIFF\x00\x00\x00\x00WEBPVP8 ",
    "img/photo.PNG": b"\x89PNG\r\n\x1a\n",
    "img/photo.jpg": b"\xff\xd8\xff",
    "img/anim.gif": b"GIF89a",
    "favicon.ico": b"\x00\x00\x01\x00",
    "fonts/f.woff2": b"wOF2" + bytes(range(256)) * 4,
    "fonts/f.woff": b"wOFF",
    "video/clip.mp4": b"\x00\x00\x00\x18ftypmp42",
    "blob.ssgunknown": b"\x00\x01",
    "CNAME": b"example.com",
    "back\\slash.txt": b"a backslash in a file name",
}


def write_site(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A built site, a secret file and a folder outside it, and symlinks in and out."""
    root = tmp_path_factory.mktemp("serve")
    (root / "secret.txt").write_bytes(SECRET)
    write_site(root / "outside", {"index.html": SECRET, "secret.txt": SECRET})
    folder = write_site(root / "site", FILES)
    (folder / "leak.txt").symlink_to(root / "secret.txt")
    (folder / "leakdir").symlink_to(root / "outside", target_is_directory=True)
    (folder / "a" / "up").symlink_to("../..", target_is_directory=True)  # the site's parent
    (folder / "alias.html").symlink_to("about.html")  # a symlink that stays inside is fine
    return folder


def running(folder: Path, **options) -> SiteServer:
    server = SiteServer(folder, port=0, **options)
    server.start()
    return server


@pytest.fixture(scope="module")
def server(site):
    server = running(site)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def repo(site):
    server = running(site, base_path="/repo/")
    yield server
    server.stop()


def fetch(server: SiteServer, path: str, method: str = "GET", headers=None):
    """(status, headers with lower-case names, body) for one request sent as written."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def fetch_raw(server: SiteServer, request_line: bytes) -> tuple[int, bytes]:
    """Send a request line http.client would refuse (NUL, raw UTF-8): (status, whole reply)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=2) as sock:
        sock.sendall(request_line + b"\r\nHost: 127.0.0.1\r\n\r\n")
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    return int(reply.split(b" ", 2)[1]), reply


# --- URLs -----------------------------------------------------------------------------


def test_root_serves_index_html_as_utf8_html(server):
    status, headers, body = fetch(server, "/")
    assert (status, body) == (200, FILES["index.html"])
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["content-length"] == str(len(body))
    assert headers["cache-control"] == "no-store"


def test_folder_url_with_slash_serves_its_index(server):
    assert fetch(server, "/a/b/")[::2] == (200, FILES["a/b/index.html"])
    assert fetch(server, "/a/b/?v=1")[::2] == (200, FILES["a/b/index.html"])


def test_folder_url_without_slash_redirects_keeping_the_query(server):
    status, headers, body = fetch(server, "/a/b?x=1&y=%20")
    assert status == 301
    assert headers["location"] == "/a/b/?x=1&y=%20"
    assert headers["cache-control"] == "no-store"
    assert fetch(server, "/a")[1]["location"] == "/a/"


def test_folder_without_index_is_a_404(server):
    status, _, body = fetch(server, "/a/empty/")
    assert (status, body) == (404, CUSTOM_404)


def test_bare_name_also_tries_dot_html(server):
    assert fetch(server, "/about")[::2] == (200, FILES["about.html"])
    assert fetch(server, "/about.html")[::2] == (200, FILES["about.html"])
    assert fetch(server, "/about/")[0] == 404
    assert fetch(server, "/about.html/")[0] == 404


def test_percent_encoded_korean_path(server):
    status, headers, body = fetch(server, "/tags/%EB%8F%84%EC%BB%A4/")
    assert (status, body) == (200, FILES["tags/\ub3c4\ucee4/index.html"])
    status, headers, _ = fetch(server, "/tags/%eb%8f%84%ec%bb%a4")
    assert (status, headers["location"]) == (301, "/tags/%EB%8F%84%EC%BB%A4/")


def test_raw_utf8_bytes_in_the_path(server):
    status, reply = fetch_raw(server, "GET /tags/도커/ HTTP/1.0".encode())
    assert status == 200
    assert reply.endswith(FILES["tags/\ub3c4\ucee4/index.html"])


def test_bytes_that_are_not_utf8_are_a_404(server):
    assert fetch(server, "/tags/%FF%FE/")[0] == 404


def test_plus_is_not_a_space_in_paths(server):
    assert fetch(server, "/a+b.txt")[::2] == (200, b"with a plus")
    assert fetch(server, "/a%2Bb.txt")[::2] == (200, b"with a plus")
    assert fetch(server, "/a%20b.txt")[::2] == (200, b"with a space")


# --- base path --------------------------------------------------------------------------


def test_base_path_serves_the_site_under_it(repo):
    assert repo.url == f"http://127.0.0.1:{repo.port}/repo/"
    assert fetch(repo, "/repo/")[::2] == (200, FILES["index.html"])
    assert fetch(repo, "/repo/a/b/")[::2] == (200, FILES["a/b/index.html"])
    assert fetch(repo, "/repo/about")[::2] == (200, FILES["about.html"])
    assert fetch(repo, "/repo/tags/%EB%8F%84%EC%BB%A4/")[0] == 200


def test_base_path_redirects(repo):
    status, headers, _ = fetch(repo, "/")
    assert (status, headers["location"]) == (302, "/repo/")
    status, headers, _ = fetch(repo, "/?lang=ko")
    assert (status, headers["location"]) == (302, "/repo/?lang=ko")
    status, headers, _ = fetch(repo, "/repo")
    assert (status, headers["location"]) == (301, "/repo/")
    status, headers, _ = fetch(repo, "/repo/a/b?x")
    assert (status, headers["location"]) == (301, "/repo/a/b/?x")


@pytest.mark.parametrize("path", ["/a/b/", "/index.html", "/about", "/repository/", "/rep/"])
def test_paths_outside_the_base_path_are_404(repo, path):
    status, headers, body = fetch(repo, path)
    assert (status, body) == (404, CUSTOM_404)
    assert headers["content-type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize(
    "base, path",
    [
        ("repo", "/repo/"),
        ("/repo", "/repo/"),
        ("repo/", "/repo/"),
        ("", "/"),
        ("/", "/"),
        ("/docs/v1", "/docs/v1/"),
        ("/블로그/", "/%EB%B8%94%EB%A1%9C%EA%B7%B8/"),
        ("/%EB%B8%94%EB%A1%9C%EA%B7%B8/", "/%EB%B8%94%EB%A1%9C%EA%B7%B8/"),
    ],
)
def test_base_path_spellings(site, base, path):
    assert SiteServer(site, base_path=base, port=1234).url == f"http://127.0.0.1:1234{path}"


def test_nested_korean_base_path(site):
    server = running(site, base_path="/%EB%B8%94/v1")
    try:
        assert fetch(server, "/%EB%B8%94/v1/a/b/")[::2] == (200, FILES["a/b/index.html"])
        assert fetch(server, "/%EB%B8%94/a/b/")[0] == 404
        assert fetch(server, "/")[1]["location"] == "/%EB%B8%94/v1/"
    finally:
        server.stop()


# --- no way out of the folder ----------------------------------------------------------

ESCAPES = [
    "/../secret.txt",
    "/a/../../secret.txt",
    "/a/b/../../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2e%2e/secret.txt",
    "/.%2e/secret.txt",
    "/..%2fsecret.txt",
    "/a%2f..%2f..%2fsecret.txt",
    "/%2fetc%2fpasswd",
    "/..\\secret.txt",
    "/a\\..\\..\\secret.txt",
    "/%5c..%5csecret.txt",
    "//etc/passwd",
    "/a//../../secret.txt",
    "/./index.html",
    "/leak.txt",
    "/leakdir/",
    "/leakdir",
    "/leakdir/secret.txt",
    "/leakdir/index.html",
    "/a/up/secret.txt",
    "/a/up/outside/",
    "http://127.0.0.1/../secret.txt",
    "*",
]


@pytest.mark.parametrize("path", ESCAPES)
def test_no_path_leaves_the_folder(server, path):
    status, headers, body = fetch(server, path)
    assert (status, body) == (404, CUSTOM_404)
    assert "location" not in headers


@pytest.mark.parametrize(
    "path", ["/repo/../secret.txt", "/repo/../../etc/passwd", "/repo/%2e%2e/secret.txt", "/.."]
)
def test_no_path_leaves_the_folder_under_a_base_path(repo, path):
    assert fetch(repo, path)[::2] == (404, CUSTOM_404)


@pytest.mark.parametrize("line", [b"GET /index.html\x00 HTTP/1.0", b"GET /%00/ HTTP/1.0"])
def test_nul_bytes_are_a_404(server, line):
    status, reply = fetch_raw(server, line)
    assert status == 404
    assert reply.endswith(CUSTOM_404)


@pytest.mark.parametrize("path", ["/a%2fb/", "/a%2Fb/index.html", "/back%5cslash.txt"])
def test_encoded_separators_and_backslashes_are_never_separators(server, site, path):
    assert fetch(server, "/a/b/")[0] == 200
    assert (site / "back\\slash.txt").is_file()  # and http.client sends the path as is
    assert fetch(server, path)[::2] == (404, CUSTOM_404)


def test_symlinks_inside_the_folder_are_followed(server):
    assert fetch(server, "/alias.html")[::2] == (200, FILES["about.html"])


# --- 404 page ----------------------------------------------------------------------------


def test_missing_file_gets_the_sites_404_page(server):
    status, headers, body = fetch(server, "/no/such/page/")
    assert (status, body) == (404, CUSTOM_404)
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["content-length"] == str(len(CUSTOM_404))
    assert headers["cache-control"] == "no-store"


def test_builtin_404_page_when_the_site_has_none(tmp_path):
    (tmp_path / "secret.txt").write_bytes(SECRET)
    folder = write_site(tmp_path / "site", {"index.html": b"home"})
    (folder / "404.html").symlink_to(tmp_path / "secret.txt")  # outside: not used either
    server = running(folder)
    try:
        status, headers, body = fetch(server, "/nothing-<here>")
    finally:
        server.stop()
    assert status == 404
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert b"404" in body and SECRET not in body
    assert b"/nothing-&lt;here&gt;" in body


# --- content types -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, kind",
    [
        ("/about.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/feed.xml", "application/xml"),
        ("/data.json", "application/json"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/site.webmanifest", "application/manifest+json"),
        ("/img/logo.svg", "image/svg+xml"),
        ("/img/photo.webp", "image/webp"),
        ("/img/photo.PNG", "image/png"),
        ("/img/photo.jpg", "image/jpeg"),
        ("/img/anim.gif", "image/gif"),
        ("/favicon.ico", "image/x-icon"),
        ("/fonts/f.woff2", "font/woff2"),
        ("/fonts/f.woff", "font/woff"),
        ("/video/clip.mp4", "video/mp4"),
        ("/blob.ssgunknown", "application/octet-stream"),
        ("/CNAME", "application/octet-stream"),
    ],
)
def test_content_types(server, path, kind):
    status, headers, body = fetch(server, path)
    assert status == 200
    assert headers["content-type"] == kind
    assert body == FILES[path[1:]]
    assert headers["content-length"] == str(len(body))
    assert headers["cache-control"] == "no-store"


# --- methods ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/a/b/", "/fonts/f.woff2", "/missing", "/a/b"])
def test_head_has_the_headers_of_get_and_no_body(server, path):
    get_status, get_headers, get_body = fetch(server, path)
    status, headers, body = fetch(server, path, method="HEAD")
    assert (status, body) == (get_status, b"")
    for name in ("content-type", "content-length", "cache-control", "location"):
        assert headers.get(name) == get_headers.get(name)


@pytest.mark.parametrize("path", ["/", "/fonts/f.woff2", "/missing"])
def test_head_sends_no_body_at_all(server, path):
    status, reply = fetch_raw(server, f"HEAD {path} HTTP/1.0".encode())
    assert status in (200, 404)
    assert reply.endswith(b"\r\n\r\n")
    assert b"Content-Length: 0" not in reply


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "BREW"])
def test_other_methods_are_405(server, method):
    status, headers, body = fetch(server, "/", method=method)
    assert (status, body) == (405, b"")
    assert headers["allow"] == "GET, HEAD"
    assert headers["cache-control"] == "no-store"


# --- inject and routes ------------------------------------------------------------------------


def test_html_and_the_404_page_pass_through_inject(site):
    seen = []

    def inject(body: bytes) -> bytes:
        seen.append(body)
        return body.replace(b"</body>", b"<script>live()</script></body>")

    server = running(site, inject=inject)
    try:
        page = fetch(server, "/about")
        missing = fetch(server, "/missing")
        head = fetch(server, "/about", method="HEAD")
        css = fetch(server, "/style.css")
    finally:
        server.stop()
    assert page[2] == b"<html><body>about page<script>live()</script></body></html>"
    assert page[1]["content-length"] == str(len(page[2]))
    assert missing[0] == 404
    assert missing[2] == b"<html><body>custom not found<script>live()</script></body></html>"
    assert missing[1]["content-length"] == str(len(missing[2]))
    assert head[1]["content-length"] == str(len(page[2]))
    assert css[2] == FILES["style.css"]
    assert FILES["style.css"] not in seen


def test_routes_come_before_files_and_the_base_path(site):
    def pong(handler):
        body = f"pong {handler.command} {handler.path}".encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    server = running(site, base_path="/repo/", routes={"/__ssg/ping": pong, "/repo/": pong})
    try:
        status, headers, body = fetch(server, "/__ssg/ping?n=1")
        assert (status, body) == (200, b"pong GET /__ssg/ping?n=1")
        assert headers["cache-control"] == "no-store"
        assert fetch(server, "/__ssg/ping", method="POST")[2] == b"pong POST /__ssg/ping"
        assert fetch(server, "/repo/")[2] == b"pong GET /repo/"
        assert fetch(server, "/__ssg/ping/")[0] == 404
        assert fetch(server, "/__ssg/PING")[0] == 404
    finally:
        server.stop()


def test_a_route_may_set_its_own_cache_control(site):
    def own(handler):
        handler.send_response(200)
        handler.send_header("Cache-Control", "no-cache")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    server = running(site, routes={"/own": own})
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
        conn.request("GET", "/own")
        headers = conn.getresponse().getheaders()
        conn.close()
    finally:
        server.stop()
    assert [v for k, v in headers if k.lower() == "cache-control"] == ["no-cache"]


# --- ports, host, folder ----------------------------------------------------------------------


def test_busy_port_takes_the_next_free_one(site):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        server = SiteServer(site, port=taken)
        server.start()
        try:
            assert server.port_was_taken
            assert server.port != taken
            assert server.url == f"http://127.0.0.1:{server.port}/"
            assert fetch(server, "/")[0] == 200
        finally:
            server.stop()
        with pytest.raises(SsgError, match="in use"):
            SiteServer(site, port=taken, port_attempts=1).start()


def test_free_port_is_not_reported_as_taken(server):
    assert server.port != 0
    assert not server.port_was_taken


def test_binds_to_127_0_0_1_only(server):
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.2", server.port), timeout=0.5).close()


def test_set_folder_switches_what_is_served(tmp_path):
    first = write_site(tmp_path / "one", {"index.html": b"one"})
    second = write_site(tmp_path / "two", {"index.html": b"two"})
    server = running(first)
    try:
        assert fetch(server, "/")[2] == b"one"
        server.set_folder(second)
        assert fetch(server, "/")[2] == b"two"
    finally:
        server.stop()


# --- quiet and clean shutdown -------------------------------------------------------------------


def test_no_request_logs_and_no_traceback_when_the_client_leaves(site, capfd):
    left = threading.Event()

    def firehose(handler):
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/event-stream")
            handler.end_headers()
            for _ in range(500):  # until the client has gone: BrokenPipe / ConnectionReset
                handler.wfile.write(b"data: " + b"x" * 65536 + b"\n\n")
                time.sleep(0.002)
        finally:
            left.set()

    server = running(site, routes={"/__ssg/events": firehose})
    try:
        assert fetch(server, "/")[0] == 200
        assert fetch(server, "/missing")[0] == 404
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
        conn.request("GET", "/__ssg/events")
        conn.getresponse().read(10)
        conn.close()
        assert left.wait(2)
        time.sleep(0.05)  # let the server's error handling run
    finally:
        server.stop()
    assert capfd.readouterr().err == ""


def test_stop_is_quick_with_an_open_event_stream_and_leaves_no_thread(site):
    before = {t for t in threading.enumerate() if not t.daemon}
    ended = threading.Event()

    def events(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.end_headers()
        handler.wfile.write(b"data: hello\n\n")
        while True:  # polls, but slowly: stop() must not wait for it
            time.sleep(0.5)
            if server.stopping.is_set():
                break
        ended.set()

    server = running(site, routes={"/__ssg/events": events})
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
    try:
        conn.request("GET", "/__ssg/events")
        response = conn.getresponse()
        assert response.read(13) == b"data: hello\n\n"
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < 1
        assert not ended.is_set()  # the handler was still running when stop() returned
        assert {t for t in threading.enumerate() if not t.daemon} == before
        started = time.monotonic()
        assert response.read() == b""  # the open stream was cut, not left to the handler
        assert time.monotonic() - started < 0.25
        assert ended.wait(1)
    finally:
        conn.close()
        server.stop()


def test_stop_is_idempotent_and_closes_the_socket(site):
    server = SiteServer(site, port=0)
    server.stop()  # never started: nothing to do
    server.start()
    port = server.port
    assert any(t.name.startswith("ssg-server") for t in threading.enumerate())
    server.stop()
    server.stop()
    assert not any(t.name == f"ssg-server-{port}" for t in threading.enumerate())
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()


def test_context_manager_starts_and_stops(site):
    with SiteServer(site, port=0) as server:
        assert fetch(server, "/")[0] == 200
    assert server.stopping.is_set()


# --- Host: a DNS-rebinding guard on loopback ----------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "localhost:8000",
        "LocalHost:1",
        "localhost.",
        "127.0.0.1",
        "127.0.0.1:{port}",
        "[::1]",
        "[::1]:8000",
        "blog.localhost:3000",
    ],
)
def test_loopback_names_are_answered(server, host):
    host = host.format(port=server.port)
    assert fetch(server, "/", headers={"Host": host})[::2] == (200, FILES["index.html"])


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1.nip.io",
        "localhost.evil.example",
        "localhost.evil.example:{port}",
        "10.0.0.1",
        "[::2]",
        "localhost:80:80",
        "local host",
        "",
    ],
)
@pytest.mark.parametrize("method, path", [("GET", "/"), ("GET", "/missing"), ("POST", "/")])
def test_other_hosts_are_refused_on_loopback(server, host, method, path):
    status, headers, body = fetch(server, path, method, {"Host": host.format(port=server.port)})
    assert status == 403
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert headers["content-length"] == str(len(body))
    assert b"DNS rebinding" in body and b"--host 0.0.0.0" in body
    assert FILES["index.html"] not in body and CUSTOM_404 not in body


def test_a_refused_host_never_reaches_a_route(site):
    called = []
    server = running(site, routes={"/__ssg/events": lambda handler: called.append(handler)})
    try:
        status, _, body = fetch(server, "/__ssg/events", headers={"Host": "evil.example"})
        head = fetch(server, "/", "HEAD", {"Host": "evil.example"})
    finally:
        server.stop()
    assert status == 403 and called == []
    assert head[0] == 403 and head[2] == b""


def test_two_host_headers_are_refused(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=2) as sock:
        sock.sendall(b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n")
        reply = read_all(sock)
    assert reply.startswith(b"HTTP/1.1 403 ")


def test_a_request_without_host_is_answered(server):
    """Only HTTP/1.0 tools leave Host out; a browser (the rebinding risk) never does."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=2) as sock:
        sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
        reply = read_all(sock)
    assert reply.startswith(b"HTTP/1.1 200 ") and reply.endswith(FILES["index.html"])


def test_the_address_it_is_bound_to_is_answered(site):
    server = SiteServer(site, host="127.0.0.2", port=0)
    try:
        server.start()
    except SsgError:  # all of 127/8 is loopback on Linux, not on macOS
        pytest.skip("cannot bind 127.0.0.2 here")
    try:
        conn = http.client.HTTPConnection("127.0.0.2", server.port, timeout=2)
        conn.request("GET", "/")  # Host: 127.0.0.2:PORT
        response = conn.getresponse()
        assert (response.status, response.read()) == (200, FILES["index.html"])
        conn.request("GET", "/", headers={"Host": "evil.example"})
        assert conn.getresponse().status == 403
        conn.close()
    finally:
        server.stop()


def read_all(sock: socket.socket) -> bytes:
    reply = b""
    while chunk := sock.recv(65536):
        reply += chunk
    return reply


# --- HTTP/1.1: load, keep-alive, Range -----------------------------------------------------------


def test_200_simultaneous_connections_are_all_answered(server):
    count = 200
    start = threading.Barrier(count, timeout=10)
    answers: list[object] = [None] * count

    def one(i: int) -> None:
        try:
            start.wait()
            with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
                sock.sendall(b"GET /about HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                answers[i] = read_all(sock).split(b"\r\n", 1)[0]
        except Exception as exc:  # noqa: BLE001 (counted below)
            answers[i] = repr(exc)

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=15)
    failed = [a for a in answers if not (isinstance(a, bytes) and a.endswith(b" 200 OK"))]
    assert failed == [], f"{len(failed)} of {count} failed: {failed[:3]}"


def test_many_requests_on_one_connection(server):
    """Every kind of response is framed by its Content-Length, so one connection carries all."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
    conn.connect()
    sock = conn.sock
    expected = [
        ("GET", "/", {}, 200, FILES["index.html"]),
        ("HEAD", "/fonts/f.woff2", {}, 200, b""),
        ("GET", "/missing", {}, 404, CUSTOM_404),
        ("GET", "/a/b", {}, 301, b""),
        ("DELETE", "/", {}, 405, b""),
        ("GET", "/fonts/f.woff2", {"Range": "bytes=4-7"}, 206, FILES["fonts/f.woff2"][4:8]),
        ("GET", "/fonts/f.woff2", {"Range": "bytes=9999-"}, 416, b""),
        ("HEAD", "/missing", {}, 404, b""),
        ("GET", "/style.css", {}, 200, FILES["style.css"]),
    ]
    try:
        for method, path, headers, status, body in expected:
            conn.request(method, path, headers=headers)
            response = conn.getresponse()
            assert (response.status, response.read()) == (status, body), (method, path)
            assert response.version == 11 and not response.will_close
            assert response.getheader("Connection") is None
            assert conn.sock is sock  # the same connection throughout
    finally:
        conn.close()


def test_kept_alive_requests_do_not_wait_for_delayed_acks(server):
    """Headers and body are two writes: with Nagle's algorithm each took 40 ms more."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
    try:
        started = time.monotonic()
        for _ in range(20):
            conn.request("GET", "/style.css")
            assert conn.getresponse().read() == FILES["style.css"]
        assert time.monotonic() - started < 0.4
    finally:
        conn.close()


def test_http_1_0_keep_alive_and_connection_close(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=2) as sock:
        sock.sendall(
            b"GET /robots.txt HTTP/1.0\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n"
        )
        first = sock.recv(65536)
        while not first.endswith(FILES["robots.txt"]) and (chunk := sock.recv(65536)):
            first += chunk  # the body may come in its own segment
        assert b"\r\nConnection: keep-alive\r\n" in first
        assert first.endswith(FILES["robots.txt"])
        sock.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        second = read_all(sock)  # ends: the server closed the connection
    assert b"\r\nConnection: close\r\n" in second and second.endswith(FILES["robots.txt"])


def test_a_request_body_nobody_reads_closes_the_connection(server):
    smuggled = b"GET /about HTTP/1.1\r\nHost: localhost\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=2) as sock:
        sock.sendall(
            b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\n\r\n" % len(smuggled)
            + smuggled
        )
        reply = read_all(sock)
    assert reply.startswith(b"HTTP/1.1 405 ") and b"\r\nConnection: close\r\n" in reply
    assert FILES["about.html"] not in reply


def test_a_stream_without_length_closes_its_connection_and_others_keep_alive(site):
    def events(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.end_headers()
        handler.wfile.write(b"data: one\n\n")

    server = running(site, routes={"/__ssg/events": events})
    try:
        stream = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
        stream.request("GET", "/__ssg/events")
        response = stream.getresponse()
        assert response.getheader("Content-Length") is None
        assert response.getheader("Connection") == "close" and response.will_close
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
        for path in ("/", "/about"):
            conn.request("GET", path)
            assert conn.getresponse().read() in (FILES["index.html"], FILES["about.html"])
        assert response.read() == b"data: one\n\n"  # to the end: the server closed it
        stream.close()
        conn.close()
    finally:
        server.stop()


WOFF2 = FILES["fonts/f.woff2"]
SIZE = len(WOFF2)


@pytest.mark.parametrize(
    "header, first, last",
    [
        ("bytes=0-9", 0, 9),
        ("bytes=10-10", 10, 10),
        ("bytes=1000-", 1000, SIZE - 1),
        ("bytes=-10", SIZE - 10, SIZE - 1),
        ("bytes=-5000", 0, SIZE - 1),
        ("bytes=5-99999", 5, SIZE - 1),
        ("BYTES = 3 - 4", 3, 4),
    ],
)
def test_a_single_range_is_a_206(server, header, first, last):
    status, headers, body = fetch(server, "/fonts/f.woff2", headers={"Range": header})
    assert status == 206
    assert headers["content-range"] == f"bytes {first}-{last}/{SIZE}"
    assert headers["content-length"] == str(last - first + 1)
    assert headers["content-type"] == "font/woff2"
    assert body == WOFF2[first : last + 1]


@pytest.mark.parametrize("header", [f"bytes={SIZE}-", "bytes=99999-100000", "bytes=-0"])
def test_an_unsatisfiable_range_is_a_416(server, header):
    status, headers, body = fetch(server, "/fonts/f.woff2", headers={"Range": header})
    assert (status, body) == (416, b"")
    assert headers["content-range"] == f"bytes */{SIZE}"
    assert headers["content-length"] == "0"


@pytest.mark.parametrize(
    "headers",
    [
        {"Range": "bytes=0-1,5-6"},
        {"Range": "items=0-1"},
        {"Range": "bytes=5-2"},
        {"Range": "bytes=x-"},
        {"Range": "bytes=-"},
        {"Range": "bytes=0-9", "If-Range": '"an-etag"'},
    ],
)
def test_other_range_headers_get_the_whole_file(server, headers):
    status, got, body = fetch(server, "/fonts/f.woff2", headers=headers)
    assert (status, body) == (200, WOFF2)
    assert got["accept-ranges"] == "bytes" and "content-range" not in got


def test_ranges_of_pages_and_videos_but_not_of_404s(server):
    assert fetch(server, "/video/clip.mp4")[1]["accept-ranges"] == "bytes"
    status, headers, body = fetch(server, "/video/clip.mp4", headers={"Range": "bytes=4-"})
    assert (status, body) == (206, FILES["video/clip.mp4"][4:])
    status, headers, body = fetch(server, "/about", headers={"Range": "bytes=-5"})
    assert (status, body) == (206, FILES["about.html"][-5:])
    status, headers, body = fetch(server, "/missing", headers={"Range": "bytes=0-3"})
    assert (status, body) == (404, CUSTOM_404)
    assert "accept-ranges" not in headers and "content-range" not in headers
    status, headers, body = fetch(server, "/fonts/f.woff2", "HEAD", {"Range": "bytes=0-3"})
    assert (status, headers["content-length"], body) == (200, str(SIZE), b"")


def test_an_empty_file_and_ranges(tmp_path):
    server = running(write_site(tmp_path, {"empty.txt": b""}))
    try:
        assert fetch(server, "/empty.txt", headers={"Range": "bytes=-5"})[::2] == (200, b"")
        status, headers, _ = fetch(server, "/empty.txt", headers={"Range": "bytes=0-"})
        assert (status, headers["content-range"]) == (416, "bytes */0")
    finally:
        server.stop()
