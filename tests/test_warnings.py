"""Bad input gives exactly one clear warning at the right file and line, never a traceback."""

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import TEST_DATA, TEST_PAGES, BuiltSite, warning_lines, write_site

DATA = "ROOT/data/salaries.yaml"
AI_PAGE = "ROOT/docs/ai-engineer.md"
ML_PAGE = "ROOT/docs/ml-engineer.md"

# (case, data file contents, expected warning). Line numbers refer to helpers.TEST_DATA.
DATA_CASES: list[tuple[str, str | bytes | None, str]] = [
    (
        "yaml-syntax-error",
        TEST_DATA.replace("region: United States", "region: [United States"),
        f"{DATA}:5: WARNING: YAML syntax error: expected ',' or ']', but got ':'.",
    ),
    (
        "missing-field",
        TEST_DATA.replace("    salary: 146000\n", ""),
        f"{DATA}:15: WARNING: 'roles[1]' is missing the field 'salary'. Add it.",
    ),
    (
        "wrong-type",
        TEST_DATA.replace("salary: 141000", "salary: 141k"),
        f"{DATA}:11: WARNING: 'roles[0].salary' must be a whole number, not \"141k\".",
    ),
    (
        "negative-salary",
        TEST_DATA.replace("salary: 141000", "salary: -141000"),
        f"{DATA}:11: WARNING: 'roles[0].salary' must be greater than 0, not -141000.",
    ),
    (
        "zero-salary",
        TEST_DATA.replace("salary: 146000", "salary: 0"),
        f"{DATA}:17: WARNING: 'roles[1].salary' must be greater than 0, not 0.",
    ),
    (
        "duplicate-id",
        TEST_DATA.replace("id: ml-engineer", "id: ai-engineer"),
        f"{DATA}:15: WARNING: the role id 'ai-engineer' is used twice. Give each role its own id.",
    ),
    (
        "unknown-currency",
        TEST_DATA.replace("currency: USD", "currency: XXZ"),
        f"{DATA}:6: WARNING: 'dataset.currency' 'XXZ' is not a currency code. "
        "Use ISO 4217, e.g. USD.",
    ),
    (
        "impossible-month",
        TEST_DATA.replace("as_of: 2026-06", "as_of: 2026-13"),
        f"{DATA}:3: WARNING: 'dataset.as_of' '2026-13' is not a real month. "
        "Write it as YYYY-MM, e.g. 2026-06.",
    ),
    (
        "month-in-words",
        TEST_DATA.replace("as_of: 2026-06", "as_of: June 2026"),
        f"{DATA}:3: WARNING: 'dataset.as_of' has the wrong form: \"June 2026\". "
        "Write it as YYYY-MM, e.g. 2026-06.",
    ),
    (
        "empty-file",
        "",
        f"{DATA}:1: WARNING: the file is empty. It needs a 'dataset' and a list of 'roles'.",
    ),
    (
        "comments-only",
        "# nothing here yet\n",
        f"{DATA}:1: WARNING: the file is empty. It needs a 'dataset' and a list of 'roles'.",
    ),
    (
        "file-missing",
        None,
        f"WARNING: {DATA}: cannot read salaries.yaml (No such file or directory). "
        "Check valenx_data_file and valenx_schema_file in conf.py.",
    ),
    (
        "not-utf8",
        TEST_DATA.replace("Test figures.", "Caf\xe9 figures.").encode("latin-1"),
        f"{DATA}:7: WARNING: the file is not valid UTF-8 text. Save it with the UTF-8 encoding.",
    ),
    (
        "alias-bomb",
        TEST_DATA + 'a: &a ["lol", "lol"]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n',
        f"{DATA}:21: WARNING: anchors and aliases (&name, *name) are not allowed. "
        "Write the value out.",
    ),
    (
        "duplicate-key",
        TEST_DATA.replace("    summary: Builds ML models.", "    salary: 1\n    summary: x"),
        f"{DATA}:19: WARNING: the key 'salary' appears twice here. Keep only one.",
    ),
    (
        "misspelt-field",
        TEST_DATA.replace("    skills: [Python, R,", "    skils: [Python, R,"),
        f"{DATA}:15: WARNING: 'roles[1]' is missing the field 'skills'. Add it.",
    ),
    (
        "unsafe-link",
        TEST_DATA.replace("  source: Test", "  source_url: javascript:alert(1)\n  source: Test"),
        f"{DATA}:7: WARNING: 'dataset.source_url' must be an http, https or mailto link, "
        "or a relative one, not 'javascript:alert(1)'.",
    ),
    (
        "two-documents",
        TEST_DATA + "---\nroles: []\n",
        f"{DATA}:21: WARNING: YAML syntax error: expected a single document in the stream "
        "but found another document.",
    ),
    (
        "list-at-top",
        "- ai-engineer\n- ml-engineer\n",
        f'{DATA}:1: WARNING: the file must be a mapping of fields, not ["ai-engineer", '
        '"ml-engineer"].',
    ),
    (
        "python-tag",
        TEST_DATA.replace("title: AI Engineer", "title: !!python/object/apply:os.system [ls]"),
        f"{DATA}:10: WARNING: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "is not allowed. Remove it.",
    ),
    (
        "no-skills",
        TEST_DATA.replace("[Python, R, TensorFlow, PyTorch]", "[]"),
        f"{DATA}:18: WARNING: 'roles[1].skills' must list at least 1 item(s).",
    ),
    (
        "impossible-date",
        TEST_DATA.replace("as_of: 2026-06", "as_of: 2026-02-30"),
        f"{DATA}:3: WARNING: cannot read '2026-02-30' as a date. Fix the value or quote it.",
    ),
    (
        "bad-int-tag",
        TEST_DATA.replace("salary: 141000", "salary: !!int abc"),
        f"{DATA}:11: WARNING: cannot read 'abc' as a whole number. Fix the value or quote it.",
    ),
    (
        "huge-salary",
        TEST_DATA.replace("salary: 141000", "salary: 0x" + "f" * 5000),
        f"{DATA}:11: WARNING: the number '0x{'f' * 35}...' is too large. Check the value.",
    ),
    (
        "salary-above-maximum",
        TEST_DATA.replace("salary: 141000", "salary: 2000000000"),
        f"{DATA}:11: WARNING: 'roles[0].salary' must be at most 1,000,000,000, not 2000000000.",
    ),
    (
        "unknown-field",
        TEST_DATA.replace("    page: ml-engineer", "    page: ml-engineer\n    bonus: 5000"),
        f"{DATA}:21: WARNING: 'roles[1]' has a field the schema does not know: 'bonus'. "
        "Check its spelling or remove it.",
    ),
    (
        "id-with-line-break",
        TEST_DATA.replace("id: ml-engineer", 'id: "ml-engineer\\n"'),
        f"{DATA}:15: WARNING: 'roles[1].id' 'ml-engineer\\n' starts or ends with a space or "
        "line break. Remove it.",
    ),
    (
        "link-hidden-behind-control-character",
        TEST_DATA.replace(
            "  source: Test", '  source_url: "\\u0001javascript:alert(1)"\n  source: Test'
        ),
        f"{DATA}:7: WARNING: 'dataset.source_url' must be an http, https or mailto link, "
        "or a relative one, not '\\x01javascript:alert(1)'.",
    ),
    (
        "page-escapes-docs",
        TEST_DATA.replace("page: ml-engineer", "page: ../../etc/passwd"),
        f"{DATA}:20: WARNING: 'roles[1].page' has the wrong form: \"../../etc/passwd\". "
        "Use a path like roles/ai-engineer.",
    ),
]

# (case, page name, page text, expected warning): misuse in a page points at the page's line.
PAGE_CASES = [
    (
        "unknown-role-in-table",
        "ai-engineer",
        "# AI Engineer\n\n```{comparison-table}\n:roles: ai-engineer, data-wizard\n```\n",
        f"{AI_PAGE}:3: WARNING: unknown role 'data-wizard'; "
        "the data file salaries.yaml has: ai-engineer, ml-engineer.",
    ),
    (
        "unknown-column",
        "ai-engineer",
        "# AI Engineer\n\n```{comparison-table}\n:columns: title, bonus\n```\n",
        f"{AI_PAGE}:3: WARNING: unknown column 'bonus' in :columns:; "
        "use any of: title, salary, skills, summary, difference.",
    ),
    (
        "unknown-sort",
        "ai-engineer",
        "# AI Engineer\n\n```{salary-chart}\n:sort: random\n```\n",
        f"{AI_PAGE}:3: WARNING: unknown :sort: value 'random'; "
        "use one of: listed, salary-desc, salary-asc, title.",
    ),
    (
        "unknown-baseline",
        "ai-engineer",
        "# AI Engineer\n\n```{comparison-table}\n:baseline: ceo\n```\n",
        f"{AI_PAGE}:3: WARNING: unknown role 'ceo'; "
        "the data file salaries.yaml has: ai-engineer, ml-engineer.",
    ),
    (
        "difference-without-baseline",
        "ai-engineer",
        "# AI Engineer\n\n```{comparison-table}\n:columns: title, difference\n```\n",
        f"{AI_PAGE}:3: WARNING: the 'difference' column needs a :baseline: role to compare with.",
    ),
    (
        "data-outside-project",
        "ai-engineer",
        "# AI Engineer\n\n```{comparison-table}\n:data: ../../outside.yaml\n```\n",
        f"{AI_PAGE}:3: WARNING: the data file '../../outside.yaml' is outside the project "
        "folder ROOT. Keep data files under data/.",
    ),
    (
        "other-data-missing",
        "ai-engineer",
        "# AI Engineer\n\n```{comparison-table}\n:data: ../data/other.yaml\n```\n",
        f"{AI_PAGE}:3: WARNING: the data file '../data/other.yaml' does not exist "
        "(ROOT/data/other.yaml).",
    ),
    (
        "unknown-role-inline",
        "ml-engineer",
        "# ML Engineer\n\nText.\n\nPaid {salary}`ml-enginer` a year.\n",
        f"{ML_PAGE}:5: WARNING: unknown role 'ml-enginer'; "
        "the data file salaries.yaml has: ai-engineer, ml-engineer.",
    ),
    (
        "salary-diff-without-vs",
        "ml-engineer",
        "# ML Engineer\n\nPaid {salary-diff}`ml-engineer ai-engineer` more.\n",
        f"{ML_PAGE}:3: WARNING: write {{salary-diff}}`ROLE vs BASELINE`, e.g. "
        "`ml-engineer vs ai-engineer`, not 'ml-engineer ai-engineer'.",
    ),
    (
        "unknown-dataset-field",
        "ml-engineer",
        "# ML Engineer\n\nAs of {dataset}`date`.\n",
        f"{ML_PAGE}:3: WARNING: unknown dataset field 'date'; "
        "use one of: as-of, region, basis, currency, source, title.",
    ),
]


@pytest.mark.parametrize(
    ("data", "expected"),
    [case[1:] for case in DATA_CASES],
    ids=[case[0] for case in DATA_CASES],
)
def test_bad_data_file_gives_one_warning_at_its_line(
    data: str | bytes | None,
    expected: str,
    tmp_path: Path,
    build: Callable[[Path, str], BuiltSite],
) -> None:
    site = build(write_site(tmp_path, data=data), "html")

    assert warning_lines(site.warnings, tmp_path) == [f"{expected} [valenx.data]"]
    assert "Traceback" not in site.warnings
    # The rest of the site still builds, and readers see why figures are missing.
    assert "This page uses no data." in (site.outdir / "plain.html").read_text()
    assert "These figures are unavailable" in (site.outdir / "ai-engineer.html").read_text()


@pytest.mark.parametrize(
    ("page", "text", "expected"),
    [case[1:] for case in PAGE_CASES],
    ids=[case[0] for case in PAGE_CASES],
)
def test_misuse_in_a_page_gives_one_warning_at_the_page_line(
    page: str, text: str, expected: str, tmp_path: Path, build: Callable[[Path, str], BuiltSite]
) -> None:
    site = build(write_site(tmp_path, pages={**TEST_PAGES, page: text}), "html")

    subtype = "usage"
    if "unknown role" in expected:
        subtype = "unknown_role"
    assert warning_lines(site.warnings, tmp_path) == [f"{expected} [valenx.{subtype}]"]
    assert "This page uses no data." in (site.outdir / "plain.html").read_text()


def test_suppress_warnings_silences_a_subtype(
    tmp_path: Path, build: Callable[[Path, str], BuiltSite]
) -> None:
    srcdir = write_site(tmp_path, data="", conf='suppress_warnings = ["valenx.data"]\n')

    assert build(srcdir, "html").warnings == ""


def test_broken_data_is_reported_again_on_an_unchanged_rebuild(
    tmp_path: Path, build: Callable[[Path, str], BuiltSite]
) -> None:
    srcdir = write_site(tmp_path, data="")
    build(srcdir, "html")

    second = build(srcdir, "html")

    assert len(warning_lines(second.warnings, tmp_path)) == 1


def test_missing_schema_gives_one_warning_not_a_traceback(
    tmp_path: Path, build: Callable[[Path, str], BuiltSite]
) -> None:
    srcdir = write_site(tmp_path, conf='valenx_schema_file = "missing.schema.json"\n')

    site = build(srcdir, "html")

    assert warning_lines(site.warnings, tmp_path) == [
        "WARNING: ROOT/docs/missing.schema.json: cannot read missing.schema.json (No such file "
        "or directory). Check valenx_data_file and valenx_schema_file in conf.py. [valenx.data]"
    ]
    assert "This page uses no data." in (site.outdir / "plain.html").read_text()


def test_broken_other_data_file_is_reported_once_per_page(
    tmp_path: Path, build: Callable[[Path, str], BuiltSite]
) -> None:
    srcdir = write_site(tmp_path)
    (tmp_path / "data" / "other.yaml").write_text(TEST_DATA.replace("141000", "-1"))
    directive = "```{comparison-table}\n:data: ../data/other.yaml\n```\n\n"
    (srcdir / "ai-engineer.md").write_text("# AI Engineer\n\n" + directive * 3)

    site = build(srcdir, "html")

    assert warning_lines(site.warnings, tmp_path) == [
        "ROOT/data/other.yaml:11: WARNING: 'roles[0].salary' must be greater than 0, not -1. "
        "[valenx.data]"
    ]


def test_naming_the_site_data_file_with_data_does_not_repeat_its_warning(
    tmp_path: Path, build: Callable[[Path, str], BuiltSite]
) -> None:
    srcdir = write_site(tmp_path, data=TEST_DATA.replace("141000", "-1"))
    page = "# AI Engineer\n\n```{comparison-table}\n:data: ../data/salaries.yaml\n```\n"
    (srcdir / "ai-engineer.md").write_text(page)

    assert len(warning_lines(build(srcdir, "html").warnings, tmp_path)) == 1
