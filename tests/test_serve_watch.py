"""A real watcher behind `ssg serve` (`ssg.serve.watch`) on a temp site: debounce, editors'
atomic saves, ignored files, folders that come and go, clean shutdown.

Tests that expect *no* call end with a "sentinel" change that must arrive alone: an ignored
change that leaked would show up before it or in the same burst, so no fixed sleep is needed.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from ssg.serve.changes import ChangeSet
from ssg.serve.watch import Watcher

TIMEOUT = 5.0


class Recorder:
    """The `on_change` callback: records every ChangeSet, optionally runs `action` first."""

    def __init__(self, action=None):
        self.action = action
        self.calls: list[ChangeSet] = []
        self.running = 0
        self.overlaps = 0
        self.cond = threading.Condition()

    def __call__(self, changes: ChangeSet) -> None:
        with self.cond:
            self.running += 1
            self.overlaps += self.running > 1
        try:
            if self.action is not None:
                self.action(changes)
        finally:
            with self.cond:
                self.running -= 1
                self.calls.append(changes)
                self.cond.notify_all()

    def wait_calls(self, count: int) -> list[ChangeSet]:
        with self.cond:
            assert self.cond.wait_for(lambda: len(self.calls) >= count, TIMEOUT), self.calls
            return list(self.calls)


@pytest.fixture
def site(tmp_path) -> Path:
    root = (tmp_path / "blog").resolve()
    for folder in ("content/posts", "static/css", "templates", "site", ".ssg-cache", ".git"):
        (root / folder).mkdir(parents=True)
    (root / "ssg.toml").write_text('title = "Blog"\n')
    (root / "content/posts/2024-01-01-x.md").write_text("---\ntitle: X\n---\nOne\n")
    (root / "static/css/site.css").write_text("body { color: black }\n")
    (root / "templates/base.html").write_text("<html>{% block content %}{% endblock %}</html>\n")
    return root


@pytest.fixture
def watch(site):
    """Start a watcher on `site`; returns its Recorder. Stopped after the test."""
    watchers: list[Watcher] = []
    counter = iter(range(1000))

    def start(action=None, **options) -> Recorder:
        recorder = Recorder(action)
        options.setdefault("debounce", 0.05)
        watcher = Watcher(
            site,
            recorder,
            config_file=site / "ssg.toml",
            ignored_dirs=(site / "site", site / ".ssg-cache"),
            **options,
        )
        watcher.start()
        watchers.append(watcher)
        recorder.watcher = watcher

        def sentinel() -> list[ChangeSet]:
            """Make one change and wait for it; return the calls made before it."""
            path = site / "static" / f"sentinel-{next(counter)}.txt"
            path.write_text("x")
            calls = recorder.wait_calls(len(recorder.calls) + 1)
            while path not in calls[-1].paths:
                calls = recorder.wait_calls(len(calls) + 1)
            assert calls[-1] == ChangeSet(frozenset({path}), "static")
            return calls[:-1]

        recorder.sentinel = sentinel
        return recorder

    yield start
    for watcher in watchers:
        watcher.stop()


def post(site: Path) -> Path:
    return site / "content/posts/2024-01-01-x.md"


def test_plain_save(site, watch):
    changes = watch()
    post(site).write_text("---\ntitle: X\n---\nTwo\n")
    assert changes.wait_calls(1) == [ChangeSet(frozenset({post(site)}), "content")]
    assert changes.sentinel() == [ChangeSet(frozenset({post(site)}), "content")]


def test_reading_files_is_not_a_change(site, watch):
    changes = watch()
    for path in (post(site), site / "ssg.toml", site / "templates/base.html"):
        path.read_bytes()
    assert changes.sentinel() == []


@pytest.mark.parametrize(
    "temp_name",
    ["2024-01-01-x.md.tmp", "2024-01-01-x.md___jb_tmp___", ".goutputstream-Q3XZ1"],
)
def test_atomic_save_reports_the_target_only(site, watch, temp_name):
    changes = watch()
    temp = post(site).with_name(temp_name)
    temp.write_text("---\ntitle: X\n---\nAtomic\n")
    os.replace(temp, post(site))
    assert changes.wait_calls(1) == [ChangeSet(frozenset({post(site)}), "content")]


def test_jetbrains_safe_write(site, watch):
    """Write `x___jb_tmp___`, rename the original to `x___jb_old___`, rename the temp file
    over it, delete the old one."""
    changes = watch()
    target = post(site)
    temp, old = (target.with_name(target.name + s) for s in ("___jb_tmp___", "___jb_old___"))
    temp.write_text("new")
    os.rename(target, old)
    os.rename(temp, target)
    old.unlink()
    assert changes.wait_calls(1) == [ChangeSet(frozenset({target}), "content")]


def test_vim_save(site, watch):
    """Vim's default write: test the folder with `4913`, rename the file to its `~` backup,
    write a new file, delete the backup; its swap file changes meanwhile."""
    changes = watch()
    target = post(site)
    swap = target.with_name("." + target.name + ".swp")
    swap.write_bytes(b"b0VIM 9.0")
    probe = target.with_name("4913")
    probe.write_bytes(b"")
    probe.unlink()
    backup = target.with_name(target.name + "~")
    os.rename(target, backup)
    target.write_text("---\ntitle: X\n---\nVim\n")
    backup.unlink()
    swap.write_bytes(b"b0VIM 9.0 again")
    assert changes.wait_calls(1) == [ChangeSet(frozenset({target}), "content")]


def test_a_burst_of_saves_is_one_call(site, watch):
    changes = watch(debounce=0.2)  # wide enough that a loaded machine still writes in time
    for i in range(10):
        post(site).write_text(f"---\ntitle: X\n---\nSave {i}\n")
    assert changes.wait_calls(1) == [ChangeSet(frozenset({post(site)}), "content")]
    assert len(changes.sentinel()) == 1


def test_debounce_waits_for_the_last_event(site, watch):
    changes = watch(debounce=0.25)
    started = time.monotonic()
    for i in range(8):  # gaps well under the debounce, the whole burst longer than it
        if i:
            time.sleep(0.06)
        post(site).write_text(f"save {i}")
        last_write = time.monotonic()  # the watcher sees the event after this
    changes.wait_calls(1)
    assert time.monotonic() - last_write >= 0.25 - 0.01  # the event may beat `last_write`
    assert len(changes.calls) == 1, f"called mid-burst after {time.monotonic() - started:.2f}s"


@pytest.mark.parametrize("stylesheet", ["static/css/site.css", "content/posts/extra.css"])
def test_css_edit(site, watch, stylesheet):
    changes = watch()
    (site / stylesheet).write_text("body { color: red }\n")
    [change] = changes.wait_calls(1)
    assert change == ChangeSet(frozenset({site / stylesheet}), "css")
    assert change.css_only


def test_template_and_config_edits(site, watch):
    changes = watch()
    (site / "templates/base.html").write_text("<html>new</html>\n")
    assert changes.wait_calls(1)[0].kind == "template"
    (site / "ssg.toml").write_text('title = "Renamed"\n')
    assert changes.wait_calls(2)[1] == ChangeSet(frozenset({site / "ssg.toml"}), "config")


def test_deleting_a_post_counts(site, watch):
    changes = watch()
    post(site).unlink()
    assert changes.wait_calls(1) == [ChangeSet(frozenset({post(site)}), "content")]


def test_renaming_a_post_reports_both_ends(site, watch):
    changes = watch()
    renamed = post(site).with_name("2024-01-02-y.md")
    os.rename(post(site), renamed)
    assert changes.wait_calls(1) == [ChangeSet(frozenset({post(site), renamed}), "content")]


@pytest.mark.parametrize(
    "name", [".DS_Store", ".2024-01-01-x.md.swp", "2024-01-01-x.md~", "#2024-01-01-x.md#"]
)
def test_editor_files_alone_make_no_call(site, watch, name):
    changes = watch()
    (site / "content/posts" / name).write_bytes(b"junk")
    (site / "content/posts" / name).unlink()
    assert changes.sentinel() == []


def test_output_cache_and_git_make_no_call(site, watch):
    changes = watch()
    (site / "site/posts/x").mkdir(parents=True)
    (site / "site/posts/x/index.html").write_text("<p>built</p>")
    (site / "site/index.html").write_text("<p>built</p>")
    (site / ".ssg-cache/index.pickle").write_bytes(b"\x80")
    (site / ".git/index").write_bytes(b"DIRC")
    assert changes.sentinel() == []


@pytest.mark.filterwarnings("ignore:Callback with id:RuntimeWarning")  # pytest resets filters
def test_a_folder_created_later_is_watched(site, watch):
    changes = watch()
    (site / "includes/notes").mkdir(parents=True)
    note = site / "includes/notes/tip.html"
    note.write_text("<aside>tip</aside>")
    assert changes.wait_calls(1)[0] == ChangeSet(frozenset({note}), "content")
    note.write_text("<aside>second tip</aside>")  # a watch is in place inside it
    assert changes.wait_calls(2)[1] == ChangeSet(frozenset({note}), "content")


def test_extra_root_outside_the_site(site, watch, tmp_path):
    theme = tmp_path / "package/themes/default"
    (theme / "templates").mkdir(parents=True)
    (theme / "static/css").mkdir(parents=True)
    changes = watch(extra_roots=(theme,))
    (theme / "templates/post.html").write_text("{{ page.title }}")
    assert changes.wait_calls(1)[0] == ChangeSet(
        frozenset({theme / "templates/post.html"}), "template"
    )
    (theme / "static/css/theme.css").write_text("h1 { margin: 0 }")
    assert changes.wait_calls(2)[1] == ChangeSet(frozenset({theme / "static/css/theme.css"}), "css")


def test_config_outside_the_site(site, tmp_path):
    config = tmp_path / "elsewhere/blog.toml"
    config.parent.mkdir()
    config.write_text("")
    changes = Recorder()
    with Watcher(site, changes, config_file=config, debounce=0.05):
        (config.parent / "unrelated.txt").write_text("not watched")
        config.write_text('title = "x"\n')
        assert changes.wait_calls(1) == [ChangeSet(frozenset({config}), "config")]


def test_changes_during_a_call_go_to_the_next_call(site, watch):
    release = threading.Event()
    first_call = threading.Event()

    def slow(changes: ChangeSet) -> None:
        if not first_call.is_set():
            first_call.set()
            assert release.wait(TIMEOUT)

    changes = watch(slow)
    post(site).write_text("first")
    assert first_call.wait(TIMEOUT)
    css = site / "static/css/site.css"
    css.write_text("second")
    time.sleep(0.15)  # longer than the debounce: the next burst is due while the call runs
    release.set()
    calls = changes.wait_calls(2)
    assert calls == [
        ChangeSet(frozenset({post(site)}), "content"),
        ChangeSet(frozenset({css}), "css"),
    ]
    assert changes.overlaps == 0


def test_a_failing_callback_does_not_stop_the_watcher(site, watch):
    def fail_once(changes: ChangeSet) -> None:
        if post(site) in changes.paths:
            raise RuntimeError("build exploded")

    changes = watch(fail_once)
    post(site).write_text("boom")
    changes.wait_calls(1)
    assert changes.sentinel() == [ChangeSet(frozenset({post(site)}), "content")]


def test_stop_is_quick_clean_and_idempotent(site):
    before = set(threading.enumerate())
    changes = Recorder()
    watcher = Watcher(site, changes, config_file=site / "ssg.toml", debounce=0.05)
    watcher.start()
    assert len(set(threading.enumerate()) - before) >= 2  # observer and debounce threads
    post(site).write_text("pending")  # a burst still being collected when we stop
    started = time.monotonic()
    watcher.stop()
    assert time.monotonic() - started < 1.0
    assert set(threading.enumerate()) - before == set()
    watcher.stop()
    assert set(threading.enumerate()) - before == set()
    with pytest.raises(RuntimeError):
        watcher.start()


def test_a_failed_start_leaves_no_thread(tmp_path):
    before = set(threading.enumerate())
    watcher = Watcher(tmp_path / "missing", Recorder(), config_file=tmp_path / "ssg.toml")
    with pytest.raises(OSError):
        watcher.start()
    assert set(threading.enumerate()) - before == set()


def test_stop_from_inside_on_change(site):
    before = set(threading.enumerate())
    stopped = threading.Event()

    def stop_now(changes: ChangeSet) -> None:
        watcher.stop()
        stopped.set()

    watcher = Watcher(site, stop_now, config_file=site / "ssg.toml", debounce=0.05)
    watcher.start()
    post(site).write_text("stop")
    assert stopped.wait(TIMEOUT)
    deadline = time.monotonic() + 1.0
    while set(threading.enumerate()) - before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert set(threading.enumerate()) - before == set()
