"""What the guide needs in the browser, where each file comes from, and which page loads what.

* The plugin's own theme (`theme/`, beside this module): page templates that extend
  Material's, the scripts (maps, between stops, near me, offline walks, read aloud, walk mode,
  easy-walk filter, language menu, search) and the styles. The plugin puts the folder among the theme's
  folders, after a site's own `custom_dir`, so that any MkDocs site with `theme: material`
  gets them.
* The map libraries: Leaflet and marker clustering ship as xstatic packages, copied once
  into the built site: no CDN, no Node at build time.

A page loads only what it uses. Every page links one script, city-classroom.js, which fetches
the others from the page's elements, on the first load and after each of Material's instant
navigations (its FEATURES, which `FEATURES` here repeats for the bench and the tests): a
feature that works at once gets its script at once; one that acts only on a reader's tap
("Start the walk", "Listen", "Save this walk", "Near me") is shown at once and gets its script
at the first tap. The map libraries (`map_libraries`: Leaflet's styles and script, clustering
only where a map clusters, then city-map.js) are fetched when a map comes near the screen.
A page's <head> links the guide's styles that style something on it (`page_styles`): city.css
on every page, the others only where the page has an element they style; the search page
links city-search.css itself (theme/search.html).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import xstatic.pkg.leaflet as leaflet
import xstatic.pkg.leaflet_markercluster as markercluster

VENDOR = "assets/vendor"
THEME = Path(__file__).with_name("theme")
SCRIPT = "assets/javascripts/city-classroom.js"
"""The one script every page links: it fetches the others (FEATURES, the map libraries)."""
MAP_SCRIPT = "assets/javascripts/city-map.js"
"""Fetched with the map libraries by city-classroom.js, when a map comes near the screen."""
STYLESHEETS = [f"assets/stylesheets/{name}.css" for name in ("city", "walks", "visit")]
"""The guide's styles in cascade order: city.css on every page (it styles Material's header
too), the others on the pages that have an element they style (`page_styles`)."""
SEARCH_STYLESHEET = "assets/stylesheets/city-search.css"
"""Pagefind's interface in Material's colours: linked by the search page itself (theme/search.html)."""

ON_FIRST_USE = "on first use"


@dataclass(frozen=True)
class Feature:
    """A feature of the guide's pages, as city-classroom.js's FEATURES has it."""

    element: str
    """The elements that have it: a CSS selector list of simple ones (`tag.class[attribute]`)."""
    scripts: tuple[str, ...]
    """Its scripts (assets/javascripts/<name>.js), in load order."""
    fetched: str
    """When city-classroom.js fetches them: "at once"; "on a walk" (the address names a route:
    `?walk=`); ON_FIRST_USE (the reader's first tap on it, or at once where the page must show
    a state it keeps); "after an instant navigation, or with a query" (the language menu: the first
    page's is right as written, unless its links must keep the address's query)."""


FEATURES = [
    Feature("div.cc-opening[data-opening]", ("opening-hours",), "at once"),
    Feature("form.cc-walk-filter[data-labels], .cc-print", ("walks",), "at once"),
    Feature("[data-cc-search]", ("city-search",), "at once"),
    Feature("nav.cc-between[data-walks]", ("between-stops",), "on a walk"),
    Feature(".cc-listen[data-listen]", ("read-aloud",), ON_FIRST_USE),
    Feature("section.cc-walk-mode[data-walk-mode]", ("read-aloud", "walk-mode"), ON_FIRST_USE),
    Feature(".cc-offline[data-offline]", ("offline",), ON_FIRST_USE),
    Feature(".cc-near-me[data-near-me]", ("near-me",), ON_FIRST_USE),
    Feature(".md-select__link[hreflang]", ("city-language",), "after an instant navigation, or with a query"),
]


@dataclass(frozen=True)
class Asset:
    source: Path
    dest_uri: str


def _from(package, folder: str, names: list[str]) -> list[Asset]:
    base = Path(package.BASE_DIR)
    return [Asset(base / name, f"{VENDOR}/{folder}/{name}") for name in names]


def vendor_assets() -> list[Asset]:
    """Every file the maps need, with where it goes in the site."""
    return _from(
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
    ) + _from(
        markercluster,
        "markercluster",
        ["leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"],
    )


def map_libraries(cluster: bool) -> list[str]:
    """What city-classroom.js fetches for a map near the screen (its MAP_LIBRARIES): the styles
    (Leaflet's, clustering's if the map clusters), then the scripts in order: Leaflet, marker
    clustering if the map clusters, city-map.js."""
    names = [a.dest_uri for a in vendor_assets() if a.dest_uri.endswith((".css", ".js"))]
    wanted = [n for n in names if cluster or "/markercluster/" not in n]
    return [n for n in wanted if n.endswith(".css")] + [n for n in wanted if n.endswith(".js")] + [MAP_SCRIPT]


_CLASS_ATTRIBUTE = re.compile(r'\sclass="([^"]*)"')
_STYLED_CLASS = re.compile(r"\.(cc-[\w-]+)")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


@cache
def _styled_classes(stylesheet: str) -> frozenset[str]:
    """The guide's classes (cc-…) a stylesheet of the theme styles."""
    text = (THEME / stylesheet).read_text(encoding="utf-8")
    return frozenset(_STYLED_CLASS.findall(_CSS_COMMENT.sub("", text)))


def page_styles(page_html: str) -> list[tuple[str, int]]:
    """The guide's styles a page's content needs, each with its place in the cascade
    (`STYLESHEETS`; main.html writes it as data-cc-style, by which city-classroom.js keeps
    them in order after an instant navigation): city.css, and each other one that styles a
    class the content has."""
    classes = {name for value in _CLASS_ATTRIBUTE.findall(page_html) for name in value.split()}
    return [
        (sheet, order)
        for order, sheet in enumerate(STYLESHEETS)
        if order == 0 or not classes.isdisjoint(_styled_classes(sheet))
    ]


def scripts() -> list[str]:
    """On every page: city-classroom.js, which fetches the rest."""
    return [SCRIPT]


# --- what a page fetches, as city-classroom.js decides it (the bench and the tests) --------------


_COMPOUND = re.compile(r"^([a-z][a-z0-9]*)?((?:\.[\w-]+)*)((?:\[[\w-]+\])*)$")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, set[str], set[str]]] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        classes = {c for name, value in attrs if name == "class" for c in (value or "").split()}
        self.elements.append((tag, classes, names))


def _has(elements: list[tuple[str, set[str], set[str]]], selector: str) -> bool:
    for one in selector.split(","):
        found = _COMPOUND.match(one.strip())
        assert found, f"not a simple selector: {one!r}"
        tag, dotted, bracketed = found.groups()
        classes = set(dotted.split(".")[1:])
        names = set(re.findall(r"\[([\w-]+)\]", bracketed))
        if any((not tag or t == tag) and classes <= c and names <= n for t, c, n in elements):
            return True
    return False


def page_features(page_html: str) -> list[Feature]:
    """The features a built page has, by city-classroom.js's rule: an element their selector finds."""
    parser = _Elements()
    parser.feed(page_html)
    return [feature for feature in FEATURES if _has(parser.elements, feature.element)]


def fetched_scripts(page_html: str, when: tuple[str, ...] = ("at once",)) -> list[str]:
    """The scripts city-classroom.js fetches for a built page (besides the map libraries), for
    the features fetched `when`: by default those of a reader's first visit, before any tap."""
    names: list[str] = []
    for feature in page_features(page_html):
        if feature.fetched in when:
            names += [name for name in feature.scripts if name not in names]
    return [f"assets/javascripts/{name}.js" for name in names]
