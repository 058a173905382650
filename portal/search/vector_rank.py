"""Exact top-N over every matching document at once, with NumPy: the ranker's answer when walking stalls.

The threshold walk in ``ranking.py`` stops early when the best documents are
best for every term. When they are not (an OR of two words over nine fields:
each field's best document is another one), its bound falls slowly and it
ends up scoring thousands of documents one by one in Python. Scoring all of
them at once as vectors is then cheaper: one score array per term, summed
through the query tree in the same order, with the same float operations, as
the walk's per-document evaluation (and so as Whoosh's matchers) does, so the
page is the same down to the order of ties.
"""

from __future__ import annotations

import numpy as np


def mask_vector(mask: int, doc_count: int) -> np.ndarray:
    """The bit set ``mask`` as a boolean array of ``doc_count`` entries."""
    raw = mask.to_bytes((mask.bit_length() + 7) // 8 or 1, "little")
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8), bitorder="little").astype(bool)
    if len(bits) >= doc_count:
        return bits[:doc_count]
    return np.concatenate([bits, np.zeros(doc_count - len(bits), dtype=bool)])


def _node(node, doc_count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(matches, score, matching terms) of every document: ``ranking._evaluate`` over all of them."""
    if not isinstance(node, tuple):  # an impact list (ranking._Impact)
        present, scores = node.vectors(doc_count)
        return present, scores, present.astype(np.int64)
    kind, children = node
    total = np.zeros(doc_count)
    count = np.zeros(doc_count, dtype=np.int64)
    matched = np.zeros(doc_count, dtype=bool) if kind == "or" else np.ones(doc_count, dtype=bool)
    for child in children:
        ok, score, terms = _node(child, doc_count)
        total += score  # zero where the child does not match: x + 0.0 is x
        count += terms
        if kind == "or":
            matched |= ok
        else:
            matched &= ok
    if kind == "and":  # a document missing one part scores nothing, as the walk's early return says
        total[~matched] = 0.0
        count[~matched] = 0
    return matched, total, count


def exact_top(tree, mask: int, wanted: int, doc_count: int, scale: float | None, termcount: int) -> list[int]:
    """The ``wanted`` best documents of ``mask``: highest score first, the lower number first among equals."""
    matched, total, count = _node(tree, doc_count)
    docs = np.flatnonzero(matched & mask_vector(mask, doc_count))
    scores = total[docs]
    if scale is not None:  # ranking._coordinated, element by element
        if termcount == 0 or termcount == scale:
            scores = np.zeros(len(docs))
        else:
            scores = (scores + ((count[docs] - 1) / (termcount - scale) ** 2)) * ((termcount - 1) / termcount)
    if len(docs) > wanted:  # keep every document that could tie the last place, then order exactly
        cut = np.partition(scores, len(scores) - wanted)[len(scores) - wanted]
        keep = scores >= cut
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))[:wanted]
    return docs[order].tolist()
