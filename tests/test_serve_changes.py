"""Which changes `ssg serve` cares about and how they are classified (`ssg.serve.changes`):
pure functions on paths, no watcher involved."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssg.serve.changes import ChangeSet, classify, is_ignored

SITE = Path("/blog")
CONFIG = SITE / "ssg.toml"
THEME = Path("/venv/lib/python3.11/site-packages/ssg/themes/default")  # an extra root


# --- classify ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        # 1. config beats everything
        (["ssg.toml"], "config"),
        (["ssg.toml", "templates/base.html", "content/posts/a.md"], "config"),
        # 2. templates: the site's, a theme's in the site, a whole theme removed
        (["templates/base.html"], "template"),
        (["templates/partials/toc.html", "content/a.md"], "template"),
        (["themes/mine/templates/post.html"], "template"),
        (["themes/mine/templates/post.html", "static/css/site.css"], "template"),
        # 3. content: Markdown under content/, anything under includes/
        (["content/posts/2024-01-01-hello.md"], "content"),
        (["content/about.markdown"], "content"),
        (
            ["content/posts/2024-01-01-hello/index.md", "content/posts/2024-01-01-hello/a.png"],
            "content",
        ),
        (["includes/note.html"], "content"),
        (["content/a.md", "static/css/site.css"], "content"),
        # 4. css: only stylesheets, wherever they live
        (["static/css/site.css"], "css"),
        (["content/posts/2024-01-01-hello/extra.css"], "css"),
        (["themes/mine/static/css/theme.css"], "css"),
        (["static/css/a.CSS", "content/b.css"], "css"),
        # 5. static: everything else
        (["static/js/app.js"], "static"),
        (["content/images/photo.png"], "static"),
        (["content/notes.html"], "static"),  # not Markdown: copied as is
        (["static/readme.md"], "static"),  # Markdown outside content/ is not a page
        (["themes/mine/static/css/theme.css", "themes/mine/static/img/logo.svg"], "static"),
        (["themes/mine/README.txt"], "static"),
        (["README.md"], "static"),
    ],
)
def test_classify(paths, expected):
    assert classify([SITE / p for p in paths], site_root=SITE, config_file=CONFIG) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (THEME / "templates/base.html", "template"),
        (THEME / "templates/partials/head_meta.html", "template"),
        (THEME / "static/css/theme.css", "css"),
        (THEME / "static/js/theme.js", "static"),
    ],
)
def test_classify_extra_root(path, expected):
    kind = classify([path], site_root=SITE, config_file=CONFIG, extra_roots=(THEME,))
    assert kind == expected
    # without being told the root, a path outside the site is judged by its folders
    assert classify([path], site_root=SITE, config_file=CONFIG) == expected


def test_classify_folders_moved_or_deleted_whole():
    def kind(path: str, **kw) -> str:
        return classify([SITE / path], site_root=SITE, config_file=CONFIG, **kw)

    # a post bundle moved to the trash: only its folder is reported
    bundle = "content/posts/2024-01-01-v1.2-release"
    assert kind(bundle, dirs=[SITE / bundle]) == "content"
    assert kind(bundle) == "static"  # as a file name it would be a static asset
    assert kind("themes/mine", dirs=[SITE / "themes/mine"]) == "template"
    assert kind("themes/mine") == "static"


def test_classify_folder_names_from_the_config():
    kw = dict(site_root=SITE, config_file=CONFIG, content_dir="src", includes_dir="_includes")
    assert classify([SITE / "src/a.md"], **kw) == "content"
    assert classify([SITE / "_includes/x.html"], **kw) == "content"
    assert classify([SITE / "content/a.md"], **kw) == "static"


def test_classify_config_kept_elsewhere():
    config = Path("/etc/blog.toml")
    assert classify([config], site_root=SITE, config_file=config) == "config"
    assert classify([CONFIG], site_root=SITE, config_file=config) == "static"


@pytest.mark.parametrize(
    ("paths", "css_only"),
    [
        (["static/css/site.css"], True),
        (["static/css/site.css", "content/x/style.CSS"], True),
        (["static/css/site.css", "static/css/site.css.map"], False),
        (["content/a.md"], False),
        ([], False),
    ],
)
def test_css_only(paths, css_only):
    assert ChangeSet(frozenset(SITE / p for p in paths), "css").css_only is css_only


# --- is_ignored -------------------------------------------------------------------------

IGNORED_DIRS = (SITE / "site", SITE / ".ssg-cache")


@pytest.mark.parametrize(
    "path",
    [
        "site/index.html",  # the output
        "site",
        "site/posts/hello/index.html",
        ".ssg-cache/index.pickle",
        ".git/index",
        ".git/objects/ab/cdef",
        "content/.hidden/a.md",
        "node_modules/x/index.js",
        "static/__pycache__/x.pyc",
        "content/.DS_Store",
        "content/posts/.x.md.swp",
        "content/posts/x.md.swp",
        "content/posts/.x.md.swx",
        "content/posts/.x.md.swo",
        "content/posts/4913",
        "content/posts/x.md~",
        "content/posts/#x.md#",
        "content/posts/.#x.md",
        "content/posts/x.md.tmp",
        "content/posts/x.md.TMP",
        "content/posts/x.md.bak",
        "content/posts/.x.md.kate-swp",
        "content/posts/x.md.kate-swp",
        "content/posts/x.md___jb_tmp___",
        "content/posts/x.md___jb_old___",
        "static/css/site.css.crswap",
        "content/posts/.goutputstream-ABC123",
        "static/img/big.png.part",
        "content/.env",
    ],
)
def test_ignored(path):
    assert is_ignored(SITE / path, site_root=SITE, ignored_dirs=IGNORED_DIRS)


@pytest.mark.parametrize(
    "path",
    [
        "ssg.toml",
        "content/posts/2024-01-01-hello.md",
        "content/posts/2024/01/a.md",
        "content/posts/4913.md",
        "content/sitemap-notes.txt",
        "templates/base.html",
        "themes/default/static/css/theme.css",
        "static/css/site.css",
        "sitemap.md",  # shares a prefix with the output folder `site`
        "site-notes/a.md",
        "includes/note.html",
        "content/posts/x.md.swap",  # not a swap pattern
    ],
)
def test_not_ignored(path):
    assert not is_ignored(SITE / path, site_root=SITE, ignored_dirs=IGNORED_DIRS)


def test_hidden_folders_above_the_root_do_not_count():
    root = Path("/home/me/.venv/lib/python3.11/site-packages/ssg/themes/default")
    assert not is_ignored(root / "templates/base.html", site_root=root, ignored_dirs=())
    assert is_ignored(root / ".git/HEAD", site_root=root, ignored_dirs=())
    assert is_ignored(root / "templates/.base.html.swp", site_root=root, ignored_dirs=())
