"""Readers correct the guide: "Edit this" opens the city file at the line of the page's site or
route in GitHub's editor, and "Suggest a correction" opens the issue form, prefilled.

Both come from mkdocs.yml's `repo_url` and `edit_uri`; a site without `repo_url` has neither.
The issue form is checked offline with check-jsonschema's bundled schema of GitHub issue forms.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from city_classroom.rendering import urls
from support import FIXTURE_CITIES, REPO, make_project, mkdocs_build

FORM = REPO / ".github" / "ISSUE_TEMPLATE" / "correction.yml"
EDIT = "https://github.com/o/r/edit/main/"
SITES_YML = FIXTURE_CITIES / "riverton" / "sites.yml"
ROUTES_YML = FIXTURE_CITIES / "riverton" / "routes.yml"


def start_line(file: Path, item_id: str) -> int:
    """The line where the list item with this id starts in a fixture file (`  - id: …`)."""
    lines = file.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.strip() == f"- id: {item_id}")


def links(site: Path, page: str) -> dict[str, str]:
    """The page's own correction links: their words → their address (unescaped)."""
    text = (site / page).read_text(encoding="utf-8")
    actions = re.findall(r'<p class="cc-page-actions"[^>]*>(.*?)</p>', text, re.S)
    assert len(actions) <= 1
    found = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', actions[0]) if actions else []
    return {html.unescape(words): html.unescape(href) for href, words in found}


def query(url: str) -> dict[str, list[str]]:
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/o/r/issues/new")
    return parse_qs(parts.query, strict_parsing=True)


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory) -> Path:
    """The fixture city built with a repository named in mkdocs.yml (and Material's edit button on)."""
    project = make_project(tmp_path_factory.mktemp("repo-project"), FIXTURE_CITIES)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  features:\n", "  features:\n    - content.action.edit\n", 1)
    config.write_text(text + "\nrepo_url: https://github.com/o/r\nedit_uri: edit/main/content/\n", encoding="utf-8")
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def test_edit_links_open_the_city_file_at_the_line_of_the_site_or_route(repo_site):
    museum = links(repo_site, "riverton/sites/museum/index.html")
    assert museum["Edit this on GitHub"] == f"{EDIT}cities/riverton/sites.yml#L{start_line(SITES_YML, 'museum')}"
    assert museum["Edit this on GitHub"].endswith("sites.yml#L25")
    route = links(repo_site, "riverton/routes/river-path/index.html")
    assert route["Edit this on GitHub"] == f"{EDIT}cities/riverton/routes.yml#L{start_line(ROUTES_YML, 'river-path')}"
    assert route["Edit this on GitHub"].endswith("routes.yml#L8")
    assert links(repo_site, "riverton/index.html")["Edit this on GitHub"] == f"{EDIT}cities/riverton/city.yml#L1"
    thai = links(repo_site, "th/riverton/sites/museum/index.html")
    assert thai["แก้ไขหน้านี้บน GitHub"] == museum["Edit this on GitHub"]
    assert (
        links(repo_site, "zh/riverton/routes/river-path/index.html")["在 GitHub 上编辑"] == route["Edit this on GitHub"]
    )


def test_hand_written_pages_keep_materials_edit_link_and_generated_pages_have_only_ours(repo_site):
    about = (repo_site / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/o/r/edit/main/content/about.md"' in about
    assert "cc-page-actions" not in about
    museum = (repo_site / "riverton/sites/museum/index.html").read_text(encoding="utf-8")
    assert 'rel="edit"' not in museum  # MkDocs gives a generated page no edit address


def test_suggest_a_correction_is_prefilled_with_the_page_the_city_and_the_id(repo_site):
    museum = query(links(repo_site, "riverton/sites/museum/index.html")["Suggest a correction"])
    assert museum == {
        "template": ["correction.yml"],
        "page": ["http://127.0.0.1:8000/riverton/sites/museum/"],
        "city": ["riverton"],
        "item": ["museum"],
    }
    route = query(links(repo_site, "zh/riverton/routes/river-path/index.html")["建议更正"])
    assert route["page"] == ["http://127.0.0.1:8000/zh/riverton/routes/river-path/"]
    assert route["item"] == ["river-path"]
    city = query(links(repo_site, "th/riverton/index.html")["เสนอแก้ไขข้อมูล"])
    assert city == {
        "template": ["correction.yml"],
        "page": ["http://127.0.0.1:8000/th/riverton/"],
        "city": ["riverton"],
    }


def test_an_access_fact_not_known_links_to_the_form_set_to_access(repo_site):
    museum = (repo_site / "riverton/sites/museum/index.html").read_text(encoding="utf-8")  # no `access:` at all
    access = museum.split('id="access"')[1].split("</ul>")[0]
    found = [html.unescape(href) for href in re.findall(r'class="cc-correct-access" href="([^"]+)"', access)]
    assert len(found) == 4
    assert query(found[0]) == {
        "template": ["correction.yml"],
        "page": ["http://127.0.0.1:8000/riverton/sites/museum/"],
        "city": ["riverton"],
        "item": ["museum"],
        "field": [urls.CORRECTION_ACCESS],
    }
    old_temple = (repo_site / "riverton/sites/old-temple/index.html").read_text(encoding="utf-8")  # all known
    assert "cc-correct-access" not in old_temple


def test_without_repo_url_no_page_has_either_link(fixture_site):
    for page in (
        "riverton/index.html",
        "riverton/sites/museum/index.html",
        "th/riverton/routes/river-path/index.html",
    ):
        text = (fixture_site / page).read_text(encoding="utf-8")
        assert "cc-page-actions" not in text and "cc-correct-access" not in text
        assert "github.com" not in text


def test_the_issue_form_is_valid_and_has_the_fields_the_links_fill():
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-issue-forms",
            str(FORM),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    body = yaml.safe_load(FORM.read_text(encoding="utf-8"))["body"]
    fields = {field["id"]: field for field in body if "id" in field}
    assert list(fields) == ["page", "city", "item", "field", "right", "source"]
    assert urls.CORRECTION_ACCESS in fields["field"]["attributes"]["options"]
    assert fields["source"]["validations"]["required"] is False
    assert FORM.name == urls.CORRECTION_FORM


@pytest.mark.parametrize(
    "repo_url, edit_uri, docs, root",
    [
        ("https://github.com/o/r", "edit/main/content/", "content", EDIT),
        ("https://github.com/o/r/", "blob/main/docs/", "docs", EDIT),  # the viewer becomes the editor
        ("https://github.com/o/r", "edit/feature/x/content/", "content", "https://github.com/o/r/edit/feature/x/"),
        (
            "https://github.com/o/r",
            "edit/master/docs/",
            "content",
            "https://github.com/o/r/edit/master/",
        ),  # MkDocs' default
        ("https://github.com/o/r", "", "content", ""),
        (None, "edit/main/content/", "content", ""),
    ],
)
def test_the_edit_root_from_mkdocs_settings(repo_url, edit_uri, docs, root):
    assert urls.edit_root(repo_url, edit_uri, docs) == root


def test_a_city_file_outside_the_repository_has_no_edit_link(tmp_path):
    repository = urls.Repository("https://github.com/o/r", EDIT, str(tmp_path / "site"))
    assert repository.edit(str(tmp_path / "elsewhere" / "riverton"), "sites.yml", 3) == ""
    assert (
        repository.edit(str(tmp_path / "site" / "cities" / "a b"), "sites.yml", 3) == f"{EDIT}cities/a%20b/sites.yml#L3"
    )


def test_a_proposed_route_has_no_file_to_edit_but_can_be_corrected(tmp_path):
    """Routes the planner proposes are in no city file: no edit link, the form still works."""
    from city_classroom.rendering.pages import correction_links
    from support import riverton

    guide = riverton()
    repository = urls.Repository("https://github.com/o/r", EDIT, str(FIXTURE_CITIES.parent))
    proposed = correction_links(guide, repository, "", "riverton/routes/proposed-heritage.md", "proposed-heritage")
    assert proposed.edit == ""
    assert query(proposed.correct)["page"] == ["/riverton/routes/proposed-heritage/"]
    museum = correction_links(guide, repository, "", "riverton/sites/museum.md", "museum")
    assert museum.edit == f"{EDIT}cities/riverton/sites.yml#L25"
    assert correction_links(guide, urls.Repository(), "", "riverton/sites/museum.md", "museum") == type(museum)()
