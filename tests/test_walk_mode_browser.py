"""Walk mode and read aloud (issue 16) in Chromium, on the fixture city's temple walk.

* walked along the route with a mocked position: the distance to the stop ahead falls as the
  position moves, a stop is reached within the radius, and the live region announces it;
  the position is watched only while the walk is on (clearWatch when it ends, and when
  Material's instant navigation leaves the page), and walk mode works again after it;
* without permission, "Next stop"/"Previous stop" step through the stops, announced;
* a reload goes on from the same stop;
* "Listen" with a stubbed speechSynthesis that records each utterance: Thai words in th-TH on
  a Thai page, the slower rate for elders (remembered), "no Thai voice" where the device has
  none (speaking nothing), voices that arrive late (voiceschanged) waited for; the recorded
  story played instead where there is one in the page's language, and Chromium decodes it;
* a saved walk opens offline with walk mode and its recording;
* axe-core at 360 px with walk mode open, in English, Thai and Chinese, and no reflow problem
  with the text twice as large.
"""

from __future__ import annotations

import pytest

from browsing import click_instantly, count_documents, follow_the_server
from city_classroom.geo import distance_m
from city_classroom.rendering.i18n import label
from page_quality import axe_audit, reflow_problems, scale_text
from site_server import SiteServer
from speech import stub_speech
from support import open_context

pytestmark = pytest.mark.browser

ROUTE = "riverton/routes/temple-walk/"
STOPS = {  # the fixture's temple walk: (lat, lon), English and Thai names
    "old-temple": ((18.5773, 99.0081), "Old Temple", "วัดเก่า"),
    "museum": ((18.5780, 99.0090), "Museum", "พิพิธภัณฑ์"),
    "third-temple": ((18.5800, 99.0060), "Third Temple", "วัดที่สาม"),
}
ORDER = list(STOPS)

WATCH_COUNTER = """
(() => {
  const g = navigator.geolocation;
  const watch = g.watchPosition.bind(g), clear = g.clearWatch.bind(g);
  window.ccWatch = {started: 0, cleared: 0, open: 0};
  g.watchPosition = function (...args) { ccWatch.started += 1; ccWatch.open += 1; return watch(...args); };
  g.clearWatch = function (id) { ccWatch.cleared += 1; ccWatch.open -= 1; return clear(id); };
})();
"""


@pytest.fixture(scope="module")
def server(fixture_site):
    with SiteServer(fixture_site) as running:
        yield running


def _context(browser, server, voices=("en-US", "th-TH", "zh-CN"), late=False, located=None, **options):
    """A phone-sized context with the speech stub and the watch counter; `located`: a position, granted."""
    context, watched = open_context(browser, 360, 740, **options)
    follow_the_server(context, server)
    stub_speech(context, voices, late)
    context.add_init_script(script=WATCH_COUNTER)
    if located is not None:
        context.grant_permissions(["geolocation"], origin=server.url.rstrip("/"))
        context.set_geolocation({"latitude": located[0], "longitude": located[1]})
    return context, watched


def _announced(page) -> str:
    return page.locator(".cc-walk-announce").inner_text()


def _wait_announced(page, text: str) -> None:
    page.wait_for_function("t => document.querySelector('.cc-walk-announce').textContent === t", arg=text)


def _distance(page) -> int:
    return int(page.locator("section.cc-walk-mode").get_attribute("data-distance"))


def _wait_distance_below(page, metres: int) -> int:
    page.wait_for_function(
        "m => Number(document.querySelector('section.cc-walk-mode').getAttribute('data-distance')) < m", arg=metres
    )
    return _distance(page)


def test_walking_the_route_with_a_mocked_position(browser, server):
    south = (18.5746, 99.0081)  # 300 m south of the old temple
    context, watched = _context(browser, server, located=south)
    page = context.new_page()
    page.goto(server.url + ROUTE)
    page.locator(".cc-walk-start").click()
    assert page.locator(".cc-walk-announce").get_attribute("role") == "status"
    _wait_announced(page, label("en", "walk_announce", number=1, count=3, name="Old Temple"))
    assert page.locator(".cc-walk-name").inner_text() == "Old Temple"
    assert page.locator(".cc-walk-leg").inner_text().startswith("Next: Museum, ")
    assert "north-east" in page.locator(".cc-walk-leg").inner_text()

    page.locator(".cc-walk-follow").click()
    page.wait_for_function("() => document.querySelector('section.cc-walk-mode').hasAttribute('data-distance')")
    first = _distance(page)
    assert abs(first - distance_m(*south, *STOPS["old-temple"][0])) <= 1
    assert page.locator(".cc-walk-live").inner_text() == f"{first} m to Old Temple as the crow flies, heading north"

    context.set_geolocation({"latitude": 18.5760, "longitude": 99.0081})  # closer
    closer = _wait_distance_below(page, first)
    assert abs(closer - distance_m(18.5760, 99.0081, *STOPS["old-temple"][0])) <= 1
    assert page.locator("section.cc-walk-mode").get_attribute("data-reached") == "no"

    context.set_geolocation({"latitude": 18.57745, "longitude": 99.0081})  # 17 m: within the 40 m radius
    _wait_announced(page, label("en", "walk_arrived", number=1, count=3, name="Old Temple"))
    assert page.locator("section.cc-walk-mode").get_attribute("data-reached") == "yes"
    # now the live distance is to the stop ahead: the museum
    assert page.locator(".cc-walk-live").inner_text().endswith("to Museum as the crow flies, heading north-east")
    to_museum = _distance(page)

    context.set_geolocation({"latitude": 18.5777, "longitude": 99.0086})
    _wait_distance_below(page, to_museum)
    context.set_geolocation({"latitude": 18.5780, "longitude": 99.0089})  # 11 m from the museum
    _wait_announced(page, label("en", "walk_arrived", number=2, count=3, name="Museum"))
    assert page.locator(".cc-walk-name").inner_text() == "Museum"
    assert page.locator(".cc-walk-position").inner_text() == "Stop 2 of 3"
    assert page.evaluate("() => ccWatch") == {"started": 1, "cleared": 0, "open": 1}

    page.locator(".cc-walk-end").click()
    assert page.evaluate("() => ccWatch") == {"started": 1, "cleared": 1, "open": 0}
    assert page.locator(".cc-walk-panel").is_hidden() and page.locator(".cc-walk-start").is_visible()
    assert watched.trouble() == []
    context.close()


def test_instant_navigation_ends_the_watch_and_walk_mode_works_after_it(browser, server):
    context, watched = _context(browser, server, located=STOPS["old-temple"][0])
    page = context.new_page()
    page.goto(server.url + ROUTE)
    count_documents(page)
    page.locator(".cc-walk-start").click()
    page.locator(".cc-walk-follow").click()
    page.wait_for_function("() => document.querySelector('section.cc-walk-mode').dataset.reached === 'yes'")
    assert page.evaluate("() => ccWatch.open") == 1
    # leave by a stop's link: Material swaps the page in, and the watch must end with it
    click_instantly(page, page.locator(".cc-walk-page"))
    page.wait_for_function("() => ccWatch.open === 0")
    assert page.url.endswith("/riverton/sites/old-temple/?walk=temple-walk")
    # back to the route page by the between-stops box, again instantly: walk mode picks up
    page.locator("nav.cc-between").wait_for(state="visible")
    click_instantly(page, page.locator(".cc-between-walk"))
    page.locator(".cc-walk-panel").wait_for(state="visible")
    assert page.locator(".cc-walk-name").inner_text() == "Old Temple"
    page.wait_for_function("() => ccWatch.open === 1")  # following again, as the reader left it
    page.locator(".cc-walk-next").click()
    _wait_announced(page, label("en", "walk_announce", number=2, count=3, name="Museum"))
    page.locator(".cc-walk-end").click()
    assert page.evaluate("() => ccWatch.open") == 0
    assert watched.trouble() == []
    context.close()


def test_stepping_by_hand_when_the_position_is_refused(browser, server):
    context, watched = _context(browser, server)  # no permission granted: Chromium refuses
    page = context.new_page()
    page.goto(server.url + "th/" + ROUTE)
    page.locator(".cc-walk-start").click()
    page.locator(".cc-walk-follow").click()
    page.wait_for_function("() => document.querySelector('section.cc-walk-mode').dataset.located === 'no'")
    assert page.locator(".cc-walk-live").inner_text() == label("th", "walk_no_position")
    assert page.evaluate("() => ccWatch.open") == 0  # refused: the watch is cleared
    assert page.locator(".cc-walk-previous").is_disabled()
    for number, stop in enumerate(ORDER[1:], start=2):
        page.locator(".cc-walk-next").click()
        _wait_announced(page, label("th", "walk_announce", number=number, count=3, name=STOPS[stop][2]))
        assert page.locator(".cc-walk-name").inner_text() == STOPS[stop][2]
    assert page.locator(".cc-walk-next").is_disabled()
    assert page.locator(".cc-walk-leg").inner_text() == label("th", "walk_last")
    page.locator(".cc-walk-previous").click()
    _wait_announced(page, label("th", "walk_announce", number=2, count=3, name="พิพิธภัณฑ์"))
    assert page.locator(".cc-walk-page").get_attribute("href") == "../../sites/museum/?walk=temple-walk"
    assert watched.trouble() == []
    context.close()


def test_a_reload_keeps_the_place(browser, server):
    context, watched = _context(browser, server)
    page = context.new_page()
    page.goto(server.url + ROUTE)
    page.locator(".cc-walk-start").click()
    page.locator(".cc-walk-next").click()
    page.locator(".cc-walk-next").click()
    _wait_announced(page, label("en", "walk_announce", number=3, count=3, name="Third Temple"))
    page.reload()
    page.locator(".cc-walk-panel").wait_for(state="visible")
    assert page.locator(".cc-walk-name").inner_text() == "Third Temple"
    assert _announced(page) == label("en", "walk_announce", number=3, count=3, name="Third Temple")
    # another route keeps a place of its own
    page.goto(server.url + "riverton/routes/river-path/")
    page.locator(".cc-walk-start").wait_for(state="visible")
    assert page.locator(".cc-walk-panel").is_hidden()
    assert watched.trouble() == []
    context.close()


def test_without_javascript_the_route_page_is_as_it_was(browser, server):
    context, _ = open_context(browser, 360, 740, java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + ROUTE)
    assert page.locator("section.cc-walk-mode").is_hidden()
    assert page.locator(".cc-listen").count() == 1 and page.locator(".cc-listen").is_hidden()
    assert page.locator(".cc-stops li").count() == 3
    context.close()


# --- read aloud ------------------------------------------------------------------------------


def _listen(page):
    page.locator(".cc-listen-play").click()


def _spoken(page) -> list[dict]:
    return page.evaluate("() => window.ccSpoken")


def test_listen_speaks_thai_on_a_thai_page_slower_for_elders(browser, server):
    context, watched = _context(browser, server)
    page = context.new_page()
    page.goto(server.url + "th/riverton/sites/museum/")
    _listen(page)
    page.wait_for_function("() => window.ccSpoken.length >= 3")
    spoken = _spoken(page)
    assert [u["text"] for u in spoken] == ["พิพิธภัณฑ์", "ของเก่า", f"{label('th', 'try')}: วาดรูป"]
    assert {u["lang"] for u in spoken} == {"th-TH"} and {u["voice"] for u in spoken} == {"th-TH"}
    assert {u["rate"] for u in spoken} == {1}
    # the slower rate, for elders; remembered on the next page
    page.locator(".cc-listen-slow input").check()
    page.evaluate("() => { window.ccSpoken.length = 0; }")
    _listen(page)
    page.wait_for_function("() => window.ccSpoken.length >= 3")
    assert {u["rate"] for u in _spoken(page)} == {0.75}
    page.goto(server.url + "th/riverton/sites/third-temple/")
    page.locator(".cc-listen").wait_for(state="visible")
    assert page.locator(".cc-listen-slow input").is_checked()
    _listen(page)
    page.wait_for_function("() => window.ccSpoken.length >= 1")
    assert {(u["lang"], u["rate"]) for u in _spoken(page)} == {("th-TH", 0.75)}
    assert watched.trouble() == []
    context.close()


def test_no_thai_voice_is_said_and_nothing_is_spoken(browser, server):
    context, watched = _context(browser, server, voices=("en-US", "en-GB"))
    page = context.new_page()
    page.goto(server.url + "th/riverton/sites/museum/")
    _listen(page)
    page.wait_for_function("() => document.querySelector('.cc-listen').dataset.state === 'no-voice'")
    assert page.locator(".cc-listen-status").inner_text() == "ไม่มีเสียงอ่านภาษาไทยในเครื่องนี้"
    assert _spoken(page) == []
    # the English page of the same site is read, in English
    page.goto(server.url + "riverton/sites/museum/")
    _listen(page)
    page.wait_for_function("() => window.ccSpoken.length >= 3")
    assert {u["lang"] for u in _spoken(page)} == {"en"} and {u["voice"] for u in _spoken(page)} == {"en-US"}
    context.close()
    # a Chinese page whose texts are the English fallback, on a device with a Chinese voice only:
    # the Chinese voice does not read English words; the control says which voice is missing
    context, watched = _context(browser, server, voices=("zh-CN",))
    page = context.new_page()
    page.goto(server.url + "zh/riverton/sites/museum/")
    _listen(page)
    page.wait_for_function("() => document.querySelector('.cc-listen').dataset.state === 'no-voice'")
    assert page.locator(".cc-listen-status").inner_text() == label("zh", "listen_no_voice", language_name="英语")
    assert _spoken(page) == []
    assert watched.trouble() == []
    context.close()


def test_voices_that_arrive_late_are_waited_for(browser, server):
    context, watched = _context(browser, server, late=True, voices=("zh-CN", "en-US"))
    page = context.new_page()
    page.goto(server.url + "zh/riverton/sites/museum/")
    _listen(page)
    page.wait_for_function("() => document.querySelector('.cc-listen').dataset.state === 'waiting'")
    assert page.locator(".cc-listen-status").inner_text() == label("zh", "listen_waiting")
    assert _spoken(page) == []
    page.evaluate("() => window.ccVoicesArrive()")
    page.wait_for_function("() => window.ccSpoken.length >= 3")
    # riverton has no Chinese texts: the page shows the English ones, read with the English voice
    assert _spoken(page) == [
        {"text": text, "lang": "en", "rate": 1, "voice": "en-US"}
        for text in ("Museum", "Old things.", f"{label('en', 'try')}: Draw a pot.")
    ]
    assert watched.trouble() == []
    context.close()


def test_the_recording_is_played_instead_and_chromium_decodes_it(browser, server):
    context, watched = _context(browser, server)
    page = context.new_page()
    page.goto(server.url + "th/riverton/sites/old-temple/")
    _listen(page)
    page.wait_for_function("() => window.ccPlayed.length === 1")
    assert page.evaluate("() => window.ccPlayed[0]") == server.url + "riverton/media/1.mp3"
    assert _spoken(page) == []
    assert page.locator(".cc-listen-status").inner_text() == label("th", "listen_playing")
    assert "Told by Grandmother Kham" in page.locator("figure.cc-recording figcaption").inner_text()
    duration = page.evaluate(
        """url => new Promise((done, failed) => {
             const audio = new Audio();
             audio.preload = 'auto';
             audio.onloadedmetadata = () => done(audio.duration);
             audio.onerror = () => failed(new Error('cannot decode: ' + (audio.error && audio.error.code)));
             audio.src = url;
           })""",
        server.url + "riverton/media/1.mp3",
    )
    assert 0.4 < duration < 0.7  # 20 frames of 1,152 samples at 44.1 kHz
    # in walk mode: the first stop plays its recording, the second is read aloud
    page.goto(server.url + "th/" + ROUTE)
    page.evaluate("() => { window.ccPlayed.length = 0; }")
    page.locator(".cc-walk-start").click()  # walk mode's script comes now, at the first tap
    page.locator(".cc-walk-panel").wait_for(state="visible")
    assert page.locator(".cc-walk-recording").is_visible()
    page.locator(".cc-walk-panel .cc-listen-play").click()
    page.wait_for_function("() => window.ccPlayed.length === 1")
    page.locator(".cc-walk-next").click()
    assert page.locator(".cc-walk-recording").is_hidden()
    page.locator(".cc-walk-panel .cc-listen-play").click()
    page.wait_for_function("() => window.ccSpoken.length >= 3")
    assert _spoken(page)[0] == {"text": "พิพิธภัณฑ์", "lang": "th-TH", "rate": 1, "voice": "th-TH"}
    assert watched.trouble() == []
    context.close()


# --- offline, and axe -----------------------------------------------------------------------


def test_a_saved_walk_works_offline_with_walk_mode_and_its_recording(browser, fixture_site):
    running = SiteServer(fixture_site).__enter__()  # its own origin: a service worker of its own
    context, watched = open_context(browser, 360, 740)
    stub_speech(context)
    try:
        page = context.new_page()
        page.goto(running.url + "th/" + ROUTE)
        page.locator(".cc-offline-save").click()
        page.wait_for_selector(".cc-offline[data-state=saved], .cc-offline[data-state=failed]", timeout=60_000)
        assert page.locator(".cc-offline").get_attribute("data-state") == "saved"
        kept = page.evaluate(
            """url => caches.open('cc-walks-v1').then(cache => cache.match(url)).then(r => r ? r.status : 0)""",
            running.url + "riverton/media/1.mp3",
        )
        assert kept == 200, "the recording was not kept with the walk"
        assert watched.trouble() == []
    finally:
        running.__exit__(None, None, None)
    context.set_offline(True)
    page.reload()
    page.locator(".cc-walk-start").click()
    _wait_announced(page, label("th", "walk_announce", number=1, count=3, name="วัดเก่า"))
    page.locator(".cc-walk-next").click()
    _wait_announced(page, label("th", "walk_announce", number=2, count=3, name="พิพิธภัณฑ์"))
    page.reload()  # the place is kept offline too
    page.locator(".cc-walk-panel").wait_for(state="visible")
    assert page.locator(".cc-walk-name").inner_text() == "พิพิธภัณฑ์"
    # the recording plays from the saved copy
    page.locator(".cc-walk-previous").click()
    assert page.locator(".cc-walk-recording").is_visible()
    duration = page.evaluate(
        """() => new Promise((done, failed) => {
             const audio = document.querySelector('.cc-walk-recording audio');
             audio.onloadedmetadata = () => done(audio.duration);
             audio.onerror = () => failed(new Error('no recording offline: ' + (audio.error && audio.error.code)));
             audio.preload = 'auto';
             audio.load();
           })"""
    )
    assert duration > 0.4
    context.close()


@pytest.mark.parametrize("language", ["en", "th", "zh"])
def test_walk_mode_and_listen_pass_axe_at_phone_width(browser, server, language):
    context, watched = _context(browser, server, located=STOPS["old-temple"][0])
    page = context.new_page()
    prefix = "" if language == "en" else f"{language}/"
    page.goto(server.url + prefix + ROUTE)
    page.locator(".cc-walk-start").click()
    page.locator(".cc-walk-follow").click()
    page.wait_for_function("() => document.querySelector('section.cc-walk-mode').dataset.reached === 'yes'")
    # riverton has no Chinese texts: on the Chinese page the English ones are marked as English
    fallback = "en" if language == "zh" else None
    assert page.locator(".cc-walk-name").get_attribute("lang") == fallback
    assert page.locator(".cc-walk-prompt span").first.get_attribute("lang") == fallback
    audit = axe_audit(page)
    assert [v for v in audit.violations if "cc-walk" in v or "cc-listen" in v] == []
    assert [v for v in audit.violations if "target-size" not in v] == []  # map pins: another helper's issue
    # large text for tired eyes: twice the size, and still nothing cut off or pushed sideways
    scale_text(page, 200)
    assert reflow_problems(page) == []
    scale_text(page, 50)
    page.goto(server.url + prefix + "riverton/sites/old-temple/")
    page.locator(".cc-listen").wait_for(state="visible")
    assert axe_audit(page).violations == []
    assert watched.trouble() == []
    context.close()
