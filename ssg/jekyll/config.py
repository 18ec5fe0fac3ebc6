"""A Jekyll site's `_config.yml` read into ssg's `Config`, as plain settings.

ssg builds such a folder the way Jekyll 4.3 would lay it out: the same permalinks and post
URLs, categories from the folders above `_posts`, front matter `defaults:`, kramdown syntax,
and Liquid run before Markdown (also inside code, as Jekyll does). It renders with ssg's
theme: Jekyll layouts and plugins are not carried over.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ssg.config import Config, make_config
from ssg.errors import SsgError, error

JEKYLL_CONFIG = "_config.yml"
OUTPUT = "_site"
# Jekyll's named permalink styles (https://jekyllrb.com/docs/permalinks/#built-in-formats)
PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
# Jekyll never reads these, whatever `exclude` says
ALWAYS_EXCLUDED = ("Gemfile", "Gemfile.lock", "node_modules", "vendor", "README.md", "LICENSE")


def read_jekyll_config(root: Path, overrides: dict) -> Config:
    """`_config.yml` as ssg settings; the rest of it stays available as `site.*`."""
    path = root / JEKYLL_CONFIG
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise SsgError(error(JEKYLL_CONFIG, line, f"invalid YAML: {exc}")) from None
    if not isinstance(data, dict):
        raise SsgError(error(JEKYLL_CONFIG, 1, "expected `key: value` settings"))
    values: dict = {
        "content_dir": ".",
        "includes_dir": "_includes",
        "data_dir": "_data",
        "output_dir": OUTPUT,
        "markdown": "kramdown",
        "jekyll_compat": True,
        "permalink": _permalink(data.get("permalink")),
        "config_file": JEKYLL_CONFIG,
        "source_layout": "jekyll",
        "warn_unknown_layouts": False,  # its layouts are Jekyll's: posts take ours, quietly
    }
    for ours, theirs in (
        ("title", "title"),
        ("description", "description"),
        ("timezone", "timezone"),
        ("language", "lang"),
        ("excerpt_separator", "excerpt_separator"),
    ):
        if isinstance(data.get(theirs), str) and data[theirs].strip():
            values[ours] = data[theirs].strip()
    author = data.get("author")
    if isinstance(author, dict):
        author = author.get("name")
    if isinstance(author, str):
        values["author"] = author
    if isinstance(data.get("paginate"), int) and data["paginate"] > 0:
        values["posts_per_page"] = data["paginate"]
    url = str(data.get("url") or "").rstrip("/")
    baseurl = str(data.get("baseurl") or "").strip("/")
    if url:
        values["url"] = f"{url}/{baseurl}/" if baseurl else f"{url}/"
    values["base_path"] = f"/{baseurl}/" if baseurl else "/"
    values["defaults"] = [
        {
            "path": str(d.get("scope", {}).get("path", "")).strip("/"),
            "type": d.get("scope", {}).get("type"),
            "values": dict(d.get("values") or {}),
        }
        for d in data.get("defaults") or ()
        if isinstance(d, dict)
    ]
    values["liquid_site"] = data  # every key of `_config.yml` is `site.KEY`
    values["exclude"] = (*ALWAYS_EXCLUDED, *(str(x) for x in data.get("exclude") or ()))
    values["include"] = tuple(str(x) for x in data.get("include") or ())
    values.update(overrides)
    return make_config(root.resolve(), values, JEKYLL_CONFIG, text)


def _permalink(value) -> str:
    if not value:
        return PERMALINK_STYLES["date"]
    value = str(value)
    return PERMALINK_STYLES.get(value, value)
