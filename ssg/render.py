"""Render planned outputs into the staging folder: Jinja2 templates, generated XML or images, in
forked worker processes when there are many; template errors are located, never raised."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ssg import urls
from ssg.plan import OutputSpec
from ssg.templates import template_error
from ssg.writer import Stage

PARALLEL_THRESHOLD = 96  # below this many outputs, forking workers costs more than it saves


def render(spec: OutputSpec, env: jinja2.Environment, site_view: dict) -> str | bytes:
    """Render one output: a template's text, or what the spec's `make` gives (text, or the
    bytes of an image); Jinja errors propagate to the caller, which locates them."""
    if spec.make is not None:
        return spec.make()
    template = env.get_template(spec.template)
    config_url = site_view["url"]
    canonical = urls.absolute(config_url, site_view["base_path"], spec.url)
    return template.render(site=site_view, canonical=canonical, url=spec.url, **spec.context)


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
    if len(job.specs) < PARALLEL_THRESHOLD or workers < 2 or sys.platform != "linux":
        return _render_range(job, range(len(job.specs)))[1]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # only when there is work for it

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


def _in_templates(exc: BaseException, dirs) -> bool:
    tb = exc.__traceback__
    while tb is not None:
        if any(tb.tb_frame.f_code.co_filename.startswith(str(d)) for d in dirs):
            return True
        tb = tb.tb_next
    return False


_worker_state: dict = {}
