"""The city's things as typed models: City, Site, Route and what they hold.

These models check each value on its own (types, ranges, formats). Checks that
need the whole city (unique ids, stops that exist, distance from the centre)
live in `validate.py`. Every field carries a description and an example: they
become the JSON Schema that editors' editors read (`city-classroom schema`).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .licenses import SPDX_LICENSES
from .problems import needs_escape, visible

Category = Literal["heritage", "food", "tradition"]
Theme = Literal["heritage", "food", "tradition", "mixed"]
Audience = Literal["children", "families", "elders"]
CATEGORIES: tuple[Category, ...] = ("heritage", "food", "tradition")
THEMES: tuple[Theme, ...] = ("heritage", "food", "tradition", "mixed")

# Every pattern here is used with fullmatch, and ends in \Z for any caller that uses match:
# `$` also matches before a final line break, and `"abc\n"` would pass for `abc`.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")
COUNTRY_CODE = re.compile(r"[A-Z]{2}\Z")
HTTPS_URL = re.compile(r"https://[^\s/]+\.[^\s]+\Z")
LICENSE_REF = re.compile(r"LicenseRef-[A-Za-z0-9.-]+\Z")
"""An SPDX licence of one's own (https://spdx.github.io/spdx-spec/v2.3/other-licensing-information-detected/)."""

PLACE_AREAS = frozenset(
    {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"}
)
"""The first part of a place's time zone (Asia/Bangkok). The tz database also holds names that are
no place: `Factory`, `localtime`, `UTC`, `EST5EDT`, `Etc/GMT+7`, and old aliases (`US/Eastern`)."""

FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2200, 12, 31)
"""Event dates outside these are mistakes, and the calendar code cannot take the ends of time."""


@cache
def _timezones() -> set[str]:
    return available_timezones()  # reads the whole tz database: once, not once per city


def _error(message: str) -> PydanticCustomError:
    return PydanticCustomError("city", message)


def _text_from_string(value: Any, info: ValidationInfo) -> Any:
    """A plain string is text in the city's first language."""
    if isinstance(value, str):
        language = (info.context or {}).get("city_language", "en")
        return {language: value}
    return value


class Text(RootModel[dict[str, str]]):
    """Text in one or more languages: `{th: ลำพูน, en: Lamphun}`, or a plain string."""

    model_config = ConfigDict(frozen=True, strict=True)

    @field_validator("root")
    @classmethod
    def _not_empty(cls, value: dict[str, str]) -> dict[str, str]:
        if not value:
            raise _error("this text is empty; write it, e.g. `{en: Lamphun, th: ลำพูน}`")
        for language, words in value.items():
            if not LANGUAGE_CODE.fullmatch(language):
                raise _error(f"`{visible(language)}` is not a language code; use one such as th, en or zh")
            if not words.strip():
                raise _error(f"the `{language}` text is empty; write it or remove the line")
            # control characters and half characters are refused where the loader reads them, at
            # the escape that wrote them; each later step (GPX, iCalendar) still copes with them
        return value

    def languages(self) -> list[str]:
        return list(self.root)

    def get(self, language: str) -> str | None:
        return self.root.get(language)


LocalText = Annotated[Text, BeforeValidator(_text_from_string, json_schema_input_type=str | dict[str, str])]


def _one_line(value: str) -> str:
    """Text that must stay on one line (a credit): no line break, tab or control character.
    (U+2028 and U+2029 are not control characters: pages show them as spaces, escaped in scripts.)"""
    unusable = [c for c in value if needs_escape(c) and c not in "\u2028\u2029"]
    if unusable:
        raise _error(
            f"`{visible(value)}` holds a line break or control character ({visible(unusable[0])}); write it on one line"
        )
    return value


OneLine = Annotated[str, AfterValidator(_one_line)]


def _calendar_date(value: date) -> date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise _error(
            f"{value.isoformat()} is too far from today for a calendar; give a date between "
            f"{FIRST_DATE.isoformat()} and {LAST_DATE.isoformat()}"
        )
    return value


def _latitude(value: float) -> float:
    if not -90 <= value <= 90:
        raise _error(f"{value} is not a latitude (it must lie between -90 and 90)")
    return value


def _longitude(value: float) -> float:
    if not -180 <= value <= 180:
        raise _error(f"{value} is not a longitude (it must lie between -180 and 180)")
    return value


class _Strict(BaseModel):
    # allow_inf_nan: `.nan` and `.inf` are numbers to YAML, but no map, distance or sort can take them
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


Latitude = Annotated[
    float,
    AfterValidator(_latitude),
    Field(
        description="Latitude, WGS 84 decimal degrees (north is +).",
        examples=[18.5773],
        json_schema_extra={"minimum": -90, "maximum": 90},
    ),
]
Longitude = Annotated[
    float,
    AfterValidator(_longitude),
    Field(
        description="Longitude, WGS 84 decimal degrees (east is +).",
        examples=[99.0081],
        json_schema_extra={"minimum": -180, "maximum": 180},
    ),
]


class Point(_Strict):
    lat: Latitude
    lon: Longitude


class Learn(_Strict):
    """The city as classroom: at least one of look, ask, try."""

    look: LocalText | None = Field(
        None, description="What to notice on the spot.", examples=[{"en": "Count the tiers of the golden chedi."}]
    )
    ask: LocalText | None = Field(
        None,
        description="A question to talk over, across generations.",
        examples=[{"en": "What did this square look like when you were young?"}],
    )
    try_: LocalText | None = Field(
        None,
        alias="try",
        description="Something to do: taste, make, draw, ask a vendor.",
        examples=[{"en": "Taste a fresh longan and guess its sweetness."}],
    )

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        populate_by_name=True,
        allow_inf_nan=False,
        json_schema_extra={"minProperties": 1},
    )

    @model_validator(mode="after")
    def _at_least_one(self) -> Learn:
        if not (self.look or self.ask or self.try_):
            raise _error("give at least one of `look`, `ask` or `try`")
        return self

    def prompts(self) -> list[tuple[str, Text]]:
        """The prompts that are given, in reading order: (kind, text)."""
        return [
            (kind, text)
            for kind, text in (("look", self.look), ("ask", self.ask), ("try", self.try_))
            if text is not None
        ]


class Access(_Strict):
    """Access facts: true, false, or omitted when unknown."""

    step_free: bool | None = Field(None, description="Can be reached and visited without steps.", examples=[True])
    seating: bool | None = Field(None, description="There is somewhere to sit.", examples=[True])
    toilets: bool | None = Field(None, description="Toilets open to visitors.", examples=[False])
    shade: bool | None = Field(None, description="Shade or shelter from sun and rain.", examples=[True])


class Event(_Strict):
    name: LocalText = Field(description="The event's name.", examples=[{"en": "Loy Krathong", "th": "ลอยกระทง"}])
    when: LocalText | None = Field(
        None,
        description="When it happens, in words.",
        examples=[{"en": "Full moon of the twelfth lunar month (November)"}],
    )
    dates: list[Annotated[date, Field(strict=False), AfterValidator(_calendar_date)]] = Field(
        default_factory=list,
        description="Exact dates (YYYY-MM-DD), for the calendar download.",
        examples=[["2026-11-24"]],
    )


class Image(_Strict):
    file: str = Field(description="Path of the image inside the city folder.", examples=["images/wat.jpg"])
    alt: LocalText = Field(
        description="What the image shows, for people who cannot see it.",
        examples=[{"en": "The golden chedi against a blue sky"}],
    )
    credit: OneLine = Field(description="Who made it.", examples=["Drawing: Somchai K."])
    license: str = Field(description="SPDX licence identifier.", examples=["CC-BY-SA-4.0"])

    @field_validator("license")
    @classmethod
    def _spdx(cls, value: str) -> str:
        if value not in SPDX_LICENSES and not LICENSE_REF.fullmatch(value):
            raise _error(
                f"`{visible(value)}` is not an SPDX licence identifier; use one such as "
                "CC-BY-4.0, CC-BY-SA-4.0 or CC0-1.0"
            )
        return value


class Audio(_Strict):
    """A recorded story of a site (issue 16): played on its page and in walk mode instead of speech."""

    file: str = Field(
        description="Path of the recording inside the city folder: an .mp3, .m4a, .ogg or .opus file.",
        examples=["audio/elder-story.mp3"],
    )
    language: str | None = Field(
        None, description="The language it is told in; the city's own language when not given.", examples=["th"]
    )
    credit: OneLine = Field(description="Who tells it, who recorded it.", examples=["Told by Grandmother Kham"])
    license: str = Field(description="SPDX licence identifier.", examples=["CC-BY-4.0"])

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and not LANGUAGE_CODE.fullmatch(value):
            raise _error(f"`{visible(value)}` is not a language code; use one such as th, en or zh")
        return value

    @field_validator("license")
    @classmethod
    def _spdx(cls, value: str) -> str:
        return Image._spdx(value)  # the same rule and message as a picture's


class Link(_Strict):
    url: str = Field(description="An https:// address.", examples=["https://en.wikipedia.org/wiki/Lamphun"])
    title: LocalText = Field(description="What the link leads to.", examples=[{"en": "Lamphun on Wikipedia"}])

    @field_validator("url")
    @classmethod
    def _https(cls, value: str) -> str:
        if not HTTPS_URL.fullmatch(value):
            raise _error(f"`{visible(value)}` is not an https:// address; links must start with https://")
        return value


def _slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise _error(
            f"`{visible(value)}` is not a valid id; use lowercase letters, digits and hyphens, e.g. `wat-chamadevi`"
        )
    return value


Slug = Annotated[
    str,
    AfterValidator(_slug),
    Field(
        description="Lowercase letters, digits and hyphens; unique in the city.",
        examples=["wat-phra-that-hariphunchai"],
    ),
]


class Site(_Strict):
    """A heritage, food or tradition site: one learning card."""

    id: Slug
    name: LocalText = Field(
        description="The site's name.", examples=[{"th": "วัดพระธาตุหริภุญชัย", "en": "Wat Phra That Hariphunchai"}]
    )
    category: Category = Field(description="heritage, food or tradition.", examples=["heritage"])
    lat: Latitude
    lon: Longitude
    summary: LocalText = Field(
        description="One line, shown on maps and lists.",
        examples=[{"en": "The golden chedi at the heart of the old town."}],
    )
    story: LocalText = Field(
        description="Markdown: what this place is.", examples=[{"en": "Built in the 11th century..."}]
    )
    learn: Learn = Field(
        description="What to look at, ask and try here.",
        examples=[
            {
                "look": {"en": "Count the tiers of the golden chedi."},
                "ask": {"en": "What did this square look like when you were young?"},
            }
        ],
    )
    good_for: list[Audience] = Field(
        default_factory=list, description="Who will enjoy it most.", examples=[["children", "elders"]]
    )
    access: Access | None = Field(
        None, description="Access facts.", examples=[{"step_free": True, "seating": True, "toilets": False}]
    )
    hours: LocalText | None = Field(
        None, description="Opening hours, free text.", examples=[{"en": "Daily 06:00-18:00"}]
    )
    free: bool | None = Field(None, description="Entry is free.", examples=[True])
    price: LocalText | None = Field(
        None, description="Entry price, when not free.", examples=[{"en": "50 baht for adults"}]
    )
    events: list[Event] = Field(
        default_factory=list,
        description="Festivals, markets, ceremonies.",
        examples=[[{"name": {"en": "Loy Krathong", "th": "ลอยกระทง"}, "dates": ["2026-11-24"]}]],
    )
    images: list[Image] = Field(
        default_factory=list,
        description="Photos or drawings, with credit and licence.",
        examples=[
            [
                {
                    "file": "images/wat.jpg",
                    "alt": {"en": "The golden chedi"},
                    "credit": "Photo: Somchai K.",
                    "license": "CC-BY-SA-4.0",
                }
            ]
        ],
    )
    audio: list[Audio] = Field(
        default_factory=list,
        description="Recorded stories, with credit and licence: played instead of the browser's voice.",
        examples=[
            [
                {
                    "file": "audio/elder-story.mp3",
                    "language": "th",
                    "credit": "Told by Grandmother Kham",
                    "license": "CC-BY-4.0",
                }
            ]
        ],
    )
    links: list[Link] = Field(
        default_factory=list,
        description="Further reading.",
        examples=[[{"url": "https://en.wikipedia.org/wiki/Lamphun", "title": {"en": "Lamphun on Wikipedia"}}]],
    )

    @field_validator("price")
    @classmethod
    def _free_or_price(cls, value: Text | None, info: ValidationInfo) -> Text | None:
        # reported at `price` (validated after `free`), the line the editor will change
        if value is not None and info.data.get("free"):
            raise _error("give either `free: true` or a `price`, not both; remove one of them")
        return value


class Route(_Strict):
    """A themed walk: its stops are walked in the order given."""

    id: Slug
    title: LocalText = Field(description="The walk's title.", examples=[{"en": "Old town heritage walk"}])
    theme: Theme = Field(description="heritage, food, tradition or mixed.", examples=["heritage"])
    stops: list[str] = Field(
        description="Site ids, in walking order (at least two).",
        examples=[["wat-phra-that-hariphunchai", "hariphunchai-museum"]],
    )
    summary: LocalText | None = Field(
        None, description="What the walk is about.", examples=[{"en": "A short walk for all ages."}]
    )
    path: str | None = Field(
        None, description="A GeoJSON LineString file drawn along real streets.", examples=["paths/old-town.geojson"]
    )

    @field_validator("stops")
    @classmethod
    def _two_stops(cls, value: list[str]) -> list[str]:
        if len(value) < 2:
            raise _error(f"a route needs at least two stops; it has {len(value)}")
        return value


class City(_Strict):
    """city.yml: the city itself."""

    name: LocalText = Field(description="The city's name.", examples=[{"th": "ลำพูน", "en": "Lamphun"}])
    country: str = Field(description="ISO 3166-1 alpha-2 country code.", examples=["TH"])
    languages: list[str] = Field(
        description="Languages of the texts; the first is the city's own.", examples=[["th", "en"]]
    )
    center: Point = Field(description="The middle of the guide's area.", examples=[{"lat": 18.5786, "lon": 99.0087}])
    radius_km: float = Field(description="Every site lies within this distance of the center.", examples=[8])
    timezone: str = Field(description="IANA time zone, for festival dates.", examples=["Asia/Bangkok"])
    summary: LocalText = Field(description="One or two sentences.", examples=[{"en": "The old Hariphunchai capital."}])
    intro: LocalText | None = Field(None, description="Markdown introduction.", examples=[{"en": "Lamphun is..."}])

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if not COUNTRY_CODE.fullmatch(value):
            raise _error(f"`{visible(value)}` is not a two-letter country code; write it in capitals, e.g. TH")
        return value

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        if not value:
            raise _error("list at least one language, e.g. `[th, en]`")
        for code in value:
            if not LANGUAGE_CODE.fullmatch(code):
                raise _error(f"`{visible(code)}` is not a language code; use one such as th, en or zh")
        if len(set(value)) != len(value):
            raise _error("a language is listed twice")
        return value

    @field_validator("radius_km")
    @classmethod
    def _radius(cls, value: float) -> float:
        if not 0 < value <= 200:
            raise _error(f"{value:g} is not a usable radius; give the kilometres, more than 0 and at most 200")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        if value not in _timezones():
            raise _error(f"`{visible(value)}` is not a time zone; use one such as Asia/Bangkok or Asia/Shanghai")
        if value.split("/")[0] not in PLACE_AREAS or "/" not in value:
            raise _error(f"`{value}` is not a place's time zone; use one such as Asia/Bangkok")
        return value


class CityGuide(BaseModel):
    """A validated city with all its sites and routes: what the rest of the road works on."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    slug: str
    city: City
    sites: tuple[Site, ...]
    routes: tuple[Route, ...]
    paths: dict[str, tuple[tuple[float, float], ...]] = {}
    """The drawn path of each route that has one: route id → (lat, lon) points."""
    folder: str
    """The city folder on disk, for files that routes and images name."""
    sources: dict[str, tuple[str, int]] = {}
    """Where each site and route is written: id → (file, relative to `folder`; line where it starts)."""

    @property
    def language(self) -> str:
        """The city's own language."""
        return self.city.languages[0]

    def site(self, site_id: str) -> Site:
        return next(site for site in self.sites if site.id == site_id)
