"""When a walk works: the start times at which every stop is open when the walkers get there.

From each stop's usual week (`week.py`), the walking times between stops at the relaxed pace
(the pace of elders and small children, `plan.py`'s legs) and the time at each stop
(`Paces.minutes_at_stop`, the same figure the route page states), a walk started at minute `t`
of the week reaches stop i at `t + arrive_i` and leaves it at `t + arrive_i + minutes_at_stop`.
The walk works at `t` when each stop is open over the whole of that visit. The set of such `t`
is worked out exactly, as spans of the week (no stepping through the week minute by minute):
for each stop, each open span [s, e) allows the starts [s - arrive_i, e - arrive_i - stay];
the walk's starts are what every stop allows.

Arrival offsets are rounded up to the whole minute (a window is never promised that the
walkers miss by seconds). A stop without `opening_hours` counts as always open, and the route
page says which stops those are. Public holidays are not counted (see `week.py`).

The checker warns (`window_problems`) when no start time of the week works, and when a route's
title or summary speaks of the morning or the evening in any of its languages but no walk
that works falls in that part of the day (morning: some walk that works is under way between
06:00 and 12:00; evening: between 17:00 and 22:00).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from ..city_files.model import Site
from ..city_files.problems import Problem, display_path
from .plan import CityPlan, RoutePlan
from .week import DAY, WEEK, Week, week_or_always

Window = tuple[int, int]
"""Start times, both ends included, in minutes: [first start, last start]."""

MORNING: Window = (6 * 60, 12 * 60)
EVENING: Window = (17 * 60, 22 * 60)
"""The parts of the day that a route's words are held to, in minutes from midnight."""

PART_WORDS: dict[str, dict[str, re.Pattern[str]]] = {
    "morning": {
        "en": re.compile(r"\bmornings?\b", re.IGNORECASE),
        "th": re.compile(r"เช้า"),
        # 早 alone, but not in 最早 (earliest), 早期 / 早年 (early period), 早已 (long since)
        "zh": re.compile(r"上午|(?<!最)早(?![期年已])"),
    },
    "evening": {
        "en": re.compile(r"\b(?:evenings?|nights?)\b", re.IGNORECASE),
        # เย็น, but not as "cool": น้ำเย็น (cold water), ร่มเย็น (cool shade), เย็นสบาย (pleasantly cool)
        "th": re.compile(r"(?<!น้ำ)(?<!ร่ม)เย็น(?!สบาย)|ค่ำ|กลางคืน"),
        # 晚 and 夜, but not 晚期 (late period)
        "zh": re.compile(r"晚(?!期)|夜"),
    },
}
"""The words that say a walk is a morning or an evening walk, by language."""


@dataclass(frozen=True)
class StopVisit:
    site: Site
    arrive: int
    """Minutes after the start of the walk."""
    leave: int
    week: Week


@dataclass(frozen=True)
class VisitWindow:
    """When a route works."""

    route: RoutePlan
    visits: tuple[StopVisit, ...]
    starts: tuple[Window, ...]
    """Every start time of the week that works: minutes from Monday 00:00, both ends included."""

    @property
    def total_minutes(self) -> int:
        return self.visits[-1].leave if self.visits else 0

    @property
    def has_hours(self) -> bool:
        """Some stop gives its opening hours (otherwise there is nothing to say)."""
        return any(visit.site.opening_hours for visit in self.visits)

    @property
    def without_hours(self) -> tuple[Site, ...]:
        """Stops that give no opening hours: counted as always open."""
        return tuple(visit.site for visit in self.visits if not visit.site.opening_hours)

    @property
    def varies(self) -> tuple[Site, ...]:
        """Stops whose hours differ in some weeks of the year from the week used here."""
        return tuple(visit.site for visit in self.visits if visit.week.varies)

    @property
    def works(self) -> bool:
        return bool(self.starts)

    def day(self, weekday: int) -> tuple[Window, ...]:
        """The start times on a day (0 = Monday), in minutes from its midnight."""
        first, last = weekday * DAY, weekday * DAY + DAY - 1
        return tuple((max(a, first) - first, min(b, last) - first) for a, b in self.starts if a <= last and b >= first)

    def groups(self) -> list[tuple[int, int, tuple[Window, ...]]]:
        """Runs of weekdays (Monday to Sunday) that have the same start times: (first, last, windows)."""
        runs: list[tuple[int, int, tuple[Window, ...]]] = []
        for weekday in range(7):
            windows = self.day(weekday)
            if not windows:
                continue
            if runs and runs[-1][1] == weekday - 1 and runs[-1][2] == windows:
                runs[-1] = (runs[-1][0], weekday, windows)
            else:
                runs.append((weekday, weekday, windows))
        return runs

    def days_without(self) -> list[int]:
        """The weekdays on which no start works."""
        return [weekday for weekday in range(7) if not self.day(weekday)]

    def closed_stops(self) -> list[tuple[Site, list[int]]]:
        """The stops that are closed all day on one of the days without a start: (site, those days)."""
        without = self.days_without()
        found: list[tuple[Site, list[int]]] = []
        for visit in self.visits:
            closed = [day for day in visit.week.closed_days() if day in without]
            if closed and all(visit.site.id != site.id for site, _ in found):
                found.append((visit.site, closed))
        return found

    def under_way(self, part: Window) -> bool:
        """Whether some walk that works is under way during `part` of a day (minutes from midnight)."""
        for a, b in self.starts:
            for weekday in range(-1, 8):  # a walk can run over midnight, and the week is a circle
                lo, hi = weekday * DAY + part[0], weekday * DAY + part[1]
                # a walk started at t is under way over [t, t + total]; t runs over [a, b]
                if a <= hi and b + self.total_minutes >= lo:
                    return True
        return False


def _intersect(one: list[Window], other: list[Window]) -> list[Window]:
    out = []
    for a, b in one:
        for c, d in other:
            lo, hi = max(a, c), min(b, d)
            if lo <= hi:
                out.append((lo, hi))
    return sorted(out)


def _merge(windows: list[Window]) -> tuple[Window, ...]:
    merged: list[list[int]] = []
    for a, b in sorted(windows):
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)


def _around(lo: int, hi: int) -> list[Window]:
    """Start times [lo, hi] (any integers) laid on the week's circle [0, WEEK)."""
    if hi - lo >= WEEK - 1:
        return [(0, WEEK - 1)]
    lo_w, hi_w = lo % WEEK, hi % WEEK
    return [(lo_w, hi_w)] if lo_w <= hi_w else [(lo_w, WEEK - 1), (0, hi_w)]


def _circular(week: Week) -> list[tuple[int, int]]:
    """The open spans with the one over Sunday midnight joined again (it ends past WEEK)."""
    spans = list(week.spans)
    if len(spans) > 1 and spans[0][0] == 0 and spans[-1][1] == WEEK:
        first = spans.pop(0)
        last = spans.pop()
        spans.append((last[0], WEEK + first[1]))
    return spans


def _allowed(visit: StopVisit) -> list[Window]:
    """The starts of the walk at which this stop is open for the whole visit."""
    if visit.week.spans == ((0, WEEK),):
        return [(0, WEEK - 1)]
    stay = visit.leave - visit.arrive
    allowed: list[Window] = []
    for s, e in _circular(visit.week):
        if e - s >= stay:
            allowed += _around(s - visit.arrive, e - visit.leave)
    return allowed


def visits(route: RoutePlan) -> tuple[StopVisit, ...]:
    stay = round(route.paces.minutes_at_stop)
    out, walked = [], 0.0
    for index, stop in enumerate(route.stops):
        if index:
            walked += route.legs[index - 1].relaxed_minutes
        arrive = math.ceil(walked - 1e-9) + stay * index
        out.append(StopVisit(stop, arrive, arrive + stay, week_or_always(stop.opening_hours)))
    return tuple(out)


def visit_window(route: RoutePlan) -> VisitWindow:
    """When `route` works, at the relaxed pace with `minutes_at_stop` at each stop."""
    stops = visits(route)
    starts: list[Window] = [(0, WEEK - 1)]
    for visit in stops:
        starts = _intersect(starts, _allowed(visit))
    return VisitWindow(route, stops, _merge(starts))


def route_parts(route: RoutePlan) -> dict[str, list[tuple[str, str, str]]]:
    """The parts of the day a route's title and summary name: part → [(field, language, word)]."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for field in ("title", "summary"):
        text = getattr(route.route, field)
        if text is None:
            continue
        for language, words in text.root.items():
            for part, patterns in PART_WORDS.items():
                pattern = patterns.get(language.split("-")[0])
                match = pattern.search(words) if pattern else None
                if match:
                    found.setdefault(part, []).append((field, language, match.group(0)))
    return found


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def window_problems(plan: CityPlan) -> list[Problem]:
    """Warnings about when the city's routes work (proposed routes are left out: no editor wrote them)."""
    problems = []
    guide = plan.guide
    for route in plan.routes:
        if route.proposed or route.route.id not in guide.sources:
            continue
        window = visit_window(route)
        if not window.has_hours:
            continue
        file, line = guide.sources[route.route.id]
        where = display_path(Path(guide.folder) / file)
        if not window.works:
            closed = "; ".join(
                f"`{site.id}` is closed on " + ", ".join(_DAY_NAMES[day] for day in days)
                for site, days in window.closed_stops()
            )
            problems.append(
                Problem(
                    where,
                    line,
                    1,
                    f"routes.{route.route.id}.stops",
                    "no start time in a week has every stop open when the walkers get there "
                    f"(at the relaxed pace, {round(route.paces.minutes_at_stop)} min at each stop)"
                    + (f": {closed}" if closed else "; the stops' opening hours do not overlap")
                    + "; change the order or the stops, or check the opening_hours",
                    "warning",
                )
            )
            continue
        for part, said in route_parts(route).items():
            hours = MORNING if part == "morning" else EVENING
            if window.under_way(hours):
                continue
            field, language, word = said[0]
            problems.append(
                Problem(
                    where,
                    line,
                    1,
                    f"routes.{route.route.id}.{field}.{language}",
                    f"the {field} says `{word}` ({part}), but with the stops' opening hours no walk "
                    f"that works is under way between {_clock(hours[0])} and {_clock(hours[1])}; "
                    "change the words, or check the stops and their opening_hours",
                    "warning",
                )
            )
    return problems


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
