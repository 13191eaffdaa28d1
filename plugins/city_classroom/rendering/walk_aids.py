"""What helps a reader on the walk, beyond the guidebook: the data behind the page widgets.

* near me (city pages): every site with where it is and its URL, for
  `near-me.js` to find the five nearest in the browser; no request leaves the device;
* offline walks (route pages): the pages that a saved walk keeps, for `offline.js`
  and the service worker `offline-walks.js` at the site's root;
* between stops (site pages): for every route through a site, where the site is on it
  (stop 3 of 7), the next and previous stops and the route, for `between-stops.js` to show
  the route that the reader came from (`?walk=<route id>` in the stop links of route
  pages and walk sheets: the route in the link, not guessed);
* easy walks (city pages): what each route is (step-free, seating, short, good for
  children), as data attributes that `walks.js` filters on;
* where the printed sheets go: a walk sheet per route, a plaque sheet per city.

Each function returns JSON for an HTML attribute; the templates escape it there
(`|html_attr`). Editor text inside is never HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..planning.plan import LONG_LEG_M, SHORT_WALK_MINUTES
from . import i18n, urls
from .markup import compact_json

if TYPE_CHECKING:
    from ..city_files.model import CityGuide
    from ..planning.plan import CityPlan, RoutePlan

OFFLINE_WORKER = "offline-walks.js"
"""The service worker, at the site's root so that its scope is the whole site (mkdocs_plugin/theme/offline-walks.js)."""
NEAREST = 5


def _words(language: str, keys: list[str]) -> dict[str, str]:
    return {key: i18n.label(language, key) for key in keys}


def near_me(guide: CityGuide, words, link: urls.PageLinks) -> str:
    """Every site of a city for the near-me widget: id, name in the page's language, lat, lon, URL."""
    sites = sorted(
        (
            {
                "id": site.id,
                "name": words.plain(site.name),
                "lat": site.lat,
                "lon": site.lon,
                "url": link(urls.site_page(guide.slug, site.id)),
            }
            for site in guide.sites
        ),
        key=lambda s: (s["name"].casefold(), s["id"]),
    )
    keys = [
        "m",
        "km",
        "near_me_waiting",
        "near_me_denied",
        "near_me_from_you",
        "near_me_from_site",
        *(f"direction_{d}" for d in ("N", "NE", "E", "SE", "S", "SW", "W", "NW")),
    ]
    return compact_json({"nearest": NEAREST, "sites": sites, "labels": _words(words.language, keys)})


def offline(guide: CityGuide, plan: RoutePlan, words, link: urls.PageLinks) -> str:
    """What a saved walk keeps: this page, its city page, its walk sheet and its stops' pages."""
    paths = [urls.city_page(guide.slug), urls.walk_sheet(guide.slug, plan.route.id)] + [
        urls.site_page(guide.slug, stop.id) for stop in plan.stops
    ]
    pages = ["./"] + [link(path) for path in dict.fromkeys(paths)]
    keys = ["offline_saving", "offline_saved", "offline_failed", "offline_unsupported"]
    return compact_json(
        {"root": link.root(), "worker": OFFLINE_WORKER, "pages": pages, "labels": _words(words.language, keys)}
    )


def between_stops(plan: CityPlan, site_id: str, words, link: urls.PageLinks) -> str:
    """Every route through a site, with the site's place on it; "" when no route passes.

    A route that comes by a site twice names its first visit."""
    walks = []
    for route in plan.routes_through(site_id):
        count = len(route.stops)
        index = [stop.id for stop in route.stops].index(site_id)
        walks.append(
            {
                "id": route.route.id,
                "title": words.plain(route.route.title),
                "url": link(urls.route_page(plan.guide.slug, route.route.id)),
                "number": index + 1,
                "count": count,
                "position": words.label("stop_of", number=index + 1, count=count),
                "next": _neighbour(plan, route, index + 1, "next_stop", words, link),
                "previous": _neighbour(plan, route, index - 1, "previous_stop", words, link),
            }
        )
    return compact_json({"parameter": urls.WALK_PARAMETER, "walks": walks}) if walks else ""


def _neighbour(plan: CityPlan, route: RoutePlan, at: int, key: str, words, link: urls.PageLinks) -> dict | None:
    """The stop at `at` on a route (None before the first, after the last), labelled `key`."""
    if not 0 <= at < len(route.stops):
        return None
    stop = route.stops[at]
    name = words.plain(stop.name)
    return {"name": name, "url": link(urls.site_page(plan.guide.slug, stop.id)), "label": words.label(key, name=name)}


def filter_labels(words) -> str:
    """The words `walks.js` shows under the city page's easy-walk filter."""
    return compact_json({"count": words.label("filter_count"), "none": words.label("filter_none")})


def easy(plan: RoutePlan) -> dict[str, str]:
    """A route's easy-walk facts, as the values of its entry's data attributes."""
    return {
        "step-free": _yes(plan.step_free),
        "seating": _yes(plan.seating),
        "short": _yes(plan.short),
        "children": _yes(plan.good_for_children),
    }


def _yes(value: bool) -> str:
    return "yes" if value else "no"


EASY_FILTERS = ("step-free", "seating", "short", "children")
"""The city page's checkboxes, by data attribute; their labels are `filter_<name>` in i18n."""
__all__ = [
    "EASY_FILTERS",
    "LONG_LEG_M",
    "SHORT_WALK_MINUTES",
    "between_stops",
    "easy",
    "filter_labels",
    "near_me",
    "offline",
]
