"""A real `mkdocs build` of the fixture city, with assertions on the HTML it wrote."""

from __future__ import annotations

import filecmp
import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from support import FIXTURE_CITIES, REPO, make_project, mkdocs_build, plugin_options


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_page_of_every_language_is_built(fixture_site):
    for prefix in ("", "th/", "zh/"):
        assert (fixture_site / f"{prefix}riverton/index.html").is_file()
        for site_id in ("old-temple", "museum", "third-temple", "noodle-shop", "weaving-house"):
            assert (fixture_site / f"{prefix}riverton/sites/{site_id}/index.html").is_file()
        for route_id in ("temple-walk", "river-path"):
            assert (fixture_site / f"{prefix}riverton/routes/{route_id}/index.html").is_file()


def test_downloads_are_written_once(fixture_site):
    for path in (
        "riverton/riverton.geojson",
        "riverton/events.ics",
        "riverton/routes/temple-walk.gpx",
        "riverton/routes/temple-walk.geojson",
    ):
        assert (fixture_site / path).is_file(), path
    assert not (fixture_site / "th/riverton/events.ics").exists()


def test_route_page_shows_stops_legs_and_totals(fixture_site):
    html = read(fixture_site, "riverton/routes/temple-walk/index.html")
    stops = re.findall(
        r'<a href="\.\./\.\./sites/([a-z-]+)/\?walk=temple-walk">', html.split('id="stops"')[1].split('id="legs"')[0]
    )
    assert stops == ["old-temple", "museum", "third-temple"]
    assert "Relaxed pace" in html and "Standard pace" in html
    assert "straight lines between stops × 1.3" in html
    river = read(fixture_site, "riverton/routes/river-path/index.html")
    assert "follow the drawn path" in river


def test_site_page_is_a_learning_card(fixture_site):
    html = read(fixture_site, "riverton/sites/old-temple/index.html")
    for anchor in ("learn", "story", "access", "hours", "events", "routes", "nearby", "directions", "links"):
        assert f'id="{anchor}"' in html, anchor
    assert "Look at the roof." in html and "Ask a grandparent about it." in html
    assert "openstreetmap.org/?mlat=18.5773&amp;mlon=99.0081" in html
    assert 'href="../../routes/temple-walk/"' in html


def test_pages_carry_their_language(fixture_site):
    assert '<html lang="th"' in read(fixture_site, "th/riverton/index.html")
    assert '<html lang="zh"' in read(fixture_site, "zh/riverton/index.html")
    assert '<html lang="en"' in read(fixture_site, "riverton/index.html")
    zh = read(fixture_site, "zh/riverton/sites/old-temple/index.html")
    assert '<div lang="en">' in zh  # the fixture has no Chinese: English is shown, marked as such
    assert "尚无中文版本" in zh


def test_heading_ids_are_ascii_and_the_same_in_every_language(fixture_site):
    ids = []
    for prefix in ("", "th/", "zh/"):
        html = read(fixture_site, f"{prefix}riverton/sites/old-temple/index.html")
        ids.append(re.findall(r'<h2 id="([^"]+)"', html))
    assert ids[0] == ids[1] == ids[2]
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids[0])


def test_a_page_carries_only_its_own_language_in_the_navigation(fixture_site):
    html = read(fixture_site, "th/riverton/index.html")
    nav = html.split('class="md-nav md-nav--primary"')[1].split("</nav>")[0]
    assert "ริเวอร์ตัน" in nav
    assert "Riverton" not in nav


def test_hreflang_alternates_lead_to_the_same_page(fixture_site):
    html = read(fixture_site, "th/riverton/sites/museum/index.html")
    links = dict(re.findall(r'<link rel=" alternate" hreflang="(\w+)" href="([^"]+)"', html))
    assert links == {
        "en": "../../../../riverton/sites/museum/",
        "th": "./",
        "zh": "../../../../zh/riverton/sites/museum/",
    }


def test_a_city_error_stops_the_build_and_writes_nothing(tmp_path):
    cities = tmp_path / "cities"
    shutil.copytree(FIXTURE_CITIES, cities)
    sites = cities / "riverton" / "sites.yml"
    sites.write_text(sites.read_text(encoding="utf-8").replace("lat: 18.5773", "lat: 199.2"), encoding="utf-8")
    project = make_project(tmp_path / "project", cities)
    result = mkdocs_build(project, project / "site")
    assert result.returncode != 0
    assert re.search(r"cities/riverton/sites\.yml:\d+:\d+: sites\[0\]\.lat: 199\.2 is not a latitude", result.stderr)
    assert not (project / "site").exists()


def test_two_builds_are_byte_identical(fixture_site, tmp_path):
    project = make_project(tmp_path / "again", FIXTURE_CITIES)
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    comparison = filecmp.dircmp(fixture_site, project / "site")
    differing = _differences(comparison)
    assert differing == []


def _differences(comparison: filecmp.dircmp, prefix: str = "") -> list[str]:
    found = [prefix + name for name in comparison.left_only + comparison.right_only]
    _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
    found += [prefix + name for name in mismatch + errors]
    for name, sub in comparison.subdirs.items():
        found += _differences(sub, f"{prefix}{name}/")
    return found


def test_the_repository_builds_strictly(repo_site):
    for city in ("lamphun", "tak", "shanghai"):
        assert (repo_site / city / "index.html").is_file()
    assert (repo_site / "pagefind" / "pagefind.js").is_file()
    assert REPO.joinpath("mkdocs.yml").is_file()


def test_two_builds_of_the_repository_are_byte_identical(repo_site, tmp_path):
    """The repository's own site built a second time (about 20 s): the same bytes, maps and search included."""
    again = tmp_path / "site"
    result = mkdocs_build(REPO, again)
    assert result.returncode == 0, result.stderr
    assert _differences(filecmp.dircmp(repo_site, again)) == []
    route = (again / "lamphun/routes/queen-chamadevi-trail/index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="cc-map cc-map-route" id="map_\d+"', route)  # counted, not random


class _ParsedHeadings(HTMLParser):
    """The h2 and h3 with an id, read by an HTML parser: what `pages.headings` must find."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._open: tuple[int, str] | None = None
        self._words: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3") and dict(attrs).get("id"):
            self._open, self._words = (int(tag[1]), str(dict(attrs)["id"])), []

    def handle_data(self, data):
        if self._open:
            self._words.append(data)

    def handle_endtag(self, tag):
        if self._open and tag == f"h{self._open[0]}":
            self.found.append((*self._open, html.escape(" ".join("".join(self._words).split()))))
            self._open = None


def test_the_headings_of_every_generated_page_are_what_a_parser_reads():
    from city_classroom.guide import build_guide
    from city_classroom.rendering.pages import headings

    guide, problems = build_guide(REPO / "cities", plugin_options(), site_url="https://example.org/")
    assert guide is not None, problems
    fixture, _ = build_guide(FIXTURE_CITIES, plugin_options())
    assert fixture is not None
    pages = guide.pages + fixture.pages
    assert sum(len(page.headings) for page in pages) > 500
    for page in pages:
        parser = _ParsedHeadings()
        parser.feed(page.html)
        parser.close()
        assert [(h.level, h.id, h.title) for h in headings(page.html)] == parser.found, page.src_uri
