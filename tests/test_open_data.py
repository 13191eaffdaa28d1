"""The open data at /data/: a Frictionless data package of every site and walk, valid, the same
bytes on every build, linked from the about page, at an address no city can take.

`frictionless.validate` reads the package as a data user would (schemas, types, constraints,
each file's size and SHA-256), with the network shut: nothing in the package is fetched.
"""

from __future__ import annotations

import csv
import io
import json
import socket
from pathlib import Path

import frictionless
import pytest

from city_classroom.city_files import reserved
from city_classroom.rendering import open_data
from city_classroom.rendering.open_data import ROUTE_COLUMNS, SITE_COLUMNS, data_package
from support import REPO, riverton_plan

LANGUAGES = ["en", "th", "zh"]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network use: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def write(files: dict[str, bytes], folder: Path) -> Path:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder / "data" / "datapackage.json"


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def errors(report: frictionless.Report) -> list:
    return report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])


# --- the repository's own site ----------------------------------------------------------------


def test_the_built_site_publishes_a_valid_package_of_every_city(repo_site: Path, no_network: None) -> None:
    package = repo_site / "data" / "datapackage.json"
    report = frictionless.validate(str(package))
    assert report.valid, errors(report)
    described = json.loads(package.read_text(encoding="utf-8"))
    cities = sorted(path.name for path in (REPO / "cities").iterdir() if (path / "city.yml").exists())
    assert [r["path"] for r in described["resources"]] == [
        path
        for folder in ["", *(f"{city}/" for city in cities)]
        for path in (f"{folder}sites.csv", f"{folder}sites.geojson", f"{folder}routes.csv", f"{folder}routes.geojson")
    ]
    assert described["licenses"][0]["name"] == "CC-BY-SA-4.0"
    assert described["created"] == "2025-11-24T16:00:00Z"  # SOURCE_DATE_EPOCH of the test builds
    tasks = {task.name: task for task in report.tasks}
    every = rows((repo_site / "data" / "sites.csv").read_bytes())
    assert tasks["sites"].stats["rows"] == len(every) == sum(tasks[f"{c}-sites"].stats["rows"] for c in cities)
    assert [(row["city"], row["id"]) for row in every] == sorted((row["city"], row["id"]) for row in every)
    lamphun = json.loads((repo_site / "data" / "lamphun" / "sites.geojson").read_text(encoding="utf-8"))
    assert len(lamphun["features"]) == tasks["lamphun-sites"].stats["rows"] > 10
    assert any(f["properties"]["name_th"] == "วัดพระธาตุหริภุญชัยวรมหาวิหาร" for f in lamphun["features"])


def test_the_about_page_links_the_package_in_every_language(repo_site: Path) -> None:
    for prefix in ("", "th/", "zh/"):
        page = (repo_site / prefix / "about" / "index.html").read_text(encoding="utf-8")
        up = "../" * (1 + prefix.count("/"))
        for file in ("datapackage.json", "sites.csv", "routes.csv"):
            assert f'href="{up}data/{file}"' in page, (prefix, file)
            assert (repo_site / "data" / file).is_file()


def test_no_city_can_take_the_address_of_the_data() -> None:
    assert open_data.urls.OPEN_DATA == "data"
    assert "data" in reserved.site_names(REPO / "content", LANGUAGES)
    assert "data" in reserved.from_mkdocs_yml(REPO / "mkdocs.yml")


# --- the package itself, from the fixture city --------------------------------------------------


def test_the_same_guide_gives_the_same_bytes_and_the_clock_only_from_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = data_package([riverton_plan()], LANGUAGES, "https://example.org/guide/")
    assert first == data_package([riverton_plan()], LANGUAGES, "https://example.org/guide/")
    assert "created" not in json.loads(first["data/datapackage.json"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    dated = json.loads(data_package([riverton_plan()], LANGUAGES)["data/datapackage.json"])
    assert dated["created"] == "2025-11-24T16:00:00Z"


def test_the_columns_come_from_one_list_and_texts_are_as_written_per_language() -> None:
    files = data_package([riverton_plan()], LANGUAGES, "https://example.org/guide/")
    sites = rows(files["data/riverton/sites.csv"])
    expected = [
        f"{column.name}_{language}" if column.in_languages else column.name
        for column in SITE_COLUMNS
        for language in (LANGUAGES if column.in_languages else [None])
    ]
    assert list(sites[0]) == expected
    assert list(rows(files["data/routes.csv"])[0])[:4] == ["city", "id", "theme", "proposed"]
    described = json.loads(files["data/datapackage.json"])
    schema = next(r for r in described["resources"] if r["name"] == "sites")["schema"]
    assert [field["name"] for field in schema["fields"]] == expected
    old = next(row for row in sites if row["id"] == "old-temple")
    assert (old["name_en"], old["name_th"], old["name_zh"]) == ("Old Temple", "วัดเก่า", "")  # no fallback
    assert (old["lat"], old["lon"]) == ("18.5773", "99.0081")  # fixed format, no exponent
    assert old["url"] == "https://example.org/guide/riverton/sites/old-temple/"
    walks = {row["id"]: row for row in rows(files["data/riverton/routes.csv"])}
    assert walks["temple-walk"]["stops"] == "old-temple;museum;third-temple"
    assert walks["river-path"]["path"] == "drawn" and walks["temple-walk"]["path"] == ""
    assert {column.name for column in ROUTE_COLUMNS} >= {"distance_m", "standard_minutes", "gpx"}


def test_editor_text_that_looks_like_csv_or_json_stays_one_value(tmp_path: Path, no_network: None) -> None:
    from city_classroom.city_files.model import Text

    plan = riverton_plan()
    nasty = 'A "quoted", comma, new\nline; <b>&amp;</b> \u0e27\u0e31\u0e14 ]}'
    site = plan.guide.sites[0].model_copy(update={"summary": Text({"en": nasty, "th": "ก"})})
    guide = plan.guide.model_copy(update={"sites": (site, *plan.guide.sites[1:])})
    hostile = type(plan)(guide, plan.routes, plan.neighbours)
    package = write(data_package([hostile], LANGUAGES), tmp_path)
    report = frictionless.validate(str(package))
    assert report.valid, errors(report)
    read = next(r for r in rows((tmp_path / "data" / "sites.csv").read_bytes()) if r["id"] == site.id)
    assert read["summary_en"] == nasty
    geo = json.loads((tmp_path / "data" / "sites.geojson").read_text(encoding="utf-8"))
    assert next(f for f in geo["features"] if f["properties"]["id"] == site.id)["properties"]["summary_en"] == nasty


@pytest.mark.parametrize(
    "formula",
    [
        '=HYPERLINK("https://evil.example/","Open")',
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_editor_text_that_a_spreadsheet_would_run_is_written_as_text(
    formula: str, tmp_path: Path, no_network: None
) -> None:
    """CSV injection: a name or summary that begins like a formula gets an apostrophe in the CSV
    (a spreadsheet shows it as text); the GeoJSON keeps it, numbers (a negative one) stay numbers."""
    from city_classroom.city_files.model import Text

    plan = riverton_plan()
    first = plan.guide.sites[0]
    site = first.model_copy(update={"name": Text({"en": formula}), "summary": Text({"en": formula, "th": "วัด"})})
    guide = plan.guide.model_copy(update={"sites": (site, *plan.guide.sites[1:])})
    package = write(data_package([type(plan)(guide, plan.routes, plan.neighbours)], LANGUAGES), tmp_path)
    assert frictionless.validate(str(package)).valid
    read = next(r for r in rows((tmp_path / "data" / "sites.csv").read_bytes()) if r["id"] == site.id)
    assert read["name_en"] == read["summary_en"] == "'" + formula
    assert read["summary_th"] == "วัด"
    assert not any(
        value.startswith(open_data.FORMULA_STARTS)
        for row in rows((tmp_path / "data" / "sites.csv").read_bytes())
        for key, value in row.items()
        if key not in ("lat", "lon")
    )
    geo = json.loads((tmp_path / "data" / "sites.geojson").read_text(encoding="utf-8"))
    assert next(f for f in geo["features"] if f["properties"]["id"] == site.id)["properties"]["name_en"] == formula
    assert open_data._cell(-98.98) == "-98.98"


def test_frictionless_does_notice_a_changed_file(tmp_path: Path, no_network: None) -> None:
    """The check can fail: one byte changed in a table, or a value of the wrong type, is reported."""
    files = data_package([riverton_plan()], LANGUAGES)
    files["data/riverton/sites.csv"] = files["data/riverton/sites.csv"].replace(b"18.5773", b"18.5774")
    report = frictionless.validate(str(write(files, tmp_path / "changed")))
    assert not report.valid
    assert {error[3] for error in errors(report)} >= {"hash-count"}
    files = data_package([riverton_plan()], LANGUAGES)
    described = json.loads(files["data/datapackage.json"])
    csv_bytes = files["data/riverton/sites.csv"].replace(b"18.5773", b"north")
    resource = next(r for r in described["resources"] if r["path"] == "riverton/sites.csv")
    del resource["hash"], resource["bytes"]
    files["data/riverton/sites.csv"] = csv_bytes
    files["data/datapackage.json"] = json.dumps(described).encode()
    report = frictionless.validate(str(write(files, tmp_path / "typed")))
    assert "type-error" in {error[3] for error in errors(report)}
