"""Printed sheets: a walk sheet for every route and a plaque sheet for every city, in every language.

* A walk sheet (`/<city>/routes/<id>/sheet/`) is what a teacher prints for tomorrow's
  class walk: A4, large type, the route's numbered schematic (schematic.py), the stops
  in order with their look / ask / try prompts, each leg's distance and relaxed-pace
  minutes, and a QR code per stop that opens its page.
* A plaque sheet (`/<city>/plaques/`) is what a municipality prints to post at its
  sites: one QR code per site, with the site's name in the city's languages.

QR codes are drawn by segno as inline SVG: nothing is fetched, by the build or the
reader. They hold absolute URLs made from the site's `site_url`; without one, the
sheets are built without codes. Sheets are not listed in the navigation; the route
page and the city page link to them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from . import i18n, markup, qr, schematic
from .maps import page_url, url_from
from .pages import GeneratedPage, SiteLanguages, _render, _Words, city_uri, route_uri, site_uri
from .walk_aids import plaques_uri, sheet_uri

if TYPE_CHECKING:
    from .model import CityGuide, Site, Text
    from .plan import CityPlan

QR_ERROR = "m"
"""Error correction of the codes: M restores 15% of a code (a scuffed or rained-on plaque)."""
QR_BORDER = 4
"""The quiet zone around a code, in modules: the four that the QR standard asks for."""


def absolute_url(site_url: str, src_uri: str) -> str:
    """The address of a generated page on the published site ("" where the site has no address)."""
    return site_url.rstrip("/") + "/" + page_url(src_uri) if site_url else ""


@lru_cache(maxsize=4096)  # a site's code is on its plaque and on the sheet of every walk through it
def qr_code(url: str, label: str) -> Markup:
    """A QR code of `url` as inline SVG, black on white, scaled by CSS; `label` is its accessible name."""
    svg = qr.make(url, QR_ERROR).svg_inline(
        border=QR_BORDER, omitsize=True, svgclass="cc-qr", lineclass=None, dark="#000", light="#fff")
    assert svg.startswith("<svg "), svg[:40]
    return Markup(f'<svg role="img" aria-label="{markup.attribute(label)}" data-url="{markup.attribute(url)}" '
                  + svg[len("<svg "):])


class _HtmlWords:
    """Editor text for raw HTML (the sheets' lists): escaped as HTML, its language marked where it falls back."""

    def __init__(self, words: _Words):
        self.words = words

    def __call__(self, text: Text | None) -> Markup:
        shown = i18n.pick(text, self.words.language, self.words.city_language)
        if shown is None:
            return Markup("")
        escaped = markup.attribute(shown.text)
        return Markup(f'<span lang="{shown.language}">{escaped}</span>') if shown.fallback else escaped


def _names(guide: CityGuide, site: Site) -> list[tuple[str, str]]:
    """A site's name in each of the city's languages that has it: (language, name)."""
    names = [(lang, site.name.get(lang)) for lang in guide.city.languages]
    given = [(lang, name) for lang, name in names if name]
    return given or [(site.name.languages()[0], site.name.root[site.name.languages()[0]])]


def render_sheets(plan: CityPlan, site: SiteLanguages, site_url: str) -> list[GeneratedPage]:
    """The walk sheets of every route and the plaque sheet of the city, in every language."""
    guide = plan.guide
    sheets: list[GeneratedPage] = []
    for language in site.languages:
        words = _Words(language, guide.language)
        prefix = site.prefix(language)

        def url(path: str, src: str) -> str:
            return url_from(prefix + path, src)

        def code(path: str, name: str) -> Markup | None:
            address = absolute_url(site_url, prefix + path)
            return qr_code(address, words.plain_label("qr_label", name=name)) if address else None

        common = dict(guide=guide, w=words, h=_HtmlWords(words), url=url, code=code, site_uri=site_uri,
                      language=language)
        for route in plan.routes:
            src = prefix + sheet_uri(guide, route)
            drawing = schematic.for_page(route, words)
            sheets.append(GeneratedPage(src, _render("sheet.md", route=route, src=src, drawing=drawing,
                                                     route_path=route_uri(guide, route), **common),
                                        language, in_nav=False))
        src = prefix + plaques_uri(guide)
        plaques = [(item, _names(guide, item)) for item in guide.sites]
        sheets.append(GeneratedPage(src, _render("plaques.md", src=src, plaques=plaques, city_path=city_uri(guide),
                                                 **common), language, in_nav=False))
    return sheets
