"""Reprints: which documents are one text (a wire story several papers carry) and count as one source.

In: `clusters(texts, groups)`: doc_id → text (None or "" for a document with no text), and groups of
doc_ids that could be compared (reconcile passes the documents of each consensus key: only documents
that say something about the same subject and metric are ever compared, never all pairs). Out: doc_id →
the doc_id that stands for its cluster (the smallest one), for every document of the groups.

Two documents are one text when at least SIMILAR of the SHINGLE-word shingles (casefolded words, "\\w+")
of the shorter one are also in the other (the overlap coefficient: a paper that trims or extends a wire
story still reprints it; Jaccard similarity counted the added paragraphs against it); clusters are
the connected components of that relation (a reprint of a reprint is the same story). A group of up to
ALL_PAIRS documents is compared pair by pair; in a larger one, only documents that share one of the
SKETCH smallest shingle hashes (a pair of similar texts shares one with a high probability). Hashes
are CRC-32 based, so the result does not depend on the process.
"""

from __future__ import annotations

import heapq
import re
import zlib
from collections.abc import Iterable

SHINGLE = 5      # words per shingle
SIMILAR = 0.5    # share of the shorter text's shingles found in the other from which two documents are one text
MIN_SHINGLES = 20  # shorter texts are never a reprint of another
SKETCH = 16      # smallest shingle hashes a document is bucketed under
ALL_PAIRS = 40   # groups up to this size are compared pair by pair
_WORD = re.compile(r"\w+")


def shingles(text: str | None) -> frozenset[int]:
    """The hashes of the SHINGLE-word shingles of `text` (casefolded); a shorter text is one shingle."""
    words = [zlib.crc32(w.encode("utf-8")) for w in _WORD.findall((text or "").casefold())]
    if not words:
        return frozenset()
    if len(words) < SHINGLE:
        return frozenset({hash(tuple(words))})
    return frozenset(hash(tuple(words[i:i + SHINGLE])) for i in range(len(words) - SHINGLE + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def clusters(texts: dict[str, str | None], groups: Iterable[Iterable[str]]) -> dict[str, str]:
    """doc_id → the smallest doc_id of its cluster of near-duplicate texts (see the module docstring)."""
    parent: dict[str, str] = {}
    sets: dict[str, frozenset[int]] = {}
    compared: set[tuple[str, str]] = set()
    for group in groups:
        docs = sorted(set(group))
        for doc in docs:
            parent.setdefault(doc, doc)
        if len(docs) < 2:
            continue
        for doc in docs:
            if doc not in sets:
                sets[doc] = shingles(texts.get(doc))
        for a, b in _candidates(docs, sets):
            if (a, b) not in compared:
                compared.add((a, b))
                if _alike(sets[a], sets[b]):
                    join(parent, a, b)
    return {doc: root_of(parent, doc) for doc in parent}


def _candidates(docs: list[str], sets: dict[str, frozenset[int]]) -> set[tuple[str, str]]:
    """Pairs (a < b) of `docs`: all of them in a small group, else those that share one of their SKETCH
    smallest shingle hashes."""
    if len(docs) <= ALL_PAIRS:
        return {(a, b) for i, a in enumerate(docs) for b in docs[i + 1:]}
    buckets: dict[int, list[str]] = {}
    for doc in docs:
        for h in heapq.nsmallest(SKETCH, sets[doc]):
            buckets.setdefault(h, []).append(doc)
    pairs = set()
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pairs.add((a, b) if a < b else (b, a))
    return pairs


def overlap(a: frozenset, b: frozenset) -> float:
    """|a ∩ b| / the size of the smaller set (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _alike(a: frozenset, b: frozenset) -> bool:
    """overlap(a, b) >= SIMILAR, for texts of MIN_SHINGLES shingles or more (a few shared lines of a
    short text are a quote or boilerplate, not a reprint)."""
    return min(len(a), len(b)) >= MIN_SHINGLES and overlap(a, b) >= SIMILAR


def root_of(parent: dict[str, str], doc: str) -> str:
    """The doc_id that stands for doc's cluster in a union-find `parent` map."""
    while parent[doc] != doc:
        parent[doc] = parent[parent[doc]]
        doc = parent[doc]
    return doc


def join(parent: dict[str, str], a: str, b: str) -> None:
    """Join the clusters of a and b; the smaller doc_id stands for both."""
    ra, rb = root_of(parent, a), root_of(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)
