"""Search: a Pagefind index of the built site, so that Thai and Chinese words are found.

Material's own search splits words on spaces only, and Thai has none: every Thai
query found nothing (field notes). Pagefind splits words by each page's
`<html lang>` at index time, and its index comes in chunks, so a phone fetches
only what a query needs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT_SELECTOR = "article.md-content__inner"
"""Only the page's own text is indexed, not the navigation around it."""


def index_site(site_dir: Path) -> None:
    """Write `pagefind/` into the built site."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--root-selector", ROOT_SELECTOR,
               "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(f"Pagefind could not index the site:\n{result.stdout}\n{result.stderr}")
    _sort_entry(site_dir / "pagefind" / "pagefind-entry.json")


def _sort_entry(entry: Path) -> None:
    """Pagefind lists the languages in its entry file in a random order: sort it, for identical builds."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
