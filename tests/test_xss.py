"""Hostile editor text in every field: the built site shows it literally and runs none of it.

A generated city (languages en and th) carries one payload of `xss_payloads.PAYLOADS`
per site and per route, in every text field an editor writes; the city itself carries
all of them. The site is built with the real `mkdocs build`, served on 127.0.0.1 and
opened in Chromium: home, city, every site and route page, and every map popup.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import recordings
from browsing import click_instantly, close_popup, count_documents, follow_the_server, open_popup, show_map
from city_classroom.rendering.i18n import label
from city_factory import PIXEL_PNG, around, content_for, project_config, write_city
from site_server import SiteServer
from speech import stub_speech
from support import make_project, mkdocs_build, open_context
from xss_payloads import PAYLOADS, formatted_by_markdown

LANGUAGES = ["en", "th"]
CENTER = (18.5786, 99.0087)
SITE_FIELDS = (
    "name",
    "summary",
    "story",
    "look",
    "ask",
    "try",
    "hours",
    "price",
    "event",
    "when",
    "link",
    "alt",
    "credit",
    "supports",
    "getting_there",
    "etiquette",
    "groups",
)


def said(field: str, language: str, payload: str) -> str:
    """The text of one field in one language: the field's name, then the payload."""
    return f"{field}-{language}: {payload}"


def text(field: str, payload: str) -> dict[str, str]:
    return {language: said(field, language, payload) for language in LANGUAGES}


def block(field: str, payload: str) -> dict[str, str]:
    """Markdown fields carry the payload inside a line and again as a paragraph of its own."""
    return {language: f"{said(field, language, payload)}\n\n{payload}" for language in LANGUAGES}


def hostile_city(folder: Path) -> Path:
    (folder / "images").mkdir(parents=True)
    (folder / "audio").mkdir()
    sites, routes = [], []
    for index, payload in enumerate(PAYLOADS):
        lat, lon = around(CENTER, index, len(PAYLOADS), km=0.8)
        (folder / "images" / f"p{index}.png").write_bytes(PIXEL_PNG)
        (folder / "audio" / f"p{index}.mp3").write_bytes(recordings.mp3(frames=2))
        sites.append(
            {
                "id": f"p{index}",
                "name": text("name", payload),
                "category": ("heritage", "food", "tradition")[index % 3],
                "lat": lat,
                "lon": lon,
                "summary": text("summary", payload),
                "story": block("story", payload),
                "learn": {"look": text("look", payload), "ask": text("ask", payload), "try": text("try", payload)},
                "hours": text("hours", payload),
                "price": text("price", payload),
                "events": [{"name": text("event", payload), "when": text("when", payload), "dates": ["2026-11-24"]}],
                "images": [
                    {
                        "file": f"images/p{index}.png",
                        "alt": text("alt", payload),
                        "credit": said("credit", "all", payload.replace("\n", " ")),
                        "license": "CC0-1.0",
                    }
                ],  # a credit is one line
                "links": [{"url": "https://example.org/page", "title": text("link", payload)}],
                # issue 15: where the facts come from, how to get there, how to behave
                "sources": [
                    {
                        "url": "https://example.org/source",
                        "supports": text("supports", payload.replace("\n", " ")),
                        "checked": "2026-12-02",
                    },
                    {
                        "printed": said("printed", "all", payload.replace("\n", " ")),
                        "supports": text("supports", payload.replace("\n", " ")),
                        "checked": "2026-12-02",
                    },
                ],  # a citation is one line
                "getting_there": text("getting_there", payload),
                "etiquette": text("etiquette", payload),
                "groups": text("groups", payload),
                "access": {"step_free": "unknown", "seating": True},
                "audio": [
                    {
                        "file": f"audio/p{index}.mp3",
                        "language": "en",
                        "credit": said("recording", "all", payload.replace("\n", " ")),
                        "license": "CC0-1.0",
                    }
                ],
            }
        )
        routes.append(
            {
                "id": f"walk-{index}",
                "title": text("title", payload),
                "theme": "mixed",
                "stops": [f"p{index}", f"p{(index + 1) % len(PAYLOADS)}"],
                "summary": text("walk", payload),
            }
        )
    everything = " ".join(PAYLOADS)
    city = {
        "name": text("city", everything),
        "country": "TH",
        "languages": LANGUAGES,
        "center": {"lat": CENTER[0], "lon": CENTER[1]},
        "radius_km": 5,
        "timezone": "Asia/Bangkok",
        "summary": text("about", everything),
        "intro": {language: "\n\n".join([said("intro", language, "start"), *PAYLOADS]) for language in LANGUAGES},
    }
    return write_city(folder, city, sites, routes)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    hostile_city(root / "cities" / "hostile")
    project = make_project(root / "project", root / "cities", content_for(root / "content", LANGUAGES))
    project_config(project, LANGUAGES, search=True)  # the search index holds the payloads too
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


class _Elements(HTMLParser):
    """The real elements of a page (as a browser's parser sees tags, not text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.handlers: list[str] = []
        self.javascript_urls: list[str] = []
        self.scripts_from_payloads: list[str] = []
        self.tags: set[str] = set()
        self.payload_tags: list[str] = []
        self._in_script = False

    @classmethod
    def of(cls, html: str) -> _Elements:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value}>")
            if (
                name in ("href", "src", "action", "formaction")
                and value
                and re.sub(r"\s", "", value).lower().startswith("javascript:")
            ):
                self.javascript_urls.append(f"<{tag} {name}={value}>")
            if tag == "img" and value == "x":
                self.payload_tags.append(tag)

    def handle_data(self, data: str) -> None:
        if self._in_script and re.match(r"\s*(alert|window\.pwned)", data):
            self.scripts_from_payloads.append(data[:80])

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def test_every_payload_is_valid_yaml_and_there_are_enough():
    assert len(PAYLOADS) >= 15
    assert len(set(PAYLOADS)) == len(PAYLOADS)


def test_built_pages_hold_no_live_payload(hostile_site):
    """No payload survives as markup: no element, handler or javascript: URL made from editor text."""
    for page in hostile_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        where = page.relative_to(hostile_site)
        found = _Elements.of(html)
        assert found.handlers == [], where
        assert found.scripts_from_payloads == [], where
        assert found.javascript_urls == [], where
        assert "textarea" not in found.tags and found.payload_tags == [], where


def _folded(value: str) -> str:
    return re.sub(r"[ \t\n\r\f]+", " ", value)


def _shows(page, expected: list[str], where: str) -> None:
    shown = _folded(page.inner_text("body"))
    missing = [e for e in expected if _folded(e) not in shown]
    assert not missing, f"{where}: not shown literally: {missing}"


def _site_texts(index: int, payload: str, language: str) -> list[str]:
    texts = [said(field, language, payload) for field in SITE_FIELDS if field not in ("alt", "credit", "story")]
    texts.append(said("credit", "all", payload))
    texts.append(said("printed", "all", payload))
    if not formatted_by_markdown(payload):  # the story is Markdown: there formatting is meant to work
        texts += [said("story", language, payload), payload]
    return texts


def _popups(page, where: str) -> list[str]:
    """Open every marker of the page's map; the text of each popup."""
    texts = []
    markers = page.locator(".leaflet-marker-icon")
    for number in range(markers.count()):
        popup = open_popup(page, markers.nth(number))
        texts.append(popup.locator(".leaflet-popup-content").text_content())
        close_popup(page)
    assert texts, f"{where}: no marker to click"
    return texts


@pytest.mark.browser
def test_hostile_text_shows_literally_and_runs_nowhere(hostile_site, browser):
    with SiteServer(hostile_site) as server:
        context, watched = open_context(browser, 1024, 900)
        follow_the_server(context, server)
        page = context.new_page()

        def visit(path: str) -> None:
            page.goto(server.url + path, wait_until="load")
            if page.locator(".cc-map").count():
                show_map(page)
            assert page.evaluate("typeof window.pwned") == "undefined", path

        everything = " ".join(PAYLOADS)
        for language in LANGUAGES:
            prefix = "" if language == "en" else f"{language}/"
            visit(prefix)
            _shows(page, [said("city", language, everything), said("about", language, everything)], prefix)
            home_popups = _popups(page, prefix)
            assert any(_folded(said("city", language, everything)) in _folded(t) for t in home_popups)

            visit(f"{prefix}hostile/")
            _shows(
                page,
                [
                    said("city", language, everything),
                    said("about", language, everything),
                    *[p for p in PAYLOADS if not formatted_by_markdown(p)],
                ]
                + [said(f, language, p) for p in PAYLOADS for f in ("name", "summary", "title", "walk")],
                f"{prefix}hostile/",
            )
            popups = _popups(page, f"{prefix}hostile/")
            for payload in PAYLOADS:
                assert any(
                    _folded(said("name", language, payload)) in _folded(t)
                    and _folded(said("summary", language, payload)) in _folded(t)
                    for t in popups
                ), payload

            # Every site page in English (their fields are nowhere else); in Thai a few. Walk titles and
            # summaries are all on the city page: a few walk pages are enough for their maps.
            for index in range(len(PAYLOADS)) if language == "en" else range(3):
                payload = PAYLOADS[index]
                visit(f"{prefix}hostile/sites/p{index}/")
                _shows(page, _site_texts(index, payload, language), f"{prefix}site p{index}")
                alts = page.eval_on_selector_all("article img", "imgs => imgs.map(i => i.alt)")
                assert said("alt", language, payload) in alts, f"site p{index}: image alt"

            for index in (1, 2, 4, 17) if language == "en" else (2,):
                payload = PAYLOADS[index]
                visit(f"{prefix}hostile/routes/walk-{index}/")
                nxt = PAYLOADS[(index + 1) % len(PAYLOADS)]
                _shows(
                    page,
                    [
                        said("title", language, payload),
                        said("walk", language, payload),
                        said("name", language, payload),
                        said("name", language, nxt),
                    ],
                    f"{prefix}route walk-{index}",
                )
                route_popups = _popups(page, f"route walk-{index}")
                assert _folded(said("name", language, payload)) in _folded(route_popups[0])
                assert _folded(said("summary", language, nxt)) in _folded(route_popups[1])

        # Instant navigation re-runs the new page's inline scripts: follow links from the city page.
        visit("hostile/")
        count_documents(page)
        click_instantly(page, page.locator(".md-content a[href$='/hostile/routes/walk-2/']").first)
        show_map(page)
        after = _popups(page, "walk-2 after instant navigation")
        assert _folded(said("name", "en", PAYLOADS[2])) in _folded(after[0])
        click_instantly(page, page.locator(".md-content a[href$='/hostile/sites/p3/?walk=walk-2']").first)
        _shows(page, _site_texts(3, PAYLOADS[3], "en"), "site p3 after instant navigation")
        # the box between stops (filled by a script from the page's data) shows its names as text
        between = page.locator("nav.cc-between")
        between.wait_for(state="visible")
        assert _folded(between.locator(".cc-between-walk").inner_text()) == _folded(said("title", "en", PAYLOADS[2]))
        previous = _folded(between.locator(".cc-between-previous").inner_text())
        assert previous.endswith(_folded(said("name", "en", PAYLOADS[2]))), previous
        assert between.locator("*").evaluate_all("es => es.map(e => e.tagName)") == ["P", "A", "SPAN", "P", "A", "A"]
        assert page.evaluate("typeof window.pwned") == "undefined"
        context.close()
    assert watched.dialogs == []
    assert watched.trouble() == []


@pytest.mark.browser
def test_search_results_show_hostile_text_as_text(hostile_site, browser):
    """Pagefind's results (titles and excerpts, written into the page by its interface) hold
    no element but its own links and highlights, whatever the indexed text held."""
    context, watched = open_context(browser, 1280, 900)
    try:
        with SiteServer(hostile_site) as server:
            page = context.new_page()
            for words in ("onerror", "script", "pwned", "javascript", "img"):
                page.goto(server.url + "search/?q=" + words)
                page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result-excerpt').length > 0")
                made = page.evaluate(
                    """() => [...document.querySelectorAll('.pagefind-ui__result-title *, '
                         + '.pagefind-ui__result-excerpt *')].map(element => element.tagName)"""
                )
                assert set(made) <= {"A", "MARK"}, (words, made)
                assert page.evaluate("() => window.pwned === undefined && window.pwned2 === undefined")
        assert watched.trouble() == []
    finally:
        context.close()


@pytest.mark.browser
def test_walk_mode_and_listen_show_hostile_text_as_text_and_read_it_as_words(hostile_site, browser):
    """Walk mode (issue 16) fills its panel from the page's data with textContent: every name,
    summary, prompt and recording credit shows as typed, no element is made of them, and
    "Listen" hands the speech synthesis the very characters typed."""
    context, watched = open_context(browser, 360, 740)
    stub_speech(context)
    try:
        with SiteServer(hostile_site) as server:
            page = context.new_page()
            for index in (1, 2, 4, 17):
                payload, following = PAYLOADS[index], PAYLOADS[(index + 1) % len(PAYLOADS)]
                page.goto(server.url + f"hostile/routes/walk-{index}/")
                page.locator(".cc-walk-start").click()
                panel = page.locator(".cc-walk-panel")
                panel.wait_for(state="visible")  # walk mode's script comes at the first tap
                assert _folded(panel.locator(".cc-walk-name").inner_text()) == _folded(said("name", "en", payload))
                _shows(
                    page,
                    [said(field, "en", payload) for field in ("name", "summary", "look", "ask", "try")]
                    + [said("recording", "all", payload.replace("\n", " ")), said("name", "en", following)],
                    f"walk mode on walk-{index}",
                )
                made = panel.locator(".cc-walk-prompts *, .cc-walk-recording figcaption *, .cc-walk-name *")
                assert made.evaluate_all("es => es.map(e => e.tagName)") == ["P", "STRONG", "SPAN"] * 3
                page.locator(".cc-walk-panel .cc-listen-play").click()  # the recording, told in English
                page.wait_for_function("() => window.ccPlayed.length === 1")
                assert page.evaluate("() => window.ccPlayed[0]").startswith(server.url + "hostile/media/")
                page.locator(".cc-walk-next").click()
                assert _folded(panel.locator(".cc-walk-name").inner_text()) == _folded(said("name", "en", following))
                assert page.evaluate("typeof window.pwned") == "undefined"
                page.locator(".cc-walk-end").click()
                # on the Thai page there is no recording in Thai: the words are read, as typed
                page.goto(server.url + f"th/hostile/routes/walk-{index}/")
                page.locator(".cc-walk-start").click()
                page.locator(".cc-walk-panel .cc-listen-play").click()
                page.wait_for_function("() => window.ccSpoken.length >= 5")
                spoken = page.evaluate("() => window.ccSpoken.map(u => u.text)")
                assert spoken[:2] == [said("name", "th", payload), said("summary", "th", payload)]
                assert spoken[2] == f"{label('th', 'look')}: {said('look', 'th', payload)}"
                assert page.evaluate("typeof window.pwned") == "undefined"
                page.locator(".cc-walk-end").click()
        assert watched.dialogs == []
        assert watched.trouble() == []
    finally:
        context.close()
