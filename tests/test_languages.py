"""Every page of the repository's site, in its three languages: <html lang>, hreflang links,
the header's search link, and heading ids that stay the same from one language to another."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

LANGUAGES = ("en", "th", "zh")
ALTERNATE = re.compile(r'<link rel="([^"]*)" hreflang="([\w-]+)" href="([^"]*)">')


def pages_of(site: Path) -> dict[str, dict[str, str]]:
    """Every page by its path without the language folder: neutral path → language → HTML."""
    found: dict[str, dict[str, str]] = {}
    for file in site.rglob("index.html"):
        path = file.relative_to(site).as_posix()
        if path.startswith(("pagefind/", "assets/")):
            continue
        head = path.split("/", 1)[0]
        language, neutral = (head, path.split("/", 1)[1]) if head in LANGUAGES[1:] else ("en", path)
        found.setdefault(neutral, {})[language] = file.read_text(encoding="utf-8")
    return found


def located(language: str, neutral: str) -> str:
    return neutral if language == "en" else f"{language}/{neutral}"


def follow(from_path: str, href: str) -> str:
    """Where a relative link of the page at `from_path` (…/index.html) leads, as a file path."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_path), href, "index.html"))


def test_every_page_is_built_in_every_language(repo_site):
    pages = pages_of(repo_site)
    assert len(pages) > 60
    missing = [neutral for neutral, by_language in pages.items() if set(by_language) != set(LANGUAGES)]
    assert missing == []


def test_every_page_carries_its_language(repo_site):
    wrong = [
        (language, neutral)
        for neutral, by_language in pages_of(repo_site).items()
        for language, html in by_language.items()
        if f'<html lang="{language}"' not in html
    ]
    assert wrong == []
    assert '<html lang="en"' in (repo_site / "404.html").read_text(encoding="utf-8")


def test_every_page_links_to_itself_in_every_language(repo_site):
    for neutral, by_language in pages_of(repo_site).items():
        for language, html in by_language.items():
            here = located(language, neutral)
            links = {lang: href for rel, lang, href in ALTERNATE.findall(html) if "alternate" in rel.split()}
            assert set(links) == set(LANGUAGES), here
            for other, href in links.items():
                assert follow(here, href) == located(other, neutral), (here, other, href)


def test_the_header_links_to_the_search_page_of_the_page_language(repo_site):
    for neutral, by_language in pages_of(repo_site).items():
        for language, html in by_language.items():
            here = located(language, neutral)
            href = re.search(r'<a href="([^"]*)" class="md-header__button md-icon cc-search-button"', html)
            assert href, here
            assert follow(here, href[1]) == located(language, "search/index.html"), here


def test_heading_ids_are_ascii_and_the_same_in_every_language(repo_site):
    """A link to a part of a page (…/#learn) works whatever the reader's language."""
    kinds = set()
    for neutral, by_language in pages_of(repo_site).items():
        ids = {}
        for language, html in by_language.items():
            article = html.split("<article", 1)[1].split("</article>", 1)[0]
            ids[language] = re.findall(r'<h[1-6][^>]*\sid="([^"]*)"', article)
        assert ids["en"] == ids["th"] == ids["zh"], neutral
        assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", anchor) for anchor in ids["en"]), (neutral, ids["en"])
        kinds.add(neutral.split("/")[1] if neutral.count("/") >= 2 else neutral)
    assert {"sites", "routes", "index.html", "about/index.html", "search/index.html"} <= kinds
