"""What a hostile or broken pull request cannot do to the built site.

* take an address the site itself uses: a city folder named like a hand-written page, a
  language or a folder of the theme is refused, by the build and by `check`; and every
  top-level entry of a real build is among the names refused;
* leave half a site: a build that fails while writing leaves the previous site whole;
* publish the build machine's secrets: a value in the build's environment is in no
  output file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from city_classroom.city_files.reserved import site_names
from support import BUILD_ENV, FIXTURE_CITIES, REPO, make_project, mkdocs_build


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project", FIXTURE_CITIES)


def _check(cities: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "city_classroom.cli", "check", str(cities)],
        capture_output=True,
        text=True,
        cwd=cities.parent,
        env=BUILD_ENV,
        check=False,
    )


@pytest.mark.parametrize("taken", ["about", "contribute", "search", "th", "assets", "pagefind"])
def test_a_city_cannot_take_an_address_the_site_uses(project, tmp_path, taken):
    shutil.copytree(project / "cities" / "riverton", project / "cities" / taken)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"cities/{taken}/city.yml:1:1" in result.stderr and f"`{taken}`" in result.stderr
    assert not (tmp_path / "site").exists()  # nothing was written
    checked = _check(project / "cities")
    assert checked.returncode == 1 and f"cities/{taken}/city.yml:1:1" in checked.stderr


def test_every_top_level_path_of_a_build_is_a_name_no_city_may_take(fixture_site):
    project_content = REPO / "content"
    names = site_names(project_content, ["en", "th", "zh"])
    built = {entry.name for entry in fixture_site.iterdir()} - {"riverton"}
    assert built <= names, built - names


def test_a_build_that_fails_while_writing_leaves_the_previous_site_whole(project, tmp_path):
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    # a theme override that fails while the pages are being written, after MkDocs has
    # copied the theme's files and started on the pages
    (project / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}{{ page.title | no_such_filter }}{% endblock %}'
    )
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_a_secret_in_the_build_environment_reaches_no_output_file(tmp_path):
    secret = "cc-secret-" + os.urandom(8).hex()
    project = make_project(tmp_path / "project", REPO / "cities")
    env = {**BUILD_ENV, "CITY_CLASSROOM_TEST_SECRET": secret}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    leaked = [p for p in (tmp_path / "site").rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]
    assert leaked == []
