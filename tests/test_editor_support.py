"""What editors' tools rely on: the schema line atop every city file, and the pre-commit hooks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from city_classroom.city_files.schema import schema_for

REPO = Path(__file__).resolve().parent.parent
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")
CITY_FILES = sorted((REPO / "cities").glob("*/*.y*ml")) + sorted(
    (REPO / "tests" / "fixtures" / "cities").glob("*/*.y*ml")
)


def test_there_are_city_files_to_look_at() -> None:
    assert {file.parent.name for file in CITY_FILES} >= {"lamphun", "tak", "shanghai", "riverton"}


@pytest.mark.parametrize("file", CITY_FILES, ids=[str(f.relative_to(REPO)) for f in CITY_FILES])
def test_every_city_file_starts_with_the_schema_line(file: Path) -> None:
    """Editors with the YAML extension (VS Code, github.dev) get completion and checks from it:
    city.yml from the city's schema, every other file from the sites and routes schema."""
    first = file.read_text(encoding="utf-8").splitlines()[0]
    found = SCHEMA_LINE.match(first)
    assert found, f"{file.relative_to(REPO)} must start with `# yaml-language-server: $schema=...`"
    wanted = REPO / schema_for(file.name)
    assert (file.parent / found[1]).resolve() == wanted.resolve(), f"{found[1]} is not {schema_for(file.name)}"


def hooks() -> dict[str, dict]:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    return {hook["id"]: hook for hook in config["repos"][0]["hooks"]}


def test_the_city_hook_runs_the_checker_when_a_city_file_changes() -> None:
    hook = hooks()["city-check"]
    assert hook["entry"] == ".venv/bin/city-classroom check cities"
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "cities/tak/food.yml")
    assert not re.search(hook["files"], "content/index.md")


def test_the_schema_hook_runs_when_the_models_or_the_schema_change() -> None:
    hook = hooks()["schema-fresh"]
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    for changed in (
        "plugins/city_classroom/model.py",
        "plugins/city_classroom/licenses.py",
        "plugins/city_classroom/city_files/codes.py",
        "schema/city.schema.json",
        "schema/sites-routes.schema.json",
    ):
        assert re.search(hook["files"], changed), changed
    assert not re.search(hook["files"], "cities/tak/food.yml")
    if "pytest" in hook["entry"]:
        test_file = hook["entry"].split()[-1]
        assert (REPO / test_file).is_file(), f"the hook runs {test_file}, which does not exist"
    else:
        assert "city-classroom schema" in hook["entry"] and "git diff --exit-code -- schema/" in hook["entry"]
