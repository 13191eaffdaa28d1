"""The benchmark's generated cities are valid cities: no error, no warning, routes as promised."""

from __future__ import annotations

import sys

from city_classroom.city_files.validate import read_cities
from city_classroom.geo import distance_m
from city_classroom.planning.plan import plan_city
from support import REPO

sys.path.insert(0, str(REPO / "bench"))
from network import Shape, write_network


def test_generated_cities_pass_the_checker(tmp_path):
    write_network(tmp_path / "cities", Shape(cities=4, sites=30, routes=5))
    guides, problems = read_cities(tmp_path / "cities")
    assert problems == []
    assert [guide.city.languages for guide in guides] == [["th", "en"], ["zh", "en"], ["en"], ["en", "zh", "th"]]
    for guide in guides:
        assert len(guide.sites) == 30 and len(guide.routes) == 5
        points = {(site.lat, site.lon) for site in guide.sites}
        assert len(points) == 30
        assert all(distance_m(guide.city.center.lat, guide.city.center.lon, *p) <= 1_600 for p in points)
        for route in plan_city(guide).routes:
            assert 3 <= len(route.stops) <= 8
            if not route.proposed:
                assert route.metres <= 4_000
        for language, first, last in (("th", "\u0e00", "\u0e7f"), ("zh", "\u4e00", "\u9fff")):
            if language in guide.city.languages:  # texts in the script of each language the city has
                assert all(first <= c <= last for c in guide.sites[0].name.get(language)[:1])


def test_the_same_arguments_write_the_same_files(tmp_path):
    first = write_network(tmp_path / "a", Shape(cities=2, sites=10, routes=2))
    second = write_network(tmp_path / "b", Shape(cities=2, sites=10, routes=2))
    files = sorted(p.relative_to(first) for p in first.rglob("*.yml"))
    assert files and files == sorted(p.relative_to(second) for p in second.rglob("*.yml"))
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_the_bench_puts_its_table_in_the_readme_and_keeps_what_is_written_after_it(tmp_path, monkeypatch):
    import run

    monkeypatch.setattr(run, "REPO", tmp_path)
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Guide\n\n## Benchmark\n\nold words\n\n| Measure | Figure |\n|---|---|\n| old | 1 |\n\n"
        "Where the targets stand: by hand.\n\n## Layout\n\nfolders\n",
        encoding="utf-8",
    )
    run.update_readme("today", "2 CPUs", "| Measure | Figure |\n|---|---|\n| new | 2 |")
    text = readme.read_text(encoding="utf-8")
    assert "| new | 2 |" in text and "| old | 1 |" not in text and "old words" not in text
    assert "| new | 2 |\n\nWhere the targets stand: by hand.\n\n## Layout\n\nfolders\n" in text
