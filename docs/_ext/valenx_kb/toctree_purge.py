"""Forgetting a page's toctrees in time proportional to the page, not to the site.

Before reading a page (the first time too), Sphinx's TocTreeCollector
forgets what it knew of it, and scans env.files_to_rebuild, the map from
every page a toctree lists to the pages listing it, for the page's name:
work in proportion to the site for every page read, so reading grows with
the square of the number of pages (3,000 posts: 9.5 s of a 90 s build;
10,000 posts: about 100 s). A page can only be in the sets of the pages its
own toctrees list, which env.toctree_includes keeps, so this looks there
alone, then lets Sphinx's own handler forget the rest with nothing left to
scan. Sphinx's handler is swapped for this one when the extension is set up;
if it is not found where expected, nothing changes (reading is only slower).
"""

from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector

PURGE = "env-purge-doc"
ClearDoc = Callable[[Sphinx, BuildEnvironment, str], None]


def forget_as_parent(env: BuildEnvironment, docname: str) -> None:
    """Take docname out of the parents of each page its toctrees list."""
    for child in env.toctree_includes.get(docname, ()):
        parents = env.files_to_rebuild.get(child)
        if parents is not None:
            parents.discard(docname)
            if not parents:
                del env.files_to_rebuild[child]


def without_scan(sphinx_clear_doc: ClearDoc) -> ClearDoc:
    """Sphinx's clear_doc, after forget_as_parent, with no map of parents to scan."""

    def clear_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        forget_as_parent(env, docname)
        parents = env.files_to_rebuild
        env.files_to_rebuild = {}
        try:
            sphinx_clear_doc(app, env, docname)
        finally:
            env.files_to_rebuild = parents

    return clear_doc


def swap_toctree_purge(app: Sphinx) -> bool:
    """Put without_scan in place of TocTreeCollector's env-purge-doc handler; True if done."""
    listeners = getattr(getattr(app, "events", None), "listeners", None)
    if not isinstance(listeners, dict):
        return False
    for listener in list(listeners.get(PURGE, [])):
        collector = getattr(listener.handler, "__self__", None)
        ids = getattr(collector, "listener_ids", None)
        if not isinstance(collector, TocTreeCollector) or not isinstance(ids, dict):
            continue
        if ids.get(PURGE) != listener.id:
            continue
        app.disconnect(listener.id)
        ids[PURGE] = app.connect(PURGE, without_scan(collector.clear_doc), listener.priority)
        return True
    return False


def setup(app: Sphinx) -> dict[str, Any]:
    """Swap Sphinx's handler for the faster one."""
    swap_toctree_purge(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
