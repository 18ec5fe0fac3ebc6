"""`ssg check`: a built site checked as a reader's browser and a feed reader would see it.

- `site`: `check_site`, which walks a built folder, parses its pages (in a process pool when
  there are many) and checks pages, stylesheets, feeds and sitemaps, offline;
- `scan`: a page's HTML (or a stylesheet) read for the URLs it uses and the ids it has;
- `links`: internal URLs resolved to written files, their fragments to ids; external ones
  collected;
- `feeds`: feeds (Atom, RSS) and sitemaps;
- `problems`: what a check reports (`Problem`, `CheckStats`), and `external_problems`;
- `external`: other sites' links (`--external`), with a one-day cache.

Reads a built folder and its manifest (`ssg.writer`); may import `ssg.config`, `ssg.urls` and
`ssg.errors`; nothing in the pipeline imports this package.
"""
