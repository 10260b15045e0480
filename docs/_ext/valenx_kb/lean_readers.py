"""With -j, each forked reader sends back what it read, not the whole environment again.

Sphinx reads pages in chunks, one forked process per chunk. A reader pickles
its whole environment back to the build's process, which unpickles it and
takes over what it says about that chunk's pages alone
(BuildEnvironment.merge_info_from, env-merge-info, each domain's
merge_domaindata). The environment holds every page read so far, so the same
pages are pickled and unpickled again chunk after chunk, in the build's own
process while the readers wait: at 10,000 posts (45 chunks) reading with
-j 2 took as long as with -j 1.

So before its first page, a reader forgets the largest per-page tables for the
pages it was forked with: their titles, tables of contents and dependencies,
and this extension's records (domain.py). None of those pages is in its
chunk, Sphinx's merge takes those tables for the chunk's pages alone, and
reading never consults them across pages. The rest stays and is still sent
back whole: metadata, since sphinx-notfound-page marks its 404 page's metadata
while reading every page and merges the whole table back; labels and other
domains' objects, so a duplicate label is still found while reading; and
Sphinx's smaller tables (the toctree map, images, all_docs).
"""

import os
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from valenx_kb.domain import knowledge_base

# BuildEnvironment's tables keyed by docname that only the page itself and the merge use.
PER_PAGE_TABLES = ("titles", "longtitles", "tocs", "toc_num_entries", "dependencies")


class LeanReaders:
    """Knows the build's own process, and whether this reader has forgotten already."""

    def __init__(self) -> None:
        self.build_process = os.getpid()  # readers forked from it have another id
        self.forgotten_in = 0  # the reader process that forgot the other pages

    def reading_page(self, app: Sphinx, docname: str, source: list[str]) -> None:
        """In a forked reader, before its first page: forget the pages it will not send back."""
        process = os.getpid()
        if process in (self.build_process, self.forgotten_in):
            return
        self.forgotten_in = process
        forget_other_pages(app.env, set(app.env.all_docs))


def forget_other_pages(env: BuildEnvironment, others: set[str]) -> None:
    """Drop what a reader's environment holds for pages outside its chunk."""
    for name in PER_PAGE_TABLES:
        table = getattr(env, name, None)
        if isinstance(table, dict):
            for docname in others & table.keys():
                del table[docname]
    knowledge_base(env).forget_other_pages(others)


def setup(app: Sphinx) -> dict[str, Any]:
    """Watch for forked readers; early, before other handlers of the page's source."""
    readers = LeanReaders()
    app.connect("source-read", readers.reading_page, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
