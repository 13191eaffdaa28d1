"""Shared fixtures: real MkDocs builds, a local gzip server, and Debian's Chromium.

Nothing here reaches the network: every browser request that leaves 127.0.0.1 is
aborted (and recorded), so a page that needs a CDN or tile server to work fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from site_server import SiteServer

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
BUILD_ENV = {
    **os.environ,
    "SOURCE_DATE_EPOCH": "1764000000",
    "NO_MKDOCS_2_WARNING": "1",
    "SITE_URL": "http://127.0.0.1:8000/",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        action="store_true",
        default=False,
        help="regenerate docs/screenshots/*.png for the README (tests/test_screenshots.py)",
    )


def mkdocs_build(project: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run the real `mkdocs build --strict` of a project into `site_dir`."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site_dir),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=BUILD_ENV,
        cwd=project,
        check=False,
    )


def make_project(root: Path, cities: Path, content: Path | None = None) -> Path:
    """A copy of the repository's site set-up (mkdocs.yml, overrides, content) over other cities."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.copytree(content or REPO / "content", root / "content")
    shutil.copytree(cities, root / "cities")
    return root


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
    project = make_project(tmp_path_factory.mktemp("fixture-project"), FIXTURES / "cities")
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


@dataclass
class Watched:
    """What a page did: console errors, failed requests, requests that tried to leave 127.0.0.1."""

    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def trouble(self, allow_tiles: bool = True) -> list[str]:
        """Everything that went wrong, except tile requests that the test itself blocked."""
        outside = [url for url in self.outside if not (allow_tiles and "tile.openstreetmap.org" in url)]
        failed = [url for url in self.failed if url not in self.outside]
        errors = [e for e in self.console_errors if not (allow_tiles and e.rsplit(" @ ", 1)[-1] in self.outside)]
        return (
            [f"console: {e}" for e in errors]
            + [f"failed: {u}" for u in failed]
            + [f"left 127.0.0.1: {u}" for u in outside]
            + [f"dialog: {d}" for d in self.dialogs]
        )


def open_context(browser, width: int = 360, height: int = 740, **options):
    """A fresh browser context that aborts every request leaving 127.0.0.1, and what it saw."""
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    watched = Watched()

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            watched.outside.append(url)
            route.abort()

    context.route("**/*", guard)

    def on_page(page):
        page.on(
            "console",
            lambda m: (
                watched.console_errors.append(f"{m.text} @ {m.location.get('url', '')}") if m.type == "error" else None
            ),
        )
        # net::ERR_ABORTED is a request cut off because the page moved on (Material's sitemap
        # fetch, the icon), not one that failed; blocked requests fail with net::ERR_FAILED
        page.on("requestfailed", lambda r: watched.failed.append(r.url) if r.failure != "net::ERR_ABORTED" else None)
        page.on("pageerror", lambda e: watched.console_errors.append(f"uncaught: {e}"))

        def dialog(d):
            watched.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)

    context.on("page", on_page)
    return context, watched


def plugin_options():
    """The plugin's options with every default, as MkDocs would give them."""
    from city_classroom.mkdocs_plugin.config import CityClassroomConfig

    options = CityClassroomConfig()
    options.load_dict({})
    errors, warnings = options.validate()
    assert not errors and not warnings
    return options


@pytest.fixture(scope="module")
def session(browser, repo_server):
    """One browser page per test module, on the repository's site, following instant navigation."""
    from browsing import Session, follow_the_server

    context, watched = open_context(browser, 1280, 900)
    follow_the_server(context, repo_server.url)
    yield Session(context.new_page(), watched)
    context.close()


@pytest.fixture
def page(session):
    """The module's page; no console error or failed request is allowed in a test."""
    session.clear()
    yield session.page
    assert session.trouble() == []
