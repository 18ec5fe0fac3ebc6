"""The documents of a synthetic blog, for gen_blog.py: `make_post` writes post i (front matter,
sections of prose, lists, a table, images, code blocks, references) from the seed and i alone;
`about_page` writes the about page.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from blog_code import code_block
from blog_code_styles import CODE_LANGS
from blog_images import COLOCATED, FIGURE_COUNT
from blog_text import Writer
from blog_topics import TOPICS, Topic
from blog_words import (
    ALTERNATIVES,
    ASPECTS_EN,
    ASPECTS_KO,
    EN_FIRST,
    EN_H2,
    EN_H3,
    EN_LAST,
    EN_NOTES,
    EN_STEPS,
    EN_TITLES,
    IMG_ALTS_EN,
    IMG_ALTS_KO,
    KO_FIRST,
    KO_H2,
    KO_H3,
    KO_LAST,
    KO_NOTES,
    KO_STEPS,
    KO_TITLES,
    LEVELS_EN,
    LEVELS_KO,
    REPOS,
)

OFFSETS = ("+0900",) * 6 + ("+0000", "+0300", "-0500", "-0700", "+0530", "+0100", "-0300", "+1000")
NEWEST = dt.datetime(2024, 11, 30, 21, 0)  # UTC time of post 0; later posts are older


@dataclass
class Post:
    path: str  # relative to content/posts
    text: str
    colocated: tuple[str, tuple[int, int], int] | None  # (file name, size, variant)
    words: int


def yaml_scalar(text: str) -> str:
    if re.search(r"""[:#\[\]{}&*!|>'"%@`,]""", text) or text[0] in "-?":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def prose_words(blocks: list[str]) -> int:
    return sum(len(b.split()) for b in blocks if not b.startswith("```"))


def make_post(seed: int, i: int, used: set[str]) -> Post:
    rng = random.Random(f"gen_blog:{seed}:{i}")
    topic = rng.choice(TOPICS)
    w = Writer(rng, topic)
    ko_share = rng.choice((0.85, 0.75, 0.6, 0.5, 0.3))

    def korean() -> bool:
        return rng.random() < ko_share

    # ---- front matter
    title_ko = korean()
    title = w.fill(rng.choice(KO_TITLES if title_ko else EN_TITLES))
    utc = NEWEST - dt.timedelta(hours=30 * i + rng.randint(0, 20), minutes=rng.randint(0, 59))
    offset = rng.choice(OFFSETS)
    sign = 1 if offset[0] == "+" else -1
    local = utc + sign * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[3:]))
    date = local.strftime("%Y-%m-%d %H:%M:%S")
    if rng.random() < 0.95:
        date += f" {offset}"  # the rest take the site's timezone
    tags = rng.sample(topic.tags, rng.randint(1, min(3, len(topic.tags))))
    form = rng.random()
    if form < 0.2:
        tags_yaml = f"tags: {tags[0]}"
    elif form < 0.5:
        tags_yaml = "tags: [" + ", ".join(tags) + "]"
    else:
        tags_yaml = "tags:\n" + "".join(f"  - {t}\n" for t in tags).rstrip("\n")
    front = ["---", "layout: post", f"title: {yaml_scalar(title)}", f"date: {date}", tags_yaml]
    if rng.random() < 0.5:
        front.append(f"image: {topic.key}.png")
    front.append("---")

    slug = f"{topic.key}-{rng.choice(topic.slugs)}"
    stem = f"{local:%Y-%m-%d}-{slug}"
    n = 2
    while stem in used:
        stem = f"{local:%Y-%m-%d}-{slug}-{n}"
        n += 1
    used.add(stem)
    folder = rng.random() < 0.12

    # ---- body: sections of blocks, with the required elements placed first
    def heading(level: int, ko: tuple[str, ...], en: tuple[str, ...]) -> str:
        return "#" * level + " " + w.fill(rng.choice(ko if korean() else en))

    n_sections = rng.randint(4, 6)
    sections: list[list[str]] = [[heading(2, KO_H2, EN_H2)] for _ in range(n_sections)]
    langs = list(topic.langs)
    if rng.random() < 0.5:  # sometimes swap in a language from outside the topic
        langs[rng.randrange(3)] = rng.choice([c for c in CODE_LANGS if c not in langs])
    rng.shuffle(langs)
    extras: list[str] = [code_block(rng, lang, rng.randint(10, 40)) for lang in langs]
    extras.append(table(rng, w, korean()))
    extras.append(bullets(rng, w, korean()))
    if rng.random() < 0.5:
        extras.append(numbered(rng, korean()))
    if rng.random() < 0.3:
        extras.append("> " + rng.choice(KO_NOTES if korean() else EN_NOTES))
    images = []
    colocated = None
    if folder:
        name, size = rng.choice(COLOCATED)
        colocated = (name, size, rng.randrange(4))
        alt = rng.choice(IMG_ALTS_KO + IMG_ALTS_EN)
        images.append(f"![{alt}]({'./' if rng.random() < 0.3 else ''}{name})")
    for _ in range(rng.randint(1, 2) - len(images)):
        alt = rng.choice(IMG_ALTS_KO + IMG_ALTS_EN)
        images.append(f"![{alt}](/images/fig{rng.randint(1, FIGURE_COUNT)}.png)")
    extras += images
    extras.append(w.url_sentence(korean()))
    for block in extras:
        section = sections[rng.randrange(n_sections)]
        if rng.random() < 0.3 and not any(b.startswith("### ") for b in section):
            section.append(heading(3, KO_H3, EN_H3))
        section.append(w.paragraph(korean()))
        section.append(block)

    intro = [w.paragraph(korean()) for _ in range(rng.randint(1, 2))]
    if rng.random() < 0.4:
        intro.insert(1, "<!--more-->")
    if rng.random() < 0.5:
        intro.insert(0, heading(2, KO_FIRST, EN_FIRST))
    last_ko = korean()
    outro = [
        "## " + rng.choice(KO_LAST if last_ko else EN_LAST),
        w.paragraph(last_ko),
        references(rng, topic, last_ko),
    ]

    target = rng.randint(820, 1450)
    words = prose_words(intro + outro + [b for s in sections for b in s])
    while words < target:
        section = sections[rng.randrange(n_sections)]
        paragraph = w.paragraph(korean())
        section.insert(rng.randint(1, len(section)), paragraph)
        words += len(paragraph.split())
    blocks = intro + [b for s in sections for b in s]
    if rng.random() < 0.2:
        blocks.append("***")
    blocks += outro

    text = "\n".join(front) + "\n\n" + "\n\n".join(blocks) + "\n"
    path = f"{stem}/index.md" if folder else f"{stem}.md"
    return Post(path, text, colocated, words)


def table(rng: random.Random, w: Writer, korean: bool) -> str:
    kind = rng.randrange(3)
    if kind == 0:  # commands
        rows = rng.sample(w.topic.cmds, min(len(w.topic.cmds), rng.randint(3, 5)))
        head = "| 명령어 | 설명 |" if korean else "| Command | What it does |"
        body = [f"| `{c}` | {ko if korean else en} |" for c, ko, en in rows]
        return "\n".join([head, "| --- | --- |"] + body)
    if kind == 1:  # before / after measurements
        head = "| 항목 | Before | After |" if korean else "| Case | Before | After |"
        cases = rng.sample(w.topic.ko_terms if korean else w.topic.en_terms, rng.randint(3, 5))
        body = []
        for case in cases:
            before = rng.randint(120, 9000)
            after = before * rng.randint(30, 95) // 100
            body.append(f"| {case.partition('|')[0]} | {before} ms | {after} ms |")
        return "\n".join([head, "| :--- | ---: | ---: |"] + body)
    other = rng.choice(ALTERNATIVES)
    aspects = ASPECTS_KO if korean else ASPECTS_EN
    levels = LEVELS_KO if korean else LEVELS_EN
    head = f"| {'구분' if korean else 'Aspect'} | {w.topic.en} | {other} |"
    body = [
        f"| {a} | {rng.choice(levels)} | {rng.choice(levels)} |"
        for a in rng.sample(aspects, rng.randint(3, 5))
    ]
    return "\n".join([head, "| --- | :---: | :---: |"] + body)


def bullets(rng: random.Random, w: Writer, korean: bool) -> str:
    items = []
    for cmd, ko, en in rng.sample(w.topic.cmds, min(len(w.topic.cmds), rng.randint(3, 5))):
        items.append(f"- `{cmd}`: {ko if korean else en}")
        if rng.random() < 0.15:
            items.append("  - " + w.sentence(korean))
    if rng.random() < 0.5:
        items.append("- " + w.sentence(korean))
    return "\n".join(items)


def numbered(rng: random.Random, korean: bool) -> str:
    steps = rng.sample(KO_STEPS if korean else EN_STEPS, rng.randint(3, 5))
    return "\n".join(f"{n}. {s}" for n, s in enumerate(steps, 1))


def references(rng: random.Random, topic: Topic, korean: bool) -> str:
    lines = ["### 참고 자료" if korean else "### References", ""]
    for title, url in rng.sample(topic.links, min(2, len(topic.links))):
        lines.append(f"- [{title}]({url})")
    lines.append(f"- {rng.choice(topic.links)[1]}")  # a bare URL, as people paste them
    return "\n".join(lines)


def about_page(seed: int) -> str:
    rng = random.Random(f"gen_blog:{seed}:about")
    w = Writer(rng, rng.choice(TOPICS))
    paragraphs = [w.paragraph(True), w.paragraph(False), w.paragraph(True)]
    return (
        "---\nlayout: page\ntitle: About\n---\n\n## 소개\n\n"
        + "\n\n".join(paragraphs)
        + "\n\n## Contact\n\n- GitHub: https://github.com/"
        + REPOS[seed % len(REPOS)].split("/")[0]
        + "\n- Email: blog@example.org\n"
    )
