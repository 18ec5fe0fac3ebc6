"""`ssg check`'s reading of pages and stylesheets: `srcset` candidates and CSS URLs."""

from __future__ import annotations

from ssg.check.scan import css_urls, srcset_urls


def test_srcset_and_css_urls():
    assert srcset_urls("a.png 1x,b.png 2x, c.png") == ["a.png", "b.png", "c.png"]
    assert srcset_urls(" a.png, b.png (x, y) 2x , c,d.png 3x") == ["a.png", "b.png", "c,d.png"]
    assert css_urls("/* url(x) */ a{b:url( 'y.png' )} @import \"z.css\";") == ["y.png", "z.css"]
