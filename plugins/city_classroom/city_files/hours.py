"""Opening hours a program can read: a site's `opening_hours`, in OpenStreetMap's syntax.

The syntax is OpenStreetMap's `opening_hours` tag (https://wiki.openstreetmap.org/wiki/Key:opening_hours),
read by opening-hours-py (a maintained Rust parser). Editors copy the value from OSM; what the
parser cannot read is refused with the parser's own explanation and the place it stopped.

What opening-hours-py 2.1 does with a bad value, seen here: it raises `opening_hours.ParserError`
whose text is pest's report, e.g.

    Failed to parse expression:  --> 1:7
      |
    1 | Mo-Fr 25:00-26:00
      |       ^---
      |
      = expected EOI, any_rule_separator, rules_modifier, timespan, or holiday

The report quotes the whole value (of any length, control characters as they are): a message
keeps only the position and the `= ...` line, never the quoted copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import opening_hours

MAX_LENGTH = 255
"""OpenStreetMap keeps a tag's value to 255 characters: a longer value was not copied from OSM."""

_POSITION = re.compile(r"-->\s*(\d+):(\d+)")
_EXPLANATION = re.compile(r"^\s*=\s*(.+)$", re.MULTILINE)


@dataclass
class HoursRefused(Exception):
    """The parser cannot read a value: where it stopped (1-based character) and why."""

    column: int
    explanation: str


def _explanation(report: str) -> tuple[int, str]:
    position = _POSITION.search(report)
    column = int(position.group(2)) if position else 1
    found = _EXPLANATION.search(report)
    explanation = found.group(1).strip() if found else "the parser cannot read it"
    return column, explanation


@lru_cache(maxsize=1024)
def parse(text: str) -> opening_hours.OpeningHours:
    """The parsed hours, or HoursRefused. The value is local wall-clock time (no time zone):
    the week table and the walk windows are in the city's own time."""
    if len(text) > MAX_LENGTH:
        raise HoursRefused(1, f"it is {len(text)} characters long, more than the {MAX_LENGTH} OpenStreetMap allows")
    try:
        return opening_hours.OpeningHours(text)
    except opening_hours.ParserError as error:  # type: ignore[attr-defined]  # raised, not in 2.1.4's stubs
        column, explanation = _explanation(str(error))
        raise HoursRefused(column, explanation) from None


def parser_warnings(text: str) -> list[str]:
    """What the parser read but would have written otherwise (`mo` for `Mo`)."""
    return list(parse(text).warnings)


@lru_cache(maxsize=256)
def _with_holidays(text: str, country: str) -> opening_hours.OpeningHours:
    try:
        return opening_hours.OpeningHours(text, country=country)
    except opening_hours.UnknownCountryError:  # type: ignore[attr-defined]  # as ParserError
        return parse(text)


def open_on(text: str, day: date, country: str | None = None) -> bool:
    """Whether the hours are open at any time of `day` (local time). With a `country`, its public
    holidays count (`PH off`), where the parser knows that country's calendar."""
    hours = _with_holidays(text, country) if country else parse(text)
    start = datetime(day.year, day.month, day.day)
    return any(
        state == opening_hours.State.OPEN for _, _, state, _ in hours.intervals(start, start + timedelta(days=1))
    )
