"""Beyond a guidebook, in Chromium: near me, easy-walk filters, offline walks.

* near me lists the five nearest sites to a mocked location, in order, with distance
  and direction as geo.py computes them; without a location, from a chosen site;
  and it still works after Material's instant navigation;
* the easy-walk checkboxes show exactly the routes whose every stop qualifies;
* a saved walk opens with the server gone and the browser offline: the route page,
  its stops' pages (by link and by address), with the site's styles.
"""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Error as PlaywrightError

from browsing import click_instantly, count_documents, follow_the_server, show_map
from city_classroom.city_files.validate import read_cities
from city_classroom.geo import compass_point, distance_m
from city_classroom.planning.plan import plan_city
from city_classroom.rendering.i18n import label
from site_server import SiteServer
from support import REPO, open_context

pytestmark = pytest.mark.browser

HERE = (18.5790, 99.0075)
"""Where the reader stands: in Lamphun's old town, west of the golden chedi."""


@pytest.fixture(scope="module")
def seed_plans():
    guides, problems = read_cities(REPO / "cities")
    assert not [p for p in problems if p.severity == "error"]
    return {guide.slug: plan_city(guide) for guide in guides}


def _shown(metres: float, language: str) -> str:
    if metres < 1000:
        return f"{round(metres)} {label(language, 'm')}"
    return f"{metres / 1000:.1f} {label(language, 'km')}"


def _nearest(guide, lat: float, lon: float, language: str = "en", but: str | None = None) -> list[str]:
    """The five nearest sites as near-me.js lists them: `name: distance, direction`."""
    found = sorted((distance_m(lat, lon, s.lat, s.lon), s.id, s) for s in guide.sites if s.id != but)[:5]
    return [
        f"{s.name.get(language) or s.name.get('en')}: {_shown(m, language)}, "
        f"{label(language, 'direction_' + compass_point(lat, lon, s.lat, s.lon))}"
        for m, _, s in found
    ]


@pytest.fixture(scope="module")
def located(browser, repo_server):
    context, watched = open_context(browser, 1000, 900)
    context.grant_permissions(["geolocation"])
    follow_the_server(context, repo_server)
    context.set_geolocation({"latitude": HERE[0], "longitude": HERE[1]})
    yield context, watched
    context.close()


def test_near_me_lists_the_five_nearest_sites_in_order(located, repo_server, seed_plans):
    context, watched = located
    page = context.new_page()
    page.goto(repo_server.url + "lamphun/")
    box = page.locator(".cc-near-me")
    assert box.is_visible()
    box.locator(".cc-near-me-locate").click()
    page.wait_for_selector(".cc-near-me[data-located=yes] .cc-near-me-list li")
    items = box.locator(".cc-near-me-list li").all_inner_texts()
    assert items == _nearest(seed_plans["lamphun"].guide, *HERE)
    # each entry leads to its site's page
    first = box.locator(".cc-near-me-list li a").first
    nearest_id = box.locator(".cc-near-me-list li").first.get_attribute("data-site")
    assert first.get_attribute("href") == f"sites/{nearest_id}/"
    assert watched.trouble() == []
    page.close()


def test_near_me_works_after_instant_navigation_and_in_thai(located, repo_server, seed_plans):
    context, watched = located
    page = context.new_page()
    page.goto(repo_server.url + "th/lamphun/routes/old-town-heritage-walk/")
    count_documents(page)
    click_instantly(page, page.locator("article a[href$='/th/lamphun/']").first)
    assert page.url == repo_server.url + "th/lamphun/"
    page.locator(".cc-near-me-locate").click()
    page.wait_for_selector(".cc-near-me[data-located=yes] .cc-near-me-list li")
    items = page.locator(".cc-near-me-list li").all_inner_texts()
    assert items == _nearest(seed_plans["lamphun"].guide, *HERE, language="th")
    assert page.locator(".cc-near-me-status").inner_text() == label("th", "near_me_from_you")
    assert watched.trouble() == []
    page.close()


def test_without_a_location_the_reader_starts_from_a_site(browser, repo_server, seed_plans):
    context, watched = open_context(browser, 360, 740)  # geolocation never granted
    page = context.new_page()
    page.goto(repo_server.url + "tak/")
    assert not page.locator(".cc-near-me-pick").is_visible()
    page.locator(".cc-near-me-locate").click()
    page.wait_for_selector(".cc-near-me[data-located=no]")
    assert page.locator(".cc-near-me-status").inner_text() == label("en", "near_me_denied")
    guide = seed_plans["tak"].guide
    start = guide.site("king-taksin-shrine")
    options = page.locator(".cc-near-me-start option").all_inner_texts()
    assert sorted(options[1:], key=str.casefold) == options[1:]
    assert len(options) == len(guide.sites) + 1
    page.locator(".cc-near-me-start").select_option(start.id)
    page.wait_for_selector(".cc-near-me-list li")
    assert page.locator(".cc-near-me-list li").all_inner_texts() == _nearest(guide, start.lat, start.lon, but=start.id)
    assert page.locator(".cc-near-me-status").inner_text() == f"Nearest to {start.name.get('en')}:"
    assert watched.trouble() == []
    context.close()


FILTERS = ("step-free", "seating", "short", "children")


def _qualifies(route, ticked) -> bool:
    facts = {
        "step-free": route.step_free,
        "seating": route.seating,
        "short": route.short,
        "children": route.good_for_children,
    }
    return all(facts[name] for name in ticked)


def test_easy_walk_filter_shows_exactly_the_routes_that_qualify(located, repo_server, seed_plans):
    context, watched = located
    page = context.new_page()
    seen_shown_counts = set()
    for slug, plan in seed_plans.items():
        page.goto(repo_server.url + f"{slug}/")
        assert page.locator("form.cc-walk-filter").is_visible()
        every = [r.route.id for r in plan.routes]
        for size in range(len(FILTERS) + 1):
            for ticked in itertools.combinations(FILTERS, size):
                for name in FILTERS:
                    page.locator(f"form.cc-walk-filter input[name={name}]").set_checked(name in ticked)
                shown = page.eval_on_selector_all(
                    ".cc-route-entry", "es => es.filter(e => e.offsetParent !== null).map(e => e.dataset.route)"
                )
                expected = [r.route.id for r in plan.routes if _qualifies(r, ticked)]
                assert shown == expected, (slug, ticked)
                seen_shown_counts.add(len(expected))
                count = page.locator(".cc-walk-filter-count").inner_text()
                if not ticked:
                    assert count == "" and shown == every
                elif expected:
                    assert count == f"{len(expected)} of {len(every)} walks shown."
                else:
                    assert count == label("en", "filter_none")
    assert 0 in seen_shown_counts and 1 in seen_shown_counts  # the seeds exercise both cases
    assert watched.trouble() == []
    page.close()


def test_without_javascript_every_walk_shows(browser, repo_server, seed_plans):
    context, _ = open_context(browser, 360, 740, java_script_enabled=False)
    page = context.new_page()
    page.goto(repo_server.url + "lamphun/")
    assert not page.locator("form.cc-walk-filter").is_visible()
    assert not page.locator(".cc-near-me").is_visible()
    visible = [e.get_attribute("data-route") for e in page.locator(".cc-route-entry").all() if e.is_visible()]
    assert visible == [r.route.id for r in seed_plans["lamphun"].routes]
    context.close()


def test_a_saved_walk_opens_offline(browser, repo_site, seed_plans):
    """Save a walk, take the server away and the browser offline: the walk is still there."""
    plan = seed_plans["lamphun"]
    route = plan.routes[0]
    server = SiteServer(repo_site).__enter__()  # its own origin: a service worker of its own
    context, watched = open_context(browser, 400, 800)
    try:
        page = context.new_page()
        page.goto(server.url + f"lamphun/routes/{route.route.id}/")
        page.locator(".cc-offline-save").click()
        page.wait_for_selector(".cc-offline[data-state=saved], .cc-offline[data-state=failed]", timeout=60_000)
        assert page.locator(".cc-offline").get_attribute("data-state") == "saved"
        assert page.locator(".cc-offline-status").inner_text() == label("en", "offline_saved")
        assert page.evaluate("navigator.serviceWorker.controller !== null")
        assert watched.trouble() == []
    finally:
        server.__exit__(None, None, None)
    context.set_offline(True)

    page.reload()
    assert page.locator("h1").inner_text() == route.route.title.get("en")
    badge = page.locator(".cc-badge").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert badge == "rgb(142, 36, 170)", "city.css did not come from the saved copy"  # heritage purple
    # the map too: Leaflet and city-map.js, which city-classroom.js fetched for it, were kept with the walk
    show_map(page)
    # the stops' pages, by their links (Material's instant navigation) and by address
    page.locator(".cc-stops a").nth(1).click()
    second = route.stops[1]
    page.wait_for_url(lambda url: url.endswith(f"/lamphun/sites/{second.id}/?walk={route.route.id}"))
    assert page.locator("h1").inner_text() == second.name.get("en")
    # the saved copy of a stop's page serves the stop's link with its ?walk= too: the box shows
    page.locator("nav.cc-between").wait_for(state="visible")
    assert page.locator(".cc-between-position").inner_text() == label("en", "stop_of", number=2, count=len(route.stops))
    last = route.stops[-1]
    page.goto(server.url + f"lamphun/sites/{last.id}/")
    assert page.locator("h1").inner_text() == last.name.get("en")
    assert page.locator(".cc-badge").first.is_visible()
    # a page that was not saved is not there
    unsaved = next(s for s in plan.guide.sites if s not in route.stops)
    with pytest.raises(PlaywrightError):  # the server is gone and the page was not kept
        page.goto(server.url + f"lamphun/sites/{unsaved.id}/")
    context.close()
