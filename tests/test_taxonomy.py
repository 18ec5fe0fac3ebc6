"""Tests for tags, categories, archives and pagination (ssg/taxonomy.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ssg.page import Page
from ssg.taxonomy import Pager, by_year, group_terms, paginate, related

from conftest import make_page

SEOUL = ZoneInfo("Asia/Seoul")


def post(url: str, date: str = "2024-01-01", tags=(), categories=()) -> Page:
    """A minimal post: only what grouping looks at is filled in."""
    when = datetime.fromisoformat(date).replace(tzinfo=SEOUL)
    return make_page(url, date=when, tags=tuple(tags), categories=tuple(categories))


def urls(pages) -> list[str]:
    return [p.url for p in pages]


def summary(terms) -> list[tuple[str, str, str, list[str]]]:
    return [(t.name, t.slug, t.url, urls(t.posts)) for t in terms]


# ------------------------------------------------------------------ terms


def test_spellings_merge_under_the_most_used_one():
    posts = [
        post("/a/", tags=["Docker", "Linux"]),
        post("/b/", tags=["docker", "쿠버네티스"]),
        post("/c/", tags=["docker", "linux"]),
        post("/d/", tags=["DOCKER"]),
    ]
    assert summary(group_terms(posts, "tags", "tags")) == [
        ("docker", "docker", "/tags/docker/", ["/a/", "/b/", "/c/", "/d/"]),
        ("Linux", "linux", "/tags/linux/", ["/a/", "/c/"]),
        ("쿠버네티스", "쿠버네티스", "/tags/쿠버네티스/", ["/b/"]),
    ]


def test_a_tie_keeps_the_first_spelling_seen():
    posts = [post("/a/", tags=["GitHub Actions"]), post("/b/", tags=["github-actions"])]
    assert summary(group_terms(posts, "tags", "tags")) == [
        ("GitHub Actions", "github-actions", "/tags/github-actions/", ["/a/", "/b/"])
    ]


def test_a_post_with_two_spellings_is_listed_once():
    terms = group_terms([post("/a/", tags=["Python", "python"])], "tags", "tags")
    assert [(t.name, t.count, urls(t.posts)) for t in terms] == [("Python", 1, ["/a/"])]


def test_categories_use_their_own_prefix():
    posts = [post("/a/", categories=["개발 일기"]), post("/b/", categories=["Dev", "개발 일기"])]
    assert summary(group_terms(posts, "categories", "categories")) == [
        ("Dev", "dev", "/categories/dev/", ["/b/"]),
        ("개발 일기", "개발-일기", "/categories/개발-일기/", ["/a/", "/b/"]),
    ]


def test_a_name_without_letters_keeps_its_own_term():
    posts = [post("/a/", tags=["!!!"]), post("/b/", tags=["???"])]
    assert summary(group_terms(posts, "tags", "tags")) == [
        ("!!!", "!!!", "/tags/!!!/", ["/a/"]),
        ("???", "???", "/tags/???/", ["/b/"]),
    ]


def test_no_posts_no_terms():
    assert group_terms([], "tags", "tags") == ()
    assert group_terms([post("/a/")], "tags", "tags") == ()


# ------------------------------------------------------------------ pagination


@pytest.mark.parametrize(
    "count, pages",
    [
        (0, [("/", [], None, None)]),
        (1, [("/", ["/p0/"], None, None)]),
        (2, [("/", ["/p0/", "/p1/"], None, None)]),
        (
            3,
            [
                ("/", ["/p0/", "/p1/"], None, "/page/2/"),
                ("/page/2/", ["/p2/"], "/", None),
            ],
        ),
        (
            5,
            [
                ("/", ["/p0/", "/p1/"], None, "/page/2/"),
                ("/page/2/", ["/p2/", "/p3/"], "/", "/page/3/"),
                ("/page/3/", ["/p4/"], "/page/2/", None),
            ],
        ),
    ],
)
def test_paginate_home(count, pages):
    items = tuple(post(f"/p{i}/") for i in range(count))
    pagers = paginate(items, 2, "/")
    assert [(p.url, urls(p.items), p.prev_url, p.next_url) for p in pagers] == pages
    assert [(p.number, p.total) for p in pagers] == [
        (n, len(pages)) for n in range(1, len(pages) + 1)
    ]


def test_paginate_a_tag_page():
    items = tuple(post(f"/p{i}/") for i in range(3))
    pagers = paginate(items, 2, "/tags/도커/")
    assert pagers[1] == Pager(
        number=2, total=2, items=(items[2],), urls=("/tags/도커/", "/tags/도커/page/2/")
    )
    assert pagers[1].url == "/tags/도커/page/2/"


# ------------------------------------------------------------------ archive


def test_by_year_newest_year_first_keeping_order():
    posts = (
        post("/d/", "2024-12-31T23:00:00"),
        post("/c/", "2024-01-01T00:30:00"),
        post("/b/", "2023-06-01"),
        post("/a/", "2021-02-03"),
    )
    assert [(year, urls(items)) for year, items in by_year(posts)] == [
        (2024, ["/d/", "/c/"]),
        (2023, ["/b/"]),
        (2021, ["/a/"]),
    ]


def test_by_year_of_nothing():
    assert by_year(()) == ()


# ------------------------------------------------------------------ related posts


def test_related_by_shared_tags_then_recency():
    posts = (  # newest first, as the site sorts them
        post("/new/", "2024-05-01", ["docker"]),
        post("/mid/", "2024-04-01", ["docker", "linux", "쿠버네티스"]),
        post("/old/", "2024-03-01", ["Docker", "Linux"]),
        post("/older/", "2024-02-01", ["linux"]),
        post("/alone/", "2024-01-01", ["파이썬"]),
    )
    found = {url: urls(items) for url, items in related(posts, 3).items()}
    assert found == {
        "/new/": ["/mid/", "/old/"],
        "/mid/": ["/old/", "/new/", "/older/"],
        "/old/": ["/mid/", "/new/", "/older/"],
        "/older/": ["/mid/", "/old/"],
        "/alone/": [],
    }


def test_related_respects_the_limit():
    posts = tuple(post(f"/p{i}/", f"2024-01-{10 - i:02d}", ["docker"]) for i in range(5))
    assert urls(related(posts, 2)["/p3/"]) == ["/p0/", "/p1/"]


def test_related_zero_turns_it_off():
    assert related((post("/a/", tags=["x"]), post("/b/", tags=["x"])), 0) == {}


def test_tags_without_letters_do_not_relate_posts():
    posts = (post("/a/", tags=["!!!"]), post("/b/", tags=["???"]))
    assert {url: urls(items) for url, items in related(posts, 3).items()} == {
        "/a/": [],
        "/b/": [],
    }


def test_related_matches_a_plain_count_on_random_sites():
    """The bit-sliced count gives the same answer as counting shared tags one by one."""
    import random
    from collections import Counter

    rng = random.Random(7)
    names = [f"t{i}" for i in range(10)] + ["도커", "Docker", "docker"]
    for _ in range(200):
        posts = tuple(
            post(f"/p{i}/", tags=rng.sample(names, rng.randint(0, 6)))
            for i in range(rng.randint(0, 30))
        )
        limit = rng.randint(1, 4)
        found = related(posts, limit)
        keys = [{n.lower() for n in p.tags} for p in posts]
        for i, p in enumerate(posts):
            shared = Counter({j: len(keys[i] & keys[j]) for j in range(len(posts)) if j != i})
            ranked = sorted((j for j, c in shared.items() if c), key=lambda j: (-shared[j], j))
            assert found[p.url] == tuple(posts[j] for j in ranked[:limit])
