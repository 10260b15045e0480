"""A page's problems fail every -W build until the page is fixed, not just the first."""

import contextlib
import io
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main
from sphinx_autobuild.build import Builder

from helpers import (
    ARTICLE,
    TEST_PAGES,
    article_body,
    blog_post,
    build_site,
    uncoloured,
    visible_text,
    warning_lines,
    write_blog,
    write_site,
)
from valenx_kb.tables import ComparisonTable

ML_PAGE = "ROOT/docs/ml-engineer.md"
OURS = (
    "Paid {salary}`ml-enginer` a year.\n",
    f"{ML_PAGE}:5: WARNING: unknown role 'ml-enginer'; the data file salaries.yaml has: "
    "ai-engineer, ml-engineer. [valenx.unknown_role]",
)
MYSTS = (
    "```{comparison-table}\n:role: ai-engineer\n```\n",
    f"{ML_PAGE}:6: WARNING: 'comparison-table': Unknown option key: 'role' (allowed: "
    f"{sorted(ComparisonTable.option_spec)}) [myst.directive_option]",
)


def ml_page(mistake: str) -> str:
    """The ML Engineer test page with one mistake at line 5."""
    return f"# ML Engineer\n\nText.\n\n{mistake}"


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "parallel"])
@pytest.mark.parametrize(("mistake", "expected"), [OURS, MYSTS], ids=["ours", "myst"])
def test_reading_warning_is_repeated_until_the_page_is_fixed(
    mistake: str, expected: str, parallel: int, tmp_path: Path
) -> None:
    srcdir = write_site(tmp_path, pages={**TEST_PAGES, "ml-engineer": ml_page(mistake)})

    first = build_site(srcdir, parallel=parallel)
    unchanged = build_site(srcdir, parallel=parallel)
    (srcdir / "ml-engineer.md").write_text(ml_page("Paid well.\n"), encoding="utf-8")
    fixed = build_site(srcdir, parallel=parallel)

    assert warning_lines(first.warnings, tmp_path) == [expected]
    if not parallel:  # -j 2 logs the pages it reads differently
        assert unchanged.read == ["ml-engineer"]  # only the page with the problem
    assert warning_lines(unchanged.warnings, tmp_path) == [expected]
    assert fixed.warnings == ""
    assert build_site(srcdir, parallel=parallel).read == []


def test_warning_of_an_unchanged_page_survives_another_page_s_edit(tmp_path: Path) -> None:
    srcdir = write_site(tmp_path, pages={**TEST_PAGES, "ml-engineer": ml_page(OURS[0])})
    build_site(srcdir)

    (srcdir / "plain.md").write_text("# Plain\n\nEdited.\n", encoding="utf-8")
    second = build_site(srcdir)

    assert "plain" in second.read
    assert warning_lines(second.warnings, tmp_path) == [OURS[1]]


def test_removing_the_broken_page_removes_its_warning(tmp_path: Path) -> None:
    extra = "---\norphan: true\n---\n\n# Extra\n\n" + OURS[0]
    srcdir = write_site(tmp_path, pages={**TEST_PAGES, "extra": extra})
    assert build_site(srcdir).warnings != ""

    (srcdir / "extra.md").unlink()

    assert build_site(srcdir).warnings == ""


def test_warnings_found_after_reading_are_repeated_too(tmp_path: Path) -> None:
    pages = {
        **TEST_PAGES,
        "plain": "# Plain\n\nSee {ref}`missing-label`.\n",
        "orphaned": "# Orphan\n\nIn no toctree.\n",
    }
    srcdir = write_site(tmp_path, pages=pages)
    expected = [
        "ROOT/docs/orphaned.md: WARNING: document isn't included in any toctree [toc.not_included]",
        "ROOT/docs/plain.md:3: WARNING: undefined label: 'missing-label' [ref.ref]",
    ]

    first = build_site(srcdir)
    unchanged = build_site(srcdir)
    (srcdir / "plain.md").write_text("# Plain\n\nFixed.\n", encoding="utf-8")
    fixed = build_site(srcdir)

    assert warning_lines(first.warnings, tmp_path) == expected
    assert unchanged.read == []
    assert warning_lines(unchanged.warnings, tmp_path) == expected
    assert warning_lines(fixed.warnings, tmp_path) == expected[:1]


def test_a_fix_made_in_another_page_clears_the_warning(tmp_path: Path) -> None:
    label = "(counting)=\n## Counting\n\nText.\n"
    pages = {**TEST_PAGES, "plain": f"# Plain\n\n{label}", "ml-engineer": f"# ML\n\n{label}"}
    srcdir = write_site(tmp_path, pages=pages)
    first = build_site(srcdir)
    assert "duplicate label counting" in first.warnings

    (srcdir / "plain.md").write_text("# Plain\n\nNo label now.\n", encoding="utf-8")

    assert build_site(srcdir).warnings == ""


def test_suppressed_warnings_do_not_make_pages_read_or_written_again(tmp_path: Path) -> None:
    pages = {**TEST_PAGES, "plain": "# Plain\n\nSee {ref}`missing-label` and {salary}`nobody`.\n"}
    srcdir = write_site(
        tmp_path, pages=pages, conf='suppress_warnings = ["ref.ref", "valenx.unknown_role"]\n'
    )
    assert build_site(srcdir).warnings == ""

    unchanged = build_site(srcdir)

    assert (unchanged.read, unchanged.written, unchanged.warnings) == ([], [], "")


def make_html(srcdir: Path) -> tuple[int, str]:
    """`make html`'s command: its exit status and what it printed to stderr."""
    stderr = io.StringIO()
    command = ["-b", "html", "-W", "--keep-going", "--quiet", "-d", str(srcdir / "_build/doctrees")]
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        status = build_main([*command, str(srcdir), str(srcdir / "_build/html")])
    return status, stderr.getvalue()


def test_a_typo_in_the_article_fails_every_make_html_until_fixed(site_copy: Path) -> None:
    srcdir = site_copy
    article = srcdir / f"{ARTICLE}.md"
    original = article.read_text(encoding="utf-8")
    article.write_text(original.replace("category: Comparisons", "category: Comparison", 1))

    first_status, first_log = make_html(srcdir)
    second_status, second_log = make_html(srcdir)
    article.write_text(original, encoding="utf-8")
    fixed_status, fixed_log = make_html(srcdir)

    assert (first_status, second_status, fixed_status) == (1, 1, 0)
    warning = f"{article}:2: WARNING: category 'Comparison' is not one of"
    assert warning in first_log
    assert warning in second_log
    assert "WARNING" not in fixed_log


def test_live_preview_keeps_reporting_the_problem(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    srcdir = write_site(tmp_path, pages={**TEST_PAGES, "ml-engineer": ml_page(OURS[0])})
    # What `make livehtml` runs: sphinx-autobuild's builder with the Makefile's options.
    rebuild = Builder(
        [str(srcdir), str(srcdir / "_build/livehtml"), "-W", "--keep-going", "--quiet"],
        url_host="127.0.0.1:8000",
        pre_build_commands=[],
        post_build_commands=[],
    )

    rebuild(changed_paths=[])
    (srcdir / "plain.md").write_text("# Plain\n\nSaved again.\n", encoding="utf-8")
    rebuild(changed_paths=[srcdir / "plain.md"])

    output = capfd.readouterr()
    assert output.out.count("Sphinx exited with exit code: 1") == 2
    assert uncoloured(output.err).count("unknown role 'ml-enginer'") == 2


def test_pinning_a_post_before_it_exists_resolves_once_it_is_added(tmp_path: Path) -> None:
    alpha = blog_post("Alpha").replace("```{related-posts}\n", "```{related-posts}\n:pin: zeta\n")
    srcdir = write_blog(tmp_path, posts={"posts/alpha": alpha, "posts/beta": blog_post("Beta")})
    assert ":pin: names 'zeta'" in build_site(srcdir).warnings

    (srcdir / "posts" / "zeta.md").write_text(blog_post("Zeta"), encoding="utf-8")
    added = build_site(srcdir)

    assert added.warnings == ""
    cards = article_body(added.outdir / "posts" / "alpha.html").select(".sd-card-title")
    assert [visible_text(card) for card in cards][:1] == ["Zeta"]


INTERNALS_WARNING = (
    "WARNING: valenx_kb cannot follow warnings with the installed Sphinx ({reason}); a page's "
    "warnings are shown only by the build that reads or writes it. Report it so the extension "
    "can be updated. [valenx.internals]"
)


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "parallel"])
def test_a_changed_sphinx_logging_function_turns_the_memory_off_with_one_warning(
    parallel: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = "is_suppressed_warning() takes 2 positional arguments but 3 were given"

    def changed(*args: object) -> bool:
        raise TypeError(reason)

    monkeypatch.setattr("valenx_kb.persistent_warnings.is_suppressed_warning", changed)
    srcdir = write_site(tmp_path, pages={**TEST_PAGES, "ml-engineer": ml_page(OURS[0])})

    first = build_site(srcdir, parallel=parallel)
    unchanged = build_site(srcdir, parallel=parallel)

    expected = [INTERNALS_WARNING.format(reason=f"TypeError: {reason}"), OURS[1]]
    assert sorted(warning_lines(first.warnings, tmp_path)) == sorted(expected)
    assert unchanged.warnings == ""  # not remembered: Sphinx's own behaviour


def test_sphinx_internals_that_cannot_be_imported_leave_the_extension_working(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = "ImportError: cannot import name 'BuildPhase' from 'sphinx.util.build_phase'"
    error = ImportError(reason.removeprefix("ImportError: "))
    monkeypatch.setattr("valenx_kb.persistent_warnings.missing_internals", error)
    srcdir = write_site(tmp_path, pages={**TEST_PAGES, "ml-engineer": ml_page(OURS[0])})

    build = build_site(srcdir)

    assert warning_lines(build.warnings, tmp_path) == [
        INTERNALS_WARNING.format(reason=reason).replace(
            "WARNING: ", "WARNING: while setting up extension valenx_kb.persistent_warnings: "
        ),
        OURS[1],
    ]
