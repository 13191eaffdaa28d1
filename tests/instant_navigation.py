"""Material's instant navigation in browser tests.

Material navigates instantly only to the pages listed in sitemap.xml, and compares them by
protocol, host name and port: the sitemap names them by the build's site_url
(http://127.0.0.1:8000/ in tests) while the test server runs on a free port. Without
`follow_the_server`, every click would load a whole page, and a test "after an instant
navigation" would test a plain one.
"""

from __future__ import annotations

BUILT_FOR = "http://127.0.0.1:8000/"


def follow_the_server(context, server_url: str) -> None:
    """Serve the sitemap as if the site had been built for `server_url`, as on GitHub Pages."""

    def sitemap(route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(BUILT_FOR, server_url))

    context.route("**/sitemap.xml", sitemap)


def count_documents(page) -> None:
    """Count Material's document$ emissions (first load, then each instant navigation) in window.ccDocuments."""
    page.wait_for_function("() => typeof document$ !== 'undefined'")
    page.evaluate("() => { window.ccDocuments = 0; document$.subscribe(() => { window.ccDocuments += 1; }); }")
    page.wait_for_function("() => window.ccDocuments >= 1")


def click_instantly(page, locator) -> None:
    """Click a link and wait until Material has swapped the page in, without loading a new one."""
    before = page.evaluate("() => window.ccDocuments")
    locator.click()
    page.wait_for_function("n => window.ccDocuments > n", arg=before)
    assert page.evaluate("() => window.ccDocuments") == before + 1  # the same window: no page load
