"""The data file's public entry point: read, cache and validate it; pure Python, no docutils.

The steps live in their own modules: yaml_loader (safe YAML with the line of every value),
schema_errors (the JSON Schema, in plain words), data_checks (what the schema cannot check)
and data_model (the Dataset they build, and DataError).
"""

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from jsonschema import Draft202012Validator, SchemaError

from valenx_kb.data_checks import build_dataset
from valenx_kb.data_model import DataError, Dataset, Reading, Role
from valenx_kb.schema_errors import check_against_schema
from valenx_kb.urls import is_safe_url
from valenx_kb.yaml_loader import load_yaml

__all__ = [
    "DataError",
    "Dataset",
    "Reading",
    "Role",
    "is_safe_url",
    "load_dataset",
    "load_file",
    "parse_dataset",
    "schema_validator",
]

MAX_FILE_BYTES = 1_000_000
# The conf.py settings that name the salary data and its schema, for "cannot read" errors.
DATA_SETTINGS = "valenx_data_file and valenx_schema_file"

Loaded = TypeVar("Loaded")
# Parses a data file's bytes against a JSON Schema; the path is only used in messages.
Parser = Callable[[bytes, Path, Path], Loaded]


def load_dataset(path: Path, schema: Path) -> Dataset:
    """Read and validate a data file; parsed once per path, schema and modification times."""
    return load_file(parse_dataset, path, schema, DATA_SETTINGS)


def parse_dataset(raw: bytes, path: Path, schema: Path) -> Dataset:
    """Parse and validate the bytes of a data file; path is only used in messages."""
    tree, lines = load_yaml(raw, path, needs="a 'dataset' and a list of 'roles'")
    check_against_schema(tree, lines, path, schema_validator(schema, DATA_SETTINGS))
    return build_dataset(tree, lines, path)


def load_file(parse: Parser[Loaded], path: Path, schema: Path, settings: str) -> Loaded:
    """Read a data file with parse; parsed once per path, schema and modification times.

    settings names the conf.py settings that point at the two files.
    """
    stamps = _stamp(path, settings), _stamp(schema, settings)
    result: Loaded | DataError = _load_cached(parse, path, schema, settings, *stamps)
    if isinstance(result, DataError):
        # A new error each time: raising the cached one would chain each caller's frames to it.
        raise DataError(result.path, result.line, result.message)
    return result


def schema_validator(schema: Path, settings: str) -> Draft202012Validator:
    """The validator for a JSON Schema file, built once per modification time."""
    return _schema_validator(schema, _stamp(schema, settings), settings)


def _stamp(path: Path, settings: str) -> tuple[int, int]:
    """The file's modification time and size, which key the caches."""
    try:
        stat = path.stat()
    except OSError as error:
        raise _unreadable(path, error, settings) from None
    return stat.st_mtime_ns, stat.st_size


def _unreadable(path: Path, error: OSError, settings: str) -> DataError:
    """The error for a file that cannot be read."""
    message = f"cannot read {path.name} ({error.strerror}). "
    message += f"Check {settings} in conf.py."
    return DataError(path, None, message)


@cache
def _load_cached(
    parse: Parser[Loaded],
    path: Path,
    schema: Path,
    settings: str,
    data_stamp: tuple[int, int],
    schema_stamp: tuple[int, int],
) -> Loaded | DataError:
    """Parse path, keeping a failure too, so a broken file is parsed once, not once per figure.

    The stamps only key the cache, so an edited file is parsed again.
    """
    if data_stamp[1] > MAX_FILE_BYTES:
        return DataError(path, None, f"the file is larger than {MAX_FILE_BYTES:,} bytes.")
    try:
        return parse(path.read_bytes(), path, schema)
    except OSError as error:
        return _unreadable(path, error, settings)
    except DataError as error:
        return error


@cache
def _schema_validator(schema: Path, stamp: tuple[int, int], settings: str) -> Draft202012Validator:
    """The validator for the JSON Schema, built once per modification time."""
    try:
        document = json.loads(schema.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(document)
    except OSError as error:
        raise _unreadable(schema, error, settings) from None
    except (ValueError, SchemaError) as error:
        raise DataError(schema, None, f"the JSON Schema is not valid: {error}") from None
    return Draft202012Validator(document)
