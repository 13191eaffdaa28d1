"""Render: the Markdown of every city, site and route page, in every site language.

Pages are plain data (`GeneratedPage`): the plugin hands them to MkDocs with
`File.generated`. Maps are not written into the Markdown: each page carries a
placeholder comment and the map's HTML beside it, put in after Markdown has run.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import export, i18n, maps, markup, schematic, walk_aids
from .maps import MapStyle
from .model import CATEGORIES, CityGuide, Site, Text
from .plan import CityPlan, RoutePlan

MAP_PLACEHOLDER = "<!-- city-classroom-map -->"
ACCESS_ICONS = {key: Markup(icon) for key, icon in {
    "step_free": ":material-wheelchair-accessibility:", "seating": ":material-seat:",
    "toilets": ":material-toilet:", "shade": ":material-umbrella-outline:"}.items()}
"""Material's icon shortcodes (pymdownx.emoji) shown beside each access fact."""
HOME_PLACEHOLDER = "<!-- city-classroom:cities -->"


@dataclass
class GeneratedPage:
    """One page of the guide, ready for MkDocs."""

    src_uri: str
    markdown: str
    language: str
    map_html: str = ""
    json_ld: str = ""
    subject: Any = None
    """The Site or RoutePlan a page is about (None for a city page)."""
    in_nav: bool = True
    """False for printed sheets: built and linked, but not listed in the navigation."""


def language_prefix(language: str, default: str) -> str:
    return "" if language == default else f"{language}/"


def page_language(src_uri: str, languages: list[str]) -> str:
    """The language of a page, by the folder it lives in (`th/...`); the first language otherwise."""
    head = src_uri.split("/", 1)[0]
    return head if head in languages[1:] else languages[0]


def relative(target: str, src_uri: str) -> str:
    """A Markdown link from one source file to another (MkDocs turns it into a URL)."""
    return posixpath.relpath(target, posixpath.dirname(src_uri) or ".")


def km(metres: float) -> str:
    return f"{metres / 1000:.1f}"


def whole_minutes(value: float) -> int:
    return max(1, round(value))


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("city_classroom", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True,
                      finalize=lambda value: value if isinstance(value, Markup) else markup.inline(value))
    env.filters.update(km=km, minutes=whole_minutes, html_attr=markup.attribute)
    return env


class _Words:
    """What a template needs to show text in one page language."""

    def __init__(self, language: str, city_language: str):
        self.language, self.city_language = language, city_language

    def label(self, key: str, **values: Any) -> Markup:
        return markup.inline(i18n.label(self.language, key, **values))

    def plain_label(self, key: str, **values: Any) -> str:
        """A label as plain words, for maps and attributes (escaped where it is used)."""
        return i18n.label(self.language, key, **values)

    def plain(self, text: Text | None) -> str:
        return i18n.plain(text, self.language, self.city_language)

    def plain_for(self, text: Text | None, city_language: str) -> str:
        return i18n.plain(text, self.language, city_language)

    def text(self, text: Text | None) -> Markup:
        """An inline text, with its language marked (and a note) where it is a fallback."""
        shown = i18n.pick(text, self.language, self.city_language)
        if shown is None:
            return Markup("")
        if not shown.fallback:
            return markup.inline(shown.text)
        return Markup(f'<span lang="{shown.language}">{markup.inline(shown.text)}</span>')

    def block(self, text: Text | None) -> Markup:
        """A block of editor Markdown, wrapped with its language and a note where it is a fallback."""
        shown = i18n.pick(text, self.language, self.city_language)
        if shown is None:
            return Markup("")
        if not shown.fallback:
            return markup.block(shown.text)
        note = i18n.label(self.language, "fallback",
                          shown_in=i18n.LANGUAGE_IN.get(self.language, i18n.LANGUAGE_IN["en"]).get(
                              shown.language, shown.language))
        return Markup(f'<p class="cc-fallback">{markup.inline(note)}</p>\n\n'
                      f'<div lang="{shown.language}" markdown="1">\n\n{markup.block(shown.text)}\n\n</div>')

    def fell_back(self, text: Text | None) -> bool:
        shown = i18n.pick(text, self.language, self.city_language)
        return bool(shown and shown.fallback)


@dataclass
class SiteLanguages:
    """The languages the guide is built in; the first is at the site's root."""

    languages: list[str]

    @property
    def default(self) -> str:
        return self.languages[0]

    def prefix(self, language: str) -> str:
        return language_prefix(language, self.default)

    def neutral(self, src_uri: str) -> str:
        """A page's path without its language folder: `th/lamphun/index.md` → `lamphun/index.md`."""
        head, _, rest = src_uri.partition("/")
        return rest if head in self.languages[1:] and rest else src_uri

    def alternates(self, src_uri: str) -> dict[str, str]:
        """The same page in every language: language → src_uri."""
        path = self.neutral(src_uri)
        return {lang: self.prefix(lang) + path for lang in self.languages}


def _render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


def city_uri(guide: CityGuide) -> str:
    return f"{guide.slug}/index.md"


def site_uri(guide: CityGuide, site: Site) -> str:
    return f"{guide.slug}/sites/{site.id}.md"


def route_uri(guide: CityGuide, plan: RoutePlan) -> str:
    return f"{guide.slug}/routes/{plan.route.id}.md"


def downloads(guide: CityGuide) -> dict[str, str]:
    """Where a city's language-neutral downloads go, by kind."""
    files = {"city": f"{guide.slug}/{guide.slug}.geojson"}
    if export.has_calendar(guide):  # a calendar without events is not a valid iCalendar file
        files["calendar"] = f"{guide.slug}/events.ics"
    return files


def route_download(guide: CityGuide, plan: RoutePlan, extension: str) -> str:
    return f"{guide.slug}/routes/{plan.route.id}.{extension}"


def _links(src: str, language: str, site: SiteLanguages):
    """Markdown links from page `src` to another page of its language (or a shared file)."""
    prefix = site.prefix(language)

    def link(path: str, localized: bool = True) -> Markup:
        return Markup(relative(prefix + path if localized else path, src))  # our own slugs: safe

    return link


def _map_links(src: str, language: str, site: SiteLanguages) -> maps.PageLink:
    """URLs from page `src` to another page of its language, for links inside maps."""
    prefix = site.prefix(language)
    return lambda path: maps.url_from(prefix + path, src)


def render_city_pages(plan: CityPlan, site: SiteLanguages, style: MapStyle) -> list[GeneratedPage]:
    """Every page of one city, in every language of the guide."""
    guide = plan.guide
    pages: list[GeneratedPage] = []
    by_category = {c: sorted((s for s in guide.sites if s.category == c), key=lambda s: s.id)
                   for c in CATEGORIES}
    for language in site.languages:
        words = _Words(language, guide.language)
        prefix = site.prefix(language)
        common = dict(guide=guide, plan=plan, w=words, categories=CATEGORIES, city_path=city_uri(guide),
                      map_placeholder=Markup(MAP_PLACEHOLDER), icons=ACCESS_ICONS,
                      by_category=by_category, downloads=downloads(guide), route_uri=route_uri, route_download=route_download,
                      site_uri=site_uri, language=language,
                      aids=walk_aids, prefix=prefix, schematic=schematic.for_page)
        path = city_uri(guide)
        src = prefix + path
        pages.append(GeneratedPage(
            src, _render("city.md", link=_links(src, language, site), src=src, **common), language,
            maps.city_map(guide, words, style, _map_links(src, language, site))))
        for item in guide.sites:
            path = site_uri(guide, item)
            src = prefix + path
            pages.append(GeneratedPage(
                src, _render("site.md", site=item, link=_links(src, language, site), **common), language,
                subject=item))
        for route_plan in plan.routes:
            path = route_uri(guide, route_plan)
            src = prefix + path
            pages.append(GeneratedPage(
                src, _render("route.md", route=route_plan, link=_links(src, language, site), src=src, **common),
                language, maps.route_map(guide, route_plan, words, style, _map_links(src, language, site)),
                subject=route_plan))
    return pages


def render_home_section(plans: list[CityPlan], language: str, site: SiteLanguages, style: MapStyle,
                        src: str) -> tuple[str, str]:
    """The list of cities for a home page, and the map of them all (Markdown, map HTML)."""
    words = _Words(language, language)
    text = _render("home.md", plans=plans, w=words, link=_links(src, language, site), city_uri=city_uri,
                   map_placeholder=Markup(MAP_PLACEHOLDER),
                   words_for=lambda guide: _Words(language, guide.language))
    return text, maps.home_map(plans, words, style, _map_links(src, language, site))
