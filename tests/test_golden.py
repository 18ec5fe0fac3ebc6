"""Golden sites: fixture sites under `tests/sites/` built and compared, file by file, with the
output trees committed under `tests/golden/`.

Any change in what ssg writes shows up here. After an intended change, regenerate the goldens
and commit them with the change, so the reviewer sees the output change in the same diff:

    SSG_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

Each golden folder holds `site/` (the built tree), `diagnostics.txt` (every `file:line: level:
message` of the build, in order) and `theme-static.txt` (see `normalise`). The imported Jekyll
site holds only `import/` (what `ssg import jekyll` wrote besides the copied files) and its
diagnostics: its built tree must be the Jekyll site's own, file for file (`SAME_SITE_AS`).
"""

from __future__ import annotations

import difflib
import hashlib
import io
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ssg.build import BuildOptions, build
from ssg.errors import SsgError
from ssg.jekyll.importer import import_jekyll
from ssg.project import load_config

TESTS = Path(__file__).parent
REPO = TESTS.parent
SITES = TESTS / "sites"
GOLDEN = TESTS / "golden"
THEME_STATIC = REPO / "themes" / "default" / "static"
PINNED_NOW = datetime(2026, 6, 1, tzinfo=UTC)  # "the present", for future-dated posts
UPDATE = os.environ.get("SSG_UPDATE_GOLDEN") == "1"

# name -> the fixture's source folder (the example blog is the repository itself)
FIXTURES = {
    "example": REPO,
    "korean": SITES / "korean",
    "jekyll": SITES / "jekyll",
    "jekyll-imported": SITES / "jekyll",
    "kramdown": SITES / "kramdown",
    "broken": SITES / "broken",
}
EXAMPLE_PARTS = ("content", "includes", "ssg.toml")
# fixture -> the fixture whose built tree it must reproduce exactly
SAME_SITE_AS = {"jekyll-imported": "jekyll"}


def normalise(site: Path) -> dict[str, bytes]:
    """The one place where a built tree is made comparable; everything else is byte for byte.

    - `.ssg-manifest.json` is left out: it is the build's own bookkeeping (digests of template
      sets and versions), not a published file.
    - Files copied unchanged from the default theme's `static/` folder (KaTeX, mermaid, the
      stylesheet) are not stored again: their paths are listed in `theme-static.txt`, and the
      test checks that each one is still byte-identical to the theme's file. A site that
      overrides one gets it compared in full like any other output.
    - The import report names the temporary folder it wrote to: that path is written `$TMP`.
    """
    files: dict[str, bytes] = {}
    theme_copies = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if rel == ".ssg-manifest.json":
            continue
        data = path.read_bytes()
        theme_file = THEME_STATIC / rel
        if theme_file.is_file() and theme_file.read_bytes() == data:
            theme_copies.append(rel)
            continue
        files["site/" + rel] = data
    files["theme-static.txt"] = "".join(rel + "\n" for rel in theme_copies).encode()
    return files


def build_fixture(name: str, work: Path) -> dict[str, bytes]:
    """Build fixture `name` in a copy under `work`; return the golden files it should match."""
    source = FIXTURES[name]
    root = work / "src"
    if source == REPO:
        root.mkdir()
        for part in EXAMPLE_PARTS:
            copy = shutil.copytree if (source / part).is_dir() else shutil.copy2
            copy(source / part, root / part)
    else:
        shutil.copytree(source, root)
    files: dict[str, bytes] = {}
    if name == "jekyll-imported":
        dest = work / "imported"
        notes = import_jekyll(root, dest)
        files["import/ssg.toml"] = (dest / "ssg.toml").read_bytes()
        report = "".join(line + "\n" for line in notes).replace(str(work), "$TMP")
        files["import/report.txt"] = report.encode()  # the temporary folder named as $TMP
        root = dest
    try:
        config = load_config(root)
        result = build(config, BuildOptions(now=PINNED_NOW, jobs=1))
        diagnostics = result.report.items
        output = result.output
    except SsgError as exc:
        diagnostics, output = exc.diagnostics, None
    files["diagnostics.txt"] = "".join(f"{d}\n" for d in diagnostics).encode()
    if output is not None and output.is_dir():
        files.update(normalise(output))
    return files


def read_golden(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def write_golden(folder: Path, files: dict[str, bytes]) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def describe_differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    """A readable account: missing and extra files, then diffs of the first changed files."""
    lines = []
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(k for k in set(expected) & set(actual) if expected[k] != actual[k])
    lines += [f"missing: {rel}" for rel in missing]
    lines += [f"unexpected: {rel}" for rel in extra]
    lines += [f"changed: {rel}" for rel in changed]
    for rel in changed[:3]:
        try:
            old = expected[rel].decode().splitlines()
            new = actual[rel].decode().splitlines()
        except UnicodeDecodeError:
            digest = hashlib.sha256(actual[rel]).hexdigest()[:12]
            lines.append(f"--- {rel}: binary, now {len(actual[rel])} bytes, sha256 {digest}")
            continue
        diff = list(difflib.unified_diff(old, new, f"golden/{rel}", f"built/{rel}", lineterm=""))
        lines += diff[:60] + ([f"... ({len(diff) - 60} more diff lines)"] if len(diff) > 60 else [])
    lines.append("intended? regenerate: SSG_UPDATE_GOLDEN=1 .venv/bin/python -m pytest " + __file__)
    return "\n".join(lines)


def is_tree(rel: str) -> bool:
    return rel.startswith("site/") or rel == "theme-static.txt"


def own_files(name: str, files: dict[str, bytes]) -> dict[str, bytes]:
    """What fixture `name` keeps in its own golden folder (not the tree it shares)."""
    if name not in SAME_SITE_AS:
        return files
    return {rel: data for rel, data in files.items() if not is_tree(rel)}


def pixels_of_cards(files: dict[str, bytes]) -> dict[str, bytes]:
    """`files` with each social card (`site/cards/*.png`) as its decoded pixels: the PNG's
    compressed bytes depend on the zlib the machine's Pillow has, what it shows does not."""
    from PIL import Image

    out = dict(files)
    for rel, data in files.items():
        if rel.startswith("site/cards/") and rel.endswith(".png"):
            with Image.open(io.BytesIO(data)) as im:
                out[rel] = f"{im.size} {im.mode} ".encode() + im.convert("RGB").tobytes()
    return out


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_golden_site(name, tmp_path):
    actual = build_fixture(name, tmp_path)
    folder = GOLDEN / name
    if UPDATE:
        write_golden(folder, own_files(name, actual))
    assert folder.is_dir(), f"no golden tree for {name}: run with SSG_UPDATE_GOLDEN=1"
    expected = read_golden(folder)
    if name in SAME_SITE_AS:  # the same site, built from another layout
        shared = read_golden(GOLDEN / SAME_SITE_AS[name])
        expected |= {rel: data for rel, data in shared.items() if is_tree(rel)}
    assert pixels_of_cards(expected) == pixels_of_cards(actual), describe_differences(
        expected, actual
    )
    for rel in actual.get("theme-static.txt", b"").decode().split():
        assert (THEME_STATIC / rel).is_file(), rel


def test_golden_trees_hold_what_each_fixture_is_for():
    """Guards against a golden regenerated from a build that silently produced nothing."""
    least = {"example": 8, "korean": 20, "jekyll": 15, "kramdown": 4}
    for name, count in least.items():
        pages = list((GOLDEN / name / "site").rglob("index.html"))
        assert len(pages) >= count, name
    broken = (GOLDEN / "broken" / "diagnostics.txt").read_text()
    assert not (GOLDEN / "broken" / "site").exists()
    assert broken.count(": error: ") >= 5 and broken.count(": warning: ") >= 5


def test_the_comparison_notices_a_changed_byte(tmp_path):
    expected = {"site/a.html": b"<p>one</p>\n", "site/b.png": b"\x89PNG"}
    actual = {"site/a.html": b"<p>two</p>\n", "site/c.css": b""}
    report = describe_differences(expected, actual)
    assert "missing: site/b.png" in report
    assert "unexpected: site/c.css" in report
    assert "-<p>one</p>" in report and "+<p>two</p>" in report
