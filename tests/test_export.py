"""Downloads: GeoJSON, GPX, iCalendar and JSON-LD, each read back with an independent parser."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import gpxpy
import icalendar
import jsonschema
import pytest

from city_classroom.city_files.model import City, CityGuide, Route, Site
from city_classroom.city_files.validate import read_cities
from city_classroom.planning.plan import CityPlan, RoutePlan, plan_city
from city_classroom.rendering.export import (
    city_calendar,
    city_geojson,
    has_calendar,
    json_ld_script,
    route_geojson,
    route_gpx,
    route_json_ld,
    site_json_ld,
)
from support import FIXTURE_CITIES

NASTY = "<script>alert(\"hi\")</script> & 'quotes' ]]> a, b; c\\d"
"""An editor's text that every format must carry through unharmed."""

POSITION = {
    "type": "array",
    "minItems": 2,
    "maxItems": 3,
    "prefixItems": [
        {"type": "number", "minimum": -180, "maximum": 180},  # longitude first
        {"type": "number", "minimum": -90, "maximum": 90},
    ],
}
GEOJSON_SCHEMA = {  # the part of RFC 7946 the downloads use
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": {"$ref": "#/$defs/feature"}},
    },
    "$defs": {
        "position": POSITION,
        "feature": {
            "type": "object",
            "required": ["type", "geometry", "properties"],
            "properties": {
                "type": {"const": "Feature"},
                "properties": {"type": ["object", "null"]},
                "geometry": {
                    "oneOf": [
                        {
                            "type": "object",
                            "required": ["type", "coordinates"],
                            "properties": {"type": {"const": "Point"}, "coordinates": {"$ref": "#/$defs/position"}},
                        },
                        {
                            "type": "object",
                            "required": ["type", "coordinates"],
                            "properties": {
                                "type": {"const": "LineString"},
                                "coordinates": {"type": "array", "minItems": 2, "items": {"$ref": "#/$defs/position"}},
                            },
                        },
                    ]
                },
            },
        },
    },
}


@pytest.fixture
def plan(riverton_plan) -> CityPlan:
    return riverton_plan


def route(plan: CityPlan, route_id: str) -> RoutePlan:
    return next(p for p in plan.routes if p.route.id == route_id)


def nasty_guide(name: str = NASTY, city_language: str = "en") -> CityGuide:
    """A city whose editor wrote markup, quotes and separators into every text."""
    context = {"city_language": city_language}
    sites = tuple(
        Site.model_validate(
            {
                "id": site_id,
                "name": f"{name} {number}",
                "category": "food",
                "lat": lat,
                "lon": lon,
                "summary": f"Summary of {name}",
                "story": "A story.",
                "learn": {"try": "Taste."},
                "events": [{"name": f"Fair {name}", "when": f"When {name}\nsecond line", "dates": ["2026-03-01"]}],
            },
            context=context,
        )
        for number, (site_id, lat, lon) in enumerate([("first", 18.001, 99.002), ("second", 18.003, 99.001)], start=1)
    )
    walk = Route.model_validate(
        {
            "id": "nasty-walk",
            "title": f"Walk {name}",
            "theme": "food",
            "stops": ["first", "second"],
            "summary": f"About {name}",
        },
        context=context,
    )
    city = City.model_validate(
        {
            "name": f"City {name}",
            "country": "TH",
            "languages": [city_language],
            "center": {"lat": 18.0, "lon": 99.0},
            "radius_km": 5,
            "timezone": "Asia/Bangkok",
            "summary": "A city.",
        },
        context=context,
    )
    return CityGuide(slug="nasty", city=city, sites=sites, routes=(walk,), folder=".")


# --- GeoJSON -----------------------------------------------------------------------------------


def test_city_geojson_is_rfc_7946_with_lon_lat(plan, riverton):
    data = json.loads(city_geojson(plan))
    jsonschema.validate(data, GEOJSON_SCHEMA)
    features = data["features"]
    assert [f["properties"]["id"] for f in features] == [s.id for s in riverton.sites]
    old_temple = features[0]
    assert old_temple["geometry"] == {"type": "Point", "coordinates": [99.0081, 18.5773]}  # lat 18.5773
    assert old_temple["properties"] == {
        "id": "old-temple",
        "name": "Old Temple",
        "category": "heritage",
        "summary": "The oldest temple.",
    }
    for feature, site in zip(features, riverton.sites):
        assert feature["geometry"]["coordinates"] == [site.lon, site.lat]


def test_geojson_schema_refuses_lat_lon_swapped():
    swapped = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [18.5773, 99.0081]}}
        ],
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(swapped, GEOJSON_SCHEMA)


def test_city_geojson_in_each_language(plan):
    thai = json.loads(city_geojson(plan, "th"))["features"][0]["properties"]
    assert (thai["name"], thai["summary"]) == ("วัดเก่า", "วัดที่เก่าที่สุด")
    # no Chinese text: English, as the pages do
    assert json.loads(city_geojson(plan, "zh"))["features"][0]["properties"]["name"] == "Old Temple"


def test_geojson_falls_back_to_the_citys_language():
    guide = nasty_guide("ร้านข้าว", city_language="th")  # plain strings: Thai only
    data = json.loads(city_geojson(plan_city(guide), "en"))
    assert data["features"][0]["properties"]["name"] == "ร้านข้าว 1"


def test_coordinates_rounded_to_six_decimals():
    guide = nasty_guide()
    site = guide.sites[0].model_copy(update={"lat": 18.123456789, "lon": 99.987654321})
    guide = guide.model_copy(update={"sites": (site, guide.sites[1])})
    data = json.loads(city_geojson(CityPlan(guide, [])))
    assert data["features"][0]["geometry"]["coordinates"] == [99.987654, 18.123457]


def test_route_geojson_line_and_numbered_stops(plan):
    walk = route(plan, "river-path")
    data = json.loads(route_geojson(walk))
    jsonschema.validate(data, GEOJSON_SCHEMA)
    line, *stops = data["features"]
    # the drawn path: [lon, lat] as in paths/river.geojson
    assert line["geometry"] == {
        "type": "LineString",
        "coordinates": [[99.01, 18.576], [99.0085, 18.5752], [99.007, 18.575]],
    }
    assert line["properties"]["id"] == "river-path"
    assert line["properties"]["title"] == "River path"
    assert line["properties"]["theme"] == "mixed"
    assert line["properties"]["distance_m"] == round(walk.metres)
    assert isinstance(line["properties"]["distance_m"], int)
    assert [(s["properties"]["stop"], s["properties"]["name"]) for s in stops] == [
        (1, "Khao Soi Shop"),
        (2, "Weaving House"),
    ]
    assert stops[0]["geometry"]["coordinates"] == [99.01, 18.576]


def test_route_geojson_of_straight_walk(plan):
    data = json.loads(route_geojson(route(plan, "temple-walk"), "th"))
    line, *stops = data["features"]
    assert line["geometry"]["coordinates"] == [[99.0081, 18.5773], [99.009, 18.578], [99.006, 18.58]]
    assert line["properties"]["title"] == "เดินชมวัด"
    assert line["properties"]["distance_m"] == 662
    assert [s["properties"]["stop"] for s in stops] == [1, 2, 3]


# --- GPX ---------------------------------------------------------------------------------------


def test_gpx_reads_back_with_gpxpy(plan, riverton):
    walk = route(plan, "temple-walk")
    text = route_gpx(walk, "en", riverton)
    gpx = gpxpy.parse(text)
    assert gpx.version == "1.1"
    assert gpx.creator == "City as Classroom"
    assert gpx.name == "Temple walk"
    assert [w.name for w in gpx.waypoints] == ["1. Old Temple", "2. Museum", "3. Third Temple"]
    assert [w.description for w in gpx.waypoints] == ["The oldest temple.", "Old things.", "A small temple."]
    assert [(w.latitude, w.longitude) for w in gpx.waypoints] == [(s.lat, s.lon) for s in walk.stops]
    (track,) = gpx.tracks
    assert track.name == "Temple walk"
    (segment,) = track.segments
    assert [(p.latitude, p.longitude) for p in segment.points] == list(walk.line)
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "{http://www.topografix.com/GPX/1/1}gpx"


def test_gpx_track_follows_the_drawn_path(plan):
    gpx = gpxpy.parse(route_gpx(route(plan, "river-path"), "th"))
    assert [w.name for w in gpx.waypoints] == ["1. ร้านข้าวซอย", "2. บ้านทอผ้า"]
    points = gpx.tracks[0].segments[0].points
    assert [(p.latitude, p.longitude) for p in points] == [(18.576, 99.01), (18.5752, 99.0085), (18.575, 99.007)]


def test_gpx_escapes_editor_text():
    guide = nasty_guide(NASTY + "\x07")  # a control character XML 1.0 cannot hold
    text = route_gpx(plan_city(guide).routes[0], "en", guide)
    assert "<script>" not in text
    gpx = gpxpy.parse(text)
    assert gpx.name == f"Walk {NASTY}"
    assert gpx.description == f"About {NASTY}"
    assert [w.name for w in gpx.waypoints] == [f"1. {NASTY} 1", f"2. {NASTY} 2"]
    assert gpx.waypoints[0].description == f"Summary of {NASTY}"
    root = ET.fromstring(text.encode("utf-8"))  # a strict parser agrees
    ns = {"g": "http://www.topografix.com/GPX/1/1"}
    assert root.find("g:wpt/g:name", ns).text == f"1. {NASTY} 1"


def test_gpx_coordinates_are_decimals_not_exponents():
    guide = nasty_guide()
    site = guide.sites[0].model_copy(update={"lat": 0.00001, "lon": -0.0000001})
    walk = plan_city(guide.model_copy(update={"sites": (site, guide.sites[1])})).routes[0]
    text = route_gpx(walk)
    assert 'lat="0.00001"' in text and 'lon="0"' in text
    assert "e-" not in text


# --- iCalendar ----------------------------------------------------------------------------------


def test_calendar_reads_back_with_icalendar(riverton):
    text = city_calendar(riverton)
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["PRODID"]) == "-//City as Classroom//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Bangkok"
    assert str(calendar["X-WR-CALNAME"]) == "Riverton"
    events = list(calendar.walk("VEVENT"))
    # Loy Krathong at the Old Temple (one date), the cloth market at the Weaving House (two)
    assert [(e.decoded("DTSTART"), str(e["SUMMARY"])) for e in events] == [
        (date(2026, 11, 24), "Loy Krathong"),
        (date(2027, 1, 9), "Cloth market"),
        (date(2027, 1, 10), "Cloth market"),
    ]
    assert [e.decoded("DTEND") for e in events] == [date(2026, 11, 25), date(2027, 1, 10), date(2027, 1, 11)]
    loy = events[0]
    assert str(loy["LOCATION"]) == "Old Temple"
    assert str(loy["DESCRIPTION"]) == "November full moon"
    assert (loy["GEO"].latitude, loy["GEO"].longitude) == (18.5773, 99.0081)
    assert str(loy["UID"]) == "riverton-old-temple-0-2026-11-24@city-classroom"
    assert len({str(e["UID"]) for e in events}) == 3
    assert "DESCRIPTION" not in events[1]  # the cloth market has no `when`
    assert "DTSTART;VALUE=DATE:20261124\r\n" in text


def test_calendar_is_reproducible(riverton, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert "DTSTAMP:20000101T000000Z\r\n" in city_calendar(riverton)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00:00 UTC
    text = city_calendar(riverton)
    assert "DTSTAMP:20260101T000000Z\r\n" in text
    assert "DTSTAMP:2000" not in text
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert "DTSTAMP:20000101T000000Z\r\n" in city_calendar(riverton)


def test_calendar_in_thai(riverton):
    events = list(icalendar.Calendar.from_ical(city_calendar(riverton, "th")).walk("VEVENT"))
    assert str(events[0]["SUMMARY"]) == "ลอยกระทง"
    assert str(events[0]["LOCATION"]) == "วัดเก่า"


def test_calendar_lines_are_crlf_folded_and_escaped():
    long_name = "งานประเพณีลอยกระทงและยี่เป็งของเมืองลำพูนริมแม่น้ำกวง " * 3  # 3 octets a letter
    guide = nasty_guide(NASTY + long_name)
    text = city_calendar(guide)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert "SUMMARY:Fair <script>alert(\"hi\")</script> & 'quotes' ]]> a\\, b\\; c\\\\d" in text.replace("\r\n ", "")
    calendar = icalendar.Calendar.from_ical(text)
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["SUMMARY"]) == f"Fair {NASTY}{long_name}"
    assert str(event["LOCATION"]) == f"{NASTY}{long_name} 1"
    assert str(event["DESCRIPTION"]) == f"When {NASTY}{long_name}\nsecond line"
    # icalendar leaves an X- property's value as written; calendar apps read it as TEXT
    name = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], str(calendar["X-WR-CALNAME"]))
    assert name == f"City {NASTY}{long_name}"


def test_has_calendar(riverton):
    assert has_calendar(riverton)
    bare = riverton.model_copy(update={"sites": tuple(s.model_copy(update={"events": []}) for s in riverton.sites)})
    assert not has_calendar(bare)


# --- JSON-LD -----------------------------------------------------------------------------------


def test_site_json_ld(riverton):
    data = site_json_ld(riverton, riverton.site("old-temple"), "https://example.org/riverton/sites/old-temple/", "en")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "TouristAttraction"
    assert data["name"] == "Old Temple"
    assert data["description"] == "The oldest temple."
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 18.5773, "longitude": 99.0081}
    assert data["url"] == "https://example.org/riverton/sites/old-temple/"
    assert data["inLanguage"] == "en"
    assert data["isAccessibleForFree"] is True
    assert site_json_ld(riverton, riverton.site("museum"), "u", "th")["isAccessibleForFree"] is False  # a price
    unknown = site_json_ld(riverton, riverton.site("third-temple"), "u", "th")
    assert "isAccessibleForFree" not in unknown
    assert unknown["name"] == "วัดที่สาม" and unknown["inLanguage"] == "th"


def test_route_json_ld_lists_stops_in_walking_order(plan, riverton):
    walk = route(plan, "temple-walk")
    urls = [f"https://example.org/riverton/sites/{s.id}/" for s in walk.stops]
    data = route_json_ld(riverton, walk, "https://example.org/riverton/routes/temple-walk/", urls, "en")
    assert data["@type"] == "TouristTrip"
    assert data["name"] == "Temple walk"
    assert data["description"] == "A short walk."
    itinerary = data["itinerary"]
    assert itinerary["@type"] == "ItemList"
    assert itinerary["numberOfItems"] == 3
    items = itinerary["itemListElement"]
    assert [i["@type"] for i in items] == ["ListItem"] * 3
    assert [i["position"] for i in items] == [1, 2, 3]
    assert [i["item"]["name"] for i in items] == ["Old Temple", "Museum", "Third Temple"]
    assert [i["item"]["url"] for i in items] == urls
    assert {i["item"]["@type"] for i in items} == {"TouristAttraction"}
    assert items[2]["item"]["geo"] == {"@type": "GeoCoordinates", "latitude": 18.58, "longitude": 99.006}
    with pytest.raises(ValueError):
        route_json_ld(riverton, walk, "u", urls[:2], "en")


def test_json_ld_script_cannot_close_its_element():
    guide = nasty_guide()
    data = site_json_ld(guide, guide.sites[0], "https://example.org/x/", "en")
    words = json_ld_script(data)
    assert "</script>" not in words and "<" not in words and "&" not in words
    assert json.loads(words) == data


# --- determinism -----------------------------------------------------------------------------------


def test_two_calls_give_identical_output(plan, riverton, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    walk = route(plan, "river-path")
    outputs = [
        (
            city_geojson(plan, "th"),
            route_geojson(walk),
            route_gpx(walk, "th", riverton),
            city_calendar(riverton),
            json.dumps(route_json_ld(riverton, walk, "u", ["a", "b"], "en")),
        )
        for _ in range(2)
    ]
    assert outputs[0] == outputs[1]
    again = plan_city(read_cities(FIXTURE_CITIES)[0][0])  # a fresh read and plan give the same bytes too
    assert city_geojson(again, "th") == outputs[0][0]
    assert route_gpx(route(again, "river-path"), "th", riverton) == outputs[0][2]
