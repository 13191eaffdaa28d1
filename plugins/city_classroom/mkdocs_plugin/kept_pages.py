"""A build with the build cache: which of the guide's pages are laid out again, and what
becomes of the others and of every page's search copy.

MkDocs lays out every page on every build. A page of the guide whose key (`page_keys`:
everything that reaches its layout) matches one that a build before wrote is not laid out:
MkDocs gets an empty template for it (`KEPT_PAGE_TEMPLATE`) and writes nothing, and the
kept file is linked into the site at the end (`write_kept`). The copy
of each page that Pagefind reads is kept under the page's key as well, and read only if its
language is indexed again (`search.PageCopy`).
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import material
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import build_cache, publishing, search
from .guide_page import GuidePage

if TYPE_CHECKING:
    from .plugin import CityClassroomPlugin

MATERIAL = Path(material.__file__).resolve().parent / "templates"

KEPT_PAGE_TEMPLATE = "city-classroom-kept.html"
"""What a page that is not laid out is given to MkDocs with: nothing (see `unwritten`)."""


class KeptPages:
    """One build's generated pages against the build cache."""

    def __init__(self, cache: build_cache.BuildCache) -> None:
        self.cache = cache
        self.keys: dict[str, str] = {}
        """Each generated page's key, by its source address (known in `on_env`)."""
        self.kept: dict[str, tuple[Path, Path]] = {}
        """The pages a build before wrote under the same key: their file in the cache and in the site."""
        self.copies: dict[str, search.PageCopy] = {}
        """What Pagefind reads of each searched page, by its path in the site (for search.index_site)."""

    def look_up(self, keys: dict[str, str], files: Files, searched: bool) -> None:
        """Which pages a build before wrote under the same keys: MkDocs will not lay them out.
        `searched`: whether the site has a search index."""
        self.keys = keys
        for src_uri, key in keys.items():
            kept = self.cache.kept_page(key)
            if kept is None:
                continue
            file = files.get_file_from_path(src_uri)
            assert file is not None and isinstance(file.page, GuidePage)
            file.page.meta["template"] = KEPT_PAGE_TEMPLATE
            self.kept[src_uri] = (kept, Path(file.abs_dest_path))
            if searched and search.is_searched(file.dest_uri):
                make = partial(self.cache.search_copy, key, partial(search.copy_of_file, kept))
                self.copies[file.dest_uri] = search.PageCopy(file.page.generated.language, key, make)

    def laid_out(self, page: Page, output: str, language: str, searched: bool) -> None:
        """A page MkDocs laid out (`output`, policy included): a generated page is kept for the
        next build; a searched page's copy is made now (the site's own pages are few)."""
        key = self.keys.get(page.file.src_uri)
        searched = searched and search.is_searched(page.file.dest_uri)
        if key is None:
            if searched:
                self.copies[page.file.dest_uri] = search.PageCopy.of(search.search_copy(output), language)
            return
        self.cache.keep_page(key, output)
        self.cache.made.append(f"page {page.file.src_uri}")
        if searched:
            copy = self.cache.search_copy(key, partial(search.search_copy, output))
            self.copies[page.file.dest_uri] = search.PageCopy(language, key, lambda: copy)

    def write_kept(self) -> None:
        """Put the kept pages into the site, each linked to its file in the cache (`publishing.place`)."""
        for parent in sorted({target.parent for _, target in self.kept.values()}):
            parent.mkdir(parents=True, exist_ok=True)
        for kept, target in self.kept.values():
            publishing.place(kept, target)


class Unwritten(logging.Filter):
    """MkDocs' line for each page it does not write ("Page skipped: … empty output"), left out
    for the pages the plugin writes itself (kept) or another shard writes: thousands of them."""

    def __init__(self, src_uris: set[str]) -> None:
        super().__init__()
        self.lines = {f"Page skipped: '{src_uri}'. Generated empty output." for src_uri in src_uris}

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg not in self.lines


def page_keys(plugin: CityClassroomPlugin, config: MkDocsConfig, files: Files) -> dict[str, str]:
    """The cache key of each generated page's output: everything that reaches its layout.

    Its content, title, headings and JSON-LD; its address; the navigation it carries (every
    title and address in it); its neighbours; the languages it is in; whether there is a
    search page; the configuration (mkdocs.yml and what it reads from the environment), the
    theme's files and the code."""
    assert plugin.cache is not None and plugin.navigation is not None
    site = build_cache.digest(
        plugin.cache.code,
        Path(config.config_file_path).read_bytes() if config.config_file_path else b"",
        [config.get(name) for name in ("site_url", "site_name", "repo_url", "edit_uri", "copyright")],
        repr(config.extra),
        repr(config.extra_css),
        repr(config.extra_javascript),
        repr(sorted((k, repr(v)) for k, v in config.theme.items())),
        [
            build_cache.folder_fingerprint(Path(d)) for d in config.theme.dirs if Path(d) != MATERIAL
        ],  # its version: in code
    )
    search_pages = sorted(uri for uri in plugin.page_uris if uri.endswith(search.SEARCH_PAGE))
    navs: dict[int, str] = {}
    catalogs: dict[str, str] = {}
    keys = {}
    elsewhere = plugin.guide.elsewhere if plugin.guide else set()
    for src_uri, generated in plugin.generated.items():
        file = files.get_file_from_path(src_uri)
        if src_uri in elsewhere:
            continue
        if file is None or file.page is None:
            continue
        page = file.page
        nav = plugin.navigation.for_page(page)
        if id(nav) not in navs:
            navs[id(nav)] = build_cache.digest([_nav_items(item) for item in nav.items])
        neighbours = [(p.url, p.title) if p else None for p in (page.previous_page, page.next_page)]
        if generated.language not in catalogs:
            catalogs[generated.language] = build_cache.catalog_fingerprint(generated.language)
        languages = plugin.guide.languages if plugin.guide else None
        alternates = sorted(languages.alternates(src_uri).items()) if languages else []
        keys[src_uri] = build_cache.digest(
            site,
            catalogs[generated.language],
            navs[id(nav)],
            (src_uri, page.url, page.title, repr(page.meta)),
            generated.fingerprint(),
            [(lang, uri in plugin.page_uris) for lang, uri in alternates],
            search_pages,
            neighbours,
        )
    return keys


def _nav_items(item) -> object:
    if isinstance(item, Page):
        return ("page", item.title, item.url, item.file.src_uri)
    children = getattr(item, "children", None) or []
    return (type(item).__name__, str(item.title), getattr(item, "url", None), [_nav_items(c) for c in children])
