"""A post's front matter: each field read, checked and warned about at its own line.

MyST hands the front matter over as text: lists as JSON, an empty value as
"null". Where MyST cannot read the front matter at all, the field and line
that stop it are found here.
"""

import json
import re
from datetime import date
from pathlib import Path

import yaml
from sphinx.environment import BuildEnvironment

from valenx_kb.datasource import note_use, site_data_path, site_dataset
from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.yaml_errors import explain_yaml_error

UPDATED_FROM_DATA = "data"
# MyST hands an empty front matter value over as the text "null".
EMPTY_VALUES = {"", "null"}
# Characters XML (so the Atom feed) cannot carry, and other controls but tab and newline.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
DATE_TAG = "tag:yaml.org,2002:timestamp"


class FrontMatterWarnings:
    """Warns about front matter fields at the line they are written on."""

    def __init__(self, env: BuildEnvironment, docname: str) -> None:
        self.path = Path(env.doc2path(docname))
        self.encoding = str(env.config.source_encoding)

    def warn(self, field: str, message: str, line: int | None = None) -> None:
        """One warning at the field's line in the page (or at line, when given)."""
        line = line or front_matter_lines(self.path, self.encoding).get(field, 1)
        warn(message, Subtype.FRONT_MATTER, f"{self.path}:{line}")

    def written(self, field: str, value: object) -> str:
        """The field's value as typed on its line, without quotes; else as MyST hands it over.

        MyST hands lists and mappings over as JSON ("[true]" for "[yes]").
        """
        line = front_matter_lines(self.path, self.encoding).get(field)
        if line is not None:
            typed = front_matter_text(self.path, self.encoding)[line - 2].partition(":")[2]
            typed = re.sub(r"\s+#.*", "", typed).strip()
            if typed:
                return typed.strip("'\"")
        return given(value)

    def clean(self, field: str, text: str, line: int | None = None) -> str:
        """text without control characters; a warning names the field when it had any."""
        found = CONTROL_CHARACTER.search(text)
        if found is None:
            return text
        message = (
            f"'{field}' contains the control character {found[0]!r}, which web pages and "
            "feeds cannot carry; it is left out. Delete it."
        )
        self.warn(field, message, line)
        return without_control_characters(text).strip()


def unknown_category(named: str, category: str, categories: list[str]) -> str:
    """The warning for a category not in valenx_categories; named is how the page wrote it."""
    return (
        f"{named} {category!r} is not one of {', '.join(categories)}. "
        "Fix the spelling, or add it to valenx_categories in conf.py."
    )


def without_control_characters(text: str) -> str:
    """text without the characters web pages and XML (so the Atom feed) cannot carry."""
    return CONTROL_CHARACTER.sub("", text)


def given(value: object) -> str:
    """A front matter value as text; "" when it is missing or left empty."""
    text = "" if value is None else str(value).strip()
    return "" if text in EMPTY_VALUES else text


def front_matter_lines(path: Path, encoding: str) -> dict[str, int]:
    """The line of each top-level key in a page's front matter."""
    lines: dict[str, int] = {}
    for number, line in enumerate(front_matter_text(path, encoding), start=2):
        if key := re.match(r"([A-Za-z_][\w-]*)\s*:", line):
            lines.setdefault(key[1], number)
    return lines


def front_matter_text(path: Path, encoding: str) -> list[str]:
    """The lines between a page's opening "---" and the closing one, as MyST reads them.

    encoding is Sphinx's source_encoding ("utf-8-sig" takes off a byte order mark);
    a byte it cannot decode becomes U+FFFD, as Sphinx itself would not stop here.
    """
    text = path.read_text(encoding=encoding, errors="replace").splitlines()
    if not text or not text[0].startswith("---"):
        return []
    block = []
    for line in text[1:]:
        if line.startswith(("---", "...")):
            break
        block.append(line)
    return block


def report_unreadable_front_matter(env: BuildEnvironment, docname: str) -> None:
    """When MyST could not read a page's front matter, say which field and line are wrong.

    MyST's own warning ("Malformed YAML") stays; it names neither.
    """
    path = Path(env.doc2path(docname))
    if env.config.source_suffix.get(path.suffix) != "markdown":
        return
    encoding = str(env.config.source_encoding)
    keys = front_matter_lines(path, encoding)
    if not keys or keys.keys() & env.metadata[docname].keys():
        return  # no front matter, or MyST read it
    problem = front_matter_problem(front_matter_text(path, encoding))
    if problem is not None:
        line, message = problem
        warn(message, Subtype.FRONT_MATTER, f"{path}:{line}")


def front_matter_problem(block: list[str]) -> tuple[int, str] | None:
    """The line (in the page) and description of what keeps YAML from reading block."""
    text = "".join(line + "\n" for line in block)
    try:
        tree = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        # Said the way data file errors are; the front matter starts on the page's line 2.
        line, message = explain_yaml_error(error, text)
        return (line or 0) + 1, message
    except yaml.reader.ReaderError as error:
        character = chr(error.character) if isinstance(error.character, int) else "?"
        line = text[: error.position].count("\n") + 2
        return (
            line,
            f"this line has the character {character!r}, which YAML does not allow. Delete it.",
        )
    except yaml.YAMLError as error:
        return 1, f"the front matter cannot be read as YAML ({error}). Check its syntax."
    except RecursionError:
        return 1, "the front matter is nested too deeply to be read."
    if not isinstance(tree, yaml.MappingNode):
        return None  # MyST says the front matter is not a mapping
    for key, value in tree.value:
        try:
            yaml.SafeLoader("").construct_object(value, deep=True)
        except (yaml.YAMLError, ValueError, RecursionError) as error:
            line = value.start_mark.line + 2
            shown = f"'{key.value}'"
            if isinstance(value, yaml.ScalarNode):
                shown += f" {value.value!r}"
            if value.tag == DATE_TAG:
                return line, f"{shown} is not a date. Write YYYY-MM-DD or YYYY-MM."
            return line, f"{shown} cannot be read ({error}). Put the value in quotes."
    return None


def text_list(value: object, field: str, problems: FrontMatterWarnings) -> list[str]:
    """A front matter list of words; a value that is not one warns."""
    words = word_list(given(value))
    if words is None:
        problems.warn(field, f"'{field}' must be a list of words, like [python, careers].")
        return []
    return words


def word_list(text: str) -> list[str] | None:
    """The words of "[a, b]" (MyST hands lists over as JSON) or "a, b"; None if not a list."""
    if not text:
        return []
    items: object = text.split(",")
    if text.startswith(("[", "{")):
        try:
            items = json.loads(text)
        except json.JSONDecodeError:
            items = None
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        return None
    return [item.strip() for item in items if item.strip()]


def known_roles(
    env: BuildEnvironment, role_ids: list[str], problems: FrontMatterWarnings, field: str = "roles"
) -> tuple[str, ...]:
    """The role ids the data file knows; each unknown one gives a warning at field."""
    if not role_ids:
        return ()
    dataset = site_dataset(env)
    # Noted even when the data is broken, so fixing it re-reads the post; a warning lists
    # every role, so the post then shows the list of roles as well.
    known = [] if dataset is None else dataset.role_ids
    unknown = dataset is not None and not set(role_ids) <= set(known)
    note_use(env, site_data_path(env), role_ids, every_role=unknown)
    if dataset is None:
        return tuple(role_ids)
    for role_id in role_ids:
        if role_id not in known:
            message = f"unknown role {role_id!r} in '{field}'; the data file has: "
            problems.warn(field, message + f"{', '.join(known)}.")
    return tuple(role_id for role_id in dict.fromkeys(role_ids) if role_id in known)


def compared_roles(
    env: BuildEnvironment, role_ids: list[str], problems: FrontMatterWarnings
) -> tuple[str, ...]:
    """The two roles a post says it compares ('compares'), known to the data file; or none."""
    if not role_ids:
        return ()
    if len(set(role_ids)) != 2 or len(role_ids) != 2:
        message = "'compares' names the two different roles the post compares, e.g. "
        problems.warn("compares", message + "[ai-engineer, ml-engineer].")
        return ()
    known = known_roles(env, role_ids, problems, "compares")
    return known if len(known) == 2 else ()


def parse_day(value: object, field: str, problems: FrontMatterWarnings) -> date | None:
    """A YYYY-MM-DD or YYYY-MM date (a month means its first day)."""
    text = given(value)
    if not text:
        return None
    day = read_day(text)
    if day is None:
        problems.warn(field, f"'{field}' {text!r} is not a date. Write YYYY-MM-DD or YYYY-MM.")
    return day


def read_day(text: str) -> date | None:
    """The date text writes as YYYY-MM-DD or YYYY-MM (its first day); None if it is not one."""
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    try:
        return None if match is None else date(int(match[1]), int(match[2]), int(match[3] or 1))
    except ValueError:
        return None


def parse_flag(value: object, field: str, problems: FrontMatterWarnings) -> bool:
    """A true/false field; anything else warns and counts as false."""
    text = given(value).lower() or "false"
    if text not in {"true", "false"}:
        written = problems.written(field, value)
        problems.warn(field, f"'{field}' must be true or false, not {written!r}.")
    return text == "true"


def updated_day(
    env: BuildEnvironment, value: object, published: date | None, problems: FrontMatterWarnings
) -> date | None:
    """The updated date, never before the published one; "data" means the data file's month.

    When the data's month is older than the post, the post counts as updated when
    it was published; an updated date written before the published one warns.
    """
    text = given(value)
    if text == UPDATED_FROM_DATA:
        day = data_month(env)
    else:
        day = parse_day(value, "updated", problems)
        # A month (YYYY-MM) is too early only when all of it is before the published date.
        month_only = re.fullmatch(r"\d{4}-\d{2}", text) is not None
        if day is not None and published is not None:
            earliest = published.replace(day=1) if month_only else published
            if day < earliest:
                message = (
                    f"'updated' {text!r} is earlier than 'date' {published.isoformat()!r}. "
                    "A post is updated after it is published: correct one of them."
                )
                problems.warn("updated", message)
    if day is None or published is None:
        return day
    return max(day, published)


def data_month(env: BuildEnvironment) -> date | None:
    """The month the site's data file describes, or None when the file is broken."""
    note_use(env, site_data_path(env))
    dataset = site_dataset(env)
    return None if dataset is None else dataset.as_of
