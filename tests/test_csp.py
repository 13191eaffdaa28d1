"""The Content-Security-Policy: first in every page's <head>, no inline script but the theme's.

Without a browser: csp.py on small hand-made pages, and on every page of the built fixture
site (riverton). In Chromium, on the fixture site: the home, city, site, route, walk-sheet
and search pages, in English and Thai, on first load and after instant navigation, with
no violation reported and their maps drawn; then the proof: script written into a page's
content (an inline event handler, an inline script, a script after a stray `</article>`)
does not run, and the browser reports it.

Violations are seen two ways: a `securitypolicyviolation` listener installed before any
page script (`add_init_script`), and Chromium's console messages about the policy.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from browsing import click_instantly, count_documents, follow_the_server, open_popup, show_map
from city_classroom.mkdocs_plugin import csp
from city_classroom.rendering.maps import OSM_TILES
from site_server import SiteServer
from support import open_context

ROUTE = "riverton/routes/temple-walk/"
PAGES = {
    "home": "",
    "city": "riverton/",
    "site": "riverton/sites/old-temple/",
    "route": ROUTE,
    "sheet": ROUTE + "sheet/",
    "search": "search/",
}
QUERIES = {"en": ("temple", "riverton/sites/old-temple/"), "th": ("พิพิธภัณฑ์", "riverton/sites/museum/")}
META = re.compile(r'<head>\s*<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL)


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in policy.split(";"))}


def page_with(head: str = "", content: str = "", after: str = "") -> str:
    """A page shaped like Material's: scripts in <head>, the content's article, scripts after it."""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">{head}</head><body>'
        f'<div class="md-container" data-md-component="container"><main><div class="md-content">'
        f'<article class="md-content__inner md-typeset">{content}</article></div>'
        f"<script>var after=1</script></main></div>{after}</body></html>"
    )


def hashes_in(page: str) -> list[str]:
    policy = META.search(page).group(1)
    return [s for s in directives(policy)["script-src"] if s.startswith("'sha256-")]


# --- the policy on hand-made pages -----------------------------------------------------------


def test_the_policy_goes_first_in_head_and_hashes_the_scripts_outside_the_content():
    page = csp.with_policy(
        page_with(head="<script>var head=1</script>", content="<p>text</p><script>var content=1</script>"), OSM_TILES
    )
    assert page.startswith('<!doctype html><html lang="en"><head><meta http-equiv="Content-Security-Policy" ')
    assert hashes_in(page) == [sha256("var head=1"), sha256("var after=1")]
    assert sha256("var content=1") not in page


def test_data_blocks_and_script_files_get_no_hash():
    page = csp.with_policy(
        page_with(
            head='<script type="application/ld+json">{"a": 1}</script><script src="x.js"></script>',
            after='<script id="__config" type="application/json">{"b": 2}</script>'
            '<script type="module">import "./m.js"</script>',
        ),
        OSM_TILES,
    )
    assert hashes_in(page) == [sha256("var after=1"), sha256('import "./m.js"')]


def test_a_stray_end_of_article_in_the_content_does_not_let_a_script_out():
    """The content reaches to the LAST `</article`: a `</article>` written into it moves nothing out."""
    content = "<p>a</p></article></div><script>window.pwned=1</script><article><p>b</p>"
    page = csp.with_policy(page_with(content=content), OSM_TILES)
    assert hashes_in(page) == [sha256("var after=1")]
    unclosed = csp.with_policy(
        page_with(content="<script>window.pwned=1</script>").replace("</article>", ""), OSM_TILES
    )
    assert sha256("window.pwned=1") not in unclosed  # no end of the article: everything after it is content


def test_a_policy_already_there_is_replaced_not_doubled():
    """Under `mkdocs serve` a page can come from the previous build, its policy included."""
    once = csp.with_policy(page_with(head="<script>var head=1</script>"), OSM_TILES)
    twice = csp.with_policy(once, OSM_TILES)
    assert twice == once and twice.count("Content-Security-Policy") == 1


def test_a_script_is_hashed_as_the_browser_reads_it_with_line_feeds():
    page = csp.with_policy(page_with(head="<script>var a=1;\r\nvar b=2;\rvar c=3</script>"), OSM_TILES)
    assert hashes_in(page)[0] == sha256("var a=1;\nvar b=2;\nvar c=3")


@pytest.mark.parametrize(
    "content",
    [
        "<p>plain</p>",
        "<script>var content=1</script>",
        "<script>var open=1",  # a script left open swallows the theme's markup after it
        "<!-- a comment left open",
        "<style>p{}",
        "<textarea><script>var t=1</script>",
        '<p title="</article><script>var q=1</script>">x</p>',
        "</article></div><script>window.pwned=1</script><article><p>b</p>",
        '<article class="md-content__inner"><script>var inner=1</script></article>',
    ],
)
def test_reading_only_outside_the_content_hashes_no_script_of_the_content(content):
    """The policy reads the page up to the article and from the last `</article` on: a script
    of the content gets no hash, and a hash it gives that a whole reading would not is a
    script of the theme's text (after the content)."""
    head = "var head='<article class=\"md-content__inner\">'"  # the article's start, in a script's text
    page = page_with(head=f"<script>{head}</script>", content=content)
    whole = csp.theme_scripts(page, csp._read_part(page))
    parts = csp.theme_scripts(page, csp._read(page))
    assert set(whole) <= set(parts) <= {head, "var after=1"}
    assert parts[0].startswith("var head=")


@pytest.mark.parametrize(
    ("tiles", "origin"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("https://tiles{s}.example.org:8443/{z}/{x}/{y}.png", "https://*.example.org:8443"),
        ("https://a.{s}.tiles.example.org/{z}/{x}/{y}.png", "https://*.tiles.example.org"),
        ("https://TILES.Example.org/{z}/{x}/{y}.png", "https://tiles.example.org"),
        ("/tiles/{z}/{x}/{y}.png", None),  # the site's own tiles: 'self'
    ],
)
def test_the_tile_server_is_the_only_other_origin(tiles, origin):
    assert csp.tile_origin(tiles) == origin
    sources = directives(csp.policy(tiles, []))
    assert sources["img-src"] == ["'self'", "data:", *([origin] if origin else [])]
    others = {s for values in sources.values() for s in values} - {origin}
    assert not any(re.match(r"https?:|\*", s) for s in others), others


@pytest.mark.parametrize(
    "tiles",
    [
        "https://{s}.org/{z}/{x}/{y}.png",
        "https://{s}/{z}.png",
        "javascript:alert(1)",
        "https://x.org;script-src *;/{z}.png",
        "https://user@x.org/{z}.png",
        "//x.org/{z}.png",
        "https://x.org:port/{z}.png",
    ],
)
def test_a_tile_url_that_would_widen_or_break_the_policy_stops_the_build(tiles):
    with pytest.raises(ValueError):
        csp.tile_origin(tiles)


# --- the built fixture site ------------------------------------------------------------------


def _html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "pagefind")


def test_every_page_has_the_policy_first_with_the_hashes_of_its_theme_scripts_only(fixture_site):
    pages = [p for p in _html_pages(fixture_site) if p.name != "404.html"]  # 404: a theme template, not a page
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        where = path.relative_to(fixture_site)
        found = META.search(html)
        assert found and found.start() == html.index("<head>") and found.end() < html.index("<script"), where
        assert html.find("<meta charset") < 1024, where  # the charset is still read from the first 1 KB
        article = html.index('<article class="md-content__inner'), html.rindex("</article>")
        inline = [(m.start(), m.group(2)) for m in INLINE_SCRIPT.finditer(html) if "application/" not in m.group(1)]
        outside = [text for start, text in inline if not article[0] <= start < article[1]]
        assert [text for start, text in inline if article[0] <= start < article[1]] == [], where  # maps: no script
        assert hashes_in(html) == [sha256(text) for text in outside], where
        assert 2 <= len(outside) <= 4, where  # Material's bootstraps, nothing more


def test_reading_only_outside_the_content_finds_what_reading_the_whole_page_finds(fixture_site):
    for path in _html_pages(fixture_site):
        html = path.read_text(encoding="utf-8")
        whole, parts = csp._read_part(html), csp._read(html)
        assert (parts.head_end, parts.old_policy, parts.content_start) == (
            whole.head_end,
            whole.old_policy,
            whole.content_start,
        ), path
        assert csp.theme_scripts(html, parts) == csp.theme_scripts(html, whole), path


def test_the_policy_of_a_route_page(fixture_site):
    html = (fixture_site / ROUTE / "index.html").read_text(encoding="utf-8")
    policy = META.search(html).group(1)
    scope, palette, tabs = [m.group(2) for m in INLINE_SCRIPT.finditer(html) if "application/" not in m.group(1)]
    assert scope.startswith('__md_scope=new URL("../../..",location)')
    assert palette.startswith('var palette=__md_get("__palette")')
    assert tabs.startswith("var target=document.getElementById(location.hash.slice(1))")
    assert policy == (
        "default-src 'self'; "
        f"script-src 'self' 'wasm-unsafe-eval' {sha256(scope)} {sha256(palette)} {sha256(tabs)}; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: https://tile.openstreetmap.org; "
        "font-src 'self' data:; connect-src 'self' https://tile.openstreetmap.org; worker-src 'self'; "
        "object-src 'none'; "
        "base-uri 'self'; form-action 'self'"
    )
    print(f"\n{ROUTE}: {policy}")


def test_no_inline_handler_or_javascript_url_on_any_page(fixture_site):
    """What the policy would refuse is not on the site's pages to begin with."""
    for path in _html_pages(fixture_site):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), path
        assert "javascript:" not in html.lower(), path


# --- in Chromium -----------------------------------------------------------------------------

LISTEN = """
window.ccViolations = [];
document.addEventListener('securitypolicyviolation', event => window.ccViolations.push(
  `${event.effectiveDirective} ${event.blockedURI} ${event.sample}`), true);
"""


@pytest.fixture(scope="module")
def server(fixture_site):
    with SiteServer(fixture_site) as running:
        yield running


@pytest.fixture
def browse(browser):
    """Opens a page on a server's site that records every policy violation, and follows
    Material's instant navigation there (sitemap.xml rewritten for that server)."""
    opened = []

    def open_page(on_server):
        context, watched = open_context(browser, 1280, 900)
        follow_the_server(context, on_server)
        context.add_init_script(LISTEN)
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
        page.cc_console = console
        opened.append(context)
        return page, watched

    yield open_page
    for context in opened:
        context.close()


def violations(page) -> list[str]:
    return page.evaluate("() => window.ccViolations") + page.cc_console


def url(server, language: str, path: str) -> str:
    return server.url + ("" if language == "en" else f"{language}/") + path


def check_map(page, kind: str) -> None:
    """The page's map drew its markers (and the route its line), and a pin opens by keyboard."""
    show_map(page)
    assert page.locator(f".cc-map.cc-map-{kind}").count() == 1
    if kind == "route":
        assert page.locator(".cc-map .leaflet-overlay-pane svg path").count() == 1
    marker = page.locator(".cc-map .leaflet-marker-icon").first
    popup = open_popup(page, marker)
    assert popup.locator(".cc-popup-name").text_content() == marker.get_attribute("aria-label")
    page.keyboard.press("Escape")


def link_to(page, address: str):
    """A link of the page's navigation that leads to `address`, wherever it is written relative to."""
    page.evaluate(
        """address => [...document.querySelectorAll('.md-sidebar--primary a.md-nav__link')]
                     .find(a => a.href === address).setAttribute('data-test-link', '')""",
        address,
    )
    return page.locator("a[data-test-link]")


def search(page, query: str, right: str) -> None:
    box = page.locator(".pagefind-ui__search-input")
    box.fill(query)
    page.wait_for_selector(f'.pagefind-ui__result-link[href$="{right}"]', timeout=15000)


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "th"])
def test_first_load_of_each_kind_of_page_without_a_violation(browse, server, language):
    page, watched = browse(server)
    for kind, path in PAGES.items():
        page.goto(url(server, language, path), wait_until="load")
        if kind in ("home", "city", "route"):
            check_map(page, kind)
        if kind == "search":
            query, right = QUERIES[language]
            search(page, query, ("" if language == "en" else f"/{language}/") + right)
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], (language, kind)
    assert watched.trouble() == []


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "th"])
def test_instant_navigation_through_every_kind_of_page_without_a_violation(browse, server, language):
    """Material re-runs the new content's inline scripts, under the policies of every page read: none is refused."""
    page, watched = browse(server)
    page.goto(url(server, language, ""), wait_until="load")
    count_documents(page)
    steps = [
        ("city", "article a[href$='riverton/']"),
        ("route", "article a[href$='routes/temple-walk/']"),
        ("site", "article a[href$='sites/old-temple/?walk=temple-walk']"),
    ]
    for kind, link in steps:
        click_instantly(page, page.locator(link).first)
        if kind in ("city", "route"):
            check_map(page, kind)
        if kind == "site":  # reached from the route: the box between stops is filled
            page.locator("nav.cc-between").wait_for(state="visible")
        assert violations(page) == [], (language, kind)
    page.go_back()  # to the route, then its sheet
    page.wait_for_url(f"**/{ROUTE}")
    check_map(page, "route")
    click_instantly(page, page.locator("article a[href$='sheet/']").first)
    assert page.url.endswith(ROUTE + "sheet/")
    click_instantly(page, page.locator(".md-header a.cc-search-button"))
    query, right = QUERIES[language]
    found = ("" if language == "en" else f"/{language}/") + right
    search(page, query, found)
    click_instantly(page, page.locator(f'.pagefind-ui__result-link[href$="{found}"]').first)
    click_instantly(page, link_to(page, url(server, language, "")))  # and home, from the navigation
    check_map(page, "home")
    page.wait_for_load_state("networkidle")
    assert violations(page) == [], language
    assert watched.trouble() == []


@pytest.mark.browser
def test_search_works_in_the_page_when_pagefind_cannot_start_its_worker(browse, server):
    """Then Pagefind compiles its WebAssembly in the page: 'wasm-unsafe-eval' is what allows it."""
    page, _ = browse(server)
    page.context.route("**/pagefind-worker.js", lambda route: route.abort())
    page.goto(url(server, "en", "search/"), wait_until="load")
    search(page, *QUERIES["en"])
    assert violations(page) == []


# --- the proof: script in the content does not run -------------------------------------------

PAYLOAD = (
    '<img src="x" onerror="window.pwned=1"><script>window.pwned2=1</script>'
    "</article><script>window.pwned3=1</script><article>"
)
"""An inline handler, an inline script, and a script after a stray `</article>`, as if an
editor's text had slipped through every escape into the page's content."""


@pytest.fixture(scope="module")
def tampered(fixture_site, tmp_path_factory):
    """A copy of the fixture site whose route page carries PAYLOAD in its content.

    Its policy is worked out again from the tampered page, as the build would have done had
    the payload come from a city file: the payload's scripts must get no hash."""
    site = tmp_path_factory.mktemp("tampered") / "site"
    shutil.copytree(fixture_site, site)
    page = site / ROUTE / "index.html"
    html = page.read_text(encoding="utf-8")
    start = '<article class="md-content__inner md-typeset">'
    assert html.count(start) == 1
    html = csp.with_policy(html.replace(start, start + PAYLOAD), OSM_TILES)
    assert html.count("Content-Security-Policy") == 1
    page.write_text(html, encoding="utf-8")
    with SiteServer(site) as running:
        yield running


PWNED = "() => [window.pwned, window.pwned2, window.pwned3]"


@pytest.mark.browser
def test_script_in_the_content_does_not_run_and_is_reported(browse, tampered):
    page, _ = browse(tampered)
    page.goto(tampered.url + ROUTE, wait_until="load")
    check_map(page, "route")  # the site's own scripts still run
    page.wait_for_function("() => window.ccViolations.length >= 3")
    assert page.evaluate(PWNED) == [None, None, None]
    found = violations(page)
    assert sum(v.startswith("script-src-attr inline") for v in found) == 1, found  # onerror
    assert sum(v.startswith("script-src-elem inline") for v in found) == 2, found  # both scripts
    assert any("Content Security Policy" in message for message in page.cc_console)


@pytest.mark.browser
def test_script_in_the_content_does_not_run_after_instant_navigation_either(browse, tampered):
    """Material re-runs the new content's inline scripts: each policy in force refuses them (the
    first page's, and the new page's, which Material's head merge adds)."""
    page, _ = browse(tampered)
    page.goto(tampered.url + "riverton/", wait_until="load")
    count_documents(page)
    click_instantly(page, page.locator("article a[href$='routes/temple-walk/']").first)
    check_map(page, "route")
    page.wait_for_function("() => window.ccViolations.length >= 3")
    assert page.evaluate(PWNED) == [None, None, None]
    found = violations(page)
    assert set(page.evaluate("() => window.ccViolations")) == {
        "script-src-attr inline ",
        "script-src-elem inline ",
    }, found
    assert sum(v.startswith("script-src-elem inline") for v in found) >= 2, found


TRICKY_THEMES = [
    '<a title="<script>alert(1)</script>" href=x>link</a>',
    "<a title='<!-- <script>' data-x=\"-->\">x</a><script>var real = 1;</script>",
    "<!-- <script>var commented = 1;</script> -->",
    "<div data-a=<script>b</div><script>var after = 2;</script>",
    "<p>1 < 2 and 3 > 2</p><script>var text = 3;</script>",
    "<style>p::before { content: '<script>' }</style><script>var styled = 4;</script>",
    "<SCRIPT>var upper = 5;</SCRIPT><scripts>not one</scripts>",
    '<img alt="a > b" src=x><Script type=module>var module = 6;</Script>',
    '<meta name="x" content="<script>y</script>">',
]


@pytest.mark.parametrize("theme", TRICKY_THEMES)
def test_the_quick_reading_of_a_page_finds_what_the_parser_finds(theme):
    """Quoted `<script>` in attributes, comments, styles, bare `<`: `_scan` passes over the
    theme's markup with a regular expression and must still agree with Python's parser."""
    page = (
        '<!doctype html><html><head><meta charset="utf-8"><script>var head = 0;</script></head><body>'
        f'{theme}<article class="md-content__inner md-typeset"><p>content</p></article>{theme}</body></html>'
    )
    whole, quick = csp._read_part(page), csp._read(page)
    assert (quick.head_end, quick.old_policy, quick.content_start) == (
        whole.head_end,
        whole.old_policy,
        whole.content_start,
    )
    assert csp.theme_scripts(page, quick) == csp.theme_scripts(page, whole)
    assert "var head = 0;" in csp.theme_scripts(page, quick)
