"""Links to a tag's, category's or author's page, resolved for each builder.

Term pages are generated for html and dirhtml only, and only once a page
holds the taxonomy's ``{taxonomy-index}``; a post is read before that is known.
So a post keeps a placeholder, and writing it gives a link where the page
exists and the term's name as plain text everywhere else.
"""

from docutils import nodes
from sphinx.application import Sphinx

from valenx_kb.domain import knowledge_base
from valenx_kb.links import WEB_BUILDERS
from valenx_kb.taxonomy import Taxonomy, folder_of


class term_link(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils naming)
    """A tag, category or author name that links to its page where there is one."""


def term_link_node(taxonomy: Taxonomy, slug: str, text: str) -> term_link:
    """A placeholder for a link to the term's page, showing text."""
    return term_link("", text, taxonomy=taxonomy.value, slug=slug)


def term_page(homes: dict[str, str], taxonomy: Taxonomy | str, slug: str) -> str | None:
    """The page name of a term's page, or None when no page holds the taxonomy's index."""
    home = homes.get(str(taxonomy))
    return None if home is None else f"{folder_of(home)}/{slug}"


def resolve_term_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Turn each term placeholder of a page being written into a link (html, dirhtml) or text."""
    builder = app.builder
    homes = knowledge_base(app.env).homes
    for placeholder in list(doctree.findall(term_link)):
        text = placeholder.astext()
        target = term_page(homes, placeholder["taxonomy"], placeholder["slug"])
        if builder.name not in WEB_BUILDERS or target is None:
            placeholder.replace_self(nodes.inline("", text, classes=placeholder["classes"]))
            continue
        uri = builder.get_relative_uri(docname, target)
        reference = nodes.reference("", text, internal=True, refuri=uri)
        reference["classes"] = [*placeholder["classes"], "valenx-term"]
        placeholder.replace_self(reference)
