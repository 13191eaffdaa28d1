"""The names a city folder cannot take: every top-level path the site itself uses.

A city's folder name is its address (`/lamphun/`): a folder named like a hand-written page
(`about`), a language (`th`) or a folder of the theme (`assets`) would take that address
over. The names come from what produces the site, not from a list kept by hand:

* the hand-written pages: every top-level entry of the docs folder (`content/`);
* the languages of the guide (`/th/`, `/zh/`);
* the theme: Material's own top-level files and folders (`assets/`, `404.html`), and the
  files MkDocs writes beside them (`sitemap.xml`);
* the plugin's own outputs at the root (`pagefind/`, the offline service worker, `data/`).

A test builds the site and checks that every top-level entry of the result is here.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

MKDOCS_OUTPUTS = frozenset({"sitemap.xml", "sitemap.xml.gz", "404.html", "search"})
"""Written by MkDocs itself (and its search plugin's `search/`), not found in any folder."""
DEFAULT_LANGUAGES = ("en", "th", "zh")
PLUGIN_OUTPUTS = frozenset({"pagefind", "offline-walks.js", "assets", "data"})
"""Written by this plugin at the site's root: the search index, the service worker, the map libraries,
the open-data package (`data/`)."""


def _theme_entries() -> frozenset[str]:
    """Material's top-level templates folder: what it copies to the site's root (`assets`, `404.html`, ...)."""
    root = resources.files("material").joinpath("templates")
    return frozenset(
        entry.name
        for entry in root.iterdir()
        if not entry.name.startswith(("_", ".")) and entry.name != "mkdocs_theme.yml"
    )


def _docs_entries(docs_dir: Path | None) -> frozenset[str]:
    if docs_dir is None or not docs_dir.is_dir():
        return frozenset()
    names = set()
    for entry in docs_dir.iterdir():
        names.add(entry.name)
        if entry.suffix == ".md":  # `about.md` is served at `/about/`, `index.md` at `/index.html`
            names.update({entry.stem, entry.stem + ".html"})
    return frozenset(names)


def site_names(docs_dir: Path | None, languages: list[str] | tuple[str, ...]) -> frozenset[str]:
    """Every top-level name the site uses, for a docs folder and the guide's languages."""
    return MKDOCS_OUTPUTS | PLUGIN_OUTPUTS | _theme_entries() | _docs_entries(docs_dir) | frozenset(languages)


def message(slug: str) -> str:
    return (
        f"the folder name `{slug}` is the city's address (/{slug}/), and the site already uses that "
        "address (a hand-written page, a language or the theme's files); rename the folder, e.g. "
        f"`{slug}-city`"
    )


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml holds tags (`!ENV`, `!!python/name`) that only MkDocs can read: here they are nothing."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def from_mkdocs_yml(config_file: Path) -> frozenset[str]:
    """The names the site of a mkdocs.yml uses, read without MkDocs (for `check`): its docs
    folder and the plugin's languages (the defaults where the file cannot be read)."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}
    except (OSError, yaml.YAMLError):
        return site_names(None, DEFAULT_LANGUAGES)
    docs_dir = config_file.parent / str(config.get("docs_dir") or "docs")
    languages = list(DEFAULT_LANGUAGES)
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("city-classroom"), dict):
            languages = list(plugin["city-classroom"].get("languages") or languages)
    return site_names(docs_dir, languages)
