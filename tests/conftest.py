"""Shared fixtures: throw-away copies of the real site, built by Sphinx."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import REPO, BuiltSite, build_site

pytest_plugins = ("sphinx.testing.fixtures",)


def copy_site(destination: Path) -> Path:
    """Copy docs/ and data/ to destination, keeping their layout; return the docs copy."""
    ignore = shutil.ignore_patterns("_build", "__pycache__")
    shutil.copytree(REPO / "docs", destination / "docs", ignore=ignore)
    shutil.copytree(REPO / "data", destination / "data", ignore=ignore)
    return destination / "docs"


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A private copy of the site's sources that a test may edit."""
    return copy_site(tmp_path)


@pytest.fixture(scope="session")
def built_html(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real site built once with the html builder, shared by read-only tests."""
    srcdir = copy_site(tmp_path_factory.mktemp("site"))
    return build_site(srcdir, "html")


@pytest.fixture
def build(make_app: Callable[..., SphinxTestApp]) -> Callable[[Path, str], BuiltSite]:
    """Build a site directory with the given builder, using Sphinx's test app."""

    def run(srcdir: Path, buildername: str) -> BuiltSite:
        return build_site(srcdir, buildername, make_app=make_app)

    return run
