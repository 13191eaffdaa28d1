"""What a route map costs: its bytes on the page, and the time to make it.

    .venv/bin/python bench/map_bench.py [--repeat 20]

Prints:

* the size of the page-specific map code of a 10-stop route page (the <div> and the
  <script> that `maps.route_map` returns), raw and gzip-compressed; target ≤ 4 KB gzip;
* the average time of `maps.route_map` over every route of the seed cities, in every
  language, `--repeat` times; target ≤ 10 ms;
* the same 10-stop map rendered the way folium does by default (Map, Markers with
  Popups, PolyLine, `m.get_root().render()`), for comparison (field notes: ~27 ms).

Not a test: the figures depend on the machine (and on what else it is doing).
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import time
from pathlib import Path

import folium

from city_classroom.city_files.model import Route
from city_classroom.city_files.validate import read_cities
from city_classroom.planning.plan import Paces, plan_city, plan_route
from city_classroom.rendering import maps, urls
from city_classroom.rendering.maps import MapStyle
from city_classroom.rendering.pages import SiteLanguages, Words

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = SiteLanguages(["en", "th", "zh"])


def route_html(plan, route, language: str, style: MapStyle) -> str:
    src = LANGUAGES.prefix(language) + urls.route_page(plan.guide.slug, route.route.id)
    return maps.route_map(
        plan.guide, route, Words(language, plan.guide.language), style, urls.PageLinks(src, LANGUAGES.prefix(language))
    )


def ten_stops(plan):
    """A 10-stop walk over the city's first ten sites (by id)."""
    stops = sorted(site.id for site in plan.guide.sites)[:10]
    assert len(stops) == 10, "the city has fewer than ten sites"
    route = Route.model_validate(
        {
            "id": "ten-stops",
            "title": {"en": "Ten stops"},
            "theme": "mixed",
            "stops": stops,
            "summary": {"en": "A long walk."},
        }
    )
    return plan_route(plan.guide, route, Paces())


def folium_default(route) -> str:
    """The same map as folium draws it out of the box."""
    m = folium.Map(location=[route.stops[0].lat, route.stops[0].lon], zoom_start=15)
    folium.PolyLine([list(p) for p in route.line]).add_to(m)
    for number, stop in enumerate(route.stops, start=1):
        name = f"{number}. {stop.name.get('en')}"
        folium.Marker(
            [stop.lat, stop.lon], tooltip=name, popup=folium.Popup(f"<b>{name}</b><br>{stop.summary.get('en')}")
        ).add_to(m)
    return m.get_root().render()


def timed(make, count: int) -> float:
    """Average milliseconds per call."""
    start = time.perf_counter()
    for _ in range(count):
        make()
    return (time.perf_counter() - start) * 1000 / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    guides, problems = read_cities(REPO / "cities")
    assert not [p for p in problems if p.severity == "error"]
    plans = [plan_city(guide) for guide in guides]
    lamphun = next(plan for plan in plans if plan.guide.slug == "lamphun")
    route = ten_stops(lamphun)
    style = MapStyle()

    start = time.perf_counter()
    html = route_html(lamphun, route, "en", style)  # the first map of a style
    first_ms = (time.perf_counter() - start) * 1000
    raw, packed = len(html.encode()), len(gzip.compress(html.encode(), compresslevel=6, mtime=0))
    print(
        f"10-stop route map (one <div> with its data): {raw:,} bytes, {packed:,} bytes gzip "
        f"(target ≤ 4,096) {'OK' if packed <= 4096 else 'OVER'}"
    )

    every = [(plan, r, language) for plan in plans for r in plan.routes for language in LANGUAGES.languages]
    runs = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for plan, r, language in every:
            route_html(plan, r, language, style)
        runs.append((time.perf_counter() - start) * 1000 / len(every))
    average = statistics.mean(runs)
    print(
        f"route_map: {average:.2f} ms a map on average over {len(every)} route pages × {args.repeat} "
        f"(median run {statistics.median(runs):.2f} ms; the very first map {first_ms:.1f} ms, "
        f"the first of its style) (target ≤ 10) {'OK' if average <= 10 else 'OVER'}"
    )
    print(
        f"route_map, the 10-stop map: {timed(lambda: route_html(lamphun, route, 'en', style), args.repeat * 5):.2f} ms"
    )

    default = folium_default(route)
    folium_ms = timed(lambda: folium_default(route), args.repeat)
    print(
        f"folium's default rendering of the same 10-stop map: {folium_ms:.1f} ms, "
        f"{len(default.encode()):,} bytes, {len(gzip.compress(default.encode(), mtime=0)):,} bytes gzip "
        f"(a whole HTML document, CDN links included)"
    )


if __name__ == "__main__":
    main()
