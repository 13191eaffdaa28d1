"""Every address of the guide, in one place: pages, sheets, downloads, editors' files.

A page is named by its source path inside the site (`lamphun/sites/wat-x.md`), as
MkDocs names the files the plugin adds; with directory URLs that page is served at
`lamphun/sites/wat-x/`. Every link the guide writes, in a page, a map, a sheet, the
JSON-LD or a download, is made here from those names:

* `url_from(target, page)`: a relative URL from one page to another page or file;
* `absolute_url(site_url, target)`: the address on the published site ("" when the
  site has no `site_url`: QR codes and JSON-LD then leave the address out);
* `Repository`: the GitHub addresses of "Edit this" (a city file at its line) and
  "Suggest a correction" (the issue form, prefilled), from mkdocs.yml's `repo_url`
  and `edit_uri` ("" when the site names no repository: no link).

Only slugs and ids that the checker has refused to let hold anything but
`[a-z0-9-]` go into a path, so nothing here needs escaping.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urljoin, urlsplit

MEDIA = "media"
"""The folder inside a city's address where editors' files (photos, recorded stories) are published:
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


def class_visit(slug: str, route_id: str) -> str:
    """A route's class-visit pack for teachers: `/<city>/routes/<id>/class-visit/`."""
    return f"{slug}/routes/{route_id}/class-visit.md"


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
    """Where an editor's photo or recording is published: `/<city>/media/<n>.jpg`, `<n>.mp3`.

    Numbered, not named after the editor's file, so that no name an editor chooses
    reaches a URL, and typed by the file's real content (`suffix`: the gate has checked it)."""
    return f"{slug}/{MEDIA}/{number}{suffix}"


OPEN_DATA = "data"
"""The folder of the open-data package at the site's root: `/data/datapackage.json`."""


def open_data(path: str) -> str:
    """A file of the open-data package: `datapackage.json`, `sites.csv`, `lamphun/routes.geojson`."""
    return f"{OPEN_DATA}/{path}"


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


CORRECTION_FORM = "correction.yml"
"""The issue form of `.github/ISSUE_TEMPLATE/`, whose fields a correction link fills in."""
CORRECTION_ACCESS = "access (step-free, seating, toilets, shade)"
"""The option of the form's `field` dropdown that an access fact that is not known links to."""


def edit_root(repo_url: str | None, edit_uri: str | None, docs_folder: str) -> str:
    """The address of GitHub's editor at the repository's root, from MkDocs' own settings, or "".

    `edit_uri` names the docs folder (`docs_folder`, relative to the repository's root), as
    MkDocs joins it to `repo_url`: `https://github.com/o/r` with `edit/main/content/` and the
    folder `content` give `https://github.com/o/r/edit/main/`. Where the folder is not at its
    end, the first two parts (`edit/<branch>/`) are taken; a `blob/` address becomes `edit/`."""
    if not repo_url or not edit_uri or urlsplit(repo_url).scheme != "https":
        return ""
    base = repo_url.rstrip("/") + "/"
    docs = urljoin(base, edit_uri).split("#", 1)[0].split("?", 1)[0].rstrip("/") + "/"
    if not docs.startswith(base):
        return ""
    path = docs[len(base) :]
    folder = posixpath.normpath(docs_folder.replace(os.sep, "/")).strip("/")
    if folder in ("", "."):
        root = path
    elif path.endswith("/" + folder + "/"):
        root = path[: -len(folder + "/")]
    else:
        root = "/".join(path.split("/")[:2]) + "/"
    action, _, branch = root.partition("/")
    if action not in ("edit", "blob") or not branch.strip("/"):
        return ""
    return f"{base}edit/{branch}"


@dataclass(frozen=True)
class Repository:
    """Where the guide's files are on GitHub, for the links that let a reader correct a page.

    All plain strings, "" when unknown: without `url` no page has either link."""

    url: str = ""
    """mkdocs.yml's `repo_url`: `https://github.com/o/r`."""
    edit_root: str = ""
    """GitHub's editor at the repository's root (see `edit_root`)."""
    root: str = ""
    """The repository's folder on disk (where mkdocs.yml is): city files are named relative to it."""

    def edit(self, folder: str, file: str, line: int) -> str:
        """GitHub's editor on a city file (`file` in the city's `folder`) at `line`, or ""."""
        if not self.url or not self.edit_root or not self.root:
            return ""
        path = os.path.relpath(os.path.join(folder, file), self.root).replace(os.sep, "/")
        if path == ".." or path.startswith("../"):
            return ""  # outside the repository
        return f"{self.edit_root}{quote(path)}#L{line}"

    def correction(self, **fields: str) -> str:
        """The correction form, its fields (`page`, `city`, `item`, `field`) filled in, or ""."""
        if not self.url:
            return ""
        return f"{self.url.rstrip('/')}/issues/new?" + urlencode({"template": CORRECTION_FORM, **fields})
