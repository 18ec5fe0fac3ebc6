"""The cache is input like any other: a damaged, foreign or moved `.ssg-cache/` gives the site
a clean build gives (the damaged pieces converted again, said with -v), never a traceback."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import random
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from test_writer import crash_at, make_blog, post, post_path, run, tree

from ssg.build import BuildOptions, build
from ssg.cache import CACHE_DIR, BuildCache
from ssg.cache_index import MAGIC
from ssg.project import load_config

from conftest import make_page, png_bytes

BUNDLE = "content/posts/2021-01-09-bundle"


def make_cached_blog(root: Path, edits: int = 2) -> Path:
    """Three posts and a bundle (a folder post with an image beside it). Built once with a big
    post 2; then (`edits` > 0) post 2 made small, which leaves the pack mostly garbage, so it
    is compacted; then (`edits` > 1) post 1 edited, a second pack."""
    make_blog(root, count=3)
    (root / BUNDLE).mkdir()
    (root / BUNDLE / "index.md").write_text(
        "---\ntitle: Bundle\ndate: 2021-01-09 10:00:00 +0900\n---\n![d](diagram.png)\n"
    )
    (root / BUNDLE / "diagram.png").write_bytes(png_bytes(4, 3))
    post_path(root, 2).write_text(post(2, "long " * 4000))
    run(root)
    if edits > 0:
        post_path(root, 2).write_text(post(2, "edited"))
        run(root)
    if edits > 1:
        post_path(root, 1).write_text(post(1, "edited"))
        run(root)
        assert len(packs(root)) == 2
    return root


@pytest.fixture(scope="module")
def snapshot():
    """A cached blog built once, restored at the same path for each test (so the original
    code would use its cache too), and the tree a clean build of it writes."""
    base = Path(
        tempfile.mkdtemp(
            prefix="ssg-test-", dir="/dev/shm" if os.access("/dev/shm", os.W_OK) else None
        )
    )
    root = make_cached_blog(base / "blog")
    shutil.copytree(root, base / "snapshot")
    clean = tree(run(root, output=base / "clean", use_cache=False).output)
    yield root, base / "snapshot", clean
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def blog(snapshot):
    root, saved, clean = snapshot
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(saved, root)
    return root, clean


def packs(root: Path) -> list[Path]:
    """Largest first: posts 2, 3 and the bundle, then post 1's (in the snapshot)."""
    found = (root / CACHE_DIR / "bodies").glob("*.pack")
    return sorted(found, key=lambda p: (-p.lstat().st_size, p.name))


def garbage(path: Path, size: int | None = None) -> None:
    size = path.stat().st_size if size is None else size
    path.write_bytes(random.Random(path.name).randbytes(size))


def make_file(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    path.write_text("not a folder")


def make_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "x").write_text("x")


def flip_bytes(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(len(MAGIC) + 40, len(data), max(1, len(data) // 10)):
        data[i] ^= 0x55
    path.write_bytes(bytes(data))


INDEX = f"{CACHE_DIR}/index.pickle"
DAMAGE = {  # name: (what it does to the site folder, whether -v should say something)
    "index: garbage of the same size": (lambda r: garbage(r / INDEX), True),
    "index: cut in half": (lambda r: garbage(r / INDEX, (r / INDEX).stat().st_size // 2), True),
    "index: emptied": (lambda r: (r / INDEX).write_bytes(b""), True),
    "index: bytes flipped": (lambda r: flip_bytes(r / INDEX), True),
    "index: from an older ssg": (lambda r: (r / INDEX).write_bytes(pickle.dumps({})), True),
    "index: a folder": (lambda r: make_folder(r / INDEX), True),
    "every pack: garbage of the same size": (lambda r: [garbage(p) for p in packs(r)], True),
    "every pack: cut in half": (
        lambda r: [os.truncate(p, p.stat().st_size // 2) for p in packs(r)],
        True,
    ),
    "every pack: emptied": (lambda r: [os.truncate(p, 0) for p in packs(r)], True),
    "the big pack: garbage of the same size": (lambda r: garbage(packs(r)[0]), True),
    "the small pack: garbage of the same size": (lambda r: garbage(packs(r)[-1]), True),
    "the big pack: a folder": (lambda r: make_folder(packs(r)[0]), True),
    "bodies/: a file": (lambda r: make_file(r / CACHE_DIR / "bodies"), True),
    "jinja/: a file": (lambda r: make_file(r / CACHE_DIR / "jinja"), True),
    "jinja/: garbage bytecode": (
        lambda r: [garbage(p) for p in (r / CACHE_DIR / "jinja").iterdir()],
        False,
    ),
    "staging/: a file": (lambda r: make_file(r / CACHE_DIR / "staging"), False),
    ".ssg-cache: a file": (lambda r: make_file(r / CACHE_DIR), True),
    ".ssg-cache: a broken link": (
        lambda r: (shutil.rmtree(r / CACHE_DIR), (r / CACHE_DIR).symlink_to(r / "gone")),
        True,
    ),
    "every cache file: garbage of the same size": (
        lambda r: [garbage(p) for p in (r / CACHE_DIR).rglob("*") if p.is_file()],
        True,
    ),
}


def _link_pack(root: Path) -> None:
    """The small pack replaced by a link to a copy of the big one (not its bodies)."""
    first, last = packs(root)[0], packs(root)[-1]
    shutil.copy(first, root / "other")
    last.unlink(missing_ok=True)
    last.symlink_to(root / "other")


DAMAGE["the small pack: a link to another file"] = (_link_pack, True)


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_cache_gives_the_clean_site_and_no_traceback(blog, ssg, damage):
    root, clean = blog
    do, noted = DAMAGE[damage]
    do(root)
    shutil.rmtree(root / "site")  # every page is rendered: every body is read
    done = ssg(root, "build", "-v")
    assert done.status == 0, done.err
    assert "Traceback" not in done.err
    assert tree(root / "site") == clean
    if noted:
        assert "cache: " in done.err
    again = run(root)  # and the cache is whole again
    assert (again.converted, again.stats.rendered, again.notes) == (0, 0, [])


@pytest.mark.parametrize("which", [0, 1])
def test_a_damaged_body_found_while_rendering_an_edit_gives_the_right_pages(blog, which):
    root, clean = blog
    garbage(packs(root)[which])
    post_path(root, 3).write_text(post(3, "edited"))  # the feed shows every post's body
    first = run(root)
    assert "failed their check" in " ".join(first.notes)
    post_path(root, 3).write_text(post(3))  # as in the snapshot
    run(root)
    assert tree(root / "site") == clean


def test_a_damaged_body_is_found_by_forked_render_workers_too(blog):
    root, clean = blog
    garbage(packs(root)[0])
    shutil.rmtree(root / "site")
    result = build(load_config(root), BuildOptions(jobs=2))
    assert result.ok
    assert tree(root / "site") == clean


def test_a_pickle_that_calls_anything_is_never_run(blog, tmp_path):
    root, clean = blog
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    payload = pickle.dumps({"files": {}, "entries": {"k": Evil()}})
    for blob in (payload, MAGIC + hashlib.sha256(payload).digest() + payload):
        (root / INDEX).write_bytes(blob)
        shutil.rmtree(root / "site", ignore_errors=True)
        result = run(root)
        assert not marker.exists()
        assert result.converted == 4 and tree(root / "site") == clean


def test_getattr_in_an_index_reaches_nothing_but_a_time_zone(blog, tmp_path):
    root, _ = blog
    marker = tmp_path / "ran"

    class Reach:  # getattr(Page.__init__, "__globals__") and on towards os.system
        def __reduce__(self):
            from ssg.page import Page

            return (getattr, (Page.__init__, "__globals__"))

    payload = pickle.dumps({"files": {}, "entries": {"k": Reach()}, "x": f"touch {marker}"})
    (root / INDEX).write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)
    result = run(root)
    assert result.converted == 4 and not marker.exists()


def test_front_matter_of_every_yaml_type_round_trips_through_the_cache(tmp_path):
    root = make_blog(tmp_path / "blog", count=1)
    post_path(root, 2).write_text(
        "---\ntitle: Types\ndate: 2021-01-02 10:00:00 +0900\n"
        "bin: !!binary aGVsbG8=\naset: !!set {a, b}\nwhen: !!timestamp 2021-01-01T10:00:00+09:00\n"
        "day: !!timestamp 2021-01-01\nom: !!omap [a: 1, b: 2]\npairs: !!pairs [a: 1, a: 2]\n"
        "f: 1.5\ninf: .inf\nnested: {a: [1, {b: null}], c: true}\nbig: 1234567890123456789012\n"
        "---\nBody.\n"
    )
    run(root)
    again = run(root)
    assert (again.converted, again.notes) == (0, [])


# --- a moved site keeps its cache ---------------------------------------------------------


@pytest.mark.parametrize("how", ["copied", "moved"])
def test_a_copied_or_moved_site_keeps_its_cache(tmp_path, how):
    root = make_cached_blog(tmp_path / "here" / "blog")
    built = tree(root / "site")
    there = tmp_path / "there" / "blog"
    if how == "copied":
        shutil.copytree(root, there, symlinks=True)
        shutil.rmtree(tmp_path / "here")  # nothing may be read from the old place
    else:
        there.parent.mkdir()
        shutil.move(root, there)
    result = run(there)
    assert (result.converted, result.stats.rendered, result.notes) == (0, 0, [])
    assert tree(there / "site") == built
    shutil.rmtree(there / "site")
    (there / BUNDLE / "diagram.png").write_bytes(png_bytes(5, 4))  # the asset comes from here
    result = run(there)
    assert result.converted == 1  # the bundle's folder changed: that page only
    assert (there / "site/2021/01/09/bundle/diagram.png").read_bytes() == png_bytes(5, 4)


def test_a_restored_ci_cache_in_a_fresh_checkout_converts_only_the_edited_post(tmp_path):
    """CI: a new clone (every file with a new mtime, no `site/`) and `.ssg-cache/` restored
    from the last run. Unchanged posts come from the cache by their bytes; the output is the
    bytes of a build from nothing."""
    root = make_cached_blog(tmp_path / "last-run" / "blog", edits=0)
    (root / "includes").mkdir()
    (root / "includes/note.html").write_text("<p>메모</p>\n")
    post_path(root, 3).write_text(post(3, "{% include note.html %}"))
    run(root)
    clone = tmp_path / "clone" / "blog"
    shutil.copytree(root, clone, ignore=shutil.ignore_patterns("site", ".ssg-cache"))
    later = time.time() + 3600
    for path in [clone, *clone.rglob("*")]:
        os.utime(path, (later, later))  # a checkout writes every file anew
    shutil.copytree(root / ".ssg-cache", clone / ".ssg-cache")  # actions/cache restores it
    post_path(clone, 1).write_text(post(1, "pushed"))
    result = run(clone)
    assert result.converted == 1
    cold = tmp_path / "cold" / "blog"
    shutil.copytree(clone, cold, ignore=shutil.ignore_patterns("site", ".ssg-cache"))
    run(cold)
    assert tree(clone / "site") == tree(cold / "site")


def test_a_cached_asset_outside_the_site_is_converted_again(tmp_path):
    root = make_cached_blog(tmp_path / "blog")
    cache = BuildCache(root)
    [key] = [k for k, e in cache.entries.items() if e.page.assets]
    page = cache.entries[key].page
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    entry = cache.entries[key]
    bad = dataclasses.replace(page, assets=((str(outside), page.assets[0][1]),))
    cache.commit(cache.files, {**cache.entries, key: dataclasses.replace(entry, page=bad)})
    cache.close()
    assert key not in BuildCache(root).entries


# --- the cache across builds (a dev server) -----------------------------------------------


def test_a_dev_server_cache_survives_every_source_being_removed(tmp_path):
    root = make_blog(tmp_path / "blog", count=3)
    cache = BuildCache(root, autosave=False)
    options = BuildOptions(output=cache.dir / "serve", drafts=True)
    assert build(load_config(root), options, cache=cache).ok
    for path in (root / "content/posts").glob("*.md"):
        path.unlink()
    assert build(load_config(root), options, cache=cache).ok  # was: TypeError in _compact
    post_path(root, 1).write_text(post(1, "back"))
    result = build(load_config(root), options, cache=cache)
    assert result.ok and result.converted == 1
    assert "back" in (cache.dir / "serve/2021/01/01/post-1/index.html").read_text()
    cache.close()
    assert BuildCache(root).entries  # saved on close


def test_compaction_keeps_the_packs_the_running_build_still_reads(tmp_path):
    cache = BuildCache(tmp_path)
    first = {}
    for n in range(4):
        light, entry = cache.put(f"k{n}", make_page(f"/{n}/", body="old " * 2000), [], ())
        first[f"k{n}"] = entry
    cache.commit({}, first)
    pages, second = [], {}
    for n in range(4):
        light, entry = cache.put(f"k{n}", make_page(f"/{n}/", body=f"new {n}"), [], ())
        pages.append(light)
        second[f"k{n}"] = entry
    old_pack = pages[0].body.path
    cache.commit({}, second)  # most bytes are garbage: compacted into a new pack
    assert all(e.page.body.path != old_pack for e in cache.entries.values())
    assert [p.html for p in pages] == [f"new {n}" for n in range(4)]  # still readable
    cache.close()
    assert not os.path.exists(old_pack)
    assert [e.page.html for e in BuildCache(tmp_path).entries.values()] == [
        f"new {n}" for n in range(4)
    ]


def test_a_killed_build_leaves_no_index_temp_file_behind(blog):
    root, _ = blog
    pid = os.fork()
    if pid == 0:  # pragma: no cover
        os._exit(0)
    os.waitpid(pid, 0)
    leftover = root / CACHE_DIR / f"index.pickle.{pid}.tmp"  # a process that is gone
    leftover.write_bytes(b"half an index")
    post_path(root, 1).write_text(post(1, "edited"))
    run(root)
    assert not leftover.exists()


def test_a_build_killed_at_any_cache_write_is_repaired_by_the_next(tmp_path):
    root = make_cached_blog(tmp_path / "blog", edits=0)
    post_path(root, 2).write_text(post(2, "edited"))  # the next build compacts the cache
    state = tmp_path / "state"
    shutil.copytree(root, state)
    wanted = tree(run(root, output=tmp_path / "clean", use_cache=False).output)
    places = (root / CACHE_DIR / "bodies", root / INDEX)  # index.pickle and its temp file
    steps = 0
    while True:
        shutil.rmtree(root)
        shutil.copytree(state, root)
        status = crash_at(
            steps + 1, lambda: build(load_config(root), BuildOptions()), places, whole_build=True
        )
        if status == 0:
            break
        assert status == 9, f"step {steps + 1}: the build failed"
        steps += 1
        run(root)
        assert tree(root / "site") == wanted, f"killed at cache write {steps}"
        assert run(root).converted == 0
    assert steps >= 3  # the index saved, the compacted packs deleted


def test_a_changed_ssg_never_reuses_what_an_older_one_converted(tmp_path, monkeypatch):
    """The cache key has a hash of ssg's code, not only `__version__`: a patched install or
    a `git pull` in an editable clone with the same version converts again."""
    from ssg import convert as convert_module
    from ssg.code_version import code_version

    assert code_version().startswith(__import__("ssg").__version__ + "+")
    root = tmp_path / "blog"
    (root / "content/posts").mkdir(parents=True)
    (root / "content/posts/2021-01-01-a.md").write_text("---\ntitle: A\n---\nbody\n")
    config = load_config(root)
    assert build(config, BuildOptions()).converted == 1
    assert build(config, BuildOptions()).converted == 0
    monkeypatch.setattr(convert_module, "code_version", lambda: "0.1.0+othercode")
    assert build(config, BuildOptions()).converted == 1
