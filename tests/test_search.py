"""Search without a browser: the copy of the pages that Pagefind reads.

The copy keeps only what Pagefind indexes of a page (its language and its content's
article), so marking the word breaks reads a fifth of the bytes. These tests show that the
index is the same, byte for byte, as the index of the whole pages, and what the copy keeps.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from city_classroom.mkdocs_plugin import search
from city_classroom.mkdocs_plugin.word_breaks import break_words_in_page


def _differences(left: Path, right: Path) -> list[str]:
    """Every file that is in one folder and not the other, or differs, below both."""
    compared = filecmp.dircmp(left, right)
    found = [*compared.left_only, *compared.right_only, *compared.diff_files, *compared.funny_files]
    for name, sub in compared.subdirs.items():
        found += [f"{name}/{path}" for path in _differences(Path(sub.left), Path(sub.right))]
    return found


def test_the_index_of_the_copies_is_the_index_of_the_whole_pages(repo_site, tmp_path):
    """Three languages, hand-written and generated pages: Pagefind writes the very same files."""
    whole, copied = tmp_path / "whole", tmp_path / "copied"
    for folder, copy in ((whole, lambda page, make: break_words_in_page(page)), (copied, None)):
        shutil.copytree(repo_site, folder, ignore=shutil.ignore_patterns("pagefind"))
        search.index_site(folder, copy)
    assert (copied / "pagefind" / "pagefind-entry.json").is_file()
    fragments = list((copied / "pagefind" / "fragment").iterdir())
    assert len(fragments) > 200  # every searched page of the three languages
    assert _differences(whole / "pagefind", copied / "pagefind") == []


def test_the_copy_keeps_the_language_the_title_and_the_content_only(repo_site):
    page = (repo_site / "th" / "lamphun" / "index.html").read_text(encoding="utf-8")
    copy = search.search_copy(page)
    assert copy.startswith('<!doctype html><html lang="th"')
    assert "<title>" in copy and 'class="md-content__inner' in copy
    assert "md-nav" not in copy and "md-footer" not in copy and "<script" not in copy.split("<article", 1)[0]
    assert len(copy) < len(page) / 2  # a city page: most of it is its content, the list of its sites
    assert "\u200b" in copy  # the Thai word breaks are marked


def test_a_page_without_the_content_article_is_copied_whole():
    page = '<html lang="en"><head><title>x</title></head><body><main><h1>Not Material</h1></main></body></html>'
    assert search.search_copy(page) == break_words_in_page(page)
    assert search.search_copy('<article class="md-content__inner"><h1>No html tag</h1></article>') == (
        break_words_in_page('<article class="md-content__inner"><h1>No html tag</h1></article>')
    )
