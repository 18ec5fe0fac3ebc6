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
from ssg.jekyll.config import JEKYLL_CONFIG, read_jekyll_config


def is_jekyll_site(root: Path) -> bool:
    return (root / JEKYLL_CONFIG).is_file() and not (root / CONFIG_NAME).exists()


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
