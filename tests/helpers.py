"""Helpers the tests share: building a site and reading its pages as text."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "posts/ai-engineer-vs-ml-engineer"

# Elements after which a reader sees a break, so their text must not run together.
BLOCK_TAGS = ["p", "li", "dt", "dd", "td", "th", "tr", "caption", "div", "section", "br"]
BLOCK_TAGS += ["h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "pre", "table"]


@dataclass(frozen=True)
class BuiltSite:
    """What a Sphinx build produced: its output folder and everything it warned."""

    outdir: Path
    warnings: str


def build_site(
    srcdir: Path,
    buildername: str,
    make_app: Callable[..., SphinxTestApp] = SphinxTestApp,
) -> BuiltSite:
    """Build srcdir with buildername and return the output folder and warnings."""
    warning = StringIO()
    app = make_app(buildername, srcdir=srcdir, status=StringIO(), warning=warning)
    try:
        app.build()
    finally:
        if make_app is SphinxTestApp:
            app.cleanup()
    return BuiltSite(outdir=Path(app.outdir), warnings=warning.getvalue())


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space."""
    return re.sub(r"\s+", " ", text).strip()


def article_body(html_file: Path) -> Tag:
    """The main content of a built furo page, without heading permalinks."""
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    body = soup.find("article", attrs={"role": "main"})
    assert isinstance(body, Tag), f"{html_file} has no <article role=main>"
    for permalink in body.select("a.headerlink"):
        permalink.decompose()
    return body


def visible_text(element: Tag) -> str:
    """The text a reader sees in element, whitespace-normalised."""
    for block in element.find_all(BLOCK_TAGS):
        block.insert_after(" ")
        block.insert_before(" ")
    return normalise(element.get_text(""))
