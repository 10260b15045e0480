"""Downloads of the data: a CSV and a JSON file per data file in use, the JSON Schema, the links."""

import csv
import json
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator

from helpers import REPO, TEST_DATA, build_site, normalise, uncoloured, write_site
from site_sources import average
from valenx_kb.data import Dataset, load_dataset
from valenx_kb.data_model import STATISTICS
from valenx_kb.yaml_loader import load_yaml

EXAMPLE = REPO / "data" / "examples" / "salaries-example.yaml"
SCHEMA = REPO / "data" / "salaries.schema.json"
# The site's data is a copy of the labelled example file; one page's table shows helpers'
# TEST_DATA (data/salaries.yaml) through :data:.
CONF = f'valenx_data_file = "../data/{EXAMPLE.name}"\n'
CONF += 'copyright = "2026, Valenx Press"\nversion = "1"\n'  # which an epub needs
SITE_TABLE = "tables/site"  # a page one folder down, so its links climb one more level
OTHER_TABLE = "other"
# The tables link to the roles' pages; the example's list the comparisons its data names.
ROLE_PAGES = {
    **{role.page: "```{role-comparisons}\n```\n" for role in load_dataset(EXAMPLE, SCHEMA).roles},
    "ai-engineer": "",  # TEST_DATA's roles
    "ml-engineer": "",
}
PAGES = {
    "index": "# Home\n\n```{toctree}\n"
    + "\n".join([SITE_TABLE, OTHER_TABLE, *ROLE_PAGES])
    + "\n```\n",
    SITE_TABLE: "# Site data\n\n```{comparison-table}\n```\n",
    OTHER_TABLE: "# Other data\n\n```{comparison-table}\n:data: ../data/salaries.yaml\n```\n",
    **{page: f"# {page}\n\n{text}" for page, text in ROLE_PAGES.items()},
}
# The data file behind each table's page, and the downloads' names.
TABLE_DATA = {SITE_TABLE: EXAMPLE.stem, OTHER_TABLE: "salaries"}
DOWNLOADS = "Download the data: CSV · JSON · JSON Schema"


def write_downloads_site(root: Path) -> Path:
    """The small site above under root; its docs/ folder."""
    docs = write_site(root, pages=PAGES, conf=CONF)
    shutil.copy(EXAMPLE, docs.parent / "data" / EXAMPLE.name)
    return docs


def build(docs: Path, buildername: str = "html", parallel: int = 0) -> Path:
    """Build docs without a warning, reusing the last build's environment; the output folder."""
    site = build_site(docs, buildername, parallel=parallel)
    assert uncoloured(site.warnings) == ""
    return site.outdir


def example_data(docs: Path) -> Dataset:
    """The site's data as the extension loads it."""
    return load_dataset(docs.parent / "data" / EXAMPLE.name, docs.parent / "data" / SCHEMA.name)


def csv_rows(outdir: Path, stem: str) -> list[dict[str, str]]:
    """The rows of a downloaded CSV file, by column name."""
    with (outdir / "_data" / f"{stem}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def downloads(outdir: Path) -> dict[str, bytes]:
    """Every file in the downloads folder, by name."""
    return {path.name: path.read_bytes() for path in sorted((outdir / "_data").iterdir())}


def expected_rows(data: Dataset) -> list[dict[str, str]]:
    """What the CSV should say: every statistic of every figure, current and earlier."""
    figures = [
        (role.id, figure, f"{data.as_of:%Y-%m}", figure.source)
        for role in data.roles
        for figure in (role.figures(), *role.breakdown)
        if figure is not None
    ]
    for edition in data.editions:
        figures += [
            (role_id, figure, f"{edition.as_of:%Y-%m}", figure.source or edition.source)
            for role_id, figure in edition.roles
        ]
    rows = []
    for role_id, figure, month, source_id in figures:
        role, source = data.role(role_id), data.source_of(source_id)
        assert role is not None
        for statistic in STATISTICS:
            value = figure.statistic(statistic)
            if value is None:
                continue
            rows.append(
                {
                    "role": role.id,
                    "role_title": role.title,
                    "level": figure.level or "",
                    "location": figure.location or "",
                    "statistic": statistic,
                    "value": str(value),
                    "currency": figure.currency,
                    "sample_size": "" if figure.sample_size is None else str(figure.sample_size),
                    "edition": month,
                    "source": source.name,
                    "source_url": source.url or "",
                    # An earlier edition citing no source of its own has no period.
                    "source_period": (source.period or "")
                    if source_id is not None or month == f"{data.as_of:%Y-%m}"
                    else "",
                }
            )
    return rows


def test_the_csv_holds_every_figure_of_the_data_file(tmp_path: Path) -> None:
    docs = write_downloads_site(tmp_path)
    outdir = build(docs)
    data = example_data(docs)

    rows = csv_rows(outdir, EXAMPLE.stem)

    assert rows == expected_rows(data)
    # The example covers what the columns are for: levels, locations, other currencies,
    # sources, sample sizes, earlier editions and amounts with cents.
    for column in ("level", "location", "sample_size", "source_url"):
        assert {row[column] for row in rows} - {""}, column
    assert len({row["currency"] for row in rows}) > 1
    assert len({row["edition"] for row in rows}) == 1 + len(data.editions) > 1
    assert any("." in row["value"] for row in rows)
    for row in rows:
        assert Decimal(row["value"]) == data_value(data, row)


def data_value(data: Dataset, row: dict[str, str]) -> Decimal:
    """The figure a CSV row names, read from the data."""
    role = data.role(row["role"])
    assert role is not None
    if row["edition"] == f"{data.as_of:%Y-%m}":
        figures = role.figures(row["level"] or None, row["location"] or None)
    else:
        edition = next(item for item in data.editions if f"{item.as_of:%Y-%m}" == row["edition"])
        figures = edition.figures(role.id)
    assert figures is not None
    value = figures.statistic(row["statistic"])
    assert value is not None
    return Decimal(value)


def test_the_files_are_utf8_with_plain_line_ends(tmp_path: Path) -> None:
    docs = write_downloads_site(tmp_path)
    outdir = build(docs)

    files = downloads(outdir)

    for name in (f"{EXAMPLE.stem}.csv", f"{EXAMPLE.stem}.json"):
        assert b"\r" not in files[name]
        assert files[name].endswith(b"\n")
    titles = [level.title for level in example_data(docs).levels]
    assert not all(title.isascii() for title in titles)  # the example's have an en dash
    assert all(title in files[f"{EXAMPLE.stem}.json"].decode("utf-8") for title in titles)


def test_the_json_is_the_data_file_and_its_schema_describes_it(tmp_path: Path) -> None:
    docs = write_downloads_site(tmp_path)
    outdir = build(docs)
    data_file = docs.parent / "data" / EXAMPLE.name

    text = (outdir / "_data" / f"{EXAMPLE.stem}.json").read_text(encoding="utf-8")
    schema = json.loads((outdir / "_data" / SCHEMA.name).read_text(encoding="utf-8"))

    tree, _ = load_yaml(data_file.read_bytes(), data_file, needs="")
    assert json.loads(text, parse_float=Decimal) == tree  # amounts equal as Decimal
    assert list(Draft202012Validator(schema).iter_errors(json.loads(text))) == []
    assert text.endswith("}\n")


def test_the_schema_copy_is_the_repositorys(tmp_path: Path) -> None:
    outdir = build(write_downloads_site(tmp_path))

    assert (outdir / "_data" / SCHEMA.name).read_bytes() == SCHEMA.read_bytes()


def test_a_table_from_another_data_file_gets_that_files_downloads(tmp_path: Path) -> None:
    docs = write_downloads_site(tmp_path)
    outdir = build(docs)
    other = load_dataset(docs.parent / "data" / "salaries.yaml", docs.parent / "data" / SCHEMA.name)

    rows = csv_rows(outdir, "salaries")

    assert rows == expected_rows(other)
    assert sorted(downloads(outdir)) == sorted(
        [f"{stem}.{suffix}" for stem in TABLE_DATA.values() for suffix in ("csv", "json")]
        + [SCHEMA.name]
    )


# The file each builder writes a page to, relative to the output folder.
PAGE_FILES = {"html": "{page}.html", "dirhtml": "{page}/index.html", "singlehtml": "index.html"}


@pytest.mark.parametrize("buildername", list(PAGE_FILES))
def test_each_table_links_to_its_downloads(tmp_path: Path, buildername: str) -> None:
    outdir = build(write_downloads_site(tmp_path), buildername)

    for page, stem in TABLE_DATA.items():
        page_file = outdir / PAGE_FILES[buildername].format(page=page)
        soup = BeautifulSoup(page_file.read_text(encoding="utf-8"), "html.parser")
        notes = soup.select("p.valenx-source-note + p.valenx-downloads")
        note = notes[0] if buildername != "singlehtml" else notes[list(TABLE_DATA).index(page)]
        links = {a.get_text(): a["href"] for a in note.select("a")}
        targets = {text: (page_file.parent / str(href)).resolve() for text, href in links.items()}

        assert normalise(note.get_text()) == DOWNLOADS
        assert targets == {
            "CSV": (outdir / "_data" / f"{stem}.csv").resolve(),
            "JSON": (outdir / "_data" / f"{stem}.json").resolve(),
            "JSON Schema": (outdir / "_data" / SCHEMA.name).resolve(),
        }
        assert all(target.is_file() for target in targets.values())


@pytest.mark.parametrize("buildername", ["text", "latex", "epub"])
def test_other_builders_have_neither_links_nor_files(tmp_path: Path, buildername: str) -> None:
    outdir = build(write_downloads_site(tmp_path), buildername)

    texts = [
        path.read_text(encoding="utf-8")
        for path in outdir.rglob("*")
        if path.suffix in {".txt", ".tex", ".xhtml"}
    ]

    data = example_data(tmp_path / "docs")
    assert any(data.roles[0].title in text for text in texts)  # the tables are there
    assert not any("Download the data" in text for text in texts)
    assert not (outdir / "_data").exists()


def test_fresh_builds_give_identical_files_serial_or_parallel(tmp_path: Path) -> None:
    first = build(write_downloads_site(tmp_path / "first"))
    second = build(write_downloads_site(tmp_path / "second"))
    parallel = build(write_downloads_site(tmp_path / "parallel"), parallel=2)

    assert downloads(first) == downloads(second) == downloads(parallel)


def test_an_edited_salary_reaches_the_downloads_of_an_incremental_build(tmp_path: Path) -> None:
    docs = write_downloads_site(tmp_path)
    before = downloads(build(docs))
    data_file = docs.parent / "data" / EXAMPLE.name
    role = example_data(docs).roles[-1]
    text = data_file.read_text(encoding="utf-8")
    edited = text.replace(f"salary: {average(role)}\n", f"salary: {average(role) + 1}\n", 1)
    data_file.write_text(edited, encoding="utf-8")
    assert example_data(docs).roles[-1].salary == average(role) + 1

    outdir = build(docs)

    assert downloads(outdir) != before
    assert csv_rows(outdir, EXAMPLE.stem) == expected_rows(example_data(docs))
    fresh = write_downloads_site(tmp_path / "fresh")
    shutil.copy(data_file, fresh.parent / "data" / EXAMPLE.name)
    assert downloads(outdir) == downloads(build(fresh))


def test_files_no_table_uses_are_removed_by_an_incremental_build(tmp_path: Path) -> None:
    docs = write_downloads_site(tmp_path)
    build(docs)
    (docs / f"{OTHER_TABLE}.md").write_text("# Other data\n\nNo table.\n", encoding="utf-8")

    outdir = build(docs)

    assert sorted(downloads(outdir)) == [f"{EXAMPLE.stem}.csv", f"{EXAMPLE.stem}.json", SCHEMA.name]


def test_a_broken_data_file_gets_no_downloads(tmp_path: Path) -> None:
    docs = write_downloads_site(tmp_path)
    build(docs)
    data_file = docs.parent / "data" / EXAMPLE.name
    data_file.write_text(data_file.read_text(encoding="utf-8") + "roles: []\n", encoding="utf-8")

    site = build_site(docs)

    warnings = uncoloured(site.warnings).splitlines()
    assert len(warnings) == 1
    assert f"{EXAMPLE.name}:" in warnings[0]
    assert sorted(downloads(site.outdir)) == ["salaries.csv", "salaries.json", SCHEMA.name]
    page = (site.outdir / f"{SITE_TABLE}.html").read_text(encoding="utf-8")
    assert "Download the data" not in page


def test_two_data_files_with_one_name_warn(tmp_path: Path) -> None:
    docs = write_downloads_site(tmp_path)
    (docs.parent / "data" / "more").mkdir()
    (docs.parent / "data" / "more" / "salaries.yaml").write_text(TEST_DATA, encoding="utf-8")
    page = "# More data\n\n```{comparison-table}\n:data: ../data/more/salaries.yaml\n```\n"
    (docs / "more.md").write_text(page, encoding="utf-8")
    index = docs / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("```\n", "more\n```\n", 1))

    site = build_site(docs)

    data = (docs.parent / "data").resolve()
    assert uncoloured(site.warnings).strip() == (
        f"WARNING: {data / 'salaries.yaml'}: its download _data/salaries.csv would "
        f"replace that of {data / 'more' / 'salaries.yaml'}. Rename one of the two files. "
        "[valenx.usage]"
    )


Amount = tuple[str, str, str, str, str, str]  # role, edition, level, location, statistic, value


def normal(value: object) -> str:
    """A written amount's value, however many trailing zeros: 91000.50 and 91000.5 alike."""
    return str(Decimal(str(value)).normalize())


def written_amounts(path: Path) -> Counter[Amount]:
    """Every amount as the data file's YAML writes it, read from the file, not the loader."""
    tree: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    found: Counter[Amount] = Counter()

    def add(role: str, month: str, figures: dict[str, Any]) -> None:
        level, place = figures.get("level", ""), figures.get("location", "")
        parts = {"average": figures.get("salary")}
        parts |= figures.get("percentiles", {}) | figures.get("compensation", {})
        for statistic, value in parts.items():
            if value is not None:
                found[(role, month, level, place, statistic, normal(value))] += 1

    for role in tree["roles"]:
        for figures in (role, *role.get("figures", [])):
            add(role["id"], str(tree["dataset"]["as_of"]), figures)
    for edition in tree.get("editions", []):
        for figures in edition["roles"]:
            add(figures["id"], str(edition["as_of"]), figures)
    return found


def test_every_amount_written_in_the_yaml_is_one_csv_row(tmp_path: Path) -> None:
    docs = write_downloads_site(tmp_path)
    outdir = build(docs)

    rows = csv_rows(outdir, EXAMPLE.stem)

    shown: Counter[Amount] = Counter(
        (
            row["role"],
            row["edition"],
            row["level"],
            row["location"],
            row["statistic"],
            normal(row["value"]),
        )
        for row in rows
        if row["statistic"] != "total"  # added up from the parts, never written
    )
    written = written_amounts(EXAMPLE)
    assert shown == written
    assert sum(written.values()) > 10
