"""A class-visit pack per route, for teachers (issue 17): printable A4 like the walk sheet.

Everything in it comes from the route's stops and the guide's catalogs, nothing is invented:

* learning goals: the stops' prompts, grouped by the audiences in their `good_for`
  (a stop that names none is for everyone);
* before the visit: the `ask` prompts, as questions to talk over in class;
* during the visit: the `look` and `try` prompts, stop by stop;
* after the visit: a drawing and a piece of writing about the walk (fixed words, from the catalogs);
* a worksheet: each stop with room to write or draw, and a stamp box;
* the facts a group needs: toilets, shade, seating, closing days, entry, getting there (where
  a site gives it), total time and distance, when the walk works;
* a short note for the elders who come along.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..city_files.model import Site, Text
from ..planning.visit_window import visit_window
from ..planning.week import week_or_always
from . import hours

if TYPE_CHECKING:
    from ..planning.plan import RoutePlan
    from .pages import Words

AUDIENCES = ("children", "families", "elders")
EVERYONE = "everyone"


@dataclass(frozen=True)
class Prompt:
    number: int
    """The stop's number on the walk."""
    site: Site
    kind: str
    """look, ask or try."""
    text: Text


@dataclass(frozen=True)
class StopFacts:
    number: int
    site: Site
    toilets: str
    shade: str
    seating: str
    closed_days: str
    entry: Text | str
    getting_there: Text | None


@dataclass
class ClassVisit:
    goals: list[tuple[str, list[Prompt]]] = field(default_factory=list)
    """(audience, the prompts of the stops for it), audiences in a fixed order."""
    before: list[Prompt] = field(default_factory=list)
    during: list[Prompt] = field(default_factory=list)
    facts: list[StopFacts] = field(default_factory=list)
    when: hours.RouteWhen | None = None
    seating_stops: int = 0


def _fact(value: bool | None, words: Words) -> str:
    return words.label("yes" if value else ("no" if value is False else "unknown"))


def class_visit(route: RoutePlan, words: Words) -> ClassVisit:
    pack = ClassVisit()
    prompts = [
        Prompt(number, site, kind, text)
        for number, site in enumerate(route.stops, start=1)
        for kind, text in site.learn.prompts()
    ]
    for audience in (*AUDIENCES, EVERYONE):
        chosen = [p for p in prompts if (audience in p.site.good_for) or (audience == EVERYONE and not p.site.good_for)]
        if chosen:
            pack.goals.append((audience, chosen))
    pack.before = [p for p in prompts if p.kind == "ask"]
    pack.during = [p for p in prompts if p.kind in ("look", "try")]
    for number, site in enumerate(route.stops, start=1):
        access = site.access
        week = week_or_always(site.opening_hours) if site.opening_hours else None
        entry: Text | str = words.label("free") if site.free else (site.price if site.price else words.label("unknown"))
        pack.facts.append(
            StopFacts(
                number,
                site,
                _fact(access.known("toilets") if access else None, words),
                _fact(access.known("shade") if access else None, words),
                _fact(access.known("seating") if access else None, words),
                hours.closing_days(week, words) if week else words.label("unknown"),
                entry,
                site.getting_there,
            )
        )
    pack.seating_stops = sum(1 for site in route.stops if site.access is not None and site.access.seating is True)
    pack.when = hours.route_when(visit_window(route), words)
    return pack


def context(route: RoutePlan, words: Words) -> dict[str, Any]:
    return {"pack": class_visit(route, words), "audiences": AUDIENCES}
