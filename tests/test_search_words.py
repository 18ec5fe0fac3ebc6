"""The search index's words: Korean endings and parts, English stems, identifiers."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from ssg.search.index import SearchDoc, index_files
from ssg.search.record import make_record, parse_record
from ssg.search.words import (
    ENDINGS,
    MIN_STEM,
    STOP_WORDS,
    bucket,
    hangul_terms,
    latin_terms,
    shard,
    stem,
    strip_ending,
    terms,
)


def test_particles_and_endings_come_off_korean_words():
    assert strip_ending("서울에서") == "서울"
    assert strip_ending("서울은") == "서울"
    assert strip_ending("컨테이너를") == "컨테이너"
    assert strip_ending("설정해야") == "설정"
    assert strip_ending("배포했다") == "배포"
    assert strip_ending("도메인") == "도메인"  # a noun that ends like an ending keeps it
    assert strip_ending("권한") == "권한"  # a stem keeps two syllables


def test_a_compound_is_indexed_by_its_tails():
    found = dict(hangul_terms("쿠버네티스클러스터를"))
    assert found["쿠버네티스클러스터를"] is False and found["쿠버네티스클러스터"] is False
    assert found["클러스터"] is True  # a part
    assert "를" not in found and dict(hangul_terms("를")) == {}


def test_english_stems_meet():
    assert stem("deploying") == stem("deployed") == stem("deploys") == stem("deploy")
    assert stem("caching") == stem("cached") == stem("cache") == stem("caches")
    assert stem("running") == "run" and stem("status") == "status"


def test_identifiers_are_kept_whole_and_by_their_parts():
    assert {"asyncio.gather", "asyncio", "gather"} <= set(latin_terms("asyncio.gather"))
    assert {"docker-compose", "docker", "compose"} <= set(latin_terms("docker-compose"))
    assert {"useeffect", "use", "effect"} <= set(latin_terms("useEffect"))
    assert {"pg_dump", "pg", "dump"} <= set(latin_terms("pg_dump"))
    assert "entrypoint" in latin_terms("ENTRYPOINT")
    assert latin_terms("the") == ()  # a stop word


def test_mixed_text_splits_by_script():
    found = {t for t, _ in terms("Docker를 설치하고 kubectl로 배포했다")}
    assert {"docker", "설치", "kubectl", "배포"} <= found


def test_shard_is_fnv1a_as_the_browser_computes_it():
    assert shard("ku", 1) == 0
    value = 2166136261
    for char in "서":
        value = ((value ^ ord(char)) * 16777619) & 0xFFFFFFFF
    assert shard("서", 10) == value % 10
    assert bucket("kubernetes") == "ku" and bucket("서울에서") == "서"


@given(st.text(max_size=300))
def test_terms_never_need_escaping_in_json(text):
    """Chunk files are written without a JSON encoder: terms must hold nothing to escape."""
    for term, _ in terms(text):
        assert term and not any(c in term for c in '"\\ \n\t') and term.isprintable()


@given(st.text(max_size=200), st.lists(st.text(max_size=10), max_size=3))
def test_a_record_reads_back(text, tags):
    record = make_record("/a/%EB%8F%84/", "제목 title", "2024-01-02", tags, ["소제목"], text)
    pairs, doc = parse_record(record)
    assert len(pairs) % 2 == 0 and all(w.isdigit() for w in pairs[1::2])
    meta = json.loads(doc)  # the document file, as the browser reads it
    assert meta["u"] == "/a/%EB%8F%84/" and meta["t"] == "제목 title" and meta["g"] == tags
    assert meta["d"] == "2024-01-02" and meta["x"] == " ".join(text.split())[: len(meta["x"])]


def test_index_files_are_deterministic_and_split():
    docs = [
        SearchDoc(
            f"/p{n}/",
            make_record(f"/p{n}/", f"글 {n}", "2024-01-01", ["tag"], [], f"서울 word{n} " * 50),
        )
        for n in range(40)
    ]
    first, second = index_files(docs).files, index_files(docs).files
    assert first == second
    chunks = [name for name in first if name.startswith("t/")]
    assert len([n for n in first if n.startswith("d/")]) == 40 and chunks


@given(
    st.lists(
        st.one_of(
            st.sampled_from(ENDINGS), st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
        ),
        max_size=6,
    ).map("".join)
)
def test_strip_ending_takes_off_the_longest_ending_that_leaves_a_stem(word):
    expected = word  # the rule as written: the longest ending first, a stem left
    for ending in sorted(ENDINGS, key=len, reverse=True):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            expected = word[: -len(ending)]
            break
    assert strip_ending(word) == expected


@given(
    st.one_of(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=14),
        st.sampled_from(sorted(STOP_WORDS)),
        st.sampled_from(["running", "stopped", "caches", "dress", "status", "tree"]),
    )
)
def test_the_plain_word_shortcut_gives_what_the_identifier_rules_give(word):
    from ssg.search.words import _identifier_terms

    assert latin_terms.__wrapped__(word) == _identifier_terms(word)
