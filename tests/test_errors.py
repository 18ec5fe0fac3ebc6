"""Broken input: every problem is `file:line: message`, all in one run, exit status 1,
no traceback, and nothing is written."""

from __future__ import annotations

import pytest

GOOD = "---\ntitle: Fine\ndate: 2021-01-01\n---\nbody\n"


def build_fails(make_site, ssg, files, *args):
    files = {"content/posts/2021-01-01-good.md": GOOD, **files}
    root = make_site(files)
    run = ssg(root, "build", *args)
    assert run.status == 1
    assert "Traceback" not in run.err
    assert not (root / "site").exists(), "a failed build must not write a partial site"
    return run


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "---\ntitle: x\ntags: [a, b\ndate: 2021-01-02\n---\nbody\n",
            "content/posts/2021-01-02-bad.md:3: error: invalid YAML front matter:",
        ),
        (
            "---\ntitle: x\ndate: 2021-02-30 10:00\n---\nbody\n",
            "content/posts/2021-01-02-bad.md:3: error: invalid date '2021-02-30 10:00'",
        ),
        (
            "\ufeff---\r\ntitle: ok\r\ndate: someday\r\n---\r\nbody\r\n",
            "content/posts/2021-01-02-bad.md:3: error: invalid date 'someday'",
        ),
    ],
)
def test_front_matter_errors_name_the_file_line(make_site, ssg, text, expected):
    run = build_fails(make_site, ssg, {"content/posts/2021-01-02-bad.md": text})
    assert expected in run.err
    assert "build failed: 1 error" in run.err


def test_non_utf8_file_names_the_line(make_site, ssg):
    data = "---\ntitle: x\n---\n첫 줄\n".encode() + b"\xff\xfe broken\n"
    run = build_fails(make_site, ssg, {"content/posts/2021-01-02-latin1.md": data})
    assert "content/posts/2021-01-02-latin1.md:5: error: not valid UTF-8" in run.err


def test_all_problems_are_reported_in_one_run(make_site, ssg):
    run = build_fails(
        make_site,
        ssg,
        {
            "content/posts/2021-01-02-a.md": "---\ntitle: [x\n---\n",
            "content/posts/2021-01-03-b.md": "---\ndate: nope\n---\n",
            "content/posts/2021-01-04-c.md": (
                "---\ntitle: ok\nlayout: fancy\n---\n```nosuchlang\nx\n```\n"
            ),
        },
    )
    assert "content/posts/2021-01-02-a.md:2: error:" in run.err
    assert "content/posts/2021-01-03-b.md:2: error: invalid date 'nope'" in run.err
    assert "content/posts/2021-01-04-c.md:3: warning: unknown layout 'fancy'; using post.html" in (
        run.err
    )
    assert 'content/posts/2021-01-04-c.md:5: warning: unknown code language "nosuchlang"' in run.err


def test_template_syntax_error_names_template_and_line(make_site, ssg):
    run = build_fails(make_site, ssg, {"templates/post.html": "line one\n{% if %}\n"})
    assert "templates/post.html:2: error: template error:" in run.err


def test_template_runtime_error_names_template_and_line(make_site, ssg):
    run = build_fails(make_site, ssg, {"templates/post.html": "ok\n\n{{ page.title.nope() }}\n"})
    assert "templates/post.html:3: error: template error:" in run.err


def test_config_errors_name_key_and_line(make_site, ssg):
    run = build_fails(
        make_site,
        ssg,
        {"ssg.toml": 'title = "x"\ntitel = "y"\nposts_per_page = "ten"\n'},
    )
    assert "ssg.toml:2: error: unknown key `titel` (did you mean `title`?)" in run.err
    assert "ssg.toml:3: error: `posts_per_page` must be an integer, not a string" in run.err


def test_a_failed_build_keeps_the_previous_site(make_site, ssg):
    root = make_site({"content/posts/2021-01-01-good.md": GOOD})
    assert ssg(root, "build").status == 0
    before = (root / "site/2021/01/01/good/index.html").read_bytes()
    (root / "content/posts/2021-01-01-good.md").write_text("---\ntitle: [\n---\nnew\n")
    assert ssg(root, "build").status == 1
    assert (root / "site/2021/01/01/good/index.html").read_bytes() == before
