"""The schemas against the checker's whole bad-input corpus: what the checker refuses, the schema
refuses too, but for the cases listed in EXCEPTIONS, each with the reason only the checker can
see it. What the checker accepts (the good cities, warnings only), the schemas accept.

The corpus is tests/bad/*.yml (as test_check.py writes it) and the hostile folders of
test_hostile_checker.py. Each city file is read by the project's reader, as an editor's
editor reads YAML, and validated against the schema its name selects (`schema.schema_for`):
an editor sees in the editor what the checker will say, before the pull request.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from city_classroom.city_files.load import LoadError, load_document
from city_classroom.city_files.schema import SCHEMAS, schema_for
from test_check import BAD, CASES, read_case, write_case
from test_hostile_checker import CASES as HOSTILE
from test_hostile_checker import good_city

REPO = Path(__file__).resolve().parent.parent

READ = (
    "refused while the file is read (YAML syntax, tabs, duplicate keys, anchors, tags, nesting, control "
    "characters, a link or special file): no data reaches a schema; the editor's YAML parser marks most "
    "of these itself"
)
DISK = (
    "a file on disk that the city file names (an image, a drawn path) is checked by the gate: a schema "
    "sees only the name"
)
CROSS = (
    "needs more than one value or file: the city's languages (city.yml) against a text's language keys, "
    "ids across files, stops against sites, sites against the centre and radius"
)
YAML11 = (
    "the data is right as YAML 1.2 reads it (text); the checker asks for quotes because YAML 1.1 tools "
    "read the same characters as something else"
)
NAN = (
    "`.nan` is a number to YAML, and JSON has no word for it: every comparison with NaN is false, so no "
    "minimum or maximum refuses it"
)
FOLDER = (
    "about the folder, not a file's content: a missing city.yml, a file named so that it is not read "
    "(Food.YML, food.yml.txt)"
)

EXCEPTIONS: dict[str, str] = {
    # tests/bad: the folder and the reader
    "bad/alias": READ,
    "bad/anchor": READ,
    "bad/control-character": READ,
    "bad/key-twice": READ,
    "bad/surrogate-lone": READ,
    "bad/surrogate-pair": READ,
    "bad/tab-indent": READ,
    "bad/tag": READ,
    "bad/yaml-colon-in-text": READ,
    "bad/yaml-does-not-parse": READ,
    "bad/yaml-nested-deep": READ,
    "bad/yaml-question-mark-in-braces": READ,
    "bad/yaml-unclosed-bracket": READ,
    "bad/apostrophe-in-single-quotes": READ,
    "bad/site-pasted-without-dash": READ,
    "bad/missing-city-yml": FOLDER,
    "bad/file-name-txt": FOLDER,
    "bad/file-name-upper-case": FOLDER,
    # tests/bad: what one value cannot tell
    "bad/beyond-radius": CROSS,
    "bad/id-twice-site-route": CROSS,
    "bad/id-twice-sites": CROSS,
    "bad/same-point": CROSS,
    "bad/stop-names-no-site": CROSS,
    "bad/stop-names-no-site-no-guess": CROSS,
    "bad/swapped-lat-lon-in-range": CROSS,
    "bad/text-language-not-listed": CROSS,
    "bad/image-hidden-file": DISK,
    "bad/image-missing": DISK,
    "bad/image-html": DISK,
    "bad/image-markdown": DISK,
    "bad/image-name-dot-steps": DISK,
    "bad/image-outside-city": DISK,
    "bad/image-svg": DISK,
    "bad/image-text-renamed-jpg": DISK,
    "bad/path-booleans": DISK,
    "bad/path-far-away": DISK,
    "bad/path-infinity": DISK,
    "bad/path-latitude-out-of-range": DISK,
    "bad/path-missing": DISK,
    "bad/path-nan": DISK,
    "bad/path-nested-deep": DISK,
    "bad/path-not-json": DISK,
    "bad/path-not-linestring": DISK,
    "bad/path-outside-city": DISK,
    "bad/path-swapped": DISK,
    "bad/path-two-features": DISK,
    "bad/yaml11-date-in-text": YAML11,
    "bad/yaml11-no": YAML11,
    "bad/yaml11-on": YAML11,
    "bad/yaml11-sexagesimal": YAML11,
    "bad/yaml11-yes": YAML11,
    "bad/nan-center": NAN,
    "bad/nan-radius": NAN,
    # test_hostile_checker.py
    "hostile/image-name-with-nul": READ,
    "hostile/city-yml-is-a-link": READ,
    "hostile/sites-yml-is-a-link": READ,
    "hostile/yml-is-a-named-pipe": READ,
    "hostile/bracket-comment": READ,
    "hostile/deep-indentation": READ,
    "hostile/lone-surrogate": READ,
    "hostile/escaped-emoji-pair": READ,
    "hostile/escape-character-in-text": READ,
    "hostile/bell-in-a-key": READ,
    "hostile/getting-there-control-character": READ,
    "hostile/groups-control-character": READ,
    "hostile/source-printed-control-character": READ,
    "hostile/image-links-to-a-secret": DISK,
    "hostile/image-links-to-proc-environ": DISK,
    "hostile/image-links-to-etc-passwd": DISK,
    "hostile/image-links-to-a-picture-outside": DISK,
    "hostile/image-through-a-linked-folder": DISK,
    "hostile/image-is-a-named-pipe": DISK,
    "hostile/image-is-a-folder": DISK,
    "hostile/image-is-html": DISK,
    "hostile/image-is-svg": DISK,
    "hostile/image-is-markdown": DISK,
    "hostile/text-renamed-jpg": DISK,
    "hostile/svg-renamed-jpg": DISK,
    "hostile/png-named-jpg": DISK,
    "hostile/truncated-jpeg": DISK,
    "hostile/huge-image-file": DISK,
    "hostile/too-many-pixels": DISK,
    "hostile/image-above-the-city": DISK,
    "hostile/path-links-outside": DISK,
    "hostile/path-latitude-minus-5000": DISK,
    "hostile/path-booleans": DISK,
    "hostile/path-nan": DISK,
    "hostile/path-infinity": DISK,
    "hostile/path-a-million-points": DISK,
    "hostile/path-too-many-points": DISK,
    "hostile/path-on-another-continent": DISK,
    "hostile/path-nested-100k-deep": DISK,
    "hostile/path-two-features": DISK,
    "hostile/recording-is-html-named-mp3": DISK,
    "hostile/recording-links-to-a-secret": DISK,
    "hostile/recording-links-to-a-real-mp3-outside": DISK,
    "hostile/recording-is-huge": DISK,
    "hostile/recording-is-a-jpeg-named-ogg": DISK,
    "hostile/recording-is-an-mp3-named-m4a": DISK,
    "hostile/recording-is-vorbis-named-opus": DISK,
    "hostile/near-miss-name-links-to-a-secret": FOLDER,
    "hostile/near-miss-name-is-a-named-pipe": FOLDER,
    "hostile/nan-radius": NAN,
    "hostile/nan-center": NAN,
}


# Most cases were written before `sources` was required, and the checker then refuses them for that
# too; the schema is judged on each case's own fault, so a missing `sources` counts only in the case
# that is about it.
MISSING_SOURCES = "'sources' is a required property"


def _verdict(folder: Path, about_sources: bool = False) -> tuple[bool, list[str]]:
    """(every city file could be read, the schema's errors in them)."""
    readable, errors = True, []
    schemas = {file: json.loads((REPO / file).read_text(encoding="utf-8")) for file in SCHEMAS}
    for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")):
        try:
            data = load_document(path).data
        except LoadError:
            readable = False
            continue
        validator = Draft7Validator(schemas[schema_for(path.name)])
        errors += [
            f"{path.name}: {'/'.join(map(str, error.absolute_path))}: {error.message[:120]}"
            for error in validator.iter_errors(data)
            if error.message != MISSING_SOURCES or about_sources
        ]
    return readable, errors


def _bad_case(name: str, root: Path) -> tuple[Path, bool]:
    """The folder of tests/bad/<name>.yml, and whether the checker refuses it (not warnings only)."""
    case_file = BAD / f"{name}.yml"
    case = read_case(case_file)
    return write_case(case_file, case, root), case.get("exit", 1) == 1


def _hostile_case(name: str, root: Path) -> Path:
    city = good_city(root)
    HOSTILE[name].make(city, root)
    return city


ALL_CASES = [f"bad/{case.stem}" for case in CASES] + [f"hostile/{name}" for name in HOSTILE]


def test_every_exception_names_a_case() -> None:
    assert set(EXCEPTIONS) <= set(ALL_CASES), sorted(set(EXCEPTIONS) - set(ALL_CASES))


@pytest.mark.parametrize("name", ALL_CASES)
def test_the_schema_refuses_what_the_checker_refuses(name: str, tmp_path: Path) -> None:
    kind, case = name.split("/", 1)
    if kind == "bad":
        folder, refused_by_checker = _bad_case(case, tmp_path)
    else:
        folder, refused_by_checker = _hostile_case(case, tmp_path), True
    readable, errors = _verdict(folder, about_sources=case == "sources-missing")
    if not refused_by_checker:  # warnings only: the checker accepts it, so must the schema
        assert readable and not errors, errors
        assert name not in EXCEPTIONS
        return
    reason = EXCEPTIONS.get(name)
    if reason is None:
        advice = "make the schema say it, or add it to EXCEPTIONS with the reason"
        assert errors, f"{name}: the checker refuses it, the schemas accept it; {advice}"
    else:
        assert not errors, (
            f"{name} is listed as an exception ({reason[:40]}...) but the schemas refuse it: remove it from EXCEPTIONS"
        )
        assert (reason == READ) == (not readable), f"{name}: READ is the reason exactly when a file cannot be read"


def _good_files() -> list[Path]:
    return sorted((REPO / "cities").glob("*/*.yml")) + sorted((REPO / "tests" / "fixtures").glob("*/*/*.yml"))


@pytest.mark.parametrize("file", _good_files(), ids=lambda path: str(path.relative_to(REPO)))
def test_every_good_city_file_passes_its_schema(file: Path) -> None:
    schema = json.loads((REPO / schema_for(file.name)).read_text(encoding="utf-8"))
    data = load_document(file).data
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft7Validator(schema).iter_errors(data)]
    assert not errors


def test_the_hostile_good_city_passes_its_schemas(tmp_path: Path) -> None:
    readable, errors = _verdict(good_city(tmp_path))
    assert readable and not errors, errors
