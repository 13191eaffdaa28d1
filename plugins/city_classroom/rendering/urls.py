"""Every address of the guide, in one place: pages, sheets, downloads, editors' files.

A page is named by its source path inside the site (`lamphun/sites/wat-x.md`), as
MkDocs names the files the plugin adds; with directory URLs that page is served at
`lamphun/sites/wat-x/`. Every link the guide writes, in a page, a map, a sheet, the
JSON-LD or a download, is made here from those names:

* `url_from(target, page)`: a relative URL from one page to another page or file;
* `absolute_url(site_url, target)`: the address on the published site ("" when the
  site has no `site_url`: QR codes and JSON-LD then leave the address out).

Only slugs and ids that the checker has refused to let hold anything but
`[a-z0-9-]` go into a path, so nothing here needs escaping.
"""

from __future__ import annotations

import posixpath

MEDIA = "media"
"""The folder inside a city's address where editors' files (photos) are published:
no page or download of the guide is ever written there."""


def language_prefix(language: str, default: str) -> str:
    """The folder of a language's pages: "" for the site's first language, `th/` for Thai."""
    return "" if language == default else f"{language}/"


def city_page(slug: str) -> str:
    return f"{slug}/index.md"


def site_page(slug: str, site_id: str) -> str:
    return f"{slug}/sites/{site_id}.md"


def route_page(slug: str, route_id: str) -> str:
    return f"{slug}/routes/{route_id}.md"


def walk_sheet(slug: str, route_id: str) -> str:
    """A route's walk sheet: `/<city>/routes/<id>/sheet/` (the route page is `/<city>/routes/<id>/`)."""
    return f"{slug}/routes/{route_id}/sheet.md"


def plaque_sheet(slug: str) -> str:
    return f"{slug}/plaques.md"


def city_geojson(slug: str) -> str:
    return f"{slug}/{slug}.geojson"


def city_calendar(slug: str) -> str:
    return f"{slug}/events.ics"


def route_download(slug: str, route_id: str, extension: str) -> str:
    """`gpx` or `geojson`: beside the route's page, `/<city>/routes/<id>.gpx`."""
    return f"{slug}/routes/{route_id}.{extension}"


def media(slug: str, number: int, suffix: str) -> str:
    """Where an editor's photo is published: `/<city>/media/<n>.jpg`.

    Numbered, not named after the editor's file, so that no name an editor chooses
    reaches a URL, and typed by the picture's real content (`suffix`)."""
    return f"{slug}/{MEDIA}/{number}{suffix}"


WALK_PARAMETER = "walk"
"""The query parameter that names the route a reader is following: `?walk=<route id>`."""


def on_walk(address: str, route_id: str) -> str:
    """A stop's link that carries the route it is on: `../museum/?walk=temple-walk`
    (route ids are slugs: nothing to escape)."""
    return f"{address}?{WALK_PARAMETER}={route_id}"


def page_url(src_uri: str) -> str:
    """The URL path of a page with directory URLs: `a/b.md` → `a/b/`, `a/index.md` → `a/`;
    a file that is not a page keeps its path."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def url_from(target_src: str, page_src: str) -> str:
    """A relative URL from one page (`page_src`) to another page or a file (`target_src`)."""
    here = page_url(page_src) or "."
    there = page_url(target_src) or "."
    if there == here:
        return "./"
    relative = posixpath.relpath(there, here)  # `here` is always a folder: a page's URL
    return relative + "/" if target_src.endswith(".md") else relative


def absolute_url(site_url: str, target_src: str) -> str:
    """The address of a page or file on the published site; "" where the site has no address."""
    return site_url.rstrip("/") + "/" + page_url(target_src) if site_url else ""


class PageLinks:
    """Relative URLs from one page to the guide's other pages and files, in that page's language."""

    def __init__(self, page_src: str, prefix: str):
        self.page_src, self.prefix = page_src, prefix

    def __call__(self, target: str) -> str:
        """`target`: a page's language-neutral path (`lamphun/index.md`), or a download's path."""
        return url_from(self.prefix + target if target.endswith(".md") else target, self.page_src)

    def root(self) -> str:
        """The site's root, whatever the page's language: where the service worker lives."""
        return url_from("index.md", self.page_src)
