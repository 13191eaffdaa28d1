"""CONTRIBUTING.md tells the truth: its messages are the checker's, its examples pass.

Each message quoted in the guide is produced here by making the same mistake in a
copy of Tak (tests/fixtures/guide/tak, frozen so that edits to the real city do not
move the line numbers the guide quotes), and each worked example is applied to that
copy and must check clean.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from PIL import Image

import recordings
from city_classroom.cli import main

REPO = Path(__file__).resolve().parent.parent
GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
TAK = Path(__file__).parent / "fixtures" / "guide" / "tak"
HOURS = 'hours: {th: "ทุกวัน ช่วงเช้าถึงบ่าย", en: "Daily, early morning to early afternoon"}'
IMAGE = (
    "    free: true\n    images:\n      - file: images/market.jpg\n"
    '        alt: {th: "แผงผักในตลาด", en: "Vegetable stalls in the market"}\n'
    '        credit: "Photo: Somchai K."\n'
)
FIRST_SITE_LEARN = re.compile(r"    learn:\n(?:      .*\n)+")
EMPTY_LEARN = "cities/tak/food.yml:16:12: sites[0].learn: give at least one of `look`, `ask` or `try`"

# name: ([(file, old, new)], the message the guide quotes)
MISTAKES: dict[str, tuple[list[tuple[str, str, str]], str]] = {
    "tab": (
        [("food.yml", "    category: food\n", "\tcategory: food\n")],
        "cities/tak/food.yml:5:1: a tab character; YAML needs spaces: indent with two spaces per level",
    ),
    "indent": (
        [("food.yml", "    lat: 16.8729\n", "   lat: 16.8729\n")],
        "cities/tak/food.yml:8:4: the YAML does not parse: this line is not indented like the lines above "
        "it; use two spaces for each level",
    ),
    "colon": (
        [("food.yml", "    category: food\n", "    category food\n")],
        "cities/tak/food.yml:6:5: the YAML does not parse: could not find expected ':'; check the "
        "indentation and put text containing `: ` or `#` in quotes",
    ),
    "quote": (
        [("food.yml", "    free: true\n", '    hours: {en: "Daily 06:00-11:00}\n    free: true\n')],
        "cities/tak/food.yml:30:12: the YAML does not parse: the `{` here is not closed; add `}` at the end "
        "of its value",
    ),
    "key-twice": (
        [("food.yml", "    lon: 99.1230\n", "    lon: 99.1230\n    lat: 16.8730\n")],
        "cities/tak/food.yml:10:5: sites[0].lat: the key `lat` is given twice in this mapping (first on "
        "line 8); keep one and delete the other",
    ),
    "anchor": (
        [("food.yml", "    good_for: [children", "    good_for: &everyone [children")],
        "cities/tak/food.yml:26:15: an anchor (&everyone) is not allowed in city files; remove it and write "
        "each value out in full",
    ),
    "no-as-text": (
        [("city.yml", "country: TH", "country: NO")],
        "cities/tak/city.yml:3:10: country: `NO` is read as a yes/no value (true or false) by YAML 1.1 "
        'tools; if you mean the text, put it in quotes: "NO"',
    ),
    "yes-as-true": (
        [("food.yml", "    free: true\n", "    free: yes\n")],
        "cities/tak/food.yml:30:11: sites[0].free: `yes` would be read as a yes/no value (true or "
        "false); write true or false instead",
    ),
    "typo": (
        [("food.yml", "    category: food\n", "    catgory: food\n")],
        "cities/tak/food.yml:5:5: sites[0].catgory: unknown field `catgory`; did you mean `category`?",
    ),
    "missing": (
        [("food.yml", "    category: food\n", "")],
        "cities/tak/food.yml:3:5: sites[0].category: `category` is missing; add it",
    ),
    "not-in-set": (
        [("food.yml", "    category: food\n", "    category: snacks\n")],
        "cities/tak/food.yml:5:15: sites[0].category: `snacks` is not one of 'heritage', 'food' or 'tradition'",
    ),
    "bad-id": (
        [("food.yml", "  - id: tak-municipal-market", "  - id: Tak Municipal Market")],
        "cities/tak/food.yml:3:9: sites[0].id: `Tak Municipal Market` is not a valid id; use lowercase "
        "letters, digits and hyphens, e.g. `wat-chamadevi`",
    ),
    "number-as-text": (
        [("food.yml", "    free: true\n", "    free: true\n    price: {en: 20}\n")],
        'cities/tak/food.yml:31:17: sites[0].price.en: `20` is read as a number, not text; put it in quotes: "20"',
    ),
    "quoted-number": (
        [("food.yml", "    lat: 16.8729\n", '    lat: "16.8729"\n')],
        'cities/tak/food.yml:8:10: sites[0].lat: expected a number, found the text "16.8729"; remove the quotes',
    ),
    "comma": (
        [("food.yml", "    lat: 16.8729\n", "    lat: 16,8729\n")],
        "cities/tak/food.yml:8:10: sites[0].lat: expected a number such as 18.5786, found `16,8729`",
    ),
    "empty-text": (
        [("food.yml", HOURS, 'hours: {th: "ทุกวัน ช่วงเช้าถึงบ่าย", en: ""}')],
        "cities/tak/food.yml:29:12: sites[0].hours: the `en` text is empty; write it or remove the line",
    ),
    "free-and-price": (
        [("food.yml", "    free: true\n", '    free: true\n    price: {en: "20 baht"}\n')],
        "cities/tak/food.yml:31:12: sites[0].price: give either `free: true` or a `price`, not "
        "both; remove one of them",
    ),
    "opening-hours": (
        [("food.yml", "    free: true\n", '    opening_hours: "Mo-Su 06:00-13:00 PH off"\n    free: true\n')],
        "cities/tak/food.yml:30:39: sites[0].opening_hours: the parser cannot read this at character 19 "
        "(`PH off`): expected EOI, any_rule_separator, or rules_modifier; write it as on OpenStreetMap, e.g. "
        "`We-Su 09:00-16:00; PH off` (https://wiki.openstreetmap.org/wiki/Key:opening_hours)",
    ),
    "date": (
        [
            (
                "food.yml",
                "    free: true\n",
                '    free: true\n    events:\n      - name: {th: "ตลาดนัด", '
                'en: "Market day"}\n        dates: [28/12/2026]\n',
            )
        ],
        "cities/tak/food.yml:33:17: sites[0].events[0].dates[0]: `28/12/2026` is not a date; write it as "
        "YYYY-MM-DD, e.g. 2026-11-24",
    ),
    "http": (
        [
            (
                "food.yml",
                "    free: true\n",
                '    free: true\n    links:\n      - url: "http://www.tak.go.th"\n'
                '        title: {th: "เทศบาลเมืองตาก", en: "Tak municipality"}\n',
            )
        ],
        "cities/tak/food.yml:32:14: sites[0].links[0].url: `http://www.tak.go.th` is not an https:// "
        "address; links must start with https://",
    ),
    "swapped": (
        [("food.yml", "    lat: 16.8729\n    lon: 99.1230", "    lat: 99.1230\n    lon: 16.8729")],
        "cities/tak/food.yml:8:10: sites[0].lat: lat and lon look swapped: 99.123 is not a latitude "
        "(between -90 and 90) but would be a longitude; exchange the values of `lat` and `lon`",
    ),
    "far": (
        [("food.yml", "    lat: 16.8729\n    lon: 99.1230", "    lat: 13.7563\n    lon: 100.5018")],
        "cities/tak/food.yml:8:10: sites[0].lat: 13.7563, 100.5018 is 376.7 km from the city centre, beyond "
        "radius_km (3); check the coordinates (or widen radius_km in city.yml)",
    ),
    "far-makes-a-long-walk": (
        [("food.yml", "    lat: 16.8729\n    lon: 99.1230", "    lat: 13.7563\n    lon: 100.5018")],
        "cities/tak/routes.yml:30:12: warning: routes[3].stops: this walk is about 491.8 km, "
        "longer than 5 km; consider splitting it in two",
    ),
    "latitude": (
        [("food.yml", "    lat: 16.8729\n", "    lat: 168.729\n")],
        "cities/tak/food.yml:8:10: sites[0].lat: 168.729 is not a latitude (it must lie between -90 and 90)",
    ),
    "same-point": (
        [("food.yml", "    lat: 16.8747\n    lon: 99.1224", "    lat: 16.8729\n    lon: 99.1230")],
        "cities/tak/food.yml:37:10: sites[1].lat: `ping-riverside-night-market` is at the same point as "
        "`tak-municipal-market` (cities/tak/food.yml line 8); give each site its own coordinates",
    ),
    "id-twice": (
        [("food.yml", "  - id: ping-riverside-night-market", "  - id: tak-municipal-market")],
        "cities/tak/food.yml:32:9: sites[1].id: the id `tak-municipal-market` is already used in "
        "cities/tak/food.yml on line 3; give each site and route its own id",
    ),
    "stop-typo": (
        [("routes.yml", "stops: [king-taksin-shrine,", "stops: [king-taksin-shrin,")],
        "cities/tak/routes.yml:6:13: routes[0].stops[0]: no site has the id `king-taksin-shrin`; did you "
        "mean `king-taksin-shrine`?",
    ),
    "one-stop": (
        [
            (
                "routes.yml",
                "stops: [king-taksin-shrine, wat-bot-mani-sibunruang, tak-city-museum, "
                "ha-yaek-tha-ruea, trok-ban-chin, wat-sitalaram]",
                "stops: [king-taksin-shrine]",
            )
        ],
        "cities/tak/routes.yml:6:12: routes[0].stops: a route needs at least two stops; it has 1",
    ),
    "image-missing": (
        [("food.yml", "    free: true\n", IMAGE + "        license: CC-BY-SA-4.0\n")],
        "cities/tak/food.yml:32:15: sites[0].images[0].file: there is no file "
        "`cities/tak/images/market.jpg`; add it or fix the path",
    ),
    "image-without-licence": (
        [("food.yml", "    free: true\n", IMAGE)],
        "cities/tak/food.yml:32:9: sites[0].images[0].license: `license` is missing; add it",
    ),
    "licence-in-words": (
        [("food.yml", "    free: true\n", IMAGE + "        license: CC BY-SA\n")],
        "cities/tak/food.yml:35:18: sites[0].images[0].license: `CC BY-SA` is not an SPDX licence "
        "identifier; use one such as CC-BY-4.0, CC-BY-SA-4.0 or CC0-1.0",
    ),
    "other-language": (
        [("food.yml", HOURS, HOURS[:-1] + ', zh: "每天"}')],
        "cities/tak/food.yml:29:90: sites[0].hours.zh: `zh` is not one of the city's languages "
        "(th, en); add it to `languages` in city.yml or remove this text",
    ),
    "no-translation": (
        [
            (
                "food.yml",
                '        en: "With 20 baht or less, buy three ingredients for one bite of '
                'miang, and ask a vendor how to wrap it."\n',
                "",
            )
        ],
        "cities/tak/food.yml:24:9: warning: sites[0].learn.try: no text in `en`; add a translation, e.g. `en: ...`",
    ),
    "hours-in-thai-only": (
        [("food.yml", HOURS, 'hours: {th: "ทุกวัน ช่วงเช้าถึงบ่าย"}')],
        "cities/tak/food.yml:29:12: warning: sites[0].hours: no text in `en`; add a translation, e.g. `en: ...`",
    ),
    "no-city-yml": (
        [],
        "cities/tak/city.yml:1:1: every city folder needs a city.yml; create it (see CONTRIBUTING.md, 'Add a city')",
    ),
    # the mistakes a new editor makes (issue 18)
    "site-pasted-without-dash": (
        [("food.yml", "  - id: ping-riverside-night-market", "    id: ping-riverside-night-market")],
        "cities/tak/food.yml:32:5: sites[0].id: it looks like a new site starts here at line 32 without its "
        "`- `; put `- ` before `id:`, in place of the two spaces in front of it, as each site of the list starts",
    ),
    "apostrophe-in-single-quotes": (
        [("food.yml", 'en: "Tak Municipal Fresh Market"}', "en: 'Tak's Fresh Market'}")],
        "cities/tak/food.yml:4:48: the YAML does not parse: an apostrophe inside single quotes ends the text "
        "early; write the apostrophe twice ('Tak''s Fresh Market'), or put the text in double quotes "
        '("Tak\'s Fresh Market")',
    ),
    "true-in-quotes": (
        [("food.yml", "      shade: true\n", '      shade: "true"\n')],
        'cities/tak/food.yml:28:14: sites[0].access.shade: `"true"` in quotes is text, not a yes/no value; '
        "remove the quotes: `shade: true`",
    ),
    "lat-lon-pasted-together": (
        [("food.yml", "    lat: 16.8729\n    lon: 99.1230\n", "    lat: 16.8729, 99.1230\n")],
        "cities/tak/food.yml:8:10: sites[0].lat: `16.8729, 99.1230` is a latitude and a longitude together, "
        "as a map app copies them; split them over two lines: `lat: 16.8729` and, below it, `lon: 99.1230`",
    ),
    "curly-quotes": (
        [("food.yml", 'en: "Tak Municipal Fresh Market"}', "en: \u201cTak Municipal Fresh Market\u201d}")],
        "cities/tak/food.yml:4:44: warning: sites[0].name.en: `\u201cTak Municipal Fresh Market\u201d` is "
        "wrapped in typographic quotes (\u201c...\u201d), which stay part of the text; to quote in YAML use "
        'straight quotes ("..."), or none at all',
    ),
    "text-without-language": (
        [("food.yml", "    free: true\n", '    price: "20 baht"\n')],
        "cities/tak/food.yml:30:12: warning: sites[0].price: this text names no language, so it is taken as "
        "`th` (the city's first language) and `en` has none; name the language of each text, e.g. "
        '`price: {th: "...", en: "..."}`',
    ),
    "file-name-txt": (
        [],
        "cities/tak/food.yml.txt:1:1: this file is not read: city files are named like `food.yml` (lowercase "
        "`.yml`, nothing after it); rename it `food.yml`",
    ),
    "example-left-in": (
        [("food.yml", "  - id: tak-municipal-market", "  - id: example-food-stall")],
        "cities/tak/food.yml:3:9: sites[0].id: `example-food-stall` is the example site; replace its id and "
        "every text with a real site of the city, or delete it; nothing written by `city-classroom new` as an "
        "example may be published",
    ),
    "todo-left-in": (
        [("food.yml", 'en: "Tak Municipal Fresh Market"}', 'en: "TODO"}')],
        "cities/tak/food.yml:4:44: sites[0].name.en: this text still says TODO; write it in `en` (or remove the "
        "line); nothing written by `city-classroom new` as an example may be published",
    ),
}


@pytest.fixture
def tak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return Path(shutil.copytree(TAK, tmp_path / "cities" / "tak"))


def change(city: Path, file: str, old: str, new: str) -> None:
    path = city / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{file} of the frozen Tak no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check", "cities"])
    out, err = capsys.readouterr()
    return code, (out + err).splitlines()


def section(title: str) -> str:
    start = GUIDE.index(f"\n## {title}\n")
    end = GUIDE.find("\n## ", start + 1)
    return GUIDE[start : end if end > 0 else None]


def yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


def test_the_unchanged_copy_checks_clean(tak: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, printed = check(capsys)
    assert code == 0
    assert printed[-1] == "1 cities, 0 errors, 0 warning(s)"
    assert f"\n{printed[0]}\n" in section("Preview your change on your computer")


@pytest.mark.parametrize("name", list(MISTAKES))
def test_each_message_in_the_guide_is_the_checkers(name: str, tak: Path, capsys: pytest.CaptureFixture[str]) -> None:
    changes, message = MISTAKES[name]
    for file, old, new in changes:
        change(tak, file, old, new)
    if name == "no-city-yml":
        (tak / "city.yml").unlink()
    if name == "file-name-txt":
        (tak / "food.yml").rename(tak / "food.yml.txt")
    _, printed = check(capsys)
    assert message in printed, "\n".join(printed)
    assert f"`` {message} ``" in GUIDE or f"\n{message}\n" in GUIDE, f"the guide does not quote: {message}"


def test_every_message_the_guide_quotes_is_tested() -> None:
    quoted = re.findall(r"^\| `` (cities/.*?) `` \|", GUIDE, re.M)
    assert len(quoted) >= 30
    assert set(quoted) <= {message for _, message in MISTAKES.values()} | {EMPTY_LEARN}


def test_the_learn_example_message(tak: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tak / "food.yml"
    path.write_text(
        FIRST_SITE_LEARN.sub("    learn: {}\n", path.read_text(encoding="utf-8"), count=1), encoding="utf-8"
    )
    assert EMPTY_LEARN in check(capsys)[1]
    assert f"`` {EMPTY_LEARN} ``" in GUIDE


def test_the_worked_examples_check_clean(tak: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = yaml_blocks(section("Add a site"))[0]
    assert site.startswith("  - id: pa-kham-noodle-stall\n")
    (tak / "food.yml").write_text((tak / "food.yml").read_text(encoding="utf-8") + site, encoding="utf-8")
    route = yaml_blocks(section("Add a route"))[0]
    (tak / "routes.yml").write_text((tak / "routes.yml").read_text(encoding="utf-8") + route, encoding="utf-8")
    photo = yaml_blocks(section("Add a photo and its licence"))[0]
    (tak / "images").mkdir()
    Image.new("RGB", (40, 30), "green").save(tak / "images" / "market-herbs.jpg")  # a real photo: the gate decodes it
    food = (tak / "food.yml").read_text(encoding="utf-8")
    at = food.index("    free: true\n") + len("    free: true\n")  # the end of tak-municipal-market
    (tak / "food.yml").write_text(food[:at] + photo + food[at:], encoding="utf-8")
    translation = yaml_blocks(section("Add a translation"))
    assert translation[0].strip() == HOURS and HOURS in food
    code, printed = check(capsys)
    assert code == 0, "\n".join(printed)
    assert printed == [
        "tak: 17 sites (7 heritage, 5 food, 5 tradition), 5 routes (1 heritage, 1 food, "
        "1 tradition, 2 mixed), languages th, en",
        "1 cities, 0 errors, 0 warning(s)",
    ]


def test_the_recorded_story_example_checks_clean(tak: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = yaml_blocks(section("Add a recorded story"))[0]
    (tak / "audio").mkdir()
    (tak / "audio" / "market-story.mp3").write_bytes(recordings.mp3())  # real MPEG frames: the gate reads them
    food = (tak / "food.yml").read_text(encoding="utf-8")
    at = food.index("    free: true\n") + len("    free: true\n")  # the end of tak-municipal-market
    (tak / "food.yml").write_text(food[:at] + story + food[at:], encoding="utf-8")
    code, printed = check(capsys)
    assert code == 0, "\n".join(printed)
    (tak / "audio" / "market-story.mp3").write_bytes(b"<html>not a recording</html>")
    code, printed = check(capsys)
    assert code == 1 and "is not an MP3 recording" in "\n".join(printed)


def test_the_new_city_examples_check_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cities").mkdir()
    text = section("Add a city")
    command = re.search(r"^\.venv/bin/city-classroom (new .*)$", text, re.M)[1]
    assert main(shlex.split(command)) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert said.startswith(" ".join(re.search(r"It prints `(created .*?)`", text, re.S)[1].split()))
    shutil.rmtree(tmp_path / "cities" / "chiang-saen")
    city = tmp_path / "cities" / "chiang-saen"
    city.mkdir()
    (city / "city.yml").write_text(yaml_blocks(text)[0], encoding="utf-8")
    (city / "sites.yml").write_text(
        "sites:\n"
        + yaml_blocks(section("Add a site"))[0]
        .replace("lat: 16.8741", "lat: 20.2750")
        .replace("lon: 99.1238", "lon: 100.0850"),
        encoding="utf-8",
    )
    code, printed = check(capsys)
    assert code == 0 and printed[-1] == "1 cities, 0 errors, 0 warning(s)", "\n".join(printed)
