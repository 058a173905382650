"""Answer in the asker's script: Traditional in, Traditional out.

Questions are matched in Simplified (``normalise`` converts them), and the
answers are written in Simplified; a question written in Traditional
characters gets its answer converted with OpenCC. The variant follows the
question's own wording where it shows: Cantonese words (嘅, 咗, 唔, 係 …) or
Hong Kong terms pick ``s2hk``; otherwise Taiwan with its phrases (软件 ->
軟體) ``s2twp``. Links survive: their targets are ASCII and OpenCC leaves
ASCII alone.
"""

from __future__ import annotations

import re
import threading

HANS, HANT = "hans", "hant"
# Written Cantonese and Hong Kong usage; a question with one of them is from Hong Kong.
_HK_MARKS = re.compile(r"[嘅咗唔係冇嗰佢喺啲乜嚟哋噉咁囉㗎喎咩睇搵嘢啱俾揸攞]|點解|邊度|幾時|幾多|呢架|呢部|呢度|車房|揸車|私家車")
_CJK = re.compile(r"[\u3400-\u9fff]")
_converters: dict[str, object] = {}
_lock = threading.Lock()


def _converter(config: str):
    converter = _converters.get(config)
    if converter is None:
        with _lock:
            converter = _converters.get(config)
            if converter is None:
                import opencc

                converter = _converters[config] = opencc.OpenCC(config)
    return converter


def traditional_count(text: str) -> int:
    """How many characters of ``text`` exist only in Traditional writing."""
    if not text or not _CJK.search(text):
        return 0
    t2s = _converter("t2s")
    return sum(1 for ch in set(text) if _CJK.match(ch) and t2s.convert(ch) != ch)


def variant_of(question: str) -> str | None:
    """``s2hk`` or ``s2twp`` for a question in Traditional characters, None for anything else."""
    hong_kong = _HK_MARKS.search(question or "") is not None
    traditional = traditional_count(question)
    if not hong_kong and traditional == 0:
        return None
    if hong_kong and traditional == 0 and _simplified_only(question):
        return None  # Cantonese typed in Simplified characters ("我嘅车几年做咗召回"), as in Guangdong: answered in Simplified
    return "s2hk" if hong_kong else "s2twp"


# Characters OpenCC's s2t changes that are also standard Traditional characters (里, 后, 台, 面 …):
# they show no script, like the characters both scripts share.
_BOTH = frozenset("里干吃后台面只才系余松谷范云斗制咸卷表征周朴仆几折借向布困扎占伙板克秋采涂划合回杆注价"
                  "准出丑郁致姜适术凶蒙辟弥游沈症腊党家")
# The language tag the conversation memory keeps for a reply (8 characters at most).
_TAGS = {"s2hk": "zh-hk", "s2twp": "zh-tw"}


def _simplified_only(text: str) -> bool:
    """Whether ``text`` has a character only Simplified writing uses (车, 这, 几 …)."""
    s2t = _converter("s2t")
    return any(_CJK.match(ch) and ch not in _BOTH and s2t.convert(ch) != ch for ch in set(text or ""))


def shared_script(text: str) -> bool:
    """True when nothing in ``text`` shows a script: no Traditional-only and no Simplified-only character."""
    if traditional_count(text):
        return False
    return not _simplified_only(text)


def tag_of(lang: str, variant: str | None) -> str:
    """What the conversation memory keeps as the reply's language: ``zh-tw``/``zh-hk`` for Traditional."""
    return _TAGS.get(variant, lang) if lang == "zh" else lang


def variant_of_tag(tag: str | None) -> str | None:
    return next((variant for variant, known in _TAGS.items() if known == tag), None)


# s2twp's Taiwan phrases come from computing ("parameter" -> 引數, "release" -> 釋出, "document" -> 檔案);
# in answers about cars and regulations the plain words are the right ones.
_TAIWAN_PHRASE_FIXES = {"引數": "參數", "釋出": "發布", "檔案": "文件"}


def in_script(answer: str, variant: str | None) -> str:
    """``answer`` converted to the question's Traditional variant (unchanged when None)."""
    if not variant or not _CJK.search(answer or ""):
        return answer
    text = _converter(variant).convert(answer)
    if variant == "s2twp":
        for computing, plain in _TAIWAN_PHRASE_FIXES.items():
            text = text.replace(computing, plain)
    if variant == "s2hk":
        # Hong Kong glyphs that are also the Simplified ones (户, 着 …) read as Simplified to a Taiwan or
        # Hong Kong reader of standard Traditional: those take the standard Traditional glyph.
        s2t = _converter("s2t")
        text = "".join(s2t.convert(ch) if _CJK.match(ch) and _converter("t2s").convert(ch) == ch else ch
                       for ch in text)
    return text


def warm() -> None:
    """Load the converters now (worker start), not on the first Traditional question."""
    for config in ("t2s", "s2t", "s2twp", "s2hk"):
        _converter(config).convert("軟體")
