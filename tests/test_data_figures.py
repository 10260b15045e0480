"""The data file's figures beyond one average: levels, locations, sources, breakdowns, editions."""

from datetime import date
from pathlib import Path

import pytest

from helpers import REPO
from valenx_kb.data import DataError, load_dataset, parse_dataset
from valenx_kb.data_model import STATISTICS, Compensation, Percentiles

SCHEMA = REPO / "data" / "salaries.schema.json"
EXAMPLE = REPO / "data" / "examples" / "salaries-example.yaml"
EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")


def test_the_example_file_gives_every_kind_of_figure() -> None:
    dataset = load_dataset(EXAMPLE, SCHEMA)

    assert dataset.levels
    assert dataset.locations
    assert dataset.sources
    assert dataset.editions
    assert [edition.as_of for edition in dataset.editions] == sorted(
        (edition.as_of for edition in dataset.editions), reverse=True
    )
    breakdown = [figures for role in dataset.roles for figures in role.breakdown]
    assert any(figures.level and figures.location for figures in breakdown)
    assert any(figures.location and figures.currency != dataset.currency for figures in breakdown)
    assert any(role.compensation is not None for role in dataset.roles)
    assert any(figures.source is not None for figures in breakdown)


def test_a_role_finds_its_figures_by_level_and_location() -> None:
    raw = EXAMPLE_TEXT.encode()
    dataset = parse_dataset(raw, Path("x.yaml"), SCHEMA)

    for role in dataset.roles:
        overall = role.figures()
        assert overall is not None
        assert (overall.average, overall.percentiles) == (role.salary, role.percentiles)
        for figures in role.breakdown:
            assert role.figures(figures.level, figures.location) == figures
        assert role.figures("no-such-level") is None


def test_a_location_in_another_currency_holds_figures_in_it() -> None:
    dataset = load_dataset(EXAMPLE, SCHEMA)

    for role in dataset.roles:
        for figures in role.breakdown:
            place = dataset.location(figures.location) if figures.location else None
            assert figures.currency == (place.currency if place else dataset.currency)


def test_statistics_read_every_field() -> None:
    dataset = parse_dataset(
        with_fields(
            "    compensation: {base: 140000, bonus: 10000, equity: 6000}\n"
            "    percentiles: {p10: 100000, median: 140000}\n"
        ).encode(),
        Path("x.yaml"),
        SCHEMA,
    )
    figures = dataset.roles[0].figures()
    assert figures is not None
    assert figures.compensation == Compensation(140000, 10000, 6000)
    assert figures.percentiles == Percentiles(p10=100000, median=140000)
    values = {name: figures.statistic(name) for name in STATISTICS}
    assert values == {
        "average": dataset.roles[0].salary,
        "p10": 100000,
        "p25": None,
        "median": 140000,
        "p75": None,
        "p90": None,
        "base": 140000,
        "bonus": 10000,
        "equity": 6000,
        "total": 156000,
    }


def test_total_compensation_needs_every_part() -> None:
    assert Compensation(base=1, bonus=2).total is None
    assert Compensation(base=1, bonus=2, equity=3).total == 6


def test_editions_are_kept_newest_first_with_their_figures() -> None:
    extra = (
        "editions:\n"
        "  - as_of: 2025-06\n    roles:\n      - id: ai-engineer\n        salary: 120000\n"
        "  - as_of: 2025-12\n    roles:\n      - id: ai-engineer\n        salary: 130000\n"
    )
    dataset = parse_dataset((MINIMAL + extra).encode(), Path("x.yaml"), SCHEMA)

    assert [edition.as_of for edition in dataset.editions] == [date(2025, 12, 1), date(2025, 6, 1)]
    found = dataset.editions[0].figures("ai-engineer")
    assert found is not None
    assert found.average == 130000
    assert dataset.edition(date(2025, 6, 1)) is dataset.editions[1]


MINIMAL = """\
dataset:
  title: Test
  as_of: 2026-06
  region: Testland
  basis: test figures
  currency: USD
  source: Tests.
roles:
  - id: ai-engineer
    title: AI Engineer
    salary: 141000
    skills: [Python]
    summary: Builds AI systems.
    page: roles/ai-engineer
"""


def with_fields(fields: str, extra: str = "") -> str:
    """MINIMAL with fields added to its role and top-level sections added at the end."""
    return MINIMAL + fields + extra


DECLARED = """\
levels:
  - id: junior
    title: Junior
  - id: senior
    title: Senior
locations:
  - id: berlin
    title: Berlin
    country: DE
    currency: EUR
sources:
  - id: survey
    name: A survey
    url: https://example.com/survey
    period: 2025 survey
"""

# A second role, written after the first role's fields, for the comparisons' mistakes.
SECOND_ROLE = """\
  - id: ml-engineer
    title: ML Engineer
    salary: 146000
    skills: [Python]
    summary: Builds models.
    page: roles/ml-engineer
"""

# (role fields, top-level sections, text on the line the warning points at, message)
MISTAKES = [
    (
        "    figures:\n      - level: lead\n        salary: 1\n",
        DECLARED,
        "level: lead",
        "'roles[0].figures[0].level' names the level 'lead', which is not declared. "
        "Declare it under 'levels' or use one of: junior, senior.",
    ),
    (
        "    figures:\n      - location: paris\n        salary: 1\n",
        DECLARED,
        "location: paris",
        "'roles[0].figures[0].location' names the location 'paris', which is not declared. "
        "Declare it under 'locations' or use one of: berlin.",
    ),
    (
        "    figures:\n      - level: junior\n        salary: 1\n",
        "",
        "level: junior",
        "'roles[0].figures[0].level' names the level 'junior', which is not declared. "
        "Declare it under 'levels' first.",
    ),
    (
        "    source: census\n",
        DECLARED,
        "source: census",
        "'roles[0].source' names the source 'census', which is not declared. "
        "Declare it under 'sources' or use one of: survey.",
    ),
    (
        "    figures:\n      - level: senior\n        salary: 1\n        source: census\n",
        DECLARED,
        "source: census",
        "'roles[0].figures[0].source' names the source 'census', which is not declared. "
        "Declare it under 'sources' or use one of: survey.",
    ),
    (
        "    figures:\n      - location: berlin\n        currency: USD\n        salary: 1\n",
        DECLARED,
        "        currency: USD",
        "'roles[0].figures[0].currency' is USD, but Berlin uses EUR. Give the figures in that "
        "currency, or declare the location's 'currency'.",
    ),
    (
        "    figures:\n      - level: senior\n        currency: EUR\n        salary: 1\n",
        DECLARED,
        "        currency: EUR",
        "'roles[0].figures[0].currency' is EUR, but the dataset uses USD. Give the figures in "
        "that currency, or declare the location's 'currency'.",
    ),
    (
        "",
        "locations:\n  - id: tokyo\n    title: Tokyo\n    country: JP\n",
        "country: JP",
        "the location's figures are in USD, but JP used JPY then. Give the location's "
        "'currency' (JPY) and its figures in that currency.",
    ),
    (
        "",
        "locations:\n  - id: tokyo\n    title: Tokyo\n    country: JP\n    currency: EUR\n",
        "    currency: EUR",
        "the location's figures are in EUR, but JP used JPY then. Give the location's "
        "'currency' (JPY) and its figures in that currency.",
    ),
    (
        "",
        "locations:\n  - id: nowhere\n    title: Nowhere\n    country: QQ\n",
        "country: QQ",
        "'locations[0].country' 'QQ' is not a country code Babel knows. Use the two-letter "
        "ISO 3166 code, e.g. DE.",
    ),
    (
        "",
        "locations:\n  - id: old\n    title: Old Berlin\n    currency: DEM\n",
        "currency: DEM",
        "'locations[0].currency' 'DEM' is not a currency in use in 2026-06, the month of "
        "'dataset.as_of'. Give the figures in a currency in use then, such as EUR.",
    ),
    (
        "",
        "locations:\n  - id: odd\n    title: Odd\n    currency: QQQ\n",
        "currency: QQQ",
        "'locations[0].currency' 'QQQ' is not a currency code. Use ISO 4217, e.g. USD.",
    ),
    (
        "    figures:\n      - location: tokyo\n        salary: 9000000.5\n",
        "locations:\n  - id: tokyo\n    title: Tokyo\n    country: JP\n    currency: JPY\n",
        "salary: 9000000.5",
        "'roles[0].figures[0].salary' 9000000.5 has 1 decimal(s), but JPY amounts are whole "
        "numbers. Round it to a whole number.",
    ),
    (
        "",
        "levels:\n  - id: senior\n    title: Senior\n  - id: senior\n    title: Lead\n",
        "- id: senior\n    title: Lead",
        "the level id 'senior' is used twice. Give each level its own id.",
    ),
    (
        "",
        "levels:\n  - id: median\n    title: Middle\n",
        "id: median",
        "the level id 'median' is the name of a statistic (average, p10, p25, median, p75, "
        "p90, base, bonus, equity, total, p25-p75, p10-p90). Give the level another id.",
    ),
    (
        "",
        "locations:\n  - id: p25-p75\n    title: Middle\n",
        "id: p25-p75",
        "the location id 'p25-p75' is the name of a statistic (average, p10, p25, median, p75, "
        "p90, base, bonus, equity, total, p25-p75, p10-p90). Give the location another id.",
    ),
    (
        "",
        "levels:\n  - id: berlin\n    title: B\nlocations:\n  - id: berlin\n    title: Berlin\n",
        "- id: berlin\n    title: Berlin",
        "the location id 'berlin' is also a level id. Give it another id, so a figure that "
        "names it is not ambiguous.",
    ),
    (
        "",
        "sources:\n  - id: s\n    name: S\n    url: https://a.example\n    period: 2025 survey\n"
        "  - id: s\n    name: T\n    url: https://b.example\n    period: 2025 survey\n",
        "- id: s\n    name: T",
        "the source id 's' is used twice. Give each source its own id.",
    ),
    (
        "",
        "sources:\n  - id: s\n    name: S\n    url: javascript:alert(1)\n    period: 2025 survey\n",
        "url: javascript",
        "'sources[0].url' must be an http, https or mailto link, or a relative one, "
        "not 'javascript:alert(1)'.",
    ),
    (
        "",
        "sources:\n  - id: s\n    name: S\n    period: 2025 survey\n",
        "- id: s",
        "'sources[0]' is missing the field 'url'. Add it.",
    ),
    (
        "    figures:\n      - salary: 1\n",
        DECLARED,
        "- salary: 1",
        "'roles[0].figures[0]' names neither a 'level' nor a 'location'. Add the one (or both) "
        "these figures are for.",
    ),
    (
        "    figures:\n      - level: senior\n        sample_size: 3\n",
        DECLARED,
        "- level: senior",
        "'roles[0].figures[0]' gives no figures. Add a 'salary', 'percentiles' or 'compensation'.",
    ),
    (
        "    figures:\n      - level: senior\n        salary: 1\n"
        "      - level: senior\n        salary: 2\n",
        DECLARED,
        "- level: senior\n        salary: 2",
        "'roles[0].figures[1]' gives the figures for the same level and location as an earlier "
        "entry. Keep one of them.",
    ),
    (
        "    figures:\n      - level: senior\n        salary: 1\n        percentiles: "
        "{p10: 5, p90: 9}\n",
        DECLARED,
        "salary: 1\n        percentiles",
        "'roles[0].figures[0].salary' 1, the average, is outside the p10 to p90 range (5 to 9). "
        "An average lies between them: check the figures.",
    ),
    (
        "    figures:\n      - level: senior\n        percentiles: {p25: 9, p75: 5}\n",
        DECLARED,
        "percentiles: {p25",
        "'roles[0].figures[0].percentiles.p75' 5 is below p25 9. Percentiles rise from p10 to "
        "p90: check both figures.",
    ),
    (
        "    compensation: {base: 100000.123}\n",
        "",
        "compensation:",
        "'roles[0].compensation.base' 100000.123 has 3 decimal(s), but USD amounts have at most "
        "2. Round it to 2 decimal(s).",
    ),
    (
        "    compensation: {stock: 5}\n",
        "",
        "compensation:",
        "'roles[0].compensation' has a field the schema does not know: 'stock'. Check its "
        "spelling or remove it.",
    ),
    (
        "    compensation: {bonus: 0x10}\n",
        "",
        "compensation:",
        "'roles[0].compensation.bonus' must be a plain number like 141000 or 68250.50, not "
        "'0x10'. Write the amount in digits, with a '.' before any cents.",
    ),
    (
        "",
        "editions:\n  - as_of: 2026-06\n    roles:\n      - id: ai-engineer\n        salary: 1\n",
        "as_of: 2026-06\n    roles",
        "'editions[0].as_of' 2026-06 is not before 'dataset.as_of' 2026-06. An earlier edition "
        "describes an earlier month: the current figures belong under 'roles'.",
    ),
    (
        "",
        "editions:\n  - as_of: 2025-13\n    roles:\n      - id: ai-engineer\n        salary: 1\n",
        "as_of: 2025-13",
        "'editions[0].as_of' '2025-13' is not a real month. Write it as YYYY-MM, e.g. 2026-06.",
    ),
    (
        "",
        "editions:\n  - as_of: 2025-12\n    roles:\n      - id: ai-engineer\n        salary: 1\n"
        "  - as_of: 2025-12\n    roles:\n      - id: ai-engineer\n        salary: 2\n",
        "- as_of: 2025-12\n    roles:\n      - id: ai-engineer\n        salary: 2",
        "'editions[1].as_of' 2025-12 is given twice. Keep one edition per month.",
    ),
    (
        "",
        "editions:\n  - as_of: 2025-12\n    roles:\n      - id: ml-engineer\n        salary: 1\n",
        "id: ml-engineer",
        "'editions[0].roles[0].id' names the role 'ml-engineer', which is not declared. "
        "Declare it under 'roles' or use one of: ai-engineer.",
    ),
    (
        "",
        "editions:\n  - as_of: 2025-12\n    roles:\n      - id: ai-engineer\n        salary: 1\n"
        "      - id: ai-engineer\n        salary: 2\n",
        "- id: ai-engineer\n        salary: 2",
        "the role 'ai-engineer' appears twice in this edition. Keep one entry.",
    ),
    (
        "",
        "editions:\n  - as_of: 2025-12\n    roles:\n      - id: ai-engineer\n"
        "        sample_size: 4\n",
        "- id: ai-engineer\n        sample_size",
        "'editions[0].roles[0]' gives no figures. Add a 'salary' or 'percentiles'.",
    ),
    (
        "",
        "editions:\n  - as_of: 2025-12\n    source: nobody\n    roles:\n      - id: ai-engineer\n"
        "        salary: 1\n",
        "source: nobody",
        "'editions[0].source' names the source 'nobody', which is not declared. "
        "Declare it under 'sources' first.",
    ),
    (
        SECOND_ROLE,
        "comparisons:\n  - [ai-engineer, data-scientist]\n",
        "[ai-engineer, data-scientist]",
        "'comparisons[0][1]' names the role 'data-scientist', which is not declared. "
        "Declare it under 'roles' or use one of: ai-engineer, ml-engineer.",
    ),
    (
        SECOND_ROLE,
        "comparisons:\n  - [ml-engineer, ml-engineer]\n",
        "[ml-engineer, ml-engineer]",
        "'comparisons[0]' compares the role 'ml-engineer' with itself. Name two different roles.",
    ),
    (
        SECOND_ROLE,
        "comparisons:\n  - [ai-engineer, ml-engineer]\n  - [ml-engineer, ai-engineer]\n",
        "[ml-engineer, ai-engineer]",
        "'comparisons[1]' compares 'ml-engineer' and 'ai-engineer', as 'comparisons[0]' already "
        "does. Keep one of them.",
    ),
    (
        SECOND_ROLE,
        "comparisons:\n  - [ai-engineer]\n",
        "[ai-engineer]\n",
        "'comparisons[0]' must list at least 2 item(s).",
    ),
    (
        SECOND_ROLE,
        "comparisons:\n  - [ai-engineer, ml-engineer, ai-engineer]\n",
        "[ai-engineer, ml-engineer, ai-engineer]",
        "'comparisons[0]' must list at most 2 item(s).",
    ),
    (
        SECOND_ROLE,
        "comparisons:\n  - ai-engineer: ml-engineer\n",
        "- ai-engineer: ml-engineer",
        '\'comparisons[0]\' must be a list, not {"ai-engineer": "ml-engineer"}.',
    ),
]


@pytest.mark.parametrize(("fields", "extra", "marker", "message"), MISTAKES)
def test_each_mistake_is_explained_at_its_line(
    fields: str, extra: str, marker: str, message: str
) -> None:
    text = with_fields(fields, extra)
    assert text.count(marker) == 1, marker
    line = text[: text.index(marker)].count("\n") + 1

    with pytest.raises(DataError) as caught:
        parse_dataset(text.encode(), Path("x.yaml"), SCHEMA)

    assert str(caught.value) == f"x.yaml:{line}: {message}"


def test_a_role_may_give_percentiles_without_an_average() -> None:
    text = MINIMAL.replace("    salary: 141000\n", "    percentiles: {median: 120000}\n")
    role = parse_dataset(text.encode(), Path("x.yaml"), SCHEMA).roles[0]

    assert role.salary is None
    figures = role.figures()
    assert figures is not None
    assert (figures.average, figures.statistic("median")) == (None, 120000)


def test_a_role_without_any_figure_is_refused_at_its_line() -> None:
    text = MINIMAL.replace("    salary: 141000\n", "")
    line = text[: text.index("  - id: ai-engineer")].count("\n") + 1

    with pytest.raises(DataError) as caught:
        parse_dataset(text.encode(), Path("x.yaml"), SCHEMA)

    assert str(caught.value) == (
        f"x.yaml:{line}: 'roles[0]' gives no figures. Add a 'salary', 'percentiles' or "
        "'compensation'."
    )
