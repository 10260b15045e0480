"""Inline roles that put figures from the data file into prose."""

from collections.abc import Callable

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from valenx_kb.data import Dataset, Role
from valenx_kb.datasource import dataset_for_page, find_role, formatter
from valenx_kb.diagnostics import Subtype, warn


class FigureRole(SphinxRole):
    """Base for the inline figure roles: load the data, render text or a fallback."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Render the figure as plain text in an inline node."""
        dataset = dataset_for_page(self.env, self.get_location())
        text = self.render(dataset) if dataset is not None else None
        if text is None:
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        return [nodes.inline(self.rawtext, text, classes=["valenx-figure"])], []

    def render(self, dataset: Dataset) -> str | None:
        """The figure's text, or None after a warning."""
        raise NotImplementedError

    def role(self, dataset: Dataset, role_id: str) -> Role | None:
        """The role named in the text, or None after a warning at this line."""
        return find_role(dataset, role_id.strip(), self.get_location())


class SalaryRole(FigureRole):
    """{salary}`ai-engineer`: a role's average salary, e.g. "$141,000"."""

    def render(self, dataset: Dataset) -> str | None:
        """The role's salary in the site's language."""
        role = self.role(dataset, self.text)
        return formatter(self.env, dataset).money(role.salary) if role else None


class SalaryDifferenceRole(FigureRole):
    """{salary-diff}`ml-engineer vs ai-engineer`: "+$5,000 (+3.5%)"."""

    def render(self, dataset: Dataset) -> str | None:
        """How much the first role earns above (or below) the second."""
        first, separator, second = self.text.partition(" vs ")
        if not separator:
            message = "write {salary-diff}`ROLE vs BASELINE`, e.g. `ml-engineer vs ai-engineer`, "
            message += f"not {self.text!r}."
            warn(message, Subtype.USAGE, self.get_location())
            return None
        role, baseline = self.role(dataset, first), self.role(dataset, second)
        if role is None or baseline is None:
            return None
        return formatter(self.env, dataset).difference(role.salary, baseline.salary)


class SkillsRole(FigureRole):
    """{skills}`ai-engineer`: the role's required skills, "Python, Java, C++, AI frameworks"."""

    def render(self, dataset: Dataset) -> str | None:
        """The skills, comma-separated, most important first."""
        role = self.role(dataset, self.text)
        return ", ".join(role.skills) if role else None


# {dataset}`FIELD`: facts about the whole data set.
DATASET_FIELDS: dict[str, Callable[[Dataset, "DatasetRole"], str]] = {
    "as-of": lambda data, role: formatter(role.env, data).month(data.as_of),
    "region": lambda data, role: data.region,
    "basis": lambda data, role: data.basis,
    "currency": lambda data, role: data.currency,
    "source": lambda data, role: data.source,
    "title": lambda data, role: data.title,
}


class DatasetRole(FigureRole):
    """{dataset}`as-of`: a fact about the data set, e.g. "June 2026" or "United States"."""

    def render(self, dataset: Dataset) -> str | None:
        """The named field of the data set."""
        field = self.text.strip()
        if field not in DATASET_FIELDS:
            known = ", ".join(DATASET_FIELDS)
            message = f"unknown dataset field {field!r}; use one of: {known}."
            warn(message, Subtype.USAGE, self.get_location())
            return None
        return DATASET_FIELDS[field](dataset, self)
