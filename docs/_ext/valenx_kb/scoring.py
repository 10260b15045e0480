"""Related-post scoring over an inverted index: pure Python, no docutils.

A post's score against another is the sum of the weights of what they share:
each shared role, each shared tag, and the category. Posts that share a role
or a tag are found through the index (posts by key), never by comparing all
pairs. Posts that share only the category all score the same, so they are
taken, best first, from a per-category list sorted once.
"""

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations, islice, takewhile


@dataclass(frozen=True)
class PostKeys:
    """What scoring needs to know about one post."""

    name: str
    date: str  # ISO date, "" when unknown; newer wins ties
    category: str
    tags: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Weights:
    """How much each kind of shared key adds to a score."""

    role: float = 3.0
    tag: float = 2.0
    category: float = 1.0


def score(weights: Weights, roles: int, tags: int, same_category: bool) -> float:
    """The score of a post that shares this many roles and tags, and maybe the category."""
    return weights.role * roles + weights.tag * tags + (weights.category if same_category else 0)


def tie_break_order(posts: Iterable[PostKeys]) -> dict[str, int]:
    """Each post's place when ties are broken: newer date first, then by name."""
    by_name = sorted(posts, key=lambda post: post.name)
    newest_first = sorted(by_name, key=lambda post: post.date, reverse=True)
    return {post.name: place for place, post in enumerate(newest_first)}


Ranked = tuple[tuple[float, int], str]  # ((-score, tie-break place), name): sorts best first


class RelatedIndex:
    """Posts indexed by role, tag and category, for fast related-post queries.

    Most posts share one key with another, or none. So a query ranks, without
    scoring them one by one: posts sharing two or more keys (found by
    intersecting the keys' sets, scored exactly), then posts sharing exactly
    one key (each key's list, pre-sorted in tie-break order, split by whether
    the category is the same), then posts sharing only the category. Each of
    these streams is already in rank order, so merging them lazily yields the
    best posts first and stops after `limit`.
    """

    def __init__(self, posts: Iterable[PostKeys]) -> None:
        self.posts = {post.name: post for post in posts}
        self.place = tie_break_order(self.posts.values())
        in_order = sorted(self.posts.values(), key=lambda post: self.place[post.name])
        # Every list below is in tie-break order, the order equal scores are ranked in.
        self.by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.by_key_and_category: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        self.by_category: dict[str, list[str]] = defaultdict(list)
        for post in in_order:
            for kind, value in _keys(post):
                self.by_key[(kind, value)].append(post.name)
                self.by_key_and_category[(kind, value, post.category)].append(post.name)
            self.by_category[post.category].append(post.name)
        self.key_sets = {key: frozenset(names) for key, names in self.by_key.items()}

    def related(
        self,
        name: str,
        weights: Weights,
        min_score: float,
        limit: int,
        pinned: Sequence[str] = (),
    ) -> list[str]:
        """The names of up to limit posts related to name: pinned ones first, then best."""
        post = self.posts[name]
        chosen = [pin for pin in dict.fromkeys(pinned) if pin in self.posts and pin != name]
        keys = [key for key in _keys(post) if key in self.key_sets]
        multi = self._sharing_several_keys(post, keys, weights)
        skip = {name, *chosen, *multi}
        streams: list[Iterable[Ranked]] = [sorted((rank, other) for other, rank in multi.items())]
        for kind, value in keys:
            roles, tags = (1, 0) if kind == "role" else (0, 1)
            same = self.by_key_and_category[(kind, value, post.category)]
            streams.append(self._stream(same, score(weights, roles, tags, True), skip))
            other_categories = self._stream(
                self.by_key[(kind, value)], score(weights, roles, tags, False), skip, post.category
            )
            streams.append(other_categories)
        shared = [self.key_sets[key] for key in keys]
        only_category = (
            other
            for other in self.by_category[post.category]
            if not any(other in names for names in shared)
        )
        streams.append(self._stream(only_category, score(weights, 0, 0, True), skip))
        # Streams are best first, so stop at the first post scoring too little.
        good_enough = takewhile(
            lambda ranked: -ranked[0][0] > 0 and -ranked[0][0] >= min_score,
            heapq.merge(*streams),
        )
        best = [other for _, other in islice(good_enough, max(limit - len(chosen), 0))]
        return (chosen + best)[:limit]

    def _sharing_several_keys(
        self, post: PostKeys, keys: list[tuple[str, str]], weights: Weights
    ) -> dict[str, tuple[float, int]]:
        """Exact ranks of the (few) posts sharing two or more keys with post."""
        several: set[str] = set()
        for first, second in combinations(keys, 2):
            several |= self.key_sets[first] & self.key_sets[second]
        several.discard(post.name)
        key_sets = [(kind == "role", self.key_sets[(kind, value)]) for kind, value in keys]
        ranks = {}
        for other in several:
            roles = tags = 0
            for is_role, names in key_sets:
                if other in names:
                    roles, tags = (roles + 1, tags) if is_role else (roles, tags + 1)
            same = self.posts[other].category == post.category
            ranks[other] = (-score(weights, roles, tags, same), self.place[other])
        return ranks

    def _stream(
        self, names: Iterable[str], points: float, skip: set[str], not_category: str | None = None
    ) -> Iterator[Ranked]:
        """Names (already in tie-break order) that all have score, lazily, best first."""
        if points <= 0:
            return
        for other in names:
            if other in skip:
                continue
            if not_category is not None and self.posts[other].category == not_category:
                continue
            yield (-points, self.place[other]), other


def _keys(post: PostKeys) -> list[tuple[str, str]]:
    """The post's distinct roles and tags, as (kind, value) keys."""
    keys = [("role", role) for role in dict.fromkeys(post.roles)]
    return keys + [("tag", tag) for tag in dict.fromkeys(post.tags)]


def brute_force_related(
    posts: Sequence[PostKeys], name: str, weights: Weights, min_score: float, limit: int
) -> list[str]:
    """The reference answer, comparing every pair: for tests only."""
    post = next(p for p in posts if p.name == name)
    place = tie_break_order(posts)
    scored = []
    for other in posts:
        if other.name == name:
            continue
        shared_roles = len(set(post.roles) & set(other.roles))
        shared_tags = len(set(post.tags) & set(other.tags))
        points = score(weights, shared_roles, shared_tags, post.category == other.category)
        if points > 0 and points >= min_score:
            scored.append(((-points, place[other.name]), other.name))
    return [other for _, other in sorted(scored)[:limit]]
