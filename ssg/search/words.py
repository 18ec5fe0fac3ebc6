"""Text -> the terms a search index holds, and the rules a query is read by.

Korean attaches particles and endings to words (`서울은`, `서울에서`, `설정해야`), so a
word is indexed as written, without its particle or ending (`서울`, `설정`), and, when it is
a compound of three syllables or more, by every tail of two syllables or more
(`쿠버네티스클러스터` -> `클러스터`), so its parts are found. The query side strips the same
endings (`컨테이너를` looks for `컨테이너` too) and matches prefixes, so a word's head is
found as well. English: case-folded, a light stemmer (`deploying`, `deployed` -> `deploy`),
stop words left out. Code identifiers are kept whole (`asyncio.gather`, `docker-compose`,
`pg_dump`) and also split into their parts (`gather`, `compose`, `use` + `effect`).

`RULES` is what the browser needs to read a query the same way (it is written into the
index's manifest, so the theme's script has no copy of these lists to keep in step).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# a word: Latin letters and digits, joined by `-`, `.` or `_` into one identifier; a run of
# Hangul syllables; a run of Han or Kana
TOKEN = re.compile(
    r"[0-9A-Za-z\u00c0-\u024f]+(?:[-._]+[0-9A-Za-z\u00c0-\u024f]+)*"
    r"|[\uac00-\ud7a3]+"
    r"|[\u3041-\u30ff\u4e00-\u9fff]+"
)
_JOINERS = re.compile(r"[-._]+")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z\u00c0-\u024f]+|[0-9]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]+")

# Korean particles (조사) and the endings of `하다`/`되다` verbs made from nouns, longest
# first; a word keeps at least `MIN_STEM` syllables when one is taken off
ENDINGS = tuple(
    sorted(
        set(
            [
                "은",
                "는",
                "이",
                "가",
                "을",
                "를",
                "의",
                "에",
                "와",
                "과",
                "도",
                "만",
                "로",
                "으로",
                "에서",
                "에게",
                "께",
                "께서",
                "한테",
                "부터",
                "까지",
                "처럼",
                "보다",
                "마다",
                "조차",
                "밖에",
                "이나",
                "나",
                "이랑",
                "랑",
                "하고",
                "이며",
                "며",
                "에서는",
                "에서도",
                "에는",
                "에도",
                "으로는",
                "로는",
                "으로도",
                "로도",
                "과의",
                "와의",
                "에서의",
                "으로의",
                "로의",
                "만의",
                "이라",
                "이라고",
                "라고",
                "이란",
                "란",
                "이라는",
                "라는",
                "이다",
                "입니다",
                "이에요",
                "예요",
                "이고",
                "이면",
                "이든",
                "든",
                "이나마",
                "이야",
                "야",
                "이죠",
                "이지만",
                "이었다",
                "였다",
                "이며",
                "들",
                "들은",
                "들이",
                "들을",
                "들의",
                "들에",
                "들에서",
                "들도",
                "들과",
                "들로",
                "하다",
                "한다",
                "했다",
                "하는",
                "하고",
                "하기",
                "하기가",
                "하기는",
                "하면",
                "해서",
                "하여",
                "해야",
                "해도",
                "합니다",
                "했습니다",
                "하세요",
                "할",
                "한",
                "함",
                "해",
                "했던",
                "하던",
                "하지",
                "하자",
                "하려면",
                "하려고",
                "하며",
                "할때",
                "할까",
                "하니",
                "하게",
                "하도록",
                "되다",
                "된다",
                "됐다",
                "되는",
                "되고",
                "되기",
                "되면",
                "돼서",
                "되어",
                "되어야",
                "된",
                "될",
                "됨",
                "되지",
                "되었다",
                "됩니다",
                "시키다",
                "시키는",
                "시킨",
                "시켜",
                "시켰다",
                "하여야",
                "해야한다",
                "해야지",
                "해줘야",
                "해주는",
                "해준다",
                "해줍니다",
            ]
        ),
        key=lambda e: (-len(e), e),
    )
)
MIN_STEM = 2
_ENDING_SET = frozenset(ENDINGS)
_LONGEST = max(map(len, ENDINGS))
MAX_PARTS = 12  # a longer Hangul word gives parts of its first 12 syllables only

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "not",
        "no",
        "can",
        "do",
        "does",
        "if",
        "so",
        "than",
        "then",
        "there",
        "these",
        "they",
        "we",
        "you",
        "your",
        "our",
        "i",
        "me",
        "my",
        "he",
        "she",
        "his",
        "her",
        "them",
        "their",
        "what",
        "which",
        "who",
        "how",
        "when",
        "where",
        "why",
        "also",
        "just",
    ]
)

RULES = {"endings": list(ENDINGS), "min_stem": MIN_STEM, "stop": sorted(STOP_WORDS)}


def fold(text: str) -> str:
    """Compatibility-normalised and case-folded (full-width letters, ligatures, `ẞ`)."""
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=65536)
def strip_ending(word: str) -> str:
    """A Hangul word without the longest particle or ending it ends with (`서울에서` ->
    `서울`), keeping `MIN_STEM` syllables; the word itself when none comes off."""
    for size in range(min(_LONGEST, len(word) - MIN_STEM), 0, -1):  # the longest first
        if word[-size:] in _ENDING_SET:
            return word[:-size]
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stemmer: plurals, `-ing`, `-ed` and a final `e` come off
    (`deploying`, `deployed`, `deploys` -> `deploy`; `caches`, `caching`, `cache` -> `cach`)."""
    if len(word) <= 3 or not word.isalpha() or not word.isascii():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]  # running -> run, stopped -> stop
            return base.removesuffix("e")
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("es") and len(word) > 4:
        return word[:-2].removesuffix("e")
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1].removesuffix("e")
    return word.removesuffix("e") if len(word) > 4 else word


@lru_cache(maxsize=65536)
def latin_terms(token: str) -> tuple[str, ...]:
    """The terms of one Latin word or identifier, as written (case kept, for camelCase)."""
    if token.isascii() and token.isalpha() and token.islower():  # most words: a shortcut
        return tuple(sorted({token, stem(token)})) if _keep(token) else ()
    return _identifier_terms(token)


def _identifier_terms(token: str) -> tuple[str, ...]:
    whole = fold(token)
    terms = {whole} if _keep(whole) else set()
    pieces = _JOINERS.split(token)
    parts = [p for piece in pieces for p in (_CAMEL.findall(piece) or [piece])]
    if len(parts) > 1 or len(pieces) > 1:
        terms.update(fold(p) for p in parts if _keep(fold(p)))
    for term in list(terms):
        if term.isalpha():
            terms.add(stem(term))
    return tuple(sorted(terms))


def _keep(term: str) -> bool:
    return (len(term) > 1 or term.isdigit()) and term not in STOP_WORDS


@lru_cache(maxsize=65536)
def hangul_terms(word: str) -> tuple[tuple[str, bool], ...]:
    """(term, is_part) of one Hangul word: itself, without its ending, and the tails of
    the stem of a compound (parts rank below whole words)."""
    base = strip_ending(word)
    terms = {(word, False), (base, False)}
    if len(word) == 1:  # a particle on its own (`Docker를` is `docker` + `를`) says nothing
        return () if word in ENDINGS else ((word, False),)
    head = base[:MAX_PARTS]
    for start in range(1, len(head) - 1):
        terms.add((head[start:], True))
    return tuple(sorted(terms))


@lru_cache(maxsize=65536)
def cjk_terms(run: str) -> tuple[tuple[str, bool], ...]:
    """A Han or Kana run (no spaces between words): itself and its character pairs."""
    terms = {(run, False)}
    if len(run) > 2:
        terms.update((run[i : i + 2], True) for i in range(len(run) - 1))
    return tuple(sorted(terms))


_CHUNKS: dict[str, tuple[tuple[str, bool], ...]] = {}


def chunk_terms(chunk: str) -> tuple[tuple[str, bool], ...]:
    """(term, is_part) of a run of text without spaces (remembered: a blog repeats its
    words, and a regular expression over every character costs more than a lookup)."""
    found = _CHUNKS.get(chunk)
    if found is None:
        if len(_CHUNKS) > 200_000:
            _CHUNKS.clear()
        found = _CHUNKS[chunk] = tuple(
            t for token in TOKEN.findall(chunk) for t in token_terms(token)
        )
    return found


def terms(text: str):
    """Every (term, is_part) in `text`, one per word it comes from (repeats included)."""
    for token in TOKEN.findall(text):
        yield from token_terms(token)


@lru_cache(maxsize=65536)
def token_terms(token: str) -> tuple[tuple[str, bool], ...]:
    """(term, is_part) of one word as `TOKEN` finds it."""
    first = token[0]
    if "\uac00" <= first <= "\ud7a3":
        return hangul_terms(token)
    if first >= "\u3041":
        return cjk_terms(token)
    return tuple((term, False) for term in latin_terms(token))


def bucket(term: str, split=()) -> str:
    """The prefix that files a term: two characters of a Latin term, one of any other (a
    Hangul syllable is a word's worth of letters); one more when that prefix is among
    `split` (a prefix that many words share, so its chunk stays small) and the term is
    longer than it."""
    key = term[:2] if term[0] < "\u0250" else term[:1]
    if key in split and len(term) > len(key):
        return term[: len(key) + 1]
    return key


def shard(key: str, count: int) -> int:
    """Which of `count` chunk files holds `bucket` key `key`: FNV-1a over its code points
    (the browser computes the same)."""
    value = 2166136261
    for char in key:
        value = ((value ^ ord(char)) * 16777619) & 0xFFFFFFFF
    return value % count
