"""The recommended-reading directive: resources from the data file, as cards.

A page gives the resources a section of their own ("## Recommended Reading" above
the directive), so they have a heading and an entry in the page's contents; the
:title: option puts a title above the cards where a page has no such heading.
"""

from collections.abc import Callable
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective
from sphinx_design.shared import create_component

from valenx_kb.data import Reading
from valenx_kb.datadirective import split_list
from valenx_kb.datasource import dataset_for_page
from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.urls import is_safe_url


class RecommendedReading(SphinxDirective):
    """{recommended-reading}: cards for the data file's resources named in :items:."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        "items": directives.unchanged_required,
        "title": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        """One card per resource; unknown ids give a warning each."""
        dataset = dataset_for_page(self.env, self.get_location())
        if dataset is None:
            return []
        known = {item.id: item for item in dataset.reading}
        ids = ", ".join(known) or "none"
        if "items" not in self.options:
            message = (
                "recommended-reading needs :items:, the ids of the resources to show; "
                f"the data file has: {ids}."
            )
            warn(message, Subtype.USAGE, self.get_location())
            return []
        chosen = []
        for item_id in split_list(self.options.get("items", "")):
            if item_id in known:
                chosen.append(known[item_id])
            else:
                message = f"unknown reading {item_id!r}; the data file has: {ids}."
                warn(message, Subtype.UNKNOWN_READING, self.get_location())
        if not chosen:
            return []
        box = nodes.container("", classes=["valenx-reading"])
        if self.options.get("title"):
            box += nodes.rubric("", self.options["title"])
        box.extend(reading_card(item) for item in chosen)
        return [box]


def reading_card(item: Reading) -> nodes.Element:
    """A card: the title, linked when the data gives a safe link, then the note."""
    card = create_component("card", ["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm"])
    body = create_component("card-body", ["sd-card-body"])
    title: nodes.Node = nodes.Text(item.title)
    if item.url and is_safe_url(item.url):
        title = nodes.reference("", "", nodes.Text(item.title), refuri=item.url)
    # A paragraph, not sphinx-design's title container: it needs no node of sphinx-design's.
    body += nodes.paragraph("", "", title, classes=["sd-card-title", "valenx-reading-title"])
    body += nodes.paragraph("", item.note, classes=["sd-card-text"])
    card += body
    return card
