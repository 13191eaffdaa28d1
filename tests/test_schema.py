"""The JSON Schemas that editors' editors read (`# yaml-language-server: $schema=...`).

One for city.yml, one for the sites and routes files. They are made from the models; these
tests keep the committed copies fresh, valid draft-07, helpful (every field described, with
an example), and in agreement with the checker (tests/test_schema_corpus.py runs the whole
bad-input corpus through them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from city_classroom.city_files.load import load_document
from city_classroom.city_files.schema import LIST_SCHEMA_FILE, SCHEMA_FILE, SCHEMAS, schema_for, schema_text

REPO = Path(__file__).resolve().parent.parent
RIVERTON = Path(__file__).parent / "fixtures" / "cities" / "riverton"


@pytest.fixture(scope="module", params=list(SCHEMAS))
def schema(request: pytest.FixtureRequest) -> dict[str, Any]:
    return json.loads((REPO / request.param).read_text(encoding="utf-8"))


def _load(file: str) -> dict[str, Any]:
    return json.loads((REPO / file).read_text(encoding="utf-8"))


@pytest.mark.parametrize("file", list(SCHEMAS))
def test_the_committed_schema_is_fresh(file: str) -> None:
    committed = (REPO / file).read_text(encoding="utf-8")
    assert committed == schema_text(file), (
        f"{file} is stale: the models changed. Run `city-classroom schema` and commit the result."
    )


def test_each_kind_of_file_has_its_schema() -> None:
    assert schema_for("city.yml") == SCHEMA_FILE
    for name in ("heritage.yml", "food.yml", "tradition.yml", "routes.yml", "district-2.yaml"):
        assert schema_for(name) == LIST_SCHEMA_FILE
    city, lists = _load(SCHEMA_FILE), _load(LIST_SCHEMA_FILE)
    assert set(city["required"]) == {"name", "country", "languages", "center", "radius_km", "timezone", "summary"}
    assert "sites" not in city["properties"] and "routes" not in city["properties"]
    assert set(lists["properties"]) == {"sites", "routes"} and lists["additionalProperties"] is False


def test_it_is_valid_draft_07(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)
    assert "$defs" not in json.dumps(schema)  # draft-07 knows `definitions` only


def test_every_reference_resolves(schema: dict[str, Any]) -> None:
    references = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                references.add(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert references
    for reference in references:
        assert reference.startswith("#/definitions/")
        assert reference.removeprefix("#/definitions/") in schema["definitions"]


def _properties(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    owners = [("(file)", schema), *schema.get("definitions", {}).items()]
    return [
        (owner, name, prop) for owner, definition in owners for name, prop in definition.get("properties", {}).items()
    ]


def test_every_property_has_a_description_and_an_example(schema: dict[str, Any]) -> None:
    properties = _properties(schema)
    assert len(properties) > (5 if "sites" in schema["properties"] else 8)
    lacking = [
        f"{owner}.{name}: " + ", ".join(key for key in ("description", "examples") if not prop.get(key))
        for owner, name, prop in properties
        if not (prop.get("description") and prop.get("examples"))
    ]
    assert not lacking, "add description= and examples= to the Field() of:\n" + "\n".join(lacking)


def test_every_example_is_valid(schema: dict[str, Any]) -> None:
    """An example an editor copies from the hover text must itself be accepted by the schema."""
    for owner, name, prop in _properties(schema):
        if "$ref" in prop or name in ("sites", "routes"):  # those examples are abridged on purpose
            continue
        validator = Draft7Validator({**prop, "definitions": schema.get("definitions", {})})
        for example in prop["examples"]:
            errors = [error.message for error in validator.iter_errors(example)]
            assert not errors, f"{owner}.{name}: example {example!r}: {errors}"


@pytest.mark.parametrize("file", sorted(RIVERTON.glob("*.yml")), ids=lambda path: path.name)
def test_the_fixture_city_is_valid_against_the_schema(file: Path) -> None:
    data = load_document(file).data  # the project's reader: dates stay text, as in the schema
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in Draft7Validator(_load(schema_for(file.name))).iter_errors(data)
    ]
    assert not errors


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda site: site.update(catgory=site.pop("category")), "catgory"),
        (lambda site: site.update(category="restaurant"), "category"),
        (lambda site: site.update(lat=185.0), "lat"),
        (lambda site: site.pop("learn"), "learn"),
        (lambda site: site.update(learn={}), "learn"),
        (lambda site: site.update(images=[{"file": "images/a.jpg", "alt": "A"}]), "images"),
    ],
)
def test_the_schema_refuses_what_the_checker_refuses(change, where: str) -> None:
    data = load_document(RIVERTON / "sites.yml").data
    change(data["sites"][0])
    errors = list(Draft7Validator(_load(LIST_SCHEMA_FILE)).iter_errors(data))
    assert errors, f"the schema accepts a site with a bad `{where}`"


# what issue 18 found the one schema accepting, each now refused by the schema of its file
CITY_MISTAKES = {
    "city.yml without name": lambda city: city.pop("name"),
    "sites: inside city.yml": lambda city: city.update(sites=[]),
    "country: THAI": lambda city: city.update(country="THAI"),
    "country: XX (two letters, no country)": lambda city: city.update(country="XX"),
    "timezone: Asia/Bangkokk": lambda city: city.update(timezone="Asia/Bangkokk"),
    "timezone: UTC (no place)": lambda city: city.update(timezone="UTC"),
    "radius_km: -3": lambda city: city.update(radius_km=-3),
    "radius_km: 0": lambda city: city.update(radius_km=0),
    "languages: [EN]": lambda city: city.update(languages=["EN"]),
    "languages: []": lambda city: city.update(languages=[]),
    "languages: [th, th]": lambda city: city.update(languages=["th", "th"]),
    "name: {EN: ...}": lambda city: city.update(name={"EN": "Riverton"}),
    "summary: '  '": lambda city: city.update(summary="  "),
    "center.lat: 91": lambda city: city["center"].update(lat=91),
}
SITE_MISTAKES = {
    "name: inside a sites file": lambda data: data.update(name="Riverton"),
    "an id with spaces": lambda data: data["sites"][0].update(id="old temple"),
    "an id with a line break": lambda data: data["sites"][0].update(id="old-temple\n"),
    "an http:// link": lambda data: data["sites"][0].update(links=[{"url": "http://example.org/", "title": "Example"}]),
    "the licence `CC BY-SA`": lambda data: data["sites"][0].update(
        images=[{"file": "images/a.jpg", "alt": "A", "credit": "Me", "license": "CC BY-SA"}]
    ),
    "an empty look": lambda data: data["sites"][0].update(learn={"look": ""}),
    "an empty look in one language": lambda data: data["sites"][0].update(learn={"look": {"en": " "}}),
    "free and a price": lambda data: data["sites"][0].update(free=True, price="50 baht"),
    "an event date in the year 9999": lambda data: data["sites"][0].update(
        events=[{"name": "Fair", "dates": ["9999-01-01"]}]
    ),
    "a route with one stop": lambda data: data.update(
        routes=[{"id": "a", "title": "A", "theme": "mixed", "stops": ["x"]}]
    ),
}


@pytest.mark.parametrize("mistake", list(CITY_MISTAKES))
def test_the_city_schema_refuses(mistake: str) -> None:
    data = load_document(RIVERTON / "city.yml").data
    assert not list(Draft7Validator(_load(SCHEMA_FILE)).iter_errors(data))
    CITY_MISTAKES[mistake](data)
    assert list(Draft7Validator(_load(SCHEMA_FILE)).iter_errors(data)), f"the schema accepts {mistake}"


@pytest.mark.parametrize("mistake", list(SITE_MISTAKES))
def test_the_sites_schema_refuses(mistake: str) -> None:
    data = load_document(RIVERTON / "sites.yml").data
    assert not list(Draft7Validator(_load(LIST_SCHEMA_FILE)).iter_errors(data))
    SITE_MISTAKES[mistake](data)
    assert list(Draft7Validator(_load(LIST_SCHEMA_FILE)).iter_errors(data)), f"the schema accepts {mistake}"


def test_free_false_with_a_price_is_accepted_as_the_checker_does() -> None:
    data = load_document(RIVERTON / "sites.yml").data
    data["sites"][0].update(free=False, price="50 baht")
    data["sites"][0].pop("hours", None)
    assert not list(Draft7Validator(_load(LIST_SCHEMA_FILE)).iter_errors(data))


def test_the_lists_are_the_checkers() -> None:
    """Country codes, time zones and licences: the schema's enums are the checker's sets."""
    from city_classroom.city_files.codes import countries, place_time_zones
    from city_classroom.city_files.licenses import SPDX_LICENSES

    city = _load(SCHEMA_FILE)["properties"]
    assert city["country"]["enum"] == list(countries()) and {"TH", "CN", "JP", "XK"} <= set(countries())
    assert len(countries()) == 250 and "EU" not in countries() and "UN" not in countries()
    assert city["timezone"]["enum"] == list(place_time_zones()) and "Asia/Bangkok" in place_time_zones()
    assert not {"UTC", "Factory", "Etc/GMT+7", "US/Eastern"} & set(place_time_zones())
    image = _load(LIST_SCHEMA_FILE)["definitions"]["Image"]["properties"]["license"]
    assert image["anyOf"][0]["enum"] == sorted(SPDX_LICENSES)


def test_schema_text_is_stable() -> None:
    for file, make in SCHEMAS.items():
        assert schema_text(file) == schema_text(file)
        assert json.loads(schema_text(file)) == make()
