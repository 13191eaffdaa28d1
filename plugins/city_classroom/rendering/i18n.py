"""The guide's own words in each language, and how an editor's text is picked for a page.

The labels live in gettext catalogs, which translators' tools read and write:
`locale/city_classroom.pot` holds the English words (each label's key is its `msgctxt`),
and `locale/<lang>/LC_MESSAGES/city_classroom.po` a language's translation of them, read
here with Babel. A new language is a new `.po` file and a line in mkdocs.yml; a language
without a catalog is shown with the English labels (`missing_catalogs` names it, and the
plugin warns). Numbers that come from the options (paces, minutes) are placeholders
(`{kmh}`), filled where the label is used. Language names come from CLDR, through Babel.

An editor's text is shown in the page's language; where it lacks that language, in
English where it has it, otherwise in the city's own language, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po

from ..city_files.model import Text

DEFAULT_LANGUAGE = "en"
DOMAIN = "city_classroom"


def _read(path) -> dict[str, str]:
    with path.open("rb") as stream:
        catalog = read_po(stream)
    return {
        str(message.context): str(message.string or message.id) for message in catalog if message.id and message.context
    }


@cache
def english() -> dict[str, str]:
    """Every label's English words, by key: the template every translation follows."""
    return _read(resources.files(__package__).joinpath("locale", f"{DOMAIN}.pot"))


@cache
def catalog(language: str) -> dict[str, str] | None:
    """A language's translated labels by key, or None when it has no catalog."""
    if language == DEFAULT_LANGUAGE:
        return english()
    path = resources.files(__package__).joinpath("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")
    if not path.is_file():
        return None
    return {key: words for key, words in _read(path).items() if words}


def missing_catalogs(languages: list[str]) -> list[str]:
    """The guide's languages that have no catalog (their pages get the English labels)."""
    return [language for language in languages if catalog(language) is None]


def label(language: str, key: str, **values: object) -> str:
    """A label of the guide in a page language (English where the language lacks it)."""
    words = (catalog(language) or {}).get(key) or english()[key]
    return words.format(**values) if values else words


def language_name(code: str, in_language: str | None = None) -> str:
    """A language's name (CLDR): in its own words (`ไทย`), or in another language (`Thai`)."""
    try:
        locale = Locale.parse(code)
        where = Locale.parse(in_language) if in_language else locale
    except (ValueError, UnknownLocaleError):
        return code
    return where.languages.get(locale.language) or locale.get_display_name(where) or code


@dataclass(frozen=True)
class Shown:
    """An editor's text as one page shows it."""

    text: str
    language: str
    """The language the text is in: the page's, or the fallback's."""
    fallback: bool


def pick(text: Text | None, language: str, city_language: str) -> Shown | None:
    """The text in `language`; else in English; else in the city's own language."""
    if text is None:
        return None
    for candidate in (language, DEFAULT_LANGUAGE, city_language):
        words = text.get(candidate)
        if words is not None:
            return Shown(words, candidate, candidate != language)
    first = text.languages()[0]
    return Shown(text.root[first], first, True)


def plain(text: Text | None, language: str, city_language: str) -> str:
    """Just the words, for titles, map labels and attributes."""
    shown = pick(text, language, city_language)
    return shown.text if shown else ""


def proposed_titles(languages: list[str]) -> dict[str, Text]:
    """The title of a walk the guide proposes for each theme, in the guide's languages."""
    return {
        theme: Text({language: label(language, f"proposed_title_{theme}") for language in languages})
        for theme in ("heritage", "food", "tradition")
    }
