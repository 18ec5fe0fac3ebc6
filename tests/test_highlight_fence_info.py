import pytest

from ssg.markup.highlight import fence_info
from ssg.markup.highlight.fence_info import FenceInfo, parse_fence_info


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        ("", FenceInfo()),
        ("python", FenceInfo(lang="python")),
        ("  Python  ", FenceInfo(lang="Python")),
        ("python {3,5-7}", FenceInfo(lang="python", highlight_lines=frozenset({3, 5, 6, 7}))),
        ("python{3,5-7}", FenceInfo(lang="python", highlight_lines=frozenset({3, 5, 6, 7}))),
        ("python {7-5}", FenceInfo(lang="python", highlight_lines=frozenset({5, 6, 7}))),
        ('python title="app.py"', FenceInfo(lang="python", title="app.py")),
        ('python title="my app.py"', FenceInfo(lang="python", title="my app.py")),
        (
            "python title='app.py' linenos",
            FenceInfo(lang="python", title="app.py", linenos=True),
        ),
        (
            'python {hl_lines="3 5-7"}',
            FenceInfo(lang="python", highlight_lines=frozenset({3, 5, 6, 7})),
        ),
        ("python linenos=true", FenceInfo(lang="python", linenos=True)),
        ("python linenos=false", FenceInfo(lang="python")),
        ("python linenos start=10", FenceInfo(lang="python", linenos=True, linenos_start=10)),
        ("python linenostart=10", FenceInfo(lang="python", linenos=True, linenos_start=10)),
        ("{.python}", FenceInfo(lang="python")),
        (
            '{.haskell .numberLines startFrom="100"}',
            FenceInfo(lang="haskell", linenos=True, linenos_start=100),
        ),
        ("js:app.js", FenceInfo(lang="js", title="app.js")),
        ("js:app.js {2}", FenceInfo(lang="js", title="app.js", highlight_lines=frozenset({2}))),
        (
            'go {linenos=table,hl_lines=[2,"5-6"],linenostart=199}',
            FenceInfo(
                lang="go", highlight_lines=frozenset({2, 5, 6}), linenos=True, linenos_start=199
            ),
        ),
        (
            'py title="bubble.py" linenums="3" hl_lines="2 3"',
            FenceInfo(
                lang="py",
                title="bubble.py",
                highlight_lines=frozenset({2, 3}),
                linenos=True,
                linenos_start=3,
            ),
        ),
        ("js showLineNumbers{10}", FenceInfo(lang="js", linenos=True, linenos_start=10)),
        ("c++", FenceInfo(lang="c++")),
        ("c# {1}", FenceInfo(lang="c#", highlight_lines=frozenset({1}))),
        ("python foo bar=baz 3", FenceInfo(lang="python")),  # unknown words ignored
        ('python title="unterminated', FenceInfo(lang="python", title="unterminated")),
        ('python title=""', FenceInfo(lang="python")),
        ('title="x.py"', FenceInfo(title="x.py")),
    ],
)
def test_parse_fence_info(info, expected):
    assert parse_fence_info(info) == expected


def test_fence_info_is_frozen_and_slotted():
    info = parse_fence_info("python {1}")
    assert not hasattr(info, "__dict__")
    with pytest.raises(AttributeError):
        info.lang = "js"


def test_huge_line_range_is_clamped():
    info = parse_fence_info("python {1-999999999}")
    assert max(info.highlight_lines) == fence_info._MAX_LINE
