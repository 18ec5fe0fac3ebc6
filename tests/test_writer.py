"""The write phase: the manifest is input (never trusted as paths), and a build killed at any
write step leaves an output folder that the next build makes byte-identical to a clean one."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import traceback
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ssg.build
from ssg import writer
from ssg.build import BuildOptions, build
from ssg.errors import SsgError
from ssg.project import load_config
from ssg.templates import SOURCE_THEMES
from ssg.writer import MANIFEST, PENDING


def post(n: int, body: str = "") -> str:
    day = (date(2021, 1, 1) + timedelta(days=n - 1)).isoformat()
    tags = "odd" if n % 2 else "even"
    return (
        f"---\ntitle: Post {n}\ndate: {day} 10:00:00 +0900\ntags: [{tags}]\n---\nPost {n}. {body}\n"
    )


def post_path(root: Path, n: int) -> Path:
    day = (date(2021, 1, 1) + timedelta(days=n - 1)).isoformat()
    return root / f"content/posts/{day}-post-{n}.md"


def make_blog(root: Path, count: int = 3) -> Path:
    """A few posts, a static file, and the default theme without its 4 MB of vendored
    scripts (copied into every build: the crash tests copy the site dozens of times)."""
    (root / "content/posts").mkdir(parents=True)
    shutil.copytree(
        SOURCE_THEMES / "default", root / "themes/default", ignore=lambda *_: {"vendor"}
    )
    (root / "static").mkdir()
    (root / "static/extra.txt").write_text("extra v1\n")
    (root / "ssg.toml").write_text('url = "https://example.org/"\n')
    for n in range(1, count + 1):
        post_path(root, n).write_text(post(n))
    return root


def run(root: Path, **options):
    result = build(load_config(root), BuildOptions(**options))
    assert result.ok, result.report.items
    return result


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every file's bytes and every folder (an empty one left behind is a difference too)."""
    return {
        p.relative_to(folder).as_posix(): ("<dir>" if p.is_dir() else p.read_bytes())
        for p in folder.rglob("*")
    }


# --- the manifest is input --------------------------------------------------------------


@pytest.mark.parametrize(
    "entry",
    ["../keep.txt", "ABSOLUTE", "tags/../../keep.txt", "./../keep.txt", "x\0/../../keep.txt"],
)
def test_a_manifest_path_leading_outside_the_output_is_never_deleted(tmp_path, entry):
    root = make_blog(tmp_path / "blog")
    run(root)
    keep = root / "keep.txt"  # beside site/, outside it
    keep.write_text("mine")
    entry = str(keep) if entry == "ABSOLUTE" else entry
    manifest = json.loads((root / "site" / MANIFEST).read_text())
    manifest["outputs"][entry] = "0" * 24
    (root / "site" / MANIFEST).write_text(json.dumps(manifest))
    run(root)
    assert keep.read_text() == "mine"


def test_a_manifest_path_through_a_linked_folder_is_never_deleted(tmp_path):
    root = make_blog(tmp_path / "blog")
    run(root)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine")
    (root / "site/linked").symlink_to(elsewhere)
    manifest = json.loads((root / "site" / MANIFEST).read_text())
    manifest["outputs"]["linked/keep.txt"] = "0" * 24
    (root / "site" / MANIFEST).write_text(json.dumps(manifest))
    run(root)
    assert (elsewhere / "keep.txt").read_text() == "mine"


def test_entries_of_the_wrong_kind_are_ignored_and_their_pages_rendered_again(tmp_path):
    root = make_blog(tmp_path / "blog")
    run(root)
    manifest = json.loads((root / "site" / MANIFEST).read_text())
    manifest["outputs"]["index.html"] = 7  # not a digest
    (root / "site" / MANIFEST).write_text(json.dumps(manifest))
    assert "index.html" not in writer.load_manifest(root / "site")
    result = run(root)
    assert result.stats.rendered == 1


@pytest.mark.parametrize(
    "text", ["", "{not json", "[]", '{"outputs": []}', '"outputs"', '{"sources": {}}', "\xff"]
)
def test_a_manifest_that_is_not_one_is_refused_like_a_missing_one(tmp_path, ssg, text):
    root = make_blog(tmp_path / "blog")
    run(root)
    (root / "site/CNAME").write_text("mine")  # a file ssg cannot tell from its own now
    (root / "site" / MANIFEST).write_text(text, encoding="utf-8", errors="surrogateescape")
    with pytest.raises(SsgError, match="not a manifest ssg wrote"):
        build(load_config(root), BuildOptions())
    done = ssg(root, "build")
    assert done.status == 1
    assert "Traceback" not in done.err
    assert f"{MANIFEST}: error: not a manifest ssg wrote" in done.err
    assert (root / "site/CNAME").read_text() == "mine"


def test_a_write_never_follows_a_link_out_of_the_output(tmp_path):
    root = make_blog(tmp_path / "blog")
    run(root)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(root / "site/2021", elsewhere)
    (root / "site/2021").symlink_to(elsewhere)
    before = tree(elsewhere)
    post_path(root, 2).write_text(post(2, "edited"))
    with pytest.raises(SsgError, match="2021 is a link that leads outside the output folder"):
        build(load_config(root), BuildOptions())
    assert tree(elsewhere) == before


def test_a_static_file_is_never_copied_into_a_link(tmp_path):
    root = make_blog(tmp_path / "blog")
    run(root)
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (root / "site/extra.txt").unlink()
    (root / "site/extra.txt").symlink_to(secret)
    run(root)
    assert secret.read_text() == "secret"
    assert not (root / "site/extra.txt").is_symlink()
    assert (root / "site/extra.txt").read_text() == "extra v1\n"


def test_a_link_where_a_page_was_is_written_again(tmp_path):
    root = make_blog(tmp_path / "blog")
    run(root)
    page = root / "site/2021/01/01/post-1/index.html"
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    page.unlink()
    page.symlink_to(secret)
    result = run(root)
    assert result.stats.rendered == 1
    assert not page.is_symlink() and "Post 1." in page.read_text()
    assert secret.read_text() == "secret"


def test_a_no_change_build_writes_nothing(tmp_path):
    root = make_blog(tmp_path / "blog")
    run(root)
    manifest = root / "site" / MANIFEST
    stamp = manifest.stat().st_mtime_ns
    result = run(root)
    assert (result.stats.rendered, result.stats.copied, result.stats.removed) == (0, 0, 0)
    assert manifest.stat().st_mtime_ns == stamp


def test_a_leftover_manifest_temp_file_is_removed(tmp_path):
    root = make_blog(tmp_path / "blog")
    clean = tree(run(root).output)
    (root / "site" / (MANIFEST + ".tmp")).write_text("{")
    post_path(root, 2).write_text(post(2, "edited"))
    run(root)
    post_path(root, 2).write_text(post(2))
    run(root)
    assert tree(root / "site") == clean


def test_a_staging_folder_of_the_wrong_kind_is_replaced(tmp_path):
    root = make_blog(tmp_path / "blog")
    clean = tree(run(root).output)
    shutil.rmtree(root / "site")
    staging = root / ".ssg-cache/staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.write_text("not a folder")
    run(root)
    assert tree(root / "site") == clean
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine")
    shutil.rmtree(staging, ignore_errors=True)
    staging.symlink_to(elsewhere)  # cleared as a link, never followed
    shutil.rmtree(root / "site")
    run(root)
    assert tree(root / "site") == clean
    assert (elsewhere / "keep.txt").read_text() == "mine"


# --- a build killed at any write step -----------------------------------------------------


def crash_at(step: int, action, places: tuple[Path, ...], whole_build: bool = False) -> int:
    """Run `action` in a forked child that dies at its `step`-th file-system write to a path
    under `places` (`places[i]` or `places[i]/...`, also `places[i].tmp`-like names), or to an
    open file, during `writer.commit` (or all along): `os._exit(9)`, no clean-up, as with
    SIGKILL; a write or a copy is cut in half first. The child's exit status: 0 when it made
    fewer writes."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns to pytest
        try:
            _arm(step, tuple(str(place) for place in places), whole_build)
            action()
        except BaseException:  # noqa: BLE001
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _arm(step: int, places: tuple[str, ...], whole_build: bool) -> None:
    count = [0]
    active = [whole_build]

    def there(arg) -> bool:
        if not isinstance(arg, str | os.PathLike):
            return False
        path = os.fspath(arg)
        return any(path == p or path.startswith((p + os.sep, p + ".")) for p in places)

    def counted(real, tear=None, on_files=False, no_op=lambda *args: False):
        def wrapper(*args, **kwargs):
            if active[0] and (on_files or any(there(arg) for arg in args[:2])) and not no_op(*args):
                count[0] += 1
                if count[0] == step:
                    if tear is not None:
                        tear(*args)
                    os._exit(9)
            return real(*args, **kwargs)

        return wrapper

    real_write = os.write

    def tear_write(fd, data):
        real_write(fd, bytes(data)[: len(data) // 2])

    def tear_copy(source, target, **kwargs):
        data = Path(source).read_bytes()
        Path(target).write_bytes(data[: len(data) // 2])

    for attr in ("replace", "rename", "unlink", "rmdir"):
        setattr(os, attr, counted(getattr(os, attr)))
    os.mkdir = counted(os.mkdir, no_op=lambda path, *_: os.path.isdir(path))  # exist_ok
    os.fsync = counted(os.fsync, on_files=True)  # of the manifest (commit writes no other)
    os.write = counted(real_write, tear_write, on_files=True)
    shutil.copy2 = counted(shutil.copy2, tear_copy)
    inner = writer.commit

    def scoped(*args, **kwargs):
        active[0] = True
        try:
            return inner(*args, **kwargs)
        finally:
            active[0] = whole_build

    ssg.build.commit = scoped


def restore(root: Path, content: Path, static: Path) -> None:
    for folder, saved in ((root / "content", content), (root / "static", static)):
        shutil.rmtree(folder)
        shutil.copytree(saved, folder)


@pytest.fixture
def fast_tmp(tmp_path):
    """A folder in memory where there is one (the crash tests copy a site dozens of times;
    on a disk each file costs milliseconds), else `tmp_path`."""
    if not os.access("/dev/shm", os.W_OK):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="ssg-test-", dir="/dev/shm"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def edited_blog(fast_tmp):
    """A built blog (state A) edited into state B: a post changed, one deleted, one added,
    a static file changed; clean builds of A and B to compare with."""
    tmp_path = fast_tmp
    root = make_blog(tmp_path / "blog", count=3)
    run(root)
    saved = tmp_path / "saved"
    shutil.copytree(root / "content", saved / "a-content")
    shutil.copytree(root / "static", saved / "a-static")
    post_path(root, 2).write_text(post(2, "edited, and a longer body than before"))
    post_path(root, 3).unlink()
    post_path(root, 4).write_text(post(4))
    (root / "static/extra.txt").write_text("extra v2, longer\n")
    shutil.copytree(root / "content", saved / "b-content")
    shutil.copytree(root / "static", saved / "b-static")
    shutil.copytree(root, saved / "built")
    clean_b = run(root, output=tmp_path / "clean-b", use_cache=False).output
    restore(root, saved / "a-content", saved / "a-static")
    clean_a = run(root, output=tmp_path / "clean-a", use_cache=False).output
    return root, saved, tree(clean_a), tree(clean_b)


def test_a_build_killed_at_any_write_step_is_repaired_by_the_next(edited_blog):
    root, saved, clean_a, clean_b = edited_blog
    crashed = root.parent / "crashed"
    steps = 0
    while True:
        shutil.rmtree(root)
        shutil.copytree(saved / "built", root)  # site/ and the cache of A, input of B
        status = crash_at(
            steps + 1, lambda: build(load_config(root), BuildOptions()), (root / "site",)
        )
        if status == 0:
            break
        assert status == 9, f"step {steps + 1}: the build failed"
        steps += 1
        shutil.rmtree(crashed, ignore_errors=True)
        shutil.copytree(root, crashed)
        run(root)  # the same input again
        assert tree(root / "site") == clean_b, f"killed at write step {steps}, then B"
        shutil.rmtree(root)
        shutil.copytree(crashed, root)
        restore(root, saved / "a-content", saved / "a-static")  # the edit undone: A again
        run(root)
        assert tree(root / "site") == clean_a, f"killed at write step {steps}, then A"
    assert steps >= 20  # every move, copy, delete and manifest write was a crash point


def test_a_first_build_killed_at_any_write_step_is_repaired_by_the_next(edited_blog):
    root, saved, _, clean_b = edited_blog
    places = (root / "site", root / ".ssg-cache/staging")  # the manifest is written there
    steps = 0
    while True:
        shutil.rmtree(root)
        shutil.copytree(saved / "built", root)
        shutil.rmtree(root / "site")
        status = crash_at(steps + 1, lambda: build(load_config(root), BuildOptions()), places)
        if status == 0:
            break
        assert status == 9, f"step {steps + 1}: the build failed"
        steps += 1
        run(root)
        assert tree(root / "site") == clean_b, f"killed at write step {steps}"
    assert steps >= 4


def test_the_manifest_marks_what_a_killed_build_was_changing(edited_blog):
    root, saved, _, _ = edited_blog
    shutil.rmtree(root)
    shutil.copytree(saved / "built", root)
    old = writer.load_manifest(root / "site")
    # the pending manifest is written by the first steps (write, fsync, rename): die after it
    moves = 0
    for step in range(1, 20):
        shutil.rmtree(root)
        shutil.copytree(saved / "built", root)
        crash_at(step, lambda: build(load_config(root), BuildOptions()), (root / "site",))
        pending = writer.load_manifest(root / "site")
        if pending != old:
            moves = step
            break
    assert moves, "no pending manifest was written before the first file moved"
    assert pending["2021/01/02/post-2/index.html"] == PENDING  # edited
    assert pending["2021/01/03/post-3/index.html"] == PENDING  # deleted
    assert pending["2021/01/04/post-4/index.html"] == PENDING  # new
    assert pending["extra.txt"] == PENDING  # changed static file
    assert pending["css/style.css"] == old["css/style.css"] == "static"  # unchanged


def test_a_rebuild_stages_its_files_flat_and_writes_them_where_they_belong(tmp_path):
    """A rebuild stages each page as one file in one folder (no staging folder per post);
    the first build stages the tree that becomes the output folder."""
    from ssg.writer import Stage, WriteStats, commit

    output = tmp_path / "site"
    first = Stage(tmp_path / "stage", flat=False)
    first.make_folders(["a/b/index.html"])
    first.add("a/b/index.html", "하나")
    commit(first, output, {"a/b/index.html": "d1"}, {}, [], WriteStats())
    assert (output / "a/b/index.html").read_text() == "하나"
    again = Stage(tmp_path / "stage", flat=True)
    rels = ["a/b/index.html", "태그/도커/index.html", "feed.xml"]
    again.make_folders(rels)
    for rel in rels:
        again.add(rel, f"<{rel}>")
    staged = sorted(p.name for p in (tmp_path / "stage").iterdir())
    assert len(staged) == 3 and all(len(name) == 40 for name in staged)  # one folder, flat
    commit(again, output, dict.fromkeys(rels, "d2"), {}, [], WriteStats())
    for rel in rels:
        assert (output / rel).read_text() == f"<{rel}>"
    assert not (tmp_path / "stage").exists()


def test_a_staged_file_is_text_written_as_utf8_or_bytes_written_as_they_are(tmp_path):
    from ssg.writer import Stage, WriteStats, commit

    stage = Stage(tmp_path / "stage")
    stage.make_folders(["cards/a.png", "a/index.html"])
    stage.add("cards/a.png", b"\x89PNG\r\n\x1a\n\xff\x00")
    stage.add("a/index.html", "한글")
    manifest = {"cards/a.png": "1", "a/index.html": "2"}
    commit(stage, tmp_path / "site", manifest, {}, [], WriteStats())
    assert (tmp_path / "site/cards/a.png").read_bytes() == b"\x89PNG\r\n\x1a\n\xff\x00"
    assert (tmp_path / "site/a/index.html").read_bytes() == "한글".encode()


@given(st.text(alphabet="ab.-_/%\\\0 가:~", max_size=12))
def test_a_manifest_path_is_safe_by_its_parts_whatever_way_is_taken(rel):
    """The plain-path shortcut says what the part-by-part check says."""
    parts = rel.replace(os.sep, "/").split("/")
    by_parts = (
        bool(rel)
        and "\0" not in rel
        and not os.path.isabs(rel)
        and all(p not in ("", ".", "..") for p in parts)
        and rel not in (writer.MANIFEST, writer.MANIFEST + ".tmp")
    )
    assert writer._safe(rel) == by_parts


@pytest.mark.parametrize("count", [3, 31, 32, 200])
def test_written_says_what_an_lstat_of_each_path_says(tmp_path, count):
    from ssg.writer import is_written, written

    out = tmp_path / "site"
    (out / "search/d").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    rels = []
    for n in range(count):
        rel = f"search/d/{n}.json"
        rels.append(rel)
        target = out / rel
        if n % 5 == 0:
            continue  # listed in the manifest, deleted since
        if n % 5 == 1:
            target.symlink_to(tmp_path / "elsewhere/x.json")  # a link is not ssg's file
        elif n % 5 == 2:
            target.mkdir()  # a folder where the file was
        else:
            target.write_text("{}")
    rels += ["index.html", "gone/index.html"]
    (out / "index.html").write_text("x")
    expected = {rel for rel in rels if is_written(out / rel)}
    assert written(str(out), rels) == expected
    assert len(expected) == 1 + sum(1 for n in range(count) if n % 5 in (3, 4))
