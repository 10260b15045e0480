"""conf.py settings: a value the extension cannot use gives one warning, and the default is used."""

from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import (
    BLOG_POSTS,
    article_body,
    blog_post,
    build_site,
    visible_text,
    warning_lines,
    write_blog,
    write_site,
)

WEIGHTS = "{'role': 3.0, 'tag': 2.0, 'category': 1.0}"


@pytest.mark.parametrize(
    ("name", "value", "default", "warning"),
    [
        (
            "valenx_related_weights",
            "{'roles': 3}",
            {"role": 3.0, "tag": 2.0, "category": 1.0},
            "valenx_related_weights must be a dict that maps some of role, tag and category to "
            f"numbers, not {{'roles': 3}}; using the default, {WEIGHTS}. Fix it in conf.py.",
        ),
        (
            "valenx_related_weights",
            "{'role': 'high'}",
            {"role": 3.0, "tag": 2.0, "category": 1.0},
            "valenx_related_weights must be a dict that maps some of role, tag and category to "
            f"numbers, not {{'role': 'high'}}; using the default, {WEIGHTS}. Fix it in conf.py.",
        ),
        (
            "valenx_related_limit",
            "0",
            3,
            "valenx_related_limit must be a whole number of at least 1, not 0; "
            "using the default, 3. Fix it in conf.py.",
        ),
        (
            "valenx_related_limit",
            "'5'",
            3,
            "valenx_related_limit must be a whole number of at least 1, not '5'; "
            "using the default, 3. Fix it in conf.py.",
        ),
        (
            "valenx_related_min_score",
            "float('nan')",
            1.0,
            "valenx_related_min_score must be a finite number, not nan; "
            "using the default, 1.0. Fix it in conf.py.",
        ),
        (
            "valenx_words_per_minute",
            "0",
            200,
            "valenx_words_per_minute must be a whole number of at least 1, not 0; "
            "using the default, 200. Fix it in conf.py.",
        ),
        (
            "valenx_categories",
            "['Comparisons', 3]",
            ["Comparisons"],
            "valenx_categories must be a list of category names, not ['Comparisons', 3]; "
            "using the default, ['Comparisons']. Fix it in conf.py.",
        ),
        (
            "valenx_data_file",
            "''",
            "../data/salaries.yaml",
            "valenx_data_file must be a path relative to the source folder, not ''; "
            "using the default, '../data/salaries.yaml'. Fix it in conf.py.",
        ),
        (
            "valenx_fast_navigation",
            "'no'",
            True,
            "valenx_fast_navigation must be True or False, not 'no'; "
            "using the default, True. Fix it in conf.py.",
        ),
        (
            "valenx_sitemap_excludes",
            "'search.html'",
            [],
            "valenx_sitemap_excludes must be a list of address patterns, like 'search.html', "
            "not 'search.html'; using the default, []. Fix it in conf.py.",
        ),
    ],
)
def test_an_unusable_value_warns_once_and_the_default_is_used(
    name: str,
    value: str,
    default: object,
    warning: str,
    tmp_path: Path,
    make_app: Callable[..., SphinxTestApp],
) -> None:
    warnings = StringIO()
    app = make_app(
        "html", srcdir=write_site(tmp_path, conf=f"{name} = {value}\n"), warning=warnings
    )

    assert warning_lines(warnings.getvalue(), tmp_path) == [f"WARNING: {warning} [valenx.config]"]
    assert app.config[name] == default


def test_the_build_goes_on_with_the_defaults(tmp_path: Path) -> None:
    alpha = blog_post(
        "Alpha", tags="[salaries, careers]", roles="[ai-engineer]", body="word " * 350
    )
    # Epsilon in Alpha's category makes four posts related to Alpha.
    srcdir = write_blog(
        tmp_path, {**BLOG_POSTS, "posts/alpha": alpha, "posts/epsilon": blog_post("Epsilon")}
    )
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("valenx_publisher = None\nvalenx_words_per_minute = -1\n")
        conf.write("valenx_related_limit = 0\n")
    site = build_site(srcdir, "html")

    assert [line.partition(" must ")[0] for line in warning_lines(site.warnings, tmp_path)] == [
        "WARNING: valenx_publisher",
        "WARNING: valenx_words_per_minute",
        "WARNING: valenx_related_limit",
    ]
    page = article_body(site.outdir / "posts" / "alpha.html")
    byline = page.select_one(".valenx-byline")
    assert byline is not None
    # 350 words at the default 200 a minute.
    assert visible_text(byline).startswith("Valenx Press · Comparisons · 2 min read")
    assert len(page.select("#related-posts .sd-card")) == 3
