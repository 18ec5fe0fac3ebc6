"""Liquid in posts: the pass that runs before Markdown, on python-liquid.

- `engine`: the entry point, `expand_liquid` (plain data in; code masked in ssg sites,
  Liquid inside code in Jekyll-compatible ones; problems as warnings at `file:line`);
- `environment`: the Jekyll-flavoured python-liquid environment (lenient errors);
- `masking`: hiding Markdown code from Liquid and putting it back;
- `context`: one call's state (`SiteContext`, `Run`) and how tags and filters warn;
- `lexer`: the tokenizer (raw `highlight` bodies), token lines, a tag's markup;
- `values`: Liquid values as Ruby sees them (`nil`, `to_s`);
- `includes`: `include`, `include_cached`, `include_relative` and their file cache;
- `tags`: `post_url`, `link`, `highlight`, plugin tags and unknown tags;
- `filters`: Jekyll's filters by name, from `filters_urls` (`relative_url`, …),
  `filters_dates` (`date_to_string`, …), `filters_text` (`slugify`, …) and
  `filters_arrays` (`where`, `sort`, …), as Jekyll 4.3 behaves.

Reads plain data handed to it (the site's `site.*`, the page's `page.*`, post URLs, the
includes folder); may import `ssg.errors`, `ssg.dates` and `ssg.urls`, nothing above.
`needs_liquid` is here, not in `engine`, so callers can ask it without importing python-liquid.
"""


def needs_liquid(text: str) -> bool:
    """Fast check: could `text` contain Liquid markup at all?"""
    return "{%" in text or "{{" in text
