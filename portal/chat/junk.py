"""Tell likely junk and prompt-injection text from real questions, for the staff queue.

Staff read the queue to learn which questions the rules miss; keyboard mashing,
pasted spam and attempts to instruct the assistant ("ignore all previous
instructions…") hide those questions. They are not dropped — a human decides —
but shown in a group of their own. The tests are deliberately plain patterns:
a real question that trips one still reaches staff, only in the other list.
"""

from __future__ import annotations

import re

from portal.chat.normalise import normalise

INJECTION = re.compile(
    r"ignore (?:all |any |the )?(?:previous|prior|above|earlier|your) (?:instructions|prompts?|rules)"
    r"|disregard (?:all |the |your )?(?:previous |prior |above )?(?:instructions|rules)"
    r"|system prompt|you are now|act as (?:a|an|my)|pretend (?:to be|you are)|jailbreak|developer mode"
    r"|reveal (?:your|the) (?:prompt|instructions)|<\s*script|drop\s+table|;\s*--|\{\{.*\}\}"
    r"|忽略(?:之前|以上|前面|上面|所有)|系统提示|你现在是|扮演|越狱|提示词",
    re.I,
)
_LETTERS = re.compile(r"[a-z\u3400-\u9fff]")
_ASCII_WORD = re.compile(r"[a-z]+")
_VOWELS = re.compile(r"[aeiouy]")
_REPEAT = re.compile(r"(.)\1{5,}")
_URL = re.compile(r"https?://|www\.", re.I)
MAX_REAL_QUESTION = 1000


def kind(question: str) -> str:
    """``injection``, ``junk`` or ``question``."""
    text = question or ""
    if INJECTION.search(text):
        return "injection"
    norm = normalise(text)
    if not _LETTERS.search(norm) or len(text) > MAX_REAL_QUESTION or _REPEAT.search(norm):
        return "junk"
    if len(_URL.findall(text)) >= 2:
        return "junk"
    words = _ASCII_WORD.findall(norm)
    if words and not re.search(r"[\u3400-\u9fff]", norm):
        mashed = [w for w in words if len(w) >= 6 and len(_VOWELS.findall(w)) <= len(w) // 6]
        if len(mashed) * 2 >= len(words):
            return "junk"
        if len(words) == 1 and len(words[0]) >= 8 and words[0] not in _KNOWN_LONG:
            return "junk"  # one long "word" with no space: "asdfghjkl", "qwertyuiop"
    return "question"


def group_key(question: str) -> str:
    """Questions that differ only in case, punctuation, width or script group together."""
    return normalise(question)


_KNOWN_LONG = frozenset({"recalls", "recall", "software", "firmware", "autosteer", "autopilot", "dealership",
                         "depreciation", "statistics", "categories", "concealment", "transparency"})
