"""What the tests share: where things are, real MkDocs builds, a browser context that stays on
127.0.0.1, and the fixture city read and planned once.

Fixtures (pytest's) are in conftest.py; everything a test module imports is here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURE_CITIES = Path(__file__).resolve().parent / "fixtures" / "cities"
"""The small fixture network: the city of riverton (two languages, three routes)."""
BAD_CITIES = Path(__file__).resolve().parent / "bad"
"""The checker's corpus: one broken city file per case, with the messages it must give."""
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
BUILD_ENV = {
    **os.environ,
    "SOURCE_DATE_EPOCH": "1764000000",
    "NO_MKDOCS_2_WARNING": "1",
    "SITE_URL": "http://127.0.0.1:8000/",
}


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
    shutil.copytree(REPO / "overrides", root / "overrides")  # the site's own (the plugin brings its theme)
    shutil.copytree(content or REPO / "content", root / "content")
    shutil.copytree(cities, root / "cities")
    return root


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


@cache
def riverton():
    """The fixture city, read and validated (with no problem at all)."""
    from city_classroom.city_files.validate import read_cities

    guides, problems = read_cities(FIXTURE_CITIES)
    assert problems == [], problems
    return next(guide for guide in guides if guide.slug == "riverton")


@cache
def riverton_plan():
    """The fixture city planned with the default paces."""
    from city_classroom.planning.plan import plan_city

    return plan_city(riverton())


@cache
def riverton_guide():
    """The fixture cities made into a guide (pages rendered) with the default options."""
    from city_classroom.guide import build_guide

    guide, problems = build_guide(FIXTURE_CITIES, plugin_options())
    assert guide is not None, problems
    return guide


def page_html(guide, src_uri: str) -> str:
    """The HTML the guide made for one of its pages, by the page's source address."""
    return next(page for page in guide.pages if page.src_uri == src_uri).html
