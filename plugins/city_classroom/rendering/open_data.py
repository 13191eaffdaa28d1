"""Open data: the whole guide as a Frictionless data package, published at `/data/`.

Another learning city's site, a school's app or a GNLC map can take the guide as it is:
`data/datapackage.json` (Frictionless Data Package v1) describes, with the licence and the
sources, a CSV table and a GeoJSON file of the sites and of the walks of the whole network
(`data/sites.csv`, ...) and of each city (`data/<city>/sites.csv`, ...).

What a table holds is said once, in SITE_COLUMNS and ROUTE_COLUMNS: each column's name, type,
description and how its value is read from the guide. The CSV header, the Table Schema in
datapackage.json and the GeoJSON properties all come from them, so a new field of the city
files is one line here. A text in several languages is one column per language (`name_en`,
`name_th`), holding what the editors wrote in that language, empty where they wrote nothing
(no fallback: data users see what exists). In the CSV tables a text that begins like a
spreadsheet formula (`=`, `+`, `-`, `@`) has an apostrophe before it (`_cell`).

The bytes are the same on every build of the same cities: rows sorted by city and id, numbers
written one fixed way, keys sorted, no clock (`created` only from SOURCE_DATE_EPOCH), and each
file's size and SHA-256 in the package, which `frictionless validate` checks.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, get_args

from ..city_files.model import Audience, Category, CityGuide, Site, Source, Text, Theme
from ..planning.plan import CityPlan, RoutePlan
from . import urls

CONTENT_LICENSE = {
    "name": "CC-BY-SA-4.0",
    "path": "https://creativecommons.org/licenses/by-sa/4.0/",
    "title": "Creative Commons Attribution-ShareAlike 4.0 International",
}
"""The licence of the guide's texts (README, the about page and mkdocs.yml's `copyright` say the same)."""

COORDINATE_DECIMALS = 6
"""About 11 cm: as in the downloads (export.py)."""

LIST_SEPARATOR = ";"
"""Between the items of a list in one CSV cell (a route's stops, a site's audiences)."""


@dataclass(frozen=True)
class SiteRow:
    guide: CityGuide
    site: Site
    url: str


@dataclass(frozen=True)
class RouteRow:
    guide: CityGuide
    route: RoutePlan
    url: str
    gpx: str


@dataclass(frozen=True)
class Values:
    """A row and its values, read once: its city's tables and the network's write the same."""

    row: Any
    """A SiteRow or a RouteRow."""
    values: dict[str, Any]


@dataclass(frozen=True)
class Column:
    """One column of a table: its Table Schema field and how a row's value is read."""

    name: str
    type: str
    """A Table Schema type: string, number, integer or boolean."""
    description: str
    value: Callable[[Any], Any]
    """The value of a row (a SiteRow or RouteRow): None for an empty cell; a Text for a text in languages."""
    constraints: dict[str, Any] = field(default_factory=dict)
    in_languages: bool = False
    """A text in several languages: one column per language, `<name>_<language>`."""


def _access(fact: str) -> Callable[[SiteRow], bool | None]:
    return lambda row: row.site.access.known(fact) if row.site.access else None


def _source(source: Source) -> str:
    """One source on one line: where (url or printed), what it supports (first language), when checked."""
    where = source.url or source.printed or ""
    supports = next(iter(source.supports.root.values()))
    return f"{where} ({supports}; checked {source.checked.isoformat()})"


def _listed(items: Iterable[str]) -> str | None:
    joined = LIST_SEPARATOR.join(items)
    return joined or None


REQUIRED = {"required": True}

SITE_COLUMNS: tuple[Column, ...] = (
    Column("city", "string", "The city's id: its address on the site, /<city>/.", lambda r: r.guide.slug, REQUIRED),
    Column("id", "string", "The site's id, unique in its city.", lambda r: r.site.id, REQUIRED),
    Column(
        "category",
        "string",
        "heritage, food or tradition.",
        lambda r: r.site.category,
        {"required": True, "enum": list(get_args(Category))},
    ),
    Column(
        "lat", "number", "Latitude, WGS 84.", lambda r: r.site.lat, {"required": True, "minimum": -90, "maximum": 90}
    ),
    Column(
        "lon", "number", "Longitude, WGS 84.", lambda r: r.site.lon, {"required": True, "minimum": -180, "maximum": 180}
    ),
    Column("name", "string", "The site's name.", lambda r: r.site.name, in_languages=True),
    Column("summary", "string", "One line about the site.", lambda r: r.site.summary, in_languages=True),
    Column("story", "string", "What this place is (Markdown).", lambda r: r.site.story, in_languages=True),
    Column("look", "string", "What to look at, on the spot.", lambda r: r.site.learn.look, in_languages=True),
    Column("ask", "string", "What to ask, across generations.", lambda r: r.site.learn.ask, in_languages=True),
    Column("try", "string", "Something to do or taste.", lambda r: r.site.learn.try_, in_languages=True),
    Column(
        "good_for",
        "string",
        f"Who will enjoy it most: {', '.join(get_args(Audience))}, separated by `{LIST_SEPARATOR}`.",
        lambda r: _listed(r.site.good_for),
    ),
    Column("step_free", "boolean", "Reached and visited without steps (empty: not known).", _access("step_free")),
    Column("seating", "boolean", "Somewhere to sit (empty: not known).", _access("seating")),
    Column("toilets", "boolean", "Toilets open to visitors (empty: not known).", _access("toilets")),
    Column("shade", "boolean", "Shade or shelter (empty: not known).", _access("shade")),
    Column("hours", "string", "Opening hours, as the editors wrote them.", lambda r: r.site.hours, in_languages=True),
    Column("free", "boolean", "Entry is free (empty: not known).", lambda r: r.site.free),
    Column("price", "string", "Entry price, when not free.", lambda r: r.site.price, in_languages=True),
    Column(
        "links",
        "string",
        f"Further reading: https addresses separated by `{LIST_SEPARATOR}`.",
        lambda r: _listed(link.url for link in r.site.links),
    ),
    Column(
        "opening_hours",
        "string",
        "Opening hours in OpenStreetMap's opening_hours syntax.",
        lambda r: r.site.opening_hours,
    ),
    Column("getting_there", "string", "How to get there.", lambda r: r.site.getting_there, in_languages=True),
    Column("etiquette", "string", "How to dress and behave there.", lambda r: r.site.etiquette, in_languages=True),
    Column(
        "sources",
        "string",
        f"Where the facts come from: each `address (what it supports; checked date)`, separated by `{LIST_SEPARATOR}`.",
        lambda r: _listed(_source(source) for source in r.site.sources),
    ),
    Column("url", "string", "The site's page in the guide.", lambda r: r.url),
)

ROUTE_COLUMNS: tuple[Column, ...] = (
    Column("city", "string", "The city's id: its address on the site, /<city>/.", lambda r: r.guide.slug, REQUIRED),
    Column("id", "string", "The walk's id, unique in its city.", lambda r: r.route.route.id, REQUIRED),
    Column(
        "theme",
        "string",
        "heritage, food, tradition or mixed.",
        lambda r: r.route.route.theme,
        {"required": True, "enum": list(get_args(Theme))},
    ),
    Column(
        "proposed",
        "boolean",
        "true for a walk the guide proposes (three sites of a theme and no walk of it), false for the editors'.",
        lambda r: r.route.proposed,
        REQUIRED,
    ),
    Column("title", "string", "The walk's title.", lambda r: r.route.route.title, in_languages=True),
    Column("summary", "string", "What the walk is about.", lambda r: r.route.route.summary, in_languages=True),
    Column(
        "stops",
        "string",
        f"The ids of its sites (table sites, same city), in walking order, separated by `{LIST_SEPARATOR}`.",
        lambda r: _listed(stop.id for stop in r.route.stops),
        REQUIRED,
    ),
    Column("stop_count", "integer", "How many stops.", lambda r: len(r.route.stops), REQUIRED),
    Column(
        "distance_m",
        "integer",
        "Its length in metres: along its path, or straight between stops times the detour factor.",
        lambda r: round(r.route.metres),
        REQUIRED,
    ),
    Column(
        "standard_minutes",
        "integer",
        "Minutes at the standard pace, time at the stops included.",
        lambda r: round(r.route.standard_minutes),
        REQUIRED,
    ),
    Column(
        "relaxed_minutes",
        "integer",
        "Minutes at the relaxed pace (elders, small children), time at the stops included.",
        lambda r: round(r.route.relaxed_minutes),
        REQUIRED,
    ),
    Column(
        "path",
        "string",
        "recorded (a GPX track walked), drawn (a line along the streets) or empty (straight between stops).",
        lambda r: None if r.route.route.path is None else "recorded" if r.route.recorded else "drawn",
        {"enum": ["recorded", "drawn"]},
    ),
    Column("url", "string", "The walk's page in the guide.", lambda r: r.url),
    Column("gpx", "string", "The walk as GPX, for walking apps.", lambda r: r.gpx),
)


# --- values as written -------------------------------------------------------------------------


def _round(value: float) -> float:
    return round(value, COORDINATE_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a cell begins that a spreadsheet would read as a formula (OWASP's list): an editor's
`=HYPERLINK(...)` would become a link, or worse, in the teacher's spreadsheet."""


def _cell(value: Any) -> str:
    """A value as a CSV cell: empty for None, `true`/`false`, numbers without exponents; a text
    that begins like a formula (FORMULA_STARTS) with an apostrophe before it, which spreadsheets
    take as "this is text" and do not show (the GeoJSON keeps the text as written)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        words = f"{value:.{COORDINATE_DECIMALS}f}".rstrip("0").rstrip(".")
        return "0" if words in ("-0", "") else words
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return str(value)


def _property(value: Any) -> Any:
    """A value as a GeoJSON property: None stays null, floats are rounded."""
    return _round(value) if isinstance(value, float) else value


def _fields(columns: tuple[Column, ...], languages: list[str]) -> list[tuple[str, Column, str | None]]:
    """Each column as written: (name, column, language), one per language for texts."""
    return [
        (f"{column.name}_{language}", column, language) if column.in_languages else (column.name, column, None)
        for column in columns
        for language in (languages if column.in_languages else [None])
    ]


def _values(row: Any, columns: tuple[Column, ...], languages: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, column, language in _fields(columns, languages):
        value = column.value(row)
        if language is not None:
            value = value.root.get(language) if isinstance(value, Text) else None
        values[name] = value
    return values


def _table_schema(columns: tuple[Column, ...], languages: list[str]) -> dict[str, Any]:
    fields = []
    for name, column, language in _fields(columns, languages):
        description = column.description + (f" In the language `{language}`." if language else "")
        entry: dict[str, Any] = {"name": name, "type": column.type, "description": description}
        if column.constraints:
            entry["constraints"] = dict(column.constraints)
        fields.append(entry)
    return {"fields": fields, "primaryKey": ["city", "id"], "missingValues": [""]}


def _csv(rows: list[Values], columns: tuple[Column, ...], languages: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, the Table Dialect's default
    writer.writerow([name for name, _, _ in _fields(columns, languages)])
    for row in rows:
        writer.writerow([_cell(value) for value in row.values.values()])
    return out.getvalue().encode("utf-8")


def _json_bytes(data: Any, indent: int | None = 1) -> bytes:
    """JSON, keys sorted; `indent=None`: on one line, written by the json module's C encoder
    (the indented one is written in Python: twice the time for the same GeoJSON)."""
    separators = (",", ":") if indent is None else None
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=indent, separators=separators, allow_nan=False)
    return (text + "\n").encode("utf-8")


def _sites_geojson(rows: list[Values]) -> bytes:
    features = []
    for row in rows:
        properties = {name: _property(value) for name, value in row.values.items() if name not in ("lat", "lon")}
        point = {"type": "Point", "coordinates": [_round(row.row.site.lon), _round(row.row.site.lat)]}
        features.append({"type": "Feature", "geometry": point, "properties": properties})
    return _json_bytes({"type": "FeatureCollection", "features": features}, indent=None)


def _routes_geojson(rows: list[Values]) -> bytes:
    features = []
    for row in rows:
        properties = {name: _property(value) for name, value in row.values.items()}
        line = {"type": "LineString", "coordinates": [[_round(lon), _round(lat)] for lat, lon in row.row.route.line]}
        features.append({"type": "Feature", "geometry": line, "properties": properties})
    return _json_bytes({"type": "FeatureCollection", "features": features}, indent=None)


# --- the package ---------------------------------------------------------------------------------


def _languages(plans: list[CityPlan], site_languages: list[str]) -> list[str]:
    """The guide's languages, then any other a city writes in (sorted): the text columns' languages."""
    written = {language for plan in plans for language in plan.guide.city.languages}
    return list(site_languages) + sorted(written - set(site_languages))


def _address(site_url: str, src_uri: str) -> str:
    """A page's address: absolute when the site has one, else its path from the site's root."""
    return urls.absolute_url(site_url, src_uri) or urls.page_url(src_uri)


def _created() -> str | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        return datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError, OSError):
        return None


def _resource(name: str, path: str, title: str, data: bytes, schema: dict[str, Any] | None) -> dict[str, Any]:
    csv_file = path.endswith(".csv")
    resource: dict[str, Any] = {
        "name": name,
        "path": path,
        "title": title,
        "format": "csv" if csv_file else "geojson",
        "mediatype": "text/csv" if csv_file else "application/geo+json",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
    }
    if schema is not None:
        resource["schema"] = schema
    return resource


def data_package(
    plans: list[CityPlan], site_languages: list[str], site_url: str = "", repository_url: str = ""
) -> dict[str, bytes]:
    """Every file of the data package, by its path in the site (`data/datapackage.json`, ...)."""
    languages = _languages(plans, site_languages)
    plans = sorted(plans, key=lambda plan: plan.guide.slug)
    site_rows: dict[str, list[Values]] = {}
    route_rows: dict[str, list[Values]] = {}
    for plan in plans:
        city = plan.guide
        city_sites = [
            SiteRow(city, site, _address(site_url, urls.site_page(city.slug, site.id)))
            for site in sorted(city.sites, key=lambda site: site.id)
        ]
        city_routes = [
            RouteRow(
                city,
                route,
                _address(site_url, urls.route_page(city.slug, route.route.id)),
                _address(site_url, urls.route_download(city.slug, route.route.id, "gpx")),
            )
            for route in sorted(plan.routes, key=lambda route: route.route.id)
        ]
        site_rows[city.slug] = [Values(row, _values(row, SITE_COLUMNS, languages)) for row in city_sites]
        route_rows[city.slug] = [Values(row, _values(row, ROUTE_COLUMNS, languages)) for row in city_routes]
    site_schema = _table_schema(SITE_COLUMNS, languages)
    route_schema = _table_schema(ROUTE_COLUMNS, languages)
    files: dict[str, bytes] = {}
    resources: list[dict[str, Any]] = []

    def add(name: str, path: str, title: str, data: bytes, schema: dict[str, Any] | None) -> None:
        files[urls.open_data(path)] = data
        resources.append(_resource(name, path, title, data, schema))

    every_site = [row for rows in site_rows.values() for row in rows]
    every_route = [row for rows in route_rows.values() for row in rows]
    groups = [("", "the whole network", every_site, every_route)] + [
        (slug, f"`{slug}`", site_rows[slug], route_rows[slug]) for slug in site_rows
    ]
    for slug, whose, sites, routes in groups:
        folder, prefix = (f"{slug}/", f"{slug}-") if slug else ("", "")
        add(
            f"{prefix}sites",
            f"{folder}sites.csv",
            f"Sites of {whose}",
            _csv(sites, SITE_COLUMNS, languages),
            site_schema,
        )
        add(
            f"{prefix}sites-geojson",
            f"{folder}sites.geojson",
            f"Sites of {whose}, as map points",
            _sites_geojson(sites),
            None,
        )
        add(
            f"{prefix}routes",
            f"{folder}routes.csv",
            f"Walks of {whose}",
            _csv(routes, ROUTE_COLUMNS, languages),
            route_schema,
        )
        add(
            f"{prefix}routes-geojson",
            f"{folder}routes.geojson",
            f"Walks of {whose}, as lines",
            _routes_geojson(routes),
            None,
        )
    package: dict[str, Any] = {
        "name": "city-classroom-guide",
        "title": "City as Classroom: the guide's sites and walks",
        "description": (
            "Heritage, food and tradition sites of learning cities, each with what to look at, ask and try, "
            "and walks between them, as written by the guide's editors."
        ),
        "licenses": [CONTENT_LICENSE],
        "sources": [
            {
                "title": "The guide's city files (cities/<city>/*.yml), written by its volunteer editors",
                **({"path": repository_url} if repository_url else {}),
            }
        ],
        "keywords": ["learning city", "GNLC", "heritage", "walking routes"],
        "resources": resources,
    }
    if site_url:
        package["homepage"] = site_url
    created = _created()
    if created:
        package["created"] = created
    files[urls.open_data("datapackage.json")] = _json_bytes(package)
    return files
