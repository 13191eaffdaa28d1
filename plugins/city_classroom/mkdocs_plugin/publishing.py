"""A build is written into a fresh folder and put in place of the old site only once it is whole.

MkDocs empties its site folder first and writes page after page: a build that stops half
way (a crash, a full disk, Ctrl-C) would leave half a site where a whole one was, ready to
be published. `FreshFolder` gives MkDocs a new folder beside the site folder instead, and
`swap()` puts it in place with two renames once the build has finished; `discard()` removes
it after a failed build and leaves the previous site untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class FreshFolder:
    """A new, empty folder beside `site_dir`, to be swapped in for it."""

    def __init__(self, site_dir: str | Path) -> None:
        self.site_dir = Path(site_dir).resolve()
        self.site_dir.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.site_dir.name}.building-", dir=self.site_dir.parent))

    def swap(self) -> None:
        """Put the finished build in place of the old site, then remove the old site."""
        old = None
        if self.site_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.site_dir.name}.old-", dir=self.site_dir.parent))
            os.replace(self.site_dir, old / "site")
        os.replace(self.path, self.site_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def place(file: Path, target: Path) -> None:
    """`file` at `target` too: a hard link, made in a tenth of a copy's time, or a copy where
    the two folders are on different disks or the file system has no links.

    A file linked from the build cache and the site's file are then the same file: a step
    after the build that rewrote the site's file in place would change the cache's too. The
    cache checks its files' bytes before each use, and writes a new file as a new file, never
    into an old one (build_cache)."""
    try:
        os.link(file, target)
    except OSError:
        shutil.copyfile(file, target)
