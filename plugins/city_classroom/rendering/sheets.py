"""Printed sheets: a walk sheet for every route and a plaque sheet for every city, in every language.

* A walk sheet (`/<city>/routes/<id>/sheet/`) is what a teacher prints for tomorrow's
  class walk: A4, large type, the route's numbered schematic (schematic.py), the stops
  in order with their look / ask / try prompts, each leg's distance and relaxed-pace
  minutes, and a QR code per stop that opens its page.
* A class-visit pack (`/<city>/routes/<id>/class-visit/`) is what a teacher prepares a class
  visit with: goals, activities, a worksheet and the group's practical facts (class_visit.py).
* A plaque sheet (`/<city>/plaques/`) is what a municipality prints to post at its
  sites: one QR code per site, with the site's name in the city's languages.

QR codes are drawn by segno as inline SVG: nothing is fetched, by the build or the
reader. They hold absolute URLs made from the site's `site_url`; without one, the
sheets are built without codes. Sheets are not listed in the navigation; the route
page and the city page link to them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from . import class_visit, qr, schematic, urls
from .pages import GeneratedPage, SiteLanguages, Words, page

if TYPE_CHECKING:
    from ..city_files.model import CityGuide, Site
    from ..planning.plan import CityPlan

QR_ERROR = "m"
"""Error correction of the codes: M restores 15% of a code (a scuffed or rained-on plaque)."""
QR_BORDER = 4
"""The quiet zone around a code, in modules: the four that the QR standard asks for."""


@lru_cache(maxsize=4096)  # a site's code is on its plaque and on the sheet of every walk through it
def qr_code(url: str, label: str) -> Markup:
    """A QR code of `url` as inline SVG, black on white, scaled by CSS; `label` is its accessible name."""
    svg = qr.make(url, QR_ERROR).svg_inline(
        border=QR_BORDER, omitsize=True, svgclass="cc-qr", lineclass=None, dark="#000", light="#fff"
    )
    assert svg.startswith("<svg "), svg[:40]
    return Markup('<svg role="img" aria-label="{}" data-url="{}" ').format(label, url) + Markup(svg[len("<svg ") :])


def site_names(guide: CityGuide, site: Site) -> list[tuple[str, str]]:
    """A site's name in each of the city's languages that has it: (language, name)."""
    names = [(lang, site.name.get(lang)) for lang in guide.city.languages]
    given = [(lang, name) for lang, name in names if name]
    first = site.name.languages()[0]
    return given or [(first, site.name.root[first])]


def render_sheets(plan: CityPlan, site: SiteLanguages, site_url: str) -> list[GeneratedPage]:
    """The walk sheets of every route and the plaque sheet of the city, in every language.

    QR codes hold absolute addresses: without a `site_url` the sheets are built without them."""
    guide = plan.guide
    sheets: list[GeneratedPage] = []
    for language in site.languages:
        words = Words(language, guide.language)
        prefix = site.prefix(language)

        def code(target: str, name: str, words: Words = words, prefix: str = prefix) -> Markup | None:
            address = urls.absolute_url(site_url, prefix + target)
            return qr_code(address, words.label("qr_label", name=name)) if address else None

        common: dict[str, Any] = {
            "guide": guide,
            "w": words,
            "code": code,
            "kind": "sheet",
            "hide": ("navigation", "toc"),
        }
        for route in plan.routes:
            src = prefix + urls.walk_sheet(guide.slug, route.route.id)
            sheets.append(
                page(
                    src,
                    words.label("walk_sheet_title", name=words.plain(route.route.title)),
                    "sheet.html",
                    language,
                    route=route,
                    url=urls.PageLinks(src, prefix),
                    schematic=schematic.for_page(route, words),
                    **common,
                )
            )
            src = prefix + urls.class_visit(guide.slug, route.route.id)
            sheets.append(
                page(
                    src,
                    words.label("class_visit_title", name=words.plain(route.route.title)),
                    "class_visit.html",
                    language,
                    route=route,
                    url=urls.PageLinks(src, prefix),
                    **class_visit.context(route, words),
                    **common,
                )
            )
        src = prefix + urls.plaque_sheet(guide.slug)
        plaques = [(item, site_names(guide, item)) for item in guide.sites]
        sheets.append(
            page(
                src,
                words.label("plaques_title"),
                "plaques.html",
                language,
                plaques=plaques,
                url=urls.PageLinks(src, prefix),
                **common,
            )
        )
    return sheets
