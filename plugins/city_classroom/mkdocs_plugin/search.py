"""Search: a Pagefind index of the built site, so that Thai and Chinese words are found.

Material's own search splits words on spaces only, and Thai has none: every Thai
query found nothing (field notes). Pagefind splits words by each page's
`<html lang>` at index time, and its index comes in chunks, so a phone fetches
only what a query needs. It reads a copy of the pages in which the word breaks of Thai and
Chinese are marked as the reader's browser splits a query (see word_breaks).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from fnmatch import fnmatch
from pathlib import Path

from . import csp
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


Copies = Callable[[str, Callable[[str], str]], str]
"""`copies(page, make)`: the copy Pagefind reads of a page, `make(page)` or one kept (build_cache)."""


def index_site(site_dir: Path, copies: Copies | None = None) -> None:
    """Write `pagefind/` into the built site."""
    with tempfile.TemporaryDirectory(prefix="city-classroom-search-") as copy:
        _copy_pages(site_dir, Path(copy), copies)
        command = [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            copy,
            "--output-path",
            str(site_dir / "pagefind"),
            "--root-selector",
            ROOT_SELECTOR,
            "--quiet",
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchError(f"Pagefind could not index the site:\n{result.stdout}\n{result.stderr}")
    _sort_entry(site_dir / "pagefind" / "pagefind-entry.json")


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
    content = page[start : page.index(">", end) + 1] if ">" in page[end:] else page[start:]
    return f"<!doctype html>{html_tag[0]}{head}<body>{break_words_in_page(content)}</body></html>"


def is_searched(path: str) -> bool:
    """Whether Pagefind indexes the page written at `path` (relative to the site): not the UNSEARCHED."""
    return not any(fnmatch(path, pattern) for pattern in UNSEARCHED)


def _copy_pages(site_dir: Path, copy: Path, copies: Copies | None = None) -> None:
    """Every page of the site but the UNSEARCHED, with the word breaks of its Thai and Chinese marked."""
    for page in sorted(site_dir.rglob("*.html")):
        if not is_searched(page.relative_to(site_dir).as_posix()):
            continue
        target = copy / page.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = page.read_text(encoding="utf-8")
        target.write_text(copies(text, search_copy) if copies else search_copy(text), encoding="utf-8")


def _sort_entry(entry: Path) -> None:
    """Pagefind lists the languages in its entry file in a random order: sort it, for identical builds."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
