"""Small corrections to the HTML the theme produces, so pages validate and carry no empty markup."""

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

# The viewport tag docutils' HTML writer puts in "metatags"; furo's base.html writes its own.
VIEWPORT_TAG = re.compile(r'<meta name="viewport"[^>]*>\n?')


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


class UnwrapHiddenToctrees(SphinxPostTransform):
    """Take hidden toctrees out of their "toctree-wrapper" div.

    A hidden toctree feeds the sidebar and shows nothing on its page, but Sphinx
    keeps the wrapper around it, an empty div on the page. Only the wrapper goes:
    the toctree stays for builders that show hidden ones (the e-book's contents).
    """

    formats = ("html",)
    default_priority = 100

    def run(self, **kwargs: Any) -> None:
        """Replace each wrapper holding only hidden toctrees with those toctrees."""
        for wrapper in list(self.document.findall(nodes.compound)):
            if "toctree-wrapper" in wrapper["classes"] and all(
                isinstance(child, addnodes.toctree) and child.get("hidden")
                for child in wrapper.children
            ):
                wrapper.replace_self(wrapper.children)


def drop_duplicate_viewport(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Leave the page one viewport tag, furo's: take docutils' out of the head's extra tags."""
    theme = getattr(app.builder, "theme", None)
    if theme is not None and theme.name == "furo":  # other themes may not write one
        context["metatags"] = VIEWPORT_TAG.sub("", context.get("metatags", ""))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the fixes."""
    app.add_post_transform(UniqueTableIds)
    app.add_post_transform(UnwrapHiddenToctrees)
    app.connect("html-page-context", drop_duplicate_viewport)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
