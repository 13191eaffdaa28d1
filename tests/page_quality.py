"""What the quality gates measure on a page in Chromium: axe-core's audit (map pins included,
with no excuse: city-map.js spreads crowded pins), and text that is cut off or pushed sideways
at small widths and large text.

axe-core comes from the PyPI package axe-playwright-python, which bundles axe.min.js: it
is injected from disk, so the audit runs offline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python

AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

_RUN_AXE = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
    .then(results => ({version: axe.version, violations: results.violations.map(v => ({
        id: v.id, impact: v.impact,
        nodes: v.nodes.map(n => ({target: n.target.flat().join(' >>> '), summary: n.failureSummary}))}))}))"""


@dataclass
class AxeAudit:
    version: str = ""
    violations: list[str] = field(default_factory=list)
    """One line per failing element: "rule (impact): element: what to fix"."""


def next_frames(page) -> None:
    """Wait until the browser has laid out and painted the page twice: styles and layout that
    a change set off (a larger font, a resize) are then in place, however busy the machine."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def _load_axe(page) -> None:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # the page's Content-Security-Policy takes scripts from its own origin only (no inline
        # script, which `path=` would add): serve axe there, as if the site shipped it
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
        page.route(f"{origin}/__axe__.js", lambda route: route.fulfill(path=AXE_JS, content_type="text/javascript"))
        page.add_script_tag(url=f"{origin}/__axe__.js")


def axe_audit(page) -> AxeAudit:
    """Run axe-core on the page as it stands, for the WCAG 2.0/2.1 A and AA and 2.2 AA rules."""
    _load_axe(page)
    results = page.evaluate(_RUN_AXE, list(WCAG_TAGS))
    audit = AxeAudit(version=results["version"])
    for violation in results["violations"]:
        for node in violation["nodes"]:
            summary = " ".join(node["summary"].split())
            audit.violations.append(f"{violation['id']} ({violation['impact']}): {node['target']}: {summary}")
    return audit


_RUN_TARGET_SIZE = """() => axe.run(document, {runOnly: {type: 'rule', values: ['target-size']}, resultTypes: ['violations']})
    .then(results => results.violations.flatMap(v => v.nodes.map(n =>
        n.target.flat().join(' >>> ') + ': ' + n.failureSummary.split(/\\s+/).join(' '))))"""


def target_size_findings(page) -> list[str]:
    """axe-core's target-size rule (WCAG 2.2, 2.5.8) alone, on the page as it stands: one line a target."""
    _load_axe(page)
    return page.evaluate(_RUN_TARGET_SIZE)


def wait_for_maps(page) -> int:
    """Wait until every map of the page has drawn its pins (tiles are blocked in tests); their count.

    A map's libraries come when it is near the screen: the page is scrolled to it, then back to
    where it was, once Material's header shows again what it showed there (the site's name, or
    past the first heading the page's title) and its transition has ended."""
    if page.locator(".cc-map").count():
        title = ".md-header__title"
        at, shown = page.evaluate(
            "t => [window.scrollY, document.querySelector(t).classList.contains('md-header__title--active')]", title
        )
        page.locator(".cc-map").first.scroll_into_view_if_needed()
        page.wait_for_function(
            """() => Array.from(document.querySelectorAll('.cc-map')).every(
            map => map.querySelector('.leaflet-marker-icon'))""",
            timeout=10_000,
        )
        page.evaluate("y => window.scrollTo({top: y, behavior: 'instant'})", at)
        page.wait_for_function(
            "([t, shown]) => document.querySelector(t).classList.contains('md-header__title--active') === shown",
            arg=[title, shown],
        )
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    return page.locator(".cc-map .leaflet-marker-icon").count()


def scale_text(page, percent: int) -> None:
    """Set the page's root font size to `percent` of what the theme gives it.

    Material sizes text, icons and spacing in rem from a root of 125 % (20 px), so doubling
    the computed root size doubles everything the theme draws, as a reader's large-text
    setting does; "font-size: 200%" alone would only give 1.6 times the theme's size.
    """
    page.evaluate(
        """percent => {
        const root = document.documentElement;
        root.style.fontSize = parseFloat(getComputedStyle(root).fontSize) * percent / 100 + 'px';
    }""",
        percent,
    )
    next_frames(page)  # container queries and Leaflet's resize are laid out by then


# Reflow, defined for the test:
# * the page does not scroll sideways: documentElement.scrollWidth <= clientWidth;
# * no text is cut off: no visible element with text clips its content (overflow hidden or
#   clip on an axis where its content is larger than its box; this is how an ellipsis cuts);
# * no text is pushed outside the window: no visible element with text of its own extends
#   past the left or right edge, unless it lies inside a box that scrolls sideways on
#   purpose (overflow auto or scroll, as a wide table's wrapper), and such a box must be
#   reachable from the keyboard (tabindex), or a keyboard user could not scroll it.
# Left out: maps (.cc-map), where Leaflet clips tiles and pins to the frame by design, a
# map is panned rather than reflowed and every pin is also a link in the page's lists;
# hidden elements (display, visibility, opacity, a drawer slid off the left edge).
_REFLOW_PROBLEMS = """() => {
    const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const text = el => JSON.stringify((el.innerText || '').trim().slice(0, 40));
    const ownText = el => Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    const clips = value => value === 'hidden' || value === 'clip';
    const scroller = el => {
        for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
            if (/auto|scroll/.test(getComputedStyle(box).overflowX)) return box;
        }
        return null;
    };
    const problems = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`the page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth} px`);
    for (const el of document.body.querySelectorAll('*')) {
        if (el.closest('.cc-map')) continue;
        if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || box.right <= 0) continue;
        const style = getComputedStyle(el);
        if ((el.innerText || '').trim()) {
            if (clips(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
                problems.push(`cut off sideways: ${name(el)} ${text(el)} (${el.scrollWidth} > ${el.clientWidth} px)`);
            if (clips(style.overflowY) && el.scrollHeight > el.clientHeight + 1)
                problems.push(`cut off below: ${name(el)} ${text(el)} (${el.scrollHeight} > ${el.clientHeight} px)`);
        }
        if (ownText(el) && (box.left < -1 || box.right > innerWidth + 1)) {
            const wrapper = scroller(el);
            if (!wrapper) problems.push(`outside the window: ${name(el)} ${text(el)} (${Math.round(box.left)}..${Math.round(box.right)} px)`);
            else if (wrapper.tabIndex < 0) problems.push(`scrolls but not from the keyboard: ${name(wrapper)}`);
        }
    }
    return Array.from(new Set(problems));
}"""


def reflow_problems(page) -> list[str]:
    """Everything on the page, as it stands, that breaks the reflow definition above."""
    return page.evaluate(_REFLOW_PROBLEMS)


def pdf_page_count(pdf: bytes) -> int:
    """The number of pages of a PDF, from its page objects (`/Type /Page`, not `/Pages`)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))
