"""The contributor guide documents every field, option and role, and its examples build."""

import json
import re

import pytest

from helpers import REPO, BuiltSite, article_body, visible_text
from valenx_kb import DIRECTIVES, ROLES

GUIDE_SOURCE = "\n".join(
    page.read_text(encoding="utf-8")
    for page in sorted((REPO / "docs" / "contributing").glob("*.md"))
)
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
    assert rows["{salary}`ai-engineer`"] == "$141,000"
    assert rows["{salary-diff}`ml-engineer vs ai-engineer`"] == "+$5,000 (+3.5%)"
    assert rows["{salary-diff}`data-scientist vs ai-engineer`"] == "-$23,000 (-16.3%)"
    assert rows["{dataset}`as-of`"] == "June 2026"
    text = visible_text(guide)
    assert "Engineers and scientists compared" in text
    assert "ML Engineer Designs and deploys machine learning models" in text
    assert "+$28,000 (+23.7%)" in text
    assert "AI Engineer: $141,000 Data Scientist: $118,000" in text


def config_values() -> list[str]:
    """Every conf.py setting the extension declares."""
    sources = (REPO / "docs" / "_ext" / "valenx_kb").glob("*.py")
    text = "\n".join(source.read_text(encoding="utf-8") for source in sources)
    return sorted(set(re.findall(r'add_config_value\(\s*"(valenx_\w+)"', text)))


@pytest.mark.parametrize("name", config_values())
def test_every_setting_is_documented(name: str) -> None:
    assert f"`{name}`" in GUIDE_SOURCE
