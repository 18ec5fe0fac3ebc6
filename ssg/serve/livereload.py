"""Live reload for `ssg serve`: Server-Sent Events from the dev server to every open page.

The server calls `ReloadHub.publish` after each rebuild; each page listens on
`/__ssg/events` with a small script that `inject` adds to served HTML only (never to
`ssg build` output). Messages are JSON:

- `{"type": "hello", "server": id, "epoch": n, "errors": [...]}` on (re)connection: a page
  built for another server run or epoch reloads itself, and the current errors show;
- `{"type": "reload"}` after content or templates changed (sent once the build finished);
- `{"type": "css", "paths": [...]}` after a CSS-only change: stylesheets are swapped in place;
- `{"type": "errors", "errors": [...]}`: an overlay lists the `file:line: message` lines;
- `{"type": "ok"}`: the errors are gone.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

EVENTS_PATH = "/__ssg/events"
HEARTBEAT = 15.0  # seconds between keep-alive comments on an idle connection


class ReloadHub:
    """The state every page should see: an epoch that grows with each rebuild, and the
    current build errors. Thread-safe; any number of listeners."""

    def __init__(self) -> None:
        self.server_id = secrets.token_hex(4)
        self.epoch = 0
        self.errors: list[str] = []
        self._last: dict = {"type": "hello"}
        self._changed = threading.Condition()

    def publish(self, message: dict) -> None:
        """Announce the result of a rebuild to every open page."""
        with self._changed:
            if message["type"] == "errors":
                self.errors = list(message["errors"])
            elif message["type"] in ("reload", "css", "ok"):
                self.errors = []
            self.epoch += 1
            self._last = {**message, "epoch": self.epoch}
            self._changed.notify_all()

    def hello(self) -> dict:
        return {
            "type": "hello",
            "server": self.server_id,
            "epoch": self.epoch,
            "errors": self.errors,
        }

    def handle(self, handler: BaseHTTPRequestHandler, stopping: threading.Event) -> None:
        """Serve one `/__ssg/events` connection until the client leaves or the server stops."""
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream; charset=utf-8")
        handler.send_header("Cache-Control", "no-store")
        handler.end_headers()  # no Content-Length: the stream ends with the connection
        write = handler.wfile.write
        try:
            with self._changed:
                seen = self.epoch
                first = self.hello()
            write(b"retry: 300\n")
            write(_event(first))
            handler.wfile.flush()
            quiet_since = time.monotonic()
            while not stopping.is_set():
                with self._changed:
                    self._changed.wait_for(lambda seen=seen: self.epoch != seen, timeout=0.25)
                    if self.epoch == seen:
                        message = None
                    else:
                        # a page that missed several rebuilds needs only the latest news
                        message = self._last if self.epoch == seen + 1 else self._catch_up()
                        seen = self.epoch
                if message is not None:
                    write(_event(message))
                    handler.wfile.flush()
                    quiet_since = time.monotonic()
                elif time.monotonic() - quiet_since > HEARTBEAT:
                    write(b": keep-alive\n\n")
                    handler.wfile.flush()
                    quiet_since = time.monotonic()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the page was closed or reloaded

    def _catch_up(self) -> dict:
        if self.errors:
            return {"type": "errors", "errors": self.errors, "epoch": self.epoch}
        return {"type": "reload", "epoch": self.epoch}


def _event(message: dict) -> bytes:
    return b"data: " + json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n\n"


def script(hub: ReloadHub) -> str:
    """The client: a page knows which server run and epoch it was served from."""
    state = json.dumps({"server": hub.server_id, "epoch": hub.epoch})
    return f"<script>window.__ssgServed={state};{_CLIENT}</script>"


def inject(body: bytes, hub: ReloadHub) -> bytes:
    """Add the live-reload script to an HTML page (before `</body>`, else at the end)."""
    tag = script(hub).encode("utf-8")
    index = body.lower().rfind(b"</body>")
    if index == -1:
        return body + tag
    return body[:index] + tag + body[index:]


_CLIENT = (Path(__file__).parent / "livereload.js").read_text(encoding="utf-8")
