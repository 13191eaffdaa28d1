"""Load: read a city folder's YAML files, keeping every value's file, line and column.

The reading is stricter than PyYAML's defaults, because editors are volunteers:

* tabs, keys given twice, anchors and aliases are refused;
* plain scalars are read by the YAML 1.2 core schema (``NO`` stays text), and
  every plain scalar that YAML 1.1 would have read as something else is
  remembered, so that validation can ask for quotes where text is meant.

Nothing here knows what a site or a route is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, display_path

Path_ = tuple[str | int, ...]
"""Where a value sits inside one document: keys and list indices from the root."""

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)

# What YAML 1.1 (PyYAML, many editors' tools) would make of a plain scalar.
_YAML11_BOOL = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$"
)
_YAML11_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_YAML11_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_YAML11_DATE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?$")


@dataclass
class Document:
    """One city file: its data, and where each value and key stands in it."""

    path: Path
    data: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    """Path → (line, column) of the value, both 1-based."""
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    """Path → (line, column) of the key that names the value."""
    yaml11: dict[Path_, str] = field(default_factory=dict)
    """Path → what YAML 1.1 would read this plain scalar as ("a yes/no value", ...)."""

    @property
    def name(self) -> str:
        return display_path(self.path)

    def mark(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """The position of the value (or its key) at `path`, or of its nearest known parent."""
        if key and path in self.key_marks:
            return self.key_marks[path]
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))


class _Refused(Exception):
    def __init__(self, line: int, column: int, message: str, field: str = ""):
        self.line, self.column, self.message, self.field = line, column, message, field


def yaml11_reading(text: str) -> str | None:
    """What YAML 1.1 would silently turn this plain scalar into, if not text."""
    if _YAML11_BOOL.match(text):
        return "a yes/no value (true or false)"
    if _YAML11_SEXAGESIMAL.match(text):
        return "a number in base 60 (1:20 becomes 80)"
    if _YAML11_OCTAL.match(text) and text.lstrip("+-") not in ("0",):
        return "an octal number (0123 becomes 83)"
    if _YAML11_DATE.match(text):
        return "a date"
    if _INT.match(text) or _FLOAT.match(text):
        return "a number"
    if _NULL.match(text):
        return "nothing (null)"
    return None


def _plain_value(text: str) -> Any:
    if _NULL.match(text):
        return None
    if _BOOL.match(text):
        return text.lower() == "true"
    if _INT.match(text):
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text)
    if _FLOAT.match(text):
        return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                     .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
    return text


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _convert(node: yaml.Node, path: Path_, doc: Document) -> Any:
    doc.marks[path] = _position(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(*_position(key_node), "a key must be a plain word such as `name`",
                               _dotted(path))
            key = str(key_node.value)
            if key in result:
                first = doc.marks[(*path, key)]
                raise _Refused(*_position(key_node),
                               f"the key `{key}` is given twice in this mapping (first on line "
                               f"{first[0]}); keep one and delete the other",
                               _dotted((*path, key)))
            doc.key_marks[(*path, key)] = _position(key_node)
            result[key] = _convert(value_node, (*path, key), doc)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), doc) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    if node.style:  # quoted or block scalar: always text
        return node.value
    reading = yaml11_reading(node.value)
    if reading:
        doc.yaml11[path] = reading
    return _plain_value(node.value)


def _refuse_anchors_and_tabs(text: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        column = line.find("\t")
        if column >= 0:
            raise _Refused(number, column + 1,
                           "a tab character; YAML needs spaces: indent with two spaces per level")
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(line, column,
                           f"an alias (*{event.anchor}) repeats another value; write the value out "
                           "in full instead")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(line, column,
                           f"an anchor (&{anchor}) is not allowed in city files; remove it and "
                           "write each value out in full")
        tag = getattr(event, "tag", None)
        if tag is not None and tag.startswith("!"):
            raise _Refused(line, column, f"a tag ({tag}) is not allowed in city files; remove it")


def load_document(path: Path) -> Document:
    """Read one YAML file. Raises LoadError (with its Problem) when it cannot be read safely."""
    doc = Document(path=path, data=None)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise LoadError(Problem(doc.name, 1, 1, "",
                                f"the file is not UTF-8 text ({error.reason}); save it as UTF-8"))
    try:
        _refuse_anchors_and_tabs(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        doc.data = {} if node is None else _convert(node, (), doc)
    except _Refused as refused:
        raise LoadError(Problem(doc.name, refused.line, refused.column, refused.field,
                                refused.message)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or "this is not valid YAML"
        raise LoadError(Problem(doc.name, line, column, "",
                                f"the YAML does not parse: {what}; check the indentation and "
                                "put text containing `: ` or `#` in quotes")) from None
    except yaml.YAMLError as error:
        raise LoadError(Problem(doc.name, 1, 1, "", f"the YAML does not parse: {error}")) from None
    return doc


class LoadError(Exception):
    """A city file that cannot be read at all."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


@dataclass
class CityFolder:
    """All the files of one city, read but not yet understood."""

    slug: str
    root: Path
    city_file: Document | None
    list_files: list[Document]
    problems: list[Problem]


def load_city_folder(root: Path) -> CityFolder:
    """Read `city.yml` and every other `*.yml` of a city folder, sorted by name."""
    folder = CityFolder(slug=root.name, root=root, city_file=None, list_files=[], problems=[])
    for path in sorted(root.glob("*.yml")) + sorted(root.glob("*.yaml")):
        try:
            doc = load_document(path)
        except LoadError as error:
            folder.problems.append(error.problem)
            continue
        if path.name == "city.yml":
            folder.city_file = doc
        else:
            folder.list_files.append(doc)
    if folder.city_file is None and not any(p.file.endswith("city.yml") for p in folder.problems):
        folder.problems.append(Problem(display_path(root / "city.yml"), 1, 1, "",
                                       "every city folder needs a city.yml; create it (see "
                                       "CONTRIBUTING.md, 'Add a city')"))
    return folder


def city_folders(cities_dir: Path) -> list[Path]:
    """The city folders below `cities_dir`, in a stable order."""
    return sorted(p for p in cities_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
