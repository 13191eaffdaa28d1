"""The whole road in one call: load → validate → plan → render, for every city.

`build_guide` is what the plugin calls in `on_config`; it returns a `Guide` that
holds every generated page and download in memory, or the problems that stop the
build before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import export, pages, serving, sheets
from .maps import MapStyle, page_url
from .model import CityGuide, Site
from .plan import CityPlan, Paces, RoutePlan, plan_city
from .problems import Problem
from .validate import read_cities

if TYPE_CHECKING:
    from .config import CityClassroomConfig


@dataclass
class Guide:
    """Every generated page and download of the site, ready for MkDocs."""

    guides: list[CityGuide]
    plans: list[CityPlan]
    languages: pages.SiteLanguages
    style: MapStyle
    site_url: str
    pages: list[pages.GeneratedPage] = field(default_factory=list)
    downloads: dict[str, str | bytes] = field(default_factory=dict)
    _maps: dict[str, str] = field(default_factory=dict)
    _json_ld: dict[str, str] = field(default_factory=dict)

    def home_markdown(self, src_uri: str) -> str:
        """The cities' list for a home page; its map is kept for `map_for`."""
        language = pages.page_language(src_uri, self.languages.languages)
        text, map_html = pages.render_home_section(self.plans, language, self.languages, self.style, src_uri)
        self._maps[src_uri] = map_html
        return text

    def map_for(self, src_uri: str) -> str:
        return self._maps.get(src_uri, "")

    def json_ld_for(self, src_uri: str) -> str:
        return self._json_ld.get(src_uri, "")

    def alternates(self, src_uri: str, existing: set[str]) -> list[dict[str, str]]:
        """The same page in each language that has it: language, name and URL relative to this page."""
        from .i18n import LANGUAGE_NAMES
        from .maps import url_from

        return [{"lang": lang, "name": LANGUAGE_NAMES.get(lang, lang), "url": url_from(uri, src_uri),
                 "current": uri == src_uri}
                for lang, uri in self.languages.alternates(src_uri).items() if uri in existing]

    def search_link(self, src_uri: str, existing: set[str]) -> dict[str, str] | None:
        """The header's link to the search page in this page's language: its URL from this page, its label."""
        from .i18n import label
        from .maps import url_from
        from .search import SEARCH_PAGE

        language = pages.page_language(src_uri, self.languages.languages)
        uri = self.languages.prefix(language) + SEARCH_PAGE
        return {"url": url_from(uri, src_uri), "label": label(language, "search")} if uri in existing else None


def _absolute(site_url: str, src_uri: str) -> str:
    return site_url.rstrip("/") + "/" + page_url(src_uri) if site_url else "/" + page_url(src_uri)


def build_guide(cities_dir: Path, options: CityClassroomConfig, site_url: str = "") -> tuple[Guide | None, list[Problem]]:
    guides, problems = read_cities(cities_dir)
    if any(p.severity == "error" for p in problems):
        return None, problems
    paces = Paces(standard_kmh=options.standard_kmh, relaxed_kmh=options.relaxed_kmh,
                  minutes_at_stop=options.minutes_at_stop, detour_factor=options.detour_factor)
    guide = Guide(guides, [], pages.SiteLanguages(list(options.languages)),
                  MapStyle(tiles=options.tiles, attribution=options.attribution), site_url)
    for city in guides:  # while serving, a city whose files did not change is not planned and rendered again
        part = serving.remembered("render", Path(city.folder), (sorted(options.items()), site_url),
                                  lambda city=city: _city_part(plan_city(city, paces), guide, site_url))
        guide.plans.append(part.plan)
        guide.pages += part.pages
        guide._maps.update(part.maps)
        guide._json_ld.update(part.json_ld)
        guide.downloads.update(part.downloads)
    return guide, problems


@dataclass
class _CityPart:
    """One city's share of the guide: its plan, pages, maps, JSON-LD and downloads."""

    plan: CityPlan
    pages: list[pages.GeneratedPage] = field(default_factory=list)
    maps: dict[str, str] = field(default_factory=dict)
    json_ld: dict[str, str] = field(default_factory=dict)
    downloads: dict[str, str | bytes] = field(default_factory=dict)


def _city_part(plan: CityPlan, guide: Guide, site_url: str) -> _CityPart:
    part = _CityPart(plan)
    city_pages = pages.render_city_pages(plan, guide.languages, guide.style)
    part.pages += city_pages + sheets.render_sheets(plan, guide.languages, site_url)
    for page in city_pages:
        part.maps[page.src_uri] = page.map_html
        if isinstance(page.subject, Site):
            data = export.site_json_ld(plan.guide, page.subject, _absolute(site_url, page.src_uri),
                                       page.language)
            part.json_ld[page.src_uri] = export.json_ld_script(data)
        elif isinstance(page.subject, RoutePlan):
            prefix = guide.languages.prefix(page.language)
            stop_urls = [_absolute(site_url, prefix + pages.site_uri(plan.guide, stop))
                         for stop in page.subject.stops]
            data = export.route_json_ld(plan.guide, page.subject, _absolute(site_url, page.src_uri),
                                        stop_urls, page.language)
            part.json_ld[page.src_uri] = export.json_ld_script(data)
    part.downloads.update(_downloads(plan))
    return part


def _downloads(plan: CityPlan) -> dict[str, str | bytes]:
    city = plan.guide
    where = pages.downloads(city)
    files: dict[str, str | bytes] = {where["city"]: export.city_geojson(plan)}
    if export.has_calendar(city):
        files[where["calendar"]] = export.city_calendar(city)
    for route in plan.routes:
        files[pages.route_download(city, route, "gpx")] = export.route_gpx(route, guide=city)
        files[pages.route_download(city, route, "geojson")] = export.route_geojson(route, guide=city)
    for site in city.sites:
        for image in site.images:
            files[f"{city.slug}/{image.file}"] = (Path(city.folder) / image.file).read_bytes()
    return files
