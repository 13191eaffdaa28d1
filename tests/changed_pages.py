"""Which pages a pull request changes, for the fast path of check.yml.

    python tests/changed_pages.py classify FILES_LIST          → content_only=true|false
    python tests/changed_pages.py pages --base REF --site site [--out LIST] [--summary FILE]

A pull request that touches only city files, hand-written pages and pictures cannot change
how the guide is made, only what it says: its verdict needs the checker, a strict build and
the browser checks of the pages it changes, not the whole suite (`classify`). Anything else
(the package, templates, tests, workflows, dependencies, the Makefile) runs everything.

`pages` lists the built pages a change reaches, from `git diff` against the base and the line
where each site and route starts (the loader's `CityGuide.sources`, as "Edit this" uses):

* a hand-written page (`content/th/about.md`) → that page (`th/about/`);
* lines of a site in a city file → its page, the city's page, its plaques, and every walk
  page that links to it (proposed walks too), in every language;
* lines of a route → its page and walk sheet and the city's page; a picture or a path file
  → the sites or routes that name it; `city.yml` → every page of the city, and the home page;
* lines of a city file that belong to no site or route, a city that does not read, a deleted
  file → every page of that city.

Only pages present in the built site are listed. The browser checks of those pages are
tests/test_changed_pages_browser.py (axe-core, Content-Security-Policy, a load without errors).
The first part needs nothing but Python's standard library: it runs before installation.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path, PurePosixPath

REPO = Path(__file__).resolve().parent.parent

CONTENT_FOLDERS = ("cities/", "content/")
"""What editors change: the city files (with their pictures and paths) and the hand-written pages."""
PICTURES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg")
CODE_FOLDERS = ("plugins/", "tests/", ".github/", "bench/", "overrides/", "schema/")
"""A picture here is part of the code (a theme icon, a test fixture): it runs the whole suite."""


def content_only(paths: list[str]) -> bool:
    """Whether a pull request changing `paths` changes only content: cities/, content/ or pictures.

    No change at all (or no list, as on a manual run) is not content only: the whole suite runs."""
    paths = [path.strip() for path in paths if path.strip()]
    if not paths:
        return False
    for path in paths:
        if path.startswith(CONTENT_FOLDERS):
            continue
        if path.lower().endswith(PICTURES) and not path.startswith(CODE_FOLDERS):
            continue
        return False
    return True


# --- from a diff to lines -----------------------------------------------------------------------

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def changed_lines(diff: str) -> dict[str, set[int]]:
    """The lines of each file that a `git diff --unified=0` adds or changes, in the new file.

    A deletion counts at the line after which it was (so that it falls in the site it was in);
    a deleted file has no lines (an empty set)."""
    changed: dict[str, set[int]] = {}
    current: str | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = name[2:] if name.startswith("b/") else None
            if current is not None:
                changed.setdefault(current, set())
        elif line.startswith("--- a/"):
            changed.setdefault(line[6:], set())  # kept when the file is deleted (`+++ /dev/null`)
        elif current is not None and (hunk := _HUNK.match(line)):
            start, count = int(hunk[1]), int(hunk[2] if hunk[2] is not None else 1)
            changed[current].update(range(start, start + count) if count else [max(start, 1)])
    return changed


# --- from lines to pages ----------------------------------------------------------------------------


def _languages(config_file: Path) -> list[str]:
    """The guide's languages from mkdocs.yml (the first at the site's root)."""
    import yaml

    class IgnoreTags(yaml.SafeLoader):
        pass

    IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=IgnoreTags) or {}
    except (OSError, yaml.YAMLError):
        config = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("city-classroom"), dict):
            return list(plugin["city-classroom"].get("languages") or ["en", "th", "zh"])
    return ["en", "th", "zh"]


def _content_page(path: str) -> str:
    """`content/th/about.md` → `th/about/`; `content/index.md` → ``."""
    from city_classroom.rendering import urls

    return urls.page_url(path[len("content/") :])


def _city_pages(site: Path, prefixes: list[str], slug: str) -> set[str]:
    """Every built page of a city, in every language."""
    pages = set()
    for prefix in prefixes:
        folder = site / prefix / slug
        for index in folder.rglob("index.html") if folder.is_dir() else []:
            pages.add(index.parent.relative_to(site).as_posix() + "/")
    return pages


def _linking(site: Path, prefix: str, slug: str, target: str) -> set[str]:
    """The walk pages of a city (in one language) whose HTML links to `target` (a site's page)."""
    folder = site / prefix / slug / "routes"
    pages = set()
    for index in folder.glob("*/index.html") if folder.is_dir() else []:
        if f"sites/{target}/" in index.read_text(encoding="utf-8"):
            pages.add(index.parent.relative_to(site).as_posix() + "/")
    return pages


def affected_pages(changed: dict[str, set[int]], repo: Path, site: Path) -> list[str]:
    """The built pages (`lamphun/sites/wat-x/`, `th/about/`) that the changed lines reach, sorted."""
    from city_classroom.city_files.validate import read_cities
    from city_classroom.rendering import urls

    languages = _languages(repo / "mkdocs.yml")
    prefixes = [urls.language_prefix(language, languages[0]) for language in languages]
    pages: set[str] = set()
    by_city: dict[str, dict[str, set[int]]] = {}
    for path, lines in changed.items():
        if path.startswith("content/"):
            if path.endswith(".md"):
                pages.add(_content_page(path))
            else:  # a picture of a hand-written page: the pages that name it
                name = PurePosixPath(path).name
                for page in (repo / "content").rglob("*.md"):
                    if name in page.read_text(encoding="utf-8"):
                        pages.add(_content_page(page.relative_to(repo).as_posix()))
        elif path.startswith("cities/") and path.count("/") >= 2:
            slug, inner = path.split("/", 2)[1:]
            by_city.setdefault(slug, {})[inner] = lines
    for slug, files in by_city.items():
        guides, _ = read_cities(repo / "cities" / slug)
        guide = guides[0] if guides else None
        if guide is None or any(not (repo / "cities" / slug / inner).exists() for inner in files):
            pages |= _city_pages(site, prefixes, slug)  # does not read, or a file went: all of it
            continue
        ids: set[str] = set()
        whole_city = False
        for inner, lines in files.items():
            if inner == "city.yml":  # its name and languages are on every page of the city, and at home
                whole_city = True
                pages |= {urls.page_url(prefix + "index.md") for prefix in prefixes}
                continue
            named = {s.id for s in guide.sites if any(image.file == inner for image in s.images)}
            named |= {r.id for r in guide.routes if r.path == inner}
            if named:
                ids |= named
                continue
            starts = sorted((line, item) for item, (file, line) in guide.sources.items() if file == inner)
            for changed_line in lines:
                before = [item for line, item in starts if line <= changed_line]
                if before:
                    ids.add(before[-1])
                else:
                    whole_city = True  # `sites:` itself, a comment above the first site
        if whole_city:
            pages |= _city_pages(site, prefixes, slug)
            continue
        site_ids = {s.id for s in guide.sites}
        for prefix in prefixes:
            for item in ids:
                pages.add(prefix + urls.page_url(urls.city_page(slug)))
                if item in site_ids:
                    pages.add(prefix + urls.page_url(urls.site_page(slug, item)))
                    pages.add(prefix + urls.page_url(urls.plaque_sheet(slug)))
                    pages |= _linking(site, prefix, slug, item)
                else:
                    pages.add(prefix + urls.page_url(urls.route_page(slug, item)))
                    pages.add(prefix + urls.page_url(urls.walk_sheet(slug, item)))
    return sorted(page for page in pages if (site / page / "index.html").is_file())


# --- the job summary ------------------------------------------------------------------------------


def summary(pages: list[str], fast: bool, artifact_url: str = "") -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: the pages the change reaches, each a link into the built site."""
    lines = ["### Pages this pull request changes", ""]
    where = f"[the built site]({artifact_url})" if artifact_url else "the built site (the `site` artifact)"
    if not pages:
        lines.append("No city file or hand-written page changes." if not fast else "No page of the guide changes.")
    else:
        checked = "were opened in Chromium" if fast else "are among those the whole test suite opens"
        lines.append(f"{len(pages)} pages; they {checked} (axe-core, Content-Security-Policy, no console error).")
        lines.append(f"Each is a file of {where}:")
        lines.append("")
        for page in pages:
            file = f"{page}index.html"
            shown = f"/{page}"
            lines.append(f"- [`{shown}`]({artifact_url})  `{file}`" if artifact_url else f"- `{shown}`  `{file}`")
    if not fast:
        lines += [
            "",
            "Code, templates, tests, workflows or dependencies changed, so any page may differ: "
            "the whole test suite ran.",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    classify = commands.add_parser("classify", help="print content_only=true|false for a list of changed files")
    classify.add_argument("files", type=Path, help="a file listing the changed paths, one a line")
    listing = commands.add_parser("pages", help="list the built pages that the changes reach")
    listing.add_argument("--base", required=True, help="the base to diff against, e.g. origin/main")
    listing.add_argument("--site", type=Path, required=True, help="the built site")
    listing.add_argument("--out", type=Path, help="write the pages here, one a line")
    listing.add_argument("--summary", type=Path, help="append the Markdown summary here ($GITHUB_STEP_SUMMARY)")
    listing.add_argument("--artifact-url", default="", help="the address of the uploaded site")
    listing.add_argument("--full", action="store_true", help="the whole suite runs (code changed)")
    listing.add_argument("--repo", type=Path, default=REPO, help="the repository (default: this one)")
    args = parser.parse_args(argv)
    if args.command == "classify":
        paths = args.files.read_text(encoding="utf-8").splitlines()
        print(f"content_only={'true' if content_only(paths) else 'false'}")
        return 0
    diff = subprocess.run(
        ["git", "diff", "--unified=0", "--no-renames", "--no-color", f"{args.base}...HEAD", "--", "cities", "content"],
        capture_output=True,
        text=True,
        check=True,
        cwd=args.repo,
    ).stdout
    pages = affected_pages(changed_lines(diff), args.repo, args.site)
    if args.out:
        args.out.write_text("".join(page + "\n" for page in pages), encoding="utf-8")
    text = summary(pages, not args.full, args.artifact_url)
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as stream:
            stream.write(text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
