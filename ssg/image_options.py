"""The `[images]` table of `ssg.toml`: responsive variants of a site's raster images and the
metadata removed from what is published, checked like any other setting.

`config.py` declares the table; this module says what may go inside it and its defaults
(`ssg.image_variants.VariantSettings` takes them as they are).
"""

from __future__ import annotations

FORMATS = ("avif", "webp")
# key -> (type, default, what it does): the README's table of `[images]` says the same
KEYS: dict[str, tuple[type, object, str]] = {
    "variants": (bool, True, "Resized WebP/AVIF copies of each local raster image in posts."),
    "widths": (list, [480, 720, 1080, 1440], "Widths in pixels of the copies (never upscaled)."),
    "formats": (list, ["avif", "webp"], 'Formats of the copies: "avif", "webp" or both.'),
    "avif_quality": (int, 60, "AVIF quality, 1-100."),
    "webp_quality": (int, 80, "WebP quality, 1-100."),
    "strip_metadata": (bool, True, "Publish JPEG/PNG/WebP files without EXIF, GPS and text."),
}


def problem(key: str, value) -> str | None:
    """What is wrong with `[images]` (already a table), or None; other keys: None."""
    if key != "images":
        return None
    for name, item in value.items():
        if name not in KEYS:
            return f"unknown key `images.{name}` (known: {', '.join(KEYS)})"
        kind = KEYS[name][0]
        if not isinstance(item, kind) or (kind is int and isinstance(item, bool)):
            return f"`images.{name}` must be {'a list' if kind is list else kind.__name__}"
    widths = value.get("widths", [480])
    if not widths or not all(type(w) is int and 16 <= w <= 8192 for w in widths):
        return "`images.widths` must be a list of whole numbers from 16 to 8192"
    formats = value.get("formats", [])
    if not all(f in FORMATS for f in formats):
        return '`images.formats` may hold "avif" and "webp" only'
    for name in ("avif_quality", "webp_quality"):
        if not 1 <= value.get(name, 50) <= 100:
            return f"`images.{name}` must be from 1 to 100"
    return None


def setting(table: dict, name: str):
    """The value of `[images] name`, or its default."""
    return table.get(name, KEYS[name][1])


def variant_args(table: dict) -> dict:
    """`VariantSettings` keyword arguments for the `[images]` table."""
    return {
        "widths": tuple(setting(table, "widths")),
        "formats": tuple(setting(table, "formats")),
        "avif_quality": setting(table, "avif_quality"),
        "webp_quality": setting(table, "webp_quality"),
        "enabled": setting(table, "variants"),
    }
