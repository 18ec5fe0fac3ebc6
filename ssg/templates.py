"""The theme and its Jinja2 environment: site `templates/` shadow the theme's, one file at a time.

Template errors become diagnostics naming the template file and line.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from ssg import __version__, urls
from ssg.code_version import code_version
from ssg.config import Config
from ssg.errors import Diagnostic, SsgError, error, warning
from ssg.sources import display_path, walk_files

PACKAGE_THEMES = Path(__file__).parent / "themes"  # in an installed wheel
SOURCE_THEMES = Path(__file__).parent.parent / "themes"  # in a source checkout


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    path: Path

    @property
    def templates(self) -> Path:
        return self.path / "templates"

    @property
    def static(self) -> Path:
        return self.path / "static"

    @property
    def shipped(self) -> bool:
        """The theme that comes with ssg, not a folder of the site's own."""
        return self.path.parent in (PACKAGE_THEMES, SOURCE_THEMES)


def find_theme(config: Config) -> Theme:
    """`themes/<name>/` in the site, else the theme shipped with ssg."""
    for root in (config.root / "themes", PACKAGE_THEMES, SOURCE_THEMES):
        candidate = root / config.theme
        if (candidate / "templates").is_dir():
            return Theme(config.theme, candidate)
    raise SsgError(error("ssg.toml", None, f"theme {config.theme!r} not found in themes/"))


def template_dirs(config: Config, theme: Theme) -> list[Path]:
    site_templates = config.root / "templates"
    return [d for d in (site_templates, theme.templates) if d.is_dir()]


def static_dirs(
    config: Config, theme: Theme, problems: list[Diagnostic] | None = None
) -> tuple[Path, ...]:
    """Where site-absolute references may point besides `content/`: site static, then theme.
    A folder in the site whose real path is outside it (a symbolic link) is left out, with a
    warning in `problems`."""
    found = []
    for folder in (config.root / "static", theme.static):
        if not folder.is_dir():
            continue
        real, root = folder.resolve(), config.root.resolve()
        if folder.is_relative_to(config.root) and real != root and root not in real.parents:
            if problems is not None:
                problems.append(
                    warning(
                        display_path(folder, config.root),
                        None,
                        f"folder is a symbolic link to {real}, outside the site folder; skipped",
                    )
                )
            continue
        found.append(folder)
    return tuple(found)


def template_links(config: Config, dirs: list[Path]) -> list[Diagnostic]:
    """A warning for each template that is a broken symbolic link or leads outside the site
    (the theme shipped with ssg: outside its folder); `make_env`'s loader skips it."""
    problems: list[Diagnostic] = []
    for folder in dirs:
        bound = _bound(config, folder)
        allowed = None if bound == config.root else bound
        walk_files(folder, config.root, problems, allowed=allowed)
    return problems


def _bound(config: Config, folder: Path) -> Path:
    """Where a template folder's files must really be: the site, or ssg's own theme folder."""
    return config.root if folder.is_relative_to(config.root) else folder.parent


class _TemplateLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, except that a template whose real path is outside its folder's
    bound (a symbolic link out of the site) is not there: the next folder's is used."""

    def __init__(self, dirs: list[Path], bounds: list[Path]):
        super().__init__([str(d) for d in dirs])
        self.bounds = [Path(os.path.realpath(b)) for b in bounds]

    def get_source(self, environment, template):
        pieces = split_template_path(template)
        for folder, bound in zip(self.searchpath, self.bounds, strict=True):
            real = Path(os.path.realpath(posixpath.join(folder, *pieces)))
            if real.is_file() and (real == bound or bound in real.parents):
                one = jinja2.FileSystemLoader(folder, encoding=self.encoding)
                return one.get_source(environment, template)
        raise jinja2.TemplateNotFound(template)


# `{% extends "x" %}`, `{% include 'x' %}`, `{% import "x" as m %}`, `{% from "x" import m %}`;
# a name that is not one string literal (a variable, a list) is None: it may be any template
_REFERENCE = re.compile(r"""\{%[-+]?\s*(?:extends|include|import|from)\s+(?:(["'])(.*?)\1|\S)""")


def fingerprints(dirs: list[Path]) -> dict[str, str]:
    """Template name -> a hash of ssg's code, its file and every file it extends, includes
    or imports, all the way down: an output's digest takes its template's, so editing a
    partial re-renders only the pages whose templates use it. A template that names one
    at render time (`{% include name %}`) depends on all of them."""
    texts: dict[str, bytes] = {}
    for folder in reversed(dirs):  # the first folder's file wins, as the loader's does
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                texts[path.relative_to(folder).as_posix()] = path.read_bytes()
    refs = {
        name: {m[2] if m[1] else None for m in _REFERENCE.finditer(data.decode("utf-8", "replace"))}
        for name, data in texts.items()
    }
    hashes = {name: hashlib.sha256(data).digest() for name, data in texts.items()}
    version = code_version().encode()

    def digest_of(members) -> str:  # a missing member counts as missing: it may appear
        digest = hashlib.sha256(version)
        for member in sorted(members):
            digest.update(f"\0{member}\0".encode() + hashes.get(member, b"-"))
        return digest.hexdigest()[:24]

    everything = None  # for a template that names one at render time: all of them
    found = {}
    for name in texts:
        closure, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in closure:
                closure.add(current)
                todo.extend(refs.get(current, ()))
        if None in closure:
            everything = everything or digest_of(texts)
            found[name] = everything
            continue
        found[name] = digest_of(closure)
    return found


def make_env(config: Config, dirs: list[Path], cache_dir: Path | None) -> jinja2.Environment:
    bytecode = None
    if cache_dir is not None:
        (cache_dir / "jinja").mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(cache_dir / "jinja"))
    env = jinja2.Environment(
        loader=_TemplateLoader(dirs, [_bound(config, d) for d in dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode,
        keep_trailing_newline=False,
        auto_reload=False,  # one environment per build: no `getmtime` per template use
    )
    # These depend on the config: `pass_context` keeps Jinja from folding `'/x' | href` into
    # a constant at compile time, which the bytecode cache would then reuse for another base.
    env.filters["href"] = jinja2.pass_context(
        lambda context, url: urls.href(config.base_path, url) if url else ""
    )
    env.filters["absolute"] = jinja2.pass_context(lambda context, url: _absolute(config, url))
    env.filters["date"] = lambda value, fmt=None: _format_date(value, fmt or config.date_format)
    env.filters["isodate"] = lambda value: value.isoformat() if value else ""
    env.filters["slug"] = urls.slugify
    env.filters["pruned"] = _pruned
    env.globals["ssg_version"] = __version__
    return env


def _pruned(value):
    """A JSON-LD value without its empty members (`none`, `""`, `[]`, `{}`), at any depth."""
    if isinstance(value, dict):
        kept = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list | tuple):
        return [v for v in map(_pruned, value) if v not in (None, "", [], {})]
    return value


def _absolute(config: Config, url: str) -> str:
    if not url or "://" in url:
        return url or ""
    return urls.absolute(config.url, config.base_path, url)


def _format_date(value, fmt: str) -> str:
    if not isinstance(value, datetime):
        return str(value or "")
    return value.strftime(fmt)


def template_error(exc: Exception, dirs: list[Path], root: Path) -> Diagnostic:
    """Locate a Jinja error in the template file (relative to the site root when inside it)."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return error(_display(exc.filename, root), exc.lineno, f"template error: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return error("templates", None, f"template not found: {exc.name}")
    tb = sys.exc_info()[2] if exc.__traceback__ is None else exc.__traceback__
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(str(d)) for d in dirs):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    message = f"template error: {type(exc).__name__}: {exc}"
    if found:
        return error(_display(found[0], root), found[1], message)
    return error("templates", None, message)


def _display(filename: str, root: Path) -> str:
    path = Path(filename)
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)
