"""Distances and bearings on the Earth, for checking sites and planning walks."""

from __future__ import annotations

import itertools
from math import asin, atan2, cos, degrees, radians, sin, sqrt

EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG), in metres."""

DETOUR_FACTOR = 1.3
"""Streets are longer than straight lines: a walk between two stops is taken as this
many times the straight distance, unless the route has a drawn path."""

LONG_WALK_M = 5_000
"""A route longer than this draws a warning, and proposed routes stay within it."""


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in metres (haversine)."""
    phi1, phi2 = radians(lat1), radians(lat2)
    dphi, dlambda = phi2 - phi1, radians(lon2 - lon1)
    a = sin(dphi / 2) ** 2 + cos(phi1) * cos(phi2) * sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * asin(min(1.0, sqrt(a)))


def line_length_m(points: list[tuple[float, float]]) -> float:
    """Length of a line through (lat, lon) points, in metres."""
    return sum(distance_m(*a, *b) for a, b in itertools.pairwise(points))


COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


def compass_point(lat1: float, lon1: float, lat2: float, lon2: float) -> str:
    """The eight-point compass direction from the first point to the second."""
    phi1, phi2 = radians(lat1), radians(lat2)
    dlambda = radians(lon2 - lon1)
    bearing = degrees(atan2(sin(dlambda) * cos(phi2), cos(phi1) * sin(phi2) - sin(phi1) * cos(phi2) * cos(dlambda)))
    return COMPASS[round((bearing % 360) / 45) % 8]


# --- lines: how far a point is from a path, and a path with fewer points -------------------


def _flat(lat0: float, lat: float, lon: float) -> tuple[float, float]:
    """(x, y) in metres on a plane touching the Earth at latitude `lat0`: exact enough within a city."""
    return radians(lon) * EARTH_RADIUS_M * cos(radians(lat0)), radians(lat) * EARTH_RADIUS_M


def _from_segment(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in the plane from `p` to the segment from `a` to `b`."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return sqrt((p[0] - a[0] - t * dx) ** 2 + (p[1] - a[1] - t * dy) ** 2)


def distance_to_line_m(lat: float, lon: float, line: list[tuple[float, float]]) -> float:
    """How far the point is from the nearest part of the line through (lat, lon) points, in metres
    (to its segments, not only its points: a drawn path may have a point every few hundred metres)."""
    if len(line) == 1:
        return distance_m(lat, lon, *line[0])
    flat = [_flat(lat, a, b) for a, b in line]
    here = _flat(lat, lat, lon)
    return min(_from_segment(here, a, b) for a, b in itertools.pairwise(flat))


class TooIrregular(ValueError):
    """A line that keeps more than `max_points` points, or takes too long, when simplified."""


def simplify_line(line: list[tuple[float, float]], tolerance_m: float, max_points: int) -> list[tuple[float, float]]:
    """The line through (lat, lon) points with only the points needed to stay within `tolerance_m`
    of it (Ramer–Douglas–Peucker): the first and last points are kept, and between them the point
    farthest from the straight line, again and again, while it is farther than the tolerance.

    Iterative (a recursive version, such as gpxpy's, runs out of stack on a long spiral) and with
    a bounded amount of work: a line that would keep more than `max_points` points, or that needs
    more than 50 passes over its length, raises TooIrregular. A phone's track of a walk, a point
    every few metres with a few metres of noise, keeps one point in ten to fifty."""
    if len(line) < 3:
        return list(line)
    lat0 = sum(lat for lat, _ in line) / len(line)
    flat = [_flat(lat0, lat, lon) for lat, lon in line]
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    kept, budget = 2, 50 * len(line)
    spans = [(0, len(line) - 1)]
    while spans:
        first, last = spans.pop()
        budget -= last - first
        if budget < 0:
            raise TooIrregular(f"the line zigzags too much to be simplified to {tolerance_m:g} m")
        farthest, far = 0.0, -1
        for index in range(first + 1, last):
            away = _from_segment(flat[index], flat[first], flat[last])
            if away > farthest:
                farthest, far = away, index
        if far < 0 or farthest <= tolerance_m:
            continue
        keep[far] = True
        kept += 1
        if kept > max_points:
            raise TooIrregular(f"more than {max_points:,} points stay when the line is simplified to {tolerance_m:g} m")
        spans += [(far, last), (first, far)]
    return [point for point, kept_it in zip(line, keep, strict=True) if kept_it]
