"""A route's path recorded on a walk: a phone's GPX track, read through the gate, simplified,
checked against the city and the stops, and drawn on the route's map and in its downloads.

The track is made as a phone records it (tests/recorded_track.py: a point every 3 m with
drifting GPS error of up to 8 m, times and elevations), the same bytes on every run.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

import gpxpy
import pytest

from city_classroom.city_files import gate
from city_classroom.city_files.gate import GateError, read_path, read_recorded_track
from city_classroom.city_files.load import load_city_folder
from city_classroom.city_files.validate import STOP_OFF_PATH_M, validate_city
from city_classroom.geo import distance_to_line_m
from recorded_track import recorded_gpx, walked_points
from support import FIXTURE_CITIES, make_project, mkdocs_build

TEMPLE_WALK = [(18.5773, 99.0081), (18.5780, 99.0090), (18.5800, 99.0060)]
"""The stops of riverton's temple walk: old-temple, museum, third-temple."""


def riverton_with_track(tmp_path: Path, gpx: str | bytes, name: str = "temple-walk.gpx") -> Path:
    """The fixture city, its temple walk given the recorded track `gpx` as its path."""
    root = tmp_path / "cities" / "riverton"
    shutil.copytree(FIXTURE_CITIES / "riverton", root)
    routes = root / "routes.yml"
    text = routes.read_text(encoding="utf-8")
    summary = "    summary: {th: เดินสั้นๆ, en: A short walk.}\n"
    assert summary in text
    routes.write_text(text.replace(summary, summary + f"    path: paths/{name}\n"), encoding="utf-8")
    data = gpx.encode("utf-8") if isinstance(gpx, str) else gpx
    (root / "paths" / name).write_bytes(data)
    return root


# --- simplified, within the tolerance --------------------------------------------------------


def test_a_recorded_walk_is_simplified_to_within_five_metres_of_the_recording(tmp_path: Path) -> None:
    root = riverton_with_track(tmp_path, recorded_gpx(TEMPLE_WALK))
    recorded = [(lat, lon) for lat, lon, _ in walked_points(TEMPLE_WALK)]

    track = read_recorded_track(root, "paths/temple-walk.gpx")

    print(f"\nrecorded track: {track.recorded} points → {len(track.points)} after simplifying to 5 m")
    assert track.recorded == len(recorded) > 150  # every point of the file, times and elevations aside
    assert len(track.points) * 4 < track.recorded  # a sensible number of points for a page
    assert track.points[0] == pytest.approx(recorded[0], abs=1e-7)
    assert track.points[-1] == pytest.approx(recorded[-1], abs=1e-7)
    simple = list(track.points)
    farthest = max(distance_to_line_m(lat, lon, simple) for lat, lon in recorded)
    assert farthest <= gate.TRACK_TOLERANCE_M + 0.01  # no recorded point strays from the simplified line
    assert read_path(root, "paths/temple-walk.gpx") == simple  # what the checker and the build read


def test_the_same_track_gives_the_same_points(tmp_path: Path) -> None:
    assert recorded_gpx(TEMPLE_WALK) == recorded_gpx(TEMPLE_WALK)
    first = riverton_with_track(tmp_path / "a", recorded_gpx(TEMPLE_WALK))
    second = riverton_with_track(tmp_path / "b", recorded_gpx(TEMPLE_WALK))
    assert read_path(first, "paths/temple-walk.gpx") == read_path(second, "paths/temple-walk.gpx")


def test_a_track_in_several_segments_and_a_gpx_route_are_read_in_order(tmp_path: Path) -> None:
    """A phone app starts a new segment after a pause; a planner app writes `<rte>` instead of a track."""
    segments = (
        '<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><trk>'
        '<trkseg><trkpt lat="18.5773" lon="99.0081"/><trkpt lat="18.5780" lon="99.0090"/></trkseg>'
        '<trkseg><trkpt lat="18.5800" lon="99.0060"/></trkseg></trk></gpx>'
    )
    root = riverton_with_track(tmp_path, segments)
    assert read_path(root, "paths/temple-walk.gpx") == TEMPLE_WALK
    route = '<gpx><rte><rtept lat="18.5773" lon="99.0081"/><rtept lat="18.5800" lon="99.0060"/></rte></gpx>'
    (root / "paths" / "temple-walk.gpx").write_text(route, encoding="utf-8")
    assert read_path(root, "paths/temple-walk.gpx") == [TEMPLE_WALK[0], TEMPLE_WALK[2]]


# --- hostile and broken files ------------------------------------------------------------------

LINE = '<trkpt lat="18.5773" lon="99.0081"/><trkpt lat="18.5780" lon="99.0090"/>'


def track(points: str = LINE, head: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> str:
    return f'{head}<gpx version="1.1" creator="x"><trk><trkseg>{points}</trkseg></trk></gpx>'


ENTITIES = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE gpx [\n' + "\n".join(ENTITIES) + "\n]>\n"
    '<gpx version="1.1" creator="&lol9;"><trk><trkseg>' + LINE + "</trkseg></trk></gpx>"
)
"""A billion `lol`s from a few hundred bytes, if any parser expanded them."""


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (BILLION_LAUGHS, r"holds a document type declaration \(`<!DOCTYPE`\)"),
        (track(head='<?xml version="1.0"?><!DOCTYPE gpx>'), "document type declaration"),
        (track(head="<!doctype gpx>"), "document type declaration"),
        (track(points='<trkpt lat="18" lon="99"><name>&lol;</name></trkpt>' + LINE), "not a GPX file that can be read"),
        (track(points=""), "fewer than two track points"),
        (
            '<gpx><wpt lat="18.5" lon="99"/><wpt lat="18.6" lon="99"/></gpx>',
            r"fewer than two track points \(only waypoints\)",
        ),
        (track(points='<trkpt lat="NaN" lon="99"/>' + LINE), "track point 1 has lat `nan`"),
        (track(points=LINE + '<trkpt lat="18" lon="Infinity"/>'), "track point 3 has lat `18.0`, lon `inf`"),
        (
            track(points=LINE + '<trkpt lat="95" lon="99"/>'),
            "track point 3 is at lat 95, lon 99, which is not on the Earth",
        ),
        (track(points='<trkpt lon="99"/>' + LINE), "not a GPX file that can be read"),
        (track(points='<trkpt lat="north" lon="99"/>' + LINE), "not a GPX file that can be read"),
        (track(points=LINE)[:-20], "not a GPX file that can be read"),
        ("<html><body><script>alert(1)</script></body></html>", "is not a GPX file .* no `<gpx>` element"),
        ('{"type": "LineString", "coordinates": [[99, 18], [99.1, 18]]}', "is not a GPX file"),
        (track(points=LINE.replace("trkpt", "trkpt xmlns:a='x'") * 10), r"writes `xmlns` 20 times"),
        ("<gpx><desc>" + " xmlns" * 50_000 + "</desc></gpx>", r"writes `xmlns` 50,000 times"),
        (
            track(points='<trkpt lat="18.5" lon="99"/>' * (gate.MAX_TRACK_POINTS + 1)),
            "20,001 track points, more than the 20,000",
        ),
        (track().encode("utf-16"), "is not UTF-8 text"),
        (b"\x00" * 100, "is not a GPX file"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 40 else None,
)
def test_hostile_or_broken_tracks_are_refused(tmp_path: Path, content: str | bytes, words: str) -> None:
    root = riverton_with_track(tmp_path, content)
    with pytest.raises(GateError, match=words) as refused:
        read_path(root, "paths/temple-walk.gpx")
    assert "\n" not in refused.value.message and "\x00" not in refused.value.message


def test_an_external_entity_is_refused_before_any_parser_reads_the_secret(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN-4f1d", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?>\n<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<gpx version="1.1" creator="x"><trk><name>&xxe;</name><trkseg>' + LINE + "</trkseg></trk></gpx>"
    )
    root = riverton_with_track(tmp_path, xxe)
    with pytest.raises(GateError, match="document type declaration") as refused:
        read_path(root, "paths/temple-walk.gpx")
    assert "TOKEN" not in refused.value.message
    guide, problems = validate_city(load_city_folder(root))
    assert guide is None
    [problem] = [p for p in problems if p.field == "routes[0].path"]
    assert "document type declaration" in problem.message and "TOKEN" not in str(problems)


def test_deep_nesting_inside_a_track_is_read_without_crashing(tmp_path: Path) -> None:
    deep = "<extensions>" + "<a>" * 50_000 + "</a>" * 50_000 + "</extensions>"
    root = riverton_with_track(tmp_path, track(points=LINE).replace("<trkseg>", deep + "<trkseg>"))
    assert read_path(root, "paths/temple-walk.gpx") == TEMPLE_WALK[:2]


def test_a_track_that_zigzags_beyond_any_simplifying_is_refused(tmp_path: Path) -> None:
    """Each zig 110 m off the line and a little farther than the last: Ramer–Douglas–Peucker would
    keep every point, one pass over the line at a time; the work is bounded and the file refused."""
    zigzag = "".join(
        f'<trkpt lat="{18.57 + (index % 2) * 0.001 * (1 + index / 20_000):.7f}" lon="{99 + index * 1e-6:.7f}"/>'
        for index in range(gate.MAX_TRACK_POINTS)
    )
    root = riverton_with_track(tmp_path, track(points=zigzag))
    with pytest.raises(GateError, match="zigzags too much to be simplified to 5 m"):
        read_path(root, "paths/temple-walk.gpx")


def test_a_linked_or_oversized_track_is_refused_by_the_gate(tmp_path: Path) -> None:
    root = riverton_with_track(tmp_path, recorded_gpx(TEMPLE_WALK))
    outside = tmp_path / "elsewhere.gpx"
    outside.write_text(recorded_gpx(TEMPLE_WALK), encoding="utf-8")
    (root / "paths" / "linked.gpx").symlink_to(outside)
    with pytest.raises(GateError, match="is a symbolic link; a recorded track must be a real file"):
        read_path(root, "paths/linked.gpx")
    with open(root / "paths" / "huge.gpx", "wb") as file:
        file.truncate(gate.RECORDED_PATH.limit + 1)  # sparse
    with pytest.raises(GateError, match=r"larger than the 5\.0 MB a recorded track may be"):
        read_path(root, "paths/huge.gpx")


# --- checked against the city and the stops ------------------------------------------------------


def problems_of(root: Path) -> list:
    return validate_city(load_city_folder(root))[1]


def test_a_track_past_every_stop_checks_clean_and_is_the_routes_path(tmp_path: Path) -> None:
    root = riverton_with_track(tmp_path, recorded_gpx(TEMPLE_WALK))
    guide, problems = validate_city(load_city_folder(root))
    assert problems == []
    assert guide is not None
    assert list(guide.paths["temple-walk"]) == read_path(root, "paths/temple-walk.gpx")


def test_a_track_that_misses_a_stop_is_a_warning_naming_the_stop(tmp_path: Path) -> None:
    """The phone stopped recording at the museum's corner, 300 m short of the third temple."""
    third = TEMPLE_WALK[2]
    short = [TEMPLE_WALK[0], TEMPLE_WALK[1], (third[0] - 0.0005, third[1] + 0.003)]
    root = riverton_with_track(tmp_path, recorded_gpx(short))
    guide, problems = validate_city(load_city_folder(root))
    [warning] = problems
    assert warning.severity == "warning" and guide is not None  # the build goes on (and --strict stops it)
    assert warning.file.endswith("routes.yml") and warning.field == "routes[0].stops[2]"
    assert warning.line == 6  # `stops: [old-temple, museum, third-temple]`
    found = re.search(r"passes ([\d,]+) m from the stop `third-temple` \(Third Temple\)", warning.message)
    assert found, warning.message
    assert 250 < int(found[1].replace(",", "")) < 350 and STOP_OFF_PATH_M == 150
    assert "paths/temple-walk.gpx" in warning.message


def test_a_drawn_geojson_path_that_misses_a_stop_is_warned_about_too(tmp_path: Path) -> None:
    root = tmp_path / "cities" / "riverton"
    shutil.copytree(FIXTURE_CITIES / "riverton", root)
    assert problems_of(root) == []  # the fixture's river path passes both its stops
    line = {"type": "LineString", "coordinates": [[99.0100, 18.5760], [99.0110, 18.5740]]}  # turns away south-east
    (root / "paths" / "river.geojson").write_text(json.dumps(line), encoding="utf-8")
    [warning] = problems_of(root)
    assert warning.severity == "warning" and warning.field == "routes[1].stops[1]"
    assert "from the stop `weaving-house` (Weaving House)" in warning.message


def test_a_track_far_from_the_city_is_an_error(tmp_path: Path) -> None:
    far = [(lat + 0.5, lon) for lat, lon in TEMPLE_WALK]  # 55 km north
    root = riverton_with_track(tmp_path, recorded_gpx(far))
    guide, problems = validate_city(load_city_folder(root))
    assert guide is None
    [error] = [p for p in problems if p.severity == "error"]
    assert error.field == "routes[0].path" and "km from the city centre, beyond radius_km (5)" in error.message


# --- on the route's page and in its downloads ------------------------------------------------------


@pytest.fixture(scope="module")
def built_with_track(tmp_path_factory) -> tuple[Path, list[tuple[float, float]]]:
    base = tmp_path_factory.mktemp("track-site")
    root = riverton_with_track(base / "input", recorded_gpx(TEMPLE_WALK))
    project = make_project(base / "project", root.parent)
    result = mkdocs_build(project, base / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return base / "site", read_path(root, "paths/temple-walk.gpx")


def test_the_route_map_draws_the_simplified_track(built_with_track) -> None:
    site, simple = built_with_track
    page = (site / "riverton" / "routes" / "temple-walk" / "index.html").read_text(encoding="utf-8")
    [attribute] = re.findall(r' data-cc-map="([^"]*)"', page)
    data = json.loads(html.unescape(attribute))
    assert data["line"] == [[round(lat, 6), round(lon, 6)] for lat, lon in simple]
    assert len(data["line"]) > 3  # the track, not the three stops joined by straight lines
    assert data["dashed"] is False  # a line walked, not guessed
    assert "Distances follow the path recorded on the walk." in page
    thai = (site / "th" / "riverton" / "routes" / "temple-walk" / "index.html").read_text(encoding="utf-8")
    assert "ระยะทางวัดตามเส้นทางที่บันทึกไว้ขณะเดินจริง" in thai
    river = (site / "riverton" / "routes" / "river-path" / "index.html").read_text(encoding="utf-8")
    assert "Distances follow the drawn path along the streets." in river  # a drawn GeoJSON line


def test_the_downloads_carry_the_simplified_track(built_with_track) -> None:
    site, simple = built_with_track
    routes = site / "riverton" / "routes"
    gpx = gpxpy.parse((routes / "temple-walk.gpx").read_text(encoding="utf-8"))
    [segment] = gpx.tracks[0].segments
    assert [(p.latitude, p.longitude) for p in segment.points] == [(round(a, 6), round(b, 6)) for a, b in simple]
    assert len(gpx.waypoints) == 3  # the stops
    geojson = json.loads((routes / "temple-walk.geojson").read_text(encoding="utf-8"))
    line = geojson["features"][0]["geometry"]
    assert line["type"] == "LineString"
    assert line["coordinates"] == [[round(b, 6), round(a, 6)] for a, b in simple]
    assert not any(name.endswith(".gpx") and "paths" in name for name in os.listdir(site / "riverton"))
