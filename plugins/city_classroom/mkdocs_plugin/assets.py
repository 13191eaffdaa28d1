"""What the guide needs in the browser, and where each file comes from.

* The plugin's own theme (`theme/`, beside this module): page templates that extend
  Material's, the scripts (maps, between stops, near me, offline walks, easy-walk filter,
  language menu, search) and the styles. The plugin puts the folder among the theme's
  folders, after a site's own `custom_dir`, so that any MkDocs site with `theme: material`
  gets them.
* The map libraries: Leaflet and two of its plugins ship as xstatic packages, copied once
  into the built site: no CDN, no Node at build time. No page links them: city-classroom.js
  fetches them on a page that has a map (marker clustering where a map clusters), then
  city-map.js, so a page without a map loads none of them (`map_libraries` lists them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import xstatic.pkg.leaflet as leaflet
import xstatic.pkg.leaflet_gesturehandling as gesture_handling
import xstatic.pkg.leaflet_markercluster as markercluster

VENDOR = "assets/vendor"
THEME = Path(__file__).with_name("theme")
THEME_SCRIPTS = [
    f"assets/javascripts/{name}.js"
    for name in (
        "city-classroom",  # what the others share: first
        "between-stops",
        "near-me",
        "offline",
        "walks",
        "city-language",
        "city-search",
    )
]
MAP_SCRIPT = "assets/javascripts/city-map.js"
"""Fetched with the map libraries by city-classroom.js, on the pages that have a map."""
THEME_STYLESHEETS = [f"assets/stylesheets/{name}.css" for name in ("city", "walks", "city-search")]


@dataclass(frozen=True)
class Asset:
    source: Path
    dest_uri: str


def _from(package, folder: str, names: list[str]) -> list[Asset]:
    base = Path(package.BASE_DIR)
    return [Asset(base / name, f"{VENDOR}/{folder}/{name}") for name in names]


def vendor_assets() -> list[Asset]:
    """Every file the maps need, with where it goes in the site."""
    return (
        _from(
            leaflet,
            "leaflet",
            [
                "leaflet.js",
                "leaflet.css",
                "images/layers.png",
                "images/layers-2x.png",
                "images/marker-icon.png",
                "images/marker-icon-2x.png",
                "images/marker-shadow.png",
            ],
        )
        + _from(
            markercluster,
            "markercluster",
            ["leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"],
        )
        + _from(
            gesture_handling,
            "gesture-handling",
            ["leaflet-gesture-handling.min.js", "leaflet-gesture-handling.min.css"],
        )
    )


def map_libraries(cluster: bool) -> list[str]:
    """What city-classroom.js fetches for a page with a map, in order (its MAP_LIBRARIES):
    Leaflet's and its plugins' styles before their scripts, Leaflet first, city-map.js last."""
    names = [a.dest_uri for a in vendor_assets() if cluster or "/markercluster/" not in a.dest_uri]
    wanted = [n for n in names if n.endswith(".css")] + [n for n in names if n.endswith(".js")]
    return [*wanted, MAP_SCRIPT]


def stylesheets() -> list[str]:
    """The guide's styles, on every page (the map libraries' come with them, see `map_libraries`)."""
    return list(THEME_STYLESHEETS)


def scripts() -> list[str]:
    """On every page, in load order: the guide's shared module (which fetches the map libraries) first."""
    return list(THEME_SCRIPTS)
