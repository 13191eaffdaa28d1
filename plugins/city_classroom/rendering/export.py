"""Downloads: a city's sites and walks as GeoJSON, GPX, iCalendar and JSON-LD.

Every function here is pure and deterministic: the same city gives the same bytes
on every build (keys sorted, no clock, no randomness; the calendar's DTSTAMP comes
from SOURCE_DATE_EPOCH when it is set). Editors' text is untrusted: it is escaped
for the format it goes into, and characters that XML or iCalendar forbid are dropped.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..city_files.model import CityGuide, Site, Text
from ..planning.plan import CityPlan, RoutePlan
from . import markup
from .i18n import DEFAULT_LANGUAGE, plain

GPX_NAMESPACE = "http://www.topografix.com/GPX/1/1"
GPX_SCHEMA = "http://www.topografix.com/GPX/1/1/gpx.xsd"
CREATOR = "City as Classroom"
PRODID = "-//City as Classroom//EN"
UID_DOMAIN = "city-classroom"
DEFAULT_DTSTAMP = "20000101T000000Z"
"""The calendar's DTSTAMP when SOURCE_DATE_EPOCH is not set: fixed, so builds are reproducible."""

COORDINATE_DECIMALS = 6
"""About 11 cm at the equator: more than a walker needs, fewer bytes than full floats."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_ICAL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # CTLs other than TAB; newlines are escaped first


def _text(guide: CityGuide, text: Text | None, language: str) -> str:
    """An editor's text in `language`, falling back as the pages do."""
    return plain(text, language, guide.language)


def _round(value: float) -> float:
    return round(value, COORDINATE_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def _position(lat: float, lon: float) -> list[float]:
    """A GeoJSON position: longitude first (RFC 7946 §3.1.1)."""
    return [_round(lon), _round(lat)]


def _json(data: Any) -> str:
    return markup.compact_json(data) + "\n"


# --- GeoJSON (RFC 7946) ----------------------------------------------------------------------


def _site_feature(guide: CityGuide, site: Site, language: str) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": _position(site.lat, site.lon)},
        "properties": {
            "id": site.id,
            "name": _text(guide, site.name, language),
            "category": site.category,
            "summary": _text(guide, site.summary, language),
        },
    }


def city_geojson(plan: CityPlan, language: str = "en") -> str:
    """Every site of the city as a Point Feature, in the order the editors listed them."""
    guide = plan.guide
    return _json(
        {"type": "FeatureCollection", "features": [_site_feature(guide, site, language) for site in guide.sites]}
    )


def route_geojson(route: RoutePlan, language: str = "en", guide: CityGuide | None = None) -> str:
    """The walk's line (the drawn path, or straight between stops) and its numbered stops.

    `guide` gives the city's own language for texts that lack `language`; without it the
    fallback is English, then each text's first language.
    """
    city_language = guide.language if guide is not None else DEFAULT_LANGUAGE
    line = {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": [_position(lat, lon) for lat, lon in route.line]},
        "properties": {
            "id": route.route.id,
            "title": plain(route.route.title, language, city_language),
            "theme": route.route.theme,
            "distance_m": round(route.metres),
            "proposed": route.proposed,
        },
    }
    stops = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": _position(site.lat, site.lon)},
            "properties": {"stop": number, "id": site.id, "name": plain(site.name, language, city_language)},
        }
        for number, site in enumerate(route.stops, start=1)
    ]
    return _json({"type": "FeatureCollection", "features": [line, *stops]})


# --- GPX 1.1 -----------------------------------------------------------------------------------


def _xml_text(words: str) -> str:
    """Text XML 1.0 can hold: ElementTree escapes `<&>"` but keeps forbidden control characters."""
    return _NOT_XML.sub("", words)


def _decimal(value: float) -> str:
    """A coordinate as xsd:decimal (never `1e-05`)."""
    words = f"{value:.{COORDINATE_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if words in ("-0", "") else words


def _child(parent: ET.Element, tag: str, words: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _xml_text(words)
    return element


def route_gpx(route: RoutePlan, language: str = "en", guide: CityGuide | None = None) -> str:
    """The walk for walking apps: one waypoint per stop ("1. Old Temple") and the track."""
    city_language = guide.language if guide is not None else DEFAULT_LANGUAGE
    title = plain(route.route.title, language, city_language)
    root = ET.Element(
        "gpx",
        {
            "version": "1.1",
            "creator": CREATOR,
            "xmlns": GPX_NAMESPACE,
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            "xsi:schemaLocation": f"{GPX_NAMESPACE} {GPX_SCHEMA}",
        },
    )
    metadata = ET.SubElement(root, "metadata")
    _child(metadata, "name", title)
    if route.route.summary is not None:
        _child(metadata, "desc", plain(route.route.summary, language, city_language))
    for number, site in enumerate(route.stops, start=1):  # GPX order: wpt, rte, trk
        waypoint = ET.SubElement(root, "wpt", {"lat": _decimal(site.lat), "lon": _decimal(site.lon)})
        _child(waypoint, "name", f"{number}. {plain(site.name, language, city_language)}")
        _child(waypoint, "desc", plain(site.summary, language, city_language))
    track = ET.SubElement(root, "trk")
    _child(track, "name", title)
    segment = ET.SubElement(track, "trkseg")
    for lat, lon in route.line:
        ET.SubElement(segment, "trkpt", {"lat": _decimal(lat), "lon": _decimal(lon)})
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# --- iCalendar (RFC 5545) ----------------------------------------------------------------------


def _ical_text(words: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped."""
    words = words.replace("\r\n", "\n").replace("\r", "\n")
    words = words.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return _NOT_ICAL.sub("", words)


def _fold(line: str) -> str:
    """A content line folded at 75 octets (§3.1), never inside a UTF-8 character."""
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, 75
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, 74  # a continuation line starts with a space
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _dtstamp() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        moment = datetime.fromtimestamp(int(epoch), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return DEFAULT_DTSTAMP
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _ical_date(day: date) -> str:
    return day.strftime("%Y%m%d")


def city_calendar(guide: CityGuide, language: str = "en") -> str:
    """Every dated event of every site: one all-day VEVENT per date, in date order."""
    stamp = _dtstamp()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ical_text(_text(guide, guide.city.name, language))}",
        f"X-WR-TIMEZONE:{guide.city.timezone}",
    ]
    dated = sorted(
        (day, site.id, index, site, event)
        for site in guide.sites
        for index, event in enumerate(site.events)
        for day in sorted(set(event.dates))
    )
    for day, _, index, site, event in dated:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{guide.slug}-{site.id}-{index}-{day.isoformat()}@{UID_DOMAIN}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_ical_date(day)}",
            f"DTEND;VALUE=DATE:{_ical_date(day + timedelta(days=1))}",
            f"SUMMARY:{_ical_text(_text(guide, event.name, language))}",
            f"LOCATION:{_ical_text(_text(guide, site.name, language))}",
            f"GEO:{_decimal(site.lat)};{_decimal(site.lon)}",
        ]
        if event.when is not None:
            lines.append(f"DESCRIPTION:{_ical_text(_text(guide, event.when, language))}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def has_calendar(guide: CityGuide) -> bool:
    """Whether the city has any dated event (a calendar without events is not worth a link)."""
    return any(event.dates for site in guide.sites for event in site.events)


# --- JSON-LD (schema.org) ------------------------------------------------------------------


def _geo(site: Site) -> dict[str, Any]:
    return {"@type": "GeoCoordinates", "latitude": _round(site.lat), "longitude": _round(site.lon)}


def site_json_ld(guide: CityGuide, site: Site, url: str, language: str) -> dict[str, Any]:
    """A site's learning card as a schema.org TouristAttraction."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "TouristAttraction",
        "name": _text(guide, site.name, language),
        "description": _text(guide, site.summary, language),
        "geo": _geo(site),
        "inLanguage": language,
        "containedInPlace": {"@type": "City", "name": _text(guide, guide.city.name, language)},
    }
    if url:  # "" when the site has no address (no site_url)
        data["url"] = url
    if site.free is not None:
        data["isAccessibleForFree"] = site.free
    elif site.price is not None:
        data["isAccessibleForFree"] = False
    return data


def route_json_ld(guide: CityGuide, route: RoutePlan, url: str, stop_urls: list[str], language: str) -> dict[str, Any]:
    """A walk as a schema.org TouristTrip whose itinerary lists the stops in walking order."""
    if len(stop_urls) != len(route.stops):
        raise ValueError(f"{len(route.stops)} stops but {len(stop_urls)} stop URLs")
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "TouristTrip",
        "name": _text(guide, route.route.title, language),
        "inLanguage": language,
        "itinerary": {
            "@type": "ItemList",
            "numberOfItems": len(route.stops),
            "itemListOrder": "https://schema.org/ItemListOrderAscending",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": number,
                    "item": {
                        "@type": "TouristAttraction",
                        "name": _text(guide, site.name, language),
                        "geo": _geo(site),
                        **({"url": stop_url} if stop_url else {}),
                    },
                }
                for number, (site, stop_url) in enumerate(zip(route.stops, stop_urls), start=1)
            ],
        },
    }
    if url:
        data["url"] = url
    if route.route.summary is not None:
        data["description"] = _text(guide, route.route.summary, language)
    return data


def json_ld_script(data: dict[str, Any]) -> str:
    """JSON-LD for a `<script type="application/ld+json">` element: `<`, `>` and `&` are
    written as \\u escapes, so an editor's `</script>` cannot end the element."""
    return markup.script_json(data)
