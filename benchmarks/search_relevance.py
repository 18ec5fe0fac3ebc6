"""Relevance scoring for site search, shared by every engine's harness.

    queries = load_queries(REPO / "tests" / "search_queries.toml")
    results = {query.q: engine_top_slugs(query.q) for query in queries}   # best first
    print_report("pagefind", score(queries, results))

The query set (format described at the top of tests/search_queries.toml) runs against the
fixture blog tests/sites/search/; posts are named by slug (file name without date and .md).

Per query, with top5 the first five distinct slugs an engine returned and E its `expect`:

    recall@5     |E ∩ top5| / min(|E|, 5); for "hidden" queries 1 if top5 is empty, else 0
    precision@5  |E ∩ top5| / |top5|; 0 if top5 is empty; "hidden" queries have none
    top-1        1 if the first result is the query's `top` post (only queries with `top`)

Figures per kind and overall are plain means over the queries that have them. E lists only
the posts a reader must see, not posts that mention a word in passing, so an engine that
rightly returns such a post too loses some precision: compare engines on the same set rather
than reading precision as an absolute.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

KINDS = (
    "ko-bare",
    "ko-particle",
    "ko-compound",
    "en",
    "en-prefix",
    "en-stem",
    "mixed",
    "code",
    "typo",
    "hidden",
)
TOP_K = 5


@dataclass(frozen=True)
class Query:
    q: str
    kind: str
    expect: tuple[str, ...]
    top: str | None = None
    note: str = ""


def load_queries(path: str | Path) -> list[Query]:
    """Read and check the `[[query]]` tables of a TOML file; a bad entry raises ValueError."""
    with open(path, "rb") as f:
        tables = tomllib.load(f).get("query", [])
    queries: list[Query] = []
    seen: set[str] = set()
    for number, table in enumerate(tables, 1):
        where = f"{path}: query {number} ({table.get('q')!r})"
        unknown = set(table) - {"q", "kind", "expect", "top", "note"}
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
        query = Query(
            q=table["q"],
            kind=table["kind"],
            expect=tuple(table["expect"]),
            top=table.get("top"),
            note=table.get("note", ""),
        )
        if query.kind not in KINDS:
            raise ValueError(f"{where}: kind must be one of {', '.join(KINDS)}")
        if query.q in seen:
            raise ValueError(f"{where}: the same query appears twice")
        if len(query.expect) > TOP_K or len(set(query.expect)) != len(query.expect):
            raise ValueError(f"{where}: expect needs at most {TOP_K} distinct slugs")
        if (query.kind == "hidden") != (not query.expect):
            raise ValueError(f"{where}: hidden queries, and only they, expect no posts")
        if query.top is not None and query.top not in query.expect:
            raise ValueError(f"{where}: top {query.top!r} is not in expect")
        seen.add(query.q)
        queries.append(query)
    return queries


def top_slugs(slugs: list[str]) -> list[str]:
    """The first TOP_K distinct slugs, in order."""
    return list(dict.fromkeys(slugs))[:TOP_K]


def score_query(query: Query, slugs: list[str]) -> dict:
    got = top_slugs(slugs)
    if query.kind == "hidden":
        recall, precision = (1.0 if not got else 0.0), None
    else:
        hits = len(set(query.expect) & set(got))
        recall = hits / min(len(query.expect), TOP_K)
        precision = hits / len(got) if got else 0.0
    top1 = None if query.top is None else float(bool(got) and got[0] == query.top)
    return {
        "q": query.q,
        "kind": query.kind,
        "expect": list(query.expect),
        "top": query.top,
        "got": got,
        "recall": recall,
        "precision": precision,
        "top1": top1,
    }


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _summary(rows: list[dict]) -> dict:
    def present(name: str) -> list[float]:
        return [row[name] for row in rows if row[name] is not None]

    return {
        "n": len(rows),
        "recall": _mean(present("recall")),
        "precision": _mean(present("precision")),
        "top1": _mean(present("top1")),
        "top1_n": len(present("top1")),
    }


def score(queries: list[Query], results: dict[str, list[str]]) -> dict:
    """Score an engine's results (query text -> slugs, best first; a missing query counts
    as no results). Returns {"overall": summary, "kinds": {kind: summary}, "queries": rows},
    a summary being {"n", "recall", "precision", "top1", "top1_n"} (None where no query has
    the figure) and a row the figures of one query with what it expected and got."""
    rows = [score_query(query, results.get(query.q, [])) for query in queries]
    kinds = {
        kind: _summary([row for row in rows if row["kind"] == kind])
        for kind in KINDS
        if any(row["kind"] == kind for row in rows)
    }
    return {"overall": _summary(rows), "kinds": kinds, "queries": rows}


def _figure(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.2f}"


def print_report(name: str, report: dict, *, failures: bool = False) -> None:
    """Print the table of figures per kind and overall; with `failures`, also every query
    whose recall or top-1 is below 1, with what it expected and got."""
    print(f"{name}: recall@5, precision@5 and top-1 accuracy on {report['overall']['n']} queries")
    print(f"  {'kind':<12} {'n':>3}  recall  prec.  top-1 (n)")
    lines = [*report["kinds"].items(), ("overall", report["overall"])]
    for kind, s in lines:
        top1 = f"{_figure(s['top1'])} ({s['top1_n']})"
        print(
            f"  {kind:<12} {s['n']:>3}  {_figure(s['recall'])}  {_figure(s['precision'])}  {top1}"
        )
    if not failures:
        return
    print("  misses (recall or top-1 below 1):")
    for row in report["queries"]:
        if row["recall"] < 1 or (row["top1"] is not None and row["top1"] < 1):
            got = ", ".join(row["got"]) or "(nothing)"
            print(f"    [{row['kind']}] {row['q']!r}: recall {row['recall']:.2f}; got {got}")
