"""Competency frameworks and the crosswalk between them: read from ``frameworks/*.yaml`` and checked.

Frameworks are data so that a corrected name or a new framework is a file edit, not a code change.
Every fault is one line naming the file and the code, like the other course checks, because the
people who edit these files are trainers and course authors, not programmers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import jsonschema
import yaml

from ailit.errors import CourseError

CROSSWALK = "crosswalk.yaml"
PRIMARY = "unesco-ai-cft-2024"
BLOCK_FIELDS = ("name", "dimension", "level", "description")

_TEXT = {"type": "string", "minLength": 1}

FRAMEWORK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "title", "source", "code_tables"],
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$"},
        "title": _TEXT,
        "source": _TEXT,
        "code_tables": {"type": "array", "minItems": 1, "uniqueItems": True, "items": _TEXT},
    },
}

# One code's entry, whatever the framework. ``name`` is filled from ``name_en`` before this check.
ENTRY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": _TEXT,
        "name_en": _TEXT,
        "name_zh": _TEXT,
        "parent": {"type": "string", "minLength": 1},
        "description": _TEXT,
    },
}

# Tables whose entries carry more than a name: (framework id, table) -> extra schema.
TABLE_SCHEMAS: dict[tuple[str, str], dict[str, Any]] = {
    (PRIMARY, "blocks"): {
        "required": list(BLOCK_FIELDS),
        "properties": {
            "dimension": {"type": "integer", "minimum": 1, "maximum": 5},
            "level": {"type": "integer", "minimum": 1, "maximum": 3},
        },
    },
    ("jyt-0646-2022", "second_level"): {"required": ["parent", "name_zh", "name_en"]},
    ("jyt-0646-2022", "first_level"): {"required": ["name_zh", "name_en"]},
    ("moe-genai-guidelines-2025", "scenarios"): {"required": ["name_zh", "name_en"]},
    ("moe-genai-guidelines-2025", "red_lines"): {"required": ["statement", "label_zh"],
                                                 "properties": {"statement": _TEXT, "label_zh": _TEXT}},
}

CROSSWALK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "title", "from", "mappings"],
    "properties": {
        "id": {"const": "crosswalk"},
        "title": _TEXT,
        "from": _TEXT,
        "mappings": {"type": "object", "minProperties": 1},
    },
}

# One source code's links: target framework id -> codes, plus an optional note.
CROSSWALK_ENTRY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "minProperties": 1,
    "properties": {"note": _TEXT},
    "additionalProperties": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
}


@dataclass(frozen=True)
class Framework:
    """One framework: its codes (code -> entry with at least ``name``) and which table holds each."""

    id: str
    title: str
    source: str
    codes: dict[str, dict[str, Any]]
    tables: dict[str, tuple[str, ...]] = field(default_factory=dict)
    path: Path | None = None


def load_framework(path: Path) -> Framework:
    """One framework file, checked: every code has the fields its table needs and appears once."""
    path = Path(path)
    data = _read_yaml(path)
    _check(path, data, FRAMEWORK_SCHEMA, where=None)
    if data["id"] != path.stem:
        _fail(f"{path}: id: '{data['id']}' differs from the file name; the crosswalk finds frameworks by id")
    codes: dict[str, dict[str, Any]] = {}
    tables: dict[str, tuple[str, ...]] = {}
    for table in data["code_tables"]:
        if table not in data:
            _fail(f"{path}: {table}: named in code_tables but missing")
        schema = _entry_schema(data["id"], table)
        in_table = []
        for code, entry in _entries(path, table, data[table]):
            if "name" not in entry and "name_en" in entry:
                entry["name"] = entry["name_en"]
            _check(path, entry, schema, where=code)
            if code in codes:
                _fail(f"{path}: {code}: duplicate code")
            codes[code] = entry
            in_table.append(code)
        tables[table] = tuple(in_table)
    for code, entry in codes.items():
        _check_parent(path, code, entry, codes)
        _check_numbering(path, code, entry)
    return Framework(id=data["id"], title=data["title"], source=data["source"], codes=codes, tables=tables, path=path)


def load_frameworks(folder: Path) -> dict[str, Framework]:
    """Every framework in the folder (each ``*.yaml`` but the crosswalk), by id."""
    folder = Path(folder)
    paths = sorted(p for p in folder.glob("*.yaml") if p.name != CROSSWALK)
    if not paths:
        _fail(f"{folder}: no framework files (*.yaml)")
    return {framework.id: framework for framework in map(load_framework, paths)}


def load_crosswalk(path: Path, frameworks: dict[str, Framework]) -> dict[str, dict[str, list[str]]]:
    """Source code -> target framework id -> codes; every link must name a known framework and code.

    Every code of the source framework needs an entry, so a block the course teaches is never
    left out of a report that reads across frameworks.
    """
    path = Path(path)
    data = _read_yaml(path)
    _check(path, data, CROSSWALK_SCHEMA, where=None)
    source = frameworks.get(data["from"])
    if source is None:
        _fail(f"{path}: from: unknown framework {data['from']}")
    links: dict[str, dict[str, list[str]]] = {}
    for code, entry in data["mappings"].items():
        if not isinstance(code, str):
            _fail(f"{path}: {code}: a code must be a quoted string")
        if code not in source.codes:
            _fail(f"{path}: {code}: unknown {source.id} code")
        _check(path, entry, CROSSWALK_ENTRY_SCHEMA, where=code, joiner=" -> ")
        links[code] = {}
        for target, targets in entry.items():
            if target == "note":
                continue
            framework = frameworks.get(target)
            if framework is None:
                _fail(f"{path}: {code} -> {target}: unknown framework")
            seen: set[str] = set()
            for target_code in targets:
                if target_code not in framework.codes:
                    _fail(f"{path}: {code} -> {target}: unknown code {target_code}")
                if target_code in seen:
                    _fail(f"{path}: {code} -> {target}: duplicate code {target_code}")
                seen.add(target_code)
            links[code][target] = list(targets)
    missing = [code for code in source.codes if code not in links]
    if missing:
        _fail(f"{path}: {missing[0]}: no entry; every {source.id} code needs one")
    return links


def unesco_blocks(folder: Path) -> dict[str, dict[str, Any]]:
    """The 15 UNESCO AI CFT blocks: code -> {name, dimension, level, description}."""
    framework = load_framework(Path(folder) / f"{PRIMARY}.yaml")
    return {code: {key: entry[key] for key in BLOCK_FIELDS} for code, entry in framework.codes.items()}


# --- reading and checking -------------------------------------------------------------------

class _DuplicateKey(Exception):
    def __init__(self, key: Any, line: int) -> None:
        super().__init__(key, line)
        self.key, self.line = key, line


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a repeated key: PyYAML would silently keep the last one."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                repeated = key in seen
            except TypeError:  # an unhashable key: let PyYAML report it
                continue
            if repeated:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read_yaml(path: Path) -> Any:
    problem = None
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problem = "file not found"
    except UnicodeDecodeError:
        problem = "not UTF-8 text"
    if problem is None:
        try:
            return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
        except _DuplicateKey as exc:
            problem = f"{exc.key}: duplicate key (line {exc.line})"
        except yaml.YAMLError as exc:
            where = getattr(exc, "problem_mark", None)
            problem = "not valid YAML" + (f" (line {where.line + 1})" if where else "")
    _fail(f"{path}: {problem}")


def _entries(path: Path, table: str, raw: Any) -> list[tuple[str, dict[str, Any]]]:
    """A code table as (code, entry) pairs: either a mapping code -> entry or a list of entries with ``code``."""
    pairs = []
    if isinstance(raw, dict):
        for code, entry in raw.items():
            if not isinstance(code, str):
                _fail(f"{path}: {code}: a code must be a quoted string (YAML reads 1.10 as the number 1.1)")
            if not isinstance(entry, dict):
                _fail(f"{path}: {code}: expected a mapping with at least a name")
            pairs.append((code, dict(entry)))
    elif isinstance(raw, list):
        for index, entry in enumerate(raw):
            code = entry.get("code") if isinstance(entry, dict) else None
            if not isinstance(code, str) or not code:
                _fail(f"{path}: {table}[{index}]: code: missing or not a quoted string")
            pairs.append((code, {k: v for k, v in entry.items() if k != "code"}))
    else:
        _fail(f"{path}: {table}: expected a mapping of codes or a list of entries with a code")
    return pairs


def _entry_schema(framework: str, table: str) -> dict[str, Any]:
    extra = TABLE_SCHEMAS.get((framework, table))
    return {"allOf": [ENTRY_SCHEMA, extra]} if extra else ENTRY_SCHEMA


def _check(path: Path, data: Any, schema: dict[str, Any], where: str | None, joiner: str = ": ") -> None:
    """Fail with the most relevant schema error, prefixed by the file and the code it concerns."""
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if error is None:
        return
    inner = [str(part) for part in error.absolute_path]
    if where is None:
        _fail(f"{path}: {'.'.join(inner) or '(top level)'}: {error.message}")
    if inner:
        _fail(f"{path}: {where}{joiner}{inner[0]}: {error.message}")
    _fail(f"{path}: {where}: {error.message}")


def _check_parent(path: Path, code: str, entry: dict[str, Any], codes: dict[str, dict[str, Any]]) -> None:
    parent = entry.get("parent")
    if parent is not None and (parent not in codes or parent == code):
        _fail(f"{path}: {code}: unknown parent {parent}")


def _check_numbering(path: Path, code: str, entry: dict[str, Any]) -> None:
    """A block numbered dimension.level must say the same dimension and level it is numbered by."""
    if "dimension" in entry and "level" in entry and code != f"{entry['dimension']}.{entry['level']}":
        _fail(f"{path}: {code}: dimension {entry['dimension']} and level {entry['level']} do not match the code")


def _fail(message: str) -> NoReturn:
    raise CourseError(" ".join(message.splitlines()))
