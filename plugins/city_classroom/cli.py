"""The command line: `city-classroom check`, `schema` and `new`.

Each command calls the same functions as the MkDocs plugin does.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from .city_files.model import CATEGORIES, THEMES
from .city_files.problems import report
from .city_files.reserved import from_mkdocs_yml
from .city_files.schema import SCHEMAS, schema_text
from .city_files.validate import read_cities
from .planning.plan import plan_city
from .planning.visit_window import window_problems


def check(cities_dir: Path) -> int:
    """Print every problem, or one summary line per city. Exit status 1 on any error.

    The walks are planned too (default paces), for the warnings about when each walk works."""
    taken = from_mkdocs_yml(_mkdocs_yml(cities_dir))
    guides, problems = read_cities(cities_dir, taken=taken)
    problems += [problem for guide in guides for problem in window_problems(plan_city(guide))]
    if problems:
        print(report(problems), file=sys.stderr if any(p.severity == "error" for p in problems) else sys.stdout)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        print(f"{errors} error(s), {warnings} warning(s): nothing was built. Fix the lines above.", file=sys.stderr)
        return 1
    for guide in guides:
        sites = Counter(site.category for site in guide.sites)
        routes = Counter(route.theme for route in guide.routes)
        print(
            f"{guide.slug}: {len(guide.sites)} sites ("
            + ", ".join(f"{sites[c]} {c}" for c in CATEGORIES)
            + f"), {len(guide.routes)} routes ("
            + ", ".join(f"{routes[t]} {t}" for t in THEMES)
            + "), languages "
            + ", ".join(guide.city.languages)
        )
    print(f"{len(guides)} cities, 0 errors, {warnings} warning(s)")
    return 0


def _mkdocs_yml(cities_dir: Path) -> Path:
    """The site's mkdocs.yml: beside the cities folder (or beside the folder of the one city checked)."""
    folder = cities_dir.resolve()
    if (folder / "city.yml").exists():
        folder = folder.parent
    return folder.parent / "mkdocs.yml"


def write_schema(out_dir: Path) -> int:
    """Write each schema (city.yml's, and the sites and routes files') into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for file in SCHEMAS:
        out = out_dir / Path(file).name
        out.write_text(schema_text(file), encoding="utf-8")
        print(f"wrote {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="city-classroom", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="check every city file and report problems")
    check_cmd.add_argument("cities_dir", nargs="?", default="cities", type=Path)
    schema_cmd = commands.add_parser("schema", help="write the JSON Schemas of city files (" + ", ".join(SCHEMAS) + ")")
    schema_cmd.add_argument("--out-dir", default=Path(next(iter(SCHEMAS))).parent, type=Path)
    new_cmd = commands.add_parser("new", help="create a new city folder with commented examples")
    new_cmd.add_argument("slug")
    new_cmd.add_argument("--name", required=True, help="the city's name in its own language")
    new_cmd.add_argument("--english-name", help="the city's name in English (else a TODO in city.yml)")
    new_cmd.add_argument("--lat", required=True, type=float)
    new_cmd.add_argument("--lon", required=True, type=float)
    new_cmd.add_argument("--languages", default="en", help="comma-separated, the city's own first: th,en")
    new_cmd.add_argument("--country", default="TH")
    new_cmd.add_argument("--timezone", default="Asia/Bangkok")
    new_cmd.add_argument("--cities-dir", default="cities", type=Path)
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.cities_dir)
    if args.command == "schema":
        return write_schema(args.out_dir)
    from .scaffold import new_city

    return new_city(args)


if __name__ == "__main__":
    sys.exit(main())
