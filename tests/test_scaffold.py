"""`city-classroom new`: a new city whose examples the checker refuses until they are
replaced, and that checks and builds once they are; and the refusals."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from city_classroom.city_files.load import load_city_folder
from city_classroom.city_files.problems import Problem
from city_classroom.city_files.validate import PLACEHOLDER_NOTE, validate_city
from city_classroom.cli import main
from city_classroom.scaffold import LIST_SCHEMA_LINE, SCHEMA_LINE, Refused, make_city
from support import make_project, mkdocs_build

NEW = ["new", "chiang-saen", "--name", "เชียงแสน", "--lat", "20.2747", "--lon", "100.0853", "--languages", "th,en,zh"]


def real_problems(problems: list[Problem]) -> list[Problem]:
    """The problems of a new city but those of its examples and TODOs, which are meant."""
    return [problem for problem in problems if not problem.message.endswith(PLACEHOLDER_NOTE)]


def fill_in(folder: Path) -> None:
    """What an editor does next: real ids for the examples, and every TODO written."""
    for file in folder.glob("*.yml"):
        text = file.read_text(encoding="utf-8").replace("example-", "old-town-")
        file.write_text(
            re.sub(r'"TODO ?([^"]*)"', lambda found: f'"{found[1] or "Chiang Saen"}"', text), encoding="utf-8"
        )


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "cities").mkdir()
    return tmp_path


def test_the_examples_are_refused_until_they_are_replaced(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(NEW) == 0
    made = capsys.readouterr().out
    assert "created cities/chiang-saen/" in made
    files = sorted(p.name for p in (in_tmp / "cities" / "chiang-saen").iterdir())
    assert files == ["city.yml", "routes.yml", "sites.yml"]

    assert main(["check", "cities"]) == 1
    refused = capsys.readouterr().err.splitlines()
    city = (in_tmp / "cities" / "chiang-saen" / "city.yml").read_text(encoding="utf-8").splitlines()
    english = next(number for number, line in enumerate(city, start=1) if line.startswith("  en: "))
    assert city[english - 1].startswith('  en: "TODO"')  # not the Thai name written as the English one
    assert (
        f"cities/chiang-saen/city.yml:{english}:7: name.en: this text still says TODO; write it in `en` "
        f"(or remove the line); {PLACEHOLDER_NOTE}"
    ) in refused
    assert (
        "cities/chiang-saen/routes.yml:7:9: routes[0].id: `example-walk` is the example walk; replace its id "
        f"and every text with a real walk of the city, or delete it; {PLACEHOLDER_NOTE}"
    ) in refused
    assert any(
        line.startswith("cities/chiang-saen/sites.yml:8:9: sites[0].id: `example-heritage-site`") for line in refused
    )
    assert any("sites[1].id: `example-food-stall` is the example site" in line for line in refused)
    assert refused[-1] == "8 error(s), 0 warning(s): nothing was built. Fix the lines above."


def test_an_english_name_given_is_written(in_tmp: Path) -> None:
    folder = make_city(in_tmp / "cities", "nan", "น่าน", 18.7756, 100.7730, ["th", "en"], english_name="Nan")
    assert '  en: "Nan"' in (folder / "city.yml").read_text(encoding="utf-8")
    _, problems = validate_city(load_city_folder(folder))
    assert not any(problem.field == "name.en" for problem in problems)


def test_a_new_city_filled_in_checks_clean_and_builds(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(NEW) == 0
    fill_in(in_tmp / "cities" / "chiang-saen")
    capsys.readouterr()
    assert main(["check", "cities"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "warning" not in out.replace("0 warning(s)", "")
    assert out.splitlines() == [
        "chiang-saen: 2 sites (1 heritage, 1 food, 0 tradition), 1 routes (0 heritage, 0 food, "
        "0 tradition, 1 mixed), languages th, en, zh",
        "1 cities, 0 errors, 0 warning(s)",
    ]

    project = make_project(in_tmp / "project", in_tmp / "cities")
    result = mkdocs_build(project, in_tmp / "site")
    assert result.returncode == 0, result.stderr
    city_page = (in_tmp / "site" / "chiang-saen" / "index.html").read_text(encoding="utf-8")
    assert "เชียงแสน" in city_page
    for page in ("sites/old-town-heritage-site", "sites/old-town-food-stall", "routes/old-town-walk"):
        assert (in_tmp / "site" / "chiang-saen" / page / "index.html").is_file(), page
    english = in_tmp / "site" / "chiang-saen" / "sites" / "old-town-heritage-site" / "index.html"
    assert "Example heritage site" in english.read_text(encoding="utf-8")
    chinese = in_tmp / "site" / "zh" / "chiang-saen" / "sites" / "old-town-food-stall" / "index.html"
    assert "示例小吃摊" in chinese.read_text(encoding="utf-8")


def test_every_new_file_names_the_schema(in_tmp: Path) -> None:
    folder = make_city(in_tmp / "cities", "nan", "น่าน", 18.7756, 100.7730, ["th", "en"])
    for file in folder.glob("*.yml"):
        wanted = SCHEMA_LINE if file.name == "city.yml" else LIST_SCHEMA_LINE
        assert file.read_text(encoding="utf-8").splitlines()[0] == wanted, file.name
    # each line points at one of the repository's schemas, two folders up from cities/<slug>/
    for line in (SCHEMA_LINE, LIST_SCHEMA_LINE):
        schema = Path(__file__).resolve().parent.parent / "cities" / "x" / line.split("=", 1)[1]
        assert schema.resolve().is_file(), line


def test_the_example_sites_lie_near_the_center_on_every_side_of_the_globe(in_tmp: Path) -> None:
    for slug, lat, lon in (("north-east", 89.9995, 179.9995), ("south-west", -89.9995, -179.9995), ("zero", 0.0, 0.0)):
        folder = make_city(in_tmp / "cities", slug, "X", lat, lon, ["en"])
        fill_in(folder)
        guide, problems = validate_city(load_city_folder(folder))
        assert guide is not None and problems == [], problems
        assert len({(site.lat, site.lon) for site in guide.sites}) == 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["new", "Chiang_Saen"],
            "`Chiang_Saen` cannot be a city's folder name: use lowercase letters, digits and "
            "hyphens, such as `chiang-saen`",
        ),
        (["new", "../escape"], "`../escape` cannot be a city's folder name"),
        (["new", "th"], "`th` is a name the site uses for its own pages; choose another, such as `th-city`"),
        (["new", "assets"], "`assets` is a name the site uses for its own pages"),
        (["new", "ok", "--lat", "120"], "--lat: 120.0 is not a latitude (it must lie between -90 and 90)"),
        (["new", "ok", "--lon", "-200"], "--lon: -200.0 is not a longitude"),
        (["new", "ok", "--languages", "th,EN"], "--languages: `EN` is not a language code"),
        (["new", "ok", "--languages", "th,th"], "--languages: a language is listed twice"),
        (["new", "ok", "--country", "Thailand"], "--country: `Thailand` is not a two-letter country code"),
        (["new", "ok", "--timezone", "Bangkok"], "--timezone: `Bangkok` is not a time zone"),
        (["new", "ok", "--name", "  "], "--name: give the city's name in its own language"),
        (["new", "ok", "--name", "Nan\nCity"], "--name: the name holds an invisible or control character (U+000A)"),
        (
            ["new", "ok", "--cities-dir", "nowhere"],
            "there is no `nowhere` folder here; run the command from the "
            "top folder of the repository, or give --cities-dir",
        ),
    ],
)
def test_refusals_say_what_to_do_and_write_nothing(
    argv: list[str], message: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    defaults = {"--name": "Nan", "--lat": "18.7756", "--lon": "100.7730", "--languages": "th,en"}
    for option, value in defaults.items():
        if option not in argv:
            argv = [*argv, option, value]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert f"city-classroom new: {message}" in err
    assert list((in_tmp / "cities").iterdir()) == []
    assert not (in_tmp / "escape").exists() and not (in_tmp / "nowhere").exists()


def test_an_existing_city_is_never_overwritten(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = in_tmp / "cities" / "chiang-saen"
    folder.mkdir()
    (folder / "city.yml").write_text("name: mine\n", encoding="utf-8")
    assert main(NEW) == 1
    assert (
        "city-classroom new: `cities/chiang-saen` already exists; choose another name, or edit the files "
        "in that folder" in capsys.readouterr().err
    )
    assert [p.name for p in folder.iterdir()] == ["city.yml"]
    assert (folder / "city.yml").read_text(encoding="utf-8") == "name: mine\n"


@settings(max_examples=60, deadline=None)
@given(name=st.text(min_size=1, max_size=40))
def test_any_name_is_kept_as_typed_or_refused_plainly(name: str) -> None:
    """A name such as `NO`, `1:20`, `"a\\b`, `{x}` or `</script>` stays exactly that text."""
    with tempfile.TemporaryDirectory() as root:
        cities = Path(root) / "cities"
        cities.mkdir()
        try:
            folder = make_city(cities, "city", name, 13.75, 100.5, ["th", "en"], english_name=name)
        except Refused as refusal:
            assert str(refusal).startswith("--name: ")
            assert not (cities / "city").exists()
            return
        _, problems = validate_city(load_city_folder(folder))
        assert real_problems(problems) == []
        city = load_city_folder(folder).city_file
        assert city is not None
        assert city.data["name"]["th"] == city.data["name"]["en"] == name.strip()


@pytest.mark.parametrize(
    "name",
    ["NO", "1:20", "0123", "yes", '"quoted" \\ back', "{a: b}", "# not a comment", "</script><b>x", "ลำพูน: เมือง"],
)
def test_names_yaml_would_misread_stay_text(name: str, in_tmp: Path) -> None:
    folder = make_city(in_tmp / "cities", "city", name, 13.75, 100.5, ["th", "en"], english_name=name)
    _, problems = validate_city(load_city_folder(folder))
    assert real_problems(problems) == []
    city = load_city_folder(folder).city_file
    assert city is not None and city.data["name"] == {"th": name, "en": name}


@pytest.mark.parametrize(("text", "refused"), [("TODO", True), ("TODO: later", True), ("TODOS SANTOS", False)])
def test_a_todo_is_a_word_of_its_own(text: str, refused: bool, in_tmp: Path) -> None:
    folder = make_city(in_tmp / "cities", "nan", "น่าน", 18.7756, 100.7730, ["th", "en"], english_name="Nan")
    fill_in(folder)
    city = folder / "city.yml"
    city.write_text(city.read_text(encoding="utf-8").replace('en: "Nan"', f"en: {text!r}"), encoding="utf-8")
    _, problems = validate_city(load_city_folder(folder))
    assert [problem.field for problem in problems] == (["name.en"] if refused else [])
