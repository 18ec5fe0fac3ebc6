"""The default theme in a real browser: the copy button copies the code only, the dark-mode
toggle works, and the page makes no request outside the site."""

from __future__ import annotations

import pytest

from browser import browser_page, serve_folder

POST = """---
title: Copy me
date: 2024-02-03 10:00:00 +0900
tags: [python]
---
Some text.

```python linenos {2} title="hello.py"
def hello():
    return "안녕 {{ x }}"
```
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from ssg.build import BuildOptions, build
    from ssg.config import base_url_overrides
    from ssg.project import load_config

    root = tmp_path_factory.mktemp("blog")
    (root / "content/posts").mkdir(parents=True)
    (root / "content/posts/2024-02-03-copy-me.md").write_text(POST, encoding="utf-8")
    config = load_config(root, overrides=base_url_overrides("https://example.org/repo/"))
    assert build(config, BuildOptions()).ok
    return root / "site"


def test_copy_button_copies_only_the_code(site):
    with serve_folder(site, "/repo/") as base, browser_page() as page:
        page.add_init_script(
            "Object.defineProperty(navigator, 'clipboard', {value: {writeText: (t) =>"
            " { window.__copied = t; return Promise.resolve(); }}});"
        )
        page.goto(base + "2024/02/03/copy-me/")
        button = page.locator("figure.code-block .copy-button")
        button.click()
        page.wait_for_function("window.__copied !== undefined")
        assert page.evaluate("window.__copied") == 'def hello():\n    return "안녕 {{ x }}"'
        assert button.inner_text().startswith("Copied")
        # line numbers are drawn by CSS, so they are not part of the text a reader selects
        assert page.locator(".ln").count() == 2
        code = page.locator("figure.code-block code").inner_text()
        assert code.strip() == 'def hello():\n    return "안녕 {{ x }}"'


def test_dark_mode_toggle_and_no_external_requests(site):
    requests = []
    with serve_folder(site, "/repo/") as base, browser_page(color_scheme="light") as page:
        page.on("request", lambda request: requests.append(request.url))
        page.goto(base)
        background = "getComputedStyle(document.body).backgroundColor"
        light = page.evaluate(background)
        page.locator(".theme-toggle").click()
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        assert page.evaluate(background) != light
        page.reload()
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"  # remembered
    assert requests and all(url.startswith(base) for url in requests), requests


MATH_POST = """---
title: 수식과 다이어그램
date: 2024-02-04 10:00:00 +0900
---
에너지는 $$E = mc^2$$ 이다.

$$
\\int_0^1 x\\,dx = \\frac{1}{2}
$$

```mermaid
graph TD
  A[작성] --> B[빌드]
```
"""


def test_math_and_mermaid_render_with_the_bundled_scripts(tmp_path):
    from ssg.build import BuildOptions, build
    from ssg.project import load_config

    root = tmp_path / "blog"
    (root / "content/posts").mkdir(parents=True)
    (root / "ssg.toml").write_text('markdown = "kramdown"\nmath = "katex"\n')
    (root / "content/posts/2024-02-04-math.md").write_text(MATH_POST, encoding="utf-8")
    (root / "content/posts/2024-02-05-plain.md").write_text("---\ntitle: P\n---\ntext\n")
    assert build(load_config(root), BuildOptions()).ok
    site = root / "site"
    plain = (site / "2024/02/05/plain/index.html").read_text()
    assert "katex" not in plain and "mermaid" not in plain  # loaded only where needed
    requests = []
    with serve_folder(site) as base, browser_page() as page:
        page.on("request", lambda request: requests.append(request.url))
        page.goto(base + "2024/02/04/math/")
        page.wait_for_selector(".katex-display", timeout=10_000)
        assert page.locator(".e-content .katex").count() == 2
        page.wait_for_selector("pre.mermaid svg", timeout=10_000)
    assert all(url.startswith(base) for url in requests)  # no CDN


@pytest.mark.parametrize("flavor", ["gfm", "kramdown"])
def test_math_renders_as_mathml_with_no_script_and_mermaid_draws(tmp_path, flavor):
    from ssg.build import BuildOptions, build
    from ssg.project import load_config

    root = tmp_path / "blog"
    (root / "content/posts").mkdir(parents=True)
    (root / "ssg.toml").write_text(f'markdown = "{flavor}"\n')
    (root / "content/posts/2024-02-04-math.md").write_text(MATH_POST, encoding="utf-8")
    assert build(load_config(root), BuildOptions()).ok
    site = root / "site"
    html = (site / "2024/02/04/math/index.html").read_text()
    assert "katex" not in html  # every formula converted: no math script at all
    requests = []
    with serve_folder(site) as base, browser_page() as page:
        page.on("request", lambda request: requests.append(request.url))
        page.goto(base + "2024/02/04/math/")
        block = page.locator('.e-content math[display="block"]').first
        box = block.bounding_box()
        assert box and box["width"] > 20 and box["height"] > 10  # laid out as MathML
        page.wait_for_selector("pre.mermaid svg", timeout=10_000)
    assert all(url.startswith(base) for url in requests)
    assert not any("katex" in url for url in requests)
