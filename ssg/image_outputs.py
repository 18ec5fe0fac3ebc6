"""Plan and make a build's image files:

- the variants conversion gave the posts' images (`markup.picture`): one output each under
  `/_img/`, named by the source's content hash and the settings, so a name is made once.
  The image stage (`make_images`, before rendering) processes each source whose variants are
  to be written and are not in `.ssg-cache/images/`, in forked workers; rendering then reads
  the files from there. A rebuild with no image change processes nothing and writes nothing.
- the published originals of the site's JPEG, PNG and WebP files, without their metadata
  (GPS!): outputs instead of plain copies (`published_originals`).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ssg import image_options, image_variants
from ssg.errors import Diagnostic, warning
from ssg.markup.picture import FOLDER, variant_settings
from ssg.page import Page
from ssg.plan import OutputSpec, Planner

CACHE = "images"  # under .ssg-cache/
STRIPPED = (".jpg", ".jpeg", ".png", ".webp")


@dataclass(slots=True)
class _Source:
    path: str
    digest: str
    used_by: str  # the first page that shows it (for messages)
    variants: list[tuple[int, int, str, str]] = field(default_factory=list)


@dataclass(slots=True)
class ImageFiles:
    """The variants of a build: file name -> where it comes from; read from `folder`."""

    folder: Path
    settings: object  # `VariantSettings`
    sources: dict[str, _Source] = field(default_factory=dict)  # source digest -> source
    names: dict[str, str] = field(default_factory=dict)  # variant file name -> source digest
    temporary: tempfile.TemporaryDirectory | None = None

    def read(self, name: str) -> bytes:
        return (self.folder / name).read_bytes()

    def close(self) -> None:
        if self.temporary is not None:
            self.temporary.cleanup()


def plan_images(
    planner: Planner, pages: list[Page], table: dict, cache_dir: Path | None
) -> ImageFiles:
    """Add an output for every variant the `pages` show; what the image stage needs."""
    settings = variant_settings(table)
    temporary = None
    if cache_dir is None:  # (`--no-cache`: made for this build only)
        temporary = tempfile.TemporaryDirectory(prefix="ssg-images-")
        folder = Path(temporary.name)
    else:
        folder = cache_dir / CACHE
    files = ImageFiles(folder, settings, temporary=temporary)
    if settings is None:
        return files
    for page in pages:
        for path, digest, variants in page.images:
            source = files.sources.setdefault(digest, _Source(path, digest, page.source))
            for variant in variants:
                name = variant[3]
                if name not in files.names:
                    files.names[name] = digest
                    source.variants.append(variant)
    for name in sorted(files.names):
        planner.add(f"/{FOLDER}/{name}", "image variant", name, make=lambda n=name: files.read(n))
    return files


def make_images(files: ImageFiles, todo: list[OutputSpec], jobs: int | None) -> list[Diagnostic]:
    """Process every source that has a variant in `todo` not in the cache; warnings for
    images that cannot be processed (their variants are then not written)."""
    prefix = f"{FOLDER}/"
    wanted = {s.path[len(prefix) :] for s in todo if s.path.startswith(prefix)}
    missing = [name for name in sorted(wanted) if not (files.folder / name).is_file()]
    digests = list(dict.fromkeys(files.names[name] for name in missing if name in files.names))
    if not digests:
        return []
    files.folder.mkdir(parents=True, exist_ok=True)
    tasks = [(files.sources[d], files.settings, str(files.folder)) for d in digests]
    workers = min(len(tasks), jobs if jobs is not None else (os.cpu_count() or 1))
    if workers < 2:
        results = [_process(task) for task in tasks]
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor  # only when there is work for it

        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            results = list(pool.map(_process, tasks))
    return [problem for problem in results if problem is not None]


def _process(task) -> Diagnostic | None:
    """Make the variants of one source into the cache folder (each written whole, then
    renamed); a warning if it cannot be."""
    source, settings, folder = task
    try:
        data = Path(source.path).read_bytes()
        if hashlib.sha256(data).hexdigest()[:16] != source.digest:
            raise image_variants.ImageError("changed while the site was building; build again")
        made = image_variants.make_variants(data, settings)
    except OSError as exc:
        return warning(source.used_by, None, f"image {source.path} cannot be read: {exc.strerror}")
    except image_variants.ImageError as exc:
        return warning(source.used_by, None, f"image {source.path} {exc}")
    for width, height, fmt, name in source.variants:
        data = made.get(image_variants.Variant(width, height, fmt))
        if data is None:
            continue
        tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, os.path.join(folder, name))
    return None


def published_originals(static: list, table: dict) -> tuple[list[OutputSpec], list]:
    """(outputs for the static JPEG, PNG and WebP files, published without metadata; the
    other static files) when `[images] strip_metadata` is on (else: none, all of them)."""
    if not image_options.setting(table, "strip_metadata"):
        return [], static
    specs, rest = [], []
    for entry in static:
        source, rel, origin = entry
        if not rel.lower().endswith(STRIPPED):
            rest.append(entry)
            continue
        try:
            stat = os.stat(source)
        except OSError:
            rest.append(entry)  # the copy says what is wrong
            continue
        version = image_variants.PROCESSING_VERSION
        key = f"original\x1f{rel}\x1f{stat.st_size}\x1f{stat.st_mtime_ns}\x1f{version}"
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        make = lambda s=source: _stripped(s)  # noqa: E731
        specs.append(OutputSpec(url="/" + rel, path=rel, origin=origin, digest=digest, make=make))
    return specs, rest


def _stripped(source) -> bytes:
    data = Path(source).read_bytes()
    try:
        return image_variants.published_original(data)
    except image_variants.ImageError:
        return data  # not an image Pillow reads: published as it is (conversion warned)
