"""The whole road in one call: load → validate → plan → render, for every city.

`build_guide` is what the plugin calls in `on_config`; it returns a `Guide` that holds
every generated page and download in memory, or the problems that stop the build
before anything is written.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .city_files.gate import check_audio, publishable_image
from .city_files.model import CityGuide, Site
from .city_files.problems import Problem
from .city_files.validate import Remember, no_memory, read_cities
from .planning.plan import CityPlan, Paces, RoutePlan, plan_city
from .rendering import export, open_data, sheets, urls
from .rendering.i18n import proposed_titles
from .rendering.maps import MapStyle
from .rendering.outline import city_outline
from .rendering.pages import GeneratedPage, SiteLanguages, render_city_pages, render_home_section
from .rendering.walk_mode import ARRIVAL_RADIUS_M


@dataclass
class CityPart:
    """One city's share of the guide: its plan, pages (with their JSON-LD) and downloads."""

    plan: CityPlan
    pages: list[GeneratedPage] = field(default_factory=list)
    downloads: dict[str, str | bytes] = field(default_factory=dict)


@dataclass
class Guide:
    """Every generated page and download of the site, ready for MkDocs."""

    plans: list[CityPlan]
    languages: SiteLanguages
    style: MapStyle
    pages: list[GeneratedPage] = field(default_factory=list)
    downloads: dict[str, str | bytes] = field(default_factory=dict)
    elsewhere: set[str] = field(default_factory=set)
    """In a shard build: the pages of the cities other shards lay out (outlines, not written here)."""

    @property
    def guides(self) -> list[CityGuide]:
        return [plan.guide for plan in self.plans]

    def home_section(self, src_uri: str) -> str:
        """The map and list of the cities, for the home page `src_uri` (HTML)."""
        return render_home_section(self.plans, self.languages.of_page(src_uri), self.languages, self.style, src_uri)


def paces(options: Mapping[str, Any]) -> Paces:
    return Paces(
        standard_kmh=options["standard_kmh"],
        relaxed_kmh=options["relaxed_kmh"],
        minutes_at_stop=options["minutes_at_stop"],
        detour_factor=options["detour_factor"],
    )


def build_guide(
    cities_dir: Path,
    options: Mapping[str, Any],
    site_url: str = "",
    remember: Remember = no_memory,
    taken: frozenset[str] = frozenset(),
    repository: urls.Repository = urls.Repository(),
    shard: tuple[int, int] | None = None,
    workers: int = 1,
) -> tuple[Guide | None, list[Problem]]:
    """Every page and download of the guide, or None and the problems that stop the build.

    `taken`: the addresses the site itself uses, which no city folder may be named.
    `repository`: where the city files are on GitHub (from mkdocs.yml's `repo_url` and
    `edit_uri`), for each page's "Edit this" and "Suggest a correction" links; none by default.
    `shard`: (i, N): render only every N-th city from the i-th (in the order of their folders);
    the others are planned and outlined (their pages' titles, for the navigation), listed in
    `Guide.elsewhere`, and bring no downloads.
    `workers`: how many processes render the cities that `remember` does not hold (see
    `_rendered_at_once`); 1 renders them here, one after the other."""
    guides, problems = read_cities(cities_dir, remember, taken)
    if any(p.severity == "error" for p in problems):
        return None, problems
    languages = SiteLanguages(list(options["languages"]))
    style = MapStyle(tiles=options["tiles"], attribution=options["attribution"])
    guide = Guide([], languages, style)
    key = (sorted(options.items()), site_url, repository)
    titles = proposed_titles(languages.languages)

    def plan_and_render(city: CityGuide) -> CityPart:
        plan = plan_city(city, paces(options), proposal_titles=titles)
        radius = options.get("arrival_radius_m", ARRIVAL_RADIUS_M)
        return city_part(plan, languages, style, site_url, repository, arrival_radius_m=radius)

    laid_out = [number for number in range(len(guides)) if shard is None or number % shard[1] == shard[0]]
    kept, made = _rendered_at_once(guides, laid_out, remember, key, plan_and_render, workers)
    part: CityPart
    for number, city in enumerate(guides):  # while serving, a city whose files did not change is not rendered again
        if number not in laid_out:
            plan = plan_city(city, paces(options), proposal_titles=titles)
            part = CityPart(plan, pages=city_outline(plan, languages))
            guide.elsewhere.update(page.src_uri for page in part.pages)
        elif number in kept:
            part = kept[number]
        else:
            make = partial(made.__getitem__, number) if number in made else partial(plan_and_render, city)
            part = remember("render", Path(city.folder), key, make)
        guide.plans.append(part.plan)
        guide.pages += part.pages
        guide.downloads.update(part.downloads)
        if number in laid_out and export.has_calendar(city):
            # dated by SOURCE_DATE_EPOCH: made by every build, never remembered (nor put in what is)
            guide.downloads[urls.city_calendar(city.slug)] = export.city_calendar(city)
    guide.downloads.update(open_data.data_package(guide.plans, languages.languages, site_url, repository.url))
    return guide, problems


def _rendered_at_once(
    guides: list[CityGuide],
    numbers: list[int],
    remember: Remember,
    key: object,
    render: Callable[[CityGuide], CityPart],
    workers: int,
) -> tuple[dict[int, CityPart], dict[int, CityPart]]:
    """With two workers or more: the parts of the cities `numbers` that `remember` holds, and
    the others' rendered by up to `workers` processes at once (MkDocs itself works on one
    core), at least CITIES_A_WORKER each, both by number (nothing with one worker, nor with too
    few cities: they are rendered here). Each city is rendered whole in one process, as it
    would be here, so its pages are the same bytes."""
    if workers < 2:
        return {}, {}
    asked = {n: remember("render", Path(guides[n].folder), key, None) for n in numbers}
    kept = {n: part for n, part in asked.items() if part is not None}
    missing = [n for n in numbers if n not in kept]
    processes = min(workers, len(missing) // CITIES_A_WORKER)
    if processes < 2:
        return kept, {}
    global _WORK
    _WORK = (render, [guides[n] for n in missing])
    try:  # forked: the workers share the cities read here, and only a city's number goes to them
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            made = dict(zip(missing, pool.map(_render_one, range(len(missing)), chunksize=1)))
    finally:
        _WORK = None
    return kept, made


CITIES_A_WORKER = 2
"""The fewest cities a worker is forked for: a worker costs its fork and the pickling of what it
sends back, so fewer cities are rendered here (the repository's three cities took 0.6-0.9 s
more CPU in two workers than here, and no less time)."""

_WORK: tuple[Callable[[CityGuide], CityPart], list[CityGuide]] | None = None
"""What the forked workers of `_rendered_at_once` render: set before they are forked."""


def _render_one(index: int) -> CityPart:
    assert _WORK is not None
    render, cities = _WORK
    return render(cities[index])


def city_part(
    plan: CityPlan,
    languages: SiteLanguages,
    style: MapStyle,
    site_url: str,
    repository: urls.Repository = urls.Repository(),
    arrival_radius_m: float = ARRIVAL_RADIUS_M,
) -> CityPart:
    """One city's pages, sheets and downloads."""
    city = plan.guide
    images, files = _published_images(city)
    part = CityPart(plan, downloads=files)
    recordings, audio_files = _published_audio(city)
    part.downloads.update(audio_files)
    part.pages = render_city_pages(
        plan, languages, style, images, repository, site_url, recordings=recordings, arrival_radius_m=arrival_radius_m
    )
    part.pages += sheets.render_sheets(plan, languages, site_url)
    for page in part.pages:
        page.json_ld = _json_ld(plan, page, languages, site_url)
        page.fingerprint()  # here, in the process that renders the city (kept with it)
    part.downloads.update(_downloads(plan))
    return part


def _json_ld(plan: CityPlan, page: GeneratedPage, languages: SiteLanguages, site_url: str) -> str:
    """The schema.org description of a site or route page (none for other pages)."""
    address = urls.absolute_url(site_url, page.src_uri)
    if isinstance(page.subject, Site):
        return export.json_ld_script(export.site_json_ld(plan.guide, page.subject, address, page.language))
    if isinstance(page.subject, RoutePlan):
        prefix = languages.prefix(page.language)
        stops = [
            urls.absolute_url(site_url, prefix + urls.site_page(plan.guide.slug, stop.id))
            for stop in page.subject.stops
        ]
        return export.json_ld_script(export.route_json_ld(plan.guide, page.subject, address, stops, page.language))
    return ""


def _published_images(city: CityGuide) -> tuple[dict[str, list[tuple[Any, str]]], dict[str, str | bytes]]:
    """Each site's images with the address each is published at, and the files to publish.

    Every picture goes through the file gate again (a real image, re-encoded without its
    metadata) and is published under the city's media folder, numbered in order."""
    by_site: dict[str, list[tuple[Any, str]]] = {}
    files: dict[str, str | bytes] = {}
    number = 0
    for site in city.sites:
        for image in site.images:
            number += 1
            published = publishable_image(Path(city.folder), image.file)
            address = urls.media(city.slug, number, published.suffix)
            files[address] = published.data
            by_site.setdefault(site.id, []).append((image, address))
    return by_site, files


def _published_audio(city: CityGuide) -> tuple[dict[str, list[tuple[Any, str]]], dict[str, str | bytes]]:
    """Each site's recordings with the address each is published at, and the files to publish.

    Every recording goes through the file gate again (its container is what its name says)
    and is published as it is, under the city's media folder, numbered in order (beside the
    pictures: `1.jpg` and `1.mp3` are different files)."""
    by_site: dict[str, list[tuple[Any, str]]] = {}
    files: dict[str, str | bytes] = {}
    for number, (site, recording) in enumerate(((s, r) for s in city.sites for r in s.audio), start=1):
        data = check_audio(Path(city.folder), recording.file)
        address = urls.media(city.slug, number, Path(recording.file).suffix.lower())
        files[address] = data
        by_site.setdefault(site.id, []).append((recording, address))
    return by_site, files


def _downloads(plan: CityPlan) -> dict[str, str | bytes]:
    city = plan.guide
    files: dict[str, str | bytes] = {urls.city_geojson(city.slug): export.city_geojson(plan)}
    if export.has_calendar(city):
        files[urls.city_calendar(city.slug)] = export.city_calendar(city)
    for route in plan.routes:
        files[urls.route_download(city.slug, route.route.id, "gpx")] = export.route_gpx(route, guide=city)
        files[urls.route_download(city.slug, route.route.id, "geojson")] = export.route_geojson(route, guide=city)
    return files
