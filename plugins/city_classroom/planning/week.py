"""A site's usual week of opening hours, as minutes from Monday 00:00 in the city's own time.

A page cannot run the opening_hours parser, and a reader's phone should not have to: the week
is worked out here, once, and sent to the page as plain numbers (the week table, "open now").

Which week: the hours of every week of a reference year (REFERENCE_MONDAY and the 51 weeks after
it) are worked out, and the week that occurs most often is the usual week. Where some weeks of
the year differ (`Jul-Aug 10:00-22:00`, `Dec 25 off`), `varies` says so and the page says so.
Public holidays (`PH off`) are left out on purpose and everywhere alike: no country's holidays
are given to the parser here, so the week table, "open now" and the walk windows all show the
usual week; a page says that public holidays are not counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import opening_hours

from ..city_files.hours import parse

DAY = 24 * 60
WEEK = 7 * DAY
REFERENCE_MONDAY = datetime(2027, 1, 4)
"""Any Monday would do; a fixed one keeps builds byte-identical."""
WEEKS = 52

Span = tuple[int, int]
"""[start, end) in minutes from Monday 00:00, 0 <= start < end <= WEEK."""


@dataclass(frozen=True)
class Week:
    """When a site is open in its usual week."""

    spans: tuple[Span, ...]
    """Sorted, not touching one another; a span over Sunday midnight is cut in two at WEEK."""
    varies: bool = False
    """Some weeks of the year differ from this one."""

    @property
    def always(self) -> bool:
        return self.spans == ((0, WEEK),)

    def day(self, weekday: int) -> list[Span]:
        """The open times of a day (0 = Monday), in minutes from that day's midnight (end may be 1440)."""
        start, end = weekday * DAY, (weekday + 1) * DAY
        return [(max(a, start) - start, min(b, end) - start) for a, b in self.spans if a < end and b > start]

    def closed_days(self) -> list[int]:
        return [weekday for weekday in range(7) if not self.day(weekday)]

    def open_at(self, minute: float) -> bool:
        minute %= WEEK
        return any(a <= minute < b for a, b in self.spans)


ALWAYS = Week(((0, WEEK),))


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)


def _minutes(moment: datetime, monday: datetime) -> int:
    return round((moment - monday).total_seconds() / 60)


@lru_cache(maxsize=1024)
def week_of(text: str) -> Week:
    """The usual week of an opening_hours value that the checker accepted."""
    hours = parse(text)
    end = REFERENCE_MONDAY + timedelta(weeks=WEEKS)
    weeks: list[list[Span]] = [[] for _ in range(WEEKS)]
    for start, stop, state, _ in hours.intervals(REFERENCE_MONDAY, end):
        if state != opening_hours.State.OPEN:
            continue
        stop = min(stop, end)  # the last interval can run to the year 9999
        at = start
        while at < stop:  # cut at each Monday midnight
            index = int((at - REFERENCE_MONDAY) // timedelta(weeks=1))
            monday = REFERENCE_MONDAY + timedelta(weeks=index)
            until = min(stop, monday + timedelta(weeks=1))
            weeks[index].append((_minutes(at, monday), _minutes(until, monday)))
            at = until
    patterns = Counter(_merge(spans) for spans in weeks)
    usual = max(patterns, key=lambda pattern: (patterns[pattern], -_first(weeks, pattern)))
    return Week(usual, varies=len(patterns) > 1)


def _first(weeks: list[list[Span]], pattern: tuple[Span, ...]) -> int:
    return next(i for i, spans in enumerate(weeks) if _merge(spans) == pattern)


def week_or_always(text: str | None) -> Week:
    """A site without opening_hours counts as always open (the pages say so)."""
    return week_of(text) if text else ALWAYS
