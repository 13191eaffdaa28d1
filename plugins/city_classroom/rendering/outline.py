"""A city's pages without their content: address, title, kind, in the order they are rendered.

A shard build (`CITY_CLASSROOM_SHARD=i/N`) lays out only its own cities' pages, but each of
them carries a navigation and neighbours that name the other cities' pages too: those come
from here, for the price of a few labels instead of rendering the city. tests/test_shards.py
checks that an outline matches the rendered pages of the same city, page for page.
"""

from __future__ import annotations

from ..planning.plan import CityPlan
from . import urls
from .pages import GeneratedPage, SiteLanguages, Words


def city_outline(plan: CityPlan, site: SiteLanguages) -> list[GeneratedPage]:
    """Every page `render_city_pages` and `render_sheets` make of this city, with no HTML."""
    guide = plan.guide
    pages: list[GeneratedPage] = []
    for language in site.languages:  # render_city_pages: the city page, its sites, its routes
        words = Words(language, guide.language)
        prefix = site.prefix(language)
        pages.append(GeneratedPage(prefix + urls.city_page(guide.slug), words.plain(guide.city.name), "", language))
        for item in guide.sites:
            src = prefix + urls.site_page(guide.slug, item.id)
            pages.append(GeneratedPage(src, words.plain(item.name), "", language, subject=item, kind="site"))
        for route in plan.routes:
            src = prefix + urls.route_page(guide.slug, route.route.id)
            pages.append(GeneratedPage(src, words.plain(route.route.title), "", language, subject=route, kind="route"))
    hide = ("navigation", "toc")
    for language in site.languages:  # render_sheets: each walk sheet and class-visit pack, then the plaques
        words = Words(language, guide.language)
        prefix = site.prefix(language)
        for route in plan.routes:
            title = words.label("walk_sheet_title", name=words.plain(route.route.title))
            src = prefix + urls.walk_sheet(guide.slug, route.route.id)
            pages.append(GeneratedPage(src, title, "", language, kind="sheet", hide=hide))
            title = words.label("class_visit_title", name=words.plain(route.route.title))
            src = prefix + urls.class_visit(guide.slug, route.route.id)
            pages.append(GeneratedPage(src, title, "", language, kind="sheet", hide=hide))
        src = prefix + urls.plaque_sheet(guide.slug)
        pages.append(GeneratedPage(src, words.label("plaques_title"), "", language, kind="sheet", hide=hide))
    return pages
