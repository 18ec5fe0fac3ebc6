"""Social cards in the build (ssg.card_outputs): which posts get one, the meta tags that give it
(absolute URLs), `cards = false`, Jekyll's default share image, and the cache (`card_store`):
a rebuild draws nothing, a title change gives a new URL, a damaged stored card is drawn again."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytest.importorskip("PIL")
from bs4 import BeautifulSoup
from PIL import Image

from ssg.build import BuildOptions, build
from ssg.card_outputs import plan_cards, wants_card
from ssg.project import load_config
from tests.conftest import make_page, png_bytes

NOW = datetime(2026, 1, 1, tzinfo=UTC)
CONFIG = 'title = "개발 노트"\nurl = "https://me.github.io/blog/"\ntimezone = "Asia/Seoul"\n'
PLAIN = "content/posts/2024-05-01-plain.md"
COVERED = "content/posts/2024-05-02-covered.md"
FILES = {
    "ssg.toml": CONFIG,
    PLAIN: "---\ntitle: 도커 이미지 정리\ntags: [docker, 도커]\n---\nbody\n",
    COVERED: "---\ntitle: Covered\nimage: /images/c.png\n---\nbody\n",
    "content/images/c.png": png_bytes(40, 20),
    "content/about.md": "---\ntitle: About\n---\nabout\n",
}


def run(root: Path, **options):
    result = build(load_config(root), BuildOptions(jobs=1, now=NOW, **options))
    assert result.ok, result.report.items
    return result


def meta(root: Path, rel: str) -> dict[str, str]:
    page = BeautifulSoup((root / "site" / rel).read_text(encoding="utf-8"), "html.parser")
    found = {m.get("property") or m.get("name"): m.get("content") for m in page.find_all("meta")}
    found["canonical"] = page.find("link", rel="canonical")["href"]
    return found


def card_files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "site/cards").glob("*.png"))}


def test_a_post_without_a_cover_gets_a_card_with_absolute_urls(make_site, draws):
    root = make_site(FILES)
    run(root)
    tags = meta(root, "2024/05/01/plain/index.html")
    match = re.fullmatch(r"https://me\.github\.io/blog/cards/([0-9a-f]{16})\.png", tags["og:image"])
    assert match, tags["og:image"]
    assert tags["twitter:image"] == tags["og:image"]
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:alt"] == tags["twitter:image:alt"] == "도커 이미지 정리 · 개발 노트"
    assert tags["twitter:card"] == "summary_large_image"
    image = Image.open(io.BytesIO((root / f"site/cards/{match[1]}.png").read_bytes()))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert list(card_files(root)) == [f"{match[1]}.png"]  # one card: the other post has a cover
    assert draws == ["도커 이미지 정리"]


def test_a_post_with_a_cover_keeps_it_and_other_pages_get_no_card(make_site):
    root = make_site(FILES)
    run(root)
    tags = meta(root, "2024/05/02/covered/index.html")
    assert tags["og:image"] == "https://me.github.io/blog/images/c.png"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("40", "20")
    assert "og:image:alt" not in tags
    for rel in ("about/index.html", "index.html", "tags/docker/index.html"):
        assert "og:image" not in meta(root, rel), rel


def test_seo_image_stays_the_image_of_other_pages(make_site):
    root = make_site({**FILES, "ssg.toml": CONFIG + '[seo]\nimage = "/images/c.png"\n'})
    run(root)
    assert "/cards/" in meta(root, "2024/05/01/plain/index.html")["og:image"]
    assert meta(root, "about/index.html")["og:image"] == "https://me.github.io/blog/images/c.png"


def test_cards_false_draws_none(make_site, draws):
    root = make_site({**FILES, "ssg.toml": CONFIG + "cards = false\n"})
    result = run(root)
    assert not (root / "site/cards").exists()
    assert "og:image" not in meta(root, "2024/05/01/plain/index.html")
    assert meta(root, "2024/05/01/plain/index.html")["twitter:card"] == "summary"
    assert draws == [] and not any("/cards/" in spec.url for spec in result.outputs)


def test_without_a_url_the_card_url_is_absolute_like_the_canonical_link(make_site):
    root = make_site({**FILES, "ssg.toml": 'title = "T"\n'})
    run(root)
    tags = meta(root, "2024/05/01/plain/index.html")
    assert tags["canonical"] == "http://localhost:8000/2024/05/01/plain/"
    assert re.fullmatch(r"http://localhost:8000/cards/[0-9a-f]{16}\.png", tags["og:image"])


def test_a_rebuild_draws_nothing_and_a_fresh_output_folder_reads_the_cache(make_site, draws):
    root = make_site(FILES)
    run(root)
    first = card_files(root)
    assert run(root).stats.rendered == 0
    for path in sorted((root / "site").rglob("*"), reverse=True):  # a fresh checkout, cache kept
        path.unlink() if path.is_file() else path.rmdir()
    run(root)
    assert card_files(root) == first
    assert draws == ["도커 이미지 정리"]


def test_a_title_change_gives_a_new_card_and_the_others_are_not_drawn_again(make_site, draws):
    other = "content/posts/2024-05-03-other.md"
    root = make_site({**FILES, other: "---\ntitle: Other\n---\nx\n"})
    run(root)
    before = card_files(root)
    old_url = meta(root, "2024/05/01/plain/index.html")["og:image"]
    draws.clear()
    text = "---\ntitle: 도커 이미지 정리 (2판)\ntags: [docker, 도커]\n---\nbody\n"
    (root / PLAIN).write_text(text)
    run(root)
    new_url = meta(root, "2024/05/01/plain/index.html")["og:image"]
    assert new_url != old_url
    assert draws == ["도커 이미지 정리 (2판)"]  # "Other" was not drawn again
    after = card_files(root)
    assert len(after) == 2 and old_url.rsplit("/", 1)[1] not in after  # the old one removed
    unchanged = set(before) & set(after)
    assert len(unchanged) == 1 and all(before[n] == after[n] for n in unchanged)


def test_tags_and_dates_are_on_the_card_so_they_change_its_url(make_site):
    root = make_site(FILES)
    run(root)
    url = meta(root, "2024/05/01/plain/index.html")["og:image"]
    (root / PLAIN).write_text("---\ntitle: 도커 이미지 정리\ntags: [docker]\n---\nbody\n")
    run(root)
    assert meta(root, "2024/05/01/plain/index.html")["og:image"] != url


def test_a_damaged_stored_card_is_drawn_again_with_the_right_bytes(make_site, draws):
    root = make_site(FILES)
    run(root)
    good = card_files(root)
    (name,) = good
    (stored,) = (root / ".ssg-cache/cards").glob("*.png")  # (named by the store's key)
    stored.write_bytes(good[name][: len(good[name]) // 2])
    (root / "site/cards" / name).unlink()  # the next build must make it again
    run(root)
    assert card_files(root) == good
    assert stored.read_bytes() == good[name]
    assert len(draws) == 2


def test_a_title_the_font_cannot_draw_is_a_warning_naming_the_post(make_site):
    post = "content/posts/2024-05-04-kana.md"
    root = make_site({**FILES, post: "---\ntitle: 漢字とかな 🚀 정리\n---\nx\n"})
    result = run(root)
    found = [str(d) for d in result.report.warnings]
    assert any(
        d.startswith(f"{post}:2: warning: the social card's font has no 漢 (U+6F22)")
        and "(U+1F680)" in d
        for d in found
    ), found
    tags = meta(root, "2024/05/04/kana/index.html")
    name = tags["og:image"].rsplit("/", 1)[1]
    assert Image.open(root / "site/cards" / name).size == (1200, 630)


def test_a_site_title_the_font_cannot_draw_is_a_warning_naming_the_config(make_site):
    root = make_site({**FILES, "ssg.toml": CONFIG.replace("개발 노트", "開発ノート")})
    found = [str(d) for d in run(root).report.warnings]
    assert any(d.startswith("ssg.toml: warning: the social card's font has no 開") for d in found)


def test_drafts_get_cards_only_in_builds_that_show_them(make_site, draws):
    draft = "content/posts/2024-05-05-draft.md"
    root = make_site({**FILES, draft: "---\ntitle: Draft\ndraft: true\n---\nx\n"})
    run(root)
    assert "Draft" not in draws
    run(root, drafts=True)
    assert "og:image" in meta(root, "2024/05/05/draft/index.html") and "Draft" in draws


def test_posts_whose_cards_are_the_same_share_one_file(make_site):
    twin = "content/posts/2024-05-01-twin.md"
    root = make_site({**FILES, twin: FILES[PLAIN]})
    run(root)
    a = meta(root, "2024/05/01/plain/index.html")["og:image"]
    assert a == meta(root, "2024/05/01/twin/index.html")["og:image"]
    assert len(card_files(root)) == 1


def test_redirects_and_bodies_without_a_template_get_no_card():
    assert wants_card(make_page())
    assert not wants_card(make_page(image="/images/a.png"))
    assert not wants_card(make_page(layout="none"))
    assert not wants_card(make_page(extra={"redirect_to": "https://elsewhere.org/"}))


def test_the_card_shows_the_date_as_pages_show_it(make_site):
    root = make_site({**FILES, "ssg.toml": CONFIG + 'date_format = "%Y년 %m월 %d일"\n'})
    config = load_config(root)
    result = build(config, BuildOptions(jobs=1, now=NOW))
    planned, _ = plan_cards(result.site)
    (card,) = [c for url, c in planned.items() if url == "/2024/05/01/plain/"]
    assert card.input.date == "2024년 05월 01일"
    assert card.input.tags == ("docker", "도커") and card.input.site_name == "개발 노트"


JEKYLL_POST = {"_posts/2020-01-02-a.md": "---\ntitle: A\n---\nx\n"}


def test_a_jekyll_site_gets_cards(make_site):
    root = make_site({"_config.yml": "title: J\nurl: https://e.org\n", **JEKYLL_POST})
    assert load_config(root).cards
    result = build(load_config(root), BuildOptions(jobs=1, now=NOW))
    assert result.ok
    assert (root / "_site/cards").is_dir()


def test_a_jekyll_site_with_a_default_share_image_keeps_it_on_posts(make_site):
    config = "title: J\nurl: https://e.org\nsocial_preview_image: /img/card.png\n"
    root = make_site({"_config.yml": config, **JEKYLL_POST, "img/card.png": png_bytes(4, 4)})
    assert not load_config(root).cards
    assert build(load_config(root), BuildOptions(jobs=1, now=NOW)).ok
    post = (root / "_site/2020/01/02/a.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://e.org/img/card.png">' in post
    assert not (root / "_site/cards").exists()


def test_cards_drawn_in_forked_render_workers_are_kept_and_the_same(make_site):
    posts = {
        f"content/posts/2024-01-{n:02d}-p{n}.md": f"---\ntitle: 글 {n}번\ntags: [t{n}]\n---\nx\n"
        for n in range(1, 29)
    }
    root = make_site({"ssg.toml": CONFIG, **posts})
    result = build(load_config(root), BuildOptions(jobs=2, now=NOW))
    assert result.ok and len(result.outputs) >= 96  # enough for the render workers
    made = card_files(root)
    assert len(made) == 28 and len(list((root / ".ssg-cache/cards").iterdir())) == 28
    planned, _ = plan_cards(result.site)
    for card in planned.values():
        assert made[card.url.rsplit("/", 1)[1]] == card.input.draw()


def test_an_imported_jekyll_site_keeps_its_choice(make_site, tmp_path):
    from ssg.jekyll.importer import import_jekyll

    config = "title: J\nurl: https://e.org\nog_image: /img/card.png\n"
    root = make_site({"_config.yml": config, **JEKYLL_POST, "img/card.png": png_bytes(4, 4)})
    import_jekyll(root, tmp_path / "imported")
    assert "\ncards = false\n" in (tmp_path / "imported/ssg.toml").read_text(encoding="utf-8")
    assert not load_config(tmp_path / "imported").cards
    plain = make_site({"_config.yml": "title: J\n", **JEKYLL_POST}, name="plain")
    import_jekyll(plain, tmp_path / "plain-imported")
    assert "cards" not in (tmp_path / "plain-imported/ssg.toml").read_text(encoding="utf-8")
