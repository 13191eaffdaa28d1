"""Opening hours on the pages (issue 17): a site's week table and the data behind "open now",
and a route's "when this walk works".

The week table is HTML that every reader sees, with or without scripts: Monday to Sunday, day
names from CLDR (Babel) in the page's language. "Open now · closes 16:00" / "Closed · opens
Wed 09:00" is worked out on the reader's device by `opening-hours.js`, in the city's time zone
(city.yml `timezone`, through `Intl.DateTimeFormat`), from the usual week sent as numbers
(`open_now`); the words it needs come with the data, from the catalogs. Public holidays are
not counted there, nor in the table, nor in the walk windows: the pages say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError

from ..planning.visit_window import VisitWindow
from ..planning.week import DAY, Week, week_of
from .markup import compact_json

if TYPE_CHECKING:
    from ..city_files.model import CityGuide, Site
    from .pages import Words


@cache
def day_names(language: str, width: str = "wide") -> tuple[str, ...]:
    """Monday to Sunday in a language (CLDR's stand-alone names): `wide` or `abbreviated`."""
    try:
        locale = Locale.parse(language)
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse("en")
    names = locale.days["stand-alone"][width]
    return tuple(str(names[index]) for index in range(7))  # Babel numbers the days from Monday, 0


def clock(minutes: int) -> str:
    """A time of day as the guide writes it in every language: 09:00, 24:00 at the end of a day."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class DayRow:
    name: str
    times: str
    """`09:00–16:00`, or the words for closed."""
    open: bool


def week_rows(week: Week, words: Words) -> list[DayRow]:
    rows = []
    for weekday, name in enumerate(day_names(words.language)):
        spans = week.day(weekday)
        if spans == [(0, DAY)]:
            times = words.label("hours_all_day")
        elif spans:
            times = ", ".join(f"{clock(a)}–{clock(b)}" for a, b in spans)
        else:
            times = words.label("hours_closed")
        rows.append(DayRow(name, times, bool(spans)))
    return rows


def site_week(site: Site) -> Week | None:
    return week_of(site.opening_hours) if site.opening_hours else None


def open_now(guide: CityGuide, week: Week, words: Words) -> str:
    """What `opening-hours.js` needs: the city's time zone, the open spans of the usual week
    (minutes from Monday 00:00 in the city's time) and the words, for a data attribute."""
    keys = ("hours_open_closes", "hours_closed_now", "hours_closed_opens", "hours_open_always")
    return compact_json(
        {
            "timezone": guide.city.timezone,
            "spans": [list(span) for span in week.spans],
            "days": list(day_names(words.language, "abbreviated")),
            "labels": {key: words.label(key) for key in keys},
        }
    )


def _days(first: int, last: int, words: Words) -> str:
    names = day_names(words.language, "abbreviated")
    return names[first] if first == last else words.label("hours_day_range", first=names[first], last=names[last])


def window_lines(window: VisitWindow, words: Words) -> list[str]:
    """ "Wed–Sun, start between 09:00 and 13:40", one line for each run of days alike."""
    lines = []
    for first, last, windows in window.groups():
        days = _days(first, last, words)
        if windows == ((0, DAY - 1),):
            lines.append(words.label("window_any_time", days=days))
            continue
        times = words.label("window_or").join(
            words.label("window_between", start=clock(a), end=clock(b)) for a, b in windows
        )
        lines.append(words.label("window_days", days=days, times=times))
    return lines


def closed_lines(window: VisitWindow, words: Words) -> list[str]:
    """The stops that close on the days the walk does not work, with those days."""
    names = day_names(words.language, "abbreviated")
    return [
        words.label("window_stop_closed", name=words.plain(site.name), days=", ".join(names[day] for day in days))
        for site, days in window.closed_stops()
    ]


def closing_days(week: Week | None, words: Words) -> str:
    """The days a site is closed all day, in words ("" when it opens every day or gives no hours)."""
    if week is None:
        return ""
    names = day_names(words.language, "abbreviated")
    return ", ".join(names[day] for day in week.closed_days())


@dataclass(frozen=True)
class SiteHours:
    """A site page's opening hours: the week table, the data for "open now", and whether some
    weeks of the year differ from the one shown."""

    rows: list[DayRow]
    open_now: str
    varies: bool


def site_hours(guide: CityGuide, site: Site, words: Words) -> SiteHours | None:
    week = site_week(site)
    if week is None:
        return None
    return SiteHours(week_rows(week, words), open_now(guide, week, words), week.varies)


@dataclass(frozen=True)
class RouteWhen:
    """A route page's "when this walk works"."""

    best: list[str]
    """One line per run of days alike; empty when no start works."""
    closed: list[str]
    without_hours: list[str]
    """Names of the stops that give no hours (counted as always open)."""
    varies: list[str]
    minutes_at_stop: int


def route_when(window: VisitWindow, words: Words) -> RouteWhen | None:
    """None where no stop gives opening hours: there is nothing to say."""
    if not window.has_hours:
        return None
    return RouteWhen(
        window_lines(window, words),
        closed_lines(window, words),
        [words.plain(site.name) for site in window.without_hours],
        [words.plain(site.name) for site in window.varies],
        round(window.route.paces.minutes_at_stop),
    )
