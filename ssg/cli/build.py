"""`ssg build` and `ssg check` on the command line: progress, diagnostics, the summary line."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ssg.cli.style import paint
from ssg.errors import SsgError


def run_build(args):
    """`ssg build`: (exit status, result)."""
    from ssg.build import BuildOptions, build
    from ssg.config import base_url_overrides
    from ssg.project import load_config

    started = time.perf_counter()
    root = Path(args.source)
    overrides = base_url_overrides(args.base_url) if args.base_url else {}
    config = load_config(root, Path(args.config) if args.config else None, overrides)
    options = BuildOptions(
        drafts=args.drafts,
        future=args.future,
        output=Path(args.output) if args.output else None,
        jobs=args.jobs,
        use_cache=not args.no_cache,
    )
    progress = Progress() if not args.quiet and sys.stderr.isatty() else None
    result = build(config, options, progress=progress)
    if progress:
        progress.clear()
    report = result.report
    for diagnostic in report.items:  # -q hides the summary, never a warning
        print(paint(str(diagnostic), sys.stderr), file=sys.stderr)
    elapsed = time.perf_counter() - started
    if args.verbose:
        for note in result.notes:  # a damaged cache, repaired
            print(f"cache: {note}", file=sys.stderr)
        print(
            "  " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in result.timings.items()),
            file=sys.stderr,
        )
    failed = bool(report.errors) or (args.strict and bool(report.warnings))
    if not args.quiet or failed:
        stream = sys.stderr if failed else sys.stdout
        print(paint(summary(result, elapsed), stream), file=stream)
    return (1 if failed else 0), result


def _check_config(args, overrides: dict):
    """The settings for checking a built folder: the site's (`--source`, else the one found
    from here), or every default when there is none (`--base-url` still applies)."""
    from ssg.config import make_config
    from ssg.project import find_site, load_config

    source = Path(args.source) if args.source else None
    if source is None:
        try:
            source = find_site(Path("."))
        except SsgError:
            return make_config(Path(".").resolve(), overrides)
    return load_config(source, Path(args.config) if args.config else None, overrides)


def run_check(args) -> int:
    """`ssg check`: build (or take `--site DIR`), then check links, anchors, feeds, images."""
    from ssg.check.site import check_site
    from ssg.config import base_url_overrides
    from ssg.writer import load_sources

    if args.site:
        folder = Path(args.site)
        if not folder.is_dir():
            raise SsgError(f"{folder} is not a folder")
        overrides = base_url_overrides(args.base_url) if args.base_url else {}
        config = _check_config(args, overrides)
    else:
        status, result = run_build(args)
        if status:
            return status
        folder, config = result.output, result.site.config
    problems, stats = check_site(folder, base_path=config.base_path, site_url=config.url)
    if args.external:
        from ssg.check.external import check_external
        from ssg.check.problems import external_problems

        cache = config.root / ".ssg-cache" / "external-links.json"
        cache.parent.mkdir(exist_ok=True)
        broken = check_external(stats.external, cache_file=cache)
        problems = sorted(
            problems + external_problems(broken, stats, load_sources(folder)),
            key=lambda p: (p.page, p.target, p.reason),
        )
    for problem in problems:
        print(problem, file=sys.stderr)
    external = "checked" if args.external else "not checked"
    print(
        f"checked {stats.pages} pages, {stats.feeds} feeds and {stats.urls} links "
        f"({stats.external_count} external, {external}): {len(problems)} problems",
        file=sys.stderr if problems else sys.stdout,
    )
    return 1 if problems else 0


class Progress:
    """One self-updating status line on a terminal: `  converting 340/1000`."""

    def __init__(self):
        self.last = 0.0
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done not in (0, total) and now - self.last < 0.1:
            return
        self.last = now
        self.shown = True
        text = f"  {stage} {done}/{total}" if done else f"  {stage} {total}…"
        print(f"\r{text:<40}", end="", file=sys.stderr, flush=True)

    def clear(self) -> None:
        if self.shown:
            print(f"\r{'':<40}\r", end="", file=sys.stderr, flush=True)


def summary(result, elapsed: float) -> str:
    report = result.report
    counts = f"{count(len(report.errors), 'error')}, {count(len(report.warnings), 'warning')}"
    if report.errors:
        return f"build failed: {counts}; nothing was written ({elapsed:.2f} s)"
    site = result.site
    stats = result.stats
    left = ""
    if result.left_out:
        reasons = {"draft": ("draft", "--drafts"), "future": ("future-dated post", "--future")}
        parts = []
        for reason, number in sorted(result.left_out.items()):
            noun, flag = reasons[reason]
            parts.append(f"{count(number, noun)} (use {flag})")
        left = "; left out " + ", ".join(parts)
    return (
        f"built {count(len(result.outputs), 'file')} ({count(len(site.posts), 'post')}, "
        f"{count(len(site.pages), 'page')}, {count(len(site.tags), 'tag')}) into "
        f"{_short(result.output)}: {stats.rendered} rendered, "
        f"{stats.skipped} unchanged, {result.converted} converted; {counts}{left} "
        f"in {elapsed:.2f} s"
    )


def count(number: int, noun: str) -> str:
    """`1 post`, `2 posts`, `0 posts`."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _short(path: Path | None) -> str:
    if path is None:
        return "?"
    try:
        return path.relative_to(Path.cwd()).as_posix() + "/"
    except ValueError:
        return str(path) + "/"
