"""Tags, categories, yearly archives and pagination: plain groupings of pages."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from ssg.page import Page
from ssg.urls import slugify


@dataclass(frozen=True, slots=True)
class Term:
    """A tag or category and its posts, newest first."""

    name: str
    slug: str
    url: str  # site path of its first page
    posts: tuple[Page, ...]

    @property
    def count(self) -> int:
        return len(self.posts)


@dataclass(frozen=True, slots=True)
class Pager:
    """One page of a paginated list."""

    number: int  # 1-based
    total: int
    items: tuple[Page, ...]
    urls: tuple[str, ...]  # site path of every page of this list

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.total else None


def group_terms(posts: list[Page], field: str, prefix: str) -> tuple[Term, ...]:
    """Group posts by `field` ("tags" or "categories"); spellings that slugify alike merge
    (`Docker`, `docker`) under the most used one. Sorted by name."""
    members: dict[str, list[Page]] = defaultdict(list)
    spellings: dict[str, Counter] = defaultdict(Counter)
    for post in posts:
        for name in getattr(post, field):
            slug = _term_key(name)
            if not members[slug] or members[slug][-1] is not post:
                members[slug].append(post)
            spellings[slug][name] += 1
    terms = [
        Term(spellings[slug].most_common(1)[0][0], slug, f"/{prefix}/{slug}/", tuple(items))
        for slug, items in members.items()
    ]
    return tuple(sorted(terms, key=lambda t: (t.name.lower(), t.slug)))


def paginate(items: tuple[Page, ...], per_page: int, first_url: str) -> list[Pager]:
    """`first_url`, then `first_url + "page/2/"`…; an empty list still has one page."""
    total = max(1, math.ceil(len(items) / per_page))
    urls = tuple(first_url if n == 1 else f"{first_url}page/{n}/" for n in range(1, total + 1))
    return [
        Pager(n, total, items[(n - 1) * per_page : n * per_page], urls) for n in range(1, total + 1)
    ]


def by_year(posts: tuple[Page, ...]) -> tuple[tuple[int, tuple[Page, ...]], ...]:
    years: dict[int, list[Page]] = defaultdict(list)
    for post in posts:
        years[post.date.year].append(post)
    return tuple((year, tuple(items)) for year, items in sorted(years.items(), reverse=True))


def related(posts: tuple[Page, ...], limit: int) -> dict[str, tuple[Page, ...]]:
    """For each post, the posts sharing most tags with it (newer first on ties).

    Tag membership is a bitset over post positions (bit 0 = newest post), and the shared-tag
    count of every other post is summed bit-sliced: `planes[k]` holds bit k of each count.
    That is a few big-integer operations per post instead of one per (post, tag, other post),
    which matters at thousands of posts.
    """
    if limit <= 0:
        return {}
    members: dict[str, int] = defaultdict(int)
    keys = [{_term_key(t) for t in post.tags} for post in posts]
    for index, tags in enumerate(keys):
        for tag in tags:
            members[tag] |= 1 << index
    result = {}
    for index, tags in enumerate(keys):
        planes: list[int] = []
        for tag in tags:
            carry = members[tag] & ~(1 << index)
            for k in range(len(planes)):
                planes[k], carry = planes[k] ^ carry, planes[k] & carry
                if not carry:
                    break
            if carry:
                planes.append(carry)
        chosen: list[int] = []
        remaining = 0
        for plane in planes:
            remaining |= plane  # every post sharing at least one tag
        while remaining and len(chosen) < limit:
            best = remaining
            for plane in reversed(planes):  # narrow down to the highest count present
                if best & plane:
                    best &= plane
            while best and len(chosen) < limit:
                lowest = best & -best
                chosen.append(lowest.bit_length() - 1)
                best ^= lowest
                remaining &= ~lowest
        result[posts[index].url] = tuple(posts[i] for i in chosen)
    return result


def _term_key(name: str) -> str:
    """Spellings that slugify alike are one term; a name with no letters keeps its own."""
    return slugify(name) or name
