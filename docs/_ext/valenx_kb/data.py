"""Load and validate the salary data file: pure Python, no docutils."""

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from babel.core import get_global
from babel.numbers import get_currency_precision, get_territory_currencies, is_currency
from jsonschema import Draft202012Validator, SchemaError, ValidationError

from valenx_kb.yaml_errors import explain_yaml_error, shorten

MAX_FILE_BYTES = 1_000_000
ALLOWED_URL_SCHEMES = ("http", "https", "mailto")

# The plain YAML types; any other tag (!!python/object, !custom) is refused.
STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
}

SCALAR_KINDS = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "an empty value",
}

# A JSON path into the data, e.g. ("roles", 1, "salary"), mapped to its 1-based line.
JsonPath = tuple[str | int, ...]

# Fields holding money, as JSON paths without list indexes.
AMOUNT_FIELDS = {("roles", "salary")}

# An amount as a reader writes it: digits, and a decimal point before any cents. YAML 1.1
# reads other forms (0x226C8, 39:10:00, 0o7, 1_000, .inf) as numbers nobody meant.
PLAIN_AMOUNT = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


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
    salary: int | Decimal  # whole amounts are int, amounts written with cents Decimal
    skills: tuple[str, ...]
    summary: str
    page: str
    line: int


@dataclass(frozen=True)
class Reading:
    """A book or other resource that pages recommend."""

    id: str
    title: str
    note: str
    url: str | None


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
    reading: tuple[Reading, ...] = ()

    def role(self, role_id: str) -> Role | None:
        """The role with this id, or None."""
        return next((role for role in self.roles if role.id == role_id), None)

    @property
    def role_ids(self) -> list[str]:
        """Every role id, in the file's order."""
        return [role.id for role in self.roles]


def load_dataset(path: Path, schema: Path) -> Dataset:
    """Read and validate a data file; parsed once per path, schema and modification times."""
    result = _load_cached(path, schema, _stamp(path), _stamp(schema))
    if isinstance(result, DataError):
        # A new error each time: raising the cached one would chain each caller's frames to it.
        raise DataError(result.path, result.line, result.message)
    return result


def _stamp(path: Path) -> tuple[int, int]:
    """The file's modification time and size, which key the caches."""
    try:
        stat = path.stat()
    except OSError as error:
        raise _unreadable(path, error) from None
    return stat.st_mtime_ns, stat.st_size


def _unreadable(path: Path, error: OSError) -> DataError:
    """The error for a file that cannot be read."""
    message = f"cannot read {path.name} ({error.strerror}). "
    message += "Check valenx_data_file and valenx_schema_file in conf.py."
    return DataError(path, None, message)


@cache
def _load_cached(
    path: Path, schema: Path, data_stamp: tuple[int, int], schema_stamp: tuple[int, int]
) -> Dataset | DataError:
    """Parse path, keeping a failure too, so a broken file is parsed once, not once per figure.

    The stamps only key the cache, so an edited file is parsed again.
    """
    if data_stamp[1] > MAX_FILE_BYTES:
        return DataError(path, None, f"the file is larger than {MAX_FILE_BYTES:,} bytes.")
    try:
        return parse_dataset(path.read_bytes(), path, schema)
    except OSError as error:
        return _unreadable(path, error)
    except DataError as error:
        return error


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
    lines: dict[JsonPath, int] = {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is None:
            message = "the file is empty. It needs a 'dataset' and a list of 'roles'."
            raise DataError(path, 1, message)
        tree = _to_python(node, (), lines, _Converter(path))
    except yaml.MarkedYAMLError as error:
        line, message = explain_yaml_error(error, text)
        raise DataError(path, line, message) from None
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

    def scalar(self, node: yaml.Node, where: JsonPath = ()) -> Any:
        """The Python value of a scalar node, typed the way YAML's safe loader types it."""
        if not isinstance(node, yaml.ScalarNode):
            return node  # a mapping or list used as a key: reported by the caller
        line = node.start_mark.line + 1
        if _is_amount(where) and node.style is None:
            # Read from the text as written, so 0x226C8 is refused and 68250.5 stays exact.
            if not node.value:
                message = f"{_field_name(where)} has no value. Write the amount as a plain number, "
                raise DataError(self.path, line, message + "like 141000 or 68250.50.")
            if not PLAIN_AMOUNT.fullmatch(node.value):
                message = f"{_field_name(where)} must be a plain number like 141000 or 68250.50, "
                message += f"not {shorten(node.value)!r}. Write the amount in digits, "
                raise DataError(self.path, line, message + "with a '.' before any cents.")
            amount = Decimal(node.value)
            if "." in node.value or abs(amount) >= 2**63:
                return amount  # too large for an int; the schema's maximum reports it
            return int(amount)
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
            # e.g. the impossible date 2026-02-30, or "!!int abc"
            kind = SCALAR_KINDS.get(node.tag, node.tag)
            message = f"cannot read {shorten(node.value)!r} as {kind}. Fix the value or quote it."
            raise DataError(self.path, line, message) from None
        if isinstance(value, int) and value.bit_length() > 63:
            message = f"the number {shorten(node.value)!r} is too large. Check the value."
            raise DataError(self.path, line, message)
        return value


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
    return state.scalar(node, where)


def _is_amount(where: JsonPath) -> bool:
    """Whether the value at where is an amount of money."""
    return tuple(part for part in where if isinstance(part, str)) in AMOUNT_FIELDS


def _validate_against_schema(
    tree: Any, lines: dict[JsonPath, int], path: Path, schema: Path
) -> None:
    """Check the structure against the JSON Schema; report the first problem in file order."""
    errors = list(_schema_validator(schema, _stamp(schema)).iter_errors(tree))
    if not errors:
        return
    error = min(errors, key=lambda e: (_line_of(_error_path(e), lines), str(e.path)))
    raise DataError(path, _line_of(_error_path(error), lines), _explain(error))


def _error_path(error: ValidationError) -> JsonPath:
    """Where a schema error is: the unexpected key itself for an unknown field."""
    where = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        return (*where, _unexpected_keys(error)[0])
    return where


@cache
def _schema_validator(schema: Path, stamp: tuple[int, int]) -> Draft202012Validator:
    """The validator for the JSON Schema, built once per modification time."""
    try:
        document = json.loads(schema.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(document)
    except OSError as error:
        raise _unreadable(schema, error) from None
    except (ValueError, SchemaError) as error:
        raise DataError(schema, None, f"the JSON Schema is not valid: {error}") from None
    return Draft202012Validator(document)


def _line_of(where: JsonPath, lines: dict[JsonPath, int]) -> int:
    """The line of the value at where, or of its nearest parent that has one."""
    while where not in lines and where:
        where = where[:-1]
    return lines.get(where, 1)


def _explain(error: ValidationError) -> str:
    """A schema error in a contributor's words: what is wrong and what to do."""
    field = _field_name(tuple(error.absolute_path)) or "the file"
    value, expected = error.instance, error.validator_value
    match error.validator:
        case "required":
            missing = error.message.split(" is a ")[0]
            return f"{field} is missing the field {missing}. Add it."
        case "additionalProperties":
            return (
                f"{field} has a field the schema does not know: {_unexpected_keys(error)[0]!r}. "
                "Check its spelling or remove it."
            )
        case "type":
            return f"{field} must be {_type_name(expected)}, not {_show(value)}."
        case "exclusiveMinimum":
            return f"{field} must be greater than {expected}, not {_show(value)}."
        case "maximum":
            return f"{field} must be at most {expected:,}, not {_show(value)}."
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


def _unexpected_keys(error: ValidationError) -> list[str]:
    """The keys an additionalProperties error is about, in the file's order."""
    allowed = set(_schema_of(error).get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [key for key in instance if key not in allowed]


def _type_name(expected: object) -> str:
    """The JSON Schema type name in plain words."""
    names = {"string": "text", "integer": "a whole number", "number": "a number"}
    names |= {"array": "a list", "object": "a mapping of fields", "boolean": "true or false"}
    return names.get(str(expected), str(expected))


def _show(value: object) -> str:
    """A value as the contributor wrote it, shortened."""
    if isinstance(value, Decimal):
        return shorten(f"{value:f}")  # as written: 0.0000001, not 1E-7
    return shorten(json.dumps(value, default=str, ensure_ascii=False))


def _pattern_hint(error: ValidationError) -> str:
    """The schema's own description of the expected form."""
    description = str(_schema_of(error).get("description", ""))
    return description.partition(". ")[2] or "Check the form the schema describes."


def _build_dataset(tree: dict[str, Any], lines: dict[JsonPath, int], path: Path) -> Dataset:
    """Turn schema-valid data into a Dataset, checking what the schema cannot."""
    meta = tree["dataset"]
    currency = meta["currency"]
    _refuse_padded_names(tree, lines, path)
    as_of = _parse_month(meta["as_of"], path, lines[("dataset", "as_of")])
    _check_currency(currency, meta["as_of"], as_of, lines[("dataset", "currency")], path)
    source_url = meta.get("source_url")
    _check_link(source_url, ("dataset", "source_url"), lines, path)
    roles: list[Role] = []
    for index, entry in enumerate(tree["roles"]):
        if any(role.id == entry["id"] for role in roles):
            message = f"the role id '{entry['id']}' is used twice. Give each role its own id."
            raise DataError(path, lines[("roles", index, "id")], message)
        _check_decimals(entry["salary"], currency, ("roles", index, "salary"), lines, path)
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
    reading = _build_reading(tree.get("reading", []), lines, path)
    return Dataset(
        path=path,
        title=meta["title"],
        as_of=as_of,
        region=meta["region"],
        basis=meta["basis"],
        currency=currency,
        source=meta["source"],
        source_url=source_url,
        roles=tuple(roles),
        reading=reading,
    )


def _check_currency(code: str, as_of_text: str, as_of: date, line: int, path: Path) -> None:
    """Refuse a code that is not ISO 4217, or a currency no country used in the as_of month."""
    if not is_currency(code):
        message = f"'dataset.currency' {code!r} is not a currency code. Use ISO 4217, e.g. USD."
        raise DataError(path, line, message)
    if code not in currencies_in_use(as_of):
        message = f"'dataset.currency' {code!r} is not a currency in use in {as_of_text}, "
        message += "the month of 'dataset.as_of'. Give the figures in a currency in use then"
        successor = _successor(code, as_of)
        raise DataError(path, line, message + (f", such as {successor}." if successor else "."))


@cache
def currencies_in_use(day: date) -> frozenset[str]:
    """The currencies that are legal tender in some territory on day, as Babel knows them."""
    territories = get_global("territory_currencies")
    return frozenset(
        code
        for territory in territories
        for code in get_territory_currencies(territory, start_date=day, tender=True)
    )


def _successor(code: str, day: date) -> str | None:
    """The one currency in use on day wherever code was once used; None when they differ.

    Territories with several currencies in use on day (or none) are left out.
    """
    successors = set()
    for territory, history in get_global("territory_currencies").items():
        if any(entry[0] == code for entry in history):
            current = get_territory_currencies(territory, start_date=day, tender=True)
            if len(current) == 1:
                successors.add(str(current[0]))
    return successors.pop() if len(successors) == 1 else None


def _check_decimals(
    amount: int | Decimal, currency: str, where: JsonPath, lines: dict[JsonPath, int], path: Path
) -> None:
    """Refuse an amount written with more decimals than the currency has (USD 2, JPY 0)."""
    exponent = amount.as_tuple().exponent if isinstance(amount, Decimal) else 0
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    allowed = get_currency_precision(currency)
    if decimals <= allowed:
        return
    written = shorten(f"{amount:f}")
    message = f"{_field_name(where)} {written} has {decimals} decimal(s), but {currency} amounts "
    if allowed:
        message += f"have at most {allowed}. Round it to {allowed} decimal(s)."
    else:
        message += "are whole numbers. Round it to a whole number."
    raise DataError(path, lines[where], message)


def _build_reading(
    entries: list[dict[str, str]], lines: dict[JsonPath, int], path: Path
) -> tuple[Reading, ...]:
    """The recommended resources, with unique ids and safe links."""
    reading: list[Reading] = []
    for index, entry in enumerate(entries):
        if any(item.id == entry["id"] for item in reading):
            message = f"the reading id '{entry['id']}' is used twice. Give each its own id."
            raise DataError(path, lines[("reading", index, "id")], message)
        url = entry.get("url")
        _check_link(url, ("reading", index, "url"), lines, path)
        reading.append(Reading(entry["id"], entry["title"], " ".join(entry["note"].split()), url))
    return tuple(reading)


def _check_link(url: str | None, where: JsonPath, lines: dict[JsonPath, int], path: Path) -> None:
    """Refuse a link that is not http, https, mailto or relative."""
    if url is not None and not is_safe_url(url):
        shown = f"'{url}'" if url.isprintable() else repr(url)
        message = f"{_field_name(where)} must be an http, https or mailto link, or a relative one, "
        raise DataError(path, lines[where], message + f"not {shown}.")


def _refuse_padded_names(tree: dict[str, Any], lines: dict[JsonPath, int], path: Path) -> None:
    """Ids, pages, codes and months must not carry spaces or line breaks at either end."""
    meta = tree["dataset"]
    names: list[tuple[JsonPath, str]] = [
        (("dataset", "as_of"), meta["as_of"]),
        (("dataset", "currency"), meta["currency"]),
    ]
    for index, entry in enumerate(tree["roles"]):
        names += [(("roles", index, "id"), entry["id"]), (("roles", index, "page"), entry["page"])]
    for where, value in names:
        if value != value.strip():
            message = f"{_field_name(where)} {value!r} starts or ends with a space or line break."
            raise DataError(path, lines[where], message + " Remove it.")


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
    """Whether a link target is http(s), mailto or a relative path: never javascript: or //host."""
    # Browsers drop control characters and spaces before a scheme, and read a backslash as
    # a slash (\\host is //host, another site), so refuse them outright.
    if "\\" in url or any(ord(char) <= 0x20 or ord(char) == 0x7F for char in url):
        return False
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if not scheme:
        # "//host/x" is a link to another site on the page's own scheme, not a relative one.
        return not url.startswith("//") and not parts.netloc
    if scheme in ("http", "https"):
        return bool(parts.netloc)  # "https:evil.example" may resolve to another site
    return scheme in ALLOWED_URL_SCHEMES
