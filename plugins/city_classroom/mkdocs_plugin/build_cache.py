"""What `mkdocs build` keeps for the next build, under `.cache/city-classroom/` beside mkdocs.yml.

A network of many cities mostly builds again what it built last time. Four things are kept,
each under a key made of everything its bytes depend on, so that a key that matches means
the very same bytes (and a cold build and a warm one write identical sites):

* a city, read and validated (`read-…`), and its pages and downloads rendered (`render-…`):
  keyed by the content of every file of its folder (YAML, paths, images), the options
  that shape its pages, and the code (`code_fingerprint`: every file of the package,
  templates and catalogs included, and its version);
* a generated page as MkDocs and Material wrote it, policy included (`pages/…`): keyed by
  its own content, the navigation it carries, its neighbours, its alternates, the site's
  configuration and theme files, and the code; on a match the page is not laid out again,
  and its file is linked into the site (kept_pages). The file's name also carries a digest of
  its bytes, checked before each use: a file changed since it was written (by a step that
  rewrote the site's copy in place, through the link) is not used again;
* the word-broken copy that Pagefind reads of a generated page (`search/…`): under its page's
  key, and kept as long as the page;
* each language's Pagefind index (`indexes/…`, Pagefind's output folder, and the fingerprint
  of its files, checked before each use as a page's digest is): keyed by every copy of that
  language's pages and the code (Pagefind's version among it), so that an edit in one
  language re-indexes that language only.

Beside them, Jinja keeps the theme's templates compiled (`templates/`, one file a template).
What a build did not use is deleted at its end, so the cache holds one build's worth.
Editors' files are keyed by content, not by date: a cache restored by CI (actions/cache)
is as good as one kept on the machine. CITY_CLASSROOM_CACHE=0 (or the option `cache: false`)
builds without it.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import pickle
import re
import shutil
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import jinja2

log = logging.getLogger("mkdocs.plugins.city-classroom")
T = TypeVar("T")

ENVIRONMENT = ("GITHUB_ACTIONS",)
"""What a city's reading and rendering read from the environment."""
PACKAGE = Path(__file__).resolve().parent.parent
FORMAT = "2"
"""Raised when what is kept changes shape."""


def digest(*parts: object) -> str:
    """A SHA-256 of the parts' reprs (bytes as they are)."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


LAYOUT = ("rendering/templates", "rendering/locale", "mkdocs_plugin/theme")
"""The package's folders that are not code: each is a part of the keys that need it only."""


def folder_fingerprint(folder: Path, skip: tuple[str, ...] = ()) -> str:
    """Every file below `folder` (but the folders `skip`, and Python's caches): its path and its
    bytes (a symlink by where it points)."""
    hasher = hashlib.sha256()
    for root, dirs, names in os.walk(folder):
        relative = Path(root).relative_to(folder).as_posix()
        dirs[:] = sorted(
            d for d in dirs if d != "__pycache__" and (d if relative == "." else f"{relative}/{d}") not in skip
        )
        for name in sorted(names):
            path = os.path.join(root, name)
            hasher.update(os.path.relpath(path, folder).encode("utf-8", "surrogatepass") + b"\0")
            if os.path.islink(path):
                hasher.update(b"link:" + os.readlink(path).encode("utf-8", "surrogatepass"))
            else:
                try:
                    with open(path, "rb") as file:
                        hasher.update(hashlib.sha256(file.read()).digest())
                except OSError:
                    hasher.update(b"unreadable")
            hasher.update(b"\0")
    return hasher.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def code_fingerprint() -> str:
    """The package's code (every file but the LAYOUT folders) and the versions of what it
    uses to read, render and lay out (MkDocs, Material, Jinja, segno, Pagefind...)."""
    names = ("city-classroom", "mkdocs", "mkdocs-material", "jinja2", "segno", "pagefind", "pydantic", "babel")
    return digest(FORMAT, folder_fingerprint(PACKAGE, skip=LAYOUT), [_version(name) for name in names])


def catalog_fingerprint(language: str) -> str:
    """The labels of one language: its catalog and the English words (`.pot`) it falls back on."""
    locale = PACKAGE / "rendering" / "locale"
    return digest(folder_fingerprint(locale / language), (locale / "city_classroom.pot").read_bytes())


class BuildCache:
    """The cache folder of one build; `remember` and the page and search parts use it."""

    def __init__(self, folder: Path, code: str | None = None) -> None:
        self.folder = folder
        self.code = code or code_fingerprint()
        self.rendering = digest(
            self.code,
            folder_fingerprint(PACKAGE / "rendering" / "templates"),
            folder_fingerprint(PACKAGE / "rendering" / "locale"),
        )
        """What a city's pages are rendered with: the code, the page templates, every catalog."""
        self.used: set[Path] = set()
        self.hits = self.misses = 0
        self.made: list[str] = []
        """What this build made afresh: `read <folder>`, `render <folder>`, `page <src_uri>`."""
        self._pages: dict[str, Path] | None = None
        """The kept pages' files, by key (listed once, when a page is first looked up)."""

    def _path(self, part: str, key: str, suffix: str) -> Path:
        path = self.folder / part / key[:2] / f"{key}{suffix}"
        self.used.add(path)
        return path

    def remember(self, kind: str, folder: Path, options: object, make: Callable[[], T] | None) -> T | None:
        """`make()` for this `kind` of work on a city folder, or what it gave a build before
        for the same files, options and code (the `Remember` of `read_cities` and `build_guide`).
        Reading (`read`) depends on the code only; rendering also on the templates and catalogs.
        `make` None: only what is kept, or None."""
        # a city's pages name its folder (edit links, images); its problems are written for GitHub's
        # annotations under GITHUB_ACTIONS (its calendar, dated by SOURCE_DATE_EPOCH, is made by every build)
        where = [str(folder.resolve()), os.getcwd(), *(os.environ.get(name) for name in ENVIRONMENT)]
        code = self.code if kind == "read" else self.rendering
        path = self._path("cities", digest(kind, folder_fingerprint(folder), options, where, code), ".pickle")
        try:
            value: T = _unpickled(path.read_bytes())
            self.hits += 1
            return value
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
        if make is None:  # only asked what is kept
            return None
        self.misses += 1
        self.made.append(f"{kind} {folder.name}")
        value = make()
        _write(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return value

    def kept_page(self, key: str) -> Path | None:
        """The file of a page written by a build before under `key`, or None. The file is read
        and checked against the digest in its name: one whose bytes changed (a step after a
        build rewrote the site's copy in place, which is the same file) is deleted, and None."""
        if self._pages is None:
            self._pages = _kept_pages(self.folder / "pages")
        path = self._pages.get(key)
        if path is not None:
            try:
                whole = hashlib.sha256(path.read_bytes()).hexdigest() == path.name.split(".")[1]
            except OSError:
                whole = False
            if whole:
                self.used.add(path)
                self.hits += 1
                return path
            log.info(f"build cache: {path.name} changed since it was written: the page is laid out again")
            with contextlib.suppress(OSError):
                path.unlink()
        self.misses += 1
        return None

    def keep_page(self, key: str, output: str) -> None:
        data = output.encode("utf-8")
        _write(self._path("pages", key, f".{hashlib.sha256(data).hexdigest()}.html"), data)

    def search_copy(self, key: str, make: Callable[[], str]) -> Path:
        """The file of the copy that Pagefind reads of the page kept under `key`: made by `make()`
        unless a build before made it. It lasts as long as its page (`forget_the_unused`), read or not."""
        path = self._path("search", key, ".html")
        if not path.is_file():
            _write(path, make().encode("utf-8"))
        return path

    def kept_index(self, key: str, language: str) -> Path | None:
        """The folder of one language's Pagefind index made by a build before from the same copies
        (search.index_key) and the same code (Pagefind's version among it), or None. Its files
        are linked into the site: they are checked against the fingerprint kept beside them, and
        an index one of whose files changed (through the site's link) is deleted, and None."""
        folder = self._path("indexes", digest(self.code, key), "")
        fingerprint = self._path("indexes", digest(self.code, key), ".sha256")
        try:
            whole = folder.is_dir() and fingerprint.read_text(encoding="ascii") == folder_fingerprint(folder)
        except (OSError, ValueError):
            whole = False
        if not whole:
            self.made.append(f"search index {language}")
            shutil.rmtree(folder, ignore_errors=True)
            return None
        return folder

    def keep_index(self, key: str, made: Path) -> Path:
        """Move the folder of an index Pagefind `made` into the cache, with its fingerprint; its new place."""
        folder = self._path("indexes", digest(self.code, key), "")
        shutil.rmtree(folder, ignore_errors=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(made, folder)
        _write(self._path("indexes", digest(self.code, key), ".sha256"), folder_fingerprint(folder).encode("ascii"))
        return folder

    def compiled_templates(self) -> jinja2.BytecodeCache:
        """Where Jinja keeps the theme's templates compiled (`templates/`): a template is compiled
        again when its source changed (Jinja checks) or Python's version did."""
        folder = self.folder / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        return jinja2.FileSystemBytecodeCache(str(folder))

    def forget_the_unused(self) -> None:
        """Delete what this build did not use: the cache holds one build's worth. A page's search
        copy is used when the page is (a language whose index is kept reads none of its copies)."""
        pages = {path.name.split(".")[0] for path in self.used if path.parent.parent.name == "pages"}
        for path in _files(self.folder):
            if path not in self.used and not (path.parent.parent.name == "search" and path.stem in pages):
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                with contextlib.suppress(OSError):
                    path.unlink()


def _unpickled(data: bytes) -> Any:
    """What was pickled, unpickled with the garbage collector off: unpickling makes only objects
    that live on, and each full collection in the middle of it walked all of them (on a warm
    build of 50 cities, a second of work that freed nothing)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if collecting:
            gc.enable()


def _kept_pages(folder: Path) -> dict[str, Path]:
    """The pages' files (`<key>.<digest of its bytes>.html`, see `keep_page`) by key."""
    found: dict[str, Path] = {}
    with contextlib.suppress(OSError):
        for part in sorted(os.listdir(folder)):
            with contextlib.suppress(OSError):
                for name in sorted(os.listdir(folder / part)):
                    key, dot, rest = name.partition(".")
                    if dot and rest.count(".") == 1 and rest.endswith(".html"):
                        found[key] = folder / part / name
    return found


def _files(folder: Path) -> Iterable[Path]:
    """What the cache holds: its files, two folders down (an index is a folder)."""
    for part in ("cities", "pages", "search", "indexes"):
        with contextlib.suppress(OSError):
            for group in sorted((folder / part).iterdir()):
                yield from sorted(group.iterdir()) if group.is_dir() else ()


def _write(path: Path, data: bytes) -> None:
    """Written whole or not at all: a build stopped halfway leaves no half file to read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    os.replace(partial, path)


def no_cache_asked() -> bool:
    return os.environ.get("CITY_CLASSROOM_CACHE", "1").strip().lower() in ("0", "false", "no", "off")


def shard(text: str) -> tuple[int, int] | None:
    """`i/N` as (i, N), 0 ≤ i < N; None for no shard (empty)."""
    if not text.strip():
        return None
    found = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not found or not 0 <= int(found.group(1)) < int(found.group(2)):
        raise ValueError(f"a shard is `i/N` with 0 ≤ i < N, such as 0/8 (got {text!r})")
    return int(found.group(1)), int(found.group(2))
