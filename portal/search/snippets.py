"""The highlighted snippet under each hit, cut from the stored body text.

Whoosh's highlighter runs the field's analyzer over the stored text of every
hit, jieba segmentation included, which cost more than the search itself. The
query's terms are already normal forms (lower case, Porter stems, jieba
words), so the matches can be found without analysing anything: a Chinese word
is a plain substring of the text, and a Latin term is a word that starts like
its stem and stems to it. Only the terms the index says the document holds in
that field are looked for, so a hit whose body lacks every term (a version
found through its id) is not scanned at all.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from portal.search.analyzers import has_cjk, stem_word

SNIPPET_FRAGMENTS = 2
SNIPPET_CHARS = 200
# Context kept either side of a match within a fragment.
SNIPPET_SURROUND = SNIPPET_CHARS // 3
# Most matches sit in the opening summary; the rest of a long body is read only
# when the start has none.
SNIPPET_SCAN_CHARS = 1200
_BETWEEN = " … "
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Characters of a Latin word as each body field's tokenizer sees them: the
# Chinese field splits Chinese runs off Latin words, the English one does not.
_WORD_CHARS = {"body_en": r"\w", "body_zh": rf"[^\W{_CJK}]"}


def snippet_html(stored: dict, terms: dict[str, Iterable[str]], lang: str) -> str:
    """Body text around the matches, page language first, matches in ``<mark>``; else the body's start.

    ``terms`` maps a body field to the query terms the document holds in it.
    """
    bodies = [f"body_{lang}", "body_en" if lang == "zh" else "body_zh"]
    for fieldname in bodies:
        text, words = stored.get(fieldname), tuple(terms.get(fieldname, ()))
        if not text or not words:
            continue
        spans = _spans(fieldname, text[:SNIPPET_SCAN_CHARS], words)
        if not spans and len(text) > SNIPPET_SCAN_CHARS:
            spans = _spans(fieldname, text, words)
        if spans:
            return _format(text, spans)
    text = next((stored[name] for name in bodies if stored.get(name)), "")
    short = text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return html.escape(short, quote=False)


def _spans(fieldname: str, text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Character ranges of the words in ``text``, overlapping or touching ranges merged."""
    found = []
    for word in words:
        if has_cjk(word):
            start = text.find(word)
            while start >= 0:
                found.append((start, start + len(word)))
                start = text.find(word, start + 1)
            continue
        for match in _candidates(fieldname, word).finditer(text):
            if _normal_form(fieldname, match.group().lower()) == word:
                found.append(match.span())
    merged: list[list[int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


@lru_cache(maxsize=4096)
def _candidates(fieldname: str, word: str) -> re.Pattern:
    """Whole words that begin like ``word``: a Porter stem may differ from its word in the last letters."""
    chars = _WORD_CHARS.get(fieldname, r"\w")
    prefix = re.escape(word[: max(1, len(word) - 2)])
    return re.compile(rf"(?<!{chars})(?<!\.){prefix}{chars}*(?:\.{chars}+)*", re.IGNORECASE)


def _normal_form(fieldname: str, word: str) -> str:
    # The English analyzer stems every word; the Chinese one leaves words with digits (SU7) alone.
    if fieldname == "body_zh" and any(ch.isdigit() for ch in word):
        return word
    return stem_word(word)


def _format(text: str, spans: list[tuple[int, int]]) -> str:
    fragments = []
    for span in spans:
        if fragments and span[1] - fragments[-1][0][0] <= SNIPPET_CHARS - 2 * SNIPPET_SURROUND:
            fragments[-1].append(span)
        else:
            fragments.append([span])
    best = sorted(fragments, key=lambda group: (-len(group), group[0][0]))[:SNIPPET_FRAGMENTS]
    return _BETWEEN.join(_fragment(text, group, spans) for group in sorted(best, key=lambda group: group[0][0]))


def _fragment(text: str, group: list[tuple[int, int]], spans: list[tuple[int, int]]) -> str:
    start = max(0, group[0][0] - SNIPPET_SURROUND)
    end = min(len(text), group[-1][1] + SNIPPET_SURROUND)
    if start > 0:  # begin and end on a word boundary where the text has spaces
        space = text.find(" ", start, group[0][0])
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", group[-1][1], end)
        end = space if space >= 0 else end
    parts, at = [], start
    # Every match inside the cut is marked, also those only in its context.
    for span_start, span_end in (span for span in spans if span[0] >= start and span[1] <= end):
        parts.append(html.escape(text[at:span_start], quote=False))
        parts.append(f"<mark>{html.escape(text[span_start:span_end], quote=False)}</mark>")
        at = span_end
    parts.append(html.escape(text[at:end], quote=False))
    return "".join(parts).strip()
