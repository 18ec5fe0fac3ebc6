"""The theme and its Jinja2 environment: site `templates/` shadow the theme's, one file at a time.

Template errors become diagnostics naming the template file and line.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2

from ssg import __version__, urls
from ssg.cache import files_fingerprint
from ssg.config import Config
from ssg.errors import Diagnostic, SsgError, error

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


def static_dirs(config: Config, theme: Theme) -> tuple[Path, ...]:
    """Where site-absolute references may point besides `content/`: site static, then theme."""
    return tuple(d for d in (config.root / "static", theme.static) if d.is_dir())


def fingerprint(dirs: list[Path]) -> str:
    """Hash of every template file and ssg's version: part of every output digest."""
    return __version__ + ":" + files_fingerprint(*dirs)


def make_env(config: Config, dirs: list[Path], cache_dir: Path | None) -> jinja2.Environment:
    bytecode = None
    if cache_dir is not None:
        (cache_dir / "jinja").mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(cache_dir / "jinja"))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode,
        keep_trailing_newline=False,
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
    env.globals["ssg_version"] = __version__
    return env


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
