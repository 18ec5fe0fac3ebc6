"""The site configuration: `ssg.toml` read into one frozen, typed `Config`.

Every key is declared once in `FIELDS` with its type, default and the sentence the
README documents it with. Unknown keys and wrong types are collected as errors
naming the key (with a did-you-mean suggestion), all of them in one run.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ssg import image_options, theme_options
from ssg.errors import Diagnostic, SsgError, error
from ssg.toml_file import MAX_NESTING, TOO_DEEP, parse_toml

CONFIG_NAME = "ssg.toml"


@dataclass(frozen=True, slots=True)
class Config:
    """Site settings. Paths are absolute; `base_path` always starts and ends with `/`."""

    root: Path
    title: str = "My Tech Blog"
    description: str = ""
    author: str = ""
    url: str = "http://localhost:8000"
    base_path: str = "/"
    language: str = "en"
    timezone: str = "UTC"
    permalink: str = "/:year/:month/:day/:slug/"
    posts_per_page: int = 10
    theme: str = "default"
    code_style_light: str = "xcode"
    code_style_dark: str = "github-dark"
    feed_size: int = 20
    feed_path: str = "/feed.xml"
    tag_feeds: bool = True
    related_posts: int = 3
    date_format: str = "%Y-%m-%d"
    excerpt_separator: str = "<!--more-->"
    twitter: str = ""
    content_dir: str = "content"
    output_dir: str = "site"
    includes_dir: str = "includes"
    cname: str = ""
    markdown: str = "gfm"
    math: str = "mathml"
    jekyll_compat: bool = False
    category_folders: list = field(default_factory=list)
    defaults: list = field(default_factory=list)
    data_dir: str = "data"
    params: dict = field(default_factory=dict)
    convert_timeout: int = 10
    rss_feed: bool = True
    json_feed: bool = True
    home_layout: str = "cards"
    share_links: bool = False
    comments: dict = field(default_factory=dict)
    analytics: dict = field(default_factory=dict)
    author_profile: dict = field(default_factory=dict)
    seo: dict = field(default_factory=dict)
    cards: bool = True
    search: bool = True
    images: dict = field(default_factory=dict)
    # --- set by the loader that read the site folder, not keys of ssg.toml ------------
    # (ssg/project.py picks the loader: ssg.toml here, a Jekyll `_config.yml` in ssg/jekyll/)
    config_file: str = CONFIG_NAME  # the settings file, relative to `root` (serve watches it)
    source_layout: str = "ssg"  # how the folder is read: "ssg" (content/) or "jekyll" (_posts/)
    exclude: tuple[str, ...] = ()  # paths from the root that discovery skips
    include: tuple[str, ...] = ()  # paths from the root that discovery reads all the same
    liquid_site: dict = field(default_factory=dict)  # more `site.*` keys for Liquid in posts
    warn_unknown_layouts: bool = True  # off where front matter names layouts of another tool
    warnings: tuple = ()  # Diagnostics: settings the loader ignored (the build reports them)

    # --- derived -------------------------------------------------------
    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def output_path(self) -> Path:
        return self.root / self.output_dir

    @property
    def includes_path(self) -> Path:
        return self.root / self.includes_dir

    @property
    def origin(self) -> str:
        """`https://user.github.io` (scheme and host of `url`, no path)."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def fingerprint(self, leave_out: tuple[str, ...] = ()) -> str:
        """A hash of every setting but those in `leave_out`: part of the cache keys."""
        fields = [f.name for f in dataclasses.fields(self) if f.name not in leave_out]
        values = {name: getattr(self, name) for name in fields}
        values["root"] = ""  # moving the site folder does not change its output
        blob = json.dumps(values, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


# Config fields that the loader sets, never read from ssg.toml
LOADER_FIELDS = (
    "root",
    "config_file",
    "source_layout",
    "exclude",
    "include",
    "liquid_site",
    "warn_unknown_layouts",
    "warnings",
)

# key -> (type, documentation). Types are checked; `base_path` may be derived from `url`.
FIELDS: dict[str, tuple[type, str]] = {
    "title": (str, "Site title, shown in the header, the feed and the browser tab."),
    "description": (
        str,
        "One sentence about the site: home page meta description and feed subtitle.",
    ),
    "author": (str, "Default author of every post (a post's `author` overrides it)."),
    "url": (
        str,
        "Public URL of the site, e.g. `https://user.github.io/repo/`; feeds and "
        "canonical links use it. Its path becomes the base path unless `base_path` is set.",
    ),
    "base_path": (
        str,
        "URL prefix the site is served under, e.g. `/repo/` for a GitHub project page.",
    ),
    "language": (str, "Language code for `<html lang>` and the feed, e.g. `ko` or `en`."),
    "timezone": (
        str,
        "IANA time zone (e.g. `Asia/Seoul`): dates without an offset are read in it, "
        "and a post's URL date is its date there.",
    ),
    "permalink": (str, "Post URL pattern with `:year :month :day :slug :title :categories`."),
    "posts_per_page": (int, "Posts per page on the home page and tag pages."),
    "theme": (str, "Theme folder name under `themes/` (the bundled one is `default`)."),
    "code_style_light": (str, "Pygments style for code in light mode."),
    "code_style_dark": (str, "Pygments style for code in dark mode."),
    "feed_size": (int, "Number of latest posts in `feed.xml` and each tag feed."),
    "feed_path": (str, "Site path of the Atom feed (jekyll-feed's `feed: path:`)."),
    "tag_feeds": (bool, "Write an Atom feed per tag beside the tag page."),
    "related_posts": (int, "Number of related posts (by shared tags) under each post; 0 hides."),
    "date_format": (str, "strftime format for dates shown on pages."),
    "excerpt_separator": (str, "Marker that ends a post's excerpt."),
    "twitter": (str, "Twitter/X handle for `twitter:site`, e.g. `@me`."),
    "content_dir": (str, "Folder holding posts, pages and static files."),
    "output_dir": (str, "Folder the site is written to."),
    "includes_dir": (str, "Folder of files for `{% include NAME %}`."),
    "cname": (str, "Custom domain for GitHub Pages (`blog.example.com`), written to `CNAME`."),
    "markdown": (
        str,
        "Markdown flavor: `gfm` (GitHub's), or `kramdown` for posts written for "
        "Jekyll (`{: .class}` attribute lists, `{:toc}`, `{#id}`, math, typography).",
    ),
    "math": (str, '`"mathml"` (formulas as MathML at build time) or `"katex"` (in the browser).'),
    "jekyll_compat": (
        bool,
        "Build like Jekyll: Liquid also runs inside code blocks, "
        "`{% post_url %}` names posts by their path under content/posts/, and "
        "categories go into URLs lower-cased but not slugified.",
    ),
    "category_folders": (
        list,
        "Folders under content/posts/ whose names are categories of "
        "the posts in them (as Jekyll's folders above `_posts/`).",
    ),
    "defaults": (
        list,
        "Front matter defaults, as Jekyll's: `[[defaults]]` tables with `path` "
        "(from the site root), optional `type` (posts or pages) and a `values` table.",
    ),
    "data_dir": (str, "Folder of YAML/JSON files available as `site.data` in Liquid."),
    "params": (dict, "Free-form table passed to templates as `site.params`."),
    "convert_timeout": (
        int,
        "Seconds one post or page may take to convert; one that takes longer is left out with a warning, and the rest of the site builds. 0 turns the limit off.",  # noqa: E501
    ),
    "rss_feed": (bool, "Write an RSS 2.0 feed, `rss.xml`, beside the Atom `feed.xml`."),
    "json_feed": (bool, "Write a JSON Feed 1.1, `feed.json`, beside the Atom `feed.xml`."),
    **theme_options.FIELDS,  # the theme's optional features: layout, sharing, comments, …
    "search": (bool, "Site search: an index under /search/, a box in the header (see below)."),
    "images": (dict, "Responsive image variants and metadata removal (see below)."),
}


def _suggest(key: str) -> str:
    close = difflib.get_close_matches(key, FIELDS, n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _key_line(text: str, key: str, entry: int = 1) -> int | None:
    """The line where top-level `key` is set: `key = …`, `key.sub = …` or a `[key]` table;
    the line of its `entry`-th `[[key]]` table where there are such."""
    first = None
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        name = line.strip("[]") if line.startswith("[") else line.split("=", 1)[0]
        if name.split(".", 1)[0].strip().strip("\"'") == key:
            first = first or number
            entry -= line.startswith(f"[[{key}]]")
            if entry <= 0:
                return number
    return first


def _item_problem(key: str, value) -> tuple[int, str] | None:
    """(entry from 1, message) for a setting whose items are not what it takes, or whose
    tables nest so deep that no site needs it (Python would run out of stack on them)."""
    if found := theme_options.problem(key, value) or image_options.problem(key, value):
        return 1, found
    if key == "category_folders":
        wrong = [item for item in value if not isinstance(item, str)]
        if wrong:
            return 1, f"`{key}` must be a list of strings, not {_type_name(type(wrong[0]))}"
    for number, entry in enumerate(value if key == "defaults" else (), 1):
        if not isinstance(entry, dict):
            kind = _type_name(type(entry))
            return number, f"`defaults` entry {number} must be a table, not {kind}"
        for name, kind in (("path", str), ("type", str), ("values", dict)):
            if name in entry and not isinstance(entry[name], kind):
                wrong = f"{_type_name(kind)}, not {_type_name(type(entry[name]))}"
                return number, f"`defaults` entry {number}: `{name}` must be {wrong}"
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_NESTING:
            return 1, TOO_DEEP
        if isinstance(item, dict | list):
            stack.extend(
                (v, depth + 1) for v in (item.values() if isinstance(item, dict) else item)
            )
    return None


def normalize_base_path(path: str) -> str:
    """`repo`, `/repo`, `//repo//` -> `/repo/`; empty -> `/`."""
    parts = [part for part in path.strip().split("/") if part]
    return "/" + "".join(part + "/" for part in parts)


def read_config(
    root: Path, config_file: Path | None = None, overrides: dict | None = None
) -> Config:
    """Read `ssg.toml` (absent means defaults) and apply command-line overrides.

    Raises `SsgError` with every problem found, each as `ssg.toml:line: message`.
    """
    root = root.resolve()
    path = config_file or root / CONFIG_NAME
    label = _label(path, root)
    values: dict = {}
    text = ""
    if config_file is not None and not path.is_file():
        raise SsgError(error(label, None, "config file not found"))
    if path.is_file():
        text, values = parse_toml(path.read_bytes(), label)
    problems: list[Diagnostic] = []
    clean: dict = {}
    for key, value in values.items():
        if key not in FIELDS:
            problems.append(
                error(label, _key_line(text, key), f"unknown key `{key}`{_suggest(key)}")
            )
            continue
        expected = FIELDS[key][0]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            problems.append(
                error(
                    label,
                    _key_line(text, key),
                    f"`{key}` must be {_type_name(expected)}, not {_type_name(type(value))}",
                )
            )
            continue
        found = _item_problem(key, value)
        if found is not None:
            problems.append(error(label, _key_line(text, key, found[0]), found[1]))
            continue
        clean[key] = value
    clean.update(overrides or {})
    if problems:
        raise SsgError(*problems, *_validate(clean, label, text))
    if config_file is not None:
        clean["config_file"] = label
    return make_config(root, clean, label, text)


def make_config(root: Path, values: dict, label: str = CONFIG_NAME, text: str = "") -> Config:
    """Validate settings (all problems at once) and derive the base path from `url`."""
    problems = _validate(values, label, text)
    if problems:
        raise SsgError(*problems)
    values = dict(values)
    if "base_path" not in values:
        values["base_path"] = urlsplit(values.get("url", "")).path or "/"
    values["base_path"] = normalize_base_path(values["base_path"])
    if "url" in values:
        values["url"] = values["url"].rstrip("/") + "/"
    return Config(root=root, **values)


def _validate(values: dict, label: str, text: str) -> list[Diagnostic]:
    problems = []

    def bad(key: str, message: str) -> None:
        problems.append(error(label, _key_line(text, key), message))

    url = values.get("url")
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            bad(
                "url",
                f"`url` must be an absolute http(s) URL like https://user.github.io/, not {url!r}",
            )
        elif parts.query or parts.fragment:
            bad("url", f"`url` must not have a query or fragment, not {url!r}")
    tz = values.get("timezone")
    if tz is not None:
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            bad(
                "timezone",
                f"unknown time zone {tz!r} (use an IANA name like `Asia/Seoul` or `UTC`)",
            )
    for key in ("posts_per_page", "feed_size"):
        if key in values and values[key] < 1:
            bad(key, f"`{key}` must be at least 1")
    for key in ("related_posts", "convert_timeout"):
        if values.get(key, 0) < 0:
            bad(key, f"`{key}` must be 0 or more")
    for key, allowed in (("markdown", ("gfm", "kramdown")), ("math", ("mathml", "katex"))):
        if values.get(key, allowed[0]) not in allowed:
            bad(key, f'`{key}` must be "{allowed[0]}" or "{allowed[1]}", not {values[key]!r}')
    permalink = values.get("permalink")
    if permalink is not None and not permalink.startswith("/"):
        bad("permalink", "`permalink` must start with `/`")
    for key in ("code_style_light", "code_style_dark"):
        if key in values:
            from pygments.styles import get_all_styles

            styles = sorted(get_all_styles())
            if values[key] not in styles:
                close = difflib.get_close_matches(values[key], styles, n=1)
                hint = f" (did you mean `{close[0]}`?)" if close else ""
                bad(key, f"unknown Pygments style {values[key]!r}{hint}")
    return problems


def _type_name(kind: type) -> str:
    return {
        str: "a string",
        int: "an integer",
        bool: "true or false",
        dict: "a table",
        float: "a number",
        list: "a list",
    }.get(kind, kind.__name__)


def _label(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)


def base_url_overrides(base_url: str) -> dict:
    """`--base-url https://user.github.io/repo/` sets the site URL and base path for one build."""
    parts = urlsplit(base_url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return {"url": base_url, "base_path": parts.path or "/"}
    if base_url.startswith("/"):
        return {"base_path": base_url}
    raise SsgError(
        f"--base-url must be a full URL like https://user.github.io/repo/, not {base_url!r}"
    )
