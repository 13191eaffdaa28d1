"""Under `mkdocs serve`: what the plugin remembers from one rebuild to the next.

MkDocs keeps the plugin instance for the whole of `mkdocs serve` (it calls `on_startup`
once, then `on_config` ... `on_post_build` for every rebuild), so this memory lives on the
plugin, as a `ServeMemory`, and reaches the steps that use it as an argument:

* Cities: a city whose folder's files (YAML, paths, images) and the options did not
  change is not read, planned and rendered again (`remember`).
* Search: Pagefind indexes the first build only, and every rebuild gets a copy of that
  index. Search works while serving, but finds the texts as they were when serving
  began (restart `mkdocs serve` to refresh it).
* Templates: Material's templates are compiled once, not on every rebuild
  (`CompiledTemplates`, given to the theme's Jinja environment in `on_env`).

`mkdocs build` remembers nothing: `ServeMemory(serving=False)` makes every call do the work.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

log = logging.getLogger("mkdocs.plugins.city-classroom")
T = TypeVar("T")


def _hash(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _tree(folder: Path) -> list[tuple[str, int, int]]:
    """Every file below `folder` with its modification time and size (symlinks not followed)."""
    out = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            try:
                stat = os.lstat(path)
            except OSError:
                continue
            out.append((path, stat.st_mtime_ns, stat.st_size))
    return out


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept in memory. Jinja keeps a template's source checksum
    with its code and compiles it again when the source changed (an edited override)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class ServeMemory:
    """What lasts from one build to the next while serving; nothing when building."""

    def __init__(self, serving: bool) -> None:
        self.serving = serving
        self.templates = CompiledTemplates()
        self._cities: dict[tuple[str, Path], tuple[str, Any]] = {}
        self._folder = Path(tempfile.mkdtemp(prefix="city-classroom-serve-")) if serving else None

    def close(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def remember(self, kind: str, folder: Path, options: object, make: Callable[[], T] | None) -> T | None:
        """`make()`, or while serving what it gave last time for this `kind` of work on this city
        folder, if none of the folder's files and none of the options changed (`make` None: that, or None)."""
        if not self.serving:
            return make() if make is not None else None
        key = _hash(_tree(folder), options)
        cached = self._cities.get((kind, folder))
        if cached is not None and cached[0] == key:
            return cached[1]
        if make is None:
            return None
        value = make()
        self._cities[(kind, folder)] = (key, value)
        return value

    def index(self, site_dir: Path, make_index: Callable[[Path], None]) -> None:
        """Index the built site; while serving, index once and copy that index into each rebuild."""
        if self._folder is None:
            make_index(site_dir)
            return
        kept = self._folder / "pagefind"
        if kept.is_dir():
            shutil.copytree(kept, site_dir / "pagefind", dirs_exist_ok=True)
            log.info("Search: the index of the first build is reused while serving; restart to refresh it")
            return
        make_index(site_dir)
        shutil.copytree(site_dir / "pagefind", kept)
