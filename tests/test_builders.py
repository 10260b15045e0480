"""The real site builds without a single warning under every builder we support."""

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import ARTICLE, BuiltSite

# Where each builder writes the article, and a line of it that must be there.
ARTICLE_OUTPUT = {
    "html": f"{ARTICLE}.html",
    "dirhtml": f"{ARTICLE}/index.html",
    "singlehtml": "index.html",
    "epub": f"{ARTICLE}.xhtml",
    "latex": "valenxpress.tex",
    "text": f"{ARTICLE}.txt",
}


@pytest.mark.parametrize("buildername", sorted(ARTICLE_OUTPUT))
def test_site_builds_without_warnings(
    buildername: str, site_copy: Path, build: Callable[[Path, str], BuiltSite]
) -> None:
    site = build(site_copy, buildername)

    assert site.warnings == ""
    article = (site.outdir / ARTICLE_OUTPUT[buildername]).read_text(encoding="utf-8")
    assert "AI Engineer vs ML Engineer: Career Paths Compared" in article
    assert "146,000" in article
