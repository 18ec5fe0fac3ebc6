"""What `ssg check` reports: a `Problem` on a page, the `CheckStats` of a run, and broken
external URLs (from `ssg.check.external`) turned into problems of the pages that use them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Problem:
    page: str  # output path of the page, e.g. "2021/05/25/docker/index.html", or "feed.xml"
    target: str  # the URL as written ("" for a problem of the whole file)
    reason: str
    source: str | None = None  # the Markdown file the page came from, when known

    def __str__(self) -> str:
        where = f"{self.page} → {self.target}" if self.target else self.page
        return f"{where}: {self.reason}" + (f" ({self.source})" if self.source else "")


@dataclass(frozen=True, slots=True)
class CheckStats:
    pages: int = 0  # HTML pages checked
    feeds: int = 0  # feeds and sitemaps checked
    urls: int = 0  # internal URLs checked (each once per page)
    external: dict[str, tuple[str, ...]] = field(default_factory=dict)  # URL -> pages using it

    @property
    def external_count(self) -> int:
        return len(self.external)


def external_problems(
    broken: Iterable[tuple[str, str]], stats: CheckStats, sources: dict[str, str] | None = None
) -> list[Problem]:
    """`check_external`'s answer as problems of the pages that use each broken URL."""
    sources = sources or {}
    found = {
        Problem(page, url, reason, sources.get(page))
        for url, reason in broken
        for page in stats.external.get(url, ())
    }
    return sorted(found, key=problem_order)


def problem_order(problem: Problem) -> tuple[str, str, str]:
    """The order problems are reported in: by page, then target, then reason."""
    return (problem.page, problem.target, problem.reason)
