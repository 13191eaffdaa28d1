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
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .codes import PLACE_AREAS, countries, place_time_zones
from .hours import MAX_LENGTH as MAX_HOURS_LENGTH
from .hours import HoursRefused, parse
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
WEB_URL = re.compile(r"https?://[^\s/]+\.[^\s]+\Z")
"""A source read on the web (issue 15): the page cites it; only https addresses become links."""
LICENSE_REF = re.compile(r"LicenseRef-[A-Za-z0-9.-]+\Z")
"""An SPDX licence of one's own (https://spdx.github.io/spdx-spec/v2.3/other-licensing-information-detected/)."""


def json_pattern(pattern: re.Pattern[str]) -> str:
    """One of the patterns above as a JSON Schema `pattern` (ECMA-262, searched, not matched):
    anchored at both ends; `$(?!\\n)` so that Python's `$` does not match before a final line break."""
    assert pattern.pattern.endswith("\\Z"), pattern
    return "^(?:" + pattern.pattern.removesuffix("\\Z") + ")$(?!\\n)"


SOME_WORDS = r"\S"
"""A JSON Schema pattern for text that is not empty or only spaces (the checker's `.strip()`)."""

TEXT_JSON_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "pattern": SOME_WORDS},
        {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": json_pattern(LANGUAGE_CODE)},
            "additionalProperties": {"type": "string", "pattern": SOME_WORDS},
        },
    ]
}
"""What a text (T) looks like to an editor's editor: words, or language code → words."""

DATE_PATTERN = r"^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$(?!\n)"
"""A date between FIRST_DATE and LAST_DATE, as a JSON Schema pattern (February 30 passes it)."""

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


LocalText = Annotated[
    Text, BeforeValidator(_text_from_string, json_schema_input_type=Annotated[Any, WithJsonSchema(TEXT_JSON_SCHEMA)])
]


def _one_line(value: str) -> str:
    """Text that must stay on one line (a credit): no line break, tab or control character.
    (U+2028 and U+2029 are not control characters: pages show them as spaces, escaped in scripts.)"""
    unusable = [c for c in value if needs_escape(c) and c not in "\u2028\u2029"]
    if unusable:
        raise _error(
            f"`{visible(value)}` holds a line break or control character ({visible(unusable[0])}); write it on one line"
        )
    return value


OneLine = Annotated[
    str, AfterValidator(_one_line), Field(json_schema_extra={"pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"})
]


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


AccessFact = Literal[True, False, "unknown"]
"""An access fact: true, false, or `unknown` said on purpose (no source says; the page invites a correction)."""

ACCESS_FACTS = ("step_free", "seating", "toilets", "shade")


class Access(_Strict):
    """Access facts: true, false, `unknown` (stated on purpose), or omitted when nobody has looked."""

    step_free: AccessFact | None = Field(
        None, description="Can be reached and visited without steps.", examples=[True, "unknown"]
    )
    seating: AccessFact | None = Field(None, description="There is somewhere to sit.", examples=[True])
    toilets: AccessFact | None = Field(None, description="Toilets open to visitors.", examples=[False])
    shade: AccessFact | None = Field(None, description="Shade or shelter from sun and rain.", examples=[True])

    def known(self, fact: str) -> bool | None:
        """True or False when a fact is known; None when omitted or stated `unknown`."""
        value = getattr(self, fact)
        return value if isinstance(value, bool) else None


def _opening_hours(value: str) -> str:
    """OpenStreetMap's opening_hours syntax, as the parser reads it (issue 17)."""
    try:
        parse(value)
    except HoursRefused as refused:
        # the column inside the value goes with the error: validate.py adds it to the value's own column
        if len(value) > MAX_HOURS_LENGTH:
            raise _error(f"{refused.explanation}; shorten it, or keep what the syntax cannot say for `hours`") from None
        raise PydanticCustomError(
            "opening_hours",
            f"the parser cannot read this at character {refused.column} "
            f"(`{visible(value[refused.column - 1 : refused.column + 11])}`): {visible(refused.explanation)}; "
            "write it as on OpenStreetMap, e.g. `We-Su 09:00-16:00; PH off` "
            "(https://wiki.openstreetmap.org/wiki/Key:opening_hours)",
            {"hours_column": refused.column},
        ) from None
    return value


OpeningHoursText = Annotated[
    str, AfterValidator(_opening_hours), Field(json_schema_extra={"maxLength": MAX_HOURS_LENGTH})
]


class Event(_Strict):
    name: LocalText = Field(description="The event's name.", examples=[{"en": "Loy Krathong", "th": "ลอยกระทง"}])
    when: LocalText | None = Field(
        None,
        description="When it happens, in words.",
        examples=[{"en": "Full moon of the twelfth lunar month (November)"}],
    )
    dates: list[
        Annotated[
            date, Field(strict=False, json_schema_extra={"pattern": DATE_PATTERN}), AfterValidator(_calendar_date)
        ]
    ] = Field(
        default_factory=list,
        description="Exact dates (YYYY-MM-DD), for the calendar download.",
        examples=[["2026-11-24"]],
    )


_SPDX_ENUM: list[Any] = sorted(SPDX_LICENSES)


class Image(_Strict):
    file: str = Field(description="Path of the image inside the city folder.", examples=["images/wat.jpg"])
    alt: LocalText = Field(
        description="What the image shows, for people who cannot see it.",
        examples=[{"en": "The golden chedi against a blue sky"}],
    )
    credit: OneLine = Field(description="Who made it.", examples=["Drawing: Somchai K."])
    license: str = Field(
        description="SPDX licence identifier.",
        examples=["CC-BY-SA-4.0"],
        json_schema_extra={"anyOf": [{"enum": _SPDX_ENUM}, {"pattern": json_pattern(LICENSE_REF)}]},
    )

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
        # inside the folder (no leading / and no `..` step) and named as a recording
        json_schema_extra={"pattern": r"^(?!/)(?!(?:.*/)?\.\.(?:/|$))[^\\]*\.(?:mp3|m4a|ogg|opus)$"},
    )
    language: str | None = Field(
        None,
        description="The language it is told in; the city's own language when not given.",
        examples=["th"],
        json_schema_extra={"pattern": json_pattern(LANGUAGE_CODE)},
    )
    credit: OneLine = Field(description="Who tells it, who recorded it.", examples=["Told by Grandmother Kham"])
    license: str = Field(
        description="SPDX licence identifier.",
        examples=["CC-BY-4.0"],
        json_schema_extra={"anyOf": [{"enum": _SPDX_ENUM}, {"pattern": json_pattern(LICENSE_REF)}]},
    )

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
    url: str = Field(
        description="An https:// address.",
        examples=["https://en.wikipedia.org/wiki/Lamphun"],
        json_schema_extra={"pattern": json_pattern(HTTPS_URL)},
    )
    title: LocalText = Field(description="What the link leads to.", examples=[{"en": "Lamphun on Wikipedia"}])

    @field_validator("url")
    @classmethod
    def _https(cls, value: str) -> str:
        if not HTTPS_URL.fullmatch(value):
            raise _error(f"`{visible(value)}` is not an https:// address; links must start with https://")
        return value


SOURCES_AT_MOST = 20
"""More sources than this for one site is a mistake (or an attack on the build), not diligence."""
SOURCE_TEXT_AT_MOST = 300
"""The longest `printed` citation or `supports` line, in characters."""
WORSHIP_WORDS = re.compile(
    r"(?:^|[\s(\[\"'“（])วัด|\b(?:wat|temple|pagoda|church|mosque|shrine)\b|寺|庙|廟|教堂|清真寺", re.IGNORECASE
)
"""A heritage site whose name holds one of these is a place of worship, where visitors need its etiquette.
วัด only as a word's start: จังหวัด (province) holds it too."""


def _short_line(value: str) -> str:
    _one_line(value)
    if len(value) > SOURCE_TEXT_AT_MOST:
        raise _error(f"this is {len(value)} characters long; keep it to one short line ({SOURCE_TEXT_AT_MOST} at most)")
    return value


def _short_text(value: Text) -> Text:
    for words in value.root.values():
        _short_line(words)
    return value


ONE_SHORT_LINE: dict[str, Any] = {
    "type": "string",
    "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*\\S[^\\u0000-\\u001f\\u007f-\\u009f]*$",
    "maxLength": SOURCE_TEXT_AT_MOST,
}
"""A short line to an editor's editor: words, no line break or control character, not too long."""


class Source(_Strict):
    """Where a site's facts come from: a web page (`url`) or a printed source (`printed`)."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": ["url"]}, {"required": ["printed"]}]})

    url: str | None = Field(
        None,
        json_schema_extra={"pattern": json_pattern(WEB_URL)},
        description="The address of the page read: https:// (or http:// where the page has no https address).",
        examples=["https://www.finearts.go.th/hariphunchaimuseum"],
    )
    printed: Annotated[str, AfterValidator(_short_line)] | None = Field(
        None,
        json_schema_extra=ONE_SHORT_LINE,
        description="A book, leaflet or plaque, cited on one line.",
        examples=["Plaque at the gate, Fine Arts Department (read 2026)"],
    )
    supports: Annotated[LocalText, AfterValidator(_short_text)] = Field(
        json_schema_extra={
            "anyOf": [
                ONE_SHORT_LINE,
                {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": json_pattern(LANGUAGE_CODE)},
                    "additionalProperties": ONE_SHORT_LINE,
                },
            ]
        },
        description="Which facts it supports, on one short line.",
        examples=[{"en": "hours, entry price"}],
    )
    checked: Annotated[
        date, Field(strict=False, json_schema_extra={"pattern": DATE_PATTERN}), AfterValidator(_calendar_date)
    ] = Field(description="When it was last read (YYYY-MM-DD).", examples=["2026-12-02"])

    @field_validator("url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value is not None and not WEB_URL.fullmatch(value):
            raise _error(
                f"`{visible(value)}` is not a web address; a source's url must start with https:// "
                "(or http:// for a page that has no https address)"
            )
        return value

    @model_validator(mode="after")
    def _url_or_printed(self) -> Source:
        if (self.url is None) == (self.printed is None):
            raise _error("give exactly one of `url` (a web page) or `printed` (a book, leaflet or plaque)")
        return self


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
        json_schema_extra={"pattern": json_pattern(SLUG)},
    ),
]


def _site_schema(schema: dict[str, Any]) -> None:
    """What the schema says beyond the fields: either `free: true` or a `price`; `sources` required
    (the model lets it be missing so that the checker can say so with the site's line)."""
    schema["not"] = {"required": ["free", "price"], "properties": {"free": {"const": True}}}
    schema["required"] = [*schema.get("required", []), "sources"]


class Site(_Strict):
    """A heritage, food or tradition site: one learning card."""

    model_config = ConfigDict(json_schema_extra=_site_schema)

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
    opening_hours: OpeningHoursText | None = Field(
        None,
        description="Opening hours in OpenStreetMap's opening_hours syntax, in the city's own time.",
        examples=["We-Su 09:00-16:00; PH off"],
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

    # issue 15: where the facts come from, and what a visitor needs before setting out
    sources: list[Source] = Field(
        default_factory=list,
        max_length=SOURCES_AT_MOST,
        json_schema_extra={"minItems": 1},
        description="Where the facts come from (required): each a `url` or a `printed` source, with what it "
        "supports and when it was checked.",
        examples=[[{"url": "https://www.tourismthailand.org/", "supports": {"en": "hours"}, "checked": "2026-12-02"}]],
    )
    getting_there: LocalText | None = Field(
        None,
        description="How to get there: Metro station and exit, bus, songthaew, parking.",
        examples=[{"en": "Metro Line 2, People's Square station, exit 1; 5 minutes on foot."}],
    )
    etiquette: LocalText | None = Field(
        None,
        description="What to wear and do before going in (expected at places of worship).",
        examples=[{"en": "Cover shoulders and knees; take off your shoes before entering the viharn."}],
    )
    groups: LocalText | None = Field(
        None,
        description="For a teacher bringing a class: group booking, group size, what a source says.",
        examples=[{"en": "Groups of more than 20 book two weeks ahead; free for school classes."}],
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
        json_schema_extra={"minItems": 2, "items": {"type": "string", "pattern": json_pattern(SLUG)}},
    )
    summary: LocalText | None = Field(
        None, description="What the walk is about.", examples=[{"en": "A short walk for all ages."}]
    )
    path: str | None = Field(
        None,
        description="A GeoJSON LineString drawn along real streets, or a GPX track recorded on the walk (.gpx).",
        examples=["paths/old-town.geojson", "paths/old-town.gpx"],
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
    country: str = Field(
        description="ISO 3166-1 alpha-2 country code.",
        examples=["TH"],
        json_schema_extra={"enum": list(countries())},
    )
    languages: list[str] = Field(
        description="Languages of the texts; the first is the city's own.",
        examples=[["th", "en"]],
        json_schema_extra={
            "minItems": 1,
            "uniqueItems": True,
            "items": {"type": "string", "pattern": json_pattern(LANGUAGE_CODE)},
        },
    )
    center: Point = Field(description="The middle of the guide's area.", examples=[{"lat": 18.5786, "lon": 99.0087}])
    radius_km: float = Field(
        description="Every site lies within this distance of the center.",
        examples=[8],
        json_schema_extra={"exclusiveMinimum": 0, "maximum": 200},
    )
    timezone: str = Field(
        description="IANA time zone, for festival dates.",
        examples=["Asia/Bangkok"],
        json_schema_extra={"enum": list(place_time_zones())},
    )
    summary: LocalText = Field(description="One or two sentences.", examples=[{"en": "The old Hariphunchai capital."}])
    intro: LocalText | None = Field(None, description="Markdown introduction.", examples=[{"en": "Lamphun is..."}])

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if not COUNTRY_CODE.fullmatch(value):
            raise _error(f"`{visible(value)}` is not a two-letter country code; write it in capitals, e.g. TH")
        if value not in countries():
            raise _error(f"`{value}` is not a country's code (ISO 3166-1 alpha-2); use one such as TH, CN or JP")
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
        if value not in place_time_zones():  # the schema's list: CLDR's, as the pinned babel knows it
            raise _error(f"`{value}` is not a time zone that the guide knows; use one such as Asia/Bangkok")
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
