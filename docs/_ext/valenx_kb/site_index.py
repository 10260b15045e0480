"""The archive and the tag, category and author indexes: pages that list the whole site.

``{archive}`` lists every post, newest first; ``{taxonomy-index} tags`` (or
``categories``, ``authors``) lists every term with its number of posts. The
page holding one is that listing's home: its first page, and the folder its
other pages are generated in (generated_pages.py), e.g. ``archive/page-2``,
``archive/2026`` and ``tags/careers``.

Once every page is read (env-updated), what each index shows is worked out
from the posts and compared with the last build's, so an index page is
re-written exactly when it changes, and every post when a home moves (its
category and tag links change). Web builders show page one and links to the
rest; other builders, which get no generated pages, show the whole listing.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

from valenx_kb.authors import site_authors
from valenx_kb.datasource import role_places
from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.domain import KnowledgeBaseDomain, knowledge_base, listing_placeholder
from valenx_kb.front_matter import FrontMatterWarnings
from valenx_kb.links import WEB_BUILDERS, doc_link, resolve_doc_links
from valenx_kb.listings import ListingDirective, card_for, card_grid, positive_int
from valenx_kb.pager import pager_node
from valenx_kb.records import Author, Card, Listing, ListingKind, Post
from valenx_kb.scoring import tie_break_order
from valenx_kb.taxonomy import (
    SpellingClash,
    Taxonomy,
    Term,
    collect_terms,
    folder_of,
    page_count,
)
from valenx_kb.term_links import term_page
from valenx_kb.translation import N_, gettext, ngettext

ARCHIVE = "archive"  # the archive's key among the homes, beside the taxonomies'
TAXONOMY_CHOICES = ", ".join(taxonomy.value for taxonomy in Taxonomy)
# What readers see on the archive and the indexes.
BY_YEAR = N_("By year:")


@dataclass(frozen=True)
class ArchiveView:
    """What an {archive} shows: every post's card, newest first, and the years."""

    cards: tuple[Card, ...]
    page_size: int
    years: tuple[tuple[int, int], ...]  # (year, number of posts), newest first


@dataclass(frozen=True)
class TermView:
    """One term of a taxonomy index: its name, address, author record and posts."""

    name: str
    slug: str
    posts: tuple[tuple[str, str], ...]  # (docname, title), newest first
    author: Author | None = None


@dataclass(frozen=True)
class TaxonomyView:
    """What a {taxonomy-index} shows: every term of the taxonomy."""

    taxonomy: Taxonomy
    terms: tuple[TermView, ...]


class PagedListing(ListingDirective):
    """An index of the whole site with a :page-size: (posts per generated page)."""

    def page_size(self) -> int | None:
        """The :page-size: option over conf.py's valenx_page_size; None after a warning."""
        size = self.number("page-size", self.env.config.valenx_page_size, positive_int)
        return None if size is None else int(size)


class Archive(PagedListing):
    """{archive}: every post, newest first, page by page, with links to each year."""

    kind = ListingKind.ARCHIVE
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        "page-size": directives.unchanged,
    }

    def listing(self) -> Listing | None:
        """The archive with its page size."""
        size = self.page_size()
        return None if size is None else Listing(ListingKind.ARCHIVE, 0, page_size=size)


class TaxonomyIndex(PagedListing):
    """{taxonomy-index} tags|categories|authors: every term, linked to its page of posts."""

    kind = ListingKind.TAXONOMY
    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        "page-size": directives.unchanged,
    }

    def listing(self) -> Listing | None:
        """The taxonomy named by the argument, with the page size of its term pages."""
        name = self.arguments[0].strip().lower()
        if name not in {taxonomy.value for taxonomy in Taxonomy}:
            message = f"taxonomy-index takes one of {TAXONOMY_CHOICES}, not {self.arguments[0]!r}."
            warn(message, Subtype.USAGE, self.get_location())
            return None
        size = self.page_size()
        if size is None:
            return None
        return Listing(ListingKind.TAXONOMY, 0, taxonomy=name, page_size=size)


def newest_first(domain: KnowledgeBaseDomain) -> list[Post]:
    """Every post the listings show, newest first, as every listing orders them."""
    posts, places = list(domain.posts.values()), role_places(domain.env)
    place = tie_break_order(post.keys(places) for post in posts)
    return sorted(posts, key=lambda post: place[post.docname])


def terms_of(env: BuildEnvironment, posts: list[Post], taxonomy: Taxonomy) -> list[Term]:
    """The terms of a taxonomy; authors named as the authors file names them."""
    names = {}
    if taxonomy == Taxonomy.AUTHORS:
        names = {key: author.name for key, author in site_authors(env).items()}
    return collect_terms(posts, taxonomy, names)[0]


def find_homes(domain: KnowledgeBaseDomain) -> dict[str, str]:
    """The first page (by name) holding each kind of index: its home."""
    homes: dict[str, str] = {}
    for docname, listings in sorted(domain.listings.items()):
        for listing in listings:
            key = home_key(listing)
            if key is not None:
                homes.setdefault(key, docname)
    return homes


def home_key(listing: Listing) -> str | None:
    """ "archive" for an archive, the taxonomy for a taxonomy index, None for other listings."""
    if listing.kind == ListingKind.ARCHIVE:
        return ARCHIVE
    if listing.kind == ListingKind.TAXONOMY:
        return listing.taxonomy
    return None


def archive_view(posts: list[Post], page_size: int, language: str | None) -> ArchiveView:
    """The archive of posts (newest first) at page_size per page."""
    years = Counter(post.listed_date.year for post in posts if post.listed_date is not None)
    return ArchiveView(
        tuple(card_for(post, language) for post in posts),
        page_size,
        tuple(sorted(years.items(), reverse=True)),
    )


def taxonomy_view(env: BuildEnvironment, posts: list[Post], taxonomy: Taxonomy) -> TaxonomyView:
    """Every term of a taxonomy with its posts' titles."""
    titles = {post.docname: post.title for post in posts}
    authors = site_authors(env) if taxonomy == Taxonomy.AUTHORS else {}
    terms = tuple(
        TermView(
            term.name,
            term.slug,
            tuple((name, titles[name]) for name in term.posts),
            authors.get(term.slug),
        )
        for term in terms_of(env, posts, taxonomy)
    )
    return TaxonomyView(taxonomy, terms)


def refresh_indexes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Work out every index and home; return the pages that now show something else."""
    domain = knowledge_base(env)
    check_site(env, domain)
    posts = newest_first(domain)
    homes = find_homes(domain)
    views: dict[str, list[object]] = {}
    for docname, listings in sorted(domain.listings.items()):
        # One entry per listing of the page, None for those listings.py fills.
        page_views: list[object] = []
        for listing in listings:
            if listing.kind == ListingKind.ARCHIVE:
                page_views.append(archive_view(posts, listing.page_size, env.config.language))
            elif listing.kind == ListingKind.TAXONOMY:
                page_views.append(taxonomy_view(env, posts, Taxonomy(listing.taxonomy)))
            else:
                page_views.append(None)
        if any(view is not None for view in page_views):
            views[docname] = page_views
    changed = {page for page, shown in views.items() if domain.index_views.get(page) != shown}
    if domain.homes != homes:
        changed |= set(domain.posts)  # their category, tag and author links move
    domain.homes, domain.index_views = homes, views
    return sorted(changed & env.found_docs)


def check_site(env: BuildEnvironment, domain: KnowledgeBaseDomain) -> None:
    """Warn, on every build, about what readers could not tell apart or find.

    Two index pages for one listing, two listings on one page (their generated
    pages would share addresses), two posts with the same title, and a tag or
    category spelt two ways that share one address.
    """
    first_home: dict[str, Listing] = {}
    for docname, listings in sorted(domain.listings.items()):
        for listing in listings:
            key = home_key(listing)
            if key is None:
                continue
            if key not in first_home:
                first_home[key] = replace(listing, location=listing.location or docname)
                continue
            message = (
                f"the site already lists its {key} at {first_home[key].location}; "
                "a listing of the whole site belongs on one page. Remove one of them."
            )
            warn(message, Subtype.USAGE, listing.location or None)
    listed_in: dict[str, str] = {}  # the folder of each home's generated pages: its listing
    for key, home in sorted(find_homes(domain).items()):
        folder = folder_of(home)
        if folder not in listed_in:
            listed_in[folder] = key
            continue
        message = (
            f"the {key} and the {listed_in[folder]} are listed on one page, so their generated "
            f"pages would share the addresses under {folder}/. Give each listing a page of its own."
        )
        warn(message, Subtype.USAGE, first_home[key].location or None)
    posts = newest_first(domain)
    check_titles(env, posts)
    for taxonomy in (Taxonomy.TAGS, Taxonomy.CATEGORIES):
        for clash in collect_terms(posts, taxonomy)[1]:
            warn_clash(env, clash)


def check_titles(env: BuildEnvironment, posts: list[Post]) -> None:
    """Warn at each post whose title an earlier post (by name) already has."""
    first_with: dict[str, str] = {}
    for post in sorted(posts, key=lambda post: post.docname):
        key = " ".join(post.title.casefold().split())
        if key not in first_with:
            first_with[key] = post.docname
            continue
        message = (
            f"the post {first_with[key]!r} has the same title, {post.title!r}; readers cannot "
            "tell their cards, links and feed entries apart. Give one of them another title."
        )
        FrontMatterWarnings(env, post.docname).warn("title", message, line=post.title_line or None)


def warn_clash(env: BuildEnvironment, clash: SpellingClash) -> None:
    """Warn at the post's tags or category line that another spelling is already in use."""
    field = "tags" if clash.taxonomy == Taxonomy.TAGS else "category"
    if clash.only_case_or_spacing:
        message = (
            f"{field} {clash.written!r} differs from {clash.shown!r}, used by other posts, "
            f"only by case or spacing. Write {clash.shown!r}."
        )
    else:
        message = (
            f"{field} {clash.written!r} and {clash.shown!r} would share one page address; "
            "readers would find both under one name. Write one of them, or rename one."
        )
    FrontMatterWarnings(env, clash.docname).warn(field, message)


def render_indexes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill each archive and taxonomy index of a page being written, for the builder at hand."""
    domain = knowledge_base(app.env)
    for placeholder in list(doctree.findall(listing_placeholder)):
        if placeholder["kind"] not in {ListingKind.ARCHIVE, ListingKind.TAXONOMY}:
            continue
        page_views = domain.index_views.get(placeholder["docname"], [])
        number = placeholder["index"]
        view = page_views[number] if number < len(page_views) else None
        shown = nodes.container("", *render_view(view, docname, domain.homes, app.builder))
        resolve_doc_links(shown, docname, app.builder)
        placeholder.replace_self(shown.children)


def render_view(
    view: object, docname: str, homes: dict[str, str], builder: Builder
) -> list[nodes.Node]:
    """The nodes an archive or taxonomy index shows on its own page."""
    web = builder.name in WEB_BUILDERS
    if isinstance(view, ArchiveView):
        if not web:
            return [card_grid(list(view.cards), ListingKind.INDEX)]
        return archive_first_page(view, docname, homes, builder)
    if isinstance(view, TaxonomyView):
        return [term_list(view, docname, homes, builder) if web else term_sections(view)]
    return []


def archive_first_page(
    view: ArchiveView, docname: str, homes: dict[str, str], builder: Builder
) -> list[nodes.Node]:
    """Year links, the first page of cards and the page links."""
    shown: list[nodes.Node] = []
    if homes.get(ARCHIVE) == docname and view.years:
        shown.append(year_links(view.years, docname, docname, builder))
    shown.append(card_grid(list(view.cards[: view.page_size]), ListingKind.INDEX))
    pages = page_count(len(view.cards), view.page_size)
    if homes.get(ARCHIVE) == docname and pages > 1:
        shown.append(pager_node(builder, docname, docname, 1, pages))
    return shown


def year_links(
    years: tuple[tuple[int, int], ...], home: str, from_page: str, builder: Builder
) -> nodes.paragraph:
    """ "By year: 2026 (4) · 2025 (7)", each year linked to its page."""
    paragraph = nodes.paragraph("", gettext(BY_YEAR) + " ", classes=["valenx-years"])
    for number, (year, count) in enumerate(years):
        if number:
            paragraph += nodes.Text(" · ")
        uri = builder.get_relative_uri(from_page, year_page(home, year))
        paragraph += nodes.reference("", str(year), internal=True, refuri=uri)
        paragraph += nodes.Text(f" ({count})")
    return paragraph


def year_page(home: str, year: int) -> str:
    """The first page of a year of the archive: "archive/2026"."""
    return f"{folder_of(home)}/{year}"


def term_list(
    view: TaxonomyView, docname: str, homes: dict[str, str], builder: Builder
) -> nodes.bullet_list:
    """Every term with its number of posts, linked to its page (web builders)."""
    terms = nodes.bullet_list("", classes=["valenx-terms", f"valenx-{view.taxonomy.value}"])
    for term in view.terms:
        item = nodes.list_item()
        line = nodes.paragraph()
        target = term_page(homes, view.taxonomy, term.slug)
        if target is not None and homes.get(view.taxonomy.value) == docname:
            uri = builder.get_relative_uri(docname, target)
            line += nodes.reference("", term.name, internal=True, refuri=uri)
        else:
            line += nodes.Text(term.name)
        line += nodes.inline("", f" ({posts_count(len(term.posts))})", classes=["valenx-count"])
        item += line
        if term.author is not None and term.author.bio:
            item += nodes.paragraph("", term.author.bio, classes=["valenx-author-bio"])
        terms += item
    return terms


def posts_count(count: int) -> str:
    """ "1 post", "3 posts"."""
    return ngettext("{count} post", "{count} posts", count).format(count=count)


def term_sections(view: TaxonomyView) -> nodes.Element:
    """For builders without term pages: each term followed by links to its posts."""
    container = nodes.container("", classes=["valenx-terms", f"valenx-{view.taxonomy.value}"])
    for term in view.terms:
        container += nodes.rubric("", term.name)
        if term.author is not None and term.author.bio:
            container += nodes.paragraph("", term.author.bio, classes=["valenx-author-bio"])
        links = nodes.bullet_list()
        for docname, title in term.posts:
            links += nodes.list_item("", nodes.paragraph("", "", doc_link(docname, title)))
        container += links
    return container


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the env-updated step and the rendering (the directives are valenx_kb's)."""
    app.setup_extension("valenx_kb.config")
    app.connect("env-updated", refresh_indexes)
    app.connect("doctree-resolved", render_indexes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
