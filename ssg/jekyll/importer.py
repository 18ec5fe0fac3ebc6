"""`ssg import jekyll SRC DEST`: a Jekyll site turned into an ssg site, posts unchanged.

Posts, drafts, pages, includes, data and static files are copied byte for byte into ssg's
layout (`X/_posts/f.md` -> `content/posts/X/f.md`, with `X` a category folder); `_config.yml`
becomes `ssg.toml` (kramdown, Jekyll's Liquid, its permalink, defaults and other keys), so the
imported site builds the same URLs and bodies as the Jekyll folder does. What cannot come
along (layouts, plugins, Sass, HTML pages that need a layout) is listed by file. A symbolic
link that is broken or leads outside the Jekyll folder is not copied (a warning names it).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

from ssg.config import CONFIG_NAME, FIELDS, Config
from ssg.errors import SsgError
from ssg.jekyll.config import JEKYLL_CONFIG, read_jekyll_config
from ssg.jekyll.discover import discover_jekyll
from ssg.sources import has_front_matter, walk_files

# `_config.yml` keys that become ssg settings (the rest go to [params], still `site.*`)
_SETTINGS = (
    "title",
    "description",
    "author",
    "url",
    "base_path",
    "timezone",
    "language",
    "permalink",
    "posts_per_page",
    "excerpt_separator",
    "feed_path",
    "twitter",
    "seo",
    "cards",
)
_JEKYLL_ONLY = {
    "plugins",
    "gems",
    "theme",
    "remote_theme",
    "markdown",
    "kramdown",
    "highlighter",
    "exclude",
    "include",
    "defaults",
    "collections",
    "sass",
    "permalink",
    "paginate",
    "paginate_path",
    "baseurl",
    "url",
    "lang",
}


def import_jekyll(src: Path, dest: Path) -> list[str]:
    """Copy the site; returns the lines to print (what was imported, what was left)."""
    src, dest = src.resolve(), dest.resolve()
    if not (src / JEKYLL_CONFIG).is_file():
        raise SsgError(f"{src} is not a Jekyll site (no {JEKYLL_CONFIG})")
    if dest.exists() and any(dest.iterdir()):
        raise SsgError(f"{dest} is not empty; import into a new folder")
    config = read_jekyll_config(src, {})
    sources = discover_jekyll(config)
    copies: dict[Path, Path] = {}
    category_folders: set[str] = set()
    for source in sources.documents:
        rel = source.rel
        if source.draft:
            target = "content/drafts/" + rel.split("_drafts/", 1)[1]
        elif source.kind == "post":
            above, below = rel.split("_posts/", 1)
            if above:
                category_folders.add(above.strip("/"))
            target = f"content/posts/{above}{below}"
        else:
            target = f"content/{rel}"
        copies[source.path] = dest / target
    for item in sources.static:
        copies[item.path] = dest / "content" / item.content_rel
    problems = list(sources.problems)
    for folder, target in (("_includes", "includes"), ("_data", "data")):
        for path in walk_files(src / folder, src, problems) if (src / folder).is_dir() else ():
            copies[path] = dest / target / path.relative_to(src / folder)
    for source, target in copies.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    (dest / CONFIG_NAME).write_text(_toml(config, sorted(category_folders)), encoding="utf-8")
    (dest / ".gitignore").write_text("/site/\n.ssg-cache/\n")
    posts = sum(s.kind == "post" and not s.draft for s in sources.documents)
    drafts = sum(s.draft for s in sources.documents)
    pages = sum(s.kind == "page" for s in sources.documents)
    lines = [str(problem) for problem in problems]  # links left behind
    lines.append(
        f"imported {posts} posts, {drafts} drafts, {pages} pages and {len(sources.static)} "
        f"other files into {dest}"
    )
    left = _left_behind(src, config)
    if left:
        lines.append("not carried over (ssg uses its own theme; Jekyll plugins do not run):")
        lines += [f"  {item}" for item in left]
    lines.append(f"next: cd {dest} && ssg build")
    return lines


def _left_behind(src: Path, config) -> list[str]:
    left = []
    for folder in ("_layouts", "_sass", "_plugins"):
        for path in sorted((src / folder).rglob("*")) if (src / folder).is_dir() else ():
            if path.is_file():
                left.append(f"{path.relative_to(src).as_posix()} ({folder[1:].rstrip('s')})")
    for path in sorted(src.rglob("*.html")):
        rel = path.relative_to(src).as_posix()
        if rel.startswith(("_", ".")) or "/_" in rel or "/." in rel:
            continue
        if has_front_matter(path):
            left.append(f"{rel} (an HTML page that needs a Jekyll layout)")
    site = config.liquid_site
    for key in ("plugins", "gems"):
        for plugin in site.get(key) or ():
            left.append(f"{JEKYLL_CONFIG}: plugin {plugin}")
    for key in ("theme", "remote_theme"):
        if site.get(key):
            left.append(f"{JEKYLL_CONFIG}: {key} {site[key]}")
    return left


_ONLY_WHEN_SET = (
    "feed_path",
    "twitter",
    "seo",
    "cards",
)  # from the plugins' settings, when the site has them
_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Config)}


def _toml(config, category_folders: list[str]) -> str:
    site = config.liquid_site
    lines = [f"# Imported from a Jekyll site's {JEKYLL_CONFIG}; every key is in ssg's README."]
    for key in _SETTINGS:
        value = getattr(config, key)
        if key == "url" and "url" not in site:
            continue
        if key in _ONLY_WHEN_SET and value == _DEFAULTS[key]:
            continue
        lines.append(f"{key} = {_value(value)}")
    lines += [
        'markdown = "kramdown"',
        "jekyll_compat = true  # Liquid inside code, post_url, URLs: as Jekyll builds them",
        f"category_folders = {_value(category_folders)}",
    ]
    for scope in config.defaults:
        lines += ["", "[[defaults]]", f"path = {_value(_path(scope['path']))}"]
        if scope["type"]:
            lines.append(f"type = {_value(scope['type'])}")
        lines.append(f"values = {_value(scope['values'])}")
    params = {
        k: v
        for k, v in site.items()
        if k not in _JEKYLL_ONLY
        and k not in FIELDS
        and k != "data"
        and _value(v, strict=True) is not None
    }
    if params:
        lines += ["", "[params]  # the rest of _config.yml: `site.KEY` in Liquid"]
        lines += [f"{json.dumps(k, ensure_ascii=False)} = {_value(v)}" for k, v in params.items()]
    return "\n".join(lines) + "\n"


def _path(jekyll_path: str) -> str:
    """A Jekyll scope path in the imported layout."""
    if not jekyll_path:
        return ""
    if "_posts" in jekyll_path.split("/"):
        above, _, below = jekyll_path.partition("_posts")
        return (
            ("content/posts/" + above.strip("/") + "/" + below.strip("/"))
            .rstrip("/")
            .replace("//", "/")
        )
    if jekyll_path.startswith("_drafts"):
        return "content/drafts" + jekyll_path[len("_drafts") :]
    return "content/" + jekyll_path


def _value(value, strict: bool = False) -> str | None:
    """A TOML value: strings, numbers, booleans, lists and inline tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        items = [_value(v, strict) for v in value]
        return None if None in items else "[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        items = [
            (json.dumps(str(k), ensure_ascii=False), _value(v, strict)) for k, v in value.items()
        ]
        if any(v is None for _, v in items):
            return None
        return "{ " + ", ".join(f"{k} = {v}" for k, v in items) + " }"
    return None if strict else json.dumps(str(value), ensure_ascii=False)
