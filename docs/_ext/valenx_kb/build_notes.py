"""Lists of page names one build leaves for the next, beside Sphinx's environment.

Sphinx saves the environment before pages are written, so what is learnt while
writing (pages that warned, pages without a source, files written beside the
pages) is kept in small JSON files in the doctree folder, one per builder,
next to environment.pickle. Files a later build no longer writes are removed,
with the folders they leave empty.
"""

import json
from collections.abc import Set
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder


def note_path(app: Sphinx, name: str) -> Path:
    """The note called name for this builder, e.g. valenx-sitemap-html.json."""
    return Path(app.doctreedir) / f"valenx-{name}-{app.builder.name}.json"


def load_note(app: Sphinx, name: str) -> object:
    """What the last build kept under name, as JSON gives it; None without a readable note."""
    try:
        return json.loads(note_path(app, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # no earlier build, or a damaged note: start afresh


def read_note(app: Sphinx, name: str) -> set[str]:
    """The page names the last build noted; none when there is no readable note."""
    pages = load_note(app, name)
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


def read_digests(app: Sphinx, name: str) -> dict[str, str]:
    """The digest of each page the last build noted under name; none when unreadable."""
    digests = load_note(app, name)
    if not isinstance(digests, dict):
        return {}
    return {page: digest for page, digest in digests.items() if isinstance(digest, str)}


def write_digests(app: Sphinx, name: str, digests: dict[str, str]) -> None:
    """Keep each page's digest for the next build; an empty note is removed."""
    path = note_path(app, name)
    if digests:
        path.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


def remove_stale_files(
    app: Sphinx, name: str, written: set[str], keep: Set[str] = frozenset()
) -> None:
    """Delete the files the last build noted under name and this one did not write; note these.

    Paths are relative to the output folder; those in keep are left alone (a page
    now writes there). A folder left empty goes too, as a fresh build has none.
    """
    outdir = Path(app.outdir).resolve()
    for stale in sorted(read_note(app, name) - written - keep):
        path = (outdir / stale).resolve()
        if not path.is_relative_to(outdir):
            continue  # a damaged note; nothing outside the output folder is touched
        path.unlink(missing_ok=True)
        if path.parent.is_dir():
            remove_empty_folders(path.parent, outdir)
    write_note(app, name, written)


def output_file(builder: StandaloneHTMLBuilder, pagename: str) -> str:
    """The file a page is written to, relative to the output folder, as notes keep it.

    Under dirhtml, "posts/new" and "posts/new/index" are one file.
    """
    return Path(builder.get_outfilename(pagename)).relative_to(builder.outdir).as_posix()


def remove_empty_folders(folder: Path, outdir: Path) -> None:
    """Remove folder and its parents up to outdir while they are empty."""
    while folder != outdir and folder.is_relative_to(outdir) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
