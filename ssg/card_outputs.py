"""Plan the social cards: an Open Graph image (`cards.draw_card`) for every post the build
publishes that has no cover image of its own (front matter `image`).

A card's URL is `/cards/<hash>.png`, the hash being of what the card shows (title, site
name, date as shown, tags, colours) and of its layout and font, but not of the libraries
that draw it: a Pillow upgrade redraws a card (the store's key has their versions) without
giving it a new URL, so page output does not depend on the machine. Social sites keep an
image by its URL for weeks, so a changed title must give a new URL; an unchanged post keeps
its URL and bytes whatever else changed. Posts whose cards would be the same share one file.

Cards are drawn when rendered, in the render workers, through the store in the cache
(`card_store`): planning only names them, and a card already drawn is never drawn again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ssg import cards
from ssg.card_store import (
    FOLDER,
    CardInput,
    CardStore,
    card_key,
    drawing_fingerprint,
    naming_fingerprint,
)
from ssg.config import Config
from ssg.errors import Diagnostic, warning
from ssg.page import Page
from ssg.plan import Planner
from ssg.redirects import redirect_target
from ssg.site import Site

URL_FOLDER = "/cards/"
NAME_LENGTH = 16  # hex digits of the key in the file name: 64 bits


@dataclass(frozen=True, slots=True)
class Card:
    """A post's card as templates see it (`social_card`): its site path and alt text."""

    url: str
    alt: str
    input: CardInput
    key: str
    width: int = cards.WIDTH
    height: int = cards.HEIGHT


def plan_cards(site: Site) -> tuple[dict[str, Card], list[Diagnostic]]:
    """Post URL -> its card, for each post that gets one, and a warning for each post whose
    title or tags have characters the card's font lacks (the card leaves them out)."""
    config = site.config
    found: dict[str, Card] = {}
    problems: list[Diagnostic] = []
    drawing = drawing_fingerprint()
    layout = naming_fingerprint()
    for post in site.posts:
        if not wants_card(post):
            continue
        date = post.date.strftime(config.date_format) if post.date else ""
        card_input = CardInput(post.title, config.title, date, tuple(post.tags))
        key = card_key(card_input, drawing)
        url = f"{URL_FOLDER}{card_key(card_input, layout)[:NAME_LENGTH]}.png"
        found[post.url] = Card(url, f"{post.title} · {config.title}", card_input, key)
        problems.extend(_missing(post))
    if found:
        problems[:0] = _site_name_problems(config)
    return found, problems


def wants_card(post: Page) -> bool:
    """A post with a page of its own (not a redirect, not `layout: none`) and no cover."""
    return not post.image and post.layout != "none" and redirect_target(post.extra) is None


def add_cards(planner: Planner, planned: dict[str, Card], cache_dir: Path | None) -> None:
    """Add a PNG output per planned card to `planner`, drawn through the cache's store (every
    card drawn when `cache_dir` is None); stored cards no build needs are pruned."""
    store = CardStore(cache_dir / FOLDER if cache_dir is not None else None)
    added = set()
    for post in planner.site.posts:
        card = planned.get(post.url)
        if card is None or card.url in added:
            continue
        added.add(card.url)
        draw = lambda card=card: store.card(card.input, card.key)  # noqa: E731
        planner.add(card.url, post.source, card.key, make=draw)
    store.prune({card.key for card in planned.values()})


def _missing(post: Page) -> list[Diagnostic]:
    missing = cards.missing_characters(post.title + " " + " ".join(post.tags))
    if not missing:
        return []
    line = post.front_lines.get("title" if cards.missing_characters(post.title) else "tags")
    return [warning(post.source, line, _message(missing))]


def _site_name_problems(config: Config) -> list[Diagnostic]:
    missing = cards.missing_characters(config.title)
    return [warning(config.config_file, None, _message(missing))] if missing else []


def _message(missing: str) -> str:
    shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing[:8])
    more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
    return f"the social card's font has no {shown}{more}: the card is drawn without them"
