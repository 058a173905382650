"""Text analysis for the search index: English, Chinese (mixed script) and identifiers.

Chinese has no spaces between words, so a whitespace tokenizer would turn a
whole sentence into one useless term. Chinese runs are segmented with jieba in
its "search" mode, which also emits the shorter dictionary words inside a long
one (``摄像头`` also yields ``摄像``), so a query for either finds the text.
jieba reports character offsets, which the highlighter needs to place ``<mark>``.

Chinese fields still contain Latin words (``Autopilot``, ``SU7``, version
numbers); those go through the same lowercase/stop/stem steps as English text,
so ``Autosteer`` in a Chinese notice matches the query ``autosteer``.

Analyzer classes are pickled into the index's schema, so they keep no
unpicklable state (the jieba tokenizer is looked up at call time).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemmingAnalyzer,
    Token,
    Tokenizer,
)
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem

from portal.search import ids

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A CJK run, or a Latin/number word (dotted parts kept together: 2023.44.30.14).
_RUN_RE = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W{_CJK}]+(?:\.[^\W{_CJK}]+)*)")
_HAS_CJK_RE = re.compile(rf"[{_CJK}]")
_CJK_RUN_RE = re.compile(rf"[{_CJK}]+")


def has_cjk(text: str) -> bool:
    return bool(_HAS_CJK_RE.search(text or ""))


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    # The dictionary loader logs to stderr at INFO on first use; keep command output clean.
    jieba.setLogLevel(logging.WARNING)
    return jieba


class MixedScriptTokenizer(Tokenizer):
    """Chinese runs segmented by jieba (search mode), other words by a word regex."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        pos = start_pos
        for text, start, end in self._pieces(value):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = pos
                pos += 1
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token

    @staticmethod
    def _pieces(value):
        for match in _RUN_RE.finditer(value):
            if match.lastgroup == "word":
                yield match.group(), match.start(), match.end()
                continue
            offset = match.start()
            for word, start, end in _segment(match.group()):
                yield word, offset + start, offset + end


def segment_cjk(text: str) -> str:
    """Chinese runs split into words with spaces, so a parser sees them as separate words."""
    return _CJK_RUN_RE.sub(lambda m: " " + " ".join(_jieba().cut(m.group())) + " ", text).strip()


def word_boundaries(text: str) -> set[int]:
    """Offsets in ``text`` where a word starts or ends, Chinese runs cut by jieba's precise mode.

    Lets a Chinese synonym match only a whole word: 转向 in 转向助力 but not in 转向灯.
    """
    bounds = {0, len(text)}
    for match in _RUN_RE.finditer(text):
        bounds.update((match.start(), match.end()))
        if match.lastgroup == "cjk":
            for _word, start, end in _jieba().tokenize(match.group()):
                bounds.update((match.start() + start, match.start() + end))
    return bounds


# Particles and question words that appear in almost every Chinese sentence and
# would otherwise make a typed question match every document.
ZH_STOP_WORDS = frozenset(
    "的 了 是 在 和 与 及 或 被 把 将 对 为 于 吗 呢 吧 啊 呀 么 我 你 他 她 它 我们 这 那 这个 那个 "
    "有 有没有 是否 什么 怎么 怎样 如何 哪些 哪个 一个 可以 能 会 要 请问 一下".split()
)


@lru_cache(maxsize=20_000)
def _segment(run: str) -> tuple[tuple[str, int, int], ...]:
    """jieba search-mode words of one Chinese run; names and set phrases repeat across records."""
    return tuple(piece for piece in _jieba().tokenize(run, mode="search") if piece[0].strip())


class StopStemFilter(Filter):
    """Stop words in either language; Porter stemming for non-Chinese tokens only."""

    def __init__(self, stoplist=STOP_WORDS, minsize=2, zh_stoplist=ZH_STOP_WORDS):
        self.stoplist = frozenset(stoplist)
        self.minsize = minsize
        self.zh_stoplist = frozenset(zh_stoplist)

    def __call__(self, tokens):
        for token in tokens:
            text = token.text
            cjk = has_cjk(text)
            if (cjk and text in self.zh_stoplist) or (
                not cjk and (len(text) < self.minsize or text in self.stoplist)
            ):
                if not token.removestops:
                    token.stopped = True
                    yield token
                continue
            if not cjk and not any(ch.isdigit() for ch in text):
                token.text = _stem(text)
            yield token


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return stem(word)


def stem_word(word: str) -> str:
    """The Porter stem both text analyzers index a lower-case Latin word under."""
    return _stem(word)


class IdentifierFilter(Filter):
    """Map each identifier token to its one normal form (``23V-838`` -> ``23v838000``)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = ids.id_token(token.text)
            yield token


def english_analyzer():
    return StemmingAnalyzer()


def chinese_analyzer():
    return MixedScriptTokenizer() | LowercaseFilter() | StopStemFilter()


def identifier_analyzer():
    """Whitespace/comma separated identifiers, each reduced to its normal form."""
    return RegexTokenizer(r"[^\s,;]+") | LowercaseFilter() | IdentifierFilter()


def spelling_analyzer():
    """Unstemmed lower-case words: the vocabulary "did you mean" suggests from."""
    return RegexTokenizer(r"[^\W\d_]{3,}") | LowercaseFilter()
