"""Social cards: the Open Graph image (1200×630 PNG) of a post, drawn with Pillow.

A card shows the post's title (bold, large, wrapped to at most four lines, smaller type for
long titles and an ellipsis past that), a thin accent stripe, and at the bottom the date and
`#tags` over the site name, in the theme's colours (`LIGHT`, `DARK` or any `CardColors`).

The fonts are bundled in ssg/fonts/ (subsets of NanumBarunGothic under the SIL OFL, made by
benchmarks/subset_font.py), so Korean, English and mixed titles draw the same everywhere and
never depend on the build machine's fonts. `missing_characters()` names what they cannot
draw, so the caller can warn; `draw_card()` leaves such characters (emoji, Hanja) out rather
than drawing boxes. `font_fingerprint()` keys a card cache: it changes with the font files and
with `DRAWING_VERSION`.

Pillow is imported inside the functions, so importing this module stays cheap. Cards are
deterministic (same inputs and Pillow build, same bytes; no PNG metadata): text is drawn as an
antialiased coverage mask, mapped onto a 50-colour palette (background, ramps to the text and
muted colours, accent), which encodes several times faster and smaller than RGB.
"""

from __future__ import annotations

import functools
import hashlib
import io
import struct
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# bump when the drawing changes, so cached cards are redrawn
DRAWING_VERSION = 1

WIDTH, HEIGHT = 1200, 630
FONT_DIR = Path(__file__).resolve().parent / "fonts"
BOLD = FONT_DIR / "ssg-card-sans-bold.ttf"
REGULAR = FONT_DIR / "ssg-card-sans-regular.ttf"
FONT_FILES = (BOLD, REGULAR)

MARGIN = 80  # left and right; no text ink outside it
STRIPE = 12  # the accent stripe along the top edge
TITLE_TOP = 104
TITLE_WIDTH = WIDTH - 2 * MARGIN
# (font size, most lines): each step is tried in turn; the last one ends in "…" if need be
TITLE_STEPS = ((80, 2), (68, 3), (58, 4), (50, 4))
LINE_HEIGHT = 1.3
FOOTER_TOP = 430  # the title's ink stays above this line (at most y≈396), the footer's below
META_SIZE, META_Y = 30, 484
SITE_SIZE, SITE_Y = 32, 540
TITLE_LEVELS, MUTED_LEVELS = 32, 16  # antialiasing levels in the palette
ELLIPSIS = "…"

# no line may start with these (closing punctuation, small kana, iteration marks)
NO_BREAK_BEFORE = frozenset(
    "!%),.:;?]}¢°·’”‰′″›℃∶、。〃〉》」』】〕〗〙〛゛゜ゝゞ・ヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎ"
    "々〻！％），．：；？］｝｡｣､･ｰ…‥"
)
# no line may end with these (opening punctuation)
NO_BREAK_AFTER = frozenset("([{£¥‘“‹«〈《「『【〔〖〘〚（［｛｢￡￥＄")
# where an over-long word (a path, an identifier) is best broken, after the character
SOFT_BREAK_AFTER = frozenset("/_-.:\\")


@dataclass(frozen=True)
class CardColors:
    """A card's colours as "#rrggbb": the accent is the stripe along the top."""

    background: str
    text: str
    muted: str
    accent: str


# the default theme's colours (themes/default/static/css/style.css)
LIGHT = CardColors(background="#ffffff", text="#1f2328", muted="#59636e", accent="#0a5bd3")
DARK = CardColors(background="#0d1117", text="#e6edf3", muted="#9ba5b0", accent="#6cb6ff")


def draw_card(
    title: str, site_name: str, date: str, tags: Sequence[str], colors: CardColors = LIGHT
) -> bytes:
    """The card's PNG bytes: 1200×630, an 8-bit palette image with no metadata."""
    from PIL import Image, ImageDraw

    mask = Image.new("L", (WIDTH, HEIGHT), 0)  # ink coverage; colours come from the palette
    draw = ImageDraw.Draw(mask)
    size, lines = layout_title(title)
    font = _font(BOLD, size)
    for i, line in enumerate(lines):
        x = MARGIN - min(0, font.getbbox(line[0])[0])  # ink left of the pen: move right
        draw.text((x, TITLE_TOP + i * round(size * LINE_HEIGHT)), line, font=font, fill=255)
    meta = _meta_line(date, tags, META_SIZE)
    for text, y, size in ((meta, META_Y, META_SIZE), (_clean(site_name), SITE_Y, SITE_SIZE)):
        fitted = _ellipsize(text, lambda s, size=size: _runs_width(s, size), TITLE_WIDTH)
        _draw_runs(draw, MARGIN, y, fitted, size)

    card = mask.point(_title_lut())
    card.paste(mask.crop((0, FOOTER_TOP, WIDTH, HEIGHT)).point(_muted_lut()), (0, FOOTER_TOP))
    card.paste(1 + TITLE_LEVELS + MUTED_LEVELS, (0, 0, WIDTH, STRIPE))
    card.putpalette(_palette(colors))  # an "L" image with a palette becomes "P"
    out = io.BytesIO()
    # Z_RLE suits flat colour with short antialiased edges. A typical card: 1.7 ms, 14.5 KB;
    # zlib's default strategy at level 3: 1.8 ms, 15.3 KB; at 6: 3.5 ms, 11.4 KB; RGB: 12 ms,
    # 24 KB. compress_level is the fallback should a Pillow ignore compress_type.
    card.save(out, "PNG", optimize=False, compress_level=6, compress_type=zlib.Z_RLE)
    return out.getvalue()


def layout_title(title: str) -> tuple[int, list[str]]:
    """The title's font size and lines: the largest step it fits, else the last, truncated."""
    text = _clean(title)
    if not text:
        return TITLE_STEPS[0][0], []
    first = TITLE_STEPS[0][0]
    length = _length(_font(BOLD, first), text)
    for size, max_lines in TITLE_STEPS:
        if length * size / first > 1.02 * max_lines * TITLE_WIDTH and size != TITLE_STEPS[-1][0]:
            continue  # too long for this size even if the lines were packed full
        font = _font(BOLD, size)
        lines, more = wrap(text, font, TITLE_WIDTH, max_lines)
        if not more:
            return size, lines
    rest = text[_consumed(text, lines[:-1]) :].lstrip(" ")
    lines[-1] = _ellipsize(rest, lambda s: _ink_width(font, s), TITLE_WIDTH)
    return size, lines


def font_fingerprint() -> str:
    """A short hash of the bundled fonts' bytes and `DRAWING_VERSION`, to key a card cache."""
    stats = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in FONT_FILES)
    return _fingerprint(stats, DRAWING_VERSION)


def missing_characters(text: str) -> str:
    """The characters of `text` the bundled fonts cannot draw (each once, whitespace ignored)."""
    text = unicodedata.normalize("NFC", text)
    if _drawable(BOLD).issuperset(text):  # the usual case, without a loop in Python
        return ""
    covered = _coverage(BOLD)
    return "".join(dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in covered))


def wrap(text: str, font, width: int, max_lines: int = 1000) -> tuple[list[str], bool]:
    """`text` broken into lines no wider than `width` (ink included) in `font`, greedily.

    Breaks go at spaces (English and Korean) and between CJK characters, never before closing
    punctuation or after opening punctuation; a word wider than a line is broken between
    characters, after a `/`, `_`, `-`, `.` where one is near the end. Returns at most
    `max_lines` lines and whether text was left over.
    """
    atoms, space = _atoms(text), _length(font, " ")
    lines: list[str] = []
    i = 0
    while i < len(atoms) and len(lines) < max_lines:
        pieces = _split_word(atoms[i].lstrip(" "), font, width)
        if len(pieces) > 1:  # a word wider than a line: its last piece starts the next line
            lines.extend(pieces[:-1])
            atoms[i] = pieces[-1]
            continue
        line, used, i = [pieces[0]], _length(font, pieces[0]), i + 1
        while i < len(atoms):
            word = atoms[i].lstrip(" ")
            extra = _length(font, word) + (space if word != atoms[i] else 0)
            if used + extra > width:
                break
            line.append(atoms[i])
            used, i = used + extra, i + 1
        # advances add up to the width; ink may reach a pixel beyond (an overhang, a negative
        # left bearing): check lines that come close, and carry atoms over until they fit
        while len(line) > 1 and used > width - font.size / 5:
            if _ink_width(font, "".join(line)) <= width:
                break
            line.pop()
            i -= 1
        lines.append("".join(line))
    return lines[:max_lines], i < len(atoms) or len(lines) > max_lines


def _atoms(text: str) -> list[str]:
    """Unbreakable pieces: words, or CJK characters with their punctuation.

    The first piece of each space-separated word starts with a space.
    """
    atoms: list[str] = []
    for word in text.split(" "):
        start, lead = 0, " "
        for i in range(1, len(word)):
            a, b = word[i - 1], word[i]
            if (_is_cjk(a) or _is_cjk(b)) and b not in NO_BREAK_BEFORE and a not in NO_BREAK_AFTER:
                atoms.append(lead + word[start:i])
                start, lead = i, ""
        if word:
            atoms.append(lead + word[start:])
    return atoms


def _split_word(word: str, font, width: int) -> list[str]:
    """`word` in pieces that fit `width`, the last one maybe shorter (or the word whole)."""
    pieces: list[str] = []
    while _ink_width(font, word) > width and len(word) > 1:
        fit, too_long = 1, len(word)  # the longest prefix that fits, by bisection
        while too_long - fit > 1:
            mid = (fit + too_long) // 2
            fit, too_long = (mid, too_long) if _ink_width(font, word[:mid]) <= width else (fit, mid)
        while fit > 1 and (word[fit] in NO_BREAK_BEFORE or word[fit - 1] in NO_BREAK_AFTER):
            fit -= 1
        soft = max((i + 1 for i in range(fit) if word[i] in SOFT_BREAK_AFTER), default=0)
        if soft * 3 >= fit * 2 and soft < len(word):  # a separator in the last third
            fit = soft
        pieces.append(word[:fit])
        word = word[fit:]
    return [*pieces, word]


def _ellipsize(text: str, measure, width: int) -> str:
    """`text` cut to fit `width` with a trailing "…", at a space if one is near the end."""
    if measure(text) <= width:
        return text
    lo, hi = 0, len(text)  # the longest prefix that fits with the ellipsis
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(text[:mid].rstrip() + ELLIPSIS) <= width:
            lo = mid
        else:
            hi = mid - 1
    cut = text[:lo]
    space = cut.rfind(" ")
    if space > 0 and space * 4 >= lo * 3:
        cut = cut[:space]
    return cut.rstrip(" ,.;:·-–—/([{‘“") + ELLIPSIS


def _consumed(text: str, lines: list[str]) -> int:
    """Where the text of `lines` (each a substring of `text`, in order) ends in `text`."""
    at = 0
    for line in lines:
        at = text.index(line, at) + len(line)
    return at


# Chinese and Japanese, which break between any characters (Korean breaks at spaces): radicals,
# CJK punctuation and kana, ideographs (extension A, unified, compatibility), fullwidth forms,
# supplementary ideographs
CJK_RANGES = (
    (0x2E80, 0x2FFF), (0x3000, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
    (0xFF00, 0xFF60), (0x20000, 0x3FFFF),
)  # fmt: skip


def _is_cjk(ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in CJK_RANGES)


def _clean(text: str) -> str:
    """`text` in NFC, one space between words, without characters the fonts cannot draw."""
    covered = _coverage(BOLD)
    text = unicodedata.normalize("NFC", text)
    return " ".join("".join(c for c in text if c.isspace() or ord(c) in covered).split())


def _meta_line(date: str, tags: Sequence[str], size: int) -> str:
    """The line "date · #tag  #tag", with as many tags as fit the width."""
    line = _clean(date)
    for i, tag in enumerate(t for t in (_clean(t).lstrip("#") for t in tags) if t):
        more = ("" if not line else " · " if i == 0 else "  ") + "#" + tag
        if _runs_width(line + more, size) > TITLE_WIDTH:
            break
        line += more
    return line


def _runs(text: str) -> list[tuple[str, Path]]:
    """`text` in runs for the regular font and, where it lacks a character, the bold one."""
    regular = _coverage(REGULAR)
    runs: list[tuple[str, Path]] = []
    for ch in text:
        path = REGULAR if ch == " " or ord(ch) in regular else BOLD
        if runs and runs[-1][1] is path:
            runs[-1] = (runs[-1][0] + ch, path)
        else:
            runs.append((ch, path))
    return runs


def _runs_width(text: str, size: int) -> float:
    return sum(_length(_font(path, size), run) for run, path in _runs(text))


def _draw_runs(draw, x: float, y: int, text: str, size: int) -> None:
    """`text` with its baseline at `y`, in the regular font with bold for what it lacks."""
    for run, path in _runs(text):
        font = _font(path, size)
        draw.text((x, y), run, font=font, fill=255, anchor="ls")
        x += _length(font, run)


@functools.lru_cache(maxsize=16384)
def _length(font, text: str) -> float:
    """The advance of `text`: words, site names and dates recur from card to card."""
    return font.getlength(text)


def _ink_width(font, text: str) -> float:
    """How far right of the pen's start `text` reaches, counting ink left of it (drawn shifted)."""
    if not text:
        return 0
    left, _, right, _ = font.getbbox(text)
    return right - min(0, left)


@functools.lru_cache(maxsize=64)
def _font(path: Path, size: int):
    from PIL import ImageFont

    # the basic layout: the same on every Pillow build (raqm or not), and faster
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


@functools.lru_cache(maxsize=1)
def _title_lut() -> list[int]:
    return [round(c * TITLE_LEVELS / 255) for c in range(256)]


@functools.lru_cache(maxsize=1)
def _muted_lut() -> list[int]:
    levels = (round(c * MUTED_LEVELS / 255) for c in range(256))
    return [TITLE_LEVELS + k if k else 0 for k in levels]


@functools.lru_cache(maxsize=16)
def _palette(colors: CardColors) -> list[int]:
    """Background, ramps from it to the text and muted colours, then the accent."""
    bg = _rgb(colors.background)
    palette = list(bg)
    for color, levels in ((colors.text, TITLE_LEVELS), (colors.muted, MUTED_LEVELS)):
        rgb = _rgb(color)
        for k in range(1, levels + 1):
            palette += [round(b + (c - b) * k / levels) for b, c in zip(bg, rgb, strict=True)]
    return palette + list(_rgb(colors.accent))


@functools.lru_cache(maxsize=64)
def _rgb(color: str) -> tuple[int, int, int]:
    value = color.removeprefix("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@functools.lru_cache(maxsize=8)
def _fingerprint(stats: tuple, version: int) -> str:
    digest = hashlib.sha256(f"ssg-cards {version}\n".encode())
    for path, _, _ in stats:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=4)
def _drawable(path: Path) -> frozenset[str]:
    """The characters of `_coverage(path)`, as strings."""
    return frozenset(map(chr, _coverage(path)))


@functools.lru_cache(maxsize=4)
def _coverage(path: Path) -> frozenset[int]:
    """The code points a TrueType font's BMP Unicode cmap (format 4) maps to a glyph."""
    data = path.read_bytes()
    tables = {
        data[12 + 16 * i : 16 + 16 * i]: struct.unpack_from(">L", data, 20 + 16 * i)[0]
        for i in range(struct.unpack_from(">H", data, 4)[0])
    }
    cmap = tables[b"cmap"]
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, _, offset = struct.unpack_from(">HHL", data, cmap + 4 + 8 * i)
        if platform in (0, 3) and struct.unpack_from(">H", data, cmap + offset)[0] == 4:
            at = cmap + offset
            break
    else:
        raise ValueError(f"{path}: no format 4 Unicode cmap")
    chars: set[int] = set()
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
    offsets_at = at + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", data, offsets_at)
    for i in range(segments):
        for cp in range(starts[i], min(ends[i], 0xFFFE) + 1):
            if offsets[i] == 0:
                glyph = (cp + deltas[i]) & 0xFFFF
            else:
                where = offsets_at + 2 * i + offsets[i] + 2 * (cp - starts[i])
                glyph = struct.unpack_from(">H", data, where)[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                chars.add(cp)
    return frozenset(chars)
