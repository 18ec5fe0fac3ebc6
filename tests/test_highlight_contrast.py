import pytest

from ssg.markup.highlight.contrast import contrast_ratio, worst_contrast
from ssg.markup.highlight.stylesheet import LIGHT_BACKGROUND


def test_contrast_check_catches_a_low_contrast_style():
    assert worst_contrast("friendly", LIGHT_BACKGROUND)[0] < 4.5
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
