"""Jekyll fidelity pinned to output recorded from real Jekyll, so no test needs Jekyll.

`tests/sites/jekyll-constructs/` holds one small post per kramdown/Jekyll construct. What
Jekyll 4.3 built from it is recorded in `tests/golden/jekyll-constructs/jekyll/` (its README
names the versions): one file per post with the exact body HTML, and `urls.txt` (source file
-> URL). Each post is one test: ssg must publish it at Jekyll's URL with the same visible
words, code blocks, links, headings and images, as compared by the functions that
`benchmarks/jekyll_fidelity.py` measures real sites with (deliberate differences, such as
heading anchors and Pygments' markup, are normalised there, not here).

A construct ssg still renders differently is a strict xfail whose reason names the
difference: when ssg is fixed, the test passes, fails as XPASS, and the mark is removed.
After changing the site, record again (needs Jekyll):

    python benchmarks/jekyll_fidelity.py tests/sites/jekyll-constructs \\
        --record tests/golden/jekyll-constructs/jekyll
"""

from __future__ import annotations

import importlib.util
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ssg.build import BuildOptions, build
from ssg.project import load_config

TESTS = Path(__file__).parent
SITE = TESTS / "sites" / "jekyll-constructs"
RECORDED = TESTS / "golden" / "jekyll-constructs" / "jekyll"
PINNED_NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _load_fidelity():
    path = TESTS.parent / "benchmarks" / "jekyll_fidelity.py"
    spec = importlib.util.spec_from_file_location("jekyll_fidelity", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fidelity = _load_fidelity()

# post file stem -> how ssg's output differs from Jekyll's
DIFFERENCES: dict[str, str] = {}


def recorded_posts() -> list[tuple[str, str]]:
    """(source file, URL) of every post Jekyll built, as recorded."""
    lines = (RECORDED / "urls.txt").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split(" -> ", 1)) for line in lines if line]


def params():
    for source, url in recorded_posts():
        stem = Path(source).stem
        reason = DIFFERENCES.get(stem)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(source, url, id=stem, marks=marks)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("jekyll-constructs") / "site"
    shutil.copytree(SITE, root)
    result = build(load_config(root), BuildOptions(now=PINNED_NOW, jobs=1))
    return result.output


def test_the_recording_covers_every_post():
    posts = sorted(p.relative_to(SITE).as_posix() for p in (SITE / "_posts").glob("*.md"))
    assert sorted(source for source, _ in recorded_posts()) == posts
    assert (RECORDED / "README").read_text().startswith("recorded with jekyll ")


@pytest.mark.parametrize(("source", "url"), list(params()))
def test_post_matches_jekyll(built, source, url):
    recording = RECORDED / fidelity.record_name(url)
    expected = fidelity.features(fidelity.parse_body(recording.read_text(encoding="utf-8")))
    ours = fidelity.ssg_post(built, url)
    assert ours is not None, f"{source}: no page at Jekyll's URL {url}"
    actual = fidelity.features(ours)
    for part in fidelity.PARTS:
        assert actual[part] == expected[part], f"{source}: {part} differ"
