"""A safe YAML loader that knows the line of every value: pure Python.

It composes the file node by node and converts the nodes itself, so that it can refuse
anchors and aliases, unknown tags and duplicate keys, and read amounts of money exactly as
they are written.
"""

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from valenx_kb.data_model import COMPENSATION_PARTS, PERCENTILES, DataError
from valenx_kb.yaml_errors import explain_yaml_error, shorten

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
AMOUNT_FIELDS = {
    (*figures, *field)
    for figures in (("roles",), ("roles", "figures"), ("editions", "roles"))
    for field in (
        ("salary",),
        *(("percentiles", name) for name in PERCENTILES),
        *(("compensation", part) for part in COMPENSATION_PARTS),
    )
}

# An amount as a reader writes it: digits, and a decimal point before any cents. YAML 1.1
# reads other forms (0x226C8, 39:10:00, 0o7, 1_000, .inf) as numbers nobody meant.
PLAIN_AMOUNT = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


def load_yaml(raw: bytes, path: Path, needs: str) -> tuple[Any, dict[JsonPath, int]]:
    """The plain Python values of a YAML file's bytes, and the line of every value.

    needs says what the file must hold, for an empty file: "a list of 'authors'".
    """
    return _parse_yaml(_decode(raw, path), path, needs)


def field_name(where: JsonPath) -> str:
    """A JSON path written the way a contributor reads it: roles[1].salary."""
    name = ""
    for part in where:
        name += f"[{part}]" if isinstance(part, int) else f".{part}" if name else part
    return f"'{name}'" if name else ""


def _decode(raw: bytes, path: Path) -> str:
    """The file's text, which must be UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = "the file is not valid UTF-8 text. Save it with the UTF-8 encoding."
        raise DataError(path, line, message) from None


def _parse_yaml(text: str, path: Path, needs: str) -> tuple[Any, dict[JsonPath, int]]:
    """Safely parse YAML into plain Python values, with the line of every value."""
    lines: dict[JsonPath, int] = {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is None:
            raise DataError(path, 1, f"the file is empty. It needs {needs}.")
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
                message = f"{field_name(where)} has no value. Write the amount as a plain number, "
                raise DataError(self.path, line, message + "like 141000 or 68250.50.")
            if not PLAIN_AMOUNT.fullmatch(node.value):
                message = f"{field_name(where)} must be a plain number like 141000 or 68250.50, "
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
