"""The checker, as editors meet it: `city-classroom check` on bad (and good) city folders.

Every file in tests/bad/ is one mistake an editor could make. It holds

* `files:` the city folder, file name → text;
* `expect:` lines that `city-classroom check` must print, exactly, with `{city}`
  standing for the city folder as printed;
* optionally `exit:` (default 1; warnings alone exit 0) and `errors:` (the exact
  number of errors, for a case that makes several).

A case is written into tmp_path/cities/<case-name>/ and checked through the real
command-line entry point, from tmp_path, so that paths print as `cities/<case-name>/...`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from city_classroom.cli import main

BAD = Path(__file__).parent / "bad"
CASES = sorted(BAD.glob("*.yml"))
FIXTURE_CITIES = Path(__file__).parent / "fixtures" / "cities"
CONSOLE_SCRIPT = Path(sys.executable).parent / "city-classroom"
PROBLEM_LINE = re.compile(r"^\S+:\d+:\d+: ")
SUMMARY = re.compile(r"^(\d+) error\(s\), (\d+) warning\(s\): nothing was built\. Fix the lines above\.$")


def read_case(case_file: Path) -> dict:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    assert set(case) <= {"files", "expect", "exit", "errors"}, f"{case_file.name}: unknown keys"
    assert case["expect"], f"{case_file.name}: expects nothing"
    return case


def write_case(case_file: Path, case: dict, root: Path) -> Path:
    """The case's city folder under root/cities/, returned."""
    city = root / "cities" / case_file.stem
    city.mkdir(parents=True)
    for name, text in case["files"].items():
        (city / name).parent.mkdir(parents=True, exist_ok=True)
        (city / name).write_text(text, encoding="utf-8")
    return city


def expected_lines(case: dict, city: Path) -> list[str]:
    shown = os.path.relpath(city)  # as the checker prints it, from the working directory
    return [line.replace("{city}", shown) for line in case["expect"]]


def run_check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    return code, (out + err).splitlines()


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 45


@pytest.mark.parametrize("case_file", CASES, ids=[case.stem for case in CASES])
def test_bad_input(case_file: Path, in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = read_case(case_file)
    city = write_case(case_file, case, in_tmp)
    code, printed = run_check(in_tmp / "cities", capsys)
    text = "\n".join(printed)
    assert "Traceback" not in text
    assert code == case.get("exit", 1), text
    for line in expected_lines(case, city):
        assert line in printed, f"missing line:\n{line}\n\nprinted:\n{text}"
    problems = [line for line in printed if PROBLEM_LINE.match(line)]
    errors = [line for line in problems if ": warning: " not in line]
    if code == 1:
        summary = SUMMARY.match(printed[-1])
        assert summary, text
        assert int(summary[1]) == len(errors) >= 1
        assert int(summary[2]) == len(problems) - len(errors)
    else:
        assert not errors
        assert printed[-1] == f"1 cities, 0 errors, {len(problems)} warning(s)"
        assert any(line.startswith(f"{case_file.stem}: ") for line in printed)  # the city's summary
    if "errors" in case:
        assert len(errors) == case["errors"], text


def test_a_case_checks_alone_as_a_city_folder(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`city-classroom check cities/<city>` checks that city (and not its paths/ as another)."""
    case_file = BAD / "path-not-linestring.yml"
    case = read_case(case_file)
    city = write_case(case_file, case, in_tmp)
    code, printed = run_check(city, capsys)
    assert code == 1
    assert printed == [*expected_lines(case, city), "1 error(s), 0 warning(s): nothing was built. Fix the lines above."]


def test_a_file_that_is_not_utf8(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case_file = BAD / "missing-city-yml.yml"  # any city; its city.yml is then written in TIS-620
    city = write_case(case_file, read_case(case_file), in_tmp)
    (city / "city.yml").write_bytes("name: ลำพูน\n".encode("tis-620"))
    code, printed = run_check(in_tmp / "cities", capsys)
    assert code == 1
    assert printed[0] == (
        f"{os.path.relpath(city)}/city.yml:1:7: the file is not UTF-8 text "
        "(byte 0xC5 here); save it with the UTF-8 encoding"
    )


def test_github_annotations(in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    case_file = BAD / "unknown-field-typo.yml"
    city = write_case(case_file, read_case(case_file), in_tmp)
    code, printed = run_check(in_tmp / "cities", capsys)
    assert code == 1
    assert (
        f"::error file={os.path.relpath(city)}/sites.yml,line=13,col=5::sites[1].catgory: "
        "unknown field `catgory`; did you mean `category`?"
    ) in printed
    # the plain line is printed too, for people reading the log
    assert (
        f"{os.path.relpath(city)}/sites.yml:13:5: sites[1].catgory: unknown field `catgory`; did you mean `category`?"
    ) in printed


def test_github_annotations_for_warnings(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    case_file = BAD / "warning-long-route.yml"
    city = write_case(case_file, read_case(case_file), in_tmp)
    code, printed = run_check(in_tmp / "cities", capsys)
    assert code == 0
    assert (
        f"::warning file={os.path.relpath(city)}/routes.yml,line=5,col=12::routes[0].stops: this "
        "walk is about 11.1 km, longer than 5 km; consider splitting it in two"
    ) in printed


def test_no_annotations_outside_github(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case_file = BAD / "unknown-field-typo.yml"
    write_case(case_file, read_case(case_file), in_tmp)
    _, printed = run_check(in_tmp / "cities", capsys)
    assert not any(line.startswith("::") for line in printed)


@pytest.mark.parametrize(
    "name",
    [
        "key-twice",
        "swapped-lat-lon",
        "stop-names-no-site",
        "image-without-license",
        "several-errors",
        "warning-missing-translation",
    ],
)
def test_the_console_script(name: str, tmp_path: Path) -> None:
    """The installed `city-classroom` command, in a fresh process, as CI runs it."""
    case_file = BAD / f"{name}.yml"
    case = read_case(case_file)
    city = write_case(case_file, case, tmp_path)
    env = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    done = subprocess.run(
        [str(CONSOLE_SCRIPT), "check", "cities"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    printed = (done.stdout + done.stderr).splitlines()
    assert done.returncode == case.get("exit", 1), done.stdout + done.stderr
    shown = str(city.relative_to(tmp_path))
    for line in case["expect"]:
        assert line.replace("{city}", shown) in printed, done.stdout + done.stderr
    if done.returncode:
        assert done.stdout == ""  # errors go to stderr


def test_the_console_script_writes_annotations_in_github_actions(tmp_path: Path) -> None:
    case_file = BAD / "license-not-spdx.yml"
    write_case(case_file, read_case(case_file), tmp_path)
    done = subprocess.run(
        [str(CONSOLE_SCRIPT), "check", "cities"],
        cwd=tmp_path,
        env={**os.environ, "GITHUB_ACTIONS": "true"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert re.search(
        r"^::error file=cities/license-not-spdx/sites\.yml,line=15,col=18::"
        r"sites\[0\]\.images\[0\]\.license: `CC BY-SA 4\.0` is not an SPDX licence "
        r"identifier",
        done.stderr,
        re.M,
    ), done.stderr


def test_good_cities(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code, printed = run_check(FIXTURE_CITIES, capsys)
    assert code == 0, "\n".join(printed)
    cities = sorted(p.name for p in FIXTURE_CITIES.iterdir() if p.is_dir())
    for slug in cities:
        assert any(
            re.match(rf"^{slug}: \d+ sites \(.*\), \d+ routes \(.*\), languages \w+", line) for line in printed
        ), printed
    assert (
        "riverton: 5 sites (3 heritage, 1 food, 1 tradition), 2 routes (1 heritage, 0 food, "
        "0 tradition, 1 mixed), languages th, en" in printed
    )
    assert printed[-1] == f"{len(cities)} cities, 0 errors, 0 warning(s)"


def test_good_cities_through_the_console_script() -> None:
    done = subprocess.run(
        [str(CONSOLE_SCRIPT), "check", str(FIXTURE_CITIES)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.splitlines()[0].startswith("riverton: 5 sites")


def test_no_cities_folder(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, printed = run_check(in_tmp / "nowhere", capsys)
    assert code == 1
    assert printed[0] == "nowhere:1:1: there is no cities folder here"


def test_a_city_folder_may_not_take_a_name_the_site_uses(tmp_path, capsys):
    import shutil

    from city_classroom import cli
    from support import FIXTURE_CITIES

    shutil.copytree(FIXTURE_CITIES / "riverton", tmp_path / "cities" / "th")
    assert cli.main(["check", str(tmp_path / "cities")]) == 1
    assert "the folder name `th` is the city's address (/th/)" in capsys.readouterr().err


def test_a_problem_is_one_line_whatever_it_quotes() -> None:
    """A message that quotes an editor's value never holds a raw line break or control character,
    so it can start no GitHub workflow command of its own; annotation properties are escaped too."""
    from city_classroom.city_files.problems import Problem

    problem = Problem(
        "cities/a,b:c/sites.yml",
        3,
        9,
        "sites[0].id\r",
        "`x\n::stop-commands::token\r\n::warning::y\x1b[31m\u2028%` is not a valid id",
    )
    assert str(problem) == (
        "cities/a,b:c/sites.yml:3:9: sites[0].id\\r: `x\\n::stop-commands::token\\r\\n"
        "::warning::y\\x1b[31m\\u2028%` is not a valid id"
    )
    assert problem.github_annotation() == (
        "::error file=cities/a%2Cb%3Ac/sites.yml,line=3,col=9::sites[0].id\\r: `x\\n::stop-commands::token"
        "\\r\\n::warning::y\\x1b[31m\\u2028%25` is not a valid id"
    )
    assert len(str(problem).splitlines()) == len(problem.github_annotation().splitlines()) == 1


def test_an_apostrophe_in_a_long_text_is_not_quoted_back_whole(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_file = BAD / "apostrophe-in-single-quotes.yml"
    case = read_case(case_file)
    long_name = "Lamphun's market " + "and more " * 2000
    case["files"]["sites.yml"] = case["files"]["sites.yml"].replace("'Lamphun's market'", f"'{long_name}'")
    city = write_case(case_file, case, in_tmp)
    code, printed = run_check(in_tmp / "cities", capsys)
    assert code == 1
    assert printed[0] == (
        f"{os.path.relpath(city)}/sites.yml:3:19: the YAML does not parse: an apostrophe inside single quotes "
        "ends the text early; write each apostrophe twice (''), or put the text in double quotes (\"...\")"
    )


@pytest.mark.parametrize(
    ("name", "worship"),
    [
        ("วัดพระยืน", True),
        ("วัดสีตลาราม (วัดน้ำหัก)", True),
        ("Wat Phra Yuen", True),
        ("King Taksin the Great Shrine", True),
        ("玉佛禅寺", True),
        ("上海城隍庙", True),
        ("พิพิธภัณฑ์เมือง จังหวัดตาก", False),  # จังหวัด (province) is no temple
        ("Watson's pharmacy", False),
        ("豫园", False),
    ],
)
def test_which_names_are_places_of_worship(name: str, worship: bool) -> None:
    """Issue 15: the names that make the checker ask for `etiquette`."""
    from city_classroom.city_files.model import WORSHIP_WORDS

    assert bool(WORSHIP_WORDS.search(name)) is worship
