"""The search index's own part of the cache (`.ssg-cache/search/`), so that a rebuild patches
the last index instead of merging every page's record again:

- `state.json`: which index it is (format, rules, base path), each document's URL, identity
  and where its record is in the log, the postings' size, the chunk count, and the digest
  of every file of `/search/`;
- `records-<n>.log`: the record of every document, one after another; an edited page's
  new record is appended (a full merge writes a new log);
- `chunks/`: a copy of each term chunk, named as in the site (with a hash of its bytes).

Every read is checked (a record by its length and CRC, a chunk by the hash in its name),
and `state.json` is replaced last and whole: after a crash, or with a damaged file, the
caller merges the index from the pages, so the output is the same as a clean build's.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from dataclasses import dataclass, fields
from pathlib import Path

FOLDER = "search"


@dataclass(slots=True)
class State:
    key: str
    urls: list[str]
    ids: list[str]
    records: list[list[int]]  # [offset, length, crc] in `log`
    log: str
    size: int
    count: int
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
        n = len(state.urls)
        if state.key != key or len(state.ids) != n or len(state.records) != n:
            return None
        whole = (
            all(
                isinstance(p, list) and len(p) == 3 and all(type(v) is int for v in p)
                for p in state.records
            )
            and isinstance(state.files, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in state.files.items())
            and isinstance(state.log, str)
            and "/" not in state.log
            and type(state.size) is int
            and type(state.count) is int
            and state.count > 0
        )
        return state if whole else None

    def record(self, state: State, rank: int) -> str | None:
        offset, length, crc = state.records[rank]
        try:
            with open(self.dir / state.log, "rb") as log:
                log.seek(offset)
                data = log.read(length)
        except OSError:
            return None
        if len(data) != length or zlib.crc32(data) != crc:
            return None
        return data.decode("utf-8")

    def chunk(self, name: str) -> str | None:
        """The text of chunk `t/<n>-<hash>.json`, if the copy is there and whole."""
        try:
            text = (self.dir / "chunks" / name.removeprefix("t/")).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        digest = name.rsplit("-", 1)[-1].removesuffix(".json")
        return text if hashlib.sha256(text.encode()).hexdigest().startswith(digest) else None

    def new_log(self, records: list[str]) -> tuple[str, list[list[int]]]:
        """Write every record to a new log: its name and each record's place."""
        self.dir.mkdir(parents=True, exist_ok=True)
        name = f"records-{os.getpid()}-{os.urandom(4).hex()}.log"
        places, offset = [], 0
        with open(self.dir / name, "wb") as log:
            for record in records:
                data = record.encode("utf-8")
                log.write(data)
                places.append([offset, len(data), zlib.crc32(data)])
                offset += len(data)
        return name, places

    def append(self, state: State, rank: int, record: str) -> None:
        data = record.encode("utf-8")
        with open(self.dir / state.log, "ab") as log:
            offset = log.seek(0, os.SEEK_END)
            log.write(data)
        state.records[rank] = [offset, len(data), zlib.crc32(data)]

    def save(self, state: State, chunks: dict[str, str]) -> None:
        """Keep copies of `chunks` (name -> text), replace the state, and delete the chunk
        copies and logs it no longer names. A disk error leaves the old state."""
        folder = self.dir / "chunks"
        tmp = self.dir / f"state.{os.getpid()}.tmp"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name, text in chunks.items():
                (folder / name.removeprefix("t/")).write_text(text, encoding="utf-8")
            data = {f.name: getattr(state, f.name) for f in fields(State)}  # (asdict copies deeply)
            tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, self.dir / "state.json")
        except OSError:  # a read-only or full disk: the next build merges the index again
            tmp.unlink(missing_ok=True)
            return
        kept = {n.removeprefix("t/") for n in state.files if n.startswith("t/")}
        for path in folder.iterdir():
            if path.name not in kept:
                path.unlink(missing_ok=True)
        for path in self.dir.glob("records-*.log"):
            if path.name != state.log:
                path.unlink(missing_ok=True)
