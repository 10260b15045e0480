"""The README's commands exist, and CI runs exactly the README's test command."""

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


def test_ci_runs_the_readme_test_command() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in README
    assert re.search(r"^make test$", script, re.MULTILINE)
    assert "export CI=true" in script
