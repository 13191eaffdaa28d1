"""The MkDocs plugin: a thin adapter from MkDocs' events to load → validate → plan → render.

Each hook hands its work to a plain function of another module; those functions are
what the tests call without MkDocs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import assets, navigation, search, serving
from .build import Guide, build_guide
from .config import CityClassroomConfig
from .i18n import LANGUAGE_NAMES
from .pages import HOME_PLACEHOLDER, MAP_PLACEHOLDER, page_language
from .problems import report

log = logging.getLogger("mkdocs.plugins.city-classroom")


class CityClassroomPlugin(BasePlugin[CityClassroomConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.guide: Guide | None = None
        self.navigation: navigation.SiteNavigation | None = None
        self.page_uris: set[str] = set()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        cities_dir = Path(config.config_file_path or ".").parent / self.config.cities_dir
        guide, problems = build_guide(cities_dir, self.config, site_url=config.site_url or "")
        for problem in problems:
            if problem.severity == "warning":
                log.warning(str(problem))
        if guide is None:
            raise PluginError("the city files have errors; nothing was built:\n"
                              + report([p for p in problems if p.severity == "error"]))
        self.guide = guide
        config.extra_css[:0] = assets.stylesheets()
        config.extra_javascript[:0] = assets.scripts()
        config.extra["alternate"] = [{"name": LANGUAGE_NAMES.get(lang, lang), "lang": lang,
                                      "link": "./" if i == 0 else f"{lang}/"}
                                     for i, lang in enumerate(self.config.languages)]
        return config

    @event_priority(-50)  # after other plugins have listed their files
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.guide is not None
        for page in self.guide.pages:
            files.append(File.generated(config, page.src_uri, content=page.markdown,
                                        inclusion=InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV))
        for uri, content in self.guide.downloads.items():
            files.append(File.generated(config, uri, content=content))
        for asset in assets.vendor_assets():
            files.append(File.generated(config, asset.dest_uri, abs_src_path=str(asset.source)))
        self.page_uris = {file.src_uri for file in files.documentation_pages()}
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        assert self.guide is not None
        self.navigation = navigation.SiteNavigation(nav, self.config.languages, self.guide.guides)
        serving.begin(config, nav, files, self.guide.pages)
        return nav

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.guide is not None
        if HOME_PLACEHOLDER in markdown:
            markdown = markdown.replace(HOME_PLACEHOLDER, self.guide.home_markdown(page.file.src_uri))
        serving.reuse(page, markdown, self.guide.map_for(page.file.src_uri), self.guide.json_ld_for(page.file.src_uri))
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.guide is not None
        map_html = self.guide.map_for(page.file.src_uri)
        return html.replace(MAP_PLACEHOLDER, map_html) if map_html else html

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav: Navigation):
        assert self.guide is not None
        language = page_language(page.file.src_uri, self.config.languages)
        page.meta["lang"] = language
        if self.navigation is not None:
            context["nav"] = self.navigation.for_page(page)
        context["cc_language"] = language
        context["cc_alternates"] = self.guide.alternates(page.file.src_uri, self.page_uris)
        context["cc_search"] = self.guide.search_link(page.file.src_uri, self.page_uris)
        context["cc_json_ld"] = self.guide.json_ld_for(page.file.src_uri)
        serving.context(page, context)
        return context

    def on_serve(self, server, config: MkDocsConfig, builder):
        server.watch(str(Path(config.config_file_path or ".").parent / self.config.cities_dir))
        return server

    def on_startup(self, *, command: str, dirty: bool) -> None:
        serving.start(command)

    def on_shutdown(self) -> None:
        serving.stop()

    # Under `mkdocs serve` only (serving.py): pages whose inputs did not change come from the previous build.
    def on_pre_build(self, config: MkDocsConfig) -> None:
        serving.before_build(config.site_dir)

    def on_env(self, env, config: MkDocsConfig, files: Files):
        serving.add_template(env)
        return env

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        serving.keep(page)
        from . import csp  # the page's Content-Security-Policy, first in its <head>

        return csp.with_policy(output, self.config.tiles)

    def on_build_error(self, error: Exception) -> None:
        serving.finish(succeeded=False)

    def on_post_build(self, config: MkDocsConfig) -> None:
        serving.finish(succeeded=True)
        if self.config.search:
            serving.index(Path(config.site_dir), search.index_site)
