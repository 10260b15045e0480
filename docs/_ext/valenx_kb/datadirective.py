"""What every data directive shares: its common options, loading and role selection."""

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from valenx_kb.data import Dataset, Role
from valenx_kb.data_model import Amount
from valenx_kb.datasource import (
    dataset_for_page,
    every_role_id,
    find_role,
    formatter,
    site_data_path,
)
from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.links import doc_link
from valenx_kb.translation import N_, ElementT, gettext, own_text
from valenx_kb.urls import is_safe_url

# A role's salary as a directive shows it: overall, or at its :level: and :location:.
SalaryOf = Callable[[Role], Amount | None]


def by_salary(roles: list[Role], salary_of: SalaryOf, sign: int) -> list[Role]:
    """Roles by salary (sign 1 rising, -1 falling), those without one last, ties by title."""
    return sorted(roles, key=lambda role: _salary_key(salary_of(role), sign, role.title))


def _salary_key(salary: Amount | None, sign: int, title: str) -> tuple[bool, Amount, str]:
    """The sort key of one role: missing salaries last, then the signed salary, then title."""
    return salary is None, sign * (salary or 0), title


# How :sort: orders roles; "listed" keeps the order of :roles: or of the data file.
SORT_ORDERS: dict[str, Callable[[list[Role], SalaryOf], list[Role]]] = {
    "listed": lambda roles, salary_of: roles,
    "salary-desc": lambda roles, salary_of: by_salary(roles, salary_of, -1),
    "salary-asc": lambda roles, salary_of: by_salary(roles, salary_of, 1),
    "title": lambda roles, salary_of: sorted(roles, key=lambda role: role.title.casefold()),
}


# What readers see in source notes.
SOURCE_LABEL = N_("Source:")
SOURCES_LABEL = N_("Sources:")
SOURCE_SEPARATOR = "; "
SOURCE_END = "."  # ends the list of sources, unless the last name already does
SOURCE_PERIOD = " ({period})"
FIGURES_AS_OF = N_("Figures as of {month}.")
UNAVAILABLE = N_("These figures are unavailable: the data file has an error (see the build log).")


def split_list(text: str) -> list[str]:
    """The items of an option written as "a, b, c" or "a b c"."""
    return [item for item in re.split(r"[,\s]+", text.strip()) if item]


# Where the data-file directive leaves its file for the rest of the page.
PAGE_DATA_FILE = "valenx_data_file"


def page_data_file(env: BuildEnvironment, given: str | None = None) -> str | None:
    """The data file a figure reads: given (:data:), else the page's data-file, else None."""
    if given is not None:
        return given
    return cast("str | None", env.current_document.get(PAGE_DATA_FILE))


class DataFile(SphinxDirective):
    """```{data-file} PATH```: every figure after it on the page reads PATH, not the site's data."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """Remember the file for the rest of the page; it shows nothing itself."""
        self.env.current_document[PAGE_DATA_FILE] = self.arguments[0]
        return []


class FigureContext:
    """What drawing figures needs from where they are shown: a data directive or a generated page.

    env is the build's environment, options the directive's (:caption:, :class:; none on a
    generated page), location where warnings point ("path:line").
    """

    def __init__(self, env: BuildEnvironment, options: dict[str, Any], location: str) -> None:
        self.env = env
        self.options = options
        self.location = location

    def role_title(self, dataset: Dataset, role: Role) -> nodes.Node:
        """The role's title: linked to its page for the site's own data, plain text otherwise.

        Another data file's roles (:data:) need not have pages on this site. Deciding by
        the file, not by which pages exist now, keeps an incremental build equal to a
        fresh one when a page comes or goes.
        """
        if dataset.path == site_data_path(self.env):
            return doc_link(role.page, role.title)
        return nodes.Text(role.title)

    def caption(self, dataset: Dataset, level: str | None = None, place: str | None = None) -> str:
        """The caption: the :caption: option, or one built from the data and :level:/:location:.

        level and place are the ids of the level and location shown, if any.
        """
        month = formatter(self.env, dataset).month(dataset.as_of)
        location = dataset.location(place) if place else None
        parts = [dataset.title, location.title if location else dataset.region]
        if (chosen := dataset.level(level) if level else None) is not None:
            parts.append(chosen.title)
        default = ", ".join([*parts, month])
        return str(self.options.get("caption", default))

    def caption_node(self, node: ElementT) -> ElementT:
        """node, holding the caption: the page's text (:caption:) for its translators, or ours.

        A caption made from the data names its month in the site's language, so the
        pages' catalogs could never match it: it is left out of them.
        """
        return node if "caption" in self.options else own_text(node)

    def source_note(
        self, dataset: Dataset, source_ids: Iterable[str | None] = (None,)
    ) -> nodes.paragraph:
        """Where the figures come from (every source used) and which month they describe.

        source_ids are the sources of the figures shown: None is the dataset's own source.
        """
        month = formatter(self.env, dataset).month(dataset.as_of)
        used = [dataset.source_of(source_id) for source_id in dict.fromkeys(source_ids)]
        note = own_text(nodes.paragraph("", "", classes=["valenx-source-note"]))
        note += nodes.Text(gettext(SOURCE_LABEL if len(used) == 1 else SOURCES_LABEL) + " ")
        for index, source in enumerate(used):
            if index:
                note += nodes.Text(SOURCE_SEPARATOR)
            last = index == len(used) - 1
            name = source.name if last and not source.period else source.name.rstrip(SOURCE_END)
            text = nodes.Text(name)
            if source.url and is_safe_url(source.url):
                note += nodes.reference("", "", text, refuri=source.url)
            else:
                note += text
            if source.period:
                note += nodes.Text(SOURCE_PERIOD.format(period=source.period))
        if not note.astext().endswith(SOURCE_END):
            note += nodes.Text(SOURCE_END)
        note += nodes.Text(" " + gettext(FIGURES_AS_OF).format(month=month))
        return note

    def warn_usage(self, message: str) -> None:
        """Warn about a misused option, at the figures' location."""
        warn(message, Subtype.USAGE, self.location)


class DataDirective(SphinxDirective):
    """A directive that shows figures from a data file."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        "roles": directives.unchanged,
        "sort": directives.unchanged,
        "caption": directives.unchanged,
        "data": directives.path,
        "level": directives.unchanged,
        "location": directives.unchanged,
        "class": directives.class_option,
        "name": directives.unchanged,
    }
    default_sort = "listed"

    def dataset(self) -> Dataset | None:
        """The data this directive shows, or None when it cannot be used."""
        data_file = page_data_file(self.env, self.options.get("data"))
        return dataset_for_page(self.env, self.get_location(), data_file)

    def selected_roles(
        self, dataset: Dataset, salary_of: SalaryOf = lambda role: role.salary
    ) -> list[Role] | None:
        """The roles named by :roles: (all by default), in the order :sort: asks for."""
        listed = split_list(self.options.get("roles", ""))
        if "roles" in self.options and not listed:
            known = ", ".join(every_role_id(self.env, dataset))
            self.warn_usage(
                f":roles: is empty. List at least one role id ({known}), "
                "or leave :roles: out to show every role."
            )
            return None
        counts = Counter(listed or every_role_id(self.env, dataset))
        for role_id in (role_id for role_id, count in counts.items() if count > 1):
            self.warn_usage(f"the role {role_id!r} is listed twice in :roles:. List it once.")
        roles = [
            role for role_id in counts if (role := self.role_or_warn(dataset, role_id)) is not None
        ]
        sort = self.options.get("sort", self.default_sort).strip()
        if sort not in SORT_ORDERS:
            self.warn_usage(f"unknown :sort: value {sort!r}; use one of: {', '.join(SORT_ORDERS)}.")
            return None
        return SORT_ORDERS[sort](roles, salary_of) or None

    def breakdown(self, dataset: Dataset) -> tuple[str | None, str | None] | None:
        """The :level: and :location: asked for (None: overall); None after a warning."""
        chosen: list[str | None] = []
        for option, declared in (
            ("level", [level.id for level in dataset.levels]),
            ("location", [place.id for place in dataset.locations]),
        ):
            value = self.options.get(option, "").strip() or None
            if value is not None and value not in declared:
                known = ", ".join(declared) or f"none; declare them under '{option}s'"
                self.warn_usage(
                    f"unknown :{option}: {value!r}; the data file {dataset.path.name} has: {known}."
                )
                return None
            chosen.append(value)
        return chosen[0], chosen[1]

    def role_or_warn(self, dataset: Dataset, role_id: str) -> Role | None:
        """The role with role_id, or None after a warning at this directive."""
        return find_role(self.env, dataset, role_id, self.get_location())

    def figures(self) -> "FigureContext":
        """What drawing this directive's figures needs: the page, its options, this line."""
        return FigureContext(self.env, self.options, self.get_location())

    def caption(self, dataset: Dataset, level: str | None = None, place: str | None = None) -> str:
        """The caption: the :caption: option, or one built from the data (FigureContext)."""
        return self.figures().caption(dataset, level, place)

    def source_note(
        self, dataset: Dataset, source_ids: Iterable[str | None] = (None,)
    ) -> nodes.paragraph:
        """Where the figures come from and which month they describe (FigureContext)."""
        return self.figures().source_note(dataset, source_ids)

    def unavailable(self) -> list[nodes.Node]:
        """What readers see in place of figures that could not be read."""
        return [own_text(nodes.paragraph("", gettext(UNAVAILABLE), classes=["valenx-unavailable"]))]

    def warn_usage(self, message: str) -> None:
        """Warn about a misused option, at the directive's line."""
        warn(message, Subtype.USAGE, self.get_location())
