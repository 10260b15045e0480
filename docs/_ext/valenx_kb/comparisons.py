"""Role-vs-role comparisons: which page compares each pair, and the lists on role pages.

The data file's `comparisons` names pairs of roles. Once every page is read,
each pair is compared either by a hand-written post (one whose front matter
says it `compares` the two, else one whose `roles` are exactly the two) or by a
page the build generates (comparison_pages.py).
The role-comparisons directive lists a role's comparisons: reading it leaves a
placeholder, filled when the page is written from what env-updated worked out,
and a page whose list changed is returned to be re-written, as listings.py
does for cards. Generated pages exist for html and dirhtml only; other
builders list the posts alone.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from valenx_kb.data import Dataset, Role
from valenx_kb.datasource import site_dataset
from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.domain import KnowledgeBaseDomain, knowledge_base
from valenx_kb.links import WEB_BUILDERS
from valenx_kb.records import ComparisonLink, ComparisonList, Post
from valenx_kb.site_index import newest_first
from valenx_kb.translation import N_, gettext

FOLDER = "compare"  # generated pages are compare/<first>-vs-<second>
PAGE_NAME = FOLDER + "/{first}-vs-{second}"
PAGE_TITLE = N_("{first} vs {second}: salaries and skills")
NO_COMPARISONS = N_("No comparisons with other roles yet.")


class comparison_list_placeholder(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Where a role's comparisons go once every page is known."""


@dataclass(frozen=True)
class Comparison:
    """A pair of roles, the post that compares them (if any) and the posts about both."""

    first: Role
    second: Role
    # The post that compares the two (its 'compares', else roles exactly the two): it takes
    # the generated page's place.
    post: Post | None
    about_both: tuple[Post, ...]  # every post whose roles include both, newest first

    @property
    def pagename(self) -> str:
        """The generated page's name: compare/ai-engineer-vs-ml-engineer."""
        return PAGE_NAME.format(first=self.first.id, second=self.second.id)

    @property
    def link(self) -> ComparisonLink:
        """What a role page's list shows of this comparison: the post, else the generated page."""
        if self.post is not None:
            return ComparisonLink(self.post.docname, self.post.title, generated=False)
        title = gettext(PAGE_TITLE).format(first=self.first.title, second=self.second.title)
        return ComparisonLink(self.pagename, title, generated=True)


def plan_comparisons(dataset: Dataset, posts: Iterable[Post]) -> list[Comparison]:
    """Each pair of the data file, in its order, with the posts about both roles.

    posts are those the site shows, newest first; they are indexed by role once,
    so the work grows with the posts, not with posts times pairs.
    """
    by_role: dict[str, list[Post]] = {}
    said: dict[frozenset[str], Post] = {}  # the newest post saying it compares the pair
    for post in posts:
        if post.compares:
            said.setdefault(frozenset(post.compares), post)
        for role in post.roles:
            by_role.setdefault(role, []).append(post)
    comparisons = []
    for first_id, second_id in dataset.comparisons:
        first, second = dataset.role(first_id), dataset.role(second_id)
        assert first is not None  # data_checks refuses unknown ids
        assert second is not None
        pair = {first.id, second.id}
        about_both = tuple(post for post in by_role.get(first.id, []) if second.id in post.roles)
        exact = (post for post in about_both if set(post.roles) == pair)
        covering = said.get(frozenset(pair)) or next(exact, None)
        comparisons.append(Comparison(first, second, covering, about_both))
    return comparisons


def site_comparisons(env: BuildEnvironment, dataset: Dataset) -> list[Comparison]:
    """The comparisons of the site's data, with the posts this build shows."""
    return plan_comparisons(dataset, shown_posts(knowledge_base(env), env.config.valenx_preview))


def shown_posts(domain: KnowledgeBaseDomain, preview: bool) -> list[Post]:
    """The posts listings show, newest first: drafts and scheduled posts in a preview only."""
    return [post for post in newest_first(domain) if preview or not post.unpublished]


class RoleComparisons(SphinxDirective):
    """{role-comparisons}: links to the pages comparing a role with others."""

    has_content = False
    optional_arguments = 1  # the role id; by default the role whose page this is

    def run(self) -> list[nodes.Node]:
        """Store the list for this page and leave a placeholder for its links."""
        role = self.arguments[0] if self.arguments else ""
        lists = knowledge_base(self.env).comparison_lists.setdefault(self.env.docname, [])
        lists.append(ComparisonList(role, self.get_location()))
        placeholder = comparison_list_placeholder(
            "", docname=self.env.docname, index=len(lists) - 1
        )
        self.set_source_info(placeholder)
        return [placeholder]


def refresh_comparisons(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Work out every list's links; return the pages whose lists changed, to re-write them."""
    domain = knowledge_base(env)
    dataset = site_dataset(env)  # None: check_site_data reports the data file's problem
    comparisons = [] if dataset is None else site_comparisons(env, dataset)
    if dataset is not None:
        check_lists(env, domain, dataset)
    links = {
        docname: [links_of(comparisons, listed_role(dataset, docname, item)) for item in lists]
        for docname, lists in sorted(domain.comparison_lists.items())
    }
    before = domain.comparison_links
    domain.comparison_links = links
    return sorted(page for page in links.keys() & env.found_docs if before.get(page) != links[page])


def links_of(comparisons: list[Comparison], role_id: str) -> list[ComparisonLink]:
    """The links to a role's comparisons, in the data file's order."""
    return [
        comparison.link
        for comparison in comparisons
        if role_id in (comparison.first.id, comparison.second.id)
    ]


def listed_role(dataset: Dataset | None, docname: str, listing: ComparisonList) -> str:
    """The id of the role a list is for: its argument, else the role whose page holds it."""
    if listing.role or dataset is None:
        return listing.role
    role = dataset.role_of_page(docname)
    return role.id if role else ""


def check_lists(env: BuildEnvironment, domain: KnowledgeBaseDomain, dataset: Dataset) -> None:
    """Warn about lists that name no role, or an unknown one.

    Run at env-updated on every build, so a warning is repeated until it is fixed.
    """
    known = ", ".join(dataset.role_ids)
    for docname, lists in sorted(domain.comparison_lists.items()):
        for listing in lists:
            role_id = listed_role(dataset, docname, listing)
            if not role_id:
                message = "role-comparisons is on a page that is no role's 'page' in the data "
                message += f"file: name the role it lists, one of: {known}."
                warn(message, Subtype.USAGE, listing.location)
            elif dataset.role(role_id) is None:
                message = f"unknown role {role_id!r} in role-comparisons; the data file has: "
                warn(message + f"{known}.", Subtype.UNKNOWN_ROLE, listing.location)


def render_comparison_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Turn each placeholder of a page being written into the role's comparisons.

    Links are made with make_refnode, as domains make theirs, so every builder
    resolves them; builders without generated pages list only the posts.
    """
    page_links = knowledge_base(app.env).comparison_links
    web = app.builder.name in WEB_BUILDERS
    for placeholder in list(doctree.findall(comparison_list_placeholder)):
        lists = page_links.get(placeholder["docname"], [])
        index = placeholder["index"]
        shown = [
            link
            for link in (lists[index] if index < len(lists) else [])
            if web or not link.generated
        ]
        if not shown:
            placeholder.replace_self(
                nodes.paragraph("", gettext(NO_COMPARISONS), classes=["valenx-no-comparisons"])
            )
            continue
        items = nodes.bullet_list("", classes=["valenx-comparisons"])
        for link in shown:
            items += nodes.list_item("", nodes.paragraph("", "", link_node(app, placeholder, link)))
        placeholder.replace_self(items)


def link_node(app: Sphinx, placeholder: nodes.Element, link: ComparisonLink) -> nodes.Element:
    """A link from the placeholder's page to the comparison; its title alone where none can go."""
    try:
        return make_refnode(
            app.builder, placeholder["docname"], link.docname, "", nodes.Text(link.title)
        )
    except NoUri:  # a page this builder leaves out, e.g. a post outside a LaTeX document
        return nodes.inline("", link.title)


def setup(app: Sphinx) -> dict[str, Any]:
    """Fill the lists once every page is read; the directive is registered by __init__."""
    app.connect("doctree-resolved", render_comparison_lists)
    app.connect("env-updated", refresh_comparisons)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
