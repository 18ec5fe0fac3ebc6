"""Publishing to GitHub Pages.

- `deploy`: `ssg deploy`, a production build committed onto `gh-pages` and pushed;
- `workflow`: the GitHub Actions workflow that `ssg init --github-actions` writes.

May import the pipeline (`ssg.build`, `ssg.project`, `ssg.config`, `ssg.writer`) and
`ssg.errors`; nothing in the pipeline imports this package.
"""
