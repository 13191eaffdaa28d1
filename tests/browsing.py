"""Browsing the built site in tests: Material's instant navigation, and requests cut off.

Material navigates instantly only to the pages listed in sitemap.xml, and compares them by
protocol, host name and port: the sitemap names them by the build's site_url
(http://127.0.0.1:8000/ in tests) while the test server runs on a free port. Without
`follow_the_server`, every click would load a whole page, and a test "after an instant
navigation" would test a plain one.
"""

from __future__ import annotations

BUILT_FOR = "http://127.0.0.1:8000/"


def follow_the_server(context, server) -> None:
    """Serve the sitemap as if the site had been built for the server's address, as on GitHub Pages.

    The sitemap is read from the site's folder, not fetched through the browser: a fetched
    response can be disposed of by a navigation before it is read (which failed set-ups on a
    busy machine), a file cannot."""
    sitemap = (server.root / "sitemap.xml").read_text(encoding="utf-8").replace(BUILT_FOR, server.url)

    def fulfil(route) -> None:
        route.fulfill(status=200, content_type="application/xml", body=sitemap)

    context.route(f"{server.url}sitemap.xml", fulfil)


def count_documents(page) -> None:
    """Count Material's document$ emissions (first load, then each instant navigation) in window.ccDocuments."""
    page.wait_for_function("() => typeof document$ !== 'undefined'")
    page.evaluate("() => { window.ccDocuments = 0; document$.subscribe(() => { window.ccDocuments += 1; }); }")
    page.wait_for_function("() => window.ccDocuments >= 1")


def click_instantly(page, locator) -> None:
    """Click a link and wait until Material has swapped the page in, without loading a new one."""
    # Material navigates instantly only once it has read sitemap.xml, fetched after load:
    # on a busy machine a click before that is an ordinary page load
    page.wait_for_function(
        "() => performance.getEntriesByType('resource')"
        ".some(entry => entry.name.endsWith('/sitemap.xml') && entry.responseEnd > 0)"
    )
    before = page.evaluate("() => window.ccDocuments")
    locator.click()
    page.wait_for_function("n => window.ccDocuments > n", arg=before)
    assert page.evaluate("() => window.ccDocuments") == before + 1  # the same window: no page load


class Session:
    """One page kept across a module's tests, with what it saw cleared before each test.

    A request cut off because the test moved on to another page (the sitemap that Material
    fetches after load, the icon) is not the site's fault: those (net::ERR_ABORTED) are left
    out of `trouble()`; every other failed request and every console error stays in."""

    def __init__(self, page, watched):
        self.page, self.watched = page, watched
        self.cut_off: set[str] = set()
        page.on(
            "requestfailed",
            lambda request: self.cut_off.add(request.url) if request.failure == "net::ERR_ABORTED" else None,
        )

    def clear(self) -> None:
        for seen in (
            self.watched.console_errors,
            self.watched.failed,
            self.watched.outside,
            self.watched.dialogs,
            self.cut_off,
        ):
            seen.clear()

    def trouble(self) -> list[str]:
        return [problem for problem in self.watched.trouble() if problem.removeprefix("failed: ") not in self.cut_off]


def open_popup(page, marker):
    """Open a map pin's popup from the keyboard, and wait until it is that pin's popup.

    By keyboard, because on a crowded map a click can land on a neighbouring pin; and by
    the pin's own label, because a popup still fading out can stand beside the new one."""
    label = marker.get_attribute("aria-label")
    marker.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        """label => {
             const popup = [...document.querySelectorAll('.leaflet-popup')]
               .find(p => p.textContent.includes(label));
             if (!popup) return false;
             document.querySelectorAll('[data-test-popup]').forEach(p => p.removeAttribute('data-test-popup'));
             popup.setAttribute('data-test-popup', '');
             return true;
           }""",
        arg=label,
        timeout=10000,
    )
    return page.locator(".leaflet-popup[data-test-popup]")


def close_popup(page) -> None:
    """Close the open popup with Escape and wait until it has gone."""
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.leaflet-popup')", timeout=10000)


def show_map(page, pins: str = ".leaflet-marker-icon", timeout: float = 15_000) -> None:
    """Scroll the page's map into view and wait until it has drawn its pins (`pins`: what to wait for).

    city-classroom.js fetches the map libraries only when a map comes near the screen: on a phone,
    a route page's map is below the first screen, and is drawn once the reader scrolls to it."""
    page.locator(".cc-map").first.scroll_into_view_if_needed()
    page.wait_for_selector(f".cc-map {pins}", state="visible", timeout=timeout)
