"""Shared fixtures: inline fixture sites (written into a temp folder) and a CLI runner."""

from __future__ import annotations

import base64
import struct
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ssg.cli import main
from ssg.page import Page


def png_bytes(width: int, height: int) -> bytes:
    """A valid grey PNG of the given size (for image-size probing)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\x80" * width
    raw = zlib.compress(row * height)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def make_page(url: str = "/a/", **values) -> Page:
    """A `Page` with plain defaults for every field not given (a post dated 2024-01-01)."""
    fields = dict(
        source=f"content/posts{url.rstrip('/') or '/index'}.md",
        kind="post",
        url=url,
        title=url.strip("/"),
        date=datetime(2024, 1, 1, tzinfo=ZoneInfo("Asia/Seoul")),
        updated=None,
        tags=(),
        categories=(),
        author=None,
        layout=None,
        draft=False,
        body="",
        excerpt_part="",
        description="",
        toc_items=(),
        words=0,
        reading_minutes=0,
        image=None,
        image_size=None,
        assets=(),
        digest="",
    )
    fields.update(values)
    return Page(**fields)


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@dataclass
class Run:
    status: int
    out: str
    err: str


@pytest.fixture
def make_site(tmp_path):
    def make(files: dict[str, str | bytes], name: str = "blog") -> Path:
        return write_site(tmp_path / name, files)

    return make


@pytest.fixture
def ssg(capsys):
    """Run the `ssg` command in-process: `ssg(site_root, "build", "--strict")`."""

    def run(root: Path, *args: str) -> Run:
        argv = list(args)
        if argv and argv[0] == "build" and "--source" not in argv:
            argv += ["--source", str(root)]
        status = main(argv)
        captured = capsys.readouterr()
        return Run(status, captured.out, captured.err)

    return run


PLAIN_SITE = Path(__file__).parent / "markdown" / "no-site"  # no images, no files


def plain_context(path: str = "post.md", **fields):
    """A Markdown render context for a plain site: no files beside the post, base path `/`
    (`fields` set others: another folder, base path or page URL)."""
    from ssg.markup.markdown import RenderContext

    settings = dict(post_dir=PLAIN_SITE, content_dir=PLAIN_SITE, base_path="/", body_line=1)
    return RenderContext(path=path, bundle_dir=None, static_dirs=(), **{**settings, **fields})


@pytest.fixture
def draws(monkeypatch) -> list[str]:
    """The title of every card drawn from now on."""
    drawn: list[str] = []
    from ssg import cards

    real = cards.draw_card

    def counting(title, *args):
        drawn.append(title)
        return real(title, *args)

    monkeypatch.setattr(cards, "draw_card", counting)
    return drawn
