"""Tags, categories and authors as groups of posts, with stable addresses: pure Python.

A term (one tag, one category, one author) gets an address from its name
alone (slug), so a post's links to its terms never depend on other posts.
Two spellings that share an address are one term, shown under the spelling
most posts use; each post using another spelling is reported (SpellingClash).
"""

import functools
import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from valenx_kb.records import Post

Item = TypeVar("Item")
MAX_SLUG = 60  # characters of an address part; longer names are cut and given a code
# Symbols that carry meaning in a tag ("C++", "C#", "R&D") are spelt out, not dropped.
SPELT_OUT = {"+": " plus ", "#": " sharp ", "&": " and ", "@": " at "}


class Taxonomy(StrEnum):
    """The ways posts are grouped; the value is also the folder of the term pages."""

    TAGS = "tags"
    CATEGORIES = "categories"
    AUTHORS = "authors"


@dataclass(frozen=True)
class Term:
    """One tag, category or author, and its posts, newest first."""

    taxonomy: Taxonomy
    slug: str
    name: str
    posts: tuple[str, ...]


@dataclass(frozen=True)
class SpellingClash:
    """A post spells a term differently from the spelling shown for the term's address."""

    docname: str
    taxonomy: Taxonomy
    written: str
    shown: str

    @property
    def only_case_or_spacing(self) -> bool:
        """Whether the two spellings differ only in letter case, spaces, hyphens or underscores."""
        return loose(self.written) == loose(self.shown)


def loose(text: str) -> str:
    """text without case and word separators, to compare spellings."""
    return re.sub(r"[\s_-]+", "", text.casefold())


@functools.lru_cache(maxsize=4096)  # every post names a few of the same terms
def slugify(name: str) -> str:
    """A readable, stable address part for name: "Machine Learning" -> "machine-learning".

    Accents on Latin letters are dropped ("Café" -> "cafe"); other scripts stay
    whole, marks included ("机器学习", "データ", "हिन्दी"); "C++" is "c-plus-plus". A
    name with nothing left (only punctuation) gets "term-" and a short code of its characters.
    """
    text = unicodedata.normalize("NFKD", "".join(SPELT_OUT.get(char, char) for char in name))
    text = unicodedata.normalize("NFKD", text.casefold())
    kept: list[str] = []
    for char in text:
        # A mark on a Latin letter is an accent, dropped; on another script's letter it is
        # part of the letter ("й", "デ"); on nothing (after a space) it is dropped too.
        if not unicodedata.combining(char) or (
            kept and not kept[-1].isascii() and is_word_character(kept[-1])
        ):
            kept.append(char)
    text = unicodedata.normalize("NFC", "".join(kept))
    words = "".join(char if is_word_character(char) else " " for char in text).split()
    slug = "-".join(words) or "term-" + "-".join(f"{ord(char):x}" for char in name.strip())
    if len(slug) <= MAX_SLUG:
        return slug
    # File names have a length limit; a long name keeps its start and a short code of the rest.
    digest = hashlib.blake2b(slug.encode(), digest_size=4).hexdigest()
    return f"{slug[: MAX_SLUG - len(digest) - 1].rstrip('-')}-{digest}"


def is_word_character(char: str) -> bool:
    """Whether char belongs in a slug: a letter, a digit, or a mark that is part of a letter."""
    return char.isalnum() or unicodedata.category(char).startswith("M")


def names_of(post: Post, taxonomy: Taxonomy) -> tuple[str, ...]:
    """The terms a post has in a taxonomy, as the post writes them."""
    if taxonomy == Taxonomy.TAGS:
        return post.tags
    if taxonomy == Taxonomy.CATEGORIES:
        return (post.category,) if post.category else ()
    return post.authors


def collect_terms(
    newest_first: Iterable[Post], taxonomy: Taxonomy, shown_names: Mapping[str, str] | None = None
) -> tuple[list[Term], list[SpellingClash]]:
    """Every term of a taxonomy with its posts, sorted by name; and the posts that misspell one.

    shown_names maps a term as written to the name readers see (author id to
    the author's name); authors are addressed by their id as written.
    """
    posts_of: dict[str, list[str]] = {}
    spellings: dict[str, Counter[str]] = {}
    first_use: dict[tuple[str, str], str] = {}
    writers: list[tuple[str, str, str]] = []
    for post in newest_first:
        for written in names_of(post, taxonomy):
            slug = written if taxonomy == Taxonomy.AUTHORS else slugify(written)
            listed = posts_of.setdefault(slug, [])
            if not listed or listed[-1] != post.docname:  # a post spelling it two ways is one post
                listed.append(post.docname)
            spellings.setdefault(slug, Counter())[written] += 1
            key = (slug, written)
            first_use[key] = min(first_use.get(key, post.docname), post.docname)
            writers.append((post.docname, slug, written))
    # The spelling most posts use; on a tie, the one of the post first by name (not by date,
    # so a term's name does not change when a post's date does).
    shown = {
        slug: min(counts, key=lambda written: (-counts[written], first_use[(slug, written)]))
        for slug, counts in spellings.items()
    }
    names = shown_names or {}
    terms = [
        Term(taxonomy, slug, names.get(shown[slug], shown[slug]), tuple(posts))
        for slug, posts in posts_of.items()
    ]
    terms.sort(key=lambda term: (term.name.casefold(), term.slug))
    clashes = [
        SpellingClash(docname, taxonomy, written, shown[slug])
        for docname, slug, written in sorted(writers)
        if written != shown[slug]
    ]
    return terms, clashes


def page_count(items: int, page_size: int) -> int:
    """How many pages items fill at page_size each; an empty listing still has one page."""
    return max(1, math.ceil(items / page_size))


def page_name(first_page: str, number: int) -> str:
    """The page name of page number of a listing whose first page is first_page.

    Page 1 is the listing's own address; "archive" continues at
    "archive/page-2", and "blog/index" at "blog/page-2".
    """
    if number == 1:
        return first_page
    return f"{folder_of(first_page)}/page-{number}"


def folder_of(pagename: str) -> str:
    """The folder pages below pagename live in: "tags" for "tags" and for "tags/index"."""
    return pagename.removesuffix("/index") if pagename.endswith("/index") else pagename


def page_slice(items: Sequence[Item], number: int, page_size: int) -> list[Item]:
    """The items page number (from 1) shows."""
    start = (number - 1) * page_size
    return list(items[start : start + page_size])
