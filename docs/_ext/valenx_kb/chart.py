"""The salary-chart directive: horizontal bars drawn with CSS, figures as text."""

from typing import Any

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

from valenx_kb.data import Dataset, Role
from valenx_kb.datadirective import DataDirective
from valenx_kb.datasource import formatter


class salary_bar(nodes.General, nodes.Inline, nodes.Element):  # noqa: N801 (docutils naming)
    """A decorative bar whose length is a share of the largest salary; HTML only."""


def visit_salary_bar_html(translator: HTML5Translator, node: salary_bar) -> None:
    """Write the bar as an empty span; its width comes from a CSS variable."""
    share = float(node["share"])
    translator.body.append(
        f'<span class="valenx-bar" style="--valenx-share: {share:.1f}%" aria-hidden="true"></span>'
    )
    raise nodes.SkipNode


def skip_node(translator: Any, node: nodes.Element) -> None:
    """Leave the bar out: the figures next to it already say everything."""
    raise nodes.SkipNode


class SalaryChart(DataDirective):
    """Render roles' salaries as a bar chart that is also a readable list."""

    default_sort = "salary-desc"

    def run(self) -> list[nodes.Node]:
        """Build the chart: a caption and one list item per role."""
        dataset = self.dataset()
        if dataset is None:
            return self.unavailable()
        roles = self.selected_roles(dataset)
        if roles is None:
            return []
        chart = nodes.container("", classes=["valenx-chart", *self.options.get("class", [])])
        chart += nodes.paragraph("", self.caption(dataset), classes=["valenx-chart-caption"])
        chart += self.bars(dataset, roles)
        self.add_name(chart)
        return [chart]

    def bars(self, dataset: Dataset, roles: list[Role]) -> nodes.bullet_list:
        """One item per role: its title, a bar scaled to the largest salary, the figure."""
        fmt = formatter(self.env, dataset)
        largest = max(role.salary for role in roles)
        items = nodes.bullet_list("", classes=["valenx-chart-bars"])
        for role in roles:
            line = nodes.paragraph()
            line += nodes.inline("", role.title, classes=["valenx-chart-label"])
            # Separates label and figure in text, LaTeX and screen readers; hidden by CSS.
            line += nodes.inline("", ": ", classes=["valenx-chart-separator"])
            line += salary_bar(share=100 * role.salary / largest)
            line += nodes.inline("", fmt.money(role.salary), classes=["valenx-chart-value"])
            items += nodes.list_item("", line)
        return items
