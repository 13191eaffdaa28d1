"""The map libraries, copied once from their Python packages into the built site.

Leaflet and two of its plugins ship as xstatic packages: no CDN, no Node at build time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import xstatic.pkg.leaflet as leaflet
import xstatic.pkg.leaflet_gesturehandling as gesture_handling
import xstatic.pkg.leaflet_markercluster as markercluster

VENDOR = "assets/vendor"


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
    return [a.dest_uri for a in vendor_assets() if a.dest_uri.endswith(".css")]


def scripts() -> list[str]:
    """In load order: Leaflet before its plugins."""
    return [a.dest_uri for a in vendor_assets() if a.dest_uri.endswith(".js")]
