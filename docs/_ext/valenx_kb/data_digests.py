"""Which pages an edit of a data file concerns, from digests of its parts: pure Python.

A page that loads a data file shows its shared part (the dataset's metadata,
levels, locations, sources, reading list and the months of its editions), and
the roles it names; a table of every role shows the list of roles too. Each
part is digested apart, line numbers left out (no page shows them, and an
edit of one role moves the lines of those after it), so that an edit re-reads
only the pages that show what changed.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass

from valenx_kb.data_model import DataError, Dataset


@dataclass
class DataUse:
    """What one page showed of one data file: always its shared part, and these roles."""

    roles: set[str] = field(default_factory=set)  # the ids it named, found or not
    every_role: bool = False  # the list of roles itself: a table of every role, say


@dataclass(frozen=True)
class FileDigests:
    """A data file's parts as digests: the shared part (or the file's error), each role."""

    shared: str
    roles: dict[str, str] = field(default_factory=dict)  # role id -> digest, in the file's order


# The Dataset fields that are not its shared part: roles have digests of their own, and
# comparisons are only used once every page is read (comparisons.py), never while reading.
NOT_SHARED = ("path", "roles", "editions", "comparisons")


def dataset_digests(dataset: Dataset) -> FileDigests:
    """The digests of a loaded data file; a role's include its figures in every edition."""
    shared = [
        (each.name, getattr(dataset, each.name))
        for each in fields(dataset)
        if each.name not in NOT_SHARED
    ]
    months = [(edition.as_of, edition.source) for edition in dataset.editions]
    roles = {
        role.id: digest(
            (role, [(edition.as_of, edition.figures(role.id)) for edition in dataset.editions])
        )
        for role in dataset.roles
    }
    return FileDigests(digest((shared, months)), roles)


def error_digests(error: DataError) -> FileDigests:
    """The digests of a data file that cannot be used: its error, and no roles."""
    return FileDigests(f"error {digest((error.location, error.message))}")


def digest(value: object) -> str:
    """A digest of value's content, the same in every process and on every machine."""
    return hashlib.blake2b(repr(canonical(value)).encode(), digest_size=16).hexdigest()


def canonical(value: object) -> object:
    """value with each dataclass as its name and fields, line numbers left out."""
    if is_dataclass(value) and not isinstance(value, type):
        parts = [
            (each.name, canonical(getattr(value, each.name)))
            for each in fields(value)
            if each.name != "line"
        ]
        return (type(value).__name__, *parts)
    if isinstance(value, tuple | list):
        return tuple(canonical(item) for item in value)
    return value


def pages_to_reread(
    before: FileDigests, now: FileDigests, users: Mapping[str, DataUse]
) -> set[str]:
    """The pages among a file's users that show a part of it that changed from before to now."""
    if before.shared != now.shared:
        return set(users)
    changed = {
        role_id
        for role_id in before.roles.keys() | now.roles.keys()
        if before.roles.get(role_id) != now.roles.get(role_id)
    }
    roles_changed = bool(changed) or list(before.roles) != list(now.roles)
    return {
        docname
        for docname, use in users.items()
        if (use.every_role and roles_changed) or not changed.isdisjoint(use.roles)
    }
