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
from itertools import islice


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


def tie_break_order(posts: Iterable[PostKeys]) -> dict[str, int]:
    """Each post's place when ties are broken: newer date first, then by name."""
    by_name = sorted(posts, key=lambda post: post.name)
    newest_first = sorted(by_name, key=lambda post: post.date, reverse=True)
    return {post.name: place for place, post in enumerate(newest_first)}


class RelatedIndex:
    """Posts indexed by role, tag and category, for fast related-post queries."""

    def __init__(self, posts: Iterable[PostKeys]) -> None:
        self.posts = {post.name: post for post in posts}
        self.place = tie_break_order(self.posts.values())
        self.by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
        by_category: dict[str, list[PostKeys]] = defaultdict(list)
        for post in sorted(self.posts.values(), key=lambda post: post.name):
            for role in set(post.roles):
                self.by_key[("role", role)].append(post.name)
            for tag in set(post.tags):
                self.by_key[("tag", tag)].append(post.name)
            by_category[post.category].append(post)
        # Within a category, in tie-break order: the order equal scores are ranked in.
        self.category_order = {
            category: sorted((post.name for post in members), key=self.place.__getitem__)
            for category, members in by_category.items()
        }

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
        scores = self._shared_key_scores(post, weights)
        wanted = max(limit - len(chosen), 0)
        sharing = heapq.nsmallest(
            wanted,
            (
                ((-score, self.place[other]), other)
                for other, score in scores.items()
                if score > 0 and score >= min_score and other not in chosen
            ),
        )
        streams: list[Iterable[tuple[tuple[float, int], str]]] = [sharing]
        if weights.category > 0 and min_score <= weights.category:
            streams.append(self._category_only(post, scores, chosen, weights.category))
        best = islice(heapq.merge(*streams), wanted)
        return (chosen + [other for _, other in best])[:limit]

    def _shared_key_scores(self, post: PostKeys, weights: Weights) -> dict[str, float]:
        """Scores of every post sharing at least one role or tag with post."""
        scores: dict[str, float] = defaultdict(float)
        keys = [("role", role, weights.role) for role in set(post.roles)]
        keys += [("tag", tag, weights.tag) for tag in set(post.tags)]
        for kind, value, weight in keys:
            for other in self.by_key.get((kind, value), ()):
                scores[other] += weight
        scores.pop(post.name, None)
        for other in scores:
            if self.posts[other].category == post.category:
                scores[other] += weights.category
        return scores

    def _category_only(
        self, post: PostKeys, scores: dict[str, float], chosen: list[str], weight: float
    ) -> Iterator[tuple[tuple[float, int], str]]:
        """Posts sharing only the category, lazily, in rank order."""
        for other in self.category_order.get(post.category, ()):
            if other != post.name and other not in scores and other not in chosen:
                yield (-weight, self.place[other]), other


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
        score = weights.role * len(set(post.roles) & set(other.roles))
        score += weights.tag * len(set(post.tags) & set(other.tags))
        score += weights.category if post.category == other.category else 0
        if score > 0 and score >= min_score:
            scored.append(((-score, place[other.name]), other.name))
    return [other for _, other in sorted(scored)[:limit]]
