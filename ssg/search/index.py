"""The records of the published pages -> the files of `/search/`, which the browser reads:

- `index.json`: the manifest: how many term chunks there are and their file names, each
  document's file name (in rank order: newest first), the prefixes that are split, and the
  query rules (`words.RULES`);
- `t/<n>-<hash>.json`: a term chunk, `{term: [doc, weight, doc, weight, …]}`. A term's
  chunk is `shard(bucket(term, split))`, so a query fetches the one or two chunks its words
  are in, and a word's prefixes (as a reader types) are in the same chunk as the word. A
  prefix that many words share (`re` of `redis`, `react`, `release`; `서` of `서울`,
  `서버`) is split by one more character, so that no query fetches a chunk much heavier
  than the others;
- `d/<key>.json`: one document: URL, title, date, tags and the text snippets come from,
  fetched only for the results shown (its text is made with the record, in the worker).

Chunk file names carry a hash of their bytes (a browser may keep them for good); document
files are named by their URL, so an edit to one post changes its file and the chunks it is in.

`index_files` makes them all; `patch_chunks` changes the chunks of the terms whose weights
changed, giving the bytes `index_files` would give (an edit costs the terms it changed).
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left
from dataclasses import dataclass

from ssg.search.record import parse_record
from ssg.search.words import RULES, bucket, shard

CHUNK_BYTES = 24_000  # about what one chunk weighs (before compression)
SPLIT_BYTES = 24_000  # a prefix whose terms weigh more is split by one more character
# a chunk's entry `"~<prefix>":["term",…]`: the terms of a split prefix (each filed by one
# more letter), where the prefix itself is filed; the browser looks near spellings up there
VOCABULARY = "~"
FORMAT = 3


@dataclass(frozen=True, slots=True)
class SearchDoc:
    url: str  # as a link: base path included, percent-encoded
    record: str  # `record.make_record`: its terms and its document file's text


@dataclass(slots=True)
class Built:
    files: dict[str, str]  # path under `search/` -> text
    keys: list[str]  # each document's `doc_key`, in rank order
    buckets: dict[str, int]  # `base(term)` -> the bytes of its terms' entries (`layout`)


def doc_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]


def doc_name(key: str) -> str:
    """The file of the document whose `doc_key` is `key`."""
    return f"d/{key}.json"


def chunk_count(size: int) -> int:
    """How many chunks for postings of about `size` bytes: a step of a ladder 19% apart, so
    an edit rarely changes it (and with it every term's chunk)."""
    count, step = 1, 0
    while count * CHUNK_BYTES < size:
        step += 1
        count = round(2 ** (step / 4))
    return count


def base(term: str) -> str:
    """A term's prefix before any split (`words.bucket`)."""
    return bucket(term)


def splits(buckets: dict[str, int]) -> frozenset[str]:
    """The prefixes to split: those whose terms weigh more than a chunk."""
    return frozenset(key for key, size in buckets.items() if size > SPLIT_BYTES)


def layout(buckets: dict[str, int]) -> tuple[frozenset[str], int]:
    """(split prefixes, chunk count) of an index whose prefixes' terms weigh `buckets`."""
    return splits(buckets), chunk_count(sum(buckets.values()))


def posting_bytes(doc: int, weight: int) -> int:
    """What one posting adds to its term's entry in a chunk (`"t":[doc,weight,…]`)."""
    return len(str(doc)) + len(str(weight)) + 2


def entry_bytes(term: str) -> int:
    """What a term's entry weighs besides its postings."""
    return len(term) + 3


def chunk_name(number: int, text: str) -> str:
    return f"t/{number}-{hashlib.sha256(text.encode()).hexdigest()[:10]}.json"


def manifest(names: list[str], keys: list[str], split) -> str:
    """The manifest of chunks `names` and documents `keys` (`doc_key`, in rank order)."""
    data = {"v": FORMAT, "chunks": names, "docs": keys, "split": sorted(split), "rules": RULES}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def index_files(docs: list[SearchDoc]) -> Built:
    """Every file of the index of `docs` (best first on ties: the caller puts the newest
    first)."""
    postings: dict[str, list[str]] = {}
    get = postings.get
    files = {}
    keys: list[str] = []
    for number, doc in enumerate(docs):
        keys.append(doc_key(doc.url))
        pairs, files[doc_name(keys[-1])] = parse_record(doc.record)
        ref = str(number)
        pieces = iter(pairs)
        for term, weight in zip(pieces, pieces, strict=False):  # (term, weight) pairs
            found = get(term)
            if found is None:
                postings[term] = [ref, weight]
            else:
                found.append(ref)
                found.append(weight)
    buckets: dict[str, int] = {}
    for term, found in postings.items():  # (per term: the postings' lengths are summed in C)
        key = base(term)
        size = entry_bytes(term) + sum(map(len, found)) + len(found)
        buckets[key] = buckets.get(key, 0) + size
    split, count = layout(buckets)
    chunks: list[list[tuple[str, str]]] = [[] for _ in range(count)]
    vocabularies: dict[str, list[str]] = {}
    for term in sorted(postings):
        # terms are letters, digits, `-`, `.` and `_`: nothing to escape in JSON
        entry = f'"{term}":[{",".join(postings[term])}]'
        chunks[chunk_of(term, split, count)].append((term, entry))
        prefix = _split_prefix(term, split)
        if prefix is not None:
            vocabularies.setdefault(prefix, []).append(term)
    for key, terms in vocabularies.items():
        chunks[chunk_of(key, split, count)].append((VOCABULARY + key, _vocabulary(key, terms)))
    names = []
    for number, entries in enumerate(chunks):
        entries.sort()  # (by key: a vocabulary's `~` after every Latin term)
        text = "{" + ",".join(entry for _, entry in entries) + "}"
        names.append(chunk_name(number, text))
        files[names[-1]] = text
    files["index.json"] = manifest(names, keys, split)
    return Built(files, keys, buckets)


def chunk_of(term: str, split, count: int) -> int:
    return shard(bucket(term, split), count)


def _split_prefix(term: str, split) -> str | None:
    """The split prefix whose vocabulary lists `term` (filed by one more letter), if any."""
    key = base(term)
    return key if bucket(term, split) != key else None


def _vocabulary(key: str, terms) -> str:
    return f'"{VOCABULARY}{key}":["' + '","'.join(terms) + '"]'


def patch_chunks(load, edits: list, buckets: dict[str, int]):
    """The chunks (number -> text) that `edits` change, each `(term, doc, weight)` (weight
    None: the doc no longer has the term), with the vocabularies of split prefixes that gain
    or lose a term; and what each prefix's terms weigh after them (`Built.buckets`). The
    chunks are those of the index whose prefixes weighed `buckets` (`layout`);
    `load(number)` gives a chunk's text, or None (then None: merge anew)."""
    split, count = layout(buckets)
    by_chunk: dict[int, list] = {}
    for edit in sorted(edits):  # (the same bytes whatever order the pages came in)
        by_chunk.setdefault(chunk_of(edit[0], split, count), []).append(edit)
    patched: dict[int, str] = {}
    grown = dict(buckets)
    words: dict[int, list] = {}  # chunk -> (prefix, term, present) for its vocabularies
    for number, chunk_edits in by_chunk.items():
        text = load(number)
        if text is None:
            return None
        patched[number], changes, terms = patch_chunk(text, chunk_edits)
        for key, change in changes.items():
            grown[key] = grown.get(key, 0) + change
            if not grown[key]:
                del grown[key]  # (no term left under it)
        for term, present in terms:
            key = _split_prefix(term, split)
            if key is not None:
                words.setdefault(chunk_of(key, split, count), []).append((key, term, present))
    for number, changes in words.items():
        text = patched[number] if number in patched else load(number)
        if text is None:
            return None
        patched[number] = patch_vocabularies(text, sorted(changes))
    return patched, grown


def patch_vocabularies(text: str, changes: list[tuple[str, str, bool]]) -> str:
    """A chunk's text with each `(prefix, term, present)` of `changes` made in the
    vocabulary of `prefix` it holds (`index_files` writes one for each split prefix)."""
    pieces, keys = _entries(text)
    for key, term, present in changes:
        name = VOCABULARY + key
        at = bisect_left(keys, name)
        if at == len(keys) or keys[at] != name:
            if present:
                keys.insert(at, name)
                pieces.insert(at, _vocabulary(key, [term])[1:-1])
            continue
        terms = pieces[at][len(name) + 4 : -1].split('","')
        where = bisect_left(terms, term)
        if present and (where == len(terms) or terms[where] != term):
            terms.insert(where, term)
        elif not present and where < len(terms) and terms[where] == term:
            del terms[where]
        if terms:
            pieces[at] = _vocabulary(key, terms)[1:-1]
        else:
            del keys[at], pieces[at]
    return _text(pieces)


def _entries(text: str) -> tuple[list[str], list[str]]:
    """A chunk's entries, each `key":[…` (without its first `"` and last `]`: the
    entries of a chunk are split at `],"`, which is found nowhere else), and their keys."""
    body = text[2:-2]  # without `{"` and `]}`
    pieces = body.split('],"') if body else []
    return pieces, [piece[: piece.index('"')] for piece in pieces]


def _text(pieces: list[str]) -> str:
    return '{"' + '],"'.join(pieces) + "]}" if pieces else "{}"


def patch_chunk(text: str, edits: list[tuple[str, int, int | None]]) -> tuple[str, dict, list]:
    """A chunk's text with each `(term, doc, weight)` of `edits` applied (weight None: the doc
    no longer has the term), as `index_files` would write it; the change in the bytes of
    each prefix's terms (`Built.buckets`); and `(term, present)` for each term that came or
    went. Only the edited terms' entries are read and written again: the others stay the
    text they are (`"term":[doc,weight,…]`, in key order)."""
    pieces, keys = _entries(text)
    grown: dict[str, int] = {}
    terms: list[tuple[str, bool]] = []
    for term, doc, weight in edits:
        at = bisect_left(keys, term)
        change = 0
        if at == len(keys) or keys[at] != term:  # a new term
            if weight is None:
                continue
            keys.insert(at, term)
            pieces.insert(at, f'{term}":[{doc},{weight}')
            change = entry_bytes(term) + posting_bytes(doc, weight)
            terms.append((term, True))
        else:
            values = pieces[at][len(term) + 3 :].split(",")
            docs = list(map(int, values[0::2]))
            where = bisect_left(docs, doc)
            if where < len(docs) and docs[where] == doc:
                change -= posting_bytes(doc, int(values[2 * where + 1]))
                if weight is None:
                    del values[2 * where : 2 * where + 2]
                else:
                    values[2 * where + 1] = str(weight)
            elif weight is not None:
                values[2 * where : 2 * where] = [str(doc), str(weight)]
            if weight is not None:
                change += posting_bytes(doc, weight)
            if values:
                pieces[at] = f'{term}":[{",".join(values)}'
            else:
                del keys[at], pieces[at]
                change -= entry_bytes(term)
                terms.append((term, False))
        key = base(term)
        grown[key] = grown.get(key, 0) + change
    return _text(pieces), grown, terms
