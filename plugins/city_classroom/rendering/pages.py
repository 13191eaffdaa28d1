"""Render: the HTML of every city, site and route page, and of the walk and plaque sheets.

Pages are made here as HTML, from Jinja templates with autoescaping, and handed to MkDocs
as plain data (`GeneratedPage`): MkDocs and Material lay them out, but no editor text
goes through the site's Markdown. Editor text reaches a page in one of two ways only:

* plain text (names, summaries, prompts): escaped by the templates;
* prose (a story, an intro): a small Markdown subset made into sanitised HTML by `prose`.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..city_files.model import CATEGORIES, CityGuide, Site, Text
from ..planning.plan import CityPlan, RoutePlan
from ..planning.visit_window import visit_window
from . import export, hours, i18n, maps, prose, schematic, urls, walk_aids, walk_mode
from .maps import MapStyle

ACCESS_ICONS = {
    "step_free": "wheelchair-accessibility",
    "seating": "seat",
    "toilets": "toilet",
    "shade": "umbrella-outline",
}
"""Material's icons (from its package, inlined as SVG) shown beside each access fact."""

RECORDING_ID = "cc-recording"
"""The id of a site page's <audio> element that "Listen" plays: its recording in the page's language."""


@dataclass(frozen=True)
class Heading:
    """A heading of a generated page, for the table of contents Material shows beside it."""

    level: int
    id: str
    title: str
    """As HTML: the editor's words escaped."""


@dataclass
class GeneratedPage:
    """One page of the guide, ready for MkDocs: its title and the HTML of its content."""

    src_uri: str
    title: str
    html: str
    language: str
    headings: list[Heading] = field(default_factory=list)
    subject: Site | RoutePlan | None = None
    """The Site or RoutePlan a page is about (None for a city page or a sheet)."""
    kind: Literal["city", "site", "route", "sheet"] = "city"
    hide: tuple[str, ...] = ()
    """Material's `hide:` front matter: sheets hide the navigation and the table of contents."""
    json_ld: str = ""
    _fingerprint: str = field(default="", repr=False, compare=False)

    def fingerprint(self) -> str:
        """A SHA-256 of all it shows (title, HTML, headings, JSON-LD, hide), worked out once: where
        the city is rendered, so that the build cache keeps it with the page."""
        if not self._fingerprint:
            shown = repr((self.title, self.html, self.headings, self.json_ld, self.hide))
            self._fingerprint = hashlib.sha256(shown.encode("utf-8", "surrogatepass")).hexdigest()
        return self._fingerprint

    @property
    def in_nav(self) -> bool:
        """Sheets are built and linked, but not listed in the navigation."""
        return self.kind != "sheet"

    def meta(self) -> dict[str, Any]:
        """What MkDocs knows of the page besides its HTML: its title (escaped: MkDocs titles are
        HTML) and Material's `hide:`."""
        meta: dict[str, Any] = {"title": html.escape(self.title, quote=True)}
        if self.hide:
            meta["hide"] = list(self.hide)
        return meta

    def front_matter(self) -> str:
        """`meta()` as the front matter of a Markdown file (the file MkDocs lists for the page)."""
        lines = ["---", *(f"{name}: {json.dumps(value, ensure_ascii=False)}" for name, value in self.meta().items())]
        return "\n".join([*lines, "---", ""])


def km(metres: float) -> str:
    return f"{metres / 1000:.1f}"


def number(value: float) -> str:
    """A figure from the options as people write it: 4.5, 3 (not 3.0)."""
    return f"{value:g}"


def whole_minutes(value: float) -> int:
    return max(1, round(value))


def external(url: str) -> str:
    """An editor's `links:` address, once more checked where it is written: https only."""
    return url if url.startswith("https://") and prose.allowed_link(url) else "#"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("city_classroom.rendering", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(km=km, minutes=whole_minutes, number=number, external=external)
    env.globals.update(urls=urls)
    return env


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


@cache
def _icon(name: str) -> Markup:
    """A Material Design icon as inline SVG, as pymdownx.emoji writes it (trusted: Material's own files)."""
    svg = resources.files("material").joinpath("templates", ".icons", "material", f"{name}.svg").read_text("utf-8")
    return Markup(f'<span class="twemoji">{svg.strip()}</span>')


def access_icons() -> dict[str, Markup]:
    return {key: _icon(name) for key, name in ACCESS_ICONS.items()}


class Words:
    """What a template needs to show text in one page language."""

    def __init__(self, language: str, city_language: str):
        self.language, self.city_language = language, city_language

    def label(self, key: str, **values: Any) -> str:
        """A label of the guide, as plain words (escaped where the template writes it)."""
        return i18n.label(self.language, key, **values)

    plain_label = label

    def plain(self, text: Text | None) -> str:
        return i18n.plain(text, self.language, self.city_language)

    def plain_for(self, text: Text | None, city_language: str) -> str:
        return i18n.plain(text, self.language, city_language)

    def text(self, text: Text | None) -> Markup:
        """An editor's line of text, escaped, with its language marked where it is a fallback."""
        shown = i18n.pick(text, self.language, self.city_language)
        if shown is None:
            return Markup("")
        if not shown.fallback:
            return Markup.escape(shown.text)
        return Markup('<span lang="{}">{}</span>').format(shown.language, shown.text)

    def prose(self, text: Text | None) -> Markup:
        """An editor's prose, sanitised, with its language and a note where it is a fallback."""
        shown = i18n.pick(text, self.language, self.city_language)
        if shown is None:
            return Markup("")
        body = prose.to_html(shown.text)
        if not shown.fallback:
            return body
        note = i18n.label(self.language, "fallback", shown_in=i18n.language_name(shown.language, self.language))
        return Markup('<p class="cc-fallback">{}</p>\n<div lang="{}">\n{}\n</div>').format(note, shown.language, body)


@dataclass
class SiteLanguages:
    """The languages the guide is built in; the first is at the site's root."""

    languages: list[str]

    @property
    def default(self) -> str:
        return self.languages[0]

    def prefix(self, language: str) -> str:
        return urls.language_prefix(language, self.default)

    def of_page(self, src_uri: str) -> str:
        """The language of a page, by the folder it lives in (`th/...`); the first language otherwise."""
        head = src_uri.split("/", 1)[0]
        return head if head in self.languages[1:] else self.default

    def neutral(self, src_uri: str) -> str:
        """A page's path without its language folder: `th/lamphun/index.md` → `lamphun/index.md`."""
        head, _, rest = src_uri.partition("/")
        return rest if head in self.languages[1:] and rest else src_uri

    def alternates(self, src_uri: str) -> dict[str, str]:
        """The same page in every language: language → src_uri."""
        path = self.neutral(src_uri)
        return {lang: self.prefix(lang) + path for lang in self.languages}


_HEADING = re.compile(r"<(h[23])\s([^>]*)>(.*?)</\1>", re.DOTALL)
_ID = re.compile(r'(?:^|\s)id="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")


def headings(page_html: str) -> list[Heading]:
    """The h2 and h3 of a page's HTML that have an id, for its table of contents.

    The HTML is the guide's own templates' (editor text in it escaped, so no `<` but a tag's),
    which lets a pattern read it: an HTML parser run over every page cost a tenth of the
    plugin's time. tests/test_build.py checks it against a parser on every generated page."""
    found = []
    for match in _HEADING.finditer(page_html):
        tag, attributes, inner = match.groups()
        id_ = _ID.search(attributes)
        if id_ is None or not id_.group(1):
            continue
        words = " ".join(html.unescape(_TAG.sub("", inner)).split())
        found.append(Heading(int(tag[1]), html.unescape(id_.group(1)), html.escape(words)))
    return found


def page(src: str, title: str, template: str, language: str, **context: Any) -> GeneratedPage:
    """Render one page; `subject`, `kind` and `hide` in `context` are also the page's own."""
    body = render(template, language=language, **context)
    return GeneratedPage(
        src,
        title,
        body,
        language,
        headings(body),
        **{key: value for key, value in context.items() if key in ("subject", "kind", "hide")},
    )


@dataclass(frozen=True)
class CorrectionLinks:
    """A page's "Edit this" (the city file at the line where its subject starts) and "Suggest a
    correction" (the issue form, prefilled) addresses; "" where the site names no repository."""

    edit: str = ""
    correct: str = ""
    access: str = ""
    """On a site page: the form with the field set to access, for the facts that are not known."""


def correction_links(
    guide: CityGuide, repository: urls.Repository, site_url: str, src: str, item_id: str | None = None
) -> CorrectionLinks:
    """The correction links of one page: the city page (`item_id` None) or a site's or route's."""
    if not repository.url:
        return CorrectionLinks()
    source = guide.sources.get(item_id) if item_id is not None else ("city.yml", 1)
    address = urls.absolute_url(site_url, src) or "/" + urls.page_url(src)
    fields = {"page": address, "city": guide.slug, **({"item": item_id} if item_id is not None else {})}
    return CorrectionLinks(
        edit=repository.edit(guide.folder, *source) if source else "",
        correct=repository.correction(**fields),
        access=repository.correction(**fields, field=urls.CORRECTION_ACCESS) if item_id is not None else "",
    )


def render_city_pages(
    plan: CityPlan,
    site: SiteLanguages,
    style: MapStyle,
    images: dict[str, list[tuple[Any, str]]],
    repository: urls.Repository = urls.Repository(),
    site_url: str = "",
    recordings: dict[str, walk_mode.Recordings] | None = None,
    arrival_radius_m: float = walk_mode.ARRIVAL_RADIUS_M,
) -> list[GeneratedPage]:
    """Every page of one city, in every language of the guide.

    `images`: by site id, each image with the path it is published at (see `urls.media`).
    `recordings`: by site id, each recorded story with the path it is published at.
    `arrival_radius_m`: in walk mode, how near a stop a reader's position counts as there.
    `repository`: where the city files are on GitHub, for the links that correct a page."""
    guide = plan.guide
    pages: list[GeneratedPage] = []
    by_category = {c: sorted((s for s in guide.sites if s.category == c), key=lambda s: s.id) for c in CATEGORIES}
    icons = access_icons()
    recordings = recordings or {}
    for language in site.languages:
        words = Words(language, guide.language)
        prefix = site.prefix(language)
        common: dict[str, Any] = {"guide": guide, "plan": plan, "w": words, "categories": CATEGORIES, "icons": icons}
        src = prefix + urls.city_page(guide.slug)
        link = urls.PageLinks(src, prefix)
        pages.append(
            page(
                src,
                words.plain(guide.city.name),
                "city.html",
                language,
                url=link,
                by_category=by_category,
                map_html=Markup(maps.city_map(guide, words, style, link)),
                near_me=walk_aids.near_me(guide, words, link),
                easy=walk_aids.easy,
                easy_filters=walk_aids.EASY_FILTERS,
                nearest=walk_aids.NEAREST,
                short_walk_minutes=walk_aids.SHORT_WALK_MINUTES,
                filter_labels=walk_aids.filter_labels(words),
                has_calendar=export.has_calendar(guide),
                links=correction_links(guide, repository, site_url, src),
                **common,
            )
        )
        for item in guide.sites:
            src = prefix + urls.site_page(guide.slug, item.id)
            link = urls.PageLinks(src, prefix)
            pages.append(
                page(
                    src,
                    words.plain(item.name),
                    "site.html",
                    language,
                    site=item,
                    url=link,
                    between=walk_aids.between_stops(plan, item.id, words, link),
                    opening=hours.site_hours(guide, item, words),
                    images=images.get(item.id, []),
                    recordings=recordings.get(item.id, []),
                    listen=walk_mode.read_aloud(item, words, recordings.get(item.id, []), RECORDING_ID),
                    recording_here=walk_mode.recording_here(recordings.get(item.id, []), language, guide.language),
                    recording_id=RECORDING_ID,
                    language_name=lambda code, language=language: i18n.language_name(code, language),
                    links=correction_links(guide, repository, site_url, src, item.id),
                    subject=item,
                    kind="site",
                    **common,
                )
            )
        for route_plan in plan.routes:
            src = prefix + urls.route_page(guide.slug, route_plan.route.id)
            link = urls.PageLinks(src, prefix)
            pages.append(
                page(
                    src,
                    words.plain(route_plan.route.title),
                    "route.html",
                    language,
                    route=route_plan,
                    url=link,
                    map_html=Markup(maps.route_map(guide, route_plan, words, style, link)),
                    schematic=schematic.for_page(route_plan, words),
                    long_leg_m=walk_aids.LONG_LEG_M,
                    offline=walk_aids.offline(guide, route_plan, words, link),
                    when=hours.route_when(visit_window(route_plan), words),
                    walk_mode=walk_mode.walk_mode(guide, route_plan, words, link, recordings, arrival_radius_m),
                    links=correction_links(guide, repository, site_url, src, route_plan.route.id),
                    subject=route_plan,
                    kind="route",
                    **common,
                )
            )
    return pages


def render_home_section(plans: list[CityPlan], language: str, site: SiteLanguages, style: MapStyle, src: str) -> str:
    """The map and list of the guide's cities, for the home page of a language (HTML)."""
    words = Words(language, language)
    link = urls.PageLinks(src, site.prefix(language))
    return render(
        "home.html",
        plans=plans,
        w=words,
        url=link,
        map_html=Markup(maps.home_map(plans, words, style, link)),
        words_for=lambda guide: Words(language, guide.language),
    )
