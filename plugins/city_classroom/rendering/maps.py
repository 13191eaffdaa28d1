"""Maps: each map is one `<div>` carrying its data; city-map.js draws it with Leaflet.

A map on a page is only

    <div class="cc-map cc-map-route" ... data-cc-map="{...JSON...}"></div>

and its data says everything: the tiles (URL template, attribution, zoom limit), the
bounds to fit, the markers and their popups, the line, the layers.
`mkdocs_plugin/theme/assets/javascripts/city-map.js` builds the Leaflet map of such a `<div>`
when it comes near the screen (city-classroom.js fetches Leaflet then), with the options
folium 0.20 used to write (scale, the tile layer's options), and the page scrolling past it
(two fingers or Ctrl + wheel move the map; the hints' words are in the data), putting every
editor string into the page with `textContent`, never as HTML.

Why no script on the page: the site's Content-Security-Policy (csp.py) allows only
scripts from the site's own files and the theme's few fixed bootstraps. A per-page inline
script could only be allowed by a hash of its own, and Material re-runs inline scripts of
the new content after an instant navigation (as plain text, under the first page's
policy). Data in an attribute runs nowhere: it is read with `JSON.parse`.

folium is no longer used: it wrote only the map's skeleton (`L.map`, the tile layer,
the scale), once per tile style, with random ids made countable, CDN links removed and
its jQuery popups replaced; city-map.js now makes that skeleton with the same options.
Editor text never went through folium (branca re-parses its output as Jinja).

The data is HTML-escaped for its attribute (quote=True), so no editor text can end the
attribute or the element; the page's bytes depend on the input only (no random ids).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..city_files.model import CATEGORIES
from . import markup, urls

if TYPE_CHECKING:
    from ..city_files.model import CityGuide, Site
    from ..planning.plan import CityPlan, RoutePlan

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'

CLUSTER_ABOVE = 50
"""A city map clusters its markers when it has more sites than this."""
FIT = {"route": 17, "city": 17, "home": 11}
"""The closest zoom a map is fitted to, by kind: a city alone on the home map is not shown street by street."""
MAP_ID = "map_1"
"""The map's element id, in the form folium gave it (a page holds one map at most). Kept for
what names it (tests/test_build.py); city-map.js finds maps by their class and data, not by id."""


@dataclass(frozen=True)
class MapStyle:
    """What every map shares: its tiles. Set from the plugin's options."""

    tiles: str = OSM_TILES
    attribution: str = OSM_ATTRIBUTION
    max_zoom: int = 19


def _tiles(style: MapStyle) -> dict[str, Any]:
    """The tile layer: where tiles come from and whom to credit (HTML set by the site's maintainer)."""
    return {"url": style.tiles, "attribution": style.attribution, "maxZoom": style.max_zoom}


def data_attribute(data: dict[str, Any]) -> str:
    """The map's data as JSON, escaped for a double-quoted HTML attribute.

    The browser un-escapes the attribute and city-map.js reads it with JSON.parse: the
    JSON arrives exactly as written, and nothing in it can end the attribute or the element."""
    return html.escape(markup.compact_json(data), quote=True)


def _gestures(words) -> dict[str, str]:
    """The hints of how to move the map while the page scrolls past it; `{keys}`: Ctrl, or ⌘ on a Mac."""
    return {"touch": words.plain_label("map_touch_hint"), "scroll": words.plain_label("map_scroll_hint", keys="{keys}")}


def _map(kind: str, label: str, style: MapStyle, words, data: dict[str, Any]) -> str:
    """The map as one labelled <div> carrying its data: drawn by city-map.js, no script of its own."""
    data = {"kind": kind, "maxZoom": FIT[kind], "tiles": _tiles(style), "gestures": _gestures(words), **data}
    return (
        f'<div class="cc-map cc-map-{kind}" id="{MAP_ID}" role="region" '
        f'aria-label="{markup.attribute(label)}" data-pagefind-ignore="all" '
        f'data-cc-map="{data_attribute(data)}"></div>'
    )


def _bounds(points: list[tuple[float, float]]) -> list[list[float]]:
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _point(lat: float, lon: float, mark: str, category: str, name: str, summary: str, href: str) -> dict[str, Any]:
    """A marker: where, what it shows (`mark`, a number or a letter), and its popup."""
    assert ":" not in href and "\\" not in href, href  # a relative URL built from slugs
    return {"lat": lat, "lon": lon, "mark": mark, "category": category, "name": name, "summary": summary, "href": href}


PageLink = Callable[[str], str]
"""Turns a page's language-neutral path (`lamphun/sites/x.md`) into a URL relative to the map's page."""


def route_map(guide: CityGuide, plan: RoutePlan, words, style: MapStyle, link: PageLink) -> str:
    """Numbered markers in stop order, coloured by category, the route line, fitted to the stops."""
    points = [
        _point(
            stop.lat,
            stop.lon,
            str(number),
            stop.category,
            f"{number}. {words.plain(stop.name)}",
            words.plain(stop.summary),
            urls.on_walk(link(urls.site_page(guide.slug, stop.id)), plan.route.id),
        )
        for number, stop in enumerate(plan.stops, start=1)
    ]
    line = [[round(lat, 6), round(lon, 6)] for lat, lon in plan.line]
    every = [(s.lat, s.lon) for s in plan.stops] + [(p[0], p[1]) for p in line]
    data = {
        "bounds": _bounds(every),
        "link": words.plain_label("open_site"),
        "line": line,
        "dashed": not plan.along_path,
        "points": points,
    }
    return _map("route", words.plain_label("route_map", name=words.plain(plan.route.title)), style, words, data)


def _site_point(guide: CityGuide, site: Site, words, link: PageLink) -> dict[str, Any]:
    return _point(
        site.lat,
        site.lon,
        words.plain_label(site.category)[:1],
        site.category,
        words.plain(site.name),
        words.plain(site.summary),
        link(f"{guide.slug}/sites/{site.id}.md"),
    )


def city_map(guide: CityGuide, words, style: MapStyle, link: PageLink) -> str:
    """Every site, one layer per category with a legend and toggles; clustered above 50 sites."""
    layers = []
    for category in CATEGORIES:
        sites = sorted((s for s in guide.sites if s.category == category), key=lambda s: s.id)
        if sites:
            layers.append(
                {
                    "category": category,
                    "legend": words.plain_label(category),
                    "points": [_site_point(guide, site, words, link) for site in sites],
                }
            )
    data = {
        "bounds": _bounds([(s.lat, s.lon) for s in guide.sites]),
        "link": words.plain_label("open_site"),
        "cluster": len(guide.sites) > CLUSTER_ABOVE,
        "clusterLabel": words.plain_label("sites_count", count="{count}"),
        "layers": layers,
    }
    return _map("city", words.plain_label("city_map", name=words.plain(guide.city.name)), style, words, data)


def home_map(plans: list[CityPlan], words, style: MapStyle, link: PageLink) -> str:
    """One marker per city."""
    points = []
    for plan in plans:
        city = plan.guide.city
        points.append(
            _point(
                city.center.lat,
                city.center.lon,
                "●",
                "city",
                words.plain_for(city.name, plan.guide.language),
                words.plain_for(city.summary, plan.guide.language),
                link(f"{plan.guide.slug}/index.md"),
            )
        )
    data = {
        "bounds": _bounds([(p["lat"], p["lon"]) for p in points]) if points else [[-60, -170], [75, 170]],
        "link": words.plain_label("open_city"),
        "points": points,
    }
    return _map("home", words.plain_label("home_map"), style, words, data)
