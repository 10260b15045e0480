"""Bad input gives exactly one clear warning at the right file and line, never a traceback."""

from pathlib import Path

import pytest

from helpers import TEST_DATA, TEST_PAGES, build_site, warning_lines, write_site
from valenx_kb import data
from valenx_kb.data import Dataset, parse_dataset

DATA = "ROOT/data/salaries.yaml"
AI_PAGE = "ROOT/docs/ai-engineer.md"
ML_PAGE = "ROOT/docs/ml-engineer.md"

# (case, data file contents, expected warning). Line numbers refer to helpers.TEST_DATA.
DATA_CASES: list[tuple[str, str | bytes | None, str]] = [
    (
        "yaml-syntax-error",
        TEST_DATA.replace("region: United States", "region: [United States"),
        f"{DATA}:4: WARNING: the list that starts with '[' on this line is not closed. "
        "End it with ']', and put any item that contains ':' in quotes.",
    ),
    (
        "missing-field",
        TEST_DATA.replace("    skills: [Python, R, TensorFlow, PyTorch]\n", ""),
        f"{DATA}:15: WARNING: 'roles[1]' is missing the field 'skills'. Add it.",
    ),
    (
        "wrong-type",
        TEST_DATA.replace("salary: 141000", "salary: 141k"),
        f"{DATA}:11: WARNING: 'roles[0].salary' must be a plain number like 141000 or "
        "68250.50, not '141k'. Write the amount in digits, with a '.' before any cents.",
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
        f"{DATA}:21: WARNING: a second YAML document starts here with '---', but a data file "
        "holds only one. Remove this line and keep every field in one document.",
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
        TEST_DATA.replace("as_of: 2026-06", "as_of: !!int abc"),
        f"{DATA}:3: WARNING: cannot read 'abc' as a whole number. Fix the value or quote it.",
    ),
    (
        "huge-salary",
        TEST_DATA.replace("salary: 141000", "salary: 0x" + "f" * 5000),
        f"{DATA}:11: WARNING: 'roles[0].salary' must be a plain number like 141000 or "
        f"68250.50, not '0x{'f' * 35}...'. Write the amount in digits, with a '.' before any "
        "cents.",
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
    (
        "blank-role-title",
        TEST_DATA.replace("title: AI Engineer", 'title: "  "'),
        f"{DATA}:10: WARNING: 'roles[0].title' has the wrong form: \"  \". "
        "Write it in words, e.g. 'AI Engineer'.",
    ),
    (
        "indented-too-little",
        TEST_DATA.replace("    title: AI Engineer", "   title: AI Engineer"),
        f"{DATA}:10: WARNING: this line is not lined up with the lines above it. Indent it by "
        "as many spaces as the other fields at its level.",
    ),
    (
        "indented-too-far",
        TEST_DATA.replace("    title: AI Engineer", "     title: AI Engineer"),
        f"{DATA}:10: WARNING: this line is indented more than the field above it. Indent it by "
        "as many spaces as the other fields at its level.",
    ),
    (
        "missing-colon",
        TEST_DATA.replace("    salary: 146000", "    salary 146000"),
        f"{DATA}:17: WARNING: the line 'salary 146000' has no ':' after its field name. "
        "Write it as 'name: value', with a space after the colon.",
    ),
    (
        "unclosed-bracket",
        TEST_DATA.replace("TensorFlow, PyTorch]", "TensorFlow, PyTorch"),
        f"{DATA}:18: WARNING: the list that starts with '[' on this line is not closed. "
        "End it with ']', and put any item that contains ':' in quotes.",
    ),
    (
        "unclosed-quote",
        TEST_DATA.replace("region: United States", 'region: "United States'),
        f"{DATA}:4: WARNING: the text that starts with '\"' on this line is never closed. "
        "Add the closing '\"' at its end.",
    ),
    (
        "tab",
        TEST_DATA.replace("    salary: 146000", "\tsalary: 146000"),
        f"{DATA}:17: WARNING: this line has a tab character; YAML indents with spaces only. "
        "Replace the tab with spaces.",
    ),
    (
        "colon-in-value",
        TEST_DATA.replace("summary: Builds ML models.", "summary: Builds: ML models."),
        f"{DATA}:19: WARNING: the value on this line contains ': ', which YAML reads as a new "
        "field. Put the whole value in quotes.",
    ),
    *[
        (
            f"amount-{name}",
            TEST_DATA.replace("salary: 146000", f"salary: {written}"),
            f"{DATA}:17: WARNING: 'roles[1].salary' must be a plain number like 141000 or "
            f"68250.50, not '{written}'. Write the amount in digits, with a '.' before any cents.",
        )
        for name, written in [
            ("hexadecimal", "0x226C8"),
            ("sexagesimal", "39:10:00"),
            ("octal", "0o423310"),
            ("leading-zero", "0141000"),
            ("underscores", "146_000"),
            ("exponent", "1.46e+5"),
            ("exponent-without-point", "1e5"),
            ("plus-sign", "+146000"),
            ("infinity", ".inf"),
            ("not-a-number", ".nan"),
        ]
    ],
    (
        "empty-salary",
        TEST_DATA.replace("salary: 146000", "salary:"),
        f"{DATA}:17: WARNING: 'roles[1].salary' has no value. Write the amount as a plain "
        "number, like 141000 or 68250.50.",
    ),
    (
        "too-many-decimals",
        TEST_DATA.replace("salary: 146000", "salary: 146000.505"),
        f"{DATA}:17: WARNING: 'roles[1].salary' 146000.505 has 3 decimal(s), but USD amounts "
        "have at most 2. Round it to 2 decimal(s).",
    ),
    (
        "cents-in-a-currency-without-them",
        TEST_DATA.replace("currency: USD", "currency: JPY").replace("146000", "146000.5"),
        f"{DATA}:17: WARNING: 'roles[1].salary' 146000.5 has 1 decimal(s), but JPY amounts "
        "are whole numbers. Round it to a whole number.",
    ),
    (
        "withdrawn-currency",
        TEST_DATA.replace("currency: USD", "currency: DEM"),
        f"{DATA}:6: WARNING: 'dataset.currency' 'DEM' is not a currency in use in 2026-06, the "
        "month of 'dataset.as_of'. Give the figures in a currency in use then, such as EUR.",
    ),
    (
        "network-path-link",
        TEST_DATA.replace("  source: Test", "  source_url: //evil.example/x\n  source: Test"),
        f"{DATA}:7: WARNING: 'dataset.source_url' must be an http, https or mailto link, "
        "or a relative one, not '//evil.example/x'.",
    ),
    (
        "backslash-link",
        TEST_DATA + "reading:\n  - id: book\n    title: Book\n    note: Good.\n"
        "    url: \\\\evil.example\\x\n",
        f"{DATA}:25: WARNING: 'reading[0].url' must be an http, https or mailto link, "
        "or a relative one, not '\\\\evil.example\\x'.",
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
        "# AI Engineer\n\n```{comparison-table}\n:columns: title, perks\n```\n",
        f"{AI_PAGE}:3: WARNING: unknown column 'perks' in :columns:; "
        "use any of: title, salary, median, p10, p25, p75, p90, p25-p75, p10-p90, base, bonus, "
        "equity, total, sample-size, change, skills, summary, difference.",
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
    (
        "post-index-unknown-category",
        "ml-engineer",
        "# ML Engineer\n\n```{post-index}\n:category: Comparison\n```\n",
        f"{ML_PAGE}:3: WARNING: :category: 'Comparison' is not one of Comparisons. "
        "Fix the spelling, or add it to valenx_categories in conf.py.",
    ),
    (
        "post-index-unknown-tag",
        "ml-engineer",
        "# ML Engineer\n\n```{post-index}\n:tag: salaries\n```\n",
        f"{ML_PAGE}:3: WARNING: :tag: 'salaries' is not a tag of any post; no post has tags yet.",
    ),
    (
        "post-index-unknown-role",
        "ml-engineer",
        "# ML Engineer\n\n```{post-index}\n:role: ml-enginer\n```\n",
        f"{ML_PAGE}:3: WARNING: unknown role 'ml-enginer' in :role:; "
        "the data file has: ai-engineer, ml-engineer.",
    ),
    (
        "related-posts-on-a-page-that-is-not-a-post",
        "ml-engineer",
        "# ML Engineer\n\n```{related-posts}\n```\n",
        f"{ML_PAGE}:3: WARNING: related-posts works only on posts: "
        "add a category to the front matter.",
    ),
    (
        "recommended-reading-without-items",
        "ml-engineer",
        "# ML Engineer\n\n```{recommended-reading}\n```\n",
        f"{ML_PAGE}:3: WARNING: recommended-reading needs :items:, the ids of the resources "
        "to show; the data file has: none.",
    ),
    (
        "empty-roles",
        "ai-engineer",
        "# AI Engineer\n\n```{comparison-table}\n:roles:\n```\n",
        f"{AI_PAGE}:3: WARNING: :roles: is empty. List at least one role id "
        "(ai-engineer, ml-engineer), or leave :roles: out to show every role.",
    ),
    (
        "role-listed-twice",
        "ai-engineer",
        "# AI Engineer\n\n```{salary-chart}\n:roles: ai-engineer, ml-engineer, ai-engineer\n```\n",
        f"{AI_PAGE}:3: WARNING: the role 'ai-engineer' is listed twice in :roles:. List it once.",
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
) -> None:
    site = build_site(write_site(tmp_path, data=data), "html")

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
    page: str, text: str, expected: str, tmp_path: Path
) -> None:
    site = build_site(write_site(tmp_path, pages={**TEST_PAGES, page: text}), "html")

    subtype = "usage"
    if "unknown role" in expected:
        subtype = "unknown_role"
    assert warning_lines(site.warnings, tmp_path) == [f"{expected} [valenx.{subtype}]"]
    assert "This page uses no data." in (site.outdir / "plain.html").read_text()


def test_suppress_warnings_silences_a_subtype(tmp_path: Path) -> None:
    srcdir = write_site(tmp_path, data="", conf='suppress_warnings = ["valenx.data"]\n')

    assert build_site(srcdir, "html").warnings == ""


def test_broken_data_is_reported_again_on_an_unchanged_rebuild(tmp_path: Path) -> None:
    srcdir = write_site(tmp_path, data="")
    build_site(srcdir, "html")

    second = build_site(srcdir, "html")

    assert len(warning_lines(second.warnings, tmp_path)) == 1


def test_missing_schema_gives_one_warning_not_a_traceback(tmp_path: Path) -> None:
    srcdir = write_site(tmp_path, conf='valenx_schema_file = "missing.schema.json"\n')

    site = build_site(srcdir, "html")

    assert warning_lines(site.warnings, tmp_path) == [
        "WARNING: ROOT/docs/missing.schema.json: cannot read missing.schema.json (No such file "
        "or directory). Check valenx_data_file and valenx_schema_file in conf.py. [valenx.data]"
    ]
    assert "This page uses no data." in (site.outdir / "plain.html").read_text()


def test_broken_other_data_file_is_reported_once_per_page(tmp_path: Path) -> None:
    srcdir = write_site(tmp_path)
    (tmp_path / "data" / "other.yaml").write_text(TEST_DATA.replace("141000", "-1"))
    directive = "```{comparison-table}\n:data: ../data/other.yaml\n```\n\n"
    (srcdir / "ai-engineer.md").write_text("# AI Engineer\n\n" + directive * 3)

    site = build_site(srcdir, "html")

    assert warning_lines(site.warnings, tmp_path) == [
        "ROOT/data/other.yaml:11: WARNING: 'roles[0].salary' must be greater than 0, not -1. "
        "[valenx.data]"
    ]


def test_naming_the_site_data_file_with_data_does_not_repeat_its_warning(tmp_path: Path) -> None:
    srcdir = write_site(tmp_path, data=TEST_DATA.replace("141000", "-1"))
    page = "# AI Engineer\n\n```{comparison-table}\n:data: ../data/salaries.yaml\n```\n"
    (srcdir / "ai-engineer.md").write_text(page)

    assert len(warning_lines(build_site(srcdir, "html").warnings, tmp_path)) == 1


def test_a_broken_data_file_is_parsed_and_reported_once_per_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    figures = "Paid {salary}`ai-engineer`, {salary-diff}`ml-engineer vs ai-engineer`.\n\n"
    figures += "```{comparison-table}\n```\n\n```{salary-chart}\n```\n"
    pages = {f"page-{index}": f"# Page {index}\n\n{figures}" for index in range(6)}
    pages["index"] = "# Home\n\n```{toctree}\n" + "\n".join(sorted(pages)) + "\n```\n"
    srcdir = write_site(tmp_path, pages=pages, data=TEST_DATA.replace("141000", "-1"))
    parses: list[bytes] = []

    def counting_parse(raw: bytes, path: Path, schema: Path) -> Dataset:
        parses.append(raw)
        return parse_dataset(raw, path, schema)

    monkeypatch.setattr(data, "parse_dataset", counting_parse)
    site = build_site(srcdir, "html")

    assert warning_lines(site.warnings, tmp_path) == [
        f"{DATA}:11: WARNING: 'roles[0].salary' must be greater than 0, not -1. [valenx.data]"
    ]
    assert len(parses) == 1
    assert "These figures are unavailable" in (site.outdir / "page-5.html").read_text()
