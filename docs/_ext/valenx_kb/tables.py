"""The comparison-table directive: roles side by side, as docutils table nodes."""

from collections.abc import Callable
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from valenx_kb.data import Dataset, Role
from valenx_kb.datadirective import DataDirective, split_list
from valenx_kb.datasource import formatter
from valenx_kb.formatting import Formatter
from valenx_kb.links import doc_link

# Column name -> header readers see. The first three match the seed article's table.
COLUMN_HEADERS = {
    "title": "Job Title",
    "salary": "Average Salary",
    "skills": "Required Skills",
    "summary": "Summary",
    "difference": "Difference",
}
DEFAULT_COLUMNS = ["title", "salary", "skills"]
NUMERIC_COLUMNS = {"salary", "difference"}


class ComparisonTable(DataDirective):
    """Render roles from the data file as a table: title, salary, skills and more."""

    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        **DataDirective.option_spec,
        "columns": directives.unchanged,
        "baseline": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        """Build the table, its caption and the source note."""
        dataset = self.dataset()
        if dataset is None:
            return self.unavailable()
        roles = self.selected_roles(dataset)
        columns = self.columns()
        baseline_id = self.options.get("baseline", "").strip()
        baseline = self.role_or_warn(dataset, baseline_id) if baseline_id else None
        if roles is None or columns is None or (baseline_id and baseline is None):
            return []
        if baseline is not None and "difference" not in columns:
            columns.append("difference")
        if baseline is None and "difference" in columns:
            self.warn_usage("the 'difference' column needs a :baseline: role to compare with.")
            columns.remove("difference")
        table = self.build_table(dataset, roles, columns, baseline)
        self.add_name(table)
        return [table, self.source_note(dataset)]

    def columns(self) -> list[str] | None:
        """The columns to show, checked against the known ones."""
        columns = split_list(self.options.get("columns", "")) or list(DEFAULT_COLUMNS)
        unknown = [column for column in columns if column not in COLUMN_HEADERS]
        if unknown:
            known = ", ".join(COLUMN_HEADERS)
            self.warn_usage(f"unknown column {unknown[0]!r} in :columns:; use any of: {known}.")
            return None
        return columns

    def build_table(
        self, dataset: Dataset, roles: list[Role], columns: list[str], baseline: Role | None
    ) -> nodes.table:
        """The docutils table: caption, one header row, one row per role."""
        fmt = formatter(self.env, dataset)
        headers = dict(COLUMN_HEADERS)
        if baseline is not None:
            headers["difference"] = f"Difference vs {baseline.title}"
        rows = [[self.cell(name, role, fmt, baseline) for name in columns] for role in roles]
        header: list[nodes.Node] = [nodes.Text(headers[name]) for name in columns]
        # HTML sizes columns itself; text and LaTeX writers need widths in characters.
        classes = ["valenx-table", "colwidths-auto", *self.options.get("class", [])]
        table = nodes.table("", nodes.title("", self.caption(dataset)), classes=classes)
        group = nodes.tgroup("", cols=len(columns))
        table += group
        for index in range(len(columns)):
            width = max(len(row[index].astext()) for row in [header, *rows])
            group += nodes.colspec(colwidth=width + 2)
        group += nodes.thead("", self.row(header, columns))
        group += nodes.tbody("", *(self.row(cells, columns) for cells in rows))
        return table

    def cell(self, column: str, role: Role, fmt: Formatter, baseline: Role | None) -> nodes.Node:
        """The content of one cell."""
        if column == "title":
            return doc_link(role.page, role.title)
        if column == "salary":
            return nodes.Text(fmt.money(role.salary))
        if column == "skills":
            return nodes.Text(", ".join(role.skills))
        if column == "summary":
            return nodes.Text(role.summary)
        assert baseline is not None  # run() only asks for differences with a baseline
        if role == baseline:
            return nodes.Text("baseline")
        return nodes.Text(fmt.difference(role.salary, baseline.salary))

    @staticmethod
    def row(cells: list[nodes.Node], columns: list[str]) -> nodes.row:
        """A table row, numbers right-aligned."""
        row = nodes.row()
        for cell, column in zip(cells, columns, strict=True):
            classes = ["valenx-number"] if column in NUMERIC_COLUMNS else []
            row += nodes.entry("", nodes.paragraph("", "", cell), classes=classes)
        return row
