"""The e-book and the PDF: the posts and role profiles as a book, without the site's own pages.

The site's toctrees are hidden (furo's sidebar shows them), so the e-book takes
its table of contents from all of them (conf.py's epub_tocscope), and the PDF
takes the root document's toctrees alone (latex_documents' toctree_only), each
page a chapter. The pages valenx_book_excludes names (the 404 page, the pages
about the site and its contributors) are left out of both: out of the e-book's
files, spine and contents through epub_exclude_files, added only while the
package is made (BookEpubBuilder); out of the PDF by taking their pages out of
the assembled document. A link to a left-out page
becomes its text.

The PDF is dated by the data's edition, the month of its as_of in the site's
language ("June 2026"), not by the day it was built; without usable data (the
build reports why) it keeps Sphinx's date. Its table of contents keeps the
language's own name: Sphinx would name it after the first toctree's caption.
"""

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.builders.latex import LaTeXBuilder
from sphinx.errors import NoUri
from sphinx.util import texescape

from valenx_kb.datasource import site_dataset
from valenx_kb.formatting import format_month, locale_for

BOOK_BUILDERS = {"epub", "latex"}


def is_left_out(page: str, patterns: Iterable[str]) -> bool:
    """Whether a valenx_book_excludes pattern matches the page's name."""
    return any(fnmatch.fnmatchcase(page, pattern) for pattern in patterns)


@dataclass
class Book:
    """The pages one build leaves out of the book, found once per build."""

    left_out: list[str] | None = None

    def start_build(self, app: Sphinx, env: object) -> None:
        """Forget the last build's pages: some may have been added or removed."""
        self.left_out = None

    def pages_left_out(self, app: Sphinx) -> list[str]:
        """The pages valenx_book_excludes names, in the order Sphinx found them."""
        if self.left_out is None:
            patterns = app.config.valenx_book_excludes
            found = sorted(app.env.found_docs)
            self.left_out = [page for page in found if is_left_out(page, patterns)]
        return self.left_out

    def leave_out(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        """Take the left-out pages out of the PDF, and the links to them out of either book."""
        builder = app.builder
        if builder.name not in BOOK_BUILDERS:
            return
        left_out = self.pages_left_out(app)
        if not left_out:
            return
        if builder.name == "latex":
            for start in list(doctree.findall(addnodes.start_of_file)):
                if start["docname"] in left_out and start.parent is not None:
                    start.parent.remove(start)
        links = set()
        for page in left_out:
            try:
                links.add(builder.get_relative_uri(docname, page))
            except NoUri:  # not in this book at all
                continue
        unlink(doctree, links)


def unlink(tree: nodes.Element, links: set[str]) -> None:
    """Replace each reference to one of links (or a place in it) with its text."""
    for reference in list(tree.findall(nodes.reference)):
        if reference.get("refuri", "").partition("#")[0] in links:
            reference.replace_self(nodes.inline("", "", *reference.children))


class BookEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder, whose package leaves out the pages valenx_book_excludes names.

    They are added to epub_exclude_files only while the package's file list is made: as a
    setting ("env"), a change of it would make every builder read every page again.
    """

    def build_content(self) -> None:
        """content.opf without the left-out pages (their files, spine entries and contents)."""
        patterns = self.config.valenx_book_excludes
        found = sorted(self.env.found_docs)
        left_out = [page + self.out_suffix for page in found if is_left_out(page, patterns)]
        given = self.config.epub_exclude_files
        self.config.epub_exclude_files = [*given, *left_out]
        try:
            super().build_content()
        finally:
            self.config.epub_exclude_files = given


class BookLaTeXBuilder(LaTeXBuilder):
    """Sphinx's LaTeX builder, with the data's edition as the date and no caption as contents."""

    def init_context(self) -> None:
        """Sphinx's template context, dated by the data's month unless conf.py sets today."""
        super().init_context()
        dataset = site_dataset(self.env)
        if dataset is not None and not self.config.today:
            month = format_month(dataset.as_of, locale_for(self.config.language))
            self.context["date"] = texescape.escape(month, self.config.latex_engine)

    def get_contentsname(self, indexfile: str) -> str:
        """No name of our own: the language's ("Contents"), not the first toctree's caption."""
        return ""


def setup(app: Sphinx) -> dict[str, Any]:
    """Leave the site's own pages out of the e-book and the PDF; date the PDF by the data."""
    app.setup_extension("valenx_kb.config")
    # After Sphinx makes source_suffix a dict (priority 800).
    book = Book()
    app.connect("env-updated", book.start_build)
    # After the extension's own handlers, so that every link is in place.
    app.connect("doctree-resolved", book.leave_out, priority=900)
    app.add_builder(BookLaTeXBuilder, override=True)
    app.add_builder(BookEpubBuilder, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
