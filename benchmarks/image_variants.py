"""Time `ssg.image_variants.make_variants` on photo-like and screenshot-like images.

Needs Pillow (`pip install 'Pillow>=11.3'`); run it with the Python that has ssg's dependencies:

    .venv/bin/python benchmarks/image_variants.py                 # 10 photos + 10 screenshots
    .venv/bin/python benchmarks/image_variants.py --photos 3 --screenshots 3 --out /tmp/imgs
    .venv/bin/python benchmarks/image_variants.py --compare       # also: resize paths, AVIF
                                                                  # speeds, quality ladders

It writes (deterministically: gradients, blurred shapes, sharp lines, grain, text) 4000×3000
JPEGs like a camera's and 2560×1600 PNGs like a screenshot into `--out` (kept between runs),
then for each image times `make_variants` with the default settings (wall and CPU seconds, one
image at a time, one thread, as a build worker runs it) and prints the bytes per format and
width. `--compare` measures the choices behind the defaults on one image of each kind: how to
downscale (time and block SSIM against a plain LANCZOS resize of the full decode), AVIF's
`speed`, and WebP/AVIF quality against block SSIM (luma, 8×8 windows; 1.0 is identical).
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageMath  # noqa: E402

from ssg.image_variants import VariantSettings, make_variants  # noqa: E402

WORDS = ("build", "image", "the", "pixels", "server", "cache", "query", "and", "of", "theme")


def _colour(rnd: random.Random) -> tuple[int, int, int]:
    return (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))


def photo(seed: int, w: int = 4000, h: int = 3000) -> Image.Image:
    """Soft shapes over a gradient, sharp twigs, film grain: a JPEG-like camera frame."""
    rnd = random.Random(seed)
    mask = Image.linear_gradient("L").resize((w, h))
    top, bottom = Image.new("RGB", (w, h), _colour(rnd)), Image.new("RGB", (w, h), _colour(rnd))
    base = Image.composite(top, bottom, mask)
    small = base.resize((w // 8, h // 8))
    draw = ImageDraw.Draw(small)
    for _ in range(50):
        x, y, s = rnd.randrange(w // 8), rnd.randrange(h // 8), rnd.randrange(10, 120)
        draw.ellipse((x, y, x + s, y + s * rnd.uniform(0.3, 1.5)), fill=_colour(rnd))
    img = small.filter(ImageFilter.GaussianBlur(1.5)).resize((w, h), Image.BICUBIC)
    draw = ImageDraw.Draw(img)
    for _ in range(w * h // 30_000):
        x, y = rnd.randrange(w), rnd.randrange(h)
        end = (x + rnd.randrange(-200, 200), y + rnd.randrange(-200, 200))
        draw.line((x, y, *end), fill=_colour(rnd), width=rnd.randrange(1, 6))
    tex = Image.frombytes("L", (w // 16, h // 16), rnd.randbytes((w // 16) * (h // 16)))
    tex = tex.resize((w, h), Image.BICUBIC).point(lambda v: 116 + v * 24 // 255)
    fine = Image.frombytes("L", (w, h), rnd.randbytes(w * h)).point(lambda v: 124 + v * 8 // 255)
    grain = ImageChops.add(tex, fine, offset=-128)
    return ImageChops.add(img, Image.merge("RGB", (grain,) * 3), offset=-128)


def screenshot(seed: int, w: int = 2560, h: int = 1600) -> Image.Image:
    """A window: title bar, sidebar, prose, code boxes in colour, one photo inset."""
    rnd = random.Random(seed)
    img = Image.new("RGB", (w, h), (250, 250, 250))
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=26)
    draw.rectangle((0, 0, w, 70), fill=(36, 41, 47))
    draw.rectangle((0, 70, 420, h), fill=(240, 243, 246))
    for i in range(30):
        label = f"item {seed}-{i} {rnd.randrange(10**6)}"
        draw.text((30, 100 + i * 48), label, fill=(50, 50, 50), font=font)
    y = 100
    while y < h - 60:
        if rnd.random() < 0.15:
            box = (460, y, w - 40, y + 220)
            draw.rounded_rectangle(box, 12, fill=(246, 248, 250), outline=(208, 215, 222))
            for j in range(5):
                code = "def f(x): return " + f"x * {rnd.randrange(99)} + " * rnd.randrange(1, 8)
                draw.text((480, y + 15 + j * 40), code, fill=_colour(rnd), font=font)
            y += 250
        else:
            line = " ".join(rnd.choice(WORDS) for _ in range(rnd.randrange(5, 25)))
            draw.text((460, y), line, fill=(31, 35, 40), font=font)
            y += 44
    img.paste(photo(seed, 800, 500), (w - 900, 200))
    return img


def generate(out: Path, photos: int, screenshots: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(photos):
        path = out / f"photo-{i:02d}.jpg"
        if not path.exists():
            photo(i).save(path, "JPEG", quality=90)
        paths.append(path)
    for i in range(screenshots):
        path = out / f"screenshot-{i:02d}.png"
        if not path.exists():
            screenshot(i).save(path, "PNG")
        paths.append(path)
    return paths


def ssim(a: Image.Image, b: Image.Image, block: int = 8) -> float:
    """Block SSIM of the luma: 8×8 windows that do not overlap (no numpy needed)."""
    x, y = a.convert("L").convert("F"), b.convert("L").convert("F")
    size = (max(1, x.width // block), max(1, x.height // block))
    mean = lambda im: im.resize(size, Image.BOX)
    ev = ImageMath.lambda_eval
    mx, my = mean(x), mean(y)
    xx, yy = mean(ev(lambda d: d["x"] * d["x"], x=x)), mean(ev(lambda d: d["y"] * d["y"], y=y))
    xy = mean(ev(lambda d: d["x"] * d["y"], x=x, y=y))
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2

    def formula(d):
        mx, my = d["mx"], d["my"]
        var_x, var_y, cov = d["xx"] - mx * mx, d["yy"] - my * my, d["xy"] - mx * my
        return ((2 * mx * my + c1) * (2 * cov + c2)) / (
            (mx * mx + my * my + c1) * (var_x + var_y + c2)
        )

    s = ev(formula, mx=mx, my=my, xx=xx, yy=yy, xy=xy)
    return s.resize((1, 1), Image.BOX).getpixel((0, 0))


def run(paths: list[Path], settings: VariantSettings) -> None:
    print(f"settings {settings} (fingerprint {settings.fingerprint()})")
    print(f"formats written: {', '.join(settings.active_formats())}\n")
    by_kind: dict[str, list[tuple[float, float]]] = defaultdict(list)
    sizes: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    sources: dict[str, list[int]] = defaultdict(list)
    for path in paths:
        data = path.read_bytes()
        kind = path.name.split("-")[0]
        wall, cpu = time.perf_counter(), time.process_time()
        variants = make_variants(data, settings)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        by_kind[kind].append((wall, cpu))
        sources[kind].append(len(data))
        for v, body in variants.items():
            sizes[(kind, v.format, v.width)].append(len(body))
        total = sum(map(len, variants.values()))
        print(
            f"{path.name:18} {len(data) / 1024:8.0f} KiB -> {len(variants)} variants "
            f"{total / 1024:6.0f} KiB  {wall:5.2f} s wall {cpu:5.2f} s CPU"
        )
    print()
    for kind, times in by_kind.items():
        walls, cpus = [t[0] for t in times], [t[1] for t in times]
        print(
            f"{kind}: {len(times)} images, median {statistics.median(walls):.2f} s, "
            f"total {sum(walls):.2f} s wall / {sum(cpus):.2f} s CPU, "
            f"source {statistics.mean(sources[kind]) / 1024:.0f} KiB on average"
        )
        for (k, fmt, width), lens in sorted(sizes.items()):
            if k == kind:
                print(f"    {fmt:5} {width:5}w  {statistics.mean(lens) / 1024:7.1f} KiB on average")


def _resized(data: bytes, widths: tuple[int, ...], how: str) -> list[Image.Image]:
    """Decode once, then every width: `draft` lets libjpeg decode at 1/2, 1/4 or 1/8 scale."""
    im = Image.open(io.BytesIO(data))
    sizes = [(w, round(w * im.height / im.width)) for w in widths]
    if how.startswith("draft"):
        im.draft(None, max(sizes))
    im = im.convert("RGB")
    gap = 3.0 if how.endswith("gap3") else None
    return [im.resize(size, Image.LANCZOS, reducing_gap=gap) for size in sizes]


def compare(paths: list[Path], settings: VariantSettings) -> None:
    chosen = [p for p in paths if p.name.startswith("photo")][:1]
    chosen += [p for p in paths if p.name.startswith("screenshot")][:1]
    for path in chosen:
        data = path.read_bytes()
        width = settings.widths[-1]
        print(f"\n== {path.name}, {width}w")
        reference = _resized(data, settings.widths, "full")
        for how in ("full", "full+gap3", "draft", "draft+gap3"):
            if how.startswith("draft") and path.suffix != ".jpg":
                continue
            start = time.perf_counter()
            out = _resized(data, settings.widths, how)
            elapsed = time.perf_counter() - start
            scores = " ".join(f"{ssim(a, b):.4f}" for a, b in zip(reference, out, strict=True))
            print(f"  decode+resize {how:11} all widths {elapsed:5.2f} s  SSIM by width {scores}")
        im = reference[-1]
        lossless = path.suffix != ".jpg"
        sub = "4:4:4" if lossless else "4:2:0"
        for speed in (6, 7, 8, 9):
            body, elapsed = _encode(
                im,
                "AVIF",
                quality=settings.avif_quality,
                speed=speed,
                max_threads=1,
                subsampling=sub,
            )
            print(
                f"  avif q{settings.avif_quality} speed {speed}: {len(body) / 1024:6.1f} KiB "
                f"{elapsed:5.2f} s  SSIM {ssim(im, Image.open(io.BytesIO(body))):.4f}"
            )
        for q in (70, 75, 80, 85, 90):
            body, elapsed = _encode(im, "WEBP", quality=q, method=settings.webp_method)
            print(
                f"  webp q{q}: {len(body) / 1024:6.1f} KiB {elapsed:5.2f} s  "
                f"SSIM {ssim(im, Image.open(io.BytesIO(body))):.4f}"
            )
        for q in (45, 50, 55, 60, 65, 70):
            body, elapsed = _encode(
                im, "AVIF", quality=q, speed=settings.avif_speed, max_threads=1, subsampling=sub
            )
            print(
                f"  avif q{q} {sub}: {len(body) / 1024:6.1f} KiB {elapsed:5.2f} s  "
                f"SSIM {ssim(im, Image.open(io.BytesIO(body))):.4f}"
            )


def _encode(im: Image.Image, fmt: str, **options) -> tuple[bytes, float]:
    out = io.BytesIO()
    start = time.perf_counter()
    im.save(out, fmt, **options)
    return out.getvalue(), time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/ssg-image-bench"))
    parser.add_argument("--photos", type=int, default=10)
    parser.add_argument("--screenshots", type=int, default=10)
    parser.add_argument("--compare", action="store_true", help="also measure the alternatives")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    paths = generate(args.out, args.photos, args.screenshots)
    print(f"{len(paths)} images in {args.out} ({time.perf_counter() - start:.1f} s to make)\n")
    settings = VariantSettings()
    run(paths, settings)
    if args.compare:
        compare(paths, settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
