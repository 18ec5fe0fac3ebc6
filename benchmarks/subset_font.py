"""Make ssg/fonts/ (the social-card fonts) from Debian's Nanum fonts.

Run by hand when the card fonts should change; the output is committed, and the same inputs
give the same bytes (no timestamps), so `ssg.cards.font_fingerprint()` only changes when the
fonts really do:

    apt-get install -y fonts-nanum          # NanumBarunGothic 1.000, SIL OFL 1.1
    .venv/bin/pip install fonttools         # a dev-only tool, not a runtime dependency
    .venv/bin/python benchmarks/subset_font.py [--src /usr/share/fonts/truetype/nanum]
                                               [--out ssg/fonts]

What it does, for NanumBarunGothicBold.ttf (titles) and NanumBarunGothic.ttf (site name,
date and tags):

- adds the accented Latin letters the source lacks (é, ü, ñ, č, ...) as composite glyphs of
  the font's own base letter and spacing accent, and draws a check mark (✓) and a visible
  .notdef box (the source's is empty); gives fullwidth Latin letters (ß, æ, ł, ø) proportional
  side bearings;
- keeps only the characters the cards need: Basic Latin, Latin-1, Latin Extended-A, general
  punctuation, a few symbols and arrows, Hangul compatibility jamo, CJK brackets and
  fullwidth forms, plus Hangul syllables: all 11,172 in the bold font, the 2,350 of KS X 1001
  in the regular one (the cards draw anything else in the bold font);
- drops hinting, OpenType layout and every table FreeType does not need (the legacy `kern`
  table stays: Pillow's basic layout kerns with it);
- renames the family to "ssg Card Sans": "Nanum" and "NanumBarunGothic" are Reserved Font
  Names under the OFL, which a Modified Version may not use.
"""

from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path

from fontTools import subset
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.recordingPen import RecordingPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

ROOT = Path(__file__).resolve().parent.parent
FAMILY = "ssg Card Sans"
# source file, output file, style, which Hangul syllables to keep
FONTS = [
    ("NanumBarunGothicBold.ttf", "ssg-card-sans-bold.ttf", "Bold", "all"),
    ("NanumBarunGothic.ttf", "ssg-card-sans-regular.ttf", "Regular", "ksx1001"),
]
# a fixed head.modified (2024-01-01), so the output bytes do not depend on the day of the run
FIXED_TIME = 3786912000

# combining mark -> the spacing accent whose glyph the composite uses, and whether it sits
# above the letter (raised for capitals) or below it
ACCENTS = {
    "0300": ("`", True), "0301": ("´", True), "0302": ("^", True), "0303": ("˜", True),
    "0304": ("‾", True), "0306": ("˘", True), "0307": ("˙", True), "0308": ("¨", True),
    "030A": ("˚", True), "030B": ("˝", True), "030C": ("ˇ", True), "0327": ("¸", False),
    "0328": ("˛", False),
}  # fmt: skip
SYMBOLS = "©®°±×÷€£¥₩™№※→←↑↓↔⇒≠≤≥∞√●○★☆①②③✓"


def keep_unicodes(hangul: str) -> set[int]:
    keep = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))  # ASCII, Latin-1, Latin Ext-A
    keep |= set(range(0x2010, 0x2040))  # dashes, quotes, …, •, ‰, ′ ″, ※
    keep |= set(range(0x3131, 0x318F))  # Hangul compatibility jamo
    keep |= set(range(0x3000, 0x3020))  # ideographic space, 、。, 「」『』《》【】 ...
    keep |= set(range(0xFF01, 0xFF5F)) | set(range(0xFFE0, 0xFFE7))  # fullwidth forms, ￦
    keep |= {ord(c) for c in SYMBOLS} | {0x2C7, 0x2D8, 0x2D9, 0x2DA, 0x2DB, 0x2DC, 0x2DD}
    for cp in range(0xAC00, 0xD7A4):
        if hangul == "all" or len(chr(cp).encode("euc_kr", errors="ignore")) == 2:
            keep.add(cp)  # KS X 1001 syllables are exactly those EUC-KR encodes
    return keep


def _bounds(font: TTFont, name: str) -> tuple[int, int, int, int]:
    glyph = font["glyf"][name]
    glyph.recalcBounds(font["glyf"])
    return glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax


def _add_glyph(font: TTFont, char: str, glyph: Glyph, advance: int) -> None:
    name = f"u{ord(char):04X}"
    font["glyf"][name] = glyph  # appends `name` to the glyph order
    if name not in font.getGlyphOrder():
        font.setGlyphOrder([*font.getGlyphOrder(), name])
    glyph.recalcBounds(font["glyf"])
    font["hmtx"][name] = (advance, getattr(glyph, "xMin", 0))
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[ord(char)] = name


def _redraw(font: TTFont, name: str, dx: int = 0, drop_above: int | None = None) -> Glyph:
    """`name`'s outline as a simple glyph, moved right by `dx`, without contours lying wholly
    above `drop_above` (the dot of i and j)."""
    recording = RecordingPen()
    font.getGlyphSet()[name].draw(recording)
    contours, current = [], []
    for op, args in recording.value:
        current.append((op, args))
        if op in ("closePath", "endPath"):
            contours.append(current)
            current = []
    pen = TTGlyphPen(None)
    moved = TransformPen(pen, (1, 0, 0, 1, dx, 0))
    for contour in contours:
        ys = [y for _, args in contour for _, y in args]
        if drop_above is not None and ys and min(ys) > drop_above:
            continue
        for op, args in contour:
            getattr(moved, op)(*args)
    return pen.glyph()


def respace_latin(font: TTFont) -> int:
    """Latin letters the source draws fullwidth (ß, æ, ł, ø, ...: from KS X 1001) get
    proportional side bearings, those of `o`, so Latin words do not fall apart."""
    cmap, hmtx, glyph_set = font.getBestCmap(), font["hmtx"], font.getGlyphSet()
    em = font["head"].unitsPerEm
    o_bounds = _bounds(font, cmap[ord("o")])
    bearing = round((o_bounds[0] + hmtx[cmap[ord("o")]][0] - o_bounds[2]) / 2)
    changed = 0
    for cp, name in sorted(cmap.items()):
        if not (0x80 <= cp < 0x250 and unicodedata.category(chr(cp)).startswith("L")):
            continue
        if hmtx[name][0] < 0.85 * em:
            continue
        bounds = BoundsPen(glyph_set)
        glyph_set[name].draw(bounds)
        x0, _, x1, _ = bounds.bounds
        font["glyf"][name] = _redraw(font, name, dx=round(bearing - x0))
        hmtx[name] = (round(x1 - x0 + 2 * bearing), bearing)
        changed += 1
    return changed


def add_dotless(font: TTFont) -> dict[str, str]:
    """Dotless i and j drawn from the font's own i and j (its ı is a fullwidth symbol)."""
    cmap = font.getBestCmap()
    x_top = _bounds(font, cmap[ord("x")])[3]
    names = {}
    for char in "ij":
        base = cmap[ord(char)]
        name = f"{char}.dotless"
        font["glyf"][name] = _redraw(font, base, drop_above=x_top + 20)
        if name not in font.getGlyphOrder():
            font.setGlyphOrder([*font.getGlyphOrder(), name])
        font["hmtx"][name] = font["hmtx"][base]
        names[char] = name
    return names


def add_accented_letters(font: TTFont) -> int:
    """Composite glyphs (base letter + spacing accent) for Latin letters the font lacks."""
    cmap = font.getBestCmap()
    x_top = _bounds(font, cmap[ord("x")])[3]
    dotless = add_dotless(font)
    added = 0
    for cp in range(0xC0, 0x180):
        char = chr(cp)
        parts = unicodedata.decomposition(char).split()
        if cp in cmap or len(parts) != 2 or parts[1] not in ACCENTS:
            continue
        base_char = chr(int(parts[0], 16))
        accent_char, above = ACCENTS[parts[1]]
        if ord(base_char) not in cmap or ord(accent_char) not in cmap:
            continue
        base, accent = cmap[ord(base_char)], cmap[ord(accent_char)]
        if above and base_char in dotless:
            base = dotless[base_char]
        bx0, _, bx1, by1 = _bounds(font, base)
        ax0, ay0, ax1, _ = _bounds(font, accent)
        # narrow letters (i, I, j, l) get a narrower accent, as wide as about twice the stem
        x_scale = max(0.5, min(1.0, 1.9 * (bx1 - bx0) / (ax1 - ax0)))
        y_scale, dy = 1.0, 0
        if above and by1 > x_top + 40:  # a capital or a tall letter: raise, flatten a little
            y_scale = 0.85
            dy = round(by1 + 50 - ay0 * y_scale)
        dx = round((bx0 + bx1) / 2 - x_scale * (ax0 + ax1) / 2)
        components = []
        for name, x, y in ((base, 0, 0), (accent, dx, dy)):
            comp = GlyphComponent()
            comp.glyphName, comp.x, comp.y, comp.flags = name, x, y, 0x4  # ROUND_XY_TO_GRID
            if name == accent and (x_scale, y_scale) != (1.0, 1.0):
                comp.transform = [[round(x_scale, 3), 0.0], [0.0, y_scale]]
            components.append(comp)
        glyph = Glyph()
        glyph.numberOfContours, glyph.components = -1, components
        _add_glyph(font, char, glyph, font["hmtx"][base][0])
        added += 1
    # MICRO SIGN: the same glyph as GREEK SMALL LETTER MU
    if 0xB5 not in cmap and 0x3BC in cmap:
        comp = GlyphComponent()
        comp.glyphName, comp.x, comp.y, comp.flags = cmap[0x3BC], 0, 0, 0x4
        glyph = Glyph()
        glyph.numberOfContours, glyph.components = -1, [comp]
        _add_glyph(font, "µ", glyph, font["hmtx"][cmap[0x3BC]][0])
        added += 1
    return added


def add_check_mark(font: TTFont, stroke: int) -> None:
    """✓ as two overlapping strokes, sized like the font's other symbols (e.g. →)."""
    cmap = font.getBestCmap()
    if 0x2713 in cmap:
        return
    advance = font["hmtx"][cmap[0x2192]][0]
    pen = TTGlyphPen(None)
    arms = (((0.14, 0.42), (0.40, 0.16)), ((0.40, 0.16), (0.88, 0.72)))
    for (x0, y0), (x1, y1) in arms:
        p0 = (x0 * advance, y0 * 1000 - 40)
        p1 = (x1 * advance, y1 * 1000 - 40)
        vx, vy = p1[0] - p0[0], p1[1] - p0[1]
        length = (vx * vx + vy * vy) ** 0.5
        ux, uy = vx / length, vy / length
        nx, ny = -uy * stroke / 2, ux * stroke / 2
        ex, ey = ux * stroke / 2, uy * stroke / 2  # square caps, so the joint has no notch
        s = (p0[0] - ex, p0[1] - ey)
        e = (p1[0] + ex, p1[1] + ey)
        corners = [(s[0] - nx, s[1] - ny), (e[0] - nx, e[1] - ny)]
        corners += [(e[0] + nx, e[1] + ny), (s[0] + nx, s[1] + ny)]
        pen.moveTo(tuple(round(v) for v in corners[0]))
        for corner in corners[1:]:
            pen.lineTo(tuple(round(v) for v in corner))
        pen.closePath()
    _add_glyph(font, "✓", pen.glyph(), advance)


def add_notdef_box(font: TTFont, stroke: int) -> None:
    """A visible .notdef (the source's is empty): a missing glyph shows as a box, not nothing."""
    if font["glyf"][".notdef"].numberOfContours:
        return
    x0, y0, x1, y1 = 60, 0, 440, 700
    pen = TTGlyphPen(None)
    outer = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]  # clockwise: filled
    inner = [(x0 + stroke, y0 + stroke), (x1 - stroke, y0 + stroke)]
    inner += [(x1 - stroke, y1 - stroke), (x0 + stroke, y1 - stroke)]  # counter-clockwise
    for contour in (outer, inner):
        pen.moveTo(contour[0])
        for point in contour[1:]:
            pen.lineTo(point)
        pen.closePath()
    font["glyf"][".notdef"] = pen.glyph()
    font["hmtx"][".notdef"] = (500, x0)


def rename(font: TTFont, style: str) -> None:
    """Family "ssg Card Sans": the OFL's Reserved Font Names may not name a modified font."""
    name = font["name"]
    keep = {0, 8, 9, 11, 12}  # copyright, manufacturer, designers, URLs: acknowledgements
    old = {r.nameID: r.toUnicode() for r in name.names if r.platformID == 3 and r.langID == 0x409}
    name.names = []
    for name_id in sorted(keep & old.keys()):
        name.setName(old[name_id], name_id, 3, 1, 0x409)
    postscript = "ssgCardSans-" + style
    records = {
        1: FAMILY,
        2: style,
        3: f"{postscript}; subset of NanumBarunGothic 1.000 for ssg",
        4: f"{FAMILY} {style}",
        5: "Version 1.000; subset for ssg social cards",
        6: postscript,
        10: "A subset of NanumBarunGothic by NAVER (NHN) Corp., modified for ssg's social "
        "cards: accented Latin letters and a check mark added, Hangul and other glyphs "
        "trimmed, hinting removed.",
        13: "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
        14: "https://openfontlicense.org",
    }
    for name_id, text in records.items():
        name.setName(text, name_id, 3, 1, 0x409)


def make(src: Path, out: Path, style: str, hangul: str) -> int:
    font = TTFont(src, recalcTimestamp=False)
    respaced = respace_latin(font)
    added = add_accented_letters(font)
    add_check_mark(font, stroke=118 if style == "Bold" else 78)
    add_notdef_box(font, stroke=70 if style == "Bold" else 45)
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.legacy_kern = True
    options.drop_tables += ["FFTM", "GDEF", "GPOS", "GSUB", "gasp", "DSIG", "BASE"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.glyph_names = False
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep_unicodes(hangul))
    subsetter.subset(font)
    rename(font, style)
    font["head"].modified = FIXED_TIME
    font.save(out)
    size = out.stat().st_size
    glyphs = len(font.getGlyphOrder())
    print(f"{out.name}: {glyphs} glyphs ({added} composed, {respaced} respaced), {size:,} bytes")
    return size


OFL_HEADER = """\
Copyright (c) 2010, NAVER Corporation (http://www.nhncorp.com),
with Reserved Font Name Nanum, Naver Nanum, NanumGothic, Naver NanumGothic,
NanumMyeongjo, Naver NanumMyeongjo, NanumBrush, Naver NanumBrush, NanumPen,
Naver NanumPen, Naver NanumGothicEco, NanumGothicEco, Naver NanumMyeongjoEco,
NanumMyeongjoEco, Naver NanumGothicLight, NanumGothicLight, NanumBarunGothic,
Naver NanumBarunGothic.

The fonts in this directory are a Modified Version of NanumBarunGothic
(Copyright (c) 2013 NHN Corporation), renamed "ssg Card Sans" as the
Reserved Font Name clause requires.

"""


def write_licence(out_dir: Path) -> None:
    """OFL.txt from the licence text in Debian's copyright file (the package has no OFL.txt)."""
    text = Path("/usr/share/doc/fonts-nanum/copyright").read_text(encoding="utf-8")
    start = text.index(" This Font Software is licensed under the SIL Open Font License")
    end = text.index("\nFiles: debian/")
    lines = [line[1:] for line in text[start:end].rstrip().splitlines()]
    body = "\n".join("" if line == "." else line.rstrip() for line in lines)
    (out_dir / "OFL.txt").write_text(OFL_HEADER + body + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", type=Path, default=Path("/usr/share/fonts/truetype/nanum"))
    parser.add_argument("--out", type=Path, default=ROOT / "ssg" / "fonts")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    total = sum(make(args.src / s, args.out / o, style, h) for s, o, style, h in FONTS)
    write_licence(args.out)
    print(f"total {total:,} bytes in {args.out}")


if __name__ == "__main__":
    main()
