"""Warnings that persist: a page's problems are reported by every build until it is fixed.

Sphinx reports a page's warnings only in the build that reads or writes it, so
a broken page fails the first ``-W`` build and passes the next one, which reads
nothing. Two things make every build report them again:

- Warnings raised while a page is read (ours, MyST's, docutils', Sphinx's) are
  kept with the page on the environment (the domain's data: dropped when the
  page is re-read or removed, merged from parallel readers) and logged again,
  with their original file, line and type, by each build that does not re-read
  the page.
- Pages that warned after reading (while references were resolved, a page
  was written, or the consistency check ran) are noted in a small file next to
  the environment and written again by the next build, which warns afresh if
  the problem is still there.
"""

import json
import logging
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging as sphinx_logging
from sphinx.util.build_phase import BuildPhase

from valenx_kb.domain import RecordedWarning, knowledge_base

logger = sphinx_logging.getLogger(__name__)


def location_text(env: BuildEnvironment, location: object) -> str | None:
    """A record's location as Sphinx prints it: "path:line", "path" or None."""
    if isinstance(location, tuple):
        docname, line = location
        if not docname:
            return None
        path = env.doc2path(docname)
        return f"{path}:{line}" if line else str(path)
    if isinstance(location, nodes.Node):
        return sphinx_logging.get_node_location(location)
    if isinstance(location, str) and location and ":" not in location:
        return str(env.doc2path(location))
    return location if isinstance(location, str) and location else None


def recorded(env: BuildEnvironment, record: logging.LogRecord) -> RecordedWarning:
    """What is needed to log a warning again exactly as it was first logged."""
    return RecordedWarning(
        level=record.levelno,
        # LogRecord's own getMessage: Sphinx's record classes would prefix the location.
        message=logging.LogRecord.getMessage(record),
        type=getattr(record, "type", None),
        subtype=getattr(record, "subtype", None),
        location=location_text(env, getattr(record, "location", None)),
    )


class WarningMemory(logging.Handler):
    """Sees every warning as it is raised, and knows which page it belongs to."""

    def __init__(self, app: Sphinx) -> None:
        """A logging handler for warnings and worse, for one Sphinx application."""
        super().__init__(logging.WARNING)
        self.app = app
        self.read_this_build: set[str] = set()
        self.written_this_build: set[str] = set()
        self.warned_after_reading: set[str] = set()

    def attach(self) -> None:
        """Listen to Sphinx's logger; parallel readers remove every handler, so ask again."""
        sphinx_root = logging.getLogger(sphinx_logging.NAMESPACE)
        if self not in sphinx_root.handlers:
            sphinx_root.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        """Keep a reading warning with its page; note a page that warned later."""
        env = self.app.env
        docname = env.current_document.docname
        if self.app.phase == BuildPhase.READING:
            if docname:
                knowledge_base(env).record_warning(docname, recorded(env, record))
            return
        page = docname or self.docname_of(env, record)
        if page:
            self.warned_after_reading.add(page)

    @staticmethod
    def docname_of(env: BuildEnvironment, record: logging.LogRecord) -> str | None:
        """The page a warning raised outside any page's processing points at, if any."""
        location = location_text(env, getattr(record, "location", None))
        if location is None:
            return None
        path = location.rsplit(":", 1)[0] if location.rpartition(":")[2].isdigit() else location
        return env.path2doc(path)

    # Sphinx events, in the order they happen.

    def before_reading(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """Start listening, and remember which pages this build reads."""
        self.attach()
        self.read_this_build = set(docnames)
        self.written_this_build = set()
        self.warned_after_reading = set()

    def reading_page(self, app: Sphinx, docname: str, source: list[str]) -> None:
        """In a parallel reader process, listen again (its logging was reset)."""
        self.attach()

    def repeat_and_rewrite(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Log again the warnings of pages not read this build; re-write pages that warned."""
        domain = knowledge_base(env)
        for docname in sorted(domain.recorded_warnings.keys() - self.read_this_build):
            for warning in domain.recorded_warnings[docname]:
                logger.log(
                    warning.level,
                    warning.message,
                    type=warning.type,
                    subtype=warning.subtype,
                    location=warning.location,
                )
        return sorted(self.pages_to_rewrite(app) & env.found_docs)

    def page_written(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        """Note each page this build resolves for writing."""
        self.written_this_build.add(docname)

    def finish(self, app: Sphinx, exception: BaseException | None) -> None:
        """Stop listening; keep the pages that warned for the next build."""
        logging.getLogger(sphinx_logging.NAMESPACE).removeHandler(self)
        if exception is not None:
            return  # Sphinx deletes the environment: the next build starts afresh
        carried_over = self.pages_to_rewrite(app) - self.written_this_build
        pages = sorted(self.warned_after_reading | carried_over)
        path = self.memory_file(app)
        if pages:
            path.write_text(json.dumps({"pages": pages}, indent=1) + "\n", encoding="utf-8")
        else:
            path.unlink(missing_ok=True)

    def pages_to_rewrite(self, app: Sphinx) -> set[str]:
        """The pages the last build of this builder warned about after reading them."""
        try:
            pages = json.loads(self.memory_file(app).read_text(encoding="utf-8"))["pages"]
        except (OSError, ValueError, KeyError, TypeError):
            return set()  # no earlier build, or an unreadable note: nothing to repeat
        return {page for page in pages if isinstance(page, str)}

    @staticmethod
    def memory_file(app: Sphinx) -> Path:
        """Where the pages to re-write are kept: beside the environment, one file per builder."""
        return Path(app.doctreedir) / f"valenx-warned-pages-{app.builder.name}.json"


def setup(app: Sphinx) -> dict[str, Any]:
    """Connect the warning memory to the build's events."""
    memory = WarningMemory(app)
    # Last of env-before-read-docs, so the list of pages to read is final.
    app.connect("env-before-read-docs", memory.before_reading, priority=900)
    app.connect("source-read", memory.reading_page)
    app.connect("env-updated", memory.repeat_and_rewrite)
    app.connect("doctree-resolved", memory.page_written)
    app.connect("build-finished", memory.finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
