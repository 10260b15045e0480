"""Figures reach readers from the data file: tables, prose, chart, role pages, every builder."""

import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from helpers import (
    ARTICLE,
    REPO,
    TEST_DATA,
    TEST_PAGES,
    BuiltSite,
    article_body,
    build_site,
    logged_build,
    visible_text,
    write_site,
)
from valenx_kb.data import load_dataset

DATA = REPO / "data" / "salaries.yaml"
SCHEMA = REPO / "data" / "salaries.schema.json"
SALARY_FIGURE = re.compile(r"[$€£¥]\s?\d|\d{1,3}(?:,\d{3})+|\b\d{2,3}[kK]\b")
MONTH_YEAR = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December) \d{4}\b"
)


@pytest.mark.parametrize("page", sorted(REPO.joinpath("docs").rglob("*.md")), ids=str)
def test_no_page_types_a_salary_or_an_as_of_date(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    # Figures shown as examples of output in the contributor guide sit in literal blocks.
    prose = re.sub(r"(?ms)^(`{3,}|~{3,})(?!\{).*?^\1", "", text)
    prose = re.sub(r"`[^`]*`(?!`)", "", prose)
    assert SALARY_FIGURE.findall(prose) == []
    assert MONTH_YEAR.findall(prose) == []


def test_no_page_types_a_skill_list() -> None:
    skill_lists = [", ".join(role.skills) for role in load_dataset(DATA, SCHEMA).roles]
    for page in REPO.joinpath("docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert [skills for skills in skill_lists if skills in text] == [], page


def test_article_prose_and_faq_show_the_data_figures(built_html: BuiltSite) -> None:
    text = visible_text(article_body(built_html.outdir / f"{ARTICLE}.html"))

    assert "with salaries averaging $141,000 per year in the United States." in text
    assert (
        "average salaries range from $141,000 for AI engineers to $146,000 for ML engineers" in text
    )
    assert "Updated June 2026 with verified data." in text


def test_article_chart_lists_every_role_with_its_figure(built_html: BuiltSite) -> None:
    body = article_body(built_html.outdir / f"{ARTICLE}.html")
    chart = body.select_one(".valenx-chart")
    assert chart is not None
    items = [visible_text(item) for item in chart.select("li")]
    assert items == ["ML Engineer: $146,000", "AI Engineer: $141,000", "Data Scientist: $118,000"]
    widths = [bar["style"] for bar in chart.select(".valenx-bar")]
    assert widths == [
        "--valenx-share: 100.0%",
        "--valenx-share: 96.6%",
        "--valenx-share: 80.8%",
    ]
    assert "Average salaries, United States, June 2026" in visible_text(chart)


def test_table_caption_and_source_note_come_from_the_metadata(built_html: BuiltSite) -> None:
    body = article_body(built_html.outdir / f"{ARTICLE}.html")
    caption = body.select_one("table caption")
    assert caption is not None
    assert visible_text(caption) == "Average salaries, United States, June 2026"
    note = body.select_one("table + p.valenx-source-note, .valenx-source-note")
    assert note is not None
    assert visible_text(note) == (
        "Source: National averages in the United States, as published by Valenx Press. "
        "Figures as of June 2026."
    )


def test_role_page_compares_against_its_role(built_html: BuiltSite) -> None:
    body = article_body(built_html.outdir / "roles" / "ai-engineer.html")
    rows = [
        [visible_text(cell) for cell in row.find_all(["th", "td"])] for row in body.select("tr")
    ]
    assert rows == [
        ["Job Title", "Average Salary", "Difference vs AI Engineer"],
        ["ML Engineer", "$146,000", "+$5,000 (+3.5%)"],
        ["AI Engineer", "$141,000", "baseline"],
        ["Data Scientist", "$118,000", "-$23,000 (-16.3%)"],
    ]
    assert "$141,000 per year (national average, United States, June 2026)" in visible_text(body)


@pytest.mark.parametrize(
    ("buildername", "output"),
    [
        ("latex", "valenxpress.tex"),
        ("text", f"{ARTICLE}.txt"),
        ("epub", f"{ARTICLE}.xhtml"),
        ("singlehtml", "index.html"),
    ],
)
def test_table_chart_and_prose_figures_reach_every_builder(
    buildername: str, output: str, site_copy: Path, build: Callable[[Path, str], BuiltSite]
) -> None:
    text = (build(site_copy, buildername).outdir / output).read_text(encoding="utf-8")

    for figure in ["141,000", "146,000", "118,000", "Data Scientist", "data visualization"]:
        assert figure in text
    # The chart's text alternative, once HTML tags or LaTeX markup are taken away.
    plain = re.sub(r"<[^>]+>|\\DUrole\{[\w-]+\}|[{}\\]", "", text)
    assert "ML Engineer: $146,000" in plain


def test_titles_link_to_profile_pages_under_dirhtml(
    site_copy: Path, build: Callable[[Path, str], BuiltSite]
) -> None:
    outdir = build(site_copy, "dirhtml").outdir
    body = article_body(outdir / ARTICLE / "index.html")
    links = {a.get_text(): a["href"] for a in body.select("table a")}
    assert links["ML Engineer"] == "../../roles/ml-engineer/"


def test_changing_a_salary_updates_every_place_without_a_clean_build(
    site_copy: Path, build: Callable[[Path, str], BuiltSite]
) -> None:
    (site_copy / "plain.md").write_text("---\norphan: true\n---\n# Plain\n\nNo data.\n")
    build(site_copy, "html")
    data_file = site_copy.parent / "data" / "salaries.yaml"
    data_file.write_text(data_file.read_text().replace("141000", "152500"))

    rebuilt = logged_build(site_copy)
    assert rebuilt.warnings == ""
    reread, app_outdir = rebuilt.read, rebuilt.outdir

    article = visible_text(article_body(app_outdir / f"{ARTICLE}.html"))
    assert "salaries averaging $152,500 per year" in article  # intro
    assert "from $152,500 for AI engineers to $146,000" in article  # FAQ
    assert "AI Engineer $152,500 Python, Java" in article  # table
    assert "AI Engineer: $152,500" in article  # chart
    assert "$141,000" not in article
    profile = visible_text(article_body(app_outdir / "roles" / "ai-engineer.html"))
    assert "$152,500 per year" in profile
    assert "plain" not in reread
    assert set(reread) == {
        ARTICLE,
        "roles/ai-engineer",
        "roles/ml-engineer",
        "roles/data-scientist",
        "contributing/data",
        "contributing/posts",
    }


def test_build_started_elsewhere_finds_the_data(tmp_path: Path) -> None:
    srcdir = write_site(tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cwd = Path.cwd()
    try:
        os_chdir(elsewhere)
        site = build_site(srcdir, "html")
    finally:
        os_chdir(cwd)
    assert site.warnings == ""
    assert "AI engineers earn $141,000." in visible_text(article_body(site.outdir / "index.html"))


def os_chdir(path: Path) -> None:
    """Change the working directory (a helper so the test reads as a story)."""
    import os

    os.chdir(path)


def test_values_are_escaped_and_links_checked(
    tmp_path: Path, build: Callable[[Path, str], BuiltSite]
) -> None:
    data = TEST_DATA.replace("title: AI Engineer", "title: <script>alert(1)</script>")
    data = data.replace("source: Test figures.", 'source: "<b>bold</b> & more"')
    site = build(write_site(tmp_path, data=data), "html")

    html = (site.outdir / "ai-engineer.html").read_text()
    assert site.warnings == ""
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html
    soup = BeautifulSoup(html, "html.parser")
    assert not [s for s in soup.find_all("script") if "alert" in s.get_text()]


def test_safe_source_link_is_rendered(
    tmp_path: Path, build: Callable[[Path, str], BuiltSite]
) -> None:
    data = TEST_DATA.replace(
        "  source: Test", "  source_url: https://example.org/r\n  source: Test"
    )
    site = build(write_site(tmp_path, data=data), "html")

    soup = BeautifulSoup((site.outdir / "ai-engineer.html").read_text(), "html.parser")
    link = soup.select_one(".valenx-source-note a")
    assert link is not None
    assert (link["href"], link.get_text()) == ("https://example.org/r", "Test figures.")


def test_german_site_formats_figures_the_german_way(
    tmp_path: Path, build: Callable[[Path, str], BuiltSite]
) -> None:
    pages = {**TEST_PAGES, "index": TEST_PAGES["index"] + "\nStand: {dataset}`as-of`.\n"}
    site = build(write_site(tmp_path, pages=pages, conf='language = "de"\n'), "html")

    index = visible_text(article_body(site.outdir / "index.html"))
    assert "AI engineers earn 141.000 $." in index
    assert "Stand: Juni 2026." in index
    table = (site.outdir / "ai-engineer.html").read_text()
    assert "146.000\xa0$" in table


def test_table_options_select_sort_and_compare(
    tmp_path: Path, build: Callable[[Path, str], BuiltSite]
) -> None:
    page = (
        "# AI Engineer\n\n```{comparison-table}\n:roles: ai-engineer, ml-engineer\n"
        ":columns: title, summary, salary\n:sort: salary-desc\n:baseline: ai-engineer\n"
        ":caption: Engineers compared\n```\n"
    )
    site = build(write_site(tmp_path, pages={**TEST_PAGES, "ai-engineer": page}), "html")

    soup = article_body(site.outdir / "ai-engineer.html")
    rows = [[visible_text(cell) for cell in row.find_all(["th", "td"])] for row in soup("tr")]
    assert rows == [
        ["Job Title", "Summary", "Average Salary", "Difference vs AI Engineer"],
        ["ML Engineer", "Builds ML models.", "$146,000", "+$5,000 (+3.5%)"],
        ["AI Engineer", "Builds AI systems.", "$141,000", "baseline"],
    ]
    caption = soup.select_one("caption")
    assert caption is not None
    assert visible_text(caption) == "Engineers compared"


def test_other_data_file_option(tmp_path: Path, build: Callable[[Path, str], BuiltSite]) -> None:
    srcdir = write_site(tmp_path)
    other = TEST_DATA.replace("region: United States", "region: Germany").replace(
        "currency: USD", "currency: EUR"
    )
    (tmp_path / "data" / "germany.yaml").write_text(other)
    page = "# AI Engineer\n\n```{comparison-table}\n:data: ../data/germany.yaml\n```\n"
    (srcdir / "ai-engineer.md").write_text(page)

    site = build(srcdir, "html")

    html = (site.outdir / "ai-engineer.html").read_text()
    assert site.warnings == ""
    assert "€141,000" in html
    assert "Average salaries, Germany, June 2026" in html


def test_creating_a_missing_data_file_rereads_the_page(
    tmp_path: Path, build: Callable[[Path, str], BuiltSite]
) -> None:
    srcdir = write_site(tmp_path)
    page = "# AI Engineer\n\n```{comparison-table}\n:data: ../data/germany.yaml\n```\n"
    (srcdir / "ai-engineer.md").write_text(page)
    assert "does not exist" in build(srcdir, "html").warnings

    (tmp_path / "data" / "germany.yaml").write_text(TEST_DATA.replace("USD", "EUR"))
    rebuilt = logged_build(srcdir)
    assert rebuilt.warnings == ""
    reread, outdir = rebuilt.read, rebuilt.outdir

    assert "ai-engineer" in reread
    assert "€141,000" in (outdir / "ai-engineer.html").read_text()


def test_tightening_the_schema_rereads_pages_that_use_data(
    tmp_path: Path, build: Callable[[Path, str], BuiltSite]
) -> None:
    srcdir = write_site(tmp_path)
    build(srcdir, "html")
    schema_file = tmp_path / "data" / "salaries.schema.json"
    schema_file.write_text(schema_file.read_text().replace('"maximum": 1000000000', '"maximum": 1'))

    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()

    assert "must be at most 1, not 141000" in app.warning.getvalue()
    assert "These figures are unavailable" in (Path(app.outdir) / "ai-engineer.html").read_text()
