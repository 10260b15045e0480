"""The data loader: the real data file, its cache, and arbitrary input."""

import os
import string
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import REPO, TEST_DATA
from valenx_kb.data import DataError, is_safe_url, load_dataset, parse_dataset

DATA = REPO / "data" / "salaries.yaml"
SCHEMA = REPO / "data" / "salaries.schema.json"


def test_real_data_holds_the_seed_figures() -> None:
    dataset = load_dataset(DATA, SCHEMA)

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
    assert all((REPO / "docs" / f"{role.page}.md").is_file() for role in dataset.roles)


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
    ],
)
def test_only_http_mailto_and_relative_links_are_safe(url: str, safe: bool) -> None:
    assert is_safe_url(url) is safe


def parse_or_error(raw: bytes) -> None:
    """Parse raw data; only a Dataset or a DataError may come out."""
    problem: DataError | None = None
    try:
        parse_dataset(raw, Path("data/salaries.yaml"), SCHEMA)
    except DataError as error:
        problem = error
    if problem is not None:
        assert problem.message
        assert problem.line is None or problem.line >= 1


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
