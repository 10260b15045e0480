"""What every data directive shares: its common options, loading and role selection."""

import re
from collections import Counter
from collections.abc import Callable
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from valenx_kb.data import Dataset, Role
from valenx_kb.datasource import dataset_for_page, find_role, formatter
from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.urls import is_safe_url

# How :sort: orders roles; "listed" keeps the order of :roles: or of the data file.
SORT_ORDERS: dict[str, Callable[[list[Role]], list[Role]]] = {
    "listed": lambda roles: roles,
    "salary-desc": lambda roles: sorted(roles, key=lambda role: (-role.salary, role.title)),
    "salary-asc": lambda roles: sorted(roles, key=lambda role: (role.salary, role.title)),
    "title": lambda roles: sorted(roles, key=lambda role: role.title.casefold()),
}


def split_list(text: str) -> list[str]:
    """The items of an option written as "a, b, c" or "a b c"."""
    return [item for item in re.split(r"[,\s]+", text.strip()) if item]


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
        return dataset_for_page(self.env, self.get_location(), self.options.get("data"))

    def selected_roles(self, dataset: Dataset) -> list[Role] | None:
        """The roles named by :roles: (all by default), in the order :sort: asks for."""
        listed = split_list(self.options.get("roles", ""))
        if "roles" in self.options and not listed:
            known = ", ".join(dataset.role_ids)
            self.warn_usage(
                f":roles: is empty. List at least one role id ({known}), "
                "or leave :roles: out to show every role."
            )
            return None
        counts = Counter(listed or dataset.role_ids)
        for role_id in (role_id for role_id, count in counts.items() if count > 1):
            self.warn_usage(f"the role {role_id!r} is listed twice in :roles:. List it once.")
        roles = [
            role for role_id in counts if (role := self.role_or_warn(dataset, role_id)) is not None
        ]
        sort = self.options.get("sort", self.default_sort).strip()
        if sort not in SORT_ORDERS:
            self.warn_usage(f"unknown :sort: value {sort!r}; use one of: {', '.join(SORT_ORDERS)}.")
            return None
        return SORT_ORDERS[sort](roles) or None

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
        return find_role(dataset, role_id, self.get_location())

    def caption(self, dataset: Dataset) -> str:
        """The caption: the :caption: option, or one built from the dataset's metadata."""
        month = formatter(self.env, dataset).month(dataset.as_of)
        default = f"{dataset.title}, {dataset.region}, {month}"
        return str(self.options.get("caption", default))

    def source_note(self, dataset: Dataset) -> nodes.paragraph:
        """A short note on where the figures come from and which month they describe."""
        month = formatter(self.env, dataset).month(dataset.as_of)
        note = nodes.paragraph("", "", classes=["valenx-source-note"])
        note += nodes.Text("Source: ")
        source = nodes.Text(dataset.source)
        if dataset.source_url and is_safe_url(dataset.source_url):
            note += nodes.reference("", "", source, refuri=dataset.source_url)
        else:
            note += source
        note += nodes.Text(f" Figures as of {month}.")
        return note

    def unavailable(self) -> list[nodes.Node]:
        """What readers see in place of figures that could not be read."""
        text = "These figures are unavailable: the data file has an error (see the build log)."
        return [nodes.paragraph("", text, classes=["valenx-unavailable"])]

    def warn_usage(self, message: str) -> None:
        """Warn about a misused option, at the directive's line."""
        warn(message, Subtype.USAGE, self.get_location())
