"""Markup: a post's Markdown (or HTML) body turned into HTML.

- `markdown`: the markdown-it-py renderer (GFM, or kramdown's syntax) and `render`, which
  returns the body, excerpt, TOC, word count and the files it read;
- `highlight/`: code blocks with Pygments (fence info strings, lines, contrast, stylesheet);
- `kramdown/`: markdown-it plugins for kramdown's syntax (attribute lists, `{:toc}`, math, …);
- `math`: the default flavor's `$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]`; `mathml`: every formula,
  in both flavors, as MathML at build time (latex2mathml), else left to KaTeX with a warning;
- `gfm`, `brackets`, `scan`: rules that keep hostile input linear; `cjk_emphasis`: emphasis
  next to Hangul, Kana and Han as their writers mean it.

Pure functions of the text and a `RenderContext`; may import `ssg.errors`, `ssg.budget`,
`ssg.images` and `ssg.urls`, nothing above.
"""
