"""Search: a Pagefind index of the built site, so that Thai and Chinese words are found.

Material's own search splits words on spaces only, and Thai has none: every Thai
query found nothing (field notes). Pagefind splits words by each page's
`<html lang>` at index time, and its index comes in chunks, so a phone fetches
only what a query needs. It reads a copy of the pages in which the word breaks of Thai and
Chinese are marked as the reader's browser splits a query (see word_breaks).
"""

from __future__ import annotations

import filecmp
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import partial
from pathlib import Path
from typing import Protocol

from . import csp, publishing
from .word_breaks import break_words_in_page

ROOT_SELECTOR = "article.md-content__inner"
"""Only the page's own text is indexed, not the navigation around it."""

UNSEARCHED = ("404.html", "*/sheet/index.html", "*/plaques/index.html")
"""Pages left out of the index: the error page, and the printable sheets, which repeat the
walk and city pages (a sheet ranked above its own walk)."""

SEARCH_PAGE = "search.md"
"""The hand-written search page of each language: `content/search.md`, `content/th/search.md`, ..."""


class SearchError(RuntimeError):
    """Pagefind could not index the built site."""


@dataclass(frozen=True)
class PageCopy:
    """The copy Pagefind reads of one page, made (or found in the build cache) only if its
    language is indexed: `key` names its bytes, so a language's index key needs no copy.
    `make` gives the copy's text, or the file that holds it (the build cache's), which is
    linked into Pagefind's folder rather than written again."""

    language: str
    key: str
    make: Callable[[], str | Path]

    @classmethod
    def of(cls, copy: str, language: str | None = None) -> PageCopy:
        """A copy made already, named by its bytes; its language read from it unless given."""
        key = hashlib.sha256(copy.encode("utf-8", "surrogatepass")).hexdigest()
        return cls(page_language(copy) if language is None else language, key, partial(str, copy))


class KeptIndexes(Protocol):
    """Where each language's index is kept between builds (build_cache.BuildCache): a
    Pagefind output folder, moved into the cache when made, found there by key."""

    def kept_index(self, key: str, language: str) -> Path | None: ...

    def keep_index(self, key: str, made: Path) -> Path: ...


def index_site(site_dir: Path, copies: Mapping[str, PageCopy] | None = None, kept: KeptIndexes | None = None) -> None:
    """Write `pagefind/` into the built site: one index per language, as Pagefind makes them.

    Pagefind keeps each language in an index of its own (its files named by language and
    content), so each language is indexed by a Pagefind of its own, all at once (on both
    cores where there are two), and their entry files are merged: the same files, byte for
    byte, as one Pagefind over the whole site (tests/test_search.py). `copies`: what the
    build knows of its pages' copies, by their path in the site; any other HTML file of the
    site is read. With `kept`, a language whose copies did not change since a build before
    is not indexed again (its copies are not even made): an edit of a Thai text re-indexes
    the Thai pages only. Pagefind works in a folder beside the site, so that the copies and
    the index's files are linked, not copied, where the disk allows (`publishing.place`)."""
    made: dict[str, Path] = {}
    running: dict[str, tuple[str, Callable[[], Path]]] = {}
    with tempfile.TemporaryDirectory(prefix=".city-classroom-search-", dir=site_dir.parent) as work:
        for number, (language, pages) in enumerate(_pages_by_language(site_dir, copies or {}).items()):
            key = index_key(pages)
            index = kept.kept_index(key, language) if kept is not None else None
            if index is None:
                running[language] = (key, _start_pagefind(Path(work) / str(number), _made(language, pages)))
            else:
                made[language] = index
        for language, (key, finish) in running.items():
            made[language] = kept.keep_index(key, finish()) if kept is not None else finish()
        _write_merged(site_dir / "pagefind", [made[language] for language in sorted(made)])


def index_key(pages: Mapping[str, PageCopy]) -> str:
    """What one language's index depends on: its copies and where they are (the build cache
    adds Pagefind's version, with the code's)."""
    hasher = hashlib.sha256(f"{ROOT_SELECTOR}\0".encode())
    for path in sorted(pages):
        hasher.update(f"{path}\0{pages[path].key}\0".encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()


_LANG = re.compile(r"""<html\b[^>]*?\slang\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)


def page_language(copy: str) -> str:
    """The language Pagefind reads from a page: its `<html lang>` (lower case; "" for none)."""
    found = _LANG.search(copy)
    return found[1].lower() if found else ""


def copy_of_file(page: Path) -> str:
    """The copy Pagefind reads of a page written in the site (or kept by the build cache)."""
    return search_copy(page.read_text(encoding="utf-8"))


def _pages_by_language(site_dir: Path, copies: Mapping[str, PageCopy]) -> dict[str, dict[str, PageCopy]]:
    """Every searched page of the site, by its language, by its path in the site: those the
    build knows from `copies`; any other HTML file (a site's own static page) read now."""
    languages: dict[str, dict[str, PageCopy]] = {}
    for page in sorted(site_dir.rglob("*.html")):
        path = page.relative_to(site_dir).as_posix()
        if not is_searched(path):
            continue
        known = copies.get(path) or PageCopy.of(copy_of_file(page))
        languages.setdefault(known.language, {})[path] = known
    return languages


def _made(language: str, pages: Mapping[str, PageCopy]) -> dict[str, str | Path]:
    """The copies of one language's pages, each checked to be in that language (the plugin
    names a page's language, Pagefind reads it from the page: a theme override that set
    another `<html lang>` would put it in another language's index)."""
    made = {}
    for path, page in pages.items():
        copy = page.make()
        said = page_language(copy if isinstance(copy, str) else copy.read_text(encoding="utf-8"))
        if said != language:
            raise SearchError(f"{path}: its <html lang> is `{said}`, the guide has it in `{language}`")
        made[path] = copy
    return made


def _start_pagefind(folder: Path, pages: dict[str, str | Path]) -> Callable[[], Path]:
    """Start Pagefind on the copies of one language; the function returned waits for its index
    (the folder Pagefind wrote it in)."""
    for parent in sorted({(folder / "site" / path).parent for path in pages}):
        parent.mkdir(parents=True, exist_ok=True)
    for path, copy in pages.items():
        if isinstance(copy, str):
            (folder / "site" / path).write_text(copy, encoding="utf-8")
        else:
            publishing.place(copy, folder / "site" / path)
    output = folder / "pagefind"
    command = [sys.executable, "-m", "pagefind", "--site", str(folder / "site"), "--output-path", str(output)]
    process = subprocess.Popen(
        [*command, "--root-selector", ROOT_SELECTOR, "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def finish() -> Path:
        out, err = process.communicate()
        if process.returncode != 0:
            raise SearchError(f"Pagefind could not index the site:\n{out}\n{err}")
        return output

    return finish


def _write_merged(folder: Path, indexes: list[Path]) -> None:
    """The languages' indexes (Pagefind's output folders) as one: their files side by side,
    linked where the disk allows, and one entry file listing them all.

    Each run writes the same scripts and the same entry but for its `languages`; two runs
    that wrote the same file differently, or the same language twice, are refused."""
    files: dict[str, Path] = {}
    entry: dict = {}
    for index in indexes:
        own = json.loads((index / ENTRY).read_bytes())
        languages = entry.setdefault("languages", {})
        if set(languages) & set(own.get("languages", {})):
            raise SearchError(f"two runs of Pagefind indexed the same language: {sorted(own['languages'])}")
        entry = {**own, "languages": {**languages, **own.get("languages", {})}}
        for file in _files_of(index):
            path = file.relative_to(index).as_posix()
            if path == ENTRY:
                continue
            if path in files and not filecmp.cmp(files[path], file, shallow=False):
                raise SearchError(f"two runs of Pagefind wrote {path} differently")
            files.setdefault(path, file)
    for parent in sorted({(folder / path).parent for path in files} | {folder}):
        parent.mkdir(parents=True, exist_ok=True)
    for path, file in sorted(files.items()):
        publishing.place(file, folder / path)
    merged = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (folder / ENTRY).write_text(merged, encoding="utf-8")


def _files_of(index: Path) -> list[Path]:
    """Every file of a Pagefind output folder, in order."""
    return sorted(file for file in index.rglob("*") if file.is_file())


ENTRY = "pagefind-entry.json"
"""Pagefind's list of the languages and their indexes (written sorted: Pagefind lists them at random)."""


_CONTENT_START = '<article class="md-content__inner'
"""How Material writes the start of ROOT_SELECTOR's element (see csp._ARTICLE)."""
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_TITLE = re.compile(r"<title\b[^>]*>.*?</title\s*>", re.IGNORECASE | re.DOTALL)


def search_copy(page: str) -> str:
    """The copy of a page that Pagefind reads: what it indexes of the page, word breaks marked.

    Pagefind reads the page's language from `<html lang>` and everything else (text, title,
    headings, anchors, meta) from the ROOT_SELECTOR element; the copy keeps those and drops
    the navigation, header and footer around them, four fifths of a page's bytes, so that
    marking the word breaks reads a fifth as much (tests/test_search.py: the same index, byte
    for byte, as from the whole pages). A page that is not laid out as Material lays out its
    content (no such article) is copied whole."""
    start = page.find(_CONTENT_START)
    end = csp.last_article_end(page)
    html_tag = _HTML_TAG.search(page)
    if start < 0 or end < start or html_tag is None or html_tag.start() > start:
        return break_words_in_page(page)
    title = _TITLE.search(page, 0, start)
    head = f'<head><meta charset="utf-8">{title[0] if title else ""}</head>'
    close = page.find(">", end)
    content = page[start : close + 1] if close >= 0 else page[start:]
    return f"<!doctype html>{html_tag[0]}{head}<body>{break_words_in_page(content)}</body></html>"


def is_searched(path: str) -> bool:
    """Whether Pagefind indexes the page written at `path` (relative to the site): not the UNSEARCHED."""
    return not any(fnmatch(path, pattern) for pattern in UNSEARCHED)
