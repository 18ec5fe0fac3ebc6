"""Local images: find the file a post refers to and read its pixel size.

imagesize reads only the file header, so probing is cheap. A file that is not a valid image,
or claims an absurd size, gets no size and a reason (`probe`), which the caller reports. A
symbolic link that is broken or leads outside the site folder is not an image of the site.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

# formats imagesize always reads: a file of one of these that gives no size is broken
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff")
MAX_SIDE = 100_000  # px; a header that claims more is lying (or an attack on the reader)


@dataclass(frozen=True, slots=True)
class LocalRef:
    """Where a relative or site-absolute reference in a post points."""

    file: Path | None  # the file in the site's content or static folders, None if missing
    url: str | None  # site path (`/images/x.png`) or None to keep the reference relative


def is_external(src: str) -> bool:
    parts = urlsplit(src)
    return bool(parts.scheme or parts.netloc) or src.startswith(("#", "data:", "mailto:"))


def resolve(
    src: str,
    *,
    post_dir: Path,
    bundle_dir: Path | None,
    content_dir: Path,
    static_dirs: tuple[Path, ...],
    site_root: Path | None = None,
) -> LocalRef:
    """Resolve `src` written in a post whose source lives in `post_dir`.

    `/images/x.png` is looked up in `content/`, then in the site's and theme's `static/`;
    `x.png` is looked up beside the post (a bundle's assets are copied beside its page, so
    the reference stays relative), else resolved against the post's folder in `content/`.
    A symbolic link counts only when its real path is inside `site_root` (inside the folder it
    was found in, without one, or for the theme shipped with ssg).
    """
    path = unquote(urlsplit(src).path)
    if path.startswith("/"):
        key = (path, content_dir, static_dirs, site_root)
        found = _SITE_PATHS.get(key)
        if found is None:
            found = _SITE_PATHS[key] = _site_path(path, content_dir, static_dirs, site_root)
        return found
    candidate = (post_dir / path).resolve()
    if bundle_dir is not None and _inside(candidate, bundle_dir):
        return LocalRef(candidate if candidate.is_file() else None, None)
    content = _real(content_dir)
    if _inside(candidate, content) and candidate.is_file():
        return LocalRef(candidate, "/" + candidate.relative_to(content).as_posix())
    return LocalRef(None, None)


# site path and folders -> where it points, for one build (the same figures in many posts
# cost a `stat` per folder each time); `forget` empties it when a build starts
_SITE_PATHS: dict[tuple, LocalRef] = {}


def forget() -> None:
    """Forget what `resolve` found: files may have come or gone since the last build."""
    _SITE_PATHS.clear()


def _site_path(path: str, content_dir: Path, static_dirs, site_root) -> LocalRef:
    rel = posixpath.normpath(path).lstrip("/")  # `/../x.png` stays inside the site
    for root in (content_dir, *static_dirs):
        candidate = root / rel
        bound = site_root if site_root and root.is_relative_to(site_root) else root
        if candidate.is_file() and _inside(Path(os.path.realpath(candidate)), bound):
            return LocalRef(candidate, path)
    return LocalRef(None, path)


@lru_cache(maxsize=64)
def _real(folder: Path) -> Path:
    return folder.resolve()


def _inside(path: Path, folder: Path) -> bool:
    folder = _real(folder)
    return path == folder or folder in path.parents


@lru_cache(maxsize=4096)
def _size(path: str, mtime_ns: int, length: int) -> tuple[tuple[int, int] | None, str | None]:
    if length == 0:
        return None, "is not a valid image (the file is empty)"
    try:
        import imagesize  # it imports urllib.request: only when an image is measured

        width, height = imagesize.get(path)
    except (OSError, ValueError):
        width = height = -1
    if width <= 0 or height <= 0:
        if path.lower().endswith(RASTER_SUFFIXES):
            return None, "is not a valid image"
        return None, None  # a format without a readable size (an SVG without width)
    width, height = int(width), int(height)
    if width > MAX_SIDE or height > MAX_SIDE:
        return None, f"claims {width}×{height} px (more than {MAX_SIDE:,} a side); size left out"
    return (width, height), None


def probe(path: Path) -> tuple[tuple[int, int] | None, str | None]:
    """((width, height) or None, why not): the reason, for a file that is not a valid image or
    claims an absurd size, reads after the image's name ("is not a valid image"); a format
    without a readable size (an SVG without `width`) has no size and no reason."""
    try:
        stat = path.stat()
    except OSError:
        return None, None
    return _size(str(path), stat.st_mtime_ns, stat.st_size)


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in pixels, or None for a format without a readable size (or a broken
    file: see `probe`)."""
    return probe(path)[0]
