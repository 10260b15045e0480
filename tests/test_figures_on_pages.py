"""Figures reach readers from the data file: tables, prose, chart, role pages, every builder."""

import posixpath
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import (
    ARTICLE,
    REPO,
    TEST_DATA,
    TEST_PAGES,
    BuiltSite,
    article_body,
    build_site,
    visible_text,
    write_site,
)
from site_sources import (
    DOCS,
    average,
    digits,
    directive_options,
    english,
    find_role,
    front_matter,
    live_data,
    option_items,
    with_salary,
)
from valenx_kb.data import Dataset, Role, load_dataset

DATA = REPO / "data" / "salaries.yaml"
SCHEMA = REPO / "data" / "salaries.schema.json"
SALARY_FIGURE = re.compile(r"[$€£¥]\s?\d|\d{1,3}(?:,\d{3})+|\b\d{2,3}[kK]\b")
MONTH_YEAR = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December) \d{4}\b"
)


@pytest.mark.site
@pytest.mark.parametrize("page", sorted(REPO.joinpath("docs").rglob("*.md")), ids=str)
def test_no_page_types_a_salary_or_an_as_of_date(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    # Figures shown as examples of output in the contributor guide sit in literal blocks.
    prose = re.sub(r"(?ms)^(`{3,}|~{3,})(?!\{).*?^\1", "", text)
    prose = re.sub(r"`[^`]*`(?!`)", "", prose)
    assert SALARY_FIGURE.findall(prose) == []
    assert MONTH_YEAR.findall(prose) == []


@pytest.mark.site
def test_no_page_types_a_skill_list() -> None:
    skill_lists = [", ".join(role.skills) for role in load_dataset(DATA, SCHEMA).roles]
    for page in REPO.joinpath("docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert [skills for skills in skill_lists if skills in text] == [], page


def default_caption(data: Dataset) -> str:
    """The caption tables and charts get from the data file's metadata."""
    return f"{data.title}, {data.region}, {english(data).month(data.as_of)}"


def by_salary(roles: list[Role]) -> list[Role]:
    """Roles as :sort: salary-desc orders them: highest first, then by title."""
    return sorted(roles, key=lambda role: (-average(role), role.title))


def roles_of(data: Dataset, docname: str, directive: str) -> list[Role]:
    """The roles a data directive on a page shows (:roles:, or every role), as listed."""
    role_ids = option_items(docname, directive, "roles") or data.role_ids
    return [find_role(data, role_id) for role_id in role_ids]


def test_article_prose_and_faq_show_the_data_figures(built_html: BuiltSite) -> None:
    text = visible_text(article_body(built_html.outdir / f"{ARTICLE}.html"))
    data = live_data()
    money, month = english(data).money, english(data).month(data.as_of)
    ai, ml = find_role(data, "ai-engineer"), find_role(data, "ml-engineer")

    assert f"with salaries averaging {money(ai.salary)} per year in the {data.region}." in text
    assert (
        f"average salaries range from {money(ai.salary)} for AI engineers to "
        f"{money(ml.salary)} for ML engineers"
    ) in text
    assert f"Updated {month} with verified data." in text


def test_article_chart_lists_every_role_with_its_figure(built_html: BuiltSite) -> None:
    body = article_body(built_html.outdir / f"{ARTICLE}.html")
    chart = body.select_one(".valenx-chart")
    assert chart is not None
    data = live_data()
    roles = by_salary(roles_of(data, ARTICLE, "salary-chart"))
    items = [visible_text(item) for item in chart.select("li")]
    assert items == [f"{role.title}: {english(data).money(role.salary)}" for role in roles]
    # The bars stand on a scale from zero to a round amount at or above the highest salary.
    ticks = [int(digits(tick.get_text()).replace(",", "")) for tick in chart.select(".valenx-tick")]
    assert ticks[0] == 0
    assert ticks[-1] >= average(roles[0]) > ticks[-2]
    widths = [bar["style"] for bar in chart.select(".valenx-bar")]
    assert widths == [f"--valenx-share: {100 * average(role) / ticks[-1]:.1f}%" for role in roles]
    assert default_caption(data) in visible_text(chart)


def test_table_caption_and_source_note_come_from_the_metadata(built_html: BuiltSite) -> None:
    body = article_body(built_html.outdir / f"{ARTICLE}.html")
    data = live_data()
    caption = body.select_one("table caption")
    assert caption is not None
    assert visible_text(caption) == default_caption(data)
    note = body.select_one("table + p.valenx-source-note, .valenx-source-note")
    assert note is not None
    assert visible_text(note) == (
        f"Source: {data.source} Figures as of {english(data).month(data.as_of)}."
    )


def test_site_edition_is_the_data_month(built_html: BuiltSite) -> None:
    options = (built_html.outdir / "_static" / "documentation_options.js").read_text()

    assert f"VERSION: '{live_data().as_of:%Y.%m}'" in options


@pytest.mark.parametrize("role", live_data().roles, ids=lambda role: role.id)
def test_role_page_compares_against_its_role(built_html: BuiltSite, role: Role) -> None:
    body = article_body(built_html.outdir / f"{role.page}.html")
    data = live_data()
    fmt = english(data)
    # What the expected rows below assume the profile's table asks for.
    table = {"columns": "title, salary", "baseline": role.id, "sort": "salary-desc"}
    assert directive_options(role.page, "comparison-table")[0] == table
    rows = [
        [visible_text(cell) for cell in row.find_all(["th", "td"])] for row in body.select("tr")
    ]
    assert rows == [
        ["Job Title", "Average Salary", f"Difference vs {role.title}"],
        *(
            [
                other.title,
                fmt.money(other.salary),
                "baseline" if other == role else fmt.difference(average(other), average(role)),
            ]
            for other in by_salary(list(data.roles))
        ),
    ]
    month = fmt.month(data.as_of)
    expected = f"{fmt.money(role.salary)} per year ({data.basis}, {data.region}, {month})"
    assert expected in visible_text(body)


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
    buildername: str, output: str, built_site: Callable[[str], BuiltSite]
) -> None:
    text = (built_site(buildername).outdir / output).read_text(encoding="utf-8")

    data = live_data()
    money = english(data).money
    for role in roles_of(data, ARTICLE, "comparison-table"):
        assert role.title in text
        assert digits(money(role.salary)) in text
        assert all(skill in text for skill in role.skills)
    # The chart's text alternative, once HTML tags or LaTeX markup are taken away.
    plain = re.sub(r"<[^>]+>|\\DUrole\{[\w-]+\}|[{}\\]", "", text)
    top = by_salary(roles_of(data, ARTICLE, "salary-chart"))[0]
    assert f"{top.title}: {money(top.salary)}" in plain


def test_titles_link_to_profile_pages_under_dirhtml(
    built_site: Callable[[str], BuiltSite],
) -> None:
    outdir = built_site("dirhtml").outdir
    body = article_body(outdir / ARTICLE / "index.html")
    links = {a.get_text(): a["href"] for a in body.select("table a")}
    roles = roles_of(live_data(), ARTICLE, "comparison-table")
    assert links == {role.title: f"{posixpath.relpath(role.page, ARTICLE)}/" for role in roles}


def pages_using_data() -> set[str]:
    """Pages that show something from the data file, found in their sources.

    An inline figure or data directive outside code, "updated: data", or roles in the front matter.
    """
    pages = set()
    for path in DOCS.rglob("*.md"):
        if "_build" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?ms)^(`{3,}|~{3,})(?!\{).*?^\1", "", text)  # code blocks
        text = re.sub(r"``.+?``", "", text)  # code spans showing markup
        text = re.sub(r"(?<![}`])`[^`\n]+`", "", text)  # `{salary}` named in prose
        meta = front_matter(path)
        if (
            re.search(r"\{(salary|salary-diff|salary-change|skills|dataset)\}`", text)
            or re.search(
                r"\{(comparison-table|salary-chart|salary-history|recommended-reading)\}", text
            )
            or meta.get("updated") == "data"
            or meta.get("roles")
        ):
            pages.add(path.relative_to(DOCS).with_suffix("").as_posix())
    return pages


def test_changing_a_salary_updates_every_place_without_a_clean_build(site_copy: Path) -> None:
    (site_copy / "plain.md").write_text("---\norphan: true\n---\n# Plain\n\nNo data.\n")
    build_site(site_copy, "html")
    data = live_data()
    money = english(data).money
    ai, ml = find_role(data, "ai-engineer"), find_role(data, "ml-engineer")
    raised = int(average(ai)) + 11_500
    data_file = site_copy.parent / "data" / "salaries.yaml"
    data_file.write_text(with_salary(data_file.read_text(), ai.id, raised))

    rebuilt = build_site(site_copy)
    assert rebuilt.warnings == ""
    reread, app_outdir = rebuilt.read, rebuilt.outdir

    article = visible_text(article_body(app_outdir / f"{ARTICLE}.html"))
    assert f"salaries averaging {money(raised)} per year" in article  # intro
    assert f"from {money(raised)} for AI engineers to {money(ml.salary)}" in article  # FAQ
    assert f"{ai.title} {money(raised)} {ai.skills[0]}" in article  # table
    assert f"{ai.title}: {money(raised)}" in article  # chart
    assert money(ai.salary) not in article
    profile = visible_text(article_body(app_outdir / f"{ai.page}.html"))
    assert f"{money(raised)} per year" in profile
    assert "plain" not in reread
    # Only pages showing the data are read again (those showing only other roles need not be),
    # and those showing the edited role are among them.
    assert set(reread) <= pages_using_data()
    assert {ARTICLE, ai.page} <= set(reread)


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


def test_values_are_escaped_and_links_checked(tmp_path: Path) -> None:
    data = TEST_DATA.replace("title: AI Engineer", "title: <script>alert(1)</script>")
    data = data.replace("source: Test figures.", 'source: "<b>bold</b> & more"')
    site = build_site(write_site(tmp_path, data=data), "html")

    html = (site.outdir / "ai-engineer.html").read_text()
    assert site.warnings == ""
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html
    soup = BeautifulSoup(html, "html.parser")
    scripts = soup.find_all("script")
    # Structured data may quote the title, as data: its "<" is escaped, so no tag can open.
    structured = [s for s in scripts if s.get("type") == "application/ld+json"]
    assert not [s for s in scripts if "alert" in s.get_text() and s not in structured]
    assert any("alert" in s.get_text() for s in structured)
    assert not [s for s in structured if "<" in s.get_text()]


def test_safe_source_link_is_rendered(tmp_path: Path) -> None:
    data = TEST_DATA.replace(
        "  source: Test", "  source_url: https://example.org/r\n  source: Test"
    )
    site = build_site(write_site(tmp_path, data=data), "html")

    soup = BeautifulSoup((site.outdir / "ai-engineer.html").read_text(), "html.parser")
    link = soup.select_one(".valenx-source-note a")
    assert link is not None
    assert (link["href"], link.get_text()) == ("https://example.org/r", "Test figures.")


def test_german_site_formats_figures_the_german_way(tmp_path: Path) -> None:
    pages = {**TEST_PAGES, "index": TEST_PAGES["index"] + "\nStand: {dataset}`as-of`.\n"}
    site = build_site(write_site(tmp_path, pages=pages, conf='language = "de"\n'), "html")

    index = visible_text(article_body(site.outdir / "index.html"))
    assert "AI engineers earn 141.000 $." in index
    assert "Stand: Juni 2026." in index
    table = (site.outdir / "ai-engineer.html").read_text()
    assert "146.000\xa0$" in table


def test_table_options_select_sort_and_compare(tmp_path: Path) -> None:
    page = (
        "# AI Engineer\n\n```{comparison-table}\n:roles: ai-engineer, ml-engineer\n"
        ":columns: title, summary, salary\n:sort: salary-desc\n:baseline: ai-engineer\n"
        ":caption: Engineers compared\n```\n"
    )
    site = build_site(write_site(tmp_path, pages={**TEST_PAGES, "ai-engineer": page}), "html")

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


def test_other_data_file_option(tmp_path: Path) -> None:
    srcdir = write_site(tmp_path)
    other = TEST_DATA.replace("region: United States", "region: Germany").replace(
        "currency: USD", "currency: EUR"
    )
    (tmp_path / "data" / "germany.yaml").write_text(other)
    page = "# AI Engineer\n\n```{comparison-table}\n:data: ../data/germany.yaml\n```\n"
    (srcdir / "ai-engineer.md").write_text(page)

    site = build_site(srcdir, "html")

    html = (site.outdir / "ai-engineer.html").read_text()
    assert site.warnings == ""
    assert "€141,000" in html
    assert "Average salaries, Germany, June 2026" in html


def test_creating_a_missing_data_file_rereads_the_page(tmp_path: Path) -> None:
    srcdir = write_site(tmp_path)
    page = "# AI Engineer\n\n```{comparison-table}\n:data: ../data/germany.yaml\n```\n"
    (srcdir / "ai-engineer.md").write_text(page)
    assert "does not exist" in build_site(srcdir, "html").warnings

    (tmp_path / "data" / "germany.yaml").write_text(TEST_DATA.replace("USD", "EUR"))
    rebuilt = build_site(srcdir)
    assert rebuilt.warnings == ""
    reread, outdir = rebuilt.read, rebuilt.outdir

    assert "ai-engineer" in reread
    assert "€141,000" in (outdir / "ai-engineer.html").read_text()


def test_tightening_the_schema_rereads_pages_that_use_data(tmp_path: Path) -> None:
    srcdir = write_site(tmp_path)
    build_site(srcdir, "html")
    schema_file = tmp_path / "data" / "salaries.schema.json"
    schema_file.write_text(schema_file.read_text().replace('"maximum": 1000000000', '"maximum": 1'))

    site = build_site(srcdir, "html")

    assert "must be at most 1, not 141000" in site.warnings
    assert "These figures are unavailable" in (site.outdir / "ai-engineer.html").read_text()


def test_amounts_with_cents_show_the_currencys_digits(tmp_path: Path) -> None:
    srcdir = write_site(tmp_path, data=TEST_DATA.replace("salary: 141000", "salary: 68250.5"))

    site = build_site(srcdir, "html")

    assert site.warnings == ""
    table = visible_text(article_body(site.outdir / "ai-engineer.html"))
    assert "AI Engineer $68,250.50" in table
    assert "ML Engineer $146,000" in table
    prose = visible_text(article_body(site.outdir / "ml-engineer.html"))
    assert "Paid +$77,749.50 (+113.9%) more." in prose
