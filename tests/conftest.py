"""Shared fixtures: real MkDocs builds, a local gzip server, and Debian's Chromium.

Nothing here reaches the network: every browser request that leaves 127.0.0.1 is
aborted (and recorded), so a page that needs a CDN or tile server to work fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import support
from site_server import SiteServer
from support import CHROMIUM, FIXTURE_CITIES, REPO, make_project, mkdocs_build, open_context


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        action="store_true",
        default=False,
        help="regenerate docs/screenshots/*.png for the README (tests/test_screenshots.py)",
    )


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory) -> Path:
    """The repository's own site, built once per test run."""
    site = tmp_path_factory.mktemp("repo-site") / "site"
    result = mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """A small site of the fixture cities (riverton), built once per test run."""
    project = make_project(tmp_path_factory.mktemp("fixture-project"), FIXTURE_CITIES)
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def repo_server(repo_site) -> Iterator[SiteServer]:
    with SiteServer(repo_site) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is missing at {CHROMIUM}: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def session(browser, repo_server):
    """One browser page per test module, on the repository's site, following instant navigation."""
    from browsing import Session, follow_the_server

    context, watched = open_context(browser, 1280, 900)
    follow_the_server(context, repo_server)
    yield Session(context.new_page(), watched)
    context.close()


@pytest.fixture
def page(session):
    """The module's page; no console error or failed request is allowed in a test."""
    session.clear()
    yield session.page
    assert session.trouble() == []


@pytest.fixture(scope="session")
def riverton():
    """The fixture city (CityGuide), read once."""
    return support.riverton()


@pytest.fixture(scope="session")
def riverton_plan():
    """The fixture city planned with the default paces (CityPlan)."""
    return support.riverton_plan()


@pytest.fixture(scope="session")
def guide():
    """The fixture cities made into a guide (pages rendered), once per test run."""
    return support.riverton_guide()
