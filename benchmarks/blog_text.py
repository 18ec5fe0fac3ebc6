"""Prose for gen_blog.py: Korean particles (josa) chosen by the final consonant, and `Writer`,
which fills the sentence templates of `blog_words` for one post from its random stream.
"""

from __future__ import annotations

import random
import re

from blog_topics import Topic
from blog_words import (
    EN_LINK_SENTENCES,
    EN_SENTENCES,
    EN_URL_SENTENCES,
    GENERAL_EN,
    GENERAL_KO,
    JOSA,
    KO_LINK_SENTENCES,
    KO_SENTENCES,
    KO_URL_SENTENCES,
    REPOS,
)


def has_batchim(reading: str) -> bool:
    """True if the last Hangul syllable of `reading` ends in a consonant."""
    for ch in reversed(reading):
        if "\uac00" <= ch <= "\ud7a3":
            return (ord(ch) - 0xAC00) % 28 != 0
        if ch.isdigit():  # 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in a consonant
            return ch in "013678"
        if ch.isalpha():
            return ch.lower() in "lmnkp"
    return False


def with_josa(term: str, marker: str) -> str:
    display, _, reading = term.partition("|")
    if not marker:
        return display
    consonant, vowel = JOSA[marker]
    reading = reading or display
    last = reading[-1:]
    if marker in ("으로", "로") and "\uac00" <= last <= "\ud7a3" and (ord(last) - 0xAC00) % 28 == 8:
        return display + vowel  # ㄹ final consonant takes 로
    return display + (consonant if has_batchim(reading) else vowel)


SLOT = re.compile(r"\{(\w+)(?::([가-힣]+))?\}")


class Writer:
    """Fills sentence templates for one post from that post's random stream."""

    def __init__(self, rng: random.Random, topic: Topic):
        self.rng = rng
        self.topic = topic
        self.ko_terms = topic.ko_terms + GENERAL_KO[:4]
        self.en_terms = topic.en_terms + GENERAL_EN[:3]
        self.decks: dict[bool, list[str]] = {True: [], False: []}

    def fill(self, template: str, emphasis: bool = False) -> str:
        rng = self.rng
        k1, k2 = rng.sample(self.ko_terms, 2)
        e1, e2 = rng.sample(self.en_terms, 2)
        values = {
            "T": self.topic.ko,
            "TE": self.topic.en,
            "K": k1,
            "K2": k2,
            "E": e1,
            "E2": e2,
            "N": str(rng.choice((2, 3, 5, 10, 12, 20, 30, 40, 64, 128))),
            "PCT": f"{rng.randint(5, 70)}%",
            "V": f"{rng.randint(1, 9)}.{rng.randint(0, 20)}",
            "cmd": f"`{rng.choice(self.topic.cmds)[0]}`",
        }

        def repl(m: re.Match[str]) -> str:
            text = with_josa(values[m.group(1)], m.group(2) or "")
            if emphasis and m.group(1) in ("K", "E") and rng.random() < 0.06:
                display = values[m.group(1)].partition("|")[0]
                text = f"**{display}**" + text[len(display) :]
            return text

        return SLOT.sub(repl, template)

    def sentence(self, korean: bool) -> str:
        deck = self.decks[korean]  # deal templates from a shuffled deck: few repeats per post
        if not deck:
            deck.extend(KO_SENTENCES if korean else EN_SENTENCES)
            self.rng.shuffle(deck)
        return self.fill(deck.pop(), True)

    def paragraph(self, korean: bool) -> str:
        rng = self.rng
        sentences = [self.sentence(korean) for _ in range(rng.randint(3, 6))]
        if korean and rng.random() < 0.25:  # Korean paragraphs often quote an English line
            sentences.insert(rng.randrange(len(sentences) + 1), self.sentence(False))
        if rng.random() < 0.2:
            title, url = rng.choice(self.topic.links)
            pool = KO_LINK_SENTENCES if korean else EN_LINK_SENTENCES
            sentences.append(rng.choice(pool).format(title=title, url=url))
        return " ".join(sentences)

    def url_sentence(self, korean: bool) -> str:
        rng = self.rng
        repo = rng.choice(REPOS)
        url = rng.choice(
            (
                f"https://github.com/{repo}/issues/{rng.randint(3, 2400)}",
                f"https://github.com/{repo}/tree/main/{self.topic.key}",
                rng.choice(self.topic.links)[1],
            )
        )
        return rng.choice(KO_URL_SENTENCES if korean else EN_URL_SENTENCES).format(url=url)
