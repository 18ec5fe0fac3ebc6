"""Publishing to GitHub Pages.

- `deploy`: `ssg deploy`, a production build committed onto `gh-pages` and pushed (the flow,
  its options, result and messages);
- `git`: the git plumbing it runs (temporary index, hash-object, write-tree, commit-tree,
  update-ref, push), never prompting;
- `addresses`: where the site is served (GitHub Pages URL of a remote, `CNAME`) and warnings
  when it was built for another address;
- `workflow`: the GitHub Actions workflow that `ssg init --github-actions` writes.

May import the pipeline (`ssg.build`, `ssg.project`, `ssg.config`, `ssg.writer`) and
`ssg.errors`; nothing in the pipeline imports this package.
"""
