"""Maps in Chromium: drawn with no tiles, at home in Material, usable from the keyboard.

Every request that leaves 127.0.0.1 is aborted (tiles too), so these tests also show
that a map without tiles still shows its markers and its line. Each map is a <div> whose
`data-cc-map` JSON city-map.js draws, under the site's Content-Security-Policy. That policy
refuses eval, Playwright's way of running a bare expression in `wait_for_function`: waits
are written as functions (`"() => ..."`), which it runs without eval.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browsing import click_instantly, close_popup, count_documents, follow_the_server, open_popup, show_map
from city_classroom.rendering.i18n import label
from city_factory import content_for, plain_city, project_config
from site_server import SiteServer
from support import make_project, mkdocs_build, open_context

pytestmark = pytest.mark.browser

ROUTE = "lamphun/routes/queen-chamadevi-trail/"
OTHER_ROUTE = "lamphun/routes/longan-and-market-walk/"
CUSTOM_TILES = "https://tiles.example.org/{z}/{x}/{y}.png"


@pytest.fixture(scope="module")
def desktop(browser, repo_server):
    context, watched = open_context(browser, 1280, 800)
    follow_the_server(context, repo_server)
    yield context, watched
    context.close()


@pytest.fixture
def page(desktop):
    """A new page of the module's context; no console error, failed request or dialog allowed.

    A request cut off because the page closed (Material's sitemap fetch after load) is left out."""
    context, watched = desktop
    for seen in (watched.console_errors, watched.failed, watched.outside, watched.dialogs):
        seen.clear()
    page = context.new_page()
    cut_off: set[str] = set()
    page.on("requestfailed", lambda r: cut_off.add(r.url) if r.failure == "net::ERR_ABORTED" else None)
    yield page
    page.close()
    assert [p for p in watched.trouble() if p.removeprefix("failed: ") not in cut_off] == []


def open_map(page, url: str) -> None:
    page.goto(url, wait_until="load")
    show_map(page)


def marker_names(page) -> list[str]:
    return page.eval_on_selector_all(".cc-map .leaflet-marker-icon", "ms => ms.map(m => m.getAttribute('aria-label'))")


def stop_list(page) -> list[str]:
    """The ordered stop list beside the map: its text alternative."""
    return page.eval_on_selector_all(
        ".cc-stops > ol > li", "lis => lis.map(li => li.querySelector('a').textContent.trim())"
    )


def test_route_map_numbered_markers_in_stop_order_with_line_and_no_tiles(page, repo_server):
    open_map(page, repo_server.url + ROUTE)
    stops = stop_list(page)
    assert len(stops) == 4
    assert marker_names(page) == [f"{n}. {name}" for n, name in enumerate(stops, start=1)]
    assert page.eval_on_selector_all(".cc-map .cc-pin", "ps => ps.map(p => p.textContent)") == ["1", "2", "3", "4"]
    categories = page.eval_on_selector_all(".cc-map .cc-pin", "ps => ps.map(p => p.className)")
    assert all(re.fullmatch(r"cc-pin cc-(heritage|food|tradition)", c) for c in categories), categories
    colours = page.eval_on_selector_all(".cc-map .cc-pin", "ps => ps.map(p => getComputedStyle(p).backgroundColor)")
    assert len(set(zip(categories, colours))) == len(set(categories))  # one colour per category
    # tiles are blocked here: the markers and the route line still show
    assert page.locator(".cc-map .leaflet-tile-loaded").count() == 0
    line = page.locator(".cc-map .leaflet-overlay-pane svg path:not(.cc-leader)")  # not a crowded pin's leader
    assert line.count() == 1 and line.get_attribute("d").count("L") >= 3
    box = page.locator(".cc-map").bounding_box()
    for marker in page.locator(".cc-map .leaflet-marker-icon").all():
        assert marker.is_visible()
        where = marker.bounding_box()  # fitted: every stop inside the map
        assert box["x"] <= where["x"] and where["x"] + where["width"] <= box["x"] + box["width"]
        assert box["y"] <= where["y"] and where["y"] + where["height"] <= box["y"] + box["height"]


def test_tiles_are_asked_for_only_once_the_map_is_fitted(page, repo_server, desktop):
    """The tile layer is added after the map is fitted to its stops: no tile of the whole world first."""
    open_map(page, repo_server.url + ROUTE)
    page.wait_for_load_state("networkidle")
    _, watched = desktop
    tiles = [urlsplit(url).path.split("/") for url in watched.outside if "tile.openstreetmap.org" in url]
    assert tiles, watched.outside  # asked for (and cut off here), so allowed by the page's img-src
    zooms = {int(parts[1]) for parts in tiles}
    assert len(zooms) == 1 and min(zooms) >= 14, zooms  # the route's fitted zoom (street level), and no other


def test_route_map_popups_name_summarise_and_link_each_stop(page, repo_server):
    open_map(page, repo_server.url + ROUTE)
    hrefs = page.eval_on_selector_all(".cc-stops > ol > li", "lis => lis.map(li => li.querySelector('a').href)")
    markers = page.locator(".cc-map .leaflet-marker-icon")
    for number in range(markers.count()):
        popup = open_popup(page, markers.nth(number))
        name = popup.locator(".cc-popup-name").text_content()
        assert name == marker_names(page)[number]
        paragraphs = popup.locator("p").all_text_contents()
        assert len(paragraphs) == 3 and len(paragraphs[1]) > 10  # name, one-line summary, link
        link = popup.locator(".leaflet-popup-content a")
        assert link.text_content() == "Open the learning card"
        assert link.evaluate("a => a.href") in hrefs
        assert re.search(r"/lamphun/sites/[a-z0-9-]+/\?walk=[a-z0-9-]+$", link.evaluate("a => a.href"))
        close_popup(page)


def test_markers_are_reached_by_tab_in_stop_order_and_work_with_enter_and_escape(page, repo_server):
    open_map(page, repo_server.url + ROUTE)
    names = marker_names(page)
    region = page.locator(".cc-map")
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("aria-label").startswith("Map of the walk ")
    region.focus()
    reached = []
    for _ in names:
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
    assert reached == names

    page.keyboard.press("Shift+Tab")  # back to stop 3
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == names[2]
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup")
    popup.wait_for(state="visible")
    assert popup.locator(".cc-popup-name").text_content() == names[2]
    assert page.evaluate("document.activeElement.closest('.leaflet-popup') !== null")  # its link, to follow
    page.keyboard.press("Escape")
    popup.wait_for(state="detached")
    page.wait_for_function("name => document.activeElement.getAttribute('aria-label') === name", arg=names[2])


def test_map_controls_are_at_least_24_pixels(page, repo_server):
    open_map(page, repo_server.url + "lamphun/")
    sizes = page.eval_on_selector_all(
        ".cc-map .leaflet-control-zoom a, .cc-map .leaflet-control-layers-selector",
        "es => es.map(e => { const r = e.getBoundingClientRect(); return [e.className, r.width, r.height]; })",
    )
    assert len(sizes) == 2 + 3  # zoom in, zoom out; a toggle per category
    assert all(width >= 24 and height >= 24 for _, width, height in sizes), sizes


def test_city_map_has_a_legend_and_toggles_per_category(page, repo_server):
    open_map(page, repo_server.url + "lamphun/")
    assert page.locator(".cc-map").get_attribute("aria-label").startswith("Map of Lamphun")
    legend = page.locator(".cc-map .leaflet-control-layers-overlays label")
    assert [text.strip() for text in legend.all_text_contents()] == ["Heritage", "Food", "Tradition"]
    assert legend.locator(".cc-swatch").count() == 3
    pins = page.locator(".cc-map .cc-pin.cc-food")
    before, total = pins.count(), page.locator(".cc-map .leaflet-marker-icon").count()
    assert before > 0
    food = legend.nth(1).locator("input")
    assert food.is_checked()
    food.click()
    assert pins.count() == 0
    assert page.locator(".cc-map .leaflet-marker-icon").count() == total - before
    food.click()
    assert pins.count() == before


def test_home_map_has_one_marker_per_city(page, repo_server):
    open_map(page, repo_server.url)
    assert sorted(marker_names(page)) == ["Lamphun", "Shanghai", "Tak"]
    page.locator(".cc-map .leaflet-marker-icon[aria-label='Tak']").click()
    link = page.locator(".leaflet-popup-content a")
    assert link.text_content() == "Open the city guide"
    assert link.evaluate("a => a.href").endswith("/tak/")


def test_map_starts_again_after_instant_navigation(page, repo_server):
    open_map(page, repo_server.url + ROUTE)
    first = marker_names(page)
    count_documents(page)
    click_instantly(page, page.locator(f".md-sidebar a[href$='/{OTHER_ROUTE}']").first)
    page.wait_for_url("**/" + OTHER_ROUTE)
    page.locator(".cc-map").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const m = document.querySelector('.cc-map .leaflet-marker-icon');"
        f" return m && !{first!r}.includes(m.getAttribute('aria-label')); }}"
    )
    names = marker_names(page)
    assert names == [f"{n}. {name}" for n, name in enumerate(stop_list(page), start=1)]
    assert names != first
    assert page.locator(".cc-map").count() == 1 and page.locator(".leaflet-container").count() == 1


def _hint(page) -> str:
    """The gesture hint over the map, once city-map.js shows it."""
    page.wait_for_function("() => { const h = document.querySelector('.cc-map .cc-map-hint'); return h && !h.hidden; }")
    return page.locator(".cc-map .cc-map-hint").inner_text()


def test_map_never_covers_the_sticky_header_and_lets_the_page_scroll(page, repo_server):
    open_map(page, repo_server.url + ROUTE)
    container = page.locator(".leaflet-container")
    # a plain wheel over the map scrolls the page and leaves the map's zoom alone
    zoom = page.get_attribute(".cc-map", "data-cc-spread")
    container.scroll_into_view_if_needed()  # the pointer must be over the map, wherever the page puts it
    before = page.evaluate("window.scrollY")
    box = container.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 300)
    page.wait_for_function("y => window.scrollY > y", arg=before)
    # the map took the wheel as a scroll: its hint says how to zoom it, in the page's language
    assert _hint(page) == label("en", "map_scroll_hint", keys="Ctrl")
    assert page.get_attribute(".cc-map", "data-cc-spread") == zoom
    # with Ctrl, the wheel zooms the map, and the page stays
    box = container.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    scrolled = page.evaluate("window.scrollY")
    page.keyboard.down("Control")
    page.mouse.wheel(0, -300)
    page.keyboard.up("Control")
    page.wait_for_function("z => document.querySelector('.cc-map').getAttribute('data-cc-spread') !== z", arg=zoom)
    assert int(page.get_attribute(".cc-map", "data-cc-spread")) > int(zoom)
    assert page.evaluate("window.scrollY") == scrolled
    header = page.locator(".md-header").bounding_box()
    top = page.locator(".cc-map").evaluate("m => m.getBoundingClientRect().top + window.scrollY")
    page.evaluate(f"window.scrollTo({{top: {top} + 10, behavior: 'instant'}})")  # the map's top under the header
    page.wait_for_function(f"() => Math.abs(window.scrollY - ({top} + 10)) < 1")
    map_box = page.locator(".cc-map").bounding_box()
    centre = (header["x"] + header["width"] / 2, header["y"] + header["height"] / 2)
    assert map_box["y"] < centre[1] < map_box["y"] + map_box["height"]
    assert page.evaluate(f"document.elementFromPoint({centre[0]}, {centre[1]}).closest('.md-header') !== null")
    # and nowhere along the map's width: not its panes, not its controls (Leaflet puts them at z-index 1000)
    for step in range(13):
        x = map_box["x"] + 4 + step * (map_box["width"] - 8) / 12
        for y in (centre[1], header["y"] + header["height"] - 3):
            assert page.evaluate(f"document.elementFromPoint({x}, {y}).closest('.md-header') !== null"), (x, y)


def test_dark_scheme_follows_the_reader(browser, repo_server):
    context, watched = open_context(browser, 800, 700, color_scheme="dark")
    page = context.new_page()
    open_map(page, repo_server.url + ROUTE)
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    background = page.locator(".cc-map").evaluate("m => getComputedStyle(m).backgroundColor")
    assert background == "rgb(38, 50, 56)"  # #263238: no white box where tiles have not loaded
    assert page.locator(".cc-map .leaflet-marker-icon").count() == 4
    context.close()
    assert watched.trouble() == []


def test_on_a_phone_one_finger_scrolls_past_the_map_and_two_fingers_move_it(browser, repo_server):
    """Touch, at a phone's size, on a Thai page: one finger moving over the map scrolls the page and
    the map says, in Thai, to use two fingers; two fingers move the map, and the page stays."""
    context, watched = open_context(browser, *PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        open_map(page, repo_server.url + "th/" + ROUTE)
        page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim')")  # the fit has ended
        touch = context.new_cdp_session(page)

        def fingers(kind: str, points: list[tuple[float, float]]) -> None:
            touch.send(
                "Input.dispatchTouchEvent",
                {"type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]},
            )

        def map_below_the_header() -> dict:  # the whole map on the screen, under Material's header
            page.eval_on_selector(
                ".cc-map",
                "m => window.scrollTo({top: m.getBoundingClientRect().top + scrollY - 80, behavior: 'instant'})",
            )
            return page.locator(".cc-map").bounding_box()

        box = map_below_the_header()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.6
        before = page.evaluate("window.scrollY")
        page.evaluate(
            "() => { window.ccScrollEnd = new Promise(done => addEventListener('scrollend', done, {once: true})); }"
        )
        fingers("touchStart", [(x, y)])
        for step in range(1, 9):
            fingers("touchMove", [(x, y - 15 * step)])
        fingers("touchEnd", [])
        page.wait_for_function("y => window.scrollY > y", arg=before)
        assert _hint(page) == label("th", "map_touch_hint")
        page.evaluate("() => window.ccScrollEnd")  # the page's scrolling (a fling too) has come to rest

        box = map_below_the_header()
        where = page.locator(".cc-map .leaflet-marker-icon").first.bounding_box()
        scrolled = page.evaluate("window.scrollY")
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        fingers("touchStart", [(x - 40, y), (x + 40, y)])
        for step in range(1, 9):
            fingers("touchMove", [(x - 40 - 10 * step, y), (x + 40 - 10 * step, y)])
        fingers("touchEnd", [])
        page.wait_for_function(
            "x => document.querySelector('.cc-map .leaflet-marker-icon').getBoundingClientRect().x < x - 40",
            arg=where["x"],
        )
        assert page.evaluate("window.scrollY") == scrolled
        assert page.locator(".cc-map .cc-map-hint").is_hidden()
        assert watched.trouble() == []
    finally:
        context.close()


# --- a generated city: 60 sites (clustered), custom tiles -----------------------------------


@pytest.fixture(scope="module")
def many_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("many")
    plain_city(root / "cities" / "manyville", 60)
    project = make_project(root / "project", root / "cities", content_for(root / "content", ["en"]))
    project_config(project, ["en"], search=False, tiles=CUSTOM_TILES, attribution="Example tiles")
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def test_custom_tiles_from_mkdocs_yml_are_in_the_map_data_and_the_policy(many_site):
    for page in ("manyville/index.html", "manyville/routes/first-walk/index.html", "index.html"):
        html = (many_site / page).read_text(encoding="utf-8")
        data = json.loads(unescape(re.search(r' data-cc-map="([^"]*)"', html).group(1)))
        assert data["tiles"] == {"url": CUSTOM_TILES, "attribution": "Example tiles", "maxZoom": 19}, page
        assert "img-src 'self' data: https://tiles.example.org;" in html, page
        assert "openstreetmap" not in html and html.count("tiles.example.org") == 3, page


def test_a_city_of_sixty_sites_is_clustered(many_site, browser):
    with SiteServer(many_site) as server:
        context, watched = open_context(browser, 1024, 768)
        page = context.new_page()
        page.goto(server.url + "manyville/", wait_until="load")
        page.wait_for_selector(".cc-map .marker-cluster", state="visible", timeout=15000)
        clusters = page.locator(".cc-map .marker-cluster")
        counts = [int(c) for c in clusters.all_text_contents()]
        single = page.locator(".cc-map .cc-marker").count()
        assert sum(counts) + single == 60 and single < 60 and len(counts) >= 1
        label = clusters.first.get_attribute("aria-label")
        assert label == f"{counts[0]} sites"
        assert clusters.first.get_attribute("tabindex") == "0"
        page.locator(".leaflet-control-zoom-in").click()  # zoomed in, the clusters open up
        page.wait_for_function("n => document.querySelectorAll('.cc-map .cc-marker').length > n", arg=single)
        context.close()
    tiles = [url for url in watched.outside if url.startswith("https://tiles.example.org/")]
    assert tiles and len(tiles) == len(watched.outside)  # tiles from mkdocs.yml, and nothing else
    assert watched.console_errors == [] or all(e.rsplit(" @ ", 1)[-1] in tiles for e in watched.console_errors)
    assert watched.dialogs == []


# --- pins that fingers can hit: 24 px each at 360 px, crowded pins spread (issue 16) ---------

PHONE = (360, 740)


def map_pages(site: Path) -> list[str]:
    """Every page of a built site that has a map, as a path under the site's root."""
    pages = [p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")]
    paths = sorted("" if p == "." else p + "/" for p in pages if "data-cc-map" in (site / p / "index.html").read_text())
    return paths


def spread_zoom(page) -> str:
    """The zoom city-map.js last spread the pins for (it marks the map when done)."""
    page.wait_for_selector(".cc-map[data-cc-spread]", state="attached")
    return page.get_attribute(".cc-map", "data-cc-spread")


def zoom_out(page) -> str:
    before = spread_zoom(page)
    page.locator(".cc-map .leaflet-control-zoom-out").click()
    page.wait_for_function("z => document.querySelector('.cc-map').getAttribute('data-cc-spread') !== z", arg=before)
    return spread_zoom(page)


def pin_boxes(page) -> list[dict]:
    return page.eval_on_selector_all(
        ".cc-map .leaflet-marker-icon",
        """pins => pins.map(p => { const r = p.getBoundingClientRect();
            return {name: p.getAttribute('aria-label'), x: r.x, y: r.y, width: r.width, height: r.height}; })""",
    )


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["name"], b["name"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    ]


@pytest.mark.parametrize("which", ["repo", "fixture"])
def test_every_map_pin_is_a_24_pixel_target_at_360_px(which, browser, repo_site, fixture_site):
    """axe-core's target-size (WCAG 2.5.8) on every map page, in every language, at a phone's width:
    at the first view and one zoom out, with no excuse for map pins."""
    site = repo_site if which == "repo" else fixture_site
    pages = map_pages(site)
    assert {p.split("/", 1)[0] for p in pages if p.startswith(("th/", "zh/"))} == {"th", "zh"}
    from page_quality import target_size_findings, wait_for_maps

    found: dict[str, list[str]] = {}
    with SiteServer(site) as server:
        context, watched = open_context(browser, *PHONE)
        page = context.new_page()
        try:
            for path in pages:
                page.goto(server.url + path, wait_until="networkidle")
                wait_for_maps(page)
                first = spread_zoom(page)
                for view in (f"zoom {first}", f"zoom {zoom_out(page)}"):
                    problems = target_size_findings(page) + [f"{a} over {b}" for a, b in overlapping(pin_boxes(page))]
                    if problems:
                        found[f"/{path} at {view}"] = problems
            assert watched.trouble() == []
        finally:
            context.close()
    assert len(pages) >= 12
    assert found == {}


def test_crowded_pins_are_spread_with_leader_lines_in_site_order(browser, repo_server):
    """At 360 px the city map's sites crowd: each pin is moved off the others and tied to its place
    by a line, every pin is 32 px, and pins stay in the page (and Tab) order of the map's data."""
    context, watched = open_context(browser, *PHONE)
    page = context.new_page()
    try:
        open_map(page, repo_server.url + "lamphun/")
        spread_zoom(page)
        data = json.loads(page.get_attribute(".cc-map", "data-cc-map"))
        names = [point["name"] for layer in data["layers"] for point in layer["points"]]
        boxes = pin_boxes(page)
        assert [box["name"] for box in boxes] == names
        assert all(box["width"] >= 32 and box["height"] >= 32 for box in boxes), boxes
        assert overlapping(boxes) == []
        assert page.locator(".cc-map path.cc-leader.leaflet-interactive").count() == 0  # no taps: the pins take them
        leaders = page.locator(".cc-map .leaflet-overlay-pane path.cc-leader")
        assert leaders.count() >= 2 * 4  # a line and a dot for each moved pin, and many are moved here
        page.locator(".cc-map").focus()
        reached = []
        for _ in names:
            page.keyboard.press("Tab")
            reached.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
        assert reached == names
        # zoomed in as far as the map goes, the sites stand apart: no pin is moved, no line is left
        while not page.locator(".cc-map .leaflet-control-zoom-in.leaflet-disabled").count():
            before = spread_zoom(page)
            page.locator(".cc-map .leaflet-control-zoom-in").click()
            page.wait_for_function(
                "z => document.querySelector('.cc-map').getAttribute('data-cc-spread') !== z", arg=before
            )
        assert overlapping(pin_boxes(page)) == []
        assert leaders.count() == 0
        assert watched.trouble() == []
    finally:
        context.close()


def test_a_clustered_city_keeps_its_clusters_apart_at_360_px(many_site, browser):
    """Sixty sites in one cluster group for all categories: no cluster covers another (axe's
    target-size, first view and one zoom out), and a category hidden leaves the clusters."""
    from page_quality import target_size_findings

    settled = "() => !document.querySelector('.leaflet-cluster-anim')"  # markercluster's zoom animation
    with SiteServer(many_site) as server:
        context, watched = open_context(browser, *PHONE)
        page = context.new_page()
        try:
            page.goto(server.url + "manyville/", wait_until="load")
            show_map(page, ".marker-cluster")
            page.wait_for_function(settled)

            def shown() -> int:
                counts = [int(c) for c in page.locator(".cc-map .marker-cluster").all_text_contents()]
                return sum(counts) + page.locator(".cc-map .cc-marker").count()

            assert shown() == 60
            assert target_size_findings(page) == []
            zoom_out(page)
            page.wait_for_function(settled)
            assert target_size_findings(page) == []
            legend = page.locator(".cc-map .leaflet-control-layers-overlays label")
            assert legend.count() >= 2
            legend.first.locator("input").click()
            page.wait_for_function(settled)
            hidden = 60 - shown()
            assert 0 < hidden < 60
            legend.first.locator("input").click()
            page.wait_for_function(settled)
            page.wait_for_function(
                """() => [...document.querySelectorAll('.cc-map .marker-cluster')]
                .reduce((n, c) => n + parseInt(c.textContent, 10), 0)
                + document.querySelectorAll('.cc-map .cc-marker').length === 60"""
            )
            tiles = [url for url in watched.outside if url.startswith("https://tiles.example.org/")]
            assert all(error.rsplit(" @ ", 1)[-1] in tiles for error in watched.console_errors)
            assert watched.dialogs == []
        finally:
            context.close()


def test_the_map_libraries_come_only_with_a_map_and_clustering_only_with_a_clustered_map(many_site, browser):
    """A site page fetches no Leaflet; a route page fetches Leaflet but no clustering; reached by
    instant navigation after it, the clustered city map gets its clustering before it is drawn."""
    with SiteServer(many_site) as server:
        context, watched = open_context(browser, 1024, 768)
        follow_the_server(context, server)  # instant navigation, as on the published site
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
        page.goto(server.url + "manyville/sites/site-001/", wait_until="networkidle")
        assert not [path for path in fetched if "/vendor/" in path or path.endswith("/city-map.js")], fetched
        assert page.evaluate("() => typeof L") == "undefined"
        page.goto(server.url + "manyville/routes/first-walk/", wait_until="load")
        show_map(page)
        assert any(path.endswith("/vendor/leaflet/leaflet.js") for path in fetched)
        assert not any("/markercluster/" in path for path in fetched)
        count_documents(page)
        click_instantly(page, page.locator("article").get_by_role("link", name="Manyville", exact=True).first)
        show_map(page, ".marker-cluster")
        assert any(path.endswith("/leaflet.markercluster.js") for path in fetched)
        assert page.locator(".cc-map .cc-marker").count() < 60  # clustered, not 60 single markers
        context.close()
    assert watched.console_errors == [] or all("tiles.example.org" in e for e in watched.console_errors)
    assert watched.dialogs == []
