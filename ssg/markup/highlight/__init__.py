"""Code blocks: fence info strings read in four dialects, code highlighted by Pygments into
lines (numbers, highlighted lines, titles), and the light/dark stylesheet with colours
checked for contrast."""
