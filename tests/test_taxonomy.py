"""Tags, categories and authors as groups of posts, and page numbers: the pure model."""

import unicodedata
from itertools import pairwise

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from valenx_kb.pager import NEIGHBOURS, shown_numbers
from valenx_kb.records import Post
from valenx_kb.taxonomy import (
    SpellingClash,
    Taxonomy,
    collect_terms,
    is_word_character,
    page_count,
    page_name,
    page_slice,
    slugify,
)


def post(docname: str, tags: tuple[str, ...] = (), category: str = "Comparisons") -> Post:
    """A post with only what grouping looks at."""
    return Post(docname, docname.title(), "", category, tags=tags)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Machine Learning", "machine-learning"),
        ("  Data   Science  ", "data-science"),
        ("machine_learning", "machine-learning"),
        ("Café", "cafe"),
        ("Ünïcödé Tag", "unicode-tag"),
        ("机器学习", "机器学习"),
        ("データ", "データ"),  # the voiced mark is part of the letter
        ("हिन्दी", "हिन्दी"),
        ("Май", "май"),  # "й" is not "и" with an accent
        ("İstanbul", "istanbul"),
        ("C++", "c-plus-plus"),
        ("C#", "c-sharp"),
        ("R&D", "r-and-d"),
        ("Node.js", "node-js"),
        ("../etc/passwd", "etc-passwd"),
    ],
)
def test_slug_is_readable(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_symbols_that_carry_meaning_keep_tags_apart() -> None:
    assert len({slugify("C"), slugify("C++"), slugify("C#")}) == 3


def test_punctuation_only_name_gets_an_address_of_its_own() -> None:
    slugs = {name: slugify(name) for name in ["!!!", "???", "—", "!", "\u0301"]}

    assert all(slug.startswith("term-") for slug in slugs.values()), slugs
    assert len(set(slugs.values())) == len(slugs)
    assert slugify("!!!") == slugs["!!!"]  # the same name keeps its address


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1).filter(str.strip))
@example("0\x80\U0001d17b")  # a mark on no letter
@example("ẞ\u0301")  # a letter whose lower case is Latin, with an accent
def test_slug_is_one_path_segment_of_lower_case_words(name: str) -> None:
    slug = slugify(name)

    words = slug.split("-")
    assert all(words), slug
    assert all(is_word_character(char) for word in words for char in word), slug
    assert slug == unicodedata.normalize("NFC", slug.casefold())
    assert slugify(slug) == slug


def test_terms_count_their_posts_newest_first_sorted_by_name() -> None:
    posts = [
        post("posts/new", ("salaries", "careers")),
        post("posts/mid", ("Banana",)),
        post("posts/old", ("salaries",)),
    ]

    terms, clashes = collect_terms(posts, Taxonomy.TAGS)

    assert [(term.name, term.slug, term.posts) for term in terms] == [
        ("Banana", "banana", ("posts/mid",)),
        ("careers", "careers", ("posts/new",)),
        ("salaries", "salaries", ("posts/new", "posts/old")),
    ]
    assert clashes == []


def test_shown_spelling_is_the_one_most_posts_use() -> None:
    posts = [
        post("posts/a", ("machine learning",)),
        post("posts/b", ("Machine Learning",)),
        post("posts/c", ("Machine Learning",)),
    ]

    terms, clashes = collect_terms(posts, Taxonomy.TAGS)

    assert [(term.name, term.slug, term.posts) for term in terms] == [
        ("Machine Learning", "machine-learning", ("posts/a", "posts/b", "posts/c"))
    ]
    assert clashes == [
        SpellingClash("posts/a", Taxonomy.TAGS, "machine learning", "Machine Learning")
    ]
    assert clashes[0].only_case_or_spacing


@pytest.mark.parametrize("order", [1, -1], ids=["z-newest", "a-newest"])
def test_on_a_tie_the_spelling_of_the_post_first_by_name_is_shown(order: int) -> None:
    posts = [post("posts/z", ("ml",)), post("posts/a", ("ML",))][::order]

    terms, clashes = collect_terms(posts, Taxonomy.TAGS)

    assert [term.name for term in terms] == ["ML"]
    assert [(clash.docname, clash.written) for clash in clashes] == [("posts/z", "ml")]


def test_spellings_that_differ_in_more_than_case_or_spacing_are_told_apart() -> None:
    posts = [post("posts/a", ("C++",)), post("posts/b", ("C plus plus",))]

    terms, clashes = collect_terms(posts, Taxonomy.TAGS)

    assert [(term.name, term.slug) for term in terms] == [("C++", "c-plus-plus")]
    (clash,) = clashes
    assert (clash.docname, clash.written, clash.shown) == ("posts/b", "C plus plus", "C++")
    assert not clash.only_case_or_spacing


def test_clashes_come_in_page_order_once_per_post_and_spelling() -> None:
    posts = [
        post("posts/c", ("Data-Science",)),
        post("posts/b", ("data science", "data_science")),
        post("posts/a", ("Data Science",)),
        post("posts/d", ("Data Science",)),
    ]

    terms, clashes = collect_terms(posts, Taxonomy.TAGS)

    assert [term.posts for term in terms] == [("posts/c", "posts/b", "posts/a", "posts/d")]
    assert [(clash.docname, clash.written) for clash in clashes] == [
        ("posts/b", "data science"),
        ("posts/b", "data_science"),
        ("posts/c", "Data-Science"),
    ]
    assert all(clash.only_case_or_spacing for clash in clashes)


def test_a_post_spelling_one_tag_two_ways_is_listed_once() -> None:
    terms, _ = collect_terms([post("posts/a", ("ML", "ml"))], Taxonomy.TAGS)

    assert [(term.name, term.posts) for term in terms] == [("ML", ("posts/a",))]


def test_categories_group_posts_by_their_category() -> None:
    posts = [post("posts/a"), post("posts/b", category="Role profiles"), post("posts/c")]

    terms, clashes = collect_terms(posts, Taxonomy.CATEGORIES)

    assert [(term.name, term.slug, term.posts) for term in terms] == [
        ("Comparisons", "comparisons", ("posts/a", "posts/c")),
        ("Role profiles", "role-profiles", ("posts/b",)),
    ]
    assert clashes == []


def test_authors_keep_their_id_as_address_and_show_their_name() -> None:
    posts = [
        Post("posts/a", "A", "", "Comparisons", authors=("jane_doe", "valenx")),
        Post("posts/b", "B", "", "Comparisons", authors=("jane_doe",)),
    ]
    names = {"jane_doe": "Jane Doe", "valenx": "Valenx Press editorial team"}

    terms, clashes = collect_terms(posts, Taxonomy.AUTHORS, names)

    assert [(term.name, term.slug, term.posts) for term in terms] == [
        ("Jane Doe", "jane_doe", ("posts/a", "posts/b")),
        ("Valenx Press editorial team", "valenx", ("posts/a",)),
    ]
    assert clashes == []


@pytest.mark.parametrize(
    ("first_page", "number", "name"),
    [
        ("archive", 1, "archive"),
        ("archive", 2, "archive/page-2"),
        ("blog/index", 1, "blog/index"),
        ("blog/index", 3, "blog/page-3"),
        ("tags/careers", 2, "tags/careers/page-2"),
        ("archive/2026", 12, "archive/2026/page-12"),
    ],
)
def test_page_one_is_the_listing_and_the_others_go_below_it(
    first_page: str, number: int, name: str
) -> None:
    assert page_name(first_page, number) == name


@pytest.mark.parametrize(
    ("items", "size", "pages"), [(0, 10, 1), (1, 10, 1), (10, 10, 1), (11, 10, 2), (25, 2, 13)]
)
def test_page_count(items: int, size: int, pages: int) -> None:
    assert page_count(items, size) == pages


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=60), st.integers(min_value=1, max_value=15))
def test_pages_hold_every_item_once_in_order(items: int, size: int) -> None:
    names = [f"posts/{number}" for number in range(items)]
    pages = [page_slice(names, number, size) for number in range(1, page_count(items, size) + 1)]

    assert [name for page in pages for name in page] == names
    assert all(len(page) == size for page in pages[:-1])
    assert 0 < len(pages[-1]) <= size or items == 0


@pytest.mark.parametrize(
    ("current", "count", "shown"),
    [
        (1, 1, [1]),
        (2, 3, [1, 2, 3]),
        (1, 10, [1, 2, 3, None, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
        (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
        (7, 10, [1, None, 5, 6, 7, 8, 9, 10]),
    ],
)
def test_pager_shows_first_last_and_neighbours_with_gaps(
    current: int, count: int, shown: list[int | None]
) -> None:
    assert shown_numbers(current, count) == shown


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_pager_stays_small_on_any_listing(data: st.DataObject) -> None:
    count = data.draw(st.integers(min_value=1, max_value=10_000))
    current = data.draw(st.integers(min_value=1, max_value=count))

    shown = shown_numbers(current, count)
    numbers = [number for number in shown if number is not None]

    assert len(shown) <= 2 * NEIGHBOURS + 5
    assert (numbers[0], numbers[-1]) == (1, count)
    assert numbers == sorted(set(numbers))
    near = range(max(1, current - NEIGHBOURS), min(count, current + NEIGHBOURS) + 1)
    assert set(near) <= set(numbers)
    # A gap stands exactly where numbers are skipped, and nowhere else.
    for before, after in pairwise(shown):
        if before is not None and after is not None:
            assert after == before + 1
    for index, item in enumerate(shown):
        if item is None:
            left, right = shown[index - 1], shown[index + 1]
            assert left is not None
            assert right is not None
            assert right - left > 1


def test_pager_for_ten_thousand_pages() -> None:
    assert shown_numbers(5_000, 10_000) == [
        1,
        None,
        4_998,
        4_999,
        5_000,
        5_001,
        5_002,
        None,
        10_000,
    ]
