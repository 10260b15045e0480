"""Related-post scoring: the inverted index agrees with comparing every pair."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring_oracle import brute_force_related
from valenx_kb.scoring import PostKeys, RelatedIndex, Weights


def synthetic_posts(count: int, seed: int = 7) -> list[PostKeys]:
    """Posts with random roles, tags, categories and dates, the same for a given seed."""
    rng = random.Random(seed)
    roles = [f"role-{n}" for n in range(50)]
    tags = [f"tag-{n}" for n in range(200)]
    categories = ["Comparisons", "Guides", "Interviews", "Salaries", "Profiles"]
    return [
        PostKeys(
            name=f"posts/post-{n:06d}",
            date=f"20{rng.randint(20, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            category=rng.choice(categories),
            tags=tuple(rng.sample(tags, rng.randint(0, 4))),
            roles=tuple(rng.sample(roles, rng.randint(0, 3))),
        )
        for n in range(count)
    ]


@pytest.mark.parametrize(
    ("weights", "min_score"),
    [
        (Weights(), 0),
        (Weights(), 3),
        (Weights(role=1, tag=1, category=1), 1),
        (Weights(role=5, tag=0, category=0.5), 0.5),
        (Weights(role=0, tag=0, category=2), 1),
    ],
)
def test_index_matches_brute_force_on_10000_posts(weights: Weights, min_score: float) -> None:
    posts = synthetic_posts(10_000)
    index = RelatedIndex(posts)
    sample = random.Random(1).sample(posts, 40)

    for post in sample:
        expected = brute_force_related(posts, post.name, weights, min_score, limit=5)
        assert index.related(post.name, weights, min_score, limit=5) == expected


def test_ties_break_by_date_then_name() -> None:
    posts = [
        PostKeys("a", "2026-01-01", "C", tags=("x",)),
        PostKeys("b", "2026-05-01", "C", tags=("x",)),
        PostKeys("c", "2026-05-01", "C", tags=("x",)),
        PostKeys("d", "2026-09-01", "C", tags=("x", "y")),
        PostKeys("me", "2026-01-01", "C", tags=("x", "y")),
    ]
    related = RelatedIndex(posts).related("me", Weights(), min_score=0, limit=4)
    assert related == ["d", "b", "c", "a"]


def test_pinned_posts_come_first_and_never_the_page_itself() -> None:
    posts = [
        PostKeys("me", "2026-01-01", "C", tags=("x",)),
        PostKeys("twin", "2026-01-01", "C", tags=("x",)),
        PostKeys("far", "2020-01-01", "Other"),
    ]
    index = RelatedIndex(posts)
    assert index.related("me", Weights(), 0, limit=3, pinned=["far", "me", "missing"]) == [
        "far",
        "twin",
    ]


def test_minimum_score_and_limit() -> None:
    posts = [
        PostKeys("me", "2026-01-01", "C", roles=("r",), tags=("x",)),
        PostKeys("role-mate", "2026-01-01", "Other", roles=("r",)),
        PostKeys("tag-mate", "2026-01-01", "Other", tags=("x",)),
        PostKeys("same-category", "2026-01-01", "C"),
    ]
    index = RelatedIndex(posts)
    assert index.related("me", Weights(), min_score=2.5, limit=5) == ["role-mate"]
    assert index.related("me", Weights(), min_score=0, limit=2) == ["role-mate", "tag-mate"]
    assert index.related("me", Weights(), min_score=0, limit=5) == [
        "role-mate",
        "tag-mate",
        "same-category",
    ]


SMALL_POSTS = st.lists(
    st.builds(
        PostKeys,
        name=st.text("abcdef", min_size=1, max_size=3),
        date=st.sampled_from(["", "2026-01-01", "2026-06-01"]),
        category=st.sampled_from(["", "C", "D"]),
        tags=st.lists(st.sampled_from(["x", "y", "z"]), max_size=4).map(tuple),
        roles=st.lists(st.sampled_from(["r", "s", "x"]), max_size=3).map(tuple),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda post: post.name,
)
WEIGHT = st.sampled_from([0, 0.1, 0.6, 1, 2, 3, -1])


@settings(max_examples=500, deadline=None)
@given(
    SMALL_POSTS,
    st.builds(Weights, role=WEIGHT, tag=WEIGHT, category=WEIGHT),
    st.sampled_from([0, 0.3, 1, 2.5, 100]),
    st.integers(min_value=1, max_value=6),
)
def test_index_matches_brute_force_on_any_small_input(
    posts: list[PostKeys], weights: Weights, min_score: float, limit: int
) -> None:
    index = RelatedIndex(posts)
    for post in posts:
        expected = brute_force_related(posts, post.name, weights, min_score, limit)
        assert index.related(post.name, weights, min_score, limit) == expected


def crowded_posts(count: int, seed: int) -> list[PostKeys]:
    """Posts drawing on few keys, categories and dates: long lists, many ties, many shared keys."""
    rng = random.Random(seed)
    roles = [f"role-{n}" for n in range(5)]
    tags = [f"tag-{n}" for n in range(7)] + ["role-0"]  # a tag named like a role is another key
    return [
        PostKeys(
            name=f"posts/{rng.choice('abc')}-{n:05d}",
            date=rng.choice(["", "2026-01-01", "2026-02-01", "2026-03-01"]),
            category=rng.choice(["", "Guides", "Interviews"]),
            tags=tuple(rng.choices(tags, k=rng.randint(0, 6))),  # repeats count once
            roles=tuple(rng.sample(roles, rng.randint(0, 4))),
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("seed", [1, 2])
def test_index_matches_brute_force_with_pins_on_crowded_posts(seed: int) -> None:
    posts = crowded_posts(3_000, seed)
    names = {post.name for post in posts}
    index = RelatedIndex(posts)
    rng = random.Random(seed)
    cases = [
        (Weights(), 0),
        (Weights(), 6),
        (Weights(role=1, tag=1, category=1), 2),
        (Weights(role=2, tag=-1, category=0), 0),
        (Weights(role=0, tag=0.5, category=3), 0),
    ]
    for post in rng.sample(posts, 25):
        pinned = [other.name for other in rng.sample(posts, rng.randint(0, 3))] + ["missing"]
        chosen = [pin for pin in dict.fromkeys(pinned) if pin in names and pin != post.name]
        for weights, min_score in cases:
            limit = rng.randint(1, 8)
            ranked = brute_force_related(posts, post.name, weights, min_score, limit + len(chosen))
            expected = (chosen + [name for name in ranked if name not in chosen])[:limit]
            assert index.related(post.name, weights, min_score, limit, pinned) == expected
