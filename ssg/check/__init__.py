"""`ssg check`: a built site checked as a reader's browser and a feed reader would see it.

- `links`: internal links, images, fragments, feeds and the sitemap, offline;
- `external`: other sites' links (`--external`), with a one-day cache.

Reads a built folder and its manifest (`ssg.writer`); may import `ssg.config`, `ssg.urls` and
`ssg.errors`; nothing in the pipeline imports this package.
"""
