"""What the checker tells an editor: a problem at a file, line and column.

Every message names the file, the line, the field, what is wrong and what would
be right. Errors stop the build; warnings are printed (and fail `--strict`).

A message often quotes what an editor wrote, and editors are untrusted: a quoted
line break followed by `::warning::` would become a GitHub workflow command of its
own. So a Problem never holds a raw control character: `visible` writes each one
as an escape (`\\n`, `\\x1b`), and a Problem applies it to its own text as well.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible_character(character: str) -> str:
    if character in _ESCAPES:
        return _ESCAPES[character]
    code = ord(character)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def needs_escape(character: str) -> bool:
    """A control character (C0, DEL, C1), a line or paragraph separator, or half a character
    (a lone surrogate): none of them may reach a terminal, a CI log or a page as it is."""
    return unicodedata.category(character) in ("Cc", "Cs", "Zl", "Zp")


def visible(text: str) -> str:
    """`text` with every control character, separator and lone surrogate written as an escape."""
    if text.isprintable():  # the common case, in one pass of C
        return text
    return "".join(_visible_character(c) if needs_escape(c) else c for c in text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an editor should fix, at a place in one of the city files."""

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        # every place that builds a message escapes what it quotes; this is the last word,
        # for a value that reaches a message by a road nobody thought of
        for name in ("file", "field", "message"):
            object.__setattr__(self, name, visible(getattr(self, name)))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        prefix = "" if self.severity == "error" else "warning: "
        field = f"{self.field}: " if self.field else ""
        return _one_line(f"{where}: {prefix}{field}{self.message}")

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command, on one line.

        GitHub reads `%`, CR and LF as escapes in the message, and `:` and `,` too in
        a property such as `file=` (https://github.com/actions/toolkit, command.ts)."""
        text = f"{self.field}: {self.message}" if self.field else self.message
        return (
            f"::{self.severity} file={_annotation_property(self.file)},line={self.line},"
            f"col={self.column}::{_annotation_data(text)}"
        )


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _annotation_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _annotation_property(text: str) -> str:
    return _annotation_data(text).replace(":", "%3A").replace(",", "%2C")


def dotted(path: tuple[str | int, ...]) -> str:
    """Where a value sits, as editors read it: `('sites', 3, 'lat')` → `sites[3].lat`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def display_path(path: Path) -> str:
    """A path as the editor knows it: relative to the working directory when possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def report(problems: list[Problem]) -> str:
    """Problems as printed lines, plus GitHub annotations when running in Actions."""
    lines = [str(p) for p in sorted(problems)]
    if os.environ.get("GITHUB_ACTIONS") == "true":
        lines += [p.github_annotation() for p in sorted(problems)]
    return "\n".join(lines)
