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
