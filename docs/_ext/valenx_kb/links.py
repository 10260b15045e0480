"""Links between pages, as cross-references every builder resolves."""

from collections.abc import Iterable

from docutils import nodes
from sphinx import addnodes


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
