"""Search in the build: what is indexed, what never is, and what a rebuild rewrites."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ssg.build import BuildOptions, build
from ssg.project import load_config

FIXTURE = Path(__file__).parent / "sites" / "search"
HIDDEN = ("quokkadrive", "두루미", "saturnrelay", "해오라기", "marmotvault", "너구리")
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture()
def blog(tmp_path):
    root = tmp_path / "blog"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("site", ".ssg-cache"))
    return root


def run(root, **options):
    result = build(load_config(root), BuildOptions(now=NOW, **options))
    assert result.ok, result.report.items
    return result


def index_text(root) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (root / "site/search").rglob("*.json"))


@pytest.mark.parametrize("options", [{}, {"drafts": True, "future": True}])
def test_drafts_future_posts_and_search_false_are_never_indexed(blog, options):
    run(blog, **options)
    text = index_text(blog)
    manifest = json.loads((blog / "site/search/index.json").read_text())
    assert len(manifest["docs"]) == 46  # 49 posts, less the three hidden ones
    for word in HIDDEN:
        assert word not in text
    assert "서울" in text and "asyncio.gather" in text


def test_every_page_has_the_box_and_the_search_page_lists_every_post(blog):
    run(blog)
    post = (blog / "site/2023/04/02/python-asyncio-gather/index.html").read_text()
    assert 'id="site-search-input"' in post and "/js/search.js" in post
    page = (blog / "site/search/index.html").read_text()
    assert 'id="search-page-input"' in page and page.count("<li>") >= 46  # the noscript list


def test_search_false_turns_it_off(blog):
    config = blog / "ssg.toml"
    config.write_text(config.read_text(encoding="utf-8") + "search = false\n", encoding="utf-8")
    run(blog)
    assert not (blog / "site/search").exists()
    assert "search" not in (blog / "site/index.html").read_text().replace("research", "")


def test_no_change_rewrites_no_index_file_and_one_edit_a_few(blog):
    run(blog)
    files = {p: p.read_bytes() for p in (blog / "site/search").rglob("*.json")}
    again = run(blog)
    assert again.stats.rendered == 0
    post = blog / "content/posts/2023-04-02-python-asyncio-gather.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nzebrafish 추가된문장\n", encoding="utf-8")
    run(blog)
    after = {p: p.read_bytes() for p in (blog / "site/search").rglob("*.json")}
    docs = [p for p in after if p.parent.name == "d" and after[p] != files.get(p)]
    assert len(docs) == 1  # the edited post's document; the others are untouched
    assert "zebrafish" in index_text(blog) and "추가된문장" in index_text(blog)


def test_an_index_from_the_cache_equals_a_cold_one(blog, tmp_path):
    run(blog)
    post = blog / "content/posts/2022-05-21-seoul-travel-weekend.md"
    post.write_text(post.read_text(encoding="utf-8") + "\n새로운 단락.\n", encoding="utf-8")
    run(blog)
    cold = tmp_path / "cold"
    shutil.copytree(blog, cold, ignore=shutil.ignore_patterns("site", ".ssg-cache"))
    run(cold)
    warm = {p.relative_to(blog): p.read_bytes() for p in (blog / "site/search").rglob("*.*")}
    fresh = {p.relative_to(cold): p.read_bytes() for p in (cold / "site/search").rglob("*.*")}
    assert warm == fresh


def warm_and_cold(blog, tmp_path) -> tuple[dict, dict]:
    run(blog)
    cold = tmp_path / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    shutil.copytree(blog, cold, ignore=shutil.ignore_patterns("site", ".ssg-cache"))
    run(cold)
    warm = {p.relative_to(blog): p.read_bytes() for p in (blog / "site/search").rglob("*.*")}
    fresh = {p.relative_to(cold): p.read_bytes() for p in (cold / "site/search").rglob("*.*")}
    return warm, fresh


def edit(blog, name: str, old: str | None, new: str) -> None:
    post = blog / "content/posts" / name
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace(old, new, 1) if old else text + new, encoding="utf-8")


def test_edits_patch_the_last_index_and_give_a_cold_builds_bytes(blog, tmp_path):
    run(blog)
    log = next((blog / ".ssg-cache/search").glob("index-*.log"))
    size = log.stat().st_size
    chunks = set((blog / "site/search/t").iterdir())
    edit(blog, "2023-04-02-python-asyncio-gather.md", None, "\nzebrafish 얼룩말을 asyncio\n")
    warm, fresh = warm_and_cold(blog, tmp_path)
    assert warm == fresh
    assert log.exists() and log.stat().st_size > size  # patched: the record was appended
    changed = chunks - set((blog / "site/search/t").iterdir())
    assert 0 < len(changed) < len(chunks)  # only the chunks of the changed terms
    # a title, a removed word and two posts at once
    edit(blog, "2023-04-02-python-asyncio-gather.md", "zebrafish", "")
    edit(blog, "2022-05-21-seoul-travel-weekend.md", "title:", "title: 새 제목")
    warm, fresh = warm_and_cold(blog, tmp_path)
    assert warm == fresh and b"zebrafish" not in b"".join(warm.values())
    assert log.exists()


def test_a_damaged_search_cache_is_merged_anew(blog, tmp_path):
    run(blog)
    store = blog / ".ssg-cache/search"
    log = next(store.glob("index-*.log"))
    state = json.loads((store / "state.json").read_text(encoding="utf-8"))
    data = bytearray(log.read_bytes())
    for offset, length, _ in list(state["chunks"].values())[::2]:  # chunks with other bytes
        data[offset : offset + length] = b"{" + b" " * (length - 2) + b"}"
    log.write_bytes(data)
    edit(blog, "2023-04-02-python-asyncio-gather.md", None, "\nzebrafish\n")
    warm, fresh = warm_and_cold(blog, tmp_path)
    assert warm == fresh
    log = next(store.glob("index-*.log"))
    log.write_bytes(log.read_bytes()[:100])
    edit(blog, "2023-04-02-python-asyncio-gather.md", None, "\nzebrafish\n")
    warm, fresh = warm_and_cold(blog, tmp_path)
    assert warm == fresh
    (store / "state.json").write_text("{not json", encoding="utf-8")
    edit(blog, "2023-04-02-python-asyncio-gather.md", None, "\n두번째\n")
    warm, fresh = warm_and_cold(blog, tmp_path)
    assert warm == fresh
    state = json.loads((store / "state.json").read_text(encoding="utf-8"))
    state["records"] = [7] * len(state["records"])  # JSON, but not a state
    (store / "state.json").write_text(json.dumps(state), encoding="utf-8")
    edit(blog, "2023-04-02-python-asyncio-gather.md", None, "\n세번째\n")
    warm, fresh = warm_and_cold(blog, tmp_path)
    assert warm == fresh
    state = json.loads((store / "state.json").read_text(encoding="utf-8"))
    state["docs"], state["ids"] = 5, "not a list"  # (no length to take, or the wrong one)
    (store / "state.json").write_text(json.dumps(state), encoding="utf-8")
    edit(blog, "2023-04-02-python-asyncio-gather.md", None, "\n네번째\n")
    warm, fresh = warm_and_cold(blog, tmp_path)
    assert warm == fresh
    state = json.loads((store / "state.json").read_text(encoding="utf-8"))
    state["buckets"] = {k: v * 1000 for k, v in state["buckets"].items()}  # more chunks than named
    (store / "state.json").write_text(json.dumps(state), encoding="utf-8")
    edit(blog, "2023-04-02-python-asyncio-gather.md", None, "\n다섯번째\n")
    warm, fresh = warm_and_cold(blog, tmp_path)
    assert warm == fresh


@pytest.mark.parametrize(
    "damage",
    [
        lambda s: s.update(order=["/a/", "/b/"]),  # a list, as an older state's URLs were
        lambda s: s.update(urls=s.pop("order")),  # an older state's field
        lambda s: s.update(records=[[1, 2, "3"]] * len(s["records"])),
        lambda s: s.update(records=[[1, 2]] * len(s["records"])),
        lambda s: s.update(records=[[1, 2, 3.5]] * len(s["records"])),
        lambda s: s.update(chunks={k: [1, 2] for k in s["chunks"]}),
        lambda s: s.update(files={k: 5 for k in s["files"]}),
        lambda s: s.update(buckets={k: True for k in s["buckets"]}),
        lambda s: s.update(buckets={k: str(v) for k, v in s["buckets"].items()}),
        lambda s: s.update(docs=[7] * len(s["docs"])),
        lambda s: s.update(ids=s["ids"][1:]),
    ],
)
def test_a_state_of_the_wrong_shape_is_not_loaded(blog, damage):
    from ssg.search_store import SearchStore

    run(blog)
    store = SearchStore(blog / ".ssg-cache")
    path = store.dir / "state.json"
    state = json.loads(path.read_text(encoding="utf-8"))
    key = state["key"]
    assert store.load(key) is not None  # (so the check below can fail)
    damage(state)
    path.write_text(json.dumps(state), encoding="utf-8")
    assert store.load(key) is None


def test_a_log_mostly_dead_is_compacted_by_a_merge(blog, tmp_path):
    run(blog)
    store = blog / ".ssg-cache/search"
    log = next(store.glob("index-*.log"))
    edit(blog, "2023-04-02-python-asyncio-gather.md", None, "\nzebrafish\n")
    run(blog)
    assert list(store.glob("index-*.log")) == [log]  # patched: the same log, appended to
    with open(log, "ab") as handle:  # as if from many edits
        handle.write(b"x" * log.stat().st_size * 2)
    edit(blog, "2023-04-02-python-asyncio-gather.md", None, "\nkoala\n")
    warm, fresh = warm_and_cold(blog, tmp_path)
    assert warm == fresh
    (new,) = store.glob("index-*.log")  # merged into a new log; the old one is gone
    assert new != log and not log.exists()
    assert sorted(p.name for p in store.iterdir()) == sorted([new.name, "state.json"])
