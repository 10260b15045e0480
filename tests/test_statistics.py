"""Statistics, levels, locations and editions in comparison tables and inline figures.

Every expected figure comes from the labelled example data file, never typed in.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from helpers import REPO, TEST_DATA, build_site, normalise, warning_lines, write_site
from valenx_kb.data import Role, load_dataset, parse_dataset
from valenx_kb.data_model import Amount, Edition, Figures
from valenx_kb.formatting import formatter_for

EXAMPLE = REPO / "data" / "examples" / "salaries-example.yaml"
DATASET = load_dataset(EXAMPLE, REPO / "data" / "salaries.schema.json")
ALL_COLUMNS = (
    "title, salary, median, p10, p25, p75, p90, p25-p75, p10-p90, base, bonus, equity, total, "
    "sample-size"
)
NOT_GIVEN = "\u2014"  # an em dash
DASH = "\u2013"  # an en dash, between the two ends of a range


def money(amount: Amount | None, currency: str = DATASET.currency) -> str:
    """An amount as the English site shows it."""
    assert amount is not None
    return formatter_for("en", currency).money(amount)


def table(directive_options: str) -> str:
    """A comparison-table of the example data with these options."""
    return f"```{{comparison-table}}\n:data: ../data/salaries.yaml\n{directive_options}```\n"


def build(tmp_path: Path, body: str, data: str | None = None) -> tuple[BeautifulSoup, list[str]]:
    """Build one page with body over the example data (or data); its soup and warnings."""
    text = EXAMPLE.read_text(encoding="utf-8") if data is None else data
    pages = {"index": f"# Figures\n\n{body}"}
    roles = parse_dataset(text.encode(), EXAMPLE, REPO / "data" / "salaries.schema.json").roles
    pages |= {role.page: f"# {role.title}\n" for role in roles}
    docs = write_site(tmp_path, pages=pages, data=text, conf='suppress_warnings = ["toc"]\n')
    site = build_site(docs)
    html = (site.outdir / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser"), warning_lines(site.warnings, tmp_path)


def rows(soup: BeautifulSoup) -> list[list[str]]:
    """The cells of the first table, header row first."""
    found = soup.select_one("table")
    assert isinstance(found, Tag)
    return [
        [normalise(cell.get_text(" ")) for cell in row.select("th, td")]
        for row in found.select("tr")
    ]


def statistic_text(figures: Figures | None, column: str) -> str:
    """What a cell of one statistic column shows for figures."""
    if figures is None:
        return NOT_GIVEN
    if column == "sample-size":
        return NOT_GIVEN if figures.sample_size is None else f"{figures.sample_size:,}"
    if "-" in column:
        low, high = (figures.statistic(name) for name in column.split("-"))
        if low is None or high is None:
            return NOT_GIVEN
        return f"{money(low, figures.currency)}{DASH}{money(high, figures.currency)}"
    amount = figures.statistic("average" if column == "salary" else column)
    return NOT_GIVEN if amount is None else money(amount, figures.currency)


def test_every_statistic_column_shows_the_data(tmp_path: Path) -> None:
    soup, warnings = build(tmp_path, table(f":columns: {ALL_COLUMNS}\n"))

    columns = [name.strip() for name in ALL_COLUMNS.split(",")]
    expected = [
        [role.title, *(statistic_text(role.figures(), name) for name in columns[1:])]
        for role in DATASET.roles
    ]
    assert warnings == []
    assert rows(soup)[1:] == expected
    assert f"Middle Half (25th{DASH}75th Percentile)" in rows(soup)[0]


COLUMNS = ("salary", "median")


@pytest.mark.parametrize(
    ("level", "place"),
    [(figures.level, figures.location) for role in DATASET.roles for figures in role.breakdown],
)
def test_a_level_and_location_table_shows_those_figures(
    tmp_path: Path, level: str | None, place: str | None
) -> None:
    options = "".join(
        f":{option}: {value}\n"
        for option, value in (("level", level), ("location", place))
        if value
    )
    soup, warnings = build(tmp_path, table(f"{options}:columns: title, {', '.join(COLUMNS)}\n"))

    expected = [
        [
            role.title,
            *(statistic_text(role.figures(level, place), name) for name in ("salary", "median")),
        ]
        for role in DATASET.roles
    ]
    assert warnings == []
    assert rows(soup)[1:] == expected
    caption = normalise(soup.select_one("caption").get_text(" "))  # type: ignore[union-attr]
    chosen_level = DATASET.level(level) if level else None
    chosen_place = DATASET.location(place) if place else None
    assert (chosen_place.title if chosen_place else DATASET.region) in caption
    assert chosen_level is None or chosen_level.title in caption


@pytest.mark.parametrize("edition", DATASET.editions, ids=lambda e: f"{e.as_of:%Y-%m}")
def test_the_change_column_compares_with_the_named_edition(
    tmp_path: Path, edition: Edition
) -> None:
    soup, warnings = build(
        tmp_path, table(f":columns: title, salary\n:edition: {edition.as_of:%Y-%m}\n")
    )

    fmt = formatter_for("en", DATASET.currency)
    expected = []
    for role in DATASET.roles:
        change = expected_change(role, edition)
        shown = NOT_GIVEN if change is None else f"{fmt.percent_change(change[0])}{change[1]}"
        expected.append([role.title, money(role.salary), shown])
    assert warnings == []
    assert rows(soup)[0][-1] == f"Change since {fmt.month(edition.as_of)}"
    assert rows(soup)[1:] == expected
    assert any(expected_change(role, edition) for role in DATASET.roles)


def expected_change(role: Role, edition: Edition) -> tuple[float, str] | None:
    """The change since edition as the share of the earlier figure, and the note naming a
    median: the averages when both give one, else the medians, worked out here."""
    before = edition.figures(role.id)
    if before is None:
        return None
    for name, note in (("average", ""), ("median", " (median)")):
        old, new = before.statistic(name), role.overall.statistic(name)
        if old is not None and new is not None:
            return float((Decimal(new) - Decimal(old)) / Decimal(old)), note
    return None


def test_a_change_of_medians_says_so(tmp_path: Path) -> None:
    role = role_with(lambda role: role.percentiles and role.percentiles.median)
    points = role.percentiles
    assert points is not None
    assert points.median is not None
    edition = f"  - as_of: 2025-12\n    roles:\n      - id: {role.id}\n"
    edition += f"        percentiles: {{median: {points.median - 1000}}}\n"
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text[: text.index("\neditions:\n")] + f"\neditions:\n{edition}"
    body = table(f":roles: {role.id}\n:columns: title, change\n")
    body += f"\nNow {{salary-change}}`{role.id}`.\n"

    soup, warnings = build(tmp_path, body, text)

    fmt = formatter_for("en", DATASET.currency)
    share = fmt.percent(float(1000 / (points.median - 1000)))
    assert warnings == []
    assert rows(soup)[1] == [role.title, f"+{share} (median)"]
    assert f"Now up {share} since December 2025 (median)." in normalise(soup.get_text(""))


def test_without_an_edition_the_change_is_against_the_newest(tmp_path: Path) -> None:
    soup, _ = build(tmp_path, table(":columns: title, change\n"))

    newest = DATASET.editions[0]
    fmt = formatter_for("en", DATASET.currency)
    assert rows(soup)[0][-1] == f"Change since {fmt.month(newest.as_of)}"


def test_the_source_note_lists_every_source_shown(tmp_path: Path) -> None:
    place = next(f.location for r in DATASET.roles for f in r.breakdown if f.source and f.location)
    soup, _ = build(tmp_path, table(f":location: {place}\n") + "\n" + table(""))

    notes = [normalise(note.get_text(" ")) for note in soup.select(".valenx-source-note")]
    used = {f.source for r in DATASET.roles if (f := r.figures(None, place)) is not None}
    for source_id in used:
        source = DATASET.source_of(source_id)
        assert source.name.rstrip(".") in notes[0]
    own = DATASET.source_of(None)
    assert own.name.rstrip(".") in notes[1]
    assert own.name.rstrip(".") not in notes[0]
    links = [a["href"] for a in soup.select(".valenx-source-note a")]
    assert [s.url for s in DATASET.sources if s.id in used] == links


def role_with(test: object) -> Role:
    """The first example role that passes test."""
    return next(role for role in DATASET.roles if test(role))  # type: ignore[operator]


def inline(tmp_path: Path, figures: dict[str, tuple[str, str]]) -> dict[str, str]:
    """The text of each inline figure (given as role text -> name), as built."""
    lines = [f"- {key}: {{{role}}}`{text}`" for key, (role, text) in figures.items()]
    soup, warnings = build(tmp_path, "\n".join(lines) + "\n")
    assert warnings == []
    found = {}
    for item in soup.select('[role="main"] li'):
        key, _, text = normalise(item.get_text(" ")).partition(": ")
        found[key] = text
    return found


def test_inline_salary_takes_a_statistic_level_and_location(tmp_path: Path) -> None:
    analyst = role_with(lambda role: role.percentiles and role.breakdown)
    points = analyst.percentiles
    assert points is not None
    junior = next(f for f in analyst.breakdown if f.level and not f.location)
    abroad = next(f for f in analyst.breakdown if f.location and f.currency != DATASET.currency)
    both = next(f for r in DATASET.roles for f in r.breakdown if f.level and f.location)
    owner = next(r for r in DATASET.roles if both in r.breakdown)
    shown = inline(
        tmp_path,
        {
            "plain": ("salary", analyst.id),
            "median": ("salary", f"{analyst.id} median"),
            "range": ("salary", f"{analyst.id} p25-p75"),
            "level": ("salary", f"{analyst.id} {junior.level}"),
            "abroad": ("salary", f"{analyst.id} {abroad.location}"),
            "both": ("salary", f"{owner.id} {both.location} average {both.level}"),
        },
    )

    assert shown == {
        "plain": money(analyst.salary),
        "median": money(points.median),
        "range": f"{money(points.p25)}{DASH}{money(points.p75)}",
        "level": money(junior.average),
        "abroad": money(abroad.average, abroad.currency),
        "both": money(both.average),
    }


def test_inline_change_names_the_direction_and_the_month(tmp_path: Path) -> None:
    role = role_with(lambda role: all(e.figures(role.id) for e in DATASET.editions))
    fmt = formatter_for("en", DATASET.currency)
    oldest = DATASET.editions[-1]
    shown = inline(
        tmp_path,
        {
            "newest": ("salary-change", role.id),
            "oldest": ("salary-change", f"{role.id} {oldest.as_of:%Y-%m}"),
        },
    )

    for key, edition in (("newest", DATASET.editions[0]), ("oldest", oldest)):
        change = expected_change(role, edition)
        assert change is not None
        word = "up" if change[0] > 0 else "down"
        month = fmt.month(edition.as_of)
        assert shown[key] == f"{word} {fmt.percent(change[0])} since {month}{change[1]}"


def test_an_unchanged_figure_reads_unchanged(tmp_path: Path) -> None:
    edition = "  - as_of: 2025-12\n    roles:\n      - id: ai-engineer\n        salary: 141000\n"
    data = f"{TEST_DATA}editions:\n{edition}"
    soup, warnings = build(tmp_path, "It is {salary-change}`ai-engineer`.\n", data)

    assert warnings == []
    assert "It is unchanged since December 2025." in normalise(soup.get_text(""))


# (page body, warning) over the example data; the page body starts on line 3.
MISUSES = [
    (
        table(":level: lead\n"),
        "unknown :level: 'lead'; the data file salaries.yaml has: junior, senior.",
    ),
    (
        table(":location: paris\n"),
        "unknown :location: 'paris'; the data file salaries.yaml has: example-city, example-town.",
    ),
    (
        table(":edition: 2024-01\n"),
        "unknown edition '2024-01'; the earlier editions are: 2025-12, 2025-06.",
    ),
    (
        table(":level: senior\n:columns: title, change\n"),
        "the 'change' column compares overall figures: editions keep no figures by level or "
        "location. Remove :level: and :location:, or the column.",
    ),
    (
        "Pay: {salary}`example-analyst p95`.\n",
        "'p95' is not a statistic, level or location of salaries.yaml; use any of: average, p10, "
        "p25, median, p75, p90, base, bonus, equity, total, p25-p75, p10-p90, junior, senior, "
        "example-city, example-town.",
    ),
    (
        "Pay: {salary}` `.\n",
        "write a role id in {salary}, e.g. {salary}`ai-engineer median`.",
    ),
    (
        "Pay: {salary}`example-analyst median p90`.\n",
        "{salary} names two of one kind: 'median' and 'p90'.",
    ),
    (
        "Pay: {salary}`example-engineer p10`.\n",
        "the data file salaries.yaml gives no p10 for example-engineer. Add it there, or ask for "
        "a figure the file gives.",
    ),
    (
        "Pay: {salary}`example-engineer junior example-town`.\n",
        "the data file salaries.yaml gives no average for example-engineer junior example-town. "
        "Add it there, or ask for a figure the file gives.",
    ),
    (
        "Up: {salary-change}`example-engineer 2025-06`.\n",
        "example-engineer has no average or median in both the 2025-06 edition and the current "
        "figures of salaries.yaml, so there is no change to show.",
    ),
    (
        "Up: {salary-change}`example-analyst 1999-01`.\n",
        "unknown edition '1999-01'; the earlier editions are: 2025-12, 2025-06.",
    ),
]


@pytest.mark.parametrize(("body", "message"), MISUSES)
def test_each_misuse_warns_at_its_line(tmp_path: Path, body: str, message: str) -> None:
    _, warnings = build(tmp_path, body)

    assert warnings == [f"ROOT/docs/index.md:3: WARNING: {message} [valenx.usage]"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "```{comparison-table}\n:columns: title, change\n```\n",
            "the data file salaries.yaml has no earlier edition to compare with. Add one under "
            "'editions'.",
        ),
        (
            "Up: {salary-change}`ai-engineer`.\n",
            "the data file salaries.yaml has no earlier edition to compare with. Add one under "
            "'editions'.",
        ),
    ],
)
def test_a_change_without_editions_warns(tmp_path: Path, body: str, message: str) -> None:
    _, warnings = build(tmp_path, body, TEST_DATA)

    assert warnings == [f"ROOT/docs/index.md:3: WARNING: {message} [valenx.usage]"]


def test_data_file_switches_the_rest_of_the_page(tmp_path: Path) -> None:
    analyst = DATASET.roles[0]
    site = parse_dataset(TEST_DATA.encode(), EXAMPLE, REPO / "data" / "salaries.schema.json")
    body = (
        "- before: {salary}`ai-engineer`\n\n"
        "```{data-file} ../data/example.yaml\n```\n\n"
        f"- after: {{salary}}`{analyst.id}`\n"
    )
    pages = {"index": f"# Figures\n\n{body}", "ai-engineer": "# AI\n", "ml-engineer": "# ML\n"}
    pages |= {role.page: f"# {role.title}\n" for role in DATASET.roles}
    docs = write_site(tmp_path, pages=pages, conf='suppress_warnings = ["toc"]\n')
    (tmp_path / "data" / "example.yaml").write_bytes(EXAMPLE.read_bytes())
    built = build_site(docs)
    soup = BeautifulSoup((built.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")

    shown = [normalise(item.get_text("")) for item in soup.select('[role="main"] li')]
    ai = site.role("ai-engineer")
    assert ai is not None
    assert shown == [f"before: {money(ai.salary)}", f"after: {money(analyst.salary)}"]
    assert warning_lines(built.warnings, tmp_path) == []


def test_a_role_without_an_average_shows_a_dash_and_warns_where_asked(tmp_path: Path) -> None:
    role = role_with(lambda role: role.percentiles and role.percentiles.median)
    points = role.percentiles
    assert points is not None
    other = next(each for each in DATASET.roles if each != role)
    text = EXAMPLE.read_text(encoding="utf-8")
    written = f"    salary: {role.salary}\n"
    assert text.count(written) == 1
    body = (
        table(f":roles: {role.id}\n:columns: title, salary, median\n")
        + f"\nPay: {{salary}}`{role.id}`.\n"
        + f"\nMore: {{salary-diff}}`{other.id} vs {role.id}`.\n"
    )
    soup, warnings = build(tmp_path, body, text.replace(written, ""))

    assert rows(soup)[1] == [role.title, NOT_GIVEN, money(points.median)]
    assert warnings == [
        f"ROOT/docs/index.md:9: WARNING: the data file salaries.yaml gives no average for "
        f"{role.id}. Add it there, or ask for a figure the file gives. [valenx.usage]",
        f"ROOT/docs/index.md:11: WARNING: the data file salaries.yaml gives no average for "
        f"{role.id}, so there is no difference to show. Add its 'salary' there. [valenx.usage]",
    ]
