"""A page of the guide as MkDocs holds it: its HTML is rendered already, so MkDocs reads no
front matter and converts no Markdown for it.

MkDocs makes a `Page` for every Markdown file and, for each, parses its front matter (YAML)
and builds a Python-Markdown converter with every extension of mkdocs.yml, even for an
empty text: a millisecond a page, a tenth of a warm build of 10,000 pages. MkDocs lets a
plugin give a file its own `Page` (`File.page`, kept by the navigation), so the plugin's
files get a `GuidePage` in `on_files`: its title, its `hide:` and its HTML come from the
`GeneratedPage`, its table of contents from the page's headings.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..rendering.pages import GeneratedPage


class GuidePage(Page):
    """A city, site, route or sheet page: what MkDocs would have read of its front matter and
    made of its Markdown, given directly."""

    def __init__(self, generated: GeneratedPage, file: File, config: MkDocsConfig) -> None:
        super().__init__(None, file, config)
        self.generated = generated

    def read_source(self, config: MkDocsConfig) -> None:
        """Its front matter (`GeneratedPage.meta`), without reading it."""
        self.markdown = ""
        self.meta = self.generated.meta()

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Its HTML, headings and anchors, as MkDocs' Markdown conversion would have set them."""
        self.content = self.generated.html
        self.toc = get_toc(toc_tokens(self.generated))
        self.present_anchor_ids = {heading.id for heading in self.generated.headings}
        self.links_to_anchors = {}


def toc_tokens(page: GeneratedPage) -> list:
    """A generated page's headings as the tokens of MkDocs' table of contents: h3 inside the h2 above."""
    tokens: list = []
    for heading in page.headings:
        token = {"level": heading.level, "id": heading.id, "name": heading.title, "children": []}
        if heading.level > 2 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens
