"""Golden tests: the HTML that the plugin renders for a site page and a route page.

A change to a template shows up here as a diff to read. To accept it on purpose:
`UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize(
    "src_uri, golden",
    [
        ("riverton/sites/old-temple.md", "site-old-temple.en.html"),
        ("th/riverton/sites/old-temple.md", "site-old-temple.th.html"),
        ("riverton/routes/temple-walk.md", "route-temple-walk.en.html"),
        ("zh/riverton/routes/river-path.md", "route-river-path.zh.html"),
    ],
)
def test_rendered_html_matches_golden(guide, src_uri, golden):
    page = next(page for page in guide.pages if page.src_uri == src_uri)
    expected = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected.write_text(page.html, encoding="utf-8")
    assert page.html == expected.read_text(encoding="utf-8")
