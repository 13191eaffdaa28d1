"""The plugin's options, as written under `plugins: - city-classroom:` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as opt

from ..geo import DETOUR_FACTOR
from ..rendering.maps import OSM_ATTRIBUTION, OSM_TILES
from ..rendering.walk_mode import ARRIVAL_RADIUS_M


class CityClassroomConfig(base.Config):
    cities_dir = opt.Type(str, default="cities")
    """The folder that holds one folder per city, relative to mkdocs.yml."""

    languages = opt.ListOfItems(opt.Type(str), default=["en", "th", "zh"])
    """The guide's languages; the first is at the site's root, the others under `/<lang>/`."""

    tiles = opt.Type(str, default=OSM_TILES)
    """Tile URL template for every map (Leaflet's `{z}/{x}/{y}` form)."""

    attribution = opt.Type(str, default=OSM_ATTRIBUTION)
    """The tiles' attribution, HTML, shown on every map. Required by most tile providers."""

    standard_kmh = opt.Type(float, default=4.5)
    """Walking pace for the standard times, in km/h."""

    relaxed_kmh = opt.Type(float, default=3.0)
    """Walking pace for elders and small children, in km/h."""

    minutes_at_stop = opt.Type((int, float), default=10)
    """Minutes spent at each stop, added to a route's total time."""

    detour_factor = opt.Type(float, default=DETOUR_FACTOR)
    """Straight-line distance × this factor estimates a walk along streets when a route has no path."""

    search = opt.Type(bool, default=True)
    """Index the built site with Pagefind (search in Thai and Chinese as well as English)."""

    arrival_radius_m = opt.Type((int, float), default=ARRIVAL_RADIUS_M)
    """In walk mode, a reader this many metres from a stop (by the phone's position) has reached it."""

    cache = opt.Type(bool, default=True)
    """Keep what `mkdocs build` made for the next build (see build_cache); CITY_CLASSROOM_CACHE=0 also turns it off."""

    cache_dir = opt.Type(str, default=".cache/city-classroom")
    """Where the build cache is kept, relative to mkdocs.yml."""

    shard = opt.Type(str, default="")
    """`i/N` (0 ≤ i < N): lay out only every N-th city from the i-th, to fill the build cache
    for a final build (see build_cache); CITY_CLASSROOM_SHARD sets it too. Empty: every city."""
