"""ssg's full Markdown rendering, case by case, from fixture files in `tests/markdown/`.

After an intended change of the output, regenerate the expected HTML in place, then read
the diff (`git diff tests/markdown/`) before committing it:

    SSG_UPDATE_FIXTURES=1 .venv/bin/python -m pytest tests/test_markdown_fixtures.py

Each `*.md` file (but README.md) is a list of cases in the fixture format of markdown-it-py
and mdit-py-plugins (read with `markdown_it.utils.read_fixture_file`): a title line, a
line holding only `.`, the Markdown, `.`, the expected HTML, `.`. `kramdown.md` is rendered
with the kramdown flavor, the other files with gfm. The expected HTML is `Rendered.html`
exactly (not normalised: heading anchors, Pygments markup and all), for a plain site at
`/` without files, so images are external. A test's id is `file:line` of its title.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from ssg.markup.markdown import render

from conftest import plain_context

FIXTURES = Path(__file__).parent / "markdown"
UPDATE = os.environ.get("SSG_UPDATE_FIXTURES") == "1"
FILES = sorted(p for p in FIXTURES.glob("*.md") if p.name != "README.md")


def flavor(path: Path) -> str:
    return "kramdown" if path.stem == "kramdown" else "gfm"


def cases() -> list:
    params = []
    for path in FILES:
        for index, (dot_line, title, markdown, expected) in enumerate(read_fixture_file(path)):
            # `dot_line`, the 0-based line of the case's first `.`, is its title's 1-based line
            case = (path, index, title, markdown, expected)
            params.append(pytest.param(*case, id=f"{path.name}:{dot_line}"))
    return params


def rendered(markdown: str, path: Path) -> str:
    return render(markdown, plain_context(path.name), flavor=flavor(path)).html


def rewrite(path: Path, index: int, html: str) -> None:
    """Put `html` as the expected output of case `index` of a fixture file (the lines
    between its second and third `.`, found as `read_fixture_file` finds them)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    dots = [i for i, line in enumerate(lines) if line.rstrip() == "."]
    second, third = dots[3 * index + 1], dots[3 * index + 2]
    lines[second + 1 : third] = [html if html.endswith("\n") else html + "\n"]
    path.write_text("".join(lines), encoding="utf-8")


def test_fixture_files_exist():
    assert {p.name for p in FILES} >= {"code.md", "gfm.md", "korean.md", "kramdown.md"}


@pytest.mark.parametrize(("path", "index", "title", "markdown", "expected"), cases())
def test_fixture(path, index, title, markdown, expected):
    html = rendered(markdown, path)
    if UPDATE and html != expected:
        rewrite(path, index, html)
        return
    assert html == expected, title
