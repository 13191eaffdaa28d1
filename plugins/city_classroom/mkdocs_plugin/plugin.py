"""The MkDocs plugin: a thin adapter from MkDocs' events to load → validate → plan → render.

Each hook hands its work to a plain function of another module; those functions are what
the tests call without MkDocs. The generated pages reach MkDocs as HTML: MkDocs reads only
their title (front matter), and `on_page_content` puts their HTML in place.
"""

from __future__ import annotations

import gc
import html
import json
import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..city_files import reserved
from ..city_files.problems import report
from ..guide import Guide, build_guide
from ..rendering import urls
from ..rendering.i18n import label, language_name, missing_catalogs
from ..rendering.pages import GeneratedPage
from . import assets, build_cache, csp, navigation, search
from .config import CityClassroomConfig
from .guide_page import GuidePage
from .kept_pages import KEPT_PAGE_TEMPLATE, KeptPages, Unwritten, page_keys
from .publishing import FreshFolder
from .serving import ServeMemory

log = logging.getLogger("mkdocs.plugins.city-classroom")

HOME_PLACEHOLDER = "<!-- city-classroom:cities -->"
"""Where a hand-written home page (`content/index.md`) shows the map and list of the cities."""


class CityClassroomPlugin(BasePlugin[CityClassroomConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.guide: Guide | None = None
        self.generated: dict[str, GeneratedPage] = {}
        self.navigation: navigation.SiteNavigation | None = None
        self.page_uris: set[str] = set()
        self.memory = ServeMemory(serving=False)
        self.fresh: FreshFolder | None = None
        self.command = "build"
        self.dirty = False
        self.cache: build_cache.BuildCache | None = None
        self.kept: KeptPages | None = None
        self.unwritten: Unwritten | None = None
        self.shard: tuple[int, int] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.memory.close()
        self.memory = ServeMemory(serving=command == "serve")
        self.command, self.dirty = command, dirty

    def on_shutdown(self) -> None:
        self.memory.close()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _use_the_theme(config)
        cities_dir = Path(config.config_file_path or ".").parent / self.config.cities_dir
        taken = reserved.site_names(Path(config.docs_dir), self.config.languages)
        self.cache = _build_cache(self, config)
        self.kept = KeptPages(self.cache) if self.cache is not None else None
        try:
            self.shard = build_cache.shard(os.environ.get("CITY_CLASSROOM_SHARD", "") or self.config.shard)
        except ValueError as error:
            raise PluginError(str(error)) from None
        if self.shard is not None and self.cache is None:
            raise PluginError(
                "a shard build (CITY_CLASSROOM_SHARD) fills the build cache: run it with `mkdocs build`, the cache on"
            )
        guide, problems = build_guide(
            cities_dir,
            self.config,
            site_url=config.site_url or "",
            remember=self.cache.remember if self.cache else self.memory.remember,
            taken=taken,
            repository=_repository(config),
            shard=self.shard,
            workers=_workers(self.command),
        )
        for language in missing_catalogs(self.config.languages):
            log.warning(
                f"no catalog of the guide's labels for `{language}` (rendering/locale/{language}/LC_MESSAGES/"
                "city_classroom.po): its pages show the English labels"
            )
        for problem in problems:
            if problem.severity == "warning":
                log.warning(str(problem))
        errors = [p for p in problems if p.severity == "error"]
        if guide is None or errors:
            raise PluginError("the city files have errors; nothing was built:\n" + report(errors))
        self.guide = guide
        self.generated = {page.src_uri: page for page in guide.pages}
        config.extra_javascript[:0] = [name for name in assets.scripts() if name not in config.extra_javascript]
        config.extra["alternate"] = [
            {"name": language_name(lang), "lang": lang, "link": "./" if i == 0 else f"{lang}/"}
            for i, lang in enumerate(self.config.languages)
        ]
        if self.command in ("build", "gh-deploy") and not self.dirty:  # `serve` serves its own folder
            self.fresh = FreshFolder(config.site_dir)
            config.site_dir = str(self.fresh.path)
        if self.command in ("build", "gh-deploy"):
            # The guide lives as long as the build: Python's full collections, in MkDocs' pages to
            # come, need not walk it again and again (until on_post_build; not when serving)
            gc.freeze()
        return config

    @event_priority(-50)  # after other plugins have listed their files
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.guide is not None
        for page in self.guide.pages:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.src_uri, content=page.front_matter(), inclusion=inclusion)
            files.append(file)
            GuidePage(page, file, config)  # MkDocs keeps it as the file's page: no Markdown to convert
        for uri, content in self.guide.downloads.items():
            files.append(File.generated(config, uri, content=content))
        for asset in assets.vendor_assets():
            files.append(File.generated(config, asset.dest_uri, abs_src_path=str(asset.source)))
        for file in _pages_the_site_lacks(files, self.guide, config):
            files.append(file)
        self.page_uris = {file.src_uri for file in files.documentation_pages()}
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        assert self.guide is not None
        self.navigation = navigation.SiteNavigation(nav, self.config.languages, self.guide.guides)
        return nav

    def on_page_content(self, page_html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.guide is not None
        if not isinstance(page, GuidePage) and HOME_PLACEHOLDER in page_html:  # a guide page's HTML is its own
            page_html = page_html.replace(HOME_PLACEHOLDER, self.guide.home_section(page.file.src_uri))
        return page_html

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav: Navigation):
        assert self.guide is not None
        if self.kept is not None and page.file.src_uri in self.kept.kept:  # laid out by a build before
            return context
        languages = self.guide.languages
        language = languages.of_page(page.file.src_uri)
        page.meta["lang"] = language
        if self.navigation is not None:
            context["nav"] = self.navigation.for_page(page)
        context["cc_language"] = language
        context["cc_alternates"] = [
            {
                "lang": lang,
                "name": language_name(lang),
                "url": urls.url_from(uri, page.file.src_uri),
                "current": uri == page.file.src_uri,
            }
            for lang, uri in languages.alternates(page.file.src_uri).items()
            if uri in self.page_uris
        ]
        search_page = languages.prefix(language) + search.SEARCH_PAGE
        context["cc_search"] = (
            {"url": urls.url_from(search_page, page.file.src_uri), "label": label(language, "search")}
            if search_page in self.page_uris
            else None
        )
        generated = self.generated.get(page.file.src_uri)
        context["cc_json_ld"] = generated.json_ld if generated else ""
        context["cc_styles"] = assets.page_styles(page.content or "")
        return context

    def on_env(self, env, config: MkDocsConfig, files: Files):
        env.globals["cc_styles"] = assets.page_styles("")  # a page of the theme's own (404.html): city.css
        if self.memory.serving:  # Material's templates compiled once per `mkdocs serve`
            env.bytecode_cache = self.memory.templates
        elif self.cache is not None:  # and once for every build that has the build cache
            env.bytecode_cache = self.cache.compiled_templates()
        if self.guide is not None:  # a shard build: other shards' cities are not laid out here
            for src_uri in self.guide.elsewhere:
                page = files.get_file_from_path(src_uri).page  # type: ignore[union-attr]
                page.meta["template"] = KEPT_PAGE_TEMPLATE  # type: ignore[union-attr]
        if self.kept is not None and self.guide is not None and self.navigation is not None:
            searched = self.config.search  # a shard keeps its pages' copies for the final build's index
            self.kept.look_up(page_keys(self, config, files), files, searched)
        unwritten = set(self.kept.kept if self.kept else ()) | (self.guide.elsewhere if self.guide else set())
        self._quiet(Unwritten(unwritten) if unwritten else None)
        return env

    def on_serve(self, server, config: MkDocsConfig, builder):
        server.watch(str(Path(config.config_file_path or ".").parent / self.config.cities_dir))
        return server

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        assert self.guide is not None
        if page.file.src_uri in self.guide.elsewhere:
            return ""  # another shard's page: MkDocs writes no empty page
        if self.kept is not None and page.file.src_uri in self.kept.kept:
            return ""  # copied from the build cache at the end
        output = csp.with_policy(output, self.config.tiles)
        if self.kept is not None:
            language = self.guide.languages.of_page(page.file.src_uri)
            self.kept.laid_out(page, output, language, searched=self.config.search)
        return output

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """The theme's own pages (404.html) get the same policy; other templates (sitemap.xml) are not HTML."""
        return csp.with_policy(output_content, self.config.tiles) if template_name.endswith(".html") else output_content

    def on_post_build(self, config: MkDocsConfig) -> None:
        gc.unfreeze()
        self._quiet(None)
        if self.kept is not None:
            self.kept.write_kept()
        if self.config.search and self.shard is None:  # a shard's pages are indexed by the final build
            try:
                copies = self.kept.copies if self.kept else None
                self.memory.index(Path(config.site_dir), lambda site: search.index_site(site, copies, self.cache))
            except search.SearchError as error:
                raise PluginError(str(error)) from None
        if self.cache is not None:
            log.info(f"build cache: {self.cache.hits} kept, {self.cache.misses} made ({self.cache.folder})")
            for made in self.cache.made:
                log.debug(f"build cache: made {made}")
            if self.shard is None:  # a shard's cache is one part of the final build's
                self.cache.forget_the_unused()
        if self.fresh is not None:
            self.fresh.swap()
            self.fresh = None

    def on_build_error(self, error: Exception) -> None:
        gc.unfreeze()
        self._quiet(None)
        if self.fresh is not None:
            self.fresh.discard()
            self.fresh = None

    def _quiet(self, unwritten: Unwritten | None) -> None:
        """Leave out MkDocs' line for each page the plugin writes itself or leaves to another shard."""
        builder = logging.getLogger("mkdocs.commands.build")
        if self.unwritten is not None:
            builder.removeFilter(self.unwritten)
        self.unwritten = unwritten
        if unwritten is not None:
            builder.addFilter(unwritten)


def _workers(command: str) -> int:
    """How many processes render the cities: CITY_CLASSROOM_WORKERS, or one per core (at most 8)
    for `mkdocs build`; one under `mkdocs serve`, whose server runs threads (a fork copies none)."""
    if command not in ("build", "gh-deploy"):
        return 1
    asked = os.environ.get("CITY_CLASSROOM_WORKERS", "").strip()
    if asked:
        try:
            return max(1, int(asked))
        except ValueError:
            raise PluginError(f"CITY_CLASSROOM_WORKERS is a number of processes, such as 2 (got {asked!r})") from None
    return max(1, min(8, len(os.sched_getaffinity(0))))


def _build_cache(plugin: CityClassroomPlugin, config: MkDocsConfig) -> build_cache.BuildCache | None:
    """The build cache, for `mkdocs build` when neither the option nor CITY_CLASSROOM_CACHE=0 turns it off."""
    if plugin.command not in ("build", "gh-deploy") or not plugin.config.cache or build_cache.no_cache_asked():
        return None
    return build_cache.BuildCache(Path(config.config_file_path or ".").parent / plugin.config.cache_dir)


def _use_the_theme(config: MkDocsConfig) -> None:
    """Material, with the plugin's own templates, scripts and styles among its folders.

    After a site's `custom_dir` (which may override ours), before Material's own. Fonts
    are the reader's system fonts: Material's default fetches Roboto from Google, which the
    pages' policy refuses (and which has no Thai)."""
    if config.theme.name != "material":
        raise PluginError(
            f"city-classroom builds on Material for MkDocs: set `theme: material` in mkdocs.yml "
            f"(it is `{config.theme.name}`)"
        )
    theme_dir = str(assets.THEME)
    if theme_dir not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
    config.theme["font"] = False


def _repository(config: MkDocsConfig) -> urls.Repository:
    """Where the site's files are on GitHub, from MkDocs' own `repo_url` and `edit_uri` (none without `repo_url`).

    The repository's root is the folder of mkdocs.yml; `edit_uri` points at the docs folder in it."""
    if not config.repo_url:
        return urls.Repository()
    root = os.path.abspath(os.path.dirname(config.config_file_path or "mkdocs.yml"))
    docs_folder = os.path.relpath(os.path.abspath(config.docs_dir), root)
    return urls.Repository(
        url=config.repo_url, edit_root=urls.edit_root(config.repo_url, config.edit_uri, docs_folder), root=root
    )


def _pages_the_site_lacks(files: Files, guide: Guide, config: MkDocsConfig) -> list[File]:
    """A home page (the map and list of the cities) and a search page, in each language, where the
    site's own docs have none: a site need not write any page for the guide to be whole."""
    made = []
    for language in guide.languages.languages:
        prefix = guide.languages.prefix(language)
        if files.get_file_from_path(prefix + "index.md") is None:
            title = json.dumps(html.escape(config.site_name), ensure_ascii=False)
            content = f"---\ntitle: {title}\n---\n\n{HOME_PLACEHOLDER}\n"
            made.append(File.generated(config, prefix + "index.md", content=content))
        if files.get_file_from_path(prefix + search.SEARCH_PAGE) is None:
            words = label(language, "search")
            content = f"---\ntitle: {json.dumps(words, ensure_ascii=False)}\ntemplate: search.html\n---\n\n# {words}\n"
            made.append(File.generated(config, prefix + search.SEARCH_PAGE, content=content))
    return made
