"""The build pipeline, as a list of stages:

    discover -> parse -> select -> convert (cached, parallel) -> assemble -> plan
             -> render (changed outputs only) -> write

Every stage adds its problems to one `Report`; errors stop the build before anything
is written, so a failed build leaves the previous site untouched.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import jinja2

from ssg import __version__, highlight, liquid
from ssg.cache import BuildCache
from ssg.config import Config
from ssg.errors import Report, SsgError
from ssg.frontmatter import Document, parse_document
from ssg.page import Page, cache_key, convert
from ssg.render import OutputSpec, Planner, collisions, render
from ssg.site import Site, assemble
from ssg.sources import discover
from ssg.templates import (
    find_theme,
    fingerprint,
    make_env,
    static_dirs,
    template_dirs,
    template_error,
)
from ssg.writer import Stage, WriteStats, check_output_dir, commit, load_manifest

PARALLEL_THRESHOLD = 24  # below this many pages to convert, a process pool costs more than it saves


@dataclass(frozen=True, slots=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    output: Path | None = None
    jobs: int | None = None
    use_cache: bool = True
    now: datetime | None = None  # "the present" for future posts (tests pin it)


@dataclass(slots=True)
class BuildResult:
    report: Report
    site: Site | None = None
    outputs: list[OutputSpec] = field(default_factory=list)
    stats: WriteStats = field(default_factory=WriteStats)
    converted: int = 0  # pages converted this run (cache misses)
    left_out: dict = field(default_factory=dict)  # reason -> count
    timings: dict = field(default_factory=dict)
    output: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.report.errors


def build(
    config: Config,
    options: BuildOptions = BuildOptions(),
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    report = Report()
    result = BuildResult(report)
    clock = _Clock(result.timings)
    theme = find_theme(config)
    output = (options.output or config.output_path).resolve()
    result.output = output
    protected = [
        config.content_path,
        theme.path,
        config.root / "templates",
        config.root / "static",
        config.includes_path,
    ]
    check_output_dir(output, site_root=config.root, protected=protected)
    cache = BuildCache(config.root, enabled=options.use_cache)
    dirs = template_dirs(config, theme)
    statics = static_dirs(config, theme)

    sources = discover(config.content_path, config.root)
    clock.lap("discover")

    documents: list[Document] = []
    for source in sources.documents:
        doc, problems = parse_document(source, config.tz)
        report.extend(problems)
        if doc is not None:
            documents.append(doc)
    clock.lap("parse")

    documents, result.left_out = select(documents, options, config)

    fingerprint_all = "|".join(
        [
            __version__,
            config.fingerprint(),
            liquid.includes_fingerprint(
                config.includes_path if config.includes_path.is_dir() else None
            ),
            ",".join(str(d) for d in statics),
        ]
    )
    pages, result.converted = convert_all(
        documents, config, statics, fingerprint_all, cache, report, options.jobs, progress
    )
    clock.lap("convert")

    site = assemble(pages, config)
    result.site = site
    clock.lap("assemble")

    try:
        env = make_env(config, dirs, cache.dir if options.use_cache else None)
        planner = Planner(site, fingerprint(dirs), env)
        specs = planner.plan()
    except jinja2.TemplateError as exc:
        raise SsgError(template_error(exc, dirs, config.root)) from None
    code_css = highlight.stylesheet(config.code_style_light, config.code_style_dark)
    specs.append(
        OutputSpec(
            url="/css/code.css",
            path="css/code.css",
            origin="code styles",
            digest=str(hash(code_css)),
            make=lambda: code_css,
        )
    )
    static = static_files(sources, statics, pages)
    report.extend(planner.diagnostics)
    report.extend(collisions(specs + [_static_spec(rel, origin) for _, rel, origin in static]))
    result.outputs = specs
    clock.lap("plan")
    if report.errors:
        return result

    old = load_manifest(output)
    stage = Stage(cache.staging if options.use_cache else output.parent / ".ssg-staging")
    site_view = planner.site_view()
    manifest: dict[str, str] = {}
    for spec in specs:
        manifest[spec.path] = spec.digest
        if old.get(spec.path) == spec.digest and (output / spec.path).is_file():
            result.stats.skipped += 1
            continue
        try:
            stage.add(spec.path, render(spec, env, site_view))
        except jinja2.TemplateError as exc:
            report.add(template_error(exc, dirs, config.root))
            continue
        except Exception as exc:  # noqa: BLE001 - a template calling into bad data
            if not _in_templates(exc, dirs):
                raise
            report.add(template_error(exc, dirs, config.root))
            continue
        result.stats.rendered += 1
    clock.lap("render")
    if report.errors:
        stage.discard()
        return result
    for _, rel, _ in static:
        manifest[rel] = "static"
    commit(stage, output, manifest, [(s, r) for s, r, _ in static], result.stats)
    clock.lap("write")
    return result


def select(documents: list[Document], options: BuildOptions, config: Config):
    """Leave out drafts and future posts unless asked for; count what was left out and why."""
    now = options.now or datetime.now(UTC)
    kept, left_out = [], {}
    for doc in documents:
        if doc.draft and not options.drafts:
            left_out["draft"] = left_out.get("draft", 0) + 1
        elif (
            doc.source.kind == "post"
            and doc.date is not None
            and doc.date > now
            and not options.future
        ):
            left_out["future"] = left_out.get("future", 0) + 1
        else:
            kept.append(doc)
    return kept, left_out


# --- convert: cached, and in a process pool when there is enough work ---------------

_worker_state: dict = {}


def _init_worker(config, statics, root) -> None:
    _worker_state.update(config=config, statics=statics, cache=BuildCache(root))


def _convert_one(item):
    doc, key = item
    state = _worker_state
    page, problems, files = convert(doc, state["config"], state["statics"], key)
    _store(state["cache"], key, page, problems, files)
    return page, problems


def _store(cache: BuildCache, key: str, page: Page, problems, files) -> None:
    if any("not found" in p.message for p in problems):
        return  # a missing file may appear later: convert again next time
    cache.put(key, (page, problems), files)


def convert_all(documents, config, statics, fingerprint_all, cache, report, jobs, progress):
    results: dict[int, tuple[Page, list]] = {}
    todo = []
    for index, doc in enumerate(documents):
        key = cache_key(doc.source.sha256, fingerprint_all)
        hit = cache.get(key)
        if hit is not None:
            results[index] = hit
        else:
            todo.append((index, doc, key))
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if progress and todo:
        progress(f"converting {len(todo)} of {len(documents)} documents")
    if len(todo) >= PARALLEL_THRESHOLD and workers > 1:
        import multiprocessing

        context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        with ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(config, statics, config.root),
        ) as pool:
            chunk = max(1, len(todo) // (workers * 8))
            for (index, _, _), value in zip(
                todo,
                pool.map(_convert_one, [(d, k) for _, d, k in todo], chunksize=chunk),
                strict=True,
            ):
                results[index] = value
    else:
        for index, doc, key in todo:
            page, problems, files = convert(doc, config, statics, key)
            _store(cache, key, page, problems, files)
            results[index] = (page, problems)
    pages = []
    for index in range(len(documents)):
        page, problems = results[index]
        report.extend(problems)
        pages.append(page)
    return pages, len(todo)


def static_files(sources, statics: tuple[Path, ...], pages: list[Page]):
    """(source, output path, origin) for theme static, site static, content files and bundle
    assets; a later one wins over an earlier one at the same path."""
    chosen: dict[str, tuple[Path, str, str]] = {}
    for folder in reversed(statics):  # theme first, then the site's static/
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                rel = path.relative_to(folder).as_posix()
                chosen[rel] = (path, rel, str(path))
    for item in sources.static:
        if item.bundle_dir is None:
            chosen[item.content_rel] = (item.path, item.content_rel, item.content_rel)
    listed = {}
    for page in pages:
        for source, rel in page.assets:
            listed[rel] = (Path(source), rel, page.source)
    for rel, entry in listed.items():
        if rel in chosen:
            continue
        chosen[rel] = entry
    return sorted(chosen.values(), key=lambda e: e[1])


def _static_spec(rel: str, origin: str) -> OutputSpec:
    return OutputSpec(url="/" + rel, path=rel, origin=origin, digest="static")


def _in_templates(exc: BaseException, dirs) -> bool:
    tb = exc.__traceback__
    while tb is not None:
        if any(tb.tb_frame.f_code.co_filename.startswith(str(d)) for d in dirs):
            return True
        tb = tb.tb_next
    return False


class _Clock:
    def __init__(self, timings: dict):
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = now - self.last
        self.last = now
