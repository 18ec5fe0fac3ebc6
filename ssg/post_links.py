"""`{% post_url NAME %}` targets: each published post's name -> its URL, from front matter only
(in sites built like Jekyll); memoised per process, so `ssg serve` parses an unchanged post once."""

from __future__ import annotations

from ssg.config import Config
from ssg.frontmatter import parse_document
from ssg.page import page_url
from ssg.sources import SourceFile


def post_links(documents: list[SourceFile], config: Config) -> dict[str, str]:
    """Jekyll's `{% post_url name %}` targets: each post's name under `_posts/` -> its URL
    (front matter only; an unreadable post is reported later, by its own conversion)."""
    if not config.jekyll_compat:
        return {}
    links = {}
    fingerprint = config.fingerprint()
    for source in documents:
        if source.kind == "post" and not source.draft:
            memo = (source.sha256, source.rel, fingerprint)
            if memo not in _POST_URLS:  # `ssg serve` parses an unchanged post only once
                doc, _ = parse_document(source, config.tz)
                _POST_URLS[memo] = page_url(doc, config) if doc is not None else None
            if _POST_URLS[memo] is not None:
                links[source.link_name] = _POST_URLS[memo]
    return links


_POST_URLS: dict[tuple[str, str, str], str | None] = {}  # (sha256, path, config) -> URL
