"""Cross-page state on the build environment: posts, listings, FAQs, cards and the outline.

Kept in a Sphinx domain so it is pickled with the environment, cleared when a
page is re-read (clear_doc) and merged back from parallel readers
(merge_domaindata), as sphinx.ext.todo does. Every piece has a typed accessor
here; the records themselves are defined in records.py.
"""

from collections.abc import Set
from typing import Any, ClassVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from valenx_kb.data_digests import DataUse, FileDigests
from valenx_kb.records import (
    Card,
    ComparisonLink,
    ComparisonList,
    FaqEntry,
    Listing,
    Outline,
    Post,
)


class listing_placeholder(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Where a listing's cards go once every post is known (see listings.py)."""


class KnowledgeBaseDomain(Domain):
    """Holds the knowledge base's cross-page data; defines no roles or directives."""

    name = "valenx"
    label = "Valenx knowledge base"
    data_version = 12
    # posts, listings, faqs, redirects, data uses, downloads and comparison lists come from
    # reading pages, one entry per page; cards, outline, homes, index views, neighbours and
    # comparison links are computed once all pages are read, and compared with the last
    # build's; data digests are kept for the next build.
    initial_data: ClassVar[dict[str, Any]] = {
        "posts": {},
        "listings": {},
        "faqs": {},
        "cards": {},
        "outline": [],
        "homes": {},
        "neighbours": {},
        "index_views": {},
        "redirects": {},
        "data_uses": {},
        "data_digests": {},
        "downloads": {},
        "comparison_lists": {},
        "comparison_links": {},
    }
    # The keys read from pages, one entry per page; the others are computed.
    per_page: ClassVar[tuple[str, ...]] = (
        "posts",
        "listings",
        "faqs",
        "redirects",
        "data_uses",
        "downloads",
        "comparison_lists",
    )

    @property
    def posts(self) -> dict[str, Post]:
        """Every post read so far, by docname."""
        posts: dict[str, Post] = self.data["posts"]
        return posts

    @property
    def listings(self) -> dict[str, list[Listing]]:
        """The listing directives of each page, in page order."""
        listings: dict[str, list[Listing]] = self.data["listings"]
        return listings

    @property
    def faqs(self) -> dict[str, list[FaqEntry]]:
        """The FAQ entries of each page, in page order."""
        faqs: dict[str, list[FaqEntry]] = self.data["faqs"]
        return faqs

    @property
    def cards(self) -> dict[str, list[list[Card]]]:
        """The cards each listing of each page shows, chosen once every page is read."""
        cards: dict[str, list[list[Card]]] = self.data["cards"]
        return cards

    @cards.setter
    def cards(self, cards: dict[str, list[list[Card]]]) -> None:
        self.data["cards"] = cards

    @property
    def homes(self) -> dict[str, str]:
        """The page holding each site-wide index ("archive", "tags"...), once all pages are read."""
        homes: dict[str, str] = self.data["homes"]
        return homes

    @homes.setter
    def homes(self, homes: dict[str, str]) -> None:
        self.data["homes"] = homes

    @property
    def neighbours(self) -> dict[str, tuple[tuple[str, str] | None, tuple[str, str] | None]]:
        """Each post's newer and older post (docname, title), in the archive's order."""
        neighbours: dict[str, tuple[tuple[str, str] | None, tuple[str, str] | None]]
        neighbours = self.data["neighbours"]
        return neighbours

    @neighbours.setter
    def neighbours(
        self, neighbours: dict[str, tuple[tuple[str, str] | None, tuple[str, str] | None]]
    ) -> None:
        self.data["neighbours"] = neighbours

    @property
    def index_views(self) -> dict[str, list[object]]:
        """What each archive or taxonomy index of each page shows, compared between builds."""
        views: dict[str, list[object]] = self.data["index_views"]
        return views

    @index_views.setter
    def index_views(self, views: dict[str, list[object]]) -> None:
        self.data["index_views"] = views

    @property
    def redirects(self) -> dict[str, tuple[str, ...]]:
        """The old page names each page's redirect_from gives, normalised, in its order."""
        redirects: dict[str, tuple[str, ...]] = self.data["redirects"]
        return redirects

    @property
    def data_uses(self) -> dict[str, dict[str, DataUse]]:
        """What each page showed of each data file (by its path from the source folder)."""
        uses: dict[str, dict[str, DataUse]] = self.data["data_uses"]
        return uses

    @property
    def downloads(self) -> dict[str, list[str]]:
        """The data files whose downloads each page's tables link to (downloads.py), sorted."""
        downloads: dict[str, list[str]] = self.data["downloads"]
        return downloads

    @property
    def data_digests(self) -> dict[str, FileDigests]:
        """The digests of each data file a page uses, as of the last build (data_digests.py)."""
        digests: dict[str, FileDigests] = self.data["data_digests"]
        return digests

    @data_digests.setter
    def data_digests(self, digests: dict[str, FileDigests]) -> None:
        self.data["data_digests"] = digests

    @property
    def comparison_lists(self) -> dict[str, list[ComparisonList]]:
        """The role-comparisons directives of each page, in page order (comparisons.py)."""
        lists: dict[str, list[ComparisonList]] = self.data["comparison_lists"]
        return lists

    @property
    def comparison_links(self) -> dict[str, list[list[ComparisonLink]]]:
        """The comparisons each role-comparisons list shows, chosen once every page is read."""
        links: dict[str, list[list[ComparisonLink]]] = self.data["comparison_links"]
        return links

    @comparison_links.setter
    def comparison_links(self, links: dict[str, list[list[ComparisonLink]]]) -> None:
        self.data["comparison_links"] = links

    @property
    def outline(self) -> Outline:
        """Every page's table of contents, as a digest, as of the end of the last reading."""
        outline: Outline = self.data["outline"]
        return outline

    @outline.setter
    def outline(self, outline: Outline) -> None:
        self.data["outline"] = outline

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        # Not pickled: the pages without a source this build writes or keeps (written_pages.py).
        self.pages_without_source: dict[str, bool] = {}

    def clear_doc(self, docname: str) -> None:
        """Forget what a page said; it is being re-read or was removed."""
        for key in self.per_page:
            self.data[key].pop(docname, None)

    def forget_other_pages(self, others: Set[str]) -> None:
        """In a forked reader: forget others' records and what the build's process works out."""
        for docname in others:
            self.clear_doc(docname)
        # Computed in the build's own process once every page is read; never merged.
        for key in self.initial_data.keys() - self.per_page:
            self.data[key] = type(self.initial_data[key])()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take over what a parallel reader collected for docnames."""
        for key in self.per_page:
            for docname in docnames & otherdata[key].keys():
                self.data[key][docname] = otherdata[key][docname]

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        """Nothing: the domain defines no object types a link could name."""
        return []


def knowledge_base(env: BuildEnvironment) -> KnowledgeBaseDomain:
    """The domain instance of this build."""
    domain = env.get_domain(KnowledgeBaseDomain.name)
    assert isinstance(domain, KnowledgeBaseDomain)
    return domain
