"""The fast path of check.yml, offline: which pull requests take it, and which pages they reach.

`classify` decides from the changed files alone; `pages` reads the diff against the base and
the line where each site and route starts. Both are run here on made-up changes, and `pages`
end to end on a real git history in tmp_path.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from changed_pages import affected_pages, changed_lines, content_only, main, summary
from support import REPO

SCRIPT = REPO / "tests" / "changed_pages.py"


@pytest.mark.parametrize(
    ("paths", "fast"),
    [
        (["cities/lamphun/heritage.yml"], True),
        (["cities/tak/routes.yml", "cities/tak/paths/river.gpx", "cities/tak/images/wat.jpg"], True),
        (["content/about.md", "content/th/about.md", "docs/screenshots/route.png"], True),
        (["content/zh/contribute.md", "images/poster.webp"], True),
        (["cities/lamphun/heritage.yml", "plugins/city_classroom/rendering/pages.py"], False),
        (["plugins/city_classroom/rendering/templates/site.html"], False),
        (["pyproject.toml"], False),
        (["cities/lamphun/food.yml", "pyproject.toml"], False),
        ([".github/workflows/check.yml"], False),
        ([".github/ISSUE_TEMPLATE/correction.yml"], False),
        (["plugins/city_classroom/mkdocs_plugin/theme/icon.png"], False),  # a picture that is code
        (["tests/fixtures/cities/riverton/sites.yml"], False),
        (["mkdocs.yml"], False),
        (["Makefile"], False),
        (["overrides/main.html"], False),
        (["schema/city.schema.json"], False),
        ([], False),  # nothing listed (a manual run): everything runs
        (["", "  "], False),
    ],
)
def test_which_pull_requests_take_the_fast_path(paths: list[str], fast: bool) -> None:
    assert content_only(paths) is fast


def test_classify_prints_a_github_output_line(tmp_path: Path) -> None:
    listed = tmp_path / "changed.txt"
    listed.write_text("cities/lamphun/heritage.yml\ncontent/about.md\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "classify", str(listed)], capture_output=True, text=True, check=True
    )
    assert result.stdout == "content_only=true\n"
    listed.write_text("cities/lamphun/heritage.yml\nplugins/city_classroom/guide.py\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "classify", str(listed)], capture_output=True, text=True, check=True
    )
    assert result.stdout == "content_only=false\n"


DIFF = """\
diff --git a/cities/lamphun/heritage.yml b/cities/lamphun/heritage.yml
index 1111111..2222222 100644
--- a/cities/lamphun/heritage.yml
+++ b/cities/lamphun/heritage.yml
@@ -12 +12 @@ sites:
-    summary: {en: old}
+    summary: {en: new}
@@ -40,0 +41,3 @@
+    hours: {en: Daily}
+    free: true
+    good_for: [children]
@@ -70,2 +72,0 @@
-    toilets: true
-    shade: true
diff --git a/content/th/about.md b/content/th/about.md
--- a/content/th/about.md
+++ b/content/th/about.md
@@ -3 +3,2 @@
-a
+b
+c
diff --git a/cities/tak/food.yml b/cities/tak/food.yml
deleted file mode 100644
--- a/cities/tak/food.yml
+++ /dev/null
@@ -1,3 +0,0 @@
-sites:
"""


def test_changed_lines_are_read_from_a_diff() -> None:
    assert changed_lines(DIFF) == {
        "cities/lamphun/heritage.yml": {12, 41, 42, 43, 72},
        "content/th/about.md": {3, 4},
        "cities/tak/food.yml": set(),
    }


def _start(file: str, item: str) -> int:
    from city_classroom.city_files.validate import read_cities

    [guide], _ = read_cities(REPO / "cities" / "lamphun")
    where, line = guide.sources[item]
    assert where == file
    return line


def test_a_change_to_one_site_reaches_its_page_the_city_and_the_walks_through_it(repo_site: Path) -> None:
    line = _start("heritage.yml", "wat-phra-that-hariphunchai")
    pages = affected_pages({"cities/lamphun/heritage.yml": {line + 3}}, REPO, repo_site)
    for prefix in ("", "th/", "zh/"):
        assert f"{prefix}lamphun/sites/wat-phra-that-hariphunchai/" in pages
        assert f"{prefix}lamphun/" in pages
        assert f"{prefix}lamphun/routes/old-town-heritage-walk/" in pages  # the temple is one of its stops
    assert not any("hariphunchai-national-museum" in page for page in pages)  # the next site: untouched
    assert not any(page.startswith(("tak/", "shanghai/")) for page in pages)
    assert all((repo_site / page / "index.html").is_file() for page in pages)
    assert len(pages) < 30


def test_a_route_a_hand_written_page_and_city_yml(repo_site: Path) -> None:
    line = _start("routes.yml", "old-town-heritage-walk")
    pages = affected_pages({"cities/lamphun/routes.yml": {line}}, REPO, repo_site)
    assert "lamphun/routes/old-town-heritage-walk/" in pages and "zh/lamphun/routes/old-town-heritage-walk/" in pages
    assert "lamphun/routes/old-town-heritage-walk/sheet/" in pages
    assert not any("/sites/" in page for page in pages)
    assert affected_pages({"content/th/about.md": {3}, "content/index.md": {1}}, REPO, repo_site) == ["", "th/about/"]
    whole = affected_pages({"cities/tak/city.yml": {2}}, REPO, repo_site)
    assert {"", "th/", "zh/", "tak/", "th/tak/", "zh/tak/"} <= set(whole)  # the home pages list the city
    assert len([page for page in whole if page.startswith("tak/sites/")]) == len(
        list((repo_site / "tak" / "sites").iterdir())
    )


def test_lines_above_the_first_site_reach_the_whole_city(repo_site: Path) -> None:
    pages = affected_pages({"cities/lamphun/heritage.yml": {1}}, REPO, repo_site)
    assert len([page for page in pages if page.startswith("lamphun/sites/")]) > 10


def test_the_summary_links_every_page() -> None:
    text = summary(
        ["lamphun/", "th/about/"], fast=True, artifact_url="https://github.com/o/r/actions/runs/1/artifacts/2"
    )
    assert "2 pages; they were opened in Chromium" in text
    assert "- [`/lamphun/`](https://github.com/o/r/actions/runs/1/artifacts/2)  `lamphun/index.html`" in text
    assert "`th/about/index.html`" in text
    assert "any page may differ: the whole test suite ran" in summary([], fast=False)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_pages_end_to_end_on_a_pull_request_branch(tmp_path: Path, repo_site: Path) -> None:
    """A branch that changes one line of one Lamphun site, diffed as check.yml does."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(REPO / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(REPO / "cities", repo / "cities")
    shutil.copytree(REPO / "content", repo / "content")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "museum-note")
    heritage = repo / "cities" / "lamphun" / "heritage.yml"
    lines = heritage.read_text(encoding="utf-8").splitlines(keepends=True)
    start = _start("heritage.yml", "hariphunchai-national-museum")
    lines.insert(start, "    # closed on Mondays and Tuesdays\n")
    heritage.write_text("".join(lines), encoding="utf-8")
    git(repo, "commit", "-qam", "a note on the museum")
    out, notes = tmp_path / "pages.txt", tmp_path / "summary.md"
    code = main(
        [
            "pages",
            "--base",
            "main",
            "--site",
            str(repo_site),
            "--repo",
            str(repo),
            "--out",
            str(out),
            "--summary",
            str(notes),
        ]
    )
    assert code == 0
    pages = out.read_text(encoding="utf-8").splitlines()
    assert (
        "lamphun/sites/hariphunchai-national-museum/" in pages
        and "th/lamphun/sites/hariphunchai-national-museum/" in pages
    )
    assert "lamphun/sites/wat-phra-that-hariphunchai/" not in pages
    assert f"{len(pages)} pages" in notes.read_text(encoding="utf-8")
