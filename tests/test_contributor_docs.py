"""The contributor guide documents every field, option and role, and its examples build."""

import json
import re

import pytest

from helpers import REPO, BuiltSite, article_body, visible_text
from site_sources import english, find_role, live_data
from valenx_kb import DIRECTIVES, ROLES

GUIDE_SOURCE = "\n".join(
    page.read_text(encoding="utf-8")
    for page in sorted((REPO / "docs" / "contributing").glob("*.md"))
)
ROLE_IDS = ("ai-engineer", "ml-engineer", "data-scientist")  # the roles the guide's examples use
FRONT_MATTER_FIELDS = ["category", "summary", "tags", "roles", "date", "updated", "draft"]
SCHEMA = json.loads((REPO / "data" / "salaries.schema.json").read_text(encoding="utf-8"))


def schema_fields() -> list[str]:
    """Every field of the data file, written the way the guide names them."""
    dataset = SCHEMA["properties"]["dataset"]["properties"]
    roles = SCHEMA["properties"]["roles"]["items"]["properties"]
    reading = SCHEMA["properties"]["reading"]["items"]["properties"]
    fields = [f"dataset.{name}" for name in dataset] + [f"roles[].{name}" for name in roles]
    return fields + [f"reading[].{name}" for name in reading]


@pytest.mark.parametrize("field", schema_fields())
def test_every_data_field_is_documented(field: str) -> None:
    assert f"`{field}`\n: " in GUIDE_SOURCE


@pytest.mark.parametrize(
    "option",
    sorted({option for directive in DIRECTIVES.values() for option in directive.option_spec or {}}),
)
def test_every_directive_option_is_documented(option: str) -> None:
    assert f"`:{option}:`" in GUIDE_SOURCE


@pytest.mark.parametrize("field", FRONT_MATTER_FIELDS)
def test_every_front_matter_field_is_documented(field: str) -> None:
    assert f"`{field}`\n: " in GUIDE_SOURCE


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_role_is_documented(role: str) -> None:
    assert f"``{{{role}}}`" in GUIDE_SOURCE


def test_live_examples_show_the_data(built_html: BuiltSite) -> None:
    guide = article_body(built_html.outdir / "contributing" / "data.html")
    rows = {
        visible_text(row.find_all("td")[0]): visible_text(row.find_all("td")[1])
        for row in guide.select("tbody tr")
        if len(row.find_all("td")) == 2
    }
    data = live_data()
    fmt = english(data)
    ai, ml, scientist = (find_role(data, name) for name in ROLE_IDS)
    assert rows["{salary}`ai-engineer`"] == fmt.money(ai.salary)
    assert rows["{salary-diff}`ml-engineer vs ai-engineer`"] == fmt.difference(ml.salary, ai.salary)
    assert rows["{salary-diff}`data-scientist vs ai-engineer`"] == fmt.difference(
        scientist.salary, ai.salary
    )
    assert rows["{skills}`data-scientist`"] == ", ".join(scientist.skills)
    assert rows["{dataset}`as-of`"] == fmt.month(data.as_of)
    assert rows["{dataset}`region`"] == data.region
    text = visible_text(guide)
    # The table example: ML engineers and data scientists, with summaries, against data scientists.
    assert "Engineers and scientists compared" in text
    assert f"{ml.title} {ml.summary} {fmt.money(ml.salary)}" in text
    assert fmt.difference(ml.salary, scientist.salary) in text
    # The chart example: AI engineers and data scientists, highest salary first.
    bars = sorted([ai, scientist], key=lambda role: -role.salary)
    assert " ".join(f"{role.title}: {fmt.money(role.salary)}" for role in bars) in text


def config_values() -> list[str]:
    """Every conf.py setting the extension declares."""
    sources = (REPO / "docs" / "_ext" / "valenx_kb").glob("*.py")
    text = "\n".join(source.read_text(encoding="utf-8") for source in sources)
    return sorted(set(re.findall(r'add_config_value\(\s*"(valenx_\w+)"', text)))


@pytest.mark.parametrize("name", config_values())
def test_every_setting_is_documented(name: str) -> None:
    assert f"`{name}`" in GUIDE_SOURCE
