"""Shared fixtures: throw-away copies of the real site, built by Sphinx."""

from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import BuiltSite, build_site, copy_site

pytest_plugins = ("sphinx.testing.fixtures",)


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
