"""The build cache (.cache/city-classroom): a warm build writes the very bytes a cold one does,
and each kind of change remakes what it must.

Real `mkdocs build`s of two cities (riverton, and a small generated one with a picture), run
with a copy of the package on PYTHONPATH so that the test can change its templates and
catalogs. After each change (a page template, a Thai label, an option, a city file, a picture):
the builds list what they made afresh (`mkdocs build -v`), and the site equals a build
without the cache byte for byte.
"""

from __future__ import annotations

import errno
import filecmp
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from PIL import Image

from city_classroom.mkdocs_plugin import search
from city_factory import plain_city
from support import BUILD_ENV, FIXTURE_CITIES, REPO, make_project

PACKAGE = REPO / "plugins" / "city_classroom"


def build(project: Path, plugins: Path, site: Path, cache: bool = True, shard: str = "", **env_vars: str) -> list[str]:
    """`mkdocs build -v` of `project` with the package at `plugins`: what the cache made afresh."""
    env = {**BUILD_ENV, "PYTHONPATH": str(plugins), "CITY_CLASSROOM_CACHE": "1" if cache else "0", **env_vars}
    env["CITY_CLASSROOM_SHARD"] = shard
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-v", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return sorted(re.findall(r"build cache: made (.+)", result.stderr))


def differences(a: Path, b: Path) -> list[str]:
    comparison = filecmp.dircmp(a, b)
    found = [*comparison.left_only, *comparison.right_only]
    found += [name for name in comparison.common_files if not filecmp.cmp(a / name, b / name, shallow=False)]
    for name in comparison.common_dirs:
        found += [f"{name}/{d}" for d in differences(a / name, b / name)]
    return found


def changed_pages(before: Path, after: Path) -> set[str]:
    """The generated pages (as src_uri) whose written bytes differ between two sites."""
    pages = set()
    for path in after.rglob("index.html"):
        relative = path.relative_to(after).as_posix()
        old = before / relative
        if not old.is_file() or old.read_bytes() != path.read_bytes():
            pages.add(relative)
    return pages


def written_at(src_uri: str) -> str:
    """Where a page is written: `riverton/sites/museum.md` → `riverton/sites/museum/index.html`."""
    stem = src_uri.removesuffix(".md")
    return stem.removesuffix("index") + "index.html" if stem.endswith("index") else stem + "/index.html"


def test_a_warm_build_remakes_what_each_change_touches_and_equals_a_cold_build(tmp_path):
    plugins = tmp_path / "plugins"
    shutil.copytree(PACKAGE, plugins / "city_classroom", ignore=shutil.ignore_patterns("__pycache__"))
    cities = tmp_path / "cities"
    shutil.copytree(FIXTURE_CITIES / "riverton", cities / "riverton")
    hill = plain_city(cities / "hilltown", 3, center=(18.79, 98.98))
    (hill / "images").mkdir()
    Image.new("RGB", (16, 12), "red").save(hill / "images" / "gate.png")
    sites = yaml.safe_load((hill / "sites.yml").read_text(encoding="utf-8"))
    sites["sites"][0]["images"] = [
        {"file": "images/gate.png", "alt": {"en": "The gate"}, "credit": "Test", "license": "CC0-1.0"}
    ]
    (hill / "sites.yml").write_text(yaml.safe_dump(sites, allow_unicode=True), encoding="utf-8")
    project = make_project(tmp_path / "project", cities)
    run = 0

    def warm_and_cold() -> tuple[list[str], Path, Path]:
        nonlocal run
        run += 1
        warm, cold = tmp_path / f"warm-{run}", tmp_path / f"cold-{run}"
        made = build(project, plugins, warm)
        build(project, plugins, cold, cache=False)
        assert differences(warm, cold) == [], f"build {run}"
        return made, warm, cold

    first = build(project, plugins, tmp_path / "first")
    assert "read riverton" in first and "render hilltown" in first and "page riverton/index.md" in first

    made, site, _ = warm_and_cold()
    assert made == [], "nothing changed: everything kept"
    assert differences(site, tmp_path / "first") == []

    def pages(made: list[str]) -> set[str]:
        """The pages laid out afresh, as the files they are written to."""
        return {written_at(m.removeprefix("page ")) for m in made if m.startswith("page ")}

    def cities_made(made: list[str]) -> list[str]:
        return [m for m in made if not m.startswith(("page ", "search index "))]

    def indexed(made: list[str]) -> list[str]:
        """The languages whose search index was made afresh."""
        return [m.removeprefix("search index ") for m in made if m.startswith("search index ")]

    # a page template (route.html): every city rendered again, only the route pages laid out again
    route_template = plugins / "city_classroom" / "rendering" / "templates" / "route.html"
    route_template.write_text(route_template.read_text(encoding="utf-8") + "<p>changed</p>\n", encoding="utf-8")
    previous = site
    made, site, _ = warm_and_cold()
    assert cities_made(made) == ["render hilltown", "render riverton"]  # read: kept
    assert pages(made) and all("/routes/" in page for page in pages(made)), made
    assert indexed(made) == ["en", "th", "zh"]  # the route pages of every language changed
    assert {uri for uri in changed_pages(previous, site) if "/routes/" in uri} <= pages(made)

    # a Thai label: every city rendered again, the Thai pages laid out again, no other page
    catalog = plugins / "city_classroom" / "rendering" / "locale" / "th" / "LC_MESSAGES" / "city_classroom.po"
    text = catalog.read_text(encoding="utf-8")
    assert 'msgstr "เรียนรู้ที่นี่"' in text
    catalog.write_text(text.replace('msgstr "เรียนรู้ที่นี่"', 'msgstr "เรียนที่นี่"'), encoding="utf-8")
    previous = site
    made, site, _ = warm_and_cold()
    assert cities_made(made) == ["render hilltown", "render riverton"]
    assert pages(made) and all(page.startswith("th/") for page in pages(made)), made
    assert indexed(made) == ["th"]  # the English index is kept
    assert "เรียนที่นี่" in (site / "th" / "riverton" / "sites" / "old-temple" / "index.html").read_text("utf-8")

    # an option (the relaxed pace): every city rendered again; pages laid out again where they changed
    config = project / "mkdocs.yml"
    line = "      languages: [en, th, zh]\n"
    config.write_text(config.read_text(encoding="utf-8").replace(line, line + "      relaxed_kmh: 2.5\n"), "utf-8")
    previous = site
    made, site, _ = warm_and_cold()
    assert cities_made(made) == ["render hilltown", "render riverton"]
    changed = {uri for uri in changed_pages(previous, site) if uri.count("/") > 1}  # home pages are never kept
    assert changed and changed <= pages(made)

    # a city file: that city read and rendered again, its pages laid out again where they changed
    sites_file = cities / "riverton" / "sites.yml"
    project_sites = project / "cities" / "riverton" / "sites.yml"
    assert project_sites.is_file() and sites_file.is_file()
    text = project_sites.read_text(encoding="utf-8")
    project_sites.write_text(text.replace("en: The oldest temple.", "en: The very oldest temple."), "utf-8")
    previous = site
    made, site, _ = warm_and_cold()
    assert cities_made(made) == ["read riverton", "render riverton"]
    assert pages(made) and all("riverton/" in page for page in pages(made)), made
    assert indexed(made) == ["en", "zh"]  # an English text, shown on the Chinese pages too (none given): Thai kept
    assert {uri for uri in changed_pages(previous, site) if "riverton/" in uri} <= pages(made)

    # a picture (same name, other pixels): that city read and rendered again; the picture published anew
    media = sorted((site / "hilltown").rglob("*.png")) + sorted((site / "hilltown").rglob("*.webp"))
    Image.new("RGB", (16, 12), "blue").save(project / "cities" / "hilltown" / "images" / "gate.png")
    previous = site
    made, site, _ = warm_and_cold()
    assert cities_made(made) == ["read hilltown", "render hilltown"]
    assert all(page.startswith(("hilltown/", "th/hilltown/", "zh/hilltown/")) for page in pages(made)), made
    published = [path.relative_to(previous) for path in media]
    assert published and any((previous / p).read_bytes() != (site / p).read_bytes() for p in published)


def test_the_cache_holds_one_build_and_can_be_turned_off(tmp_path):
    cities = tmp_path / "cities"
    shutil.copytree(FIXTURE_CITIES / "riverton", cities / "riverton")
    project = make_project(tmp_path / "project", cities)
    plugins = REPO / "plugins"
    build(project, plugins, tmp_path / "a")
    cache = project / ".cache" / "city-classroom"
    kept = sorted(p for p in cache.rglob("*") if p.is_file() and "templates" not in p.parts)
    generated = [p for p in (tmp_path / "a").rglob("index.html") if "riverton" in p.parts]
    assert len([p for p in kept if "pages" in p.parts]) == len(generated)  # the city's pages, not the site's own
    (project / "cities" / "riverton" / "sites.yml").write_text(
        (project / "cities" / "riverton" / "sites.yml").read_text("utf-8").replace("Old things.", "Older things."),
        "utf-8",
    )
    build(project, plugins, tmp_path / "b")
    now = sorted(p for p in cache.rglob("*") if p.is_file() and "templates" not in p.parts)
    assert len(now) == len(kept)  # what the second build did not use is gone
    searched = [p for p in generated if search.is_searched(p.relative_to(tmp_path / "a").as_posix())]
    assert len([p for p in now if "search" in p.parts]) == len(searched)  # kept with their pages
    assert list((cache / "templates").iterdir())  # Material's templates, compiled (Jinja's own files)
    # another SOURCE_DATE_EPOCH (in CI: the last commit's time): the city is kept, its calendar made anew
    assert build(project, plugins, tmp_path / "d", SOURCE_DATE_EPOCH="1800000000") == []
    build(project, plugins, tmp_path / "d-cold", cache=False, SOURCE_DATE_EPOCH="1800000000")
    assert differences(tmp_path / "d", tmp_path / "d-cold") == []
    assert "DTSTAMP:20270115T080000Z" in (tmp_path / "d" / "riverton" / "events.ics").read_text("utf-8")
    shutil.rmtree(cache)
    assert build(project, plugins, tmp_path / "c", cache=False) == []
    assert not cache.exists()
    assert os.listdir(tmp_path / "c")


def test_cities_rendered_by_two_processes_are_the_bytes_one_renders(tmp_path):
    """CITY_CLASSROOM_WORKERS: the cities the cache lacks are rendered by forked workers; a warm
    build with one city changed renders that city alone; every site is the same bytes."""
    cities = tmp_path / "cities"
    shutil.copytree(FIXTURE_CITIES / "riverton", cities / "riverton")
    for number in range(3):
        plain_city(cities / f"town-{number}", 3, center=(18.7 + number / 10, 98.9))
    project = make_project(tmp_path / "project", cities)
    plugins = REPO / "plugins"
    build(project, plugins, tmp_path / "one", cache=False, CITY_CLASSROOM_WORKERS="1")
    made = build(project, plugins, tmp_path / "two", CITY_CLASSROOM_WORKERS="2")
    assert [m for m in made if m.startswith("render ")] == [
        f"render {c}" for c in ("riverton", "town-0", "town-1", "town-2")
    ]
    assert differences(tmp_path / "one", tmp_path / "two") == []
    town = project / "cities" / "town-1" / "city.yml"
    town.write_text(town.read_text(encoding="utf-8").replace("summary:", "summary:\n  # edited\n", 1), "utf-8")
    town_sites = project / "cities" / "town-1" / "sites.yml"
    town_sites.write_text(town_sites.read_text(encoding="utf-8") + "\n# an editor's note\n", "utf-8")
    made = build(project, plugins, tmp_path / "warm", CITY_CLASSROOM_WORKERS="2")
    assert [m for m in made if m.startswith(("read ", "render "))] == ["read town-1", "render town-1"]
    build(project, plugins, tmp_path / "cold", cache=False, CITY_CLASSROOM_WORKERS="2")
    assert differences(tmp_path / "warm", tmp_path / "cold") == []


def test_a_number_of_workers_that_is_not_a_number_is_named(tmp_path):
    cities = tmp_path / "cities"
    shutil.copytree(FIXTURE_CITIES / "riverton", cities / "riverton")
    project = make_project(tmp_path / "project", cities)
    env = {**BUILD_ENV, "CITY_CLASSROOM_WORKERS": "two"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        check=False,
    )
    assert result.returncode != 0 and "CITY_CLASSROOM_WORKERS is a number of processes" in result.stderr


def test_a_warm_build_says_nothing_of_each_page_it_copies(tmp_path):
    """MkDocs writes no page whose output is empty, with a line each; the kept pages are copied
    by the plugin, so those lines (thousands on a network) are left out."""
    cities = tmp_path / "cities"
    shutil.copytree(FIXTURE_CITIES / "riverton", cities / "riverton")
    project = make_project(tmp_path / "project", cities)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "s")]
    for _ in range(2):
        result = subprocess.run(command, capture_output=True, text=True, env=BUILD_ENV, cwd=project, check=False)
        assert result.returncode == 0, result.stderr[-2000:]
    assert re.search(r"build cache: [1-9]\d* kept, 0 made", result.stderr), result.stderr[-2000:]
    assert "Page skipped" not in result.stderr
    assert (tmp_path / "s" / "riverton" / "index.html").stat().st_size > 1000


def test_a_kept_page_is_linked_and_one_changed_through_the_site_is_laid_out_again(tmp_path):
    """A warm build links each kept page into the site, so the site's file is the cache's: a
    step after the build that rewrote a page in place (a minifier, say) changed the cache's
    too. The next build finds the page's bytes do not match its digest, lays it out again,
    and writes what a cold build writes."""
    cities = tmp_path / "cities"
    shutil.copytree(FIXTURE_CITIES / "riverton", cities / "riverton")
    project = make_project(tmp_path / "project", cities)
    plugins = REPO / "plugins"
    build(project, plugins, tmp_path / "first")
    assert build(project, plugins, tmp_path / "warm") == []
    page = tmp_path / "warm" / "riverton" / "index.html"
    kept = {path.stat().st_ino for path in (project / ".cache" / "city-classroom" / "pages").rglob("*.html")}
    assert page.stat().st_ino in kept
    with page.open("r+b") as file:
        file.write(b"<script>alert(1)</script>")
    assert build(project, plugins, tmp_path / "again") == ["page riverton/index.md"]
    build(project, plugins, tmp_path / "cold", cache=False)
    assert differences(tmp_path / "again", tmp_path / "cold") == []


def test_a_kept_file_is_copied_where_it_cannot_be_linked(tmp_path, monkeypatch):
    """Where the cache and the site are on different disks, a link fails (EXDEV) and the kept
    file is copied: the site gets the same bytes, in a file of its own."""
    from city_classroom.mkdocs_plugin import publishing

    kept = tmp_path / "cache" / "page.html"
    kept.parent.mkdir()
    kept.write_text("<p>kept</p>", encoding="utf-8")
    publishing.place(kept, tmp_path / "linked.html")
    assert (tmp_path / "linked.html").stat().st_ino == kept.stat().st_ino

    def across_disks(source: object, target: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(publishing.os, "link", across_disks)
    publishing.place(kept, tmp_path / "copied.html")
    assert (tmp_path / "copied.html").read_text(encoding="utf-8") == "<p>kept</p>"
    assert (tmp_path / "copied.html").stat().st_ino != kept.stat().st_ino
