"""Search without a browser: the copy of the pages that Pagefind reads.

The copy keeps only what Pagefind indexes of a page (its language and its content's
article), so marking the word breaks reads a fifth of the bytes. These tests show that the
index is the same, byte for byte, as the index of the whole pages, and what the copy keeps.
"""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from city_classroom.mkdocs_plugin import search
from city_classroom.mkdocs_plugin.build_cache import BuildCache
from city_classroom.mkdocs_plugin.word_breaks import break_words_in_page


def _differences(left: Path, right: Path) -> list[str]:
    """Every file that is in one folder and not the other, or differs, below both."""
    compared = filecmp.dircmp(left, right)
    found = [*compared.left_only, *compared.right_only, *compared.diff_files, *compared.funny_files]
    for name, sub in compared.subdirs.items():
        found += [f"{name}/{path}" for path in _differences(Path(sub.left), Path(sub.right))]
    return found


def _one_pagefind(site: Path, output: Path) -> None:
    """The index as one Pagefind makes it over the whole pages (word breaks marked), as before."""
    copy = output.parent / "whole-pages"
    for page in site.rglob("*.html"):
        path = page.relative_to(site)
        if search.is_searched(path.as_posix()):
            (copy / path).parent.mkdir(parents=True, exist_ok=True)
            (copy / path).write_text(break_words_in_page(page.read_text(encoding="utf-8")), encoding="utf-8")
    command = [sys.executable, "-m", "pagefind", "--site", str(copy), "--output-path", str(output)]
    subprocess.run([*command, "--root-selector", search.ROOT_SELECTOR, "--quiet"], check=True, capture_output=True)
    entry = output / search.ENTRY
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def test_the_index_is_the_index_one_pagefind_makes_of_the_whole_pages(repo_site, tmp_path):
    """Copies of the content only, one Pagefind per language, their entries merged: in three
    languages, hand-written and generated pages, the very same files as before."""
    site = tmp_path / "site"
    shutil.copytree(repo_site, site, ignore=shutil.ignore_patterns("pagefind"))
    search.index_site(site)
    _one_pagefind(site, tmp_path / "one")
    entry = json.loads((site / "pagefind" / search.ENTRY).read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["en", "th", "zh"]
    assert len(list((site / "pagefind" / "fragment").iterdir())) > 200  # every searched page
    assert _differences(tmp_path / "one", site / "pagefind") == []


class Kept(BuildCache):
    """The build cache, its indexes only: which languages it indexed (`indexed`)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, code="the code")

    @property
    def indexed(self) -> list[str]:
        return [made for made in self.made if made.startswith("search index")]


def _index_of(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in (site / "pagefind").rglob("*")
        if path.is_file()
    }


def test_a_language_whose_pages_did_not_change_is_not_indexed_again(repo_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(repo_site, site, ignore=shutil.ignore_patterns("pagefind"))
    kept = Kept(tmp_path / "cache")
    search.index_site(site, kept=kept)
    assert len(kept.indexed) == 3  # en, th, zh
    first = {
        path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("pagefind/**/*") if path.is_file()
    }
    shutil.rmtree(site / "pagefind")
    search.index_site(site, kept=kept)
    assert len(kept.indexed) == 3  # nothing indexed again
    again = {
        path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("pagefind/**/*") if path.is_file()
    }
    assert again == first
    page = site / "th" / "lamphun" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", "</h1><p>วัดใหม่</p>", 1), encoding="utf-8")
    shutil.rmtree(site / "pagefind")
    search.index_site(site, kept=kept)
    assert kept.indexed[3:] == ["search index th"]  # the Thai pages only
    entry = json.loads((site / "pagefind" / search.ENTRY).read_text(encoding="utf-8"))
    before = json.loads(first[f"pagefind/{search.ENTRY}"])
    assert entry["languages"]["en"] == before["languages"]["en"]
    assert entry["languages"]["th"]["hash"] != before["languages"]["th"]["hash"]


def _copies_of(site: Path, made: list[str]) -> dict[str, search.PageCopy]:
    """What a build knows of its pages' copies (as the plugin passes them), counting each one made."""

    def make(path: str, copy: str) -> str:
        made.append(path)
        return copy

    copies = {}
    for page in site.rglob("*.html"):
        path = page.relative_to(site).as_posix()
        if search.is_searched(path) and not path.startswith("pagefind/"):
            copy = search.copy_of_file(page)
            known = search.PageCopy.of(copy)
            copies[path] = search.PageCopy(known.language, known.key, partial(make, path, copy))
    return copies


def test_the_copies_of_a_language_whose_index_is_kept_are_not_even_made(repo_site, tmp_path):
    """With the copies the build knows (by key), an index is the same bytes, and a language whose
    index is kept makes none of its copies: a warm build reads only the changed language's."""
    site = tmp_path / "site"
    shutil.copytree(repo_site, site, ignore=shutil.ignore_patterns("pagefind"))
    search.index_site(site)
    from_files = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}
    shutil.rmtree(site / "pagefind")
    made: list[str] = []
    kept = Kept(tmp_path / "cache")
    copies = _copies_of(site, made)
    search.index_site(site, copies, kept)
    assert {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()} == (
        from_files
    )
    assert sorted(made) == sorted(copies)  # the first time, every copy
    made.clear()
    thai = "th/lamphun/index.html"
    copies[thai] = search.PageCopy("th", "another key", copies[thai].make)
    shutil.rmtree(site / "pagefind")
    search.index_site(site, copies, kept)
    assert made and all(path.startswith("th/") for path in made)  # English and Chinese kept: none of theirs made


def test_a_kept_index_changed_through_the_site_is_made_again(repo_site, tmp_path):
    """A kept index's files are linked into the site, so a step after the build that rewrote
    one in place changed the cache's too: the next build finds it changed and indexes that
    language again, and the site gets the index as Pagefind made it, not the rewritten one."""
    site = tmp_path / "site"
    shutil.copytree(repo_site, site, ignore=shutil.ignore_patterns("pagefind"))
    kept = Kept(tmp_path / "cache")
    search.index_site(site, kept=kept)
    first = _index_of(site)
    thai = next(path for path in (site / "pagefind" / "fragment").iterdir() if path.name.startswith("th_"))
    assert thai.stat().st_nlink == 2  # the site's file is the cache's
    with thai.open("r+b") as file:  # as an in-place minifier would
        file.write(b"tampered")
    shutil.rmtree(site / "pagefind")
    search.index_site(site, kept=kept)
    assert kept.indexed[3:] == ["search index th"]
    assert _index_of(site) == first


def test_a_page_in_another_language_than_the_guide_says_is_refused(repo_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(repo_site, site, ignore=shutil.ignore_patterns("pagefind"))
    copies = _copies_of(site, [])
    thai = "th/lamphun/index.html"
    copies[thai] = search.PageCopy("en", copies[thai].key, copies[thai].make)
    with pytest.raises(search.SearchError, match=r"th/lamphun/index.html: its <html lang> is `th`.*in `en`"):
        search.index_site(site, copies)


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
