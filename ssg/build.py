"""The build pipeline, as a list of stages (each a module of its own):

    discover (sources; jekyll.discover) -> parse + convert (convert: cached, parallel)
      -> select -> assemble (site) -> plan (plan; search_outputs, card_outputs)
      -> render (render: changed outputs only; social cards drawn here) -> write (writer)

Every stage adds its problems to one `Report`; errors stop the build before anything
is written, so a failed build leaves the previous site untouched.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import jinja2

from ssg import images
from ssg.cache import CACHE_DIR, BuildCache
from ssg.card_outputs import add_cards, plan_cards
from ssg.config import Config
from ssg.convert import ConvertContext, conversion_fingerprint, load_pages, site_fingerprint
from ssg.data import data_links
from ssg.errors import Report, SsgError, error
from ssg.image_outputs import make_images, plan_images, published_originals
from ssg.jekyll.discover import discover_jekyll
from ssg.page import Page
from ssg.plan import OutputSpec, Planner, collisions
from ssg.post_links import post_links
from ssg.render import RenderJob, render_all
from ssg.search_outputs import plan_search
from ssg.site import Site, assemble
from ssg.sources import Sources, check_folders, discover, front_matter_defaults
from ssg.static import static_files
from ssg.stored import DamagedText
from ssg.templates import (
    find_theme,
    fingerprints,
    make_env,
    static_dirs,
    template_dirs,
    template_error,
    template_links,
)
from ssg.writer import Saved, Stage, WriteStats, check_output_dir, commit, written


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
    notes: list[str] = field(default_factory=list)  # what was wrong with the cache (for -v)
    static: dict = field(default_factory=dict)  # source file -> its path in the output

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
    report = Report()
    report.extend(check_folders(config))  # content, includes, data inside the site folder
    report.extend(config.warnings)  # settings the loader ignored (a Jekyll `exclude: 5`)
    theme = find_theme(config)
    output = (options.output or config.output_path).resolve()
    protected = [
        config.content_path if config.content_path != config.root else config.root / "_posts",
        theme.path,
        config.root / "templates",
        config.root / "static",
        config.includes_path,
        config.root / config.data_dir,
    ]
    check_output_dir(output, site_root=config.root, protected=protected)
    if cache is not None:
        return _build_checked(config, options, progress, theme, output, cache, report)
    cache = BuildCache(config.root, enabled=options.use_cache)
    try:
        return _build_checked(config, options, progress, theme, output, cache, report)
    finally:
        cache.close()


def _build_checked(config, options, progress, theme, output, cache, report) -> BuildResult:
    """`_build`, and once more if a page body read from the cache failed its check: the
    damaged entries are dropped, so their pages are converted again."""
    before = list(report.items)
    try:
        result = _build(config, options, progress, theme, output, cache, report)
    except DamagedText:
        cache.drop_damaged()
        report = Report()
        report.extend(before)
        try:
            result = _build(config, options, progress, theme, output, cache, report)
        except DamagedText as exc:  # changing under our feet
            message = f"{exc} keeps failing its check; delete {CACHE_DIR}/ and build again"
            raise SsgError(error(CACHE_DIR, None, message)) from None
    result.notes = cache.take_notes()
    return result


def _build(config, options, progress, theme, output, cache, report) -> BuildResult:
    images.forget()  # (in `ssg serve`, an image may have come or gone since the last build)
    result = BuildResult(report, output=output)
    clock = _Clock(result.timings)
    dirs = template_dirs(config, theme)
    report.extend(template_links(config, dirs))  # templates that are links outside the site
    linked: list = []  # static folders that are links outside the site
    statics = static_dirs(config, theme, linked)
    report.extend(linked)

    sources = find_sources(config, cache.known_hash)
    report.extend(sources.problems)  # symbolic links skipped
    report.extend(data_links(config.root / config.data_dir, config.root))
    links = post_links(sources.documents, config)  # `{% post_url %}`, in Jekyll sites
    clock.lap("discover")

    pages, result.converted = load_pages(
        sources.documents,
        config,
        ConvertContext(statics, links, site_fingerprint(config, links)),
        conversion_fingerprint(config, statics),
        cache,
        report,
        options.jobs,
        progress,
    )
    published = select(pages, BuildOptions(now=options.now))[0]  # what search may show
    pages, result.left_out = select(pages, options)
    clock.lap("convert")

    site = assemble(pages, config)
    result.site = site
    clock.lap("assemble")

    kept_dir = cache.dir if cache.enabled else None  # (a throwaway cache keeps nothing)
    cards, problems = plan_cards(site) if config.cards else ({}, [])
    report.extend(problems)  # titles with characters the card's font lacks
    try:
        env = make_env(config, dirs, cache.dir)
        planner = Planner(site, fingerprints(dirs), env, cards)
        specs = planner.plan()
        if config.search:
            plan_search(planner, published, kept_dir)
        add_cards(planner, cards, kept_dir)
        image_files = plan_images(planner, pages, config.images, kept_dir)
    except jinja2.TemplateError as exc:
        raise SsgError(template_error(exc, dirs, config.root)) from None
    linked = []
    shipped = theme.static if theme.shipped else None  # its KaTeX, mermaid: only if used
    own_templates = config.root / "templates"
    static = static_files(
        sources, statics, pages, config.root, linked, shipped=shipped, templates=own_templates
    )
    report.extend(linked)
    report.extend(planner.diagnostics)
    kept, clashes = collisions(specs + [_static_spec(rel, origin) for _, rel, origin in static])
    report.extend(clashes)
    specs = [spec for spec in kept if spec.digest != "static"]  # a site's own file wins
    originals, static = published_originals(static, config.images)
    specs += originals
    result.outputs = specs
    clock.lap("plan")
    if report.errors:
        return result

    saved = Saved(output)
    old = saved.outputs
    stage = Stage(cache.staging, flat=os.path.lexists(output))
    manifest = {spec.path: spec.digest for spec in specs}
    out = os.fspath(output)  # (a str join: thousands of pathlib joins cost tens of ms)
    unchanged = written(out, [s.path for s in specs if old.get(s.path) == s.digest])
    todo = [s for s in specs if s.path not in unchanged]
    result.stats.skipped = len(specs) - len(todo)
    stage.make_folders(spec.path for spec in todo)
    context = RenderJob(todo, env, planner.site_view(), stage, dirs, config.root)
    report.extend(make_images(image_files, todo, options.jobs))
    clock.lap("images")
    if progress and todo:
        progress("rendering", 0, len(todo))
    try:
        report.extend(render_all(context, options.jobs))
    finally:
        image_files.close()
    result.stats.rendered = len(stage.paths)
    clock.lap("render")
    if report.errors:
        stage.discard()
        return result
    for source, rel, _ in static:
        manifest[rel] = "static"
        result.static[os.path.abspath(source)] = rel
    from_sources = {page.source for page in pages}  # pages made from a Markdown file
    sources = {spec.path: spec.origin for spec in specs if spec.origin in from_sources}
    commit(stage, output, manifest, sources, [(s, r) for s, r, _ in static], result.stats, saved)
    clock.lap("write")
    return result


def find_sources(config: Config, known_hash=None) -> Sources:
    """Every source file of the site, as its layout says (`_posts/` folders anywhere in a
    Jekyll site, `content/` in an ssg site)."""
    if config.source_layout == "jekyll":
        return discover_jekyll(config, known_hash)
    return discover(
        config.content_path,
        config.root,
        known_hash,
        tuple(config.category_folders),
        front_matter_defaults(config.defaults),
    )


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


def _static_spec(rel: str, origin: str) -> OutputSpec:
    return OutputSpec(url="/" + rel, path=rel, origin=origin, digest="static")


class _Clock:
    def __init__(self, timings: dict):
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = now - self.last
        self.last = now
