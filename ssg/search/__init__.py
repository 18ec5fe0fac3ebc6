"""Site search, built with the site: a static, chunked index and the words in it.

- `words`: text -> index terms (Korean particles and endings, compound parts, English
  stems, code identifiers); the theme's `search.js` reads queries by the same rules;
- `record`: a converted page -> its search record (terms with field weights, and the text
  that snippets are cut from), made in the worker that converted the page and cached with it;
- `index`: the records of the published pages -> the files under `/search/` (a manifest,
  term chunks a query fetches one or two of, and one small file per document).

Pure functions of their inputs; may import `ssg.errors` and `ssg.urls`, nothing above.
"""
