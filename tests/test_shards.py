"""A build split by city into shards: each shard lays out its own cities' pages into the build
cache, and a final build over the shards' caches writes the very site one build writes.

The outline of a city (its pages' addresses and titles, without rendering them), which a
shard uses for the other shards' cities, is checked against the rendered pages.
"""

from __future__ import annotations

import shutil
import sys

import pytest

from support import FIXTURE_CITIES, REPO, make_project, plugin_options
from test_build_cache import build, differences

sys.path.insert(0, str(REPO / "bench"))
from network import Shape, write_network

PLUGINS = REPO / "plugins"


@pytest.mark.parametrize("text", ["8/8", "1/0", "-1/8", "a/8", "1", "1/8/2"])
def test_a_shard_is_i_of_n(text):
    from city_classroom.mkdocs_plugin.build_cache import shard

    assert shard("0/8") == (0, 8) and shard(" 7 / 8 ") == (7, 8) and shard("") is None
    with pytest.raises(ValueError, match="i/N"):
        shard(text)


def test_a_city_outline_is_its_rendered_pages_without_their_content():
    from city_classroom.guide import build_guide
    from city_classroom.rendering.outline import city_outline

    for cities in (REPO / "cities", FIXTURE_CITIES):
        guide, problems = build_guide(cities, plugin_options(), site_url="https://example.org/")
        assert guide is not None, problems
        for plan in guide.plans:
            rendered = [p for p in guide.pages if plan.guide.slug in p.src_uri.split("/")[:2]]
            outline = city_outline(plan, guide.languages)
            assert [(p.src_uri, p.title, p.kind, p.hide, p.language, p.in_nav) for p in outline] == [
                (p.src_uri, p.title, p.kind, p.hide, p.language, p.in_nav) for p in rendered
            ], plan.guide.slug


def test_three_shards_and_a_final_build_write_what_one_build_writes(tmp_path):
    write_network(tmp_path / "cities", Shape(cities=6, sites=6, routes=2))
    project = make_project(tmp_path / "project", tmp_path / "cities")
    build(project, PLUGINS, tmp_path / "single", cache=False)
    cache = project / ".cache" / "city-classroom"
    slugs = sorted(p.name for p in (project / "cities").iterdir())
    for shard in range(3):
        site = tmp_path / f"shard-{shard}"
        made = build(project, PLUGINS, site, shard=f"{shard}/3")
        own = slugs[shard::3]
        laid_out = {m.split()[1].removeprefix("th/").removeprefix("zh/").split("/")[0] for m in made if "page " in m}
        assert laid_out == set(own), made
        for slug in slugs:  # its own cities' pages, and no other city's
            assert (site / slug / "index.html").is_file() == (slug in own), (shard, slug)
            assert (site / "th" / slug / "sites").is_dir() == (slug in own), (shard, slug)
        assert not (site / "pagefind").exists()  # the final build indexes the whole site
        shutil.move(cache, tmp_path / f"cache-{shard}")
    for shard in range(3):
        shutil.copytree(tmp_path / f"cache-{shard}", cache, dirs_exist_ok=True)
    made = build(project, PLUGINS, tmp_path / "final")
    assert made == ["search index en", "search index th", "search index zh"], "every city and page from a shard"
    assert differences(tmp_path / "final", tmp_path / "single") == []
