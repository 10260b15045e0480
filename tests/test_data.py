"""The data loader: the real data file, its cache, and arbitrary input."""

import os
import re
import string
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from babel.numbers import get_currency_precision
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import REPO, TEST_DATA
from site_sources import SEED_FIGURES
from valenx_kb import data
from valenx_kb.data import DataError, Dataset, is_safe_url, load_dataset, parse_dataset
from valenx_kb.data_model import PERCENTILES, STATISTICS, Percentiles
from valenx_kb.formatting import formatter_for
from valenx_kb.value_checks import currencies_in_use

DATA = REPO / "data" / "salaries.yaml"
SCHEMA = REPO / "data" / "salaries.schema.json"


def test_frozen_seed_figures_are_the_seed_articles() -> None:
    dataset = load_dataset(SEED_FIGURES, SCHEMA)

    assert (dataset.as_of, dataset.region, dataset.currency) == (
        date(2026, 6, 1),
        "United States",
        "USD",
    )
    assert dataset.basis == "national average"
    assert [(role.id, role.title, role.salary, role.skills) for role in dataset.roles] == [
        ("ai-engineer", "AI Engineer", 141000, ("Python", "Java", "C++", "AI frameworks")),
        ("ml-engineer", "ML Engineer", 146000, ("Python", "R", "TensorFlow", "PyTorch")),
        (
            "data-scientist",
            "Data Scientist",
            118000,
            ("Python", "R", "statistics", "data visualization"),
        ),
    ]


@pytest.mark.site
def test_real_data_is_valid_and_every_role_has_a_profile_page() -> None:
    dataset = load_dataset(DATA, SCHEMA)

    assert dataset.roles
    assert all((REPO / "docs" / f"{role.page}.md").is_file() for role in dataset.roles)


@pytest.mark.site
def test_data_file_points_editors_at_its_schema() -> None:
    first_line = DATA.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema={SCHEMA.name}"


def test_file_is_parsed_once_until_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "salaries.yaml"
    path.write_text(TEST_DATA, encoding="utf-8")

    first = load_dataset(path, SCHEMA)
    assert load_dataset(path, SCHEMA) is first

    path.write_text(TEST_DATA.replace("141000", "150000"), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    changed = load_dataset(path, SCHEMA)
    assert changed is not first
    assert changed.roles[0].salary == 150000


def test_error_names_file_and_line() -> None:
    with pytest.raises(DataError) as caught:
        parse_dataset(TEST_DATA.replace("141000", "-1").encode(), Path("data/x.yaml"), SCHEMA)

    assert str(caught.value) == (
        "data/x.yaml:11: 'roles[0].salary' must be greater than 0, not -1."
    )
    assert caught.value.line == 11


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/report", True),
        ("http://example.org", True),
        ("mailto:data@example.org", True),
        ("../roles/ai-engineer.html", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("\x01javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("vbscript:msgbox", False),
        ("/roles/ai-engineer.html", True),
        ("roles/ai-engineer.html#skills", True),
        ("?page=2", True),
        ("#skills", True),
        # Network-path references and backslashes lead to another site.
        ("//evil.example/x", False),
        ("///evil.example/x", False),
        ("\\\\evil.example\\x", False),
        ("/\\evil.example/x", False),
        ("../roles\\ai-engineer.html", False),
        ("https:evil.example", False),
        ("http:///evil.example", False),
    ],
)
def test_only_http_mailto_and_relative_links_are_safe(url: str, safe: bool) -> None:
    assert is_safe_url(url) is safe


def test_a_broken_file_is_parsed_once_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "salaries.yaml"
    path.write_text(TEST_DATA.replace("141000", "-1"), encoding="utf-8")
    parses: list[bytes] = []

    def counting_parse(raw: bytes, file: Path, schema: Path) -> Dataset:
        parses.append(raw)
        return parse_dataset(raw, file, schema)

    monkeypatch.setattr(data, "parse_dataset", counting_parse)
    messages = set()
    for _ in range(50):
        with pytest.raises(DataError) as caught:
            load_dataset(path, SCHEMA)
        messages.add(str(caught.value))

    assert len(parses) == 1
    assert messages == {f"{path}:11: 'roles[0].salary' must be greater than 0, not -1."}

    path.write_text(TEST_DATA.replace("141000", "-2"), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    with pytest.raises(DataError, match="not -2"):
        load_dataset(path, SCHEMA)
    assert len(parses) == 2


def test_a_cached_failure_is_raised_as_a_new_error_each_time(tmp_path: Path) -> None:
    path = tmp_path / "salaries.yaml"
    path.write_text(TEST_DATA.replace("141000", "-1"), encoding="utf-8")

    with pytest.raises(DataError) as first:
        load_dataset(path, SCHEMA)
    try:
        raise KeyError("another error being handled")
    except KeyError:
        with pytest.raises(DataError) as second:
            load_dataset(path, SCHEMA)

    # Raising the cached error again would chain the KeyError (and its frames) to it.
    assert second.value is not first.value
    assert first.value.__context__ is None
    assert str(second.value) == str(first.value)


def with_salary(text: str, currency: str = "USD") -> Dataset:
    """The test data with the first role's salary written as text."""
    raw = TEST_DATA.replace("salary: 141000", f"salary: {text}").replace("USD", currency)
    return parse_dataset(raw.encode(), Path("data/salaries.yaml"), SCHEMA)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=1_000_000_000))
def test_whole_amounts_round_trip(amount: int) -> None:
    salary = with_salary(str(amount)).roles[0].salary

    assert salary == amount
    assert formatter_for("en", "USD").money(salary) == f"${amount:,}"


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999), st.integers(min_value=1, max_value=99))
def test_amounts_with_cents_round_trip(units: int, cents: int) -> None:
    salary = with_salary(f"{units}.{cents:02d}").roles[0].salary

    assert salary == Decimal(f"{units}.{cents:02d}")
    assert formatter_for("en", "USD").money(salary) == f"${units:,}.{cents:02d}"


@pytest.mark.parametrize(
    ("written", "currency", "shown"),
    [
        ("68250.5", "USD", "$68,250.50"),
        ("68250.50", "USD", "$68,250.50"),
        ("68250.00", "USD", "$68,250"),
        ("68250", "JPY", "¥68,250"),
        ("68250.125", "BHD", "BHD68,250.125"),
    ],
)
def test_amounts_keep_up_to_the_currencys_decimals(written: str, currency: str, shown: str) -> None:
    salary = with_salary(written, currency).roles[0].salary

    assert salary == Decimal(written)
    assert formatter_for("en", currency).money(salary) == shown


def test_a_currency_is_judged_at_the_as_of_month() -> None:
    raw = TEST_DATA.replace("USD", "DEM").replace("as_of: 2026-06", "as_of: 1999-06")

    dataset = parse_dataset(raw.encode(), Path("data/salaries.yaml"), SCHEMA)

    assert dataset.currency == "DEM"


@pytest.mark.parametrize(
    ("currency", "as_of", "advice"),
    [
        ("DEM", "2026-06", "Give the figures in a currency in use then, such as EUR."),
        # The euro countries used a dozen currencies in 1990: none is the one to suggest.
        ("EUR", "1990-01", "Give the figures in a currency in use then."),
        # Yugoslav dinars were followed by the Serbian dinar in one place, the euro in another.
        ("YUM", "2026-06", "Give the figures in a currency in use then."),
    ],
)
def test_a_currency_not_in_use_suggests_one_only_when_there_is_one_successor(
    currency: str, as_of: str, advice: str
) -> None:
    raw = TEST_DATA.replace("USD", currency).replace("as_of: 2026-06", f"as_of: {as_of}")

    with pytest.raises(DataError) as caught:
        parse_dataset(raw.encode(), Path("data/salaries.yaml"), SCHEMA)

    assert caught.value.message == (
        f"'dataset.currency' {currency!r} is not a currency in use in {as_of}, "
        f"the month of 'dataset.as_of'. {advice}"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  - id: ml-engineer",
            "  -id: ml-engineer",
            "15: a list item needs a space after its '-'. Write '- ' at its start.",
        ),
        (
            "  source: Test",
            "  - source: Test",
            "7: this line starts a list item ('- ') where a field belongs. "
            "Check its indentation, or remove the '-'.",
        ),
        (
            "summary: Builds ML models.",
            "summary: 'it's fine'",
            '19: text follows the closing "\'" on this line. Put the whole value in quotes, '
            "and write a ' inside single quotes as ''.",
        ),
        (
            "PyTorch]",
            "PyTorch], Go",
            "18: text follows the closing ']' on this line. Put the value in quotes.",
        ),
        (
            "PyTorch]",
            "PyTorch]]",
            "18: this line has a ']' that closes nothing. Remove it, or quote the value.",
        ),
        (
            "region: United States",
            "region: {United States",
            "4: the mapping that starts with '{' on this line is not closed. End it with '}', "
            "or put the value in quotes if the '{' is part of the text.",
        ),
        (
            "summary: Builds ML models.",
            "summary: @mentions",
            "19: a value cannot start with '@'. Put the value in quotes.",
        ),
        (
            "summary: Builds ML models.",
            "summary: *models",
            "19: a value cannot start with '*'. Put it in quotes.",
        ),
        (
            "summary: Builds ML models.",
            'summary: "C:\\q"',
            "19: a backslash in this quoted text starts an escape YAML does not know. "
            "Write two backslashes for one, or use single quotes.",
        ),
        (
            "summary: Builds ML models.",
            "summary: |x",
            "19: nothing may follow '|' or '>' on this line: they start a text on the lines "
            "below. Put the value in quotes, or move the text to the next lines, indented.",
        ),
        (
            "dataset:",
            "%YAML 2.0\n---\ndataset:",
            "1: YAML cannot read this line (found incompatible YAML document (version 1.* is "
            "required)). Check its indentation, that each field has ': ' after its name, and "
            "that every bracket and quote is closed.",
        ),
    ],
)
def test_yaml_mistakes_are_explained_at_their_line(old: str, new: str, expected: str) -> None:
    with pytest.raises(DataError) as caught:
        parse_dataset(TEST_DATA.replace(old, new).encode(), Path("x.yaml"), SCHEMA)

    assert str(caught.value) == f"x.yaml:{expected}"


def parse_or_error(raw: bytes) -> None:
    """Parse raw data: a Dataset that holds every rule, or a DataError at a line of the file."""
    try:
        dataset = parse_dataset(raw, Path("data/salaries.yaml"), SCHEMA)
    except DataError as error:
        assert_located(error, line_count(raw))
        return
    assert_valid(dataset, line_count(raw))
    reloaded = parse_dataset(serialise(dataset), dataset.path, SCHEMA)
    assert without_lines(reloaded) == without_lines(dataset)


def line_count(raw: bytes) -> int:
    """The lines of a file as YAML counts them: CR LF, CR, LF, NEL, LS and PS end a line."""
    return len(re.findall("\r\n|[\r\n\x85\u2028\u2029]", raw.decode(errors="replace"))) + 1


# The only errors about the whole file rather than a line of it.
WHOLE_FILE_ERRORS = ("YAML error: ", "the data is nested too deeply")


def assert_located(error: DataError, lines: int) -> None:
    """A data error says what to do, at a line of the file unless it is about the whole file."""
    if error.line is None:
        assert error.message.startswith(WHOLE_FILE_ERRORS), error
    else:
        assert 1 <= error.line <= lines, error
    assert error.message.endswith("."), error


def assert_valid(dataset: Dataset, lines: int) -> None:
    """The rules a loaded dataset keeps, checked on the Dataset itself."""
    precision = get_currency_precision(dataset.currency)
    assert dataset.currency in currencies_in_use(dataset.as_of)
    assert dataset.as_of.day == 1
    assert dataset.as_of.year >= 1900
    for items in (dataset.roles, dataset.reading):
        assert len({item.id for item in items}) == len(items)
    for role in dataset.roles:
        figures = role.figures()
        amounts = [figures.statistic(name) for name in STATISTICS] if figures else []
        for amount in (amount for amount in amounts if amount is not None):
            assert 0 < amount <= 3_000_000_000  # total adds up to three parts
            assert amount == round(amount, precision)
        assert role.id == role.id.strip()
        assert role.page == role.page.strip()
        assert 1 <= role.line <= lines
    urls = [dataset.source_url, *(item.url for item in dataset.reading)]
    assert all(is_safe_url(url) for url in urls if url is not None)


def serialise(dataset: Dataset) -> bytes:
    """A data file that holds dataset, written the way a contributor would write it."""
    meta = {
        "title": dataset.title,
        "as_of": f"{dataset.as_of:%Y-%m}",
        "region": dataset.region,
        "basis": dataset.basis,
        "currency": dataset.currency,
        "source": dataset.source,
    }
    if dataset.source_url is not None:
        meta["source_url"] = dataset.source_url
    roles = [
        {
            "id": role.id,
            "title": role.title,
            "salary": role.salary,
            "skills": list(role.skills),
            "summary": role.summary,
            "page": role.page,
        }
        for role in dataset.roles
    ]
    reading = [
        {"id": item.id, "title": item.title, "note": item.note}
        | ({} if item.url is None else {"url": item.url})
        for item in dataset.reading
    ]
    tree = {"dataset": meta, "roles": roles} | ({"reading": reading} if reading else {})
    return yaml.dump(tree, Dumper=AmountDumper, allow_unicode=True, sort_keys=False).encode()


def without_lines(dataset: Dataset) -> Dataset:
    """The dataset without the roles' line numbers, which depend on how the file is laid out."""
    return replace(dataset, roles=tuple(replace(role, line=0) for role in dataset.roles))


class AmountDumper(yaml.SafeDumper):
    """A safe dumper that writes amounts with cents as plain numbers, the way they were read."""


AmountDumper.add_representer(
    Decimal,
    lambda dumper, amount: dumper.represent_scalar("tag:yaml.org,2002:float", f"{amount:f}"),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=string.printable + "äé€→\x00\ufeff&*!|>-:[]{}", max_size=300))
def test_any_text_gives_data_or_the_documented_error(text: str) -> None:
    parse_or_error(text.encode("utf-8", errors="surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_data_or_the_documented_error(raw: bytes) -> None:
    parse_or_error(raw)


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(YAML_VALUES)
def test_any_yaml_structure_gives_data_or_the_documented_error(value: object) -> None:
    parse_or_error(yaml.safe_dump(value, allow_unicode=True).encode())


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["dataset", "roles", "salary", "skills", "id", "as_of", "currency"]),
    YAML_VALUES,
)
def test_real_data_with_any_field_replaced_gives_data_or_the_error(
    field: str, value: object
) -> None:
    data = yaml.safe_load(TEST_DATA)
    if field in data:
        data[field] = value
    else:
        section = data["dataset"] if field in data["dataset"] else data["roles"][0]
        section[field] = value
    parse_or_error(yaml.safe_dump(data, allow_unicode=True).encode())


# Pieces of YAML that have broken loaders before: tags, odd dates, huge numbers, aliases.
YAML_PIECES = st.sampled_from(
    [
        "!!int abc",
        "!!float x",
        "!!bool maybe",
        "!!timestamp nope",
        "!!binary ???",
        "!!python/name:os.system",
        "!custom x",
        "2026-02-30",
        "2026-13-01",
        "0x" + "f" * 300,
        "9" * 5000,
        ".inf",
        "-.nan",
        "~",
        "&a [1]",
        "*a",
        "<<: *a",
        "? [a]",
        "{a: 1, a: 2}",
        "'quoted'",
        '"\\u0001x"',
        "|\n  text",
        "[",
        "}",
        "- - -",
        "141000",
        "-5",
        "USD",
    ]
)


TEST_FIELDS = sorted(
    {*yaml.safe_load(TEST_DATA)["roles"][0], *yaml.safe_load(TEST_DATA)["dataset"]}
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(TEST_FIELDS), YAML_PIECES), max_size=6))
def test_tricky_yaml_values_give_data_or_the_documented_error(
    replacements: list[tuple[str, str]],
) -> None:
    text = TEST_DATA
    for field, piece in replacements:
        text = text.replace(f" {field}: ", f" {field}: {piece} #", 1)
    parse_or_error(text.encode())


# Test data with every optional part, for the edge values below.
FULL_DATA = (
    TEST_DATA.replace("Test figures.\n", "Test figures.\n  source_url: https://example.org/a\n")
    + "reading:\n"
    + "  - id: playbook\n    title: Playbook\n    note: Worth reading.\n"
    + "    url: https://example.org/book\n"
    + "  - id: guide\n    title: Guide\n    note: Also good.\n    url: ../guide.html\n"
)

# Values on either side of the rules the schema cannot check: ids unique, a currency in use
# in the as_of month, no more decimals than the currency has, no padding, safe links.
EDGE_VALUES = [
    *(("currency", code) for code in ["USD", "JPY", "BHD", "DEM", "EUR", "XXX", "usd", "'USD '"]),
    *(("as_of", month) for month in ["2026-06", "1999-06", "1990-01", "2026-13", "1899-12"]),
    *(("salary", amount) for amount in ["68250.5", "68250.505", "0.01", "0", "1000000000.01"]),
    *(("id", name) for name in ["ai-engineer", "ml-engineer", "guide", '"guide\\n"']),
    *(("page", page) for page in ["roles/ai-engineer", "' roles/x'"]),
    *(("url", url) for url in ["mailto:a@example.org", "'#x'", "javascript:x()", "//evil.example"]),
    *(("source_url", url) for url in ["'https:evil.example'", "'\\\\evil.example'", "/a"]),
    ("note", '"Two  spaces,\\n and a break."'),
]


def with_value(text: str, field: str, occurrence: int, value: str) -> str:
    """The text with one occurrence of field (counting round) set to value."""
    found = list(re.finditer(rf"(?m)^([ -]*{field}): .*$", text))
    match = found[occurrence % len(found)]
    return f"{text[: match.start()]}{match[1]}: {value}{text[match.end() :]}"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(EDGE_VALUES), st.integers(0, 2)), max_size=5))
def test_edge_values_give_data_that_keeps_every_rule_or_the_error(
    replacements: list[tuple[tuple[str, str], int]],
) -> None:
    text = FULL_DATA
    for (field, value), occurrence in replacements:
        text = with_value(text, field, occurrence, value)
    parse_or_error(text.encode())


ML_SALARY = "    salary: 146000\n"  # the second role's salary line in TEST_DATA (line 17)


def with_ml_fields(fields: str) -> str:
    """TEST_DATA with fields added under the second role's salary."""
    return TEST_DATA.replace(ML_SALARY, ML_SALARY + fields)


def test_percentiles_and_sample_size_are_read_as_written() -> None:
    fields = "    sample_size: 1250\n    percentiles:\n      p10: 98000\n      p90: 205000.50\n"

    dataset = parse_dataset(with_ml_fields(fields).encode(), Path("x.yaml"), SCHEMA)
    role = dataset.role("ml-engineer")

    assert role is not None
    assert role.sample_size == 1250
    assert role.percentiles == Percentiles(p10=98000, p90=Decimal("205000.50"))
    assert str(role.percentiles.p90) == "205000.50"  # kept exact, as the salary is


def test_a_role_without_them_has_none() -> None:
    role = parse_dataset(TEST_DATA.encode(), Path("x.yaml"), SCHEMA).role("ml-engineer")

    assert role is not None
    assert (role.percentiles, role.sample_size) == (None, None)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            "    percentiles:\n      p10: 120000\n      p25: 110000\n",
            "20: 'roles[1].percentiles.p25' 110000 is below p10 120000. Percentiles rise from "
            "p10 to p90: check both figures.",
        ),
        (
            "    percentiles:\n      median: 100000\n      p10: 120000\n",
            "19: 'roles[1].percentiles.median' 100000 is below p10 120000. Percentiles rise from "
            "p10 to p90: check both figures.",
        ),
        (
            "    percentiles:\n      p10: 150000\n      p90: 190000\n",
            "17: 'roles[1].salary' 146000, the average, is outside the p10 to p90 range "
            "(150000 to 190000). An average lies between them: check the figures.",
        ),
        (
            "    percentiles:\n      p10: 120000.555\n",
            "19: 'roles[1].percentiles.p10' 120000.555 has 3 decimal(s), but USD amounts have "
            "at most 2. Round it to 2 decimal(s).",
        ),
        (
            "    percentiles:\n      p95: 200000\n",
            "19: 'roles[1].percentiles' has a field the schema does not know: 'p95'. "
            "Check its spelling or remove it.",
        ),
        ("    percentiles: {}\n", "18: 'roles[1].percentiles': {} should be non-empty."),
        (
            "    percentiles: [1, 2]\n",
            "18: 'roles[1].percentiles' must be a mapping of fields, not [1, 2].",
        ),
        (
            "    percentiles:\n      median: -5\n",
            "19: 'roles[1].percentiles.median' must be greater than 0, not -5.",
        ),
        (
            "    percentiles:\n      median: lots\n",
            "19: 'roles[1].percentiles.median' must be a plain number like 141000 or 68250.50, "
            "not 'lots'. Write the amount in digits, with a '.' before any cents.",
        ),
        (
            "    percentiles:\n      median: 0x226C8\n",
            "19: 'roles[1].percentiles.median' must be a plain number like 141000 or 68250.50, "
            "not '0x226C8'. Write the amount in digits, with a '.' before any cents.",
        ),
        ("    sample_size: 0\n", "18: 'roles[1].sample_size': 0 is less than the minimum of 1."),
        ("    sample_size: 12.5\n", "18: 'roles[1].sample_size' must be a whole number, not 12.5."),
    ],
)
def test_percentile_mistakes_are_explained_at_their_line(fields: str, expected: str) -> None:
    with pytest.raises(DataError) as caught:
        parse_dataset(with_ml_fields(fields).encode(), Path("x.yaml"), SCHEMA)

    assert str(caught.value) == f"x.yaml:{expected}"


EXAMPLE_DATA = REPO / "data" / "examples" / "salaries-example.yaml"


def test_the_example_data_file_is_labelled_and_valid() -> None:
    text = EXAMPLE_DATA.read_text(encoding="utf-8")
    dataset = load_dataset(EXAMPLE_DATA, SCHEMA)

    assert "EXAMPLE FIGURES, NOT REAL DATA" in text
    assert dataset.title == "Example figures, not real data"
    # It shows the optional fields: percentiles (all of them, and some) and a sample size.
    given = [role.percentiles for role in dataset.roles if role.percentiles is not None]
    assert any(all(getattr(points, name) is not None for name in PERCENTILES) for points in given)
    assert any(role.sample_size is not None for role in dataset.roles)
    # The site never quotes it.
    assert not set(dataset.role_ids) & set(
        load_dataset(REPO / "data" / "salaries.yaml", SCHEMA).role_ids
    )


@pytest.mark.site
def test_real_figures_beyond_the_averages_cite_a_public_source() -> None:
    # The site's own averages come from the seed article; any other figure needs a
    # declared source with a link and a period (the schema asks for both).
    dataset = load_dataset(DATA, SCHEMA)
    uncited = []
    for role in dataset.roles:
        extra = (role.percentiles, role.compensation, role.sample_size)
        if any(value is not None for value in extra) and role.source is None:
            uncited.append(role.id)
        uncited += [
            f"{role.id} {figures.level or ''} {figures.location or ''}"
            for figures in role.breakdown
            if (figures.source or role.source) is None
        ]
    uncited += [f"{edition.as_of:%Y-%m}" for edition in dataset.editions if edition.source is None]
    assert uncited == [], "figures without a cited source in data/salaries.yaml"
