"""Valenx Press knowledge-base extension for Sphinx."""

from typing import Any

from sphinx.application import Sphinx

from valenx_kb.chart import SalaryChart, salary_bar, skip_node, visit_salary_bar_html
from valenx_kb.datasource import add_config_values, check_site_data
from valenx_kb.figures import DatasetRole, SalaryDifferenceRole, SalaryRole, SkillsRole
from valenx_kb.tables import ComparisonTable

__version__ = "0.2.0"

DIRECTIVES = {"comparison-table": ComparisonTable, "salary-chart": SalaryChart}
ROLES = {
    "salary": SalaryRole,
    "salary-diff": SalaryDifferenceRole,
    "skills": SkillsRole,
    "dataset": DatasetRole,
}


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    add_config_values(app)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    for name, role in ROLES.items():
        app.add_role(name, role())
    skip = (skip_node, None)
    app.add_node(
        salary_bar,
        html=(visit_salary_bar_html, None),
        latex=skip,
        text=skip,
        man=skip,
        texinfo=skip,
    )
    app.connect("env-before-read-docs", check_site_data)
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
