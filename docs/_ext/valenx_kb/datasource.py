"""Where pages get their data: path resolution, dependencies and warnings.

A page depends on the parts of a data file it shows (data_digests.py), not on
the whole file: dataset_for_page notes its shared part, find_role and
every_role_id the roles. At the next build, the pages showing a part that
changed are read again (pages_with_changed_data).
"""

import os
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import cast

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from valenx_kb.data import DataError, Dataset, Role, load_dataset
from valenx_kb.data_digests import (
    DataUse,
    FileDigests,
    dataset_digests,
    error_digests,
    pages_to_reread,
)
from valenx_kb.diagnostics import Subtype, warn, warn_data_error
from valenx_kb.domain import knowledge_base
from valenx_kb.formatting import Formatter, formatter_for


def project_root(env: BuildEnvironment) -> Path:
    """The folder data files must live under: the one holding the source folder."""
    return Path(env.srcdir).resolve().parent


def site_data_path(env: BuildEnvironment) -> Path:
    """The site's data file, resolved against the source folder, never the working directory."""
    return resolved(str(env.srcdir), str(env.config.valenx_data_file))


def schema_path(env: BuildEnvironment) -> Path:
    """The JSON Schema every data file is checked against."""
    return resolved(str(env.srcdir), str(env.config.valenx_schema_file))


@cache
def resolved(folder: str, path: str) -> Path:
    """path made absolute against folder; cached, as every figure of every page asks."""
    return (Path(folder) / path).resolve()


def check_site_data(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Report a broken site data file once per build, whichever pages use it."""
    try:
        load_dataset(site_data_path(env), schema_path(env))
    except DataError as error:
        warn_data_error(error)


def site_dataset(env: BuildEnvironment) -> Dataset | None:
    """The site's data, or None when it cannot be used (check_site_data reports that once).

    Dependencies are left to the caller: only pages being read can note them (note_use).
    """
    try:
        return load_dataset(site_data_path(env), schema_path(env))
    except DataError:
        return None


def role_places(env: BuildEnvironment) -> dict[str, int]:
    """Each role's place in the site's data file: the order posts of one date are listed in."""
    dataset = site_dataset(env)
    return {} if dataset is None else {role: place for place, role in enumerate(dataset.role_ids)}


def dataset_for_page(
    env: BuildEnvironment, location: str, other_file: str | None = None
) -> Dataset | None:
    """The data a page asks for (the site's, or other_file); the page depends on its shared part.

    Returns None when the data cannot be used; the problem has then been
    reported once: by check_site_data for the site's file, here for others.
    """
    site_file = site_data_path(env)
    path = site_file
    if other_file is not None:
        path = Path(env.relfn2path(other_file, env.docname)[1]).resolve()
        if not path.is_relative_to(project_root(env)):
            message = f"the data file {other_file!r} is outside the project folder "
            message += f"{project_root(env)}. Keep data files under data/."
            warn(message, Subtype.USAGE, location)
            return None
    # Noted even when missing or broken, so creating or fixing it re-reads the page.
    note_use(env, path)
    env.note_dependency(str(schema_path(env)))
    if path != site_file and not path.is_file():
        warn(f"the data file {other_file!r} does not exist ({path}).", Subtype.USAGE, location)
        return None
    try:
        return load_dataset(path, schema_path(env))
    except DataError as error:
        reported = cast("set[Path]", env.current_document.setdefault("valenx_reported", set()))
        if path != site_file and path not in reported:
            reported.add(path)
            warn_data_error(error)
        return None


def find_role(env: BuildEnvironment, dataset: Dataset, role_id: str, location: str) -> Role | None:
    """The role with role_id, noted as shown by the page; None after a warning listing the ids."""
    role = dataset.role(role_id)
    # The warning lists every role: the page then shows the list of roles as well.
    note_use(env, dataset.path, [role_id], every_role=role is None)
    if role is None:
        known = ", ".join(dataset.role_ids)
        message = f"unknown role {role_id!r}; the data file {dataset.path.name} has: {known}."
        warn(message, Subtype.UNKNOWN_ROLE, location)
    return role


def every_role_id(env: BuildEnvironment, dataset: Dataset) -> list[str]:
    """Every role id of dataset, in the file's order, noted as shown by the page."""
    note_use(env, dataset.path, every_role=True)
    return dataset.role_ids


def note_use(
    env: BuildEnvironment, path: Path, roles: Iterable[str] = (), every_role: bool = False
) -> None:
    """Note that the page being read shows the shared part of the data file path, and roles.

    every_role: it shows the list of roles itself (a table of every role), so a role
    added, removed or edited re-reads it.
    """
    docname = env.current_document.docname
    if not docname:
        return  # not while reading a page: nothing to re-read
    key = data_file_key(env, path)
    use = knowledge_base(env).data_uses.setdefault(docname, {}).setdefault(key, DataUse())
    use.roles.update(roles)
    use.every_role = use.every_role or every_role


def data_file_key(env: BuildEnvironment, path: Path) -> str:
    """How the domain names a data file: its path from the source folder, which moves with it."""
    return _relative_key(str(path), str(env.srcdir))


@cache  # asked for every figure of every page; a site has few data files
def _relative_key(path: str, srcdir: str) -> str:
    """path from srcdir, with forward slashes."""
    return Path(os.path.relpath(path, srcdir)).as_posix()


def file_digests(env: BuildEnvironment, key: str) -> FileDigests:
    """The digests of a data file (by its path from the source folder) as it is now."""
    try:
        return dataset_digests(load_dataset((Path(env.srcdir) / key).resolve(), schema_path(env)))
    except DataError as error:
        return error_digests(error)


def pages_with_changed_data(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """env-get-outdated: the pages showing a part of a data file that changed since last build.

    The digests are kept as they are now, before the pages are read again.
    """
    domain = knowledge_base(env)
    users: defaultdict[str, dict[str, DataUse]] = defaultdict(dict)
    for docname, uses in domain.data_uses.items():
        for key, use in uses.items():
            users[key][docname] = use
    pages: set[str] = set()
    for key, before in sorted(domain.data_digests.items()):
        now = file_digests(env, key)
        pages |= pages_to_reread(before, now, users[key])
        domain.data_digests[key] = now
    return sorted(pages)


def keep_data_digests(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated: the digests of every data file a page uses, for the next build to compare."""
    domain = knowledge_base(env)
    used = sorted({key for uses in domain.data_uses.values() for key in uses})
    kept = domain.data_digests
    domain.data_digests = {
        key: kept[key] if key in kept else file_digests(env, key) for key in used
    }
    return []  # re-writes nothing: pages whose data changed were read again


def formatter(env: BuildEnvironment, dataset: Dataset) -> Formatter:
    """The figure formatter for the site's language and the dataset's currency."""
    return formatter_for(env.config.language, dataset.currency)
