"""A track as a phone records it on a walk, made the same way every time: for tests and bench.

A walker goes from stop to stop in straight lines at 1.3 m/s; the phone writes a point every
2.3 s (about 3 m apart) with its time and elevation. GPS error drifts rather than jumps, so
each point's error is the last one's, pulled back a little, plus a seeded random step, and
never more than `noise_m` (8 m) from the true place.
"""

from __future__ import annotations

import itertools
import math
import random
from datetime import UTC, datetime, timedelta

import gpxpy.gpx

from city_classroom.geo import EARTH_RADIUS_M, distance_m

STEP_M = 3.0
WALKING_M_PER_S = 1.3
START = datetime(2026, 11, 14, 7, 30, tzinfo=UTC)


def walked_points(
    stops: list[tuple[float, float]], seed: int = 18, noise_m: float = 8.0, step_m: float = STEP_M
) -> list[tuple[float, float, float]]:
    """(lat, lon, elevation) every `step_m` along the straight legs between `stops`, with drifting noise."""
    rng = random.Random(seed)
    east = north = 0.0
    points: list[tuple[float, float, float]] = []
    for (lat1, lon1), (lat2, lon2) in itertools.pairwise(stops):
        steps = max(1, round(distance_m(lat1, lon1, lat2, lon2) / step_m))
        for k in range(steps):
            t = k / steps
            east = max(-noise_m, min(noise_m, 0.8 * east + rng.uniform(-noise_m, noise_m) * 0.5))
            north = max(-noise_m, min(noise_m, 0.8 * north + rng.uniform(-noise_m, noise_m) * 0.5))
            lat = lat1 + (lat2 - lat1) * t + math.degrees(north / EARTH_RADIUS_M)
            lon = lon1 + (lon2 - lon1) * t + math.degrees(east / (EARTH_RADIUS_M * math.cos(math.radians(lat1))))
            points.append((lat, lon, 300.0 + 4 * math.sin(len(points) / 40) + rng.uniform(-1.5, 1.5)))
    points.append((*stops[-1], points[-1][2]))
    return points


def recorded_gpx(stops: list[tuple[float, float]], seed: int = 18, noise_m: float = 8.0, step_m: float = STEP_M) -> str:
    """The GPX 1.1 file a walking app would export for a walk past `stops`, a point every `step_m`."""
    recording = gpxpy.gpx.GPX()
    recording.creator = "Walking app 4.2 (test)"
    track = gpxpy.gpx.GPXTrack(name="Morning walk")
    segment = gpxpy.gpx.GPXTrackSegment()
    for index, (lat, lon, elevation) in enumerate(walked_points(stops, seed, noise_m, step_m)):
        moment = START + timedelta(seconds=round(index * step_m / WALKING_M_PER_S, 1))
        segment.points.append(
            gpxpy.gpx.GPXTrackPoint(round(lat, 7), round(lon, 7), elevation=round(elevation, 1), time=moment)
        )
    track.segments.append(segment)
    recording.tracks.append(track)
    return recording.to_xml(version="1.1")
