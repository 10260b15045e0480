"""Check loaded data against the JSON Schema, and say what is wrong in plain words: pure Python."""

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from valenx_kb.data_model import DataError
from valenx_kb.yaml_errors import shorten
from valenx_kb.yaml_loader import JsonPath, field_name


def check_against_schema(
    tree: Any, lines: dict[JsonPath, int], path: Path, validator: Draft202012Validator
) -> None:
    """Check the structure against the JSON Schema; report the first problem in file order."""
    errors = list(validator.iter_errors(tree))
    if not errors:
        return
    error = min(errors, key=lambda e: (_line_of(_error_path(e), lines), str(e.path)))
    raise DataError(path, _line_of(_error_path(error), lines), explain(error))


def explain(error: ValidationError) -> str:
    """A schema error in a contributor's words: what is wrong and what to do."""
    field = field_name(tuple(error.absolute_path)) or "the file"
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
        case "maxItems":
            return f"{field} must list at most {expected} item(s)."
        case "minLength":
            return f"{field} must not be empty."
        case "pattern":
            return f"{field} has the wrong form: {_show(value)}. {_pattern_hint(error)}"
    return f"{field}: {error.message}."


def _error_path(error: ValidationError) -> JsonPath:
    """Where a schema error is: the unexpected key itself for an unknown field."""
    where = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        return (*where, _unexpected_keys(error)[0])
    return where


def _line_of(where: JsonPath, lines: dict[JsonPath, int]) -> int:
    """The line of the value at where, or of its nearest parent that has one."""
    while where not in lines and where:
        where = where[:-1]
    return lines.get(where, 1)


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
