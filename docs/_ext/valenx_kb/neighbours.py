"""Previous and next links between posts, in the archive's order: newest first.

Sphinx links each page to its neighbours in the toctree, where posts sit by
file name. A reader going through posts expects the archive's order, so a
post's "Previous" is the next newer post and its "Next" the next older one.
A post is re-written when a neighbour changes, or a neighbour's title does.
"""

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.locale import _ as sphinx_text
from sphinx.writers.html5 import HTML5Translator

from valenx_kb.domain import knowledge_base
from valenx_kb.links import WEB_BUILDERS
from valenx_kb.site_index import newest_first

Neighbour = tuple[str, str] | None  # (docname, title) of the post on one side, if any


def refresh_neighbours(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Each post's newer and older neighbour; return the posts whose neighbours changed."""
    domain = knowledge_base(env)
    posts = newest_first(domain)
    sides: list[Neighbour] = [None, *((post.docname, post.title) for post in posts), None]
    neighbours = {
        post.docname: (sides[place], sides[place + 2]) for place, post in enumerate(posts)
    }
    changed = {name for name, pair in neighbours.items() if domain.neighbours.get(name) != pair}
    domain.neighbours = neighbours
    return sorted(changed & env.found_docs)


def link_neighbours(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Give a post's page its newer post as "prev" and its older one as "next"."""
    builder = app.builder
    pair = knowledge_base(app.env).neighbours.get(pagename)
    if pair is None or builder.name not in WEB_BUILDERS:
        return
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    rellinks = [link for link in context.get("rellinks", []) if link[2] not in {"P", "N"}]
    for key, neighbour, accesskey, label in (
        # Labelled in the site's language by Sphinx's own catalog, as Sphinx labels them.
        ("prev", pair[0], "P", sphinx_text("previous")),
        ("next", pair[1], "N", sphinx_text("next")),
    ):
        if neighbour is None:
            context[key] = None
            continue
        docname, _ = neighbour
        title = title_html(builder, app.env.titles[docname])
        context[key] = {"link": builder.get_relative_uri(pagename, docname), "title": title}
        rellinks.append((docname, title, accesskey, label))
    context["rellinks"] = rellinks


def title_html(builder: StandaloneHTMLBuilder, title: nodes.Element) -> str:
    """A page's title as Sphinx's HTML writer renders it, as Sphinx's own "prev" and "next" are.

    A title of plain text is escaped as that writer escapes text, without
    starting a writer for it: each post's page shows two, and starting one
    costs more than the rest of a post's links.
    """
    translator = builder.get_translator_class()
    if translator is HTML5Translator and all(isinstance(c, nodes.Text) for c in title.children):
        return title.astext().translate(HTML5Translator.special_characters)
    return builder.render_partial(title)["title"]


def setup(app: Sphinx) -> dict[str, Any]:
    """Work out the neighbours once all pages are read; link them on each post's page."""
    app.connect("env-updated", refresh_neighbours)
    app.connect("html-page-context", link_neighbours)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
