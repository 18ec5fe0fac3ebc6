"""Real headless Chromium (Debian's, never a downloaded one) driven by Playwright, and a
static file server on 127.0.0.1 for built sites."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's Chromium; without it browser tests are skipped locally but fail in CI."""
    for candidate in (os.environ.get("CHROME_PATH"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    message = "Chromium not found: `apt-get install chromium` (.ci/run installs it)"
    if os.environ.get("CI"):
        raise RuntimeError(message)
    import pytest

    pytest.skip(message)


@contextlib.contextmanager
def serve_folder(folder: Path, mount: str = "/"):
    """Serve `folder` at http://127.0.0.1:PORT{mount} on a free port; always shut down."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            if not path.startswith(mount):
                return str(folder / "__nothing__")
            return super().translate_path("/" + path[len(mount) :])

        def log_message(self, *args):
            pass

    handler = functools.partial(Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{mount}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextlib.contextmanager
def browser_page(**context_options):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(**context_options)
            yield context.new_page()
        finally:
            browser.close()
