"""Related-post cards and the post index: placeholders read now, cards written later.

Reading a page stores a placeholder and the directive's options. Once every
page is read (env-updated), each listing's posts are chosen from the metadata
of all posts and kept on the environment; pages whose listings now show other
posts, or changed cards, are returned so Sphinx re-writes them. Writing
replaces each placeholder with sphinx-design cards whose links are ordinary
cross-references, so every builder resolves them.
"""

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx_design.shared import PassthroughTextElement, create_component

from valenx_kb.datadirective import split_list
from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.domain import (
    KnowledgeBaseDomain,
    Listing,
    Post,
    knowledge_base,
    listing_placeholder,
)
from valenx_kb.formatting import format_month, locale_for
from valenx_kb.links import doc_link
from valenx_kb.posts import blog_page
from valenx_kb.scoring import RelatedIndex, Weights

RELATED = "related"
INDEX = "index"


def add_config_values(app: Sphinx) -> None:
    """Declare the conf.py settings for related posts."""
    app.add_config_value("valenx_related_limit", 3, "env", types=frozenset({int}))
    app.add_config_value("valenx_related_min_score", 1.0, "env", types=frozenset({int, float}))
    weights = {"role": 3.0, "tag": 2.0, "category": 1.0}
    app.add_config_value("valenx_related_weights", weights, "env", types=frozenset({dict}))


def positive_int(text: str) -> int:
    """An option value that must be a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


class ListingDirective(SphinxDirective):
    """Common run(): parse options, store the listing, return its placeholder."""

    kind: ClassVar[str]
    has_content = False

    def run(self) -> list[nodes.Node]:
        """Store the listing for this page and leave a placeholder for its cards."""
        listing = self.listing()
        if listing is None:
            return []
        listings = knowledge_base(self.env).listings.setdefault(self.env.docname, [])
        listings.append(listing)
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
            warn(f":{option}: must be a number, not {text!r}.", Subtype.USAGE, self.get_location())
            return None


class RelatedPosts(ListingDirective):
    """{related-posts}: cards for the posts that share the most with this one."""

    kind = RELATED
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
        min_score = self.number("min-score", config.valenx_related_min_score, float)
        weights = self.weights()
        if limit is None or min_score is None or weights is None:
            return None
        pinned = tuple(pin.lstrip("/") for pin in split_list(self.options.get("pin", "")))
        return Listing(RELATED, int(limit), weights, min_score, pinned)

    def weights(self) -> Weights | None:
        """conf.py's weights, with any the :weights: option overrides ("role=3, tag=1")."""
        values = {
            kind: float(weight) for kind, weight in self.env.config.valenx_related_weights.items()
        }
        for item in split_list(self.options.get("weights", "")):
            kind, _, number = item.partition("=")
            try:
                if kind not in {"role", "tag", "category"}:
                    raise ValueError(kind)
                values[kind] = float(number)
            except ValueError:
                message = f":weights: takes role=N, tag=N, category=N, not {item!r}."
                warn(message, Subtype.USAGE, self.get_location())
                return None
        return Weights(**values)

    def after(self) -> list[nodes.Node]:
        """The "View All Posts »" link to the blog page."""
        return [nodes.paragraph("", "", doc_link(blog_page(self.env), "View All Posts »"))]


class PostIndex(ListingDirective):
    """{post-index}: every post as a card, newest first, optionally filtered."""

    kind = INDEX
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
            INDEX,
            int(limit),
            category=self.options.get("category", "").strip(),
            tag=self.options.get("tag", "").strip(),
            role=self.options.get("role", "").strip(),
        )


def choose_posts(domain: KnowledgeBaseDomain) -> dict[str, list[list[str]]]:
    """For every page with listings, the docnames each listing shows, in order."""
    posts = {name: post for name, post in sorted(domain.posts.items()) if not post.draft}
    index = RelatedIndex(post.keys() for post in posts.values())
    newest_first = sorted(posts.values(), key=lambda post: post.docname)
    newest_first.sort(key=lambda post: post.sort_date, reverse=True)
    chosen: dict[str, list[list[str]]] = {}
    for docname, listings in sorted(domain.listings.items()):
        chosen[docname] = []
        for listing in listings:
            if listing.kind == RELATED:
                picks = related_posts(index, docname, listing)
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


def card_fields(post: Post) -> tuple[Any, ...]:
    """Everything a card shows; when it changes, pages showing the card are re-written."""
    return (
        post.docname,
        post.title,
        post.summary,
        post.category,
        post.reading_minutes,
        post.updated,
    )


def refresh_listings(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Choose every listing's posts; return the pages to re-write because of it.

    Those are the pages whose cards changed, or every page when a post was
    added, removed or renamed: the toctree in every page's navigation shows
    post titles, and Sphinx itself re-writes only the toctree's parent.
    """
    domain = knowledge_base(env)
    before: dict[str, list[list[tuple[Any, ...]]]] = domain.data.get("cards", {})
    domain.data["shown"] = choose_posts(domain)
    domain.data["cards"] = {page: cards(domain, shown) for page, shown in domain.shown.items()}
    titles = sorted((name, post.title) for name, post in domain.posts.items())
    titles_changed = domain.data["titles"] != titles
    domain.data["titles"] = titles
    skip_toctree_parent_rewrites(env, domain)
    if titles_changed:
        return sorted(env.found_docs)
    return sorted(
        page
        for page, page_cards in domain.data["cards"].items()
        if before.get(page) != page_cards and page in env.found_docs
    )


def skip_toctree_parent_rewrites(env: BuildEnvironment, domain: KnowledgeBaseDomain) -> None:
    """Stop Sphinx re-writing a post's toctree parent each time the post is re-read.

    Sphinx does so (env.files_to_rebuild) in case the post's title changed;
    refresh_listings already re-writes every page when a title changes, so
    for posts it is wasted work: on a large site, editing one post's text
    would also re-write the page holding the posts' toctree. Posts are
    marked orphan, so the consistency check does not miss these entries.
    """
    for name in domain.posts:
        env.files_to_rebuild.pop(name, None)


def cards(domain: KnowledgeBaseDomain, shown: list[list[str]]) -> list[list[tuple[Any, ...]]]:
    """The card contents of a page's listings."""
    return [[card_fields(domain.posts[name]) for name in names] for names in shown]


class RenderListings(SphinxPostTransform):
    """Replace placeholders with cards, before cross-references are resolved."""

    default_priority = 5  # ReferencesResolver runs at 10 and resolves the card links

    def run(self, **kwargs: Any) -> None:
        """Render every placeholder of the document."""
        domain = knowledge_base(self.env)
        language = self.env.config.language
        for placeholder in list(self.document.findall(listing_placeholder)):
            shown = domain.shown.get(placeholder["docname"], [])
            index = placeholder["index"]
            names = shown[index] if index < len(shown) else []
            posts = [domain.posts[name] for name in names]
            placeholder.replace_self(card_grid(posts, placeholder["kind"], language))


def card_grid(posts: list[Post], kind: str, language: str | None) -> nodes.Element:
    """A sphinx-design grid of post cards, or a short note when there are none."""
    if not posts:
        text = "No related posts yet." if kind == RELATED else "No posts yet."
        return nodes.paragraph("", text, classes=["valenx-no-posts"])
    columns = ["sd-row-cols-1", "sd-row-cols-sm-2", f"sd-row-cols-md-{min(len(posts), 3)}"]
    row = create_component("grid-row", ["sd-row", *columns, "sd-g-3"])
    for post in posts:
        column = create_component("grid-item", ["sd-col", "sd-d-flex-row"])
        column += post_card(post, language)
        row += column
    container = create_component(
        "grid-container", ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", "valenx-cards"]
    )
    container += row
    return container


def post_card(post: Post, language: str | None) -> nodes.Element:
    """One card: linked title, summary, then category, reading time and updated month."""
    card = create_component(
        "card",
        ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", "sd-card-hover"],
    )
    body = create_component("card-body", ["sd-card-body"])
    title = create_component("card-title", ["sd-card-title", "sd-font-weight-bold"])
    # The title is the link; sd-stretched-link makes the whole card clickable.
    title += PassthroughTextElement(
        "", "", doc_link(post.docname, post.title, ["sd-stretched-link"])
    )
    body += title
    body += nodes.paragraph("", post.summary, classes=["sd-card-text"])
    card += body
    facts = [post.category, f"{post.reading_minutes} min read"]
    if post.updated is not None:
        facts.append(f"Updated {format_month(post.updated, locale_for(language))}")
    footer = create_component("card-footer", ["sd-card-footer", "valenx-card-facts"])
    footer += nodes.paragraph("", " · ".join(facts), classes=["sd-card-text"])
    card += footer
    return card
