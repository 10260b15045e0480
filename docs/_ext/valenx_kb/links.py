"""Links between pages, as cross-references every builder resolves."""

from collections.abc import Iterable

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder

# Builders that write web pages: a <head> worth annotating, and the generated term,
# archive and redirect pages (not epub, not one page).
WEB_BUILDERS = {"html", "dirhtml"}


def doc_link(docname: str, text: str, classes: Iterable[str] = ()) -> addnodes.pending_xref:
    """A link to a page (docname relative to the source folder) showing text."""
    return addnodes.pending_xref(
        "",
        nodes.inline("", text, classes=["xref", "std", "std-doc"]),
        refdomain="std",
        reftype="doc",
        reftarget=f"/{docname}",
        refexplicit=True,
        refwarn=True,
        classes=list(classes),
    )


def resolve_doc_links(tree: nodes.Element, from_page: str, builder: Builder) -> None:
    """Turn tree's doc_link cross-references into links from from_page, as Sphinx would.

    For what is added once Sphinx has resolved cross-references (doctree-resolved)
    or on pages it never resolves (generated pages).
    """
    for xref in list(tree.findall(addnodes.pending_xref)):
        uri = builder.get_relative_uri(from_page, xref["reftarget"].lstrip("/"))
        reference = nodes.reference("", "", *xref.children, internal=True, refuri=uri)
        reference["classes"] = xref["classes"]
        xref.replace_self(reference)
