"""`city-classroom new`: a new city folder, every field explained, ready to be filled in.

It writes city.yml, sites.yml (two example sites, each field explained in a comment)
and routes.yml (one example walk between them). Every text is given in every one of
the city's languages, so the checker has nothing to warn about. The examples say on
their face that they are examples, and the checker refuses them until they are
replaced (ids `example-...`, texts starting with TODO, such as the city's name in a
language that was not given with --english-name): a new city cannot be published by
mistake with its examples in it.

What the editor typed (the name above all) is written as quoted YAML strings, so a
name such as `NO` or `1:20` stays text and no character can break the file.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import unicodedata
from pathlib import Path

from pydantic import ValidationError

from .city_files.load import load_city_folder
from .city_files.model import SLUG, City
from .city_files.problems import display_path
from .city_files.reserved import from_mkdocs_yml
from .city_files.schema import LIST_SCHEMA_FILE, SCHEMA_FILE
from .city_files.validate import PLACEHOLDER_NOTE, TODO, validate_city
from .rendering.i18n import label

SCHEMA_LINE = f"# yaml-language-server: $schema=../../{SCHEMA_FILE}"
LIST_SCHEMA_LINE = f"# yaml-language-server: $schema=../../{LIST_SCHEMA_FILE}"
RADIUS_KM = 5
EXAMPLE_CHECKED = "2026-12-02"
"""The date the example sources say they were checked: fixed, so that a new city is the same every day."""

UNWRITABLE = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Unicode categories refused in a name: control characters, line breaks, unpaired or unassigned."""

OPTION_OF_FIELD = {
    "name": "--name",
    "country": "--country",
    "languages": "--languages",
    "center.lat": "--lat",
    "center.lon": "--lon",
    "timezone": "--timezone",
}


def _example(language: str, key: str, **values: object) -> str:
    """An example text of a new city (from the guide's catalogs: English where a language has none)."""
    return label(language, "example_" + key.replace(".", "_"), **values)


class Refused(Exception):
    """What the editor asked for cannot be made; the message says why and what to do."""


def q(value: object) -> str:
    """A value as a quoted YAML string (JSON strings are YAML double-quoted scalars)."""
    return json.dumps(str(value), ensure_ascii=False)


def block(key: str, languages: list[str], indent: str) -> str:
    """The texts of `key`, one line per language, at `indent`."""
    return "".join(f"\n{indent}{language}: {q(_example(language, key))}" for language in languages)


def _name_in(language: str, i: int, name: str, english_name: str | None) -> str:
    """The city's name in one of its languages: as typed for the first (and for English when
    --english-name was given), else a TODO that the checker refuses until it is written."""
    if i == 0:
        return f"\n  {language}: {q(name)}"
    if language == "en" and english_name:
        return f"\n  {language}: {q(english_name)}"
    return f"\n  {language}: {q(TODO)}  # write the city's name in this language"


def city_yml(
    name: str,
    languages: list[str],
    country: str,
    lat: float,
    lon: float,
    timezone: str,
    english_name: str | None = None,
) -> str:
    names = "".join(_name_in(language, i, name, english_name) for i, language in enumerate(languages))
    summary = "".join(
        f"\n  {language}: {q(TODO + ' ' + _example(language, 'summary', name=name))}" for language in languages
    )
    return f"""{SCHEMA_LINE}
# The city itself. Made by `city-classroom new`: replace every text that starts with
# TODO, then run `city-classroom check cities` (it refuses what is left of the examples).
# A text is written once per language, one line each: `th: "..."`, `en: "..."`.

name:{names}
country: {q(country)}  # two capital letters (ISO 3166-1), e.g. "TH"
languages: [{", ".join(q(language) for language in languages)}]  # the first is the city's own language
center: {{lat: {lat:.6f}, lon: {lon:.6f}}}  # the middle of the guide's area
radius_km: {RADIUS_KM}  # every site lies within this distance of the center
timezone: {q(timezone)}  # for festival dates
summary:{summary}

# Optional: a longer introduction, in Markdown. Remove the `#` signs to use it.
# intro:
#   {languages[0]}: |
#     The first paragraph.
#
#     The second paragraph.
"""


def sites_yml(languages: list[str], heritage: tuple[float, float], food: tuple[float, float]) -> str:
    def text(key: str, indent: str = "      ") -> str:
        return block(key, languages, indent)

    return f"""{LIST_SCHEMA_LINE}
# The city's sites: each one is a learning card on the site, and a point on the maps.
# These two are examples: replace their texts with real places (or delete them once
# the city has sites of its own). A city can spread its sites over several files,
# such as heritage.yml and food.yml: every *.yml file other than city.yml may hold them.

sites:
  - id: example-heritage-site  # lowercase letters, digits and hyphens; it becomes the page's address
    name:{text("heritage.name")}
    category: heritage  # heritage, food or tradition
    lat: {heritage[0]:.6f}  # latitude, from a map: right-click the place in OpenStreetMap
    lon: {heritage[1]:.6f}  # longitude
    summary:{text("heritage.summary")}
    story:{text("heritage.story")}
    learn:  # give at least one of look, ask and try
      look:{text("heritage.look", "        ")}
      ask:{text("heritage.ask", "        ")}
      try:{text("heritage.try", "        ")}
    good_for: [children, families, elders]  # any of these three
    access:  # true or false, or unknown when no source says (the page then asks readers)
      step_free: true
      seating: unknown
      shade: true
    free: true  # or, instead, a price:  price: {{{languages[0]}: "..."}}
    getting_there:{text("heritage.getting_there")}
    etiquette:{text("heritage.etiquette")}  # what to wear and do; expected at a place of worship
    sources:  # required: where the facts come from, each a url: "https://..." or a printed source
      - printed: {q(_example(languages[0], "source.printed"))}
        supports:{text("source.supports", "          ")}
        checked: {EXAMPLE_CHECKED}  # the day you read it, YYYY-MM-DD
    # A photo: put the file in images/ next to this file, then remove the `#` signs.
    # images:
    #   - file: images/example.jpg
    #     alt: {{{languages[0]}: "What the photo shows, for people who cannot see it"}}
    #     credit: "Photo: the photographer's name"
    #     license: CC-BY-SA-4.0  # the licence the photographer chose (SPDX identifier)
    # A festival or market day:
    # events:
    #   - name: {{{languages[0]}: "The festival's name"}}
    #     when: {{{languages[0]}: "Full moon of the twelfth lunar month"}}
    #     dates: [2026-11-24]  # optional exact dates, YYYY-MM-DD
    # links:
    #   - url: "https://..."
    #     title: {{{languages[0]}: "What the link leads to"}}

  - id: example-food-stall
    name:{text("food.name")}
    category: food
    lat: {food[0]:.6f}
    lon: {food[1]:.6f}
    summary:{text("food.summary")}
    story:{text("food.story")}
    learn:
      try:{text("food.try", "        ")}
    hours:  # free text{"".join(f"{chr(10)}      {language}: {q('06:00-11:00')}" for language in languages)}
    sources:
      - printed: {q(_example(languages[0], "source.printed"))}
        supports:{text("source.supports", "          ")}
        checked: {EXAMPLE_CHECKED}
"""


def routes_yml(languages: list[str]) -> str:
    return f"""{LIST_SCHEMA_LINE}
# The city's walks. A route's stops are site ids, walked in the order given; a route
# needs at least two. This example joins the two example sites: replace it (or delete
# it) when the city has real sites.

routes:
  - id: example-walk
    title:{block("route.title", languages, "      ")}
    theme: mixed  # heritage, food, tradition or mixed
    stops: [example-heritage-site, example-food-stall]
    summary:{block("route.summary", languages, "      ")}
    # path: paths/example-walk.geojson  # optional: a GeoJSON line drawn along the streets
"""


def _languages(text: str) -> list[str]:
    return [code.strip() for code in text.split(",") if code.strip()]


def _check_city(name: str, languages: list[str], country: str, lat: float, lon: float, timezone: str) -> None:
    """Refuse the options the city model would refuse, naming the option rather than the field."""
    data = {
        "name": name,
        "country": country,
        "languages": languages,
        "center": {"lat": lat, "lon": lon},
        "radius_km": RADIUS_KM,
        "timezone": timezone,
        "summary": "-",
    }
    try:
        City.model_validate(data, context={"city_language": "en"})  # the languages are checked on their own
    except ValidationError as errors:
        lines = []
        for error in errors.errors():
            field = ".".join(str(part) for part in error["loc"])
            option = next((o for f, o in OPTION_OF_FIELD.items() if field == f or field.startswith(f + ".")), field)
            lines.append(f"{option}: {error['msg']}")
        raise Refused("\n".join(lines)) from None


def _examples_at(lat: float, lon: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Two points about 100 m from the center, towards the equator and the prime meridian."""
    step_lat = -0.0009 if lat > 0 else 0.0009
    step_lon = -0.0011 if lon > 0 else 0.0011
    return (lat + step_lat, lon), (lat, lon + step_lon)


def make_city(
    cities_dir: Path,
    slug: str,
    name: str,
    lat: float,
    lon: float,
    languages: list[str],
    country: str = "TH",
    timezone: str = "Asia/Bangkok",
    english_name: str | None = None,
) -> Path:
    """Write the new city's folder and return it; raise Refused, writing nothing, when it cannot be."""
    if not SLUG.match(slug):
        raise Refused(
            f"`{slug}` cannot be a city's folder name: use lowercase letters, digits and hyphens, such as `chiang-saen`"
        )
    if slug in from_mkdocs_yml(cities_dir.parent / "mkdocs.yml"):  # the site's own addresses
        raise Refused(f"`{slug}` is a name the site uses for its own pages; choose another, such as `{slug}-city`")
    if not cities_dir.is_dir():
        raise Refused(
            f"there is no `{display_path(cities_dir)}` folder here; run the command from the "
            "top folder of the repository, or give --cities-dir"
        )
    folder = cities_dir / slug
    if folder.exists():
        raise Refused(f"`{display_path(folder)}` already exists; choose another name, or edit the files in that folder")
    name = name.strip()
    if not name:
        raise Refused("--name: give the city's name in its own language, such as --name ลำพูน")
    english_name = (english_name or "").strip() or None
    for option, value in (("--name", name), ("--english-name", english_name or "")):
        odd = next((c for c in value if unicodedata.category(c) in UNWRITABLE), None)
        if odd is not None:
            raise Refused(
                f"{option}: the name holds an invisible or control character (U+{ord(odd):04X}); type the name again"
            )
    _check_city(name, languages, country, lat, lon, timezone)
    heritage, food = _examples_at(lat, lon)
    folder.mkdir()
    (folder / "city.yml").write_text(
        city_yml(name, languages, country, lat, lon, timezone, english_name), encoding="utf-8"
    )
    (folder / "sites.yml").write_text(sites_yml(languages, heritage, food), encoding="utf-8")
    (folder / "routes.yml").write_text(routes_yml(languages), encoding="utf-8")
    _, found = validate_city(load_city_folder(folder))
    problems = [problem for problem in found if not problem.message.endswith(PLACEHOLDER_NOTE)]
    if problems or not found:  # a safety net: what was checked above should make this impossible
        shutil.rmtree(folder)
        raise Refused(
            "the new city would not pass the checker, so nothing was written:\n"
            + "\n".join(str(problem) for problem in problems)
        )
    return folder


def new_city(args: argparse.Namespace) -> int:
    """The `new` command: make the folder, or say plainly why not. Exit status 0 or 1."""
    try:
        folder = make_city(
            args.cities_dir,
            args.slug,
            args.name,
            args.lat,
            args.lon,
            _languages(args.languages),
            args.country,
            args.timezone,
            args.english_name,
        )
    except Refused as refusal:
        for line in str(refusal).splitlines():
            print(f"city-classroom new: {line}", file=sys.stderr)
        return 1
    shown = display_path(folder)
    print(f"created {shown}/ with city.yml, sites.yml (two example sites) and routes.yml (one example walk)")
    print(
        f"next: replace the examples and every TODO in {shown}/ (`city-classroom check "
        f"{display_path(args.cities_dir)}` lists each one, and refuses the city until they are gone), "
        "then preview with `make serve`"
    )
    return 0
