"""Salary charts and histories: bars and ranges on a scale from zero, their text, every builder.

The figures expected come from the labelled example data file; the charts' pictures
(bars, ranges, scale) are checked against the scale the page shows.
"""

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from helpers import (
    REPO,
    BuiltSite,
    article_body,
    build_site,
    output_files,
    visible_text,
    warning_lines,
    write_site,
)
from site_sources import SCHEMA_FILE, average, english
from valenx_kb.chart_nodes import KEY_TEXTS
from valenx_kb.data import Dataset, Role, load_dataset
from valenx_kb.data_model import PERCENTILES, STATISTICS, Amount, Figures
from valenx_kb.scale import MAX_STEPS, nice_scale

EXAMPLE = REPO / "data" / "examples" / "salaries-example.yaml"
PAGE = "ROOT/docs/charts.md"

# The pages of the test site; each chart is the only one of its page, so tests find it.
CHART_PAGES = {
    "average": "```{salary-chart}\n```\n",
    "range": "```{salary-chart}\n:statistic: range\n```\n",
    "level-median": "```{salary-chart}\n:statistic: median\n:level: junior\n```\n",
    "location": "```{salary-chart}\n:location: example-town\n```\n",
    "history": "```{salary-history} example-analyst\n```\n",
    "history-range": "```{salary-history} example-analyst\n:statistic: range\n```\n",
    "history-alone": (
        "```{salary-history} example-analyst\n:data: ../data/no-editions.yaml\n```\n"
    ),
    "history-p10": "```{salary-history} example-analyst\n:statistic: p10\n```\n",
}


def example() -> Dataset:
    """The labelled example data file."""
    return load_dataset(EXAMPLE, SCHEMA_FILE)


def without_editions(text: str) -> str:
    """The example data file with its earlier editions left out."""
    return text.split("\neditions:\n")[0] + "\n"


def write_chart_site(root: Path, pages: dict[str, str], text: str = "") -> Path:
    """A site whose data is text, by default the example file (and a copy without editions)."""
    text = text or EXAMPLE.read_text(encoding="utf-8")
    docs = write_site(root, pages={name: f"# {name}\n\n{body}" for name, body in pages.items()})
    write_chart_data(root, text)
    (docs / "index.md").write_text(
        "# Charts\n\n```{toctree}\n" + "\n".join(pages) + "\n```\n", encoding="utf-8"
    )
    return docs


def write_chart_data(root: Path, text: str) -> None:
    """The site's data file, and the copy without editions a page reads with :data:."""
    (root / "data" / "salaries.yaml").write_text(text, encoding="utf-8")
    (root / "data" / "no-editions.yaml").write_text(without_editions(text), encoding="utf-8")


@pytest.fixture(scope="module")
def chart_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], BuiltSite]:
    """The chart pages, built once per builder."""
    docs = write_chart_site(tmp_path_factory.mktemp("charts"), CHART_PAGES)
    built: dict[str, BuiltSite] = {}

    def build(buildername: str) -> BuiltSite:
        if buildername not in built:
            built[buildername] = build_site(docs, buildername)
            assert built[buildername].warnings == ""
        return built[buildername]

    return build


def chart_of(site: BuiltSite, page: str) -> Tag:
    """The one chart of a built page."""
    found = BeautifulSoup((site.outdir / f"{page}.html").read_text(), "html.parser")
    chart = found.select_one(".valenx-chart")
    assert chart is not None, page
    return chart


def amount(text: str) -> Decimal:
    """The amount a formatted figure stands for: "$91,000.50" -> 91000.50."""
    return Decimal(re.sub(r"[^\d.]", "", text))


def ticks(chart: Tag) -> list[Decimal]:
    """The amounts the chart's scale labels."""
    return [amount(tick.get_text()) for tick in chart.select(".valenx-scale .valenx-tick")]


def style(element: Tag, variable: str) -> float:
    """A CSS variable's percentage set on element: "--valenx-share: 47.0%" -> 47.0."""
    found = re.search(rf"{variable}: ([\d.]+)%", str(element["style"]))
    assert found is not None, element
    return float(found.group(1))


def share(value: Amount, top: Decimal) -> float:
    """Where value sits on a scale up to top, in percent, as the page rounds it."""
    return round(100 * float(value) / float(top), 1)


def range_text(figures: Figures, money: Callable[[Amount], str]) -> str:
    """A range chart's text for figures: the median, then the 25th-75th and 10th-90th spans."""
    given = {name: figures.statistic(name) for name in PERCENTILES}
    parts = [f"median {money(given['median'])}"] if given["median"] is not None else []
    for low, high, words in (("p25", "p75", "25th"), ("p10", "p90", "10th")):
        low_amount, high_amount = given[low], given[high]
        if low_amount is not None and high_amount is not None:
            span = f"{words} to {high[1:]}th percentile"
            parts.append(f"{span} {money(low_amount)} to {money(high_amount)}")
    return "; ".join(parts)


def overall(role: Role) -> Figures:
    """The role's overall figures."""
    figures = role.figures()
    assert figures is not None
    return figures


def by_figure(data: Dataset, statistic: str, level: str | None = None) -> list[Role]:
    """Roles as :sort: salary-desc orders a chart of statistic: highest first, missing last."""

    def key(role: Role) -> tuple[bool, Amount, str]:
        figures = role.figures(level, None)
        value = figures.statistic(statistic) if figures else None
        return value is None, -(value or 0), role.title

    return sorted(data.roles, key=key)


def history_points(data: Dataset, role: Role) -> list[tuple[date, Figures]]:
    """The role's figures in each edition that has it, oldest first, then the current ones."""
    earlier = [
        (edition.as_of, figures)
        for edition in sorted(data.editions, key=lambda edition: edition.as_of)
        if (figures := edition.figures(role.id)) is not None
    ]
    return [*earlier, (data.as_of, overall(role))]


@pytest.mark.parametrize(
    "largest", [1, 7, 25_000, 70_000, 91_000.50, 99_999, 100_000, 146_000, 1_234_567]
)
def test_a_scale_starts_at_zero_and_covers_the_largest_figure_in_round_steps(
    largest: float,
) -> None:
    scale = nice_scale(Decimal(str(largest)))

    step = scale.ticks[1]
    assert scale.ticks[0] == 0
    assert all(
        later - earlier == step
        for earlier, later in zip(scale.ticks, scale.ticks[1:], strict=False)
    )
    assert scale.top >= Decimal(str(largest)) > scale.top - step
    assert 1 <= scale.steps <= MAX_STEPS
    assert Decimal(step).normalize().as_tuple().digits[0] in (1, 2, 5)


def test_bars_show_each_roles_average_on_a_scale_from_zero(
    chart_site: Callable[[str], BuiltSite],
) -> None:
    chart = chart_of(chart_site("html"), "average")
    data = example()
    money = english(data).money
    roles = by_figure(data, "average")

    items = [visible_text(item) for item in chart.select("li")]
    assert items == [f"{role.title}: {money(role.salary)}" for role in roles]
    scale = ticks(chart)
    largest = max(average(role) for role in roles)
    assert scale[0] == 0
    assert scale[-1] >= largest > scale[-2]
    assert chart.select(".valenx-tick")[0].get_text() == money(0)
    widths = [style(bar, "--valenx-share") for bar in chart.select(".valenx-bar")]
    assert widths == [share(average(role), scale[-1]) for role in roles]
    assert visible_text(chart).startswith(
        f"{data.title}, {data.region}, {english(data).month(data.as_of)}"
    )


def test_range_bars_draw_each_roles_percentiles_and_write_them(
    chart_site: Callable[[str], BuiltSite],
) -> None:
    chart = chart_of(chart_site("html"), "range")
    data = example()
    money = english(data).money
    roles = by_figure(data, "median")

    items = [visible_text(item) for item in chart.select("li")]
    assert items == [f"{role.title}: {range_text(overall(role), money)}" for role in roles]
    top = ticks(chart)[-1]
    percentiles = [overall(role).statistic(name) for role in roles for name in PERCENTILES]
    assert ticks(chart)[0] == 0
    assert top >= max(value for value in percentiles if value is not None)
    for role, track in zip(roles, chart.select(".valenx-track"), strict=True):
        figures = overall(role)
        drawn = {
            "whisker": (figures.statistic("p10"), figures.statistic("p90")),
            "box": (figures.statistic("p25"), figures.statistic("p75")),
        }
        for mark, (low, high) in drawn.items():
            spans = track.select(f".valenx-{mark}")
            if low is None or high is None:
                assert spans == []
            else:
                assert [style(spans[0], "--valenx-from"), style(spans[0], "--valenx-to")] == [
                    share(low, top),
                    share(high, top),
                ]
        median = figures.statistic("median")
        marks = [style(mark, "--valenx-at") for mark in track.select(".valenx-median")]
        assert marks == ([] if median is None else [share(median, top)])
    key = chart.select_one(".valenx-chart-key")
    assert key is not None
    assert key["aria-hidden"] == "true"
    # The example's analyst gives every percentile: the key names each mark.
    assert visible_text(key) == " ".join(KEY_TEXTS.values())


def test_a_role_without_the_figure_keeps_its_row_and_says_so(
    chart_site: Callable[[str], BuiltSite],
) -> None:
    chart = chart_of(chart_site("html"), "level-median")
    data = example()
    money = english(data).money
    level = data.levels[0]
    assert level.id == "junior"  # the page's :level:
    roles = by_figure(data, "median", level.id)

    items = [visible_text(item) for item in chart.select("li")]
    expected = []
    for role in roles:
        figures = role.figures(level.id, None)
        median = figures.statistic("median") if figures else None
        text = "no median given" if median is None else f"median {money(median)}"
        expected.append(f"{role.title}: {text}")
    assert items == expected
    assert any(text.endswith("no median given") for text in items)
    assert len(chart.select(".valenx-bar")) == len(items) - len(
        [text for text in items if text.endswith("no median given")]
    )
    assert level.title in visible_text(chart.select_one(".valenx-chart-caption") or chart)


def test_a_location_chart_uses_its_currency_and_names_its_source(
    chart_site: Callable[[str], BuiltSite],
) -> None:
    chart = chart_of(chart_site("html"), "location")
    data = example()
    place = data.locations[1]
    assert place.id == "example-town"  # the page's :location:
    money = english(replace(data, currency=place.currency)).money

    shown = [(role, role.figures(None, place.id)) for role in data.roles]
    given = [(role, figures) for role, figures in shown if figures and figures.average]
    items = [visible_text(item) for item in chart.select("li")]
    for role, figures in given:
        assert figures.average is not None
        assert f"{role.title}: {money(figures.average)}" in items
    assert chart.select(".valenx-tick")[0].get_text() == money(0)
    note = visible_text(chart.select_one(".valenx-source-note") or chart)
    for _, figures in given:
        assert data.source_of(figures.source).name in note


def test_a_history_shows_each_edition_oldest_first_and_the_latest_change(
    chart_site: Callable[[str], BuiltSite],
) -> None:
    chart = chart_of(chart_site("html"), "history")
    data = example()
    fmt = english(data)
    role = data.roles[0]
    assert role.id == "example-analyst"  # the page's role
    points = history_points(data, role)
    assert len(points) >= 3  # the example keeps two earlier editions of this role

    items = [visible_text(item) for item in chart.select("li")]
    assert items == [
        f"{fmt.month(as_of)}: {fmt.money(figures.average or 0)}" for as_of, figures in points
    ]
    (since, before), (_, now) = points[-2], points[-1]
    assert before.average is not None
    assert now.average is not None
    change = fmt.percent_change(float((now.average - before.average) / before.average))
    text = visible_text(chart.select_one(".valenx-chart-change") or chart)
    assert text == f"Change in the average since {fmt.month(since)}: {change}."
    scale = ticks(chart)
    assert scale[0] == 0
    assert scale[-1] >= max(figures.average or 0 for _, figures in points)
    widths = [style(bar, "--valenx-share") for bar in chart.select(".valenx-bar")]
    assert widths == [share(figures.average or 0, scale[-1]) for _, figures in points]


def test_a_range_history_compares_medians_and_marks_editions_without_percentiles(
    chart_site: Callable[[str], BuiltSite],
) -> None:
    chart = chart_of(chart_site("html"), "history-range")
    data = example()
    fmt = english(data)
    points = history_points(data, data.roles[0])

    items = [visible_text(item) for item in chart.select("li")]
    expected = [
        f"{fmt.month(as_of)}: {range_text(figures, fmt.money) or 'no percentiles given'}"
        for as_of, figures in points
    ]
    assert items == expected
    assert any(item.endswith("no percentiles given") for item in items)
    (since, before), (_, now) = points[-2], points[-1]
    old, new = before.statistic("median"), now.statistic("median")
    assert old is not None
    assert new is not None
    change = fmt.percent_change(float((new - old) / old))
    text = visible_text(chart.select_one(".valenx-chart-change") or chart)
    assert text == f"Change in the median since {fmt.month(since)}: {change}."


def test_a_history_without_earlier_editions_says_there_is_no_change_yet(
    chart_site: Callable[[str], BuiltSite],
) -> None:
    chart = chart_of(chart_site("html"), "history-alone")
    data = example()
    fmt = english(data)
    role = data.roles[0]

    items = [visible_text(item) for item in chart.select("li")]
    assert items == [f"{fmt.month(data.as_of)}: {fmt.money(role.salary)}"]
    text = visible_text(chart.select_one(".valenx-chart-change") or chart)
    assert (
        text
        == f"No earlier edition gives figures for {role.title}, so there is no change to show yet."
    )


def test_a_history_of_a_figure_earlier_editions_lack_compares_the_average(
    chart_site: Callable[[str], BuiltSite],
) -> None:
    chart = chart_of(chart_site("html"), "history-p10")
    data = example()
    fmt = english(data)
    points = history_points(data, data.roles[0])
    (since, before), (_, now) = points[-2], points[-1]
    assert before.statistic("p10") is None  # what the page's :statistic: p10 relies on
    assert before.average is not None
    assert now.average is not None

    items = [visible_text(item) for item in chart.select("li")]
    assert items == [
        f"{fmt.month(as_of)}: "
        + (f"10th percentile {fmt.money(p10)}" if p10 else "no 10th percentile given")
        for as_of, figures in points
        for p10 in [figures.statistic("p10")]
    ]
    change = fmt.percent_change(float((now.average - before.average) / before.average))
    text = visible_text(chart.select_one(".valenx-chart-change") or chart)
    assert text == f"Change in the average since {fmt.month(since)}: {change}."


def test_a_history_whose_last_editions_share_no_average_or_median_says_so(
    tmp_path: Path,
) -> None:
    data = example()
    analyst = data.roles[0]
    earlier = data.editions[0]
    figures = earlier.figures(analyst.id)
    assert figures is not None
    assert figures.average is not None
    tree = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    # The edition's entry gives a 25th percentile only: nothing the current figures share.
    entries = next(
        entry for entry in tree["editions"] if entry["as_of"] == f"{earlier.as_of:%Y-%m}"
    )
    entry = next(entry for entry in entries["roles"] if entry["id"] == analyst.id)
    entry.clear()
    entry.update(id=analyst.id, percentiles={"p25": figures.average})
    edited = yaml.safe_dump(tree, sort_keys=False, allow_unicode=True)
    pages = {name: CHART_PAGES[name] for name in ("history", "history-range")}
    docs = write_chart_site(tmp_path, pages, edited)

    site = build_site(docs)

    fmt = english(data)
    month = fmt.month(earlier.as_of)
    chart = chart_of(site, "history")
    text = visible_text(chart.select_one(".valenx-chart-change") or chart)
    assert text == f"The figures of {month} and now share no average or median: no change to show."
    assert f"{month}: no average given" in [visible_text(item) for item in chart.select("li")]
    # A percentile without its pair is written, and draws no box or whiskers.
    ranges = chart_of(site, "history-range")
    rows = zip(ranges.select("li"), ranges.select(".valenx-track"), strict=True)
    row, track = next((row, track) for row, track in rows if month in visible_text(row))
    assert visible_text(row) == f"{month}: 25th percentile {fmt.money(figures.average)}"
    assert track.find_all() == []


def test_text_builds_show_the_figures_and_leave_the_pictures_out(
    chart_site: Callable[[str], BuiltSite],
) -> None:
    site = chart_site("text")
    data = example()
    fmt = english(data)
    html = chart_site("html")

    for page in CHART_PAGES:
        text = re.sub(r"\s+", " ", (site.outdir / f"{page}.txt").read_text(encoding="utf-8"))
        chart = chart_of(html, page)
        for item in chart.select("li"):
            assert f"* {visible_text(item)}" in text, page
        # The scale starts at zero, which no figure is: a text build has no scale.
        zero = chart.select(".valenx-tick")[0].get_text()
        assert amount(zero) == 0
        assert zero not in text
    ranges = re.sub(r"\s+", " ", (site.outdir / "range.txt").read_text(encoding="utf-8"))
    analyst = data.roles[0]
    assert f"{analyst.title}: {range_text(overall(analyst), fmt.money)}" in ranges
    assert "10th to 90th percentile" in ranges


# (case, page text, expected warning): a chart's misuse points at the page's line.
MISUSE = [
    (
        "unknown-statistic",
        "# Charts\n\n```{salary-chart}\n:statistic: mean\n```\n",
        f"{PAGE}:3: WARNING: unknown :statistic: 'mean'; use one of: "
        f"{', '.join(STATISTICS)}, range. [valenx.usage]",
    ),
    (
        "history-unknown-statistic",
        "# Charts\n\n```{salary-history} example-analyst\n:statistic: p50\n```\n",
        f"{PAGE}:3: WARNING: unknown :statistic: 'p50'; use one of: "
        f"{', '.join(STATISTICS)}, range. [valenx.usage]",
    ),
    (
        "history-unknown-role",
        "# Charts\n\n```{salary-history} data-wizard\n```\n",
        f"{PAGE}:3: WARNING: unknown role 'data-wizard'; the data file salaries.yaml has: "
        "example-analyst, example-engineer. [valenx.unknown_role]",
    ),
    (
        "unknown-level",
        "# Charts\n\nSome text.\n\n```{salary-chart}\n:level: principal\n```\n",
        f"{PAGE}:5: WARNING: unknown :level: 'principal'; the data file salaries.yaml has: "
        "junior, senior. [valenx.usage]",
    ),
    (
        "nothing-to-draw",
        "# Charts\n\n```{salary-chart}\n:statistic: equity\n:level: senior\n```\n",
        f"{PAGE}:3: WARNING: the data file salaries.yaml gives no equity for any bar of this "
        "chart, so it draws none. Choose another :statistic: (or :level: and :location:), or "
        "add the figures to the data file. [valenx.usage]",
    ),
    (
        "history-nothing-to-draw",
        "# Charts\n\n```{salary-history} example-engineer\n:statistic: p90\n```\n",
        f"{PAGE}:3: WARNING: the data file salaries.yaml gives no p90 for any bar of "
        "this chart, so it draws none. Choose another :statistic: (or :level: and :location:), "
        "or add the figures to the data file. [valenx.usage]",
    ),
]


@pytest.mark.parametrize(
    ("page", "expected"), [case[1:] for case in MISUSE], ids=[case[0] for case in MISUSE]
)
def test_misused_chart_gives_one_warning_at_its_line(
    tmp_path: Path, page: str, expected: str
) -> None:
    docs = write_chart_site(tmp_path, {})
    (docs / "charts.md").write_text(page, encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\n```{toctree}\ncharts\n```\n", encoding="utf-8")

    site = build_site(docs)

    assert warning_lines(site.warnings, tmp_path) == [expected]


def test_the_guide_draws_the_example_files_ranges_and_history(built_html: BuiltSite) -> None:
    guide = article_body(built_html.outdir / "contributing" / "data.html")
    data = example()
    fmt = english(data)
    texts = [visible_text(chart) for chart in guide.select(".valenx-chart")]

    analyst = data.roles[0]
    assert any(
        f"{analyst.title}: {range_text(overall(analyst), fmt.money)}" in text for text in texts
    )
    points = history_points(data, analyst)
    history = " ".join(
        f"{fmt.month(as_of)}: {fmt.money(figures.average or 0)}" for as_of, figures in points
    )
    assert any(history in text for text in texts)
    assert any(f"Change in the average since {fmt.month(points[-2][0])}:" in text for text in texts)


def edited_example() -> str:
    """The example file with a percentile of the current figures and an edition's salary changed."""
    text = EXAMPLE.read_text(encoding="utf-8")
    analyst = example().roles[0]
    p75 = overall(analyst).statistic("p75")
    earlier = example().editions[0].figures(analyst.id)
    assert p75 is not None
    assert earlier is not None
    assert earlier.average is not None
    edited = text.replace(f"p75: {p75}\n", f"p75: {p75 + 1500}\n", 1)
    edited = edited.replace(f"salary: {earlier.average}\n", f"salary: {earlier.average - 900}\n")
    assert edited.count("\n") == text.count("\n")
    assert edited != text
    return edited


def test_charts_after_a_data_edit_equal_a_fresh_build_serial_or_parallel(tmp_path: Path) -> None:
    edited = edited_example()
    docs = write_chart_site(tmp_path / "incremental", CHART_PAGES)
    build_site(docs)
    write_chart_data(tmp_path / "incremental", edited)

    incremental = build_site(docs)
    fresh = build_site(write_chart_site(tmp_path / "fresh", CHART_PAGES, edited))
    parallel = build_site(write_chart_site(tmp_path / "parallel", CHART_PAGES, edited), parallel=2)

    assert set(CHART_PAGES) - {"history-alone"} <= set(incremental.read)
    assert output_files(incremental.outdir) == output_files(fresh.outdir)
    assert output_files(parallel.outdir) == output_files(fresh.outdir)
    assert parallel.warnings == incremental.warnings == ""


def test_titles_in_charts_are_escaped(tmp_path: Path) -> None:
    analyst = example().roles[0]
    title = "<script>alert(1)</script> & co"
    edited = EXAMPLE.read_text(encoding="utf-8").replace(
        f"title: {analyst.title}\n", f"title: {title}\n"
    )
    pages = {name: CHART_PAGES[name] for name in ("range", "history")}
    site = build_site(write_chart_site(tmp_path, pages, edited))

    for page in pages:
        html = (site.outdir / f"{page}.html").read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html
        assert title in visible_text(chart_of(site, page))
