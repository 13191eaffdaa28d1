"""Search in Chromium: Thai and Chinese words typed into the search page find their page.

Each query is drawn from the seed cities' texts (cities/*/*.yml): single words, parts of
names, and several words typed without spaces, as Thai and Chinese are written. Each is
typed into the search page of its language and must find the right page among the first
three results; a few English queries are the control. The rank of every query is printed
and written to bench/out/search_ranks.txt.

A reader may type only the beginning of a long Thai name, which ICU splits otherwise than the
whole name (พิพิธภัณฑสถานแห่งชาติ | หริภุญไชย): for every seed site with a Thai name, its
shortest beginning of two words or more that no other site's name begins with is a query too.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from icu4py.breakers import WordBreaker

from browsing import Session, click_instantly, count_documents
from city_classroom.city_files.validate import read_cities
from city_classroom.mkdocs_plugin.word_breaks import TITLE_BREAK, beginnings, break_words_in_page, endings
from support import REPO, open_context

# (language, query, what it is, the right pages: any of them among the first three)
QUERIES = [
    ("th", "ลำไย", "word: longan", ["lamphun/routes/longan-and-market-walk"]),
    (
        "th",
        "หริภุญชัย",
        "old name of Lamphun",
        ["lamphun/sites/wat-phra-that-hariphunchai", "lamphun/routes/old-town-heritage-walk"],
    ),
    (
        "th",
        "ข้าวซอย",
        "two words, no space: khao soi",
        ["tak/sites/ping-riverside-night-market", "lamphun/sites/lamphun-friday-walking-street"],
    ),
    ("th", "วัดพระธาตุ", "three words, start of a name", ["lamphun/sites/wat-phra-that-hariphunchai"]),
    ("th", "ถนนคนเดิน", "three words, start of a name", ["lamphun/sites/lamphun-friday-walking-street"]),
    ("th", "คนเดิน", "inside a name", ["lamphun/sites/lamphun-friday-walking-street"]),
    ("th", "ขัวมุง", "inside a name", ["lamphun/sites/kad-khua-mung-tha-sing"]),
    (
        "th",
        "พระนางจามเทวี",
        "name, several words",
        ["lamphun/sites/queen-chamadevi-monument", "lamphun/routes/queen-chamadevi-trail"],
    ),
    ("th", "กู่ช้าง", "start of a name", ["lamphun/sites/ku-chang-ku-ma"]),
    ("th", "พระรอด", "word from a story", ["lamphun/sites/wat-mahawan"]),
    (
        "th",
        "ลำไยอบแห้ง",
        "three words: dried longan",
        ["lamphun/sites/kad-khua-mung-tha-sing", "lamphun/sites/kad-nong-dok"],
    ),
    ("th", "ขนมจีนน้ำเงี้ยว", "a dish, three words", ["lamphun/sites/kad-nong-dok"]),
    ("th", "ศาลหลักเมือง", "start of a name", ["tak/sites/lak-mueang-si-maharat"]),
    ("th", "สะพานแขวน", "word in a name", ["tak/sites/saphan-khwaen-200-pi"]),
    ("th", "ตลาดสด", "start of a name", ["tak/sites/tak-municipal-market"]),
    ("th", "ตรอกบ้านจีน", "name, three words", ["tak/sites/trok-ban-chin"]),
    ("th", "กระทงสาย", "a festival", ["tak/sites/lan-krathong-sai"]),
    ("zh", "豫园", "name", ["shanghai/sites/yu-garden"]),
    ("zh", "小笼包", "a dish", ["shanghai/sites/nanxiang-mantou-dian", "shanghai/routes/shengjian-to-xiaolongbao"]),
    ("zh", "黄浦", "part of 黄浦江", ["shanghai/sites/the-bund"]),
    ("zh", "上海博物馆", "name, several words", ["shanghai/sites/shanghai-museum"]),
    ("zh", "城隍庙", "part of a name", ["shanghai/sites/city-god-temple"]),
    ("zh", "南翔", "part of a name", ["shanghai/sites/nanxiang-mantou-dian"]),
    ("zh", "生煎", "a dish", ["shanghai/sites/huanghe-road", "shanghai/routes/shengjian-to-xiaolongbao"]),
    ("zh", "玉佛", "part of a name", ["shanghai/sites/jade-buddha-temple"]),
    ("zh", "武康大楼", "name", ["shanghai/sites/wukang-mansion"]),
    ("zh", "白斩鸡", "a dish", ["shanghai/sites/yunnan-south-road"]),
    ("zh", "梨膏糖", "a sweet", ["shanghai/sites/fangbang-old-street"]),
    ("zh", "玉玲珑", "a stone in a story", ["shanghai/sites/yu-garden"]),
    ("zh", "杨树浦水厂", "name, several words", ["shanghai/sites/yangshupu-waterworks"]),
    ("zh", "自然博物馆", "inside a name", ["shanghai/sites/natural-history-museum"]),
    ("zh", "一大会址", "inside a name", ["shanghai/sites/first-congress-site"]),
    ("en", "longan", "control", ["lamphun/routes/longan-and-market-walk"]),
    ("en", "Yu Garden", "control", ["shanghai/sites/yu-garden"]),
    (
        "en",
        "xiaolongbao",
        "control",
        ["shanghai/sites/nanxiang-mantou-dian", "shanghai/routes/shengjian-to-xiaolongbao"],
    ),
    ("en", "Taksin", "control", ["tak/sites/king-taksin-shrine"]),
]


_LETTERS = re.compile(r"[\u0E00-\u0E7F]+|[\u3400-\u4DBF\u4E00-\u9FFF]+")


def _site_names(language: str) -> dict[str, str]:
    """Each seed site's name in `language` (its first run of Thai or Chinese letters), by its page."""
    guides, _ = read_cities(REPO / "cities")
    names = {f"{g.slug}/sites/{site.id}": site.name.get(language) for g in guides for site in g.sites}
    runs = {path: _LETTERS.search(name) for path, name in sorted(names.items()) if name}
    return {path: run[0] for path, run in runs.items() if run}


def _chinese_beginnings() -> list[tuple[str, str, str, list[str]]]:
    """Each seed site's Chinese name: its shortest beginning of whole ICU words (of the whole
    name), two characters or more, that is the beginning of no other site's Chinese name; or the
    whole name, if none is (外滩, 上海老街)."""
    names = _site_names("zh")
    queries = []
    for path, name in names.items():
        words = list(WordBreaker(name, "zh"))
        query = name
        for count in range(1, len(words)):
            start = "".join(words[:count])
            if len(start) >= 2 and not any(o.startswith(start) for where, o in names.items() if where != path):
                query = start
                break
        queries.append(("zh", query, "beginning of a site's name", [path]))
    return queries


def _name_rests(language: str) -> list[tuple[str, str, str, list[str]]]:
    """Each seed site's name in `language` without its first ICU word (พระยืน of วัดพระยืน, 博物馆
    of 上海博物馆), where that part is in no other site's name; the names whose part is shared
    (博物馆: two museums) are left out, and so are Chinese names whose first word is one character
    (ICU splits 武康大楼 as 武 + 康大楼: no one types 康大楼)."""
    names = _site_names(language)
    queries = []
    for path, name in names.items():
        words = list(WordBreaker(name, language))
        part = "".join(words[1:])
        if language == "zh" and len(words[0]) < 2:
            continue
        if len(part) >= 2 and not any(part in other for where, other in names.items() if where != path):
            queries.append((language, part, "a site's name without its first word", [path]))
    return queries


def _thai_beginnings() -> list[tuple[str, str, str, list[str]]]:
    """Each seed site's Thai name: its shortest beginning of at least two ICU words (of the
    whole name) that is the beginning of no other site's Thai name."""
    names = _site_names("th")
    queries = []
    for path, name in names.items():
        words = list(WordBreaker(name, "th"))
        query = name
        for count in range(2, len(words) + 1):
            start = "".join(words[:count])
            if not any(other.startswith(start) for where, other in names.items() if where != path):
                query = start
                break
        queries.append(("th", query, "beginning of a site's name", [path]))
    return queries


THAI_BEGINNINGS = _thai_beginnings()
NAME_PARTS = [*_chinese_beginnings(), *_name_rests("th"), *_name_rests("zh")]
"""Issue 16, item 5: every seed site's Chinese name by its beginning (the Thai ones are above),
and its Thai and Chinese names by the part after their first word."""
BEGINNING_MISSES: dict[str, str] = {
    # none: วัดพระยืน, once ranked 4th behind temples whose titles say วัด twice, is found now
    # that Pagefind ranks titles split at their word breaks (word_breaks.TITLE_BREAK)
}
QUERIES += [
    ("th", "พิพิธภัณฑสถานแห่งชาติ", "beginning split otherwise", ["lamphun/sites/hariphunchai-national-museum"]),
    # ICU keeps พระเจ้าตากสิน (King Taksin) as one word in the whole name: the ending's pieces hold ตากสิน
    ("th", "ตากสิน", "inside the word พระเจ้าตากสิน", ["tak/sites/king-taksin-shrine"]),
    *(q for q in THAI_BEGINNINGS if q[1] not in {query for _, query, _, _ in QUERIES} | BEGINNING_MISSES.keys()),
]
QUERIES += [q for q in NAME_PARTS if (q[0], q[1]) not in {(q[0], q[1]) for q in QUERIES}]

KNOWN_MISSES = [
    *((q[0], q[1], BEGINNING_MISSES[q[1]], q[3]) for q in THAI_BEGINNINGS if q[1] in BEGINNING_MISSES),
]
"""Reported in the table, not asserted: what a reader may type that the search does not find."""

RANKS_FILE = REPO / "bench" / "out" / "search_ranks.txt"


def page_path(language: str, path: str) -> str:
    return ("/" if language == "en" else f"/{language}/") + path + "/"


def search(page, query: str) -> list[str]:
    """Type a query into the search box; the result pages, in order (first five)."""
    box = page.locator(".pagefind-ui__search-input")
    box.fill("")
    page.wait_for_function("() => !document.querySelector('.pagefind-ui__result')")
    box.fill(query)
    page.wait_for_function(
        """query => {
        const message = document.querySelector('.pagefind-ui__message');
        if (!message || !message.textContent.includes(query) || /\\.\\.\\.|…/.test(message.textContent)) return false;
        const results = [...document.querySelectorAll('.pagefind-ui__result')];
        return results.every(result => result.querySelector('.pagefind-ui__result-link'));
    }""",
        arg=query,
    )
    return page.eval_on_selector_all(
        ".pagefind-ui__result-link", "links => links.map(link => new URL(link.href).pathname)"
    )


def rank(found: list[str], language: str, right: list[str]) -> int | None:
    wanted = {page_path(language, path) for path in right}
    return next((i + 1 for i, path in enumerate(found) if path in wanted), None)


@pytest.fixture(scope="module")
def ranks(browser, repo_server) -> dict[tuple[str, str], int | None]:
    """Every query typed into its language's search page, once: (language, query) → rank."""
    context, watched = open_context(browser, 1280, 900)
    session = Session(context.new_page(), watched)
    page = session.page
    table: dict[tuple[str, str], int | None] = {}
    lines = []
    for language in ("th", "zh", "en"):
        page.goto(address(repo_server, language, "search"))
        for query_language, query, what, right in QUERIES + KNOWN_MISSES:
            if query_language != language:
                continue
            found = search(page, query)
            table[(language, query)] = rank(found, language, right)
            shown = table[(language, query)] or "-"
            lines.append(f"{language}\t{query}\t{shown}\t{what}\t{' '.join(found[:3])}")
    trouble = session.trouble()
    context.close()
    header = "language\tquery\trank\twhat\tfirst three results"
    RANKS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RANKS_FILE.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    print("\n" + "\n".join([header, *lines]))
    assert trouble == []
    return table


@pytest.mark.browser
@pytest.mark.parametrize(("language", "query"), [(q[0], q[1]) for q in QUERIES], ids=[q[1] for q in QUERIES])
def test_a_query_finds_its_page_among_the_first_three(ranks, language, query):
    found = ranks[(language, query)]
    assert found is not None and found <= 3, f"{query}: rank {found}"


@pytest.mark.browser
def test_enough_thai_and_chinese_queries_are_tried():
    assert sum(q[0] == "th" for q in QUERIES) >= 10 and sum(q[0] == "zh" for q in QUERIES) >= 10


def address(server, language: str, path: str) -> str:
    return server.url + page_path(language, path).lstrip("/")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "label", "query", "right"),
    [
        ("en", "Search", "Yu Garden", "shanghai/sites/yu-garden"),
        ("th", "ค้นหา", "ข้าวซอย", "tak/sites/ping-riverside-night-market"),
        ("zh", "搜索", "小笼包", "shanghai/sites/nanxiang-mantou-dian"),
    ],
)
def test_search_after_instant_navigation_in_each_language(page, repo_server, language, label, query, right):
    """The header's magnifier opens the search page of the page's language, by instant navigation;
    the search works there, and a result opens its page, still in that language."""
    page.goto(address(repo_server, language, "lamphun"))
    count_documents(page)
    button = page.locator(".md-header a.cc-search-button")
    assert button.get_attribute("aria-label") == label
    click_instantly(page, button)
    assert page.url == address(repo_server, language, "search")
    assert page.locator("h1").inner_text() == label
    assert page.locator(".pagefind-ui__search-input").get_attribute("placeholder") == label
    found = search(page, query)
    assert page_path(language, right) in found[:3]
    assert not any("\u200b" in text for text in page.locator(".pagefind-ui__result").all_inner_texts())
    click_instantly(page, page.locator(f'.pagefind-ui__result-link[href$="{page_path(language, right)}"]').first)
    assert page.url == address(repo_server, language, right)
    assert page.evaluate("() => document.documentElement.lang") == language


@pytest.mark.browser
def test_a_link_with_words_searches_on_first_load(page, repo_server):
    page.goto(address(repo_server, "zh", "search") + "?q=豫园")
    page.wait_for_selector(".pagefind-ui__result-link")
    assert page.locator(".pagefind-ui__search-input").input_value() == "豫园"
    first = page.locator(".pagefind-ui__result-link").first.get_attribute("href")
    assert first.endswith("/zh/shanghai/sites/yu-garden/")


def test_the_copy_carries_the_pieces_of_a_titles_beginnings_hidden_after_it():
    page = "<article><h1 id=site>พิพิธภัณฑสถานแห่งชาติหริภุญไชย</h1><p>x</p></article>"
    copy = break_words_in_page(page)
    title, rest = copy.split("</h1>", 1)
    assert title.replace("\u200b", "") == "<article><h1 id=site>พิพิธภัณฑสถานแห่งชาติหริภุญไชย"  # the title shown
    ranked, rest = rest.split("</span>", 1)  # the title Pagefind ranks and shows: split at the breaks
    assert ranked.startswith('<span data-pagefind-ignore data-pagefind-meta="title" hidden>')
    assert ranked.split(">", 1)[1].split(TITLE_BREAK) == ["พิพิธภัณฑสถาน", "แห่ง", "ชา", "ติ", "หริ", "ภุญ", "ไชย"]
    assert rest.startswith("<p hidden>") and "ชาติ" in rest.split("</p>")[0]
    assert "ชาติ" in beginnings("พิพิธภัณฑสถานแห่งชาติหริภุญไชย")  # the whole name splits ชา + ติ
    assert beginnings("Old Temple") == [] and break_words_in_page("<h1>Old Temple</h1>") == "<h1>Old Temple</h1>"


def test_the_copy_carries_the_pieces_of_a_titles_endings_too():
    name = "ศาลสมเด็จพระเจ้าตากสินมหาราช"
    assert "ตากสิน" in endings(name) and "ตากสิน" not in beginnings(name)  # ICU: ... | พระเจ้าตากสิน | ...
    assert all(len(piece) >= 2 for piece in endings(name)) and endings("Old Temple") == []
    hidden = break_words_in_page(f"<h1>{name}</h1>").split("<p hidden>", 1)[1].split("</p>")[0]
    assert "ตากสิน" in hidden.split(" ")


def test_the_published_pages_do_not_carry_the_pieces(repo_site: Path):
    page = (repo_site / "th/lamphun/sites/hariphunchai-national-museum/index.html").read_text(encoding="utf-8")
    assert "<p hidden>" not in page and "\u200b" not in page


def test_every_seed_site_with_a_thai_name_is_tried_by_its_beginning():
    assert len(THAI_BEGINNINGS) >= 20
    tried = {q[1] for q in QUERIES + KNOWN_MISSES}
    assert all(q[1] in tried for q in THAI_BEGINNINGS)


def test_the_index_holds_the_guide_not_the_search_or_error_pages(repo_site: Path):
    urls = {
        json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
        for fragment in (repo_site / "pagefind" / "fragment").iterdir()
    }
    assert {"/about/", "/th/lamphun/", "/zh/shanghai/sites/yu-garden/"} <= urls
    assert not {"/search/", "/th/search/", "/zh/search/", "/404.html"} & urls


def test_every_seed_site_name_is_tried_by_its_beginning_and_a_part():
    """Issue 16, item 5: each Chinese name by a beginning (or whole, if no shorter one is its own),
    and most Thai and Chinese names by the part after their first word."""
    tried = {(q[0], q[1]) for q in QUERIES + KNOWN_MISSES}
    chinese = _site_names("zh")
    begun = {q[3][0] for q in NAME_PARTS if q[0] == "zh" and q[2].startswith("beginning")}
    assert len(chinese) >= 15 and sorted(begun) == sorted(chinese)
    rests = [q for q in NAME_PARTS if q[2].endswith("without its first word")]
    assert sum(q[0] == "th" for q in rests) >= 25 and sum(q[0] == "zh" for q in rests) >= 5
    assert all((q[0], q[1]) in tried for q in NAME_PARTS)
