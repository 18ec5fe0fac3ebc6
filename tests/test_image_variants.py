"""Responsive image variants (ssg/image_variants.py): planning, decoding, metadata removal, HTML.

Every image is made in memory with Pillow, small, so the file runs in a few seconds.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw, PngImagePlugin

from ssg.image_variants import (
    DEFAULT_SIZES,
    ImageError,
    ImageInfo,
    Variant,
    VariantSettings,
    inspect,
    make_variants,
    picture_html,
    plan_variants,
    published_original,
    variant_name,
)

SMALL = VariantSettings(widths=(16, 32, 64))
SECRET = "GPS-SECRET-PLACE"


def photo(width: int = 80, height: int = 40, mode: str = "RGB") -> Image.Image:
    """Blue, with a red block in the stored top-left corner."""
    im = Image.new(mode, (width, height), (20, 60, 200) if mode != "L" else 90)
    ImageDraw.Draw(im).rectangle((0, 0, width // 4, height // 4), fill="red")
    return im


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010E] = SECRET  # ImageDescription
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (37.0, 33.0, 59.0)
    gps[3], gps[4] = "E", (126.0, 58.0, 40.0)
    return exif


def encoded(im: Image.Image, fmt: str, **kw) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **kw)
    return out.getvalue()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body)
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def no_secrets(data: bytes) -> None:
    im = Image.open(io.BytesIO(data))
    exif = im.getexif()
    assert 0x8825 not in exif and 0x010E not in exif
    assert SECRET.encode() not in data and b"SECRET" not in data
    assert not im.info.get("xmp") and not im.info.get("comment")


# ---- planning ----


def info(width: int, height: int, **kw) -> ImageInfo:
    return ImageInfo(width, height, kw.pop("format", "JPEG"), False, 1, kw.pop("length", 10**6))


def test_plan_never_upscales_and_adds_the_original_width():
    settings = VariantSettings()
    plan = plan_variants(info(1000, 500), settings)
    assert [v.width for v in plan if v.format == "webp"] == [480, 720, 1000]
    assert [v.format for v in plan] == [f for f in settings.active_formats() for _ in range(3)]
    assert settings.active_formats()[-1] == "webp"  # AVIF, where Pillow has it, comes first
    assert all(v.height == round(v.width / 2) for v in plan)


def test_plan_for_a_large_image_stops_at_the_largest_width():
    plan = plan_variants(info(4000, 3000), VariantSettings(formats=("webp",)))
    assert [(v.width, v.height) for v in plan] == [
        (480, 360),
        (720, 540),
        (1080, 810),
        (1440, 1080),
    ]


def test_plan_leaves_out_a_width_too_close_to_the_original():
    plan = plan_variants(info(1100, 800), VariantSettings(formats=("webp",)))
    assert [v.width for v in plan] == [480, 720, 1100]
    plan = plan_variants(info(1500, 1000), VariantSettings(formats=("webp",)))
    assert [v.width for v in plan] == [480, 720, 1080, 1440]  # the original is not used


def test_nothing_planned_for_animated_svg_small_or_disabled():
    assert plan_variants(ImageInfo(800, 600, "GIF", True, 1, 10**6), VariantSettings()) == []
    assert plan_variants(ImageInfo(0, 0, "SVG", False, 1, 500), VariantSettings()) == []
    assert plan_variants(info(300, 200, length=4000), VariantSettings()) == []
    assert plan_variants(info(1000, 800), VariantSettings(enabled=False)) == []
    small_but_heavy = plan_variants(
        info(300, 200, length=10**6), VariantSettings(formats=("webp",))
    )
    assert [(v.width, v.format) for v in small_but_heavy] == [(300, "webp")]


@given(
    st.integers(1, 20_000),
    st.integers(1, 20_000),
    st.lists(st.integers(1, 5000), min_size=1, max_size=6),
)
def test_plan_properties(width, height, widths):
    settings = VariantSettings(widths=tuple(widths), formats=("webp",))
    plan = plan_variants(info(width, height), settings)
    planned = [v.width for v in plan]
    assert planned == sorted(set(planned))  # ascending, no duplicates
    assert all(1 <= v.width <= width and v.height >= 1 for v in plan)
    assert all(abs(v.height - v.width * height / width) <= 0.5 or v.height == 1 for v in plan)
    assert (width in planned) == (width <= max(widths) and plan != [])
    if width > max(widths):
        assert planned == list(settings.widths)
    assert all(w in settings.widths or w == width for w in planned)


def test_settings_fingerprint_and_validation():
    base = VariantSettings()
    assert base.fingerprint() == VariantSettings().fingerprint()
    changed = {
        VariantSettings(widths=(480, 800)).fingerprint(),
        VariantSettings(webp_quality=81).fingerprint(),
        VariantSettings(avif_quality=50).fingerprint(),
        VariantSettings(avif_speed=6).fingerprint(),
        VariantSettings(formats=("webp",)).fingerprint(),
        VariantSettings(enabled=False).fingerprint(),
    }
    assert base.fingerprint() not in changed and len(changed) == 6
    with pytest.raises(ValueError):
        VariantSettings(formats=("jpeg",))
    with pytest.raises(ValueError):
        VariantSettings(widths=(0,))


def test_variant_name_carries_content_and_settings():
    v = Variant(800, 600, "webp")
    name = variant_name("photo", "ab" * 32, v, VariantSettings())
    assert name.startswith("photo-800w.") and name.endswith(".webp") and len(name) == 24
    assert name != variant_name("photo", "cd" * 32, v, VariantSettings())
    assert name != variant_name("photo", "ab" * 32, v, VariantSettings(webp_quality=70))
    assert variant_name("my photo/../x", "ab", v, VariantSettings()).startswith(
        "my-photo-..-x-800w."
    )


# ---- inspect and broken input ----


def test_inspect_reads_size_format_and_orientation():
    data = encoded(photo(80, 40), "JPEG", exif=exif_with_gps(6))
    assert inspect(data) == ImageInfo(40, 80, "JPEG", False, 6, len(data))
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'
    assert inspect(svg).format == "SVG"


def bomb_png(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not an image at all",
        b"\x89PNG\r\n\x1a\n" + b"\0" * 40,
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        bomb_png(100_000, 100_000),
        bomb_png(30_000, 10),
        bomb_png(11_000, 10_000),
    ],
    ids=["empty", "text", "png-garbage", "jpeg-header-only", "bomb", "side", "pixels"],
)
def test_broken_or_absurd_images_raise_image_error_quickly(data):
    for func in (inspect, published_original, lambda d: make_variants(d, SMALL)):
        start = time.perf_counter()
        with pytest.raises(ImageError) as caught:
            func(data)
        assert time.perf_counter() - start < 1
        assert str(caught.value)


def test_truncated_files_raise_image_error():
    jpeg = encoded(photo(200, 100), "JPEG")
    png = encoded(photo(200, 100), "PNG")
    for data in (jpeg[: len(jpeg) // 2], png[: len(png) // 2]):
        start = time.perf_counter()
        with pytest.raises(ImageError):
            make_variants(data, SMALL)
        with pytest.raises(ImageError):
            published_original(data)
        assert time.perf_counter() - start < 1


# ---- variants ----


def test_variants_are_the_planned_sizes_formats_and_deterministic():
    data = encoded(photo(100, 50), "JPEG", quality=90)
    variants = make_variants(data, SMALL)
    assert list(variants) == plan_variants(inspect(data), SMALL)
    for v, body in variants.items():
        im = Image.open(io.BytesIO(body))
        assert (im.size, im.format.lower()) == ((v.width, v.height), v.format)
    assert make_variants(data, SMALL) == variants


def test_exif_orientation_6_gives_an_upright_portrait_variant():
    data = encoded(photo(80, 40), "JPEG", quality=95, exif=exif_with_gps(6))
    variants = make_variants(data, VariantSettings(widths=(20, 80), formats=("webp",)))
    variant, body = list(variants.items())[-1]
    assert (variant.width, variant.height) == (40, 80)
    im = Image.open(io.BytesIO(body)).convert("RGB")
    assert im.size == (40, 80)
    red = lambda p: p[0] > 180 and p[2] < 90
    # rotated 90° clockwise: the stored top-left corner is now the top-right one
    assert red(im.getpixel((36, 3))) and not red(im.getpixel((3, 3)))
    assert not red(im.getpixel((36, 76))) and not red(im.getpixel((3, 76)))


def test_no_metadata_in_any_variant():
    data = encoded(
        photo(100, 50), "JPEG", exif=exif_with_gps(1), comment=SECRET, xmp=SECRET.encode()
    )
    assert SECRET.encode() in data
    for body in make_variants(data, SMALL).values():
        no_secrets(body)
        assert not Image.open(io.BytesIO(body)).getexif()


@pytest.mark.parametrize(
    ("make", "mode"),
    [
        (lambda: photo(100, 50).convert("CMYK"), "RGB"),
        (lambda: photo(100, 50).convert("P"), "RGB"),
        (lambda: photo(100, 50).convert("RGBA").convert("P", palette=Image.ADAPTIVE), "RGB"),
        (lambda: _transparent().convert("P"), "RGBA"),
        (lambda: _transparent().convert("LA"), "RGBA"),
        (lambda: Image.new("I;16", (100, 50), 40_000), "RGB"),
        (lambda: photo(100, 50, "L"), "RGB"),
    ],
    ids=["cmyk", "p", "p-adaptive", "p-transparent", "la", "16-bit", "l"],
)
def test_modes_are_converted(make, mode):
    im = make()
    data = encoded(im, "JPEG" if im.mode == "CMYK" else "PNG")
    body = make_variants(data, VariantSettings(widths=(32,), formats=("webp",)))
    out = Image.open(io.BytesIO(next(iter(body.values()))))
    assert out.mode == mode and out.size[0] == 32
    if im.mode == "I;16":  # 40000/65535 of white, not clipped to white
        assert 140 < out.convert("L").getpixel((5, 5)) < 170


def _transparent() -> Image.Image:
    im = photo(100, 50).convert("RGBA")
    ImageDraw.Draw(im).rectangle((50, 0, 99, 49), fill=(0, 0, 0, 0))
    return im


def p3_profile() -> bytes:
    """A Display P3 ICC v2 profile (matrix and gamma-2.2 curves), made by hand."""
    fixed = lambda *vs: b"".join(struct.pack(">i", round(v * 65536)) for v in vs)
    xyz = lambda *vs: b"XYZ \0\0\0\0" + fixed(*vs)
    text = b"Display P3 (test)\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + b"\0" * 79
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(2.2 * 256)) + b"\0\0"
    tags = [
        (b"desc", desc), (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.5151, 0.2412, -0.0011)), (b"gXYZ", xyz(0.2920, 0.6922, 0.0419)),
        (b"bXYZ", xyz(0.1571, 0.0666, 0.7841)),
        (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve),
    ]  # fmt: skip
    offset, table, body = 128 + 4 + 12 * len(tags), b"", b""
    for sig, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    header = (
        struct.pack(">I", offset + len(body)) + b"\0" * 4 + b"\x02\x10\0\0mntrRGB XYZ "
        + b"\0" * 12 + b"acsp" + b"\0" * 28 + fixed(0.9642, 1.0, 0.8249) + b"\0" * 48
    )  # fmt: skip
    return header + struct.pack(">I", len(tags)) + table + body


def test_a_display_p3_image_is_converted_to_srgb():
    im = Image.new("RGB", (64, 32), (100, 180, 60))
    data = encoded(im, "PNG", icc_profile=p3_profile())
    body = make_variants(data, VariantSettings(widths=(32,), formats=("webp",)))
    out = Image.open(io.BytesIO(next(iter(body.values()))))
    assert not out.info.get("icc_profile")
    r, g, b = out.convert("RGB").getpixel((8, 8))
    assert r < 80 and g > 170 and b < 40, (r, g, b)  # P3 (100, 180, 60) is sRGB (64, 184, 19)


def test_avif_when_pillow_writes_it():
    data = encoded(photo(100, 50), "PNG")
    formats = {v.format for v in make_variants(data, SMALL)}
    assert "webp" in formats
    assert ("avif" in formats) == ("avif" in SMALL.active_formats())


# ---- the published original ----


def test_jpeg_without_metadata_is_returned_unchanged():
    data = encoded(photo(), "JPEG")
    assert published_original(data) is data


def test_jpeg_metadata_removed_losslessly():
    plain = encoded(photo(), "JPEG", icc_profile=b"")
    data = encoded(photo(), "JPEG", exif=exif_with_gps(1), comment=SECRET, xmp=SECRET.encode())
    out = published_original(data)
    no_secrets(out)
    assert not Image.open(io.BytesIO(out)).getexif()
    assert Image.open(io.BytesIO(out)).tobytes() == Image.open(io.BytesIO(plain)).tobytes()
    assert published_original(out) is out


def test_progressive_jpeg_with_restart_markers_keeps_its_pixels():
    im = photo(64, 48)
    data = encoded(
        im, "JPEG", progressive=True, restart_marker_blocks=2, comment=SECRET, exif=exif_with_gps()
    )
    assert b"\xff\xdd" in data and SECRET.encode() in data  # a restart interval (DRI)
    out = published_original(data)
    no_secrets(out)
    assert Image.open(io.BytesIO(out)).tobytes() == Image.open(io.BytesIO(data)).tobytes()


def test_rotated_jpeg_keeps_only_its_orientation():
    data = encoded(photo(), "JPEG", exif=exif_with_gps(6)) + b"trailing MPF image, GPS"
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)[1] == "N"
    out = published_original(data)
    no_secrets(out)
    im = Image.open(io.BytesIO(out))
    assert dict(im.getexif()) == {0x0112: 6}
    assert im.tobytes() == Image.open(io.BytesIO(data)).tobytes()  # coded data untouched
    assert not out.endswith(b"GPS") and published_original(out) is out
    assert inspect(out).width == 40


def test_png_text_chunks_removed():
    meta = PngImagePlugin.PngInfo()
    meta.add_text("Comment", SECRET)
    meta.add_text("Location", SECRET, zip=True)
    meta.add_itxt("XML:com.adobe.xmp", SECRET)
    data = encoded(photo(), "PNG", pnginfo=meta, exif=exif_with_gps(1))
    assert data.count(b"tEXt") == 1 and b"eXIf" in data and b"iTXt" in data
    out = published_original(data)
    no_secrets(out)
    assert not Image.open(io.BytesIO(out)).text
    assert Image.open(io.BytesIO(out)).tobytes() == Image.open(io.BytesIO(data)).tobytes()
    assert published_original(out) is out


def test_rotated_png_is_rotated_losslessly():
    data = encoded(photo(80, 40), "PNG", exif=exif_with_gps(6))
    out = published_original(data)
    no_secrets(out)
    im = Image.open(io.BytesIO(out))
    assert im.size == (40, 80) and not im.getexif()
    expected = photo(80, 40).transpose(Image.Transpose.ROTATE_270)
    assert im.convert("RGB").tobytes() == expected.tobytes()


def test_webp_exif_and_xmp_removed():
    data = encoded(photo(), "WEBP", exif=exif_with_gps(1), xmp=SECRET.encode(), quality=90)
    assert SECRET.encode() in data and b"EXIF" in data
    out = published_original(data)
    no_secrets(out)
    assert struct.unpack("<I", out[4:8])[0] == len(out) - 8
    assert Image.open(io.BytesIO(out)).tobytes() == Image.open(io.BytesIO(data)).tobytes()
    plain = encoded(photo(), "WEBP")
    assert published_original(plain) is plain


def test_animated_webp_loses_its_metadata_and_keeps_its_frames():
    frames = [photo(), photo().transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    data = encoded(
        frames[0], "WEBP", save_all=True, append_images=frames[1:], exif=exif_with_gps(),
        xmp=SECRET.encode(),
    )  # fmt: skip
    assert inspect(data).animated and make_variants(data, SMALL) == {}
    out = published_original(data)
    no_secrets(out)
    assert Image.open(io.BytesIO(out)).n_frames == 2


def test_tiff_and_gif_metadata_removed_by_reencoding():
    tiff = encoded(photo(), "TIFF", exif=exif_with_gps(1))
    assert SECRET.encode() in tiff
    out = published_original(tiff)
    no_secrets(out)
    assert Image.open(io.BytesIO(out)).tobytes() == Image.open(io.BytesIO(tiff)).tobytes()
    gif = encoded(photo().convert("P"), "GIF", comment=SECRET.encode())
    assert SECRET.encode() in gif
    out = published_original(gif)
    assert SECRET.encode() not in out
    assert Image.open(io.BytesIO(out)).convert("RGB").tobytes() == (
        Image.open(io.BytesIO(gif)).convert("RGB").tobytes()
    )


def test_importing_the_module_does_not_import_pillow():
    code = "import sys, ssg.image_variants; assert 'PIL' not in sys.modules, 'PIL imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)


def animated_gif() -> bytes:
    frames = [photo(), photo().transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    return encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], comment=b"hi")


def test_animated_gif_passes_through():
    data = animated_gif()
    assert inspect(data).animated
    assert plan_variants(inspect(data), VariantSettings()) == []
    assert make_variants(data, SMALL) == {}
    assert published_original(data) is data


def test_svg_passes_through():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    assert published_original(svg) is svg
    assert make_variants(svg, SMALL) == {}


# ---- HTML ----


def test_picture_html_lists_avif_first_and_escapes():
    variants = [
        (Variant(480, 240, "webp"), "/img/a-480w.1.webp"),
        (Variant(800, 400, "webp"), "/img/a-800w.1.webp"),
        (Variant(800, 400, "avif"), "/img/a-800w.1.avif"),
        (Variant(480, 240, "avif"), "/img/a-480w.1.avif"),
    ]
    out = picture_html(
        src_url="/img/a&b.jpg", variants_urls=variants, width=1000, height=500,
        alt='say "hi" <script>', title="T&C",
    )  # fmt: skip
    assert "<script>" not in out and "&lt;script&gt;" in out
    soup = BeautifulSoup(out, "html.parser")
    assert soup.a["href"] == "/img/a&b.jpg"
    sources = soup.find_all("source")
    assert [s["type"] for s in sources] == ["image/avif", "image/webp"]
    assert sources[0]["srcset"] == "/img/a-480w.1.avif 480w, /img/a-800w.1.avif 800w"
    assert sources[0]["sizes"] == DEFAULT_SIZES
    img = soup.picture.img
    assert (img["src"], img["width"], img["height"]) == ("/img/a&b.jpg", "1000", "500")
    assert (img["alt"], img["title"], img["loading"]) == ('say "hi" <script>', "T&C", "lazy")


def test_picture_html_without_link_and_narrow_sizes():
    out = picture_html(
        src_url="/x.png", variants_urls=[(Variant(300, 200, "webp"), "/x.webp")],
        width=300, height=200, alt="", link=False,
    )  # fmt: skip
    soup = BeautifulSoup(out, "html.parser")
    assert soup.a is None and soup.picture.img["alt"] == ""
    assert soup.source["sizes"] == "(min-width: 340px) 300px, calc(100vw - 2.5rem)"
