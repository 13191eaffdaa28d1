"""The GitHub Actions workflows: valid, pinned, least-privileged, and checked offline.

check.yml runs on pull requests (checker, strict build, tests); pages.yml publishes
main to GitHub Pages. Both are validated with check-jsonschema's bundled workflow
schema and audited with zizmor in offline mode: nothing here reaches the network.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
FILES = [WORKFLOWS / "check.yml", WORKFLOWS / "pages.yml", WORKFLOWS / "pages-sharded.yml"]
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(data: dict) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def schema_check(file: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(file)],
        capture_output=True,
        text=True,
        check=False,
    )


def zizmor_findings(*files: Path) -> list[dict]:
    """zizmor's findings of medium or high severity, offline."""
    result = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip(), result.stderr
    return [
        finding for finding in json.loads(result.stdout) if finding["determinations"]["severity"] in ("Medium", "High")
    ]


@pytest.mark.parametrize("file", FILES, ids=[f.name for f in FILES])
def test_workflow_matches_the_github_schema(file: Path) -> None:
    result = schema_check(file)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_of_medium_or_high_severity() -> None:
    findings = zizmor_findings(*FILES)
    assert findings == [], [(f["ident"], f["desc"], f["locations"][0]["symbolic"]["key"]) for f in findings]


def test_the_offline_checks_do_catch_a_bad_workflow(tmp_path: Path) -> None:
    """The two tools must be able to fail: a workflow with known faults is refused by both."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n',
        encoding="utf-8",
    )
    idents = {finding["ident"] for finding in zizmor_findings(bad)}
    assert {"unpinned-uses", "template-injection", "artipacked"} <= idents
    wrong = tmp_path / "wrong.yml"
    wrong.write_text("on: push\njobs:\n  build:\n    steps: []\n", encoding="utf-8")  # no runs-on
    assert schema_check(wrong).returncode != 0


@pytest.mark.parametrize("file", FILES, ids=[f.name for f in FILES])
def test_every_action_is_pinned_to_a_commit_with_its_version(file: Path) -> None:
    uses = [line for line in file.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert uses
    for line in uses:
        assert PINNED.match(line), f"not pinned to a full commit SHA with a `# vX.Y.Z` comment: {line.strip()}"


def test_an_action_has_one_pin_across_workflows() -> None:
    pins: dict[str, set[str]] = {}
    for file in FILES:
        for line in file.read_text(encoding="utf-8").splitlines():
            found = PINNED.match(line)
            if found:
                pins.setdefault(found[1], set()).add(line.split("@", 1)[1])
    assert {
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    } <= set(pins)
    assert all(len(versions) == 1 for versions in pins.values()), pins


@pytest.mark.parametrize("file", FILES, ids=[f.name for f in FILES])
def test_least_privilege_and_no_kept_credentials(file: Path) -> None:
    data = workflow(file.name)
    assert data["permissions"] == {"contents": "read"}
    for step in steps(data):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        if step.get("uses", "").startswith("actions/setup-python@"):
            assert step["with"]["python-version"] == "3.11"
            assert step["with"]["cache"] == "pip"


def test_only_the_deploy_job_may_write_to_pages() -> None:
    jobs = workflow("pages.yml")["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in jobs["build"]
    assert jobs["deploy"]["needs"] == "build"
    assert "permissions" not in workflow("check.yml")["jobs"]["check"]


def test_pages_publishes_main_once_at_a_time_with_its_own_address() -> None:
    data = workflow("pages.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["concurrency"]["group"] == "pages"
    assert data["concurrency"]["cancel-in-progress"] is False
    build = data["jobs"]["build"]["steps"]
    configure = next(step for step in build if step.get("uses", "").startswith("actions/configure-pages@"))
    mkdocs = next(step for step in build if "mkdocs build" in step.get("run", ""))
    assert "--strict" in mkdocs["run"]
    assert mkdocs["env"]["SITE_URL"] == "${{{{ steps.{}.outputs.base_url }}}}/".format(configure["id"])
    upload = next(step for step in build if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] in mkdocs["run"].split()
    assert build.index(configure) < build.index(mkdocs) < build.index(upload)
    deploy = data["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy["steps"])
    assert "!ENV [SITE_URL" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


def test_pages_dates_the_build_by_the_last_commit() -> None:
    """The same commit publishes the same bytes: SOURCE_DATE_EPOCH is the last commit's time, set before the build."""
    build = workflow("pages.yml")["jobs"]["build"]["steps"]
    dating = next(step for step in build if "SOURCE_DATE_EPOCH" in step.get("run", ""))
    assert dating["run"].strip() == 'echo "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" >> "$GITHUB_ENV"'
    checkout = next(step for step in build if step.get("uses", "").startswith("actions/checkout@"))
    mkdocs = next(step for step in build if "mkdocs build" in step.get("run", ""))
    assert build.index(checkout) < build.index(dating) < build.index(mkdocs)
    assert "SOURCE_DATE_EPOCH" not in mkdocs.get("env", {})  # not overridden at the build itself


def test_pull_requests_run_the_checker_the_strict_build_and_the_tests() -> None:
    data = workflow("check.yml")
    assert "pull_request" in data["on"]
    assert "pull_request_target" not in data["on"]  # would run with the base repository's rights
    runs = [step.get("run", "") for step in steps(data)]
    order = [
        next(i for i, run in enumerate(runs) if needle in run)
        for needle in ("make install", "city-classroom check cities", "mkdocs build --strict", "make test")
    ]
    assert order == sorted(order)
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^install: \$\(STAMP\)$", makefile, re.M)
    assert "--editable '.[test]'" in makefile


# --- the fast path of pull requests that change only content ------------------------------------


def check_steps() -> list[dict]:
    return workflow("check.yml")["jobs"]["check"]["steps"]


def step_named(words: str) -> dict:
    return next(step for step in check_steps() if words in step.get("name", ""))


def test_pull_requests_see_their_base_and_decide_the_path_from_the_changed_files() -> None:
    steps_ = check_steps()
    checkout = next(step for step in steps_ if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the base branch is there to diff against
    changes = step_named("List the changed files")
    assert changes["id"] == "changes"
    assert changes["env"] == {"BASE_REF": "${{ github.base_ref }}"}  # never expanded inside the script
    assert 'git diff --name-only --no-renames "origin/$BASE_REF...HEAD"' in changes["run"]
    assert 'tests/changed_pages.py classify "$RUNNER_TEMP/changed-files.txt" >> "$GITHUB_OUTPUT"' in changes["run"]
    assert steps_.index(checkout) < steps_.index(changes) < steps_.index(step_named("Install the package"))


def test_content_only_runs_the_checker_the_build_and_the_changed_pages_and_code_runs_everything() -> None:
    fast, full = "steps.changes.outputs.content_only == 'true'", "steps.changes.outputs.content_only != 'true'"
    for always in ("Install the package", "Check the city files", "Build the site", "Upload the built site"):
        assert "if" not in step_named(always), always
    browser = step_named("Check the changed pages")
    assert browser["if"] == fast
    assert ".venv/bin/pytest tests/test_changed_pages_browser.py" in browser["run"]
    assert 'CHANGED_PAGES="$RUNNER_TEMP/changed-pages.txt" CHANGED_SITE=site' in browser["run"]
    assert step_named("Install Thai and Chinese fonts")["if"] == full
    tests = next(step for step in check_steps() if step.get("run", "").strip() == "make test")
    assert tests["if"] == full
    order = [
        check_steps().index(step_named(name)) for name in ("Build the site", "List the pages", "Check the changed")
    ]
    assert order == sorted(order)


def test_every_pull_request_uploads_its_site_and_lists_the_pages_it_changes() -> None:
    build = step_named("Build the site")
    assert "--site-dir site" in build["run"]
    upload = step_named("Upload the built site")
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == "site" and upload["with"]["if-no-files-found"] == "error"
    listing = step_named("List the pages")
    assert listing["env"]["ARTIFACT_URL"] == "${{{{ steps.{}.outputs.artifact-url }}}}".format(upload["id"])
    assert '--summary "$GITHUB_STEP_SUMMARY"' in listing["run"]
    assert '--out "$RUNNER_TEMP/changed-pages.txt"' in listing["run"]
    assert listing["if"] == "github.base_ref != ''"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo, check=True)


@pytest.mark.parametrize(
    ("changed", "fast"),
    [
        ({"cities/lamphun/heritage.yml": "sites: []\n"}, "true"),
        ({"cities/lamphun/images/wat.jpg": "jpeg", "content/about.md": "# About\n"}, "true"),
        ({"plugins/city_classroom/guide.py": "x = 1\n"}, "false"),
        ({"pyproject.toml": "[project]\n", "cities/tak/city.yml": "name: x\n"}, "false"),
        ({".github/workflows/check.yml": "on: push\n"}, "false"),
    ],
)
def test_the_changed_files_step_runs_as_written_on_a_pull_request_branch(
    tmp_path: Path, changed: dict[str, str], fast: str
) -> None:
    """The step's own script, run by bash in a git history like the one actions/checkout leaves."""
    repo = tmp_path / "repo"
    (repo / "tests").mkdir(parents=True)
    (repo / "tests" / "changed_pages.py").write_bytes((REPO / "tests" / "changed_pages.py").read_bytes())
    (repo / "README.md").write_text("base\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "checkout", "-qb", "pull-request")
    for name, text in changed.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "change")
    output, temp = tmp_path / "output", tmp_path / "runner-temp"
    temp.mkdir()
    environment = {
        "PATH": os.environ["PATH"],
        "BASE_REF": "main",
        "GITHUB_OUTPUT": str(output),
        "RUNNER_TEMP": str(temp),
    }
    subprocess.run(
        ["bash", "-e", "-c", step_named("List the changed files")["run"]], cwd=repo, env=environment, check=True
    )
    assert output.read_text(encoding="utf-8") == f"content_only={fast}\n"
    assert sorted((temp / "changed-files.txt").read_text(encoding="utf-8").split()) == sorted(changed)
    environment["BASE_REF"] = ""  # a manual run: nothing listed, everything runs
    output.unlink()
    subprocess.run(
        ["bash", "-e", "-c", step_named("List the changed files")["run"]], cwd=repo, env=environment, check=True
    )
    assert output.read_text(encoding="utf-8") == "content_only=false\n"


def test_pages_restores_the_build_cache_before_building() -> None:
    names = [step.get("name", "") for step in steps(workflow("pages.yml"))]
    cache = next(step for step in steps(workflow("pages.yml")) if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".cache/city-classroom"
    assert names.index(cache["name"]) < names.index("Build the site")


def test_the_sharded_build_lays_out_eight_shards_and_builds_the_site_from_their_caches() -> None:
    data = workflow("pages-sharded.yml")
    assert data["on"] == {"workflow_dispatch": None}
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    jobs = data["jobs"]
    shards = jobs["shard"]["strategy"]["matrix"]["shard"]
    assert shards == list(range(8))
    lay_out = next(step for step in jobs["shard"]["steps"] if "mkdocs build" in step.get("run", ""))
    assert lay_out["env"]["CITY_CLASSROOM_SHARD"] == "${{ matrix.shard }}/8"
    upload = next(s for s in jobs["shard"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == ".cache/city-classroom" and upload["with"]["include-hidden-files"] is True
    assert jobs["build"]["needs"] == "shard" and jobs["deploy"]["needs"] == "build"
    build = jobs["build"]["steps"]
    gather = next(s for s in build if s.get("uses", "").startswith("actions/download-artifact@"))
    assert gather["with"] == {
        "pattern": "city-classroom-shard-*",
        "merge-multiple": True,
        "path": ".cache/city-classroom",
    }
    mkdocs = next(step for step in build if "mkdocs build" in step.get("run", ""))
    assert "CITY_CLASSROOM_SHARD" not in mkdocs.get("env", {})
    assert build.index(gather) < build.index(mkdocs)
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in jobs["shard"] and "permissions" not in jobs["build"]
