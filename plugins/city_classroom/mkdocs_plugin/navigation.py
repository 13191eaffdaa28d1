"""The navigation each page carries: its own language only, one section per city.

MkDocs builds one navigation from the folders: `lamphun/`, `th/lamphun/`, ... This
module splits it into one navigation per language, names each city section after
the city (in that language), and orders a city section as: the city page, its
walks, its sites. With Material's `navigation.prune`, a page then carries only its
own city's pages, which keeps a large network's build time linear.
"""

from __future__ import annotations

import posixpath

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..city_files.model import CityGuide
from ..rendering import i18n, markup
from ..rendering.pages import SiteLanguages


def _key(item) -> tuple:
    """Pages first (home, then by title), then sections by title."""
    if isinstance(item, Page):
        return (0, not item.is_index, item.file.src_uri)
    return (1, str(item.title))


def _pages(item) -> list[Page]:
    if isinstance(item, Page):
        return [item]
    if isinstance(item, Section):
        return [page for child in item.children for page in _pages(child)]
    return []


def folder(section: Section) -> str:
    """The folder a section stands for: the common folder of all the pages below it."""
    folders = [posixpath.dirname(page.file.src_uri) for page in _pages(section)]
    return posixpath.commonpath(folders) if folders else ""


def _name_sections(items: list, language: str, guides: dict[str, CityGuide]) -> None:
    for item in items:
        if not isinstance(item, Section):
            continue
        path = folder(item)
        name = path.rsplit("/", 1)[-1]
        guide = guides.get(name)
        if guide is not None:
            # MkDocs titles are HTML (Material writes them unescaped): escape the editor's name
            item.title = str(markup.attribute(i18n.plain(guide.city.name, language, guide.language)))
            order = {"routes": 1, "sites": 2}
            item.children.sort(
                key=lambda child: (
                    order.get(folder(child).rsplit("/", 1)[-1], 3) if isinstance(child, Section) else 0,
                    str(child.title),
                )
            )
        elif name in ("sites", "routes"):
            item.title = i18n.label(language, name)
            item.children.sort(key=lambda child: str(child.title))
        _name_sections(item.children, language, guides)


CITIES_IN_EVERY_NAV_UP_TO = 12
"""With more cities than this, a page's navigation lists only its own city (and the
hand-written pages): 400 city names on every page cost most of a page's weight."""


class SiteNavigation:
    """The navigation of each page: its language's, cut to its own city on a large network."""

    def __init__(self, nav: Navigation, languages: list[str], guides: list[CityGuide]):
        self.languages = languages
        self.slugs = {guide.slug for guide in guides}
        self.by_language = split_by_language(nav, languages, guides)
        self._cut: dict[tuple[str, str], Navigation] = {}
        self._cities: dict[str, list[tuple[object, str]]] = {}
        """By language: each top-level item and the city it stands for ("" for none), found once:
        finding it walks the section's pages, and doing that for every cut took 400 × 400 walks."""

    def for_page(self, page: Page) -> Navigation:
        language = _page_language(page, self.languages)
        whole = self.by_language[language]
        if len(self.slugs) <= CITIES_IN_EVERY_NAV_UP_TO:
            return whole
        parts = page.file.src_uri.split("/")
        city = next((part for part in parts[:2] if part in self.slugs), "")
        key = (language, city)
        if key not in self._cut:
            if language not in self._cities:
                self._cities[language] = [
                    (item, _city_of(item, self.slugs) if isinstance(item, Section) else "") for item in whole.items
                ]
            items = [item for item, its_city in self._cities[language] if its_city in ("", city)]
            self._cut[key] = Navigation(items, whole.pages)
        return self._cut[key]


def _city_of(section: Section, slugs: set[str]) -> str:
    name = folder(section).rsplit("/", 1)[-1]
    return name if name in slugs else ""


def split_by_language(nav: Navigation, languages: list[str], guides: list[CityGuide]) -> dict[str, Navigation]:
    """One Navigation per language, from the whole site's."""
    by_slug = {guide.slug: guide for guide in guides}
    result: dict[str, Navigation] = {}
    others = languages[1:]
    default_items = [item for item in nav.items if not (isinstance(item, Section) and _language_of(item) in others)]
    for language in languages:
        if language == languages[0]:
            items = default_items
        else:
            section = next(
                (item for item in nav.items if isinstance(item, Section) and _language_of(item) == language), None
            )
            items = list(section.children) if section else []
            for item in items:
                item.parent = None  # the language folder is not a level of the reader's navigation
        items.sort(key=_key)
        _name_sections(items, language, by_slug)
        pages = [page for page in nav.pages if _page_language(page, languages) == language]
        result[language] = Navigation(items, pages)
    return result


def _language_of(section: Section) -> str:
    return folder(section).split("/", 1)[0]


def _page_language(page: Page, languages: list[str]) -> str:
    return SiteLanguages(languages).of_page(page.file.src_uri)
