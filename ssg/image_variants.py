"""Responsive image variants: the pure processing behind `<picture>` for a post's local images.

Bytes and plain data in and out, no file system: a build caches each result by content hash and
settings fingerprint and runs it in a process pool. `inspect` reads a header, never the pixels;
`plan_variants` lists the widths and formats an image gets, cheaply, so HTML can be written
before any pixel is processed; `make_variants` decodes once and encodes them all upright, in
sRGB, without metadata; `published_original` is the original without EXIF/GPS/XMP/comments/text
(byte-level where the format allows); `picture_html` writes the markup. Pillow is imported in
the functions, so importing this module is cheap. Defaults: see benchmarks/image_variants.py.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import struct
import warnings
from dataclasses import dataclass
from functools import lru_cache

PROCESSING_VERSION = 1  # bump when `make_variants` writes other bytes for the same input
MAX_PIXELS, MAX_SIDE = 100_000_000, 20_000  # beyond either: a decompression bomb
SMALL_FILE = 16 * 1024  # no wider than the smallest width and no bigger than this: left as is
NEAR = 0.85  # a width above this share of the original's is left out (the original's is used)
FORMATS = ("avif", "webp")  # the order browsers are offered them in
MIME = {"avif": "image/avif", "webp": "image/webp"}
RASTER = frozenset({"JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "AVIF"})
COLUMN_PX, DEFAULT_SIZES = 672, "(min-width: 44.5rem) 42rem, calc(100vw - 2.5rem)"  # theme's
_TRANSPOSE = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE",
              6: "ROTATE_270", 7: "TRANSVERSE", 8: "ROTATE_90"}  # fmt: skip


class ImageError(Exception):
    """An image that cannot be processed; the message reads after the file's name."""


@dataclass(frozen=True)
class VariantSettings:
    # 720 and 1440: the 672 px column at 1x and 2x; 1080: 1.5x laptops and 3x phones (a 350-390
    # px column); 480: 1x phones and small figures
    widths: tuple[int, ...] = (480, 720, 1080, 1440)
    formats: tuple[str, ...] = ("avif", "webp")
    avif_quality: int = 60  # the block SSIM of WebP 80 (photos, screenshots), 80-85 % of bytes
    webp_quality: int = 80
    avif_speed: int = 8  # 6 is 3x slower for 9 % fewer bytes; 9 is 15-30 % bigger
    webp_method: int = 4  # 6 saves 2 % for twice the time
    enabled: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "widths", tuple(sorted(set(self.widths))))
        ok = self.widths and self.widths[0] >= 1 and not set(self.formats) - set(FORMATS)
        ok = ok and 1 <= self.avif_quality <= 100 and 1 <= self.webp_quality <= 100
        if not (ok and 0 <= self.avif_speed <= 10 and 0 <= self.webp_method <= 6):
            raise ValueError(f"image settings out of range: {self}")

    def active_formats(self) -> tuple[str, ...]:
        """The formats asked for that this Pillow can write, AVIF first."""
        return tuple(f for f in FORMATS if f in self.formats and f in _writable())

    def fingerprint(self) -> str:
        """Changes with any setting, with what Pillow can write and with PROCESSING_VERSION."""
        key = (PROCESSING_VERSION, self.widths, self.active_formats(), self.avif_quality,
               self.webp_quality, self.avif_speed, self.webp_method, self.enabled)  # fmt: skip
        return hashlib.sha256(repr(key).encode()).hexdigest()[:10]


@dataclass(frozen=True)
class ImageInfo:
    width: int  # after EXIF orientation, as browsers show it; 0 for SVG
    height: int
    format: str  # Pillow's name ("JPEG" also for MPO), or "SVG"
    animated: bool
    orientation: int  # EXIF orientation 1-8 (1: as stored)
    length: int = 0  # bytes of the file


@dataclass(frozen=True, order=True)
class Variant:
    width: int
    height: int
    format: str  # "avif" or "webp"; MIME[format] is its type


@lru_cache(maxsize=1)
def _writable() -> frozenset[str]:
    from PIL import features

    with warnings.catch_warnings():  # an old Pillow warns about a feature it does not know
        warnings.simplefilter("ignore")
        return frozenset(name for name in FORMATS if features.check(name))


def _is_svg(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<svg") or (head.startswith((b"<?xml", b"<!--")) and b"<svg" in head)


def _open(data: bytes):
    """(the unloaded PIL image, its ImageInfo), or ImageError."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
            (width, height), fmt = im.size, "JPEG" if im.format == "MPO" else im.format or "?"
            animated = fmt != "JPEG" and bool(getattr(im, "is_animated", False))
    except Image.DecompressionBombError:
        raise ImageError("is too large to decode safely (a decompression bomb?)") from None
    except Exception as exc:  # Pillow's plugins raise anything at all on a broken header
        why = f"{type(exc).__name__}: {exc}"
        why = "not a format Pillow reads" if isinstance(exc, UnidentifiedImageError) else why
        why = why if data else "the file is empty"
        raise ImageError(f"is not a valid image ({why})") from None
    if width <= 0 or height <= 0:
        raise ImageError(f"is not a valid image (it claims {width}×{height} px)")
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise ImageError(
            f"claims {width}×{height} px (more than {MAX_PIXELS:,} pixels or {MAX_SIDE:,} a side):"
            " refused as a possible decompression bomb"
        )
    try:  # a PNG's eXIf may follow the pixels: read it from the chunks, not with im.getexif()
        if fmt == "PNG":
            exif = Image.Exif()
            exif.load(next((c[8:-4] for k, c in _png_chunks(data) if k == b"eXIf"), b""))
        orientation = (exif if fmt == "PNG" else im.getexif()).get(0x0112, 1)
    except Exception:  # a broken EXIF block does not make a broken image
        orientation = 1
    orientation = orientation if orientation in _TRANSPOSE else 1
    if orientation >= 5:
        width, height = height, width
    return im, ImageInfo(width, height, fmt, animated, orientation, len(data))


def inspect(data: bytes) -> ImageInfo:
    """Size as shown, format and orientation from the header; ImageError if it is unreadable."""
    return ImageInfo(0, 0, "SVG", False, 1, len(data)) if _is_svg(data) else _open(data)[1]


def plan_variants(info: ImageInfo, settings: VariantSettings) -> list[Variant]:
    """What `make_variants` writes, by format (AVIF first) then width, never upscaled; nothing
    for SVG, animated or unusual formats, or a small image in a small file."""
    formats = settings.active_formats()
    small = info.width <= settings.widths[0] and info.length <= SMALL_FILE
    if small or not settings.enabled or not formats or info.animated or info.format not in RASTER:
        return []
    widths = list(settings.widths)  # all narrower than the original, unless:
    if info.width <= settings.widths[-1]:
        widths = [w for w in widths if w < info.width * NEAR] + [info.width]
    sizes = [(w, max(1, round(w * info.height / info.width))) for w in widths]
    return [Variant(w, h, f) for f in formats for w, h in sizes]


def variant_name(stem: str, digest: str, variant: Variant, settings: VariantSettings) -> str:
    """`photo-720w.1a2b3c4d.avif`: `digest` is the source's content hash; the token also covers
    the settings' fingerprint, so a name never outlives the bytes it stands for."""
    stem = re.sub(r"[^\w.-]+", "-", stem).strip(".-") or "image"
    seed = f"{digest}:{settings.fingerprint()}:{variant.width}x{variant.height}"
    token = hashlib.sha256(seed.encode()).hexdigest()[:8]
    return f"{stem}-{variant.width}w.{token}.{variant.format}"


def _decode(im, info: ImageInfo, target: tuple[int, int]):
    """The pixels, upright, RGB or RGBA in sRGB; a JPEG decodes at 1/2, 1/4 or 1/8 scale when
    that still covers `target` (libjpeg's DCT scaling: 3x faster, SSIM 0.996+ at every width)."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            if info.format == "JPEG":
                im.draft(None, target[::-1] if info.orientation >= 5 else target)
            im.load()
            if info.orientation != 1:
                im = im.transpose(getattr(Image.Transpose, _TRANSPOSE[info.orientation]))
            return _to_srgb(im)
    except MemoryError:
        raise ImageError("is too large to decode in the memory available") from None
    except Exception as exc:  # truncated data, a broken stream, a decoder's own error
        raise ImageError(f"cannot be decoded ({type(exc).__name__}: {exc})") from None


def _to_srgb(im):
    from PIL import ImageCms

    icc = im.info.get("icc_profile")
    if im.mode.startswith("I;16") or im.mode == "I":  # 16-bit grey: scale it, do not clip it
        im = im.convert("I").point(lambda v: v * (1 / 257), "L")
    elif im.mode == "F":
        im = im.convert("L")
    mode = "RGBA" if "A" in im.mode or "a" in im.mode or "transparency" in im.info else "RGB"
    if icc and im.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if "srgb" not in (ImageCms.getProfileDescription(src) or "").lower():
                srgb = ImageCms.createProfile("sRGB")
                im = ImageCms.profileToProfile(im, src, srgb, outputMode=mode) or im
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a profile LittleCMS cannot use: the pixels are taken as sRGB
    im = im if im.mode == mode else im.convert(mode)
    if mode == "RGBA" and im.getchannel("A").getextrema()[0] == 255:
        im = im.convert("RGB")  # an alpha channel opaque everywhere only costs bytes
    im.info = {}
    return im


def make_variants(data: bytes, settings: VariantSettings) -> dict[Variant, bytes]:
    """Every variant `plan_variants` lists (in its order), upright, sRGB, without metadata."""
    from PIL import Image

    if _is_svg(data):
        return {}
    im, info = _open(data)
    plan = plan_variants(info, settings)
    if not plan:
        return {}
    im = _decode(im, info, (max(plan).width, max(plan).height))
    # AVIF: one thread (a build runs one image a core); 4:4:4 but for JPEGs (4:2:0 already)
    sub = "4:2:0" if info.format == "JPEG" else "4:4:4"
    avif = dict(quality=settings.avif_quality, speed=settings.avif_speed, subsampling=sub)
    webp = dict(quality=settings.webp_quality, method=settings.webp_method)
    options, out, sizes = {"avif": avif | {"max_threads": 1}, "webp": webp}, {}, {}
    for v in plan:
        size = (v.width, v.height)
        if size not in sizes:
            sizes[size] = im if im.size == size else im.resize(size, Image.LANCZOS, reducing_gap=3)
        buf = io.BytesIO()
        try:
            sizes[size].save(buf, v.format, icc_profile=b"", exif=b"", xmp=b"", **options[v.format])
        except (OSError, ValueError) as exc:
            raise ImageError(f"cannot be encoded as {v.format}: {exc}") from None
        out[v] = buf.getvalue()
    return out


# ---- the published original ----

_JPEG_KEEP = {0xE0: b"JFIF\0", 0xE2: b"ICC_PROFILE\0", 0xEE: b"Adobe"}  # APPn kept, by prefix
_PNG_DROP = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME", b"caBX"}


def _strip_jpeg(data: bytes, orientation: int) -> bytes:
    """Drop APP1 (EXIF, XMP), APP13 (IPTC), COM, other APPn and anything after EOI (MPF images,
    vendor trailers); keep JFIF, ICC, Adobe and the coded data byte for byte."""
    out, pos, n = [data[:2]], 2, len(data)
    # a rotated JPEG gets an APP1 whose EXIF holds only the orientation, after JFIF
    exif = b"Exif\0\0MM\0*" + struct.pack(">IHHHIHHI", 8, 1, 0x0112, 3, 1, orientation, 0, 0)
    pending = b"\xff\xe1\x00\x22" + exif if orientation != 1 else b""
    while True:
        start = pos
        while pos < n and data[pos] == 0xFF:
            pos += 1
        if pos >= n or pos == start:
            raise ImageError("is not a valid image (a JPEG with a broken or missing end)")
        marker = data[pos]
        if marker == 0xD9 or 0xD0 <= marker <= 0xD7 or marker == 0x01:  # no length field
            out.append(data[start : pos + 1])
            if marker == 0xD9:
                return b"".join(out)
            pos += 1
            continue
        end = pos + 1 + int.from_bytes(data[pos + 1 : pos + 3], "big")
        if end > n or end < pos + 3:
            raise ImageError("is not a valid image (a JPEG segment runs past the end)")
        if pending and marker != 0xE0:
            out, pending = [*out, pending], b""
        kept = not 0xE0 <= marker <= 0xEF or data[pos + 3 : end].startswith(
            _JPEG_KEEP.get(marker, b"-")
        )
        if kept and marker != 0xFE:
            out.append(data[start:end])
        pos = end
        while marker == 0xDA:  # entropy-coded data: up to the next marker that is not RSTn
            j = data.find(b"\xff", pos)
            if j < 0 or j + 1 >= n:
                raise ImageError("is not a valid image (a truncated JPEG)")
            pos = j + 1
            if not (data[pos] in (0x00, 0xFF) or 0xD0 <= data[pos] <= 0xD7):
                out.append(data[end:j])
                pos, marker = j, 0


def _png_chunks(data: bytes):
    pos, n = 8, len(data)
    while pos + 12 <= n:
        kind, end = data[pos + 4 : pos + 8], pos + 12 + int.from_bytes(data[pos : pos + 4], "big")
        if end > n:
            break
        yield kind, data[pos:end]
        if kind == b"IEND":
            return
        pos = end
    raise ImageError("is not a valid image (a truncated PNG)")


def _strip_png(data: bytes) -> bytes:
    kept = [chunk for kind, chunk in _png_chunks(data) if kind not in _PNG_DROP]
    # Apple's iDOT chunk holds IDAT offsets that removed chunks may have moved
    drop = b"iDOT" if len(kept) < sum(1 for _ in _png_chunks(data)) else None
    return data[:8] + b"".join(chunk for chunk in kept if chunk[4:8] != drop)


def _webp_chunks(data: bytes):
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ImageError("is not a valid image (a broken WebP header)")
    pos, n = 12, min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    while pos + 8 <= n:
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if pos + 8 + size > n:
            raise ImageError("is not a valid image (a truncated WebP)")
        yield data[pos : pos + 4], data[pos : min(pos + 8 + size + (size & 1), n)]
        pos += 8 + size + (size & 1)


def _strip_webp(data: bytes) -> bytes:
    kept = []
    for kind, chunk in _webp_chunks(data):
        if kind == b"VP8X" and len(chunk) > 8:  # clear the EXIF and XMP flags
            chunk = chunk[:8] + bytes([chunk[8] & ~0x0C]) + chunk[9:]
        if kind not in (b"EXIF", b"XMP "):
            kept.append(chunk)
    body = b"WEBP" + b"".join(kept)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _reencode(im, info: ImageInfo, data: bytes) -> bytes:
    """Upright, without metadata, in its own format: lossless but lossy WebP and AVIF (q 90)."""
    from PIL import Image

    try:
        im.load()
        keep = {k: im.info[k] for k in ("icc_profile", "transparency") if k in im.info}
        im = im.copy()  # a plain image: TIFF's writer copies XMP and IPTC from a TIFF it read
        if info.orientation != 1:
            im = im.transpose(getattr(Image.Transpose, _TRANSPOSE[info.orientation]))
        im.info, out = keep, io.BytesIO()
        lossless = info.format == "WEBP" and any(k == b"VP8L" for k, _ in _webp_chunks(data))
        webp = dict(lossless=lossless, quality=90, icc_profile=keep.get("icc_profile"))
        options = {"WEBP": webp, "AVIF": dict(quality=90), "TIFF": dict(compression="tiff_lzw")}
        im.save(out, info.format, **options.get(info.format, {}))
        return out.getvalue()
    except Exception as exc:
        raise ImageError(f"cannot be decoded ({type(exc).__name__}: {exc})") from None


def published_original(data: bytes) -> bytes:
    """The original to publish, without EXIF, GPS, XMP, comments or text; `data` itself when
    there was nothing to remove. A JPEG keeps its coded data byte for byte and, when rotated,
    an EXIF block with only the orientation (which browsers apply); a rotated PNG, WebP, GIF,
    TIFF or AVIF is re-encoded upright. SVG and animated GIF pass through."""
    if _is_svg(data):
        return data
    im, info = _open(data)
    strip = {"PNG": _strip_png, "WEBP": _strip_webp}.get(info.format)
    if info.format == "JPEG":
        out = _strip_jpeg(data, info.orientation)
    elif info.format in RASTER and not info.animated and (info.orientation != 1 or _meta(im)):
        out = _reencode(im, info, data)
    else:
        out = strip(data) if strip else data
    return data if out == data else out


def _meta(im) -> bool:
    """Whether a GIF, TIFF or AVIF has metadata (a PNG or WebP is stripped chunk by chunk)."""
    if im.format not in ("GIF", "TIFF", "AVIF"):
        return False
    tags = getattr(im, "tag_v2", {})  # TIFF: EXIF and GPS IFDs, XMP, IPTC, Photoshop, text
    text = {0x8769, 0x8825, 700, 33723, 34377, 270, 315, 271, 272, 305, 306, 33432}
    return any(im.info.get(k) for k in ("exif", "xmp", "comment")) or bool(text & set(tags))


# fmt: off
def picture_html(*, src_url: str, variants_urls: list[tuple[Variant, str]], width: int,
                 height: int, alt: str, title: str | None = None, sizes: str | None = None,
                 link: bool = True, img_attrs: dict[str, str] | None = None) -> str:
    # fmt: on
    """A `<source>` per format (AVIF first), the original as `<img>`, in a link to the original
    unless `link` is False (already inside a link). `sizes`: the theme's column, or the image's
    width if narrower. URLs come encoded (a srcset URL cannot hold spaces or edge commas)."""
    esc = lambda v: html.escape(str(v), quote=True)
    narrow = f"(min-width: {width + 40}px) {width}px, calc(100vw - 2.5rem)"
    sizes = sizes or (DEFAULT_SIZES if width >= COLUMN_PX else narrow)
    sources = ""
    for fmt in FORMATS:
        chosen = sorted((v.width, url) for v, url in variants_urls if v.format == fmt)
        srcset = ", ".join(f"{url} {w}w" for w, url in chosen)
        if srcset:
            sources += f'<source type="{MIME[fmt]}" srcset="{esc(srcset)}" sizes="{esc(sizes)}">'
    attrs = {"src": src_url, "width": width, "height": height, "alt": alt}
    if title:
        attrs["title"] = title
    attrs |= {"loading": "lazy", "decoding": "async"} | (img_attrs or {})
    img = "<img" + "".join(f' {k}="{esc(v)}"' for k, v in attrs.items()) + ">"
    picture = f"<picture>{sources}{img}</picture>" if sources else img
    return f'<a href="{esc(src_url)}" class="image-link">{picture}</a>' if link else picture
