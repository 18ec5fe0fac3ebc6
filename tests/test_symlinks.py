"""A symbolic link never publishes a file from outside the site folder: in content/ (a static
file, a post, a page, an image beside a post, a bundle asset, a folder), static/, data/, the
includes folder and a theme, it is skipped with a warning the build report shows (and
`--strict` fails on); a broken link is a warning, not a crash; a link inside the site works."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ssg.templates import PACKAGE_THEMES, SOURCE_THEMES

from conftest import png_bytes

THEMES = (PACKAGE_THEMES, SOURCE_THEMES)
SECRET = "secret-bytes-from-outside"
POST = "---\ntitle: Hi\n---\nhello\n"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the site holding a secret file, a secret data file and a secret folder."""
    folder = tmp_path / "outside"
    (folder / "dir").mkdir(parents=True)
    (folder / "secret.txt").write_text(SECRET)
    (folder / "dir/inner.txt").write_text(SECRET)
    (folder / "secret.yml").write_text(f"k: {SECRET}\n")
    return folder


def link(path: Path, target: Path | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def leaked(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in (root / "site").rglob("*")
        if p.is_file() and SECRET.encode() in p.read_bytes()
    )


def test_links_to_outside_files_are_skipped_everywhere(make_site, ssg, outside):
    root = make_site(
        {
            "ssg.toml": 'title = "T"\nurl = "https://example.com"\ntheme = "mine"\n',
            "content/posts/2020-01-01-hi.md": POST,
            "content/posts/2020-01-02-img.md": "---\ntitle: I\n---\n![x](pic.png)\n",
            "content/posts/2020-01-03-b/index.md": "---\ntitle: B\n---\n![a](a.png)\n",
            "content/posts/2020-01-04-d.md": "---\ntitle: D\n---\n{{ site.data.d.k }}\n"
            "{% include i.html %}\n",
            "includes/ok.html": "ok",
        }
    )
    default = next(t / "default" for t in THEMES if (t / "default/templates").is_dir())
    shutil.copytree(default / "templates", root / "themes/mine/templates")
    secret = outside / "secret.txt"
    links = {
        "content/passwd.txt": secret,
        "content/posts/2020-03-03-p.md": secret,
        "content/about.md": secret,
        "content/posts/pic.png": secret,
        "content/posts/2020-01-03-b/a.png": secret,
        "content/dir": outside / "dir",
        "static/s.txt": secret,
        "static/dir": outside / "dir",
        "data/d.yml": outside / "secret.yml",
        "includes/i.html": secret,
        "themes/mine/static/t.txt": secret,
    }
    for rel, target in links.items():
        link(root / rel, target)
    run = ssg(root, "build")
    assert run.status == 0, run.err
    assert leaked(root) == []
    assert not (root / "site/passwd.txt").exists() and not (root / "site/s.txt").exists()
    assert not (root / "site/2020/01/03/b/a.png").exists()
    for rel, target in links.items():
        if rel.startswith(("includes/", "themes/mine/templates")):
            continue  # the include reader says it at the include
        real = target.resolve()
        assert (
            f"{rel}: warning: symbolic link to {real} is outside the site folder; skipped"
            in run.err
        ), rel
    assert 'warning: include "i.html" is outside includes/' in run.err
    strict = ssg(root, "build", "--strict")
    assert strict.status == 1


def test_a_broken_link_is_a_warning_not_a_crash(make_site, ssg, tmp_path):
    root = make_site({"content/posts/2020-01-01-hi.md": POST})
    link(root / "content/gone.txt", tmp_path / "nowhere.txt")
    link(root / "content/posts/2020-05-05-gone.md", tmp_path / "nowhere.md")
    link(root / "static/gone.css", "nowhere.css")
    run = ssg(root, "build")
    assert run.status == 0, run.err
    assert "content/gone.txt: warning: broken symbolic link" in run.err
    assert "content/posts/2020-05-05-gone.md: warning: broken symbolic link" in run.err
    assert "static/gone.css: warning: broken symbolic link (to nowhere.css); skipped" in run.err
    assert (root / "site/index.html").is_file()


def test_links_inside_the_site_are_followed(make_site, ssg):
    root = make_site(
        {
            "content/posts/2020-01-01-hi.md": "---\ntitle: Hi\n---\n![logo](/logo.png)\n",
            "shared/logo.png": png_bytes(30, 20),
            "shared/note.txt": "shared note",
            "shared/d.yml": "k: shared-data\n",
        }
    )
    link(root / "content/logo.png", "../shared/logo.png")
    link(root / "static/note.txt", "../shared/note.txt")
    link(root / "data/d.yml", "../shared/d.yml")
    (root / "content/posts/2020-01-02-d.md").write_text("---\ntitle: D\n---\n{{ site.data.d.k }}\n")
    run = ssg(root, "build", "--strict")
    assert run.status == 0, run.err
    assert (root / "site/logo.png").read_bytes() == png_bytes(30, 20)
    assert (root / "site/note.txt").read_text() == "shared note"
    assert 'width="30" height="20"' in (root / "site/2020/01/01/hi/index.html").read_text()
    assert "shared-data" in (root / "site/2020/01/02/d/index.html").read_text()


def test_a_static_folder_linked_outside_is_skipped(make_site, ssg, outside):
    root = make_site({"content/posts/2020-01-01-hi.md": POST})
    link(root / "static", outside / "dir")
    run = ssg(root, "build")
    assert run.status == 0, run.err
    assert leaked(root) == []
    assert (
        f"static: warning: folder is a symbolic link to {outside / 'dir'}, outside the site "
        "folder; skipped" in run.err
    )


def test_a_jekyll_site_skips_links_outside(make_site, ssg, outside):
    root = make_site(
        {"_config.yml": "title: J\n", "_posts/2020-01-01-j.md": "---\ntitle: J\n---\nj\n"}
    )
    link(root / "passwd.txt", outside / "secret.txt")
    link(root / "_posts/2020-02-02-x.md", outside / "secret.txt")
    link(root / "_data/d.yml", outside / "secret.yml")
    link(root / "gone.txt", "nowhere")
    run = ssg(root, "build")
    assert run.status == 0, run.err
    found = [p for p in (root / "_site").rglob("*") if p.is_file()]
    assert found and not [p for p in found if SECRET.encode() in p.read_bytes()]
    assert "passwd.txt: warning: symbolic link to" in run.err
    assert "_posts/2020-02-02-x.md: warning: symbolic link to" in run.err
    assert "_data/d.yml: warning: symbolic link to" in run.err
    assert "gone.txt: warning: broken symbolic link (to nowhere); skipped" in run.err


def test_a_template_linked_outside_is_not_used(make_site, ssg, outside):
    root = make_site({"content/posts/2020-01-01-hi.md": POST})
    link(root / "templates/post.html", outside / "secret.txt")
    link(root / "templates/tags.html", "nowhere.html")
    run = ssg(root, "build")
    assert run.status == 0, run.err
    assert leaked(root) == []
    assert "h-entry" in (root / "site/2020/01/01/hi/index.html").read_text()  # the theme's
    real = (outside / "secret.txt").resolve()
    assert (
        f"templates/post.html: warning: symbolic link to {real} is outside the site folder; "
        "skipped" in run.err
    )
    assert "templates/tags.html: warning: broken symbolic link (to nowhere.html)" in run.err
