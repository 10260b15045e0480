"""Figures as readers see them: money, differences and months, formatted by Babel."""

import copy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import NumberPattern, format_decimal, get_minus_sign_symbol, get_plus_sign_symbol

RANGE = "{low}\u2013{high}"  # two ends of a range, an en dash between them


@dataclass(frozen=True)
class Formatter:
    """Formats figures of one currency for one locale."""

    locale: Locale
    currency: str

    # Cached: every page shows the same few figures, and Babel takes 0.1 ms for each.
    @cache  # noqa: B019 - formatters are few and live as long as the build
    def money(self, amount: Decimal | int) -> str:
        """An amount with the currency symbol: "$141,000", "141.000 $", or "$68,250.50"."""
        pattern = self.locale.currency_formats["standard"]
        if amount % 1 == 0:
            # Whole amounts show no cents, as salaries are usually quoted.
            whole = _whole_units(pattern)
            return str(
                whole.apply(amount, self.locale, currency=self.currency, currency_digits=False)
            )
        # An amount with cents shows all the currency's digits: "$68,250.50".
        return str(pattern.apply(amount, self.locale, currency=self.currency))

    def figure(self, amounts: tuple[Decimal | int, ...]) -> str:
        """One amount, "$68,000", or the two ends of a range with an en dash between them."""
        shown = [self.money(amount) for amount in amounts]
        return shown[0] if len(shown) == 1 else RANGE.format(low=shown[0], high=shown[-1])

    def difference(self, amount: Decimal | int, baseline: Decimal | int) -> str:
        """How far amount is from baseline, absolute and relative: "+$5,000 (+3.5%)"."""
        change = amount - baseline
        size = -change if change < 0 else change
        sign = self._sign(change)
        percent = _one_decimal(self.locale.percent_formats[None])
        share = percent.apply(size / baseline, self.locale)
        return f"{sign}{self.money(size)} ({sign}{share})"

    def count(self, number: int) -> str:
        """A whole number with the locale's grouping: "1,250" or "1.250"."""
        return str(format_decimal(number, locale=self.locale))

    def percent(self, share: float) -> str:
        """A share as a percentage with one decimal and no sign: "3.2%"."""
        return str(_one_decimal(self.locale.percent_formats[None]).apply(abs(share), self.locale))

    def percent_change(self, share: float) -> str:
        """A relative change with its sign and one decimal: "+3.2%", "0.0%"."""
        size = self.percent(share)
        return size if size == self.percent(0) else f"{self._sign(Decimal(share))}{size}"

    def month(self, day: date) -> str:
        """A month and year in words, e.g. "June 2026"."""
        return format_month(day, self.locale)

    def _sign(self, change: Decimal | int) -> str:
        """The locale's plus or minus sign for a change, nothing for no change."""
        if change > 0:
            return get_plus_sign_symbol(self.locale)
        return get_minus_sign_symbol(self.locale) if change < 0 else ""


@cache  # every card of every listing shows a month; a site has few months
def format_month(day: date, locale: Locale) -> str:
    """A month and year in words, e.g. "June 2026" or "Juni 2026"."""
    return str(format_date(day, "MMMM y", locale=locale))


def format_day(day: date, locale: Locale) -> str:
    """A day in words, e.g. "March 3, 2027" or "3. März 2027"."""
    return str(format_date(day, "long", locale=locale))


@cache
def locale_for(language: str | None) -> Locale:
    """The Babel locale for a Sphinx language code, falling back to English."""
    try:
        return Locale.parse(language or "en", sep="-" if "-" in (language or "") else "_")
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@cache
def formatter_for(language: str | None, currency: str) -> Formatter:
    """The formatter for a Sphinx language code, falling back to English."""
    return Formatter(locale_for(language), currency)


def _whole_units(pattern: NumberPattern) -> NumberPattern:
    """A copy of a number pattern that shows no fraction digits."""
    whole = copy.copy(pattern)
    whole.frac_prec = (0, 0)
    return whole


def _one_decimal(pattern: NumberPattern) -> NumberPattern:
    """A copy of a percent pattern that shows exactly one fraction digit."""
    precise = copy.copy(pattern)
    precise.frac_prec = (1, 1)
    return precise
