"""The names a data file declares once: experience levels, locations and sources. Pure Python.

Ids are unique within their list, level and location ids differ from each other and from
the statistics' names (an inline figure may name any of them), a location's currency is one
its country used in the as_of month, and sources link safely.
"""

from datetime import date
from pathlib import Path
from typing import Any

from babel.numbers import get_territory_currencies

from valenx_kb.data_model import RANGES, STATISTICS, DataError, Level, Location, Source
from valenx_kb.value_checks import check_currency, check_link
from valenx_kb.yaml_loader import JsonPath, field_name


def build_levels(tree: dict[str, Any], lines: dict[JsonPath, int], path: Path) -> tuple[Level, ...]:
    """The experience levels, in the file's order."""
    entries = tree.get("levels", [])
    check_ids(entries, "levels", "level", lines, path)
    return tuple(Level(entry["id"], entry["title"]) for entry in entries)


def build_locations(
    tree: dict[str, Any], as_of: date, lines: dict[JsonPath, int], path: Path
) -> tuple[Location, ...]:
    """The locations, each with the currency of its figures."""
    entries = tree.get("locations", [])
    check_ids(entries, "locations", "location", lines, path)
    levels = {entry["id"]: index for index, entry in enumerate(tree.get("levels", []))}
    locations: list[Location] = []
    for index, entry in enumerate(entries):
        where: JsonPath = ("locations", index)
        if entry["id"] in levels:
            message = f"the location id '{entry['id']}' is also a level id. Give it another id, "
            message += "so a figure that names it is not ambiguous."
            raise DataError(path, lines[(*where, "id")], message)
        currency = entry.get("currency", tree["dataset"]["currency"])
        if "currency" in entry:
            check_currency(currency, as_of, (*where, "currency"), lines, path)
        country = entry.get("country")
        if country is not None:
            _check_country_currency(country, currency, as_of, where, lines, path)
        locations.append(
            Location(entry["id"], entry["title"], currency, entry.get("region"), country)
        )
    return tuple(locations)


def build_sources(
    tree: dict[str, Any], lines: dict[JsonPath, int], path: Path
) -> tuple[Source, ...]:
    """The declared sources, each with a safe link."""
    entries = tree.get("sources", [])
    check_ids(entries, "sources", "source", lines, path)
    for index, entry in enumerate(entries):
        check_link(entry["url"], ("sources", index, "url"), lines, path)
    return tuple(
        Source(entry["name"], entry["url"], entry["period"], entry["id"]) for entry in entries
    )


def check_ids(
    entries: list[dict[str, Any]], key: str, kind: str, lines: dict[JsonPath, int], path: Path
) -> None:
    """Refuse an id used twice in one list, or one that names a statistic."""
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = (key, index, "id")
        if entry["id"] in seen:
            message = f"the {kind} id '{entry['id']}' is used twice. Give each {kind} its own id."
            raise DataError(path, lines[where], message)
        if kind in ("level", "location") and entry["id"] in (*STATISTICS, *RANGES):
            message = f"the {kind} id '{entry['id']}' is the name of a statistic "
            message += f"({', '.join((*STATISTICS, *RANGES))}). Give the {kind} another id."
            raise DataError(path, lines[where], message)
        seen.add(entry["id"])


def check_reference(
    value: str | None,
    known: list[str],
    kind: str,
    where: JsonPath,
    lines: dict[JsonPath, int],
    path: Path,
) -> None:
    """Refuse a level, location or source id that the file does not declare."""
    if value is None or value in known:
        return
    declared = f"Declare it under '{kind}s' or use one of: {', '.join(known)}."
    if not known:
        declared = f"Declare it under '{kind}s' first."
    message = f"{field_name(where)} names the {kind} '{value}', which is not declared. {declared}"
    raise DataError(path, lines[where], message)


def _check_country_currency(
    country: str,
    currency: str,
    as_of: date,
    where: JsonPath,
    lines: dict[JsonPath, int],
    path: Path,
) -> None:
    """Refuse a location whose currency its country did not use in the as_of month."""
    used = [str(code) for code in get_territory_currencies(country, start_date=as_of, tender=True)]
    if not used:
        message = f"{field_name((*where, 'country'))} '{country}' is not a country code Babel "
        message += "knows. Use the two-letter ISO 3166 code, e.g. DE."
        raise DataError(path, lines[(*where, "country")], message)
    if currency not in used:
        at = (*where, "currency") if (*where, "currency") in lines else (*where, "country")
        message = f"the location's figures are in {currency}, but {country} used "
        message += f"{', '.join(used)} then. Give the location's 'currency'"
        message += f" ({used[0]}) and its figures in that currency."
        raise DataError(path, lines[at], message)
