"""Planning a visit (issue 17), without a browser: a site's usual week, when a walk works
(worked out by hand for the fixture routes), the checker's warnings about walk windows and
morning/evening words, and the pages that show them, the class-visit pack among them.

The browser half (open now under a fixed clock, the pack as an A4 PDF) is in test_visit_browser.py;
the checker's messages for bad hours are in the tests/bad corpus (opening-hours-*.yml, walk-*.yml).
"""

from __future__ import annotations

import html
import json
import re

import pytest

from city_classroom.city_files.hours import HoursRefused, open_on, parse
from city_classroom.city_files.validate import read_cities
from city_classroom.planning.plan import plan_city
from city_classroom.planning.visit_window import route_parts, visit_window, window_problems
from city_classroom.planning.week import ALWAYS, DAY, WEEK, week_of
from city_factory import write_city
from support import page_html


def hm(text: str, day: int = 0) -> int:
    """Minutes from Monday 00:00 of `HH:MM` on weekday `day` (0 = Monday)."""
    hours, minutes = text.split(":")
    return day * DAY + int(hours) * 60 + int(minutes)


# --- the parser, as the checker uses it ----------------------------------------------------


@pytest.mark.parametrize(
    "good",
    [
        "We-Su 09:00-16:00; PH off",
        "24/7",
        "Mo-Fr 08:00-12:00,13:00-17:00",
        "Mo-Fr 22:00-02:00",
        "sunrise-sunset",
        'Mo-Su 17:00-21:00 "night market"',
        "Mo-Su 09:00-17:00; Dec 25 off",
    ],
)
def test_the_parser_reads_osm_hours(good):
    assert parse(good) is not None


@pytest.mark.parametrize(
    ("bad", "column"),
    [
        ("Mo-Fr 25:00-26:00", 7),
        ("We-Su 9-16", 7),
        ("We-Su 09:00-16:00 PH off", 19),
        ("Mon-Fri 09:00-17:00", 3),  # `Mo` is a day, `n` is not
        ("<script>alert(1)</script>", 1),
        ("Mo 09:00-10:00\x00", 15),
        ("", 1),
        ("Mo-Fr 09:00-17:00; " * 20, 1),  # longer than OSM allows: refused before parsing
    ],
)
def test_the_parser_refuses_with_a_column_and_its_own_explanation(bad, column):
    with pytest.raises(HoursRefused) as refused:
        parse(bad)
    assert refused.value.column == column
    assert refused.value.explanation
    assert "\n" not in refused.value.explanation and "Failed to parse" not in refused.value.explanation
    assert not bad or bad not in refused.value.explanation  # the parser's copy of the value is dropped


def test_an_event_day_is_open_or_closed_in_local_time():
    from datetime import date

    assert not open_on("We-Su 09:00-16:00", date(2027, 1, 11))  # a Monday
    assert open_on("We-Su 09:00-16:00", date(2027, 1, 13))
    assert open_on("Mo 22:00-02:00", date(2027, 1, 12))  # the Tuesday morning of Monday night


# --- the usual week ------------------------------------------------------------------------


def test_a_week_of_hours():
    week = week_of("We-Su 09:00-16:00; PH off")  # public holidays are left out on purpose
    assert week.closed_days() == [0, 1]
    assert week.day(2) == [(hm("09:00"), hm("16:00"))]
    assert not week.varies


def test_hours_over_midnight_and_over_the_end_of_the_week():
    week = week_of("Su 22:00-02:00")
    assert week.spans == ((0, hm("02:00")), (hm("22:00", 6), WEEK))
    assert week.day(0) == [(0, 120)] and week.day(6) == [(hm("22:00"), DAY)]


def test_a_week_that_is_not_every_week_says_so():
    assert week_of("Mo-Su 09:00-17:00; Jul-Aug 10:00-22:00").varies
    assert week_of("Mo-Su 09:00-17:00; Dec 25 off").varies
    assert not week_of("Dec 25 off; Mo-Su 09:00-17:00").varies  # the later rule wins every day


# --- when the fixture walks work, by hand --------------------------------------------------


def test_the_temple_walk_works_wednesday_to_sunday_from_0846_to_1536(riverton_plan):
    route = next(r for r in riverton_plan.routes if r.route.id == "temple-walk")
    # legs at the relaxed pace (3 km/h = 50 m a minute): 159.5 m = 3.19 min, 502.5 m = 10.05 min
    assert [round(leg.relaxed_minutes, 2) for leg in route.legs] == [3.19, 10.05]
    window = visit_window(route)
    # 10 min at each stop; arrivals rounded up: old temple 0-10, museum 4+10 = 14-24,
    # third temple 14+20 = 34-44 (13.24 min of walking, rounded up to 14)
    assert [(v.site.id, v.arrive, v.leave) for v in window.visits] == [
        ("old-temple", 0, 10),
        ("museum", 14, 24),
        ("third-temple", 34, 44),
    ]
    # old temple Mo-Su 06:00-18:00: start 06:00 to 17:50; museum We-Su 09:00-16:00: arrive at 09:00
    # or later (start >= 08:46), leave by 16:00 (start <= 15:36); the third temple gives no hours
    assert window.groups() == [(2, 6, ((hm("08:46"), hm("15:36")),))]
    assert window.days_without() == [0, 1]
    assert [(site.id, days) for site, days in window.closed_stops()] == [("museum", [0, 1])]
    assert [site.id for site in window.without_hours] == ["third-temple"]


def test_the_river_path_works_tuesday_to_saturday_and_later_on_sunday(riverton_plan):
    route = next(r for r in riverton_plan.routes if r.route.id == "river-path")
    assert [round(leg.relaxed_minutes, 2) for leg in route.legs] == [6.82]
    window = visit_window(route)
    assert [(v.arrive, v.leave) for v in window.visits] == [(0, 10), (17, 27)]
    # noodle shop Tu-Su 08:00-14:00: start 08:00 to 13:50; weaving house Mo-Sa 09:00-17:00:
    # start 08:43 to 16:33, on Sunday 10:00-16:00: start 09:43 to 15:33
    assert window.groups() == [
        (1, 5, ((hm("08:43"), hm("13:50")),)),
        (6, 6, ((hm("09:43"), hm("13:50")),)),
    ]
    assert [(site.id, days) for site, days in window.closed_stops()] == [("noodle-shop", [0])]


# --- the checker's warnings ----------------------------------------------------------------


def _site(site_id: str, lat: float, hours: str | None) -> dict:
    site = {
        "id": site_id,
        "name": {"en": site_id, "th": site_id, "zh": site_id},
        "category": "heritage",
        "lat": lat,
        "lon": 99.0081,
        "summary": {"en": "A place.", "th": "ที่", "zh": "地方"},
        "story": {"en": "A story.", "th": "เรื่อง", "zh": "故事"},
        "learn": {"look": {"en": "Look.", "th": "ดู", "zh": "看"}},
        "sources": [{"printed": "Plaque at the gate", "supports": "hours", "checked": "2026-12-02"}],
    }
    if hours:
        site["opening_hours"] = hours
    return site


def _plan(tmp_path, title: dict, first: str | None, second: str | None, summary: dict | None = None):
    city = {
        "name": {"en": "Testville", "th": "เทส", "zh": "测试"},
        "country": "TH",
        "languages": ["en", "th", "zh"],
        "center": {"lat": 18.5786, "lon": 99.0087},
        "radius_km": 5,
        "timezone": "Asia/Bangkok",
        "summary": {"en": "A town.", "th": "เมือง", "zh": "城"},
    }
    route = {"id": "walk", "title": title, "theme": "heritage", "stops": ["a", "b"]}
    if summary:
        route["summary"] = summary
    write_city(tmp_path / "testville", city, [_site("a", 18.5773, first), _site("b", 18.5780, second)], [route])
    guides, problems = read_cities(tmp_path)
    assert guides, problems
    return plan_city(guides[0])


def _full(title: str) -> dict:
    return {"en": title, "th": "เดิน", "zh": "步行"}


MARKET = "Mo-Su 17:00-22:00"
MUSEUM = "Mo-Su 09:00-16:00"


@pytest.mark.parametrize(
    ("title", "first", "second", "warned"),
    [
        (_full("Evening walk"), MUSEUM, None, True),  # says evening, closes at four
        (_full("Evening walk"), MARKET, None, False),
        (_full("Night market walk"), MARKET, "Mo-Su 16:00-23:00", False),
        (_full("Morning walk"), MARKET, None, True),  # says morning, opens at five in the evening
        (_full("Morning walk"), MUSEUM, None, False),
        ({"en": "A walk", "th": "เดินตอนเช้า", "zh": "步行"}, MARKET, None, True),
        ({"en": "A walk", "th": "เดินตอนเย็น", "zh": "步行"}, MARKET, None, False),
        ({"en": "A walk", "th": "เดินตอนค่ำ", "zh": "步行"}, MUSEUM, None, True),
        ({"en": "A walk", "th": "เดิน", "zh": "夜游老城"}, MUSEUM, None, True),
        ({"en": "A walk", "th": "เดิน", "zh": "上午散步"}, MUSEUM, None, False),
        ({"en": "A walk", "th": "เดิน", "zh": "上午散步"}, MARKET, None, True),
        ({"en": "A walk", "th": "เดิน", "zh": "最早的寺庙"}, MARKET, None, False),  # 最早: earliest, not morning
        ({"en": "A walk", "th": "ร่มเย็น", "zh": "步行"}, MUSEUM, None, False),  # cool shade, not evening
        (_full("Evening walk"), None, None, False),  # no hours given: nothing to hold the words to
    ],
)
def test_morning_and_evening_words_are_held_to_the_window(tmp_path, title, first, second, warned):
    plan = _plan(tmp_path, title, first, second)
    problems = window_problems(plan)
    assert bool(problems) == warned, problems
    assert all(p.severity == "warning" and p.file.endswith("routes.yml") for p in problems)


def test_a_walk_that_ends_in_the_evening_counts_as_an_evening_walk(tmp_path):
    # the museum closes at 16:00; started at 15:40 the walk is under way until after 16:00,
    # but not at 17:00: still no evening walk. A market open to 17:30 makes one.
    assert window_problems(_plan(tmp_path / "1", _full("Evening walk"), MUSEUM, MUSEUM))
    assert not window_problems(_plan(tmp_path / "2", _full("Evening walk"), "Mo-Su 09:00-17:30", None))


def test_the_summary_counts_as_well_as_the_title(tmp_path):
    plan = _plan(tmp_path, _full("A walk"), MUSEUM, None, {"en": "Best at night.", "th": "ดี", "zh": "好"})
    assert route_parts(plan.routes[0]) == {"evening": [("summary", "en", "night")]}
    [problem] = window_problems(plan)
    assert problem.field == "routes.walk.summary.en" and "`night` (evening)" in problem.message


def test_no_start_in_the_week_is_a_warning_that_names_the_closed_stops(tmp_path):
    plan = _plan(tmp_path, _full("A walk"), "Mo-Fr 09:00-12:00", "Sa-Su 09:00-12:00")
    [problem] = window_problems(plan)
    assert problem.severity == "warning"
    assert "no start time in a week" in problem.message
    assert "`a` is closed on Saturday, Sunday" in problem.message


def test_a_walk_with_stops_open_around_the_clock_works_at_any_time(tmp_path):
    plan = _plan(tmp_path, _full("A walk"), "24/7", None)
    window = visit_window(plan.routes[0])
    assert window.groups() == [(0, 6, ((0, DAY - 1),))]
    assert window.visits[1].week == ALWAYS


# --- the pages -----------------------------------------------------------------------------


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.mark.parametrize(
    ("prefix", "best", "closed"),
    [
        (
            "",
            "Best: Tue–Sat, start between 08:43 and 13:50; Sun, start between 09:43 and 13:50",
            "Khao Soi Shop is closed on Mon",
        ),
        (
            "th/",
            "เวลาที่เหมาะ: อังคาร–เสาร์ เริ่มเดินระหว่าง 08:43 ถึง 13:50 · อาทิตย์ เริ่มเดินระหว่าง 09:43 ถึง 13:50",
            "ร้านข้าวซอย ปิดวันจันทร์",
        ),
        (
            "zh/",
            "最佳时间： 周二至周六，在08:43至13:50之间出发；周日，在09:43至13:50之间出发",
            "Khao Soi Shop：周一休息",
        ),
    ],
)
def test_the_route_page_says_when_the_walk_works(guide, prefix, best, closed):
    page = page_html(guide, f"{prefix}riverton/routes/river-path.md")
    assert _text(re.search(r'<p class="cc-when-best">.*?</p>', page).group(0)) == best
    assert _text(re.search(r'<p class="cc-when-closed">.*?</p>', page).group(0)) == closed


def test_the_route_page_names_the_stops_counted_as_always_open(guide):
    note = re.search(r'<p class="cc-when-note">.*?</p>', page_html(guide, "riverton/routes/temple-walk.md")).group(0)
    assert "count as always open: Third Temple." in _text(note)
    assert "10 min at each stop" in _text(note)


def test_the_site_page_sends_the_usual_week_in_the_citys_time(guide):
    page = page_html(guide, "th/riverton/sites/museum.md")
    data = json.loads(html.unescape(re.search(r'data-opening="([^"]*)"', page).group(1)))
    assert data["timezone"] == "Asia/Bangkok"
    assert data["spans"] == [[hm("09:00", d), hm("16:00", d)] for d in range(2, 7)]
    assert data["days"][2] == "พุธ"
    rows = re.findall(r"<th scope=\"row\">([^<]*)</th><td>([^<]*)</td>", page)
    assert rows[0] == ("วันจันทร์", "ปิด") and rows[2] == ("วันพุธ", "09:00–16:00")


def test_a_site_without_opening_hours_has_no_week_table(guide):
    assert "cc-opening" not in page_html(guide, "riverton/sites/third-temple.md")


@pytest.mark.parametrize("prefix", ["", "th/", "zh/"])
def test_the_class_visit_pack_is_built_from_the_stops(guide, prefix):
    pack = page_html(guide, f"{prefix}riverton/routes/temple-walk/class-visit.md")
    assert pack.count('class="cc-pack-stamp"') == 3
    assert pack.count('class="cc-pack-space"') == 3
    for part in (
        "pack-goals",
        "pack-before",
        "pack-during",
        "pack-after",
        "pack-facts",
        "pack-elders",
        "pack-worksheet",
    ):
        assert f'id="{part}"' in pack, part
    # goals by audience: the old temple is for children and elders; the others name no one
    assert re.findall(r'id="pack-goals-(\w+)"', pack) == ["children", "elders", "everyone"]


def test_the_pack_turns_the_prompts_into_activities(guide):
    pack = page_html(guide, "riverton/routes/temple-walk/class-visit.md")
    before = _text(re.search(r'id="pack-before".*?</section>', pack, re.S).group(0))
    during = _text(re.search(r'id="pack-during".*?</section>', pack, re.S).group(0))
    assert "Ask a grandparent about it. (1. Old Temple)" in before
    assert "Look at the roof" not in before
    assert "1. Old Temple : Look : Look at the roof." in during
    assert "2. Museum : Try : Draw a pot." in during
    assert "Ask a grandparent" not in during
    facts = _text(re.search(r'id="pack-facts".*?</section>', pack, re.S).group(0))
    assert "2. Museum not known not known not known Mon, Tue 20 baht" in facts
    assert "1. Old Temple yes yes yes open every day Free" in facts
    assert "Best: Wed–Sun, start between 08:46 and 15:36" in facts
    elders = _text(re.search(r'id="pack-elders".*?</section>', pack, re.S).group(0))
    assert "1 of the 3 stops have somewhere to sit" in elders


def test_the_route_page_and_the_walk_sheet_link_the_pack(guide):
    # the route page is /riverton/routes/temple-walk/, its sheet .../temple-walk/sheet/
    assert 'href="class-visit/"' in page_html(guide, "riverton/routes/temple-walk.md")
    assert 'href="../class-visit/"' in page_html(guide, "riverton/routes/temple-walk/sheet.md")


# Two seed walks, worked out by hand from their legs (relaxed pace, 10 min at each stop; arrival
# rounded up to the minute) and their stops' opening_hours. A start t works on a day when each stop
# is open from t + arrive to t + arrive + 10.


def _seed_route(city: str, route_id: str):
    from support import REPO

    guides, problems = read_cities(REPO / "cities")
    assert guides, problems
    guide = next(guide for guide in guides if guide.slug == city)
    return next(route for route in plan_city(guide).routes if route.route.id == route_id)


def _clock(day: int, hh: int, mm: int) -> int:
    return day * DAY + hh * 60 + mm


def test_the_lamphun_old_town_walk_works_wednesday_to_sunday_from_0841_to_1519():
    # legs 425 m (8.51 min), 113 m (2.26), 223 m (4.46), 261 m (5.22): the stops are reached at
    # 0, 0+10+8.51 → 19, 18.51+10+2.26 → 31, 30.77+10+4.46 → 46 (and the bridge, with no hours, at 61).
    #   Wat Mahawan       Mo-Su 08:00-16:30   t ≥ 08:00,          t + 10 ≤ 16:30 → t ≤ 16:20
    #   community museum  Mo-Su 09:00-16:00   t + 19 ≥ 09:00 → t ≥ 08:41,  t + 29 ≤ 16:00 → t ≤ 15:31
    #   national museum   We-Su 09:00-16:00   t + 31 ≥ 09:00 → t ≥ 08:29,  t + 41 ≤ 16:00 → t ≤ 15:19
    #   Wat Phra That     Mo-Su 06:00-18:00   t + 46 ≥ 06:00,     t + 56 ≤ 18:00 → t ≤ 17:04
    # so: Wednesday to Sunday (the national museum), from 08:41 to 15:19.
    window = visit_window(_seed_route("lamphun", "old-town-heritage-walk"))
    assert [visit.arrive for visit in window.visits] == [0, 19, 31, 46, 61]
    assert list(window.starts) == [(_clock(day, 8, 41), _clock(day, 15, 19)) for day in range(2, 7)]


def test_the_peoples_square_walk_works_tuesday_to_sunday_from_0900_to_1551():
    # legs 26.21 and 12.56 min: the stops are reached at 0, 10+26.21 → 37, 36.21+10+12.56 → 59.
    #   Natural History Museum  Tu-Su 09:00-17:15      t ≥ 09:00,   t + 10 ≤ 17:15 → t ≤ 17:05
    #   People's Park           (no hours: always open)
    #   Shanghai Museum         Tu-Su,PH 09:00-17:00   t + 59 ≥ 09:00 → t ≥ 08:01,  t + 69 ≤ 17:00 → t ≤ 15:51
    # so: Tuesday to Sunday (both museums shut on Mondays), from 09:00 to 15:51.
    window = visit_window(_seed_route("shanghai", "peoples-square-learning"))
    assert [visit.arrive for visit in window.visits] == [0, 37, 59]
    assert list(window.starts) == [(_clock(day, 9, 0), _clock(day, 15, 51)) for day in range(1, 7)]
