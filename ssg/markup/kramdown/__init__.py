"""kramdown's syntax as markdown-it-py plugins, for posts written for Jekyll (`markdown =
"kramdown"`): `plugin` installs them all; `ial` (attribute lists, `{#id}`, `{:toc}`),
`html_blocks` (`markdown="1"`, span elements that stay inline), `block_syntax` (`^`,
`{::options /}`, `1)`, several definition terms, short table separators), `extensions`
(`{::comment}`, `{::nomarkdown}`), `fences` (fenced
code lines kept as written), `math` (`$$` math, mermaid), `text` (abbreviations,
typography)."""
