"""What search engines and feed readers see: JSON-LD, the Atom feed, robots.txt."""

import html
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from docutils import nodes
from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx

from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.domain import knowledge_base
from valenx_kb.records import FaqEntry, Post
from valenx_kb.scoring import tie_break_order

# Builders that write web pages with a <head> worth annotating (not epub, not one page).
WEB_BUILDERS = {"html", "dirhtml"}
FEED_FILE = "feed.atom"


def base_url(app: Sphinx) -> str:
    """The site's absolute base URL, ending in "/"."""
    url = str(app.config.html_baseurl)
    return url if url.endswith("/") else url + "/"


def page_url(app: Sphinx, docname: str) -> str:
    """A page's absolute, canonical URL."""
    return urljoin(base_url(app), app.builder.get_target_uri(docname))


def add_head_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Link the feed from every page; give posts Article and FAQPage JSON-LD."""
    if app.builder.name not in WEB_BUILDERS:
        return
    feed = context["pathto"](FEED_FILE, 1)
    title = f"{app.config.project} posts"
    tags = [f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{feed}" />']
    domain = knowledge_base(app.env)
    post = domain.posts.get(pagename)
    if post is not None and not post.draft:
        # Before sphinxext-opengraph runs, so it keeps this description.
        if post.summary:
            summary = html.escape(post.summary, quote=True)
            tags.append(f'<meta name="description" content="{summary}" />')
        tags.append(json_ld(article_data(app, post)))
        faq = domain.faqs.get(pagename)
        if faq:
            tags.append(json_ld(faq_data(faq)))
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def json_ld(data: dict[str, Any]) -> str:
    """A JSON-LD script element that no value can break out of.

    "<", ">" and "&" are written as JSON escapes, so "</script>" in any field
    stays inside the string and the JSON still parses to the same values.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def article_data(app: Sphinx, post: Post) -> dict[str, Any]:
    """schema.org Article: what Google's article documentation recommends that we know."""
    publisher = {"@type": "Organization", "name": app.config.valenx_publisher}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": post.title,
        "author": publisher,
        "publisher": publisher,
        "articleSection": post.category,
        "keywords": list(post.tags),
        "wordCount": post.words,
        "url": page_url(app, post.docname),
        "mainEntityOfPage": page_url(app, post.docname),
        "inLanguage": app.config.language or "en",
    }
    if post.summary:
        data["description"] = post.summary
    if post.published is not None:
        data["datePublished"] = post.published.isoformat()
    if post.updated is not None:
        data["dateModified"] = post.updated.isoformat()
    return data


def faq_data(faq: list[FaqEntry]) -> dict[str, Any]:
    """schema.org FAQPage with every question and its plain-text answer."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {"@type": "Answer", "text": entry.answer},
            }
            for entry in faq
        ],
    }


def absolute_links_on_404_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Make the 404 page's links absolute: Read the Docs serves it at any missing path.

    sphinx-notfound-page does this for the theme's links and for images;
    links written in the page itself are left relative, so they are done here.
    """
    if "notfound_pagename" not in app.config or app.builder.name not in WEB_BUILDERS:
        return  # sphinx-notfound-page is not in use
    if docname != app.config.notfound_pagename:
        return
    prefix = app.config.notfound_urls_prefix or "/"
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if uri and not urlsplit(uri).scheme and not uri.startswith(("/", "#")):
            reference["refuri"] = prefix + uri


def write_feed_and_robots(app: Sphinx, exception: BaseException | None) -> None:
    """After a good web build: robots.txt, and the Atom feed of all posts."""
    if exception is not None or app.builder.name not in WEB_BUILDERS:
        return
    outdir = Path(app.outdir)
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {base_url(app)}sitemap.xml\n"
    (outdir / "robots.txt").write_text(robots, encoding="utf-8")
    feed_file = outdir / FEED_FILE
    try:
        atom_feed(app).atom_file(str(feed_file), pretty=True)
    except ValueError as error:  # posts are checked one by one: this is a conf.py value
        feed_file.unlink(missing_ok=True)  # an earlier build's feed would be published stale
        message = f"{FEED_FILE} was not written: {error}. Check project, valenx_publisher, "
        warn(message + "html_baseurl and language in conf.py.", Subtype.CONFIG, None)


def atom_feed(app: Sphinx) -> FeedGenerator:
    """The feed: every post that is not a draft, most recently updated first."""
    posts = [post for post in knowledge_base(app.env).posts.values() if not post.draft]
    place = tie_break_order(post.keys() for post in posts)
    posts.sort(key=lambda post: place[post.docname])
    # Dates come from the posts, never the clock, so two builds give the same feed.
    newest = max((moment(post) for post in posts), default=moment(None))
    feed = FeedGenerator()
    feed.id(base_url(app))
    feed.title(f"{app.config.project}: all posts")
    feed.author({"name": app.config.valenx_publisher})
    feed.link(href=base_url(app), rel="alternate")
    feed.link(href=base_url(app) + FEED_FILE, rel="self")
    feed.language(app.config.language or "en")
    feed.updated(newest)
    feed.atom_str()  # a conf.py value XML cannot carry stops the whole feed here, not per post
    for post in reversed(posts):  # feedgen puts each new entry first
        try:
            entry = feed_entry(app, post, newest)
        except ValueError as error:  # feedgen or XML refuses a value; only this post is left out
            message = f"the post is left out of {FEED_FILE}: {error}. "
            message += "Check the post's file name, title, summary and category."
            # Sphinx writes a location without a line (a docname) as the page's file.
            warn(message, Subtype.FRONT_MATTER, post.docname)
            continue
        feed.add_entry(entry)
    return feed


def feed_entry(app: Sphinx, post: Post, newest: datetime) -> FeedEntry:
    """The post's feed entry, checked as XML (its text lost any control characters when read)."""
    entry = FeedEntry()
    entry.id(page_url(app, post.docname))
    entry.title(post.title)
    entry.link(href=page_url(app, post.docname))
    if post.summary:
        entry.summary(post.summary)
    if post.category:
        entry.category(term=post.category)
    entry.updated(moment(post) if post.sort_date else newest)
    if post.published is not None:
        entry.published(moment(post, published=True))
    entry.atom_entry()  # raises here, for this post, what the whole feed would raise later
    return entry


def moment(post: Post | None, published: bool = False) -> datetime:
    """A post's updated (or published) date as a UTC timestamp; 1970 when it has none."""
    day: date | None = None
    if post is not None:
        day = post.published if published else (post.updated or post.published)
    day = day or date(1970, 1, 1)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
