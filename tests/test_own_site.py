"""The plugin in another MkDocs site, as a new user would try it.

A minimal mkdocs.yml (a site name, `theme: material`, the plugin with its cities folder) and
an empty docs folder build the whole guide: home and search pages in every language, city,
site and route pages with their maps, the plugin's own templates, scripts and styles. In
Chromium, the home page draws its map with no console error. Another theme gets a clear error.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from browsing import show_map
from site_server import SiteServer
from support import FIXTURE_CITIES, mkdocs_build, open_context

MINIMAL = """site_name: Our town's guide
theme: material
plugins:
  - city-classroom:
      cities_dir: cities
"""


def _project(root: Path, config: str) -> Path:
    root.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "docs").mkdir()
    shutil.copytree(FIXTURE_CITIES, root / "cities")
    return root


@pytest.fixture(scope="module")
def own_site(tmp_path_factory) -> Path:
    project = _project(tmp_path_factory.mktemp("own") / "project", MINIMAL)
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def test_a_minimal_site_builds_the_whole_guide(own_site):
    for language in ("", "th/", "zh/"):
        home = (own_site / language / "index.html").read_text(encoding="utf-8")
        assert 'class="cc-map cc-map-home"' in home and 'id="city-riverton"' in home, language
        assert (own_site / language / "search" / "index.html").is_file(), language
        assert (own_site / language / "riverton" / "routes" / "temple-walk" / "index.html").is_file(), language
    route = (own_site / "riverton" / "routes" / "temple-walk" / "index.html").read_text(encoding="utf-8")
    assert "data-cc-map=" in route and 'id="stops"' in route
    assert "assets/javascripts/city-classroom.js" in route
    for name in ("offline.js", "walk-mode.js", "city-map.js"):  # fetched by city-classroom.js
        assert f"assets/javascripts/{name}" not in route and (own_site / "assets" / "javascripts" / name).is_file()
    assert (own_site / "assets" / "vendor" / "leaflet" / "leaflet.css").is_file()
    assert (own_site / "assets" / "stylesheets" / "city.css").is_file()
    assert (own_site / "offline-walks.js").is_file()
    assert "fonts.googleapis" not in route  # the plugin turns Material's web font off
    assert (own_site / "pagefind" / "pagefind-entry.json").is_file()


@pytest.mark.browser
def test_the_minimal_sites_home_map_draws_in_chromium(own_site, browser):
    context, watched = open_context(browser, 360, 740)
    try:
        with SiteServer(own_site) as server:
            page = context.new_page()
            page.goto(server.url)
            show_map(page)
            assert page.locator(".cc-map-home .leaflet-marker-icon").count() == 1
            page.goto(server.url + "riverton/routes/temple-walk/")
            show_map(page)
            assert page.locator(".cc-map-route .leaflet-marker-icon").count() == 3
        assert watched.trouble() == []
    finally:
        context.close()


def test_another_theme_gets_a_clear_error(tmp_path):
    project = _project(tmp_path / "project", MINIMAL.replace("theme: material", "theme: mkdocs"))
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "city-classroom builds on Material for MkDocs: set `theme: material` in mkdocs.yml (it is `mkdocs`)"
        in result.stderr
    )
