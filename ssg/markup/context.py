"""What rendering one document takes and gives back: `RenderContext` (the document's place in
the site, and what rendering collects: diagnostics, TOC, files read) and `Rendered`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ssg.errors import Diagnostic


@dataclass(slots=True)
class RenderContext:
    """What rendering one document needs to know, and what it collects."""

    path: str  # file shown in diagnostics
    body_line: int  # file line where the Markdown starts
    post_dir: Path
    bundle_dir: Path | None
    content_dir: Path
    static_dirs: tuple[Path, ...]
    base_path: str
    # the page's site path (`/2021/05/25/도커/`); lets the excerpt, shown on list pages,
    # turn the page-relative links and images it holds into site-absolute ones
    page_url: str | None = None
    site_root: Path | None = None  # a symbolic link to an image counts only inside it
    math: str = "mathml"  # "mathml": formulas converted at build time; "katex": in the browser
    images: object = None  # `image_variants.VariantSettings`: local images get `<picture>`
    diagnostics: list[Diagnostic] = field(default_factory=list)
    toc: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, text)
    files: set[Path] = field(default_factory=set)  # local files read (cache dependencies)
    # what the page's HTML needs: "math" (KaTeX in the browser), "mathml" (converted math)
    features: set[str] = field(default_factory=set)
    # (source file, content hash, ((width, height, format, file name), …)) of each image
    # given variants (`markup.picture`)
    image_uses: list[tuple] = field(default_factory=list)

    def line(self, token_line: int | None) -> int | None:
        return None if token_line is None else self.body_line + token_line

    def has_base(self, url: str) -> bool:
        return self.base_path != "/" and (
            url.startswith(self.base_path) or url == self.base_path[:-1]
        )

    def prefix(self, url: str) -> str:
        """`/images/x.png` -> `/repo/images/x.png` (left alone when it already has the base)."""
        if self.base_path == "/" or self.has_base(url):
            return url
        return self.base_path + url.lstrip("/")

    def site_path(self, url: str) -> str:
        """`/repo/images/x.png` -> `/images/x.png` (what `{{ site.baseurl }}/…` expands to)."""
        return "/" + url[len(self.base_path) :] if self.has_base(url) else url


@dataclass(frozen=True, slots=True)
class Rendered:
    html: str
    excerpt_html: str
    toc: tuple[tuple[int, str, str], ...]
    words: int
    reading_minutes: int
    # "math", "mermaid": what the page needs scripts for; "mathml": math converted at build
    features: tuple[str, ...] = ()
    text: str = ""  # its prose and code as plain text, for the search index
    images: tuple[tuple, ...] = ()  # `RenderContext.image_uses`, each once
