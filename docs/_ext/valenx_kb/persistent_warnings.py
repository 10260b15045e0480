"""Warnings that persist: a page with a problem fails every build until it is fixed.

Sphinx reports a page's warnings only in the build that reads or writes it, so
a broken page fails the first ``-W`` build and passes the next one, which reads
nothing. Here every warning is watched as it is raised:

- A page that warned while it was read (our warnings, MyST's, docutils',
  Sphinx's) is marked to be read again by the next build
  (``env.note_reread``), which warns again, at the same file and line, for as
  long as the problem is there. Reading it again, rather than repeating the
  old text, keeps the warnings true when the fix is made elsewhere: a
  duplicate label removed from the other page, a pinned post added later.
- A page that warned after reading (a reference that does not resolve, a page
  in no toctree) is written again by the next build. Sphinx saves the
  environment before writing, so these pages are kept in a build note.

Warnings silenced by ``suppress_warnings`` change nothing. Should the Sphinx
internals used here move or fail, one warning says so and warnings are reported
the usual way, in the build that finds them only.
"""

import logging
import os
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from valenx_kb.build_notes import read_note, write_note
from valenx_kb.diagnostics import Subtype, warn

# Sphinx's internals the warning memory relies on; if they move, it turns itself off.
missing_internals: ImportError | None = None
try:
    from sphinx.util.build_phase import BuildPhase
    from sphinx.util.logging import NAMESPACE, get_node_location, is_suppressed_warning
except ImportError as error:
    missing_internals = error

NOTE = "warned-pages"


class WarningMemory(logging.Handler):
    """Sees every warning as it is raised, and marks the page it belongs to."""

    def __init__(self, app: Sphinx) -> None:
        """A logging handler for warnings and worse, for one Sphinx application."""
        super().__init__(logging.WARNING)
        self.app = app
        self.usable = True
        self.build_process = os.getpid()  # parallel readers are forked: their pid differs
        self.warned_after_reading: set[str] = set()
        self.written_this_build: set[str] = set()

    def attach(self) -> None:
        """Listen to Sphinx's logger; parallel readers remove every handler, so ask again."""
        sphinx_root = logging.getLogger(NAMESPACE)
        if self.usable and self not in sphinx_root.handlers:
            sphinx_root.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        """Mark the page a warning belongs to; never let the bookkeeping break logging."""
        if not self.usable:
            return
        try:
            self.remember(record)
        except Exception as error:  # a logging handler must not raise
            self.turn_off(error)

    def turn_off(self, error: Exception) -> None:
        """Stop remembering warnings, and say why once, from the build's own process."""
        self.usable = False
        if os.getpid() == self.build_process:  # a parallel reader's records are replayed here
            warn(
                f"valenx_kb cannot follow warnings with the installed Sphinx "
                f"({type(error).__name__}: {error}); a page's warnings are shown only by the "
                "build that reads or writes it. Report it so the extension can be updated.",
                Subtype.INTERNALS,
                None,
            )

    def remember(self, record: logging.LogRecord) -> None:
        """Read again a page that warned while read; note one that warned later."""
        kind, subtype = getattr(record, "type", None) or "", getattr(record, "subtype", None) or ""
        if is_suppressed_warning(kind, subtype, self.app.config.suppress_warnings):
            return
        env = self.app.env
        docname = env.current_document.docname
        if self.app.phase == BuildPhase.READING:
            if docname:
                env.note_reread()
            return
        page = docname or page_of(env, getattr(record, "location", None))
        if page:
            self.warned_after_reading.add(page)

    # Sphinx events, in the order they happen.

    def before_reading(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """Start listening for this build."""
        self.attach()
        self.warned_after_reading = set()
        self.written_this_build = set()

    def reading_page(self, app: Sphinx, docname: str, source: list[str]) -> None:
        """In a parallel reader process, listen again (its logging was reset)."""
        self.attach()

    def pages_to_rewrite(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """The pages that warned after reading in the last build: write them again."""
        return sorted(read_note(app, NOTE) & env.found_docs)

    def page_written(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        """Note each page this build resolves for writing."""
        self.written_this_build.add(docname)

    def finish(self, app: Sphinx, exception: BaseException | None) -> None:
        """Stop listening; keep the pages that warned for the next build."""
        logging.getLogger(NAMESPACE).removeHandler(self)
        if exception is not None:
            return  # Sphinx deletes the environment: the next build starts afresh
        if not self.usable:
            write_note(app, NOTE, set())  # what it noted may be incomplete
            return
        not_written = read_note(app, NOTE) - self.written_this_build
        write_note(app, NOTE, (self.warned_after_reading | not_written) & app.env.found_docs)


def page_of(env: BuildEnvironment, location: object) -> str | None:
    """The page a warning's location points at (a node, "path:line" or a docname), if any."""
    if isinstance(location, nodes.Node):
        location = get_node_location(location)
    if isinstance(location, tuple):
        return str(location[0]) if location and location[0] else None
    if not isinstance(location, str) or not location:
        return None
    if location in env.found_docs:
        return location
    return env.path2doc(re.sub(r":\d*$", "", location))


def setup(app: Sphinx) -> dict[str, Any]:
    """Connect the warning memory to the build's events, unless it cannot work."""
    memory = WarningMemory(app)
    if missing_internals is not None:
        memory.turn_off(missing_internals)
        return {"parallel_read_safe": True, "parallel_write_safe": True}
    app.connect("env-before-read-docs", memory.before_reading)
    app.connect("source-read", memory.reading_page)
    app.connect("env-updated", memory.pages_to_rewrite)
    app.connect("doctree-resolved", memory.page_written)
    app.connect("build-finished", memory.finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
