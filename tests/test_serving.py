"""Under `mkdocs serve`: the plugin's memory lives on its instance, which MkDocs keeps across rebuilds.

The search index is made once and copied into every rebuild; a city whose files did not
change is not read and rendered again; and a rebuild after an edit is the site a fresh
build makes.
"""

from __future__ import annotations

import gc
from pathlib import Path

from city_classroom.mkdocs_plugin.serving import ServeMemory


def _indexer(calls: list[Path]):
    def make_index(site: Path) -> None:
        calls.append(site)
        (site / "pagefind").mkdir(parents=True)
        (site / "pagefind" / "pagefind-entry.json").write_text(f'{{"build": {len(calls)}}}')

    return make_index


def test_serve_indexes_the_first_build_and_copies_it_after(tmp_path):
    calls: list[Path] = []
    memory = ServeMemory(serving=True)
    try:
        for number in range(3):
            site = tmp_path / f"site-{number}"  # serve cleans its site folder before each rebuild
            site.mkdir()
            memory.index(site, _indexer(calls))
            assert (site / "pagefind" / "pagefind-entry.json").read_text() == '{"build": 1}'
        assert calls == [tmp_path / "site-0"]
    finally:
        memory.close()


def test_build_indexes_every_time(tmp_path):
    calls: list[Path] = []
    memory = ServeMemory(serving=False)
    for number in range(2):
        site = tmp_path / f"site-{number}"
        site.mkdir()
        memory.index(site, _indexer(calls))
    assert calls == [tmp_path / "site-0", tmp_path / "site-1"]


def test_a_city_is_remembered_until_one_of_its_files_changes(tmp_path):
    folder = tmp_path / "riverton"
    folder.mkdir()
    (folder / "city.yml").write_text("name: Riverton\n", encoding="utf-8")
    made: list[int] = []

    def make() -> int:
        made.append(len(made))
        return len(made)

    memory = ServeMemory(serving=True)
    try:
        assert memory.remember("render", folder, "options", make) == 1
        assert memory.remember("render", folder, "options", make) == 1
        assert memory.remember("render", folder, "other options", make) == 2
        (folder / "sites.yml").write_text("sites: []\n", encoding="utf-8")
        assert memory.remember("render", folder, "other options", make) == 3
    finally:
        memory.close()
    assert ServeMemory(serving=False).remember("render", folder, "options", make) == 4


def _load(project: Path, site: Path):
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.site_url = "http://127.0.0.1:8000/"
    return config


def _files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")
    }


def test_a_rebuild_while_serving_equals_a_fresh_build(tmp_path, monkeypatch):
    """As `mkdocs serve` does: one plugin instance, started once, builds the site again after an edit."""
    from mkdocs.commands.build import build

    from city_factory import project_config
    from support import BUILD_ENV, FIXTURE_CITIES, make_project, mkdocs_build

    for key in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING"):
        monkeypatch.setenv(key, BUILD_ENV[key])
    project = make_project(tmp_path / "project", FIXTURE_CITIES)
    project_config(project, ["en", "th"], search=False)
    sites = project / "cities" / "riverton" / "sites.yml"
    served = tmp_path / "served"
    config = _load(project, served)
    config.plugins.on_startup(command="serve", dirty=False)
    plugin = config.plugins["city-classroom"]
    try:
        build(config, serve_url=config.site_url)
        for number, (old, new) in enumerate(
            [("en: The oldest temple.", "en: The oldest temple in town."), ("en: Old Temple}", "en: Oldest Temple}")]
        ):
            text = sites.read_text(encoding="utf-8")
            assert old in text
            sites.write_text(text.replace(old, new), encoding="utf-8")
            again = _load(project, served)
            assert again.plugins["city-classroom"] is plugin  # MkDocs keeps the instance while serving
            build(again, serve_url=again.site_url)
            fresh = tmp_path / f"fresh-{number}"
            result = mkdocs_build(project, fresh)
            assert result.returncode == 0, result.stderr
            assert _files(served).keys() == _files(fresh).keys()
            different = [name for name, data in _files(served).items() if _files(fresh)[name] != data]
            assert different == [], different
            assert gc.get_freeze_count() == 0  # serve never freezes the guide: each rebuild's cycles are collected
    finally:
        config.plugins.on_shutdown()


def test_a_build_freezes_the_guide_for_its_pages_and_gives_it_back(tmp_path, monkeypatch):
    """`mkdocs build` keeps the guide out of Python's full collections while MkDocs lays out
    the pages (on_config to on_post_build), and gives it back at the end, or when the build
    fails: a process that builds twice collects the first build's cycles."""
    from mkdocs.commands.build import build

    from support import BUILD_ENV, FIXTURE_CITIES, make_project

    for key in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING", "CITY_CLASSROOM_CACHE"):
        monkeypatch.setenv(key, BUILD_ENV.get(key, "0"))
    project = make_project(tmp_path / "project", FIXTURE_CITIES)
    config = _load(project, tmp_path / "site")
    config.plugins.on_startup(command="build", dirty=False)
    plugin = config.plugins["city-classroom"]
    try:
        plugin.on_config(config)
        assert gc.get_freeze_count() > 1000  # the guide, read and rendered
        plugin.on_build_error(RuntimeError("a failed build"))
        assert gc.get_freeze_count() == 0
        config = _load(project, tmp_path / "site")
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        assert gc.get_freeze_count() == 0
        assert (tmp_path / "site" / "riverton" / "index.html").is_file()
    finally:
        gc.unfreeze()
        config.plugins.on_shutdown()
