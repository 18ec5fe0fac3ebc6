"""Images in the build: `<picture>` for posts' local raster images (Markdown, raw HTML and
covers), their variants written once and cached, published originals without metadata."""

from __future__ import annotations

import io
import re
import shutil
from datetime import UTC, datetime

import pytest
from PIL import Image

from ssg import image_outputs, image_variants
from ssg.build import BuildOptions, build
from ssg.errors import SsgError
from ssg.project import load_config

NOW = datetime(2026, 1, 1, tzinfo=UTC)
GPS = 0x8825


def photo(width: int, height: int, seed: int = 0) -> Image.Image:
    im = Image.new("RGB", (width, height))
    im.putdata(
        [
            ((x * 7 + seed) % 256, (y * 5) % 256, (x + y + seed) % 256)
            for y in range(height)
            for x in range(width)
        ]  # fmt: skip
    )
    return im


def jpeg_with_gps(width=1600, height=1000, seed=0) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[GPS] = {1: "N", 2: (37.0, 33.0, 0.0)}
    out = io.BytesIO()
    photo(width, height, seed).save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (800, 500), colour) for colour in ("red", "blue", "green")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100)
    return out.getvalue()


POST = """---
title: 사진 정리
date: 2025-03-01 10:00:00 +0900
{front}---
사진을 올렸습니다.

![서울 야경](/images/night.jpg "야경")

[![in a link](/images/night.jpg)](https://example.org/)

![움짤](/images/loop.gif) ![broken](/images/broken.png)

<p align="center"><img src="/images/night.jpg" width="400" alt="raw"></p>
"""


@pytest.fixture()
def site(tmp_path):
    root = tmp_path / "blog"
    (root / "content/posts").mkdir(parents=True)
    (root / "content/images").mkdir()
    (root / "ssg.toml").write_text('title = "t"\nurl = "https://example.com/"\n', "utf-8")
    (root / "content/images/night.jpg").write_bytes(jpeg_with_gps())
    (root / "content/images/loop.gif").write_bytes(animated_gif())
    (root / "content/images/broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    (root / "content/posts/2025-03-01-photos.md").write_text(POST.format(front=""), "utf-8")
    return root


def run(root, **options):
    return build(load_config(root), BuildOptions(now=NOW, jobs=1, **options))


def post_html(root) -> str:
    return next((root / "site/2025/03/01").glob("*/index.html")).read_text("utf-8")


@pytest.fixture()
def processed(monkeypatch):
    """The sources `make_variants` was called for (in this process: builds run with jobs=1)."""
    calls = []
    real = image_variants.make_variants
    monkeypatch.setattr(image_variants, "make_variants", lambda d, s: calls.append(d) or real(d, s))
    return calls


def test_markdown_images_get_picture_with_variants_never_upscaled(site, processed):
    result = run(site)
    html = post_html(site)
    assert html.count("<picture>") == 3  # two Markdown images of the photo and the raw <img>
    assert '<a href="/images/night.jpg" class="image-link"><picture>' in html
    assert '<a href="https://example.org/"><picture>' in html  # not a link inside a link
    assert 'width="1600" height="1000" alt="서울 야경" title="야경"' in html
    assert 'sizes="(min-width: 440px) 400px' in html  # the raw <img> is 400 px wide
    names = set(re.findall(r"/_img/([^ \"]+)", html))
    assert names == {p.name for p in (site / "site/_img").iterdir()}
    widths = sorted({int(re.match(r"night-(\d+)w", n).group(1)) for n in names})
    assert widths == [480, 720, 1080, 1440]  # and not 1600+: the original is offered as itself
    for name in names:
        with Image.open(site / "site/_img" / name) as im:
            assert im.width == int(re.search(r"-(\d+)w\.", name).group(1))
            assert im.format.lower() == name.rsplit(".", 1)[1]
    assert {n.rsplit(".", 1)[1] for n in names} == set(
        image_variants.VariantSettings().active_formats()
    )
    assert len(processed) == 1  # one source, processed once for every use
    messages = [item.message for item in result.report.items]
    assert any("broken.png" in m and "not a valid image" in m for m in messages)


def test_animated_gif_and_a_broken_image_stay_plain_img(site):
    run(site)
    html = post_html(site)
    assert re.search(r'<img src="/images/loop.gif"[^>]*>', html)
    assert "<picture><source" not in html.split("loop.gif")[0].rsplit("<p>", 1)[-1]
    assert (site / "site/images/loop.gif").read_bytes() == (
        site / "content/images/loop.gif"
    ).read_bytes()


def test_published_original_has_no_gps_unless_asked(site):
    run(site)
    with Image.open(site / "site/images/night.jpg") as im:
        assert GPS not in im.getexif() and 0x010F not in im.getexif()
    (site / "ssg.toml").write_text(
        'url = "https://example.com/"\n[images]\nstrip_metadata = false\n', "utf-8"
    )
    run(site)
    assert (site / "site/images/night.jpg").read_bytes() == (
        site / "content/images/night.jpg"
    ).read_bytes()


def test_a_rebuild_processes_and_writes_nothing_and_the_cache_survives_a_lost_site(site, processed):
    run(site)
    assert len(processed) == 1
    again = run(site)
    assert again.stats.rendered == 0 and len(processed) == 1
    cold = {p.relative_to(site): p.read_bytes() for p in (site / "site").rglob("*") if p.is_file()}
    shutil.rmtree(site / "site")
    run(site)
    assert len(processed) == 1  # from .ssg-cache/images
    warm = {p.relative_to(site): p.read_bytes() for p in (site / "site").rglob("*") if p.is_file()}
    assert warm == cold


def test_a_changed_image_gets_new_names_and_the_old_variants_go(site):
    run(site)
    before = {p.name for p in (site / "site/_img").iterdir()}
    (site / "content/images/night.jpg").write_bytes(jpeg_with_gps(seed=40))
    run(site)
    after = {p.name for p in (site / "site/_img").iterdir()}
    assert before and after and not before & after
    assert set(re.findall(r"/_img/([^ \"]+)", post_html(site))) == after


def test_cover_image_gets_sources_and_the_variants(site):
    post = site / "content/posts/2025-03-01-photos.md"
    post.write_text(POST.format(front="image: /images/cover.jpg\n"), "utf-8")
    (site / "content/images/cover.jpg").write_bytes(jpeg_with_gps(1200, 800, seed=9))
    run(site)
    html = post_html(site)
    cover = re.search(r"<picture>(?:<source[^>]*>)+\s*<img class=\"cover\"[^>]*>", html)
    assert cover and "cover-720w." in cover.group(0)
    for name in re.findall(r"/_img/(cover-[^ \"]+)", html):
        assert (site / "site/_img" / name).is_file()


def test_variants_off_keeps_img_and_writes_none(site):
    (site / "ssg.toml").write_text(
        'url = "https://example.com/"\n[images]\nvariants = false\n', "utf-8"
    )
    run(site)
    assert "<picture" not in post_html(site) and not (site / "site/_img").exists()


def test_without_the_cache_the_variants_are_made_all_the_same(site):
    run(site, use_cache=False)
    assert any((site / "site/_img").iterdir()) and not (site / ".ssg-cache/images").exists()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("widths = [0]", "`images.widths`"),
        ('formats = ["jpeg"]', "`images.formats`"),
        ("avif_quality = 200", "`images.avif_quality`"),
        ("quality = 5", "unknown key `images.quality`"),
        ('variants = "yes"', "`images.variants` must be bool"),
    ],
)
def test_bad_images_settings_are_errors_naming_the_key(site, table, message):
    (site / "ssg.toml").write_text(f'url = "https://example.com/"\n[images]\n{table}\n', "utf-8")
    with pytest.raises(SsgError) as info:
        load_config(site)
    assert message in str(info.value)


def test_published_originals_leave_other_files_to_the_copy(tmp_path):
    (tmp_path / "a.JPG").write_bytes(jpeg_with_gps(64, 64))
    (tmp_path / "b.css").write_text("x", "utf-8")
    static = [(tmp_path / "a.JPG", "a.JPG", "x"), (tmp_path / "b.css", "b.css", "x")]
    specs, rest = image_outputs.published_originals(static, {})
    assert [s.path for s in specs] == ["a.JPG"] and rest == static[1:]
    assert GPS not in Image.open(io.BytesIO(specs[0].make())).getexif()
    assert image_outputs.published_originals(static, {"strip_metadata": False}) == ([], static)
