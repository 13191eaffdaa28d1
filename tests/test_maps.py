"""Maps without a browser: what maps.py writes, and what the built route pages reference.

A map is a `<div>` and one inline script: folium's map (Leaflet, the tile layer) and
the map's data as JSON, which city-map.js draws. These tests read that data back.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from city_classroom import maps
from city_classroom.maps import CLUSTER_ABOVE, MapStyle
from city_classroom.pages import SiteLanguages, _map_links, _Words, city_uri, route_uri
from city_classroom.plan import plan_city
from city_classroom.validate import read_cities
from city_factory import plain_city, write_city
from conftest import FIXTURES
from xss_payloads import PAYLOADS

LANGUAGES = SiteLanguages(["en", "th", "zh"])
FOREIGN = re.compile(r"jquery|bootstrap|font-?awesome|awesome-markers|glyphicons|fonts\.googleapis|fonts\.gstatic"
                     r"|cdn\.jsdelivr|unpkg\.com|cdnjs|code\.jquery", re.IGNORECASE)


def load(cities: Path):
    guides, problems = read_cities(cities)
    assert [p for p in problems if p.severity == "error"] == []
    return [plan_city(guide) for guide in guides]


@pytest.fixture(scope="module")
def riverton():
    return load(FIXTURES / "cities")[0]


def route_html(plan, route_id: str, language: str = "en", style: MapStyle = MapStyle()) -> str:
    route = next(r for r in plan.routes if r.route.id == route_id)
    src = LANGUAGES.prefix(language) + route_uri(plan.guide, route)
    return maps.route_map(plan.guide, route, _Words(language, plan.guide.language), style,
                          _map_links(src, language, LANGUAGES))


def city_html(plan, language: str = "en") -> str:
    src = LANGUAGES.prefix(language) + city_uri(plan.guide)
    return maps.city_map(plan.guide, _Words(language, plan.guide.language), MapStyle(),
                         _map_links(src, language, LANGUAGES))


def home_html(plans, language: str = "en") -> str:
    src = LANGUAGES.prefix(language) + "index.md"
    return maps.home_map(plans, _Words(language, language), MapStyle(), _map_links(src, language, LANGUAGES))


def data_of(html: str) -> dict:
    """The JSON data of a map, read back as city-map.js receives it."""
    match = re.search(r"\.push\(\{data:(.*),\nmake:function\(\)\{\n", html, re.DOTALL)
    assert match, html[:300]
    return json.loads(match.group(1))


def script_of(html: str) -> str:
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert len(scripts) == 1
    return scripts[0]


# --- what a route map shows ------------------------------------------------------------------

def test_route_map_numbers_its_stops_in_order_with_category_colour_and_site_links(riverton):
    data = data_of(route_html(riverton, "temple-walk"))
    assert data["kind"] == "route"
    assert [p["name"] for p in data["points"]] == ["1. Old Temple", "2. Museum", "3. Third Temple"]
    assert [p["mark"] for p in data["points"]] == ["1", "2", "3"]
    assert [p["category"] for p in data["points"]] == ["heritage", "heritage", "heritage"]
    assert [p["summary"] for p in data["points"]] == ["The oldest temple.", "Old things.", "A small temple."]
    assert [p["href"] for p in data["points"]] == ["../../sites/old-temple/", "../../sites/museum/",
                                                  "../../sites/third-temple/"]
    assert data["link"] == "Open the learning card"
    assert data["dashed"] is True  # no drawn path: straight lines, dashed


def test_route_map_line_follows_the_path_and_the_map_is_fitted_to_stops_and_line(riverton):
    plan = next(r for r in riverton.routes if r.route.id == "river-path")
    data = data_of(route_html(riverton, "river-path"))
    assert data["dashed"] is False
    assert data["line"] == [[round(lat, 6), round(lon, 6)] for lat, lon in plan.line]
    assert len(data["line"]) > len(plan.stops)
    every = [*data["line"], *[(p["lat"], p["lon"]) for p in data["points"]]]
    assert data["bounds"] == [[min(p[0] for p in every), min(p[1] for p in every)],
                              [max(p[0] for p in every), max(p[1] for p in every)]]


def test_route_map_speaks_the_page_language_and_links_within_it(riverton):
    html = route_html(riverton, "temple-walk", "th")
    data = data_of(html)
    assert [p["name"] for p in data["points"]] == ["1. วัดเก่า", "2. พิพิธภัณฑ์", "3. วัดที่สาม"]
    assert data["points"][0]["href"] == "../../sites/old-temple/"  # th/riverton/routes/x/ → th/riverton/sites/
    assert 'aria-label="แผนที่เส้นทาง เดินชมวัด พร้อมหมายเลขจุดแวะ"' in html


def test_city_map_has_a_layer_per_category_and_clusters_only_above_fifty(riverton, tmp_path):
    data = data_of(city_html(riverton))
    assert [(layer["category"], layer["legend"]) for layer in data["layers"]] == \
        [("heritage", "Heritage"), ("food", "Food"), ("tradition", "Tradition")]
    assert sorted(p["name"] for layer in data["layers"] for p in layer["points"]) == \
        sorted(s.name.get("en") for s in riverton.guide.sites)
    assert data["cluster"] is False
    assert data["clusterLabel"] == "{count} sites"

    for count, clustered in ((CLUSTER_ABOVE, False), (CLUSTER_ABOVE + 10, True)):
        many = load(plain_city(tmp_path / f"c{count}" / "manyville", count).parent)[0]
        data = data_of(city_html(many))
        assert data["cluster"] is clustered, count
        assert sum(len(layer["points"]) for layer in data["layers"]) == count


def test_home_map_has_one_marker_per_city_linking_to_it(tmp_path):
    plans = load(FIXTURES / "cities") + load(plain_city(tmp_path / "two" / "manyville", 3).parent)
    data = data_of(home_html(plans))
    assert [p["name"] for p in data["points"]] == ["Riverton", "Manyville"]
    assert [p["href"] for p in data["points"]] == ["riverton/", "manyville/"]
    assert [p["summary"] for p in data["points"]] == ["A small town by the river.", "A city of many sites."]
    assert data["link"] == "Open the city guide"
    assert data_of(home_html(plans, "th"))["points"][1]["href"] == "manyville/"  # th/ → th/manyville/


# --- self-hosted, reproducible ------------------------------------------------------------

def test_map_html_references_no_cdn_and_no_folium_extras(riverton):
    for html in (route_html(riverton, "temple-walk"), city_html(riverton), home_html([riverton])):
        assert not FOREIGN.search(html), FOREIGN.search(html)
        assert "<link" not in html and "<script src" not in html and "<style" not in html
        assert "$(" not in html  # folium's jQuery popups
        hosts = set(re.findall(r"https?://([^/\"'\\]+)", html))
        assert hosts <= {"tile.openstreetmap.org", "www.openstreetmap.org"}, hosts  # tiles and their credit
        assert html.count("tile.openstreetmap.org") == 1
        assert html.index("tile.openstreetmap.org") > html.index("<script>")


def test_the_same_input_gives_the_same_bytes_with_counted_ids(riverton):
    first = route_html(riverton, "temple-walk"), city_html(riverton), home_html([riverton])
    again = route_html(riverton, "temple-walk"), city_html(riverton), home_html([riverton])
    assert first == again
    for html in first:
        assert not re.search(r"[0-9a-f]{32}", html)  # branca's random ids
        element_id = re.search(r'<div class="cc-map[^"]*" id="([a-z_0-9]+)"', html).group(1)
        assert f'L.map(\n"{element_id}"' in html
        assert f"return {element_id};" in html


def test_tiles_and_attribution_come_from_the_style(riverton):
    style = MapStyle(tiles="https://tiles.example.org/{z}/{x}/{y}.png", attribution="© Example Tiles")
    html = route_html(riverton, "temple-walk", style=style)
    script = script_of(html)
    assert '"https://tiles.example.org/{z}/{x}/{y}.png"' in script
    assert "Example Tiles" in script
    assert "openstreetmap" not in html


# --- editor text is data, never code ------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A city whose site names, summaries, route title and city name are the XSS payloads."""
    folder = tmp_path_factory.mktemp("hostile") / "cities" / "hostile"
    sites = [{"id": f"p{i}", "name": {"en": payload}, "category": "food", "lat": 18.5 + i * 0.001,
              "lon": 99.0, "summary": {"en": f"summary {payload}"}, "story": {"en": "x"},
              "learn": {"try": {"en": "x"}}} for i, payload in enumerate(PAYLOADS)]
    city = {"name": {"en": " ".join(PAYLOADS)}, "country": "TH", "languages": ["en"],
            "center": {"lat": 18.51, "lon": 99.0}, "radius_km": 5, "timezone": "Asia/Bangkok",
            "summary": {"en": " ".join(PAYLOADS)}}
    routes = [{"id": "walk", "title": {"en": " ".join(PAYLOADS)}, "theme": "food",
               "stops": [s["id"] for s in sites]}]
    write_city(folder, city, sites, routes)
    return load(folder.parent)[0]


def test_editor_text_reaches_the_map_exactly_as_typed(hostile):
    data = data_of(route_html(hostile, "walk"))
    assert [p["name"] for p in data["points"]] == [f"{n}. {p}" for n, p in enumerate(PAYLOADS, start=1)]
    assert [p["summary"] for p in data["points"]] == [f"summary {p}" for p in PAYLOADS]
    city = data_of(city_html(hostile))
    assert sorted(p["name"] for p in city["layers"][0]["points"]) == sorted(PAYLOADS)
    assert data_of(home_html([hostile]))["points"][0]["name"] == " ".join(PAYLOADS)


def test_editor_text_cannot_end_the_script_or_run_as_a_template(hostile):
    for html in (route_html(hostile, "walk"), city_html(hostile), home_html([hostile])):
        script = script_of(html)
        assert "</" not in script and "<!--" not in script and "<script" not in script.lower()
        assert "\u2028" not in script and "\u2029" not in script
        assert "{{7*7}}" in script and "%}{{" in script  # not rendered as a template
        assert "`" not in script.split("make:")[1]  # folium's part holds no editor text at all
        label = re.search(r'aria-label="([^"]*)"', html).group(1)
        assert "<" not in label and ">" not in label


def test_folium_renders_its_input_as_jinja_which_is_why_editor_text_stays_out():
    """branca re-parses every element's output as a Jinja template: editor text must never reach it."""
    import folium

    m = folium.Map(tiles=None)
    folium.Marker([0, 0], title="{{ 7 * 7 }}").add_to(m)
    assert '"title": "49"' in m.get_root().render()  # why maps.py keeps editor text out of folium


# --- the built route pages of the repository ---------------------------------------------

def _route_pages(site: Path) -> list[Path]:
    pages = sorted(site.glob("**/routes/*/index.html"))
    assert len(pages) >= 3 * 10
    return pages


def test_built_route_pages_reference_no_host_but_their_own(repo_site):
    for page in _route_pages(repo_site):
        html = page.read_text(encoding="utf-8")
        where = page.relative_to(repo_site)
        assert not FOREIGN.search(html), (where, FOREIGN.search(html))
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", html):
            url = re.search(r"""\s(?:src|href)=["']?([^"' >]+)""", tag)
            if url and re.match(r"(https?:)?//", url.group(1)):
                assert url.group(1).startswith("http://127.0.0.1:8000/") and "stylesheet" not in tag \
                    and "<script" not in tag, (where, tag)  # only canonical and alternate links
        # the tile server is named once, inside the map's script
        assert html.count("tile.openstreetmap.org") == 1, where
        script = re.search(r"<script>\(window\.ccMaps.*?</script>", html, re.DOTALL).group(0)
        assert "tile.openstreetmap.org" in script
        assert re.search(r'<script src="(\.\./)+assets/vendor/leaflet/leaflet\.js"></script>', html), where


def test_material_loads_no_google_fonts(repo_site):
    html = (repo_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert "--md-text-font" not in html  # Material writes its font variables only with theme.font


def test_vendor_leaflet_files_are_in_the_site(repo_site):
    for path in ("leaflet/leaflet.js", "leaflet/leaflet.css", "markercluster/leaflet.markercluster.js",
                 "gesture-handling/leaflet-gesture-handling.min.js"):
        assert (repo_site / "assets" / "vendor" / path).stat().st_size > 1000, path
