"""The watcher behind `ssg serve`: which changes count, how they are classified, and a real
watcher on a temp site (debounce, editors' atomic saves, ignored files, clean shutdown).

Tests that expect *no* call end with a "sentinel" change that must arrive alone: an ignored
change that leaked would show up before it or in the same burst, so no fixed sleep is needed.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from ssg.serve.watch import ChangeSet, Watcher, classify, is_ignored

SITE = Path("/blog")
CONFIG = SITE / "ssg.toml"
THEME = Path("/venv/lib/python3.11/site-packages/ssg/themes/default")  # an extra root


# --- classify ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        # 1. config beats everything
        (["ssg.toml"], "config"),
        (["ssg.toml", "templates/base.html", "content/posts/a.md"], "config"),
        # 2. templates: the site's, a theme's in the site, a whole theme removed
        (["templates/base.html"], "template"),
        (["templates/partials/toc.html", "content/a.md"], "template"),
        (["themes/mine/templates/post.html"], "template"),
        (["themes/mine/templates/post.html", "static/css/site.css"], "template"),
        # 3. content: Markdown under content/, anything under includes/
        (["content/posts/2024-01-01-hello.md"], "content"),
        (["content/about.markdown"], "content"),
        (
            ["content/posts/2024-01-01-hello/index.md", "content/posts/2024-01-01-hello/a.png"],
            "content",
        ),
        (["includes/note.html"], "content"),
        (["content/a.md", "static/css/site.css"], "content"),
        # 4. css: only stylesheets, wherever they live
        (["static/css/site.css"], "css"),
        (["content/posts/2024-01-01-hello/extra.css"], "css"),
        (["themes/mine/static/css/theme.css"], "css"),
        (["static/css/a.CSS", "content/b.css"], "css"),
        # 5. static: everything else
        (["static/js/app.js"], "static"),
        (["content/images/photo.png"], "static"),
        (["content/notes.html"], "static"),  # not Markdown: copied as is
        (["static/readme.md"], "static"),  # Markdown outside content/ is not a page
        (["themes/mine/static/css/theme.css", "themes/mine/static/img/logo.svg"], "static"),
        (["themes/mine/README.txt"], "static"),
        (["README.md"], "static"),
    ],
)
def test_classify(paths, expected):
    assert classify([SITE / p for p in paths], site_root=SITE, config_file=CONFIG) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (THEME / "templates/base.html", "template"),
        (THEME / "templates/partials/head_meta.html", "template"),
        (THEME / "static/css/theme.css", "css"),
        (THEME / "static/js/theme.js", "static"),
    ],
)
def test_classify_extra_root(path, expected):
    kind = classify([path], site_root=SITE, config_file=CONFIG, extra_roots=(THEME,))
    assert kind == expected
    # without being told the root, a path outside the site is judged by its folders
    assert classify([path], site_root=SITE, config_file=CONFIG) == expected


def test_classify_folders_moved_or_deleted_whole():
    def kind(path: str, **kw) -> str:
        return classify([SITE / path], site_root=SITE, config_file=CONFIG, **kw)

    # a post bundle moved to the trash: only its folder is reported
    bundle = "content/posts/2024-01-01-v1.2-release"
    assert kind(bundle, dirs=[SITE / bundle]) == "content"
    assert kind(bundle) == "static"  # as a file name it would be a static asset
    assert kind("themes/mine", dirs=[SITE / "themes/mine"]) == "template"
    assert kind("themes/mine") == "static"


def test_classify_folder_names_from_the_config():
    kw = dict(site_root=SITE, config_file=CONFIG, content_dir="src", includes_dir="_includes")
    assert classify([SITE / "src/a.md"], **kw) == "content"
    assert classify([SITE / "_includes/x.html"], **kw) == "content"
    assert classify([SITE / "content/a.md"], **kw) == "static"


def test_classify_config_kept_elsewhere():
    config = Path("/etc/blog.toml")
    assert classify([config], site_root=SITE, config_file=config) == "config"
    assert classify([CONFIG], site_root=SITE, config_file=config) == "static"


@pytest.mark.parametrize(
    ("paths", "css_only"),
    [
        (["static/css/site.css"], True),
        (["static/css/site.css", "content/x/style.CSS"], True),
        (["static/css/site.css", "static/css/site.css.map"], False),
        (["content/a.md"], False),
        ([], False),
    ],
)
def test_css_only(paths, css_only):
    assert ChangeSet(frozenset(SITE / p for p in paths), "css").css_only is css_only


# --- is_ignored -------------------------------------------------------------------------

IGNORED_DIRS = (SITE / "site", SITE / ".ssg-cache")


@pytest.mark.parametrize(
    "path",
    [
        "site/index.html",  # the output
        "site",
        "site/posts/hello/index.html",
        ".ssg-cache/index.pickle",
        ".git/index",
        ".git/objects/ab/cdef",
        "content/.hidden/a.md",
        "node_modules/x/index.js",
        "static/__pycache__/x.pyc",
        "content/.DS_Store",
        "content/posts/.x.md.swp",
        "content/posts/x.md.swp",
        "content/posts/.x.md.swx",
        "content/posts/.x.md.swo",
        "content/posts/4913",
        "content/posts/x.md~",
        "content/posts/#x.md#",
        "content/posts/.#x.md",
        "content/posts/x.md.tmp",
        "content/posts/x.md.TMP",
        "content/posts/x.md.bak",
        "content/posts/.x.md.kate-swp",
        "content/posts/x.md.kate-swp",
        "content/posts/x.md___jb_tmp___",
        "content/posts/x.md___jb_old___",
        "static/css/site.css.crswap",
        "content/posts/.goutputstream-ABC123",
        "static/img/big.png.part",
        "content/.env",
    ],
)
def test_ignored(path):
    assert is_ignored(SITE / path, site_root=SITE, ignored_dirs=IGNORED_DIRS)


@pytest.mark.parametrize(
    "path",
    [
        "ssg.toml",
        "content/posts/2024-01-01-hello.md",
        "content/posts/2024/01/a.md",
        "content/posts/4913.md",
        "content/sitemap-notes.txt",
        "templates/base.html",
        "themes/default/static/css/theme.css",
        "static/css/site.css",
        "sitemap.md",  # shares a prefix with the output folder `site`
        "site-notes/a.md",
        "includes/note.html",
        "content/posts/x.md.swap",  # not a swap pattern
    ],
)
def test_not_ignored(path):
    assert not is_ignored(SITE / path, site_root=SITE, ignored_dirs=IGNORED_DIRS)


def test_hidden_folders_above_the_root_do_not_count():
    root = Path("/home/me/.venv/lib/python3.11/site-packages/ssg/themes/default")
    assert not is_ignored(root / "templates/base.html", site_root=root, ignored_dirs=())
    assert is_ignored(root / ".git/HEAD", site_root=root, ignored_dirs=())
    assert is_ignored(root / "templates/.base.html.swp", site_root=root, ignored_dirs=())


# --- a real watcher ---------------------------------------------------------------------

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
