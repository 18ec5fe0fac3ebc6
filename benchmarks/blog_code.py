"""Fenced code blocks for gen_blog.py: `code_block` builds a block of exactly n lines in one
language from the styles in `blog_code_styles`, filling their @X@ placeholders.
"""

from __future__ import annotations

import random

from blog_code_styles import CODE_NAMES, CODE_STYLES, JSON_STYLE


def substitute(rng: random.Random, text: str) -> str:
    name = rng.choice(CODE_NAMES)
    return (
        text.replace("@N@", name)
        .replace("@C@", name.capitalize())
        .replace("@U@", name.upper())
        .replace("@I@", str(rng.randint(2, 9)))
        .replace("@P@", str(rng.choice((3000, 5000, 8000, 8080, 9090))))
        .replace("@V@", f"{rng.randint(1, 4)}.{rng.randint(0, 12)}")
    )


def code_block(rng: random.Random, lang: str, n: int) -> str:
    """A fenced block of exactly `n` code lines (10 <= n <= 40)."""
    style = rng.choice([s for s in CODE_STYLES[lang] if s.min_lines <= n])
    head = substitute(rng, "\n".join(style.header)).split("\n") if style.header else []
    budget = n - len(head) - len(style.footer) - len(style.tail)
    units: list[list[str]] = []
    used: set[str] = set()

    def pick(pool: tuple[str, ...]) -> str:  # unused templates first, so blocks vary
        fresh = [t for t in pool if t not in used]
        template = rng.choice(fresh or list(pool))
        used.add(template)
        return substitute(rng, template)

    if style.tail:  # multi-line units, then the tail container filled with one-line units
        while True:
            fitting = [m for m in style.multis if m.count("\n") + 1 < budget and m not in used]
            if not fitting or (units and rng.random() < 0.25):
                break
            units.append(pick(tuple(fitting)).split("\n"))
            budget -= len(units[-1])
    else:
        while budget > 0:
            fitting = [m for m in style.multis if m.count("\n") + 1 <= budget and m not in used]
            if fitting and rng.random() < 0.55:
                units.append(pick(tuple(fitting)).split("\n"))
            else:
                units.append([pick(style.singles)])
            budget -= len(units[-1])
    if style is JSON_STYLE:  # commas between members
        for unit in units[:-1]:
            unit[-1] += ","
    body = [line for unit in units for line in unit]
    if style.tail:
        body += style.tail
        body += [pick(style.singles) for _ in range(budget)]
    lines = head + body + [substitute(rng, line) for line in style.footer]
    assert len(lines) == n, (lang, n, len(lines))
    fence_lang = "" if lang == "none" else lang
    return f"```{fence_lang}\n" + "\n".join(lines) + "\n```"
