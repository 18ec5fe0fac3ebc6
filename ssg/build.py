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

from ssg import __version__
from ssg.cache import BuildCache, files_fingerprint
from ssg.config import Config
from ssg.errors import Report, SsgError
from ssg.frontmatter import parse_document
from ssg.jekyll.discover import discover_jekyll
from ssg.page import Page, cache_key, convert, page_url
from ssg.render import OutputSpec, Planner, collisions, render
from ssg.site import Site, assemble
from ssg.sources import SourceFile, discover, front_matter_defaults
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
    progress: Callable[[str, int, int], None] | None = None,
    cache: BuildCache | None = None,
) -> BuildResult:
    """Build the site; `progress(stage, done, total)` hears about long stages. A long-running
    caller (`ssg serve`) passes its own `cache`, kept in memory between builds."""
    theme = find_theme(config)
    output = (options.output or config.output_path).resolve()
    protected = [
        config.content_path if config.content_path != config.root else config.root / "_posts",
        theme.path,
        config.root / "templates",
        config.root / "static",
        config.includes_path,
    ]
    check_output_dir(output, site_root=config.root, protected=protected)
    if cache is not None:
        return _build(config, options, progress, theme, output, cache)
    cache = BuildCache(config.root, enabled=options.use_cache)
    try:
        return _build(config, options, progress, theme, output, cache)
    finally:
        cache.close()


def _build(config, options, progress, theme, output, cache) -> BuildResult:
    report = Report()
    result = BuildResult(report, output=output)
    clock = _Clock(result.timings)
    dirs = template_dirs(config, theme)
    statics = static_dirs(config, theme)

    if config.source_layout == "jekyll":  # `_posts/` folders anywhere, as Jekyll reads them
        sources = discover_jekyll(config, cache.known_hash)
    else:
        sources = discover(
            config.content_path,
            config.root,
            cache.known_hash,
            tuple(config.category_folders),
            front_matter_defaults(config.defaults),
        )
    links = post_links(sources.documents, config)  # `{% post_url %}`, in Jekyll sites
    clock.lap("discover")

    fingerprint_all = "|".join(
        [
            __version__,
            config.fingerprint(),
            files_fingerprint(config.includes_path, config.root / config.data_dir),
            repr(sorted(links.items())),
            ",".join(str(d) for d in statics),
        ]
    )
    pages, result.converted = load_pages(
        sources.documents,
        config,
        (statics, links),
        fingerprint_all,
        cache,
        report,
        options.jobs,
        progress,
    )
    pages, result.left_out = select(pages, options)
    clock.lap("convert")

    site = assemble(pages, config)
    result.site = site
    clock.lap("assemble")

    try:
        env = make_env(config, dirs, cache.dir)
        planner = Planner(site, fingerprint(dirs), env)
        specs = planner.plan()
    except jinja2.TemplateError as exc:
        raise SsgError(template_error(exc, dirs, config.root)) from None
    static = static_files(sources, statics, pages)
    report.extend(planner.diagnostics)
    report.extend(collisions(specs + [_static_spec(rel, origin) for _, rel, origin in static]))
    result.outputs = specs
    clock.lap("plan")
    if report.errors:
        return result

    old = load_manifest(output)
    stage = Stage(cache.staging)
    manifest = {spec.path: spec.digest for spec in specs}
    todo = [s for s in specs if old.get(s.path) != s.digest or not (output / s.path).is_file()]
    result.stats.skipped = len(specs) - len(todo)
    stage.make_folders(spec.path for spec in todo)
    context = RenderJob(todo, env, planner.site_view(), stage, dirs, config.root)
    if progress and todo:
        progress("rendering", 0, len(todo))
    report.extend(render_all(context, options.jobs))
    result.stats.rendered = len(stage.paths)
    clock.lap("render")
    if report.errors:
        stage.discard()
        return result
    for _, rel, _ in static:
        manifest[rel] = "static"
    from_sources = {page.source for page in pages}  # pages made from a Markdown file
    sources = {spec.path: spec.origin for spec in specs if spec.origin in from_sources}
    commit(stage, output, manifest, sources, [(s, r) for s, r, _ in static], result.stats)
    clock.lap("write")
    return result


@dataclass(slots=True)
class RenderJob:
    specs: list[OutputSpec]
    env: jinja2.Environment
    site_view: dict
    stage: Stage
    dirs: list[Path]
    root: Path


def render_all(job: RenderJob, jobs: int | None) -> list:
    """Render every spec into the stage; forked workers share the site without pickling it."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if len(job.specs) < PARALLEL_THRESHOLD * 4 or workers < 2 or sys.platform != "linux":
        return _render_range(job, range(len(job.specs)))[1]
    import multiprocessing

    _worker_state["render"] = job
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            shares = [range(i, len(job.specs), workers) for i in range(workers)]
            results = list(pool.map(_render_share, shares))
    finally:
        _worker_state.pop("render", None)
    problems = []
    for paths, found in results:
        job.stage.paths.extend(paths)
        problems.extend(found)
    return problems


def _render_share(indices: range):
    job = _worker_state["render"]
    job.stage.paths = []
    return _render_range(job, indices)


def _render_range(job: RenderJob, indices) -> tuple[list[str], list]:
    problems = []
    for index in indices:
        spec = job.specs[index]
        try:
            job.stage.add(spec.path, render(spec, job.env, job.site_view))
        except jinja2.TemplateError as exc:
            problems.append(template_error(exc, job.dirs, job.root))
        except Exception as exc:  # noqa: BLE001 - a template calling into bad data
            if not _in_templates(exc, job.dirs):
                raise
            problems.append(template_error(exc, job.dirs, job.root))
    return job.stage.paths, problems


def select(pages: list[Page], options: BuildOptions) -> tuple[list[Page], dict]:
    """Leave out drafts and future posts unless asked for; count what was left out and why."""
    now = options.now or datetime.now(UTC)
    kept, left_out = [], {}
    for page in pages:
        if page.draft and not options.drafts:
            left_out["draft"] = left_out.get("draft", 0) + 1
        elif page.kind == "post" and page.date > now and not options.future:
            left_out["future"] = left_out.get("future", 0) + 1
        else:
            kept.append(page)
    return kept, left_out


# --- convert: cached, and in a process pool when there is enough work ---------------

_worker_state: dict = {}


def _init_worker(config, context, cache) -> None:
    _worker_state.update(config=config, context=context, cache=cache)


def _process_in_worker(item):
    source, key = item
    state = _worker_state
    return process(source, key, state["config"], state["context"], state["cache"])


def process(source: SourceFile, key: str, config: Config, context, cache: BuildCache):
    """parse + convert one source, the unit of caching: (page, problems, cache entry).
    `context` is (static folders, post links)."""
    context, links = context
    doc, problems = parse_document(source, config.tz)
    if doc is None:
        return None, problems, None
    page, found, files = convert(doc, config, context, key, links)
    problems = problems + found
    missing = any("not found" in p.message for p in problems)  # it may appear: convert again
    page, entry = cache.put(key, page, problems, files, reusable=not missing)
    return page, problems, entry


def load_pages(sources, config, context, fingerprint_all, cache, report, jobs, progress):
    """Every document as a `Page`: from the cache when its key matches, else converted."""
    results: dict[int, tuple] = {}
    entries = {}
    todo = []
    keys = [cache_key(source.sha256, fingerprint_all) for source in sources]
    for index, (source, key) in enumerate(zip(sources, keys, strict=True)):
        hit = cache.get(key)
        if hit is not None:
            results[index] = hit
            entries[key] = cache.entries[key]
        else:
            todo.append((index, source, key))
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    report_progress = progress or (lambda stage, done, total: None)

    def collect(done, index, key, value) -> None:
        page, problems, entry = value
        results[index] = (page, problems)
        if entry is not None:
            entries[key] = entry
        report_progress("converting", done, len(todo))

    if len(todo) >= PARALLEL_THRESHOLD and workers > 1:
        import multiprocessing

        start = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        with ProcessPoolExecutor(
            workers,
            mp_context=start,
            initializer=_init_worker,
            initargs=(config, context, cache),
        ) as pool:
            chunk = max(1, min(8, len(todo) // (workers * 16)))  # small: no long tail
            items = [(source, key) for _, source, key in todo]
            values = pool.map(_process_in_worker, items, chunksize=chunk)
            for done, ((index, _, key), value) in enumerate(zip(todo, values, strict=True), 1):
                collect(done, index, key, value)
    else:
        for done, (index, source, key) in enumerate(todo, 1):
            collect(done, index, key, process(source, key, config, context, cache))
    if todo or len(entries) != len(cache.entries):  # something changed: save the index
        files = {str(s.path): (s.size, s.mtime_ns, s.sha256) for s in sources}
        cache.commit(files, entries)
    pages = []
    for index in range(len(sources)):
        page, problems = results[index]
        report.extend(problems)
        if page is not None:
            pages.append(page)
    return pages, len(todo)


def post_links(documents: list[SourceFile], config: Config) -> dict[str, str]:
    """Jekyll's `{% post_url name %}` targets: each post's name under `_posts/` -> its URL
    (front matter only; an unreadable post is reported later, by its own conversion)."""
    if not config.jekyll_compat:
        return {}
    links = {}
    fingerprint = config.fingerprint()
    for source in documents:
        if source.kind == "post" and not source.draft:
            memo = (source.sha256, source.rel, fingerprint)
            if memo not in _POST_URLS:  # `ssg serve` parses an unchanged post only once
                doc, _ = parse_document(source, config.tz)
                _POST_URLS[memo] = page_url(doc, config) if doc is not None else None
            if _POST_URLS[memo] is not None:
                links[source.link_name] = _POST_URLS[memo]
    return links


_POST_URLS: dict[tuple[str, str, str], str | None] = {}  # (sha256, path, config) -> URL


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
