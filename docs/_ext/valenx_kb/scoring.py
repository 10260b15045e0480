"""Related-post scoring over an inverted index: pure Python, no docutils.

A post's score against another is the sum of the weights of what they share:
each shared role, each shared tag, and the category. Related posts are found
through an index of posts by group of keys, never by comparing all pairs, and
a query stops as soon as it has enough posts.
"""

import gc
import heapq
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from functools import cache
from itertools import chain, combinations, product


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


# The kinds a weight can be given for, in conf.py and in the :weights: option.
WEIGHT_KINDS = tuple(field.name for field in fields(Weights))


def score(weights: Weights, roles: int, tags: int, same_category: bool) -> float:
    """The score of a post that shares this many roles and tags, and maybe the category."""
    return weights.role * roles + weights.tag * tags + (weights.category if same_category else 0)


def tie_break_order(posts: Iterable[PostKeys]) -> dict[str, int]:
    """Each post's place when ties are broken: newer date first, then by name."""
    by_name = sorted(posts, key=lambda post: post.name)
    newest_first = sorted(by_name, key=lambda post: post.date, reverse=True)
    return {post.name: place for place, post in enumerate(newest_first)}


Key = tuple[str, str]  # ("role", id) or ("tag", name)
Shape = tuple[int, int, bool]  # shared roles, shared tags, same category
# Every way of sharing three keys or fewer; sharing more is scored post by post.
SHAPES: list[Shape] = [
    (roles, size - roles, same)
    for size in range(4)
    for roles in range(size + 1)
    for same in (True, False)
]
Ranked = tuple[tuple[float, int], str]  # ((-score, tie-break place), name): sorts best first


class RelatedIndex:
    """Posts indexed by their keys (roles and tags), for related-post queries.

    A post's score against another depends only on which of its keys the other
    shares and on whether their categories match. A post sharing exactly none,
    one, two or three keys belongs to a class whose members all score the
    same: the posts listed under that group of keys, in tie-break order, less
    those sharing more. A query takes the classes from the highest score down,
    walks their lists lazily and stops after `limit`, so its work hardly grows
    with the number of posts. The rare posts sharing four keys or more are
    scored one by one.
    """

    def __init__(self, posts: Iterable[PostKeys]) -> None:
        self.posts = {post.name: post for post in posts}
        self.place = tie_break_order(self.posts.values())
        in_order = sorted(self.posts.values(), key=lambda post: self.place[post.name])
        self.keys = {post.name: _keys(post) for post in in_order}
        self.category = {post.name: post.category for post in in_order}
        # Posts having every key of a group of up to three keys (() holds every post),
        # each list in tie-break order: the order equal scores rank in.
        self.by_keys: dict[tuple[Key, ...], list[str]] = defaultdict(list)
        with _collector_paused():
            for post in in_order:
                keys = self.keys[post.name]
                for size in range(4):
                    for group in combinations(keys, size):
                        self.by_keys[group].append(post.name)
        self.key_sets = {
            group[0]: frozenset(names) for group, names in self.by_keys.items() if len(group) == 1
        }
        # A group listing only one post relates it to nothing: most groups of three keys.
        lonely = [group for group, names in self.by_keys.items() if len(names) == 1]
        for group in lonely:
            del self.by_keys[group]

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
        wanted = limit - len(chosen)
        skip = {name, *chosen}
        keys = self.keys[name]
        # A post sharing m >= 3 keys is listed under m-choose-3 of this post's key triples.
        triples = (self.by_keys.get(group, ()) for group in combinations(keys, 3))
        sharing_three = Counter(chain.from_iterable(triples))
        sharing_four = {other for other, count in sharing_three.items() if count > 1}
        tiers: dict[float, list[Iterable[Ranked]]] = defaultdict(list)
        for rank, other in sorted(self._exact_ranks(post, keys, sharing_four - skip, weights)):
            tiers[-rank[0]].append([(rank, other)])
        shapes = _shapes_by_score(weights)
        # Members of a group's list sharing more keys than the group are in a better class.
        sharing_more: dict[int, list[Container[str]]] = {3: [sharing_four], 2: [sharing_three]}
        best: list[str] = []
        for points in sorted(tiers.keys() | shapes.keys(), reverse=True):
            if len(best) >= wanted or points <= 0 or points < min_score:
                break
            streams = tiers[points]
            for shape in shapes.get(points, ()):
                streams += self._class_streams(post, keys, shape, points, sharing_more)
            for _, other in heapq.merge(*streams):
                if other not in skip:
                    best.append(other)
                    if len(best) == wanted:
                        break
        return (chosen + best)[:limit]

    def _exact_ranks(
        self, post: PostKeys, keys: list[Key], others: Iterable[str], weights: Weights
    ) -> list[Ranked]:
        """The ranks of others against post, scored one by one."""
        key_sets = [(kind == "role", self.key_sets[(kind, value)]) for kind, value in keys]
        ranks = []
        for other in others:
            roles = sum(1 for is_role, names in key_sets if is_role and other in names)
            tags = sum(1 for is_role, names in key_sets if not is_role and other in names)
            same = self.category[other] == post.category
            ranks.append(((-score(weights, roles, tags, same), self.place[other]), other))
        return ranks

    def _class_streams(
        self,
        post: PostKeys,
        keys: list[Key],
        shape: Shape,
        points: float,
        sharing_more: dict[int, list[Container[str]]],
    ) -> list[Iterator[Ranked]]:
        """Lazy streams of the posts sharing exactly one shape's keys with post."""
        roles, tags, same_category = shape
        role_keys = [key for key in keys if key[0] == "role"]
        tag_keys = [key for key in keys if key[0] == "tag"]
        streams: list[Iterator[Ranked]] = []
        for some_roles, some_tags in product(
            combinations(role_keys, roles), combinations(tag_keys, tags)
        ):
            group = some_roles + some_tags
            names = self.by_keys.get(group)
            if names is None:
                continue
            excluded = sharing_more.get(len(group)) or [
                self.key_sets[key] for key in keys if key not in group
            ]
            streams.append(self._stream(names, points, post.category, same_category, excluded))
        return streams

    def _stream(
        self,
        names: Iterable[str],
        points: float,
        category: str,
        same_category: bool,
        excluded: Sequence[Container[str]],
    ) -> Iterator[Ranked]:
        """Names (already in tie-break order) in the category or not and in none of excluded."""
        for other in names:
            if (self.category[other] == category) == same_category and not any(
                other in members for members in excluded
            ):
                yield (-points, self.place[other]), other


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector, which would scan every object many times over.

    Building the index allocates many small lists, none of them in a cycle; each
    collection run in the meantime would walk the whole heap (in a Sphinx build,
    the whole environment), taking half the build time at 10,000 posts.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@cache
def _shapes_by_score(weights: Weights) -> dict[float, list[Shape]]:
    """Every shape, grouped by its score under weights."""
    shapes: dict[float, list[Shape]] = defaultdict(list)
    for shape in SHAPES:
        shapes[score(weights, *shape)].append(shape)
    return shapes


def _keys(post: PostKeys) -> list[Key]:
    """The post's distinct roles and tags, as (kind, value) keys, in one order for all posts."""
    return sorted({*(("role", role) for role in post.roles), *(("tag", tag) for tag in post.tags)})
