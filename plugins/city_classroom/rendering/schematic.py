"""A walk drawn without tiles: the route's numbered schematic, as SVG, made at build time.

The stops are projected equirectangularly (x = longitude × cos(middle latitude),
y = latitude, north up) and fitted into a box that keeps their proportions; the line
goes through the route's drawn path (or its stops), and the stops are numbered circles
in walking order. A strip below the drawing holds a scale bar in metres and a north
arrow. Nothing is fetched: the sheet prints the same on any printer, online or not.

The only editor text in the drawing is its accessible name, escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import cos, floor, log10, pi, radians
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..geo import EARTH_RADIUS_M
from . import markup

if TYPE_CHECKING:
    from ..planning.plan import RoutePlan

WIDTH = 640
PADDING = 34
"""Room around the stops for their circles."""
HEIGHTS = (220, 520)
"""The drawing's least and greatest height: a long east-west walk is not drawn as a thin strip."""
STRIP = 44
"""The strip below the drawing, for the scale bar and the north arrow."""
STOP_RADIUS = 18
METRES_PER_DEGREE = pi * EARTH_RADIUS_M / 180
LEAST_SPAN_M = 150
"""A walk whose stops lie closer together than this is drawn at the scale of this span."""


@dataclass(frozen=True)
class Frame:
    """The projection of (lat, lon) into the drawing: x grows east, y grows south."""

    lon_min: float
    lat_max: float
    cos_lat: float
    scale: float
    """Drawing units per degree of latitude."""
    x0: float
    y0: float
    width: float
    height: float
    """The drawing's height, without the strip below it."""

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        return (self.x0 + (lon - self.lon_min) * self.cos_lat * self.scale, self.y0 + (self.lat_max - lat) * self.scale)

    @property
    def metres_per_unit(self) -> float:
        return METRES_PER_DEGREE / self.scale


def fit(points: list[tuple[float, float]], width: float = WIDTH) -> Frame:
    """The frame that shows every (lat, lon) point as large as the box allows, centred."""
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    cos_lat = cos(radians((min(lats) + max(lats)) / 2))
    least = LEAST_SPAN_M / METRES_PER_DEGREE
    span_x = max((max(lons) - min(lons)) * cos_lat, least)
    span_y = max(max(lats) - min(lats), least)
    inner_w = width - 2 * PADDING
    inner_h = min(max(inner_w * span_y / span_x, HEIGHTS[0] - 2 * PADDING), HEIGHTS[1] - 2 * PADDING)
    scale = min(inner_w / span_x, inner_h / span_y)
    used_x = (max(lons) - min(lons)) * cos_lat * scale
    used_y = (max(lats) - min(lats)) * scale
    return Frame(
        lon_min=min(lons),
        lat_max=max(lats),
        cos_lat=cos_lat,
        scale=scale,
        x0=PADDING + (inner_w - used_x) / 2,
        y0=PADDING + (inner_h - used_y) / 2,
        width=width,
        height=inner_h + 2 * PADDING,
    )


def scale_bar_metres(frame: Frame, longest_units: float) -> int:
    """The longest round length (1, 2 or 5 × a power of ten metres) that fits in `longest_units`."""
    most = longest_units * frame.metres_per_unit
    power = 10 ** floor(log10(most))
    return int(max(step * power for step in (1, 2, 5) if step * power <= most))


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def route_schematic(plan: RoutePlan, label: str, metre: str, kilometre: str, north: str) -> Markup:
    """The numbered schematic of a route as inline SVG.

    `label` is its accessible name (editor text inside: escaped here); `metre`,
    `kilometre` and `north` are the guide's own short words in the page's language.
    """
    stops = [(stop.lat, stop.lon) for stop in plan.stops]
    frame = fit(stops + list(plan.line))
    height = frame.height + STRIP
    parts = [
        f'<svg class="cc-schematic-svg" viewBox="0 0 {_n(frame.width)} {_n(height)}" '
        f'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{markup.attribute(label)}">',
        f"<title>{markup.attribute(label)}</title>",
        f'<rect class="cc-schematic-ground" width="{_n(frame.width)}" height="{_n(frame.height)}" '
        f'fill="#f5f7f7" stroke="#b0bec5"/>',
    ]
    line = " ".join(f"{_n(x)},{_n(y)}" for x, y in (frame.xy(lat, lon) for lat, lon in plan.line))
    dashes = "" if plan.along_path else ' stroke-dasharray="10 8"'
    parts.append(
        f'<polyline class="cc-schematic-line" points="{line}" fill="none" style="stroke: var(--cc-mixed)" '
        f'stroke-width="4" stroke-linejoin="round" stroke-linecap="round"{dashes}/>'
    )
    for number, stop in enumerate(plan.stops, start=1):
        x, y = frame.xy(stop.lat, stop.lon)
        parts.append(
            f'<g class="cc-schematic-stop" data-stop="{number}">'
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{STOP_RADIUS}" '
            f'style="fill: var(--cc-{stop.category})" stroke="#fff" '
            f'stroke-width="3"/><text x="{_n(x)}" y="{_n(y)}" text-anchor="middle" '
            f'dominant-baseline="central" fill="#fff" font-size="19" font-weight="700" '
            f'font-family="sans-serif">{number}</text></g>'
        )
    parts.append(_scale_bar(frame, metre, kilometre))
    parts.append(_north_arrow(frame, north))
    parts.append("</svg>")
    return Markup("".join(parts))


def _scale_bar(frame: Frame, metre: str, kilometre: str) -> str:
    metres = scale_bar_metres(frame, (frame.width - 2 * PADDING) / 3)
    length = metres / frame.metres_per_unit
    x, y = PADDING, frame.height + STRIP - 12
    text = f"{metres // 1000} {kilometre}" if metres >= 1000 else f"{metres} {metre}"
    return (
        f'<g class="cc-schematic-scale" data-metres="{metres}" data-length="{_n(length)}">'
        f'<path d="M{_n(x)} {_n(y - 7)}v7h{_n(length)}v-7" fill="none" stroke="#263238" stroke-width="2"/>'
        f'<text x="{_n(x + length + 8)}" y="{_n(y)}" font-size="18" fill="#263238" '
        f'font-family="sans-serif">{markup.attribute(text)}</text></g>'
    )


def _north_arrow(frame: Frame, north: str) -> str:
    x, y = frame.width - PADDING, frame.height + STRIP / 2 + 2
    return (
        f'<g class="cc-schematic-north" transform="translate({_n(x)} {_n(y)})">'
        f'<path d="M0 -16L8 10L0 5L-8 10Z" fill="#263238"/>'
        f'<text x="-14" y="6" text-anchor="end" font-size="18" font-weight="700" fill="#263238" '
        f'font-family="sans-serif">{markup.attribute(north)}</text></g>'
    )


def for_page(plan: RoutePlan, words) -> Markup:
    """The schematic with its words in a page's language (`words`: pages._Words)."""
    label = words.plain_label("schematic_label", name=words.plain(plan.route.title), count=len(plan.stops))
    return route_schematic(
        plan, label, words.plain_label("m"), words.plain_label("km"), words.plain_label("north_short")
    )
