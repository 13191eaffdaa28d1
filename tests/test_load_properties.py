"""Properties of loading and validating: no text whatever crashes the checker.

An editor's file can hold anything: half a YAML file, a paste from a word
processor, a stray tab. `load_document` turns all of it into a Document or its
own LoadError, and `validate_city` into problems, never into a traceback.
"""

from __future__ import annotations

import shutil
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from city_classroom.city_files import load
from city_classroom.city_files.load import Document, LoadError, load_city_folder, load_document
from city_classroom.city_files.model import City, Route, Site
from city_classroom.city_files.problems import Problem
from city_classroom.city_files.validate import validate_city

RIVERTON = Path(__file__).parent / "fixtures" / "cities" / "riverton"

FRAGMENTS = [
    "- ",
    ": ",
    ":",
    "{",
    "}",
    "[",
    "]",
    ", ",
    "&a ",
    "*a",
    "&",
    "*",
    "!",
    "!!str ",
    "!!python/name:x ",
    "? ",
    "|",
    ">",
    "|-",
    "#",
    " # x",
    "\t",
    "'",
    '"',
    "\\",
    "\n",
    "\n  ",
    "\n    ",
    "\n- ",
    "  ",
    " ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "<<: ",
    "~",
    "null",
    "yes",
    "NO",
    "on",
    "1:20",
    "0123",
    "0o17",
    "0x1F",
    "1e3",
    ".inf",
    "-.nan",
    "2026-11-24",
    "2026-13-45",
    "18.5786",
    "99.0087",
    "-",
    "9" * 40,
    "sites",
    "routes",
    "id",
    "name",
    "lat",
    "lon",
    "stops",
    "learn",
    "look",
    "images",
    "file",
    "path",
    "th",
    "en",
    "ลำพูน",
    "南奔",
    "\u2028",
    "\x85",
    "\ufeff",
    "\r\n",
    "\r",
    "\x00",
    "\x07",
    "@",
    "`",
    "%",
    '"\\ud800"',
    '"\\ud83d\\ude00"',
    '"\\e"',
    '"\\x1b"',
    '"a\\n"',
    "9999-12-31",
    ".nan",
    "\n::warning::x",
]

yaml_like = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=60).map("".join)
any_text = st.text(max_size=400)

# each test well under 10 s of CPU; deadline off, as the machine may be shared
SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
FOLDER_SETTINGS = settings(SETTINGS, max_examples=80)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("props")


def _load(path: Path, text: str) -> Document | None:
    path.write_text(text, encoding="utf-8")
    try:
        doc = load_document(path)
    except LoadError as error:
        assert isinstance(error.problem, Problem)
        assert error.problem.line >= 1 and error.problem.column >= 1
        assert error.problem.message
        return None
    assert isinstance(doc, Document)
    return doc


@SETTINGS
@given(text=any_text)
def test_any_text_loads_or_raises_load_error(scratch: Path, text: str) -> None:
    _load(scratch / "any.yml", text)


@SETTINGS
@given(text=yaml_like)
def test_yaml_like_text_loads_or_raises_load_error(scratch: Path, text: str) -> None:
    doc = _load(scratch / "like.yml", text)
    if doc is not None:
        for line, column in [*doc.marks.values(), *doc.key_marks.values()]:
            assert line >= 1 and column >= 1


@pytest.mark.parametrize(
    "text",
    [
        "[" * 3000 + "]" * 3000,  # nested deeper than Python's recursion limit
        "{a: " * 3000 + "1" + "}" * 3000,
        "a: \x01",  # a control character
        "a: 1\n---\nb: 2\n",  # two documents
        "a: !!python/object/apply:os.system [echo hi]\n",
        "a: &x 1\nb: *x\n",
        "? [a, b]\n: 1\n",  # a key that is a list
        "a: {b: 1\nc: 2\n",  # a brace never closed
        "# " + "]" * 60000 + "\na: " + "[" * 60000,  # brackets in a comment close nothing
        "a: '" + "]" * 60000 + "'\nb: " + "[" * 60000,  # nor in quotes
        "a:\n" + "".join("  " * i + "- \n" for i in range(1, 400)),  # indented 400 deep
        "a: " + "[" * 900 + "}",  # under libyaml's own limit, then an error
        'a: "\\ud800"\n',  # half a character
    ],
)
def test_hard_cases_raise_load_error(scratch: Path, text: str) -> None:
    (scratch / "hard.yml").write_text(text, encoding="utf-8", errors="surrogatepass")
    with pytest.raises(LoadError) as refused:
        load_document(scratch / "hard.yml")
    problem = refused.value.problem
    assert problem.line >= 1 and problem.column >= 1 and problem.message


def test_more_digits_than_python_reads_stay_text(scratch: Path) -> None:
    """No number a city needs has 5,000 digits: such a value is kept as the text it is, and
    validation then says a number was expected where one was."""
    (scratch / "digits.yml").write_text("a: " + "9" * 5000, encoding="utf-8")
    assert load_document(scratch / "digits.yml").data == {"a": "9" * 5000}


@pytest.mark.parametrize("fast", [True, False], ids=["libyaml", "pure-python"])
@pytest.mark.parametrize(
    "text",
    [
        "# " + "]" * 60000 + "\nsites: " + "[" * 60000,
        'sites: "' + "]" * 60000 + '"\nroutes: ' + "{a: " * 30000,
        "sites:\n" + "".join("  " * i + "- \n" for i in range(1, 400)),
    ],
)
def test_deep_nesting_is_refused_with_or_without_libyaml(
    scratch: Path, monkeypatch: pytest.MonkeyPatch, text: str, fast: bool
) -> None:
    """Nesting is counted from YAML's tokens, by libyaml or, without it, by PyYAML's scanner
    read lazily and left at the limit: either way the file is refused, not read for minutes."""
    if not fast:
        monkeypatch.setattr(load, "_FAST_LOADER", None)
    (scratch / "deep.yml").write_text(text, encoding="utf-8")
    with pytest.raises(LoadError, match=r"more than 100 (brackets open at once|levels deep)"):
        load_document(scratch / "deep.yml")


def _check_folder(root: Path, files: dict[str, str]) -> None:
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    guide, problems = validate_city(load_city_folder(root))
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.line >= 1 and problem.column >= 1
        assert problem.severity in ("error", "warning")
        for shown in (str(problem), problem.github_annotation()):
            assert shown.isprintable() or not any(unicodedata.category(c) in ("Cc", "Cs") for c in shown)
            shown.encode("utf-8")  # no half characters: the line can be printed
    if guide is None:
        assert any(problem.severity == "error" for problem in problems)


@FOLDER_SETTINGS
@given(city=yaml_like, sites=yaml_like)
def test_any_folder_validates_into_problems(scratch: Path, city: str, sites: str) -> None:
    _check_folder(scratch / "cities" / "random", {"city.yml": city, "sites.yml": sites})


# Random structures over the real field names, so that validation gets past the YAML and the
# first type check: into the models, the cross-city checks, the files that routes name.
KEYS = [
    "sites",
    "routes",
    "id",
    "name",
    "category",
    "lat",
    "lon",
    "summary",
    "story",
    "learn",
    "look",
    "ask",
    "try",
    "good_for",
    "access",
    "step_free",
    "hours",
    "free",
    "price",
    "events",
    "when",
    "dates",
    "images",
    "file",
    "alt",
    "credit",
    "license",
    "links",
    "url",
    "title",
    "theme",
    "stops",
    "path",
    "th",
    "en",
    "zh",
    "catgory",
    "center",
    "radius_km",
    "languages",
    "country",
    "timezone",
]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True)
    | st.sampled_from(
        [
            "heritage",
            "food",
            "mixed",
            "old-temple",
            "museum",
            "th",
            "en",
            "TH",
            "Asia/Bangkok",
            "CC0-1.0",
            "https://example.org",
            "paths/a.geojson",
            "../../etc/passwd",
            "/etc/hostname",
            "a" * 300,
            "2026-11-24",
            "yes",
            "0123",
            "18.5786",
            "วัด",
        ]
    )
    | st.text(max_size=12)
)
structures = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6),
    max_leaves=20,
)
small = SCALARS | st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=3),
    max_leaves=6,
)
FIELDS = dict.fromkeys(KEYS[2:], small)


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True)


CITY = yaml.safe_load((RIVERTON / "city.yml").read_text(encoding="utf-8"))
SITE = {
    "id": "old-temple",
    "name": {"th": "วัด", "en": "Temple"},
    "category": "heritage",
    "lat": 18.5773,
    "lon": 99.0081,
    "summary": "s",
    "story": "s",
    "learn": {"look": "l"},
}


@FOLDER_SETTINGS
@given(data=structures)
def test_random_structures_validate_into_problems(scratch: Path, data: Any) -> None:
    _check_folder(scratch / "cities" / "structure", {"city.yml": _dump(CITY), "sites.yml": _dump(data)})


@FOLDER_SETTINGS
@given(site=st.fixed_dictionaries({}, optional=FIELDS), route=st.fixed_dictionaries({}, optional=FIELDS))
def test_random_sites_and_routes_validate_into_problems(scratch: Path, site: dict, route: dict) -> None:
    data = {"sites": [SITE, {**SITE, **site}], "routes": [route]}
    _check_folder(scratch / "cities" / "items", {"city.yml": _dump(CITY), "sites.yml": _dump(data)})


@FOLDER_SETTINGS
@given(city=st.fixed_dictionaries({}, optional=FIELDS))
def test_random_city_files_validate_into_problems(scratch: Path, city: dict) -> None:
    _check_folder(
        scratch / "cities" / "city", {"city.yml": _dump({**CITY, **city}), "sites.yml": _dump({"sites": [SITE]})}
    )


# --- round trip ----------------------------------------------------------------------------


def _riverton():
    guide, problems = validate_city(load_city_folder(RIVERTON))
    assert guide is not None, problems
    assert problems == []
    return guide


def _again(model: type, item: Any, language: str) -> Any:
    dumped = item.model_dump(by_alias=True, exclude_none=True, mode="json")
    return model.model_validate(dumped, context={"city_language": language})


def test_round_trip_city() -> None:
    guide = _riverton()
    assert _again(City, guide.city, guide.language) == guide.city


@pytest.mark.parametrize("index", range(5))
def test_round_trip_site(index: int) -> None:
    guide = _riverton()
    site = guide.sites[index]
    assert _again(Site, site, guide.language) == site


def test_round_trip_keeps_what_riverton_says() -> None:
    guide = _riverton()
    temple = _again(Site, guide.site("old-temple"), guide.language)
    assert temple.learn.try_ is None and temple.learn.look is not None
    assert temple.events[0].dates == [date(2026, 11, 24)]
    assert temple.free is True and temple.price is None


@pytest.mark.parametrize("index", range(2))
def test_round_trip_route(index: int) -> None:
    guide = _riverton()
    route = guide.routes[index]
    assert _again(Route, route, guide.language) == route
