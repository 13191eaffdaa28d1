"""What the checker tells an editor: a problem at a file, line and column.

Every message names the file, the line, the field, what is wrong and what would
be right. Errors stop the build; warnings are printed (and fail `--strict`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an editor should fix, at a place in one of the city files."""

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        prefix = "" if self.severity == "error" else "warning: "
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {prefix}{field}{self.message}"

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command."""
        text = f"{self.field}: {self.message}" if self.field else self.message
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} file={self.file},line={self.line},col={self.column}::{text}"


class CityError(Exception):
    """Raised when the city files hold errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


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
