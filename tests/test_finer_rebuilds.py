"""An edit of a data file re-reads only the pages that show what changed.

The small site tests/roots/test-finer-rebuilds has a page per part of the example
data file (data/examples/salaries-example.yaml, copied as the site's data and as
a second file its :data: tables name): each role's page, a table of every role,
a page quoting the data's month, one role and every role of the second file, and
a page with no figures. Each test edits the data, builds again, and checks the
pages read (Sphinx's "reading sources" lines), the figures shown, and that the
output equals a fresh build's.
"""

import shutil
from datetime import date
from pathlib import Path

import pytest
from test_incremental import comparable, fresh_build_of

from helpers import REPO, BuiltSite, article_body, build_site, output_files, visible_text
from site_sources import average
from valenx_kb.data import Dataset, load_dataset
from valenx_kb.data_digests import DataUse, dataset_digests, pages_to_reread
from valenx_kb.formatting import formatter_for

ROOT = REPO / "tests" / "roots" / "test-finer-rebuilds"
SCHEMA = REPO / "data" / "salaries.schema.json"
EXAMPLE_FILE = REPO / "data" / "examples" / "salaries-example.yaml"
EXAMPLE = load_dataset(EXAMPLE_FILE, SCHEMA)
ANALYST, ENGINEER = EXAMPLE.roles[0], EXAMPLE.roles[1]

# The pages of the test site by what they show of the site's data file (data/salaries.yaml).
ROLE_PAGES = {role.id: role.page for role in (ANALYST, ENGINEER)}  # each quotes its role
EVERY_ROLE = "every-role"  # a comparison table of every role
MONTH = "month"  # {dataset}`as-of` only
SITE_USERS = {*ROLE_PAGES.values(), EVERY_ROLE, MONTH}
# ...and of the second data file (data/other.yaml), which :data: names.
OTHER_ENGINEER = "other-engineer"  # a table of one role
OTHER_EVERY_ROLE = "other-every-role"  # a table of every role
OTHER_USERS = {OTHER_ENGINEER, OTHER_EVERY_ROLE}

# A role the example file does not have, and a page that quotes it.
DESIGNER = "example-designer"
DESIGNER_PAGE = "designer"
DESIGNER_ROLE = f"""\
  - id: {DESIGNER}
    title: Example Designer
    salary: 65000
    skills: [Sketching]
    summary: A made-up role added by a test.
    page: {DESIGNER_PAGE}
"""


def data_file(srcdir: Path, name: str = "salaries.yaml") -> Path:
    """A data file of the test site."""
    return srcdir.parent / "data" / name


def edit(path: Path, old: str, new: str) -> None:
    """Replace text that occurs exactly once in a file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def salary_line(role_id: str) -> str:
    """The line giving a role's average in the example file, e.g. "salary: 70000"."""
    role = EXAMPLE.role(role_id)
    assert role is not None
    return f"salary: {role.salary}"


def next_month() -> date:
    """The month after the example data's."""
    as_of = EXAMPLE.as_of
    return date(as_of.year + as_of.month // 12, as_of.month % 12 + 1, 1)


def money(amount: int) -> str:
    """An amount as the test site (English, the example's currency) shows it."""
    return formatter_for(None, EXAMPLE.currency).money(amount)


def text_of(site: BuiltSite, page: str) -> str:
    """What a reader sees of a built page's main content."""
    return visible_text(article_body(site.outdir / f"{page}.html"))


def copy_site(destination: Path) -> Path:
    """The test site under destination, with the example file as both data files; its docs/."""
    shutil.copytree(ROOT, destination)
    (destination / "data").mkdir()
    shutil.copy(SCHEMA, destination / "data")
    for name in ("salaries.yaml", "other.yaml"):
        shutil.copy(EXAMPLE_FILE, destination / "data" / name)
    return destination / "docs"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The test site, built once; its docs/ folder."""
    srcdir = copy_site(tmp_path / "site")
    first = build_site(srcdir)
    assert first.warnings == ""
    assert set(first.read) >= SITE_USERS | OTHER_USERS
    return srcdir


def test_no_edit_reads_nothing(site: Path) -> None:
    assert build_site(site).read == []


def test_one_role_edit_reads_the_pages_citing_it_and_tables_of_every_role(
    site: Path, tmp_path: Path
) -> None:
    new_salary = int(average(ANALYST)) + 1_000
    edit(data_file(site), salary_line(ANALYST.id), f"salary: {new_salary}")

    second = build_site(site)

    assert set(second.read) == {ROLE_PAGES[ANALYST.id], EVERY_ROLE}
    assert money(new_salary) in text_of(second, ROLE_PAGES[ANALYST.id])
    assert money(new_salary) in text_of(second, EVERY_ROLE)
    assert comparable(output_files(second.outdir)) == fresh_build_of(site, tmp_path)


def test_an_edit_that_moves_other_roles_lines_reads_only_its_role_s_pages(
    site: Path, tmp_path: Path
) -> None:
    # A line more in the first role: every role after it moves down a line.
    old = f"    page: {ANALYST.page}\n"
    edit(data_file(site), old, f"{old}    source: {EXAMPLE.sources[0].id}\n")

    second = build_site(site)

    assert set(second.read) == {ROLE_PAGES[ANALYST.id], EVERY_ROLE}
    assert comparable(output_files(second.outdir)) == fresh_build_of(site, tmp_path)


def test_a_comment_reads_nothing(site: Path) -> None:
    path = data_file(site)
    path.write_text("# A comment moves every line.\n" + path.read_text("utf-8"), "utf-8")

    assert build_site(site).read == []


def test_a_new_comparison_reads_no_page(site: Path, tmp_path: Path) -> None:
    path = data_file(site)
    text = path.read_text("utf-8")
    assert "\ncomparisons:\n" in text
    first, second = (role.id for role in EXAMPLE.roles[:2])
    # The pair again, reversed, is refused; so the file's pair is replaced by another order.
    edited = text.replace(f"  - [{first}, {second}]\n", f"  - [{second}, {first}]\n")
    assert edited != text
    path.write_text(edited, "utf-8")

    second_build = build_site(site)

    assert second_build.read == []
    assert comparable(output_files(second_build.outdir)) == fresh_build_of(site, tmp_path)


def test_a_shared_field_edit_reads_every_page_using_the_file(site: Path, tmp_path: Path) -> None:
    month = next_month()
    edit(data_file(site), f"as_of: {EXAMPLE.as_of:%Y-%m}", f"as_of: {month:%Y-%m}")

    second = build_site(site)

    assert set(second.read) == SITE_USERS
    shown = formatter_for(None, EXAMPLE.currency).month(month)
    assert shown in text_of(second, MONTH)
    assert comparable(output_files(second.outdir)) == fresh_build_of(site, tmp_path)


def test_the_other_file_s_edits_read_only_its_own_pages(site: Path, tmp_path: Path) -> None:
    new_salary = int(average(ANALYST)) + 500
    edit(data_file(site, "other.yaml"), salary_line(ANALYST.id), f"salary: {new_salary}")

    role_edit = build_site(site)
    edit(data_file(site, "other.yaml"), "\nroles:\n", f"\nroles:\n{DESIGNER_ROLE}")
    added = build_site(site)
    edit(
        data_file(site, "other.yaml"),
        f"as_of: {EXAMPLE.as_of:%Y-%m}",
        f"as_of: {next_month():%Y-%m}",
    )
    shared_edit = build_site(site)

    assert set(role_edit.read) == {OTHER_EVERY_ROLE}
    assert money(new_salary) in text_of(role_edit, OTHER_EVERY_ROLE)
    assert set(added.read) == {OTHER_EVERY_ROLE}
    assert "Example Designer" in text_of(added, OTHER_EVERY_ROLE)
    assert set(shared_edit.read) == OTHER_USERS
    assert comparable(output_files(shared_edit.outdir)) == fresh_build_of(site, tmp_path)


def test_an_unknown_role_warns_on_every_build_until_the_data_adds_it(
    site: Path, tmp_path: Path
) -> None:
    page = site / f"{DESIGNER_PAGE}.md"
    page.write_text(
        f"---\norphan: true\n---\n\n# Example Designer\n\nPaid {{salary}}`{DESIGNER}`.\n",
        encoding="utf-8",
    )
    unknown = f"unknown role '{DESIGNER}'"
    first = build_site(site)
    edit(data_file(site), salary_line(ENGINEER.id), f"salary: {int(average(ENGINEER)) + 1}")
    other_role_edited = build_site(site)
    edit(data_file(site), "\nroles:\n", f"\nroles:\n{DESIGNER_ROLE}")
    added = build_site(site)

    assert unknown in first.warnings
    assert unknown in other_role_edited.warnings
    assert set(other_role_edited.read) == {ROLE_PAGES[ENGINEER.id], EVERY_ROLE, DESIGNER_PAGE}
    assert added.warnings == ""
    assert set(added.read) == {DESIGNER_PAGE, EVERY_ROLE}
    assert money(65000) in text_of(added, DESIGNER_PAGE)
    assert build_site(site).read == []
    assert comparable(output_files(added.outdir)) == fresh_build_of(site, tmp_path)


@pytest.mark.parametrize(
    ("name", "users"), [("salaries.yaml", SITE_USERS), ("other.yaml", OTHER_USERS)]
)
def test_breaking_and_fixing_a_data_file_reads_every_page_using_it(
    site: Path, tmp_path: Path, name: str, users: set[str]
) -> None:
    path = data_file(site, name)
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("\nroles:\n", "\nroles: [\n"), encoding="utf-8")
    broken = build_site(site)
    path.write_text(good, encoding="utf-8")
    fixed = build_site(site)

    assert set(broken.read) >= users
    assert f"{name}:" in broken.warnings
    assert set(fixed.read) == users
    assert fixed.warnings == ""
    assert comparable(output_files(fixed.outdir)) == fresh_build_of(site, tmp_path)


def test_a_missing_data_file_reads_its_pages_when_it_comes_back(site: Path, tmp_path: Path) -> None:
    path = data_file(site, "other.yaml")
    path.unlink()
    missing = build_site(site)
    shutil.copy(EXAMPLE_FILE, path)
    back = build_site(site)

    assert set(missing.read) >= OTHER_USERS
    assert "does not exist" in missing.warnings
    assert set(back.read) == OTHER_USERS
    assert back.warnings == ""
    assert comparable(output_files(back.outdir)) == fresh_build_of(site, tmp_path)


def test_parallel_incremental_build_equals_serial(tmp_path: Path) -> None:
    sites = {jobs: copy_site(tmp_path / f"j{jobs}") for jobs in (1, 2)}
    for jobs, srcdir in sites.items():
        build_site(srcdir, parallel=jobs)
        edit(data_file(srcdir), salary_line(ANALYST.id), f"salary: {int(average(ANALYST)) + 1}")
        edit(data_file(srcdir, "other.yaml"), "\nroles:\n", f"\nroles:\n{DESIGNER_ROLE}")

    serial, parallel = (build_site(sites[jobs], parallel=jobs) for jobs in (1, 2))

    assert parallel.warnings == serial.warnings == ""
    assert output_files(parallel.outdir) == output_files(serial.outdir)


# The digests themselves (data_digests.py), on the example file.


def changed_roles(before: Dataset, after: Dataset) -> set[str]:
    """The role ids whose digests differ between two loads of a data file."""
    old, new = dataset_digests(before).roles, dataset_digests(after).roles
    return {role_id for role_id in old.keys() | new.keys() if old.get(role_id) != new.get(role_id)}


def edited_example(tmp_path: Path, old: str, new: str) -> Dataset:
    """The example data with one edit."""
    path = tmp_path / "edited.yaml"
    shutil.copy(EXAMPLE_FILE, path)
    edit(path, old, new)
    return load_dataset(path, SCHEMA)


def test_an_earlier_edition_s_figure_belongs_to_its_role(tmp_path: Path) -> None:
    edition = EXAMPLE.editions[0]
    figures = edition.figures(ANALYST.id)
    assert figures is not None
    assert figures.average is not None
    lines = EXAMPLE_FILE.read_text(encoding="utf-8").splitlines()
    # The edition's first salary line from its entry for the role on.
    line = next(
        number
        for number in range(figures.line - 1, len(lines))
        if f"salary: {figures.average}" in lines[number]
    )
    lines[line] = lines[line].replace(str(figures.average), str(int(figures.average) + 1))
    path = tmp_path / "edited.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    edited = load_dataset(path, SCHEMA)

    assert changed_roles(EXAMPLE, edited) == {ANALYST.id}
    assert dataset_digests(edited).shared == dataset_digests(EXAMPLE).shared


def test_pages_to_reread_by_what_they_show(tmp_path: Path) -> None:
    new_role = edited_example(tmp_path, "\nroles:\n", f"\nroles:\n{DESIGNER_ROLE}")
    users = {
        "analyst": DataUse({ANALYST.id}),
        "engineer": DataUse({ENGINEER.id}),
        "every-role": DataUse({ANALYST.id, ENGINEER.id}, every_role=True),
        "shared-only": DataUse(),
        "designer": DataUse({DESIGNER}),
    }
    before, after = dataset_digests(EXAMPLE), dataset_digests(new_role)

    assert pages_to_reread(before, before, users) == set()
    assert pages_to_reread(before, after, users) == {"every-role", "designer"}
    assert changed_roles(EXAMPLE, new_role) == {DESIGNER}
