"""Lists of page names one build leaves for the next, beside Sphinx's environment.

Sphinx saves the environment before pages are written, so what is learnt while
writing (pages that warned, pages without a source) is kept in small JSON
files in the doctree folder, one per builder, next to environment.pickle.
"""

import json
from pathlib import Path

from sphinx.application import Sphinx


def note_path(app: Sphinx, name: str) -> Path:
    """The note called name for this builder, e.g. valenx-sitemap-html.json."""
    return Path(app.doctreedir) / f"valenx-{name}-{app.builder.name}.json"


def read_note(app: Sphinx, name: str) -> set[str]:
    """The page names the last build noted; none when there is no readable note."""
    try:
        pages = json.loads(note_path(app, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()  # no earlier build, or a damaged note: start afresh
    if not isinstance(pages, list):
        return set()
    return {page for page in pages if isinstance(page, str)}


def write_note(app: Sphinx, name: str, pages: set[str]) -> None:
    """Keep page names for the next build; an empty note is removed."""
    path = note_path(app, name)
    if pages:
        path.write_text(json.dumps(sorted(pages)), encoding="utf-8")
    else:
        path.unlink(missing_ok=True)
