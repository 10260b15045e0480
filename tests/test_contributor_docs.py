"""The contributor guide documents every field, option and inline figure; its examples build."""

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import REPO, BuiltSite, article_body, normalise, visible_text, write_site
from site_sources import SCHEMA_FILE, average, english, find_role, live_data
from valenx_kb import DIRECTIVES, INLINE_FIGURES
from valenx_kb.config import SETTINGS, Setting
from valenx_kb.data import load_dataset
from valenx_kb.diagnostics import Subtype

GUIDE_SOURCE = "\n".join(
    page.read_text(encoding="utf-8")
    for page in sorted((REPO / "docs" / "contributing").glob("*.md"))
)
ROLE_IDS = ("ai-engineer", "ml-engineer", "data-scientist")  # the roles the guide's examples use
FRONT_MATTER_FIELDS = [
    "category",
    "summary",
    "tags",
    "roles",
    "compares",
    "authors",
    "date",
    "updated",
    "draft",
    "redirect_from",
]
SCHEMA = json.loads((REPO / "data" / "salaries.schema.json").read_text(encoding="utf-8"))
AUTHORS_SCHEMA = json.loads((REPO / "data" / "authors.schema.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.site  # the guide is part of the real site


def schema_fields() -> list[str]:
    """Every field of the data files (salaries, authors), written the way the guide names them."""
    sections = SCHEMA["properties"]
    fields = [f"dataset.{name}" for name in sections["dataset"]["properties"]]
    for section in ("roles", "levels", "locations", "sources", "editions", "reading"):
        fields += [f"{section}[].{name}" for name in sections[section]["items"]["properties"]]
    fields.append("comparisons")  # a list of pairs of role ids, documented as a whole
    authors = AUTHORS_SCHEMA["properties"]["authors"]["items"]["properties"]
    return fields + [f"authors[].{name}" for name in authors]


@pytest.mark.parametrize("field", schema_fields())
def test_every_data_field_is_documented(field: str) -> None:
    assert f"`{field}`\n: " in GUIDE_SOURCE


def directive_section(name: str) -> str:
    """The guide's "## " section about a directive: the one whose text opens with its `name`."""
    sections = re.split(r"(?m)^(?=## )", GUIDE_SOURCE)
    found = [section for section in sections if re.match(rf"## .*\n+`{name}` ", section)]
    assert len(found) == 1, f"{len(found)} sections of the guide open with `{name}`, not one"
    return found[0]


@pytest.mark.parametrize(
    ("directive", "option"),
    [
        pytest.param(name, option, id=f"{name}:{option}")
        for name, directive in sorted(DIRECTIVES.items())
        for option in sorted(directive.option_spec or {})
    ],
)
def test_every_directive_option_is_documented(directive: str, option: str) -> None:
    assert f"`:{option}:`" in directive_section(directive)


@pytest.mark.parametrize("field", FRONT_MATTER_FIELDS)
def test_every_front_matter_field_is_documented(field: str) -> None:
    assert f"`{field}`\n: " in GUIDE_SOURCE


@pytest.mark.parametrize("figure", sorted(INLINE_FIGURES))
def test_every_inline_figure_is_documented(figure: str) -> None:
    assert f"``{{{figure}}}`" in GUIDE_SOURCE


def test_the_example_file_section_shows_its_statistics(built_html: BuiltSite) -> None:
    guide = article_body(built_html.outdir / "contributing" / "data.html")
    rows = {
        visible_text(row.find_all("td")[0]): visible_text(row.find_all("td")[1])
        for row in guide.select("tbody tr")
        if len(row.find_all("td")) == 2
    }
    example = load_dataset(REPO / "data" / "examples" / "salaries-example.yaml", SCHEMA_FILE)
    analyst = example.role("example-analyst")
    assert analyst is not None
    assert analyst.percentiles is not None
    fmt = english(example)
    assert rows["{salary}`example-analyst`"] == fmt.money(analyst.salary)
    assert rows["{salary}`example-analyst median`"] == fmt.money(analyst.percentiles.median)
    junior = analyst.figures("junior")
    assert junior is not None
    assert junior.average is not None
    assert rows["{salary}`example-analyst junior`"] == fmt.money(junior.average)
    assert rows["{salary-change}`example-analyst`"].endswith(
        f" since {fmt.month(example.editions[0].as_of)}"
    )


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
    assert rows["{salary-diff}`ml-engineer vs ai-engineer`"] == fmt.difference(
        average(ml), average(ai)
    )
    assert rows["{salary-diff}`data-scientist vs ai-engineer`"] == fmt.difference(
        average(scientist), average(ai)
    )
    assert rows["{skills}`data-scientist`"] == ", ".join(scientist.skills)
    assert rows["{dataset}`as-of`"] == fmt.month(data.as_of)
    assert rows["{dataset}`region`"] == data.region
    text = visible_text(guide)
    # The table example: ML engineers and data scientists, with summaries, against data scientists.
    assert "Engineers and scientists compared" in text
    assert f"{ml.title} {ml.summary} {fmt.money(ml.salary)}" in text
    assert fmt.difference(average(ml), average(scientist)) in text
    # The chart example: AI engineers and data scientists, highest salary first.
    bars = sorted([ai, scientist], key=lambda role: -average(role))
    assert " ".join(f"{role.title}: {fmt.money(role.salary)}" for role in bars) in text


def settings_entries() -> dict[str, str]:
    """The text of each setting's entry in the guide's "Settings in conf.py" lists."""
    entries = {}
    for section in GUIDE_SOURCE.split("\n## Settings in conf.py\n")[1:]:
        section = section.split("\n## ")[0]
        for term, text in re.findall(r"^(`[^\n]+`)\n: (.*?)(?:\n\n|\Z)", section, re.M | re.S):
            entries.update(dict.fromkeys(re.findall(r"`(valenx_\w+)`", term), normalise(text)))
    return entries


def written_default(default: object) -> str | None:
    """How the guide writes a default (200, `Valenx Press`); None if it has no written form."""
    if isinstance(default, bool) or default in ("", []):
        return None
    if isinstance(default, int | float):
        return f"{default:g}"
    if isinstance(default, dict):
        return ", ".join(f"`{key}` {value:g}" for key, value in default.items())
    if isinstance(default, list):
        return ", ".join(f"`{item}`" for item in default)
    return f"`{default}`"


SETTINGS_ENTRIES = settings_entries()


def test_sphinx_has_every_setting_as_declared_in_one_place(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    app = make_app("html", srcdir=write_site(tmp_path))
    in_sphinx = {
        value.name: value.value for value in app.config if value.name.startswith("valenx_")
    }
    assert in_sphinx == {setting.name: setting.default for setting in SETTINGS}


@pytest.mark.parametrize("name", [setting.name for setting in SETTINGS])
def test_every_setting_is_in_a_settings_list(name: str) -> None:
    assert name in SETTINGS_ENTRIES


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_the_guide_gives_each_settings_default(setting: Setting) -> None:
    entry = SETTINGS_ENTRIES[setting.name]
    written = written_default(setting.default)
    if written is None:  # True, '' or []: the entry says in words what happens by default
        assert "default" in entry.lower()
    else:  # in the entry, or where the guide names the setting: `valenx_related_limit` (3)
        assert written in entry or f"`{setting.name}` ({written})" in normalise(GUIDE_SOURCE)


@pytest.mark.parametrize("subtype", list(Subtype), ids=str)
def test_every_warning_type_is_documented(subtype: Subtype) -> None:
    assert f"`valenx.{subtype.value}`\n: " in GUIDE_SOURCE
