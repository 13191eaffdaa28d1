"""Walk mode and read aloud (issue 16): the data behind "Start the walk" and "Listen".

* walk mode (route pages): every stop in walking order with its number, name, summary and
  look/ask/try prompts, where it is, the page of the stop, its recorded story in the page's
  language if an editor gave one, and the leg to the next stop (metres, minutes at the
  relaxed pace, compass direction, worked out here from the plan); the radius within which
  a reader's position counts as having reached a stop; the widget's words. `walk-mode.js`
  shows one stop at a time from it;
* read aloud (site pages, and each stop in walk mode): what "Listen" says, as pieces of
  text each with the speech language of the words it holds (a page in English may show a
  Thai text where English is missing: that piece is spoken in Thai), and the words of the
  control, among them "No Thai voice on this device". `read-aloud.js` speaks it with the
  browser's speech synthesis, or plays the recording instead.

Each function returns JSON for an HTML attribute, which the templates escape there; the
scripts put every editor string into the page with textContent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..city_files.gate import AUDIO_TYPES
from . import i18n, urls
from .markup import compact_json

if TYPE_CHECKING:
    from ..city_files.model import Audio, CityGuide, Site
    from ..planning.plan import RoutePlan

ARRIVAL_RADIUS_M = 40
"""A reader within this many metres of a stop has reached it (a phone's position outdoors is
good to 5-20 m; a square in front of a temple is about this wide). The `arrival_radius_m` option."""

SPEECH_LANGUAGES = {"th": "th-TH", "zh": "zh-CN", "en": "en"}
"""The language tag a speech voice is asked for, by the guide's language code; others as they are."""

Recordings = list[tuple["Audio", str]]
"""A site's recorded stories, each with the address it is published at (see `urls.media`)."""

LISTEN_LABELS = [
    "listen",
    "listen_stop",
    "listen_slow",
    "listen_reading",
    "listen_playing",
    "listen_waiting",
    "listen_unsupported",
]
WALK_LABELS = [
    "m",
    "km",
    "walk_announce",
    "walk_arrived",
    "walk_leg",
    "walk_last",
    "walk_to",
    "walk_waiting",
    "walk_no_position",
    "walk_follow",
    "walk_following",
    *(f"direction_{d}" for d in ("N", "NE", "E", "SE", "S", "SW", "W", "NW")),
]


def speech_language(code: str) -> str:
    return SPEECH_LANGUAGES.get(code, code)


def recording_here(recordings: Recordings, language: str, city_language: str) -> tuple[Audio, str] | None:
    """The first recording told in the page's language (a recording without `language` is in the city's)."""
    return next(((a, url) for a, url in recordings if (a.language or city_language) == language), None)


def _language(text, words) -> str:
    """The language the page shows an editor's text in: the page's own, or its fallback's."""
    shown = i18n.pick(text, words.language, words.city_language)
    return shown.language if shown else words.language


def _piece(text, words, kind: str | None = None) -> dict[str, str] | None:
    """One thing "Listen" says, in the language of its words; a prompt with its name said first
    in that same language ("Look: …"), so that a fallback text is read whole in one voice."""
    shown = i18n.pick(text, words.language, words.city_language)
    if shown is None:
        return None
    said = f"{i18n.label(shown.language, kind)}: {shown.text}" if kind else shown.text
    return {"text": said, "lang": speech_language(shown.language)}


def spoken(site: Site, words) -> list[dict[str, str]]:
    """What "Listen" says of a site: its name, its summary, then each prompt ("Look: …")."""
    pieces = [_piece(site.name, words), _piece(site.summary, words)]
    pieces += [_piece(text, words, kind) for kind, text in site.learn.prompts()]
    return [piece for piece in pieces if piece]


def _listen_words(words, pieces: list[dict[str, str]]) -> dict[str, Any]:
    """The control's words; "No Thai voice on this device" for the page's language and for every
    language a piece is in (by speech language tag), each language named in the page's."""
    labels: dict[str, Any] = {key: words.label(key) for key in LISTEN_LABELS}
    codes = {tag: code for code, tag in SPEECH_LANGUAGES.items()}
    tags = sorted({speech_language(words.language), *(piece["lang"] for piece in pieces)})
    labels["listen_no_voice"] = {
        tag: words.label("listen_no_voice", language_name=i18n.language_name(codes.get(tag, tag), words.language))
        for tag in tags
    }
    return labels


def _recording(found: tuple[Audio, str] | None, link: urls.PageLinks) -> dict[str, str] | None:
    if found is None:
        return None
    audio, address = found
    suffix = "." + address.rsplit(".", 1)[-1]
    return {"url": link(address), "type": AUDIO_TYPES[suffix], "credit": audio.credit, "license": audio.license}


def read_aloud(site: Site, words, recordings: Recordings, recording_id: str) -> str:
    """What a site page's "Listen" control says (or which recording it plays: the element `recording_id`)."""
    here = recording_here(recordings, words.language, words.city_language)
    pieces = spoken(site, words)
    return compact_json(
        {
            "lang": speech_language(words.language),
            "pieces": pieces,
            "recording": recording_id if here else None,
            "labels": _listen_words(words, pieces),
        }
    )


def walk_mode(
    guide: CityGuide,
    route: RoutePlan,
    words,
    link: urls.PageLinks,
    recordings: dict[str, Recordings],
    arrival_radius_m: float = ARRIVAL_RADIUS_M,
) -> str:
    """Everything walk mode shows of a route, stop by stop, in the page's language."""
    stops = []
    count = len(route.stops)
    for index, stop in enumerate(route.stops):
        leg = route.legs[index] if index < len(route.legs) else None
        stops.append(
            {
                "id": stop.id,
                "number": index + 1,
                "name": words.plain(stop.name),
                "summary": words.plain(stop.summary),
                "languages": {"name": _language(stop.name, words), "summary": _language(stop.summary, words)},
                "position": words.label("stop_of", number=index + 1, count=count),
                "prompts": [
                    {
                        "kind": kind,
                        "label": words.label(kind),
                        "text": words.plain(text),
                        "lang": _language(text, words),
                    }
                    for kind, text in stop.learn.prompts()
                ],
                "lat": stop.lat,
                "lon": stop.lon,
                "url": urls.on_walk(link(urls.site_page(guide.slug, stop.id)), route.route.id),
                "pieces": spoken(stop, words),
                "recording": _recording(
                    recording_here(recordings.get(stop.id, []), words.language, words.city_language), link
                ),
                "leg": None
                if leg is None
                else {
                    "metres": round(leg.metres),
                    "minutes": max(1, round(leg.relaxed_minutes)),
                    "direction": leg.direction,
                },
            }
        )
    labels = {key: words.label(key) for key in WALK_LABELS}
    return compact_json(
        {
            "route": route.route.id,
            "radius": arrival_radius_m,
            "lang": speech_language(words.language),
            "stops": stops,
            "labels": labels,
            "listen": _listen_words(words, [piece for stop in stops for piece in stop["pieces"]]),
        }
    )
