"""The generated role-vs-role pages: compare/<first>-vs-<second>, one per pair not in a post.

comparisons.py works out which pairs of the data file's `comparisons` get a
page; generated_pages.py writes them with its other pages (html and dirhtml
only, re-written when what they show changes, in every -j process). A page
shows the two roles' table with the difference, the chart, the skills they
share and those they do not, links to each role's page and the newest posts
about both. Its figures are drawn by the comparison-table's and the
salary-chart's own code, so they read exactly as they do on other pages.
"""

from dataclasses import replace
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder

from valenx_kb.chart import Row, draw_chart
from valenx_kb.comparisons import site_comparisons
from valenx_kb.data import Dataset, Role
from valenx_kb.datadirective import FigureContext, by_salary
from valenx_kb.datasource import site_dataset
from valenx_kb.domain import KnowledgeBaseDomain
from valenx_kb.downloads import download_links
from valenx_kb.generated_pages import PAGES_EVENT, GeneratedPage, heading
from valenx_kb.listings import card_for, card_grid
from valenx_kb.records import Card, ListingKind
from valenx_kb.tables import Table
from valenx_kb.translation import N_, gettext

# What readers see.
INTRO = N_("{first} and {second} side by side: their salaries, their skills and posts about both.")
SALARIES = N_("Salaries")
SKILLS = N_("Skills")
SHARED_SKILLS = N_("Both roles ask for")
ONLY_ONE = N_("Only {role} asks for")
# Translators: in place of a list of skills, when a role has none the other lacks.
NO_SKILLS = N_("None")
ROLES = N_("About each role")
ROLE_SEPARATOR = ": "  # between a role's title and its summary
POSTS = N_("Posts about both roles")
CLASH = "Move that page, or take the pair out of the data file's 'comparisons'."

# The statistic a page compares: the first both roles give. Only averages get a difference.
COMPARED = {
    "average": ["title", "salary", "skills", "difference"],
    "median": ["title", "median", "skills"],
}
TABLE_ID = "salaries-table"
POSTS_SHOWN = 12  # the newest posts about both: a page never grows with the site


def comparison_pages(app: Sphinx, domain: KnowledgeBaseDomain) -> list[GeneratedPage]:
    """The page of each pair no post compares (PAGES_EVENT)."""
    dataset = site_dataset(app.env)
    if dataset is None:
        return []
    language = app.config.language
    pages = []
    for comparison in site_comparisons(app.env, dataset):
        if comparison.post is not None:
            continue
        link = comparison.link
        cards = tuple(card_for(post, language) for post in comparison.about_both[:POSTS_SHOWN])
        # What the page shows, and only that: editing another role, or moving lines of the
        # file, re-writes no page here.
        pair = (without_lines(comparison.first), without_lines(comparison.second))
        shown = replace(dataset, roles=pair, editions=(), reading=(), comparisons=())
        shows = (shown, comparison.first.id, comparison.second.id, cards)
        pages.append(GeneratedPage(link.docname, link.title, comparison_body, shows, fix=CLASH))
    return pages


def without_lines(role: Role) -> Role:
    """The role with the lines of its figures in the data file left out: pages never show them."""
    breakdown = tuple(replace(figures, line=0) for figures in role.breakdown)
    return replace(role, line=0, breakdown=breakdown)


def comparison_body(
    builder: Builder,
    pagename: str,
    dataset: Dataset,
    first_id: str,
    second_id: str,
    cards: tuple[Card, ...],
) -> list[nodes.Node]:
    """The intro, the table and chart, the skills, links to the roles and the posts about both."""
    first, second = dataset.role(first_id), dataset.role(second_id)
    assert first is not None  # the data file's checks saw to that
    assert second is not None
    # No directive, no options: warnings (there should be none) point at the data file.
    figures = FigureContext(builder.env, {}, str(dataset.path))
    statistic = compared_statistic(first, second)
    table = Table(figures, dataset, (None, None), first, None)
    table_node = table.build([first, second], columns_for(statistic))
    table_node["ids"] = [TABLE_ID]  # a captioned table needs one; reading gives others theirs
    chart: list[nodes.Node] = []
    if statistic is not None:
        # Highest first, as salary-chart sorts by default.
        pair = by_salary([first, second], lambda role: role.overall.statistic(statistic), -1)
        rows = [Row(role.title, role.overall, role.source) for role in pair]
        caption = figures.caption(dataset)
        chart.append(draw_chart(figures, dataset, caption, rows, statistic, dataset.currency))
    return [
        nodes.paragraph("", gettext(INTRO).format(first=first.title, second=second.title)),
        heading(2, gettext(SALARIES)),
        table_node,
        figures.source_note(dataset, table.sources),
        download_links(builder, pagename, dataset.path),
        *chart,
        heading(2, gettext(SKILLS)),
        skills_list(first, second),
        heading(2, gettext(ROLES)),
        role_links(figures, dataset, first, second),
        heading(2, gettext(POSTS)),
        card_grid(list(cards), ListingKind.INDEX),
    ]


def compared_statistic(first: Role, second: Role) -> str | None:
    """The statistic both roles give, average first; None when they share none."""
    for name in COMPARED:
        given = [role.overall.statistic(name) for role in (first, second)]
        if None not in given:
            return name
    return None


def columns_for(statistic: str | None) -> list[str]:
    """The table's columns: the compared statistic (and the difference of averages), skills."""
    return list(COMPARED[statistic]) if statistic else ["title", "skills"]


def skills_list(first: Role, second: Role) -> nodes.definition_list:
    """The skills both roles ask for, then those only one of them does."""
    shared = {skill.casefold() for skill in first.skills}
    shared &= {skill.casefold() for skill in second.skills}
    both = [skill for skill in first.skills if skill.casefold() in shared]
    entries = [(gettext(SHARED_SKILLS), both)]
    for role in (first, second):
        only = [skill for skill in role.skills if skill.casefold() not in shared]
        entries.append((gettext(ONLY_ONE).format(role=role.title), only))
    listing = nodes.definition_list("", classes=["valenx-skills"])
    for term, skills in entries:
        text = ", ".join(skills) or gettext(NO_SKILLS)
        listing += nodes.definition_list_item(
            "", nodes.term("", term), nodes.definition("", nodes.paragraph("", text))
        )
    return listing


def role_links(
    figures: FigureContext, dataset: Dataset, first: Role, second: Role
) -> nodes.bullet_list:
    """Each role's title, linked to its page as in the table, and its summary."""
    items = nodes.bullet_list()
    for role in (first, second):
        line = nodes.paragraph(
            "", "", figures.role_title(dataset, role), nodes.Text(ROLE_SEPARATOR)
        )
        line += nodes.Text(role.summary)
        items += nodes.list_item("", line)
    return items


def setup(app: Sphinx) -> dict[str, Any]:
    """Give generated_pages.py the comparison pages; comparisons.py fills the role pages' lists."""
    app.setup_extension("valenx_kb.generated_pages")
    app.setup_extension("valenx_kb.comparisons")
    app.connect(PAGES_EVENT, comparison_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
