"""Helpers the tests share: building a site and reading its pages as text."""

import re
import shutil
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "posts/ai-engineer-vs-ml-engineer"

# Elements after which a reader sees a break, so their text must not run together.
BLOCK_TAGS = ["p", "li", "dt", "dd", "td", "th", "tr", "caption", "div", "section", "br"]
BLOCK_TAGS += ["h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "pre", "table"]


@dataclass(frozen=True)
class BuiltSite:
    """What a Sphinx build produced: output folder, pages read and written, warnings."""

    outdir: Path
    warnings: str
    read: list[str]
    written: list[str]


# A production build (no preview) on a fixed day, 2026-07-01, after every test post's date.
PRODUCTION_ENVIRONMENT = {"SOURCE_DATE_EPOCH": "1782864000"}


def make_production(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the test's builds production builds (drafts left out) on the same day."""
    for name, value in PRODUCTION_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("VALENX_PREVIEW", raising=False)


def build_site(
    srcdir: Path,
    buildername: str = "html",
    *,
    parallel: int = 0,
    freshenv: bool = False,
    confoverrides: dict[str, Any] | None = None,
) -> BuiltSite:
    """Build srcdir into srcdir/_build, reusing the last build's environment unless freshenv."""
    status, warning = StringIO(), StringIO()
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        status=status,
        warning=warning,
        parallel=parallel,
        freshenv=freshenv,
        confoverrides=confoverrides,
    )
    try:
        app.build()
    finally:
        # Unregisters the extension's nodes and roles, so a second build starts clean.
        app.cleanup()
    log = uncoloured(status.getvalue())
    return BuiltSite(
        outdir=Path(app.outdir),
        warnings=warning.getvalue(),
        read=re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", log),
        written=re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", log),
    )


def copy_site(destination: Path) -> Path:
    """Copy docs/ and data/ to destination, keeping their layout; return the docs copy."""
    ignore = shutil.ignore_patterns("_build", "__pycache__")
    shutil.copytree(REPO / "docs", destination / "docs", ignore=ignore)
    shutil.copytree(REPO / "data", destination / "data", ignore=ignore)
    return destination / "docs"


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space."""
    return re.sub(r"\s+", " ", text).strip()


def article_body(html_file: Path) -> Tag:
    """The main content of a built page (furo's or the default theme's), without permalinks."""
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one('article[role="main"]') or soup.select_one('[role="main"]')
    assert isinstance(body, Tag), f"{html_file} has no main content"
    for permalink in body.select("a.headerlink"):
        permalink.decompose()
    return body


def visible_text(element: Tag) -> str:
    """The text a reader sees in element, whitespace-normalised."""
    for block in element.find_all(BLOCK_TAGS):
        block.insert_after(" ")
        block.insert_before(" ")
    return normalise(element.get_text(""))


# A small data file for the test sites; line numbers matter to the warning tests.
TEST_DATA = """\
dataset:
  title: Average salaries
  as_of: 2026-06
  region: United States
  basis: national average
  currency: USD
  source: Test figures.
roles:
  - id: ai-engineer
    title: AI Engineer
    salary: 141000
    skills: [Python, Java, C++, AI frameworks]
    summary: Builds AI systems.
    page: ai-engineer
  - id: ml-engineer
    title: ML Engineer
    salary: 146000
    skills: [Python, R, TensorFlow, PyTorch]
    summary: Builds ML models.
    page: ml-engineer
"""

TEST_PAGES = {
    "index": "# Home\n\nAI engineers earn {salary}`ai-engineer`.\n\n"
    "```{toctree}\nai-engineer\nml-engineer\nplain\n```\n",
    "ai-engineer": "# AI Engineer\n\n```{comparison-table}\n```\n",
    "ml-engineer": "# ML Engineer\n\nPaid {salary-diff}`ml-engineer vs ai-engineer` more.\n",
    "plain": "# Plain\n\nThis page uses no data.\n",
}


def write_site(
    root: Path,
    pages: dict[str, str] | None = None,
    data: str | bytes | None = TEST_DATA,
    conf: str = "",
) -> Path:
    """Write a small test site (docs/ and data/) under root and return its docs/ folder."""
    docs, data_dir = root / "docs", root / "data"
    docs.mkdir(parents=True)
    data_dir.mkdir()
    shutil.copy(REPO / "data" / "salaries.schema.json", data_dir)
    if data is not None:
        raw = data.encode() if isinstance(data, str) else data
        (data_dir / "salaries.yaml").write_bytes(raw)
    (docs / "conf.py").write_text(
        'extensions = ["myst_parser", "valenx_kb"]\n'
        'myst_enable_extensions = ["colon_fence", "deflist"]\n' + conf,
        encoding="utf-8",
    )
    for name, text in (TEST_PAGES if pages is None else pages).items():
        (docs / f"{name}.md").parent.mkdir(parents=True, exist_ok=True)
        (docs / f"{name}.md").write_text(text, encoding="utf-8")
    return docs


def uncoloured(text: str) -> str:
    """Sphinx's console output without its colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def warning_lines(warnings: str, root: Path) -> list[str]:
    """The warnings one per line, with the test's own folder written as ROOT."""
    plain = uncoloured(warnings)
    return [line.replace(str(root), "ROOT") for line in plain.splitlines() if line.strip()]


BLOG_CONF = """\
extensions = ["myst_parser", "sphinx_design", "valenx_kb"]
html_theme = "furo"
valenx_categories = ["Comparisons", "Guides"]
"""

BLOG_INDEX = """\
# Blog

```{post-index}
```

```{toctree}
:hidden:
:glob:

posts/*
```
"""


def blog_post(
    title: str,
    category: str = "Comparisons",
    tags: str = "[]",
    roles: str = "[]",
    updated: str = "2026-06",
    body: str = "Some words about careers.",
    extra: str = "",
) -> str:
    """A test post: front matter, title, body and a related-posts section."""
    return (
        f"---\ncategory: {category}\nsummary: About {title}.\ntags: {tags}\nroles: {roles}\n"
        f"updated: {updated}\n{extra}---\n\n# {title}\n\n{body}\n\n"
        "## Related Posts\n\n```{related-posts}\n```\n"
    )


BLOG_POSTS = {
    "posts/alpha": blog_post("Alpha", tags="[salaries, careers]", roles="[ai-engineer]"),
    "posts/beta": blog_post("Beta", tags="[salaries]", roles="[ml-engineer]", updated="2026-05"),
    "posts/gamma": blog_post("Gamma", category="Guides", tags="[careers]", updated="2026-04"),
    "posts/delta": blog_post("Delta", roles="[ai-engineer, ml-engineer]", updated="2026-03"),
    "posts/epsilon": blog_post("Epsilon", category="Guides", updated="2026-02"),
}


def write_blog(root: Path, posts: dict[str, str] | None = None) -> Path:
    """A small blog site (furo, cards, five posts) under root; returns its docs/ folder."""
    pages = {"index": BLOG_INDEX, **(BLOG_POSTS if posts is None else posts)}
    docs = write_site(root, pages=pages, conf=BLOG_CONF)
    return docs


# A small blog's archive and tag index: orphans, since the blog's toctree lists only its
# posts. A tag's page shows one post, so a tag runs to as many pages as it has posts.
BLOG_LISTINGS = {
    "archive": "---\norphan: true\n---\n\n# All posts\n\n```{archive}\n```\n",
    "tags": "---\norphan: true\n---\n\n# Topics\n\n```{taxonomy-index} tags\n:page-size: 1\n```\n",
}


def dated_posts(count: int, tags: str = "[careers]") -> dict[str, str]:
    """count posts a month apart: "posts/post-1", "Post 1", is the newest (April 2025)."""
    posts = {}
    for number in range(1, count + 1):
        months = 2025 * 12 + 3 - (number - 1)  # April 2025, March 2025, ... into 2024
        updated = f"{months // 12}-{months % 12 + 1:02d}"
        posts[f"posts/post-{number}"] = blog_post(f"Post {number}", tags=tags, updated=updated)
    return posts


def output_files(outdir: Path) -> dict[str, bytes]:
    """Every file a build wrote, by path relative to outdir (doctrees left out)."""
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and ".doctrees" not in path.parts
    }
