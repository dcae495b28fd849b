"""Grouping spellings: blocking, pairwise matching and constrained agglomeration.

Names are compared only within blocks (:meth:`NameMatcher.block_keys`); a block larger than
:data:`MAX_BLOCK` is compared by sorted neighbourhood (each name with the :data:`WINDOW` names
next to it in folded order), so the work is linear in the number of names. Matching pairs are
merged best first, and two groups merge only if *every* name of one matches every name of the
other at :data:`LINK_THRESHOLD` (complete linkage: no chains from A to C through B), and no two
of their names are known to be different people (``apart``: they were written in one sentence).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence

from textclean.namematch import NAME_THRESHOLD, NameMatcher, ParsedName

__all__ = ["MAX_BLOCK", "WINDOW", "cluster"]

#: Blocks up to this size are compared pair by pair.
MAX_BLOCK = 64
#: In a larger block, each name is compared with this many names after it in folded order.
WINDOW = 24
#: Two groups merge when their names are this similar on average (average linkage)...
LINK_THRESHOLD = 0.72
#: ... and no two of them less than this (ungated similarity).
FLOOR = 0.6
#: Largest group: beyond it a group is more likely a chain of different people.
MAX_GROUP = 40


def _candidate_pairs(names: Sequence[ParsedName], matcher: NameMatcher) -> set[tuple[int, int]]:
    blocks: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for index, name in enumerate(names):
        for key, order in matcher.block_keys(name):
            blocks[key].append((order, index))
    pairs: set[tuple[int, int]] = set()
    for block in blocks.values():
        if len(block) <= MAX_BLOCK:
            members = [index for _, index in block]
            for pos, i in enumerate(members):
                pairs.update((i, j) if i < j else (j, i) for j in members[pos + 1:])
            continue
        block.sort()
        members = [index for _, index in block]
        for pos, i in enumerate(members):
            pairs.update((i, j) if i < j else (j, i) for j in members[pos + 1:pos + 1 + WINDOW])
    return pairs


def cluster(
    names: Sequence[ParsedName],
    matcher: NameMatcher,
    apart: Collection[tuple[int, int]] = (),
) -> list[tuple[list[int], float]]:
    """Groups of indices into ``names`` with at least two members, each with its *confidence*:
    the similarity of the weakest pair of names whose match joined it. ``apart`` holds index
    pairs ``(i, j)``, ``i < j``, that must never share a group."""
    scores: dict[tuple[int, int], float] = {}
    links: dict[tuple[int, int], float] = {}

    def score(i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        found = scores.get(key)
        if found is None:
            found = scores[key] = matcher.similarity(names[i], names[j])
        return found

    def link(i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        found = links.get(key)
        if found is None:
            found = links[key] = matcher.similarity(names[i], names[j], gated=False)
        return found

    edges = []
    for i, j in _candidate_pairs(names, matcher):
        if (i, j) in apart:
            continue
        value = score(i, j)
        if value >= NAME_THRESHOLD:
            edges.append((value, i, j))
    edges.sort(key=lambda edge: (-edge[0], edge[1], edge[2]))

    group_of: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    weakest: dict[int, float] = {}
    for value, i, j in edges:
        gi, gj = group_of.get(i, i), group_of.get(j, j)
        if gi == gj:
            continue
        left, right = members.get(gi, [i]), members.get(gj, [j])
        if len(left) + len(right) > MAX_GROUP:
            continue
        lowest = min(value, weakest.get(gi, 1.0), weakest.get(gj, 1.0))
        total = 0.0
        compatible = True
        for x in left:
            for y in right:
                closeness = link(x, y)
                if closeness < FLOOR or ((x, y) if x < y else (y, x)) in apart:
                    compatible = False
                    break
                total += closeness
            if not compatible:
                break
        if not compatible or total < LINK_THRESHOLD * len(left) * len(right):
            continue
        merged = left + right
        members[gi] = merged
        members.pop(gj, None)
        weakest[gi] = lowest
        for x in merged:
            group_of[x] = gi
    return [(sorted(group), weakest[key]) for key, group in members.items()]
