"""Maps: a folium map made safe, self-hosted, reproducible and light for a Material page.

A map is two things:

* the map itself (Leaflet map, tile layer, scale, gesture handling), rendered by folium
  once per tile style and kind of map, and reused for every page;
* the map's data, as JSON: its bounds, markers, popups, line and layers. Markers and
  popups are drawn by `overrides/assets/javascripts/city-map.js`, which puts every editor
  string into the page with `textContent`, never as HTML.

What folium does by default, and what is done about it here:

* random element ids → a counter (`_counted_ids`), so builds are byte-identical;
* ten files from four CDNs → none: Leaflet and its plugins are copied from the xstatic
  packages into the site once (see `assets.py`), and each map is only its own `<div>`
  and a script;
* each element's output is parsed again as a Jinja template (branca's `MacroElement`):
  editor text given to folium would run as Jinja on the build machine (`{{7*7}}` became
  49, and Jinja reaches Python's `os`). Editor text never goes through folium;
* unescaped popups and tooltips, and jQuery to build them → popups built in city-map.js;
* about 1 KB of script and 3 ms of rendering per marker → a line of JSON per marker;
* scripts that run at once → each map is queued on `window.ccMaps`, started by
  city-map.js from Material's `document$`, on first load and after instant navigation.
"""

from __future__ import annotations

import itertools
import json
import posixpath
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import folium
from branca.element import Element

from . import markup
from .model import CATEGORIES

if TYPE_CHECKING:
    from .model import CityGuide, Site
    from .plan import CityPlan, RoutePlan

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
CATEGORY_COLOURS = {"heritage": "#8e24aa", "food": "#c62828", "tradition": "#1565c0"}
"""Marker colours by category (in city.css); each has a contrast of at least 4.5:1 with white numbers."""
ROUTE_COLOUR = "#37474f"
CLUSTER_ABOVE = 50
"""A city map clusters its markers when it has more sites than this."""
FIT = {"route": 17, "city": 17, "home": 11}
"""The closest zoom a map is fitted to, by kind: a city alone on the home map is not shown street by street."""


@dataclass(frozen=True)
class MapStyle:
    """What every map shares: its tiles. Set from the plugin's options."""

    tiles: str = OSM_TILES
    attribution: str = OSM_ATTRIBUTION
    max_zoom: int = 19


@contextmanager
def _counted_ids() -> Iterator[None]:
    """Give folium elements made inside the block the ids 1, 2, 3... instead of random ones.

    branca draws ids from os.urandom (field notes); a counter per map makes the same input
    render the same bytes. Maps are made one at a time, so a scoped override is enough.
    """
    counter = itertools.count(1)
    original = Element.__dict__["_generate_id"]
    Element._generate_id = classmethod(lambda cls: str(next(counter)))  # type: ignore[method-assign]
    try:
        yield
    finally:
        Element._generate_id = original  # type: ignore[method-assign]


def page_url(src_uri: str) -> str:
    """The URL path of a generated page with directory URLs: `a/b.md` → `a/b/`, `a/index.md` → `a/`."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def url_from(target_src: str, page_src: str) -> str:
    """A relative URL from one generated page to another."""
    here = page_url(page_src) or "."
    there = page_url(target_src) or "."
    return posixpath.relpath(there, here).rstrip("/") + "/" if there != here else "./"


@lru_cache(maxsize=16)
def _skeleton(style: MapStyle) -> tuple[str, str]:
    """The map without its data, as folium renders it: (its name, its script).

    No centre is given: Leaflet adds the tile layer only once city-map.js has fitted the
    map to its data, so no tile is fetched for a place the map never shows.
    """
    with _counted_ids():
        tiles = folium.TileLayer(tiles=style.tiles, attr=style.attribution, max_zoom=style.max_zoom,
                                 control=False)
        m = folium.Map(tiles=tiles, gesture_handling=True, control_scale=True)
        m.location = None  # `center: null`: no view until the data's bounds are known
        figure = m.get_root()
        figure.render()
        script = "\n".join(line.strip() for line in figure.script.render().splitlines() if line.strip())
        return m.get_name(), script


def _json(data: Any) -> str:
    """JSON for inside a <script> element: nothing in it can end the element or a JS string."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _map(kind: str, label: str, style: MapStyle, data: dict[str, Any]) -> str:
    """The map as a labelled <div> and a queued script: folium's map, then its data."""
    name, script = _skeleton(style)
    data = {"kind": kind, "maxZoom": FIT[kind], **data}
    return (f'<div class="cc-map cc-map-{kind}" id="{name}" role="region" '
            f'aria-label="{markup.attribute(label)}" data-pagefind-ignore="all"></div>\n'
            f"<script>(window.ccMaps=window.ccMaps||[]).push({{data:{_json(data)},\n"
            f"make:function(){{\n{script}\nreturn {name};}}}});</script>")


def _bounds(points: list[tuple[float, float]]) -> list[list[float]]:
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _point(lat: float, lon: float, mark: str, category: str, name: str, summary: str, href: str) -> dict[str, Any]:
    """A marker: where, what it shows (`mark`, a number or a letter), and its popup."""
    assert ":" not in href and "\\" not in href, href  # a relative URL built from slugs
    return {"lat": lat, "lon": lon, "mark": mark, "category": category, "name": name, "summary": summary,
            "href": href}


PageLink = Callable[[str], str]
"""Turns a page's language-neutral path (`lamphun/sites/x.md`) into a URL relative to the map's page."""


def route_map(guide: CityGuide, plan: RoutePlan, words, style: MapStyle, link: PageLink) -> str:
    """Numbered markers in stop order, coloured by category, the route line, fitted to the stops."""
    points = [_point(stop.lat, stop.lon, str(number), stop.category, f"{number}. {words.plain(stop.name)}",
                     words.plain(stop.summary), link(f"{guide.slug}/sites/{stop.id}.md"))
              for number, stop in enumerate(plan.stops, start=1)]
    line = [[round(lat, 6), round(lon, 6)] for lat, lon in plan.line]
    every = [(s.lat, s.lon) for s in plan.stops] + [(p[0], p[1]) for p in line]
    data = {"bounds": _bounds(every), "link": words.plain_label("open_site"),
            "line": line, "dashed": not plan.along_path, "colour": ROUTE_COLOUR, "points": points}
    return _map("route", words.plain_label("route_map", name=words.plain(plan.route.title)), style, data)


def _site_point(guide: CityGuide, site: Site, words, link: PageLink) -> dict[str, Any]:
    return _point(site.lat, site.lon, words.plain_label(site.category)[:1], site.category, words.plain(site.name),
                  words.plain(site.summary), link(f"{guide.slug}/sites/{site.id}.md"))


def city_map(guide: CityGuide, words, style: MapStyle, link: PageLink) -> str:
    """Every site, one layer per category with a legend and toggles; clustered above 50 sites."""
    layers = []
    for category in CATEGORIES:
        sites = sorted((s for s in guide.sites if s.category == category), key=lambda s: s.id)
        if sites:
            layers.append({"category": category, "legend": words.plain_label(category),
                           "points": [_site_point(guide, site, words, link) for site in sites]})
    data = {"bounds": _bounds([(s.lat, s.lon) for s in guide.sites]), "link": words.plain_label("open_site"),
            "cluster": len(guide.sites) > CLUSTER_ABOVE,
            "clusterLabel": words.plain_label("sites_count", count="{count}"), "layers": layers}
    return _map("city", words.plain_label("city_map", name=words.plain(guide.city.name)), style, data)


def home_map(plans: list[CityPlan], words, style: MapStyle, link: PageLink) -> str:
    """One marker per city."""
    points = []
    for plan in plans:
        city = plan.guide.city
        points.append(_point(city.center.lat, city.center.lon, "●", "city",
                             words.plain_for(city.name, plan.guide.language),
                             words.plain_for(city.summary, plan.guide.language),
                             link(f"{plan.guide.slug}/index.md")))
    data = {"bounds": _bounds([(p["lat"], p["lon"]) for p in points]) if points else [[-60, -170], [75, 170]],
            "link": words.plain_label("open_city"), "points": points}
    return _map("home", words.plain_label("home_map"), style, data)
