"""The reference answer for related posts, comparing every pair: slow, obviously right."""

from collections.abc import Sequence

from valenx_kb.scoring import PostKeys, Weights, score, tie_break_order


def brute_force_related(
    posts: Sequence[PostKeys], name: str, weights: Weights, min_score: float, limit: int
) -> list[str]:
    """The posts related to name, best first, found by scoring name against every post."""
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
