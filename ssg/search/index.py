"""The records of the published pages -> the files of `/search/`, which the browser reads:

- `index.json`: the manifest: how many term chunks there are and their file names, each
  document's file name (in rank order: newest first), and the query rules (`words.RULES`);
- `t/<n>-<hash>.json`: a term chunk, `{term: [doc, weight, doc, weight, …]}`. A term's
  chunk is `shard(bucket(term))`, so a query fetches the one or two chunks its words are in,
  and a word's prefixes (as a reader types) are in the same chunk as the word;
- `d/<key>.json`: one document: URL, title, date, tags and the text snippets come from,
  fetched only for the results shown.

Chunk file names carry a hash of their bytes (a browser may keep them for good); document
files are named by their URL, so an edit to one post changes its file and the chunks it is in.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from ssg.search.record import parse_record
from ssg.search.words import RULES, bucket, shard

CHUNK_BYTES = 24_000  # about what one chunk weighs (before compression)
FORMAT = 1


@dataclass(frozen=True, slots=True)
class SearchDoc:
    url: str  # as a link: base path included, percent-encoded
    title: str
    date: str  # ISO date, or ""
    tags: tuple[str, ...]
    record: str  # `record.make_record`


def doc_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]


def index_files(docs: list[SearchDoc]) -> dict[str, str]:
    """path (under `search/`) -> text of every file of the index of `docs` (best first on
    ties: the caller puts the newest first)."""
    postings: dict[str, list[str]] = {}
    get = postings.get
    files = {}
    keys = []
    size = 0  # about the bytes of all chunks, to choose how many there are
    for number, doc in enumerate(docs):
        pairs, text = parse_record(doc.record)
        ref = str(number)
        pieces = iter(pairs)
        for term, weight in zip(pieces, pieces, strict=False):  # (term, weight) pairs
            found = get(term)
            if found is None:
                postings[term] = [ref, weight]
            else:
                found.append(ref)
                found.append(weight)
        size += sum(map(len, pairs[1::2])) + len(pairs) // 2 * (len(ref) + 2)
        key = doc_key(doc.url)
        keys.append(key)
        meta = {"u": doc.url, "t": doc.title, "d": doc.date, "g": list(doc.tags), "x": text}
        files[f"d/{key}.json"] = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
    size += sum(len(term) + 4 for term in postings)
    count = max(1, -(-size // CHUNK_BYTES))
    chunks: list[list[str]] = [[] for _ in range(count)]
    for term in sorted(postings):
        # terms are letters, digits, `-`, `.` and `_`: nothing to escape in JSON
        chunks[shard(bucket(term), count)].append(f'"{term}":[{",".join(postings[term])}]')
    names = []
    for number, entries in enumerate(chunks):
        text = "{" + ",".join(entries) + "}"
        name = f"t/{number}-{hashlib.sha256(text.encode()).hexdigest()[:10]}.json"
        names.append(name)
        files[name] = text
    manifest = {"v": FORMAT, "chunks": names, "docs": keys, "rules": RULES}
    files["index.json"] = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))
    return files
