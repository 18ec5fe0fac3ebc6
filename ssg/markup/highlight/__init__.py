"""Code blocks highlighted by Pygments, and their light/dark stylesheet.

- `fence_info`: a fence's info string read in four dialects (plain, Hugo, MkDocs, Pandoc)
  into a `FenceInfo` (language, title, highlighted lines, line numbers);
- `code`: the language's lexer and `render_code_block`, the block's HTML line by line
  (line numbers, highlighted lines, title);
- `contrast`: colour maths: WCAG contrast ratios, a style's worst token, the `.hll` colour;
- `stylesheet`: the token CSS for both colour schemes, using `contrast`.

May import only `ssg.errors` (and Pygments) from the rest of ssg.
"""
