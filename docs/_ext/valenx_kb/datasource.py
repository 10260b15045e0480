"""Where pages get their data: path resolution, dependencies and warnings."""

from functools import cache
from pathlib import Path
from typing import cast

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from valenx_kb.data import DataError, Dataset, Role, load_dataset
from valenx_kb.diagnostics import Subtype, warn, warn_data_error
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

    Dependencies are left to the caller: only pages being read can note them.
    """
    try:
        return load_dataset(site_data_path(env), schema_path(env))
    except DataError:
        return None


def dataset_for_page(
    env: BuildEnvironment, location: str, other_file: str | None = None
) -> Dataset | None:
    """The data a page asks for (the site's, or other_file), noted as a dependency.

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
    env.note_dependency(str(path))
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


def find_role(dataset: Dataset, role_id: str, location: str) -> Role | None:
    """The role with role_id, or None after a warning that lists the known ids."""
    role = dataset.role(role_id)
    if role is None:
        known = ", ".join(dataset.role_ids)
        message = f"unknown role {role_id!r}; the data file {dataset.path.name} has: {known}."
        warn(message, Subtype.UNKNOWN_ROLE, location)
    return role


def formatter(env: BuildEnvironment, dataset: Dataset) -> Formatter:
    """The figure formatter for the site's language and the dataset's currency."""
    return formatter_for(env.config.language, dataset.currency)
