"""Word breaks for the search index: Thai and Chinese split the way the reader's browser splits them.

Thai and Chinese are written without spaces between words. When a reader searches, Pagefind
splits the query with the browser's `Intl.Segmenter` (ICU's dictionaries); when it indexes the
site, it splits the pages with its own (charabia's), which keep many compounds whole. The page
that says "อย่างข้าวซอย" is indexed under the one word ข้าวซอย, while the query ข้าวซอย becomes
ข้าว + ซอย, and the page is not found. Marking ICU's word breaks with a zero-width space in the
copy of the pages that Pagefind reads makes both sides split alike. The published pages are
not changed.

A name splits differently inside a longer one: ICU breaks พิพิธภัณฑสถานแห่งชาติหริภุญไชย into
... แห่ง + ชา + ติ + หริ ..., but the reader who types its beginning, พิพิธภัณฑสถานแห่งชาติ,
gets ... แห่ง + ชาติ. So the copy also carries, after the page's title (its h1), the pieces
of every beginning and every ending of the title's Thai and Chinese (ตากสิน, kept inside
พระเจ้าตากสิน in the whole name), in a hidden paragraph of its own (as
plain text: weighted as a heading they would lift other pages above a name's own); the
title Pagefind shows stays the h1's.

Pagefind (1.5) also ranks a page by its title, which it splits on spaces only: the zero-width
space does not part วัด​พระยืน there, so the query วัด + พระยืน matched only the title's first
word, and a temple whose title says วัด twice (วัดจามเทวี (วัดกู่กุด)) ranked far above วัดพระยืน
itself. In the title, each break is a zero-width space and a space (TITLE_BREAK); search.js
takes both out of the title it shows.
"""

from __future__ import annotations

import re

from icu4py.breakers import WordBreaker

ZERO_WIDTH_SPACE = "\u200b"
TITLE_BREAK = ZERO_WIDTH_SPACE + " "
"""A word break in the title (h1) of the copy: a space too, where Pagefind splits a page's title."""

_UNSPACED = re.compile(r"[\u0E00-\u0E7F]+|[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]+")
"""A run of Thai, or of Chinese characters (and Japanese kana): scripts written without spaces."""

_MARKUP = re.compile(r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>)", re.DOTALL | re.IGNORECASE)
"""What is not text in a page: tags (with their attributes), scripts, styles and comments."""


def _locale(run: str) -> str:
    return "th" if "\u0e00" <= run[0] <= "\u0e7f" else "zh"


def break_words(text: str) -> str:
    """The text with a zero-width space between each two words of Thai or Chinese."""
    return _UNSPACED.sub(lambda match: ZERO_WIDTH_SPACE.join(WordBreaker(match[0], _locale(match[0]))), text)


_TITLE = re.compile(r"(<h1\b[^>]*>)(.*?)(</h1\s*>)", re.DOTALL | re.IGNORECASE)


def beginnings(text: str) -> list[str]:
    """The words of every beginning of each Thai or Chinese run in `text` (all but its last, which
    the beginning may cut short) that the whole run's breaks do not hold, in the order first met."""
    found: dict[str, None] = {}
    for match in _UNSPACED.finditer(text):
        run = match[0]
        whole = set(WordBreaker(run, _locale(run)))
        for end in range(1, len(run)):
            for word in list(WordBreaker(run[:end], _locale(run)))[:-1]:  # the last may be cut short
                if word not in whole:
                    found.setdefault(word, None)
    return list(found)


def endings(text: str) -> list[str]:
    """The words of every ending of each Thai or Chinese run in `text` (all but its first, which
    the ending may cut; two letters or more) that the whole run's breaks do not hold: ตากสิน of
    ศาลสมเด็จพระเจ้าตากสินมหาราช, which ICU keeps inside พระเจ้าตากสิน in the whole name."""
    found: dict[str, None] = {}
    for match in _UNSPACED.finditer(text):
        run = match[0]
        whole = set(WordBreaker(run, _locale(run)))
        for start in range(1, len(run)):
            for word in list(WordBreaker(run[start:], _locale(run)))[1:]:  # the first may be cut short
                if word not in whole and len(word) >= 2:
                    found.setdefault(word, None)
    return list(found)


def _with_beginnings(html: str) -> str:
    """The first h1, followed by the pieces of its beginnings (see the module's docstring)."""
    title = _TITLE.search(html)
    if not title:
        return html
    text = re.sub(r"<[^>]*>", "", title[2])
    pieces = list(dict.fromkeys(beginnings(text) + endings(text)))
    if not pieces:
        return html
    extra = "<p hidden>" + " ".join(pieces) + "</p>"
    return html[: title.end()] + extra + html[title.end() :]


def _spaced_title(html: str) -> str:
    """After the first h1, the title Pagefind ranks and shows, each word break a space too (see
    TITLE_BREAK); out of the words indexed, so that the h1's words are indexed as before."""
    title = _TITLE.search(html)
    if not title or ZERO_WIDTH_SPACE not in title[2]:
        return html
    spaced = re.sub(r"<[^>]*>", "", title[2]).replace(ZERO_WIDTH_SPACE, TITLE_BREAK)
    extra = f'<span data-pagefind-ignore data-pagefind-meta="title" hidden>{spaced}</span>'
    return html[: title.end()] + extra + html[title.end() :]


def break_words_in_page(html: str) -> str:
    """A page with its word breaks marked in its text, not in its tags, scripts or styles."""
    parts = _MARKUP.split(_with_beginnings(html))
    return _spaced_title("".join(part if i % 2 else break_words(part) for i, part in enumerate(parts)))
