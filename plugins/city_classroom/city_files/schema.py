"""The JSON Schemas of city files, for the `# yaml-language-server: $schema=` line atop each.

A city folder holds two kinds of file, and each has its own schema:

* `city.yml`, the city itself: `schema/city.schema.json`;
* every other `*.yml` (heritage.yml, food.yml, routes.yml, ...), holding `sites:` and/or
  `routes:` lists: `schema/sites-routes.schema.json` (`load.py` tells them apart by name).

Both are made from the models, so a field added to a model appears in the schema by itself,
and every rule a schema can say (required fields, country codes, time zones, licences,
patterns, ranges) comes from the same constants the checker uses. A test fails when a
committed copy is stale, and another runs the checker's bad-input corpus through them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .model import City, Route, Site

SCHEMA_FILE = "schema/city.schema.json"
LIST_SCHEMA_FILE = "schema/sites-routes.schema.json"
CITY_FILE_NAME = "city.yml"
"""The one file of a city folder that holds the city itself (as `load.load_city_folder` reads it)."""

_ID_BASE = "https://city-classroom.invalid/"


def _draft07(node: Any) -> Any:
    """Rewrite pydantic's 2020-12 references into draft-07's `definitions`."""
    if isinstance(node, dict):
        return {
            ("definitions" if key == "$defs" else key): (
                value.replace("#/$defs/", "#/definitions/") if key == "$ref" else _draft07(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_draft07(item) for item in node]
    return node


def _model_schema(model: type[City | Site | Route]) -> dict[str, Any]:
    return model.model_json_schema(by_alias=True, ref_template="#/$defs/{model}")


def _document(file: str, title: str, description: str, body: dict[str, Any]) -> dict[str, Any]:
    return _draft07(
        {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "$id": _ID_BASE + file,
            "title": title,
            "description": description,
            **body,
        }
    )


def city_schema() -> dict[str, Any]:
    """The schema of `city.yml`: the City model, every required field required."""
    city = _model_schema(City)
    city.pop("title", None)
    description = city.pop("description", "")
    return _document(
        SCHEMA_FILE,
        "City as Classroom: city.yml",
        f"{description} Sites and routes go in the city's other files. See CONTRIBUTING.md.",
        city,
    )


def list_file_schema() -> dict[str, Any]:
    """The schema of every other city file: `sites:` and/or `routes:` lists, nothing else."""
    site, route = _model_schema(Site), _model_schema(Route)
    definitions: dict[str, Any] = {}
    for part in (site, route):
        definitions.update(part.pop("$defs", {}))
    definitions["Site"], definitions["Route"] = site, route
    return _document(
        LIST_SCHEMA_FILE,
        "City as Classroom: sites and routes",
        "Any *.yml of a city folder but city.yml: `sites:` and/or `routes:` lists. See CONTRIBUTING.md.",
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "sites": {
                    "type": "array",
                    "items": {"$ref": "#/$defs/Site"},
                    "description": "Heritage, food and tradition sites: each item starts with `- id:`.",
                    "examples": [[{"id": "wat-chamadevi"}]],
                },
                "routes": {
                    "type": "array",
                    "items": {"$ref": "#/$defs/Route"},
                    "description": "Themed walks through the sites: each item starts with `- id:`.",
                    "examples": [[{"id": "old-town-heritage"}]],
                },
            },
            "$defs": definitions,
        },
    )


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {SCHEMA_FILE: city_schema, LIST_SCHEMA_FILE: list_file_schema}
"""Each committed schema file (relative to the repository) → what makes it."""


def schema_for(file_name: str) -> str:
    """The schema file (a key of SCHEMAS) that a city file of this name is read against."""
    return SCHEMA_FILE if file_name == CITY_FILE_NAME else LIST_SCHEMA_FILE


def schema_text(file: str = SCHEMA_FILE) -> str:
    return json.dumps(SCHEMAS[file](), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
