"""Validate: turn loaded city files into CityGuide models, finding every problem at once.

Each problem names the file, line and column, the field (``sites[3].lat``), what
is wrong and what would be right. Model-level checks come from `model.py`; the
checks that need the whole city are here. Files that sites and routes name are
read through the gate (`gate.py`), as the build reads them.

Messages quote what editors wrote, and always through `_shown` or `visible`: a
line break or control character in a quote is written as an escape (`\\n`).
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..geo import DETOUR_FACTOR, LONG_WALK_M, distance_m, distance_to_line_m, line_length_m
from . import gate, hours, reserved
from .load import CityFolder, Document, Path_, city_folders, load_city_folder
from .model import LANGUAGE_CODE, SLUG, WORSHIP_WORDS, City, CityGuide, Route, Site, Text
from .problems import Problem, Severity, display_path, dotted, visible

LIST_KEYS: dict[str, type[BaseModel]] = {"sites": Site, "routes": Route}

PATH_MARGIN_KM = 1.0
"""How far beyond radius_km a drawn path may stray: a walk may start at a station just outside."""

STOP_OFF_PATH_M = 150.0
"""How far a route's path (drawn or recorded) may pass from one of its stops before the checker
warns: a stop across a wide road or inside a temple's grounds is well within it."""

T = TypeVar("T")


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that holds the field named by the last part of `loc`."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        fields = {info.alias or name: info for name, info in current.model_fields.items()}
        info = fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _shown(value: Any) -> str:
    """An editor's value as a message quotes it: short, on one line, control characters escaped."""
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else value
    text = visible(text)
    return text if len(text) <= 60 else text[:57] + "..."


def _quoted_yes_no(value: Any, name: object) -> str | None:
    """The message for `seating: "true"`: a yes/no value written in quotes, which makes it text."""
    word = value.strip().lower() if isinstance(value, str) else None
    if word not in ("true", "false"):
        return None
    return f'`"{_shown(value)}"` in quotes is text, not a yes/no value; remove the quotes: `{name}: {word}`'


def _explain(error: ErrorDetails, model: type[BaseModel], doc: Document, path: Path_) -> str:
    """One pydantic error in an editor's words."""
    kind, loc, value = error["type"], error["loc"], error.get("input")
    name = visible(str(loc[-1])) if loc else ""
    reading = doc.yaml11.get(path)
    if kind == "missing":
        return f"`{name}` is missing; add it"
    if kind == "extra_forbidden":
        owner = _model_at(model, loc)
        allowed = _field_names(owner) if owner else []
        guess = _guess(model, loc)
        hint = (
            f"did you mean `{guess}`?"
            if guess
            else "the fields allowed here are " + ", ".join(f"`{a}`" for a in allowed)
        )
        return f"unknown field `{name}`; {hint}"
    if kind == "city" and name in ("lat", "lon"):
        point = _lookup(doc.data, path[:-1])
        lat, lon = (point.get("lat"), point.get("lon")) if isinstance(point, dict) else (None, None)
        if (
            isinstance(lat, (int, float))
            and isinstance(lon, (int, float))
            and not isinstance(lat, bool)
            and not isinstance(lon, bool)
            and abs(lon) <= 90 < abs(lat) <= 180
        ):
            return (
                f"lat and lon look swapped: {lat} is not a latitude (between -90 and 90) but "
                f"would be a longitude; exchange the values of `lat` and `lon`"
            )
    if kind == "finite_number":
        example = "the kilometres, e.g. 8" if name == "radius_km" else "a number such as 18.5786"
        return (
            f"`{_shown(doc.source.get(path, value))}` is not a number a map can use (it means "
            f"infinity or 'not a number'); write {example}"
        )
    if kind == "literal_error" and len(loc) >= 2 and loc[-2] == "access":  # issue 15: true, false or unknown
        if reading:
            return f"`{_shown(doc.source.get(path, value))}` would be read as {reading}; write true, false or unknown"
        return _quoted_yes_no(value, name) or f"expected true, false or unknown, found `{_shown(value)}`"
    if kind == "too_long":
        counts = error.get("ctx") or {}
        return (
            f"this list has {counts.get('actual_length')} items, more than {counts.get('max_length')}; "
            "keep the few that matter"
        )
    if kind == "literal_error":
        return f"`{_shown(value)}` is not one of {error['ctx']['expected']}"
    if reading and kind in ("string_type", "bool_type", "float_type", "int_type", "dict_type"):
        value = doc.source.get(path, value)
        want = {
            "string_type": "text",
            "bool_type": "true or false",
            "float_type": "a number",
            "int_type": "a whole number",
            "dict_type": "text",
        }[kind]
        if kind in ("string_type", "dict_type"):
            return f'`{_shown(value)}` is read as {reading}, not text; put it in quotes: "{_shown(value)}"'
        return f"`{_shown(value)}` would be read as {reading}; write {want} instead"
    if kind == "string_type":
        return f"expected text, found `{_shown(value)}`; put the text in quotes"
    if kind == "bool_type" and (quoted := _quoted_yes_no(value, name)):
        return quoted
    if kind == "bool_type":
        return f"expected true or false, found `{_shown(value)}`"
    if kind in ("float_type", "model_type", "dict_type") and isinstance(value, str) and _PAIR.fullmatch(value):
        lat, lon = (part.strip() for part in value.split(","))
        if name in ("lat", "lon"):
            return (
                f"`{_shown(value)}` is a latitude and a longitude together, as a map app copies them; "
                f"split them over two lines: `lat: {lat}` and, below it, `lon: {lon}`"
            )
        if name == "center":
            return (
                f"`{_shown(value)}` is a latitude and a longitude together, as a map app copies them; "
                f"name each: `center: {{lat: {lat}, lon: {lon}}}`"
            )
    if kind in ("float_type", "int_type") and isinstance(value, str) and _is_number(value):
        return f'expected a number, found the text "{_shown(value)}"; remove the quotes'
    if kind in ("float_type", "int_type", "float_parsing", "int_parsing"):
        return f"expected a number such as 18.5786, found `{_shown(value)}`"
    if kind == "list_type":
        return f"expected a list (each item on its own line starting with `- `), found `{_shown(value)}`"
    if kind in ("dict_type", "model_type"):
        return f"expected `key: value` lines, found `{_shown(value)}`"
    if kind.startswith("date"):
        return f"`{_shown(value)}` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-24"
    return visible(error["msg"])


_PAIR = re.compile(r"\s*[-+]?[0-9]+\.[0-9]+\s*,\s*[-+]?[0-9]+\.[0-9]+\s*")
"""`16.87, 99.12`: a point as map apps copy it (latitude first); `16,8729` is a decimal comma."""

CURLY_QUOTES = {"\u201c": "\u201d", "\u2018": "\u2019", "\u201e": "\u201c", "\u201d": "\u201d"}
"""Typographic opening quote → the closing quote that pairs with it (“…”, ‘…’, „…“, ”…”)."""


def _curly_quoted(text: str) -> bool:
    """Text wrapped whole in typographic quotes, as a word processor writes `"..."`: YAML keeps
    them as part of the text."""
    text = text.strip()
    return len(text) >= 2 and CURLY_QUOTES.get(text[0]) == text[-1] and text.count(text[0]) == 1 + (text[0] == text[-1])


def _curly_quote_problems(doc: Document, path: Path_, data: Any) -> Iterator[Problem]:
    for where, value in _strings(data, path):
        if _curly_quoted(value):
            line, column = doc.mark(where)
            yield Problem(
                doc.name,
                line,
                column,
                dotted(where),
                f"`{_shown(value)}` is wrapped in typographic quotes ({value.strip()[0]}...{value.strip()[-1]}), "
                'which stay part of the text; to quote in YAML use straight quotes ("..."), '
                "or none at all",
                "warning",
            )


def _pasted_pair(data: Any, loc: tuple) -> bool:
    lat = _lookup(data, (*loc[:-1], "lat"))
    return isinstance(lat, str) and _PAIR.fullmatch(lat) is not None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _guess(model: type[BaseModel], loc: tuple) -> str | None:
    """The allowed field an unknown field name is probably a typo of."""
    owner = _model_at(model, loc)
    allowed = _field_names(owner) if owner else []
    guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6) if loc else []
    return guess[0] if guess else None


@dataclass
class _Placed:
    """A validated site or route, with the file and path it came from."""

    item: Any
    doc: Document
    path: Path_

    def at(self, *field: str | int, key: bool = False) -> tuple[int, int]:
        return self.doc.mark((*self.path, *field), key=key)

    def source(self, root: Path) -> tuple[str, int]:
        """The file (relative to the city folder `root`) and the line where this item starts."""
        return self.doc.path.relative_to(root).as_posix(), self.at()[0]

    def problem(self, field: tuple, message: str, severity: Severity = "error", key: bool = False) -> Problem:
        line, column = self.at(*field, key=key)
        return Problem(self.doc.name, line, column, dotted((*self.path, *field)), message, severity)


def _validate(
    model: type[BaseModel], data: Any, doc: Document, path: Path_, language: str, problems: list[Problem]
) -> Any:
    try:
        value = model.model_validate(data, context={"city_language": language})
    except ValidationError as errors:
        # `catgory: food` gives "unknown field `catgory`; did you mean `category`?": that says
        # it all, so the "`category` is missing" that comes with it is left out
        guessed = {
            (*error["loc"][:-1], _guess(model, error["loc"]))
            for error in errors.errors()
            if error["type"] == "extra_forbidden"
        }
        reported = set()
        for error in errors.errors():
            if error["type"] == "missing" and error["loc"] in guessed:
                continue
            if error["type"] == "missing" and error["loc"][-1] == "lon" and _pasted_pair(data, error["loc"]):
                continue  # `lat: 16.87, 99.12` says to split it: no need to ask for `lon` as well
            where = (*path, *error["loc"])
            line, column = doc.mark(
                where if error["type"] != "missing" else where[:-1], key=error["type"] == "extra_forbidden"
            )
            if error["type"] == "opening_hours":
                column = _column_inside(doc, line, column, _lookup(data, error["loc"]), error["ctx"]["hours_column"])
            reported.add(dotted(where))
            problems.append(Problem(doc.name, line, column, dotted(where), _explain(error, model, doc, where)))
        problems.extend(p for p in _yaml11_text(doc, path, data) if p.field not in reported)
        return None
    problems.extend(_yaml11_text(doc, path, data))
    problems.extend(_curly_quote_problems(doc, path, data))
    return value


def _column_inside(doc: Document, line: int, column: int, value: Any, offset: int) -> int:
    """The column of character `offset` (1-based) of a text value that starts at `column`: exact
    where the value is written on its line as it reads (plain, or in quotes with no escapes);
    the value's own column otherwise (a folded or escaped value)."""
    if not isinstance(value, str):
        return column
    try:
        written = doc.path.read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return column
    start = column - 1
    if written[start : start + 1] in ("'", '"'):
        start += 1
    if not written.startswith(value[:offset], start):
        return column
    return start + offset


def _yaml11_text(doc: Document, path: Path_, data: Any) -> Iterator[Problem]:
    """Plain scalars that YAML 1.1 tools would not read as the text they are."""
    for where, value in _strings(data, path):  # the item's own texts: not every entry of the file
        reading = doc.yaml11.get(where)
        if reading and "dates" not in where and where[-1] != "checked":  # dates are dates (issue 15: checked)
            line, column = doc.mark(where)
            yield Problem(
                doc.name,
                line,
                column,
                dotted(where),
                f"`{_shown(value)}` is read as {reading} by YAML 1.1 tools; if you mean the "
                f'text, put it in quotes: "{_shown(value)}"',
            )


def _strings(data: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    """Every string inside loaded data, with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _lookup(data: Any, path: Path_) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def texts(item: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Text]]:
    """Every Text inside a model, with its path (field aliases, list indices)."""
    if isinstance(item, Text):
        yield path, item
    elif isinstance(item, BaseModel):
        for name, info in type(item).model_fields.items():
            yield from texts(getattr(item, name), (*path, info.alias or name))
    elif isinstance(item, (list, tuple)):
        for index, value in enumerate(item):
            yield from texts(value, (*path, index))


def _language_problems(placed: _Placed, languages: list[str]) -> Iterator[Problem]:
    for path, text in texts(placed.item):
        written = _lookup(placed.doc.data, (*placed.path, *path))
        if isinstance(written, str) and len(languages) > 1:
            # a plain string is the city's first language: say so, where that may not be meant
            field = visible(str(path[-1]))
            others = ", ".join(f"`{other}`" for other in languages[1:])
            yield placed.problem(
                path,
                f"this text names no language, so it is taken as `{languages[0]}` (the city's first "
                f"language) and {others} has none; name the language of each text, e.g. "
                f'`{field}: {{{languages[0]}: "...", {languages[1]}: "..."}}`',
                "warning",
            )
            continue
        for language in text.languages():
            if language not in languages:
                yield placed.problem(
                    (*path, language),
                    f"`{visible(language)}` is not one of the city's "
                    f"languages ({', '.join(languages)}); add it to `languages` in "
                    "city.yml or remove this text",
                    key=True,
                )
        missing = [language for language in languages if language not in text.languages()]
        if missing:
            yield placed.problem(
                path,
                "no text in " + ", ".join(f"`{m}`" for m in missing) + f"; add a translation, e.g. `{missing[0]}: ...`",
                "warning",
            )


EXAMPLE_ID_PREFIX = "example-"
"""The ids of the example sites and walk that `city-classroom new` writes (`example-walk`)."""
TODO = "TODO"
"""What `city-classroom new` writes where only the editor knows the text (the name in English)."""
_TODO = re.compile(TODO + r"\b")
"""`TODO`, `TODO Example: ...`, `TODO: ...`; not `Todos Santos`."""
PLACEHOLDER_NOTE = "nothing written by `city-classroom new` as an example may be published"
"""The end of every placeholder message: the scaffold expects these, and only these, in a new city."""


def _placeholder_problems(placed: _Placed) -> Iterator[Problem]:
    """The examples and TODOs a new city starts with, left in: they would be published as they are."""
    item_id = getattr(placed.item, "id", None)
    if isinstance(item_id, str) and item_id.startswith(EXAMPLE_ID_PREFIX):
        kind = "walk" if isinstance(placed.item, Route) else "site"
        yield placed.problem(
            ("id",),
            f"`{item_id}` is the example {kind}; replace its id and every text with a real {kind} "
            f"of the city, or delete it; {PLACEHOLDER_NOTE}",
        )
        return  # its texts are examples too: one message for the whole item
    for path, text in texts(placed.item):
        for language, words in text.root.items():
            if _TODO.match(words.lstrip()):
                yield placed.problem(
                    (*path, language) if _lookup(placed.doc.data, (*placed.path, *path, language)) else path,
                    f"this text still says {TODO}; write it in `{language}` (or remove the line); {PLACEHOLDER_NOTE}",
                )


def _city_problems(
    city: City,
    sites: list[_Placed],
    routes: list[_Placed],
    root: Path,
    paths: dict[str, tuple],
    invalid_ids: frozenset[str] = frozenset(),
) -> Iterator[Problem]:
    """Checks across the city. `invalid_ids`: ids of sites that have errors of their own.
    The points of every usable drawn path are put into `paths`, by route id."""
    seen: dict[str, _Placed] = {}
    for placed in sites + routes:
        other = seen.setdefault(placed.item.id, placed)
        if other is not placed:
            line, _ = other.at("id")
            yield placed.problem(
                ("id",),
                f"the id `{placed.item.id}` is already used in "
                f"{other.doc.name} on line {line}; give each site and route its own id",
            )
    site_ids = [placed.item.id for placed in sites]
    points: dict[tuple[float, float], _Placed] = {}
    for placed in sites:
        site: Site = placed.item
        away_km = distance_m(city.center.lat, city.center.lon, site.lat, site.lon) / 1000
        if away_km > city.radius_km:
            swapped_km = (
                distance_m(city.center.lat, city.center.lon, site.lon, site.lat) / 1000
                if abs(site.lon) <= 90
                else float("inf")
            )
            if swapped_km <= city.radius_km:
                yield placed.problem(
                    ("lat",),
                    f"lat and lon look swapped: {site.lat}, {site.lon} "
                    f"is {away_km:,.0f} km from the city centre, but {site.lon}, "
                    f"{site.lat} would be {swapped_km:.1f} km; exchange the two values",
                )
            else:
                yield placed.problem(
                    ("lat",),
                    f"{site.lat}, {site.lon} is {away_km:,.1f} km from the "
                    f"city centre, beyond radius_km ({city.radius_km:g}); check the "
                    "coordinates (or widen radius_km in city.yml)",
                )
        point = (round(site.lat, 6), round(site.lon, 6))
        twin = points.setdefault(point, placed)
        if twin is not placed:
            line, _ = twin.at("lat")
            yield placed.problem(
                ("lat",),
                f"`{site.id}` is at the same point as `{twin.item.id}` "
                f"({twin.doc.name} line {line}); give each site its own coordinates",
            )
        yield from _hours_problems(placed, city)
        yield from _visitor_problems(placed)
        for index, image in enumerate(site.images):
            try:
                gate.check_image(root, image.file)  # as the build's gate.publishable_image reads it
            except gate.GateError as refused:
                yield placed.problem(("images", index, "file"), refused.message)
        for index, recording in enumerate(site.audio):
            try:
                gate.check_audio(root, recording.file)  # the build publishes what this returns
            except gate.GateError as refused:
                yield placed.problem(("audio", index, "file"), refused.message)
    for placed in routes:
        route: Route = placed.item
        for index, stop in enumerate(route.stops):
            if stop not in site_ids and stop not in invalid_ids:
                guess = difflib.get_close_matches(stop, site_ids, n=1, cutoff=0.6)
                hint = f"did you mean `{guess[0]}`?" if guess else "use the `id` of a site of this city"
                yield placed.problem(("stops", index), f"no site has the id `{_shown(stop)}`; {hint}")
        if route.path is not None:
            yield from _path_problems(placed, root, paths, city)
            if route.id in paths:
                yield from _stops_off_the_path(placed, paths[route.id], [s.item for s in sites])
        elif all(stop in site_ids for stop in route.stops):
            stop_points = [(s.lat, s.lon) for s in (sites[site_ids.index(stop)].item for stop in route.stops)]
            metres = line_length_m(stop_points) * DETOUR_FACTOR
            if metres > LONG_WALK_M:
                yield placed.problem(
                    ("stops",),
                    f"this walk is about {metres / 1000:.1f} km, longer "
                    f"than {LONG_WALK_M / 1000:g} km; consider splitting it in two",
                    "warning",
                )


def _hours_problems(placed: _Placed, city: City) -> Iterator[Problem]:
    """A site's opening_hours, beyond what the parser refuses (issue 17): what the parser read
    but would write otherwise, and dated events on a day when the hours say the site is closed
    (the country's public holidays counted, where the parser knows them)."""
    site: Site = placed.item
    if site.opening_hours is None:
        return
    for warning in hours.parser_warnings(site.opening_hours):
        yield placed.problem(("opening_hours",), f"the parser read this, but says: {visible(warning)}", "warning")
    for index, event in enumerate(site.events):
        for number, day in enumerate(event.dates):
            if not hours.open_on(site.opening_hours, day, city.country):
                yield placed.problem(
                    ("events", index, "dates", number),
                    f"{day.isoformat()} is a {day.strftime('%A')}, and `opening_hours` "
                    f"(`{_shown(site.opening_hours)}`) says the site is closed all that day; check the "
                    "date, or add the day to the hours (e.g. `; 2026 Nov 24 18:00-22:00`)",
                    "warning",
                )


def _visitor_problems(placed: _Placed) -> Iterator[Problem]:
    """Issue 15: every site says where its facts come from; a place of worship, how to behave there."""
    site: Site = placed.item
    if not site.sources:
        line, column = placed.at("id")  # the site's first line: there is no `sources` line to point at
        yield Problem(
            placed.doc.name,
            line,
            column,
            dotted((*placed.path, "sources")),
            f"`{site.id}` has no `sources`; add where its facts come from, e.g. "
            "`sources: [{url: https://..., supports: hours and entry, checked: 2026-12-02}]` "
            "(or `printed:` for a book, leaflet or plaque)",
        )
    worship = any(WORSHIP_WORDS.search(name) for name in site.name.root.values())
    if site.category == "heritage" and site.etiquette is None and worship:
        yield placed.problem(
            ("name",),
            f"`{site.id}` looks like a place of worship but has no `etiquette`; say what visitors wear "
            "and do there (shoulders and knees covered, shoes off inside ...)",
            "warning",
        )


def _path_problems(placed: _Placed, root: Path, paths: dict[str, tuple], city: City) -> Iterator[Problem]:
    """Problems of a route's drawn path; a usable path's points go into `paths`."""
    try:
        line = gate.read_path(root, placed.item.path)
    except gate.GateError as refused:
        yield placed.problem(("path",), refused.message)
        return
    reach_km = city.radius_km + PATH_MARGIN_KM
    for index, (lat, lon) in enumerate(line):
        away_km = distance_m(city.center.lat, city.center.lon, lat, lon) / 1000
        if away_km > reach_km:
            yield placed.problem(
                ("path",),
                f"`{visible(display_path(root / placed.item.path))}`: point "
                f"{index} ([{lon:g}, {lat:g}]) is {away_km:,.1f} km from the city centre, "
                f"beyond radius_km ({city.radius_km:g}); check that this is the path "
                "of this route, and that each point is [lon, lat]",
            )
            return
    paths[placed.item.id] = tuple(line)


def _stops_off_the_path(placed: _Placed, line: tuple, sites: list[Site]) -> Iterator[Problem]:
    """A warning for each stop the route's path passes farther than STOP_OFF_PATH_M from."""
    route: Route = placed.item
    by_id = {site.id: site for site in sites}
    for index, stop in enumerate(route.stops):
        site = by_id.get(stop)
        if site is None:
            continue  # reported already: no site has this id
        away = distance_to_line_m(site.lat, site.lon, list(line))
        if away > STOP_OFF_PATH_M:
            yield placed.problem(
                ("stops", index),
                f"the path `{visible(route.path or '')}` passes {away:,.0f} m from the stop "
                f"`{stop}` ({_shown(_name_of(site))}), more than {STOP_OFF_PATH_M:g} m; check that "
                "the path is this walk's and goes past the stop, or the stop's lat and lon",
                "warning",
            )


def _name_of(site: Site) -> str:
    """A site's name for a message: in English when it has one, else in its first language."""
    return site.name.root.get("en") or next(iter(site.name.root.values()), site.id)


def validate_city(folder: CityFolder) -> tuple[CityGuide | None, list[Problem]]:
    """Validate one loaded city folder: the guide (when there are no errors) and every problem."""
    problems = list(folder.problems)
    city: City | None = None
    language = "en"
    if folder.city_file is not None:
        doc = folder.city_file
        if not isinstance(doc.data, dict):
            problems.append(Problem(doc.name, 1, 1, "", "city.yml must hold `name:`, `country:` ... lines"))
        else:
            raw_language = doc.data.get("languages")
            if (
                isinstance(raw_language, list)
                and raw_language
                and isinstance(raw_language[0], str)
                and LANGUAGE_CODE.fullmatch(raw_language[0])
            ):  # else one error, at `languages`
                language = raw_language[0]
            city = _validate(City, doc.data, doc, (), language, problems)
            if city is not None:
                problems.extend(_language_problems(_Placed(city, doc, ()), city.languages))
                problems.extend(_placeholder_problems(_Placed(city, doc, ())))
    sites: list[_Placed] = []
    routes: list[_Placed] = []
    invalid_ids: set[str] = set()
    for doc in folder.list_files:
        if not isinstance(doc.data, dict):
            found = "a list" if isinstance(doc.data, list) else f"`{_shown(doc.data)}`"
            problems.append(
                Problem(
                    doc.name,
                    1,
                    1,
                    "",
                    f"expected `sites:` and/or `routes:` lists, "
                    f"found {found}; start the file with a `sites:` (or `routes:`) "
                    "line and indent the list under it",
                )
            )
            continue
        for key, items in doc.data.items():
            if key not in LIST_KEYS:
                guess = difflib.get_close_matches(key, list(LIST_KEYS), n=1)
                hint = f"did you mean `{guess[0]}`?" if guess else "only `sites:` and `routes:` go here"
                line, column = doc.mark((key,), key=True)
                where = "city.yml" if key in City.model_fields else ""
                if where:
                    hint = "that field belongs in city.yml"
                problems.append(Problem(doc.name, line, column, key, f"unknown field `{key}`; {hint}"))
                continue
            if not isinstance(items, list):
                line, column = doc.mark((key,))
                problems.append(
                    Problem(doc.name, line, column, key, f"`{key}` must be a list: each item starts with `- `")
                )
                continue
            for index, data in enumerate(items):
                item = _validate(LIST_KEYS[key], data, doc, (key, index), language, problems)
                if item is not None:
                    (sites if key == "sites" else routes).append(_Placed(item, doc, (key, index)))
                elif key == "sites" and isinstance(data, dict) and isinstance(data.get("id"), str):
                    invalid_ids.add(data["id"])  # reported already; stops naming it are not wrong
    paths: dict[str, tuple] = {}
    if city is not None:
        for placed in sites + routes:
            problems.extend(_language_problems(placed, city.languages))
            problems.extend(_placeholder_problems(placed))
        if not folder.problems:  # a file that did not parse would make every stop in it look missing
            problems.extend(_city_problems(city, sites, routes, folder.root, paths, frozenset(invalid_ids)))
    if city is None or any(p.severity == "error" for p in problems):
        return None, sorted(problems)
    guide = CityGuide(
        slug=folder.slug,
        city=city,
        sites=tuple(p.item for p in sites),
        routes=tuple(p.item for p in routes),
        paths=paths,
        folder=str(folder.root),
        sources={p.item.id: p.source(folder.root) for p in sites + routes},
    )
    return guide, sorted(problems)


Remember = Callable[[str, Path, object, "Callable[[], Any] | None"], Any]
"""How the serve-time memory is asked for a city's work: (kind, folder, options, make) → what
`make()` gives, or what it gave last time for the same folder files and options. With `make`
None, only what it kept: None if nothing (nothing is made, counted or kept)."""


def no_memory(kind: str, folder: Path, options: object, make: Callable[[], T] | None) -> T | None:
    """Remember nothing: every city is read and rendered afresh (`mkdocs build`, `check`)."""
    return make() if make is not None else None


def _read_city(root: Path) -> tuple[CityGuide | None, list[Problem]]:
    return validate_city(load_city_folder(root))


def read_cities(
    cities_dir: Path, remember: Remember = no_memory, taken: frozenset[str] = frozenset()
) -> tuple[list[CityGuide], list[Problem]]:
    """Load and validate every city below `cities_dir`: the guides and every problem found.

    `remember(kind, folder, options, make)` may give what `make()` gave before for a folder
    whose files did not change (the MkDocs adapter passes `ServeMemory.remember` while serving);
    by default each city is read afresh. `taken`: the addresses the site itself uses
    (`reserved.site_names`), which no city folder may be named."""
    guides: list[CityGuide] = []
    problems: list[Problem] = []
    if not cities_dir.is_dir():
        return [], [Problem(display_path(cities_dir), 1, 1, "", "there is no cities folder here")]
    # `check cities/lamphun` checks that one city, rather than taking paths/ for a city
    roots = [cities_dir] if os.path.lexists(cities_dir / "city.yml") else city_folders(cities_dir)
    for root in roots:
        if not SLUG.fullmatch(root.name):
            problems.append(
                Problem(
                    display_path(root / "city.yml"),
                    1,
                    1,
                    "",
                    f"the folder name "
                    f"`{_shown(root.name)}` is the city's address (/{_shown(root.name)}/); "
                    "rename the folder with lowercase letters, digits and hyphens",
                )
            )
            continue
        if root.name in taken:
            problems.append(Problem(display_path(root / "city.yml"), 1, 1, "", reserved.message(root.name)))
            continue
        read: tuple[CityGuide | None, list[Problem]] = remember("read", root, None, partial(_read_city, root))
        guide, found = read
        problems.extend(found)
        if guide is not None:
            guides.append(guide)
    return guides, problems
