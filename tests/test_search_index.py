"""The index files, and patching them for a few changed records: patched chunks must be the
bytes a full merge gives, whatever the records are."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from ssg.search.index import (
    SearchDoc,
    chunk_count,
    chunk_of,
    index_files,
    patch_chunk,
    record_size,
)
from ssg.search.record import parse_record

TERMS = st.sampled_from(["서울", "서울에서", "docker", "do", "kube", "a.b", "x_y", "렌더", "2024"])
RECORD = st.dictionaries(TERMS, st.integers(1, 20), max_size=6)


def record(weights: dict[str, int]) -> str:
    return " ".join(f"{t} {w}" for t, w in weights.items()) + "\nsome text"


def docs_of(records: list[dict[str, int]]) -> list[SearchDoc]:
    return [SearchDoc(f"/p{n}/", f"P{n}", "", (), record(r)) for n, r in enumerate(records)]


def chunks(files: dict[str, str]) -> dict[int, str]:
    return {int(n[2:].split("-")[0]): t for n, t in files.items() if n.startswith("t/")}


@settings(max_examples=200, deadline=None)
@given(st.lists(RECORD, min_size=1, max_size=6), st.data())
def test_patching_changed_records_gives_the_bytes_of_a_merge(records, data):
    before = index_files(docs_of(records))
    changed = data.draw(st.sets(st.integers(0, len(records) - 1), max_size=3))
    after_records = list(records)
    for rank in changed:
        after_records[rank] = data.draw(RECORD)
    after = index_files(docs_of(after_records))
    if after.count != before.count:
        return  # (the caller merges anew when the chunk count changes)
    edits: dict[int, list] = {}
    size = before.size
    for rank in sorted(changed):
        old, new = records[rank], after_records[rank]
        size += record_size(parse_record(record(new))[0], rank)
        size -= record_size(parse_record(record(old))[0], rank)
        for term in old.keys() | new.keys():
            if old.get(term) != new.get(term):
                edits.setdefault(chunk_of(term, before.count), []).append(
                    (term, rank, new.get(term))
                )
    patched = chunks(before.files)
    for number, chunk_edits in edits.items():
        patched[number], grown = patch_chunk(patched[number], sorted(chunk_edits))
        size += grown
    assert patched == chunks(after.files)
    assert size == after.size


def test_chunk_count_steps_and_chunks_are_json():
    assert chunk_count(0) == chunk_count(24_000) == 1
    counts = [chunk_count(n * 10_000) for n in range(1, 2000)]
    assert counts == sorted(counts) and len(set(counts)) < 40  # a ladder, not every count
    built = index_files(docs_of([{"서울": 3, "docker": 2}, {"docker": 1}]))
    (text,) = chunks(built.files).values()
    assert json.loads(text) == {"docker": [0, 2, 1, 1], "서울": [0, 3]}
