"""What the JSON Schema cannot check, and the Dataset built once it all holds: pure Python.

Unique ids, a currency in use in the as_of month, amounts with no more decimals than the
currency has, names without padding, a real month, and safe links.
"""

from datetime import date
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from babel.core import get_global
from babel.numbers import get_currency_precision, get_territory_currencies, is_currency

from valenx_kb.data_model import PERCENTILES, DataError, Dataset, Percentiles, Reading, Role
from valenx_kb.urls import is_safe_url
from valenx_kb.yaml_errors import shorten
from valenx_kb.yaml_loader import JsonPath, field_name


def build_dataset(tree: dict[str, Any], lines: dict[JsonPath, int], path: Path) -> Dataset:
    """Turn schema-valid data into a Dataset, checking what the schema cannot."""
    meta = tree["dataset"]
    currency = meta["currency"]
    _refuse_padded_names(tree, lines, path)
    as_of = _parse_month(meta["as_of"], path, lines[("dataset", "as_of")])
    _check_currency(currency, meta["as_of"], as_of, lines[("dataset", "currency")], path)
    source_url = meta.get("source_url")
    _check_link(source_url, ("dataset", "source_url"), lines, path)
    roles: list[Role] = []
    for index, entry in enumerate(tree["roles"]):
        if any(role.id == entry["id"] for role in roles):
            message = f"the role id '{entry['id']}' is used twice. Give each role its own id."
            raise DataError(path, lines[("roles", index, "id")], message)
        _check_decimals(entry["salary"], currency, ("roles", index, "salary"), lines, path)
        percentiles = _build_percentiles(entry, index, currency, lines, path)
        roles.append(
            Role(
                id=entry["id"],
                title=entry["title"],
                salary=entry["salary"],
                skills=tuple(entry["skills"]),
                summary=entry["summary"],
                page=entry["page"],
                line=lines[("roles", index)],
                percentiles=percentiles,
                sample_size=entry.get("sample_size"),
            )
        )
    reading = _build_reading(tree.get("reading", []), lines, path)
    return Dataset(
        path=path,
        title=meta["title"],
        as_of=as_of,
        region=meta["region"],
        basis=meta["basis"],
        currency=currency,
        source=meta["source"],
        source_url=source_url,
        roles=tuple(roles),
        reading=reading,
    )


def _build_percentiles(
    entry: dict[str, Any], index: int, currency: str, lines: dict[JsonPath, int], path: Path
) -> Percentiles | None:
    """A role's percentiles, once each has the currency's decimals and they rise in order.

    The average must lie between p10 and p90 when the role gives both.
    """
    given = entry.get("percentiles")
    if given is None:
        return None
    where = ("roles", index, "percentiles")
    for name, amount in given.items():
        _check_decimals(amount, currency, (*where, name), lines, path)
    ordered = [(name, given[name]) for name in PERCENTILES if name in given]
    for (lower, low), (higher, high) in pairwise(ordered):
        if high < low:
            message = (
                f"{field_name((*where, higher))} {high} is below {lower} {low}. Percentiles "
                "rise from p10 to p90: check both figures."
            )
            raise DataError(path, lines[(*where, higher)], message)
    salary = entry["salary"]
    low, high = given.get("p10"), given.get("p90")
    if low is not None and high is not None and not low <= salary <= high:
        message = (
            f"{field_name(('roles', index, 'salary'))} {salary}, the average, is outside the "
            f"role's p10 to p90 ({low} to {high}). An average lies between them: check the "
            "figures."
        )
        raise DataError(path, lines[("roles", index, "salary")], message)
    return Percentiles(**given)


@cache
def currencies_in_use(day: date) -> frozenset[str]:
    """The currencies that are legal tender in some territory on day, as Babel knows them."""
    territories = get_global("territory_currencies")
    return frozenset(
        code
        for territory in territories
        for code in get_territory_currencies(territory, start_date=day, tender=True)
    )


def _check_currency(code: str, as_of_text: str, as_of: date, line: int, path: Path) -> None:
    """Refuse a code that is not ISO 4217, or a currency no country used in the as_of month."""
    if not is_currency(code):
        message = f"'dataset.currency' {code!r} is not a currency code. Use ISO 4217, e.g. USD."
        raise DataError(path, line, message)
    if code not in currencies_in_use(as_of):
        message = f"'dataset.currency' {code!r} is not a currency in use in {as_of_text}, "
        message += "the month of 'dataset.as_of'. Give the figures in a currency in use then"
        successor = _successor(code, as_of)
        raise DataError(path, line, message + (f", such as {successor}." if successor else "."))


def _successor(code: str, day: date) -> str | None:
    """The one currency in use on day wherever code was once used; None when they differ.

    Territories with several currencies in use on day (or none) are left out.
    """
    successors = set()
    for territory, history in get_global("territory_currencies").items():
        if any(entry[0] == code for entry in history):
            current = get_territory_currencies(territory, start_date=day, tender=True)
            if len(current) == 1:
                successors.add(str(current[0]))
    return successors.pop() if len(successors) == 1 else None


def _check_decimals(
    amount: int | Decimal, currency: str, where: JsonPath, lines: dict[JsonPath, int], path: Path
) -> None:
    """Refuse an amount written with more decimals than the currency has (USD 2, JPY 0)."""
    exponent = amount.as_tuple().exponent if isinstance(amount, Decimal) else 0
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    allowed = get_currency_precision(currency)
    if decimals <= allowed:
        return
    written = shorten(f"{amount:f}")
    message = f"{field_name(where)} {written} has {decimals} decimal(s), but {currency} amounts "
    if allowed:
        message += f"have at most {allowed}. Round it to {allowed} decimal(s)."
    else:
        message += "are whole numbers. Round it to a whole number."
    raise DataError(path, lines[where], message)


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
        _check_link(url, ("reading", index, "url"), lines, path)
        reading.append(Reading(entry["id"], entry["title"], " ".join(entry["note"].split()), url))
    return tuple(reading)


def _check_link(url: str | None, where: JsonPath, lines: dict[JsonPath, int], path: Path) -> None:
    """Refuse a link that is not http, https, mailto or relative."""
    if url is not None and not is_safe_url(url):
        shown = f"'{url}'" if url.isprintable() else repr(url)
        message = f"{field_name(where)} must be an http, https or mailto link, or a relative one, "
        raise DataError(path, lines[where], message + f"not {shown}.")


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


def _parse_month(text: str, path: Path, line: int) -> date:
    """The first day of a YYYY-MM month."""
    year, month = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12 or year < 1900:
        message = (
            f"'dataset.as_of' {text!r} is not a real month. Write it as YYYY-MM, e.g. 2026-06."
        )
        raise DataError(path, line, message)
    return date(year, month, 1)
