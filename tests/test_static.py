"""Static files: the shipped theme's KaTeX and mermaid are published only into a site with a
page that loads them, exactly as `base.html` links them; a site's own files always are."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssg.build import BuildOptions, build
from ssg.check.site import check_site
from ssg.project import load_config
from ssg.sources import Sources
from ssg.static import FEATURE_FILES, static_files, unneeded_files
from ssg.templates import SOURCE_THEMES
from ssg.writer import load_manifest

from conftest import make_page, write_site

THEME = SOURCE_THEMES / "default"
NO_SOURCES = Sources([], [])
KATEX = {"vendor/katex/katex.min.js", "vendor/katex/fonts/KaTeX_Main-Regular.woff2", "js/math.js"}
MERMAID = {"vendor/mermaid/mermaid.min.js", "js/mermaid.js"}
ALWAYS = {"css/style.css", "js/site.js", "favicon.svg"}

# --- static_files, over a small theme folder ------------------------------------------------


@pytest.fixture
def theme_static(tmp_path) -> Path:
    names = ["css/style.css", "js/math.js", "js/mermaid.js", "js/site.js"]
    names += ["vendor/katex/katex.min.js", "vendor/katex/fonts/a.woff2"]
    names += ["vendor/mermaid/mermaid.min.js", "vendor/other/lib.js"]
    return write_site(tmp_path / "theme/static", dict.fromkeys(names, "x"))


def published(statics, pages, **options) -> set[str]:
    return {rel for _, rel, _ in static_files(NO_SOURCES, statics, pages, **options)}


def test_no_page_needs_them_so_the_feature_files_are_left_out(theme_static):
    pages = [make_page("/a/"), make_page("/b/", features=("mathml",))]  # MathML: no script
    assert published((theme_static,), pages, shipped=theme_static) == {
        "css/style.css",
        "js/site.js",
        "vendor/other/lib.js",  # not in the table: always published
    }


@pytest.mark.parametrize(
    ("features", "wanted"),
    [
        (("mermaid",), {"js/mermaid.js", "vendor/mermaid/mermaid.min.js"}),
        (
            ("math", "mathml"),
            {"js/math.js", "vendor/katex/katex.min.js", "vendor/katex/fonts/a.woff2"},
        ),
    ],
)
def test_a_page_with_the_feature_brings_its_files_and_only_those(theme_static, features, wanted):
    pages = [make_page("/a/"), make_page("/b/", features=features)]
    got = published((theme_static,), pages, shipped=theme_static)
    assert got - {"css/style.css", "js/site.js", "vendor/other/lib.js"} == wanted


def test_only_the_shipped_themes_files_are_left_out(tmp_path, theme_static):
    own = write_site(tmp_path / "site/static", {"vendor/katex/katex.min.js": "mine"})
    found = static_files(NO_SOURCES, (own, theme_static), [make_page()], shipped=theme_static)
    assert [(source, rel) for source, rel, _ in found if rel.startswith("vendor/katex/")] == [
        (own / "vendor/katex/katex.min.js", "vendor/katex/katex.min.js")
    ]
    everything = published((theme_static,), [make_page()])  # a theme of the site's own
    assert "vendor/mermaid/mermaid.min.js" in everything and "js/math.js" in everything


def test_a_template_of_the_sites_own_that_names_a_file_keeps_it(tmp_path):
    templates = write_site(
        tmp_path / "templates",
        {"base.html": "<script src=\"{{ '/vendor/mermaid/mermaid.min.js' | href }}\"></script>"},
    )
    assert unneeded_files([make_page()], templates) == (
        "vendor/katex/",
        "js/math.js",
        "js/mermaid.js",
    )
    assert unneeded_files([make_page()], tmp_path / "none") == tuple(FEATURE_FILES)
    assert unneeded_files([make_page(features=("math", "mermaid"))], templates) == ()


def test_the_table_names_files_the_theme_has():
    for start in FEATURE_FILES:
        assert (THEME / "static" / start).exists(), start


# --- whole builds ---------------------------------------------------------------------------

MERMAID_POST = "---\ntitle: Flow\ndate: 2024-01-02\n---\n```mermaid\ngraph TD; A-->B\n```\n"
PLAIN_POST = "---\ntitle: Flow\ndate: 2024-01-02\n---\nNo diagram any more.\n"
FORMULA_POST = "---\ntitle: Sums\ndate: 2024-01-03\n---\n$$\n\\sum_{i=1}^n i\n$$\n"
ODD_FORMULA = "---\ntitle: Reals\ndate: 2024-01-03\n---\nThe reals \\(\\R\\) here.\n"


def site(tmp_path, posts: dict[str, str], config: str = "", **files) -> Path:
    files = {f"content/posts/{name}.md": text for name, text in posts.items()} | files
    files["ssg.toml"] = 'title = "T"\nurl = "https://example.org/"\n' + config
    files["content/about.md"] = "---\ntitle: About\n---\nHello.\n"
    return write_site(tmp_path / "blog", files)


def built(root: Path, **options) -> set[str]:
    """The files of the built site; every link and script in it must resolve."""
    result = build(load_config(root), BuildOptions(jobs=1, **options))
    assert result.ok, result.report.items
    problems, _ = check_site(root / "site")
    assert problems == []  # no page links a file that is not published
    return {p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*")}


def test_a_site_without_math_or_diagrams_has_no_vendor_folder(tmp_path):
    files = built(site(tmp_path, {"2024-01-01-a": "---\ntitle: A\n---\n$5 and $HOME\n"}))
    assert "vendor" not in files and not (KATEX | MERMAID) & files
    assert files >= ALWAYS


def test_a_mermaid_diagram_brings_mermaid_but_not_katex(tmp_path):
    files = built(site(tmp_path, {"2024-01-02-flow": MERMAID_POST}))
    assert files >= MERMAID and "vendor/mermaid/LICENSE" in files
    assert "vendor/katex" not in files and "js/math.js" not in files
    shipped = (THEME / "static/vendor/mermaid/mermaid.min.js").read_bytes()
    assert (tmp_path / "blog/site/vendor/mermaid/mermaid.min.js").read_bytes() == shipped


def test_math_left_to_the_browser_brings_katex(tmp_path):
    files = built(site(tmp_path, {"2024-01-03-sums": FORMULA_POST}, 'math = "katex"\n'))
    assert files >= KATEX and "vendor/katex/contrib/auto-render.min.js" in files
    assert "vendor/mermaid" not in files and "js/mermaid.js" not in files


def test_mathml_brings_katex_only_for_a_formula_it_could_not_convert(tmp_path):
    root = site(tmp_path, {"2024-01-03-sums": FORMULA_POST})
    assert not KATEX & built(root)  # converted at build time: no script
    (root / "content/posts/2024-01-04-reals.md").write_text(ODD_FORMULA)
    assert built(root) >= KATEX  # `\R`: left to KaTeX, on that page


def test_a_draft_counts_only_when_drafts_are_built(tmp_path):
    draft = MERMAID_POST.replace("title: Flow", "title: Flow\ndraft: true")
    root = site(tmp_path, {"2024-01-02-flow": draft})
    assert not MERMAID & built(root)
    assert built(root, drafts=True) >= MERMAID
    assert not MERMAID & built(root)  # and go again when the drafts are left out


def test_the_next_build_removes_them_when_the_last_diagram_goes_and_brings_them_back(tmp_path):
    root = site(tmp_path, {"2024-01-02-flow": MERMAID_POST})
    post = root / "content/posts/2024-01-02-flow.md"
    assert built(root) >= MERMAID
    post.write_text(PLAIN_POST)
    files = built(root)
    assert not MERMAID & files and "vendor" not in files  # the emptied folders too
    post.write_text(MERMAID_POST)
    assert built(root) >= MERMAID
    assert set(load_manifest(root / "site")) >= MERMAID
    assert built(root) >= MERMAID  # every page from the cache: its features kept there


def test_a_sites_own_vendor_file_is_always_published(tmp_path):
    own = {"static/vendor/katex/katex.min.js": "// mine\n"}
    root = site(tmp_path, {"2024-01-01-a": "---\ntitle: A\n---\nPlain.\n"}, **own)
    files = built(root)
    assert "vendor/katex/katex.min.js" in files and "vendor/katex/katex.min.css" not in files
    assert (root / "site/vendor/katex/katex.min.js").read_text() == "// mine\n"


def test_a_template_of_the_sites_own_naming_theme_files_keeps_them(tmp_path):
    """Its conditions are not known: whatever it names stays published (here a base.html
    copied from the theme, mermaid on every page, KaTeX as before)."""
    template = (THEME / "templates/base.html").read_text()
    always = template.replace('{% if "mermaid" in page.features %}', "{% if true %}")
    assert always != template
    root = site(tmp_path, {"2024-01-01-a": "---\ntitle: A\n---\nPlain.\n"})
    write_site(root, {"templates/base.html": always})
    assert built(root) >= (MERMAID | KATEX)  # and every page's links resolve
