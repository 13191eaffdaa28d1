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
