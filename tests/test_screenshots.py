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

from browsing import show_map
from support import open_context

REPO = Path(__file__).resolve().parent.parent
SHOTS = REPO / "docs" / "screenshots"
WIDTH, HEIGHT = 360, 1280  # a phone's width; the height of about two screens, to reach the map
PAGES = {"route": "lamphun/routes/old-town-heritage-walk/", "site": "lamphun/sites/wat-phra-that-hariphunchai/"}
WALK_MODE = {
    "walk-mode": "lamphun/routes/old-town-heritage-walk/",
    "walk-mode-th": "th/lamphun/routes/old-town-heritage-walk/",
}
"""Walk mode (issue 16), the panel from its top: the reader has reached the first stop and walks on."""


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
                show_map(page)  # drawn once near the screen: scrolled to, then back to the top
                page.evaluate("() => window.scrollTo(0, 0)")
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


@pytest.mark.browser
def test_regenerate_the_walk_mode_screenshots(request: pytest.FixtureRequest) -> None:
    if not request.config.getoption("--screenshots"):
        pytest.skip("regenerates docs/screenshots/: run `make screenshots`")
    from city_classroom.city_files.validate import read_cities
    from city_classroom.geo import distance_m
    from city_classroom.planning.plan import plan_city

    repo_server, browser = request.getfixturevalue("repo_server"), request.getfixturevalue("browser")
    guides, _ = read_cities(REPO / "cities")
    route = next(
        r for g in guides if g.slug == "lamphun" for r in plan_city(g).routes if r.route.id in WALK_MODE["walk-mode"]
    )
    first, second = route.stops[0], route.stops[1]
    # 20 m from the first stop towards the second: the first reached, the second ahead
    part = 20 / distance_m(first.lat, first.lon, second.lat, second.lon)
    here = (first.lat + (second.lat - first.lat) * part, first.lon + (second.lon - first.lon) * part)
    context, watched = open_context(browser, WIDTH, HEIGHT, device_scale_factor=1, color_scheme="light")
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": here[0], "longitude": here[1]})
    try:
        page = context.new_page()
        for name, path in WALK_MODE.items():
            page.goto(repo_server.url + path, wait_until="networkidle")
            page.evaluate("() => localStorage.clear()")
            page.locator(".cc-walk-start").click()
            page.locator(".cc-walk-follow").click()
            page.wait_for_function("() => document.querySelector('section.cc-walk-mode').dataset.reached === 'yes'")
            page.mouse.move(0, 0)  # no button under a hover
            page.add_style_tag(content=".md-top { display: none !important; }")  # Material's "Back to top"
            page.locator(".cc-walk-panel").evaluate(
                "panel => window.scrollTo(0, panel.getBoundingClientRect().top + scrollY - 64)"
            )
            page.evaluate("() => document.fonts.ready")
            page.screenshot(path=SHOTS / f"{name}.png", animations="disabled")
            page.evaluate("() => localStorage.clear()")
        assert watched.trouble() == []
    finally:
        context.close()
    for name in WALK_MODE:
        assert png_size(SHOTS / f"{name}.png") == (WIDTH, HEIGHT)


@pytest.mark.parametrize("name", [*PAGES, *WALK_MODE])
def test_the_screenshots_are_phone_width_pngs(name: str) -> None:
    file = SHOTS / f"{name}.png"
    assert file.is_file(), f"{file.relative_to(REPO)} is missing: run `make screenshots`"
    assert png_size(file) == (WIDTH, HEIGHT)
    assert file.stat().st_size > 20_000, "an almost empty picture: was the page drawn?"


def test_the_readme_shows_both_screenshots() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in [*PAGES, *WALK_MODE]:
        assert f"](docs/screenshots/{name}.png)" in readme
