"""Checks of single values in a data file: amounts, currencies, months and links. Pure Python.

A role's overall figures, its figures by level and location, and an earlier edition's
figures are all checked here, the same way: decimals, rising percentiles, an average
between p10 and p90.
"""

from datetime import date
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from babel.core import get_global
from babel.numbers import get_currency_precision, get_territory_currencies, is_currency

from valenx_kb.data_model import PERCENTILES, Amount, Compensation, DataError, Percentiles
from valenx_kb.urls import is_safe_url
from valenx_kb.yaml_errors import shorten
from valenx_kb.yaml_loader import JsonPath, field_name


def check_decimals(
    amount: Amount, currency: str, where: JsonPath, lines: dict[JsonPath, int], path: Path
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


def build_percentiles(
    entry: dict[str, Any], where: JsonPath, currency: str, lines: dict[JsonPath, int], path: Path
) -> Percentiles | None:
    """The percentiles of entry (a role, a figure or an edition's role), checked.

    They rise from p10 to p90, and the entry's average lies between p10 and p90 when it
    gives both.
    """
    given = entry.get("percentiles")
    if given is None:
        return None
    at = (*where, "percentiles")
    for name, amount in given.items():
        check_decimals(amount, currency, (*at, name), lines, path)
    ordered = [(name, given[name]) for name in PERCENTILES if name in given]
    for (lower, low), (higher, high) in pairwise(ordered):
        if high < low:
            message = (
                f"{field_name((*at, higher))} {high} is below {lower} {low}. Percentiles "
                "rise from p10 to p90: check both figures."
            )
            raise DataError(path, lines[(*at, higher)], message)
    salary = entry.get("salary")
    low, high = given.get("p10"), given.get("p90")
    if salary is not None and low is not None and high is not None and not low <= salary <= high:
        message = (
            f"{field_name((*where, 'salary'))} {salary}, the average, is outside the "
            f"p10 to p90 range ({low} to {high}). An average lies between them: check the "
            "figures."
        )
        raise DataError(path, lines[(*where, "salary")], message)
    return Percentiles(**given)


def build_compensation(
    entry: dict[str, Any], where: JsonPath, currency: str, lines: dict[JsonPath, int], path: Path
) -> Compensation | None:
    """The compensation split of entry, each part with the currency's decimals."""
    given = entry.get("compensation")
    if given is None:
        return None
    for name, amount in given.items():
        check_decimals(amount, currency, (*where, "compensation", name), lines, path)
    return Compensation(**given)


@cache
def currencies_in_use(day: date) -> frozenset[str]:
    """The currencies that are legal tender in some territory on day, as Babel knows them."""
    territories = get_global("territory_currencies")
    return frozenset(
        code
        for territory in territories
        for code in get_territory_currencies(territory, start_date=day, tender=True)
    )


def check_currency(
    code: str, as_of: date, where: JsonPath, lines: dict[JsonPath, int], path: Path
) -> None:
    """Refuse a code that is not ISO 4217, or a currency no country used in the as_of month."""
    if not is_currency(code):
        message = f"{field_name(where)} {code!r} is not a currency code. Use ISO 4217, e.g. USD."
        raise DataError(path, lines[where], message)
    if code not in currencies_in_use(as_of):
        message = f"{field_name(where)} {code!r} is not a currency in use in {as_of:%Y-%m}, "
        message += "the month of 'dataset.as_of'. Give the figures in a currency in use then"
        successor = _successor(code, as_of)
        message += f", such as {successor}." if successor else "."
        raise DataError(path, lines[where], message)


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


def check_link(url: str | None, where: JsonPath, lines: dict[JsonPath, int], path: Path) -> None:
    """Refuse a link that is not http, https, mailto or relative."""
    if url is not None and not is_safe_url(url):
        shown = f"'{url}'" if url.isprintable() else repr(url)
        message = f"{field_name(where)} must be an http, https or mailto link, or a relative one, "
        raise DataError(path, lines[where], message + f"not {shown}.")


def parse_month(text: str, where: JsonPath, lines: dict[JsonPath, int], path: Path) -> date:
    """The first day of a YYYY-MM month."""
    year, month = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12 or year < 1900:
        message = f"{field_name(where)} {text!r} is not a real month. "
        message += "Write it as YYYY-MM, e.g. 2026-06."
        raise DataError(path, lines[where], message)
    return date(year, month, 1)
