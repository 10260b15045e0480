"""A contributor who follows the README's two workflows still sees the site's tests pass.

A copy of the repository gets the README's example article, as "Adding an
article" says, a second post written the ways the README allows beyond its
example, and a new salary and month, as "Changing the salary figures" says.
It must build with warnings as errors, and the tests that build or read the
real site (marked "site") must pass in it: they check behaviour, not today's
content.
"""

import re
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from helpers import REPO
from site_sources import average, with_salary
from valenx_kb.data import load_dataset

# What a contributor's clone needs to build the site and run its tests.
COPIED = ["docs", "data", "tests", "pyproject.toml", "README.md"]
# The tests that build or read the real site. Tests on fixture sites would pass in
# the copy as they do here; the browser and HTML validator tests need Chromium or Java.
SITE_TESTS = "site and not slow and not browser"
# `make html`: the html builder, warnings as errors.
BUILD_HTML = ["-m", "sphinx", "-b", "html", "-W", "--keep-going", "--quiet", "-d"]
BUILD_HTML += ["docs/_build/doctrees", "docs", "docs/_build/html"]
RUN_SITE_TESTS = ["-m", "pytest", "tests", "-p", "no:cacheprovider", "-q", "-m", SITE_TESTS]
# Written by this test: the front matter a contributor may write beyond the README's example.
SECOND_POST = """\
---
category: Comparisons
summary: >
  A second post written by tests/test_readme_workflows.py, with only a
  publication date, a folded summary and an emphasised title.
tags: [careers, salaries]
roles: [ai-engineer, ml-engineer]
date: 2026-05-04
---

# The *Practical* Guide to AI and ML Engineering Careers

Written by tests/test_readme_workflows.py. AI engineers earn {salary}`ai-engineer`.
"""
CHANGED_ROLE = "ml-engineer"
RAISE = 1_000


def copy_repository(destination: Path) -> Path:
    """A contributor's clone: the repository's sources without build output or caches."""
    ignore = shutil.ignore_patterns(
        "_build", "__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache", "*.egg-info"
    )
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=ignore)
        else:
            shutil.copy2(source, destination / name)
    return destination


def readme_section(readme: str, heading: str) -> str:
    """The text of one "## heading" section of the README."""
    start = readme.index(f"\n## {heading}\n")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else len(readme)]


def add_readme_example_article(repo: Path) -> Path:
    """Write the README's example post where "Adding an article" says; return its file."""
    section = readme_section((repo / "README.md").read_text(encoding="utf-8"), "Adding an article")
    folder = re.search(r"`(docs/[\w/]+/)<short-name>\.md`", section)
    example = re.search(r"^( *)````markdown\n(.*?)^\1````$", section, re.MULTILINE | re.DOTALL)
    assert folder is not None, "'Adding an article' no longer names docs/.../<short-name>.md"
    assert example is not None, "'Adding an article' no longer has a ````markdown example"
    path = repo / folder[1] / "readme-example.md"
    path.write_text(textwrap.dedent(example[2]), encoding="utf-8")
    return path


def add_second_post(folder: Path) -> Path:
    """Write a post the README allows but its example does not show, next to the example.

    It has only a publication date (no updated), a folded summary and an
    emphasised title, and shares the example's roles and tags so that it is
    likely among the real article's related cards.
    """
    path = folder / "readme-workflow-second-post.md"
    path.write_text(SECOND_POST, encoding="utf-8")
    return path


def next_month(day: date) -> date:
    """The first day of the month after day's."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def change_salary_and_month(repo: Path) -> None:
    """Raise one salary and move as_of a month on, editing the data file's text."""
    data_file, schema = repo / "data" / "salaries.yaml", repo / "data" / "salaries.schema.json"
    before = load_dataset(data_file, schema)
    role = before.role(CHANGED_ROLE)
    assert role is not None
    text = data_file.read_text(encoding="utf-8")
    text = with_salary(text, CHANGED_ROLE, average(role) + RAISE)
    month = next_month(before.as_of).strftime("%Y-%m")
    text, count = re.subn(r"(?m)^(\s+as_of:\s*)\d{4}-\d{2}", rf"\g<1>{month}", text, count=1)
    assert count == 1, "no as_of line in the data file"
    data_file.write_text(text, encoding="utf-8")

    after = load_dataset(data_file, schema)
    changed = after.role(CHANGED_ROLE)
    assert changed is not None
    assert (average(changed), after.as_of) == (average(role) + RAISE, next_month(before.as_of))


@pytest.mark.slow
def test_following_both_readme_workflows_keeps_the_site_tests_passing(tmp_path: Path) -> None:
    repo = copy_repository(tmp_path / "repo")
    example = add_readme_example_article(repo)
    add_second_post(example.parent)
    change_salary_and_month(repo)

    html = subprocess.run(
        [sys.executable, *BUILD_HTML], cwd=repo, capture_output=True, text=True, check=False
    )
    assert (html.returncode, html.stderr) == (0, ""), html.stderr
    page = repo / "docs" / "_build" / "html" / example.relative_to(repo / "docs")
    assert page.with_suffix(".html").is_file()

    tests = subprocess.run(
        [sys.executable, *RUN_SITE_TESTS], cwd=repo, capture_output=True, text=True, check=False
    )
    assert tests.returncode == 0, tests.stdout[-6000:] + tests.stderr[-2000:]
    assert " passed" in tests.stdout.splitlines()[-1]
