"""The fast path's browser checks: only the pages a pull request changes, in Chromium.

check.yml runs this file alone when a pull request changes only content, with
CHANGED_SITE (the built site) and CHANGED_PAGES (a file listing its pages, one a line, from
`tests/changed_pages.py pages`). Each page, on a phone's screen, must load without a console
error, a failed request or a request off 127.0.0.1 (map tiles aside), draw its maps' pins,
report no Content-Security-Policy violation, and pass axe-core's WCAG A and AA rules.

In the whole suite (no CHANGED_PAGES), it checks the pages that changing one site of Lamphun
reaches, in English, found the same way: so the fast path's own pieces are tested too.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from browsing import follow_the_server
from changed_pages import affected_pages
from page_quality import axe_audit, wait_for_maps
from site_server import SiteServer
from support import REPO, open_context

LISTEN = """
window.ccViolations = [];
document.addEventListener('securitypolicyviolation', event => window.ccViolations.push(
  `${event.effectiveDirective} ${event.blockedURI}`), true);
"""


@pytest.fixture(scope="module")
def pages_to_check(request) -> tuple[Path, list[str]]:
    listed = os.environ.get("CHANGED_PAGES")
    if listed:
        site = Path(os.environ.get("CHANGED_SITE", "site"))
        return site, [line.strip() for line in Path(listed).read_text(encoding="utf-8").splitlines() if line.strip()]
    site = request.getfixturevalue("repo_site")
    line = next(line for (file, line) in _sources("lamphun").values() if file == "heritage.yml")
    pages = affected_pages({"cities/lamphun/heritage.yml": {line + 2}}, REPO, site)
    return site, [page for page in pages if not page.startswith(("th/", "zh/"))]


def _sources(slug: str) -> dict[str, tuple[str, int]]:
    from city_classroom.city_files.validate import read_cities

    [guide], _ = read_cities(REPO / "cities" / slug)
    return dict(sorted(guide.sources.items(), key=lambda item: item[1][1]))


def check_pages(browser, site: Path, pages: list[str]) -> dict[str, list[str]]:
    """What went wrong on each page (console errors, failed or outside requests, CSP violations,
    axe-core's findings), on a phone's screen; pages without trouble are left out."""
    found: dict[str, list[str]] = {}
    with SiteServer(site) as server:
        context, watched = open_context(browser, 360, 740)
        follow_the_server(context, server)
        context.add_init_script(LISTEN)
        page = context.new_page()
        csp_console: list[str] = []
        page.on("console", lambda m: csp_console.append(m.text) if "Content Security Policy" in m.text else None)
        try:
            for path in pages:
                watched.console_errors.clear()
                watched.failed.clear()
                watched.outside.clear()
                csp_console.clear()
                page.goto(server.url + path)
                page.wait_for_load_state("load")
                if page.locator(".cc-map").count():
                    wait_for_maps(page)
                problems = watched.trouble()
                problems += [f"CSP: {v}" for v in page.evaluate("() => window.ccViolations") + csp_console]
                problems += axe_audit(page).violations
                print(f"/{path}: {'ok' if not problems else len(problems)}")
                if problems:
                    found[path] = problems
        finally:
            context.close()
    return found


@pytest.mark.browser
def test_each_changed_page_loads_cleanly_and_passes_axe(browser, pages_to_check) -> None:
    site, pages = pages_to_check
    assert pages, "no page to check"
    assert check_pages(browser, site, pages) == {}


@pytest.mark.browser
@pytest.mark.skipif(bool(os.environ.get("CHANGED_PAGES")), reason="the fast path checks the pull request's pages only")
def test_the_check_does_fail_a_broken_page(browser, fixture_site: Path, tmp_path: Path) -> None:
    """A picture without alt text, a script from another origin, a missing stylesheet: each is caught."""
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    page = site / "riverton" / "sites" / "old-temple" / "index.html"
    html = page.read_text(encoding="utf-8")
    broken = '<img src="../../../assets/images/favicon.png"><script src="https://cdn.example.org/x.js"></script>'
    broken += '<link rel="stylesheet" href="missing.css">'
    page.write_text(html.replace("</article>", broken + "</article>", 1), encoding="utf-8")
    found = check_pages(browser, site, ["riverton/sites/old-temple/", "riverton/sites/museum/"])
    assert list(found) == ["riverton/sites/old-temple/"]
    words = "\n".join(found["riverton/sites/old-temple/"])
    assert "image-alt" in words
    assert "missing.css" in words
    assert "cdn.example.org" in words
