"""kramdown's syntax as markdown-it-py plugins, for posts written for Jekyll (`markdown =
"kramdown"`): `plugin` installs them all; `ial` (attribute lists, `{#id}`, `{:toc}`),
`html_blocks` (`markdown="1"`), `math` (`$$` math, mermaid), `text` (abbreviations,
typography)."""
