"""A post's local raster image -> `<picture>` with resized WebP/AVIF variants in `srcset`.

Conversion reads the image (its hash names the variants, so a changed image gets new URLs and
the page depends on the file), plans the variants from its header and writes the markup at
once; the pixels are processed later, in the build's image stage, and only for variants that
are not cached (`ssg.image_outputs`). What it planned is recorded in `ctx.image_uses`.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from ssg import image_options, image_variants, images
from ssg.image_variants import SMALL_FILE
from ssg.markup.context import RenderContext

FOLDER = "_img"  # site folder of the variants: named by content, shared by every post


def variant_settings(table: dict) -> image_variants.VariantSettings | None:
    """The settings of `[images]`, or None when images get no variants."""
    if not image_options.setting(table, "variants"):
        return None
    return image_variants.VariantSettings(**image_options.variant_args(table))


def variants_folder(base_path: str) -> str:
    return f"{base_path}{FOLDER}/"


def picture(
    ctx: RenderContext, file: Path, src_url: str, alt: str, title: str | None, in_link: bool
) -> tuple[str | None, str | None]:
    """(`<picture>` HTML or None to keep a plain `<img>`, a problem with the image or None)."""
    planned, problem = _plan(ctx, file)
    if not planned:
        return None, problem
    info, named = planned
    folder = variants_folder(ctx.base_path)
    html = image_variants.picture_html(
        src_url=src_url,
        variants_urls=[(v, folder + name) for v, name in named],
        width=info.width,
        height=info.height,
        alt=alt,
        title=title,
        link=not in_link,
    )
    return html, None


def sources(ctx: RenderContext, file: Path) -> tuple[tuple[str, str], ...]:
    """(MIME type, srcset) of each format of the variants of `file` (a cover image), AVIF
    first; none for an image that gets none."""
    planned = _plan(ctx, file)[0]
    return _srcsets(ctx, planned[1]) if planned else ()


def _srcsets(ctx: RenderContext, named) -> tuple[tuple[str, str], ...]:
    """(MIME type, srcset) of each format among the `(Variant, file name)` pairs, AVIF first."""
    folder = variants_folder(ctx.base_path)
    found = []
    for fmt in image_variants.FORMATS:
        chosen = sorted((v.width, folder + name) for v, name in named if v.format == fmt)
        if chosen:
            found.append((image_variants.MIME[fmt], ", ".join(f"{u} {w}w" for w, u in chosen)))
    return tuple(found)


def _plan(ctx: RenderContext, file: Path):
    """((ImageInfo, [(Variant, file name)]) or None, a problem or None); records the use."""
    settings = ctx.images
    if settings is None:
        return None, None
    try:
        size = images.image_size(file)
        if size and max(size) <= settings.widths[0] and file.stat().st_size <= SMALL_FILE:
            return None, None  # too small for variants: not read (`plan_variants` says the same)
        data = _read(file)
        info = image_variants.inspect(data)
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror})"
    except image_variants.ImageError as exc:
        return None, str(exc)
    planned = image_variants.plan_variants(info, settings)
    if not planned:
        return None, None
    digest = hashlib.sha256(data).hexdigest()[:16]
    named = [(v, image_variants.variant_name(file.stem, digest, v, settings)) for v in planned]
    ctx.image_uses.append(
        (str(file), digest, tuple((v.width, v.height, v.format, name) for v, name in named))
    )
    return (info, named), None


def _read(file: Path) -> bytes:
    """The file's bytes (a post's excerpt renders its first image a second time)."""
    stat = file.stat()
    key = (str(file), stat.st_mtime_ns, stat.st_size)
    if _LAST[0] != key:
        _LAST[:] = [key, file.read_bytes()]
    return _LAST[1]


_LAST: list = [None, b""]


_IMG = re.compile(r"<img\b(?:\"[^\"]*\"|'[^']*'|[^\"'>])*>", re.IGNORECASE)
_ATTR = re.compile(r"""\s([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


def html_images(ctx: RenderContext, content: str, find) -> str:
    """Raw HTML with each `<img>` of a local raster image put in a `<picture>` with its
    variants (`find(src)`: the image's file, or None); the tag itself is kept as written,
    with its size added when it has none. HTML that has a `<picture>` of its own is left."""
    if "<picture" in content.lower():
        return content

    def one(match: re.Match) -> str:
        tag = match.group(0)
        attrs = {
            m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
            for m in _ATTR.finditer(tag)
        }
        file = find(html.unescape(attrs.get("src", ""))) if attrs.get("src") else None
        planned = _plan(ctx, file)[0] if file is not None else None
        if not planned:
            return tag
        info, named = planned
        if "width" not in attrs and "height" not in attrs:
            end = -2 if tag.endswith("/>") else -1
            tag = f'{tag[:end].rstrip()} width="{info.width}" height="{info.height}"{tag[end:]}'
        shown = int(attrs["width"]) if attrs.get("width", "").isdigit() else info.width
        narrow = f"(min-width: {shown + 40}px) {shown}px, calc(100vw - 2.5rem)"
        sizes = image_variants.DEFAULT_SIZES if shown >= image_variants.COLUMN_PX else narrow
        out = "".join(
            f'<source type="{mime}" srcset="{html.escape(srcset)}" sizes="{html.escape(sizes)}">'
            for mime, srcset in _srcsets(ctx, named)
        )
        return f"<picture>{out}{tag}</picture>"

    return _IMG.sub(one, content)
