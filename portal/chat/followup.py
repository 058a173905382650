"""Short follow-ups and yes/no questions, read with vocabulary from the rule files.

"What about 24V051?", "那个呢", "23V838呢" carry no intent of their own: they
repeat the conversation's last question about something new (or the same
thing). The words that mark them (``follow_up``) and the openings that make a
question a yes/no one (``yes_no``: "do I", "is it", "吗", "要不要") are
vocabulary lists in ``content/qa/<lang>/vocabulary.yaml``, so staff extend
them as data. A recall may also be named by its title on the car ("is the
Autosteer recall fixed?"): :func:`recall_by_title` finds it among the car's
own recalls, only when exactly one title shares a distinctive word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from portal.chat.normalise import normalise
from portal.chat.rules import LANGS, Group, Term, compile_term, load_vocabulary
from portal.urls import RECALL_LINK, RELEASE_LINK

# Normalised recall titles kept (all makes' titles in both languages, with room to grow).
TITLE_CACHE_SIZE = 8192
# A follow-up is short; a long question with "what about" in it is a question of its own.
MAX_FOLLOW_UP_CHARS = 40
# Words in recall titles too common to name one recall.
_COMMON = frozenset("""recall recalls update updates software vehicle vehicles system systems model models
    may might could would should fixed issue problem with without from that this when have there their about
    which where what while after before under over into other tesla xiaomi drive driving dealer
    service centre center visit still status done installed remedy remedied""".split())
_WORD = re.compile(r"[a-z][a-z0-9\-]{4,}|[\u3400-\u9fff]{2,}")


def _group(terms: list[str]) -> Group:
    return Group(tuple(Term(t, compile_term(t)) for t in terms if normalise(t)))


class FollowUps:
    def __init__(self, qa_dir: Path):
        self._follow, self._yes_no = {}, {}
        for lang in LANGS:
            vocab = load_vocabulary(qa_dir / lang / "vocabulary.yaml")
            self._follow[lang] = _group(vocab.get("follow_up", ["what about"]))
            self._yes_no[lang] = _group(vocab.get("yes_no", ["is it"]))

    def matches(self, lang: str, norm: str, entities: dict) -> bool:
        """A short question that only points back ("那个呢", "and 24V051?")."""
        if len(norm) > MAX_FOLLOW_UP_CHARS:
            return False
        if self._follow[lang].match(norm):
            return True
        # "23V838呢", "秦PLUS DM-i呢": something new named, and the particle that asks "and this?".
        named = entities.get("recall_id") or entities.get("version") or entities.get("model") or entities.get("make")
        return bool(named) and norm.rstrip(" ?？!！。.").endswith("呢")

    def yes_no(self, lang: str, norm: str) -> bool:
        return self._yes_no[lang].match(norm) is not None


# Chinese character pairs too common in questions and titles to name one recall.
_COMMON_ZH = frozenset("""召回 可能 车辆 软件 升级 版本 修复 修好 问题 那个 这个 一个 是否 什么 怎么 需要 我的 我车 现在
    特斯 斯拉 完成 做了 好了 了吗 了没 情况 方面 存在 导致 功能 系统 车型 部分 时候 之后 以后 这台 这辆 进行 通过
    没有 有没 不是 是不 已经 还是 可以 能不 不能 会不 不会 要不 不要 一下 知道 应该 还有 原车 车主 二手 手车 怎样 为什
    我们 你们 他们 就是 但是 因为 所以 如果 这样 多少 哪些 哪个 有个 一直 之前 最近 刚买 买的""".split())
_HAN_RUN = re.compile(r"[\u3400-\u9fff]{2,}")


def _words(norm: str, synonyms: dict | None) -> set[str]:
    """The question's distinctive words, plus the words recall titles use for them ("autopilot" -> "autosteer").

    Chinese is not split into words: a run of characters gives its character pairs
    ("黑屏召回修好了吗" -> 黑屏, 屏召 …), and a pair a title contains names its subject.
    """
    words = {w for w in _WORD.findall(norm) if w not in _COMMON and not _HAN_RUN.fullmatch(w)}
    # "screen-blackout", "brake-fluid": each part of a hyphenated word is a word a title may use.
    words.update(part for w in list(words) if "-" in w for part in w.split("-")
                 if len(part) >= 5 and part not in _COMMON)
    for run in _HAN_RUN.findall(norm):
        words.update(p for p in (run[i:i + 2] for i in range(len(run) - 1)) if p not in _COMMON_ZH)
    for word, others in (synonyms or {}).items():
        if word in norm:
            words.update(others)
    return words


@lru_cache(maxsize=TITLE_CACHE_SIZE)
def _normal_title(title: str) -> str:
    """A recall title in comparable form, once per title: every make's titles are searched for some questions."""
    return normalise(title)


def _title_hits(recalls, norm: str, synonyms: dict | None) -> list[tuple[int, str]]:
    patterns = [re.compile(r"(?<![a-z0-9])" + re.escape(w)) for w in _words(norm, synonyms)]
    scored = []
    for item in recalls:
        title = _normal_title(item.title)
        hits = sum(1 for pattern in patterns if pattern.search(title))
        if hits:
            scored.append((hits, item.id))
    return scored


def recalls_by_title(recalls, norm: str, limit: int = 4, synonyms: dict | None = None, min_hits: int = 1) -> list[str]:
    """The recalls whose titles share the most distinctive words with the question (ties kept), best first.

    ``min_hits``: fewer shared words than this name no recall (over every make's recalls one word is chance).
    """
    scored = _title_hits(recalls, norm, synonyms)
    if not scored:
        return []
    best = max(h for h, _ in scored)
    if best < min_hits:
        return []
    return [rid for h, rid in scored if h == best][:limit]


def recalls_fitting_title(recalls, norm: str, synonyms: dict | None = None) -> list[str]:
    """Every recall whose title shares a distinctive word with the question, most shared words first.

    With a version stated, the recall it can settle may share fewer words than another of the same part.
    """
    return [rid for _, rid in sorted(_title_hits(recalls, norm, synonyms), key=lambda pair: -pair[0])]


def recall_by_title(recalls, norm: str, synonyms: dict | None = None) -> str | None:
    """The one recall on the car whose title shares a distinctive word with the question, else None.

    Two recalls that fit equally give None: ask rather than guess.
    """
    best = recalls_by_title(recalls, norm, limit=2, synonyms=synonyms)
    return best[0] if len(best) == 1 else None


# Words that point at something the last answer named: the first thing, or the other one.
_FIRST_EN = re.compile(r"(?<![a-z])(it|that one|that recall|this one|that|the first one|first one|the first)(?![a-z])")
_OTHER_EN = re.compile(r"(?<![a-z])(the other one|the other|other one|other recall|second one|the second|2nd one)(?![a-z])")
_FIRST_ZH = re.compile(r"那个|那一个|这个|这一个|嗰个|嗰只|它|第一个|第一项|头一个")
_OTHER_ZH = re.compile(r"另一个|另外一个|另外那个|另一项|另一款|第二个|第二项|另一部|另一台|另一辆|另外嗰个")


def reference(norm: str) -> str | None:
    """"other" when the question points at the second thing named, "first" at the first, else None."""
    if _OTHER_EN.search(norm) or _OTHER_ZH.search(norm):
        return "other"
    if _FIRST_EN.search(norm) or _FIRST_ZH.search(norm):
        return "first"
    return None




def mentioned_in(answer_text: str, models: list, previous: dict) -> dict:
    """What an answer named, in order: recall ids and releases from its links, models from the question."""
    recalls = list(dict.fromkeys(RECALL_LINK.findall(answer_text or "")))[:10]
    releases = [list(r) for r in dict.fromkeys(RELEASE_LINK.findall(answer_text or ""))][:10]
    return {"recalls": recalls or previous.get("recalls", []),
            "releases": releases or previous.get("releases", []),
            "models": [list(m) for m in models] or previous.get("models", [])}
