"""What the guide needs in the browser, and where each file comes from.

* The plugin's own theme (`theme/`, beside this module): page templates that extend
  Material's, the scripts (maps, between stops, near me, offline walks, read aloud, walk mode,
  easy-walk filter, language menu, search) and the styles. The plugin puts the folder among the theme's
  folders, after a site's own `custom_dir`, so that any MkDocs site with `theme: material`
  gets them.
* The map libraries: Leaflet and two of its plugins ship as xstatic packages, copied once
  into the built site: no CDN, no Node at build time.
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
        "city-map",
        "near-me",
        "offline",
        "read-aloud",  # "Listen"; before walk mode, which uses it
        "walk-mode",
        "walks",
        "city-language",
        "city-search",
    )
]
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


def stylesheets() -> list[str]:
    """In cascade order: the map libraries' styles, then the guide's."""
    return [a.dest_uri for a in vendor_assets() if a.dest_uri.endswith(".css")] + THEME_STYLESHEETS


def scripts() -> list[str]:
    """In load order: Leaflet before its plugins, then the guide's shared module before its scripts."""
    return [a.dest_uri for a in vendor_assets() if a.dest_uri.endswith(".js")] + THEME_SCRIPTS
