"""`ssg deploy`: build for production and commit the site onto a `gh-pages` branch, then push.

The approach is ghp-import's, through git plumbing only, so the user's working tree, index,
stash and current branch are never touched:

    build into a temporary folder -> hash-object every file -> a temporary index -> write-tree
    -> commit-tree on top of the branch -> update-ref (only if the branch is still where it
    was) -> push (no force; a rejected push moves the branch back)

The commit holds exactly the built site (without `.ssg-manifest.json`), `.nojekyll`, and a
`CNAME` from the config's `cname`, or the one the branch had when the config has none.

This module is the flow and its messages; the git commands are `ssg.publish.git`, and the
public address and CNAME are `ssg.publish.addresses`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ssg.build import BuildOptions, BuildResult, build
from ssg.config import CONFIG_NAME, Config, base_url_overrides
from ssg.errors import SsgError, error, warning
from ssg.project import load_config
from ssg.publish.addresses import add_cname, cname_domain, public_url, url_warnings
from ssg.publish.git import Git
from ssg.writer import MANIFEST


@dataclass(frozen=True, slots=True)
class DeployOptions:
    remote: str = "origin"
    branch: str = "gh-pages"
    push: bool = True
    message: str | None = None
    base_url: str | None = None  # like `ssg build --base-url`
    force: bool = False  # push even when the site's URL cannot work at the Pages address


@dataclass(slots=True)
class DeployResult:
    commit: str  # the new commit on the branch (full hash)
    branch: str
    pushed: bool
    public_url: str | None  # None: not a GitHub remote and no CNAME
    warnings: list[str] = field(default_factory=list)  # lines already said through `out`
    build_summary: str = ""
    remote: str = "origin"


def deploy(
    root: Path,
    options: DeployOptions = DeployOptions(),
    config_file: Path | None = None,
    out: Callable[[str], None] = print,
) -> DeployResult:
    """Build the site at `root` for production and publish it on `options.branch`.

    Progress, build warnings and URL warnings go to `out` as they happen (before pushing);
    every expected failure is an `SsgError`, and leaves refs, index and files as they were.
    """
    root = Path(root).resolve()
    git = Git.find(root)
    branch = options.branch
    git.check_branch(branch)
    remote_urls = git.remote_urls(options.remote, required=options.push)
    dirty = git.has_changes(root)
    if dirty:
        out("building from the working tree, which has uncommitted changes")

    overrides = base_url_overrides(options.base_url) if options.base_url else {}
    config = load_config(root, config_file, overrides)
    configured = cname_domain(config.cname) if config.cname else None
    old = git.commit_of(f"refs/heads/{branch}")
    parent = git.parent_for(branch, options.remote, old)
    kept_cname = git.read_blob(parent, "CNAME") if parent else None

    with tempfile.TemporaryDirectory(prefix="ssg-deploy-") as tmp:
        site = Path(tmp) / "site"
        result = build(config, BuildOptions(drafts=False, future=False, output=site))
        if result.report.errors:
            raise SsgError(*result.report.errors)
        (site / MANIFEST).unlink(missing_ok=True)
        if not any(path.is_file() for path in site.rglob("*")):
            raise SsgError("nothing was built: the site has no posts, pages or static files")
        summary = build_summary(result, config)
        out(summary)

        domain = add_cname(site, configured, kept_cname)
        (site / ".nojekyll").write_bytes(b"")  # GitHub serves the files as they are

        public = public_url(domain, remote_urls)
        where = "CNAME" if domain else f"remote {options.remote}"
        label = "--base-url" if options.base_url else (config_file or Path(CONFIG_NAME)).name
        wrong_url = url_warnings(config, public, where, bool(options.base_url))
        if wrong_url and options.push and not options.force:
            raise SsgError(
                *(error(label, None, text) for text in wrong_url),
                error(
                    label,
                    None,
                    f'not pushing a site that will not work at {public}: set url = "{public}" '
                    f"in {label}, or run `ssg deploy --base-url {public}` "
                    "(`--force` pushes it anyway)",
                ),
            )
        found = result.report.warnings + [warning(label, None, text) for text in wrong_url]
        warnings = [str(diagnostic) for diagnostic in found]
        for line in warnings:
            out(line)
        tree = git.write_tree(site, Path(tmp) / "index")

    message = options.message or default_message(git, dirty)
    new = git.commit_tree(tree, parent, message)
    git.update_ref(branch, new, old)
    pushed = False
    if options.push:
        out(f"pushing {branch} to {options.remote}")
        try:
            git.push(options.remote, branch)
        except SsgError as failed:
            try:
                git.update_ref(branch, old, new)  # as it was: a failure leaves nothing behind
            except SsgError as also:
                raise SsgError(*failed.diagnostics, *also.diagnostics) from None
            raise
        pushed = True
    return DeployResult(new, branch, pushed, public, warnings, summary, options.remote)


def describe(result: DeployResult) -> list[str]:
    """The closing lines `ssg deploy` prints: what was committed and where the site is."""
    short = result.commit[:7]
    if result.pushed:
        lines = [f"deployed {short} to {result.branch} on {result.remote}"]
    else:
        lines = [f"committed {short} to {result.branch} (not pushed)"]
    if result.public_url:
        lines.append(f"the site is at {result.public_url}")
    else:
        lines.append("the public URL is unknown (not a GitHub remote and no `cname` in ssg.toml)")
    return lines


# --- messages ----------------------------------------------------------------------


def build_summary(result: BuildResult, config: Config) -> str:
    """`built 31 files (4 posts, 1 page) for https://…/; left out 1 draft`."""
    site = result.site
    files, posts, pages = (
        _count(len(result.outputs), "file"),
        _count(len(site.posts), "post"),
        _count(len(site.pages), "page"),
    )
    text = f"built {files} ({posts}, {pages}) for {config.url}"
    if result.left_out:
        nouns = {"draft": "draft", "future": "future-dated post"}
        parts = [
            _count(count, nouns.get(reason, reason))
            for reason, count in sorted(result.left_out.items())
        ]
        text += "; left out " + ", ".join(parts)
    return text


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def default_message(git: Git, dirty: bool) -> str:
    head = git.commit_of("HEAD")
    source = head[:7] if head else "no commit"
    branch = git.run("symbolic-ref", "--short", "-q", "HEAD", check=False).stdout.strip()
    time = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    message = f"Deploy {source} ({branch or 'detached HEAD'}) at {time}"
    if dirty:
        message += " from the working tree with uncommitted changes"
    return message
