"""How long the checker takes on a large city: 500 sites and 20 routes, texts in Thai and English.

    .venv/bin/python bench/check_bench.py [--sites 500] [--routes 20] [--seed 1]

Writes a random but valid city into a temporary folder (every site within radius_km of
the centre, no two at the same point, routes of 3-6 neighbouring stops), then prints
the time of `read_cities` (load and validate, best of 3) and of the real
`city-classroom check` command end to end (a fresh process, best of 3).
Not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import math
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from city_classroom.city_files.validate import read_cities
from city_classroom.geo import distance_m

CENTER = (18.5786, 99.0087)
RADIUS_KM = 3.0
CATEGORIES = ["heritage", "food", "tradition"]
THEMES = ["heritage", "food", "tradition", "mixed"]
WORDS = [
    ("temple", "วัด"),
    ("market", "ตลาด"),
    ("river", "แม่น้ำ"),
    ("garden", "สวน"),
    ("weaving", "ทอผ้า"),
    ("noodles", "ก๋วยเตี๋ยว"),
    ("longan", "ลำไย"),
    ("lantern", "โคม"),
    ("old house", "บ้านเก่า"),
    ("bridge", "สะพาน"),
    ("drum", "กลอง"),
    ("silk", "ผ้าไหม"),
]


def _text(rng: random.Random, count: int) -> dict[str, str]:
    picks = [rng.choice(WORDS) for _ in range(count)]
    return {"th": "".join(th for _, th in picks), "en": " ".join(en for en, _ in picks).capitalize() + "."}


def _point(rng: random.Random) -> tuple[float, float]:
    """A uniformly random point within 0.95 × RADIUS_KM of the centre."""
    km = RADIUS_KM * 0.95 * math.sqrt(rng.random())
    angle = rng.uniform(0, 2 * math.pi)
    lat = CENTER[0] + km / 111.2 * math.cos(angle)
    lon = CENTER[1] + km / (111.2 * math.cos(math.radians(CENTER[0]))) * math.sin(angle)
    return round(lat, 6), round(lon, 6)


def write_city(folder: Path, sites: int, routes: int, seed: int) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    city = {
        "name": {"th": "เมืองทดสอบ", "en": "Bench Town"},
        "country": "TH",
        "languages": ["th", "en"],
        "center": {"lat": CENTER[0], "lon": CENTER[1]},
        "radius_km": RADIUS_KM,
        "timezone": "Asia/Bangkok",
        "summary": _text(rng, 6),
    }
    points: set[tuple[float, float]] = set()
    site_list = []
    while len(site_list) < sites:
        lat, lon = _point(rng)
        if (lat, lon) in points or distance_m(*CENTER, lat, lon) > RADIUS_KM * 1000:
            continue
        points.add((lat, lon))
        index = len(site_list)
        site_list.append(
            {
                "id": f"site-{index:04d}",
                "name": _text(rng, 2),
                "category": CATEGORIES[index % 3],
                "lat": lat,
                "lon": lon,
                "summary": _text(rng, 8),
                "story": _text(rng, 60),
                "learn": {"look": _text(rng, 10), "ask": _text(rng, 10), "try": _text(rng, 10)},
                "good_for": ["children", "elders"],
                "access": {"step_free": rng.random() < 0.5},
                "hours": {"th": "ทุกวัน 08:00-17:00", "en": "Daily 08:00-17:00"},
                **({"free": True} if rng.random() < 0.5 else {"price": {"th": "20 บาท", "en": "20 baht"}}),
                "links": [{"url": f"https://example.org/{index}", "title": _text(rng, 3)}],
                "sources": [
                    {"url": f"https://example.org/sources/{index}", "supports": _text(rng, 3), "checked": "2026-12-02"}
                ],
            }
        )
    route_list = []
    for index in range(routes):
        stops = [rng.choice(site_list)]
        while len(stops) < rng.randint(3, 6):  # the nearest site not yet on the walk
            here = stops[-1]
            stops.append(
                min(
                    (s for s in site_list if s not in stops),
                    key=lambda s: distance_m(here["lat"], here["lon"], s["lat"], s["lon"]),
                )
            )
        route_list.append(
            {
                "id": f"route-{index:02d}",
                "title": _text(rng, 3),
                "theme": THEMES[index % 4],
                "stops": [s["id"] for s in stops],
                "summary": _text(rng, 8),
            }
        )
    for name, data in (("city.yml", city), ("sites.yml", {"sites": site_list}), ("routes.yml", {"routes": route_list})):
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the `check` subprocesses)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def best_of(runs: int, work) -> tuple[float, float]:
    """The best wall-clock and the best CPU time of `runs` runs, in ms. On a busy machine the
    wall clock includes waiting for a core; the CPU time does not."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), _cpu()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(_cpu() - start_cpu)
    return min(wall) * 1000, min(cpu) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=500)
    parser.add_argument("--routes", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    command = Path(sys.executable).parent / "city-classroom"
    with tempfile.TemporaryDirectory() as tmp:
        cities = Path(tmp) / "cities"
        write_city(cities / "bench-town", args.sites, args.routes, args.seed)
        size = sum(f.stat().st_size for f in (cities / "bench-town").iterdir())
        guides, problems = read_cities(cities)
        errors = [p for p in problems if p.severity == "error"]
        if errors or len(guides) != 1:
            print("the generated city is not valid:", *errors[:10], sep="\n")
            return 1
        read_ms, read_cpu = best_of(3, lambda: read_cities(cities))

        def check() -> None:
            done = subprocess.run([str(command), "check", str(cities)], capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise SystemExit(done.stdout + done.stderr)

        check_ms, check_cpu = best_of(3, check)
    print(
        f"city: {args.sites} sites, {args.routes} routes, th/en, {size / 1024:.0f} KiB of YAML, "
        f"{len(problems)} warning(s)"
    )
    print(f"read_cities: {read_ms:.0f} ms (best of 3; {read_cpu:.0f} ms of CPU)")
    print(f"city-classroom check, end to end: {check_ms:.0f} ms (best of 3; {check_cpu:.0f} ms of CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
