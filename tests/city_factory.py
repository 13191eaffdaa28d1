"""Write generated cities as editors would: city.yml, sites.yml, routes.yml (with yaml.safe_dump).

Used by the map and XSS tests to build cities that the seed data does not hold: one
of 60 sites (clustering), one whose every text field is hostile.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import yaml

from support import REPO

# A 1×1 transparent PNG, for an image with credit and licence.
PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def around(center: tuple[float, float], index: int, count: int, km: float = 1.0) -> tuple[float, float]:
    """Points on a spiral around the centre, at least ~50 m apart, within `km`."""
    angle = index * 2.399963  # the golden angle: no two points meet
    radius = km * math.sqrt((index + 1) / (count + 1))
    lat = center[0] + radius / 111.0 * math.cos(angle)
    lon = center[1] + radius / (111.0 * math.cos(math.radians(center[0]))) * math.sin(angle)
    return round(lat, 6), round(lon, 6)


def write_city(
    folder: Path, city: dict[str, Any], sites: list[dict[str, Any]], routes: list[dict[str, Any]] = ()
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    _dump(folder / "city.yml", city)
    _dump(folder / "sites.yml", {"sites": sites})
    if routes:
        _dump(folder / "routes.yml", {"routes": list(routes)})
    return folder


def plain_city(folder: Path, site_count: int, center: tuple[float, float] = (18.5786, 99.0087)) -> Path:
    """A city of `site_count` plain sites, spread over three categories, with one route."""
    categories = ["heritage", "food", "tradition"]
    sites = []
    for index in range(site_count):
        lat, lon = around(center, index, site_count)
        sites.append(
            {
                "id": f"site-{index + 1:03d}",
                "name": {"en": f"Site {index + 1}"},
                "category": categories[index % 3],
                "lat": lat,
                "lon": lon,
                "summary": {"en": f"Summary {index + 1}."},
                "story": {"en": "A story."},
                "learn": {"look": {"en": "Look around."}},
                "sources": [{"printed": "Town leaflet", "supports": {"en": "the story"}, "checked": "2026-12-02"}],
            }
        )
    city = {
        "name": {"en": "Manyville"},
        "country": "TH",
        "languages": ["en"],
        "center": {"lat": center[0], "lon": center[1]},
        "radius_km": 5,
        "timezone": "Asia/Bangkok",
        "summary": {"en": "A city of many sites."},
    }
    routes = [
        {
            "id": "first-walk",
            "title": {"en": "First walk"},
            "theme": "mixed",
            "stops": [sites[0]["id"], sites[1]["id"]],
            "summary": {"en": "Two stops."},
        }
    ]
    return write_city(folder, city, sites, routes)


def project_config(project: Path, languages: list[str], **options: Any) -> None:
    """Set the plugin's languages (and other options) in a project's copied mkdocs.yml."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    lines = [f"      languages: [{', '.join(languages)}]"]
    lines += [
        f"      {key}: {yaml.safe_dump(value, default_flow_style=True).strip().removesuffix('...').strip()}"
        for key, value in options.items()
    ]
    text, count = re.subn(r"^      languages: \[.*\]$", "\n".join(lines), text, flags=re.MULTILINE)
    assert count == 1, "mkdocs.yml no longer lists the plugin's languages where expected"
    config.write_text(text, encoding="utf-8")


def content_for(root: Path, languages: list[str]) -> Path:
    """The repository's hand-written pages, only in the given languages."""
    import shutil

    content = REPO / "content"
    shutil.copytree(
        content,
        root,
        ignore=lambda folder, names: [
            n for n in names if Path(folder) == content and (content / n).is_dir() and n not in languages
        ],
    )
    return root
