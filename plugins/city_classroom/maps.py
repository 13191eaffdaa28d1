"""Maps: folium maps made safe, self-hosted and reproducible for a Material page.

What folium does by default, and what is done about it here:

* random element ids → a per-page counter (`_counted_ids`), so builds are byte-identical;
* ten files from four CDNs → none: Leaflet and its plugins are copied from the
  xstatic packages into the site once (see `assets.py`), and each map is only
  its own `<div>` and a script;
* jQuery for popups → a four-line `$` in `overrides/assets/javascripts/city-map.js`;
* unescaped popups and tooltips → every editor string goes through
  `markup.js_template` (HTML escaped; backtick, `$` and backslash as entities);
* scripts that run at once → each map is a function queued on `window.ccMaps`,
  run by city-map.js from Material's `document$`, on first load and after
  instant navigation.
"""

from __future__ import annotations

import itertools
import posixpath
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import folium
from branca.element import Element

from . import markup
from .model import CATEGORIES

if TYPE_CHECKING:
    from .model import CityGuide
    from .plan import CityPlan, RoutePlan

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
CATEGORY_COLOURS = {"heritage": "#8e24aa", "food": "#c62828", "tradition": "#1565c0"}
"""Marker colours by category; each has a contrast of at least 4.5:1 with white numbers."""
ROUTE_COLOUR = "#37474f"
CLUSTER_ABOVE = 50
"""A city map clusters its markers when it has more sites than this."""


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


def _new_map(style: MapStyle, center: tuple[float, float], zoom: int) -> folium.Map:
    tiles = folium.TileLayer(tiles=style.tiles, attr=style.attribution, max_zoom=style.max_zoom,
                             control=False)
    return folium.Map(location=list(center), tiles=tiles, zoom_start=zoom, gesture_handling=True,
                      control_scale=True)


def _marker_icon(number: str, category: str, label: str) -> folium.DivIcon:
    return folium.DivIcon(html=f'<span class="cc-pin cc-{category}" aria-hidden="true">{number}</span>',
                          class_name="cc-marker", icon_size=(32, 32), icon_anchor=(16, 16),
                          popup_anchor=(0, -14))


def _popup(name: str, summary: str, href: str, link_text: str) -> folium.Popup:
    body = (f'<p class="cc-popup-name"><strong>{markup.js_template(name)}</strong></p>'
            f'<p>{markup.js_template(summary)}</p>'
            f'<p><a href="{markup.js_template(href)}">{markup.js_template(link_text)}</a></p>')
    return folium.Popup(body, max_width=260)


def _finish(m: folium.Map, label: str, kind: str) -> str:
    """The map as a labelled <div> and a queued script, compacted."""
    figure = m.get_root()
    figure.render()
    script = "\n".join(line.strip() for line in figure.script.render().splitlines() if line.strip())
    name = m.get_name()
    return (f'<div class="cc-map cc-map-{kind}" id="{name}" role="region" '
            f'aria-label="{markup.attribute(label)}" data-pagefind-ignore="all"></div>\n'
            f"<script>(window.ccMaps=window.ccMaps||[]).push(function(){{\n{script}\n"
            f"return {name};}});</script>")


def _fit(m: folium.Map, points: list[tuple[float, float]]) -> None:
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(28, 28), max_zoom=17)


PageLink = Callable[[str], str]
"""Turns a page's language-neutral path (`lamphun/sites/x.md`) into a URL relative to the map's page."""


def route_map(guide: CityGuide, plan: RoutePlan, words, style: MapStyle, link: PageLink) -> str:
    """Numbered markers in stop order, coloured by category, the route line, fitted to the stops."""
    with _counted_ids():
        m = _new_map(style, (plan.stops[0].lat, plan.stops[0].lon), 15)
        folium.PolyLine([list(p) for p in plan.line], color=ROUTE_COLOUR, weight=5, opacity=0.8,
                        dash_array=None if plan.along_path else "8 8").add_to(m)
        for number, stop in enumerate(plan.stops, start=1):
            name = words.plain(stop.name)
            href = link(f"{guide.slug}/sites/{stop.id}.md")
            folium.Marker([stop.lat, stop.lon], title=f"{number}. {name}", alt=f"{number}. {name}",
                          icon=_marker_icon(str(number), stop.category, name),
                          popup=_popup(f"{number}. {name}", words.plain(stop.summary), href,
                                       words.plain_label("open_site"))).add_to(m)
        _fit(m, [(s.lat, s.lon) for s in plan.stops] + list(plan.line))
        return _finish(m, words.plain_label("route_map", name=words.plain(plan.route.title)), "route")


def city_map(guide: CityGuide, words, style: MapStyle, link: PageLink) -> str:
    """Every site, one layer per category with a legend and toggles; clustered above 50 sites."""
    with _counted_ids():
        m = _new_map(style, (guide.city.center.lat, guide.city.center.lon), 14)
        cluster = len(guide.sites) > CLUSTER_ABOVE
        for category in CATEGORIES:
            sites = sorted((s for s in guide.sites if s.category == category), key=lambda s: s.id)
            if not sites:
                continue
            legend = (f'<span class="cc-swatch cc-{category}" aria-hidden="true"></span> '
                      f"{markup.js_template(words.plain_label(category))}")
            group = folium.FeatureGroup(name=legend, show=True)
            group.add_to(m)
            target = folium.plugins.MarkerCluster(control=False).add_to(group) if cluster else group
            for site in sites:
                name = words.plain(site.name)
                folium.Marker([site.lat, site.lon], title=name, alt=name,
                              icon=_marker_icon(words.plain_label(category)[:1], category, name),
                              popup=_popup(name, words.plain(site.summary),
                                           link(f"{guide.slug}/sites/{site.id}.md"),
                                           words.plain_label("open_site"))).add_to(target)
        folium.LayerControl(collapsed=False, position="topright").add_to(m)
        _fit(m, [(s.lat, s.lon) for s in guide.sites])
        return _finish(m, words.plain_label("city_map", name=words.plain(guide.city.name)), "city")


def home_map(plans: list[CityPlan], words, style: MapStyle, link: PageLink) -> str:
    """One marker per city."""
    with _counted_ids():
        m = _new_map(style, (0.0, 0.0), 2)
        points = []
        for plan in plans:
            city = plan.guide.city
            name = words.plain_for(city.name, plan.guide.language)
            summary = words.plain_for(city.summary, plan.guide.language)
            folium.Marker([city.center.lat, city.center.lon], title=name, alt=name,
                          icon=_marker_icon("●", "city", name),
                          popup=_popup(name, summary, link(f"{plan.guide.slug}/index.md"),
                                       words.plain_label("open_city"))).add_to(m)
            points.append((city.center.lat, city.center.lon))
        if points:
            _fit(m, points)
        return _finish(m, words.plain_label("home_map"), "home")
