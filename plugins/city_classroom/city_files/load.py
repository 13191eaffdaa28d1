"""Load: read a city folder's YAML files, keeping every value's file, line and column.

The reading is stricter than PyYAML's defaults, because editors are volunteers:

* every file is read through the gate (`gate.py`): a symbolic link or a special file
  is refused without being read, and so is a file over 1 MB;
* tabs, keys given twice, anchors and aliases are refused, and so is nesting deeper
  than a city file needs (counted from YAML's own tokens, before it can cost time);
* a control character or half a character (a surrogate), which only a `\\` escape
  can write, is refused where it is written: no later step can take it;
* plain scalars are read by the YAML 1.2 core schema (``NO`` stays text), and
  every plain scalar that YAML 1.1 would have read as something else is
  remembered, so that validation can ask for quotes where text is meant.

Nothing here knows what a site or a route is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import gate
from .problems import Problem, display_path, dotted, visible

Path_ = tuple[str | int, ...]
"""Where a value sits inside one document: keys and list indices from the root."""

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution); each is used with
# fullmatch, never match: `$` would also match before a final line break
_NULL = re.compile(r"(?:~|null|Null|NULL|)")
_BOOL = re.compile(r"(?:true|True|TRUE|false|False|FALSE)")
_INT = re.compile(r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)")
_FLOAT = re.compile(
    r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))"
)

# What YAML 1.1 (PyYAML, many editors' tools) would make of a plain scalar.
_YAML11_BOOL = re.compile(r"(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)")
_YAML11_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_YAML11_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_YAML11_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?", re.S)


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
    source: dict[Path_, str] = field(default_factory=dict)
    """Path → the scalar as written, for those in `yaml11` (`0123`, not the 123 it became)."""

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
    if _YAML11_BOOL.fullmatch(text):
        return "a yes/no value (true or false)"
    if _YAML11_SEXAGESIMAL.fullmatch(text):
        return "a number in base 60 (1:20 becomes 80)"
    if _YAML11_OCTAL.fullmatch(text) and text.lstrip("+-") not in ("0",):
        return "an octal number (0123 becomes 83)"
    if _YAML11_DATE.fullmatch(text):
        return "a date"
    if _INT.fullmatch(text) or _FLOAT.fullmatch(text):
        return "a number"
    if _NULL.fullmatch(text):
        return "nothing (null)"
    return None


def _plain_value(text: str) -> Any:
    if _NULL.fullmatch(text):
        return None
    if _BOOL.fullmatch(text):
        return text.lower() == "true"
    if _INT.fullmatch(text):
        try:
            if text.startswith("0o"):
                return int(text[2:], 8)
            if text.startswith("0x"):
                return int(text[2:], 16)
            return int(text)
        except ValueError:  # more digits than Python will read (4300): no number a city needs
            return text
    if _FLOAT.fullmatch(text):
        return float(
            text.replace(".inf", "inf")
            .replace(".Inf", "inf")
            .replace(".INF", "inf")
            .replace(".nan", "nan")
            .replace(".NaN", "nan")
            .replace(".NAN", "nan")
        )
    return text


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_UNUSABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""What no later step can take: control characters but tab and line break, and lone surrogates
(half characters, which cannot even be written out as UTF-8)."""

_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S)
_SHORT_ESCAPES = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    "N": "\x85",
}


def _escaped(code: str) -> str:
    return chr(int(code[1:], 16)) if len(code) > 1 else _SHORT_ESCAPES.get(code, code)


def _refuse_unusable_characters(value: str, node: yaml.Node, path: Path_, text: str) -> None:
    """Refuse a string holding a control character or half a character (a surrogate), which
    only a `\\` escape inside double quotes can write: at that escape, saying what to write."""
    found = _UNUSABLE.search(value)
    if found is None:
        return
    character = found.group()
    line, column = _position(node)
    raw = text[node.start_mark.index : node.end_mark.index]
    for escape in _ESCAPE.finditer(raw):  # the escape that wrote it, when there is one
        if _UNUSABLE.fullmatch(_escaped(escape.group(1))):
            at = node.start_mark.index + escape.start()
            line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
            break
    if "\ud800" <= character <= "\udfff":
        pair = value[found.start() : found.start() + 2]
        if len(pair) == 2 and "\ud800" <= pair[0] <= "\udbff" and "\udc00" <= pair[1] <= "\udfff":
            whole = pair.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
            raise _Refused(
                line,
                column,
                f"`{visible(pair)}` writes one character ({whole}) as two halves, "
                "as JSON does, but YAML does not join them; type the character itself, or "
                f"write it as \\U{ord(whole):08X}",
                dotted(path),
            )
        raise _Refused(
            line,
            column,
            f"`{visible(character)}` is half of a character (a lone surrogate) "
            "and stands for nothing by itself; type the character itself, or write it with "
            "\\U and eight hex digits, e.g. \\U0001F600 for 😀",
            dotted(path),
        )
    raise _Refused(
        line, column, f"a control character ({visible(character)}), which no page can show; delete it", dotted(path)
    )


def _convert(node: yaml.Node, path: Path_, doc: Document, text: str) -> Any:
    doc.marks[path] = _position(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(*_position(key_node), "a key must be a plain word such as `name`", dotted(path))
            key = str(key_node.value)
            _refuse_unusable_characters(key, key_node, (*path, key), text)
            if key in result:
                first = doc.marks[(*path, key)]
                if path and isinstance(path[-1], int) and key == next(iter(result)):
                    raise _Refused(*_position(key_node), _new_item_message(path, key, key_node), dotted((*path, key)))
                raise _Refused(
                    *_position(key_node),
                    f"the key `{visible(key)}` is given twice in this mapping (first on line "
                    f"{first[0]}); keep one and delete the other",
                    dotted((*path, key)),
                )
            doc.key_marks[(*path, key)] = _position(key_node)
            result[key] = _convert(value_node, (*path, key), doc, text)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), doc, text) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    _refuse_unusable_characters(node.value, node, path, text)
    if node.style:  # quoted or block scalar: always text
        return node.value
    reading = yaml11_reading(node.value)
    if reading:
        doc.yaml11[path] = reading
        doc.source[path] = node.value
    return _plain_value(node.value)


def _new_item_message(path: Path_, key: str, key_node: yaml.Node) -> str:
    """A list item's first key (`id`) given twice: a new item pasted without its `- `. Merging
    the two, as "keep one and delete the other" would have it, would lose one of them."""
    kind = {"sites": "site", "routes": "route"}.get(str(path[0]), "item") if len(path) == 2 else "item"
    line, _ = _position(key_node)
    return (
        f"it looks like a new {kind} starts here at line {line} without its `- `; put `- ` before "
        f"`{visible(key)}:`, in place of the two spaces in front of it, as each {kind} of the list starts"
    )


_MAX_BRACKETS = 100
"""The most `[` and `{` open at once. PyYAML takes quadratic time over nested brackets (3000 `[`
take half a minute), and a city file needs a few."""

_MAX_NESTING = 100
"""The deepest nesting of lists and mappings, indented or in brackets."""

_OPENS = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)
_CLOSES = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)


def _refuse_deep_nesting(text: str) -> None:
    """Refuse a document nested deeper than the limits, counting real YAML tokens: a `]` in a
    comment or in quotes counts for nothing, so it cannot hide a thousand `[`.

    libyaml's scanner (C) counts fast; where it stops at a syntax error (or is missing), PyYAML's
    scanner counts up to that error. Either is read lazily and left at the limit, before the
    nesting can grow costly; the error itself is then reported by the parser."""
    scanners = [_FAST_LOADER, yaml.SafeLoader] if _FAST_LOADER is not None else [yaml.SafeLoader]
    for scanner in scanners:
        try:
            _count_nesting(text, scanner)
            return
        except yaml.MarkedYAMLError as error:
            if "maximum nesting depth" in str(error.problem):  # libyaml's own limit, 1000
                mark = error.problem_mark or error.context_mark
                raise _Refused(
                    mark.line + 1 if mark else 1,
                    mark.column + 1 if mark else 1,
                    _too_deep("flow level" in str(error.context)),
                ) from None
        except yaml.YAMLError:
            pass


def _too_deep(brackets: bool) -> str:
    if brackets:
        return f"more than {_MAX_BRACKETS} brackets open at once; a city file needs only a few levels"
    return f"nested more than {_MAX_NESTING} levels deep; a city file needs only a few levels"


def _count_nesting(text: str, scanner: Any) -> None:
    brackets = depth = 0
    for token in yaml.scan(text, Loader=scanner):
        if isinstance(token, _OPENS):
            brackets, depth = brackets + 1, depth + 1
        elif isinstance(token, (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken)):
            depth += 1
        elif isinstance(token, _CLOSES):
            brackets, depth = brackets - 1, depth - 1
        elif isinstance(token, yaml.BlockEndToken):
            depth -= 1
        if brackets > _MAX_BRACKETS or depth > _MAX_NESTING:
            raise _Refused(token.start_mark.line + 1, token.start_mark.column + 1, _too_deep(brackets > _MAX_BRACKETS))


def _refuse_anchors_and_tabs(text: str, events: Any = None) -> None:
    for number, line in enumerate(re.split("[\n\x85\u2028\u2029]", text), start=1):
        column = line.find("\t")
        if column >= 0:
            if line[:column].strip(" "):
                raise _Refused(number, column + 1, "a tab character; replace it with a space")
            raise _Refused(number, column + 1, "a tab character; YAML needs spaces: indent with two spaces per level")
    for event in yaml.parse(text, Loader=yaml.SafeLoader) if events is None else events:
        mark = event.start_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                line,
                column,
                f"an alias (*{visible(event.anchor or '')}) repeats another value; write the value out in full instead",
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(
                line,
                column,
                f"an anchor (&{visible(anchor)}) is not allowed in city files; remove it and "
                "write each value out in full",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            tag = tag.replace("tag:yaml.org,2002:", "!!", 1)
            raise _Refused(
                line,
                column,
                f"a tag ({visible(tag)}) is not allowed in city files; remove it "
                "(and put text in quotes if it should stay text)",
            )


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_FAST_DEPTH = 50
"""Deeper documents are composed by the pure-Python loader, which stops at Python's recursion limit."""


def _fast_events(text: str) -> list | None:
    """The document's events from libyaml (20 times faster than PyYAML's Python parser), or None.

    None when libyaml is missing, finds an error (the Python parser then reports it, in the
    words `_parse_problem` knows), the nesting is deep (libyaml's composer recurses in C), or
    a plain scalar inside `{...}` or `[...]` holds `?` or `:`, which libyaml reads as text
    where PyYAML refuses (`{en: Open?}`): the Python parser decides those, as before.
    """
    if _FAST_LOADER is None:
        return None
    try:
        events = list(yaml.parse(text, Loader=_FAST_LOADER))
    except yaml.YAMLError:
        return None
    depth, flow = 0, list[bool]()
    for event in events:
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            flow.append(bool(event.flow_style) or bool(flow and flow[-1]))
            if depth > _FAST_DEPTH:
                return None
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            flow.pop()
        elif (
            isinstance(event, yaml.ScalarEvent)
            and flow
            and flow[-1]
            and not event.style
            and ("?" in event.value or ":" in event.value)
        ):
            return None
    return events


def _compose(text: str) -> yaml.Node | None:
    """Check a document for tabs, deep nesting, anchors, aliases and tags, then compose it (nodes
    keep their marks)."""
    _refuse_deep_nesting(text)
    events = _fast_events(text)
    _refuse_anchors_and_tabs(text, events)
    loader = yaml.SafeLoader if events is None or _FAST_LOADER is None else _FAST_LOADER
    return yaml.compose(text, Loader=loader)


_PLAIN_PROBLEMS = {
    "mapping values are not allowed here": "a `: ` where no field can start; put text "
    "containing `: ` in quotes, or check the indentation",
    "expected <block end>": "this line is not indented like the lines above it; use two spaces for each level",
    "but found another document": "a second document starts here; a city file holds only "
    "one, so remove this `---` line",
}


def _apostrophe_problem(text: str, mark: yaml.Mark | None) -> str | None:
    """`name: 'Lamphun's market'`: the apostrophe closed the quotes, and the parser stumbled on
    the `s` right after it. Say so, with the line written both ways that work."""
    if mark is None or mark.index < 1 or mark.index >= len(text):
        return None
    if text[mark.index - 1] != "'" or not (text[mark.index].isalnum() or text[mark.index] in "'"):
        return None
    start = text.rfind("\n", 0, mark.index) + 1
    end = text.find("\n", mark.index)
    line = text[start : end if end >= 0 else len(text)]
    closing = mark.index - 1 - start
    opening = line.rfind("'", 0, closing)
    last = line.rfind("'")
    if opening < 0 or last <= closing:
        return None
    inner = line[opening + 1 : last]
    if len(inner) > 60:  # a long text is not quoted back whole
        return (
            "an apostrophe inside single quotes ends the text early; write each apostrophe twice (''), "
            'or put the text in double quotes ("...")'
        )
    doubled = "'" + inner.replace("'", "''") + "'"
    double_quoted = json.dumps(inner, ensure_ascii=False)
    return (
        "an apostrophe inside single quotes ends the text early; write the apostrophe twice "
        f"({visible(doubled)}), or put the text in double quotes ({visible(double_quoted)})"
    )


def _parse_problem(error: yaml.MarkedYAMLError, text: str = "") -> tuple[int, int, str]:
    """A PyYAML parse error in an editor's words: line, column and what is wrong."""
    problem, context = error.problem or "", error.context or ""
    opened, mark = error.context_mark, error.problem_mark or error.context_mark
    apostrophe = _apostrophe_problem(text, error.problem_mark)
    if apostrophe and mark is not None:
        return mark.line + 1, mark.column, apostrophe
    if opened is not None and mark is not None and opened.line != mark.line:
        if "flow mapping" in context or "flow sequence" in context:
            start, end = ("{", "}") if "mapping" in context else ("[", "]")
            return (
                opened.line + 1,
                opened.column + 1,
                f"the `{start}` here is not closed; add `{end}` at the end of its value",
            )
        if "quoted scalar" in context:
            return (
                opened.line + 1,
                opened.column + 1,
                "the quote here is not closed; add the closing quote at the end of the text",
            )
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    for start, words in _PLAIN_PROBLEMS.items():
        if problem.startswith(start):
            return line, column, words
    if "flow" in context:
        return (
            line,
            column,
            (f"{problem}; inside `{{...}}` or `[...]`, put text that holds `,` `:` `?` `#` or brackets in quotes"),
        )
    return (
        line,
        column,
        (f"{problem or 'this is not valid YAML'}; check the indentation and put text containing `: ` or `#` in quotes"),
    )


def load_document(path: Path) -> Document:
    """Read one YAML file, through the gate (a link or a special file is refused unread).
    Raises LoadError (with its Problem) when it cannot be read safely."""
    doc = Document(path=path, data=None)
    try:
        data = gate.read_file(path.parent, path.name, gate.CITY_FILE)
    except gate.GateError as error:
        raise LoadError(Problem(doc.name, 1, 1, "", error.message)) from None
    try:
        # universal newlines, as open() reads text: a lone CR ends a line for YAML, and for us
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as error:
        before = error.object[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        raise LoadError(
            Problem(
                doc.name,
                line,
                column,
                "",
                f"the file is not UTF-8 text (byte 0x{error.object[error.start]:02X} "
                "here); save it with the UTF-8 encoding",
            )
        ) from None
    try:
        node = _compose(text)
        doc.data = {} if node is None else _convert(node, (), doc, text)
    except _Refused as refused:
        raise LoadError(Problem(doc.name, refused.line, refused.column, refused.field, refused.message)) from None
    except yaml.MarkedYAMLError as error:
        line, column, what = _parse_problem(error, text)
        raise LoadError(Problem(doc.name, line, column, "", f"the YAML does not parse: {what}")) from None
    except yaml.reader.ReaderError as error:
        read = text[: error.position]
        line, column = read.count("\n") + 1, error.position - read.rfind("\n")
        raise LoadError(
            Problem(
                doc.name,
                line,
                column,
                "",
                f"a control character (#x{error.character:04X}) that YAML does not allow; delete it",
            )
        ) from None
    except RecursionError:
        raise LoadError(
            Problem(doc.name, 1, 1, "", "the YAML is nested too deeply to read; a city file needs only a few levels")
        ) from None
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
    refused = gate.city_folder_problem(root)
    if refused:  # a link to a folder elsewhere: nothing in it is read
        folder.problems.append(Problem(display_path(root / "city.yml"), 1, 1, "", refused))
        return folder
    folder.problems.extend(_unread_files(root))
    for path in sorted(root.glob("*.yml")) + sorted(root.glob("*.yaml")):
        if path.name.lower() == "city.yaml" or (path.name.lower() == "city.yml" and path.name != "city.yml"):
            continue  # named like city.yml but not quite: reported by _unread_files
        try:
            doc = load_document(path)
        except LoadError as error:
            folder.problems.append(error.problem)
            continue
        if path.name == "city.yml":
            folder.city_file = doc
        else:
            folder.list_files.append(doc)
    if folder.city_file is None and not any(
        p.file.lower().endswith(("city.yml", "city.yaml")) for p in folder.problems
    ):
        folder.problems.append(
            Problem(
                display_path(root / "city.yml"),
                1,
                1,
                "",
                "every city folder needs a city.yml; create it (see CONTRIBUTING.md, 'Add a city')",
            )
        )
    return folder


_TEXT_SUFFIXES = (".txt", ".text", ".md", ".rtf", ".doc")
"""What an editor's computer or the web editor may add after `.yml` (food.yml.txt)."""


def _unread_files(root: Path) -> list[Problem]:
    """Files of the city folder that look like city files but are not read: `Food.YML`,
    `food.yml.txt`, `City.yml`, `city.yaml`. Each would be skipped without a word, and its
    sites with it."""
    problems = []
    for path in sorted(root.iterdir()):
        name, lower = path.name, path.name.lower()
        if name.startswith(".") or path.is_dir():  # a link or a special file too, by its name: none is opened
            continue
        expected = None
        if lower in ("city.yml", "city.yaml") and name != "city.yml":
            expected = "city.yml"
        elif lower.endswith((".yml", ".yaml")) and not name.endswith((".yml", ".yaml")):
            expected = path.stem.lower() + ".yml"
        else:
            for suffix in _TEXT_SUFFIXES:
                for kind in (".yml", ".yaml"):
                    if lower.endswith(kind + suffix):
                        expected = name[: -len(suffix)]
        if expected is not None:
            problems.append(
                Problem(
                    display_path(path),
                    1,
                    1,
                    "",
                    f"this file is not read: city files are named like `food.yml` (lowercase `.yml`, "
                    f"nothing after it); rename it `{visible(expected)}`",
                )
            )
    return problems


def city_folders(cities_dir: Path) -> list[Path]:
    """The city folders below `cities_dir`, in a stable order: links to folders too, so that
    the checker can refuse them."""
    return sorted(p for p in cities_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
