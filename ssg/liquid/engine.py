"""Liquid pre-pass over a post's Markdown body, run before Markdown rendering.

`expand_liquid` is the entry point: callers hand it plain data (the site's `site.*`,
the page's `page.*`, post URLs, folders, time zone) and it builds the per-run
`SiteContext` itself. Rendering uses the environment in `environment` (Jekyll's tags
and filters).

* Undefined variables render as empty text; unknown filters pass their input
  through (both lenient, like Jekyll). Unknown tags render nothing.
* Code is not a template in a native ssg site: fenced code blocks, indented code
  blocks and inline code spans are masked with placeholders before Liquid runs and
  restored after (`masking`). With `code_is_liquid=True` (a Jekyll site) code is
  Liquid too, as in Jekyll, and only `{% raw %}` protects it.
* `render_with_liquid: false` in the page's front matter turns Liquid off.

Problems never raise: they become `Diagnostic` warnings located at `path:line`.
A syntax error in the post leaves the whole body unchanged (as if Liquid were off);
any other problem only blanks the offending tag, output statement or include.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import tzinfo
from pathlib import Path

from liquid import BoundTemplate
from liquid.exceptions import (
    LiquidError,
    LocalNamespaceLimitError,
    LoopIterationLimitError,
    OutputStreamLimitError,
    ResourceLimitError,
)

from ssg.errors import Diagnostic, warning
from ssg.liquid import needs_liquid
from ssg.liquid.context import PARSE_SINK, RUN, Run, SiteContext, describe_error
from ssg.liquid.environment import JekyllEnvironment, get_environment
from ssg.liquid.lexer import token_line
from ssg.liquid.masking import mask_code

__all__ = ["expand_liquid", "needs_liquid", "wants_liquid"]


def wants_liquid(page: dict) -> bool:
    """False when the front matter says `render_with_liquid: false` (as Jekyll reads it)."""
    return not (isinstance(page, Mapping) and page.get("render_with_liquid") is False)


def expand_liquid(
    text: str,
    *,
    path: str,
    first_line: int,
    includes_dir: Path | None,
    site: dict,
    page: dict,
    post_urls: Mapping[str, str] | None = None,
    pages: Mapping[str, str] | None = None,
    base_path: str | None = None,
    site_url: str | None = None,
    source_dir: Path | None = None,
    timezone: tzinfo | None = None,
    markdownify: Callable[[str], str] | None = None,
    code_is_liquid: bool = False,
    files: set | None = None,
) -> tuple[str, list[Diagnostic]]:
    """Render the Liquid in a Markdown body; return (text, warnings). Never raises.

    `path` names the file in diagnostics and `first_line` is the file line on which
    `text` starts, so a problem on line n of `text` is reported at first_line + n - 1.

    What Jekyll's tags and filters know about the site (all optional):
    `post_urls` maps post_url names (`2021-05-25-docker`, `linux/2020-01-02-x`) to site
    paths and `pages` maps source paths (`about.md`) to site paths for `{% link %}`;
    `base_path` ("/repo/") and `site_url` (origin) make URLs, and default to
    `site.baseurl` and `site.url`; `source_dir` is the post's folder, for
    `include_relative`; date filters show dates in `timezone` (None: in the offset each
    date was written with); `markdownify` renders the `markdownify` filter's Markdown.
    `code_is_liquid=True` lets Liquid run inside code, as Jekyll does. The paths that
    includes looked for (found or not) are added to `files`, the post's dependencies.
    """
    if not needs_liquid(text) or not wants_liquid(page):
        return text, []
    context = SiteContext.from_site(
        site,
        base_path=base_path,
        site_url=site_url,
        post_urls=post_urls if post_urls is not None else {},
        pages=pages if pages is not None else {},
        source_dir=source_dir,
        markdownify=markdownify,
        timezone=timezone,
    )
    run = Run(path=path, first_line=first_line, context=context)
    try:
        out = _expand(text, run, includes_dir, site, page, masked=not code_is_liquid)
    except ResourceLimitError as exc:  # a runaway loop or capture: the post stays as written
        run.warn_at(exc.token, f"Liquid stopped, left unrendered: {_limit_message(exc)}")
        out = text
    except Exception as exc:  # noqa: BLE001 - a bug or exotic input must not kill a build
        run.add(warning(path, None, f"Liquid failed, left unrendered: {exc!r}"))
        out = text
    if files is not None:
        files.update(run.files)
    # The post's own problems first, then those inside included files; by line.
    order = sorted(run.diagnostics, key=lambda d: (d.path != path, d.path, d.line or 0))
    return out, order


def _limit_message(exc: ResourceLimitError) -> str:
    env = JekyllEnvironment
    if isinstance(exc, LoopIterationLimitError):
        return f"loops ran over {env.loop_iteration_limit:,} iterations"
    if isinstance(exc, OutputStreamLimitError):
        return f"its output grew past {env.output_stream_limit:,} characters"
    if isinstance(exc, LocalNamespaceLimitError):
        return f"its variables grew past {env.local_namespace_limit:,} bytes"
    return exc.message or type(exc).__name__


def _identity(text: str) -> str:
    return text


def _expand(
    text: str, run: Run, includes_dir: Path | None, site: dict, page: dict, *, masked: bool
) -> str:
    masked_text, restore = mask_code(text) if masked else (text, _identity)
    if not needs_liquid(masked_text):
        return text  # all the Liquid-looking text was code
    env = get_environment(includes_dir)
    try:
        template, sink = _parse_body(env, masked_text)
    except LiquidError as err:
        # Liquid tags indented by 4+ spaces after a blank line look like an indented
        # code block; if hiding those breaks the Liquid, the author meant them as
        # Liquid (Jekyll never hides them), so parse again without that mask.
        retry = mask_code(text, indented=False) if masked else (text, _identity)
        if retry[0] == masked_text:
            return _syntax_error(run, err, masked_text, text)
        masked_text, restore = retry
        try:
            template, sink = _parse_body(env, masked_text)
        except LiquidError as err2:
            return _syntax_error(run, err2, masked_text, text)
    run.sources[id(masked_text)] = (run.path, run.first_line)
    run.restore = restore
    for line, message in sink:
        run.add(warning(run.path, run.first_line + line - 1, message))

    run_token = RUN.set(run)
    try:
        out = template.render(site=site, page=page)
    finally:
        RUN.reset(run_token)
    return restore(out)


def _parse_body(env: JekyllEnvironment, source: str) -> tuple[BoundTemplate, list]:
    """Parse `source`; return the template and its parse-time (line, message) warnings."""
    sink: list[tuple[int, str]] = []
    sink_token = PARSE_SINK.set(sink)
    try:
        return env.from_string(source), sink
    finally:
        PARSE_SINK.reset(sink_token)


def _syntax_error(run: Run, err: LiquidError, source: str, text: str) -> str:
    """Record a syntax error in the post; return the post text unchanged."""
    token = err.token
    line = None
    if token is not None and token.start_index >= 0 and token.source is source:
        line = run.first_line + token_line(token) - 1
    run.add(warning(run.path, line, f"Liquid syntax error, Liquid skipped: {describe_error(err)}"))
    return text
