"""The real site builds without a single warning under every builder we support."""

from collections.abc import Callable

import pytest

from helpers import ARTICLE, BuiltSite
from site_sources import digits, english, find_role, live_data, option_items, site_post

# Where each builder writes the article.
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
    buildername: str, built_site: Callable[[str], BuiltSite], built_html: BuiltSite
) -> None:
    site = built_site(buildername)

    assert site.warnings == ""
    article = (site.outdir / ARTICLE_OUTPUT[buildername]).read_text(encoding="utf-8")
    assert site_post(built_html.outdir, ARTICLE).title in article
    data = live_data()
    for role_id in option_items(ARTICLE, "comparison-table", "roles") or data.role_ids:
        assert digits(english(data).money(find_role(data, role_id).salary)) in article
