"""The index files, and patching them for a few changed records: patched chunks must be the
bytes a full merge gives, whatever the records are."""

from __future__ import annotations

import json
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from ssg.search import index
from ssg.search.index import SearchDoc, chunk_count, chunk_of, index_files, layout, patch_chunks

TERMS = st.sampled_from(
    ["서울", "서울에서", "서버", "docker", "do", "dock", "kube", "a.b", "x_y", "렌더", "2024"]
)
RECORD = st.dictionaries(TERMS, st.integers(1, 20), max_size=6)


def record(weights: dict[str, int]) -> str:
    return " ".join(f"{t} {w}" for t, w in weights.items()) + '\n{"x":"some text"}'


def docs_of(records: list[dict[str, int]]) -> list[SearchDoc]:
    return [SearchDoc(f"/p{n}/", record(r)) for n, r in enumerate(records)]


def chunks(files: dict[str, str]) -> dict[int, str]:
    return {int(n[2:].split("-")[0]): t for n, t in files.items() if n.startswith("t/")}


@settings(max_examples=300, deadline=None)
@given(st.lists(RECORD, min_size=1, max_size=6), st.data(), st.sampled_from([10, 30, 10**6]))
def test_patching_changed_records_gives_the_bytes_of_a_merge(records, data, split_bytes):
    """Whatever prefixes are split (a small `SPLIT_BYTES` splits some of these)."""
    with mock.patch.object(index, "SPLIT_BYTES", split_bytes):
        before = index_files(docs_of(records))
        changed = data.draw(st.sets(st.integers(0, len(records) - 1), max_size=3))
        after_records = list(records)
        for rank in changed:
            after_records[rank] = data.draw(RECORD)
        after = index_files(docs_of(after_records))
        edits = [
            (term, rank, after_records[rank].get(term))
            for rank in changed
            for term in records[rank].keys() | after_records[rank].keys()
            if records[rank].get(term) != after_records[rank].get(term)
        ]
        old = chunks(before.files)
        patched, buckets = patch_chunks(old.get, edits, before.buckets)
        assert buckets == after.buckets  # (whatever the layout: the caller compares them)
        if layout(after.buckets) == layout(before.buckets):  # (else the caller merges anew)
            assert {**old, **patched} == chunks(after.files)


def test_chunk_count_steps_and_chunks_are_json():
    assert chunk_count(0) == chunk_count(24_000) == 1
    counts = [chunk_count(n * 10_000) for n in range(1, 2000)]
    assert counts == sorted(counts) and len(set(counts)) < 40  # a ladder, not every count
    built = index_files(docs_of([{"서울": 3, "docker": 2}, {"docker": 1}]))
    (text,) = chunks(built.files).values()
    assert json.loads(text) == {"docker": [0, 2, 1, 1], "서울": [0, 3]}


def test_a_heavy_prefix_is_split_and_the_manifest_says_so():
    with mock.patch.object(index, "SPLIT_BYTES", 40), mock.patch.object(index, "CHUNK_BYTES", 30):
        built = index_files(docs_of([{"docker": 9, "dock": 1, "dot": 2, "dz": 1, "서울": 1}] * 3))
        count = layout(built.buckets)[1]
    manifest = json.loads(built.files["index.json"])
    assert manifest["split"] == ["do"] and count > 1
    for term in ("docker", "dock", "dot", "서울"):  # each in the chunk its prefix names
        number = chunk_of(term, frozenset(manifest["split"]), count)
        assert f'"{term}":' in chunks(built.files)[number]
    number = chunk_of("do", frozenset(["do"]), count)  # where near spellings look
    assert json.loads(chunks(built.files)[number])["~do"] == ["dock", "docker", "dot"]
    assert index.bucket("docker", {"do"}) == "doc" and index.bucket("do", {"do"}) == "do"
