"""The salary-chart directive: bars or ranges on a scale from zero, the figures as text.

Each row is a list item, "AI Engineer: $141,000": the list is what screen readers,
e-books, LaTeX and plain text show. HTML adds the pictures (chart_nodes), which screen
readers skip, as every figure they show is in the text.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from valenx_kb.chart_nodes import salary_bar, salary_key, salary_range, salary_scale
from valenx_kb.data import Dataset
from valenx_kb.data_model import PERCENTILES, STATISTICS, Amount, Figures
from valenx_kb.datadirective import DataDirective, FigureContext
from valenx_kb.formatting import formatter_for
from valenx_kb.scale import Scale, nice_scale
from valenx_kb.translation import N_, gettext

RANGE = "range"  # the :statistic: drawing p10-p90 whiskers, a p25-p75 box and the median
CHART_STATISTICS = (*STATISTICS, RANGE)
# How the chart's text names each statistic.
STATISTIC_NAMES = {
    "average": N_("average"),
    "p10": N_("10th percentile"),
    "p25": N_("25th percentile"),
    "median": N_("median"),
    "p75": N_("75th percentile"),
    "p90": N_("90th percentile"),
    "base": N_("base salary"),
    "bonus": N_("bonus"),
    "equity": N_("equity"),
    "total": N_("total compensation"),
    RANGE: N_("percentiles"),
}
# What readers see next to each bar.
LABEL_SEPARATOR = ": "
# "median $68,000"; an average is shown as the amount alone.
# Translators: a figure of a chart: {statistic} is one of the statistics' names.
FIGURE = N_("{statistic} {amount}")
SPANS = {
    ("p25", "p75"): N_("25th to 75th percentile {low} to {high}"),
    ("p10", "p90"): N_("10th to 90th percentile {low} to {high}"),
}
PART_SEPARATOR = "; "
# Translators: in place of a bar's figure; {statistic} is one of the statistics' names.
NOT_GIVEN = N_("no {statistic} given")


@dataclass(frozen=True)
class Row:
    """One bar of a chart: what it is labelled, its figures and their source."""

    label: str
    figures: Figures | None
    source: str | None = None  # the id of a declared source; None means the dataset's


def drawn(figures: Figures | None, statistic: str) -> dict[str, Amount]:
    """The amounts a row draws, by statistic: one, or for a range every percentile given."""
    if figures is None:
        return {}
    names = PERCENTILES if statistic == RANGE else (statistic,)
    return {name: amount for name in names if (amount := figures.statistic(name)) is not None}


def sorting_amount(figures: Figures | None, statistic: str) -> Amount | None:
    """The amount a row is sorted by: the statistic drawn, or a range's median."""
    if figures is None:
        return None
    return figures.statistic("median" if statistic == RANGE else statistic)


class ChartDirective(DataDirective):
    """What the charts share: the :statistic: option, and drawing rows on a scale."""

    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        **DataDirective.option_spec,
        "statistic": directives.unchanged,
    }

    def statistic(self) -> str | None:
        """The :statistic: asked for (average by default), or None after a warning."""
        chosen = self.options.get("statistic", "").strip() or "average"
        if chosen not in CHART_STATISTICS:
            self.warn_usage(
                f"unknown :statistic: {chosen!r}; use one of: {', '.join(CHART_STATISTICS)}."
            )
            return None
        return chosen


class SalaryChart(ChartDirective):
    """Render roles' salaries as bars or ranges, in a chart that is also a readable list."""

    default_sort = "salary-desc"

    def run(self) -> list[nodes.Node]:
        """Build the chart: a caption, one list item per role, a scale."""
        dataset = self.dataset()
        if dataset is None:
            return self.unavailable()
        statistic = self.statistic()
        breakdown = self.breakdown(dataset)
        if statistic is None or breakdown is None:
            return []
        level, place = breakdown
        roles = self.selected_roles(
            dataset, lambda role: sorting_amount(role.figures(level, place), statistic)
        )
        if roles is None:
            return []
        rows = []
        for role in roles:
            figures = role.figures(level, place)
            rows.append(Row(role.title, figures, figures.source if figures else None))
        location = dataset.location(place) if place else None
        currency = location.currency if location else dataset.currency
        caption = self.caption(dataset, level, place)
        chart = draw_chart(self.figures(), dataset, caption, rows, statistic, currency)
        self.add_name(chart)
        return [chart]


def draw_chart(
    context: FigureContext,
    dataset: Dataset,
    caption: str,
    rows: list[Row],
    statistic: str,
    currency: str,
    *notes: nodes.Node,
) -> nodes.container:
    """A chart: caption, key, one list item per row, the scale, notes, other sources.

    currency is the currency of the scale's labels, which the rows' figures share.
    """
    amounts = [drawn(row.figures, statistic) for row in rows]
    kind = ["valenx-chart-range"] if statistic == RANGE else []
    classes = ["valenx-chart", *kind, *context.options.get("class", [])]
    chart = nodes.container("", classes=classes)
    chart += context.caption_node(nodes.paragraph("", caption, classes=["valenx-chart-caption"]))
    largest = max((amount for given in amounts for amount in given.values()), default=None)
    scale = None if largest is None else nice_scale(largest)
    if scale is None:
        _warn_nothing_drawn(context, dataset, statistic)
    elif statistic == RANGE:
        chart += salary_key(marks=_marks(amounts))
    items = nodes.bullet_list("", classes=["valenx-chart-bars"])
    for row, given in zip(rows, amounts, strict=True):
        items += nodes.list_item("", _line(context, row, given, statistic, scale))
    chart += items
    if scale is not None:
        fmt = formatter_for(context.env.config.language, currency)
        ticks = [(fmt.money(tick), scale.share(tick)) for tick in scale.ticks]
        chart += salary_scale(ticks=ticks, steps=scale.steps)
    chart.extend(notes)
    sources = [row.source for row, given in zip(rows, amounts, strict=True) if given]
    if any(source is not None for source in sources):
        chart += context.source_note(dataset, sources)
    return chart


def _line(
    context: FigureContext,
    row: Row,
    given: dict[str, Amount],
    statistic: str,
    scale: Scale | None,
) -> nodes.paragraph:
    """One row: its label, its picture and its figures as text."""
    line = nodes.paragraph()
    line += nodes.inline("", row.label, classes=["valenx-chart-label"])
    # Separates label and figure in text, LaTeX and screen readers; CSS hides it from view.
    line += nodes.inline("", LABEL_SEPARATOR, classes=["valenx-chart-separator"])
    if scale is not None:
        line += _picture(given, statistic, scale)
    if not given:
        text = gettext(NOT_GIVEN).format(statistic=statistic_name(statistic))
        line += nodes.inline("", text, classes=["valenx-chart-value", "valenx-chart-missing"])
        return line
    assert row.figures is not None  # drawn() gives nothing without figures
    money = formatter_for(context.env.config.language, row.figures.currency).money
    line += nodes.inline("", _figures_text(given, statistic, money), classes=["valenx-chart-value"])
    return line


def _warn_nothing_drawn(context: FigureContext, dataset: Dataset, statistic: str) -> None:
    """Say that no row has the figure the chart draws, and what to do."""
    wanted = "percentiles" if statistic == RANGE else statistic
    context.warn_usage(
        f"the data file {dataset.path.name} gives no {wanted} for any bar of this chart, "
        "so it draws none. Choose another :statistic: (or :level: and :location:), "
        "or add the figures to the data file."
    )


def _picture(given: dict[str, Amount], statistic: str, scale: Scale) -> nodes.Element:
    """The row's picture: a bar, a range, or an empty track when it has no figure."""
    if statistic != RANGE and statistic in given:
        return salary_bar(share=scale.share(given[statistic]), steps=scale.steps)
    picture = salary_range(steps=scale.steps)
    for mark, (low, high) in (("whisker", ("p10", "p90")), ("box", ("p25", "p75"))):
        if low in given and high in given:
            picture[mark] = (scale.share(given[low]), scale.share(given[high]))
    if "median" in given:
        picture["median"] = scale.share(given["median"])
    return picture


def _marks(amounts: list[dict[str, Amount]]) -> list[str]:
    """The marks a range chart draws in at least one row, for its key."""
    needs = {"box": ("p25", "p75"), "whisker": ("p10", "p90"), "median": ("median",)}
    return [
        mark
        for mark, names in needs.items()
        if any(all(name in given for name in names) for given in amounts)
    ]


def _figures_text(given: dict[str, Amount], statistic: str, money: Callable[[Amount], str]) -> str:
    """A row's figures in words: "$141,000", "median $68,000", or a range's percentiles."""
    if statistic == "average":
        return money(given["average"])
    figure = gettext(FIGURE)
    if statistic != RANGE:
        return figure.format(statistic=statistic_name(statistic), amount=money(given[statistic]))
    parts = []
    if "median" in given:
        median = money(given["median"])
        parts.append(figure.format(statistic=statistic_name("median"), amount=median))
    for (low, high), text in SPANS.items():
        if low in given and high in given:
            parts.append(gettext(text).format(low=money(given[low]), high=money(given[high])))
            continue
        parts.extend(
            figure.format(statistic=statistic_name(name), amount=money(given[name]))
            for name in (low, high)
            if name in given
        )
    return PART_SEPARATOR.join(parts)


def statistic_name(statistic: str) -> str:
    """How the chart's text names a statistic, in the site's language: "median"."""
    return gettext(STATISTIC_NAMES[statistic])
