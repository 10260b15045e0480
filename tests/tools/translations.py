"""Extract the extension's interface text into its catalogs (`make translations`), or check them.

Every gettext(), ngettext() and N_() call with a literal in docs/_ext/valenx_kb
gives a message (Babel's Python extractor), written to the template
locale/valenx_kb.pot. Each language's locale/<language>/LC_MESSAGES/valenx_kb.po
is then brought in line with it: a new message comes in untranslated, a changed
one keeps its old translation marked fuzzy, a removed one goes. Untranslated and
fuzzy messages are shown in English until a translator fills them in and drops
the fuzzy mark; the build compiles the .po itself (valenx_kb.translation).

`--check` changes nothing, and fails when the template is not what the code
says, or a catalog has an untranslated or fuzzy message, or a translation whose
{placeholders} differ from its message's.

A new language: `make translations LANGUAGES=fr` starts locale/fr/LC_MESSAGES/valenx_kb.po.
"""

import argparse
import re
import sys
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "docs" / "_ext" / "valenx_kb"
LOCALE = PACKAGE / "locale"
DOMAIN = "valenx_kb"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "N_": None}
COMMENT_TAGS = ["Translators:"]
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def extracted() -> Catalog:
    """The messages the package's code marks, in the order it has them."""
    catalog = Catalog(
        project="valenx-kb",
        copyright_holder="Valenx Press",
        charset="utf-8",
        fuzzy=False,
    )
    found = extract_from_dir(
        PACKAGE,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    )
    for filename, line, message, comments, _context in found:
        catalog.add(message, None, [(f"valenx_kb/{filename}", line)], auto_comments=comments)
    return catalog


def catalog_text(catalog: Catalog) -> bytes:
    """A catalog as its file holds it: no line numbers, so moving code changes nothing."""
    out = BytesIO()
    write_po(out, catalog, width=100, include_lineno=False, ignore_obsolete=True)
    return out.getvalue()


def messages(catalog: Catalog) -> list[tuple[object, ...]]:
    """What a catalog says, less its header: each message's text, places and comments."""
    return [
        (
            message.id,
            _forms(message.string),
            sorted(message.flags),
            [path for path, _ in message.locations],
            message.auto_comments,
        )
        for message in catalog
        if message.id
    ]


def _forms(text: object) -> tuple[str, ...]:
    """A message's translation as a tuple of forms, "" where there is none."""
    forms = text if isinstance(text, tuple | list) else [text]
    return tuple(str(form or "") for form in forms)


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    """A .po or .pot file."""
    with path.open("rb") as source:
        return read_po(source, locale=language, domain=DOMAIN)


def template() -> Catalog:
    """The template as the code says it, dated as the one on disk when its messages are the same."""
    fresh = extracted()
    if TEMPLATE.is_file():
        on_disk = read_catalog(TEMPLATE)
        if messages(on_disk) == messages(fresh):
            fresh.creation_date = on_disk.creation_date
            return fresh
    fresh.creation_date = datetime.now(UTC).replace(microsecond=0)
    return fresh


def po_path(language: str) -> Path:
    """Where a language's catalog is."""
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    """The languages the package has a catalog for."""
    return sorted(path.parents[1].name for path in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def merged(language: str, pot: Catalog) -> Catalog:
    """A language's catalog brought in line with the template (a new one if it has none)."""
    path = po_path(language)
    if not path.is_file():
        catalog = Catalog(
            locale=language,
            domain=DOMAIN,
            project=pot.project,
            copyright_holder=pot.copyright_holder,
            fuzzy=False,
        )
        catalog.update(pot)
        return catalog
    catalog = read_catalog(path, language)
    catalog.update(pot, update_header_comment=False, update_creation_date=True)
    return catalog


def placeholders(text: str) -> set[str]:
    """The {names} in a message or translation."""
    return set(PLACEHOLDER.findall(text))


def problems(language: str, catalog: Catalog) -> list[str]:
    """What a translator still has to do in a catalog: one line per message."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        name = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            found.append(f"{language}: {name!r} is marked fuzzy: check it, then remove the mark.")
        elif not _translated(message):
            found.append(f"{language}: {name!r} has no translation.")
        elif _placeholders_differ(message):
            found.append(f"{language}: the translation of {name!r} changes its {{placeholders}}.")
    return found


def _translated(message: Message) -> bool:
    """Whether every form of the message has a translation."""
    return all(_forms(message.string))


def _placeholders_differ(message: Message) -> bool:
    """Whether a translation names other {placeholders} than its message."""
    wanted = set().union(*(placeholders(text) for text in _forms(message.id)))
    return any(placeholders(text) != wanted for text in _forms(message.string))


def main() -> int:
    """Write (or with --check, compare) the template and every catalog."""
    parser = argparse.ArgumentParser(description="Extract or check the interface text catalogs.")
    parser.add_argument("--check", action="store_true", help="change nothing; fail if not current")
    parser.add_argument("languages", nargs="*", help="also start catalogs for these languages")
    arguments = parser.parse_args()
    pot = template()
    wanted = {TEMPLATE: pot}
    found: list[str] = []
    for language in sorted({*languages(), *arguments.languages}):
        catalog = merged(language, pot)
        wanted[po_path(language)] = catalog
        found += problems(language, catalog)
    if arguments.check:
        # Messages only: a header Babel writes differently after an upgrade is no change.
        for path, catalog in wanted.items():
            if not path.is_file() or messages(read_catalog(path)) != messages(catalog):
                found.insert(
                    0, f"{path.relative_to(REPO)} is out of date: run `make translations`."
                )
        for problem in found:
            print(problem)
        return 1 if found else 0
    for path, catalog in wanted.items():
        text = catalog_text(catalog)
        if not path.is_file() or path.read_bytes() != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text)
            print(f"wrote {path.relative_to(REPO)}")
    print(f"{len(pot)} messages; {len(found)} to translate or check.")
    for problem in found:
        print(problem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
