"""Tests for finding the site's input files (ssg/sources.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ssg.sources import SourceFile, Sources, StaticFile, discover


def make_content(root: Path, files: dict[str, bytes | str]) -> Path:
    """Write `files` (paths relative to content/) and return the content folder."""
    content = root / "content"
    for rel, data in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    content.mkdir(exist_ok=True)
    return content


def documents(sources: Sources) -> list[tuple[str, str]]:
    return [(d.content_rel, d.kind) for d in sources.documents]


def statics(sources: Sources) -> list[tuple[str, str | None]]:
    return [(s.content_rel, s.bundle_dir.name if s.bundle_dir else None) for s in sources.static]


def test_posts_in_nested_folders_with_both_suffixes(tmp_path):
    content = make_content(
        tmp_path,
        {
            "posts/2024-01-02-첫-글.md": "---\ntitle: 첫 글\n---\n",
            "posts/2023/2023-05-01-old.markdown": "# old\n",
            "posts/2023/deep/er/2023-06-01-deep.md": "# deep\n",
            "posts/2022/2022-01-01-shout.MD": "# upper-case suffix\n",
        },
    )
    assert documents(discover(content, tmp_path)) == [
        ("posts/2024-01-02-첫-글.md", "post"),
        ("posts/2022/2022-01-01-shout.MD", "post"),
        ("posts/2023/2023-05-01-old.markdown", "post"),
        ("posts/2023/deep/er/2023-06-01-deep.md", "post"),
    ]


def test_source_file_fields(tmp_path):
    data = "---\ntitle: 안녕\n---\n본문\n".encode()
    content = make_content(tmp_path, {"posts/2024-01-02-hello.md": data})
    [doc] = discover(content, tmp_path).documents
    path = content / "posts/2024-01-02-hello.md"
    assert doc == SourceFile(
        path=path,
        rel="content/posts/2024-01-02-hello.md",
        content_rel="posts/2024-01-02-hello.md",
        kind="post",
        sha256=hashlib.sha256(data).hexdigest(),
        data=None,  # hashed, not kept: the worker that converts it reads it again
        bundle_dir=None,
        size=len(data),
        mtime_ns=path.stat().st_mtime_ns,
        link_name="2024-01-02-hello",  # `{% post_url 2024-01-02-hello %}`
    )
    assert doc.read() == data
    assert doc.read() == data
    assert doc.stem == "2024-01-02-hello"


def test_a_known_hash_spares_reading_the_file(tmp_path):
    content = make_content(tmp_path, {"posts/2024-01-02-hello.md": "본문"})
    path = content / "posts/2024-01-02-hello.md"
    stat = path.stat()
    asked = []

    def known(name, size, mtime_ns):
        asked.append((name, size, mtime_ns))
        return "cafe"

    [doc] = discover(content, tmp_path, known).documents
    assert asked == [(str(path), stat.st_size, stat.st_mtime_ns)]
    assert (doc.sha256, doc.data) == ("cafe", None)
    assert doc.read() == "본문".encode()


def test_bundle_folder_is_one_post_with_its_assets(tmp_path):
    content = make_content(
        tmp_path,
        {
            "posts/2024-02-03-도커-정리/index.md": "# 도커\n",
            "posts/2024-02-03-도커-정리/diagram.png": b"\x89PNG",
            "posts/2024-02-03-도커-정리/img/shot.jpg": b"\xff\xd8",
            "posts/2024-02-03-도커-정리/notes.md": "not a post of its own\n",
        },
    )
    bundle = content / "posts/2024-02-03-도커-정리"
    sources = discover(content, tmp_path)
    [post] = sources.documents
    assert (post.content_rel, post.kind, post.bundle_dir, post.stem) == (
        "posts/2024-02-03-도커-정리/index.md",
        "post",
        bundle,
        "2024-02-03-도커-정리",
    )
    assert sources.static == [
        StaticFile(bundle / "diagram.png", "posts/2024-02-03-도커-정리/diagram.png", bundle),
        StaticFile(bundle / "notes.md", "posts/2024-02-03-도커-정리/notes.md", bundle),
        StaticFile(bundle / "img/shot.jpg", "posts/2024-02-03-도커-정리/img/shot.jpg", bundle),
    ]


@pytest.mark.parametrize(
    "files, expected_documents, expected_static",
    [
        # an index.md in a folder without a date is a plain (undated) post, its files static
        (
            {"posts/misc/index.md": "x", "posts/misc/pic.png": b"p"},
            [("posts/misc/index.md", "post")],
            [("posts/misc/pic.png", None)],
        ),
        # a dated folder outside posts/ is not a bundle
        (
            {"2024-01-01-launch/index.md": "x", "2024-01-01-launch/pic.png": b"p"},
            [("2024-01-01-launch/index.md", "page")],
            [("2024-01-01-launch/pic.png", None)],
        ),
        # a dated folder without index.md is just a folder
        (
            {"posts/2024-01-01-x/2024-01-01-x.md": "x", "posts/2024-01-01-x/pic.png": b"p"},
            [("posts/2024-01-01-x/2024-01-01-x.md", "post")],
            [("posts/2024-01-01-x/pic.png", None)],
        ),
    ],
)
def test_what_is_not_a_bundle(tmp_path, files, expected_documents, expected_static):
    sources = discover(make_content(tmp_path, files), tmp_path)
    assert documents(sources) == expected_documents
    assert statics(sources) == expected_static
    assert [d.bundle_dir for d in sources.documents] == [None]


def test_pages_are_markdown_outside_posts(tmp_path):
    content = make_content(
        tmp_path,
        {
            "about.md": "# 소개\n",
            "docs/index.md": "# 문서\n",
            "docs/guide.markdown": "# 안내\n",
            "postscript/2024-01-01-note.md": "# not under posts/\n",
        },
    )
    assert documents(discover(content, tmp_path)) == [
        ("about.md", "page"),
        ("docs/guide.markdown", "page"),
        ("docs/index.md", "page"),
        ("postscript/2024-01-01-note.md", "page"),
    ]


def test_static_files_keep_their_content_relative_path(tmp_path):
    content = make_content(
        tmp_path,
        {
            "images/doc1.PNG": b"\x89PNG",
            "assets/css/extra.css": "body{}",
            "robots.txt": "User-agent: *\n",
            "posts/2024-01-02-a.md": "x",
            "posts/2024-01-02-a.pdf": b"%PDF",
        },
    )
    sources = discover(content, tmp_path)
    assert sources.static == [
        StaticFile(content / "robots.txt", "robots.txt"),
        StaticFile(content / "assets/css/extra.css", "assets/css/extra.css"),
        StaticFile(content / "images/doc1.PNG", "images/doc1.PNG"),
        StaticFile(content / "posts/2024-01-02-a.pdf", "posts/2024-01-02-a.pdf"),
    ]


def test_hidden_files_and_editor_leftovers_are_skipped(tmp_path):
    content = make_content(
        tmp_path,
        {
            "posts/2024-01-02-a.md": "x",
            "posts/2024-01-02-a.md~": "backup",
            "posts/.2024-01-02-a.md.swp": b"vim",
            "posts/draft.swp": b"vim",
            "posts/draft.swx": b"vim",
            "posts/#2024-01-02-a.md#": "emacs",
            "posts/2024-01-02-a.md.bak": "bak",
            "posts/upload.tmp": "tmp",
            ".DS_Store": b"\x00",
            "images/.DS_Store": b"\x00",
            ".hidden.md": "x",
            ".git/config": "[core]",
            ".obsidian/workspace.json": "{}",
            "posts/.drafts/2024-01-03-b.md": "x",
            "images/logo.svg": "<svg/>",
        },
    )
    sources = discover(content, tmp_path)
    assert documents(sources) == [("posts/2024-01-02-a.md", "post")]
    assert statics(sources) == [("images/logo.svg", None)]


def test_order_is_deterministic(tmp_path):
    names = ["posts/b/2024-01-02-z.md", "posts/2024-01-03-y.md", "posts/a/2024-01-01-x.md"]
    names += ["zeta.md", "alpha.md", "images/b.png", "images/a.png", "favicon.ico"]
    content = make_content(tmp_path, {name: "x" for name in names})
    first = discover(content, tmp_path)
    assert first == discover(content, tmp_path)
    assert [d.content_rel for d in first.documents] == [
        "alpha.md",
        "zeta.md",
        "posts/2024-01-03-y.md",
        "posts/a/2024-01-01-x.md",
        "posts/b/2024-01-02-z.md",
    ]
    assert [s.content_rel for s in first.static] == ["favicon.ico", "images/a.png", "images/b.png"]


def test_missing_content_folder_is_empty(tmp_path):
    assert discover(tmp_path / "content", tmp_path) == Sources([], [])


def test_file_name_dates_without_zero_padding_are_posts(tmp_path):
    """Jekyll reads `2017-2-5-slug.md`; so do we."""
    from ssg.sources import POST_NAME

    match = POST_NAME.match("2017-2-5-i-dont-like-zeroes")
    assert (match.group("date"), match.group("slug")) == ("2017-2-5", "i-dont-like-zeroes")


def test_front_matter_is_found_after_a_bom(tmp_path):
    from ssg.sources import has_front_matter

    (tmp_path / "a.md").write_bytes(b"\xef\xbb\xbf---\ntitle: x\n---\n")
    (tmp_path / "b.html").write_bytes(b"<p>plain</p>")
    assert has_front_matter(tmp_path / "a.md") is True
    assert has_front_matter(tmp_path / "b.html") is False
    assert has_front_matter(tmp_path / "missing") is False


# ------------------------------------------------------------ symbolic links


@pytest.fixture
def outside(tmp_path):
    """A secret file and a folder outside the site folder (`tmp_path / "site"`)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("secret-bytes")
    (tmp_path / "private").mkdir()
    (tmp_path / "private/key.txt").write_text("secret-bytes")
    return secret


def link(path: Path, target: Path | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    return path


def test_links_outside_the_site_are_skipped_with_a_warning(tmp_path, outside):
    root = tmp_path / "site"
    content = make_content(
        root,
        {"posts/2024-01-01-ok.md": "# ok\n", "posts/2024-01-02-b/index.md": "# bundle\n"},
    )
    link(content / "passwd.txt", outside)  # a static file
    link(content / "posts/2020-03-03-p.md", outside)  # a post
    link(content / "about.md", outside)  # a page
    link(content / "posts/pic.png", outside)  # an image beside a post
    link(content / "posts/2024-01-02-b/a.png", outside)  # a bundle asset
    link(content / "private", tmp_path / "private")  # a folder
    found = discover(content, root)
    assert documents(found) == [
        ("posts/2024-01-01-ok.md", "post"),
        ("posts/2024-01-02-b/index.md", "post"),
    ]
    assert statics(found) == []
    assert sorted(str(p) for p in found.problems) == sorted(
        f"content/{rel}: warning: symbolic link to {target} is outside the site folder; skipped"
        for rel, target in [
            ("passwd.txt", outside),
            ("posts/2020-03-03-p.md", outside),
            ("about.md", outside),
            ("posts/pic.png", outside),
            ("posts/2024-01-02-b/a.png", outside),
            ("private", tmp_path / "private"),
        ]
    )


def test_a_broken_link_is_a_warning_not_a_crash(tmp_path):
    content = make_content(tmp_path, {"posts/2024-01-01-ok.md": "# ok\n"})
    link(content / "gone.txt", tmp_path / "nowhere")
    link(content / "posts/2024-05-05-gone.md", "../nowhere.md")
    found = discover(content, tmp_path)
    assert documents(found) == [("posts/2024-01-01-ok.md", "post")] and statics(found) == []
    assert [str(p) for p in found.problems] == [
        f"content/gone.txt: warning: broken symbolic link (to {tmp_path / 'nowhere'}); skipped",
        "content/posts/2024-05-05-gone.md: warning: broken symbolic link (to ../nowhere.md); "
        "skipped",
    ]


def test_a_link_to_a_file_inside_the_site_is_followed(tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared/logo.png").write_bytes(b"png")
    (tmp_path / "shared/note.md").write_text("# shared\n")
    content = make_content(tmp_path, {})
    link(content / "logo.png", "../shared/logo.png")
    link(content / "posts/2024-01-01-note.md", "../../shared/note.md")
    found = discover(content, tmp_path)
    assert documents(found) == [("posts/2024-01-01-note.md", "post")]
    assert statics(found) == [("logo.png", None)]
    assert found.problems == []


def test_walk_files_skips_links_outside_and_a_linked_folder(tmp_path, outside):
    from ssg.sources import walk_files

    root = tmp_path / "site"
    (root / "static/css").mkdir(parents=True)
    (root / "static/css/a.css").write_text("a")
    (root / "inside.txt").write_text("in")
    link(root / "static/in.txt", "../inside.txt")
    link(root / "static/out.txt", outside)
    problems: list = []
    assert walk_files(root / "static", root, problems) == [
        root / "static/css/a.css",
        root / "static/in.txt",
    ]
    assert [p.path for p in problems] == ["static/out.txt"]
    link(root / "linked", tmp_path / "private")
    problems = []
    assert walk_files(root / "linked", root, problems) == []
    assert [str(p) for p in problems] == [
        f"linked: warning: folder is a symbolic link to {tmp_path / 'private'}, "
        "outside the site folder; skipped"
    ]


# ------------------------------------------------------------ the folders settings name


def folders_config(root: Path, **values):
    from ssg.config import make_config

    root.mkdir(parents=True, exist_ok=True)
    lines = "".join(f'{key} = "{value}"\n' for key, value in values.items())
    (root / "ssg.toml").write_text('title = "T"\n' + lines)
    return make_config(root, dict(values))


@pytest.mark.parametrize(
    "key, value",
    [
        ("content_dir", "/etc"),
        ("content_dir", "../../.."),
        ("includes_dir", "/etc"),
        ("data_dir", "../outside"),
    ],
)
def test_a_folder_setting_outside_the_site_is_refused(tmp_path, key, value):
    from ssg.errors import SsgError
    from ssg.sources import check_folders

    root = tmp_path / "a" / "b" / "site"
    config = folders_config(root, **{key: value})
    with pytest.raises(SsgError) as caught:
        check_folders(config)
    assert [str(d) for d in caught.value.diagnostics] == [
        f'ssg.toml:2: error: {key} "{value}" is outside the site folder ({root}); '
        "use a folder inside it"
    ]


def test_a_content_folder_linked_outside_is_refused(tmp_path, outside):
    from ssg.errors import SsgError
    from ssg.sources import check_folders

    config = folders_config(tmp_path / "site")
    link(tmp_path / "site/content", tmp_path / "private")
    with pytest.raises(SsgError, match='content_dir "content" is outside the site folder'):
        check_folders(config)


def test_folders_inside_the_site_are_fine(tmp_path):
    from ssg.sources import check_folders

    config = folders_config(tmp_path, content_dir="src/content", includes_dir="./inc")
    (tmp_path / "src/content").mkdir(parents=True)
    assert check_folders(config) == []


def test_a_missing_content_folder_is_a_warning(tmp_path):
    from ssg.sources import check_folders

    config = folders_config(tmp_path, content_dir="nothere")
    assert [str(d) for d in check_folders(config)] == [
        'ssg.toml:2: warning: content folder "nothere" does not exist; nothing to build'
    ]
    (tmp_path / "ssg.toml").unlink()
    assert [str(d) for d in check_folders(config)] == [
        'ssg.toml: warning: content folder "nothere" does not exist; nothing to build '
        "(no ssg.toml either: is this a site?)"
    ]
