"""Parse a Markdown source into a `Document`: Jekyll-style YAML front matter plus body.

Tolerates what real Jekyll posts contain: a BOM, CRLF line endings, a TAB after
`key:`, dates PyYAML leaves as strings (`+0300`), `tags: OS` as a string.
Every problem is a `Diagnostic` with the line in the file (not in the front matter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

import yaml

from ssg.dates import DateError, parse_date
from ssg.errors import Diagnostic, error, not_utf8, warning
from ssg.safe_yaml import YamlLoader, as_psych_reads, load_yaml, yaml_problem
from ssg.sources import POST_NAME, SourceFile
from ssg.urls import slugify


class _Loader(YamlLoader):
    """YamlLoader that leaves timestamps as strings, so every date goes through `parse_date`."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in YamlLoader.yaml_implicit_resolvers.items()
}


_SINGLE_VALUED = (
    "title",
    "image",
    "description",
    "excerpt",
    "author",
    "layout",
    "permalink",
    "slug",
)
_TERM_KEYS = ("tags", "tag", "categories", "category")
_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

KNOWN_KEYS = {
    *_SINGLE_VALUED,
    *_TERM_KEYS,
    "date",
    "updated",
    "last_modified_at",
    "draft",
    "published",
}


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed source: typed front matter, the Markdown body and where the body starts."""

    source: SourceFile
    title: str
    date: datetime | None  # aware; None for an undated page
    updated: datetime | None
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    image: str | None
    description: str | None
    excerpt: str | None
    author: str | None
    layout: str | None
    permalink: str | None
    slug: str
    file_slug: str  # the slug part of the file name, as written (Jekyll's `:title`)
    draft: bool
    extra: dict = field(default_factory=dict)  # every other key: `page.<key>` in templates
    body: str = ""
    body_line: int = 1  # file line where `body` starts
    front_lines: dict = field(default_factory=dict)  # key -> file line, for later diagnostics


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter or None, body, file line of the body's first line)."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return None, text, 1
    for index in range(1, len(lines)):
        if _CLOSE.match(lines[index]):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None, text, 1


def decode(source: SourceFile) -> tuple[str | None, Diagnostic | None]:
    """UTF-8 text with BOM removed and newlines normalised, or an error naming the bad line."""
    data = source.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, not_utf8(source.rel, data, exc)
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), None


def parse_document(source: SourceFile, tz: tzinfo) -> tuple[Document | None, list[Diagnostic]]:
    text, problem = decode(source)
    if problem:
        return None, [problem]
    front, body, body_line = split_front_matter(text)
    problems: list[Diagnostic] = []
    if front is None and _FENCE.match(text.split("\n", 1)[0]) and text.strip() != "---":
        problems.append(
            warning(source.rel, 1, "front matter opened with --- is never closed; read as text")
        )
    meta: dict = {}
    lines: dict[str, int] = {}
    if front is not None and front.strip():
        fixed = as_psych_reads(front)
        try:
            loaded, notes = load_yaml(fixed, _Loader)
        except yaml.YAMLError as exc:
            line, reason = yaml_problem(exc)
            line = line + 2 if line is not None else 2
            return None, [error(source.rel, line, f"invalid YAML front matter: {reason}")]
        problems += [warning(source.rel, line + 2, note) for line, note in notes]
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            return None, [error(source.rel, 2, "front matter must be `key: value` lines")]
        meta = {str(k): v for k, v in loaded.items()}
        lines = _key_lines(front)
    if source.defaults:  # Jekyll's `defaults:`: the file's own front matter wins
        meta = {**source.defaults, **meta}
    return _document(source, meta, lines, body, body_line, tz, problems)


def _key_lines(front: str) -> dict[str, int]:
    found = {}
    for number, line in enumerate(front.split("\n"), 2):
        match = re.match(r"^([^\s#:][^:]*):", line)
        if match:
            found.setdefault(match.group(1).strip(), number)
    return found


def _terms(value, split: bool) -> list[str]:
    """Jekyll's rule: a list stays a list, a string is split on spaces (for `tags`/`categories`)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    text = str(value).strip()
    if not text:
        return []
    return text.split() if split else [text]


# `image:` as a mapping, as themes write it (Chirpy `path`, So Simple `feature`, Minimal
# Mistakes-style `teaser`/`og_image`, …): the first of these keys that holds a string.
_IMAGE_KEYS = ("path", "facebook", "twitter", "url", "src", "feature", "og_image", "teaser")
_IMAGE_KEYS += ("thumbnail", "thumb")  # jekyll-seo-tag reads path, facebook, twitter first


def _usable(meta: dict, rel: str, line_of, problems: list) -> dict:
    """`meta` with every value of a type ssg cannot use for its key dropped, each with a
    warning at its line (Jekyll accepts them, so they never stop a build). A mapping
    `image` gives its path (and `image_alt`); a mapping `author` its `name`."""
    meta = dict(meta)
    for key, value in list(meta.items()):  # in file order, so problems come out by line
        if key in _SINGLE_VALUED and value is not None and not isinstance(value, str | int | float):
            if key == "image" and isinstance(value, dict):
                path = next((value[k] for k in _IMAGE_KEYS if isinstance(value.get(k), str)), None)
                if path:
                    meta["image"] = path
                    if isinstance(value.get("alt"), str) and "image_alt" not in meta:
                        meta["image_alt"] = value["alt"]
                    continue
            if key == "author" and isinstance(value, dict) and isinstance(value.get("name"), str):
                meta["author"] = value["name"]
                if isinstance(value.get("twitter"), str):  # jekyll-seo-tag's `twitter:creator`
                    meta.setdefault("author_twitter", value["twitter"])
                continue
            kind = "a list" if isinstance(value, list) else "a mapping"
            problems.append(
                warning(rel, line_of(key), f"`{key}` is {kind}, not a single value: ignored")
            )
            del meta[key]
        elif key in _TERM_KEYS and isinstance(value, dict):
            problems.append(
                warning(
                    rel,
                    line_of(key),
                    f"`{key}` is a mapping, not a list or a space-separated string: ignored",
                )
            )
            del meta[key]
    return meta


def _document(source, meta, lines, body, body_line, tz, problems):
    rel = source.rel

    def line_of(key):
        return lines.get(key, 1)

    name = POST_NAME.match(source.stem)
    file_slug = name.group("slug") if name else source.stem
    file_date = name.group("date") if name else None

    date = updated = None
    if meta.get("date") not in (None, ""):
        try:
            date = parse_date(meta["date"], tz)
        except DateError as exc:
            problems.append(error(rel, line_of("date"), str(exc)))
    elif file_date:
        try:
            date = parse_date(file_date, tz)
        except DateError:
            problems.append(error(rel, None, f"invalid date {file_date!r} in the file name"))
    elif source.draft:  # Jekyll dates a draft by its file's modification time
        date = datetime.fromtimestamp(source.mtime_ns / 1e9, tz)
    elif source.kind == "post":  # a README.md among the posts: Jekyll skips it too
        return None, [
            warning(
                rel,
                None,
                "skipped: not a post (no date in the file name or front matter); "
                "name it YYYY-MM-DD-slug.md or add `date:`",
            )
        ]
    seo = meta.get("seo") if isinstance(meta.get("seo"), dict) else {}
    for key, value in (  # ssg's own key, then jekyll-seo-tag's order for `dateModified`
        ("updated", meta.get("updated")),
        ("seo.date_modified", seo.get("date_modified")),
        ("last_modified_at", meta.get("last_modified_at")),
    ):
        if value not in (None, "") and updated is None:
            try:
                updated = parse_date(value, tz)
            except DateError as exc:  # only the plugins read it: Jekyll builds the post
                line = line_of(key.split(".")[0])
                problems.append(warning(rel, line, f"`{key}`: {exc}: ignored"))

    meta = _usable(meta, rel, line_of, problems)
    title = meta.get("title")
    if title is None:
        title = file_slug.replace("-", " ").strip() if source.kind == "post" else ""
        title = title[:1].upper() + title[1:]  # keep `AWS`, unlike str.capitalize()
    title = str(title).strip()

    tags = _terms(meta.get("tags"), split=True) + _terms(meta.get("tag"), split=False)
    categories = (
        list(source.categories)
        + _terms(meta.get("categories"), split=True)
        + _terms(meta.get("category"), split=False)
    )
    if isinstance(meta.get("permalink"), str) and _CONTROL.search(meta["permalink"]):
        problems.append(
            error(rel, line_of("permalink"), "`permalink` must not contain control characters")
        )
    image = meta.get("image")
    slug = (slugify(meta["slug"]) if meta.get("slug") else slugify(file_slug)) or "untitled"
    draft = bool(meta.get("draft")) or meta.get("published") is False or source.draft
    if any(p.level == "error" for p in problems):
        return None, problems
    extra = {k: v for k, v in meta.items() if k not in KNOWN_KEYS}
    return (
        Document(
            source=source,
            title=title,
            date=date,
            updated=updated,
            tags=tuple(dict.fromkeys(tags)),
            categories=tuple(dict.fromkeys(categories)),
            image=str(image).strip() if image else None,
            description=_text(meta.get("description")),
            excerpt=_text(meta.get("excerpt")),
            author=_text(meta.get("author")),
            layout=_text(meta.get("layout")),
            permalink=_text(meta.get("permalink")),
            slug=slug,
            file_slug=file_slug,
            draft=draft,
            extra=extra,
            body=body,
            body_line=body_line,
            front_lines=lines,
        ),
        problems,
    )


def _text(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
