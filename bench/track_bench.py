"""How much a recorded walk shrinks, and how long reading it takes: GPX tracks through the gate.

    .venv/bin/python bench/track_bench.py

Tracks are made as a phone records them (tests/recorded_track.py: drifting GPS error of up to
8 m, a time and elevation on each point) along Lamphun's old town heritage walk, at a point
every 3 m and every 1.3 m (one a second), then read with `gate.read_recorded_track`: parsed by
gpxpy, simplified to within 5 m (Ramer–Douglas–Peucker). Prints, for each, the file's size,
the points before and after, and the time to read (best of 3). Not a test: figures depend on
the machine.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import gpxpy

from city_classroom.city_files import gate
from city_classroom.city_files.validate import read_cities
from city_classroom.geo import distance_to_line_m
from recorded_track import recorded_gpx

REPO = Path(__file__).resolve().parent.parent
WALK = "old-town-heritage-walk"


def stops() -> list[tuple[float, float]]:
    [guide], _ = read_cities(REPO / "cities" / "lamphun")
    route = next(route for route in guide.routes if route.id == WALK)
    return [(guide.site(stop).lat, guide.site(stop).lon) for stop in route.stops]


def main() -> None:
    points = stops()
    print(f"{WALK}: {len(points)} stops; tolerance {gate.TRACK_TOLERANCE_M:g} m")
    print(f"{'recording':<28} {'file':>9} {'points':>7} {'kept':>5} {'ratio':>6} {'worst':>6} {'read':>8}")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "paths").mkdir()
        for label, step in (
            ("a point every 3 m", 3.0),
            ("a point a second (1.3 m)", 1.3),
            ("a point every 0.27 m", 0.27),  # ten times a phone's rate: the work grows with the points
        ):
            text = recorded_gpx(points, step_m=step)
            (root / "paths" / "walk.gpx").write_text(text, encoding="utf-8")
            times = []
            for _ in range(3):
                start = time.perf_counter()
                track = gate.read_recorded_track(root, "paths/walk.gpx")
                times.append(time.perf_counter() - start)
            raw = [(p.latitude, p.longitude) for p in gpxpy.parse(text).tracks[0].segments[0].points]
            worst = max(distance_to_line_m(lat, lon, list(track.points)) for lat, lon in raw)
            print(
                f"{label:<28} {len(text.encode()) / 1024:>7.0f} KB {track.recorded:>7,} {len(track.points):>5,} "
                f"{track.recorded / len(track.points):>5.1f}× {worst:>4.1f} m {min(times) * 1000:>6.0f} ms"
            )


if __name__ == "__main__":
    main()
