"""`ssg serve` without a browser: rebuilds through the build pipeline, live-reload events,
errors kept out of the served site, config changes, and a clean Ctrl-C."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ssg.build import BuildOptions, build
from ssg.project import load_config

from serving import make_served_site, post, running

ROOT = Path(__file__).parent.parent


def get(url: str) -> tuple[int, str, dict]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.request("GET", parts.path or "/")
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8"), dict(response.getheaders())
    finally:
        connection.close()


class Events:
    """Reads `/__ssg/events` in a thread and keeps every message."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        self.connection.request("GET", "/__ssg/events")
        self.response = self.connection.getresponse()
        self.messages: list[dict] = []
        self.arrived = threading.Condition()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            for raw in self.response:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("data: "):
                    with self.arrived:
                        self.messages.append(json.loads(line[6:]))
                        self.arrived.notify_all()
        except (OSError, ValueError):
            pass

    def wait_for(self, kind: str, count: int = 1, timeout: float = 10) -> dict:
        with self.arrived:
            ok = self.arrived.wait_for(
                lambda: len([m for m in self.messages if m["type"] == kind]) >= count, timeout
            )
            assert ok, f"no {kind!r} event; got {self.messages}"
            return [m for m in self.messages if m["type"] == kind][count - 1]

    def close(self) -> None:
        self.connection.close()


def test_served_pages_carry_the_reload_script_and_built_pages_do_not(tmp_path, ssg):
    root = make_served_site(tmp_path / "blog")
    with running(root) as (server, _):
        status, body, headers = get(server.server.url + "2024/01/01/post-1/")
        assert status == 200
        assert "/__ssg/events" in body
        assert headers["Cache-Control"] == "no-store"
    assert ssg(root, "build").status == 0
    built = (root / "site/2024/01/01/post-1/index.html").read_text()
    assert "__ssg" not in built


def test_edit_rebuilds_and_tells_open_pages(tmp_path):
    root = make_served_site(tmp_path / "blog")
    with running(root) as (server, lines):
        events = Events(server.server.url)
        hello = events.wait_for("hello")
        assert hello["errors"] == []
        (root / "content/posts/2024-01-02-post-2.md").write_text(post(2, "새로 쓴 문장 MARK-1"))
        reload = events.wait_for("reload")
        assert reload["epoch"] == hello["epoch"] + 1
        status, body, _ = get(server.server.url + "2024/01/02/post-2/")
        assert "MARK-1" in body
        assert any("1 rendered" in line or "rendered in" in line for line in lines)
        events.close()


def test_css_change_is_announced_as_css(tmp_path):
    root = make_served_site(tmp_path / "blog")
    with running(root) as (server, lines):
        events = Events(server.server.url)
        events.wait_for("hello")
        css = root / "themes/default/static/css/style.css"
        css.write_text(css.read_text() + "\n.probe { color: red }\n")
        message = events.wait_for("css")
        assert message["paths"] == ["/css/style.css"]
        _, served_css, _ = get(server.server.url + "css/style.css")
        assert ".probe { color: red }" in served_css
        assert any("copied in place" in line for line in lines)  # no build for it
        # a stylesheet the last build did not copy: the build runs, then the swap
        (root / "static/css").mkdir(parents=True, exist_ok=True)
        (root / "static/css/extra.css").write_text(".extra { color: blue }\n")
        assert events.wait_for("css", count=2)["paths"] == ["/css/extra.css"]
        assert ".extra" in get(server.server.url + "css/extra.css")[1]
        events.close()
    # what the dev server copied is what a build from nothing writes
    served = server.output
    cold = tmp_path / "cold"
    shutil.copytree(root, cold, ignore=shutil.ignore_patterns(".ssg-cache", "site"))
    build(load_config(cold), BuildOptions(drafts=True, output=cold / "out"))
    for rel in ("css/style.css", "css/extra.css"):
        assert (served / rel).read_bytes() == (cold / "out" / rel).read_bytes()


def test_broken_front_matter_keeps_the_last_good_site_and_reports(tmp_path):
    root = make_served_site(tmp_path / "blog")
    with running(root) as (server, lines):
        events = Events(server.server.url)
        events.wait_for("hello")
        path = root / "content/posts/2024-01-03-post-3.md"
        good = path.read_text()
        path.write_text("---\ntitle: [broken\n---\nbody\n")
        errors = events.wait_for("errors")["errors"]
        assert errors and errors[0].startswith("content/posts/2024-01-03-post-3.md:2: error:")
        status, body, _ = get(server.server.url + "2024/01/03/post-3/")
        assert status == 200 and "첫 문단 3" in body  # the last good build is still served
        path.write_text(good.replace("첫 문단 3", "고친 문단 3"))
        events.wait_for("reload")
        assert "고친 문단 3" in get(server.server.url + "2024/01/03/post-3/")[1]
        events.close()


def test_broken_config_keeps_the_old_config_until_fixed(tmp_path):
    root = make_served_site(tmp_path / "blog")
    with running(root) as (server, _):
        events = Events(server.server.url)
        events.wait_for("hello")
        (root / "ssg.toml").write_text('title = "Serve test"\ntitel = "typo"\n')
        errors = events.wait_for("errors")["errors"]
        assert errors == ["ssg.toml:2: error: unknown key `titel` (did you mean `title`?)"]
        assert get(server.server.url)[0] == 200
        (root / "ssg.toml").write_text('title = "New title"\n')
        events.wait_for("reload")
        assert "New title" in get(server.server.url)[1]
        events.close()


def test_serves_under_the_base_path(tmp_path):
    root = make_served_site(tmp_path / "blog", base_url="https://user.github.io/repo/")
    with running(root) as (server, _):
        assert server.server.url.endswith("/repo/")
        status, body, _ = get(server.server.url + "2024/01/01/post-1/")
        assert status == 200 and 'href="/repo/css/style.css"' in body
        parts = urlsplit(server.server.url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        connection.request("GET", "/")
        response = connection.getresponse()
        assert (response.status, response.getheader("Location")) == (302, "/repo/")
        connection.close()


def test_drafts_are_served_but_never_built_into_site(tmp_path, ssg):
    root = make_served_site(tmp_path / "blog")
    (root / "content/posts/2024-01-09-wip.md").write_text("---\ntitle: WIP\ndraft: true\n---\nx\n")
    with running(root) as (server, _):
        assert get(server.server.url + "2024/01/09/wip/")[0] == 200
    assert not (root / "site").exists()
    assert ssg(root, "build").status == 0
    assert not (root / "site/2024/01/09/wip").exists()


def test_a_rebinding_page_reads_neither_drafts_nor_events(tmp_path):
    """A page on `evil.example` (DNS pointed at 127.0.0.1) sends `Host: evil.example`."""
    root = make_served_site(tmp_path / "blog")
    (root / "content/posts/2024-01-09-wip.md").write_text("---\ntitle: WIP\ndraft: true\n---\nx\n")
    with running(root) as (server, _):
        port = server.server.port
        answers = {}
        for host in ("localhost", f"evil.example:{port}"):
            for path in ("/2024/01/09/wip/", "/__ssg/events"):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", path, headers={"Host": host})
                response = connection.getresponse()
                answers[host.partition(":")[0], path] = (response.status, response.read(9))
                connection.close()
    assert answers[("localhost", "/2024/01/09/wip/")][0] == 200
    assert answers[("localhost", "/__ssg/events")] == (200, b"retry: 30")
    assert answers[("evil.example", "/2024/01/09/wip/")] == (403, b"403 Forbi")
    assert answers[("evil.example", "/__ssg/events")] == (403, b"403 Forbi")


def test_ctrl_c_stops_cleanly_within_a_second(tmp_path):
    root = make_served_site(tmp_path / "blog")
    process = subprocess.Popen(
        [sys.executable, "-m", "ssg", "serve", "--port", "0", "--source", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONFAULTHANDLER": "1"},
    )
    try:
        line = ""
        deadline = time.monotonic() + 30
        while "serving http://127.0.0.1:" not in line and time.monotonic() < deadline:
            line = process.stdout.readline()
        assert "serving http://127.0.0.1:" in line
        url = line.split()[1]
        assert get(url)[0] == 200
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:  # where is it stuck? (faulthandler prints every thread)
            process.send_signal(signal.SIGABRT)
            out, err = process.communicate(timeout=5)
            raise AssertionError(f"still running 5 s after Ctrl-C:\n{err}") from None
        assert time.monotonic() - sent < 1.5
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert "Traceback" not in err
    assert "stopped" in out


def test_a_taken_port_is_reported_and_the_next_one_used(tmp_path):
    import socket

    root = make_served_site(tmp_path / "blog")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with running(root, port=port) as (server, lines):
            assert server.server.port != port
            assert f"port {port} is taken; using {server.server.port}" in lines
            assert get(server.server.url)[0] == 200


def test_editor_temp_files_do_not_rebuild(tmp_path):
    root = make_served_site(tmp_path / "blog")
    with running(root) as (server, lines):
        events = Events(server.server.url)
        events.wait_for("hello")
        posts = root / "content/posts"
        (posts / ".2024-01-01-post-1.md.swp").write_text("vim swap")
        (posts / "2024-01-01-post-1.md~").write_text("backup")
        (posts / "4913").write_text("")
        (root / "content/.DS_Store").write_bytes(b"\0")
        (posts / "2024-01-02-post-2.md").write_text(post(2, "SENTINEL"))  # a real save
        events.wait_for("reload")
        time.sleep(0.3)
        assert [m["type"] for m in events.messages] == ["hello", "reload"]
        changed = [line for line in lines if "changed:" in line]
        assert changed == [changed[0]] and changed[0].startswith("content/posts/2024-01-02")
        events.close()


def test_a_new_base_path_in_the_config_is_served_at_once(tmp_path):
    root = make_served_site(tmp_path / "blog")
    with running(root) as (server, lines):
        events = Events(server.server.url)
        events.wait_for("hello")
        (root / "ssg.toml").write_text('title = "Serve test"\nurl = "https://u.github.io/blog/"\n')
        events.wait_for("reload")
        assert server.server.url.endswith("/blog/")
        status, body, _ = get(server.server.url + "2024/01/01/post-1/")
        assert status == 200 and 'href="/blog/css/style.css"' in body
        assert any("the base path changed" in line for line in lines)
        events.close()


def test_a_site_broken_from_the_start_shows_its_errors_then_recovers(tmp_path):
    root = make_served_site(tmp_path / "blog")
    path = root / "content/posts/2024-01-02-post-2.md"
    path.write_text("---\ntitle: [broken\n---\nbody\n")
    with running(root) as (server, _):
        events = Events(server.server.url)
        hello = events.wait_for("hello")
        assert hello["errors"][0].startswith("content/posts/2024-01-02-post-2.md:2: error:")
        status, body, _ = get(server.server.url)
        assert status == 404 and "/__ssg/events" in body  # the overlay script is there
        path.write_text(post(2, "RECOVERED"))
        events.wait_for("reload")
        assert "RECOVERED" in get(server.server.url + "2024/01/02/post-2/")[1]
        events.close()


def test_the_change_log_names_the_file_not_the_editors_temporary_one(tmp_path):
    from ssg.serve.command import shown_changes

    post = tmp_path / "post.md"
    post.write_text("x")
    gone = [tmp_path / name for name in ("sedpeiiSD", "4913", ".post.md.swp", "post.md~")]
    assert shown_changes([post, *gone]) == [post]
    assert shown_changes([tmp_path / "deleted.md", *gone]) == [tmp_path / "deleted.md"]
    assert set(shown_changes(gone)) == set(gone)  # nothing better to name


def test_ctrl_c_while_serving_sets_a_flag_and_during_the_first_build_interrupts(tmp_path):
    """Once serving, Ctrl-C must not raise: a KeyboardInterrupt inside the main loop's
    `Event.wait` can leave its lock held, and `stop()` then hangs (seen under load)."""
    from ssg.serve.command import DevServer

    server = DevServer(make_served_site(tmp_path / "blog"))
    with pytest.raises(KeyboardInterrupt):
        server._on_ctrl_c(signal.SIGINT, None)
    server.serving = True
    server._on_ctrl_c(signal.SIGINT, None)
    assert server.interrupted
    server.stop()
