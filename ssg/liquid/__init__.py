"""Liquid in posts: the pass that runs before Markdown, on python-liquid.

- `engine`: the environment and `expand_liquid` (code masked in ssg sites, Liquid inside
  code in Jekyll-compatible ones; problems as warnings at `file:line`);
- Jekyll's tags (`include`, `include_relative`, `post_url`, `link`, `highlight`, plugin tags)
  and filters (`relative_url`, `date_to_string`, `where`, …), as Jekyll 4.3 behaves.

Reads plain data handed to it (the site's `site.*`, the page's `page.*`, post URLs, the
includes folder); may import `ssg.errors`, `ssg.dates` and `ssg.markup`, nothing above.
"""
