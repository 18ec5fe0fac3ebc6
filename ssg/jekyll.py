"""Jekyll sites, built as they are: `_config.yml` read into a `Config`, and the source tree
(`_posts/` at any depth, `_drafts/`, `_includes/`, pages and static files) into `Sources`.

ssg builds such a folder the way Jekyll 4.3 would lay it out: the same permalinks and post
URLs, categories from the folders above `_posts`, front matter `defaults:`, kramdown syntax,
and Liquid run before Markdown (also inside code, as Jekyll does). It renders with ssg's
theme: Jekyll layouts and plugins are not carried over.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import yaml

from ssg.config import Config, JekyllSettings, make_config
from ssg.errors import SsgError, error
from ssg.sources import SourceFile, Sources, StaticFile, has_front_matter

CONFIG_NAME = "_config.yml"
OUTPUT = "_site"
POST_SUFFIXES = (".md", ".markdown", ".mkdn", ".mkd", ".html", ".htm")
# Jekyll's named permalink styles (https://jekyllrb.com/docs/permalinks/#built-in-formats)
PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
# Jekyll never reads these, whatever `exclude` says
ALWAYS_EXCLUDED = ("Gemfile", "Gemfile.lock", "node_modules", "vendor", "README.md", "LICENSE")


def jekyll_config(root: Path, overrides: dict) -> Config:
    """`_config.yml` as ssg settings; the rest of it stays available as `site.*`."""
    path = root / CONFIG_NAME
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise SsgError(error(CONFIG_NAME, line, f"invalid YAML: {exc}")) from None
    if not isinstance(data, dict):
        raise SsgError(error(CONFIG_NAME, 1, "expected `key: value` settings"))
    values: dict = {
        "content_dir": ".",
        "includes_dir": "_includes",
        "output_dir": OUTPUT,
        "markdown": "kramdown",
        "permalink": _permalink(data.get("permalink")),
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
    defaults = tuple(
        (
            str(d.get("scope", {}).get("path", "")).strip("/"),
            d.get("scope", {}).get("type"),
            dict(d.get("values") or {}),
        )
        for d in data.get("defaults") or ()
        if isinstance(d, dict)
    )
    values["jekyll"] = JekyllSettings(
        site={**data, "data": data_files(root / "_data")},
        defaults=defaults,
        exclude=tuple(str(x) for x in data.get("exclude") or ()),
        include=tuple(str(x) for x in data.get("include") or ()),
    )
    values.update(overrides)
    return make_config(root.resolve(), values, CONFIG_NAME, text)


def data_files(folder: Path) -> dict:
    """`_data/*.yml|yaml|json` (sub-folders nest) as `site.data`; read once per process
    while no file there changes."""
    if not folder.is_dir():
        return {}
    stamp = tuple(
        (p.as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    )
    if _DATA.get(str(folder), (None,))[0] != stamp:
        _DATA[str(folder)] = (stamp, _read_data(folder))
    return _DATA[str(folder)][1]


_DATA: dict[str, tuple] = {}


def _read_data(folder: Path) -> dict:
    import json

    found: dict = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in (".yml", ".yaml", ".json") or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
            value = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
        except (ValueError, yaml.YAMLError, OSError) as exc:
            raise SsgError(
                error(
                    path.relative_to(folder.parent).as_posix(),
                    None,
                    f"cannot read data file: {exc}",
                )
            ) from None
        place = found
        for part in path.relative_to(folder).parent.parts:
            place = place.setdefault(part, {})
        place[path.stem] = value
    return found


def _permalink(value) -> str:
    if not value:
        return PERMALINK_STYLES["date"]
    value = str(value)
    return PERMALINK_STYLES.get(value, value)


def discover_jekyll(
    config: Config, known_hash: Callable[[str, int, int], str | None] | None = None
) -> Sources:
    """Posts in every `_posts/` (categories from the folders above it), drafts in
    `_drafts/`, Markdown pages anywhere else, other files copied; `_*` and dot folders,
    `exclude:` and Jekyll's own files are skipped."""
    root = config.root
    settings = config.jekyll
    excluded = set(ALWAYS_EXCLUDED) | set(settings.exclude) | {config.output_dir}
    documents: list[SourceFile] = []
    static: list[StaticFile] = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        rel_folder = here.relative_to(root).as_posix()
        rel_folder = "" if rel_folder == "." else rel_folder
        dirs[:] = sorted(
            d
            for d in dirs
            if _wanted(d, f"{rel_folder}/{d}".lstrip("/"), excluded, settings.include)
            or d in ("_posts", "_drafts")
        )
        parts = rel_folder.split("/") if rel_folder else []
        kind = "post" if "_posts" in parts else "draft" if "_drafts" in parts else None
        if kind is None and any(p.startswith("_") for p in parts):
            continue  # _includes, _layouts, _data, _sass …: read by Jekyll, not published
        for name in sorted(files):
            rel = f"{rel_folder}/{name}".lstrip("/")
            if not _wanted(name, rel, excluded, settings.include) and kind is None:
                continue
            path = here / name
            if kind is not None:
                if name.lower().endswith(POST_SUFFIXES) and not name.startswith("."):
                    marker = "_posts" if kind == "post" else "_drafts"
                    above = parts[: parts.index(marker)]
                    documents.append(
                        _source(
                            config,
                            path,
                            rel,
                            "post",
                            known_hash,
                            categories=tuple(above),
                            draft=kind == "draft",
                            scope_type="posts",
                        )
                    )
            elif name.lower().endswith(POST_SUFFIXES[:4]) and has_front_matter(path):
                documents.append(_source(config, path, rel, "page", known_hash, scope_type="pages"))
            elif not has_front_matter(path):
                static.append(StaticFile(path, rel))
            # an HTML page with front matter needs a Jekyll layout: not carried over
    return Sources(documents, static)


def _wanted(name: str, rel: str, excluded: set[str], included: tuple[str, ...]) -> bool:
    if name in included or rel in included:
        return True
    if name.startswith((".", "_", "#")) or name.endswith("~"):
        return False
    return name not in excluded and rel not in excluded


def _source(
    config: Config,
    path: Path,
    rel: str,
    kind: str,
    known_hash,
    *,
    scope_type: str,
    categories: tuple[str, ...] = (),
    draft: bool = False,
) -> SourceFile:
    stat = path.stat()
    sha = known_hash(str(path), stat.st_size, stat.st_mtime_ns) if known_hash else None
    data = None if sha else path.read_bytes()
    return SourceFile(
        path=path,
        rel=rel,
        content_rel=rel,
        kind=kind,
        sha256=sha or hashlib.sha256(data).hexdigest(),
        data=data,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        categories=categories,
        draft=draft,
        defaults=_defaults_for(config.jekyll.defaults, rel, scope_type) or None,
    )


def _defaults_for(defaults: tuple, rel: str, scope_type: str) -> dict:
    """Jekyll's `defaults:`: every matching scope, later and more specific ones winning."""
    merged: dict = {}
    for prefix, kind, values in sorted(defaults, key=lambda d: len(d[0])):
        if prefix and rel != prefix and not rel.startswith(prefix + "/"):
            continue
        if kind and kind != scope_type and not (kind == "drafts" and scope_type == "posts"):
            continue
        merged.update(values)
    return merged


def post_key(source: SourceFile) -> str:
    """`{% post_url %}`'s name for a post: its path under `_posts/` (with the category folders
    above it, as Jekyll accepts them: `linux/2021-07-01-x`), without the extension; in an ssg
    site, its path under content/posts/."""
    rel = source.rel
    if "_posts/" in rel:
        above, below = rel.split("_posts/", 1)
        return (above + below).rsplit(".", 1)[0]
    return source.content_rel.removeprefix("posts/").rsplit(".", 1)[0]


def front_matter_defaults(defaults: list) -> Callable[[str, str], dict] | None:
    """`[[defaults]]` of ssg.toml as a function of (path from the site root, "posts"/"pages")."""
    if not defaults:
        return None
    scopes = tuple(
        (str(d.get("path", "")).strip("/"), d.get("type"), dict(d.get("values") or {}))
        for d in defaults
        if isinstance(d, dict)
    )
    return lambda rel, kind: _defaults_for(scopes, rel, kind)
