"""`ssg import jekyll`: the imported site builds the same post URLs and bodies as building
the Jekyll folder directly, posts are copied unchanged, and what is left behind is listed."""

from __future__ import annotations

from bs4 import BeautifulSoup
from test_jekyll import jekyll_site  # noqa: F401 - the fixture site


def bodies(site) -> dict[str, str]:
    """Post URL -> its rendered body, for every post page of a built site."""
    found = {}
    for html in site.rglob("index.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        body = page.select_one("article.h-entry .e-content")
        if body is not None:
            url = "/" + html.parent.relative_to(site).as_posix() + "/"
            found[url] = str(body)
    return found


def test_import_round_trip(jekyll_site, ssg, tmp_path):  # noqa: F811
    assert ssg(jekyll_site, "build").status == 0
    direct = bodies(jekyll_site / "_site")
    dest = tmp_path / "imported"
    run = ssg(tmp_path, "import", "jekyll", str(jekyll_site), str(dest))
    assert run.status == 0, run.err
    assert "_layouts/post.html (layout)" in run.out
    assert "index.html (an HTML page that needs a Jekyll layout)" in run.out
    original = (jekyll_site / "_posts/2022/2022-03-01-liquid.md").read_bytes()
    assert (dest / "content/posts/2022/2022-03-01-liquid.md").read_bytes() == original
    assert (dest / "content/posts/linux/2021-05-25-permissions.md").is_file()
    assert (dest / "includes/note.html").is_file() and (dest / "data/prices.yml").is_file()
    built = ssg(dest, "build")
    assert built.status == 0, built.err
    imported = bodies(dest / "site")
    assert sorted(imported) == sorted(direct)
    assert len(direct) == 4  # the `layout: none` post has no article
    for url, body in direct.items():
        assert imported[url] == body, url
    raw = "2022/05/01/raw/index.html"  # `layout: none`: the body alone, in both
    assert (dest / "site" / raw).read_text() == (jekyll_site / "_site" / raw).read_text()


def test_import_never_overwrites(jekyll_site, ssg, tmp_path):  # noqa: F811
    dest = tmp_path / "full"
    dest.mkdir()
    (dest / "mine.txt").write_text("keep")
    run = ssg(tmp_path, "import", "jekyll", str(jekyll_site), str(dest))
    assert run.status == 1 and "is not empty" in run.err
    assert (dest / "mine.txt").read_text() == "keep"
    assert (
        ssg(tmp_path, "import", "jekyll", str(tmp_path / "nope"), str(tmp_path / "x")).status == 1
    )


def test_import_never_copies_a_link_outside_the_site(jekyll_site, ssg, tmp_path):  # noqa: F811
    secret = tmp_path / "secret.txt"
    secret.write_text("secret-bytes")
    for rel in ("passwd.txt", "_posts/2020-02-02-x.md", "_includes/i.html", "_data/d.yml"):
        (jekyll_site / rel).symlink_to(secret)
    (jekyll_site / "gone.txt").symlink_to(tmp_path / "nowhere")
    (jekyll_site / "_includes/shared.html").symlink_to("../about.md")  # inside: copied
    dest = tmp_path / "imported"
    run = ssg(tmp_path, "import", "jekyll", str(jekyll_site), str(dest))
    assert run.status == 0, run.err
    copied = [p for p in dest.rglob("*") if p.is_file()]
    assert copied and not [p for p in copied if b"secret-bytes" in p.read_bytes()]
    assert not [p for p in dest.rglob("*") if p.is_symlink()]
    assert (dest / "includes/shared.html").read_bytes() == (jekyll_site / "about.md").read_bytes()
    for rel in ("passwd.txt", "_posts/2020-02-02-x.md", "_includes/i.html", "_data/d.yml"):
        assert (
            f"{rel}: warning: symbolic link to {secret} is outside the site folder; skipped"
            in run.out
        )
    assert "gone.txt: warning: broken symbolic link" in run.out
