"""Authors: the site's authors file, the authors a post names, and their names in its byline.

The file is optional: a site whose posts name no authors needs none, and
bylines then name the publisher.
"""

import json
from dataclasses import replace
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from valenx_kb.author_data import AuthorsFile, load_authors
from valenx_kb.data_model import DataError
from valenx_kb.datasource import project_root, resolved
from valenx_kb.diagnostics import Subtype, some_of, warn, warn_data_error
from valenx_kb.front_matter import FrontMatterWarnings, front_matter_text, text_list
from valenx_kb.records import Author, Post
from valenx_kb.taxonomy import Taxonomy
from valenx_kb.term_links import term_link_node
from valenx_kb.translation import N_, gettext

# libyaml's safe loader where PyYAML has it: the pure Python one costs 1.6 ms a post.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# What readers see between the byline's names: "A", "A and B", "A, B and C".
NAME_SEPARATOR = ", "
# Translators: between the last two names of a byline ("A, B and C"), spaces included.
LAST_NAME_SEPARATOR = N_(" and ")


def authors_path(env: BuildEnvironment) -> Path:
    """The site's authors file, resolved against the source folder."""
    return resolved(str(env.srcdir), str(env.config.valenx_authors_file))


def authors_schema_path(env: BuildEnvironment) -> Path:
    """The JSON Schema the authors file is checked against."""
    return resolved(str(env.srcdir), str(env.config.valenx_authors_schema_file))


def check_authors(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Report a broken authors file, and avatars that are not there, once per build."""
    authors_file = _authors_file(env)
    if isinstance(authors_file, DataError):
        warn_data_error(authors_file)
        return
    if authors_file is None:
        return
    missing = _missing_avatars(env, authors_file)
    for author_id, line in authors_file.avatar_lines:
        if author_id in missing:
            # The site's own folders: extensions add theirs (sphinx_design's static files).
            root = project_root(env)
            own = [folder for folder in _static_folders(env) if folder.is_relative_to(root)]
            folders = ", ".join(_shown(env, folder) for folder in own)
            message = (
                f"the avatar {missing[author_id]!r} of author '{author_id}' is not a file in "
                f"html_static_path ({folders or 'empty'}). Add the image there, or fix the path."
            )
            warn(message, Subtype.DATA, f"{authors_file.path}:{line}")


def site_authors(env: BuildEnvironment) -> dict[str, Author]:
    """The site's authors by id; none when there is no file or it cannot be used.

    check_authors reports a file that cannot be used, once per build; an avatar
    that is not there is left out. Dependencies are left to the caller.
    """
    authors_file = _authors_file(env)
    if not isinstance(authors_file, AuthorsFile):
        return {}
    missing = _missing_avatars(env, authors_file)
    return {
        author.id: replace(author, avatar="") if author.id in missing else author
        for author in authors_file.authors
    }


def written_authors(
    env: BuildEnvironment, docname: str, problems: FrontMatterWarnings
) -> list[str]:
    """The ids a post's 'authors' front matter lists, read from its source as MyST reads it.

    docutils takes 'authors' for its own bibliographic field: it renders the value
    as Markdown and splits it at commas, so env.metadata does not keep what was written.
    """
    if "authors" not in env.metadata[docname]:
        return []
    block = "".join(line + "\n" for line in front_matter_text(problems.path, problems.encoding))
    try:
        tree = yaml.load(block, Loader=SAFE_LOADER)
    except (yaml.YAMLError, ValueError, RecursionError):
        tree = None  # not expected: MyST has just read the same text
    value = tree.get("authors") if isinstance(tree, dict) else None
    # As MyST hands a field over: a list as JSON, an empty value as "null".
    written = value if isinstance(value, str) else json.dumps(value, default=str)
    return text_list(written, "authors", problems)


def known_authors(
    env: BuildEnvironment, author_ids: list[str], problems: FrontMatterWarnings
) -> tuple[str, ...]:
    """The author ids the authors file knows, in order, once each; an unknown one warns."""
    if not author_ids:
        return ()
    path = authors_path(env)
    # Noted even when missing or broken, so creating or fixing it re-reads the post.
    env.note_dependency(str(path))
    env.note_dependency(str(authors_schema_path(env)))
    if not path.is_file():
        message = (
            f"'authors' names {', '.join(author_ids)}, but there is no authors file "
            f"{_shown(env, path)}. Create it (see the contributor guide), or remove 'authors'."
        )
        problems.warn("authors", message)
        return ()
    authors = site_authors(env)
    if not authors:
        return ()  # the file is broken: check_authors reports it
    for author_id in author_ids:
        if author_id not in authors:
            message = (
                f"unknown author {author_id!r} in 'authors'; {_shown(env, path)} has: "
                f"{some_of(list(authors))}. Add the author there, or fix the id."
            )
            problems.warn("authors", message)
    return tuple(author_id for author_id in dict.fromkeys(author_ids) if author_id in authors)


def author_names(env: BuildEnvironment, post: Post) -> list[nodes.Node]:
    """The byline's names: the post's authors, each a link to their page; else the publisher."""
    authors = site_authors(env) if post.authors else {}
    named = [authors[author_id] for author_id in post.authors if author_id in authors]
    if not named:
        return [nodes.Text(str(env.config.valenx_publisher))]
    names: list[nodes.Node] = []
    for number, author in enumerate(named):
        if number:
            last = number == len(named) - 1
            names.append(nodes.Text(gettext(LAST_NAME_SEPARATOR) if last else NAME_SEPARATOR))
        names.append(term_link_node(Taxonomy.AUTHORS, author.id, author.name))
    return names


def _authors_file(env: BuildEnvironment) -> AuthorsFile | DataError | None:
    """The authors file as loaded; None when there is none, the error when it is broken."""
    path = authors_path(env)
    if not path.is_file():
        return None
    try:
        return load_authors(path, authors_schema_path(env))
    except DataError as error:
        return error


def _missing_avatars(env: BuildEnvironment, authors_file: AuthorsFile) -> dict[str, str]:
    """The avatar of each author whose avatar is in no html_static_path folder, by author id."""
    folders = _static_folders(env)
    return {
        author.id: author.avatar
        for author in authors_file.authors
        if author.avatar and not any((folder / author.avatar).is_file() for folder in folders)
    }


def _static_folders(env: BuildEnvironment) -> list[Path]:
    """The html_static_path folders (conf.py sits in the source folder)."""
    return [resolved(str(env.srcdir), str(folder)) for folder in env.config.html_static_path]


def _shown(env: BuildEnvironment, path: Path) -> str:
    """path as a contributor finds it: relative to the project folder, like data/authors.yaml."""
    if path.is_relative_to(project_root(env)):
        return path.relative_to(project_root(env)).as_posix()
    return str(path)
