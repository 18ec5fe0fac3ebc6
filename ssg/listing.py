"""`ssg list`: every post with its date, URL and state, and why each one left out of the
site is left out ("why is my post missing?"), read from the sources without building."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ssg.build import find_sources
from ssg.config import Config
from ssg.frontmatter import parse_document
from ssg.page import page_url

__all__ = ["Row", "list_posts"]


@dataclass(frozen=True)
class Row:
    date: str  # YYYY-MM-DD in the site's time zone
    state: str  # published, draft, future, unlisted
    url: str
    title: str
    source: str


def list_posts(config: Config, now: datetime) -> tuple[list[Row], list[str]]:
    """(posts, newest first; one line per post or file left out of the site, saying why)."""
    sources = find_sources(config)
    rows: list[Row] = []
    why = [f"{p.path}: skipped: {p.message}" for p in sources.problems]
    for source in sources.documents:
        if source.kind != "post":
            continue
        try:
            doc, problems = parse_document(source, config.tz)
        except Exception as exc:  # noqa: BLE001 - a listing reports, it never stops
            why.append(f"{source.rel}: unreadable: {exc}")
            continue
        errors = [p for p in problems if p.level == "error"]
        if doc is None or errors:
            first = errors[0] if errors else problems[0] if problems else None
            reason = first.message if first else "no front matter or body"
            why.append(f"{source.rel}: left out, it cannot be read: {reason}")
            continue
        state = _state(doc, now)
        date = doc.date.astimezone(config.tz).strftime("%Y-%m-%d") if doc.date else "----------"
        rows.append(Row(date, state, page_url(doc, config), doc.title, source.rel))
        if state == "draft":
            flag = (
                "it is in the drafts folder"
                if source.draft
                else "its front matter says `draft: true` or `published: false`"
            )
            why.append(f"{source.rel}: left out as a draft ({flag}); `--drafts` builds it")
        elif state == "future":
            why.append(
                f"{source.rel}: left out, dated in the future ({doc.date.isoformat()}); "
                "`--future` builds it"
            )
    rows.sort(key=lambda row: (row.date, row.url), reverse=True)
    return rows, why


def _state(doc, now: datetime) -> str:
    if doc.draft:
        return "draft"
    if doc.date is not None and doc.date > now:
        return "future"
    return "published"
