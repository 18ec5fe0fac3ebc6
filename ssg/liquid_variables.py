"""What Liquid in a post sees: `site.*` and `page.*` (Jekyll's names), and, with
`jekyll_compat`, the settings that make Liquid run as Jekyll runs it."""

from __future__ import annotations

from pathlib import Path

from ssg.config import Config
from ssg.data import data_files
from ssg.frontmatter import Document


def liquid_settings(config: Config, folder: Path, post_links) -> dict:
    """With `jekyll_compat`, Liquid runs as Jekyll runs it: also inside code, with `post_url`."""
    if not config.jekyll_compat:
        return {}
    return {
        "post_urls": post_links or {},
        "base_path": config.base_path,
        "site_url": config.origin,
        "source_dir": folder,
        "timezone": config.tz,
        "code_is_liquid": True,
    }


def site_variables(config: Config) -> dict:
    """`site.*` for Liquid in posts (Jekyll names; every `_config.yml` key in a Jekyll site)."""
    # `[params]` keys are `site.KEY` too, as every key of a Jekyll `_config.yml` is
    extra = {**config.params, **config.liquid_site}
    extra["data"] = data_files(config.root / config.data_dir, config.root)
    return extra | {
        "title": config.title,
        "description": config.description,
        "author": config.author,
        "url": config.url.rstrip("/") if config.base_path == "/" else config.origin,
        "baseurl": config.base_path.rstrip("/"),
        "lang": config.language,
        "params": config.params,
    }


def page_variables(doc: Document, url: str) -> dict:
    variables = dict(doc.extra)
    variables.update(
        title=doc.title,
        url=url,
        tags=list(doc.tags),
        categories=list(doc.categories),
        date=doc.date.isoformat() if doc.date else None,
        slug=doc.slug,
        layout=doc.layout,
    )
    return variables
