"""Related-post scoring over an inverted index: pure Python, no docutils.

A post's score against another is the sum of the weights of what they share:
each shared role, each shared tag, and the category. Related posts are found
through an index of posts by group of keys, never by comparing all pairs, and
a query stops as soon as it has enough posts.
"""

import gc
import heapq
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from functools import cache
from itertools import chain, combinations, compress, product
from operator import attrgetter, eq


@dataclass(frozen=True)
class PostKeys:
    """What scoring needs to know about one post."""

    name: str
    date: str  # ISO date, "" when unknown; newer wins ties
    category: str
    tags: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    rank: int = 0  # the data file's place of its first role: lower wins ties of a date


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
    """Each post's place when ties are broken: newer date first, then by rank, then by name."""
    return {post.name: place for place, post in enumerate(_newest_first(posts))}


def _newest_first(posts: Iterable[PostKeys]) -> list[PostKeys]:
    """The posts in tie-break order: newer date first, then by rank, then by name."""
    by_rank = sorted(posts, key=attrgetter("rank", "name"))
    return sorted(by_rank, key=attrgetter("date"), reverse=True)


Shape = tuple[int, int, bool]  # shared roles, shared tags, same category
# Every way of sharing three keys or fewer; sharing more is scored post by post.
SHAPES: list[Shape] = [
    (roles, size - roles, same)
    for size in range(4)
    for roles in range(size + 1)
    for same in (True, False)
]


# A triple of keys listing more posts is a crowd: copying it into each member's mates would
# take memory growing with the square of its size, so its members share the one list.
CROWD = 32


class RelatedIndex:
    """Posts indexed by their keys (roles and tags), for related-post queries.

    A post's score against another depends only on which of its keys the other
    shares and on whether their categories match. A post sharing exactly none,
    one, two or three keys belongs to a class whose members all score the
    same: the posts listed under that group of keys, less those sharing more.
    A query takes the classes from the highest score down, walks their lists
    in tie-break order and stops after `limit`, so its work hardly grows with
    the number of posts. The rare posts sharing four keys or more are scored
    one by one.

    Posts are numbered in tie-break order, so numbers in ascending order are in
    the order equal scores rank in; keys are numbered roles first. The index
    lists the posts having each key and each pair of keys; and, for each post,
    its mates: the posts listed under each of its triples of keys, by the
    number of roles in the triple. Few posts share three given keys, so a
    query reads its mates whole (and any crowds it belongs to).
    """

    def __init__(self, posts: Iterable[PostKeys]) -> None:
        self.posts = {post.name: post for post in posts}
        in_order = _newest_first(self.posts.values())
        self.place = {post.name: number for number, post in enumerate(in_order)}
        self._names = [post.name for post in in_order]
        category_number: dict[str, int] = {}
        self._category = [
            category_number.setdefault(post.category, len(category_number)) for post in in_order
        ]
        roles = dict.fromkeys(role for post in in_order for role in post.roles)
        tags = dict.fromkeys(tag for post in in_order for tag in post.tags)
        role_number = {role: number for number, role in enumerate(roles)}
        tag_number = {tag: len(roles) + number for number, tag in enumerate(tags)}
        self._role_count = len(roles)  # a key numbered below this is a role
        self._keys = [_numbered_keys(post, role_number, tag_number) for post in in_order]
        self._by_key: list[list[int]] = [[] for _ in range(len(roles) + len(tags))]
        by_pair: list[dict[int, list[int]]] = [defaultdict(list) for _ in self._by_key]
        # Arrays, not lists: their numbers lie in one block, where a list's point to objects
        # all over memory (a cache miss each at 100,000 posts); and the collector skips them.
        self._mates = [[array("i") for _ in in_order] for _ in range(4)]
        self._crowds: dict[int, list[tuple[int, list[int]]]] = defaultdict(list)  # (roles, posts)
        with _collector_paused():
            for number, keys in enumerate(self._keys):
                for key in keys:
                    self._by_key[key].append(number)
                for first, second in combinations(keys, 2):
                    by_pair[first][second].append(number)
            # Under each key, its pairs with a later key (a pair of one post relates nothing).
            self._by_pair = [
                {second: ids for second, ids in pairs.items() if len(ids) > 1} for pairs in by_pair
            ]
            # One pair's triples at a time: the dictionary being filled stays small enough for
            # the CPU's cache, where one of every triple would take twice as long to fill.
            for first, pairs in enumerate(self._by_pair):
                for second, having_pair in pairs.items():
                    self._add_mates(first, second, having_pair)

    def _add_mates(self, first: int, second: int, having_pair: list[int]) -> None:
        """Make the posts having both keys and a same third key each other's mates."""
        by_third: dict[int, list[int]] = defaultdict(list)
        for number in having_pair:
            keys = self._keys[number]
            for third in keys[keys.index(second) + 1 :]:
                by_third[third].append(number)
        in_pair = (first < self._role_count) + (second < self._role_count)
        for third, ids in by_third.items():
            roles = in_pair + (third < self._role_count)
            if len(ids) > CROWD:
                for number in ids:
                    self._crowds[number].append((roles, ids))
            elif len(ids) > 1:
                triple = array("i", ids)
                for number in ids:
                    self._mates[roles][number] += triple

    def related(
        self,
        name: str,
        weights: Weights,
        min_score: float,
        limit: int,
        pinned: Sequence[str] = (),
    ) -> list[str]:
        """The names of up to limit posts related to name: pinned ones first, then best."""
        chosen = [pin for pin in dict.fromkeys(pinned) if pin in self.posts and pin != name]
        wanted = limit - len(chosen)
        me = self.place[name]
        skip = {me, *map(self.place.__getitem__, chosen)}
        mates: list[Sequence[int]] = [by_roles[me] for by_roles in self._mates]
        if me in self._crowds:
            crowds = self._crowds[me]
            mates = [
                [*mates[roles], *chain.from_iterable(ids for r, ids in crowds if r == roles)]
                for roles in range(4)
            ]
        # A post sharing m >= 3 keys is a mate m-choose-3 times over: twice or more if it
        # shares four keys or more. Sorted, its repeats sit side by side.
        all_mates = sorted(chain.from_iterable(mates))
        sharing_four = set(compress(all_mates, map(eq, all_mates, all_mates[1:])))
        sharing_three: set[int] | None = None  # made when a class of two keys needs it
        tiers: dict[float, list[int]] = defaultdict(list)
        for other in sharing_four - skip:
            tiers[self._exact_score(me, other, weights)].append(other)
        shapes = _shapes_by_score(weights)
        category, categories = self._category[me], self._category
        best: list[int] = []
        for points in sorted(tiers.keys() | shapes.keys(), reverse=True):
            if len(best) >= wanted or points <= 0 or points < min_score:
                break
            # Posts sharing three keys or more, from short lists: gathered whole, then sorted.
            gathered = tiers.get(points, [])
            streams: list[Iterable[int]] = []
            for roles, tags, same in shapes.get(points, ()):
                if roles + tags == 3:
                    gathered += [
                        other
                        for other in mates[roles]
                        if (categories[other] == category) == same and other not in sharing_four
                    ]
                    continue
                if sharing_three is None:
                    sharing_three = set(all_mates)
                streams += self._class_streams(me, (roles, tags, same), sharing_three)
            if gathered:
                streams.append(sorted(gathered))
            for other in streams[0] if len(streams) == 1 else heapq.merge(*streams):
                if other not in skip:
                    best.append(other)
                    if len(best) == wanted:
                        break
        return (chosen + [self._names[other] for other in best])[:limit]

    def _exact_score(self, me: int, other: int, weights: Weights) -> float:
        """The score of other against me, from the keys they share."""
        shared = set(self._keys[me]).intersection(self._keys[other])
        roles = sum(1 for key in shared if key < self._role_count)
        same = self._category[me] == self._category[other]
        return score(weights, roles, len(shared) - roles, same)

    def _class_streams(
        self, me: int, shape: Shape, sharing_three: Container[int]
    ) -> list[Iterator[int]]:
        """Lazy streams of the posts sharing exactly one shape's keys (two or fewer) with me."""
        roles, tags, same_category = shape
        keys = self._keys[me]
        split = bisect_left(keys, self._role_count)  # my roles are keys[:split]
        streams = []
        for some_roles, some_tags in product(
            combinations(keys[:split], roles), combinations(keys[split:], tags)
        ):
            group = some_roles + some_tags
            ids: Iterable[int]
            excluded: Container[int]
            if len(group) == 2:
                ids = self._by_pair[group[0]].get(group[1], ())
                excluded = sharing_three
            elif len(group) == 1:
                ids = self._by_key[group[0]]
                excluded = _HavingAny(frozenset(keys) - set(group), self._keys)
            else:
                ids = range(len(self._names))
                excluded = _HavingAny(frozenset(keys), self._keys)
            streams.append(self._stream(ids, self._category[me], same_category, excluded))
        return streams

    def _stream(
        self, ids: Iterable[int], category: int, same_category: bool, excluded: Container[int]
    ) -> Iterator[int]:
        """Ids (already in tie-break order) in the category or not, and not excluded."""
        categories = self._category
        for other in ids:
            if (categories[other] == category) == same_category and other not in excluded:
                yield other


class _HavingAny:
    """The posts having any of some keys, asked post by post as a query walks a long list."""

    def __init__(self, keys: frozenset[int], keys_of: list[tuple[int, ...]]) -> None:
        self.keys = keys
        self.keys_of = keys_of

    def __contains__(self, post: object) -> bool:
        """Whether post (a number) has any of the keys."""
        assert isinstance(post, int)
        return not self.keys.isdisjoint(self.keys_of[post])


def _numbered_keys(
    post: PostKeys, role_number: dict[str, int], tag_number: dict[str, int]
) -> tuple[int, ...]:
    """The numbers of the post's distinct roles and tags, in ascending order."""
    roles = {role_number[role] for role in post.roles}
    return tuple(sorted(roles.union(tag_number[tag] for tag in post.tags)))


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
