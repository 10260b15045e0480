"""Shared fixtures: throw-away copies of the real site, built by Sphinx."""

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from playwright.sync_api import Browser, Page, sync_playwright
from sphinx.jinja2glue import BuiltinTemplateLoader

from helpers import BuiltSite, build_site, copy_site
from site_sources import SEED_FIGURES

pytest_plugins = ("sphinx.testing.fixtures",)

# A test that uses one of these builds or reads the real site, so it is marked "site".
REAL_SITE_FIXTURES = {"site_copy", "built_site", "built_html", "seed_html"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that use the real site through a fixture as "site"."""
    for item in items:
        if REAL_SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)


class CompiledTemplates(BytecodeCache):
    """Theme templates compiled by one build, kept in memory for the next."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Give the bucket the code compiled before; jinja2 drops it if the source changed."""
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep a newly compiled template's code."""
        self.compiled[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture(scope="session", autouse=True)
def compiled_templates() -> Iterator[None]:
    """Let each Sphinx build reuse the theme templates an earlier build of the session compiled."""
    # Sphinx starts a new jinja2 environment for every build, and compiling furo's templates is
    # a third of a small test site's build. jinja2 checks each template's source before reusing
    # its code, so the pages are byte for byte the same.
    caches: dict[frozenset[str], CompiledTemplates] = {}
    init = BuiltinTemplateLoader.init

    def init_with_cache(loader: BuiltinTemplateLoader, *args: Any, **kwargs: Any) -> None:
        init(loader, *args, **kwargs)
        # One cache per set of jinja2 extensions: they change what a template compiles to.
        extensions = frozenset(loader.environment.extensions)
        loader.environment.bytecode_cache = caches.setdefault(extensions, CompiledTemplates())

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BuiltinTemplateLoader, "init", init_with_cache)
        yield


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A private copy of the site's sources that a test may edit."""
    return copy_site(tmp_path)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], BuiltSite]:
    """The unchanged real site built with a builder, once per session; tests only read it."""
    builds: dict[str, BuiltSite] = {}

    def built(buildername: str) -> BuiltSite:
        if buildername not in builds:
            srcdir = copy_site(tmp_path_factory.mktemp(f"site-{buildername}"))
            builds[buildername] = build_site(srcdir, buildername)
        return builds[buildername]

    return built


@pytest.fixture(scope="session")
def built_html(built_site: Callable[[str], BuiltSite]) -> BuiltSite:
    """The unchanged real site built with the html builder, shared by read-only tests."""
    return built_site("html")


@pytest.fixture(scope="session")
def seed_html(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real site built with the seed article's frozen figures in place of the live data."""
    srcdir = copy_site(tmp_path_factory.mktemp("seed-site"))
    shutil.copyfile(SEED_FIGURES, srcdir.parent / "data" / "salaries.yaml")
    return build_site(srcdir, "html")


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
