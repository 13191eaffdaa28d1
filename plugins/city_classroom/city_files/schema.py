"""The JSON Schema of a city file, for the `# yaml-language-server: $schema=` line.

One schema serves every file of a city folder: `city.yml` holds the city's own
fields, the other files hold `sites:` and `routes:` lists. It is made from the
models, so it cannot drift from what the checker accepts; a test fails when the
committed copy in `schema/city.schema.json` is stale.
"""

from __future__ import annotations

import json
from typing import Any

from .model import City, Route, Site

SCHEMA_FILE = "schema/city.schema.json"


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


def city_file_schema() -> dict[str, Any]:
    city = City.model_json_schema(by_alias=True, ref_template="#/$defs/{model}")
    site = Site.model_json_schema(by_alias=True, ref_template="#/$defs/{model}")
    route = Route.model_json_schema(by_alias=True, ref_template="#/$defs/{model}")
    definitions: dict[str, Any] = {}
    for part in (city, site, route):
        definitions.update(part.pop("$defs", {}))
    definitions["Site"], definitions["Route"] = site, route
    properties = dict(city["properties"])
    properties["sites"] = {
        "type": "array",
        "items": {"$ref": "#/$defs/Site"},
        "description": "Heritage, food and tradition sites (in any file but city.yml).",
        "examples": [[{"id": "wat-chamadevi"}]],
    }
    properties["routes"] = {
        "type": "array",
        "items": {"$ref": "#/$defs/Route"},
        "description": "Themed walks through the sites (in any file but city.yml).",
        "examples": [[{"id": "old-town-heritage"}]],
    }
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://city-classroom.invalid/schema/city.schema.json",
        "title": "City as Classroom city file",
        "description": "city.yml holds the city itself; every other *.yml of a city folder holds "
        "`sites:` and/or `routes:` lists. See CONTRIBUTING.md.",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "$defs": definitions,
    }
    return _draft07(schema)


def schema_text() -> str:
    return json.dumps(city_file_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
