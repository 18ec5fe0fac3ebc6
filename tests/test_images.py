"""Image lookup and probing (ssg/images.py)."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from ssg.images import LocalRef, image_size, is_external, probe, resolve

from conftest import png_bytes


def jpeg_bytes(width: int, height: int) -> bytes:
    """A JFIF header and a baseline SOF0 segment: all a size probe reads."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


def gif_bytes(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00;"


def webp_bytes(width: int, height: int) -> bytes:
    """An extended (VP8X) WebP header."""
    size = (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    chunk = b"VP8X" + struct.pack("<I", 10) + b"\x00" * 4 + size
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def svg_bytes(attrs: str) -> bytes:
    return f'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" {attrs}></svg>'.encode()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------ image_size


@pytest.mark.parametrize(
    ("name", "data", "size"),
    [
        ("a.png", png_bytes(40, 20), (40, 20)),
        ("a.PNG", png_bytes(3, 7), (3, 7)),
        ("a.jpg", jpeg_bytes(640, 480), (640, 480)),
        ("a.gif", gif_bytes(17, 5), (17, 5)),
        ("a.webp", webp_bytes(300, 150), (300, 150)),
        ("a.svg", svg_bytes('width="120" height="80"'), (120, 80)),
        ("b.svg", svg_bytes('width="64px" height="32px" viewBox="0 0 8 4"'), (64, 32)),
    ],
)
def test_image_size_of_each_format(tmp_path, name, data, size):
    assert image_size(write(tmp_path / name, data)) == size


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("truncated.png", png_bytes(40, 20)[:12]),
        ("text.png", b"this is not an image at all"),
        ("empty.png", b""),
        ("truncated.jpg", jpeg_bytes(10, 10)[:8]),
        ("truncated.gif", b"GIF8"),
        ("broken.svg", b"<svg width="),
        ("viewbox-only.svg", svg_bytes('viewBox="0 0 24 12"')),  # no intrinsic size
    ],
)
def test_image_size_of_unreadable_files_is_none(tmp_path, name, data):
    assert image_size(write(tmp_path / name, data)) is None


def png_claiming(width: int, height: int) -> bytes:
    """A PNG header that claims any size (the pixel data is not there)."""
    return png_bytes(1, 1)[:16] + struct.pack(">II", width, height) + png_bytes(1, 1)[24:]


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.png", b"", "is not a valid image (the file is empty)"),
        ("empty.svg", b"", "is not a valid image (the file is empty)"),
        ("text.png", b"this is not an image at all", "is not a valid image"),
        ("truncated.jpg", jpeg_bytes(10, 10)[:8], "is not a valid image"),
        ("truncated.gif", b"GIF8", "is not a valid image"),
        (
            "huge.png",
            png_claiming(4294967295, 10),
            "claims 4294967295×10 px (more than 100,000 a side); size left out",
        ),
        (
            "tall.png",
            png_claiming(10, 100_001),
            "claims 10×100001 px (more than 100,000 a side); size left out",
        ),
    ],
)
def test_probe_names_what_is_wrong_with_a_broken_image(tmp_path, name, data, problem):
    assert probe(write(tmp_path / name, data)) == (None, problem)
    assert image_size(tmp_path / name) is None


@pytest.mark.parametrize(
    ("name", "data", "size"),
    [
        ("big.png", png_claiming(100_000, 100_000), (100_000, 100_000)),
        ("viewbox-only.svg", svg_bytes('viewBox="0 0 24 12"'), None),  # valid, no size
        ("favicon.ico", b"\x00\x00\x01\x00 a format imagesize does not read", None),
    ],
)
def test_probe_has_no_problem_with_a_valid_file(tmp_path, name, data, size):
    assert probe(write(tmp_path / name, data)) == (size, None)


def test_image_size_of_missing_file_or_folder_is_none(tmp_path):
    assert image_size(tmp_path / "nope.png") is None
    assert image_size(tmp_path) is None


def test_image_size_sees_a_replaced_file(tmp_path):
    path = write(tmp_path / "a.png", png_bytes(4, 4))
    assert image_size(path) == (4, 4)
    write(path, png_bytes(90, 45))
    os.utime(path, ns=(1, 1))  # even with an unchanged-looking clock
    assert image_size(path) == (90, 45)


# ------------------------------------------------------------------ is_external


@pytest.mark.parametrize(
    ("src", "external"),
    [
        ("https://cdn.example.com/a.png", True),
        ("http://example.com/b.png", True),
        ("//cdn.example.com/c.png", True),
        ("data:image/png;base64,AAAA", True),
        ("mailto:me@example.com", True),
        ("#section", True),
        ("/images/x.png", False),
        ("x.png", False),
        ("../images/x.png", False),
        ("./그림.png", False),
    ],
)
def test_is_external(src, external):
    assert is_external(src) is external


# ------------------------------------------------------------------ resolve


@pytest.fixture
def site(tmp_path: Path) -> dict[str, Path]:
    content = tmp_path / "content"
    static = tmp_path / "static"
    theme = tmp_path / "theme/static"
    bundle = content / "posts/2024-02-03-bundle"
    for path in (
        content / "images/x.png",
        content / "images/한글.png",
        content / "images/both.png",
        static / "images/both.png",
        static / "images/only-static.png",
        static / "images/site-and-theme.png",
        theme / "images/site-and-theme.png",
        theme / "images/only-theme.png",
        content / "posts/local/pic.png",
        bundle / "diagram.png",
        bundle / "sub/deep.png",
        tmp_path / "outside.png",
    ):
        write(path, png_bytes(2, 2))
    (bundle / "index.md").write_text("본문\n", encoding="utf-8")
    return {
        "root": tmp_path,
        "content": content,
        "static": static,
        "theme": theme,
        "bundle": bundle,
    }


def lookup(site, src, *, bundle=False, post_dir=None) -> LocalRef:
    folder = site["bundle"] if bundle else (post_dir or site["content"] / "posts")
    return resolve(
        src,
        post_dir=folder,
        bundle_dir=site["bundle"] if bundle else None,
        content_dir=site["content"],
        static_dirs=(site["static"], site["theme"]),
    )


def test_site_absolute_lookup_order_content_then_static_dirs(site):
    content, static, theme = site["content"], site["static"], site["theme"]
    assert lookup(site, "/images/x.png") == LocalRef(content / "images/x.png", "/images/x.png")
    assert lookup(site, "/images/both.png").file == content / "images/both.png"
    assert lookup(site, "/images/only-static.png").file == static / "images/only-static.png"
    assert lookup(site, "/images/site-and-theme.png").file == static / "images/site-and-theme.png"
    assert lookup(site, "/images/only-theme.png") == LocalRef(
        theme / "images/only-theme.png", "/images/only-theme.png"
    )


def test_site_absolute_missing_keeps_its_url(site):
    assert lookup(site, "/images/none.png") == LocalRef(None, "/images/none.png")


def test_site_absolute_decodes_and_drops_query(site):
    assert lookup(site, "/images/%ED%95%9C%EA%B8%80.png?v=2#top") == LocalRef(
        site["content"] / "images/한글.png", "/images/한글.png"
    )


def test_site_absolute_cannot_leave_the_site(site):
    assert lookup(site, "/../outside.png").file is None
    assert lookup(site, "/images/../../outside.png").file is None


def test_relative_in_a_bundle_stays_relative(site):
    bundle = site["bundle"]
    assert lookup(site, "diagram.png", bundle=True) == LocalRef(bundle / "diagram.png", None)
    assert lookup(site, "./sub/deep.png", bundle=True) == LocalRef(bundle / "sub/deep.png", None)
    assert lookup(site, "missing.png", bundle=True) == LocalRef(None, None)


def test_relative_outside_a_bundle_resolves_to_its_content_path(site):
    content = site["content"]
    assert lookup(site, "local/pic.png") == LocalRef(
        content / "posts/local/pic.png", "/posts/local/pic.png"
    )
    assert lookup(site, "../images/x.png") == LocalRef(content / "images/x.png", "/images/x.png")
    # from the bundle, a file outside it is an ordinary content file
    assert lookup(site, "../local/pic.png", bundle=True) == LocalRef(
        content / "posts/local/pic.png", "/posts/local/pic.png"
    )
    # a page at the content root
    assert lookup(site, "images/x.png", post_dir=content) == LocalRef(
        content / "images/x.png", "/images/x.png"
    )


def test_relative_missing_or_outside_content_is_not_found(site):
    assert lookup(site, "nothing.png") == LocalRef(None, None)
    assert lookup(site, "../../outside.png") == LocalRef(None, None)


def test_site_absolute_link_outside_the_site_is_not_an_image(site):
    site["content"].joinpath("images/secret.png").symlink_to(site["root"] / "outside.png")
    assert lookup(site, "/images/secret.png").file is None
    # a link to a file elsewhere in the site counts when the site folder is known
    root = site["root"] / "blog"
    content = root / "content"
    write(root / "shared/logo.png", png_bytes(2, 2))
    content.mkdir()
    (content / "logo.png").symlink_to("../shared/logo.png")
    (content / "out.png").symlink_to(site["root"] / "outside.png")

    def find(src):
        return resolve(
            src,
            post_dir=content,
            bundle_dir=None,
            content_dir=content,
            static_dirs=(),
            site_root=root,
        )

    assert find("/logo.png") == LocalRef(content / "logo.png", "/logo.png")
    assert find("/out.png") == LocalRef(None, "/out.png")
