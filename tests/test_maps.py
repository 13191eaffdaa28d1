"""Maps without a browser: what maps.py writes, and what the built route pages reference.

A map is one `<div>` and no script: its data (tiles, bounds, markers, popups, line,
layers) is JSON in its `data-cc-map` attribute, which city-map.js reads and draws. These
tests read that data back as the browser would: the attribute un-escaped, then parsed.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from city_classroom.city_files.validate import read_cities
from city_classroom.planning.plan import plan_city
from city_classroom.rendering import maps, urls
from city_classroom.rendering.maps import CLUSTER_ABOVE, MapStyle
from city_classroom.rendering.pages import SiteLanguages, Words
from city_factory import plain_city, write_city
from support import FIXTURE_CITIES
from xss_payloads import PAYLOADS

LANGUAGES = SiteLanguages(["en", "th", "zh"])
FOREIGN = re.compile(
    r"jquery|bootstrap|font-?awesome|awesome-markers|glyphicons|fonts\.googleapis|fonts\.gstatic"
    r"|cdn\.jsdelivr|unpkg\.com|cdnjs|code\.jquery",
    re.IGNORECASE,
)


def load(cities: Path):
    guides, problems = read_cities(cities)
    assert [p for p in problems if p.severity == "error"] == []
    return [plan_city(guide) for guide in guides]


@pytest.fixture
def riverton(riverton_plan):
    """Here, the fixture city's plan: what the maps are made from."""
    return riverton_plan


def route_html(plan, route_id: str, language: str = "en", style: MapStyle = MapStyle()) -> str:
    route = next(r for r in plan.routes if r.route.id == route_id)
    src = LANGUAGES.prefix(language) + urls.route_page(plan.guide.slug, route.route.id)
    return maps.route_map(
        plan.guide, route, Words(language, plan.guide.language), style, urls.PageLinks(src, LANGUAGES.prefix(language))
    )


def city_html(plan, language: str = "en") -> str:
    src = LANGUAGES.prefix(language) + urls.city_page(plan.guide.slug)
    return maps.city_map(
        plan.guide, Words(language, plan.guide.language), MapStyle(), urls.PageLinks(src, LANGUAGES.prefix(language))
    )


def home_html(plans, language: str = "en") -> str:
    src = LANGUAGES.prefix(language) + "index.md"
    return maps.home_map(plans, Words(language, language), MapStyle(), urls.PageLinks(src, LANGUAGES.prefix(language)))


class _Elements(HTMLParser):
    """Every element of a piece of HTML, with its attributes as the browser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.elements.append((tag, dict(attrs)))


def elements_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def data_of(html: str) -> dict:
    """The JSON data of a map, read back as city-map.js receives it (JSON.parse of the attribute)."""
    maps = [attrs for tag, attrs in elements_of(html) if "data-cc-map" in attrs]
    assert len(maps) == 1, html[:300]
    return json.loads(maps[0]["data-cc-map"])


# --- what a route map shows ------------------------------------------------------------------


def test_route_map_numbers_its_stops_in_order_with_category_colour_and_site_links(riverton):
    data = data_of(route_html(riverton, "temple-walk"))
    assert data["kind"] == "route"
    assert [p["name"] for p in data["points"]] == ["1. Old Temple", "2. Museum", "3. Third Temple"]
    assert [p["mark"] for p in data["points"]] == ["1", "2", "3"]
    assert [p["category"] for p in data["points"]] == ["heritage", "heritage", "heritage"]
    assert [p["summary"] for p in data["points"]] == ["The oldest temple.", "Old things.", "A small temple."]
    assert [p["href"] for p in data["points"]] == [
        "../../sites/old-temple/?walk=temple-walk",
        "../../sites/museum/?walk=temple-walk",
        "../../sites/third-temple/?walk=temple-walk",
    ]
    assert data["link"] == "Open the learning card"
    assert data["dashed"] is True  # no drawn path: straight lines, dashed


def test_route_map_line_follows_the_path_and_the_map_is_fitted_to_stops_and_line(riverton):
    plan = next(r for r in riverton.routes if r.route.id == "river-path")
    data = data_of(route_html(riverton, "river-path"))
    assert data["dashed"] is False
    assert data["line"] == [[round(lat, 6), round(lon, 6)] for lat, lon in plan.line]
    assert len(data["line"]) > len(plan.stops)
    every = [*data["line"], *[(p["lat"], p["lon"]) for p in data["points"]]]
    assert data["bounds"] == [
        [min(p[0] for p in every), min(p[1] for p in every)],
        [max(p[0] for p in every), max(p[1] for p in every)],
    ]


def test_route_map_speaks_the_page_language_and_links_within_it(riverton):
    html = route_html(riverton, "temple-walk", "th")
    data = data_of(html)
    assert [p["name"] for p in data["points"]] == ["1. วัดเก่า", "2. พิพิธภัณฑ์", "3. วัดที่สาม"]
    assert (
        data["points"][0]["href"] == "../../sites/old-temple/?walk=temple-walk"
    )  # th/riverton/routes/x/ → th/riverton/sites/
    assert 'aria-label="แผนที่เส้นทาง เดินชมวัด พร้อมหมายเลขจุดแวะ"' in html


def test_city_map_has_a_layer_per_category_and_clusters_only_above_fifty(riverton, tmp_path):
    data = data_of(city_html(riverton))
    assert [(layer["category"], layer["legend"]) for layer in data["layers"]] == [
        ("heritage", "Heritage"),
        ("food", "Food"),
        ("tradition", "Tradition"),
    ]
    assert sorted(p["name"] for layer in data["layers"] for p in layer["points"]) == sorted(
        s.name.get("en") for s in riverton.guide.sites
    )
    assert data["cluster"] is False
    assert data["clusterLabel"] == "{count} sites"

    for count, clustered in ((CLUSTER_ABOVE, False), (CLUSTER_ABOVE + 10, True)):
        many = load(plain_city(tmp_path / f"c{count}" / "manyville", count).parent)[0]
        data = data_of(city_html(many))
        assert data["cluster"] is clustered, count
        assert sum(len(layer["points"]) for layer in data["layers"]) == count


def test_home_map_has_one_marker_per_city_linking_to_it(tmp_path):
    plans = load(FIXTURE_CITIES) + load(plain_city(tmp_path / "two" / "manyville", 3).parent)
    data = data_of(home_html(plans))
    assert [p["name"] for p in data["points"]] == ["Riverton", "Manyville"]
    assert [p["href"] for p in data["points"]] == ["riverton/", "manyville/"]
    assert [p["summary"] for p in data["points"]] == ["A small town by the river.", "A city of many sites."]
    assert data["link"] == "Open the city guide"
    assert data_of(home_html(plans, "th"))["points"][1]["href"] == "manyville/"  # th/ → th/manyville/


# --- self-hosted, reproducible ------------------------------------------------------------


def test_a_map_is_one_div_with_its_data_and_no_script(riverton):
    """No inline script: the site's Content-Security-Policy would refuse it (csp.py)."""
    for kind, html in (
        ("route", route_html(riverton, "temple-walk")),
        ("city", city_html(riverton)),
        ("home", home_html([riverton])),
    ):
        assert [tag for tag, _ in elements_of(html)] == ["div"]
        assert html.startswith(f'<div class="cc-map cc-map-{kind}" id="map_1" role="region" ')
        assert html.endswith("></div>") and "<script" not in html
        attrs = elements_of(html)[0][1]
        assert attrs["data-pagefind-ignore"] == "all"
        assert data_of(html)["kind"] == kind and data_of(html)["maxZoom"] == maps.FIT[kind]


def test_map_html_references_no_cdn_and_no_folium_extras(riverton):
    for html in (route_html(riverton, "temple-walk"), city_html(riverton), home_html([riverton])):
        assert not FOREIGN.search(html), FOREIGN.search(html)
        assert "<link" not in html and "<script" not in html and "<style" not in html
        assert "$(" not in html  # folium's jQuery popups
        hosts = set(re.findall(r"https?://([^/\"'\\&]+)", html))
        assert hosts <= {"tile.openstreetmap.org", "www.openstreetmap.org"}, hosts  # tiles and their credit
        assert html.count("tile.openstreetmap.org") == 1


def test_the_same_input_gives_the_same_bytes(riverton):
    first = route_html(riverton, "temple-walk"), city_html(riverton), home_html([riverton])
    again = route_html(riverton, "temple-walk"), city_html(riverton), home_html([riverton])
    assert first == again
    for html in first:
        assert not re.search(r"[0-9a-f]{32}", html)  # no random ids (branca's were)


def test_tiles_and_attribution_come_from_the_style(riverton):
    style = MapStyle(tiles="https://tiles.example.org/{z}/{x}/{y}.png", attribution='© <a href="x">Example</a> Tiles')
    html = route_html(riverton, "temple-walk", style=style)
    assert data_of(html)["tiles"] == {
        "url": "https://tiles.example.org/{z}/{x}/{y}.png",
        "attribution": '© <a href="x">Example</a> Tiles',
        "maxZoom": 19,
    }
    assert "openstreetmap" not in html
    assert data_of(route_html(riverton, "temple-walk"))["tiles"] == {
        "url": maps.OSM_TILES,
        "attribution": maps.OSM_ATTRIBUTION,
        "maxZoom": 19,
    }


# --- editor text is data, never code ------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A city whose site names, summaries, route title and city name are the XSS payloads."""
    folder = tmp_path_factory.mktemp("hostile") / "cities" / "hostile"
    sites = [
        {
            "id": f"p{i}",
            "name": {"en": payload},
            "category": "food",
            "lat": 18.5 + i * 0.001,
            "lon": 99.0,
            "summary": {"en": f"summary {payload}"},
            "story": {"en": "x"},
            "learn": {"try": {"en": "x"}},
            "sources": [{"printed": "Town leaflet", "supports": {"en": "the story"}, "checked": "2026-12-02"}],
        }
        for i, payload in enumerate(PAYLOADS)
    ]
    city = {
        "name": {"en": " ".join(PAYLOADS)},
        "country": "TH",
        "languages": ["en"],
        "center": {"lat": 18.51, "lon": 99.0},
        "radius_km": 5,
        "timezone": "Asia/Bangkok",
        "summary": {"en": " ".join(PAYLOADS)},
    }
    routes = [{"id": "walk", "title": {"en": " ".join(PAYLOADS)}, "theme": "food", "stops": [s["id"] for s in sites]}]
    write_city(folder, city, sites, routes)
    return load(folder.parent)[0]


def test_editor_text_reaches_the_map_exactly_as_typed(hostile):
    data = data_of(route_html(hostile, "walk"))
    assert [p["name"] for p in data["points"]] == [f"{n}. {p}" for n, p in enumerate(PAYLOADS, start=1)]
    assert [p["summary"] for p in data["points"]] == [f"summary {p}" for p in PAYLOADS]
    city = data_of(city_html(hostile))
    assert sorted(p["name"] for p in city["layers"][0]["points"]) == sorted(PAYLOADS)
    assert data_of(home_html([hostile]))["points"][0]["name"] == " ".join(PAYLOADS)


def test_editor_text_cannot_end_the_attribute_or_run_as_a_template(hostile):
    for html in (route_html(hostile, "walk"), city_html(hostile), home_html([hostile])):
        assert [tag for tag, _ in elements_of(html)] == ["div"]  # no element made of editor text
        assert "<script" not in html.lower() and "<!--" not in html and "<img" not in html.lower()
        value = re.search(r' data-cc-map="([^"]*)"></div>\Z', html).group(1)  # one attribute, to the end
        assert "<" not in value and ">" not in value and "'" not in value
        assert "{{7*7}}" in value and "%}{{" in value  # not rendered as a template
        label = re.search(r'aria-label="([^"]*)"', html).group(1)
        assert "<" not in label and ">" not in label


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
                assert (
                    url.group(1).startswith("http://127.0.0.1:8000/")
                    and "stylesheet" not in tag
                    and "<script" not in tag
                ), (where, tag)  # only canonical and alternate links
        # the tile server is named three times: in the map's data, and as the policy's one other origin
        # for images and for the tiles a saved walk fetches
        assert html.count("tile.openstreetmap.org") == 3, where
        assert data_of(html)["tiles"]["url"] == maps.OSM_TILES, where
        assert "img-src 'self' data: https://tile.openstreetmap.org;" in html, where
        assert "ccMaps" not in html and not re.search(r"<script>[^<]*L\.map", html), where  # no map script
        assert re.search(r'<script src="(\.\./)+assets/javascripts/city-classroom\.js"></script>', html), where
        assert "assets/vendor/" not in html, where  # the map libraries: fetched when the map comes near


def test_material_loads_no_google_fonts(repo_site):
    html = (repo_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert "--md-text-font" not in html  # Material writes its font variables only with theme.font


def test_vendor_leaflet_files_are_in_the_site(repo_site):
    for path in (
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "markercluster/leaflet.markercluster.js",
    ):
        assert (repo_site / "assets" / "vendor" / path).stat().st_size > 1000, path
    assert not (repo_site / "assets" / "vendor" / "gesture-handling").exists()  # city-map.js does its work


def _table(name: str) -> str:
    """A table of city-classroom.js (`var NAME = ...;`), as written."""
    from city_classroom.mkdocs_plugin import assets

    script = (assets.THEME / "assets" / "javascripts" / "city-classroom.js").read_text(encoding="utf-8")
    start = script.index(f"var {name} = ")
    return script[start : script.index(";\n", start)]


def test_no_page_links_the_map_libraries_city_classroom_js_fetches_them(repo_site):
    """No page links Leaflet, its styles or city-map.js: city-classroom.js fetches them when a map
    comes near the screen, the files that assets.py copies and lists (clustering only for a map
    that clusters)."""
    from city_classroom.mkdocs_plugin import assets

    for page in repo_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "assets/vendor/" not in html and "city-map.js" not in html, page
    listed = {
        name: re.findall(r'"([^"]+)"', part)
        for name, part in re.findall(r"(\w+): \[([^\]]*)\]", _table("MAP_LIBRARIES"))
    }
    assert set(listed) == {"styles", "scripts", "clusterStyles", "clusterScripts", "draw"}
    for cluster, names in (
        (False, ["styles", "scripts", "draw"]),
        (True, ["styles", "clusterStyles", "scripts", "clusterScripts", "draw"]),
    ):
        fetched = ["assets/" + path for name in names for path in listed[name]]
        assert fetched == assets.map_libraries(cluster), cluster
        assert all((repo_site / path).is_file() for path in fetched)


def test_the_features_city_classroom_js_fetches_are_those_assets_py_lists(repo_site):
    """FEATURES of city-classroom.js, as assets.py repeats them for the bench and the tests; each
    script is in the site, and every page links city-classroom.js alone of the guide's scripts."""
    from city_classroom.mkdocs_plugin import assets

    written = re.findall(r'\{ element: "([^"]+)", scripts: \[([^\]]*)\], fetched: "([^"]+)" \}', _table("FEATURES"))
    assert [(e, tuple(re.findall(r'"([^"]+)"', s)), f) for e, s, f in written] == [
        (f.element, f.scripts, f.fetched) for f in assets.FEATURES
    ]
    for feature in assets.FEATURES:
        for name in feature.scripts:
            assert (repo_site / "assets" / "javascripts" / f"{name}.js").is_file(), name
    for page in repo_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        guide = re.findall(r'<script src="[^"]*assets/javascripts/((?!bundle)[\w.-]+)"', html)
        assert guide == ["city-classroom.js"], page


def test_a_page_links_the_guides_styles_it_uses(repo_site):
    """city.css on every page, first; walks.css and visit.css only where the page has an element they
    style; the search page links city-search.css itself."""

    def styles(path: str) -> list[str]:
        html = (repo_site / path).read_text(encoding="utf-8")
        return re.findall(r'assets/stylesheets/([\w-]+\.css)"(?: data-cc-style="\d+")?>', html)

    assert styles("index.html") == ["city.css"]
    assert styles("about/index.html") == ["city.css"]
    assert styles("404.html") == ["city.css"]
    assert styles("search/index.html") == ["city.css", "city-search.css"]
    assert styles("lamphun/index.html") == ["city.css", "walks.css"]  # near me, the easy-walk filter
    route = styles("lamphun/routes/old-town-heritage-walk/index.html")
    assert route == ["city.css", "walks.css", "visit.css"]  # walk mode; "when this walk works"
    for page in repo_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "pagefind" in page.parts or "<html" not in html:
            continue
        found = re.findall(r'data-cc-style="(\d+)"', html)
        assert found and found[0] == "0" and found == sorted(found), page
