"""Small corrections to the HTML the theme produces, so pages validate."""

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform


class UniqueTableIds(SphinxPostTransform):
    """Keep a table's ids on the table only.

    furo wraps every table in a "table-wrapper" container that copies all of
    the table's attributes, ids included (furo/__init__.py,
    WrapTableAndMathInAContainerTransform), so a captioned table's id appears
    twice, which HTML forbids. The caption's permalink points at the table.
    """

    formats = ("html",)
    default_priority = 510  # just after furo's wrapping transform (500)

    def run(self, **kwargs: Any) -> None:
        """Drop from each wrapper the ids its table already has."""
        for wrapper in self.document.findall(nodes.container):
            if "table-wrapper" not in wrapper["classes"]:
                continue
            for table in wrapper.findall(nodes.table):
                wrapper["ids"] = [id_ for id_ in wrapper["ids"] if id_ not in table["ids"]]
