"""Plan the site search: the `/search/` page and the index files under `/search/`.

The index is made from the records that conversion left in each page (`ssg.search`), for
the published posts and pages (never drafts or future posts, whatever the build shows).
The last index is kept in the cache (`search_store`): a build where no searchable page
changed plans the same files unread, and one where a few pages changed (same pages in the
same order) patches the chunks their changed terms are in. Anything else merges anew.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ssg import urls
from ssg.page import Page
from ssg.plan import Planner
from ssg.search.index import (
    FORMAT,
    SearchDoc,
    chunk_name,
    doc_name,
    index_files,
    layout,
    manifest,
    patch_chunks,
)
from ssg.search.record import parse_record
from ssg.search.words import RULES
from ssg.search_store import SearchStore, State

MAX_PATCHED = 50  # pages changed; with more, a merge is about as quick
MAX_DEAD = 0.5  # when more of the cache's log than this is dead, merge (and compact it)


def searchable(page: Page) -> bool:
    return (
        page.url != "/404.html"
        and page.extra.get("search") is not False
        and "redirect_to" not in page.extra
        and bool(page.search_part)
    )


def plan_search(planner: Planner, published: list[Page], cache_dir: Path | None) -> None:
    """Add the search page and the index files to `planner`'s outputs."""
    site, config = planner.site, planner.config
    planner.add(
        "/search/",
        "search page",
        ",".join(p.summary_digest or p.digest for p in site.posts),
        "search.html",
        kind="search",
        posts=site.posts,
        page={"title": "Search", "url": "/search/", "kind": "list"},
    )
    kept = {id(page) for page in published}
    pages = [p for p in (*site.posts, *site.pages) if id(p) in kept and searchable(p)]
    index = _Index(pages, config.base_path, cache_dir)
    planner.add_files("/search/", "search index", index.digests(), index.text)


class _Index:
    """The files of the index of `pages`: their digests now, their text when asked."""

    def __init__(self, pages: list[Page], base_path: str, cache_dir: Path | None):
        self.pages = pages
        self.store = SearchStore(cache_dir) if cache_dir is not None else None
        self.key = _digest(FORMAT, json.dumps(RULES), base_path)
        self.hrefs = [urls.href(base_path, p.url) for p in pages]
        self.order = _digest(*self.hrefs)  # (the state keeps this, not a thousand URLs)
        # a page's identity: its digest (source, settings, rendering) and its summary's (URL,
        # title, date, tags: a date taken from a renamed file changes only the latter)
        self.ids = [p.digest[:16] + p.summary_digest[:16] for p in pages]
        self.made: dict[str, str] = {}  # name -> text, of the files made in this build
        self.merged = False
        self.state: State | None = None
        self._ranks: dict[str, int] | None = None  # document file name -> rank, when asked

    def digests(self) -> dict[str, str]:
        state = self.store.load(self.key) if self.store is not None else None
        if state is not None and state.order == self.order:
            pairs = enumerate(zip(state.ids, self.ids, strict=True))
            changed = [rank for rank, (old, new) in pairs if old != new]
            if not changed:
                self.state = state
            elif not (
                len(changed) <= MAX_PATCHED
                and self.store.dead_share(state) <= MAX_DEAD
                and self._patch(state, changed)
            ):
                self._merge()
        else:
            self._merge()
        # a document file's bytes follow from its page's identity: that is its digest
        docs = zip(self.state.docs, self.ids, strict=True)
        return {**self.state.files, **{doc_name(key): id_ for key, id_ in docs}}

    def text(self, name: str) -> str:
        """A file's text: made in this build, or kept in the cache, or made again."""
        if name not in self.made and not self.merged:
            text = self._kept(name)
            if text is not None:
                return text
            self._merge()
        return self.made[name]

    def _kept(self, name: str) -> str | None:
        if name.startswith("t/"):
            return self.store.chunk(self.state, name)
        if name == "index.json":
            split = layout(self.state.buckets)[0]
            return manifest(_chunk_names(self.state.files), self.state.docs, split)
        if self._ranks is None:
            self._ranks = {doc_name(key): rank for rank, key in enumerate(self.state.docs)}
        rank = self._ranks.get(name)
        return None if rank is None else parse_record(self._doc(rank).record)[1]

    def _doc(self, rank: int) -> SearchDoc:
        return SearchDoc(self.hrefs[rank], self.pages[rank].search_record)

    def _merge(self) -> None:
        docs = [self._doc(rank) for rank in range(len(self.pages))]
        built = index_files(docs)
        self.made, self.merged = built.files, True
        files = {n: _digest(text) for n, text in built.files.items() if not n.startswith("d/")}
        state = State(
            key=self.key,
            order=self.order,
            ids=self.ids,
            docs=built.keys,
            records=[],
            chunks={},
            log="",
            buckets=built.buckets,
            files=files,
        )
        self.state = state
        if self.store is not None:
            chunks = {n: t for n, t in built.files.items() if n.startswith("t/")}
            self.store.new_log(state, [doc.record for doc in docs], chunks)
            self.store.save(state)

    def _patch(self, state: State, changed: list[int]) -> bool:
        """Bring `state` and the chunks up to date for the `changed` ranks; False if an old
        record or chunk is missing from the log or damaged, or the chunk count or the split
        prefixes change (then merge)."""
        edits = []
        records = {}
        for rank in changed:
            old = self.store.record(state, rank)
            if old is None:
                return False
            record = records[rank] = self.pages[rank].search_record
            pairs, self.made[doc_name(state.docs[rank])] = parse_record(record)
            before, after = _weights(parse_record(old)[0]), _weights(pairs)
            edits += [
                (term, rank, after.get(term))
                for term in before.keys() | after.keys()
                if before.get(term) != after.get(term)
            ]
        names = _chunk_names(state.files)
        split, count = layout(state.buckets)
        if len(names) != count:
            return False  # (a state at odds with itself)

        def load(number: int) -> str | None:
            return self.store.chunk(state, names[number])

        found = patch_chunks(load, edits, state.buckets)
        if found is None:
            return False
        patched, buckets = found
        if layout(buckets) != (split, count):
            return False
        files = dict(state.files)
        new_chunks = {}
        for number, text in patched.items():
            del files[names[number]]
            del state.chunks[names[number]]
            names[number] = chunk_name(number, text)
            new_chunks[names[number]] = text
        self.made.update(new_chunks)
        self.made["index.json"] = manifest(names, state.docs, split)
        files.update((n, _digest(text)) for n, text in self.made.items() if not n.startswith("d/"))
        state.ids, state.buckets, state.files = self.ids, buckets, files
        if self.store.append(state, records, new_chunks):
            self.store.save(state)
        self.state = state
        return True


def _chunk_names(files: dict[str, str]) -> list[str]:
    """The chunk file names among `files`, in chunk order."""
    names = [name for name in files if name.startswith("t/")]
    return sorted(names, key=lambda name: int(name[2:].split("-", 1)[0]))


def _weights(pairs: list[str]) -> dict[str, int]:
    return dict(zip(pairs[0::2], map(int, pairs[1::2]), strict=True))


def _digest(*parts) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:24]
