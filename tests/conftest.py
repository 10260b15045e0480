"""Shared fixtures: throw-away copies of the real site, built by Sphinx."""

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve
from playwright.sync_api import Browser, Page, sync_playwright
from sphinx.testing.util import SphinxTestApp

from helpers import BuiltSite, build_site, copy_site
from site_sources import SEED_FIGURES

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


@pytest.fixture(scope="session")
def seed_html(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real site built with the seed article's frozen figures in place of the live data."""
    srcdir = copy_site(tmp_path_factory.mktemp("seed-site"))
    shutil.copyfile(SEED_FIGURES, srcdir.parent / "data" / "salaries.yaml")
    return build_site(srcdir, "html")


@pytest.fixture
def build(make_app: Callable[..., SphinxTestApp]) -> Callable[[Path, str], BuiltSite]:
    """Build a site directory with the given builder, using Sphinx's test app."""

    def run(srcdir: Path, buildername: str) -> BuiltSite:
        return build_site(srcdir, buildername, make_app=make_app)

    return run


@pytest.fixture(scope="session")
def site_url(built_html: BuiltSite) -> Iterator[str]:
    """The built site, served over HTTP on 127.0.0.1 under /en/latest/."""
    with serve(built_html.outdir) as url:
        yield url


@pytest.fixture(scope="module")
def browser(site_url: str) -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright.

    Started after the site is built and closed with the test module: a Sphinx
    build may fork processes (parallel reads and writes) that would inherit
    Playwright's pipes and keep its driver from exiting.
    """
    require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh light-mode tab at desktop width."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    yield context.new_page()
    context.close()


@pytest.fixture
def dark_page(browser: Browser) -> Iterator[Page]:
    """A fresh tab with the system in dark mode (furo follows it by default)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A fresh tab 375 pixels wide, like a small phone."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    yield context.new_page()
    context.close()
