"""On a network of more than 12 cities, a page's navigation lists its own city only."""

from __future__ import annotations

import sys
from html.parser import HTMLParser

from city_classroom.mkdocs_plugin.navigation import CITIES_IN_EVERY_NAV_UP_TO
from city_factory import project_config
from support import REPO, make_project, mkdocs_build

sys.path.insert(0, str(REPO / "bench"))
from network import Shape, write_network


class _PrimaryNav(HTMLParser):
    """The links inside Material's primary navigation (`nav.md-nav--primary`, nested navs included)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav" and (self.depth or "md-nav--primary" in (a.get("class") or "")):
            self.depth += 1
        elif tag == "a" and self.depth and a.get("href"):
            self.links.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self.depth:
            self.depth -= 1


def _nav_links(page) -> list[str]:
    parser = _PrimaryNav()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def _build(tmp_path, count: int):
    cities = write_network(tmp_path / "cities", Shape(cities=count, sites=3, routes=0))
    project = make_project(tmp_path / "project", cities)
    project_config(project, ["en"], search=False)
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def _cities_in_nav(site, number: int) -> set[str]:
    links = _nav_links(site / f"city-{number:03d}" / "sites" / "heritage-001" / "index.html")
    assert "../food-002/" in links  # its own city's pages are listed
    return {part for link in links for part in link.split("/") if part.startswith("city-")}


def test_a_small_network_lists_every_city(tmp_path):
    site = _build(tmp_path, 3)
    assert _cities_in_nav(site, 1) == {"city-002", "city-003"}  # its own city's links are relative


def test_each_page_of_a_large_network_lists_only_its_own_city(tmp_path):
    count = CITIES_IN_EVERY_NAV_UP_TO + 2
    site = _build(tmp_path, count)
    for number in (1, count):
        assert _cities_in_nav(site, number) == set()
