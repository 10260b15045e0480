"""Atom feeds: the site's, and one per tag, category and author, written after a good web build.

A feed lists the newest published posts (valenx_feed_length of them). Every
feed is written anew from the environment after every build, dated by its
posts and never by the clock, so an incremental build writes the same bytes
as a fresh one; a feed whose term is gone is deleted (the build note "feeds").

With valenx_feed_full_content, an entry carries its post's whole body as the
post's page shows it. The body is kept, as html-page-context hands it over,
in the doctree folder each time the page is written; a page Sphinx leaves
untouched keeps the body kept when it was last written, which is the body its
file still has.
"""

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx

from valenx_kb.build_notes import remove_stale_files
from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.domain import knowledge_base
from valenx_kb.front_matter import without_control_characters
from valenx_kb.links import WEB_BUILDERS
from valenx_kb.records import Post
from valenx_kb.seo import base_url, page_url, post_authors
from valenx_kb.site_index import newest_first, terms_of
from valenx_kb.taxonomy import Taxonomy, folder_of
from valenx_kb.term_links import term_page
from valenx_kb.translation import N_, gettext

FEED_FILE = "feed.atom"
FEEDS_NOTE = "feeds"
CONTENT_FOLDER = "valenx-feed-content"
# What feed readers see: whole sentences with named placeholders, to be translated.
LINK_TITLE = N_("{site} posts")
SITE_TITLE = N_("{site}: all posts")
TERM_TITLES = {
    Taxonomy.TAGS: N_("{site}: posts tagged “{name}”"),
    Taxonomy.CATEGORIES: "{site}: {name}",
    Taxonomy.AUTHORS: N_("{site}: posts by {name}"),
}
# Sphinx's "¶" links beside headings, which mean nothing in a feed reader.
HEADING_LINK = re.compile(r'<a class="headerlink"[^>]*>[^<]*</a>')
# A start tag (Sphinx escapes ">" in attribute values), and a link in one.
START_TAG = re.compile(r"<[A-Za-z][^>]*>")
LINK_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)"')


@dataclass(frozen=True)
class Feed:
    """One feed to write: its file, title, the page it describes and its posts, newest first."""

    path: str  # relative to the output folder: "feed.atom", "tags/careers.atom"
    title: str
    page_url: str
    posts: list[Post]


def feed_path(taxonomy_folder: str, slug: str) -> str:
    """Where a term's feed is, relative to the output folder: "tags/careers.atom"."""
    return f"{taxonomy_folder}/{slug}.atom"


def link_feeds(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Link the site's feed from every page's <head>, and a term page's own feed from its page."""
    if app.builder.name not in WEB_BUILDERS:
        return
    site_title = gettext(LINK_TITLE).format(site=app.config.project)
    links = [feed_link(site_title, context["pathto"](FEED_FILE, 1))]
    if page_feed := context.get("valenx_feed"):  # a term page's, relative to the page
        links.append(feed_link(str(context.get("valenx_feed_title", "")), str(page_feed)))
    context["metatags"] = context.get("metatags", "") + "\n".join(links) + "\n"


def feed_link(title: str, href: str) -> str:
    """A <link> to an Atom feed."""
    title, href = html.escape(title, quote=True), html.escape(href, quote=True)
    return f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}" />'


def keep_post_body(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Keep a post's body as its page shows it, for feeds with full content."""
    if not app.config.valenx_feed_full_content or app.builder.name not in WEB_BUILDERS:
        return
    if pagename not in knowledge_base(app.env).posts or "body" not in context:
        return
    path = body_path(app, pagename)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(str(context["body"]), encoding="utf-8")


def body_path(app: Sphinx, pagename: str) -> Path:
    """Where a post's kept body is: beside the environment, per builder."""
    return Path(app.doctreedir) / f"{CONTENT_FOLDER}-{app.builder.name}" / f"{pagename}.html"


def write_feeds(app: Sphinx, exception: BaseException | None) -> None:
    """After a good web build: write every feed, and delete the ones no longer written."""
    if exception is not None or app.builder.name not in WEB_BUILDERS:
        return
    written: set[str] = set()
    entries = Entries(app)
    for feed in site_feeds(app):
        try:
            feed_url = base_url(app) + feed.path
            generator = atom_feed(app, feed.posts, feed.title, feed_url, feed.page_url, entries)
        except ValueError as error:  # a value XML cannot carry, in a title or in conf.py
            if feed.path == FEED_FILE:  # the site's values are in every feed: none can be written
                message = f"no feed was written: {error}. Check project, valenx_publisher, "
                warn(message + "html_baseurl and language in conf.py.", Subtype.CONFIG, None)
                break
            message = f"{feed.path} was not written: {error}. Check the name of the tag, "
            warn(message + "category or author it is for.", Subtype.FRONT_MATTER, None)
            continue
        path = Path(app.outdir) / feed.path
        path.parent.mkdir(parents=True, exist_ok=True)
        generator.atom_file(str(path), pretty=True)
        written.add(feed.path)
    # An earlier build's feed that is not written now would be published stale.
    remove_stale_files(app, FEEDS_NOTE, written)


def site_feeds(app: Sphinx) -> list[Feed]:
    """The site's feed, then one per term of each taxonomy whose index page the site has.

    The terms are the term pages' (generated_pages.py), so each page's feed link
    works; in a preview, a term whose posts are all drafts has a feed without entries.
    """
    length = int(app.config.valenx_feed_length)
    site = str(app.config.project)
    domain = knowledge_base(app.env)
    newest = newest_first(domain)
    published = [post for post in newest if not post.unpublished]
    site_title = gettext(SITE_TITLE).format(site=site)
    feeds = [Feed(FEED_FILE, site_title, base_url(app), published[:length])]
    homes = domain.homes
    for taxonomy in Taxonomy:
        home = homes.get(taxonomy.value)
        if home is None:
            continue
        for term in terms_of(app.env, newest, taxonomy):
            page = term_page(homes, taxonomy, term.slug)
            assert page is not None  # the taxonomy has its index page
            posts = [domain.posts[docname] for docname in term.posts]
            feeds.append(
                Feed(
                    feed_path(folder_of(home), term.slug),
                    gettext(TERM_TITLES[taxonomy]).format(site=site, name=term.name),
                    page_url(app, page),
                    [post for post in posts if not post.unpublished][:length],
                )
            )
    return feeds


def entry_authors(app: Sphinx, post: Post) -> list[dict[str, str]]:
    """The people a post's entry names (Atom person constructs): its authors, else the publisher.

    An author's uri is their page, else their own link.
    """
    people = [
        {"name": author.name, "uri": url} if url else {"name": author.name}
        for author, url in post_authors(app, post)
    ]
    return people or [{"name": str(app.config.valenx_publisher)}]


@dataclass
class Entries:
    """Makes the feeds' entries, keeping a post's body, or its refusal, for all feeds of a build."""

    app: Sphinx
    bodies: dict[str, str | None] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)

    def add(self, feed: FeedGenerator, posts: Iterable[Post], newest: datetime) -> None:
        """Add an entry per post to feed; a post the feed cannot carry warns once per build."""
        for post in posts:
            if post.docname in self.refused:
                continue
            try:
                entry = self.entry(post, newest)
            except ValueError as error:  # feedgen or XML refuses a value: leave this post out
                self.refused.add(post.docname)
                message = f"the post is left out of the feeds: {error}. "
                message += "Check the post's file name, title, summary and category."
                # Sphinx writes a location without a line (a docname) as the page's file.
                warn(message, Subtype.FRONT_MATTER, post.docname)
                continue
            feed.add_entry(entry, order="append")

    def entry(self, post: Post, newest: datetime) -> FeedEntry:
        """The post's entry, checked as XML (its text lost any control characters when read)."""
        url = page_url(self.app, post.docname)
        entry = FeedEntry()
        entry.id(url)
        entry.title(post.title)
        entry.link(href=url)
        for author in entry_authors(self.app, post):
            entry.author(author)
        if post.summary:
            entry.summary(post.summary)
        if post.category:
            entry.category(term=post.category)
        if (body := self.body(post)) is not None:
            entry.content(body, type="html")
        entry.updated(moment(post) if post.sort_date else newest)
        if post.published is not None:
            entry.published(moment(post, published=True))
        entry.atom_entry()  # raises here, for this post, what the whole feed would raise later
        return entry

    def body(self, post: Post) -> str | None:
        """The post's body with absolute links, when feeds carry it and its page kept one."""
        if not self.app.config.valenx_feed_full_content:
            return None
        if post.docname not in self.bodies:
            try:
                kept = body_path(self.app, post.docname).read_text(encoding="utf-8")
            except OSError:
                self.bodies[post.docname] = None  # not written since the setting was turned on
            else:
                self.bodies[post.docname] = feed_body(kept, page_url(self.app, post.docname))
        return self.bodies[post.docname]


def feed_body(body: str, url: str) -> str:
    """A page's body for a feed: links made absolute from url, no "¶" links, XML-safe."""

    def absolute(tag: re.Match[str]) -> str:
        return LINK_ATTRIBUTE.sub(
            lambda link: f'{link[1]}{html.escape(urljoin(url, html.unescape(link[2])))}"', tag[0]
        )

    return without_control_characters(START_TAG.sub(absolute, HEADING_LINK.sub("", body)))


def atom_feed(
    app: Sphinx,
    posts: list[Post],
    title: str,
    feed_url: str,
    described_url: str,
    entries: Entries | None = None,
) -> FeedGenerator:
    """An Atom feed of posts (newest first), titled title, at feed_url, about described_url."""
    # Dates come from the posts, never the clock, so two builds give the same feed.
    newest = max((moment(post) for post in posts), default=moment(None))
    feed = FeedGenerator()
    feed.id(described_url)
    feed.title(title)
    feed.author({"name": app.config.valenx_publisher})
    feed.link(href=described_url, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.language(app.config.language or "en")
    feed.updated(newest)
    feed.atom_str()  # a value XML cannot carry stops the whole feed here, not per post
    (entries or Entries(app)).add(feed, posts, newest)
    return feed


def moment(post: Post | None, published: bool = False) -> datetime:
    """A post's updated (or published) date as a UTC timestamp; 1970 when it has none."""
    day: date | None = None
    if post is not None:
        day = post.published if published else (post.updated or post.published)
    day = day or date(1970, 1, 1)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def setup(app: Sphinx) -> dict[str, Any]:
    """Declare the settings; link the site feed, keep post bodies, write the feeds."""
    app.setup_extension("valenx_kb.config")
    # With seo's head tags, after sphinx-notfound-page (also 400) gives the 404 page
    # absolute links; valenx_kb sets this module up first, so the links come first.
    app.connect("html-page-context", link_feeds, priority=400)
    app.connect("html-page-context", keep_post_body)
    app.connect("build-finished", write_feeds)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
