"""The extension's warnings: one type, named subtypes, so suppress_warnings works."""

from enum import StrEnum

from sphinx.util import logging

from valenx_kb.data import DataError

WARNING_TYPE = "valenx"

logger = logging.getLogger("valenx_kb")

SHOWN_NAMES = 10  # a warning lists at most this many names (tags, authors)


class Subtype(StrEnum):
    """Warning subtypes; silence one with suppress_warnings = ["valenx.<subtype>"]."""

    DATA = "data"  # the data file is missing, unreadable or invalid
    UNKNOWN_ROLE = "unknown_role"  # a page names a role id the data file does not have
    UNKNOWN_READING = "unknown_reading"  # a page recommends a resource the data file lacks
    USAGE = "usage"  # a directive option or inline figure's text the extension cannot use
    FRONT_MATTER = "front_matter"  # a post's front matter has a value it cannot use
    NAVIGATION = "navigation"  # furo's sidebar markup or internals changed; built furo's way
    CONFIG = "config"  # a conf.py value the extension cannot use where it is needed
    TRANSLATION = "translation"  # a catalog's translation the extension cannot show
    INTERNALS = "internals"  # Sphinx changed something the extension relies on; it goes without


def warn(message: str, subtype: Subtype, location: str | None) -> None:
    """Emit one Sphinx warning of the extension's type at location ("path:line")."""
    logger.warning(message, type=WARNING_TYPE, subtype=subtype.value, location=location)


def warn_data_error(error: DataError) -> None:
    """Report a data file problem at its line, or name the file when there is no line."""
    if error.line:
        warn(error.message, Subtype.DATA, error.location)
    else:
        warn(f"{error.path}: {error.message}", Subtype.DATA, None)


def some_of(names: list[str]) -> str:
    """The first SHOWN_NAMES names, and how many more, so a message stays short on any site."""
    if len(names) <= SHOWN_NAMES:
        return ", ".join(names)
    return f"{', '.join(names[:SHOWN_NAMES])}, and {len(names) - SHOWN_NAMES} more"
