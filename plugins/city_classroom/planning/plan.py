"""Plan: the walks. Legs, distances and walking times; proposed routes; nearby sites.

Nothing here knows HTML. Distances are metres, times are minutes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from ..city_files.gate import is_recorded_track
from ..city_files.model import CATEGORIES, CityGuide, Route, Site, Text
from ..geo import DETOUR_FACTOR, LONG_WALK_M, compass_point, distance_m, line_length_m

EXACT_ORDER_LIMIT = 10
"""Up to this many stops, a proposed route's order is the exact shortest; beyond, a heuristic."""

PROPOSED_MAX_STOPS = 8

LONG_LEG_M = 500
"""A leg longer than this is flagged on the route page when its end has no seating (or none known)."""
SHORT_WALK_MINUTES = 30
"""An easy walk is under this many minutes of walking at the relaxed pace (time at stops not counted)."""


@dataclass(frozen=True)
class Paces:
    """How people walk: the figures every route page is computed with."""

    standard_kmh: float = 4.5
    relaxed_kmh: float = 3.0
    """For elders and small children."""
    minutes_at_stop: float = 10
    detour_factor: float = DETOUR_FACTOR


@dataclass(frozen=True)
class Leg:
    """The walk from one stop to the next."""

    start: Site
    end: Site
    metres: float
    standard_minutes: float
    relaxed_minutes: float

    @property
    def seating_at_end(self) -> bool | None:
        """Whether there is somewhere to sit where this leg ends: None when no one has said."""
        return self.end.access.known("seating") if self.end.access else None

    @property
    def direction(self) -> str:
        """The eight-point compass direction from this leg's start to its end (straight, as the crow flies)."""
        return compass_point(self.start.lat, self.start.lon, self.end.lat, self.end.lon)


@dataclass(frozen=True)
class RoutePlan:
    """A route with its stops, legs and totals."""

    route: Route
    stops: tuple[Site, ...]
    legs: tuple[Leg, ...]
    line: tuple[tuple[float, float], ...]
    """(lat, lon) points of the line drawn on the map: the path, or the stops."""
    along_path: bool
    """True when distances follow the drawn path; False for straight lines × detour factor."""
    proposed: bool
    paces: Paces

    @property
    def metres(self) -> float:
        return sum(leg.metres for leg in self.legs)

    @property
    def recorded(self) -> bool:
        """Whether the line is a track recorded on the walk (a GPX file), not drawn."""
        return self.route.path is not None and is_recorded_track(self.route.path)

    @property
    def stop_minutes(self) -> float:
        return self.paces.minutes_at_stop * len(self.stops)

    @property
    def standard_minutes(self) -> float:
        """Walking at the standard pace plus time spent at the stops."""
        return sum(leg.standard_minutes for leg in self.legs) + self.stop_minutes

    @property
    def relaxed_minutes(self) -> float:
        return sum(leg.relaxed_minutes for leg in self.legs) + self.stop_minutes

    # --- easy walks: a route is what every one of its stops is ---------------------------

    @property
    def step_free(self) -> bool:
        """Every stop is marked step-free (unknown counts as not)."""
        return all(stop.access is not None and stop.access.step_free is True for stop in self.stops)

    @property
    def seating(self) -> bool:
        """Every stop is marked as having somewhere to sit (unknown counts as not)."""
        return all(stop.access is not None and stop.access.seating is True for stop in self.stops)

    @property
    def good_for_children(self) -> bool:
        """Every stop lists children in its `good_for`."""
        return all("children" in stop.good_for for stop in self.stops)

    @property
    def relaxed_walking_minutes(self) -> float:
        """Walking alone at the relaxed pace, without the time at the stops."""
        return sum(leg.relaxed_minutes for leg in self.legs)

    @property
    def short(self) -> bool:
        return self.relaxed_walking_minutes < SHORT_WALK_MINUTES

    @property
    def long_legs_without_seating(self) -> tuple[Leg, ...]:
        """Legs longer than LONG_LEG_M that end where seating is absent or not known."""
        return tuple(leg for leg in self.legs if leg.metres > LONG_LEG_M and leg.seating_at_end is not True)


@dataclass(frozen=True)
class Neighbour:
    site: Site
    metres: float
    direction: str
    """Eight-point compass direction from the site whose neighbour this is."""


@dataclass
class CityPlan:
    """Everything render needs about a city's walks."""

    guide: CityGuide
    routes: list[RoutePlan]
    neighbours: dict[str, list[Neighbour]] = field(default_factory=dict)

    def routes_through(self, site_id: str) -> list[RoutePlan]:
        return [plan for plan in self.routes if any(stop.id == site_id for stop in plan.stops)]


def minutes(metres: float, kmh: float) -> float:
    return metres / (kmh * 1000 / 60)


def _legs(stops: list[Site], metres: list[float], paces: Paces) -> tuple[Leg, ...]:
    return tuple(
        Leg(a, b, m, minutes(m, paces.standard_kmh), minutes(m, paces.relaxed_kmh))
        for (a, b), m in zip(pairwise(stops), metres)
    )


def _straight(stops: list[Site]) -> list[float]:
    return [distance_m(a.lat, a.lon, b.lat, b.lon) for a, b in pairwise(stops)]


def _along(stops: list[Site], line: list[tuple[float, float]]) -> list[float]:
    """Each leg's length along the drawn path: between the path points nearest each stop.

    When the stops do not follow the path's direction, the straight legs are scaled so
    that together they make the path's length.
    """
    nearest = [min(range(len(line)), key=lambda i: distance_m(s.lat, s.lon, *line[i])) for s in stops]
    if all(a < b for a, b in pairwise(nearest)):  # two stops at one path point would make a 0 m leg
        return [line_length_m(line[a : b + 1]) for a, b in pairwise(nearest)]
    straight = _straight(stops)
    total = sum(straight) or 1.0
    return [m * line_length_m(line) / total for m in straight]


def plan_route(guide: CityGuide, route: Route, paces: Paces, proposed: bool = False) -> RoutePlan:
    stops = [guide.site(stop) for stop in route.stops]
    if route.path is not None:
        line = list(guide.paths[route.id])
        metres = _along(stops, line)
        along = True
    else:
        line = [(s.lat, s.lon) for s in stops]
        metres = [m * paces.detour_factor for m in _straight(stops)]
        along = False
    return RoutePlan(route, tuple(stops), _legs(stops, metres, paces), tuple(line), along, proposed, paces)


# --- the shortest order of a proposed walk --------------------------------------------------


def _matrix(sites: list[Site]) -> list[list[float]]:
    return [[distance_m(a.lat, a.lon, b.lat, b.lon) for b in sites] for a in sites]


def path_length(order: list[int], dist: list[list[float]]) -> float:
    return sum(dist[a][b] for a, b in pairwise(order))


def shortest_order_exact(dist: list[list[float]]) -> list[int]:
    """The order of visits (open path, any start and end) of least total length: Held-Karp."""
    n = len(dist)
    if n <= 2:
        return list(range(n))
    full = (1 << n) - 1
    best: dict[tuple[int, int], tuple[float, int]] = {(1 << i, i): (0.0, -1) for i in range(n)}
    for mask in range(1, full + 1):
        for last in range(n):
            entry = best.get((mask, last))
            if entry is None:
                continue
            for nxt in range(n):
                if mask & (1 << nxt):
                    continue
                key = (mask | (1 << nxt), nxt)
                length = entry[0] + dist[last][nxt]
                if key not in best or length < best[key][0]:
                    best[key] = (length, last)
    last = min(range(n), key=lambda i: best[(full, i)][0])
    order, mask = [], full
    while last != -1:
        order.append(last)
        last, mask = best[(mask, last)][1], mask & ~(1 << last)
    return order[::-1]


def shortest_order_heuristic(dist: list[list[float]]) -> list[int]:
    """Nearest neighbour from every start, then 2-opt and Or-opt moves until nothing improves."""
    n = len(dist)
    best_order: list[int] | None = None
    for start in range(n):
        order, left = [start], set(range(n)) - {start}
        while left:
            nxt = min(left, key=lambda j: (dist[order[-1]][j], j))
            order.append(nxt)
            left.remove(nxt)
        order = _improve(order, dist)
        if best_order is None or path_length(order, dist) < path_length(best_order, dist) - 1e-9:
            best_order = order
    return best_order or []


def _improve(order: list[int], dist: list[list[float]]) -> list[int]:
    improved = True
    while improved:
        improved = False
        length = path_length(order, dist)
        for i in range(len(order) - 1):  # 2-opt: reverse a stretch (open path: ends may move)
            for j in range(i + 1, len(order)):
                candidate = order[:i] + order[i : j + 1][::-1] + order[j + 1 :]
                if path_length(candidate, dist) < length - 1e-9:
                    order, length, improved = candidate, path_length(candidate, dist), True
        for size in (1, 2, 3):  # Or-opt: move a short stretch elsewhere
            for i in range(len(order) - size + 1):
                stretch, rest = order[i : i + size], order[:i] + order[i + size :]
                for j in range(len(rest) + 1):
                    for piece in (stretch, stretch[::-1]):
                        candidate = rest[:j] + piece + rest[j:]
                        if path_length(candidate, dist) < length - 1e-9:
                            order, length, improved = candidate, path_length(candidate, dist), True
                            break
                    if improved:
                        break
                if improved:
                    break
    return order


def shortest_order(sites: list[Site]) -> list[Site]:
    dist = _matrix(sites)
    order = shortest_order_exact(dist) if len(sites) <= EXACT_ORDER_LIMIT else shortest_order_heuristic(dist)
    return [sites[i] for i in order]


def _proposed_stops(sites: list[Site], paces: Paces) -> list[Site]:
    """The sites of a theme nearest their middle, in the shortest order, within the length limit."""
    lat = sum(s.lat for s in sites) / len(sites)
    lon = sum(s.lon for s in sites) / len(sites)
    chosen = sorted(sites, key=lambda s: (distance_m(lat, lon, s.lat, s.lon), s.id))[:PROPOSED_MAX_STOPS]
    while True:
        ordered = shortest_order(chosen)
        metres = sum(_straight(ordered)) * paces.detour_factor
        if metres <= LONG_WALK_M or len(chosen) <= 2:
            return ordered
        chosen = chosen[:-1]  # drop the site farthest from the middle


def proposed_routes(guide: CityGuide, paces: Paces, titles: Mapping[str, Text] | None = None) -> list[Route]:
    """A route for each category with three or more sites and no route of its theme."""
    themes = {route.theme for route in guide.routes}
    proposals = []
    for category in CATEGORIES:
        sites = [site for site in guide.sites if site.category == category]
        if len(sites) < 3 or category in themes:
            continue
        stops = _proposed_stops(sites, paces)
        if len(stops) < 3:
            continue
        title = (titles or {}).get(category) or Text({guide.language: category})
        proposals.append(
            Route(
                id=f"proposed-{category}",
                title=title,
                theme=category,
                stops=[s.id for s in stops],
                summary=None,
                path=None,
            )
        )
    return proposals


def plan_city(
    guide: CityGuide, paces: Paces | None = None, nearest: int = 3, proposal_titles: Mapping[str, Text] | None = None
) -> CityPlan:
    """Plan every route of a city, propose routes for uncovered themes, find each site's neighbours.

    `proposal_titles`: the title of a proposed walk by theme, in the guide's languages (from
    the rendering's catalogs: planning knows no words); without them a proposal is titled
    by its theme's name."""
    paces = paces or Paces()
    plans = [plan_route(guide, route, paces) for route in guide.routes]
    used = {route.id for route in guide.routes}
    plans += [
        plan_route(guide, route, paces, proposed=True)
        for route in proposed_routes(guide, paces, proposal_titles)
        if route.id not in used
    ]
    neighbours = {}
    for site in guide.sites:
        others = sorted((distance_m(site.lat, site.lon, o.lat, o.lon), o.id, o) for o in guide.sites if o.id != site.id)
        neighbours[site.id] = [
            Neighbour(o, m, compass_point(site.lat, site.lon, o.lat, o.lon)) for m, _, o in others[:nearest]
        ]
    return CityPlan(guide, plans, neighbours)
