"""The JSON Schema that editors' editors read (`# yaml-language-server: $schema=...`).

It is made from the models; these tests keep the committed copy fresh, valid
draft-07, helpful (every field described, with an example), and in agreement
with the checker about the fixture city.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from city_classroom.city_files.load import load_document
from city_classroom.city_files.schema import SCHEMA_FILE, city_file_schema, schema_text

REPO = Path(__file__).resolve().parent.parent
RIVERTON = Path(__file__).parent / "fixtures" / "cities" / "riverton"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads((REPO / SCHEMA_FILE).read_text(encoding="utf-8"))


def test_the_committed_schema_is_fresh() -> None:
    committed = (REPO / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), (
        f"{SCHEMA_FILE} is stale: the models changed. Run `city-classroom schema` and commit the result."
    )


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
    owners = [("(file)", schema), *schema["definitions"].items()]
    return [
        (owner, name, prop) for owner, definition in owners for name, prop in definition.get("properties", {}).items()
    ]


def test_every_property_has_a_description_and_an_example(schema: dict[str, Any]) -> None:
    properties = _properties(schema)
    assert len(properties) > 40
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
        validator = Draft7Validator({**prop, "definitions": schema["definitions"]})
        for example in prop["examples"]:
            errors = [error.message for error in validator.iter_errors(example)]
            assert not errors, f"{owner}.{name}: example {example!r}: {errors}"


@pytest.mark.parametrize("file", sorted(RIVERTON.glob("*.yml")), ids=lambda path: path.name)
def test_the_fixture_city_is_valid_against_the_schema(schema: dict[str, Any], file: Path) -> None:
    data = load_document(file).data  # the project's reader: dates stay text, as in the schema
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in Draft7Validator(schema).iter_errors(data)
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
def test_the_schema_refuses_what_the_checker_refuses(schema: dict[str, Any], change, where: str) -> None:
    data = load_document(RIVERTON / "sites.yml").data
    change(data["sites"][0])
    errors = list(Draft7Validator(schema).iter_errors(data))
    assert errors, f"the schema accepts a site with a bad `{where}`"


def test_schema_text_is_stable() -> None:
    assert schema_text() == schema_text()
    assert json.loads(schema_text()) == city_file_schema()
