"""The README's screenshots: a route page and a site page at phone width.

`make screenshots` (pytest tests/test_screenshots.py --screenshots) regenerates
docs/screenshots/route.png and site.png from the repository's own site in Debian's
Chromium; without `--screenshots` that one test is skipped. The other tests always
run: the pictures exist, are phone-width PNGs, and the README shows them.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from support import open_context

REPO = Path(__file__).resolve().parent.parent
SHOTS = REPO / "docs" / "screenshots"
WIDTH, HEIGHT = 360, 1280  # a phone's width; the height of about two screens, to reach the map
PAGES = {"route": "lamphun/routes/old-town-heritage-walk/", "site": "lamphun/sites/wat-phra-that-hariphunchai/"}


def png_size(file: Path) -> tuple[int, int]:
    header = file.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR", f"{file.name} is not a PNG"
    return struct.unpack(">II", header[16:24])


@pytest.mark.browser
def test_regenerate_the_screenshots(request: pytest.FixtureRequest) -> None:
    if not request.config.getoption("--screenshots"):
        pytest.skip("regenerates docs/screenshots/: run `make screenshots`")
    # asked for only now, so that the skipped test builds nothing and starts no browser
    repo_server, browser = request.getfixturevalue("repo_server"), request.getfixturevalue("browser")
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, watched = open_context(browser, WIDTH, 740, device_scale_factor=1, color_scheme="light")
    try:
        page = context.new_page()
        for name, path in PAGES.items():
            page.goto(repo_server.url + path, wait_until="networkidle")
            if name == "route":  # the site page has no map of its own
                page.wait_for_selector(".leaflet-marker-icon", state="attached")  # the pins are drawn
            page.evaluate("() => document.fonts.ready")  # the fonts are in
            page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim')")  # the fit has ended
            page.screenshot(
                path=SHOTS / f"{name}.png",
                full_page=True,
                animations="disabled",
                clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT},
            )
        assert watched.trouble() == []
    finally:
        context.close()
    for name in PAGES:
        assert png_size(SHOTS / f"{name}.png") == (WIDTH, HEIGHT)


@pytest.mark.parametrize("name", list(PAGES))
def test_the_screenshots_are_phone_width_pngs(name: str) -> None:
    file = SHOTS / f"{name}.png"
    assert file.is_file(), f"{file.relative_to(REPO)} is missing: run `make screenshots`"
    assert png_size(file) == (WIDTH, HEIGHT)
    assert file.stat().st_size > 20_000, "an almost empty picture: was the page drawn?"


def test_the_readme_shows_both_screenshots() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in PAGES:
        assert f"](docs/screenshots/{name}.png)" in readme
