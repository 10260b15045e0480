"""Interface text in the site's language: the extension's message catalog.

Every string the extension writes for readers is an English message, shown
through gettext() (or ngettext() for a count) in conf.py's ``language``. A
module that names its strings ahead of use marks them with N_(), so that
`make translations` finds them (tests/tools/translations.py, Babel's
extractor) and writes locale/valenx_kb.pot and every language's .po. Each
catalog ships as locale/<language>/LC_MESSAGES/valenx_kb.po; Sphinx reads only
compiled .mo files, so setup() compiles the site language's into the doctree
folder and registers it. Warnings for contributors stay English.
"""

import hashlib
import re
import shutil
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation, get_translator, translators

from valenx_kb.diagnostics import Subtype, warn

CATALOG = "valenx_kb"  # the catalog's name: valenx_kb.pot, valenx_kb.po, valenx_kb.mo
LOCALE_FOLDER = Path(__file__).resolve().parent / "locale"
COMPILED_FOLDER = "valenx_kb-locale"  # in the doctree folder: the compiled catalog in use

PLACEHOLDER = re.compile(r"\{(\w*)\}")  # {month}, as str.format reads it
_translation = get_translation(CATALOG)
ElementT = TypeVar("ElementT", bound=nodes.Element)


def gettext(message: str) -> str:
    """message in the site's language; English when the catalog does not translate it."""
    # gettext's translation of "" is the catalog's header.
    return str(_translation(message)) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The message for count in the site's language: "{count} post" or "{count} posts"."""
    return get_translator(CATALOG).ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    """Mark message for the catalog where a module names it; gettext() translates it when shown."""
    return message


def own_text(node: ElementT) -> ElementT:
    """Keep node out of the pages' catalogs (sphinx-build -b gettext): its text is ours.

    A directive's output carries the page's source, so Sphinx would offer its text
    to the page's translators too; a translation there would replace the node's
    children with the translated text and drop its links.
    """
    node["translatable"] = False
    return node


def po_file(language: str | None) -> Path | None:
    """The catalog the package has for language ("de", "de_DE", "de-DE"), if any."""
    if not language:
        return None
    names = (language, language.replace("-", "_"), re.split(r"[-_]", language)[0])
    for name in dict.fromkeys(names):
        path = LOCALE_FOLDER / name / "LC_MESSAGES" / f"{CATALOG}.po"
        if path.is_file():
            return path
    return None


def compiled(po: Path) -> bytes:
    """The .mo file of a .po file, as gettext reads it: the same bytes on every build.

    Fuzzy and untranslated entries are left out, so readers see them in English, and so
    is a translation whose {placeholders} are not its message's (after a warning at its
    line): shown, it would stop the build.
    """
    with po.open("rb") as source:
        catalog = read_po(source, domain=CATALOG)
    for message in list(catalog):
        if message.id and not placeholders_match(message.id, message.string):
            text = "the translation does not keep the message's {placeholders} as they are "
            text += "(names in braces, e.g. {month}). Fix it; until then readers see English."
            warn(text, Subtype.TRANSLATION, f"{po}:{message.lineno}")
            del catalog[message.id]
    mo = BytesIO()
    write_mo(mo, catalog)
    return mo.getvalue()


def placeholders_match(message: object, translation: object) -> bool:
    """Whether every non-empty translation names the message's placeholders and formats.

    A plural entry's message and translation are sequences of strings.
    """
    wanted = {name for text in texts(message) for name in PLACEHOLDER.findall(text)}
    if not wanted:
        return True  # not a format string: shown as it is
    for text in texts(translation):
        if not text:
            continue
        if set(PLACEHOLDER.findall(text)) != wanted:
            return False
        try:
            text.format(**dict.fromkeys(wanted, ""))
        except (KeyError, IndexError, ValueError):
            return False
    return True


def texts(value: object) -> list[str]:
    """The strings of a catalog entry's message or translation: one, or a plural's forms."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [item for item in value if isinstance(item, str)]
    return []


def catalog_digest(language: str | None) -> str:
    """A digest of the catalog a build in language shows; "" for none (English)."""
    po = po_file(language)
    return "" if po is None else hashlib.blake2b(po.read_bytes(), digest_size=16).hexdigest()


def register_catalog(app: Sphinx) -> None:
    """Compile the catalog for the site's language, if the package has one, and register it.

    The .mo file goes in a folder named after its content: Python's gettext keeps each
    file it has read for as long as the process runs, so a changed catalog needs a new
    path to be read (sphinx-autobuild, or several builds in one process).
    """
    language = app.config.language
    po = po_file(language)
    compiled_catalogs = Path(app.doctreedir) / COMPILED_FOLDER
    folder = compiled_catalogs / "none"  # no .mo file: English
    if po is not None:
        data = compiled(po)
        folder = compiled_catalogs / hashlib.blake2b(data, digest_size=8).hexdigest()
        mo = folder / str(language) / "LC_MESSAGES" / f"{CATALOG}.mo"
        if not mo.is_file():
            mo.parent.mkdir(parents=True, exist_ok=True)
            mo.write_bytes(data)
    for old in compiled_catalogs.glob("*") if compiled_catalogs.is_dir() else ():
        if old != folder:
            shutil.rmtree(old)
    # Sphinx merges a catalog into the one a build before this one (in the same
    # process) registered; start afresh, so a build shows only its own language.
    translators.pop(("general", CATALOG), None)
    app.add_message_catalog(CATALOG, str(folder))


def note_catalog(app: Sphinx, doctree: nodes.document) -> None:
    """Make the page being read depend on the catalogs it shows, so editing one re-reads it.

    They are the extension's, and the site's own sphinx.po (its templates' text: the
    footer), which Sphinx does not track for the pages it translates.
    """
    po = po_file(app.config.language)
    if po is not None:
        app.env.note_dependency(str(po))
    language = str(app.config.language or "")
    for folder in app.config.locale_dirs if language else ():
        site_po = Path(app.srcdir) / folder / language / "LC_MESSAGES" / "sphinx.po"
        if site_po.is_file():
            app.env.note_dependency(str(site_po))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the catalog before any page is read."""
    register_catalog(app)
    app.connect("doctree-read", note_catalog)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
