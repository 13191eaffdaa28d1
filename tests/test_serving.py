"""Under `mkdocs serve` the search index is made once and copied into every rebuild; a build always indexes."""

from __future__ import annotations

from pathlib import Path

from city_classroom import serving
from city_classroom.plugin import CityClassroomPlugin


def _indexer(calls: list[Path]):
    def make_index(site: Path) -> None:
        calls.append(site)
        (site / "pagefind").mkdir(parents=True)
        (site / "pagefind" / "pagefind-entry.json").write_text(f'{{"build": {len(calls)}}}')
    return make_index


def test_serve_indexes_the_first_build_and_copies_it_after(tmp_path):
    calls: list[Path] = []
    plugin = CityClassroomPlugin()
    plugin.on_startup(command="serve", dirty=False)
    try:
        for number in range(3):
            site = tmp_path / f"site-{number}"  # serve cleans its site folder before each rebuild
            site.mkdir()
            serving.index(site, _indexer(calls))
            assert (site / "pagefind" / "pagefind-entry.json").read_text() == '{"build": 1}'
        assert calls == [tmp_path / "site-0"]
    finally:
        plugin.on_shutdown()
    assert not serving.serving()


def test_build_indexes_every_time(tmp_path):
    calls: list[Path] = []
    CityClassroomPlugin().on_startup(command="build", dirty=False)
    for number in range(2):
        site = tmp_path / f"site-{number}"
        site.mkdir()
        serving.index(site, _indexer(calls))
    assert calls == [tmp_path / "site-0", tmp_path / "site-1"]


def _build(project: Path, site: Path, serve: bool) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.site_url = "http://127.0.0.1:8000/"
    build(config, serve_url=config.site_url if serve else None)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")}


def test_a_rebuild_while_serving_equals_a_fresh_build(tmp_path, monkeypatch):
    """Pages taken from the previous build are the pages a full build makes, after a summary
    edit (most pages reused) and after a name edit (the navigation changes: nothing reused)."""
    from city_factory import project_config
    from conftest import BUILD_ENV, FIXTURES, make_project, mkdocs_build

    for key in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING"):
        monkeypatch.setenv(key, BUILD_ENV[key])
    project = make_project(tmp_path / "project", FIXTURES / "cities")
    project_config(project, ["en", "th"], search=False)
    sites = project / "cities" / "riverton" / "sites.yml"
    text = sites.read_text(encoding="utf-8")
    edits = [("en: The oldest temple.", "en: The oldest temple in town.", True),
             ("name: {th: วัดเก่า, en: Old Temple}", "name: {th: วัดเก่า, en: Oldest Temple}", False)]
    served = tmp_path / "served"
    plugin = CityClassroomPlugin()
    plugin.on_startup(command="serve", dirty=False)
    try:
        _build(project, served, serve=True)
        assert serving.last_build() == (0, serving.last_build()[1])
        for number, (old, new, some_reused) in enumerate(edits):
            assert old in text
            text = text.replace(old, new)
            sites.write_text(text, encoding="utf-8")
            _build(project, served, serve=True)
            reused, pages = serving.last_build()
            assert (0 < reused < pages - 3) if some_reused else reused == 0, (reused, pages)
            fresh = tmp_path / f"fresh-{number}"
            result = mkdocs_build(project, fresh)
            assert result.returncode == 0, result.stderr
            assert _files(served).keys() == _files(fresh).keys()
            different = [name for name, data in _files(served).items() if _files(fresh)[name] != data]
            assert different == [], different
    finally:
        plugin.on_shutdown()
