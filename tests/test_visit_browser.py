"""Planning a visit in Chromium (issue 17): "open now" under a fixed clock, in two cities' time
zones, and the class-visit pack printed as an A4 PDF.

The site is built once for this module from two fixture cities: riverton (Asia/Bangkok, its
museum opens We-Su 09:00-16:00) and a small city written here, Shanghai-side (Asia/Shanghai),
whose garden keeps the same hours and whose night market opens Mo-Fr 22:00-02:00, over
midnight. The browser's own time zone is New York's: the page must read the clock in the
city's zone, not the device's. Playwright's clock (`page.clock.install`) fixes the time; the
status line is then read after the clock runs past a closing time and past midnight.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from city_factory import write_city
from page_quality import axe_audit
from site_server import SiteServer
from support import FIXTURE_CITIES, make_project, mkdocs_build, open_context

DEVICE_ZONE = "America/New_York"
BANGKOK = timedelta(hours=7)
SHANGHAI = timedelta(hours=8)


def _source() -> dict:
    """A site's source, a new dict each time (a shared one would be written as a YAML anchor)."""
    return {
        "printed": "Notice at the gate",
        "supports": {"en": "opening hours", "zh": "开放时间"},
        "checked": "2026-12-02",
    }


def _shanghai_city(folder):
    sites = [
        {
            "id": "garden",
            "name": {"zh": "园林", "en": "Garden"},
            "category": "heritage",
            "lat": 31.2272,
            "lon": 121.4921,
            "summary": {"zh": "古典园林", "en": "An old garden."},
            "story": {"zh": "明代园林。", "en": "A Ming garden."},
            "learn": {"look": {"zh": "看假山", "en": "Look at the rockery."}},
            "opening_hours": "We-Su 09:00-16:00; PH off",
            "sources": [_source()],
        },
        {
            "id": "night-market",
            "name": {"zh": "夜市", "en": "Night market"},
            "category": "food",
            "lat": 31.2290,
            "lon": 121.4900,
            "summary": {"zh": "小吃", "en": "Snacks."},
            "story": {"zh": "夜市。", "en": "A night market."},
            "learn": {"try": {"zh": "尝小笼包", "en": "Taste a soup dumpling."}},
            "opening_hours": "Mo-Fr 22:00-02:00",
            "sources": [_source()],
        },
    ]
    city = {
        "name": {"zh": "江边", "en": "Riverside"},
        "country": "CN",
        "languages": ["zh", "en"],
        "center": {"lat": 31.228, "lon": 121.491},
        "radius_km": 3,
        "timezone": "Asia/Shanghai",
        "summary": {"zh": "江边小城。", "en": "A town by the river."},
    }
    return write_city(folder, city, sites)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    cities = tmp_path_factory.mktemp("visit-cities")
    shutil.copytree(FIXTURE_CITIES / "riverton", cities / "riverton")
    _shanghai_city(cities / "riverside")
    project = make_project(tmp_path_factory.mktemp("visit-project"), cities)
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    with SiteServer(site) as serving:
        yield serving


@pytest.fixture
def context(browser):
    context, watched = open_context(browser, 360, 740, timezone_id=DEVICE_ZONE)
    yield context
    assert watched.trouble() == []
    context.close()


def _at(local: datetime, offset: timedelta) -> datetime:
    """A city's local wall-clock time as the instant it is (UTC)."""
    return (local - offset).replace(tzinfo=UTC)


def _status(context, server, path: str, when: datetime):
    page = context.new_page()
    page.clock.install(time=when)
    page.goto(server.url + path)
    return page, page.locator(".cc-open-now")


def test_the_museum_closes_at_four_in_bangkok_while_the_device_is_in_new_york(context, server):
    # Wednesday 6 January 2027, 15:58 in Bangkok (03:58 in New York)
    page, line = _status(context, server, "riverton/sites/museum/", _at(datetime(2027, 1, 6, 15, 58), BANGKOK))
    expect(line).to_have_text("Open now · closes 16:00")
    expect(page.locator("tr[aria-current=date] th")).to_have_text("Wednesday")
    page.clock.run_for("03:00")  # past 16:00: the line is worked out again each minute
    expect(line).to_have_text("Closed · opens Thu 09:00")


def test_after_sunday_closing_the_museum_opens_on_wednesday(context, server):
    page, line = _status(context, server, "riverton/sites/museum/", _at(datetime(2027, 1, 10, 16, 30), BANGKOK))
    expect(line).to_have_text("Closed · opens Wed 09:00")
    expect(page.locator("tr[aria-current=date] th")).to_have_text("Sunday")


def test_one_instant_is_open_in_bangkok_and_closed_in_shanghai(context, server):
    instant = _at(datetime(2027, 1, 6, 15, 30), BANGKOK)  # 16:30 in Shanghai
    _, bangkok = _status(context, server, "riverton/sites/museum/", instant)
    expect(bangkok).to_have_text("Open now · closes 16:00")
    _, shanghai = _status(context, server, "riverside/sites/garden/", instant)
    expect(shanghai).to_have_text("Closed · opens Thu 09:00")


def test_the_night_market_runs_over_midnight_in_shanghai(context, server):
    # Friday 8 January 2027, 23:58 in Shanghai; the market closes at 02:00 on Saturday
    page, line = _status(context, server, "riverside/sites/night-market/", _at(datetime(2027, 1, 8, 23, 58), SHANGHAI))
    expect(line).to_have_text("Open now · closes Sat 02:00")
    page.clock.run_for("03:00")  # past midnight: Saturday now, the closing is today
    expect(line).to_have_text("Open now · closes 02:00")
    expect(page.locator("tr[aria-current=date] th")).to_have_text("Saturday")
    page.clock.run_for("02:00:00")  # past 02:00 on Saturday: no market until Monday night
    expect(line).to_have_text("Closed · opens Mon 22:00")


def test_the_status_speaks_the_pages_language(context, server):
    _, line = _status(context, server, "th/riverton/sites/museum/", _at(datetime(2027, 1, 10, 16, 30), BANGKOK))
    expect(line).to_have_text("ปิดอยู่ · เปิด พุธ 09:00")
    _, line = _status(context, server, "zh/riverside/sites/garden/", _at(datetime(2027, 1, 6, 10, 0), SHANGHAI))
    expect(line).to_have_text("现在开放 · 16:00关闭")


def test_without_scripts_the_week_table_alone_shows(browser, server):
    context, _ = open_context(browser, 360, 740, java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + "riverton/sites/museum/")
    rows = page.locator("table.cc-week tr")
    expect(rows).to_have_count(7)
    assert [rows.nth(i).inner_text().split("\t") for i in (0, 2)] == [
        ["Monday", "closed"],
        ["Wednesday", "09:00–16:00"],
    ]
    expect(page.locator(".cc-open-now")).to_be_hidden()
    context.close()


def test_a_site_page_with_hours_passes_axe(context, server):
    page, line = _status(context, server, "riverton/sites/museum/", _at(datetime(2027, 1, 6, 12, 0), BANGKOK))
    expect(line).to_be_visible()
    assert axe_audit(page).violations == []


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


@pytest.mark.parametrize("prefix", ["", "th/", "zh/"])
def test_the_class_visit_pack_prints_on_a_few_a4_pages_with_nothing_cut_off(browser, server, prefix, tmp_path):
    context, watched = open_context(browser, 794, 1123)
    page = context.new_page()
    page.goto(server.url + prefix + "riverton/routes/temple-walk/class-visit/")
    expect(page.locator(".cc-pack-stop")).to_have_count(3)
    expect(page.locator(".cc-pack-stamp")).to_have_count(3)
    assert axe_audit(page).violations == []
    page.emulate_media(media="print")
    # on paper: A4 less 12 mm margins each side is 186 mm, 703 CSS px; nothing sticks out or is cut
    page.set_viewport_size({"width": 703, "height": 1047})
    overflow = page.evaluate(
        """() => {
        const out = [];
        const width = document.documentElement.clientWidth;
        for (const el of document.querySelectorAll('.cc-pack *')) {
            const box = el.getBoundingClientRect();
            if (!box.width) continue;
            if (box.right > width + 1 || box.left < -1) out.push(el.tagName + '.' + el.className + ' ' + box.right);
            if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
                out.push('clipped ' + el.tagName + '.' + el.className);
        }
        return out;
    }"""
    )
    assert overflow == [], "\n".join(overflow)
    pdf = page.pdf(format="A4", print_background=True)
    (tmp_path / "pack.pdf").write_bytes(pdf)
    pages = _pdf_pages(pdf)
    # the parts before the worksheet take one or two pages; the worksheet (3 stops) one or two more
    assert 2 <= pages <= 5, pages
    assert watched.trouble() == []
    context.close()


def test_the_route_page_and_the_walk_sheet_link_the_pack(context, server):
    page = context.new_page()
    page.goto(server.url + "riverton/routes/temple-walk/")
    expect(page.locator(".cc-when-best")).to_have_text("Best: Wed–Sun, start between 08:46 and 15:36")
    page.get_by_role("link", name="Class visit pack for teachers (A4)").click()
    expect(page).to_have_url(re.compile(r"/riverton/routes/temple-walk/class-visit/$"))
    page.goto(server.url + "riverton/routes/temple-walk/sheet/")
    page.get_by_role("link", name="Class visit pack for teachers (A4)").click()
    expect(page).to_have_url(re.compile(r"/riverton/routes/temple-walk/class-visit/$"))
