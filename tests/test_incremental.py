"""The cache: no-change rebuilds render nothing, a one-post edit re-renders that post and the
pages that list it, and a build from the cache is byte-identical to a cold build."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

from ssg.build import BuildOptions, build
from ssg.cache import BuildCache
from ssg.project import load_config


def post(n: int, tags: str, body: str = "") -> str:
    return (
        f"---\ntitle: Post {n}\ndate: {day(n)} 10:00:00 +0900\ntags: [{tags}]\n---\n"
        f"글 {n} 의 첫 문단입니다. {body}\n\n## 본문\n\n```python\nprint({n})\n```\n"
    )


def day(n: int) -> str:
    return (date(2021, 1, 1) + timedelta(days=n - 1)).isoformat()


def make_blog(root: Path, count: int = 30) -> Path:
    (root / "content/posts").mkdir(parents=True)
    (root / "ssg.toml").write_text('url = "https://example.org/"\ntimezone = "Asia/Seoul"\n')
    for n in range(1, count + 1):
        tags = "odd" if n % 2 else "even"
        path = root / f"content/posts/{day(n)}-post-{n}.md"
        path.write_text(post(n, tags + (", three" if n % 3 == 0 else "")))
    return root


def run(root: Path, **options):
    result = build(load_config(root), BuildOptions(**options))
    assert result.ok, result.report.items
    return result


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_no_change_rebuild_renders_and_converts_nothing(tmp_path):
    root = make_blog(tmp_path / "blog")
    first = run(root)
    assert first.converted == 30
    second = run(root)
    assert (second.converted, second.stats.rendered) == (0, 0)
    assert second.stats.skipped == len(second.outputs)


def test_one_post_edit_rerenders_that_post_and_its_lists(tmp_path):
    root = make_blog(tmp_path / "blog")
    run(root)
    before = tree(root / "site")
    path = root / "content/posts/2021-01-15-post-15.md"
    path.write_text(post(15, "odd, three", "수정된 문장."))
    result = run(root)
    assert result.converted == 1
    after = tree(root / "site")
    changed = {p for p in after if after[p] != before.get(p)}
    assert "2021/01/15/post-15/index.html" in changed
    assert "feed.xml" in changed  # full content of a recent post
    assert "2021/01/14/post-14/index.html" not in changed  # neighbours show titles only
    assert "2021/01/01/post-1/index.html" not in changed
    # the home page listing post 15 shows its excerpt
    assert any(re.fullmatch(r"(page/\d+/)?index.html", p) for p in changed)
    # the search index: the post's own document, the manifest and the chunks its words are in
    searched = {p for p in changed if p.startswith("search/")}
    docs = {p for p in after if p.startswith("search/d/")}
    assert len(searched & docs) == 1 and "search/index.json" in searched
    assert result.stats.rendered - len(searched) < 20, result.stats


def test_cached_build_is_byte_identical_to_cold_build(tmp_path):
    root = make_blog(tmp_path / "blog")
    run(root)
    (root / "content/posts/2021-01-07-post-7.md").write_text(post(7, "odd", "바뀐 내용"))
    (root / "content/posts/2021-01-08-post-8.md").unlink()
    run(root)  # incremental: from the cache, with one edit and one deletion
    incremental = tree(root / "site")
    cold_root = tmp_path / "cold"
    shutil.copytree(root / "content", cold_root / "content")
    shutil.copy(root / "ssg.toml", cold_root / "ssg.toml")
    run(cold_root, use_cache=False)
    assert tree(cold_root / "site") == incremental
    assert "2021/01/08/post-8/index.html" not in incremental  # stale output removed


def test_parallel_and_serial_builds_write_the_same_bytes(tmp_path):
    a = make_blog(tmp_path / "a", count=40)
    b = make_blog(tmp_path / "b", count=40)
    run(a, jobs=1)
    run(b, jobs=2)
    assert tree(a / "site") == tree(b / "site")


def test_template_change_rerenders_the_outputs_that_use_it(tmp_path):
    root = make_blog(tmp_path / "blog", count=3)
    first = run(root)
    templated = {spec.path: spec.template for spec in first.outputs if spec.template}
    (root / "templates").mkdir()
    (root / "templates/post.html").write_text("<p>{{ page.title }} v2</p>")
    result = run(root)  # only the three posts use post.html
    assert result.stats.rendered == 3
    assert (root / "site/2021/01/02/post-2/index.html").read_text() == "<p>Post 2 v2</p>"
    # a partial that base.html includes: every page built on base.html
    theme = Path(__file__).parent.parent / "themes/default/templates"
    (root / "templates/partials").mkdir()
    meta = (theme / "partials/head_meta.html").read_text()
    (root / "templates/partials/head_meta.html").write_text(meta + "<!-- v3 -->\n")
    result = run(root)
    assert result.stats.rendered == sum(t != "post.html" for t in templated.values())
    assert "<!-- v3 -->" in (root / "site/index.html").read_text()
    # a partial only post.html used to include: nothing uses it now
    (root / "templates/partials/share.html").write_text("<p>share</p>")
    assert run(root).stats.rendered == 0
    assert tree(root / "site") == cold_tree(root, tmp_path)


def test_a_template_naming_its_include_at_render_time_depends_on_all(tmp_path):
    root = make_blog(tmp_path / "blog", count=2)
    (root / "templates").mkdir()
    (root / "templates/post.html").write_text(
        "{% set part = 'bits/' ~ page.title[-1] ~ '.html' %}{% include part ignore missing %}"
    )
    run(root)
    (root / "templates/bits").mkdir()
    (root / "templates/bits/1.html").write_text("<p>하나</p>")
    assert run(root).stats.rendered == 2  # either post may have named it
    assert (root / "site/2021/01/01/post-1/index.html").read_text() == "<p>하나</p>"


def test_cache_folder_ignores_itself(tmp_path):
    root = make_blog(tmp_path / "blog", count=1)
    run(root)
    assert (root / ".ssg-cache/.gitignore").read_text() == "*\n"


def test_cache_keeps_one_entry_per_source_and_drops_old_bodies(tmp_path):
    root = make_blog(tmp_path / "blog", count=12)
    run(root)
    for n in range(20):  # edit a different post each time: old bodies become garbage
        number = n % 12 + 1
        path = next((root / "content/posts").glob(f"*-post-{number}.md"))
        path.write_text(post(number, "odd", f"edit {n}"))
        run(root)
    cache = BuildCache(root)
    assert len(cache.entries) == 12
    live = sum(entry.page.body.length for entry in cache.entries.values())
    packs = list((root / ".ssg-cache/bodies").glob("*.pack"))
    assert sum(p.stat().st_size for p in packs) <= 2 * live
    # and what is left still renders the same site
    tree_before = tree(root / "site")
    shutil.rmtree(root / "site")
    run(root)
    assert tree(root / "site") == tree_before


def test_unchanged_sources_are_not_read_again(tmp_path, monkeypatch):
    root = make_blog(tmp_path / "blog", count=5)
    run(root)
    read = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or original(self))
    run(root)
    assert not [name for name in read if name.endswith(".md")]


def test_an_index_naming_deleted_packs_is_a_cache_miss_not_a_crash(tmp_path):
    root = make_blog(tmp_path / "blog", count=3)
    run(root)
    for pack in (root / ".ssg-cache/bodies").glob("*.pack"):
        pack.unlink()
    shutil.rmtree(root / "site")
    result = run(root)
    assert result.converted == 3


def cold_tree(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a build from nothing writes for the site as it is now."""
    fresh = tmp_path / "cold"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(".ssg-cache", "site"))
    run(fresh)
    return tree(fresh / "site")


def test_a_title_change_rerenders_without_converting_posts(tmp_path):
    root = make_blog(tmp_path / "blog")
    liquid = root / f"content/posts/{day(31)}-liquid.md"
    liquid.write_text(f"---\ntitle: L\ndate: {day(31)}\n---\n이 블로그는 {{{{ site.title }}}}.\n")
    run(root)
    toml = root / "ssg.toml"
    toml.write_text(toml.read_text() + 'title = "새 이름"\n')
    second = run(root)
    assert second.converted == 1  # only the post whose Liquid reads `site.title`
    index = [o for o in second.outputs if o.origin == "search index"]  # bytes, not the title
    assert index and second.stats.rendered < len(second.outputs)
    assert second.stats.rendered >= len(second.outputs) - len(index)  # every page shows it
    assert (
        "이 블로그는 새 이름."
        in (root / f"site/{day(31).replace('-', '/')}/liquid/index.html").read_text()
    )
    assert tree(root / "site") == cold_tree(root, tmp_path)


def test_an_include_change_converts_only_the_posts_that_include_it(tmp_path):
    root = make_blog(tmp_path / "blog")
    (root / "includes").mkdir()
    (root / "includes/note.html").write_text('<p class="note">첫 판</p>\n')
    (root / "includes/box.html").write_text('<div class="box">{% include note.html %}</div>\n')
    (root / "includes/unused.html").write_text("<p>아무도 쓰지 않음</p>\n")
    direct = root / f"content/posts/{day(31)}-direct.md"
    direct.write_text(f"---\ntitle: D\ndate: {day(31)}\n---\n{{% include note.html %}}\n")
    nested = root / f"content/posts/{day(32)}-nested.md"
    nested.write_text(f"---\ntitle: N\ndate: {day(32)}\n---\n{{% include box.html %}}\n")
    missing = root / f"content/posts/{day(33)}-missing.md"
    missing.write_text(f"---\ntitle: M\ndate: {day(33)}\n---\n{{% include later.html %}}\n")
    run(root)
    (root / "includes/unused.html").write_text("<p>바뀜</p>\n")
    assert run(root).converted == 1  # the post with a missing include always converts again
    (root / "includes/note.html").write_text('<p class="note">둘째 판</p>\n')
    assert run(root).converted == 3  # direct, nested (through box.html) and missing
    (root / "includes/later.html").write_text("<p>이제 있음</p>\n")
    assert run(root).converted == 1
    assert (
        "이제 있음" in (root / f"site/{day(33).replace('-', '/')}/missing/index.html").read_text()
    )
    assert run(root).converted == 0
    assert tree(root / "site") == cold_tree(root, tmp_path)


def test_an_excerpt_markup_change_rerenders_the_lists_that_show_it(tmp_path):
    # the excerpt's text (and so the description) stays; only its markup changes
    root = make_blog(tmp_path / "blog", count=3)
    run(root)
    path = next((root / "content/posts").glob("*-post-2.md"))
    path.write_text(path.read_text().replace("글 2 의 첫 문단입니다.", "글 2 의 *첫* 문단입니다."))
    run(root)
    assert "<em>첫</em>" in (root / "site/index.html").read_text()
    assert tree(root / "site") == cold_tree(root, tmp_path)
