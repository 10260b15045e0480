"""What search engines see: JSON-LD and head tags, robots.txt (the feeds are feeds.py's)."""

import html
import json
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from docutils import nodes
from sphinx.application import Sphinx

from valenx_kb.authors import site_authors
from valenx_kb.domain import knowledge_base
from valenx_kb.links import WEB_BUILDERS
from valenx_kb.occupation import page_occupation
from valenx_kb.records import Author, FaqEntry, Post
from valenx_kb.share_images import head_tags as image_tags
from valenx_kb.taxonomy import Taxonomy
from valenx_kb.term_links import term_page


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
    """Give posts Article and FAQPage JSON-LD, role pages Occupation, unpublished posts noindex."""
    if app.builder.name not in WEB_BUILDERS:
        return
    domain = knowledge_base(app.env)
    post = domain.posts.get(pagename)
    # The share image (share_images.py): og:image, twitter:card, and the Article's image below.
    image, tags = image_tags(app, pagename, context, base_url(app))
    # A preview's draft or scheduled post, or a generated page showing only those.
    if (post is not None and post.unpublished) or context.get("valenx_noindex"):
        tags.append('<meta name="robots" content="noindex" />')
    if post is not None and not post.unpublished:
        # Before sphinxext-opengraph runs, so it keeps this description.
        if post.summary:
            summary = html.escape(post.summary, quote=True)
            tags.append(f'<meta name="description" content="{summary}" />')
        tags.append(json_ld(article_data(app, post, image)))
        faq = domain.faqs.get(pagename)
        if faq:
            tags.append(json_ld(faq_data(faq)))
    # A role's page (a post or not) describes the role: Occupation data (occupation.py).
    indexed = not context.get("valenx_noindex") and not (post is not None and post.unpublished)
    if indexed and (occupation := page_occupation(app.env, pagename, page_url(app, pagename))):
        tags.append(json_ld(occupation))
    if tags:
        context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def json_ld(data: dict[str, Any]) -> str:
    """A JSON-LD script element that no value can break out of.

    "<", ">" and "&" are written as JSON escapes, so "</script>" in any field
    stays inside the string and the JSON still parses to the same values.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def article_data(app: Sphinx, post: Post, image: str = "") -> dict[str, Any]:
    """schema.org Article: what Google's article documentation recommends that we know."""
    publisher = {"@type": "Organization", "name": app.config.valenx_publisher}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": post.title,
        "author": author_data(app, post) or publisher,
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
    if image:
        data["image"] = image
    return data


def author_data(app: Sphinx, post: Post) -> list[dict[str, str]]:
    """schema.org Person (or Organization, for a team) per author, with their page and own link."""
    people = []
    for author, url in post_authors(app, post):
        person = {"@type": "Organization" if author.organization else "Person", "name": author.name}
        if url:
            person["url"] = url
        if author.url:
            person["sameAs"] = author.url
        people.append(person)
    return people


def post_authors(app: Sphinx, post: Post) -> list[tuple[Author, str]]:
    """The post's authors, each with the absolute address of their page, else their own link."""
    authors = site_authors(app.env) if post.authors else {}
    homes = knowledge_base(app.env).homes
    found = []
    for author_id in post.authors:
        if author := authors.get(author_id):
            page = term_page(homes, Taxonomy.AUTHORS, author_id)
            found.append((author, author.url if page is None else page_url(app, page)))
    return found


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


def write_robots(app: Sphinx, exception: BaseException | None) -> None:
    """After a good web build: robots.txt, pointing at the sitemap."""
    if exception is not None or app.builder.name not in WEB_BUILDERS:
        return
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {base_url(app)}sitemap.xml\n"
    (Path(app.outdir) / "robots.txt").write_text(robots, encoding="utf-8")
