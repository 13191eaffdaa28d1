"""The country codes and time zones a city.yml may name, from CLDR (through babel, a pinned dependency).

Both the checker (`model.py`) and the JSON Schema (`schema.py`) take their lists from here, so
an editor's editor refuses exactly the codes that `city-classroom check` refuses. They come from
the pinned babel's copy of CLDR rather than from the machine's time-zone files, so that the
schema written on one machine is the schema written on any other.
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.core import get_global

NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"})
"""CLDR's two-letter regions that are no ISO 3166-1 country: reserved codes (Ascension, Ceuta and
Melilla), groups (EU, UN) and pseudo-regions. XK (Kosovo, ISO's user-assigned code that CLDR and
the EU use) is kept: a learning city there must not be refused."""

PLACE_AREAS = frozenset(
    {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"}
)
"""The first part of a place's time zone (Asia/Bangkok). The tz database also holds names that are
no place: `Factory`, `localtime`, `UTC`, `EST5EDT`, `Etc/GMT+7`, and old aliases (`US/Eastern`)."""


@cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → the country's English name, in code order."""
    names = Locale.parse("en").territories
    return {
        code: names[code]
        for code in sorted(names)
        if len(code) == 2 and code.isascii() and code.isalpha() and code not in NOT_COUNTRIES
    }


@cache
def place_time_zones() -> tuple[str, ...]:
    """Every IANA time zone of a place (`Area/Place`), sorted: the canonical names and their aliases."""
    zones = set(get_global("zone_territories")) | set(get_global("zone_aliases"))
    return tuple(sorted(zone for zone in zones if "/" in zone and zone.split("/")[0] in PLACE_AREAS))
