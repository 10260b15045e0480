"""Benchmark the extension against plain MyST pages with the same visible content.

Run by `make bench` (quick: 100 and 300 posts) or `make bench BENCH_ARGS=--full`
(100, 300 and 1,000). Writes docs/_build/bench/results.json and the tables in
docs/performance.md. Every figure comes from builds run side by side in one go,
so ratios hold on a noisy machine even when seconds do not. `--taxonomy-only
--posts 1000` measures only the taxonomy pages (archive, tag, category and
author pages) at 1,000 posts, and rewrites only their table. `--scale` builds
sites of 1,000, 3,000 and 10,000 posts (`--posts` sets other sizes), each with
the taxonomy pages, beside plain MyST pages with the same taxonomy pages typed by
hand (the archive, its years, every term's pages), times the Read the Docs
command on the largest, and rewrites only the scale table. `--data-edit`
(1,000 posts, or `--posts`) edits one role's salary, then the data's month, in a
built site, and rewrites only the table of the pages each edit reads again.
"""

import argparse
import calendar
import filecmp
import json
import math
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "docs" / "_ext"), str(REPO / "tests")]

from sphinx.util.osutil import relative_uri  # noqa: E402

from helpers import output_files  # noqa: E402
from valenx_kb.feeds import feed_path  # noqa: E402
from valenx_kb.generated_pages import (  # noqa: E402
    ALL_POSTS,
    ARCHIVE_PAGE_TITLE,
    AUTHOR_POSTS_HEADING,
    BACK_LINKS,
    FEED_LINK,
    TERM_TITLES,
    YEAR_TITLE,
    paged_title,
)
from valenx_kb.pager import NEXT, PREVIOUS, shown_numbers  # noqa: E402
from valenx_kb.records import Post  # noqa: E402
from valenx_kb.scoring import PostKeys, RelatedIndex, Weights, tie_break_order  # noqa: E402
from valenx_kb.site_index import posts_count, year_page  # noqa: E402
from valenx_kb.taxonomy import (  # noqa: E402
    Taxonomy,
    collect_terms,
    page_count,
    page_name,
    page_slice,
)
from valenx_kb.term_links import term_page  # noqa: E402

ROLES = [f"role-{n:02d}" for n in range(50)]
TAGS = [f"topic-{n:03d}" for n in range(120)]
CATEGORIES = ["Comparisons", "Guides", "Interviews"]
AUTHORS = [f"author-{n:02d}" for n in range(20)]
# The archive and the tag, category and author indexes, as the real site has them.
TAXONOMY_PAGES = {
    "archive": "# All posts\n\n```{archive}\n```\n",
    "tags": "# Topics\n\n```{taxonomy-index} tags\n```\n",
    "categories": "# Categories\n\n```{taxonomy-index} categories\n```\n",
    "authors": "# Authors\n\n```{taxonomy-index} authors\n```\n",
}
PAGE_SIZE = 10  # valenx_page_size's default (config.py): posts per archive and term page
# Full builds of each site in the taxonomy comparison, alternating; the fastest of each counts,
# so a burst of load from elsewhere on the machine does not decide the ratio.
TAXONOMY_ROUNDS = 2
CONF = """\
extensions = ["myst_parser", "sphinx_design", "valenx_kb"]
myst_enable_extensions = ["colon_fence", "deflist"]
html_theme = "furo"
valenx_categories = {categories!r}
"""
# The plain pages keep the extension's one theme-wide speed-up, furo's sidebar built once per
# folder, so the overhead ratio is the cost of the extension's features alone.
PLAIN_CONF = CONF.replace('"valenx_kb"', '"valenx_kb.navigation"')
FURO_SIDEBAR_CONF = CONF.replace(', "valenx_kb"', "")
SCALE_SIZES = [1_000, 3_000, 10_000]
DATA_EDIT_SIZES = [1_000]
# At scale both sites leave the posts out of furo's sidebar, as the real site does (docs/conf.py).
SCALE_NAVIGATION = 'valenx_sidebar_excludes = ["posts/*"]\n'
# README.md's Read the Docs command, run from inside docs/ (into fresh doctree and output folders).
READ_THE_DOCS = ["-T", "-W", "--keep-going", "-b", "html", "-d", "_build/doctrees"]
READ_THE_DOCS += ["-D", "language=en", ".", "_build/rtd"]


def salary(index: int) -> int:
    """The synthetic salary of a role."""
    return 80_000 + 1_000 * index


def data_file() -> str:
    """A data file with 50 roles."""
    lines = [
        "dataset:",
        "  title: Average salaries",
        "  as_of: 2026-06",
        "  region: United States",
        "  basis: national average",
        "  currency: USD",
        "  source: Synthetic figures for the benchmark.",
        "roles:",
    ]
    for index, role in enumerate(ROLES):
        lines += [
            f"  - id: {role}",
            f"    title: Role {index}",
            f"    salary: {salary(index)}",
            "    skills: [Python, SQL]",
            f"    summary: What role {index} does.",
            f"    page: roles/{role}",
        ]
    return "\n".join(lines) + "\n"


def authors_file() -> str:
    """An authors file with 20 authors."""
    lines = ["authors:"]
    for author in AUTHORS:
        lines += [
            f"  - id: {author}",
            f"    name: {author_name(author)}",
            f"    bio: {author_bio(author)}",
        ]
    return "\n".join(lines) + "\n"


def author_bio(author: str) -> str:
    """The bio of a synthetic author id."""
    return f"Author {AUTHORS.index(author)} writes about careers for the benchmark."


def author_name(author: str) -> str:
    """The name readers see for a synthetic author id: "Author 07"."""
    return author.replace("author-", "Author ")


def post_model(number: int, rng: random.Random) -> dict[str, Any]:
    """What one synthetic post is about."""
    post = {
        "name": f"post-{number:05d}",
        "title": f"Post {number}",
        "category": rng.choice(CATEGORIES),
        "tags": rng.sample(TAGS, 3),
        "roles": rng.sample(range(len(ROLES)), 3),
        "updated": f"2026-{rng.randint(1, 6):02d}",
        "body": " ".join(rng.choice(["career", "salary", "skills", "role"]) for _ in range(400)),
    }
    # Drawn last, so the fields above stay what earlier versions of the benchmark built.
    post["authors"] = rng.sample(AUTHORS, rng.randint(1, 2))
    post["date"] = f"{rng.randint(2023, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return post


def money(amount: int) -> str:
    """Dollars as the extension formats them."""
    return f"${amount:,}"


def extension_page(post: dict[str, Any]) -> str:
    """The post written with the extension's directives and roles."""
    roles = [ROLES[index] for index in post["roles"]]
    return (
        f"---\ncategory: {post['category']}\nsummary: About {post['title']}.\n"
        f"tags: [{', '.join(post['tags'])}]\nroles: [{', '.join(roles)}]\n"
        f"authors: [{', '.join(post['authors'])}]\ndate: {post['date']}\n"
        f"updated: {post['updated']}\n---\n\n# {post['title']}\n\n{post['body']}\n\n"
        f"Pay is {{salary}}`{roles[0]}`, {{salary}}`{roles[1]}` and {{salary}}`{roles[2]}`.\n\n"
        f"```{{comparison-table}}\n:roles: {', '.join(roles)}\n```\n\n"
        f":::{{faq}}\nWhat does {post['title']} cover?\n: Three roles, paid "
        f"{{salary}}`{roles[0]}` at most.\n:::\n\n"
        "## Related Posts\n\n```{related-posts}\n```\n"
    )


def month(updated: str) -> str:
    """A YYYY-MM month as readers see it, e.g. "June 2026"."""
    year, number = updated.split("-")
    return f"{calendar.month_name[int(number)]} {year}"


def plain_page(post: dict[str, Any], related: list[dict[str, Any]]) -> str:
    """The same visible content typed in by hand: the "physical limit" of our features."""
    roles = post["roles"]
    rows = "\n".join(
        f"| [Role {index}](../roles/{ROLES[index]}.md) | {money(salary(index))} | Python, SQL |"
        for index in roles
    )
    cards = "\n\n".join(card(other) for other in related)
    names = " and ".join(author_name(author) for author in post["authors"])
    return (
        f"# {post['title']}\n\n{names} · {post['category']} · 3 min read\n\n"
        f"Updated {month(post['updated'])}\n\nTags: {', '.join(post['tags'])}\n\n"
        f"{post['body']}\n\n"
        f"Pay is {money(salary(roles[0]))}, {money(salary(roles[1]))} and "
        f"{money(salary(roles[2]))}.\n\n:::{{table}} Average salaries, United States, June 2026\n"
        f"| Job Title | Average Salary | Required Skills |\n| --- | --- | --- |\n{rows}\n:::\n\n"
        "Source: Synthetic figures for the benchmark. Figures as of June 2026.\n\n"
        f"## What does {post['title']} cover?\n\nThree roles, paid {money(salary(roles[0]))} "
        "at most.\n\n[Back to Blog](../index.md)\n\n## Related Posts\n\n"
        f"::::{{grid}} 1 2 3 3\n{cards}\n::::\n\n[View All Posts »](../index.md)\n"
    )


def link(text: str, page: str) -> str:
    """A Markdown link to a page, by its name from the site's root."""
    return f"[{text}](/{page}.md)"


def card(post: dict[str, Any]) -> str:
    """A post's card as the extension shows it: title link, summary and facts."""
    return (
        f":::{{grid-item-card}} {post['title']}\n:link: /posts/{post['name']}\n"
        f":link-type: doc\n:footer: {post['category']} · 3 min read · Updated "
        f"{month(post['updated'])}\n\nAbout {post['title']}.\n:::"
    )


def card_grid(posts: list[dict[str, Any]]) -> str:
    """A grid of post cards, with as many columns as the extension's listings."""
    columns = min(len(posts), 3)
    cards = "\n\n".join(card(post) for post in posts)
    return f"::::{{grid}} 1 2 {columns} {columns}\n{cards}\n::::"


def pager(first: str, current: int, count: int) -> str:
    """The page links of page current of a listing, as one paragraph ("" for one page)."""
    if count <= 1:
        return ""
    links = [link(PREVIOUS, page_name(first, current - 1))] if current > 1 else []
    for number in shown_numbers(current, count):
        links.append("…" if number is None else link(str(number), page_name(first, number)))
    if current < count:
        links.append(link(NEXT, page_name(first, current + 1)))
    return " ".join(links)


def myst_page(title: str, parts: list[str], orphan: bool = True) -> str:
    """A page of a title and paragraphs; an orphan (in no toctree) like a generated page."""
    front = "---\norphan: true\n---\n\n" if orphan else ""
    return front + f"# {title}\n\n" + "\n\n".join(part for part in parts if part) + "\n"


def plain_taxonomy_pages(posts: list[dict[str, Any]]) -> dict[str, str]:
    """The archive, term indexes and every page generated from them, typed by hand: name to MyST."""
    place = tie_break_order(keys(post) for post in posts)
    newest = sorted(posts, key=lambda post: place[f"posts/{post['name']}"])
    pages = plain_archive(newest)
    for taxonomy in Taxonomy:
        pages |= plain_terms(newest, taxonomy)
    return pages


def plain_archive(newest: list[dict[str, Any]]) -> dict[str, str]:
    """The archive's pages and its years' pages, month by month."""
    home = "archive"
    years = sorted(Counter(int(post["date"][:4]) for post in newest).items(), reverse=True)
    by_year = " · ".join(f"{link(str(year), year_page(home, year))} ({n})" for year, n in years)
    count = page_count(len(newest), PAGE_SIZE)
    pages = {}
    for number in range(1, count + 1):
        title = ARCHIVE_PAGE_TITLE.format(number=number, count=count)
        if number == 1:
            title = index_title(home)
        shown = card_grid(page_slice(newest, number, PAGE_SIZE))
        parts = [f"By year: {by_year}", shown, pager(home, number, count)]
        pages[page_name(home, number)] = myst_page(title, parts, orphan=number > 1)
    for year, _ in years:
        in_year = [post for post in newest if post["date"].startswith(f"{year}-")]
        in_year.sort(key=lambda post: post["date"], reverse=True)  # ties stay newest first
        first = year_page(home, year)
        count = page_count(len(in_year), PAGE_SIZE)
        for number in range(1, count + 1):
            title = paged_title(YEAR_TITLE.format(year=year), number, count)
            parts = [link(ALL_POSTS, home)]
            shown_month = ""
            for post in page_slice(in_year, number, PAGE_SIZE):
                if month(post["date"][:7]) != shown_month:
                    shown_month = month(post["date"][:7])
                    parts.append(f"## {shown_month}\n")
                parts[-1] += f"\n- {link(post['title'], 'posts/' + post['name'])}"
            parts.append(pager(first, number, count))
            pages[page_name(first, number)] = myst_page(title, parts)
    return pages


def plain_terms(newest: list[dict[str, Any]], taxonomy: Taxonomy) -> dict[str, str]:
    """A taxonomy's index page (each term, its count and link) and each term's pages."""
    home = taxonomy.value
    by_name = {f"posts/{post['name']}": post for post in newest}
    names = {author: author_name(author) for author in AUTHORS}
    records = [post_record(post) for post in newest]
    terms, _ = collect_terms(records, taxonomy, names if taxonomy == Taxonomy.AUTHORS else None)
    entries, pages = [], {}
    for term in terms:
        first = term_page({home: home}, taxonomy, term.slug)
        assert first is not None
        entries.append(f"- {link(term.name, first)} ({posts_count(len(term.posts))})")
        profile = []
        if taxonomy == Taxonomy.AUTHORS:
            entries[-1] += f"\n\n  {author_bio(term.slug)}"
            heading = AUTHOR_POSTS_HEADING.format(name=term.name)
            profile = [author_bio(term.slug), f"## {heading}"]
        count = page_count(len(term.posts), PAGE_SIZE)
        for number in range(1, count + 1):
            name = page_name(first, number)
            title = paged_title(TERM_TITLES[taxonomy].format(name=term.name), number, count)
            shown = [by_name[docname] for docname in page_slice(term.posts, number, PAGE_SIZE)]
            # Raw HTML, which Sphinx does not check: the plain site has no feed to link to.
            feed = relative_uri(f"{name}.html", feed_path(home, term.slug))
            parts = [link(BACK_LINKS[taxonomy], home), *profile, card_grid(shown)]
            parts += [pager(first, number, count), f'<a href="{feed}">{FEED_LINK}</a>']
            pages[name] = myst_page(title, parts)
    pages[home] = myst_page(index_title(home), ["\n".join(entries)], orphan=False)
    return pages


def index_title(home: str) -> str:
    """The title of one of TAXONOMY_PAGES: "Topics" for "tags"."""
    return TAXONOMY_PAGES[home].partition("\n")[0].removeprefix("# ")


def post_record(post: dict[str, Any]) -> Post:
    """A synthetic post as the taxonomy functions see it."""
    return Post(
        f"posts/{post['name']}",
        post["title"],
        f"About {post['title']}.",
        post["category"],
        tuple(post["tags"]),
        published=date.fromisoformat(post["date"]),
        authors=tuple(post["authors"]),
    )


def write_site(
    root: Path,
    posts: list[dict[str, Any]],
    plain: bool,
    conf: str | None = None,
    taxonomy_pages: bool = False,
) -> Path:
    """A synthetic knowledge base; returns its docs/ folder.

    taxonomy_pages adds the archive and the tag, category and author indexes to
    the root toctree, and so every page generated from them; a plain site gets
    the same pages typed by hand instead (plain_taxonomy_pages).
    """
    docs = root / "docs"
    (docs / "posts").mkdir(parents=True)
    (docs / "roles").mkdir()
    (root / "data").mkdir()
    for schema in ("salaries.schema.json", "authors.schema.json"):
        shutil.copy(REPO / "data" / schema, root / "data")
    (root / "data" / "salaries.yaml").write_text(data_file(), encoding="utf-8")
    (root / "data" / "authors.yaml").write_text(authors_file(), encoding="utf-8")
    conf = conf or (PLAIN_CONF if plain else CONF)
    (docs / "conf.py").write_text(conf.format(categories=CATEGORIES), encoding="utf-8")
    links = "".join(f"- [{post['title']}](posts/{post['name']}.md)\n" for post in posts)
    index = links if plain else "```{post-index}\n```\n"
    listed = "\n".join([*(TAXONOMY_PAGES if taxonomy_pages else []), "posts/*", "roles/*"])
    toctree = f"```{{toctree}}\n:hidden:\n:glob:\n\n{listed}\n```\n"
    (docs / "index.md").write_text(f"# Blog\n\n{index}\n{toctree}", encoding="utf-8")
    pages = {}
    if taxonomy_pages:
        pages = plain_taxonomy_pages(posts) if plain else TAXONOMY_PAGES
    for name, text in pages.items():
        (docs / f"{name}.md").parent.mkdir(parents=True, exist_ok=True)
        (docs / f"{name}.md").write_text(text, encoding="utf-8")
    for index_number, role in enumerate(ROLES):
        (docs / "roles" / f"{role}.md").write_text(f"# Role {index_number}\n", encoding="utf-8")
    index_of = RelatedIndex(keys(post) for post in posts)
    by_name = {post["name"]: post for post in posts}
    for post in posts:
        if plain:
            names = index_of.related(f"posts/{post['name']}", Weights(), 1.0, 3)
            related = [by_name[name.removeprefix("posts/")] for name in names]
            text = plain_page(post, related)
        else:
            text = extension_page(post)
        (docs / "posts" / f"{post['name']}.md").write_text(text, encoding="utf-8")
    return docs


def keys(post: dict[str, Any]) -> PostKeys:
    """Scoring keys of a synthetic post."""
    roles = tuple(ROLES[index] for index in post["roles"])
    return PostKeys(
        f"posts/{post['name']}", post["updated"], post["category"], tuple(post["tags"]), roles
    )


# Runs Sphinx, then reports the pages it read and wrote (counted in the main process, so -j N
# counts too) and the peak memory of the build (its own and any workers').
MEASURED_SPHINX = """
import resource, sys, time
from sphinx.builders import Builder
from sphinx.cmd.build import main
from sphinx.events import EventManager

pages = {"read": 0, "posts_read": 0, "written": 0}
emit, write_documents, connect = EventManager.emit, Builder.write_documents, EventManager.connect
share_seconds = [0.0]

def counting_emit(self, name, *args, **kwargs):
    results = emit(self, name, *args, **kwargs)
    if name == "env-before-read-docs":  # its handlers may add pages to read
        pages["read"] = len(args[1])
        pages["posts_read"] = sum(1 for name in args[1] if name.startswith("posts/"))
    return results

def counting_write_documents(self, docnames):
    pages["written"] = len(docnames)
    return write_documents(self, docnames)

def timing_connect(self, name, callback, priority):
    # The time share images take (drawing them), from the extension's own handler.
    if getattr(callback, "__module__", "") == "valenx_kb.share_images" and name == "build-finished":
        handler = callback

        def callback(app, exception):
            start = time.perf_counter()
            handler(app, exception)
            share_seconds[0] += time.perf_counter() - start

    return connect(self, name, callback, priority)

EventManager.emit, Builder.write_documents = counting_emit, counting_write_documents
EventManager.connect = timing_connect
code = main(sys.argv[1:])
who = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
peak = max(resource.getrusage(one).ru_maxrss for one in who)
print(
    f"peak-rss-kb {peak} read {pages['read']} posts-read {pages['posts_read']} "
    f"written {pages['written']} share-images-s {share_seconds[0]:.3f}",
    file=sys.stderr,
)
sys.exit(code)
"""


def build(docs: Path, parallel: int = 1, options: list[str] | None = None) -> dict[str, Any]:
    """Build docs in a child process: seconds, peak memory, pages read and written.

    options replaces the sphinx-build arguments (`-b html -j N . _build/html`);
    a build with its own options may fail, and reports its exit status instead.
    """
    arguments = options or ["-b", "html", "-j", str(parallel), ".", "_build/html"]
    command = [sys.executable, "-c", MEASURED_SPHINX, *arguments]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=docs, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode and not options:
        raise SystemExit(f"the build of {docs} failed:\n{result.stderr[-3000:]}")
    measured = re.search(
        r"peak-rss-kb (\d+) read (\d+) posts-read (\d+) written (\d+) share-images-s ([\d.]+)",
        result.stderr,
    )
    assert measured, result.stderr
    built = {
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(int(measured[1]) / 1024),
        "read": int(measured[2]),
        "posts_read": int(measured[3]),
        "written": int(measured[4]),
        "share_images_seconds": float(measured[5]),
        "warnings": result.stderr.count("WARNING"),
    }
    if options:
        built["exit_status"] = result.returncode
    return built


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a file, which must contain it."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def bench_size(count: int, work: Path) -> dict[str, Any]:
    """Every measurement for a knowledge base of count posts."""
    rng = random.Random(count)
    posts = [post_model(number, rng) for number in range(count)]
    ours = write_site(work / f"ours-{count}", posts, plain=False)
    plain = write_site(work / f"plain-{count}", posts, plain=True)
    parallel = write_site(work / f"parallel-{count}", posts, plain=False)
    furo_sidebar = write_site(work / f"furo-{count}", posts, plain=True, conf=FURO_SIDEBAR_CONF)
    result: dict[str, Any] = {"posts": count}
    result["plain_furo_sidebar"] = build(furo_sidebar)
    result["plain"] = build(plain)
    result["sidebar_speedup"] = round(
        result["plain_furo_sidebar"]["seconds"] / result["plain"]["seconds"], 3
    )
    result["extension"] = build(ours)
    result["overhead_ratio"] = round(result["extension"]["seconds"] / result["plain"]["seconds"], 3)
    result["parallel_2"] = build(parallel, parallel=2)
    result["parallel_speedup"] = round(
        result["extension"]["seconds"] / result["parallel_2"]["seconds"], 3
    )
    built = Path("_build") / "html"
    result["parallel_output_identical"] = output_files(ours / built) == output_files(
        parallel / built
    )
    result["incremental"] = incremental(ours, posts[0])
    result["share_images"] = len(list((ours / built / "_share").rglob("*.png")))
    return result


def incremental(docs: Path, first: dict[str, Any], plain: bool = False) -> dict[str, Any]:
    """Rebuilds of a built site after no change, one body edit, one tag edit and one salary edit.

    On plain pages the tag is typed on the page, and the salary on every page
    showing it: each of those pages is edited.
    """
    page = docs / "posts" / f"{first['name']}.md"
    cases = {"no change": build(docs)}
    edit(page, "career", "careers")
    cases["body edit"] = build(docs)
    tags = "Tags: " if plain else "tags: ["
    edit(page, f"{tags}{first['tags'][0]}", f"{tags}brand-new-tag")
    cases["tags edit"] = build(docs)
    if plain:
        for post in sorted((docs / "posts").glob("*.md")):
            if money(salary(0)) in post.read_text(encoding="utf-8"):
                post.write_text(
                    post.read_text(encoding="utf-8").replace(money(salary(0)), "$80,500"),
                    encoding="utf-8",
                )
    else:
        edit(docs.parent / "data" / "salaries.yaml", "salary: 80000", "salary: 80500")
    cases["data edit"] = build(docs)
    return cases


def bench_data_edit(count: int, work: Path) -> dict[str, Any]:
    """A full build, then one role's salary edited, then the data's month, in one site.

    Each post cites 3 of the 50 roles, so about 6 % of the posts show the edited
    role. The output after the salary edit is compared file by file with a fresh
    build of the same sources.
    """
    rng = random.Random(count)
    posts = [post_model(number, rng) for number in range(count)]
    docs = write_site(work / f"data-edit-{count}", posts, plain=False)
    data = docs.parent / "data" / "salaries.yaml"
    result: dict[str, Any] = {"posts": count, "full": build(docs)}
    result["posts_citing_the_role"] = sum(1 for post in posts if 0 in post["roles"])
    edit(data, f"salary: {salary(0)}\n", f"salary: {salary(0) + 500}\n")
    result["one_role"] = build(docs)
    fresh = work / f"data-edit-{count}-fresh"
    shutil.copytree(docs.parent, fresh, ignore=shutil.ignore_patterns("_build"))
    result["fresh"] = build(fresh / "docs")
    built = Path("_build") / "html"
    result["output_identical"] = same_output(docs / built, fresh / "docs" / built)
    shutil.rmtree(fresh)
    edit(data, "as_of: 2026-06", "as_of: 2026-07")
    result["shared_field"] = build(docs)
    shutil.rmtree(docs.parent)
    return result


def bench_taxonomy(count: int, work: Path) -> dict[str, Any]:
    """Full builds of one extension site without and with the archive and taxonomy pages."""
    rng = random.Random(count)
    posts = [post_model(number, rng) for number in range(count)]
    sites = {
        "without": write_site(work / f"no-taxonomy-{count}", posts, plain=False),
        "with": write_site(work / f"taxonomy-{count}", posts, plain=False, taxonomy_pages=True),
    }
    runs: dict[str, list[dict[str, Any]]] = {"without": [], "with": []}
    for _ in range(TAXONOMY_ROUNDS):
        for name, docs in sites.items():
            shutil.rmtree(docs / "_build", ignore_errors=True)
            runs[name].append(build(docs))
    result: dict[str, Any] = {"posts": count, "rounds": TAXONOMY_ROUNDS}
    for name, builds in runs.items():
        result[name] = min(builds, key=lambda one: one["seconds"])
        result[f"{name}_all_seconds"] = [one["seconds"] for one in builds]
    result["ratio"] = round(result["with"]["seconds"] / result["without"]["seconds"], 3)
    generated = generated_pages(sites["with"] / "_build" / "html")
    result["generated_pages"] = len(generated)
    result["generated_bytes"] = sum(page.stat().st_size for page in generated)
    return result


def generated_pages(outdir: Path) -> list[Path]:
    """The HTML pages written under the taxonomy pages' folders: all generated, none has a source.

    (archive.html, tags.html and the other index pages have sources, and sit
    beside these folders, not in them.)
    """
    return sorted(page for name in TAXONOMY_PAGES for page in (outdir / name).rglob("*.html"))


def bench_scale(count: int, work: Path, read_the_docs: bool) -> dict[str, Any]:
    """A site of count posts with the taxonomy pages beside the same posts and pages in plain MyST.

    The plain site has the archive, its years and every term's pages typed by
    hand, as orphan pages at the generated pages' names. Full build, `-j 2` (its
    output compared file by file), peak memory, output bytes, the median post
    page, the incremental cases; with read_the_docs, the Read the Docs command
    too, on the extension's site. The sites are deleted after.
    """
    rng = random.Random(count)
    posts = [post_model(number, rng) for number in range(count)]
    result: dict[str, Any] = {"posts": count}
    for name, plain in (("plain", True), ("extension", False)):
        conf = (PLAIN_CONF if plain else CONF) + SCALE_NAVIGATION
        sites = [
            write_site(work / f"scale-{name}-{count}-{run}", posts, plain, conf, True)
            for run in ("j1", "j2")
        ]
        side: dict[str, Any] = {"full": build(sites[0]), "parallel_2": build(sites[1], parallel=2)}
        outputs = [docs / "_build" / "html" for docs in sites]
        side["parallel_speedup"] = round(side["full"]["seconds"] / side["parallel_2"]["seconds"], 3)
        side["parallel_output_identical"] = same_output(*outputs)
        shutil.rmtree(sites[1].parent)
        side["output_bytes"] = sum(size for size in output_sizes(outputs[0]).values())
        side["post_page_bytes"] = round(
            statistics.median(page.stat().st_size for page in (outputs[0] / "posts").glob("*.html"))
        )
        side["incremental"] = incremental(sites[0], posts[0], plain)
        if read_the_docs and not plain:
            side["read_the_docs"] = build(sites[0], options=READ_THE_DOCS)
        shutil.rmtree(sites[0].parent)
        result[name] = side
    result["overhead_ratio"] = round(
        result["extension"]["full"]["seconds"] / result["plain"]["full"]["seconds"], 3
    )
    return result


def output_sizes(outdir: Path) -> dict[str, int]:
    """The size of every file a build wrote, by path relative to outdir (doctrees left out)."""
    return {
        str(path.relative_to(outdir)): path.stat().st_size
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and ".doctrees" not in path.parts
    }


def same_output(one: Path, other: Path) -> bool:
    """Whether two builds wrote the same files with the same bytes, read one file at a time."""
    names = output_sizes(one)
    if names != output_sizes(other):
        return False
    return all(filecmp.cmp(one / name, other / name, shallow=False) for name in names)


def growth(rows: list[dict[str, Any]], side: str) -> float:
    """The exponent k in time ~ posts**k of full builds, from the smallest size to the largest."""
    first, last = rows[0], rows[-1]
    ratio = last[side]["full"]["seconds"] / first[side]["full"]["seconds"]
    return round(math.log(ratio) / math.log(last["posts"] / first["posts"]), 3)


def bench_scoring(sizes: list[int]) -> list[dict[str, Any]]:
    """Related-post scoring alone: every post's related posts, for each size."""
    rows = []
    for count in sizes:
        rng = random.Random(count)
        posts = [keys(post_model(number, rng)) for number in range(count)]
        start = time.perf_counter()
        index = RelatedIndex(posts)
        for post in posts:
            index.related(post.name, Weights(), 1.0, 3)
        rows.append({"posts": count, "seconds": round(time.perf_counter() - start, 3)})
    return rows


def table(results: dict[str, Any]) -> str:
    """The Markdown tables of the Performance page."""
    lines = [
        "| posts | plain MyST (s) | with extension (s) | overhead ratio | -j 2 (s) | -j 2 speed-up "
        "| -j 2 output identical | peak memory (MB) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size in results["sizes"]:
        identical = "yes" if size["parallel_output_identical"] else "no"
        lines.append(
            f"| {size['posts']} | {size['plain']['seconds']} | {size['extension']['seconds']} "
            f"| {size['overhead_ratio']} | {size['parallel_2']['seconds']} "
            f"| {size['parallel_speedup']} | {identical} | {size['extension']['peak_rss_mb']} |"
        )
    lines += [
        "",
        "| posts | plain MyST, furo's own sidebar (s) | plain MyST, sidebar once per folder (s) "
        "| speed-up |",
        "| --- | --- | --- | --- |",
    ]
    for size in results["sizes"]:
        lines.append(
            f"| {size['posts']} | {size['plain_furo_sidebar']['seconds']} "
            f"| {size['plain']['seconds']} | {size['sidebar_speedup']} |"
        )
    lines += [
        "",
        "| posts | case | seconds | pages re-read | pages re-written |",
        "| --- | --- | --- | --- | --- |",
    ]
    for size in results["sizes"]:
        for case, build_result in size["incremental"].items():
            lines.append(
                f"| {size['posts']} | {case} | {build_result['seconds']} | {build_result['read']} "
                f"| {build_result['written']} |"
            )
    lines += [
        "",
        "| posts | share images | drawing them (s) | share of the full build "
        "| with -j 2 (s) | in a no-change rebuild (s) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for size in results["sizes"]:
        full, parallel = size["extension"], size["parallel_2"]
        unchanged = size["incremental"]["no change"]
        lines.append(
            f"| {size['posts']} | {size['share_images']} | {full['share_images_seconds']} "
            f"| {full['share_images_seconds'] / full['seconds']:.1%} "
            f"| {parallel['share_images_seconds']} | {unchanged['share_images_seconds']} |"
        )
    lines += ["", "| posts scored | seconds (related posts of every post) |", "| --- | --- |"]
    lines += [f"| {row['posts']} | {row['seconds']} |" for row in results["scoring"]]
    return "\n".join(lines) + "\n"


def taxonomy_table(rows: list[dict[str, Any]]) -> str:
    """The Markdown table of the taxonomy pages' cost."""
    lines = [
        "| posts | without taxonomy pages (s) | with taxonomy pages (s) | ratio "
        "| generated pages | their size (MB) | warnings |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        warnings = row["without"]["warnings"] + row["with"]["warnings"]
        lines.append(
            f"| {row['posts']} | {row['without']['seconds']} | {row['with']['seconds']} "
            f"| {row['ratio']} | {row['generated_pages']} "
            f"| {row['generated_bytes'] / 1_000_000:.1f} | {warnings} |"
        )
    return "\n".join(lines) + "\n"


def scale_table(rows: list[dict[str, Any]]) -> str:
    """The Markdown tables of the builds at scale."""
    cases = ["no change", "body edit", "tags edit", "data edit"]
    # Two tables, not one of fifteen columns: a table wider than the text column
    # scrolls, and a scrolling region readers cannot reach by keyboard fails axe.
    lines = [
        "| posts | pages | full build (s) | overhead ratio | -j 2 (s) | -j 2 speed-up "
        "| -j 2 output identical | peak memory (MB) |",
        "| --- " * 8 + "|",
    ]
    outputs = [
        "",
        "| posts | pages | output (MB) | post page (KB, median) "
        f"| {' (s) | '.join(cases)} (s) | warnings |",
        "| --- " * 9 + "|",
    ]
    for row in rows:
        for side, label in (("plain", "plain MyST"), ("extension", "with extension")):
            one = row[side]
            overhead = row["overhead_ratio"] if side == "extension" else ""
            identical = "yes" if one["parallel_output_identical"] else "no"
            incremental = " | ".join(str(one["incremental"][case]["seconds"]) for case in cases)
            warnings = one["full"]["warnings"] + one["parallel_2"]["warnings"]
            lines.append(
                f"| {row['posts']} | {label} | {one['full']['seconds']} | {overhead} "
                f"| {one['parallel_2']['seconds']} | {one['parallel_speedup']} | {identical} "
                f"| {one['full']['peak_rss_mb']} |"
            )
            outputs.append(
                f"| {row['posts']} | {label} | {one['output_bytes'] / 1_000_000:.1f} "
                f"| {one['post_page_bytes'] / 1000:.1f} | {incremental} | {warnings} |"
            )
    lines += outputs
    if len(rows) > 1:
        sizes = f"{rows[0]['posts']} to {rows[-1]['posts']} posts"
        lines += [
            "",
            f"| growth exponent of full build time, {sizes} | plain MyST | with extension |",
            "| --- | --- | --- |",
            f"| log(t{rows[-1]['posts']} / t{rows[0]['posts']}) / "
            f"log({rows[-1]['posts']} / {rows[0]['posts']}) "
            f"| {growth(rows, 'plain')} | {growth(rows, 'extension')} |",
        ]
    for row in rows:
        if "read_the_docs" in row["extension"]:
            rtd = row["extension"]["read_the_docs"]
            lines += [
                "",
                "| posts | Read the Docs command (s) | peak memory (MB) | exit status | warnings |",
                "| --- | --- | --- | --- | --- |",
                f"| {row['posts']} | {rtd['seconds']} | {rtd['peak_rss_mb']} "
                f"| {rtd['exit_status']} | {rtd['warnings']} |",
            ]
    return "\n".join(lines) + "\n"


def data_edit_table(rows: list[dict[str, Any]]) -> str:
    """The Markdown table of the pages a data edit reads again, and its time."""
    lines = [
        "| posts | full build (s) | edit | posts showing it | pages re-read | posts re-read "
        "| share of posts | seconds | share of the full build | output as a fresh build's |",
        "| --- " * 10 + "|",
    ]
    for row in rows:
        full = row["full"]["seconds"]
        for case, label, showing in (
            ("one_role", "one role's salary", row["posts_citing_the_role"]),
            ("shared_field", "as_of", row["posts"]),
        ):
            built = row[case]
            identical = ("yes" if row["output_identical"] else "no") if case == "one_role" else ""
            lines.append(
                f"| {row['posts']} | {full} | {label} | {showing} | {built['read']} "
                f"| {built['posts_read']} | {built['posts_read'] / row['posts']:.1%} "
                f"| {built['seconds']} | {built['seconds'] / full:.2f} | {identical} |"
            )
    return "\n".join(lines) + "\n"


def replace_between(text: str, name: str, table_text: str) -> str:
    """text with what lies between the "% name:start" and "% name:end" lines replaced."""
    # MyST comments: readers never see them. The blank line ends the last table first.
    start, end = f"% {name}:start\n", f"\n% {name}:end"
    before, found, rest = text.partition(start)
    if not found or end not in rest:
        raise SystemExit(f"docs/performance.md has no {start.strip()} ... {end.strip()} lines")
    _, _, after = rest.partition(end)
    return before + start + "\n" + table_text + end + after


def main() -> int:
    """Run the benchmark and write its results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="also 1,000 posts and 100,000 scored")
    parser.add_argument(
        "--posts",
        type=int,
        nargs="+",
        metavar="N",
        help="build sites of these numbers of posts instead (e.g. --posts 1000)",
    )
    parser.add_argument(
        "--taxonomy-only",
        action="store_true",
        help="only the taxonomy pages comparison: rewrites its table alone in "
        "docs/performance.md, and docs/_build/bench/taxonomy.json",
    )
    parser.add_argument(
        "--scale",
        action="store_true",
        help="only the builds at scale (1,000, 3,000 and 10,000 posts, or --posts): "
        "rewrites its table alone in docs/performance.md, and docs/_build/bench/scale.json",
    )
    parser.add_argument(
        "--data-edit",
        action="store_true",
        help="only one role's salary and then the data's month edited in a built site of "
        "1,000 posts (or --posts): rewrites its table alone in docs/performance.md, and "
        "docs/_build/bench/data-edit.json",
    )
    arguments = parser.parse_args()
    if arguments.scale:
        return main_scale(arguments.posts or SCALE_SIZES)
    if arguments.data_edit:
        return main_data_edit(arguments.posts or DATA_EDIT_SIZES)
    sizes = arguments.posts or ([100, 300, 1000] if arguments.full else [100, 300])
    scoring = [1_000, 10_000, 100_000] if arguments.full else [1_000, 10_000]
    mode = "full" if arguments.full else "quick"
    results: dict[str, Any] = {"mode": mode, "python": sys.version.split()[0]}
    with tempfile.TemporaryDirectory() as folder:
        if not arguments.taxonomy_only:
            results["sizes"] = [bench_size(count, Path(folder)) for count in sizes]
            results["scoring"] = bench_scoring(scoring)
        results["taxonomy"] = [bench_taxonomy(count, Path(folder)) for count in sizes]
    out = REPO / "docs" / "_build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    raw = "taxonomy.json" if arguments.taxonomy_only else "results.json"
    (out / raw).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    page = REPO / "docs" / "performance.md"
    text = page.read_text(encoding="utf-8")
    if not arguments.taxonomy_only:
        text = replace_between(text, "bench", table(results))
        print(table(results))
    text = replace_between(text, "bench-taxonomy", taxonomy_table(results["taxonomy"]))
    print(taxonomy_table(results["taxonomy"]))
    page.write_text(text, encoding="utf-8")
    return 0


def main_data_edit(sizes: list[int]) -> int:
    """Edit one role's figures, then a shared field, in built sites; write their table."""
    with tempfile.TemporaryDirectory() as folder:
        rows = [bench_data_edit(count, Path(folder)) for count in sorted(sizes)]
    out = REPO / "docs" / "_build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    results = {"mode": "data-edit", "python": sys.version.split()[0], "sizes": rows}
    (out / "data-edit.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    page = REPO / "docs" / "performance.md"
    table_text = data_edit_table(rows)
    text = replace_between(page.read_text(encoding="utf-8"), "bench-data-edit", table_text)
    page.write_text(text, encoding="utf-8")
    print(table_text)
    return 0


def main_scale(sizes: list[int]) -> int:
    """Run the builds at scale, the Read the Docs command on the largest, and write their table."""
    sizes = sorted(sizes)
    rows: list[dict[str, Any]] = []
    out = REPO / "docs" / "_build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for count in sizes:
            rows.append(bench_scale(count, Path(folder), count == sizes[-1]))
            # Each size as it ends: a run stopped at the next, longer size keeps what it measured.
            results = {"mode": "scale", "python": sys.version.split()[0], "sizes": rows}
            (out / "scale.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
            print(f"{count} posts measured: {out / 'scale.json'}", file=sys.stderr, flush=True)
    page = REPO / "docs" / "performance.md"
    text = replace_between(page.read_text(encoding="utf-8"), "bench-scale", scale_table(rows))
    page.write_text(text, encoding="utf-8")
    print(scale_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
