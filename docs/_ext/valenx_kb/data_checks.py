"""What the JSON Schema cannot check, and the Dataset built once it all holds: pure Python.

Unique ids, a currency in use in the as_of month, amounts with no more decimals than their
currency has, names without padding, real months, declared levels, locations and sources,
earlier editions before the current one, pairs of two known roles compared once, and safe
links.
"""

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from valenx_kb.data_declarations import (
    build_levels,
    build_locations,
    build_sources,
    check_reference,
)
from valenx_kb.data_model import DataError, Dataset, Edition, Figures, Location, Reading, Role
from valenx_kb.value_checks import (
    build_compensation,
    build_percentiles,
    check_currency,
    check_decimals,
    check_link,
    parse_month,
)
from valenx_kb.yaml_loader import JsonPath, field_name


class _Context:
    """What checking one role's figures needs to know about the whole file."""

    def __init__(
        self, tree: dict[str, Any], lines: dict[JsonPath, int], path: Path, as_of: date
    ) -> None:
        self.lines = lines
        self.path = path
        self.currency: str = tree["dataset"]["currency"]
        self.levels = [level.id for level in build_levels(tree, lines, path)]
        self.locations = build_locations(tree, as_of, lines, path)
        self.sources = build_sources(tree, lines, path)

    def source(self, entry: dict[str, Any], where: JsonPath) -> str | None:
        """The declared source entry names, if any."""
        known = [source.id for source in self.sources]
        check_reference(
            entry.get("source"), known, "source", (*where, "source"), self.lines, self.path
        )
        return entry.get("source")

    def location(self, entry: dict[str, Any], where: JsonPath) -> Location | None:
        """The declared location entry names, if any."""
        known = [place.id for place in self.locations]
        name = entry.get("location")
        check_reference(name, known, "location", (*where, "location"), self.lines, self.path)
        return next((place for place in self.locations if place.id == name), None)


def build_dataset(tree: dict[str, Any], lines: dict[JsonPath, int], path: Path) -> Dataset:
    """Turn schema-valid data into a Dataset, checking what the schema cannot."""
    meta = tree["dataset"]
    _refuse_padded_names(tree, lines, path)
    as_of = parse_month(meta["as_of"], ("dataset", "as_of"), lines, path)
    check_currency(meta["currency"], as_of, ("dataset", "currency"), lines, path)
    check_link(meta.get("source_url"), ("dataset", "source_url"), lines, path)
    context = _Context(tree, lines, path, as_of)
    roles: list[Role] = []
    for index, entry in enumerate(tree["roles"]):
        if any(role.id == entry["id"] for role in roles):
            message = f"the role id '{entry['id']}' is used twice. Give each role its own id."
            raise DataError(path, lines[("roles", index, "id")], message)
        roles.append(_build_role(entry, ("roles", index), context))
    return Dataset(
        path=path,
        title=meta["title"],
        as_of=as_of,
        region=meta["region"],
        basis=meta["basis"],
        currency=context.currency,
        source=meta["source"],
        source_url=meta.get("source_url"),
        source_period=meta.get("source_period"),
        roles=tuple(roles),
        reading=_build_reading(tree.get("reading", []), lines, path),
        levels=build_levels(tree, lines, path),
        locations=context.locations,
        sources=context.sources,
        editions=_build_editions(tree, as_of, [role.id for role in roles], context),
        comparisons=_build_comparisons(tree, [role.id for role in roles], lines, path),
    )


def _build_role(entry: dict[str, Any], where: JsonPath, context: _Context) -> Role:
    """One role: its overall figures, then its figures by level and location."""
    overall = _build_figures(entry, where, context.currency, context)
    breakdown: list[Figures] = []
    for index, item in enumerate(entry.get("figures", [])):
        figures = _build_breakdown(item, (*where, "figures", index), context)
        if any(
            (seen.level, seen.location) == (figures.level, figures.location) for seen in breakdown
        ):
            message = f"{field_name((*where, 'figures', index))} gives the figures for the same "
            message += "level and location as an earlier entry. Keep one of them."
            raise DataError(context.path, figures.line, message)
        breakdown.append(figures)
    return Role(
        id=entry["id"],
        title=entry["title"],
        salary=entry.get("salary"),
        skills=tuple(entry["skills"]),
        summary=entry["summary"],
        page=entry["page"],
        line=context.lines[where],
        percentiles=overall.percentiles,
        sample_size=overall.sample_size,
        compensation=overall.compensation,
        source=overall.source,
        breakdown=tuple(breakdown),
        currency=context.currency,
    )


def _build_breakdown(item: dict[str, Any], where: JsonPath, context: _Context) -> Figures:
    """A role's figures for one level and/or location, in the location's currency."""
    lines, path = context.lines, context.path
    if "level" not in item and "location" not in item:
        message = f"{field_name(where)} names neither a 'level' nor a 'location'. Add the one "
        message += "(or both) these figures are for."
        raise DataError(path, lines[where], message)
    level = item.get("level")
    check_reference(level, context.levels, "level", (*where, "level"), lines, path)
    location = context.location(item, where)
    currency = location.currency if location is not None else context.currency
    stated = item.get("currency")
    if stated is not None and stated != currency:
        place = f"{location.title} uses" if location is not None else "the dataset uses"
        message = f"{field_name((*where, 'currency'))} is {stated}, but {place} {currency}. "
        message += "Give the figures in that currency, or declare the location's 'currency'."
        raise DataError(path, lines[(*where, "currency")], message)
    figures = _build_figures(item, where, currency, context)
    return replace(figures, level=level, location=location.id if location is not None else None)


def _build_figures(
    entry: dict[str, Any], where: JsonPath, currency: str, context: _Context
) -> Figures:
    """The statistics entry gives, each checked; at least one of them."""
    lines, path = context.lines, context.path
    if not any(key in entry for key in ("salary", "percentiles", "compensation")):
        message = f"{field_name(where)} gives no figures. Add a 'salary', 'percentiles' or "
        message += "'compensation'."
        raise DataError(path, lines[where], message)
    if "salary" in entry:
        check_decimals(entry["salary"], currency, (*where, "salary"), lines, path)
    return Figures(
        average=entry.get("salary"),
        percentiles=build_percentiles(entry, where, currency, lines, path),
        compensation=build_compensation(entry, where, currency, lines, path),
        sample_size=entry.get("sample_size"),
        source=context.source(entry, where),
        currency=currency,
        line=lines[where],
    )


def _build_editions(
    tree: dict[str, Any], as_of: date, role_ids: list[str], context: _Context
) -> tuple[Edition, ...]:
    """The earlier editions, newest first: each before the current one, once per month."""
    lines, path = context.lines, context.path
    editions: list[Edition] = []
    for index, entry in enumerate(tree.get("editions", [])):
        where: JsonPath = ("editions", index)
        month = parse_month(entry["as_of"], (*where, "as_of"), lines, path)
        if month >= as_of:
            message = f"{field_name((*where, 'as_of'))} {entry['as_of']} is not before "
            message += f"'dataset.as_of' {tree['dataset']['as_of']}. An earlier edition "
            message += "describes an earlier month: the current figures belong under 'roles'."
            raise DataError(path, lines[(*where, "as_of")], message)
        if any(edition.as_of == month for edition in editions):
            message = f"{field_name((*where, 'as_of'))} {entry['as_of']} is given twice. Keep "
            message += "one edition per month."
            raise DataError(path, lines[(*where, "as_of")], message)
        figures: list[tuple[str, Figures]] = []
        for number, item in enumerate(entry["roles"]):
            at = (*where, "roles", number)
            check_reference(item["id"], role_ids, "role", (*at, "id"), lines, path)
            if any(found == item["id"] for found, _ in figures):
                message = f"the role '{item['id']}' appears twice in this edition. Keep one entry."
                raise DataError(path, lines[(*at, "id")], message)
            if "salary" not in item and "percentiles" not in item:
                message = f"{field_name(at)} gives no figures. Add a 'salary' or 'percentiles'."
                raise DataError(path, lines[at], message)
            figures.append((item["id"], _build_figures(item, at, context.currency, context)))
        source = context.source(entry, where)
        editions.append(Edition(month, tuple(figures), source, lines[where]))
    return tuple(sorted(editions, key=lambda edition: edition.as_of, reverse=True))


def _build_comparisons(
    tree: dict[str, Any], role_ids: list[str], lines: dict[JsonPath, int], path: Path
) -> tuple[tuple[str, str], ...]:
    """The pairs of roles to compare: two different, known roles, each pair once."""
    pairs: list[tuple[str, str]] = []
    for index, (first, second) in enumerate(tree.get("comparisons", [])):
        where: JsonPath = ("comparisons", index)
        for place, role_id in enumerate((first, second)):
            check_reference(role_id, role_ids, "role", (*where, place), lines, path)
        if first == second:
            message = f"{field_name(where)} compares the role '{first}' with itself. "
            message += "Name two different roles."
            raise DataError(path, lines[where], message)
        earlier = next((n for n, pair in enumerate(pairs) if {*pair} == {first, second}), None)
        if earlier is not None:
            message = f"{field_name(where)} compares '{first}' and '{second}', as "
            message += f"{field_name(('comparisons', earlier))} already does. Keep one of them."
            raise DataError(path, lines[where], message)
        pairs.append((first, second))
    return tuple(pairs)


def _build_reading(
    entries: list[dict[str, str]], lines: dict[JsonPath, int], path: Path
) -> tuple[Reading, ...]:
    """The recommended resources, with unique ids and safe links."""
    reading: list[Reading] = []
    for index, entry in enumerate(entries):
        if any(item.id == entry["id"] for item in reading):
            message = f"the reading id '{entry['id']}' is used twice. Give each its own id."
            raise DataError(path, lines[("reading", index, "id")], message)
        url = entry.get("url")
        check_link(url, ("reading", index, "url"), lines, path)
        reading.append(Reading(entry["id"], entry["title"], " ".join(entry["note"].split()), url))
    return tuple(reading)


def _refuse_padded_names(tree: dict[str, Any], lines: dict[JsonPath, int], path: Path) -> None:
    """Ids, pages, codes and months must not carry spaces or line breaks at either end."""
    meta = tree["dataset"]
    names: list[tuple[JsonPath, str]] = [
        (("dataset", "as_of"), meta["as_of"]),
        (("dataset", "currency"), meta["currency"]),
    ]
    for index, entry in enumerate(tree["roles"]):
        names += [(("roles", index, "id"), entry["id"]), (("roles", index, "page"), entry["page"])]
    for where, value in names:
        if value != value.strip():
            message = f"{field_name(where)} {value!r} starts or ends with a space or line break."
            raise DataError(path, lines[where], message + " Remove it.")
