"""Inline figures: {salary}`ai-engineer` and the like (MyST role syntax) quote the data in prose."""

from collections.abc import Callable

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from valenx_kb.data import Dataset, Role
from valenx_kb.datasource import dataset_for_page, find_role, formatter
from valenx_kb.diagnostics import Subtype, warn


class InlineFigure(SphinxRole):
    """Base for the inline figures: load the data, render text or a fallback."""

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

    def role_or_warn(self, dataset: Dataset, role_id: str) -> Role | None:
        """The job role named in the text, or None after a warning at this line."""
        return find_role(dataset, role_id.strip(), self.get_location())


class SalaryFigure(InlineFigure):
    """{salary}`ai-engineer`: a role's average salary, e.g. "$141,000"."""

    def render(self, dataset: Dataset) -> str | None:
        """The role's salary in the site's language."""
        role = self.role_or_warn(dataset, self.text)
        return formatter(self.env, dataset).money(role.salary) if role else None


class SalaryDifferenceFigure(InlineFigure):
    """{salary-diff}`ml-engineer vs ai-engineer`: "+$5,000 (+3.5%)"."""

    def render(self, dataset: Dataset) -> str | None:
        """How much the first role earns above (or below) the second."""
        first, separator, second = self.text.partition(" vs ")
        if not separator:
            message = "write {salary-diff}`ROLE vs BASELINE`, e.g. `ml-engineer vs ai-engineer`, "
            message += f"not {self.text!r}."
            warn(message, Subtype.USAGE, self.get_location())
            return None
        role, baseline = self.role_or_warn(dataset, first), self.role_or_warn(dataset, second)
        if role is None or baseline is None:
            return None
        return formatter(self.env, dataset).difference(role.salary, baseline.salary)


class SkillsFigure(InlineFigure):
    """{skills}`ai-engineer`: the role's required skills, "Python, Java, C++, AI frameworks"."""

    def render(self, dataset: Dataset) -> str | None:
        """The skills, comma-separated, most important first."""
        role = self.role_or_warn(dataset, self.text)
        return ", ".join(role.skills) if role else None


# {dataset}`FIELD`: facts about the whole data set.
DATASET_FIELDS: dict[str, Callable[[Dataset, "DatasetFigure"], str]] = {
    "as-of": lambda data, figure: formatter(figure.env, data).month(data.as_of),
    "region": lambda data, figure: data.region,
    "basis": lambda data, figure: data.basis,
    "currency": lambda data, figure: data.currency,
    "source": lambda data, figure: data.source,
    "title": lambda data, figure: data.title,
}


class DatasetFigure(InlineFigure):
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
