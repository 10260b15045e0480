"""What the real site should show, worked out from its sources.

Figures come from the data file; cards, bylines and feed entries from the
pages' front matter, read by the extension's rules, and their titles as the
html build shows them. Tests that read the real site compare against these,
so they keep passing when a contributor adds a post or changes a figure the
way the README says.
"""

import json
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from helpers import REPO, article_body, visible_text
from scoring_oracle import brute_force_related
from valenx_kb.author_data import load_authors
from valenx_kb.data import Dataset, Role, load_dataset
from valenx_kb.data_model import Amount
from valenx_kb.formatting import Formatter, formatter_for
from valenx_kb.front_matter import (
    UPDATED_FROM_DATA,
    given,
    without_control_characters,
    word_list,
)
from valenx_kb.records import Author, Post
from valenx_kb.scoring import Weights

DOCS = REPO / "docs"
DATA_FILE = REPO / "data" / "salaries.yaml"
SCHEMA_FILE = REPO / "data" / "salaries.schema.json"
AUTHORS_FILE = REPO / "data" / "authors.yaml"
AUTHORS_SCHEMA_FILE = REPO / "data" / "authors.schema.json"
# The seed article's figures, frozen; see tests/FIXTURES.md.
SEED_FIGURES = REPO / "tests" / "seed" / "figures.yaml"
# Settings the real site leaves at the extension's defaults (docs/conf.py).
PUBLISHER = "Valenx Press"
RELATED_LIMIT = 3
RELATED_MIN_SCORE = 1.0
DAY = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def live_data() -> Dataset:
    """The site's data file as it is now."""
    return load_dataset(DATA_FILE, SCHEMA_FILE)


def live_authors(path: Path = AUTHORS_FILE) -> dict[str, Author]:
    """The authors file as it is now, by id; none when there is no file."""
    if not path.is_file():
        return {}
    return {author.id: author for author in load_authors(path, AUTHORS_SCHEMA_FILE).authors}


def joined_names(names: list[str]) -> str:
    """Names as a byline lists them: "A", "A and B", "A, B and C"; "" for none."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def seed_data() -> Dataset:
    """The seed article's frozen figures."""
    return load_dataset(SEED_FIGURES, SCHEMA_FILE)


def english(dataset: Dataset) -> Formatter:
    """Money, differences and months as the English site shows them."""
    return formatter_for("en", dataset.currency)


def average(role: Role) -> Amount:
    """The role's average salary, which the site's data and the example data give every role."""
    assert role.salary is not None, f"{role.id} gives no average"
    return role.salary


def find_role(dataset: Dataset, role_id: str) -> Role:
    """The role with this id; the test fails when the data file has none."""
    found = dataset.role(role_id)
    assert found is not None, f"the data file has no role {role_id!r}"
    return found


def digits(money: str) -> str:
    """A formatted amount without its currency symbol ("146,000"), as LaTeX and text show it."""
    return re.sub(r"[^\d.,]", "", money).strip(".,")


@dataclass(frozen=True)
class SourcePost(Post):
    """A post as its source file describes it (reading time and words are not worked out)."""

    def updated_label(self, dataset: Dataset) -> str:
        """The byline's "Updated June 2026"; "" without a date."""
        return f"Updated {english(dataset).month(self.updated)}" if self.updated else ""

    def byline(self, dataset: Dataset) -> str:
        """A pattern for the byline, "Valenx Press · Comparisons · 3 min read · Updated June 2026".

        It starts with the names of the post's authors, or the publisher when it names none.
        """
        authors = live_authors()
        names = joined_names([authors[author].name for author in self.authors]) or PUBLISHER
        pattern = rf"{re.escape(names)} · {re.escape(self.category)} · \d+ min read"
        if label := self.updated_label(dataset):
            pattern += f" · {re.escape(label)}"
        return pattern

    def card_facts(self, dataset: Dataset) -> str:
        """A pattern for the facts under its card, "Comparisons · 3 min read · Updated ..."."""
        facts = [re.escape(self.category), r"\d+ min read"]
        if label := self.updated_label(dataset):
            facts.append(re.escape(label))
        return " · ".join(facts)


def source_of(docname: str) -> Path:
    """The MyST file of a page."""
    return DOCS / f"{docname}.md"


def split_page(path: Path) -> tuple[str, str]:
    """A page's front matter (between its opening "---" and the next) and the rest."""
    text = path.read_text(encoding="utf-8")
    found = re.match(r"---\n(.*?)^---$", text, re.MULTILINE | re.DOTALL)
    return (found[1], text[found.end() :]) if found else ("", text)


def front_matter(path: Path) -> dict[str, Any]:
    """The page's front matter; {} without any."""
    loaded = yaml.safe_load(split_page(path)[0]) or {}
    assert isinstance(loaded, dict), path
    return loaded


def built_title(html: Path, docname: str) -> str:
    """The text of the page's <h1> as the html build wrote it, as its cards and feed show it."""
    heading = article_body(html / f"{docname}.html").select_one("h1")
    assert heading is not None, f"{docname}.html has no <h1>"
    return visible_text(heading)


def as_text(value: object) -> str:
    """A front matter value as MyST hands it to the extension; "" when missing or empty."""
    if not isinstance(value, str | int | float | date):
        value = json.dumps(value, default=str)  # lists as JSON, an empty value as "null"
    return given(value)


def as_words(value: object) -> list[str]:
    """A front matter list of words (or "a, b" text), stripped; [] when it is not one."""
    return word_list(as_text(value)) or []


def as_day(text: str) -> date | None:
    """A YYYY-MM-DD or YYYY-MM date (a month is its first day); None when missing or wrong."""
    found = DAY.fullmatch(text)
    try:
        return date(int(found[1]), int(found[2]), int(found[3] or 1)) if found else None
    except ValueError:
        return None


def clean(text: str) -> str:
    """text without the control characters the extension leaves out."""
    return without_control_characters(text).strip()


def unique(words: Iterable[str]) -> tuple[str, ...]:
    """The words in order, each once, without empty ones."""
    return tuple(dict.fromkeys(word for word in words if word))


def updated_day(text: str, published: date | None, dataset: Dataset) -> date | None:
    """The updated date: "data" is the data's month; never before published; None when absent."""
    day = dataset.as_of if text == UPDATED_FROM_DATA else as_day(text)
    if day is None or published is None:
        return day
    return max(day, published)


def site_posts(html: Path, dataset: Dataset | None = None) -> list[SourcePost]:
    """Every post, drafts included, by docname; html is the html build's output."""
    dataset = dataset or live_data()
    known = dataset.role_ids
    authors = live_authors()
    posts = []
    for path in sorted(DOCS.rglob("*.md")):
        if "_build" in path.parts:
            continue
        meta = front_matter(path)
        category = clean(as_text(meta.get("category")))
        if not category:
            continue
        docname = path.relative_to(DOCS).with_suffix("").as_posix()
        published = as_day(as_text(meta.get("date")))
        tags = as_words(meta.get("tags"))
        posts.append(
            SourcePost(
                docname=docname,
                title=built_title(html, docname),
                summary=clean(as_text(meta.get("summary"))),
                category=category,
                tags=unique(clean(tag) for tag in tags),
                roles=unique(role for role in as_words(meta.get("roles")) if role in known),
                authors=unique(name for name in as_words(meta.get("authors")) if name in authors),
                published=published,
                updated=updated_day(as_text(meta.get("updated")), published, dataset),
                draft=as_text(meta.get("draft")).lower() == "true",
            )
        )
    return posts


def site_post(html: Path, docname: str) -> SourcePost:
    """One post of the site by docname; html is the html build's output."""
    return next(post for post in site_posts(html) if post.docname == docname)


def blog_page() -> str:
    """Where "Back to Blog" and "View All Posts »" lead: conf.py's valenx_blog_page, or home."""
    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    found = re.search(r'^valenx_blog_page = "([^"]*)"$', conf, re.MULTILINE)
    return found[1] if found and found[1] else "index"


def role_places() -> dict[str, int]:
    """Each role's place in the live data file."""
    return {role.id: place for place, role in enumerate(live_data().roles)}


def newest_first(posts: list[SourcePost]) -> list[SourcePost]:
    """Posts in listing order: newest first; of one date, in the data file's order of their
    roles (the earliest of each post's), then by docname; drafts left out.
    """
    places = role_places()

    def rank(post: SourcePost) -> tuple[int, str]:
        known = [places[role] for role in post.roles if role in places]
        return min(known, default=len(places)), post.docname

    by_rank = sorted((post for post in posts if not post.draft), key=rank)
    return sorted(by_rank, key=lambda post: post.sort_date, reverse=True)


def directive_options(docname: str, directive: str) -> list[dict[str, str]]:
    """The options of each use of a fenced directive on a page, in order."""
    pattern = rf"^(?:`{{3,}}|:{{3,}})\{{{re.escape(directive)}\}}[^\n]*\n((?::[\w-]+:[^\n]*\n)*)"
    text = source_of(docname).read_text(encoding="utf-8")
    return [
        dict(re.findall(r"^:([\w-]+):\s*(.*?)\s*$", options, re.MULTILINE))
        for options in re.findall(pattern, text, re.MULTILINE)
    ]


def post_index_cards(html: Path, page: str) -> list[list[SourcePost]]:
    """The posts each post-index on page lists, in order; html is the html output."""
    posts = newest_first(site_posts(html))
    grids = []
    for options in directive_options(page, "post-index"):
        shown = [post for post in posts if post.docname != page and matches(options, post)]
        limit = int(options.get("limit", 0))
        grids.append(shown[:limit] if limit else shown)
    return grids


def matches(options: dict[str, str], post: SourcePost) -> bool:
    """Whether a post passes a post-index's :category:, :tag: and :role: filters."""
    return (
        options.get("category", post.category) == post.category
        and ("tag" not in options or options["tag"] in post.tags)
        and ("role" not in options or options["role"] in post.roles)
    )


def related_cards(html: Path, docname: str) -> list[SourcePost]:
    """The posts the page's related-posts cards show, best first; html is the html output."""
    (options,) = directive_options(docname, "related-posts")
    assert set(options) <= {"limit"}, f"site_sources does not model {sorted(options)} yet"
    posts = newest_first(site_posts(html))
    names = brute_force_related(
        [post.keys(role_places()) for post in posts],
        docname,
        Weights(),
        RELATED_MIN_SCORE,
        int(options.get("limit", RELATED_LIMIT)),
    )
    by_name = {post.docname: post for post in posts}
    return [by_name[name] for name in names]


def option_items(docname: str, directive: str, option: str) -> list[str]:
    """The items of an option ("a, b, c") on the first use of a directive on a page."""
    text = directive_options(docname, directive)[0].get(option, "")
    return [item for item in re.split(r"[,\s]+", text) if item]


def taxonomy_home(taxonomy: str) -> str | None:
    """The page that holds the taxonomy's index ({taxonomy-index} authors), if one does."""
    pattern = re.compile(rf"^(?:`{{3,}}|:{{3,}})\{{taxonomy-index\}}\s+{taxonomy}\s*$", re.M)
    # A directive shown as an example, inside a ````markdown block, lists nothing.
    examples = re.compile(r"^````.*?^````", re.M | re.S)
    for path in sorted(DOCS.rglob("*.md")):
        text = examples.sub("", path.read_text(encoding="utf-8"))
        if "_build" not in path.parts and pattern.search(text):
            return path.relative_to(DOCS).with_suffix("").as_posix()
    return None


def faq_questions(docname: str) -> list[str]:
    """The questions of the page's faq block: each line followed by an ": answer" line."""
    text = source_of(docname).read_text(encoding="utf-8")
    block = re.search(r"^(:{3,})\{faq\}[^\n]*\n(.*?)^\1$", text, re.MULTILINE | re.DOTALL)
    lines = block[2].splitlines() if block else []
    return [line.strip() for line, after in pairwise(lines) if line.strip() and after[:2] == ": "]


def with_salary(data_text: str, role_id: str, amount: int | Decimal) -> str:
    """The data file's text with one role's salary changed, edited as a contributor would."""
    pattern = rf"(- id: {re.escape(role_id)}\n(?:[ \t]+\S[^\n]*\n)*?[ \t]+salary: *)[^\s#]+"
    changed, count = re.subn(pattern, rf"\g<1>{amount}", data_text, count=1)
    assert count == 1, f"no salary for {role_id!r} in the data file"
    return changed


def link(source: str, target: str, suffix: str = ".html") -> str:
    """The relative link from one page to another, as Sphinx writes it."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".") + suffix
