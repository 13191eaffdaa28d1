"""The guide's labels live in gettext catalogs: complete, consistent, and filled from the options.

`locale/city_classroom.pot` holds the English words; each language's `.po` must translate
every one of them with the same placeholders. A language without a catalog still builds,
with English labels and a warning that names the missing catalog.
"""

from __future__ import annotations

import re
import string
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from city_classroom.guide import build_guide
from city_classroom.rendering import i18n
from city_factory import content_for, project_config
from support import FIXTURE_CITIES, make_project, plugin_options

LOCALE = Path(str(resources.files("city_classroom.rendering").joinpath("locale")))
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/city_classroom.po"))


def _messages(path: Path) -> dict[str, tuple[str, str, set]]:
    with path.open("rb") as stream:
        catalog = read_po(stream)
    return {m.context: (m.id, m.string, set(m.flags)) for m in catalog if m.id}


def _placeholders(words: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(words) if name}


def test_there_are_catalogs_for_the_guides_languages():
    assert {path.parts[-3] for path in CATALOGS} >= {"th", "zh"}


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.parts[-3])
def test_a_catalog_translates_every_english_label_with_the_same_placeholders(catalog):
    english = _messages(LOCALE / "city_classroom.pot")
    translated = _messages(catalog)
    missing = sorted(set(english) - set(translated))
    assert missing == [], f"{catalog.parts[-3]} lacks labels that English has: {missing}"
    assert sorted(set(translated) - set(english)) == [], "labels that English does not have"
    for key, (msgid, msgstr, flags) in translated.items():
        assert msgid == english[key][0], f"{key}: the English words differ from the template's"
        assert msgstr.strip(), f"{key}: not translated"
        assert "fuzzy" not in flags, f"{key}: marked fuzzy"
        assert _placeholders(msgstr) == _placeholders(msgid), f"{key}: placeholders differ"


def test_the_english_template_marks_its_placeholders():
    for key, (msgid, _, flags) in _messages(LOCALE / "city_classroom.pot").items():
        assert ("python-brace-format" in flags) == bool(_placeholders(msgid)), key


def test_no_label_hides_a_number_that_an_option_sets():
    """Paces and minutes come from the options: a label that wrote them would go stale."""
    for key, (msgid, _, _) in _messages(LOCALE / "city_classroom.pot").items():
        assert not re.search(r"\b(4\.5|3) km/h|\b30 minutes", msgid), key


def test_paces_on_a_route_page_follow_the_options():
    options = dict(plugin_options())
    options.update(standard_kmh=5.5, relaxed_kmh=2.5, languages=["en", "th"])
    guide, problems = build_guide(FIXTURE_CITIES, options)
    assert guide is not None, problems
    route = next(page for page in guide.pages if page.src_uri == "riverton/routes/temple-walk.md")
    assert "Standard pace (5.5 km/h)" in route.html and "Relaxed pace (2.5 km/h" in route.html
    thai = next(page for page in guide.pages if page.src_uri == "th/riverton/routes/temple-walk.md")
    assert "(5.5 กม./ชม.)" in thai.html and "4.5" not in thai.html.split('class="cc-totals"')[1][:400]


def test_language_names_come_from_cldr():
    assert [i18n.language_name(code) for code in ("en", "th", "zh")] == ["English", "ไทย", "中文"]
    assert i18n.language_name("th", "en") == "Thai" and i18n.language_name("en", "zh") == "英语"


def test_a_language_without_a_catalog_builds_with_english_labels_and_a_warning(tmp_path):
    from support import mkdocs_build

    project = make_project(tmp_path / "project", FIXTURE_CITIES, content_for(tmp_path / "content", ["en"]))
    project_config(project, ["en", "de"], search=False)
    assert i18n.missing_catalogs(["en", "th", "de"]) == ["de"]
    result = mkdocs_build(project, tmp_path / "site", "--no-strict")
    assert result.returncode == 0, result.stderr
    assert (
        "no catalog of the guide's labels for `de` (rendering/locale/de/LC_MESSAGES/city_classroom.po)" in result.stderr
    )
    page = (tmp_path / "site" / "de" / "riverton" / "sites" / "old-temple" / "index.html").read_text("utf-8")
    assert 'id="learn">Learn here</h2>' in page


@pytest.mark.parametrize("file", sorted(LOCALE.rglob("*.po*")), ids=lambda file: str(file.relative_to(LOCALE)))
def test_every_catalog_file_is_whole(file: Path) -> None:
    """Each entry has its msgstr (several hands append to these files; a merge can drop a line)."""
    with file.open("rb") as catalog:
        read_po(catalog, abort_invalid=True)
