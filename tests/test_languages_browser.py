"""The language menu in Chromium: every page leads to itself in another language.

Switching is tried on a page loaded as it is, and on a page reached by Material's instant
navigation, which keeps the header (and so the menu) of the first page read: the menu must
still lead to the page on screen, and the new page must carry its own <html lang>.
"""

from __future__ import annotations

import pytest

from browsing import click_instantly, count_documents
from city_classroom.rendering.i18n import label

LANGUAGES = ("en", "th", "zh")
SWITCHES = [("en", "th"), ("th", "zh"), ("zh", "en"), ("en", "zh")]
SITE = "lamphun/sites/kad-nong-dok/"
PAGE_TYPES = {
    "home": "",
    "city": "lamphun/",
    "site": SITE,
    "route": "shanghai/routes/bund-to-old-town/",
    "about": "about/",
    "contribute": "contribute/",
    "search": "search/",
}


def url(server, language: str, path: str) -> str:
    return server.url + ("" if language == "en" else f"{language}/") + path


def html_lang(page) -> str:
    """The language of the document now shown: waited for, as a new one may still be taking over."""
    page.wait_for_load_state("domcontentloaded")
    handle = page.wait_for_function("() => document.documentElement && document.documentElement.lang")
    return handle.json_value()


def switch_to(page, language: str) -> None:
    """Open the menu as a reader does (pointer over the translate button) and choose a language."""
    page.hover(".md-header .md-select > button")
    choice = page.locator(f'.md-select__link[hreflang="{language}"]')
    choice.wait_for(state="visible")
    with page.expect_navigation():
        choice.click()


@pytest.mark.browser
@pytest.mark.parametrize(("start", "target"), SWITCHES)
def test_the_menu_leads_to_the_same_page_on_first_load(page, repo_server, start, target):
    page.goto(url(repo_server, start, SITE))
    assert html_lang(page) == start
    switch_to(page, target)
    assert page.url == url(repo_server, target, SITE)
    assert html_lang(page) == target


@pytest.mark.browser
@pytest.mark.parametrize(("start", "target"), SWITCHES)
def test_the_menu_follows_an_instant_navigation(page, repo_server, start, target):
    page.goto(url(repo_server, start, "lamphun/"))
    count_documents(page)
    click_instantly(page, page.locator(f'article a[href$="/{SITE}"]').first)
    assert page.url == url(repo_server, start, SITE)
    switch_to(page, target)
    assert page.url == url(repo_server, target, SITE)  # not the city page first read
    assert html_lang(page) == target


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_menu_follows_a_click_in_the_navigation(page, repo_server, language):
    other = LANGUAGES[(LANGUAGES.index(language) + 1) % len(LANGUAGES)]
    page.goto(url(repo_server, language, ""))
    count_documents(page)
    about = url(repo_server, language, "about/")
    click_instantly(page, page.locator(f'.md-sidebar--primary a.md-nav__link[href="{about}"]'))
    assert page.url == about
    assert html_lang(page) == language
    switch_to(page, other)
    assert page.url == url(repo_server, other, "about/")
    assert html_lang(page) == other


@pytest.mark.browser
def test_every_page_type_carries_its_language_and_its_translations(page, repo_server):
    for kind, path in PAGE_TYPES.items():
        for language in LANGUAGES:
            page.goto(url(repo_server, language, path), wait_until="domcontentloaded")
            assert html_lang(page) == language, (kind, language)
            alternates = page.evaluate("""() => [...document.querySelectorAll('head link[hreflang]')]
                .map(link => [link.hreflang, link.href, link.relList.contains('alternate')])""")
            assert sorted(alternates) == [[other, url(repo_server, other, path), True] for other in LANGUAGES], (
                kind,
                language,
            )
            menu = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.md-select__link')]
                .map(link => [link.hreflang, link.href]))""")
            assert menu == {other: url(repo_server, other, path) for other in LANGUAGES}, (kind, language)
    page.goto(repo_server.url + "404.html")
    assert html_lang(page) == "en"


@pytest.mark.browser
def test_a_link_into_another_language_loads_the_whole_page(page, repo_server):
    """A hand-written link from an English page to a Thai one: Material would swap the content in
    and keep the English header and <html lang>; city-language.js loads the page again instead."""
    page.goto(url(repo_server, "en", "about/"))
    count_documents(page)
    page.evaluate(
        """href => {
        const link = Object.assign(document.createElement('a'), {href, id: 'cc-to-thai', textContent: 'ไทย'});
        document.querySelector('article').append(link);
    }""",
        url(repo_server, "th", "about/"),
    )
    with page.expect_navigation():
        page.click("#cc-to-thai")
    page.wait_for_function("() => document.documentElement.lang === 'th'")
    assert page.url == url(repo_server, "th", "about/")
    assert page.evaluate("() => window.ccDocuments") is None  # a new window: the page was loaded again
    assert page.locator(".md-header .cc-search-button").get_attribute("aria-label") == "ค้นหา"


@pytest.mark.browser
@pytest.mark.parametrize(("start", "target"), [("en", "th"), ("th", "zh"), ("zh", "en")])
def test_a_stop_reached_from_a_route_stays_on_its_route_in_another_language(page, repo_server, start, target):
    """A site page reached from a route carries `?walk=<route>` ("Stop 2 of 7"): the menu keeps it,
    on a page reached by instant navigation and after switching, so the box shows in the new language."""
    route = "lamphun/routes/old-town-heritage-walk/"
    page.goto(url(repo_server, start, route))
    count_documents(page)
    stops = page.locator(".cc-stops ol > li").count()
    stop = page.locator(".cc-stops ol > li").nth(1).locator("a").first
    click_instantly(page, stop)
    assert page.url.endswith("?walk=old-town-heritage-walk")
    site = page.url.split("?", 1)[0]
    box = page.locator("nav.cc-between .cc-between-position")
    box.wait_for(state="visible")
    assert box.inner_text() == label(start, "stop_of", number=2, count=stops)
    switch_to(page, target)
    assert page.url == site.replace(url(repo_server, start, ""), url(repo_server, target, "")) + (
        "?walk=old-town-heritage-walk"
    )
    assert html_lang(page) == target
    box.wait_for(state="visible")
    assert box.inner_text() == label(target, "stop_of", number=2, count=stops)  # "Stop 2 of 7", in the new language
    menu = page.evaluate("""() => [...document.querySelectorAll('.md-select__link')].map(link => link.search)""")
    assert menu == ["?walk=old-town-heritage-walk"] * len(LANGUAGES)
