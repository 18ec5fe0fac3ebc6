"""The HTTP layer of `ssg serve`: serve a built site folder under its base path.

Standard library only (`ThreadingHTTPServer`). Building, watching and live reload live
elsewhere; they plug in through `inject` (rewrites every HTML body, the 404 page included)
and `routes` (exact paths such as `/__ssg/events`, answered before any file lookup).

URL rules follow GitHub Pages: `/a/b/` serves `a/b/index.html`, `/a/b` redirects to `/a/b/`
when `a/b` is a folder, `/about` also tries `about.html`. With a base path (`/repo/`), `/`
redirects to it and every other path outside it is a 404. A request that is malformed,
tries to leave the folder (`..`, encoded separators, backslashes, NUL bytes, symlinks
pointing outside) or names nothing is a 404 with the site's own `404.html`.

Responses are HTTP/1.0 (the connection closes after each one), so a route can stream
Server-Sent Events without chunked encoding. Every response, a route's too, carries
`Cache-Control: no-store` unless the route sent a Cache-Control header of its own.
"""

from __future__ import annotations

import contextlib
import errno
import html
import os
import shutil
import socket
import socketserver
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, unquote_to_bytes

from ssg.errors import SsgError

Route = Callable[[BaseHTTPRequestHandler], None]

# Our own table, so the answer never depends on the machine's /etc/mime.types.
# Feeds are `application/xml` like every other .xml: browsers show it as a document
# instead of offering a download, and feed readers sniff the content anyway.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".xsl": "application/xml",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
}
UNKNOWN_TYPE = "application/octet-stream"

BUILTIN_404 = (
    "<!doctype html>\n<html lang=en><meta charset=utf-8><title>404 Not Found</title>\n"
    "<h1>404 Not Found</h1>\n<p>Nothing is served at <code>{path}</code>.</p>\n</html>\n"
)

# Characters that may stay as they are in a path segment (RFC 3986 sub-delims, ":", "@").
_PATH_SAFE = "/!$&'()*+,;=:@"
_FORBIDDEN_IN_NAME = ("/", "\\", "\0")
_DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)
_PORT_TAKEN = {errno.EADDRINUSE} | ({errno.EACCES} if os.name == "nt" else set())


def content_type(name: str) -> str:
    """The Content-Type header for a file name (by its extension, case-insensitive)."""
    return CONTENT_TYPES.get(os.path.splitext(name)[1].lower(), UNKNOWN_TYPE)


def normalize_base_path(base_path: str) -> str:
    """`repo`, `/repo` and `/repo/` all become `/repo/`; empty means `/`; `%XX` is decoded."""
    names = [unquote(n) for n in base_path.split("/") if n]
    return "/" + "".join(n + "/" for n in names)


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
        return f"http://{host}:{self.port}{quote(self.base_path, safe=_PATH_SAFE)}"

    def start(self) -> None:
        """Bind (the next free port if the requested one is taken) and serve in a daemon thread."""
        if self._httpd is not None:
            raise RuntimeError("the server is already running")
        self.stopping.clear()
        self._httpd = self._bind()
        self._httpd.site = self
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
    _cache_control_sent = True  # until a response starts

    def log_message(self, format: str, *args) -> None:
        pass  # quiet: the serve command reports rebuilds, not requests

    def send_response_only(self, code: int, message: str | None = None) -> None:
        super().send_response_only(code, message)
        self._cache_control_sent = code < 200  # no headers for `100 Continue`

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "cache-control":
            self._cache_control_sent = True
        super().send_header(keyword, value)

    def end_headers(self) -> None:
        # never cached in the browser while writing; a route may say otherwise itself
        if not self._cache_control_sent:
            self.send_header("Cache-Control", "no-store")
        super().end_headers()

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
        folder = site.folder
        root = os.path.realpath(folder)
        names, trailing_slash = _split(target)
        base = site.base_path.strip("/").split("/") if site.base_path != "/" else []
        if names is None or names[: len(base)] != base:
            if target == "/":  # only reachable with a base path
                self._redirect(HTTPStatus.FOUND, site.base_path, query)
            else:
                self._not_found(site, root, target)
            return
        wanted = os.path.join(root, *names[len(base) :])
        path = _inside(root, wanted)
        if path is not None and os.path.isdir(path):
            if not trailing_slash:
                self._redirect(HTTPStatus.MOVED_PERMANENTLY, "/".join(["", *names, ""]), query)
                return
            path = _inside(root, os.path.join(path, "index.html"))
        elif path is None or trailing_slash or not os.path.isfile(path):
            # like GitHub Pages, /about is also about.html
            bare = not trailing_slash and len(names) > len(base)
            path = _inside(root, wanted + ".html") if bare else None
        if path is None or not os.path.isfile(path) or not self._send_file(site, path):
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
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(os.fstat(file.fileno()).st_size))
            self.end_headers()
            if self.command != "HEAD":
                shutil.copyfileobj(file, self.wfile, 64 * 1024)
        return True

    def _send_body(self, site: SiteServer, status: int, kind: str, body: bytes) -> None:
        if site.inject is not None and kind.startswith("text/html"):
            body = site.inject(body)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found(self, site: SiteServer, root: str, target: str) -> None:
        page = _inside(root, os.path.join(root, "404.html"))
        if page and os.path.isfile(page) and self._send_file(site, page, HTTPStatus.NOT_FOUND):
            return
        body = BUILTIN_404.format(path=html.escape(target)).encode("utf-8")
        self._send_body(site, HTTPStatus.NOT_FOUND, CONTENT_TYPES[".html"], body)

    def _redirect(self, status: int, path: str, query: str) -> None:
        location = quote(path, safe=_PATH_SAFE) + (f"?{query}" if query else "")
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


def _split(target: str) -> tuple[list[str] | None, bool]:
    """The decoded names in a request path and whether it ends with a slash.

    None when the path is not one a browser would send for a file: not starting with `/`
    (absolute-form `http://…`, `*`), empty segments (`//etc`), `.`/`..` (encoded or not),
    encoded separators, backslashes, NUL bytes, or bytes that are not UTF-8. `+` stays a `+`.
    """
    if not target.startswith("/"):
        return None, False
    segments = target[1:].split("/")
    trailing_slash = segments[-1] == ""
    if trailing_slash:
        segments.pop()
    names = []
    for segment in segments:
        # http.server decodes the request line as Latin-1: back to bytes, then UTF-8
        try:
            name = unquote_to_bytes(segment.encode("latin-1")).decode("utf-8")
        except UnicodeError:
            return None, False
        if name in ("", ".", "..") or any(c in name for c in _FORBIDDEN_IN_NAME):
            return None, False
        names.append(name)
    return names, trailing_slash


def _inside(root: str, path: str) -> str | None:
    """`path` with every symlink resolved, or None if that leaves the `root` folder."""
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return None
    if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
        return real
    return None
