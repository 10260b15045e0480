"""With -j, the objects of the build's process are frozen for the garbage collector before forks.

Sphinx forks a process for each chunk of pages it reads or writes under -j.
A forked process shares the build's memory until it writes to it, and
Python's garbage collector writes to every object it looks at: the first
full collection in each forked process touched all of the environment and
copied it, page by page, for every chunk (10,000 posts: 45 chunks to read,
as many to write). Python's documentation of gc.freeze gives the remedy: move
the objects that exist to a permanent generation the collector ignores, right
before forking. That is done before reading, after each reader's pages are
merged (the next reader is forked then), before writing, and before the
generated pages, which generated_pages.py writes in forked processes too.
They are moved back once the build is over, so a process that runs several
builds (tests, sphinx-autobuild) lets go of them as usual.
"""

import gc
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.parallel import parallel_available


class ForkMemory:
    """Whether this build froze the collector's objects, and so must thaw them."""

    def __init__(self) -> None:
        self.froze = False

    def freeze(self, app: Sphinx, *args: object) -> None:
        """Before the next fork of a -j build: leave today's objects out of garbage collection."""
        if parallel_available and app.parallel > 1:
            gc.freeze()
            self.froze = True

    def freeze_for_pages(self, app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
        """Before the pages of extensions, which generated_pages.py writes in forked processes."""
        self.freeze(app)
        return []  # no page of its own

    def unfreeze(self, app: Sphinx, exception: BaseException | None) -> None:
        """After a build that froze: let the collector see every object again."""
        if self.froze:
            gc.unfreeze()
            self.froze = False


def setup(app: Sphinx) -> dict[str, Any]:
    """Freeze before reading, after each reader's pages are merged, before writing pages."""
    memory = ForkMemory()
    app.connect("env-before-read-docs", memory.freeze, priority=900)
    app.connect("env-merge-info", memory.freeze, priority=900)
    app.connect("write-started", memory.freeze, priority=900)
    app.connect("html-collect-pages", memory.freeze_for_pages, priority=400)
    # First of all build-finished handlers: one that fails stops those after it.
    app.connect("build-finished", memory.unfreeze, priority=0)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
