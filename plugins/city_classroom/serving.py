"""Under `mkdocs serve`: what the plugin does differently, so that a saved city file shows sooner.

`mkdocs serve` rebuilds the whole site on every save, with new plugin instances (and it
does not call their `on_startup` again): what lasts from one build to the next lives here.
`mkdocs build` does none of this.

* Search: Pagefind indexes the first build only, and every rebuild gets a copy of that
  index. Search works while serving, but finds the texts as they were when serving began
  (restart `mkdocs serve` to refresh it).
* Pages: a page whose inputs are all as in the previous build is not rendered again; its
  HTML is taken from that build. Its inputs are the site as a whole (mkdocs.yml, the theme
  overrides and hand-written pages, the navigation with every section title, every page's
  front matter and first heading, the set of pages) and the page's own Markdown, map and
  JSON-LD as the plugin made them. Saving one site's summary renders the pages that show
  it (the site, its city, the walks through it, their sheets); any change to the site as a
  whole renders every page.
* Cities: a city whose folder's files did not change is not planned and rendered again
  (`remembered`), and Material's templates are compiled once, not on every rebuild.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import BytecodeCache, ChoiceLoader, DictLoader
from jinja2.bccache import Bucket
from markupsafe import Markup
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.city-classroom")
T = TypeVar("T")

_kept: dict[str, Path] = {}
"""While serving: "index" → a folder holding the first build's `pagefind/` and the previous build's pages."""


def start(command: str) -> None:
    stop()
    if command == "serve":
        _kept["index"] = Path(tempfile.mkdtemp(prefix="city-classroom-serve-"))


def stop() -> None:
    _builds.previous, _builds.site, _builds.stash = {}, "", None
    _cities.clear()
    _compiled.code.clear()
    folder = _kept.pop("index", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def serving() -> bool:
    return "index" in _kept


def index(site_dir: Path, make_index: Callable[[Path], None]) -> None:
    """Index the built site; while serving, index once and copy that index into each rebuild."""
    kept = _kept.get("index")
    if kept is None:
        make_index(site_dir)
        return
    if (kept / "pagefind").is_dir():
        shutil.copytree(kept / "pagefind", site_dir / "pagefind", dirs_exist_ok=True)
        log.info("Search: the index of the first build is reused while serving; restart to refresh it")
        return
    make_index(site_dir)
    shutil.copytree(site_dir / "pagefind", kept / "pagefind")


# --- pages whose every input is as in the previous build ----------------------------------

REUSE_TEMPLATE = "city-classroom-previous-build.html"


@dataclass
class _Kept:
    """What the previous build made of a page, beside its HTML (which stays in its site folder)."""

    signature: str
    dest_uri: str
    title_from_render: str | None
    anchors: set[str]
    links: dict[str, dict[str, str]]
    """Links to anchors in other pages, by the page's src_uri (File objects do not outlive a build)."""


@dataclass
class _Builds:
    site: str = ""
    previous: dict[str, _Kept] = field(default_factory=dict)
    pending: dict[str, _Kept] = field(default_factory=dict)
    signatures: dict[str, str] = field(default_factory=dict)
    reused: dict[str, _Kept] = field(default_factory=dict)
    stash: Path | None = None
    last: tuple[int, int] = (0, 0)


_builds = _Builds()


def _hash(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _tree(folder: str | Path) -> list[tuple[str, int, int]]:
    out = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            out.append((path, stat.st_mtime_ns, stat.st_size))
    return out


def _nav(items: list) -> list:
    out: list = []
    for item in items:
        if isinstance(item, Section):
            out.append(("section", str(item.title), _nav(item.children)))
        elif isinstance(item, Page):
            out.append(("page", item.file.src_uri))
        else:
            out.append(("link", str(getattr(item, "title", "")), str(getattr(item, "url", ""))))
    return out


_HEADING = re.compile(r"^#\s.*$", re.MULTILINE)


def _head(markdown: str) -> tuple[str, str]:
    """A generated page's front matter and first heading: what the navigation shows of it."""
    front = markdown.split("\n---", 2)[0] if markdown.startswith("---") else ""
    heading = _HEADING.search(markdown)
    return front, heading.group(0) if heading else ""


def before_build(site_dir: str) -> None:
    """Move the previous build's pages aside before MkDocs empties the site folder (serving only)."""
    if not serving() or not _builds.previous or not os.path.isdir(site_dir):
        _builds.previous, _builds.stash = {}, None
        return
    stash = _kept["index"] / "previous-site"
    shutil.rmtree(stash, ignore_errors=True)
    shutil.move(site_dir, stash)
    os.makedirs(site_dir, exist_ok=True)
    _builds.stash = stash


def begin(config, nav, files, generated: list) -> None:
    """The signature of the site as a whole, once the navigation is made."""
    _builds.pending, _builds.signatures, _builds.reused = {}, {}, {}
    if not serving():
        return
    config_file = Path(config.config_file_path or "mkdocs.yml")
    site = _hash(config_file.read_text(encoding="utf-8") if config_file.is_file() else "",
                 config.site_url, _tree(config.theme.custom_dir) if config.theme.custom_dir else "", _tree(config.docs_dir),
                 _nav(nav.items), sorted(file.src_uri for file in files.documentation_pages()),
                 [(page.src_uri, _head(page.markdown)) for page in generated])
    if site != _builds.site:
        _builds.previous = {}
    _builds.site = site


def reuse(page: Page, markdown: str, map_html: str, json_ld: str) -> None:
    """Take this page from the previous build if its inputs are the same (serving only)."""
    if not serving():
        return
    uri = page.file.src_uri
    signature = _hash(_builds.site, uri, markdown, map_html, json_ld)
    _builds.signatures[uri] = signature
    kept = _builds.previous.get(uri)
    if kept is None or kept.signature != signature or _builds.stash is None \
            or not (_builds.stash / kept.dest_uri).is_file():
        return
    _builds.reused[uri] = kept
    page.meta["template"] = REUSE_TEMPLATE

    def render(config, files) -> None:  # instead of Markdown: what the previous build found in it
        page.content = ""
        page._title_from_render = kept.title_from_render
        page.present_anchor_ids = set(kept.anchors)
        page.links_to_anchors = {file: links for target, links in kept.links.items()
                                 if (file := files.get_file_from_path(target)) is not None}

    page.render = render  # type: ignore[method-assign]


def add_template(env) -> None:
    if serving():
        env.loader = ChoiceLoader([env.loader, DictLoader({REUSE_TEMPLATE: "{{ cc_previous_html }}"})])
        env.bytecode_cache = _compiled


def context(page: Page, context: dict) -> None:
    kept = _builds.reused.get(page.file.src_uri)
    if kept is not None and _builds.stash is not None:
        context["cc_previous_html"] = Markup((_builds.stash / kept.dest_uri).read_text(encoding="utf-8"))


def keep(page: Page) -> None:
    """Remember what this build made of a page, for the next (serving only)."""
    uri = page.file.src_uri
    if uri not in _builds.signatures:
        return
    links = {target.src_uri: dict(found) for target, found in (page.links_to_anchors or {}).items()}
    _builds.pending[uri] = _Kept(_builds.signatures[uri], page.file.dest_uri, page._title_from_render,
                                 set(page.present_anchor_ids or ()), links)


def finish(succeeded: bool) -> None:
    if serving():
        log.info(f"Serving: {len(_builds.reused)} of {len(_builds.signatures)} pages taken from the previous build")
    _builds.last = (len(_builds.reused), len(_builds.signatures))
    _builds.previous = _builds.pending if succeeded else {}
    _builds.pending, _builds.reused = {}, {}


def last_build() -> tuple[int, int]:
    """(pages taken from the build before, pages) of the last build."""
    return _builds.last


# --- cities whose files did not change; compiled theme templates --------------------------

_cities: dict[tuple[str, Path], tuple[str, Any]] = {}


def remembered(kind: str, folder: Path, options: Any, make: Callable[[], T]) -> T:
    """`make()`, or while serving what it gave last time for this `kind` of work on this city
    folder, if none of the folder's files (YAML, paths, images) and none of the options changed."""
    if not serving():
        return make()
    key = _hash(_tree(folder), options)
    cached = _cities.get((kind, folder))
    if cached is not None and cached[0] == key:
        return cached[1]
    value = make()
    _cities[(kind, folder)] = (key, value)
    return value


class _CompiledTemplates(BytecodeCache):
    """Material's templates compiled once per `mkdocs serve` rather than once per rebuild.

    Jinja keeps a template's source checksum with its code and compiles it again when the
    source changed (an edited override)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_compiled = _CompiledTemplates()
