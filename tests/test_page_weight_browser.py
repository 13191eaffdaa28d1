"""Lighter pages (issue 19), in Chromium: a page fetches only what it uses, and when it uses it.

* a route page at a phone's 360×740 fetches no Leaflet before its map comes near the screen:
  the walk's words come first; scrolled to, the map gets its libraries and draws its pins;
* a page without a map fetches no Leaflet, however far it is scrolled;
* what each kind of page fetches at once is exactly what assets.py says (which the bench counts);
* walk mode, "Listen", "Near me" and "Save this walk" are shown at once and work from a first
  tap, their scripts fetched then, once, and again after Material's instant navigation; a page
  without the feature fetches none of its script;
* the language menu's script comes only after an instant navigation (or where its links must
  keep the address's query).
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import pytest

from browsing import click_instantly, count_documents, follow_the_server, show_map
from city_classroom.mkdocs_plugin import assets
from city_classroom.rendering.i18n import label
from site_server import SiteServer
from speech import stub_speech
from support import open_context

pytestmark = pytest.mark.browser

PHONE = (360, 740)
ROUTE = "lamphun/routes/old-town-heritage-walk/"
"""The seed route page the bench weighs: at 360×740 its map starts below the first screen."""


def _fetching(page) -> Counter:
    """Every script and style the page loads from now on (not what a fetch() asks for), by path, counted."""
    asked: Counter = Counter()
    page.on(
        "request",
        lambda request: (
            asked.update([urlsplit(request.url).path]) if request.resource_type in ("script", "stylesheet") else None
        ),
    )
    return asked


def _scripts(asked: Counter) -> set[str]:
    """The guide's scripts asked for, as assets.py names them; Material's, city-classroom.js and the
    map libraries (which come when a map is near the screen) left out."""
    return {
        path.lstrip("/")
        for path in asked
        if path.startswith("/assets/javascripts/")
        and not path.endswith(("/bundle.a5f9d56c.min.js", "/city-classroom.js", "/city-map.js"))
    }


def _map_libraries(asked: Counter) -> list[str]:
    return sorted(path for path in asked if "/assets/vendor/" in path or path.endswith("/city-map.js"))


@pytest.fixture(scope="module")
def fixture_server(fixture_site):
    with SiteServer(fixture_site) as running:
        yield running


def test_a_phone_gets_the_route_pages_words_before_its_map(browser, repo_server):
    context, watched = open_context(browser, *PHONE)
    try:
        page = context.new_page()
        asked = _fetching(page)
        page.goto(repo_server.url + ROUTE, wait_until="networkidle")
        top = page.eval_on_selector(".cc-map", "m => m.getBoundingClientRect().top")
        assert top > PHONE[1] * 1.25  # below the first screen, and beyond NEAR (a quarter of a screen)
        assert _map_libraries(asked) == []
        assert page.evaluate("() => typeof L") == "undefined"
        assert page.locator(".cc-map .leaflet-container, .cc-map.leaflet-container").count() == 0
        assert page.locator(".cc-stops li").count() == 5 and page.locator(".cc-walk-start").is_visible()
        # scrolled to, the map gets its libraries, each once, and draws its pins (no clustering here)
        show_map(page)
        assert page.locator(".cc-map .leaflet-marker-icon").count() == 5
        libraries = _map_libraries(asked)
        assert libraries == sorted("/" + path for path in assets.map_libraries(cluster=False))
        assert all(asked[path] == 1 for path in libraries)
        # Leaflet's styles went in before the guide's, which style the map
        order = page.eval_on_selector_all(
            "head link[rel=stylesheet]", "links => links.map(l => new URL(l.href).pathname.split('/').pop())"
        )
        assert order.index("leaflet.css") < order.index("city.css")
        assert watched.trouble() == []
    finally:
        context.close()


@pytest.mark.parametrize("path", ["lamphun/sites/wat-mahawan/", "about/", "search/"])
def test_a_page_without_a_map_fetches_no_leaflet(browser, repo_server, path):
    context, watched = open_context(browser, *PHONE)
    try:
        page = context.new_page()
        asked = _fetching(page)
        page.goto(repo_server.url + path, wait_until="networkidle")
        assert page.locator(".cc-map").count() == 0
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        assert _map_libraries(asked) == []
        assert page.evaluate("() => typeof L") == "undefined"
        assert watched.trouble() == []
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "riverton/",
        "riverton/sites/old-temple/",
        "riverton/sites/old-temple/?walk=temple-walk",
        "riverton/routes/temple-walk/",
        "riverton/routes/temple-walk/sheet/",
        "search/",
        "th/riverton/sites/museum/",
    ],
)
def test_a_page_fetches_at_once_what_assets_py_says(browser, fixture_server, fixture_site, path):
    """The scripts city-classroom.js fetches on a first visit, before any tap, are those of the
    features assets.py finds in the page (the bench counts the same), and nothing else: a page
    without walk mode, Listen, Near me or offline saving fetches none of their scripts."""
    context, watched = open_context(browser, 1280, 900)
    try:
        page = context.new_page()
        asked = _fetching(page)
        page.goto(fixture_server.url + path, wait_until="networkidle")
        page_file = urlsplit(path).path + "index.html"
        html = (fixture_site / page_file).read_text(encoding="utf-8")
        when = ("at once", "on a walk", "after an instant navigation, or with a query") if "?" in path else ("at once",)
        expected = set(assets.fetched_scripts(html, when=when))
        assert _scripts(asked) == expected
        later = set(assets.fetched_scripts(html, when=(assets.ON_FIRST_USE,)))
        assert not later & _scripts(asked)
        assert watched.trouble() == []
    finally:
        context.close()


def _tap(page, asked: Counter, control: str, scripts: list[str]) -> None:
    """Tap a feature whose script has not come yet: it is fetched then, once."""
    assert all(asked["/" + script] == 0 for script in scripts), scripts
    page.locator(control).click()


def test_tap_only_features_work_from_the_first_tap_and_after_instant_navigation(browser, fixture_server):
    context, watched = open_context(browser, *PHONE)
    follow_the_server(context, fixture_server)
    stub_speech(context)
    context.grant_permissions(["geolocation"], origin=fixture_server.url.rstrip("/"))
    context.set_geolocation({"latitude": 18.5773, "longitude": 99.0081})  # at the old temple
    walk_mode = ["assets/javascripts/read-aloud.js", "assets/javascripts/walk-mode.js"]
    try:
        page = context.new_page()
        asked = _fetching(page)
        page.goto(fixture_server.url + "riverton/routes/temple-walk/", wait_until="networkidle")
        count_documents(page)
        # walk mode: "Start the walk" is there before its script; the first tap opens the walk
        assert page.locator(".cc-walk-start").is_visible() and page.locator(".cc-offline-save").is_visible()
        _tap(page, asked, ".cc-walk-start", walk_mode)
        page.locator(".cc-walk-panel").wait_for(state="visible")
        page.wait_for_function(
            "t => document.querySelector('.cc-walk-announce').textContent === t",
            arg=label("en", "walk_announce", number=1, count=3, name="Old Temple"),
        )
        assert page.evaluate("() => document.activeElement.classList.contains('cc-walk-name')")
        page.locator(".cc-walk-panel .cc-listen-play").click()  # Listen inside walk mode: read-aloud.js is here
        page.wait_for_function("() => window.ccSpoken.length > 0")
        page.locator(".cc-walk-end").click()
        # another route, reached by instant navigation (the city, then the route): walk mode at once
        click_instantly(page, page.locator("article h1 + p a"))
        # near me on the city page, from the first tap
        _tap(page, asked, ".cc-near-me-locate", ["assets/javascripts/near-me.js"])
        page.wait_for_selector(".cc-near-me[data-located=yes] .cc-near-me-list li")
        assert page.locator(".cc-near-me-list li").first.get_attribute("data-site") == "old-temple"
        click_instantly(page, page.locator("#route-river-path a"))
        page.locator(".cc-walk-start").click()
        page.locator(".cc-walk-panel").wait_for(state="visible")
        page.locator(".cc-walk-end").click()
        # Listen on a site page reached by instant navigation: the script is here already
        spoken = page.evaluate("() => window.ccSpoken.length")
        click_instantly(page, page.locator(".cc-stops a").first)
        page.locator(".cc-listen-play").click()
        page.wait_for_function("n => window.ccSpoken.length > n", arg=spoken)
        for script in [*walk_mode, "assets/javascripts/near-me.js"]:
            assert asked["/" + script] == 1, script
        assert watched.trouble() == []
    finally:
        context.close()


def test_listen_on_a_site_page_works_from_the_first_tap(browser, fixture_server):
    context, watched = open_context(browser, *PHONE)
    stub_speech(context)
    try:
        page = context.new_page()
        asked = _fetching(page)
        page.goto(fixture_server.url + "th/riverton/sites/museum/", wait_until="networkidle")
        assert page.locator(".cc-listen").is_visible()
        # "Read slowly" first: the tap on the box comes through, once the script is here
        _tap(page, asked, ".cc-listen-slow input", ["assets/javascripts/read-aloud.js"])
        page.wait_for_function("() => document.querySelector('.cc-listen-slow input').checked")
        page.locator(".cc-listen-play").click()
        page.wait_for_function("() => window.ccSpoken.length > 0")
        assert {utterance["rate"] for utterance in page.evaluate("() => window.ccSpoken")} == {0.75}
        assert asked["/assets/javascripts/read-aloud.js"] == 1
        # the reader's choice is kept: on the next visit the script comes at once, to show it
        page.reload(wait_until="networkidle")
        assert page.locator(".cc-listen-slow input").is_checked()
        assert watched.trouble() == []
    finally:
        context.close()


def test_saving_a_walk_works_from_the_first_tap_after_instant_navigation(browser, fixture_site):
    """offline.js comes at the tap; the walk it saves keeps what city-classroom.js fetches for its
    pages later (walk mode, the map libraries), which this page had not fetched yet, and the map
    below the first screen is drawn so that the service worker keeps its tiles."""
    with SiteServer(fixture_site) as server:  # an origin of its own: a service worker of its own
        context, watched = open_context(browser, *PHONE)
        follow_the_server(context, server)
        try:
            page = context.new_page()
            asked = _fetching(page)
            page.goto(server.url + "riverton/", wait_until="networkidle")
            count_documents(page)
            click_instantly(page, page.locator("#route-temple-walk a"))
            _tap(page, asked, ".cc-offline-save", ["assets/javascripts/offline.js"])
            page.wait_for_selector(".cc-offline[data-state=saved], .cc-offline[data-state=failed]", timeout=60_000)
            assert page.locator(".cc-offline").get_attribute("data-state") == "saved"
            assert asked["/assets/javascripts/offline.js"] == 1
            # the map, not scrolled to, was drawn for the saving: its tiles are kept as they load
            page.wait_for_selector(".cc-map .leaflet-marker-icon", state="attached")
            kept = page.evaluate(
                "() => caches.open('cc-walks-v1').then(c => c.keys()).then(ks => ks.map(k => new URL(k.url).pathname))"
            )
            for path in [
                "assets/javascripts/walk-mode.js",
                "assets/javascripts/read-aloud.js",
                *assets.map_libraries(False),
            ]:
                assert "/" + path in kept, path
            assert watched.trouble() == []
        finally:
            context.close()


def test_the_language_menus_script_comes_after_an_instant_navigation(browser, fixture_server):
    context, watched = open_context(browser, 1280, 900)
    follow_the_server(context, fixture_server)
    try:
        page = context.new_page()
        asked = _fetching(page)
        page.goto(fixture_server.url + "riverton/routes/temple-walk/", wait_until="networkidle")
        count_documents(page)
        assert asked["/assets/javascripts/city-language.js"] == 0
        click_instantly(page, page.locator(".cc-stops a").first)
        thai = page.locator(".md-select__link[hreflang=th]")
        page.wait_for_function(
            "() => document.querySelector('.md-select__link[hreflang=th]').href"
            ".endsWith('/th/riverton/sites/old-temple/?walk=temple-walk')"
        )
        assert thai.get_attribute("aria-current") is None
        assert asked["/assets/javascripts/city-language.js"] == 1
        assert watched.trouble() == []
    finally:
        context.close()
