"""Whole-site assembly: sort posts, link neighbours, group tags, categories and years."""

from __future__ import annotations

from dataclasses import dataclass

from ssg import taxonomy
from ssg.config import Config
from ssg.page import Page
from ssg.taxonomy import Term


@dataclass(frozen=True, slots=True)
class Site:
    config: Config
    posts: tuple[Page, ...]  # newest first
    pages: tuple[Page, ...]  # sorted by URL
    tags: tuple[Term, ...]
    categories: tuple[Term, ...]
    years: tuple[tuple[int, tuple[Page, ...]], ...]
    related: dict  # post url -> tuple of related posts
    neighbours: dict  # post url -> (newer post or None, older post or None)


def assemble(pages: list[Page], config: Config) -> Site:
    posts = tuple(
        sorted((p for p in pages if p.kind == "post"), key=lambda p: (p.date, p.url), reverse=True)
    )
    others = tuple(sorted((p for p in pages if p.kind != "post"), key=lambda p: p.url))
    neighbours = {
        post.url: (posts[i - 1] if i > 0 else None, posts[i + 1] if i + 1 < len(posts) else None)
        for i, post in enumerate(posts)
    }
    return Site(
        config=config,
        posts=posts,
        pages=others,
        tags=taxonomy.group_terms(list(posts), "tags", "tags"),
        categories=taxonomy.group_terms(list(posts), "categories", "categories"),
        years=taxonomy.by_year(posts),
        related=taxonomy.related(posts, config.related_posts),
        neighbours=neighbours,
    )
