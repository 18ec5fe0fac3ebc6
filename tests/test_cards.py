"""Social cards (ssg.cards): size and format, deterministic bytes, Hangul that is really drawn
(not tofu), titles that wrap inside the margins, the bundled fonts' coverage and fingerprint."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import unicodedata

import pytest

pytest.importorskip("PIL")
from PIL import Image, ImageDraw, ImageFont

from ssg import cards

TITLES = {
    "english": "Building a Static Blog Generator in Python: Fast Builds and Live Reload",
    "korean": "파이썬으로 정적 블로그 생성기 만들기: 빠른 빌드와 실시간 새로고침",
    "mixed": "Pillow와 fontTools로 Open Graph 카드 그리기 — 한글 서브셋, 결정적 PNG",
    "long": ("아주 긴 제목 A very long title that goes on " * 6)[:200],
    "identifier": "Why ssg.build.incremental_rebuild_with_dependency_tracking_and_cache_v2 fails",
    "accents": "Café Gödel, naïve Ångström, Łódź, Straße — ✓ → ©",
}


def card(title: str, colors: cards.CardColors = cards.LIGHT) -> Image.Image:
    data = cards.draw_card(title, "ssg 개발 블로그", "2024-05-01", ["python", "파이썬"], colors)
    return Image.open(io.BytesIO(data))


def ink(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """Pixels in `box` that are not the background (palette index 0)."""
    return sum(image.crop(box).histogram()[1:])


def test_a_card_is_a_1200_by_630_png_without_metadata():
    data = cards.draw_card("Hello", "Site", "2024-05-01", ["a"])
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size, image.mode) == ("PNG", (1200, 630), "P")
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"tIME", b"pHYs", b"eXIf"):
        assert chunk not in data
    assert len(data) < 100_000


def test_the_same_inputs_give_the_same_bytes_in_a_fresh_process():
    args = (TITLES["mixed"], "블로그", "2024-05-01", ["a", "나"])
    first = cards.draw_card(*args, cards.DARK)
    cards._font.cache_clear()
    cards._length.cache_clear()
    assert cards.draw_card(*args, cards.DARK) == first
    script = (
        "import hashlib; from ssg import cards\n"
        f"print(hashlib.sha256(cards.draw_card(*{args!r}, cards.DARK)).hexdigest())"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == hashlib.sha256(first).hexdigest()


def test_different_hangul_titles_give_visibly_different_cards():
    a, b = card("정적 사이트 생성기"), card("한글 글꼴 서브셋")
    title_area = (cards.MARGIN, cards.TITLE_TOP, 1200 - cards.MARGIN, cards.FOOTER_TOP)
    assert ink(a, title_area) > 5_000 and ink(b, title_area) > 5_000
    diff = sum(x != y for x, y in zip(a.tobytes(), b.tobytes(), strict=True))
    assert diff > 5_000


def glyph(font: ImageFont.FreeTypeFont, ch: str) -> bytes:
    image = Image.new("L", (100, 100), 0)
    ImageDraw.Draw(image).text((10, 10), ch, font=font, fill=255)
    return image.tobytes()


@pytest.mark.parametrize(
    ("path", "chars"), [(cards.BOLD, "한글가힣뷁똠ㄱㅏ"), (cards.REGULAR, "한글가힝각ㄱㅏ")]
)
def test_hangul_glyphs_are_not_the_fonts_notdef_box(path, chars):
    font = ImageFont.truetype(str(path), 64, layout_engine=ImageFont.Layout.BASIC)
    notdef = glyph(font, "\ue000")  # a private-use character: the font has no glyph for it
    assert sum(notdef) > 0  # the .notdef box has ink, so the comparison means something
    for ch in chars:
        drawn = glyph(font, ch)
        assert drawn != notdef, ch
        assert sum(drawn) > 40_000, ch  # real ink, not a hairline


@pytest.mark.parametrize("kind", list(TITLES))
def test_titles_fit_inside_the_margins(kind):
    size, lines = cards.layout_title(TITLES[kind])
    font = cards._font(cards.BOLD, size)
    assert 1 <= len(lines) <= 4
    for line in lines:
        left, _, right, _ = font.getbbox(line)
        assert right - min(0, left) <= cards.TITLE_WIDTH, line
    image = card(TITLES[kind])
    below_stripe = 1 + cards.STRIPE
    assert ink(image, (0, below_stripe, cards.MARGIN, 630)) == 0
    assert ink(image, (1200 - cards.MARGIN, below_stripe, 1200, 630)) == 0
    assert ink(image, (0, below_stripe, 1200, cards.TITLE_TOP - 20)) == 0
    assert ink(image, (0, 630 - 60, 1200, 630)) == 0
    # title colours stay above the footer line, muted ones below it
    above = image.crop((0, below_stripe, 1200, cards.FOOTER_TOP)).histogram()
    below = image.crop((0, cards.FOOTER_TOP, 1200, 630)).histogram()
    assert sum(above[cards.TITLE_LEVELS + 1 :]) == 0
    assert sum(below[1 : cards.TITLE_LEVELS + 1]) == 0


def test_a_long_title_is_shrunk_and_ends_in_an_ellipsis():
    size, lines = cards.layout_title(TITLES["long"])
    assert size == cards.TITLE_STEPS[-1][0] and len(lines) == 4
    assert lines[-1].endswith("…")
    assert cards.layout_title("Short")[0] == cards.TITLE_STEPS[0][0]


def test_every_title_size_stays_above_the_footer():
    for size, max_lines in cards.TITLE_STEPS:
        font = cards._font(cards.BOLD, size)
        top = cards.TITLE_TOP + (max_lines - 1) * round(size * cards.LINE_HEIGHT)
        assert top + font.getbbox("Ég한")[3] < cards.FOOTER_TOP


def test_a_long_identifier_without_spaces_is_broken():
    word = "incremental_rebuild_with_dependency_tracking_and_cache_invalidation_v2"
    size, lines = cards.layout_title(word)
    assert len(lines) > 1
    assert "".join(lines) == word
    assert all(line.endswith("_") for line in lines[:-1])  # broken after a separator


def test_korean_breaks_at_spaces_and_cjk_between_characters():
    font = cards._font(cards.BOLD, 50)
    korean = "한국어는 띄어쓰기 단위로 줄을 바꾸고 단어 중간에서는 끊지 않습니다"
    lines, more = cards.wrap(korean, font, 400)
    assert len(lines) > 1 and not more
    assert " ".join(lines) == korean
    chinese = "AI 静态网站生成器，快速构建。「日本語」のテキストも、文字の間で改行できる。"
    lines, _ = cards.wrap(chinese, font, 300)
    assert len(lines) > 2 and " ".join(lines[:1]) + "".join(lines[1:]) == chinese
    assert lines[0].startswith("AI 静态")  # not "AI" alone: CJK breaks between characters
    for line in lines:
        assert line[0] not in cards.NO_BREAK_BEFORE, line
        assert line[-1] not in cards.NO_BREAK_AFTER, line


def test_missing_characters():
    assert cards.missing_characters("서울 Seoul") == ""
    assert cards.missing_characters("Café ✓ → ©, 「인용」 ㄱ ￦") == ""
    assert cards.missing_characters(unicodedata.normalize("NFD", "한글")) == ""
    assert cards.missing_characters("😀") == "😀"
    assert cards.missing_characters("a😀b😀 漢") == "😀漢"


def test_characters_the_fonts_lack_are_left_out_not_drawn_as_boxes():
    plain = cards.draw_card("로켓 Launch", "Site", "2024", [])
    assert cards.draw_card("🚀 로켓 Launch", "Site", "2024", []) == plain
    assert cards.draw_card(unicodedata.normalize("NFD", "로켓 Launch"), "Site", "2024", []) == plain


def test_the_footer_draws_what_the_regular_font_lacks_in_the_bold_one():
    assert cards._runs("#똠얌꿍 tag") == [("#", cards.REGULAR), ("똠", cards.BOLD),
                                         ("얌꿍 tag", cards.REGULAR)]  # fmt: skip
    assert cards.missing_characters("똠뷁") == ""


def test_light_and_dark_have_different_backgrounds():
    light, dark = card("Title").convert("RGB"), card("Title", cards.DARK).convert("RGB")
    assert light.getpixel((600, 600)) == cards._rgb(cards.LIGHT.background)
    assert dark.getpixel((600, 600)) == cards._rgb(cards.DARK.background)
    assert light.getpixel((600, 600)) != dark.getpixel((600, 600))
    assert light.getpixel((600, 4)) == cards._rgb(cards.LIGHT.accent)


def test_the_footer_keeps_to_the_width():
    line = cards._meta_line("2024-05-01", [f"tag{i}" for i in range(60)], cards.META_SIZE)
    assert line.startswith("2024-05-01 · #tag0") and "#tag59" not in line
    assert cards._runs_width(line, cards.META_SIZE) <= cards.TITLE_WIDTH
    image = card("T")
    long_site = cards.draw_card("T", "사이트 " * 60, "2024", ["#태그"])
    assert ink(Image.open(io.BytesIO(long_site)), (1200 - cards.MARGIN, 20, 1200, 630)) == 0
    assert image.size == (1200, 630)


def test_font_fingerprint_is_stable_and_follows_the_font_bytes(tmp_path, monkeypatch):
    first = cards.font_fingerprint()
    assert first == cards.font_fingerprint() and len(first) == 16
    copies = []
    for path in cards.FONT_FILES:
        copies.append(tmp_path / path.name)
        copies[-1].write_bytes(path.read_bytes())
    monkeypatch.setattr(cards, "FONT_FILES", tuple(copies))
    assert cards.font_fingerprint() == first  # the bytes count, not where they are
    changed = tmp_path / "changed.ttf"
    changed.write_bytes(copies[0].read_bytes() + b"\0")
    monkeypatch.setattr(cards, "FONT_FILES", (changed, copies[1]))
    assert cards.font_fingerprint() != first
    monkeypatch.setattr(cards, "FONT_FILES", tuple(copies))
    monkeypatch.setattr(cards, "DRAWING_VERSION", cards.DRAWING_VERSION + 1)
    assert cards.font_fingerprint() != first


def test_the_bundled_fonts_are_renamed_small_and_licensed():
    names = {ImageFont.truetype(str(p), 12).getname() for p in cards.FONT_FILES}
    assert names == {("ssg Card Sans", "Bold"), ("ssg Card Sans", "Regular")}  # OFL RFN
    assert sum(p.stat().st_size for p in cards.FONT_FILES) < 2_000_000
    assert "SIL OPEN FONT LICENSE" in (cards.FONT_DIR / "OFL.txt").read_text(encoding="utf-8")


def test_importing_the_module_does_not_import_pillow():
    script = "import sys, ssg.cards; print('PIL' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
