"""Figures are formatted by Babel in the site's language."""

from datetime import date
from decimal import Decimal

import pytest

from valenx_kb.formatting import formatter_for


@pytest.mark.parametrize(
    ("language", "money", "difference", "month"),
    [
        ("en", "$141,000", "+$5,000 (+3.5%)", "June 2026"),
        ("de", "141.000\xa0$", "+5.000\xa0$ (+3,5\xa0%)", "Juni 2026"),
        ("fr", "141\u202f000\xa0$US", "+5\u202f000\xa0$US (+3,5\xa0%)", "juin 2026"),
        ("zz-unknown", "$141,000", "+$5,000 (+3.5%)", "June 2026"),
    ],
)
def test_figures_follow_the_language(
    language: str, money: str, difference: str, month: str
) -> None:
    fmt = formatter_for(language, "USD")

    assert fmt.money(141000) == money
    assert fmt.difference(146000, 141000) == difference
    assert fmt.month(date(2026, 6, 1)) == month


def test_negative_and_zero_differences() -> None:
    fmt = formatter_for("en", "USD")

    assert fmt.difference(118000, 141000) == "-$23,000 (-16.3%)"
    assert fmt.difference(141000, 141000) == "$0 (0.0%)"


def test_other_currencies() -> None:
    assert formatter_for("en", "EUR").money(52000) == "€52,000"
    assert formatter_for("en", "JPY").money(5200000) == "¥5,200,000"


@pytest.mark.parametrize(
    ("language", "whole", "cents", "difference"),
    [
        ("en", "$141,000", "$68,250.50", "+$250.50 (+0.4%)"),
        ("de", "141.000\xa0$", "68.250,50\xa0$", "+250,50\xa0$ (+0,4\xa0%)"),
    ],
)
def test_decimal_amounts_show_cents_only_when_they_have_them(
    language: str, whole: str, cents: str, difference: str
) -> None:
    fmt = formatter_for(language, "USD")

    assert fmt.money(Decimal("141000")) == whole
    assert fmt.money(Decimal("141000.00")) == whole
    assert fmt.money(Decimal("68250.5")) == cents
    assert fmt.difference(Decimal("68250.5"), 68000) == difference
