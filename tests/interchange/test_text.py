"""Question text is plain text in Toolpath and HTML in a cartridge: the conversion loses nothing."""
from __future__ import annotations

import pytest

from authoring.interchange.cartridges.text import to_html, to_text


@pytest.mark.parametrize("text", [
    "Which of these metals are attracted by a magnet?",
    "In 1045, the last two digits mean 0.___ percent carbon; 1/2 < 3/4 & \"quoted\".",
    "First line\nsecond line\n\nA second paragraph.",
    "",
])
def test_text_survives_html_and_back(text):
    assert to_text(to_html(text)) == text


def test_html_from_other_tools_reads_as_a_person_would():
    markup = '<p>Which <strong>metal</strong> is&nbsp;this?</p><ul><li>Steel</li><li>Brass</li></ul><script>alert(1)</script>'
    assert to_text(markup) == "Which metal is this?\n\nSteel\n\nBrass"
    assert to_text("Line<br/>break") == "Line\nbreak"
    assert to_text("AT&amp;T") == "AT&T"
    assert "<" not in to_html("<script>") and to_html("<script>") == "&lt;script&gt;"
