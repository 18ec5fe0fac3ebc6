"""A converted page -> its search record: the terms of its title, tags, headings and body,
each with a weight, and the text of its document file (`/search/d/…`: its link, title,
date, tags and the plain text that result snippets are cut from).

A record is made once per converted page (in the worker that converted it) and kept in the
cache with the page, so a build that changes one post reads one record anew.
"""

from __future__ import annotations

import json
from collections import Counter

from ssg.search.words import chunk_terms, terms

# how much one occurrence of a term counts, by where it is; a body's count is capped so a
# long post does not outrank one about the word
TITLE, TAG, HEADING, BODY_CAP = 12, 8, 4, 6
TEXT_LIMIT = 3000  # characters of plain text kept for snippets (about 450 words)


def make_record(url: str, title: str, date: str, tags, headings, text: str) -> str:
    """The record of the page at link `url` (base path included, percent-encoded) whose
    body reads as `text` (its prose and code): a line of `term weight` pairs, then its
    document file's text (`parse_record` reads them)."""
    whole: dict[str, int] = {}
    part: dict[str, int] = {}
    words = text.split()
    for chunk, count in Counter(words).items():  # each distinct word once
        for term, is_part in chunk_terms(chunk):
            into = part if is_part else whole
            into[term] = into.get(term, 0) + count
    weights = {term: count if count < BODY_CAP else BODY_CAP for term, count in whole.items()}
    for term, count in part.items():  # a compound's part counts half as much as a word
        weights[term] = max(weights.get(term, 0), (min(count, BODY_CAP) + 1) // 2)
    for field, weight in ((title, TITLE), (" ".join(tags), TAG), (" ".join(headings), HEADING)):
        for term, is_part in set(terms(field)):
            weights[term] = weights.get(term, 0) + (weight // 2 if is_part else weight)
    text = " ".join(words)
    if len(text) > TEXT_LIMIT:
        text = text[:TEXT_LIMIT].rsplit(" ", 1)[0]
    meta = {"u": url, "t": title, "d": date, "g": list(tags), "x": text}
    doc = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))  # (no line breaks)
    return " ".join(f"{term} {weight}" for term, weight in weights.items()) + "\n" + doc


def parse_record(record: str) -> tuple[list[str], str]:
    """(`[term, weight, term, weight, …]` as strings, the document file's text) of a
    record."""
    pairs, _, doc = record.partition("\n")
    return pairs.split(" ") if pairs else [], doc
