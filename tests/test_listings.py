"""Listings that cannot show what they ask for warn on every build, not only when read."""

from pathlib import Path

import pytest

from helpers import (
    BLOG_INDEX,
    BLOG_POSTS,
    article_body,
    blog_post,
    build_site,
    visible_text,
    warning_lines,
    write_blog,
)


@pytest.mark.parametrize("parallel", [0, 2])
def test_a_tag_no_post_has_warns_until_a_post_has_it(parallel: int, tmp_path: Path) -> None:
    index = BLOG_INDEX.replace("```{post-index}\n```", "```{post-index}\n:tag: salary\n```")
    srcdir = write_blog(tmp_path, {**BLOG_POSTS, "index": index})
    expected = [
        "ROOT/docs/index.md:3: WARNING: :tag: 'salary' is not a tag of any post; the tags in "
        "use are: careers, salaries. [valenx.usage]"
    ]

    first = build_site(srcdir, parallel=parallel)
    unchanged = build_site(srcdir, parallel=parallel)

    assert warning_lines(first.warnings, tmp_path) == expected
    assert unchanged.read == []
    assert warning_lines(unchanged.warnings, tmp_path) == expected

    beta = blog_post("Beta", tags="[salary]", roles="[ml-engineer]", updated="2026-05")
    (srcdir / "posts" / "beta.md").write_text(beta, encoding="utf-8")
    fixed = build_site(srcdir, parallel=parallel)

    assert warning_lines(fixed.warnings, tmp_path) == []
    cards = article_body(fixed.outdir / "index.html").select(".sd-card-title")
    assert [visible_text(card) for card in cards] == ["Beta"]


def test_a_tag_warning_names_at_most_ten_tags(tmp_path: Path) -> None:
    index = BLOG_INDEX.replace("```{post-index}\n```", "```{post-index}\n:tag: salary\n```")
    tags = [f"tag-{number:02d}" for number in range(12, 0, -1)]
    alpha = blog_post("Alpha", tags=f"[{', '.join(tags)}]")
    srcdir = write_blog(tmp_path, {**BLOG_POSTS, "index": index, "posts/alpha": alpha})

    site = build_site(srcdir)

    assert warning_lines(site.warnings, tmp_path) == [
        "ROOT/docs/index.md:3: WARNING: :tag: 'salary' is not a tag of any post; the tags in "
        "use are: careers, salaries, tag-01, tag-02, tag-03, tag-04, tag-05, tag-06, tag-07, "
        "tag-08, and 4 more. [valenx.usage]"
    ]
