"""The salary-history directive: a role's figures in each edition, oldest first, and the change."""

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from docutils import nodes

from valenx_kb.changes import COMPARED, Change, compare, history
from valenx_kb.chart import RANGE, ChartDirective, Row, draw_chart, statistic_name
from valenx_kb.data import Dataset, Role
from valenx_kb.data_model import Figures
from valenx_kb.datasource import formatter
from valenx_kb.translation import N_, gettext, own_text

# What readers see.
CAPTION = N_("{role}: {statistic} by edition, {region}")
# Translators: {statistic} is one of the statistics' names, {change} a signed percentage.
CHANGE = N_("Change in the {statistic} since {month}: {change}.")
NO_EARLIER = N_("No earlier edition gives figures for {role}, so there is no change to show yet.")
NO_CHANGE = N_("The figures of {month} and now share no average or median: no change to show.")


class SalaryHistory(ChartDirective):
    """Render a role's figures edition by edition, from the oldest to the current one."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        name: ChartDirective.option_spec[name]
        for name in ("statistic", "caption", "data", "class", "name")
    }

    def run(self) -> list[nodes.Node]:
        """Build the chart: a caption, one list item per edition, a scale, the latest change."""
        dataset = self.dataset()
        if dataset is None:
            return self.unavailable()
        statistic = self.statistic()
        role = self.role_or_warn(dataset, self.arguments[0])
        if statistic is None or role is None:
            return []
        month = formatter(self.env, dataset).month
        points = history(dataset, role)
        rows = [
            Row(month(as_of), figures, figures.source or edition_source(dataset, as_of))
            for as_of, figures in points
        ]
        default = gettext(CAPTION).format(
            role=role.title, statistic=statistic_name(statistic), region=dataset.region
        )
        caption = str(self.options.get("caption", default))
        change = self.change(dataset, role, points, statistic)
        chart = draw_chart(
            self.figures(), dataset, caption, rows, statistic, dataset.currency, change
        )
        self.add_name(chart)
        return [chart]

    def change(
        self, dataset: Dataset, role: Role, points: list[tuple[date, Figures]], statistic: str
    ) -> nodes.paragraph:
        """The change since the edition before the current one, in words."""
        fmt = formatter(self.env, dataset)
        if len(points) < 2:
            text = gettext(NO_EARLIER).format(role=role.title)
        else:
            (since, before), (_, after) = points[-2], points[-1]
            found = latest_change(before, after, since, statistic)
            if found is None:
                text = gettext(NO_CHANGE).format(month=fmt.month(since))
            else:
                text = gettext(CHANGE).format(
                    statistic=statistic_name(found.statistic),
                    month=fmt.month(since),
                    change=fmt.percent_change(found.share),
                )
        return own_text(nodes.paragraph("", text, classes=["valenx-chart-change"]))


def latest_change(before: Figures, after: Figures, since: date, statistic: str) -> Change | None:
    """The change of the statistic drawn (a range's median), else of the average or median."""
    drawn = "median" if statistic == RANGE else statistic
    return compare(before, after, since, (drawn, *COMPARED))


def edition_source(dataset: Dataset, as_of: date) -> str | None:
    """The source of the edition of as_of; None for the current figures or the dataset's own."""
    edition = dataset.edition(as_of)
    return None if edition is None else edition.source
