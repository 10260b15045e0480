"""The comparison-table directive: roles side by side, as docutils table nodes."""

from collections.abc import Callable
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from valenx_kb.changes import change_since, edition_named
from valenx_kb.data import Dataset, Role
from valenx_kb.data_model import RANGES, Amount, Edition, Figures
from valenx_kb.datadirective import DataDirective, FigureContext, split_list
from valenx_kb.downloads import download_note
from valenx_kb.formatting import Formatter, formatter_for
from valenx_kb.translation import N_, gettext

# Column name -> header readers see. The first three match the seed article's table.
COLUMN_HEADERS = {
    "title": N_("Job Title"),
    "salary": N_("Average Salary"),
    "median": N_("Median Salary"),
    "p10": N_("10th Percentile"),
    "p25": N_("25th Percentile"),
    "p75": N_("75th Percentile"),
    "p90": N_("90th Percentile"),
    "p25-p75": N_("Middle Half (25th\u201375th Percentile)"),
    "p10-p90": N_("10th\u201390th Percentile"),
    "base": N_("Base Salary"),
    "bonus": N_("Bonus"),
    "equity": N_("Equity"),
    "total": N_("Total Compensation"),
    "sample-size": N_("Sample Size"),
    "change": N_("Change"),
    "skills": N_("Required Skills"),
    "summary": N_("Summary"),
    "difference": N_("Difference"),
}
DIFFERENCE_HEADER = N_("Difference vs {role}")
CHANGE_HEADER = N_("Change since {month}")
# Translators: the difference column's cell of the role the others are compared with.
BASELINE = N_("baseline")
# A change that compares medians says so, so it never reads as a change of averages.
MEDIAN_CHANGE = N_("{change} (median)")
NOT_GIVEN = "—"  # a figure the data does not give

DEFAULT_COLUMNS = ["title", "salary", "skills"]
# Columns showing one statistic of the figures (data_model.STATISTICS), by column name.
STATISTIC_COLUMNS = {
    "salary": "average",
    **{name: name for name in ("median", "p10", "p25", "p75", "p90")},
    **{name: name for name in ("base", "bonus", "equity", "total")},
}
NUMERIC_COLUMNS = {*STATISTIC_COLUMNS, *RANGES, "sample-size", "change", "difference"}


class ComparisonTable(DataDirective):
    """Render roles from the data file as a table: title, statistics, skills and more."""

    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        **DataDirective.option_spec,
        "columns": directives.unchanged,
        "baseline": directives.unchanged,
        "edition": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        """Build the table, its caption and the source note."""
        dataset = self.dataset()
        if dataset is None:
            return self.unavailable()
        breakdown = self.breakdown(dataset)
        if breakdown is None:
            return []
        level, place = breakdown
        roles = self.selected_roles(dataset, lambda role: _average(role.figures(level, place)))
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
        edition = self.edition(dataset, columns, breakdown)
        table = Table(self.figures(), dataset, breakdown, baseline, edition)
        node = table.build(roles, columns)
        self.add_name(node)
        return [
            node,
            self.source_note(dataset, table.sources),
            download_note(self.env, dataset.path),
        ]

    def columns(self) -> list[str] | None:
        """The columns to show, checked against the known ones."""
        columns = split_list(self.options.get("columns", "")) or list(DEFAULT_COLUMNS)
        unknown = [column for column in columns if column not in COLUMN_HEADERS]
        if unknown:
            known = ", ".join(COLUMN_HEADERS)
            self.warn_usage(f"unknown column {unknown[0]!r} in :columns:; use any of: {known}.")
            return None
        return columns

    def edition(
        self, dataset: Dataset, columns: list[str], breakdown: tuple[str | None, str | None]
    ) -> Edition | None:
        """The earlier edition the change column compares with, if it shows one.

        Naming an :edition: adds the change column; without one it compares with the
        newest earlier edition. A change that cannot be shown warns and drops the column.
        """
        written = self.options.get("edition", "").strip()
        if written and "change" not in columns:
            columns.append("change")
        if "change" not in columns:
            return None
        found = self.find_edition(dataset, written, breakdown)
        if found is None:
            columns.remove("change")
        return found

    def find_edition(
        self, dataset: Dataset, written: str, breakdown: tuple[str | None, str | None]
    ) -> Edition | None:
        """The edition named (the newest earlier one by default), or None after a warning."""
        if breakdown != (None, None) and dataset.editions:
            self.warn_usage(
                "the 'change' column compares overall figures: editions keep no figures by "
                "level or location. Remove :level: and :location:, or the column."
            )
            return None
        found = edition_named(dataset, written)
        if isinstance(found, str):
            self.warn_usage(found)
            return None
        return found


class Table:
    """One table being built: the figures it shows and the sources they come from."""

    def __init__(
        self,
        context: FigureContext,
        dataset: Dataset,
        breakdown: tuple[str | None, str | None],
        baseline: Role | None,
        edition: Edition | None,
    ) -> None:
        self.context = context
        self.dataset = dataset
        self.level, self.place = breakdown
        self.baseline = baseline
        self.edition = edition
        self.language = context.env.config.language
        self.sources: list[str | None] = []

    def build(self, roles: list[Role], columns: list[str]) -> nodes.table:
        """The docutils table: caption, one header row, one row per role."""
        rows = [[self.cell(name, role) for name in columns] for role in roles]
        if not self.sources:
            self.sources.append(None)
        header: list[nodes.Node] = [nodes.Text(self.header(name)) for name in columns]
        # HTML sizes columns itself; text and LaTeX writers need widths in characters.
        classes = ["valenx-table", "colwidths-auto", *self.context.options.get("class", [])]
        caption = self.context.caption(self.dataset, self.level, self.place)
        title = self.context.caption_node(nodes.title("", caption))
        table = nodes.table("", title, classes=classes)
        group = nodes.tgroup("", cols=len(columns))
        table += group
        for index in range(len(columns)):
            width = max(len(row[index].astext()) for row in [header, *rows])
            group += nodes.colspec(colwidth=width + 2)
        group += nodes.thead("", _row(header, columns))
        group += nodes.tbody("", *(_row(cells, columns) for cells in rows))
        return table

    def header(self, column: str) -> str:
        """The header readers see over a column."""
        if column == "difference" and self.baseline is not None:
            return gettext(DIFFERENCE_HEADER).format(role=self.baseline.title)
        if column == "change" and self.edition is not None:
            month = self.formatter(self.dataset.currency).month(self.edition.as_of)
            return gettext(CHANGE_HEADER).format(month=month)
        return gettext(COLUMN_HEADERS[column])

    def cell(self, column: str, role: Role) -> nodes.Node:
        """The content of one cell."""
        if column == "title":
            return self.context.role_title(self.dataset, role)
        if column == "skills":
            return nodes.Text(", ".join(role.skills))
        if column == "summary":
            return nodes.Text(role.summary)
        figures = role.figures(self.level, self.place)
        if figures is None:
            return nodes.Text(NOT_GIVEN)
        return nodes.Text(self.figure(column, role, figures) or NOT_GIVEN)

    def figure(self, column: str, role: Role, figures: Figures) -> str | None:
        """The text of a cell showing a figure, or None when the data does not give it."""
        fmt = self.formatter(figures.currency)
        if column in STATISTIC_COLUMNS:
            amount = figures.statistic(STATISTIC_COLUMNS[column])
            return None if amount is None else self.used(figures, fmt.money(amount))
        if column in RANGES:
            ends = figures.amounts(column)
            return None if ends is None else self.used(figures, fmt.figure(ends))
        if column == "sample-size":
            size = figures.sample_size
            return None if size is None else self.used(figures, fmt.count(size))
        if column == "change":
            assert self.edition is not None  # run() only asks for changes with an edition
            change = change_since(role, self.edition)
            if change is None:
                return None
            self.sources.append(self.edition.source)
            shown = fmt.percent_change(change.share)
            if change.statistic == "median":
                shown = gettext(MEDIAN_CHANGE).format(change=shown)
            return self.used(figures, shown)
        assert self.baseline is not None  # run() only asks for differences with a baseline
        if role == self.baseline:
            return gettext(BASELINE)
        other = self.baseline.figures(self.level, self.place)
        if figures.average is None or other is None or other.average is None:
            return None
        return self.used(figures, fmt.difference(figures.average, other.average))

    def used(self, figures: Figures, text: str) -> str:
        """Note the source of figures shown in a cell, and return the cell's text."""
        self.sources.append(figures.source)
        return text

    def formatter(self, currency: str) -> Formatter:
        """The formatter for the site's language and a figure's currency."""
        return formatter_for(self.language, currency)


def _average(figures: Figures | None) -> Amount | None:
    """The average of figures, if any, for sorting by salary."""
    return None if figures is None else figures.average


def _row(cells: list[nodes.Node], columns: list[str]) -> nodes.row:
    """A table row, numbers right-aligned."""
    row = nodes.row()
    for cell, column in zip(cells, columns, strict=True):
        classes = ["valenx-number"] if column in NUMERIC_COLUMNS else []
        row += nodes.entry("", nodes.paragraph("", "", cell), classes=classes)
    return row
