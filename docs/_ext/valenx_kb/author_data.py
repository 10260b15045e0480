"""The authors file: read and checked like the salary data, with the same loader; pure Python.

The JSON Schema checks each entry's fields; this module checks what it cannot:
unique ids, and links that are http or https. Whether an avatar file exists
depends on the site's html_static_path, so authors.py checks that.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from valenx_kb.data import load_file, schema_validator
from valenx_kb.data_model import DataError
from valenx_kb.records import Author
from valenx_kb.schema_errors import check_against_schema
from valenx_kb.urls import is_safe_url
from valenx_kb.yaml_loader import JsonPath, field_name, load_yaml

# The conf.py settings that name the authors file and its schema, for "cannot read" errors.
AUTHOR_SETTINGS = "valenx_authors_file and valenx_authors_schema_file"


@dataclass(frozen=True)
class AuthorsFile:
    """Every author of the file, in its order, and the line of each avatar written."""

    path: Path
    authors: tuple[Author, ...]
    avatar_lines: tuple[tuple[str, int], ...] = ()  # (author id, line of its avatar)


def load_authors(path: Path, schema: Path) -> AuthorsFile:
    """Read and check an authors file; parsed once per path, schema and modification times."""
    return load_file(parse_authors, path, schema, AUTHOR_SETTINGS)


def parse_authors(raw: bytes, path: Path, schema: Path) -> AuthorsFile:
    """Parse and check the bytes of an authors file; path is only used in messages."""
    tree, lines = load_yaml(raw, path, needs="a list of 'authors'")
    check_against_schema(tree, lines, path, schema_validator(schema, AUTHOR_SETTINGS))
    return build_authors(tree, lines, path)


def build_authors(tree: dict[str, Any], lines: dict[JsonPath, int], path: Path) -> AuthorsFile:
    """Turn schema-valid authors into records, checking what the schema cannot."""
    authors: list[Author] = []
    avatar_lines: list[tuple[str, int]] = []
    for index, entry in enumerate(tree["authors"]):
        author_id = entry["id"]
        if any(author.id == author_id for author in authors):
            message = f"the author id '{author_id}' is used twice. Give each author their own id."
            raise DataError(path, lines[("authors", index, "id")], message)
        url = entry.get("url", "")
        if url:
            _check_web_link(url, ("authors", index, "url"), lines, path)
        if "avatar" in entry:
            avatar_lines.append((author_id, lines[("authors", index, "avatar")]))
        authors.append(
            Author(
                id=author_id,
                name=" ".join(entry["name"].split()),
                bio=" ".join(entry["bio"].split()),
                url=url,
                avatar=entry.get("avatar", ""),
                organization=entry.get("type") == "organization",
            )
        )
    return AuthorsFile(path, tuple(authors), tuple(avatar_lines))


def _check_web_link(url: str, where: JsonPath, lines: dict[JsonPath, int], path: Path) -> None:
    """Refuse a link that is not a full http or https address."""
    if is_safe_url(url) and urlsplit(url).scheme.lower() in {"http", "https"}:
        return
    shown = f"'{url}'" if url.isprintable() else repr(url)
    message = f"{field_name(where)} must be a full http or https link, like "
    raise DataError(path, lines[where], message + f"https://example.com/jane, not {shown}.")
