"""The per-document step: `Document` -> `Page` (Liquid, Markdown, URL, excerpt, cover image).

`convert` depends only on the document, the config and the files it reads (includes,
images), so it can run in a worker process and be cached by content hash.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ssg import images, urls
from ssg.config import Config
from ssg.errors import Diagnostic, warning
from ssg.frontmatter import Document
from ssg.liquid import needs_liquid
from ssg.liquid_variables import liquid_settings, page_variables, site_variables
from ssg.markup.context import RenderContext, Rendered
from ssg.markup.picture import sources, variant_settings
from ssg.safe_yaml import spelled_out_within
from ssg.stored import StoredText

_BLOCK_TAGS = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|br|hr|tr|td|th|table|blockquote|pre|figure|figcaption|"
    r"dl|dt|dd|section|details|summary|aside)\b[^>]*>",
    re.IGNORECASE,
)
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


# `Page` fields that `__getattr__` must not look for in the front matter (unpickling asks
# for them before they are set)
_NOT_FRONT_MATTER = frozenset(
    {"extra", "front_lines", "features", "toc_items", "excerpt_part", "search_part", "images"}
    | {"cover_sources"}
)


@dataclass(frozen=True, slots=True)
class Page:
    """A rendered document: everything templates, feeds and the sitemap need about it."""

    source: str  # path relative to the site root
    kind: str  # "post" or "page"
    url: str  # site path, e.g. `/2021/05/25/docker/` (no base path, not encoded)
    title: str
    date: datetime | None  # in the site's time zone
    updated: datetime | None
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    author: str | None
    layout: str | None
    draft: bool
    body: str | StoredText  # the rendered body; read it as `page.html`
    excerpt_part: str | StoredText  # the excerpt's HTML; read it as `page.excerpt_html`
    description: str  # plain text for meta tags
    # (level, id, text) of each heading; read it as `page.toc` (kept in the cache's pack
    # with the body for pages loaded from it: only the page's own template shows it)
    toc_items: tuple[tuple[int, str, str], ...] | StoredText
    words: int
    reading_minutes: int
    image: str | None  # site path or absolute URL of the cover image
    image_size: tuple[int, int] | None
    assets: tuple[tuple[str, str], ...]  # (absolute source path, output path) of bundle files
    digest: str  # identity of everything above: changes when the page's output may change
    extra: dict = field(default_factory=dict)
    front_lines: dict = field(default_factory=dict)  # front matter key -> file line
    # identity of what a list or a link to this page can show: all but the body (and its
    # excerpt and TOC), so a body edit does not re-render every page that links here
    summary_digest: str = ""
    features: tuple[str, ...] = ()  # "math", "mermaid" (from the body or `math: true` etc.)
    # its search record (`ssg.search.record`), "" when it is not searchable; kept in the
    # cache's pack like the body; read it as `page.search_record`
    search_part: str | StoredText = ""
    images: tuple[tuple, ...] = ()  # `Rendered.images`: the variants its images were given
    cover_sources: tuple[tuple[str, str], ...] = ()  # (MIME type, srcset) of the cover's

    @property
    def search_record(self) -> str:
        part = self.search_part
        return part if isinstance(part, str) else part.read()

    @property
    def html(self) -> str:
        """The rendered body (read from the cache on demand for pages loaded from it)."""
        return self.body if isinstance(self.body, str) else self.body.read()

    @property
    def excerpt_html(self) -> str:
        part = self.excerpt_part
        return part if isinstance(part, str) else part.read()

    @property
    def toc(self) -> tuple[tuple[int, str, str], ...]:
        items = self.toc_items
        if isinstance(items, StoredText):
            return tuple((level, id_, text) for level, id_, text in json.loads(items.read()))
        return items

    def __getattr__(self, name: str):
        """Every other front matter key: `page.mood` in a template is `extra["mood"]`."""
        if name.startswith("__") or name in _NOT_FRONT_MATTER:
            raise AttributeError(name)
        try:
            return self.extra[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str):
        return getattr(self, name)


_FIRST_PARAGRAPH = re.compile(r"<p[\s>].*?</p>", re.IGNORECASE | re.DOTALL)


def html_body(text: str, *, excerpt_separator: str) -> Rendered:
    """A body written in HTML (Jekyll's `.html` posts): used as it is, after Liquid."""
    if excerpt_separator and excerpt_separator in text:
        excerpt = text.split(excerpt_separator, 1)[0]
    else:
        match = _FIRST_PARAGRAPH.search(text)
        excerpt = match.group(0) if match else ""
    words = len(plain_text(text, limit=10**9).split())
    return Rendered(text, excerpt.strip(), (), words, max(1, round(words / 230)))


def plain_text(fragment: str, limit: int = 200) -> str:
    if "<math" in fragment:  # a formula reads as its TeX, not as MathML's text and TeX
        from ssg.markup.mathml import as_tex

        fragment = as_tex(fragment)
    text = _TAGS.sub("", _BLOCK_TAGS.sub(" ", fragment))  # `<b>도커</b>를` stays one word
    text = _SPACES.sub(" ", html.unescape(text)).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + "…"


def page_url(doc: Document, config: Config) -> str:
    pattern = doc.permalink if doc.permalink else None
    if pattern and ":" not in pattern:
        return urls.normalize(pattern)
    if pattern is None and doc.source.kind == "post":
        pattern = config.permalink
    if pattern:  # the site's, or a post's own like `/posts/:title/` (Jekyll expands those)
        return urls.expand_permalink(
            pattern,
            date=doc.date.astimezone(config.tz) if doc.date else None,
            slug=doc.slug,
            title=urls.title_slug(doc.file_slug),
            categories=list(doc.categories),
            lowercase_categories=config.jekyll_compat,
        )
    rel = doc.source.content_rel.rsplit(".", 1)[0]
    if rel == "index" or rel.endswith("/index"):
        rel = rel[: -len("index")]
    return urls.normalize("/" + rel)


def convert(
    doc: Document,
    config: Config,
    static_dirs: tuple[Path, ...],
    cache_key: str,
    post_links: dict[str, str] | None = None,
) -> tuple[Page, list[Diagnostic], frozenset[Path]]:
    """Render one document; also returns the local files it read (cache dependencies).
    `post_links` are `{% post_url %}`'s targets in a Jekyll site."""
    source = doc.source
    problems: list[Diagnostic] = []
    body = doc.body
    url = page_url(doc, config)
    read: set[Path] = set()  # include files Liquid looked for
    if needs_liquid(body):  # most posts have no Liquid: skip importing the engine
        from ssg.liquid import engine as liquid

        body, found = liquid.expand_liquid(
            body,
            path=source.rel,
            first_line=doc.body_line,
            includes_dir=config.includes_path if config.includes_path.is_dir() else None,
            site=site_variables(config),
            page=page_variables(doc, url),
            files=read,
            **liquid_settings(config, source.path.parent, post_links),
        )
        problems.extend(found)
    ctx = RenderContext(
        path=source.rel,
        body_line=doc.body_line,
        post_dir=source.path.parent,
        bundle_dir=source.bundle_dir,
        content_dir=config.content_path,
        static_dirs=static_dirs,
        base_path=config.base_path,
        page_url=url,
        site_root=config.root,
        math=config.math,
        images=variant_settings(config.images),
    )
    if source.path.suffix.lower() in (".html", ".htm"):  # a Jekyll post written in HTML
        rendered = html_body(body, excerpt_separator=config.excerpt_separator)
    else:
        from ssg.markup.markdown import render  # the Markdown stack: only when converting

        rendered = render(
            body,
            ctx,
            excerpt_separator=config.excerpt_separator,
            excerpt_markdown=doc.excerpt,
            flavor=config.markdown,
        )
    problems.extend(ctx.diagnostics)
    image, image_size, cover = cover_image(doc, config, static_dirs, problems, ctx.files)
    cover_sources = sources(ctx, cover) if cover and image_size else ()
    description = doc.description or plain_text(rendered.excerpt_html)
    date = doc.date.astimezone(config.tz) if doc.date else None
    updated = doc.updated.astimezone(config.tz) if doc.updated else None
    assets = ()
    if source.bundle_dir is not None:
        folder = urls.folder(url).lstrip("/")
        assets = tuple(
            (str(path), folder + path.relative_to(source.bundle_dir).as_posix())
            for path in sorted(source.bundle_dir.rglob("*"))
            if path.is_file() and path.name != "index.md" and not path.name.startswith(".")
        )
    page = Page(
        source=source.rel,
        kind=source.kind,
        url=url,
        title=doc.title,
        date=date,
        updated=updated,
        tags=doc.tags,
        categories=doc.categories,
        author=doc.author or config.author or None,
        layout=doc.layout,
        draft=doc.draft,
        body=rendered.html,
        excerpt_part=rendered.excerpt_html,
        description=plain_text(description, 300),
        toc_items=rendered.toc,
        words=rendered.words,
        reading_minutes=rendered.reading_minutes,
        image=image,
        image_size=image_size,
        assets=assets,
        digest=_digest(cache_key, rendered, cover_sources),
        extra=doc.extra,
        front_lines=doc.front_lines,
        images=tuple(dict.fromkeys(rendered.images + tuple(ctx.image_uses))),
        cover_sources=cover_sources,
        features=tuple(
            f
            for f in ("math", "mathml", "mermaid")
            if f in rendered.features or (f != "mathml" and doc.extra.get(f) is True)
        ),
    )
    record = _search_record(page, doc, config, rendered)
    page = dataclasses.replace(page, summary_digest=summary_digest(page), search_part=record)
    deps = ctx.files | read | {source.path}
    if source.bundle_dir is not None:
        deps.add(source.bundle_dir)  # its mtime changes when an asset is added or removed
    return page, problems, frozenset(deps)


def _search_record(page: Page, doc: Document, config: Config, rendered: Rendered) -> str:
    if not config.search or doc.extra.get("search") is False or doc.draft:
        return ""
    from ssg.search.record import make_record

    headings = [text for _, _, text in rendered.toc]
    text = rendered.text or plain_text(rendered.html, limit=10**9)  # an HTML body: its text
    url = urls.href(config.base_path, page.url)
    date = page.date.date().isoformat() if page.date else ""
    return make_record(url, page.title, date, page.tags, headings, text)


def cover_image(
    doc: Document, config: Config, static_dirs, problems, files: set
) -> tuple[str | None, tuple | None, Path | None]:
    """Resolve front matter `image`: site-absolute, relative to the post, or a bare name
    looked up beside the post and then in `content/images/` (as Jekyll themes do); its site
    path or URL, its size and its file."""
    if not doc.image:
        return None, None, None
    if images.is_external(doc.image):
        return doc.image, None, None
    source = doc.source
    candidates = [doc.image]
    if "/" not in doc.image:
        candidates.append("/images/" + doc.image)
    for candidate in candidates:
        ref = images.resolve(
            candidate,
            post_dir=source.path.parent,
            bundle_dir=source.bundle_dir,
            content_dir=config.content_path,
            static_dirs=static_dirs,
            site_root=config.root,
        )
        if ref.file is not None:
            if ref.url is not None:
                site_path = ref.url
            else:  # a bundle file, published beside the page
                folder = urls.folder(page_url(doc, config))
                site_path = folder + ref.file.relative_to(source.bundle_dir).as_posix()
            files.add(ref.file)
            size, problem = images.probe(ref.file)
            if problem:
                line = doc.front_lines.get("image")
                problems.append(warning(source.rel, line, f"cover image {doc.image} {problem}"))
            return site_path, size, ref.file
    problems.append(
        warning(source.rel, doc.front_lines.get("image"), f"cover image not found: {doc.image}")
    )
    return None, None, None


_DIGEST_BUDGET = 100_000  # values and characters of front matter a summary digest reads


def summary_digest(page: Page) -> str:
    """A hash of the fields a listing or a link may show (not `body`, `excerpt_html`, `toc`).
    Front matter too big to read at once (values shared many times over, as YAML aliases
    make them) is stood for by `digest`, which changes whenever the page's source does."""
    extra = sorted(page.extra.items(), key=lambda item: item[0])
    if not spelled_out_within(page.extra, _DIGEST_BUDGET):
        extra = [("(too big to read)", page.digest)]
    shown = (
        page.url,
        page.title,
        page.date,
        page.updated,
        page.tags,
        page.categories,
        page.author,
        page.layout,
        page.draft,
        page.description,
        page.reading_minutes,
        page.image,
        page.image_size,
        extra,
    )
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:24]


def _digest(key: str, rendered: Rendered, cover_sources) -> str:
    """The key and what was made: the same key gives another page when a file it read (an
    include, an image) or a setting its Liquid read has changed."""
    text = f"{key}\0{rendered.html}\0{rendered.excerpt_html}\0{cover_sources}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def cache_key(source_sha: str, fingerprint: str) -> str:
    return hashlib.sha256(f"{source_sha}:{fingerprint}".encode()).hexdigest()[:32]
