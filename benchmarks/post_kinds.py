#!/usr/bin/env python3
"""What each kind of post costs, per KB of its source, against a typical post.

    python benchmarks/post_kinds.py [--posts 30] [--runs 3] [--ssg "python -m ssg"]

Real blogs cost more per post than the synthetic one: a math-heavy blog, a code-heavy one,
posts full of screenshots or of Liquid, very long posts. For each kind this writes a site of
`--posts` posts of that kind (from `gen_blog`'s typical post, with the kind's material added)
and times a cold `ssg build --jobs 1` of it (CPU-seconds of the build process, from
`getrusage`), less the cost of the same site with no posts; divided by the KB of Markdown,
that is the kind's cost per KB. Prints each kind's ratio to the typical post's of the same
Markdown flavour (math is kramdown's `$$`, so it is compared with typical posts in a kramdown
site). The goal: no kind above 2x.
"""

from __future__ import annotations

import argparse
import random
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from blog_code import code_block  # noqa: E402
from blog_images import FIGURE_COUNT, figure_size, png_bytes  # noqa: E402
from blog_posts import make_post  # noqa: E402

FORMULAS = (
    r"\sum_{i=1}^{n} x_i^2 = \frac{n(n+1)(2n+1)}{6}",
    r"\mathcal{L}(\theta) = -\frac{1}{N}\sum_{i=1}^{N} \log p_\theta(y_i \mid x_i)",
    r"\nabla_\theta J = \mathbb{E}\left[\nabla_\theta \log \pi_\theta(a|s) Q(s,a)\right]",
    r"A = \begin{pmatrix} a_{11} & a_{12} \\ a_{21} & a_{22} \end{pmatrix}",
    r"\operatorname{softmax}(z)_j = \frac{e^{z_j}}{\sum_k e^{z_k}}",
)
LIQUID = (
    "이 글은 {{ site.title }}의 {{ page.title | downcase }} 정리입니다.",
    "{% if page.tags contains 'docker' %}도커 태그가 있다.{% else %}다른 태그.{% endif %}",
    "{% for tag in page.tags %}`{{ tag | upcase }}`{% unless forloop.last %}, {% endunless %}"
    "{% endfor %}",
    '{% include note.html text="설정 파일을 먼저 백업하세요." %}',
    "{% assign n = page.title | size %}제목은 {{ n }}자, {{ 'now' | date: '%Y' }}년.",
    "{% capture x %}{{ page.title | slugify }}{% endcapture %}슬러그: {{ x }}",
)


def typical(seed: int, i: int) -> str:
    """A typical synthetic post, without `image:` and the images of folder posts (this site
    has only the shared figures)."""
    text = make_post(seed, i, set()).text
    lines = text.split("\n")
    return "\n".join(
        line
        for line in lines
        if not line.startswith("image: ") and not (line.startswith("![") and "](/" not in line)
    )


def add_blocks(text: str, blocks: list[str]) -> str:
    """`text` with `blocks` spread between its paragraphs."""
    head, _, body = text.partition("\n---\n")
    parts = body.split("\n\n")
    step = max(1, len(parts) // (len(blocks) + 1))
    for n, block in enumerate(blocks):
        parts.insert(min(len(parts), (n + 1) * step + n), block)
    return head + "\n---\n" + "\n\n".join(parts)


def kind_post(kind: str, seed: int, i: int) -> str:
    rng = random.Random(f"post_kinds:{kind}:{i}")
    text = typical(seed, i)
    if kind == "code":  # 12 more blocks of 30-60 lines
        langs = ("python", "bash", "yaml", "go", "js", "json", "dockerfile")
        return add_blocks(
            text, [code_block(rng, rng.choice(langs), rng.randint(30, 60)) for _ in range(12)]
        )
    if kind == "math":
        blocks = [f"$$\n{rng.choice(FORMULAS)}\n$$" for _ in range(20)]
        blocks += [
            f"여기서 $${rng.choice(FORMULAS)}$$ 이고 $$x_{rng.randint(1, 9)}$$ 이다."
            for _ in range(20)
        ]
        return add_blocks(text, blocks)
    if kind == "images":
        blocks = [f"![그림 {n}](/images/fig{rng.randint(1, FIGURE_COUNT)}.png)" for n in range(30)]
        return add_blocks(text, blocks)
    if kind == "liquid":
        return add_blocks(text, [rng.choice(LIQUID) for _ in range(40)])
    if kind == "long":  # eight typical bodies in one post
        bodies = [typical(seed, i * 100 + n).partition("\n---\n")[2] for n in range(1, 8)]
        return text + "\n\n" + "\n\n".join(bodies)
    return text


def write_site(root: Path, kind: str, posts: int, flavor: str) -> int:
    """The site; returns the bytes of Markdown written."""
    (root / "content/posts").mkdir(parents=True)
    (root / "content/images").mkdir()
    (root / "includes").mkdir()
    (root / "includes/note.html").write_text('<p class="note">{{ include.text }}</p>\n')
    (root / "ssg.toml").write_text(
        f'title = "Kinds"\nurl = "https://example.org/"\nmarkdown = "{flavor}"\n'
    )
    for n in range(1, FIGURE_COUNT + 1):
        width, height = figure_size(n)
        (root / f"content/images/fig{n}.png").write_bytes(png_bytes(width, height, n))
    total = 0
    for i in range(posts):
        text = kind_post(kind, 1, i)
        path = root / f"content/posts/2024-01-{1 + i % 28:02d}-{kind}-{i}.md"
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def cpu_of(command: list[str], cwd: Path) -> float:
    for name in ("site", ".ssg-cache"):
        shutil.rmtree(cwd / name, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{shlex.join(command)} failed in {cwd}:\n{done.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ssg", default=f"{sys.executable} -m ssg")
    args = parser.parse_args()
    command = [*shlex.split(args.ssg), "build", "-q", "--jobs", "1"]
    cases = [("typical", "gfm"), ("code", "gfm"), ("images", "gfm"), ("liquid", "gfm")]
    cases += [("long", "gfm"), ("typical", "kramdown"), ("math", "kramdown")]
    with tempfile.TemporaryDirectory(prefix="ssg-kinds-") as tmp:
        sites = {}
        for kind, flavor in cases:
            root = Path(tmp) / f"{kind}-{flavor}"
            sites[kind, flavor] = (root, write_site(root, kind, args.posts, flavor))
        for flavor in ("gfm", "kramdown"):
            root = Path(tmp) / f"empty-{flavor}"
            sites["empty", flavor] = (root, write_site(root, "typical", 0, flavor))
        cpu: dict = {case: [] for case in sites}
        for _ in range(args.runs):  # in turn, so a change in the machine's speed hits all
            for case, (root, _) in sites.items():
                cpu[case].append(cpu_of(command, root))
    per_kb = {}
    for case in cases:
        empty = statistics.median(cpu["empty", case[1]])
        kb = sites[case][1] / 1024
        per_kb[case] = (statistics.median(cpu[case]) - empty) / kb
    print(f"{'kind':<10} {'flavour':<9} {'KB':>7} {'CPU ms/KB':>10} {'vs typical':>10}")
    for kind, flavor in cases:
        ratio = per_kb[kind, flavor] / per_kb["typical", flavor]
        kb = sites[kind, flavor][1] / 1024
        print(f"{kind:<10} {flavor:<9} {kb:7.0f} {1000 * per_kb[kind, flavor]:10.2f} {ratio:10.2f}")
    print(f"reproduce: {shlex.join([sys.executable, *sys.argv])}")


if __name__ == "__main__":
    main()
