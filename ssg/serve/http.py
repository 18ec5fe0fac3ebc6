"""The HTTP layer of `ssg serve`: serve a built site folder under its base path.

Standard library only (`ThreadingHTTPServer`). Which file, redirect or 404 a request path
leads to, and with what Content-Type, is `paths` (GitHub Pages' URL rules, no way out of the
folder); this module binds the port, runs the threads and writes the responses, the 404 page
being the site's own `404.html` or a built-in one. Building, watching and live reload live
elsewhere; they plug in through `inject` (rewrites every HTML body, the 404 page included)
and `routes` (exact paths such as `/__ssg/events`, answered before any file lookup).

HTTP/1.1 with keep-alive: every response carries a Content-Length, except a route's that
sends none (the event stream), after which the connection closes (`Connection: close`, the
body ends with it). Files answer a single `Range` (206, 416); a request whose Host is not
one to answer (`headers`: a DNS-rebinding guard on loopback) gets a 403 before any route or
file. Every response, a route's too, carries `Cache-Control: no-store` unless the route sent
a Cache-Control header of its own.
"""

from __future__ import annotations

import contextlib
import errno
import html
import os
import socket
import socketserver
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ssg.errors import SsgError
from ssg.serve.headers import Unsatisfiable, allowed_hosts, byte_range, host_allowed
from ssg.serve.paths import (
    CONTENT_TYPES,
    content_type,
    error_page,
    normalize_base_path,
    quote_path,
    resolve,
)

Route = Callable[[BaseHTTPRequestHandler], None]

BUILTIN_404 = (
    "<!doctype html>\n<html lang=en><meta charset=utf-8><title>404 Not Found</title>\n"
    "<h1>404 Not Found</h1>\n<p>Nothing is served at <code>{path}</code>.</p>\n</html>\n"
)

REFUSED_HOST = (
    "403 Forbidden: ssg serve answers only requests for localhost, 127.0.0.1 or [::1], not "
    "for {host} (a guard against DNS rebinding). To answer other names, serve with "
    "--host 0.0.0.0 (which also opens it to your network).\n"
)
IDLE_TIMEOUT = 30.0  # seconds a kept-alive connection may wait for its next request

_DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)
_PORT_TAKEN = {errno.EADDRINUSE} | ({errno.EACCES} if os.name == "nt" else set())


class SiteServer:
    """Serves one folder over HTTP in a background thread: `start()`, then `stop()`."""

    def __init__(
        self,
        folder: Path,
        *,
        base_path: str = "/",
        host: str = "127.0.0.1",
        port: int = 8000,
        inject: Callable[[bytes], bytes] | None = None,
        routes: dict[str, Route] | None = None,
        port_attempts: int = 20,
    ):
        self._folder = Path(folder)
        self._folder_lock = threading.Lock()
        self.base_path = normalize_base_path(base_path)
        self.host = host
        self.port = port
        self.inject = inject
        self.routes = dict(routes or {})
        self.port_attempts = max(1, port_attempts)
        self.port_was_taken = False
        # the Host names answered once bound (None: any), see `headers.allowed_hosts`
        self.allowed_hosts: frozenset[str] | None = None
        # Set by `stop()`; long-lived route handlers (event streams) poll it and return.
        self.stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def folder(self) -> Path:
        with self._folder_lock:
            return self._folder

    def set_folder(self, folder: Path) -> None:
        """Serve another folder from the next request on (requests under way finish as they are)."""
        with self._folder_lock:
            self._folder = Path(folder)

    @property
    def url(self) -> str:
        """The address to open, e.g. `http://127.0.0.1:8001/repo/` (the bound port once started)."""
        host = "127.0.0.1" if self.host in ("", "0.0.0.0") else self.host
        return f"http://{host}:{self.port}{quote_path(self.base_path)}"

    def start(self) -> None:
        """Bind (the next free port if the requested one is taken) and serve in a daemon thread."""
        if self._httpd is not None:
            raise RuntimeError("the server is already running")
        self.stopping.clear()
        self._httpd = self._bind()
        self._httpd.site = self
        self.allowed_hosts = allowed_hosts(self._httpd.server_address[0], self.host)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"ssg-server-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop accepting, cut open connections, close the socket; returns well within a second.

        Route handlers still running (event streams) see `stopping` set and their next write
        fails; they are daemon threads, so they never hold the process open.
        """
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._httpd = self._thread = None
        self.stopping.set()
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=1)

    def __enter__(self) -> SiteServer:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _bind(self) -> _HTTPServer:
        if self.port == 0:
            candidates = [0]
        else:
            last = min(self.port + self.port_attempts - 1, 65535)
            candidates = list(range(self.port, last + 1))
        for port in candidates:
            try:
                httpd = _HTTPServer((self.host, port), _Handler)
            except OSError as exc:
                if exc.errno in _PORT_TAKEN:
                    continue
                reason = exc.strerror or exc
                raise SsgError(f"cannot listen on {self.host}:{port}: {reason}") from exc
            self.port_was_taken = port != candidates[0]
            self.port = httpd.server_address[1]
            return httpd
        tried = f"port {self.port} is" if len(candidates) == 1 else f"ports {self.port}-{last} are"
        raise SsgError(f"{tried} in use on {self.host}; choose another with --port")


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never holds up stop() or the process exit
    block_on_close = False
    allow_reuse_address = sys.platform != "win32"  # on Windows it would share a busy port
    request_queue_size = 1024  # the listen backlog (Python's default of 5 drops connections)
    site: SiteServer

    def __init__(self, address, handler):
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind also looks up the host's FQDN, which can stall on DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def process_request(self, request, client_address) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Unblock every request thread: reads see end of file, writes fail quietly."""
        with self._open_lock:
            requests, self._open = list(self._open), set()
        for request in requests:
            with contextlib.suppress(OSError):
                request.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], _DISCONNECTS):
            return  # the browser went away (closed tab, reload): nothing to report
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "ssg"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT
    # headers and body are separate writes: with Nagle's algorithm, a kept-alive connection
    # waits for the client's delayed ACK (40 ms) before each body
    disable_nagle_algorithm = True
    _status = 0  # of the response under way
    _sent: frozenset[str] = frozenset()  # the header names it has sent, lower-case

    def log_message(self, format: str, *args) -> None:
        pass  # quiet: the serve command reports rebuilds, not requests

    def send_response_only(self, code: int, message: str | None = None) -> None:
        super().send_response_only(code, message)
        self._status, self._sent = code, frozenset()

    def send_header(self, keyword: str, value: str) -> None:
        self._sent |= {keyword.lower()}
        super().send_header(keyword, value)

    def end_headers(self) -> None:
        if self._status >= 200:  # not for `100 Continue`
            self._final_headers()
        super().end_headers()

    def _final_headers(self) -> None:
        # never cached in the browser while writing; a route may say otherwise itself
        if "cache-control" not in self._sent:
            self.send_header("Cache-Control", "no-store")
        framed = {"content-length", "transfer-encoding"} & self._sent
        if not framed and self._status not in (204, 304):
            self.close_connection = True  # the body ends when the connection does
        if "connection" in self._sent:
            return
        if self.close_connection:
            self.send_header("Connection", "close")
        elif self.request_version == "HTTP/1.0":  # it asked for keep-alive
            self.send_header("Connection", "keep-alive")

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def __getattr__(self, name: str):
        # BaseHTTPRequestHandler looks up `do_<METHOD>`; every method without one goes
        # through _dispatch too, so routes see it and files answer 405.
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    def _dispatch(self) -> None:
        site = self.server.site
        if self.headers.get("Content-Length", "0").strip() != "0" or (
            "Transfer-Encoding" in self.headers
        ):
            self.close_connection = True  # a body nobody reads must not pass for a request
        if not host_allowed(self.headers.get_all("Host"), site.allowed_hosts):
            self._refuse_host()
            return
        target, _, query = self.path.partition("?")
        target = target.partition("#")[0]
        route = site.routes.get(target)
        if route is not None:
            route(self)
            return
        if self.command not in ("GET", "HEAD"):
            self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
            self.send_header("Allow", "GET, HEAD")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._serve(site, target, query)

    def _serve(self, site: SiteServer, target: str, query: str) -> None:
        root = os.path.realpath(site.folder)
        found = resolve(root, target, site.base_path)
        if found.redirect is not None:
            status = HTTPStatus.MOVED_PERMANENTLY if found.permanent else HTTPStatus.FOUND
            self._redirect(status, found.redirect, query)
        elif found.file is None or not self._send_file(site, found.file):
            self._not_found(site, root, target)

    def _send_file(self, site: SiteServer, path: str, status: int = HTTPStatus.OK) -> bool:
        """Send one file; False (nothing sent) if it cannot be opened."""
        kind = content_type(path)
        try:
            file = open(path, "rb")  # noqa: SIM115 (closed below, after streaming)
        except OSError:
            return False
        with file:
            if kind.startswith("text/html"):
                self._send_body(site, status, kind, file.read())
                return True
            span = self._send_headers(status, kind, os.fstat(file.fileno()).st_size)
            if span is not None:
                file.seek(span[0])
                self._copy(file, span[1] - span[0] + 1)
        return True

    def _send_body(self, site: SiteServer, status: int, kind: str, body: bytes) -> None:
        if site.inject is not None and kind.startswith("text/html"):
            body = site.inject(body)
        span = self._send_headers(status, kind, len(body))
        if span is not None:
            self.wfile.write(body[span[0] : span[1] + 1])

    def _send_headers(self, status: int, kind: str, size: int) -> tuple[int, int] | None:
        """The status line and headers for a body of `size` bytes, or the part of it that a
        `Range` asks for (206, or a 416 with no body); the first and last byte to send after
        them, None for nothing (HEAD, 416, an empty body)."""
        span = (0, size - 1)
        if status == HTTPStatus.OK:
            # no If-Range can match: the server sends no validator (ETag, Last-Modified)
            wanted = None if "If-Range" in self.headers else self.headers.get("Range")
            try:
                part = byte_range(wanted, size) if self.command == "GET" else None
            except Unsatisfiable:
                self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if part is not None:
                status, span = HTTPStatus.PARTIAL_CONTENT, part
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if status in (HTTPStatus.OK, HTTPStatus.PARTIAL_CONTENT):
            self.send_header("Accept-Ranges", "bytes")
        if status == HTTPStatus.PARTIAL_CONTENT:
            self.send_header("Content-Range", f"bytes {span[0]}-{span[1]}/{size}")
        self.send_header("Content-Length", str(span[1] - span[0] + 1))
        self.end_headers()
        return None if self.command == "HEAD" or span[1] < span[0] else span

    def _copy(self, file, length: int) -> None:
        while length > 0:
            chunk = file.read(min(length, 64 * 1024))
            if not chunk:  # the file shrank while it was sent (a rebuild)
                self.close_connection = True  # the client sees a short body, not a hang
                return
            self.wfile.write(chunk)
            length -= len(chunk)

    def _refuse_host(self) -> None:
        shown = "".join(c if c.isprintable() and c.isascii() else "?" for c in self.headers["Host"])
        body = REFUSED_HOST.format(host=shown[:100] or "an empty name").encode("ascii")
        self.send_response(HTTPStatus.FORBIDDEN)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found(self, site: SiteServer, root: str, target: str) -> None:
        page = error_page(root)
        if page is not None and self._send_file(site, page, HTTPStatus.NOT_FOUND):
            return
        body = BUILTIN_404.format(path=html.escape(target)).encode("utf-8")
        self._send_body(site, HTTPStatus.NOT_FOUND, CONTENT_TYPES[".html"], body)

    def _redirect(self, status: int, path: str, query: str) -> None:
        location = quote_path(path) + (f"?{query}" if query else "")
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()
