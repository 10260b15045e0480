"""The README's commands exist and set up .venv as it says; CI runs the README's test command."""

import re
import subprocess

import pytest

from helpers import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
README_TARGETS = sorted(set(re.findall(r"\bmake ([a-z][a-z-]*)", README)))


def make(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run make in the repository without executing any recipe that builds."""
    return subprocess.run(["make", *arguments], cwd=REPO, capture_output=True, text=True)


def test_readme_names_the_two_commands() -> None:
    assert {"html", "test"} <= set(README_TARGETS)
    assert "docs/_build/html" in README


@pytest.mark.parametrize("target", README_TARGETS)
def test_readme_target_exists_in_the_makefile(target: str) -> None:
    result = make("--dry-run", target)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("target", README_TARGETS)
def test_make_help_describes_the_target(target: str) -> None:
    listing = make("help").stdout
    assert re.search(rf"^  {re.escape(target)} +\S", listing, re.MULTILINE), listing


def test_html_target_writes_where_the_readme_says() -> None:
    commands = make("--dry-run", "--always-make", "html").stdout
    assert "-b html -W --keep-going" in commands
    assert "docs/_build/html" in commands


def dry_run(*arguments: str) -> str:
    """The commands make would run, without running them."""
    result = make("--dry-run", *arguments)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_first_html_installs_only_the_docs_lock() -> None:
    # --what-if: as if the lock file had just changed, so .venv is made anew.
    commands = dry_run("--what-if=requirements/docs.txt", "html")
    assert "-m venv .venv" in commands
    assert "--require-hashes --requirement requirements/docs.txt" in commands
    assert "requirements/test.txt" not in commands


@pytest.mark.parametrize("lock", ["requirements/docs.txt", "requirements/test.txt"])
def test_a_changed_lock_file_makes_the_venv_anew_with_both_locks(lock: str) -> None:
    commands = dry_run(f"--what-if={lock}", "lint")
    assert "rm -rf .venv" in commands
    assert "--require-hashes --requirement requirements/docs.txt" in commands
    assert "--require-hashes --requirement requirements/test.txt" in commands


def test_editing_pyproject_leaves_the_venv_alone() -> None:
    assert dry_run("--what-if=pyproject.toml", "lint") == dry_run("lint")


def test_ci_runs_the_readme_test_command() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in README
    assert re.search(r"^make test$", script, re.MULTILINE)
    assert "export CI=true" in script


def test_layout_names_every_module_and_tool() -> None:
    layout = README.split("\n## Layout\n", 1)[1]
    folders = ["docs/_ext/valenx_kb", "tests", "tests/tools"]
    names = {path.name for folder in folders for path in (REPO / folder).glob("*.py")}
    names -= {"__init__.py"} | {name for name in names if name.startswith("test_")}
    named = {name for name in names if re.search(rf"(?<!\w){re.escape(name)}", layout)}
    assert sorted(names - named) == []
