"""What the guide needs in the browser, and where each file comes from.

* The plugin's own theme (`theme/`, beside this module): page templates that extend
  Material's, the scripts (maps, between stops, near me, offline walks, read aloud, walk mode,
  easy-walk filter, language menu, search) and the styles. The plugin puts the folder among the theme's
  folders, after a site's own `custom_dir`, so that any MkDocs site with `theme: material`
  gets them.
* The map libraries: Leaflet and two of its plugins ship as xstatic packages, copied once
  into the built site: no CDN, no Node at build time. Only a page with a map loads them
  (marker clustering only where a map clusters): its <head> links their styles
  (`map_styles`), and city-classroom.js fetches their scripts, then city-map.js
  (`map_libraries`), once for the whole visit.
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
        "opening-hours",
        "near-me",
        "offline",
        "read-aloud",  # "Listen"; before walk mode, which uses it
        "walk-mode",
        "walks",
        "city-language",
        "city-search",
    )
]
MAP_SCRIPT = "assets/javascripts/city-map.js"
"""Fetched with the map libraries by city-classroom.js, on the pages that have a map."""
THEME_STYLESHEETS = [f"assets/stylesheets/{name}.css" for name in ("city", "walks", "city-search", "visit")]


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
    """The scripts city-classroom.js fetches for a page with a map, in order (its MAP_LIBRARIES):
    Leaflet, its gesture handling, marker clustering if a map of the page clusters, city-map.js."""
    names = [a.dest_uri for a in vendor_assets() if a.dest_uri.endswith(".js")]
    clustering = [n for n in names if "/markercluster/" in n]
    return [n for n in names if n not in clustering] + (clustering if cluster else []) + [MAP_SCRIPT]


def map_styles(page_html: str) -> list[str]:
    """The map libraries' styles for a page's content: none without a map, clustering's only where
    a map clusters. In <head> before the guide's own (see main.html), in cascade order."""
    if 'class="cc-map' not in page_html:
        return []
    cluster = "&quot;cluster&quot;:true" in page_html  # maps.data_attribute: the JSON, escaped
    names = [a.dest_uri for a in vendor_assets() if a.dest_uri.endswith(".css")]
    return [n for n in names if cluster or "/markercluster/" not in n]


def stylesheets() -> list[str]:
    """The guide's styles, on every page (the map libraries' come with them, see `map_libraries`)."""
    return list(THEME_STYLESHEETS)


def scripts() -> list[str]:
    """On every page, in load order: the guide's shared module (which fetches the map libraries) first."""
    return list(THEME_SCRIPTS)
