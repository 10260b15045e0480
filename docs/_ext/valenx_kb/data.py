"""Load and validate the salary data file: pure Python, no docutils."""

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel.numbers import is_currency
from jsonschema import Draft202012Validator, ValidationError

MAX_FILE_BYTES = 1_000_000
ALLOWED_URL_SCHEMES = ("http", "https", "mailto")

# The plain YAML types; any other tag (!!python/object, !custom) is refused.
STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
}

# A JSON path into the data, e.g. ("roles", 1, "salary"), mapped to its 1-based line.
JsonPath = tuple[str | int, ...]


class DataError(Exception):
    """A problem in a data file, with the file, the line and what to do about it."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(f"{self.location}: {message}")

    @property
    def location(self) -> str:
        """The file and line in the "path:line" form editors and Sphinx understand."""
        return f"{self.path}:{self.line}" if self.line else str(self.path)


@dataclass(frozen=True)
class Role:
    """One job role and its figures."""

    id: str
    title: str
    salary: int
    skills: tuple[str, ...]
    summary: str
    page: str
    line: int


@dataclass(frozen=True)
class Dataset:
    """The whole data file: metadata about the figures, and the roles."""

    path: Path
    title: str
    as_of: date
    region: str
    basis: str
    currency: str
    source: str
    source_url: str | None
    roles: tuple[Role, ...]

    def role(self, role_id: str) -> Role | None:
        """The role with this id, or None."""
        return next((role for role in self.roles if role.id == role_id), None)

    @property
    def role_ids(self) -> list[str]:
        """Every role id, in the file's order."""
        return [role.id for role in self.roles]


def load_dataset(path: Path, schema: Path) -> Dataset:
    """Read and validate a data file; parsed once per path, schema and modification time."""
    try:
        stat = path.stat()
    except OSError as error:
        raise DataError(path, None, f"cannot read the data file ({error.strerror}).") from None
    return _load_cached(path, schema, stat.st_mtime_ns, stat.st_size)


@cache
def _load_cached(path: Path, schema: Path, mtime_ns: int, size: int) -> Dataset:
    """Parse path; the modification time and size only key the cache."""
    if size > MAX_FILE_BYTES:
        raise DataError(path, None, f"the file is larger than {MAX_FILE_BYTES:,} bytes.")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError(path, None, f"cannot read the data file ({error.strerror}).") from None
    return parse_dataset(raw, path, schema)


def parse_dataset(raw: bytes, path: Path, schema: Path) -> Dataset:
    """Parse and validate the bytes of a data file; path is only used in messages."""
    text = _decode(raw, path)
    tree, lines = _parse_yaml(text, path)
    _validate_against_schema(tree, lines, path, schema)
    return _build_dataset(tree, lines, path)


def _decode(raw: bytes, path: Path) -> str:
    """The file's text, which must be UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = "the file is not valid UTF-8 text. Save it with the UTF-8 encoding."
        raise DataError(path, line, message) from None


def _parse_yaml(text: str, path: Path) -> tuple[Any, dict[JsonPath, int]]:
    """Safely parse YAML into plain Python values, with the line of every value."""
    if not text.strip():
        raise DataError(path, 1, "the file is empty. It needs a 'dataset' and a list of 'roles'.")
    lines: dict[JsonPath, int] = {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is None:
            message = "the file is empty. It needs a 'dataset' and a list of 'roles'."
            raise DataError(path, 1, message)
        tree = _to_python(node, (), lines, _Converter(path))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or error.context or "invalid YAML"
        if error.context and problem.startswith("but "):
            problem = f"{error.context} {problem}"
        raise DataError(path, line, f"YAML syntax error: {problem}.") from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        message = f"the file contains a character YAML does not allow ({error.reason})."
        raise DataError(path, line, message) from None
    except yaml.YAMLError as error:
        raise DataError(path, None, f"YAML error: {error}.") from None
    except RecursionError:
        raise DataError(path, None, "the data is nested too deeply to be read.") from None
    return tree, lines


class _Converter:
    """State for one conversion: the file, a scalar constructor and the nodes seen."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.constructor = yaml.SafeLoader("")
        self.seen: set[int] = set()

    def scalar(self, node: yaml.Node) -> Any:
        """The Python value of a scalar node, typed the way YAML's safe loader types it."""
        if not isinstance(node, yaml.ScalarNode):
            return node  # a mapping or list used as a key: reported by the caller
        return self.constructor.construct_object(node)


def _to_python(
    node: yaml.Node, where: JsonPath, lines: dict[JsonPath, int], state: _Converter
) -> Any:
    """Convert a composed YAML node to Python, recording lines and refusing aliases."""
    line = node.start_mark.line + 1
    if id(node) in state.seen:
        # An alias (*name) re-uses a node: refusing them defeats "billion laughs" files.
        message = "anchors and aliases (&name, *name) are not allowed. Write the value out."
        raise DataError(state.path, line, message)
    state.seen.add(id(node))
    if node.tag not in STANDARD_TAGS:
        raise DataError(state.path, line, f"the YAML tag '{node.tag}' is not allowed. Remove it.")
    lines[where] = line
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = state.scalar(key_node)
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise DataError(state.path, key_line, "every key must be text, like 'salary:'.")
            if key in mapping:
                message = f"the key '{key}' appears twice here. Keep only one."
                raise DataError(state.path, key_line, message)
            mapping[key] = _to_python(value_node, (*where, key), lines, state)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(item, (*where, index), lines, state) for index, item in enumerate(node.value)
        ]
    return state.scalar(node)


def _validate_against_schema(
    tree: Any, lines: dict[JsonPath, int], path: Path, schema: Path
) -> None:
    """Check the structure against the JSON Schema; report the first problem in file order."""
    errors = list(_schema_validator(schema).iter_errors(tree))
    if not errors:
        return
    error = min(errors, key=lambda e: (_line_of(tuple(e.absolute_path), lines), str(e.path)))
    where = tuple(error.absolute_path)
    raise DataError(path, _line_of(where, lines), _explain(error, where))


@cache
def _schema_validator(schema: Path) -> Draft202012Validator:
    """The validator for the data file's JSON Schema, built once."""
    return Draft202012Validator(json.loads(schema.read_text(encoding="utf-8")))


def _line_of(where: JsonPath, lines: dict[JsonPath, int]) -> int:
    """The line of the value at where, or of its nearest parent that has one."""
    while where not in lines and where:
        where = where[:-1]
    return lines.get(where, 1)


def _explain(error: ValidationError, where: JsonPath) -> str:
    """A schema error in a contributor's words: what is wrong and what to do."""
    field = _field_name(where) or "the file"
    value, expected = error.instance, error.validator_value
    match error.validator:
        case "required":
            missing = error.message.split(" is a ")[0]
            return f"{field} is missing the field {missing}. Add it."
        case "additionalProperties":
            return (
                f"{field} has a field the schema does not know: {_unexpected(error)}. "
                "Check its spelling or remove it."
            )
        case "type":
            return f"{field} must be {_type_name(expected)}, not {_show(value)}."
        case "exclusiveMinimum":
            return f"{field} must be greater than {expected}, not {_show(value)}."
        case "minItems":
            return f"{field} must list at least {expected} item(s)."
        case "minLength":
            return f"{field} must not be empty."
        case "pattern":
            return f"{field} has the wrong form: {_show(value)}. {_pattern_hint(error)}"
    return f"{field}: {error.message}."


def _field_name(where: JsonPath) -> str:
    """A JSON path written the way a contributor reads it: roles[1].salary."""
    name = ""
    for part in where:
        name += f"[{part}]" if isinstance(part, int) else f".{part}" if name else part
    return f"'{name}'" if name else ""


def _schema_of(error: ValidationError) -> dict[str, Any]:
    """The part of the JSON Schema an error was found against."""
    return dict(error.schema) if isinstance(error.schema, dict) else {}


def _unexpected(error: ValidationError) -> str:
    """The unexpected keys of an additionalProperties error."""
    allowed = set(_schema_of(error).get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    return ", ".join(f"'{key}'" for key in instance if key not in allowed)


def _type_name(expected: object) -> str:
    """The JSON Schema type name in plain words."""
    names = {"string": "text", "integer": "a whole number", "number": "a number"}
    names |= {"array": "a list", "object": "a mapping of fields", "boolean": "true or false"}
    return names.get(str(expected), str(expected))


def _show(value: object) -> str:
    """A value as the contributor wrote it, shortened."""
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _pattern_hint(error: ValidationError) -> str:
    """The schema's own description of the expected form."""
    description = str(_schema_of(error).get("description", ""))
    return description.partition(". ")[2] or "Check the form the schema describes."


def _build_dataset(tree: dict[str, Any], lines: dict[JsonPath, int], path: Path) -> Dataset:
    """Turn schema-valid data into a Dataset, checking what the schema cannot."""
    meta = tree["dataset"]
    currency = meta["currency"]
    if not is_currency(currency):
        message = f"'dataset.currency' {currency!r} is not a currency code. Use ISO 4217, e.g. USD."
        raise DataError(path, lines[("dataset", "currency")], message)
    source_url = meta.get("source_url")
    if source_url is not None and not is_safe_url(source_url):
        message = f"'dataset.source_url' must start with http:// or https://, not {source_url!r}."
        raise DataError(path, lines[("dataset", "source_url")], message)
    roles: list[Role] = []
    for index, entry in enumerate(tree["roles"]):
        if any(role.id == entry["id"] for role in roles):
            message = f"the role id '{entry['id']}' is used twice. Give each role its own id."
            raise DataError(path, lines[("roles", index, "id")], message)
        roles.append(
            Role(
                id=entry["id"],
                title=entry["title"],
                salary=entry["salary"],
                skills=tuple(entry["skills"]),
                summary=entry["summary"],
                page=entry["page"],
                line=lines[("roles", index)],
            )
        )
    return Dataset(
        path=path,
        title=meta["title"],
        as_of=_parse_month(meta["as_of"], path, lines[("dataset", "as_of")]),
        region=meta["region"],
        basis=meta["basis"],
        currency=currency,
        source=meta["source"],
        source_url=source_url,
        roles=tuple(roles),
    )


def _parse_month(text: str, path: Path, line: int) -> date:
    """The first day of a YYYY-MM month."""
    year, month = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12 or year < 1900:
        message = (
            f"'dataset.as_of' {text!r} is not a real month. Write it as YYYY-MM, e.g. 2026-06."
        )
        raise DataError(path, line, message)
    return date(year, month, 1)


def is_safe_url(url: str) -> bool:
    """Whether a link target is http(s), mailto or relative: never javascript: or data:."""
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", url.strip())
    return scheme is None or scheme[1].lower() in ALLOWED_URL_SCHEMES
