"""Plan: distances, walking times, the shortest order of a proposed walk."""

from __future__ import annotations

import json
import random
from itertools import permutations
from math import asin, cos, pi, radians, sin, sqrt
from pathlib import Path

import pytest

from city_classroom.city_files.model import City, CityGuide, Route, Site
from city_classroom.city_files.validate import read_cities
from city_classroom.geo import DETOUR_FACTOR, LONG_WALK_M, distance_m, line_length_m
from city_classroom.planning.plan import (
    minutes,
    path_length,
    plan_city,
    shortest_order_exact,
    shortest_order_heuristic,
)
from city_classroom.rendering.i18n import proposed_titles

R = 6_371_008.8  # mean Earth radius, metres


# --- helpers --------------------------------------------------------------------------------


def make_site(site_id: str, category: str, lat: float, lon: float) -> Site:
    return Site.model_validate(
        {
            "id": site_id,
            "name": {"en": site_id.replace("-", " ").title()},
            "category": category,
            "lat": lat,
            "lon": lon,
            "summary": {"en": "A place."},
            "story": {"en": "A story."},
            "learn": {"look": {"en": "Look around."}},
        }
    )


def make_route(route_id: str, theme: str, stops: list[str], path: str | None = None) -> Route:
    data = {"id": route_id, "title": {"en": route_id}, "theme": theme, "stops": stops}
    if path is not None:
        data["path"] = path
    return Route.model_validate(data)


def make_guide(sites: list[Site], routes: list[Route] = (), folder: Path = Path(".")) -> CityGuide:
    lat = sum(s.lat for s in sites) / len(sites)
    lon = sum(s.lon for s in sites) / len(sites)
    city = City.model_validate(
        {
            "name": {"en": "Testburg"},
            "country": "TH",
            "languages": ["en"],
            "center": {"lat": lat, "lon": lon},
            "radius_km": 20,
            "timezone": "Asia/Bangkok",
            "summary": {"en": "A test city."},
        }
    )
    return CityGuide(slug="testburg", city=city, sites=tuple(sites), routes=tuple(routes), folder=str(folder))


def random_matrix(rng: random.Random, n: int, spread: float = 0.02) -> list[list[float]]:
    """n random points within about ±2 km of a town centre, as a distance matrix."""
    points = [(18.58 + rng.uniform(-spread, spread), 99.0 + rng.uniform(-spread, spread)) for _ in range(n)]
    return [[distance_m(*a, *b) for b in points] for a in points]


def brute_force(dist: list[list[float]]) -> float:
    return min(path_length(list(order), dist) for order in permutations(range(len(dist))))


# --- haversine ------------------------------------------------------------------------------


def test_one_degree_of_latitude_is_about_111_2_km():
    # 2πR / 360 = 2 × 3.14159265 × 6 371 008.8 / 360 = 111 195.08 m
    assert distance_m(0, 0, 1, 0) == pytest.approx(2 * pi * R / 360, rel=1e-9)
    assert distance_m(0, 0, 1, 0) == pytest.approx(111_200, rel=1e-3)
    assert distance_m(18, 99, 19, 99) == pytest.approx(111_195.08, abs=0.01)  # any meridian


def test_one_degree_of_longitude_shrinks_with_latitude():
    # on the equator as on a meridian; at 60° north, cos 60° = 0.5 of it (within 0.1 %:
    # the great circle cuts a little inside the parallel)
    assert distance_m(0, 0, 0, 1) == pytest.approx(111_195.08, abs=0.01)
    assert distance_m(60, 0, 60, 1) == pytest.approx(111_195.08 * 0.5, rel=1e-3)


def test_known_city_pair_within_half_a_percent():
    # London (51.5074 N, 0.1278 W) to Paris (48.8566 N, 2.3522 E): 343.5 km as the crow flies
    assert distance_m(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343_500, rel=0.005)
    # Bangkok (13.7563 N, 100.5018 E) to Chiang Mai (18.7883 N, 98.9853 E): about 583 km
    assert distance_m(13.7563, 100.5018, 18.7883, 98.9853) == pytest.approx(583_000, rel=0.005)


def test_distance_is_symmetric_zero_and_half_the_world_at_most():
    assert distance_m(18.5773, 99.0081, 18.5780, 99.0090) == distance_m(18.5780, 99.0090, 18.5773, 99.0081)
    assert distance_m(18.5773, 99.0081, 18.5773, 99.0081) == 0
    assert distance_m(0, 0, 0, 180) == pytest.approx(pi * R)
    assert distance_m(90, 0, -90, 0) == pytest.approx(pi * R)


def test_line_length_is_the_sum_of_its_pieces():
    points = [(18.0, 99.0), (18.01, 99.0), (18.01, 99.01)]
    assert line_length_m(points) == pytest.approx(
        distance_m(18.0, 99.0, 18.01, 99.0) + distance_m(18.01, 99.0, 18.01, 99.01)
    )
    assert line_length_m(points[:1]) == 0


# --- walking times --------------------------------------------------------------------------


def test_minutes_at_each_pace_by_hand():
    # 4.5 km/h = 4500 m / 60 min = 75 m a minute: 900 m take 900 / 75 = 12 minutes
    assert minutes(900, 4.5) == pytest.approx(12)
    # 3 km/h = 3000 m / 60 min = 50 m a minute: 900 m take 900 / 50 = 18 minutes
    assert minutes(900, 3) == pytest.approx(18)
    assert minutes(1500, 4.5) == pytest.approx(20)
    assert minutes(1500, 3) == pytest.approx(30)


def test_a_leg_carries_its_minutes_at_both_paces():
    # two sites 0.009° of latitude apart: 0.009 × 111 195.08 = 1000.76 m straight,
    # × 1.3 for the streets = 1300.98 m; 1300.98 / 75 = 17.35 min, / 50 = 26.02 min
    a, b = make_site("a-place", "food", 18.0, 99.0), make_site("b-place", "food", 18.009, 99.0)
    guide = make_guide([a, b], [make_route("walk", "food", ["a-place", "b-place"])])
    (leg,) = plan_city(guide).routes[0].legs
    assert leg.metres == pytest.approx(0.009 * 111_195.08 * 1.3, abs=0.01)
    assert leg.standard_minutes == pytest.approx(1300.98 / 75, abs=0.001)
    assert leg.relaxed_minutes == pytest.approx(1300.98 / 50, abs=0.001)


# --- the riverton fixture --------------------------------------------------------------------


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Written out again here, so that plan is checked against an independent sum."""
    a = (
        sin(radians(lat2 - lat1) / 2) ** 2
        + cos(radians(lat1)) * cos(radians(lat2)) * sin(radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * R * asin(sqrt(a))


def test_temple_walk_legs_and_totals_by_hand(riverton):
    plan = next(p for p in plan_city(riverton).routes if p.route.id == "temple-walk")
    assert [s.id for s in plan.stops] == ["old-temple", "museum", "third-temple"]
    assert not plan.along_path and not plan.proposed

    # One degree is 111 195.08 m; near these points a flat map is good to a millimetre:
    # north-south metres = Δlat × 111 195.08; east-west = Δlon × 111 195.08 × cos(mean lat).
    # Leg 1, Old Temple (18.5773, 99.0081) → Museum (18.5780, 99.0090):
    #   Δlat 0.0007° → 77.837 m; Δlon 0.0009° × cos 18.57765° (0.947897) → 94.861 m;
    #   √(77.837² + 94.861²) = 122.707 m; × 1.3 = 159.519 m
    # Leg 2, Museum (18.5780, 99.0090) → Third Temple (18.5800, 99.0060):
    #   Δlat 0.0020° → 222.390 m; Δlon 0.0030° × cos 18.5790° (0.947889) → 316.200 m;
    #   √(222.390² + 316.200²) = 386.575 m; × 1.3 = 502.547 m
    # The plan's legs are those figures, worked out above by hand (not by the code under test)
    assert [leg.metres for leg in plan.legs] == pytest.approx([159.519, 502.547], abs=0.01)
    # and agree with an independent great-circle formula (this file's haversine, not geo.py's)
    assert [leg.metres for leg in plan.legs] == pytest.approx(
        [haversine(18.5773, 99.0081, 18.5780, 99.0090) * 1.3, haversine(18.5780, 99.0090, 18.5800, 99.0060) * 1.3],
        abs=0.01,
    )
    assert [(leg.start.id, leg.end.id) for leg in plan.legs] == [("old-temple", "museum"), ("museum", "third-temple")]

    # Total 159.519 + 502.547 = 662.066 m
    total = 662.066
    assert plan.metres == pytest.approx(total, abs=0.01)
    # Standard: 662.066 / 75 = 8.828 min walking + 3 stops × 10 min = 38.828 min
    assert [leg.standard_minutes for leg in plan.legs] == pytest.approx([159.519 / 75, 502.547 / 75], abs=1e-3)
    assert plan.standard_minutes == pytest.approx(8.828 + 30, abs=1e-3)
    # Relaxed: 662.066 / 50 = 13.241 min walking + 30 min at the stops = 43.241 min
    assert [leg.relaxed_minutes for leg in plan.legs] == pytest.approx([159.519 / 50, 502.547 / 50], abs=1e-3)
    assert plan.relaxed_minutes == pytest.approx(13.241 + 30, abs=1e-3)
    assert plan.stop_minutes == 30
    # the line on the map is the stops themselves, (lat, lon)
    assert plan.line == ((18.5773, 99.0081), (18.5780, 99.0090), (18.5800, 99.0060))


def test_river_path_follows_its_drawn_path(riverton):
    plan = next(p for p in plan_city(riverton).routes if p.route.id == "river-path")
    assert plan.along_path
    # paths/river.geojson holds [lon, lat]: the plan's line is (lat, lon)
    assert plan.line == ((18.5760, 99.0100), (18.5752, 99.0085), (18.5750, 99.0070))
    # Khao Soi Shop is the path's first point, Weaving House its last: the leg is the
    # whole path, point to point, with no detour factor (the path already follows the streets)
    along = haversine(18.5760, 99.0100, 18.5752, 99.0085) + haversine(18.5752, 99.0085, 18.5750, 99.0070)
    (leg,) = plan.legs
    assert leg.metres == pytest.approx(along, abs=0.01)
    assert leg.metres > haversine(18.5760, 99.0100, 18.5750, 99.0070)  # longer than straight
    assert plan.standard_minutes == pytest.approx(along / 75 + 20)
    assert plan.relaxed_minutes == pytest.approx(along / 50 + 20)


def write_city(folder: Path, sites: list[dict], routes: list[dict], paths: dict[str, list]) -> Path:
    """A small city folder on disk, for routes with drawn paths."""
    (folder / "paths").mkdir(parents=True)
    (folder / "city.yml").write_text(
        json.dumps(
            {
                "name": {"en": "Pathville"},
                "country": "TH",
                "languages": ["en"],
                "center": {"lat": 18.58, "lon": 99.0},
                "radius_km": 5,
                "timezone": "Asia/Bangkok",
                "summary": {"en": "A city of paths."},
            }
        ),
        encoding="utf-8",
    )
    for site in sites:
        site.setdefault("summary", {"en": "A place."})
        site.setdefault("story", {"en": "A story."})
        site.setdefault("learn", {"look": {"en": "Look."}})
        site.setdefault(
            "sources", [{"printed": "Town leaflet", "supports": {"en": "the story"}, "checked": "2026-12-02"}]
        )
    (folder / "places.yml").write_text(json.dumps({"sites": sites, "routes": routes}), encoding="utf-8")
    for name, coordinates in paths.items():
        (folder / "paths" / name).write_text(json.dumps({"type": "LineString", "coordinates": coordinates}))
    return folder


def test_path_with_three_stops_measures_each_stretch(tmp_path):
    # an L-shaped street: east 0.004°, then north 0.004°; the middle stop sits at the corner
    path = [[99.000, 18.580], [99.002, 18.580], [99.004, 18.580], [99.004, 18.582], [99.004, 18.584]]
    sites = [
        {"id": "west", "name": {"en": "West"}, "category": "food", "lat": 18.5801, "lon": 99.0},
        {"id": "corner", "name": {"en": "Corner"}, "category": "food", "lat": 18.5799, "lon": 99.004},
        {"id": "north", "name": {"en": "North"}, "category": "food", "lat": 18.584, "lon": 99.0041},
    ]
    routes = [
        {
            "id": "l-walk",
            "title": {"en": "L walk"},
            "theme": "food",
            "stops": ["west", "corner", "north"],
            "path": "paths/l.geojson",
        }
    ]
    guides, problems = read_cities(write_city(tmp_path / "pathville", sites, routes, {"l.geojson": path}))
    assert not [p for p in problems if p.severity == "error"], problems
    plan = plan_city(guides[0]).routes[0]
    east = haversine(18.58, 99.0, 18.58, 99.002) + haversine(18.58, 99.002, 18.58, 99.004)
    north = haversine(18.58, 99.004, 18.582, 99.004) + haversine(18.582, 99.004, 18.584, 99.004)
    assert [leg.metres for leg in plan.legs] == pytest.approx([east, north], abs=0.01)
    assert plan.metres == pytest.approx(line_length_m([(lat, lon) for lon, lat in path]), abs=0.01)


def test_stops_against_the_paths_direction_share_out_its_length(tmp_path):
    # walked the other way round: the straight legs are scaled to add up to the path
    path = [[99.000, 18.580], [99.002, 18.580], [99.004, 18.580], [99.004, 18.582], [99.004, 18.584]]
    sites = [
        {"id": "west", "name": {"en": "West"}, "category": "food", "lat": 18.58, "lon": 99.0},
        {"id": "corner", "name": {"en": "Corner"}, "category": "food", "lat": 18.58, "lon": 99.004},
        {"id": "north", "name": {"en": "North"}, "category": "food", "lat": 18.584, "lon": 99.004},
    ]
    routes = [
        {
            "id": "back",
            "title": {"en": "Back"},
            "theme": "food",
            "stops": ["north", "corner", "west"],
            "path": "paths/l.geojson",
        }
    ]
    guides, _ = read_cities(write_city(tmp_path / "pathville", sites, routes, {"l.geojson": path}))
    plan = plan_city(guides[0]).routes[0]
    length = line_length_m([(lat, lon) for lon, lat in path])
    assert plan.metres == pytest.approx(length, abs=0.01)
    straight = [haversine(18.584, 99.004, 18.58, 99.004), haversine(18.58, 99.004, 18.58, 99.0)]
    assert [leg.metres for leg in plan.legs] == pytest.approx([m * length / sum(straight) for m in straight], abs=0.01)


def test_two_stops_nearest_one_path_point_get_no_empty_leg(tmp_path):
    # a path drawn with only its two ends: the middle stop is nearest the first end too;
    # measuring point to point would give its leg 0 m, so the path's length is shared out
    path = [[99.000, 18.580], [99.004, 18.580]]
    sites = [
        {"id": "west", "name": {"en": "West"}, "category": "food", "lat": 18.58, "lon": 99.0},
        {"id": "middle", "name": {"en": "Middle"}, "category": "food", "lat": 18.58, "lon": 99.0018},
        {"id": "east", "name": {"en": "East"}, "category": "food", "lat": 18.58, "lon": 99.004},
    ]
    routes = [
        {
            "id": "straight",
            "title": {"en": "Straight"},
            "theme": "food",
            "stops": ["west", "middle", "east"],
            "path": "paths/two.geojson",
        }
    ]
    guides, _ = read_cities(write_city(tmp_path / "pathville", sites, routes, {"two.geojson": path}))
    plan = plan_city(guides[0]).routes[0]
    length = haversine(18.58, 99.0, 18.58, 99.004)
    assert plan.metres == pytest.approx(length, abs=0.01)
    # 0.0018° of the 0.004°, then the other 0.0022°
    assert [leg.metres for leg in plan.legs] == pytest.approx([length * 0.45, length * 0.55], abs=0.01)


# --- the shortest order -----------------------------------------------------------------------


def test_exact_order_equals_brute_force():
    rng = random.Random(20261124)
    for case in range(30):
        n = rng.randint(3, 8)
        dist = random_matrix(rng, n)
        order = shortest_order_exact(dist)
        assert sorted(order) == list(range(n)), case
        assert path_length(order, dist) == pytest.approx(brute_force(dist), abs=1e-6), case


def test_exact_order_of_tiny_cases():
    assert shortest_order_exact([]) == []
    assert shortest_order_exact([[0.0]]) == [0]
    assert shortest_order_exact([[0.0, 5.0], [5.0, 0.0]]) == [0, 1]
    # three points on a line, listed out of order: the walk goes end to end
    line = [[0, 2, 1], [2, 0, 1], [1, 1, 0]]
    assert path_length(shortest_order_exact(line), line) == 2


def test_heuristic_within_five_percent_of_the_optimum():
    rng = random.Random(99_0081)
    worst = 0.0
    for case in range(30):
        n = rng.randint(9, 11)
        dist = random_matrix(rng, n)
        order = shortest_order_heuristic(dist)
        assert sorted(order) == list(range(n)), case
        optimum = path_length(shortest_order_exact(dist), dist)
        ratio = path_length(order, dist) / optimum
        assert ratio >= 1 - 1e-9, case
        worst = max(worst, ratio)
    assert worst <= 1.05


# --- proposed routes -----------------------------------------------------------------------------

FOOD_STALLS = [  # five food sites in a town centre, listed in no walking order
    ("noodles", 18.5790, 99.0030),
    ("market", 18.5760, 99.0100),
    ("sweets", 18.5800, 99.0060),
    ("coffee", 18.5770, 99.0080),
    ("grill", 18.5750, 99.0120),
]


def test_a_theme_without_a_route_gets_a_proposed_one():
    sites = [make_site(name, "food", lat, lon) for name, lat, lon in FOOD_STALLS]
    sites.append(make_site("old-wall", "heritage", 18.578, 99.005))
    titles = proposed_titles(["en", "th"])
    plans = plan_city(make_guide(sites), proposal_titles=titles).routes
    assert [p.route.id for p in plans] == ["proposed-food"]  # heritage has one site only
    plan = plans[0]
    assert plan.proposed and plan.route.theme == "food" and not plan.along_path
    assert plan.route.title == titles["food"]
    assert plan.route.title.get("en") == "Food walk (proposed)"  # from the catalogs
    assert plan.route.title.get("th") == "เส้นทางเดินชิมอาหาร (เสนอแนะ)"
    assert sorted(s.id for s in plan.stops) == sorted(name for name, *_ in FOOD_STALLS)
    # the stops are in the shortest order: no permutation of them is shorter
    dist = [[distance_m(a.lat, a.lon, b.lat, b.lon) for b in plan.stops] for a in plan.stops]
    assert path_length(list(range(len(dist))), dist) == pytest.approx(brute_force(dist))
    # legs are straight × the detour factor, and the whole walk stays within 5 km
    straight = [dist[i][i + 1] for i in range(len(dist) - 1)]
    assert [leg.metres for leg in plan.legs] == pytest.approx([m * DETOUR_FACTOR for m in straight])
    assert plan.metres <= LONG_WALK_M


def test_a_proposed_route_drops_far_sites_to_stay_within_5_km():
    # six sites in the old town and two far out (about 4 and 6 km away)
    near = [make_site(f"stall-{i}", "food", 18.578 + 0.001 * i, 99.005 + 0.0007 * (i % 3)) for i in range(6)]
    far = [make_site("far-farm", "food", 18.615, 99.005), make_site("farther-farm", "food", 18.578, 99.062)]
    plan = plan_city(make_guide(near + far)).routes[0]
    assert plan.route.id == "proposed-food"
    assert plan.metres <= LONG_WALK_M
    assert {s.id for s in plan.stops} == {s.id for s in near}
    dist = [[distance_m(a.lat, a.lon, b.lat, b.lon) for b in plan.stops] for a in plan.stops]
    assert path_length(list(range(len(dist))), dist) == pytest.approx(brute_force(dist))


def test_no_proposal_when_a_route_of_that_theme_exists(riverton):
    # riverton has three heritage sites and the heritage route temple-walk
    assert len([s for s in riverton.sites if s.category == "heritage"]) >= 3
    assert [p.route.id for p in plan_city(riverton).routes] == ["temple-walk", "river-path"]

    sites = [make_site(name, "food", lat, lon) for name, lat, lon in FOOD_STALLS]
    guide = make_guide(sites, [make_route("lunch", "food", ["noodles", "market"])])
    assert [p.route.id for p in plan_city(guide).routes] == ["lunch"]


def test_no_proposal_for_fewer_than_three_sites_or_too_spread_out():
    two = [make_site(name, "food", lat, lon) for name, lat, lon in FOOD_STALLS[:2]]
    assert plan_city(make_guide(two)).routes == []
    # three sites 0.05° (5.56 km) apart in a row: even two of them make 5.56 × 1.3 = 7.2 km
    spread = [
        make_site("a-stall", "food", 18.50, 99.0),
        make_site("b-stall", "food", 18.55, 99.0),
        make_site("c-stall", "food", 18.60, 99.0),
    ]
    assert plan_city(make_guide(spread)).routes == []


def test_planning_is_deterministic(riverton):
    first, second = plan_city(riverton), plan_city(riverton)
    assert [(p.route.id, p.metres, p.line) for p in first.routes] == [
        (p.route.id, p.metres, p.line) for p in second.routes
    ]
    sites = [make_site(name, "food", lat, lon) for name, lat, lon in FOOD_STALLS]
    orders = {tuple(s.id for s in plan_city(make_guide(sites)).routes[0].stops) for _ in range(3)}
    assert len(orders) == 1


def test_neighbours_are_nearest_first(riverton):
    plan = plan_city(riverton)
    near = plan.neighbours["old-temple"]
    assert len(near) == 3
    assert [n.metres for n in near] == sorted(n.metres for n in near)
    assert near[0].site.id == "museum"  # 122.7 m away
    assert near[0].metres == pytest.approx(haversine(18.5773, 99.0081, 18.5780, 99.0090))
    assert near[0].direction == "NE"
