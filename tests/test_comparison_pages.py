"""Role-vs-role comparison pages: generated for each pair of the data file no post compares.

The small site tests/roots/test-comparisons has a page per role, each with a
role-comparisons list, and three posts: one about all three roles, one about
exactly two (which takes their pair's page) and one about one role. Its data
file is the labelled example file with a third role and a second pair; every
figure, skill and link expected here comes from that file and the posts' front
matter.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from test_incremental import comparable, fresh_build_of

from helpers import (
    REPO,
    BuiltSite,
    article_body,
    build_site,
    make_production,
    output_files,
    visible_text,
    warning_lines,
)
from site_sources import average, english, find_role
from valenx_kb.data import Dataset, Role, load_dataset

ROOT = REPO / "tests" / "roots" / "test-comparisons"
EXAMPLE = REPO / "data" / "examples" / "salaries-example.yaml"
SCHEMA = REPO / "data" / "salaries.schema.json"
BASE = "https://example.org/kb/"  # html_baseurl of the test site
# A production build on a day after every post's date.
# The third role the test site adds to the example file, and the pair it is compared in.
THIRD_ROLE = """\
  - id: example-writer
    title: Example Writer
    salary: 64000
    skills: [Writing, SQL]
    summary: A third made-up role, for the comparison tests.
    page: roles/example-writer

"""
THIRD_PAIR = "  - [example-engineer, example-writer]\n"
TITLE = "{first} vs {second}: salaries and skills"  # the generated page's title, as the issue asks


def copy_root(destination: Path) -> Path:
    """The test site under destination, its data the example file and a third role; its docs/."""
    shutil.copytree(ROOT, destination)
    data = destination / "data"
    data.mkdir()
    shutil.copy(SCHEMA, data)
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count("\ncomparisons:\n") == 1, "the example file lists no comparisons"
    roles_end = text.index("\ncomparisons:\n")
    text = text[:roles_end] + "\n" + THIRD_ROLE + text[roles_end + 1 :]
    text = text.replace("\ncomparisons:\n", "\ncomparisons:\n" + THIRD_PAIR)
    (data / "salaries.yaml").write_text(text, encoding="utf-8")
    return destination / "docs"


@pytest.fixture(autouse=True)
def production(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build of a test is a production build on the same day."""
    make_production(monkeypatch)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite]:
    """The unchanged test site, built once: its docs/ folder and the build."""
    docs = copy_root(tmp_path_factory.mktemp("comparisons") / "site")
    return docs, build_site(docs)


@dataclass(frozen=True)
class SourcePost:
    """A post of the test site as its source says."""

    docname: str
    title: str
    roles: frozenset[str]
    updated: str


def source_posts(docs: Path) -> list[SourcePost]:
    """The test site's posts, newest first (then by name), as listings order them."""
    posts = []
    for path in sorted((docs / "posts").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("---\n")[1])
        title = next(line[2:] for line in text.splitlines() if line.startswith("# "))
        docname = path.relative_to(docs).with_suffix("").as_posix()
        posts.append(SourcePost(docname, title, frozenset(meta["roles"]), str(meta["updated"])))
    return sorted(posts, key=lambda post: post.updated, reverse=True)


@dataclass(frozen=True)
class Expected:
    """What the site should show for one pair of the data file."""

    first: Role
    second: Role
    post: SourcePost | None  # the post about exactly these two roles, which takes the page's place
    about_both: list[SourcePost]

    @property
    def page(self) -> str:
        """The generated page's name."""
        return f"compare/{self.first.id}-vs-{self.second.id}"

    @property
    def title(self) -> str:
        """The generated page's title."""
        return TITLE.format(first=self.first.title, second=self.second.title)


def site_data(docs: Path) -> Dataset:
    """The test site's data file as it is now."""
    return load_dataset(docs.parent / "data" / "salaries.yaml", SCHEMA)


def expected_pairs(docs: Path) -> list[Expected]:
    """Each pair of the data file, with the post that compares it and the posts about both."""
    data, posts = site_data(docs), source_posts(docs)
    pairs = []
    for first_id, second_id in data.comparisons:
        both = [post for post in posts if {first_id, second_id} <= post.roles]
        exact = [post for post in both if post.roles == {first_id, second_id}]
        first, second = find_role(data, first_id), find_role(data, second_id)
        pairs.append(Expected(first, second, exact[0] if exact else None, both))
    return pairs


def html_file(outdir: Path, page: str) -> Path:
    """The file an html build writes a page to."""
    return outdir / f"{page}.html"


def links(element: Tag) -> list[tuple[str, str]]:
    """Each link's text and address, in order."""
    return [(visible_text(link), str(link["href"])) for link in element.find_all("a", href=True)]


def table_rows(body: Tag) -> list[list[str]]:
    """The text of each row of the page's first table, header first."""
    table = body.find("table")
    assert isinstance(table, Tag)
    return [[visible_text(cell) for cell in row.find_all(["th", "td"])] for row in table("tr")]


def generated(docs: Path) -> list[Expected]:
    """The pairs that get a generated page: those no post compares."""
    pairs = [pair for pair in expected_pairs(docs) if pair.post is None]
    assert pairs, "the test site needs a pair no post compares"
    return pairs


def test_the_example_file_lists_a_pair_of_its_roles() -> None:
    data = load_dataset(EXAMPLE, SCHEMA)

    assert data.comparisons
    for pair in data.comparisons:
        assert all(data.role(role_id) is not None for role_id in pair)


def test_a_generated_page_shows_the_table_with_the_difference(
    built: tuple[Path, BuiltSite],
) -> None:
    docs, site = built
    fmt = english(site_data(docs))

    assert warning_lines(site.warnings, docs) == []
    for pair in generated(docs):
        page = html_file(site.outdir, pair.page)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        body = article_body(page)
        assert visible_text(body.h1 or body) == pair.title
        assert soup.title is not None
        assert soup.title.get_text().startswith(pair.title)
        first, second = pair.first, pair.second
        assert table_rows(body) == [
            ["Job Title", "Average Salary", "Required Skills", f"Difference vs {first.title}"],
            [first.title, fmt.money(first.salary), ", ".join(first.skills), "baseline"],
            [
                second.title,
                fmt.money(second.salary),
                ", ".join(second.skills),
                fmt.difference(average(second), average(first)),
            ],
        ]
        # The chart: highest salary first, each figure as text.
        bars = sorted([first, second], key=lambda role: -average(role))
        text = visible_text(body)
        assert " ".join(f"{role.title}: {fmt.money(role.salary)}" for role in bars) in text
        # The table's data can be downloaded, as under every comparison table.
        links = body.select(".valenx-downloads a")
        assert [link.get_text() for link in links] == ["CSV", "JSON", "JSON Schema"]
        for link in links:
            assert (page.parent / str(link["href"])).resolve().is_file(), link["href"]


def test_a_generated_page_shows_shared_and_distinct_skills(built: tuple[Path, BuiltSite]) -> None:
    docs, site = built

    for pair in generated(docs):
        body = article_body(html_file(site.outdir, pair.page))
        skills = body.find("dl", class_="valenx-skills")
        assert isinstance(skills, Tag)
        shown = dict(
            zip(
                (visible_text(term) for term in skills("dt")),
                (visible_text(text) for text in skills("dd")),
                strict=True,
            )
        )
        first, second = pair.first.skills, pair.second.skills
        shared = [skill for skill in first if skill in second]
        assert shared, "the test data needs a shared skill"
        assert shown == {
            "Both roles ask for": ", ".join(shared),
            f"Only {pair.first.title} asks for": ", ".join(s for s in first if s not in second),
            f"Only {pair.second.title} asks for": ", ".join(s for s in second if s not in first),
        }


def test_a_generated_page_links_to_each_role_and_the_posts_about_both(
    built: tuple[Path, BuiltSite],
) -> None:
    docs, site = built

    for pair in generated(docs):
        body = article_body(html_file(site.outdir, pair.page))
        shown = links(body)
        for role in (pair.first, pair.second):
            assert (role.title, f"../{role.page}.html") in shown
        assert pair.about_both, "the test site needs a post about both roles of a generated pair"
        cards = body.find("div", class_="valenx-cards")
        assert isinstance(cards, Tag)
        assert links(cards) == [(post.title, f"../{post.docname}.html") for post in pair.about_both]


def test_role_pages_list_their_comparisons_and_a_post_takes_its_pairs_place(
    built: tuple[Path, BuiltSite],
) -> None:
    docs, site = built
    pairs = expected_pairs(docs)
    assert any(pair.post is not None for pair in pairs), "the test site needs a covered pair"

    for role in site_data(docs).roles:
        body = article_body(html_file(site.outdir, role.page))
        listed = body.find("ul", class_="valenx-comparisons")
        expected = [
            (pair.post.title, f"../{pair.post.docname}.html")
            if pair.post is not None
            else (pair.title, f"../{pair.page}.html")
            for pair in pairs
            if role in (pair.first, pair.second)
        ]
        assert (links(listed) if isinstance(listed, Tag) else []) == expected
    for pair in pairs:
        assert html_file(site.outdir, pair.page).is_file() == (pair.post is None)


def test_the_sitemap_lists_the_generated_pages(built: tuple[Path, BuiltSite]) -> None:
    docs, site = built
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(site.outdir / "sitemap.xml").getroot()
    listed = {loc.text for loc in root.findall("s:url/s:loc", namespace)}

    for pair in expected_pairs(docs):
        assert (f"{BASE}{pair.page}.html" in listed) == (pair.post is None)


def test_other_builders_list_the_posts_only(tmp_path: Path) -> None:
    docs = copy_root(tmp_path / "site")
    site = build_site(docs, "text")

    assert warning_lines(site.warnings, docs) == []
    for role in site_data(docs).roles:
        text = (site.outdir / f"{role.page}.txt").read_text(encoding="utf-8")
        for pair in expected_pairs(docs):
            if role in (pair.first, pair.second):
                assert pair.title not in text
                assert pair.post is None or pair.post.title in text
    assert not (site.outdir / "compare").exists()


def edit(path: Path, old: str, new: str) -> None:
    """Replace text, which must be there once, in a file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_salary_edit_updates_the_page_as_a_fresh_build_would(tmp_path: Path) -> None:
    docs = copy_root(tmp_path / "site")
    build_site(docs)
    pair = generated(docs)[0]
    data_file = docs.parent / "data" / "salaries.yaml"
    edit(
        data_file,
        f"    salary: {average(pair.first)}\n",
        f"    salary: {average(pair.first) + 5}\n",
    )

    site = build_site(docs)

    first = find_role(site_data(docs), pair.first.id)
    fmt = english(site_data(docs))
    rows = table_rows(article_body(html_file(site.outdir, pair.page)))
    assert rows[1][1] == fmt.money(first.salary)
    assert rows[2][3] == fmt.difference(average(pair.second), average(first))
    assert comparable(output_files(site.outdir)) == fresh_build_of(docs, tmp_path)


def test_editing_another_roles_salary_leaves_the_page_as_it_was(tmp_path: Path) -> None:
    docs = copy_root(tmp_path / "site")
    first_build = build_site(docs)
    pair = generated(docs)[0]
    page = html_file(first_build.outdir, pair.page)
    written = page.stat().st_mtime_ns
    other = next(role for role in site_data(docs).roles if role not in (pair.first, pair.second))
    data_file = docs.parent / "data" / "salaries.yaml"
    edit(data_file, f"    salary: {average(other)}\n", f"    salary: {average(other) + 5}\n")

    site = build_site(docs)

    assert page.stat().st_mtime_ns == written
    assert comparable(output_files(site.outdir)) == fresh_build_of(docs, tmp_path)


def test_a_comment_in_the_data_file_leaves_the_page_as_it_was(tmp_path: Path) -> None:
    docs = copy_root(tmp_path / "site")
    first_build = build_site(docs)
    page = html_file(first_build.outdir, generated(docs)[0].page)
    written = page.stat().st_mtime_ns
    data_file = docs.parent / "data" / "salaries.yaml"
    data_file.write_text("# A new first line.\n" + data_file.read_text(encoding="utf-8"))

    build_site(docs)

    assert page.stat().st_mtime_ns == written


def test_a_page_gone_from_the_output_is_written_again_as_a_fresh_build_writes_it(
    tmp_path: Path,
) -> None:
    docs = copy_root(tmp_path / "site")
    first_build = build_site(docs)
    page = html_file(first_build.outdir, generated(docs)[0].page)
    page.unlink()

    site = build_site(docs)  # writes no page with a source

    assert site.written == []
    assert page.is_file()
    assert comparable(output_files(site.outdir)) == fresh_build_of(docs, tmp_path)


def set_roles(docs: Path, docname: str, roles: list[str]) -> None:
    """Give a post other roles in its front matter; its title and text stay as they are."""
    path = docs / f"{docname}.md"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(number for number, line in enumerate(lines) if line.startswith("roles: "))
    lines[at] = f"roles: [{', '.join(roles)}]\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_a_post_that_comes_to_be_about_both_joins_the_page_as_a_fresh_build_would(
    tmp_path: Path,
) -> None:
    docs = copy_root(tmp_path / "site")
    build_site(docs)
    pair = generated(docs)[0]
    covering = {found.post for found in expected_pairs(docs)}
    post = next(p for p in source_posts(docs) if p not in pair.about_both and p not in covering)
    third = next(role for role in site_data(docs).roles if role not in (pair.first, pair.second))
    set_roles(docs, post.docname, [pair.first.id, pair.second.id, third.id])

    site = build_site(docs)

    assert site.read == [post.docname]  # the page changes without a page of its own re-read
    assert warning_lines(site.warnings, docs.parent) == []
    now = next(found for found in expected_pairs(docs) if found.page == pair.page)
    assert post.docname in [found.docname for found in now.about_both]
    cards = article_body(html_file(site.outdir, pair.page)).find("div", class_="valenx-cards")
    assert isinstance(cards, Tag)
    assert links(cards) == [(found.title, f"../{found.docname}.html") for found in now.about_both]
    assert comparable(output_files(site.outdir)) == fresh_build_of(docs, tmp_path)


def assert_the_post_takes_the_pairs_place(
    site: BuiltSite, pair: Expected, post: SourcePost
) -> None:
    """No page is generated for the pair, and both roles' lists link to the post instead."""
    assert not html_file(site.outdir, pair.page).exists()
    for role in (pair.first, pair.second):
        listed = article_body(html_file(site.outdir, role.page)).find("ul")
        assert isinstance(listed, Tag)
        assert (post.title, f"../{post.docname}.html") in links(listed)
        assert (pair.title, f"../{pair.page}.html") not in links(listed)


def test_a_post_that_comes_to_compare_exactly_the_pair_takes_its_place_as_a_fresh_build_would(
    tmp_path: Path,
) -> None:
    docs = copy_root(tmp_path / "site")
    first_build = build_site(docs)
    pair = generated(docs)[0]
    assert html_file(first_build.outdir, pair.page).is_file()
    post = pair.about_both[0]
    set_roles(docs, post.docname, [pair.second.id, pair.first.id])

    site = build_site(docs)

    assert site.read == [post.docname]  # the role pages are re-written, not re-read
    assert_the_post_takes_the_pairs_place(site, pair, post)
    assert comparable(output_files(site.outdir)) == fresh_build_of(docs, tmp_path)


def test_a_post_that_says_it_compares_the_pair_takes_its_place_as_a_fresh_build_would(
    tmp_path: Path,
) -> None:
    docs = copy_root(tmp_path / "site")
    build_site(docs)
    pair = generated(docs)[0]
    # A post about more roles than the two: only its 'compares' makes it the pair's page.
    post = next(post for post in pair.about_both if len(post.roles) > 2)
    path = docs / f"{post.docname}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("\nroles: ", f"\ncompares: [{pair.first.id}, {pair.second.id}]\nroles: ", 1),
        encoding="utf-8",
    )

    site = build_site(docs)

    assert warning_lines(site.warnings, docs) == []
    assert_the_post_takes_the_pairs_place(site, pair, post)
    assert comparable(output_files(site.outdir)) == fresh_build_of(docs, tmp_path)


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    serial = build_site(copy_root(tmp_path / "serial"))
    parallel = build_site(copy_root(tmp_path / "parallel"), parallel=2)

    assert output_files(parallel.outdir) == output_files(serial.outdir)


@pytest.mark.parametrize(
    ("page", "old", "new", "warning"),
    [
        pytest.param(
            "index",
            "```{toctree}",
            "```{role-comparisons}\n```\n\n```{toctree}",
            "ROOT/docs/index.md:3: WARNING: role-comparisons is on a page that is no role's "
            "'page' in the data file: name the role it lists, one of: example-analyst, "
            "example-engineer, example-writer. [valenx.usage]",
            id="a list on another page, naming no role",
        ),
        pytest.param(
            "index",
            "```{toctree}",
            "```{role-comparisons} example-poet\n```\n\n```{toctree}",
            "ROOT/docs/index.md:3: WARNING: unknown role 'example-poet' in "
            "role-comparisons; the data file has: example-analyst, example-engineer, "
            "example-writer. [valenx.unknown_role]",
            id="an unknown role",
        ),
    ],
)
def test_a_list_that_cannot_work_warns_on_every_build(
    page: str, old: str, new: str, warning: str, tmp_path: Path
) -> None:
    docs = copy_root(tmp_path / "site")
    edit(docs / f"{page}.md", old, new)

    for _ in range(2):  # the second build reads no page
        site = build_site(docs)
        assert warning_lines(site.warnings, docs.parent) == [warning]


def test_a_pair_without_both_averages_compares_medians(tmp_path: Path) -> None:
    docs = copy_root(tmp_path / "site")
    pair = next(
        pair
        for pair in generated(docs)
        if pair.first.percentiles
        and pair.second.percentiles
        and pair.first.percentiles.median
        and pair.second.percentiles.median
    )
    edit(docs.parent / "data" / "salaries.yaml", f"    salary: {average(pair.first)}\n", "")

    site = build_site(docs)

    first, second = (find_role(site_data(docs), role.id) for role in (pair.first, pair.second))
    assert first.salary is None
    fmt = english(site_data(docs))
    body = article_body(html_file(site.outdir, pair.page))
    medians = [role.overall.statistic("median") for role in (first, second)]
    assert table_rows(body)[0] == ["Job Title", "Median Salary", "Required Skills"]
    assert [row[1] for row in table_rows(body)[1:]] == [fmt.money(m) for m in medians if m]
    text = visible_text(body)
    for role, median in zip((first, second), medians, strict=True):
        assert median is not None
        assert f"{role.title}: median {fmt.money(median)}" in text
    assert warning_lines(site.warnings, docs) == []
