"""The shape of the code: imports flow one way through the documented layers, with no cycles;
modules stay small; sub-packages say what they hold.

The layer order below is the one README's "How it works" documents. A module may import
modules of its own layer or of a lower one, never of a higher one; a new module must be given a
layer here (and a line in the README's map).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
PACKAGE = REPO / "ssg"
MAX_LINES = 400

# lowest first; an entry names a module or a whole sub-package
LAYERS: list[tuple[str, ...]] = [
    ("ssg", "ssg.errors", "ssg.urls", "ssg.dates", "ssg.safe_yaml", "ssg.toml_file", "ssg.budget")
    + ("ssg.code_version",),  # foundations
    ("ssg.config", "ssg.theme_options", "ssg.image_options"),  # settings
    ("ssg.images", "ssg.image_variants", "ssg.cards")  # images: found, resized, drawn
    + ("ssg.data", "ssg.sources", "ssg.frontmatter", "ssg.stored"),  # reading input
    ("ssg.markup", "ssg.liquid", "ssg.search"),  # the edges a post's body goes through
    ("ssg.page", "ssg.liquid_variables", "ssg.cache_index", "ssg.cache", "ssg.search_store")
    + ("ssg.card_store",),  # one document -> one Page (and the caches of what is made from it)
    ("ssg.convert", "ssg.post_links", "ssg.site", "ssg.taxonomy", "ssg.static"),
    ("ssg.feeds", "ssg.redirects", "ssg.templates", "ssg.plan", "ssg.search_outputs")  # to write
    + ("ssg.image_outputs", "ssg.card_outputs"),
    ("ssg.render", "ssg.writer"),  # writing it
    ("ssg.jekyll",),  # Jekyll's conventions, turned into plain settings and sources
    ("ssg.project", "ssg.build"),  # which site this is; the pipeline
    ("ssg.serve", "ssg.publish", "ssg.check", "ssg.listing"),  # commands on the pipeline
    ("ssg.scaffold",),
    ("ssg.cli", "ssg.__main__"),
]
# the core stages never see Jekyll: it reaches them as settings and data
CORE = ("ssg.sources", "ssg.frontmatter", "ssg.page", "ssg.site", "ssg.plan", "ssg.render")
CORE += ("ssg.writer", "ssg.convert", "ssg.config")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, source: str, known: set[str]) -> set[tuple[str, str]]:
    """(imported ssg module, imported name or "") for every import in `source`, lazy ones too."""
    found = set()
    package = name if (PACKAGE / Path(*name.split(".")[1:]) / "__init__.py").exists() else ""
    package = package or name.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {(alias.name, "") for alias in node.names if alias.name.startswith("ssg")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if not base.startswith("ssg"):
                continue
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add((child, "") if child in known else (base, alias.name))
    return found


def layer_of(module: str) -> int | None:
    best, index = "", None
    for number, names in enumerate(LAYERS):
        for entry in names:
            matches = module == entry or (entry != "ssg" and module.startswith(entry + "."))
            if matches and len(entry) > len(best):
                best, index = entry, number
    return index


def graph(sources: dict[str, str]) -> dict[str, set[tuple[str, str]]]:
    known = set(sources)
    return {name: imports_of(name, text, known) for name, text in sources.items()}


def violations(edges: dict[str, set[tuple[str, str]]]) -> list[str]:
    """Every import against the layer order, every private name taken from another module,
    every core stage that imports Jekyll, and every cycle."""
    found = []
    for name, targets in sorted(edges.items()):
        here = layer_of(name)
        if here is None:
            found.append(f"{name}: not in LAYERS (give it a layer and a line in the README map)")
            continue
        for target, imported in sorted(targets):
            there = layer_of(target)
            if there is not None and there > here:
                found.append(f"{name} imports {target}: upward, from layer {here} to {there}")
            private = imported.startswith("_") and not imported.endswith("__")  # not __version__
            if private and target != name:
                found.append(f"{name} imports private {imported} from {target}")
            if name in CORE and target.startswith("ssg.jekyll"):
                found.append(f"{name} imports {target}: the core stages never import Jekyll")
    found += [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(edges)]
    return found


def cycles(edges: dict[str, set[tuple[str, str]]]) -> list[list[str]]:
    """One cycle per strongly connected group of modules (Tarjan), as a readable path."""
    deps = {
        name: {t for t, _ in targets if t in edges and t != name} for name, targets in edges.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(deps[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group) + [sorted(group)[0]])

    for node in sorted(deps):
        if node not in index:
            visit(node)
    return groups


def real_sources() -> dict[str, str]:
    return {name: path.read_text(encoding="utf-8") for name, path in modules().items()}


def test_imports_flow_one_way_through_the_layers():
    assert violations(graph(real_sources())) == []


@pytest.mark.parametrize(
    ("module", "added", "expected"),
    [
        ("ssg.sources", "from ssg.build import build\n", "upward"),
        ("ssg.page", "def f():\n    from ssg.jekyll.config import read_jekyll_config\n", "upward"),
        ("ssg.plan", "from ssg.render import _worker_state\n", "private _worker_state"),
        ("ssg.errors", "import ssg.cli\n", "upward"),
    ],
)
def test_an_upward_or_private_import_added_on_purpose_fails(module, added, expected):
    sources = real_sources()
    sources[module] += "\n" + added
    found = violations(graph(sources))
    assert any(module in line and expected in line for line in found), found


def test_a_cycle_is_found():
    sources = {"ssg.errors": "from ssg.urls import x\n", "ssg.urls": "from ssg.errors import y\n"}
    assert violations(graph(sources)) == [
        "import cycle: ssg.errors -> ssg.urls -> ssg.errors",
    ]


def test_relative_imports_are_resolved():
    known = {"ssg.markup.highlight.code", "ssg.markup.highlight.fence_info", "ssg.errors"}
    source = "from ...errors import warning\nfrom . import fence_info\n"
    found = imports_of("ssg.markup.highlight.code", source, known)
    assert found == {("ssg.errors", "warning"), ("ssg.markup.highlight.fence_info", "")}


def test_every_module_has_a_layer():
    missing = [name for name in modules() if layer_of(name) is None]
    assert missing == []


@pytest.mark.parametrize("folder", ["ssg", "benchmarks"])
def test_modules_stay_under_400_lines(folder):
    long = {
        str(path.relative_to(REPO)): count
        for path in sorted((REPO / folder).rglob("*.py"))
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_sub_package_says_what_it_holds():
    for init in sorted(PACKAGE.rglob("__init__.py")):
        if init.parent == PACKAGE:
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc.split()) >= 15, f"{init.relative_to(REPO)} needs a docstring"
