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
from ssg.errors import SsgError, error, not_utf8, warning
from ssg.safe_yaml import as_psych_reads, load_yaml, yaml_problem
from ssg.theme_options import VERIFY_META

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
    """`_config.yml` as ssg settings; the rest of it stays available as `site.*`. A setting of
    an odd type that Jekyll would take is a warning in `Config.warnings`, and ignored."""
    path = root / JEKYLL_CONFIG
    raw = path.read_bytes() if path.is_file() else b""  # `_posts/` alone: Jekyll's defaults
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SsgError(not_utf8(JEKYLL_CONFIG, raw, exc)) from None
    try:
        data, notes = load_yaml(as_psych_reads(text))
    except yaml.YAMLError as exc:
        line, reason = yaml_problem(exc)
        line = line + 1 if line is not None else None
        raise SsgError(error(JEKYLL_CONFIG, line, f"invalid YAML: {reason}")) from None
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise SsgError(error(JEKYLL_CONFIG, 1, "expected `key: value` settings"))
    warned = [warning(JEKYLL_CONFIG, line + 1, note) for line, note in notes]

    def ignored(key: str, message: str) -> None:
        warned.append(warning(JEKYLL_CONFIG, _key_line(text, key), message))

    values: dict = {
        "content_dir": ".",
        "includes_dir": "_includes",
        "data_dir": "_data",
        "output_dir": OUTPUT,
        "markdown": "kramdown",
        "math": "katex",  # as Jekyll writes it: `\\[…\\]` for the page's MathJax or KaTeX
        "jekyll_compat": True,
        "permalink": _permalink(_posts_permalink(data) or data.get("permalink")),
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
    values.update(_plugin_settings(data))
    if isinstance(data.get("paginate"), int) and data["paginate"] > 0:
        values["posts_per_page"] = data["paginate"]
    url = str(data.get("url") or "").rstrip("/")
    baseurl = str(data.get("baseurl") or "").strip("/")
    if url:
        values["url"] = f"{url}/{baseurl}/" if baseurl else f"{url}/"
    values["base_path"] = f"/{baseurl}/" if baseurl else "/"
    values["defaults"] = _defaults(data.get("defaults"), ignored)
    values["liquid_site"] = data  # every key of `_config.yml` is `site.KEY`
    values["exclude"] = (*ALWAYS_EXCLUDED, *_paths(data, "exclude", ignored))
    values["include"] = _paths(data, "include", ignored)
    values["warnings"] = tuple(warned)
    values.update(overrides)
    return make_config(root.resolve(), values, JEKYLL_CONFIG, text)


def _plugin_settings(data: dict) -> dict:
    """What the GitHub Pages plugins read, as ssg's own settings: jekyll-feed's
    `feed: path:`, jekyll-seo-tag's `twitter: username:` (or a plain handle), its site keys
    (`_seo_settings`). Posts without an `image` get social cards, as in an ssg site, unless
    the site names a default share image: that one, as Jekyll shows it."""
    found = {}
    feed = data.get("feed")
    if isinstance(feed, dict) and isinstance(feed.get("path"), str) and feed["path"].strip():
        found["feed_path"] = "/" + feed["path"].strip().lstrip("/")
    twitter = data.get("twitter")
    handle = twitter.get("username") if isinstance(twitter, dict) else twitter
    if isinstance(handle, str) and handle.strip():
        found["twitter"] = "@" + handle.strip().lstrip("@")
    seo = _seo_settings(data)
    if seo:
        found["seo"] = seo
    if "image" in seo:  # the share image the site chose for every post without its own, as
        found["cards"] = False  # jekyll-seo-tag and the themes show it: no cards drawn instead
    return found


def _seo_settings(data: dict) -> dict:
    """jekyll-seo-tag's site keys as ssg's `[seo]` table: `logo`, `social: {name, links}`,
    `webmaster_verifications` (and `google_site_verification`), `facebook`, `twitter: card`,
    and the default share image of Chirpy (`social_preview_image`) and Minimal Mistakes
    (`og_image`). Values of other types are left out, as the plugin leaves them out."""

    def text(value) -> str | None:
        ok = isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip()
        return str(value).strip() if ok else None

    def section(key: str) -> dict:
        return data[key] if isinstance(data.get(key), dict) else {}

    social, facebook = section("social"), section("facebook")
    seo = {
        "logo": text(data.get("logo")),
        "image": text(data.get("social_preview_image")) or text(data.get("og_image")),
        "name": text(social.get("name")),
        "twitter_card": text(section("twitter").get("card")),
        "facebook_app_id": text(facebook.get("app_id")),
        "facebook_publisher": text(facebook.get("publisher")),
        "facebook_admins": text(facebook.get("admins")),
    }
    links = social.get("links")
    seo["profiles"] = (
        [u for u in links if isinstance(u, str) and "//" in u] if isinstance(links, list) else None
    )
    verify = {"google": text(data.get("google_site_verification"))}
    for service, code in section("webmaster_verifications").items():
        if service in VERIFY_META and text(code):
            verify[service] = text(code)
    seo["verify"] = {k: v for k, v in verify.items() if v}
    return {k: v for k, v in seo.items() if v}


def _paths(data: dict, key: str, ignored) -> tuple[str, ...]:
    """`exclude`/`include`: a list, or a comma-separated string (Jekyll's `csv_to_array`)."""
    value = data.get(key)
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if value is None or isinstance(value, list):
        return tuple(str(x) for x in value or () if x is not None)
    ignored(key, f"`{key}` should be a list, not {_shown(value)}: ignored")
    return ()


def _defaults(value, ignored) -> list[dict]:
    """Jekyll's `defaults:` (a list of `{scope: {path, type}, values}`) as ssg's."""
    if value is None:
        return []
    if not isinstance(value, list):
        ignored("defaults", f"`defaults` should be a list, not {_shown(value)}: ignored")
        return []
    found = []
    for number, entry in enumerate(value, 1):
        parts = {}
        if isinstance(entry, dict):
            parts = {"scope": entry.get("scope") or {}, "values": entry.get("values") or {}}
        bad = [name for name, part in parts.items() if not isinstance(part, dict)]
        if not parts or bad:
            what, shown = (f"`{bad[0]}`", parts[bad[0]]) if bad else ("it", entry)
            ignored(
                "defaults",
                f"`defaults` entry {number}: {what} should be a mapping, not {_shown(shown)}: "
                "entry ignored",
            )
            continue
        scope = parts["scope"]
        found.append(
            {
                "path": str(scope.get("path") or "").strip("/"),
                "type": scope.get("type"),
                "values": dict(parts["values"]),
            }
        )
    return found


def _shown(value) -> str:
    text = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    return text if len(text) <= 40 else text[:39] + "…"


def _key_line(text: str, key: str) -> int | None:
    """The line of a top-level `key:` in the YAML text."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith((f"{key}:", f'"{key}":', f"'{key}':")):
            return number
    return None


def _posts_permalink(data: dict):
    """`collections: posts: permalink:`, which wins over the site's `permalink` for posts."""
    collections = data.get("collections")
    posts = collections.get("posts") if isinstance(collections, dict) else None
    return posts.get("permalink") if isinstance(posts, dict) else None


def _permalink(value) -> str:
    if not value:
        return PERMALINK_STYLES["date"]
    value = str(value)
    return PERMALINK_STYLES.get(value, value)
