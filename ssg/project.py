"""Which kind of site a folder is, and its settings: the one place the choice is made.

A folder with `ssg.toml` (or neither file) is an ssg site, read by `ssg.config`. A folder with
a Jekyll `_config.yml` and no `ssg.toml` is a Jekyll site, built as it is: `ssg.jekyll` reads
its settings into the same `Config`, as plain settings (`source_layout`, `liquid_site`,
`defaults`, `jekyll_compat`, …). Every command loads its settings through `load_config`, and
no stage below asks which kind of site it builds.
"""

from __future__ import annotations

from pathlib import Path

from ssg.config import CONFIG_NAME, Config, read_config
from ssg.errors import SsgError
from ssg.jekyll.config import JEKYLL_CONFIG, read_jekyll_config


def is_jekyll_site(root: Path) -> bool:
    """A Jekyll `_config.yml` and no `ssg.toml`; or, with neither, a `_posts/` folder and no
    `content/` (Jekyll builds such a folder with its defaults)."""
    if (root / CONFIG_NAME).exists():
        return False
    if (root / JEKYLL_CONFIG).is_file():
        return True
    return (root / "_posts").is_dir() and not (root / "content").is_dir()


def load_config(
    root: Path, config_file: Path | None = None, overrides: dict | None = None
) -> Config:
    """The site's settings, with command-line `overrides`; `config_file` names an ssg.toml.

    Raises `SsgError` with every problem found, each as `file:line: message`.
    """
    root = root.resolve()
    if config_file is None and is_jekyll_site(root):
        return read_jekyll_config(root, overrides or {})
    return read_config(root, config_file, overrides)


def find_site(start: Path, *, walk_up: bool = True) -> Path:
    """The site folder for a command run in `start`: as git finds its repository, the
    nearest of `start` and the folders above it that holds `ssg.toml` or a Jekyll
    `_config.yml`; else `start` itself when it has a `content/` folder (a site with every
    default). `walk_up=False` (a folder named with `--source`) looks at `start` only.
    Raises `SsgError` where there is no site."""
    start = start.resolve()
    for folder in (start, *start.parents) if walk_up else (start,):
        if (folder / CONFIG_NAME).is_file() or is_jekyll_site(folder):
            return folder
    if (start / "content").is_dir():
        return start
    where = "or any folder above it" if walk_up else "(the folder given with --source)"
    raise SsgError(
        f"no site here: no {CONFIG_NAME} (or Jekyll {JEKYLL_CONFIG}) in {start} {where}; "
        "run `ssg init` to make one, or pass --source DIR"
    )
