"""With -j, the objects of the build's process are frozen for the garbage collector before forks.

Sphinx forks a process for each chunk of pages it reads or writes under -j.
A forked process shares the build's memory until it writes to it, and
Python's garbage collector writes to every object it looks at: the first
full collection in each forked process touched all of the environment and
copied it, page by page, for every chunk (10,000 posts: 45 chunks to read,
as many to write). Python's documentation of gc.freeze gives the remedy: move
the objects that exist to a permanent generation the collector ignores, right
before forking. They are moved back once the build is over, so a process
that runs several builds (tests, sphinx-autobuild) lets go of them as usual.
"""

import gc
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.parallel import parallel_available


def freeze(app: Sphinx, *args: object) -> None:
    """Before the next fork of a -j build: leave today's objects out of garbage collection."""
    if parallel_available and app.parallel > 1:
        gc.freeze()


def unfreeze(app: Sphinx, exception: BaseException | None) -> None:
    """After the build: let the collector see every object again."""
    gc.unfreeze()


def setup(app: Sphinx) -> dict[str, Any]:
    """Freeze before reading, after each reader's pages are merged, and before writing."""
    app.connect("env-before-read-docs", freeze, priority=900)
    app.connect("env-merge-info", freeze, priority=900)
    app.connect("write-started", freeze, priority=900)
    app.connect("build-finished", unfreeze)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
