"""Posts: reading a post's front matter, its title and reading time, and its byline.

A page is a post when its front matter has a ``category``.
"""

import math
import re
from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from valenx_kb.authors import author_names, known_authors, written_authors
from valenx_kb.domain import knowledge_base, listing_placeholder
from valenx_kb.drafts import is_scheduled
from valenx_kb.formatting import format_month, locale_for
from valenx_kb.front_matter import (
    FrontMatterWarnings,
    compared_roles,
    given,
    known_roles,
    parse_day,
    parse_flag,
    report_unreadable_front_matter,
    text_list,
    unknown_category,
    updated_day,
    without_control_characters,
)
from valenx_kb.links import doc_link
from valenx_kb.records import ListingKind, Post
from valenx_kb.taxonomy import Taxonomy, slugify
from valenx_kb.term_links import term_link_node
from valenx_kb.translation import N_, gettext, own_text

# Text in these nodes is not read as prose: code, tables, raw markup, comments.
NOT_PROSE = (
    nodes.literal_block,
    nodes.doctest_block,
    nodes.table,
    nodes.raw,
    nodes.comment,
    nodes.math_block,
    nodes.system_message,
)
# Chinese and Japanese are read by character, not by space-separated word.
CJK_CHARACTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"\w+(?:['\u2019.-]\w+)*")  # "it's" is one word

# What readers see in the byline and below the post.
READING_TIME = N_("{minutes} min read")
UPDATED = N_("Updated {month}")
TAGS_LABEL = N_("Tags:")
BACK_TO_BLOG = N_("Back to Blog")
VIEW_ALL_POSTS = N_("View All Posts »")
FACT_SEPARATOR = " ·"  # between the parts of a byline, and a space after it (joined_facts)
FACT_CLASSES = {"valenx-names", "valenx-fact", "valenx-separator"}


def blog_page(env: BuildEnvironment) -> str:
    """The page that lists every post ("Back to Blog"): the root page unless set."""
    return str(env.config.valenx_blog_page or env.config.root_doc)


def collect_post(app: Sphinx, doctree: nodes.document) -> None:
    """Read a post's front matter, measure it, and add its byline and blog link."""
    env = app.env
    docname = env.docname
    metadata = env.metadata[docname]
    if "category" not in metadata:
        report_unreadable_front_matter(env, docname)  # MyST drops front matter it cannot read
        return
    if not given(metadata["category"]):
        allowed = ", ".join(env.config.valenx_categories)
        message = (
            f"'category' is empty. Write one of {allowed}, or remove it if the page is not a post."
        )
        FrontMatterWarnings(env, docname).warn("category", message)
        return
    post = read_front_matter(env, docname, doctree)
    knowledge_base(env).posts[docname] = post
    # sphinxext-opengraph takes per-page "og:" overrides from the page's metadata.
    if post.summary:
        metadata["og:description"] = post.summary
    metadata["og:type"] = "article"
    insert_byline(env, doctree, post)
    insert_blog_link(env, doctree)


def read_front_matter(env: BuildEnvironment, docname: str, doctree: nodes.document) -> Post:
    """Validate the front matter; a bad value gives one warning at its line and is dropped."""
    metadata = env.metadata[docname]
    problems = FrontMatterWarnings(env, docname)
    words, minutes = measure(env, doctree)
    category = problems.clean("category", given(metadata["category"]))
    if category not in env.config.valenx_categories:
        message = unknown_category("category", category, env.config.valenx_categories)
        problems.warn("category", message)
    summary = problems.clean("summary", given(metadata.get("summary")))
    if not summary:
        field = "summary" if "summary" in metadata else "category"
        problems.warn(field, "the post has no 'summary'. Add one sentence for its cards.")
    tags = text_list(metadata.get("tags"), "tags", problems)
    published = parse_day(metadata.get("date"), "date", problems)
    return Post(
        docname=docname,
        title=post_title(env, docname, doctree, problems),
        title_line=heading_line(doctree),
        summary=summary,
        category=category,
        tags=tuple(dict.fromkeys(filter(None, (problems.clean("tags", tag) for tag in tags)))),
        roles=known_roles(env, text_list(metadata.get("roles"), "roles", problems), problems),
        compares=compared_roles(
            env, text_list(metadata.get("compares"), "compares", problems), problems
        ),
        authors=known_authors(env, written_authors(env, docname, problems), problems),
        published=published,
        updated=updated_day(env, metadata.get("updated"), published, problems),
        reading_minutes=minutes,
        words=words,
        draft=parse_flag(metadata.get("draft"), "draft", problems),
        scheduled=is_scheduled(published),
    )


def post_title(
    env: BuildEnvironment, docname: str, doctree: nodes.document, problems: FrontMatterWarnings
) -> str:
    """The post's "# Title" heading; without one, a warning and a stand-in for cards and feed."""
    section = next(doctree.findall(nodes.section), None)
    heading = section[0] if section is not None and len(section) else None
    if not isinstance(heading, nodes.title):
        front_matter_title = given(env.metadata[docname].get("title"))
        if front_matter_title:
            message = (
                "the post has a 'title' in its front matter but no \"# Title\" heading, so "
                'the page shows no title. Start the post with "# Title" under the front '
                "matter, and remove 'title'."
            )
        else:
            message = 'the post has no title. Start it with "# Title" under the front matter.'
        problems.warn("title", message)
        stand_in = without_control_characters(front_matter_title).strip()
        return stand_in or docname.rpartition("/")[2]
    title = problems.clean("title", heading.astext(), heading.line)
    if title != heading.astext():
        for tree in (heading, env.titles.get(docname), env.tocs.get(docname)):
            if tree is not None:
                strip_control_characters(tree)
    return title or docname.rpartition("/")[2]


def heading_line(doctree: nodes.document) -> int:
    """The line of the post's "# Title" heading; 0 when it has none."""
    section = next(doctree.findall(nodes.section), None)
    heading = section[0] if section is not None and len(section) else None
    return heading.line or 0 if isinstance(heading, nodes.title) else 0


def strip_control_characters(tree: nodes.Node) -> None:
    """Take control characters out of every text in tree."""
    for text in list(tree.findall(nodes.Text)):
        clean = without_control_characters(text.astext())
        if clean != text.astext() and text.parent is not None:
            text.parent.replace(text, nodes.Text(clean))


def measure(env: BuildEnvironment, doctree: nodes.document) -> tuple[int, int]:
    """The prose's word count (a CJK character counts as a word) and minutes to read it.

    Words go at valenx_words_per_minute, CJK characters at their own pace;
    at least one minute.
    """
    text = " ".join(prose_text(doctree))
    characters = len(CJK_CHARACTER.findall(text))
    words = len(WORD.findall(CJK_CHARACTER.sub(" ", text)))
    minutes = words / int(env.config.valenx_words_per_minute)
    minutes += characters / int(env.config.valenx_cjk_characters_per_minute)
    return words + characters, max(1, math.ceil(minutes))


def prose_text(node: nodes.Node) -> Iterator[str]:
    """The text of node, leaving out code, tables and other non-prose."""
    for child in node.children:
        if isinstance(child, nodes.Text):
            yield child.astext()
        elif not isinstance(child, NOT_PROSE):
            yield from prose_text(child)


def insert_byline(env: BuildEnvironment, doctree: nodes.document, post: Post) -> None:
    """Put the byline ("Valenx Press · Comparisons · 3 min read · Updated June 2026") and tags.

    The category and each tag link to their pages where the site has them (term_links).
    """
    section = next(doctree.findall(nodes.section), None)
    if section is None:
        return
    facts = [
        nodes.inline("", "", *author_names(env, post), classes=["valenx-names"]),
        fact(term_link_node(Taxonomy.CATEGORIES, slugify(post.category), post.category)),
        fact(nodes.Text(reading_label(post))),
    ]
    if updated := updated_label(post, env.config.language):
        facts.append(fact(nodes.Text(updated), "valenx-byline-updated"))
    meta = nodes.paragraph("", "", *joined_facts(facts), classes=["valenx-byline-meta"])
    container = nodes.container("", meta, classes=["valenx-byline"])
    if post.tags:
        container += tag_list(post.tags)
    section.insert(1, container)


def fact(content: nodes.Node, *classes: str) -> nodes.inline:
    """One part of a byline or a card's footer, which a line never breaks (valenx.css)."""
    return nodes.inline("", "", content, classes=["valenx-fact", *classes])


class PlainFactsInPrint(SphinxPostTransform):
    """Write the parts of bylines and card footers as plain text in LaTeX.

    Their classes are for web pages (where a line must not break inside a part);
    LaTeX would wrap each part in a DUrole command, to no effect.
    """

    formats = ("latex",)
    default_priority = 100  # after the cards are written (listings.RenderListings, 5)

    def run(self, **kwargs: Any) -> None:
        """Replace each part with its content."""
        for node in list(self.document.findall(nodes.inline)):
            if FACT_CLASSES & set(node["classes"]) and node.parent is not None:
                node.parent.replace(node, list(node.children))


def joined_facts(facts: list[nodes.inline]) -> list[nodes.Node]:
    """The parts joined by " · "; a line may break after a "·", never before one."""
    joined: list[nodes.Node] = []
    for number, part in enumerate(facts):
        if number:
            joined.append(nodes.inline("", FACT_SEPARATOR, classes=["valenx-separator"]))
            joined.append(nodes.Text(" "))
        joined.append(part)
    return joined


def tag_list(tags: tuple[str, ...]) -> nodes.paragraph:
    """ "Tags: careers, salaries", each tag a link to its page where there is one."""
    paragraph = nodes.paragraph("", gettext(TAGS_LABEL) + " ", classes=["valenx-byline-tags"])
    for number, tag in enumerate(tags):
        if number:
            paragraph += nodes.Text(", ")
        paragraph += term_link_node(Taxonomy.TAGS, slugify(tag), tag)
    return paragraph


def reading_label(post: Post) -> str:
    """The reading time as readers see it: "3 min read"."""
    return gettext(READING_TIME).format(minutes=post.reading_minutes)


def updated_label(post: Post, language: str | None) -> str:
    """The updated month as readers see it, "Updated June 2026"; "" when there is none."""
    if post.updated is None:
        return ""
    return gettext(UPDATED).format(month=format_month(post.updated, locale_for(language)))


def insert_blog_link(env: BuildEnvironment, doctree: nodes.document) -> None:
    """End the post with one row of links: "Back to Blog", and "View All Posts »" after cards."""
    top = next(doctree.findall(nodes.section), None)
    if top is None:
        return
    blog = blog_page(env)
    row = nodes.container("", classes=["valenx-post-end"])
    back = doc_link(blog, gettext(BACK_TO_BLOG))
    row += own_text(nodes.paragraph("", "", back, classes=["valenx-back-to-blog"]))
    if any(node["kind"] == ListingKind.RELATED for node in top.findall(listing_placeholder)):
        every_post = doc_link(blog, gettext(VIEW_ALL_POSTS))
        row += own_text(nodes.paragraph("", "", every_post, classes=["valenx-view-all"]))
    last = top  # the last section of the page, where its text ends
    while len(last) and isinstance(last[-1], nodes.section):
        last = last[-1]
    last += row
