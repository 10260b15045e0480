"""The records the domain keeps across pages: posts, listings, cards and FAQ entries.

Pure Python (no docutils), so the modules that read pages (posts, listings,
faq), the one that stores the records (domain) and the ones that publish them
(seo) share one definition without importing each other.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeAlias

from valenx_kb.scoring import PostKeys, Weights


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
    scheduled: bool = False  # dated after the build date; built only in preview
    authors: tuple[str, ...] = ()  # author ids of data/authors.yaml
    title_line: int = 0  # the line of its "# Title", for warnings found once all are read
    compares: tuple[str, ...] = ()  # the two role ids the post compares, from its front matter

    @property
    def unpublished(self) -> bool:
        """A draft or scheduled post: only a preview build has it, never a feed or sitemap."""
        return self.draft or self.scheduled

    @property
    def listed_date(self) -> date | None:
        """The date the archive files the post under: published, else updated."""
        return self.published or self.updated

    @property
    def sort_date(self) -> str:
        """The date listings sort by, newest first: updated, else published, in ISO form."""
        day = self.updated or self.published
        return day.isoformat() if day else ""

    def keys(self, role_places: Mapping[str, int]) -> PostKeys:
        """What related-post scoring needs of this post; role_places: the data file's order.

        Posts of the same date are listed in the data file's order of roles, as its tables
        and the sidebar list them: a post's rank is the earliest place of its roles.
        """
        places = [role_places[role] for role in self.roles if role in role_places]
        rank = min(places, default=len(role_places))  # no known role: after the posts with one
        return PostKeys(self.docname, self.sort_date, self.category, self.tags, self.roles, rank)


@dataclass(frozen=True)
class Author:
    """One author of data/authors.yaml, as bylines, author pages and JSON-LD show them."""

    id: str
    name: str
    bio: str
    url: str = ""  # their own site or profile, http(s) only
    avatar: str = ""  # an image under html_static_path, e.g. "authors/jane.png"
    organization: bool = False  # a team or the publisher, not one person


@dataclass(frozen=True)
class FaqEntry:
    """One question of a page's FAQ, with its answer as plain text."""

    anchor: str
    question: str
    answer: str


class ListingKind(StrEnum):
    """The directive a listing comes from."""

    RELATED = "related"  # {related-posts}
    INDEX = "index"  # {post-index}
    ARCHIVE = "archive"  # {archive}
    TAXONOMY = "taxonomy"  # {taxonomy-index}


@dataclass(frozen=True)
class Listing:
    """A related-posts or post-index directive on a page, with its options."""

    kind: ListingKind
    limit: int
    weights: Weights = field(default_factory=Weights)
    min_score: float = 1.0
    pinned: tuple[str, ...] = ()
    category: str = ""
    tag: str = ""
    role: str = ""
    taxonomy: str = ""  # {taxonomy-index}: tags, categories or authors
    page_size: int = 0  # {archive} and {taxonomy-index}: posts per page
    location: str = ""  # "path:line" of the directive, for warnings found once all posts are read


@dataclass(frozen=True)
class Card:
    """What a post's card shows; a page is re-written when one of its cards changes."""

    docname: str
    title: str
    summary: str
    facts: tuple[str, ...]  # ("Comparisons", "3 min read", "Updated June 2026")


@dataclass(frozen=True)
class ComparisonList:
    """A role-comparisons directive: the role whose comparisons it lists, and where it is."""

    role: str  # a role id; "" for the role whose page holds the directive
    location: str  # "path:line" of the directive, for warnings found once all pages are read


@dataclass(frozen=True)
class ComparisonLink:
    """One comparison a role-comparisons directive lists: the page comparing the two roles."""

    docname: str  # the generated page, or the post that compares the two roles
    title: str
    generated: bool  # a generated page (html and dirhtml only), not a post


# Every page's docname and a digest of its table of contents, sorted: when it changes,
# every page's sidebar may show the change (navigation.OutlineChanges).
Outline: TypeAlias = list[tuple[str, str]]
