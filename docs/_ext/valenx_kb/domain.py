"""Cross-page state on the build environment: posts, listings and what each listing shows.

Kept in a Sphinx domain so it is pickled with the environment, cleared when a
page is re-read (clear_doc) and merged back from parallel readers
(merge_domaindata), as sphinx.ext.todo does.
"""

from collections.abc import Set
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from valenx_kb.scoring import PostKeys, Weights


class listing_placeholder(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Where a listing's cards go once every post is known (see listings.py)."""


@dataclass(frozen=True)
class Post:
    """A page with a category in its front matter, as cards and scoring see it."""

    docname: str
    title: str
    summary: str
    category: str
    tags: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    published: date | None = None
    updated: date | None = None
    reading_minutes: int = 1
    words: int = 0
    draft: bool = False

    @property
    def sort_date(self) -> str:
        """The date listings sort by, newest first: updated, else published, in ISO form."""
        day = self.updated or self.published
        return day.isoformat() if day else ""

    def keys(self) -> PostKeys:
        """What related-post scoring needs of this post."""
        return PostKeys(self.docname, self.sort_date, self.category, self.tags, self.roles)


@dataclass(frozen=True)
class FaqEntry:
    """One question of a page's FAQ, with its answer as plain text."""

    anchor: str
    question: str
    answer: str


@dataclass(frozen=True)
class Listing:
    """A related-posts or post-index directive on a page, with its options."""

    kind: str  # "related" or "index"
    limit: int
    weights: Weights = field(default_factory=Weights)
    min_score: float = 1.0
    pinned: tuple[str, ...] = ()
    category: str = ""
    tag: str = ""
    role: str = ""
    location: str = ""  # "path:line" of the directive, for warnings found once all posts are read


class KnowledgeBaseDomain(Domain):
    """Holds the knowledge base's cross-page data; defines no roles or directives."""

    name = "valenx"
    label = "Valenx knowledge base"
    data_version = 4
    # posts and listings come from reading pages; cards and outline are computed once
    # all pages are read (listings.refresh_listings) and compared with the last build's.
    initial_data: ClassVar[dict[str, Any]] = {
        "posts": {},
        "listings": {},
        "faqs": {},
        "cards": {},
        "outline": [],
    }
    held_back: dict[str, set[str]] = {}  # noqa: RUF012 (replaced, never mutated in place)

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

    def clear_doc(self, docname: str) -> None:
        """Forget what a page said; it is being re-read or was removed."""
        for per_page in (self.posts, self.listings, self.faqs):
            per_page.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take over what a parallel reader collected for docnames."""
        for key in ("posts", "listings", "faqs"):
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
