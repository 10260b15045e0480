"""Related-post cards and the post index: placeholders read now, cards written later.

Reading a page stores a placeholder and the directive's options. Once every
page is read (env-updated), each listing's posts are chosen from the metadata
of all posts and kept on the environment; pages whose listings now show other
posts, or changed cards, are returned so Sphinx re-writes them. Writing
replaces each placeholder with sphinx-design cards whose links are ordinary
cross-references, so every builder resolves them.
"""

import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxDirective
from sphinx_design.shared import PassthroughTextElement, create_component

from valenx_kb.datadirective import split_list
from valenx_kb.datasource import role_places, site_dataset
from valenx_kb.diagnostics import Subtype, some_of, warn
from valenx_kb.domain import KnowledgeBaseDomain, knowledge_base, listing_placeholder
from valenx_kb.drafts import status_label, unpublished_page
from valenx_kb.front_matter import front_matter_lines, unknown_category
from valenx_kb.links import doc_link
from valenx_kb.posts import fact, joined_facts, reading_label, updated_label
from valenx_kb.records import Card, Listing, ListingKind, Post
from valenx_kb.scoring import WEIGHT_KINDS, RelatedIndex, Weights
from valenx_kb.translation import N_, gettext

CARD_KINDS = {ListingKind.RELATED, ListingKind.INDEX}  # the listings this module fills
# What readers see below related posts, and in place of cards when there are none.
NO_RELATED_POSTS = N_("No related posts yet.")
NO_POSTS = N_("No posts yet.")


def positive_int(text: str) -> int:
    """An option value that must be a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def finite_float(text: str) -> float:
    """An option value that must be a finite number."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


NUMBER_KINDS: dict[Callable[[str], float], str] = {
    positive_int: "a whole number of at least 1",
    finite_float: "a number",
}


class ListingDirective(SphinxDirective):
    """Common run(): parse options, store the listing, return its placeholder."""

    kind: ClassVar[ListingKind]
    has_content = False

    def run(self) -> list[nodes.Node]:
        """Store the listing for this page and leave a placeholder for its cards."""
        listing = self.listing()
        if listing is None:
            return []
        listings = knowledge_base(self.env).listings.setdefault(self.env.docname, [])
        listings.append(replace(listing, location=self.get_location()))
        placeholder = listing_placeholder(
            "", kind=self.kind, docname=self.env.docname, index=len(listings) - 1
        )
        self.set_source_info(placeholder)
        return [placeholder, *self.after()]

    def listing(self) -> Listing | None:
        """The listing described by the options, or None after a warning."""
        raise NotImplementedError

    def after(self) -> list[nodes.Node]:
        """Nodes that follow the cards."""
        return []

    def number(self, option: str, default: float, convert: Callable[[str], float]) -> float | None:
        """A numeric option, or None after a warning."""
        text = self.options.get(option)
        if text is None:
            return default
        try:
            return convert(text)
        except ValueError:
            expected = NUMBER_KINDS[convert]
            warn(
                f":{option}: must be {expected}, not {text!r}.", Subtype.USAGE, self.get_location()
            )
            return None


class RelatedPosts(ListingDirective):
    """{related-posts}: cards for the posts that share the most with this one."""

    kind = ListingKind.RELATED
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        "limit": directives.unchanged,
        "min-score": directives.unchanged,
        "weights": directives.unchanged,
        "pin": directives.unchanged,
    }

    def listing(self) -> Listing | None:
        """Options over conf.py's defaults."""
        config = self.env.config
        limit = self.number("limit", config.valenx_related_limit, positive_int)
        min_score = self.number("min-score", config.valenx_related_min_score, finite_float)
        weights = self.weights()
        if limit is None or min_score is None or weights is None:
            return None
        return Listing(ListingKind.RELATED, int(limit), weights, min_score, self.pinned())

    def pinned(self) -> tuple[str, ...]:
        """The :pin: pages, resolved like {doc} links; an unknown one warns and is dropped."""
        pages = []
        for name in split_list(self.options.get("pin", "")):
            docname = docname_join(self.env.docname, name.removesuffix(".md"))
            if docname in self.env.found_docs:
                pages.append(docname)
            else:
                message = f":pin: names {name!r}, which is not a page of the site."
                if unpublished_page(self.env, docname):
                    message = f":pin: names {name!r}, which is a draft or scheduled post, "
                    message += "so it is not published. Pin it once it is."
                warn(message, Subtype.USAGE, self.get_location())
        return tuple(pages)

    def weights(self) -> Weights | None:
        """conf.py's weights, with any the :weights: option overrides ("role=3, tag=1")."""
        values = {
            kind: float(weight) for kind, weight in self.env.config.valenx_related_weights.items()
        }
        for item in split_list(self.options.get("weights", "")):
            kind, _, number = item.partition("=")
            try:
                if kind not in WEIGHT_KINDS:
                    raise ValueError(kind)
                values[kind] = finite_float(number)
            except ValueError:
                message = f":weights: takes role=N, tag=N, category=N, not {item!r}."
                warn(message, Subtype.USAGE, self.get_location())
                return None
        return Weights(**values)


class PostIndex(ListingDirective):
    """{post-index}: every post as a card, newest first, optionally filtered."""

    kind = ListingKind.INDEX
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        "category": directives.unchanged,
        "tag": directives.unchanged,
        "role": directives.unchanged,
        "limit": directives.unchanged,
    }

    def listing(self) -> Listing | None:
        """The filters and the limit (0: no limit)."""
        limit = self.number("limit", 0, positive_int)
        if limit is None:
            return None
        return Listing(
            ListingKind.INDEX,
            int(limit),
            category=self.options.get("category", "").strip(),
            tag=self.options.get("tag", "").strip(),
            role=self.options.get("role", "").strip(),
        )


def card_for(post: Post, language: str | None) -> Card:
    """The card of a post; in a preview, a draft's or scheduled post's says so first."""
    facts = [status_label(post, language), post.category, reading_label(post)]
    facts.append(updated_label(post, language))
    return Card(post.docname, post.title, post.summary, tuple(filter(None, facts)))


def post_cards(domain: KnowledgeBaseDomain, language: str | None) -> dict[str, Card]:
    """The card of every post, by docname."""
    return {post.docname: card_for(post, language) for post in domain.posts.values()}


def choose_posts(
    domain: KnowledgeBaseDomain, preview: bool, role_places: Mapping[str, int]
) -> dict[str, list[list[str]]]:
    """For every page with listings, the docnames each listing shows, in order.

    Drafts and scheduled posts are shown only in a preview (production builds never read them).
    role_places: the data file's order of roles, which orders the posts of one date.
    """
    posts = [post for _, post in sorted(domain.posts.items()) if preview or not post.unpublished]
    index = RelatedIndex(post.keys(role_places) for post in posts)
    newest_first = sorted(posts, key=lambda post: index.place[post.docname])
    chosen: dict[str, list[list[str]]] = {}
    for docname, listings in sorted(domain.listings.items()):
        chosen[docname] = []
        for listing in listings:
            if listing.kind == ListingKind.RELATED:
                picks = related_posts(index, docname, listing)
            elif listing.kind != ListingKind.INDEX:
                picks = []  # archives and taxonomy indexes: site_index.py
            else:
                picks = [post.docname for post in newest_first if shows(listing, post, docname)]
                picks = picks[: listing.limit] if listing.limit else picks
            chosen[docname].append(picks)
    return chosen


def related_posts(index: RelatedIndex, docname: str, listing: Listing) -> list[str]:
    """Related posts of a post (none for a page that is not a post)."""
    if docname not in index.posts:
        return []
    return index.related(docname, listing.weights, listing.min_score, listing.limit, listing.pinned)


def shows(listing: Listing, post: Post, docname: str) -> bool:
    """Whether a post index with these filters lists post (never the page itself)."""
    return (
        post.docname != docname
        and (not listing.category or post.category == listing.category)
        and (not listing.tag or listing.tag in post.tags)
        and (not listing.role or listing.role in post.roles)
    )


def refresh_listings(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Choose every listing's cards; return the pages whose cards changed, to re-write them."""
    domain = knowledge_base(env)
    check_listings(env, domain)
    # One card per post, shared by every listing showing it (pickled once, too).
    cards = post_cards(domain, env.config.language)
    before = domain.cards
    domain.cards = {
        page: [[cards[name] for name in names] for names in shown]
        for page, shown in choose_posts(domain, env.config.valenx_preview, role_places(env)).items()
    }
    return sorted(
        page
        for page, page_cards in domain.cards.items()
        if before.get(page) != page_cards and page in env.found_docs
    )


def check_listings(env: BuildEnvironment, domain: KnowledgeBaseDomain) -> None:
    """Warn about listings that cannot show what they ask for, now that every post is known.

    Runs on every build, so a warning is repeated until the page is fixed, even
    when no page was re-read.
    """
    tags = {tag for post in domain.posts.values() for tag in post.tags}
    for docname, listings in sorted(domain.listings.items()):
        for listing in listings:
            if listing.kind == ListingKind.RELATED and docname not in domain.posts:
                path = Path(env.doc2path(docname))
                if "category" in front_matter_lines(path, str(env.config.source_encoding)):
                    continue  # unreadable front matter or an empty category, reported when read
                message = "related-posts works only on posts: add a category to the front matter."
                warn(message, Subtype.USAGE, listing.location or None)
            if listing.kind == ListingKind.INDEX:
                check_index_filters(env, listing, tags)


def check_index_filters(env: BuildEnvironment, listing: Listing, tags: set[str]) -> None:
    """Warn when a post index filters on a category, tag or role nothing can have."""
    location = listing.location or None
    categories = env.config.valenx_categories
    if listing.category and listing.category not in categories:
        warn(unknown_category(":category:", listing.category, categories), Subtype.USAGE, location)
    if listing.tag and listing.tag not in tags:
        known = "no post has tags yet."
        if tags:
            known = f"the tags in use are: {some_of(sorted(tags))}."
        warn(f":tag: {listing.tag!r} is not a tag of any post; {known}", Subtype.USAGE, location)
    if listing.role:
        dataset = site_dataset(env)
        if dataset is not None and listing.role not in dataset.role_ids:
            known = ", ".join(dataset.role_ids)
            message = f"unknown role {listing.role!r} in :role:; the data file has: {known}."
            warn(message, Subtype.UNKNOWN_ROLE, location)


class RenderListings(SphinxPostTransform):
    """Replace placeholders with cards, before cross-references are resolved."""

    default_priority = 5  # ReferencesResolver runs at 10 and resolves the card links

    def run(self, **kwargs: Any) -> None:
        """Render every placeholder of the document."""
        page_cards = knowledge_base(self.env).cards
        for placeholder in list(self.document.findall(listing_placeholder)):
            if placeholder["kind"] not in CARD_KINDS:
                continue  # archives and taxonomy indexes: site_index.py
            listings = page_cards.get(placeholder["docname"], [])
            index = placeholder["index"]
            cards = listings[index] if index < len(listings) else []
            placeholder.replace_self(card_grid(cards, placeholder["kind"]))


def card_grid(cards: list[Card], kind: ListingKind) -> nodes.Element:
    """A sphinx-design grid of post cards, or a short note when there are none."""
    if not cards:
        text = NO_RELATED_POSTS if kind == ListingKind.RELATED else NO_POSTS
        return nodes.paragraph("", gettext(text), classes=["valenx-no-posts"])
    columns = ["sd-row-cols-1", "sd-row-cols-sm-2", f"sd-row-cols-md-{min(len(cards), 3)}"]
    row = create_component("grid-row", ["sd-row", *columns, "sd-g-3"])
    for card in cards:
        column = create_component("grid-item", ["sd-col", "sd-d-flex-row"])
        column += post_card(card)
        row += column
    container = create_component(
        "grid-container", ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", "valenx-cards"]
    )
    container += row
    return container


def post_card(card: Card) -> nodes.Element:
    """One card: linked title, summary, then category, reading time and updated month."""
    box = create_component(
        "card",
        ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", "sd-card-hover"],
    )
    body = create_component("card-body", ["sd-card-body"])
    title = create_component("card-title", ["sd-card-title", "sd-font-weight-bold"])
    # The title is the link; sd-stretched-link makes the whole card clickable.
    link = doc_link(card.docname, card.title, ["sd-stretched-link"])
    title += PassthroughTextElement("", "", link)
    body += title
    body += nodes.paragraph("", card.summary, classes=["sd-card-text"])
    box += body
    footer = create_component("card-footer", ["sd-card-footer", "valenx-card-facts"])
    parts = joined_facts([fact(nodes.Text(text)) for text in card.facts])
    footer += nodes.paragraph("", "", *parts, classes=["sd-card-text"])
    box += footer
    return box
