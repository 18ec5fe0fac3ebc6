"""The search index's own part of the cache (`.ssg-cache/search/`), so that a rebuild patches
the last index instead of merging every page's record again:

- `state.json`: which index it is (format, rules, base path), a digest of the documents'
  URLs in order, each document's identity, where its record is in the log and its document
  file's key, what each prefix's terms weigh (the split prefixes and the chunk count
  follow), and the digest of the chunks and the manifest (a document file's digest is its
  page's identity);
- `index-<n>.log`: the record of every document and the text of every term chunk, one
  after another; a patch appends an edited page's new record and the chunks it changed (a
  full merge writes a new log, so one that is mostly dead is compacted by the next merge).

One file, not one a chunk: creating a file costs more than writing its bytes. Every read
is checked by length and CRC, and `state.json` is replaced last and whole: after a crash,
or with a damaged file, the caller merges the index from the pages, so the output is the
same as a clean build's.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import zlib
from dataclasses import dataclass, fields
from pathlib import Path

FOLDER = "search"


@dataclass(slots=True)
class State:
    key: str
    order: str  # a digest of the documents' URLs, in rank order
    ids: list[str]
    docs: list[str]  # each document's `index.doc_key` (its file is `d/<key>.json`)
    records: list[list[int]]  # [offset, length, crc] in `log`
    chunks: dict[str, list[int]]  # chunk name (`t/…`) -> [offset, length, crc] in `log`
    log: str
    buckets: dict[str, int]  # `index.base(term)` -> bytes: the split and chunk count follow
    files: dict[str, str]  # name under `/search/` -> digest


class SearchStore:
    def __init__(self, cache_dir: Path):
        self.dir = cache_dir / FOLDER

    def load(self, key: str) -> State | None:
        try:
            data = json.loads((self.dir / "state.json").read_text(encoding="utf-8"))
            state = State(**data)
        except (OSError, ValueError, TypeError, UnicodeDecodeError):
            return None
        lists = (state.ids, state.docs, state.records)
        if state.key != key or type(state.order) is not str or not _all_of(list, lists):
            return None
        n = len(state.ids)
        if any(len(v) != n for v in lists) or not _all_of(str, state.docs):
            return None
        whole = (
            _places(state.records)
            and isinstance(state.chunks, dict)
            and _places(list(state.chunks.values()))
            and isinstance(state.files, dict)
            and _all_of(str, state.files)
            and _all_of(str, state.files.values())
            and isinstance(state.log, str)
            and "/" not in state.log
            and isinstance(state.buckets, dict)
            and _all_of(str, state.buckets)
            and _all_of(int, state.buckets.values())
        )
        return state if whole else None

    def record(self, state: State, rank: int) -> str | None:
        return self._read(state, state.records[rank])

    def chunk(self, state: State, name: str) -> str | None:
        """The text of chunk `t/<n>-<hash>.json`, if the log has it whole."""
        place = state.chunks.get(name)
        return None if place is None else self._read(state, place)

    def dead_share(self, state: State) -> float:
        """How much of the log is records and chunks the state no longer names."""
        try:
            size = os.path.getsize(self.dir / state.log)
        except OSError:
            return 1.0
        live = sum(p[1] for p in state.records) + sum(p[1] for p in state.chunks.values())
        return 1 - live / size if size else 0.0

    def _read(self, state: State, place: list[int]) -> str | None:
        offset, length, crc = place
        try:
            with open(self.dir / state.log, "rb") as log:
                log.seek(offset)
                data = log.read(length)
        except OSError:
            return None
        if len(data) != length or zlib.crc32(data) != crc:
            return None
        return data.decode("utf-8")

    def new_log(self, state: State, records: list[str], chunks: dict[str, str]) -> None:
        """Write every record and chunk to a new log, named in `state` with their places.
        A disk error leaves `state.log` empty (and `save` then saves nothing)."""
        state.log = f"index-{os.getpid()}-{os.urandom(4).hex()}.log"
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            with open(self.dir / state.log, "wb") as log:
                state.records = [_write(log, record) for record in records]
                state.chunks = {name: _write(log, text) for name, text in chunks.items()}
        except OSError:
            state.log = ""

    def append(self, state: State, records: dict[int, str], chunks: dict[str, str]) -> bool:
        """Add the new `records` (rank -> record) and `chunks` (name -> text) to the log."""
        try:
            with open(self.dir / state.log, "ab") as log:
                log.seek(0, os.SEEK_END)
                for rank, record in records.items():
                    state.records[rank] = _write(log, record)
                for name, text in chunks.items():
                    state.chunks[name] = _write(log, text)
        except OSError:
            return False
        return True

    def save(self, state: State) -> None:
        """Replace the state, and delete the logs it no longer names. A disk error leaves
        the old state."""
        if not state.log:
            return
        tmp = self.dir / f"state.{os.getpid()}.tmp"
        try:
            data = {f.name: getattr(state, f.name) for f in fields(State)}  # (asdict copies deeply)
            tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, self.dir / "state.json")
        except OSError:  # a read-only or full disk: the next build merges the index again
            tmp.unlink(missing_ok=True)
            return
        for path in self.dir.iterdir():  # (and what an older ssg kept here)
            if path.name not in (state.log, "state.json"):
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)


def _write(log, text: str) -> list[int]:
    data = text.encode("utf-8")
    offset = log.tell()
    log.write(data)
    return [offset, len(data), zlib.crc32(data)]


def _all_of(kind: type, values) -> bool:
    """Whether every value is exactly of type `kind` (in C: a state holds thousands)."""
    return set(map(type, values)) <= {kind}


def _places(places: list) -> bool:
    """Whether every item is an `[offset, length, crc]` list of ints."""
    return (
        _all_of(list, places)
        and set(map(len, places)) <= {3}
        and _all_of(int, itertools.chain.from_iterable(places))
    )
