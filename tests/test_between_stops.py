"""Between stops: a site page reached from a route says where the reader is on that route.

* the data (from the plan): a site page lists every route through it, with the site's place
  on it, the next and previous stops and the route, in the page's language, escaped for
  its attribute; the stop links of route pages and walk sheets carry the route (`?walk=`);
* in Chromium, on the repository's site: the box shows the route named in the address, on
  first load and after Material's instant navigation; its next link keeps the route; without
  `?walk=`, or with a route that does not pass, it stays hidden; it fits a 360 px screen.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from browsing import click_instantly, count_documents, follow_the_server
from city_classroom.city_files.validate import read_cities
from city_classroom.planning.plan import plan_city
from city_classroom.rendering.i18n import label, plain
from support import REPO, open_context, page_html


def _walks(page_html: str) -> dict:
    attribute = re.search(r'<nav class="cc-between"[^>]* data-walks="([^"]*)"', page_html).group(1)
    assert "<" not in attribute and ">" not in attribute and "'" not in attribute
    return json.loads(html.unescape(attribute))


@pytest.mark.parametrize(
    ("language", "prefix", "title", "names"),
    [
        ("en", "", "Temple walk", ("Old Temple", "Third Temple")),
        ("th", "th/", "เดินชมวัด", ("วัดเก่า", "วัดที่สาม")),
    ],
)
def test_a_stop_in_the_middle_knows_its_place_on_the_route(guide, language, prefix, title, names):
    data = _walks(page_html(guide, f"{prefix}riverton/sites/museum.md"))
    previous, following = names
    assert data == {
        "parameter": "walk",
        "walks": [
            {
                "id": "temple-walk",
                "title": title,
                "url": "../../routes/temple-walk/",
                "number": 2,
                "count": 3,
                "position": label(language, "stop_of", number=2, count=3),
                "previous": {
                    "name": previous,
                    "url": "../old-temple/",
                    "label": label(language, "previous_stop", name=previous),
                },
                "next": {
                    "name": following,
                    "url": "../third-temple/",
                    "label": label(language, "next_stop", name=following),
                },
            }
        ],
    }
    assert label("th", "stop_of", number=2, count=3) == "จุดที่ 2 จาก 3"


def test_the_first_and_last_stops_have_one_neighbour(guide):
    first = _walks(page_html(guide, "riverton/sites/old-temple.md"))["walks"][0]
    last = _walks(page_html(guide, "riverton/sites/third-temple.md"))["walks"][0]
    assert (first["number"], first["previous"], first["next"]["url"]) == (1, None, "../museum/")
    assert (last["number"], last["next"], last["previous"]["url"]) == (3, None, "../museum/")


def test_the_box_is_hidden_and_ignored_by_search_until_a_script_fills_it(guide):
    tag = re.search(r'<nav class="cc-between"[^>]*>', page_html(guide, "riverton/sites/museum.md")).group(0)
    assert " hidden" in tag and 'data-pagefind-ignore="all"' in tag and 'aria-label="On this walk"' in tag


def test_stop_links_on_route_pages_and_walk_sheets_carry_the_route(guide):
    for src in ("riverton/routes/temple-walk.md", "zh/riverton/routes/temple-walk/sheet.md"):
        made = page_html(guide, src)
        for stop in ("old-temple", "museum", "third-temple"):
            assert f'sites/{stop}/?walk=temple-walk"' in made, (src, stop)


# --- in Chromium, on the repository's site -------------------------------------------------


@pytest.fixture(scope="module")
def walk():
    """A route of the seed cities with at least three stops: its city, id, title and stop names (English)."""
    guides, _ = read_cities(REPO / "cities")
    for guide in guides:
        for route in plan_city(guide).routes:
            if len(route.stops) >= 3:
                return {
                    "slug": guide.slug,
                    "id": route.route.id,
                    "title": plain(route.route.title, "en", guide.language),
                    "stops": [(s.id, plain(s.name, "en", guide.language)) for s in route.stops],
                }
    pytest.fail("no route of three stops in the seed cities")


def _expect_stop(page, walk, number: int) -> None:
    box = page.locator("nav.cc-between")
    box.wait_for(state="visible")
    stops = walk["stops"]
    assert page.url.endswith(f"/sites/{stops[number - 1][0]}/?walk={walk['id']}")
    assert box.locator(".cc-between-position").inner_text() == label("en", "stop_of", number=number, count=len(stops))
    assert box.locator(".cc-between-walk").inner_text() == walk["title"]
    assert box.locator(".cc-between-walk").get_attribute("href") == f"../../routes/{walk['id']}/"
    previous, following = box.locator(".cc-between-previous"), box.locator(".cc-between-next")
    assert previous.inner_text() == label("en", "previous_stop", name=stops[number - 2][1])
    assert previous.get_attribute("href") == f"../{stops[number - 2][0]}/?walk={walk['id']}"
    if number < len(stops):
        assert following.inner_text() == label("en", "next_stop", name=stops[number][1])
        assert following.get_attribute("href") == f"../{stops[number][0]}/?walk={walk['id']}"
    else:
        assert not following.is_visible()


def _set_up(page) -> None:
    """Wait until the page's script has read the box (filled it, or left it hidden)."""
    page.locator("nav.cc-between[data-ready]").wait_for(state="attached")


def _not_on_a_walk(page, address: str) -> None:
    """Without a route in the address, city-classroom.js does not even fetch the box's script."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(address, wait_until="networkidle")  # city-classroom.js has decided on DOMContentLoaded
    assert not [url for url in fetched if url.endswith("/between-stops.js")], address


@pytest.mark.browser
def test_stepping_from_the_route_page_through_instant_navigation(page, repo_server, walk):
    page.goto(f"{repo_server.url}{walk['slug']}/routes/{walk['id']}/")
    count_documents(page)
    second = page.locator(".cc-stops ol > li").nth(1).locator("a").first
    assert second.get_attribute("href").endswith(f"?walk={walk['id']}")
    click_instantly(page, second)
    _expect_stop(page, walk, 2)
    click_instantly(page, page.locator("nav.cc-between .cc-between-next"))
    _expect_stop(page, walk, 3)


@pytest.mark.browser
def test_the_box_shows_on_first_load_and_only_for_a_route_through_the_site(page, repo_server, walk):
    site = f"{repo_server.url}{walk['slug']}/sites/{walk['stops'][1][0]}/"
    page.goto(f"{site}?walk={walk['id']}")
    _expect_stop(page, walk, 2)
    for address in (site, f"{site}?walk="):
        _not_on_a_walk(page, address)
        assert page.locator("nav.cc-between").is_hidden(), address
    page.goto(f"{site}?walk=no-such-walk")  # a walk, but not one through this site
    _set_up(page)
    assert page.locator("nav.cc-between").is_hidden()


@pytest.mark.browser
def test_the_box_fits_a_narrow_screen(browser, repo_server, walk):
    context, watched = open_context(browser)  # 360 px wide
    follow_the_server(context, repo_server)
    narrow = context.new_page()
    narrow.goto(f"{repo_server.url}{walk['slug']}/sites/{walk['stops'][1][0]}/?walk={walk['id']}")
    box = narrow.locator("nav.cc-between")
    box.wait_for(state="visible")
    assert narrow.evaluate("() => document.documentElement.scrollWidth") <= 360
    width = box.bounding_box()["width"]
    for part in (".cc-between-walk", ".cc-between-previous", ".cc-between-next"):
        assert box.locator(part).bounding_box()["width"] <= width, part
    for part in (".cc-between-previous", ".cc-between-next"):
        assert box.locator(part).bounding_box()["height"] >= 40, part  # large enough to tap
    assert watched.trouble() == []
    context.close()
