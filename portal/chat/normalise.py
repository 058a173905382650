"""Text normalisation shared by rules, entities and matching.

Owners type on phones, paste from Chinese input methods and mix scripts
("OTA召回", "ｏｔａ"). Every piece of text — questions *and* the vocabulary in the
rule files — goes through :func:`normalise`, so that both sides meet in one
form: NFKC (full-width to half-width), lower case, ASCII apostrophes dropped
("what's" -> "whats"), punctuation as spaces, single spaces. Traditional
Chinese ("這車開著有沒有危險", "軟體") becomes Simplified with OpenCC's
Taiwan-phrase profile, so one vocabulary serves readers of both scripts; common
Cantonese words ("使唔使", "係咪", "冇") become their Mandarin ones, and domain words typed
in toneless pinyin ("zhaohui yao qian ma") their characters.

Chinese has no spaces, so :func:`content_words` segments it with jieba, loaded
once per process with the portal's domain words so that "空中升级" or
"自动辅助驾驶" stay whole.
"""

from __future__ import annotations

import re
import threading
import unicodedata

# Domain words jieba would otherwise split; kept whole for search suggestions.
DOMAIN_WORDS = (
    "OTA", "召回", "空中升级", "远程升级", "在线升级", "自动辅助驾驶", "辅助驾驶",
    "自动驾驶", "智能网联", "缺陷", "残值", "保值", "二手车", "备案", "4S店",
    "召回编号", "软件升级", "固件", "车架号", "知情权", "特斯拉", "小米", "SU7",
)

_APOSTROPHES = re.compile(r"['’‘`´]")
_PUNCT = re.compile(r"[^\w\s.\-]|_")
_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_ASCII_WORD = re.compile(r"[a-z0-9][a-z0-9.\-]*[a-z0-9]|[a-z0-9]")

_jieba = None
_jieba_lock = threading.Lock()
_opencc = None
_opencc_lock = threading.Lock()
# Traditional characters that have a Simplified form: a cheap test that skips
# the converter for Simplified and Latin text (almost every question).
_HAS_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _converter():
    """OpenCC ``tw2sp``: characters *and* Taiwan phrases (軟體 -> 软件, 網路 -> 网络); loaded once."""
    global _opencc
    if _opencc is None:
        with _opencc_lock:
            if _opencc is None:
                import opencc

                _opencc = opencc.OpenCC("tw2sp")
    return _opencc


def to_simplified(text: str) -> str:
    """``text`` with Traditional Chinese written in Simplified; other text unchanged."""
    if not text or not _HAS_CJK.search(text):
        return text
    return _converter().convert(text)


# Cantonese words written in Hong Kong questions, and the Mandarin words the rule files use
# (compared after the Simplified conversion: 係 is 系 and 嗰 is 𠮶 by then). Only words that mean one thing:
# "使唔使返代理度整" is "要不要回代理度整", "點樣知做咗未" is "怎样知做了未".
CANTONESE = (
    ("使唔使", "要不要"), ("驶唔驶", "要不要"), ("唔使", "不用"), ("系唔系", "是不是"), ("系咪", "是不是"), ("有冇", "有没有"),
    ("会唔会", "会不会"), ("可唔可以", "可不可以"), ("点样", "怎样"), ("点解", "为什么"), ("点知", "怎么知道"), ("乜嘢", "什么"), ("咩", "什么"),
    ("嗰个", "那个"), ("𠮶个", "那个"), ("呢个", "这个"), ("嗰", "那"), ("𠮶", "那"), ("边度", "哪里"), ("边个", "哪个"), ("嘅", "的"), ("咗", "了"),
    ("冇晒", "没有"), ("冇", "没有"), ("唔", "不"), ("揸车", "开车"), ("咗未", "了没"), ("做完未", "做完没"), ("架车", "辆车"),
)
# Taiwan words OpenCC's phrase profile leaves as they are (after the Simplified conversion): "中古車" is a used car,
# "保養廠" a service garage.
TAIWAN = (("中古车", "二手车"), ("保养厂", "维修厂"), ("保修厂", "维修厂"), ("监理站", "车管所"), ("车身号码", "车架号"))
# Homophones an input method offers first, typed by mistake for the domain's words: "招回" for 召回, "车价号" for 车架号.
MISTYPED = (("招回", "召回"), ("找回", "召回"), ("车价号", "车架号"), ("车驾号", "车架号"), ("车加号", "车架号"), ("审皮", "审批"),
            ("被案", "备案"), ("黑平", "黑屏"), ("板本", "版本"), ("版夲", "版本"))
# Every regional or mistyped word and the word the rule files use for it, replaced longest first.
_REGIONAL = re.compile("|".join(re.escape(a) for a, _ in sorted(CANTONESE + TAIWAN + MISTYPED, key=lambda p: -len(p[0]))))
_MANDARIN = dict(CANTONESE + TAIWAN + MISTYPED)


# Pinyin typed without tones when the input method is off ("ota zhaohui yao qian ma"): words of the
# domain, each of several syllables or a fixed phrase, so that ordinary English never meets them.
# They become Chinese only when two or more are in one question, or one phrase of several words.
PINYIN = (
    ("zhaohui", "召回"), ("shengji", "升级"), ("gengxin", "更新"), ("duoshao liang", "多少辆"), ("duoshao", "多少"),
    ("shi shenme yisi", "是什么意思"), ("shenme yisi", "什么意思"), ("shenme", "什么"), ("yisi", "意思"), ("mianfei", "免费"),
    ("shoufei", "收费"), ("yao qian", "要钱"), ("yaoqian", "要钱"), ("anquan", "安全"), ("banben", "版本"), ("xiufu", "修复"),
    ("chejiahao", "车架号"), ("weixian", "危险"), ("shache", "刹车"), ("fangxiangpan", "方向盘"), ("heiping", "黑屏"),
    ("ershouche", "二手车"), ("canzhi", "残值"), ("baozhi", "保值"), ("kongzhong", "空中"), ("yuancheng", "远程"),
    ("tesila", "特斯拉"), ("biyadi", "比亚迪"), ("weilai", "蔚来"), ("zenme ban", "怎么办"), ("zenmeban", "怎么办"),
    ("zenme", "怎么"), ("weishenme", "为什么"), ("shi bu shi", "是不是"), ("shibushi", "是不是"), ("xuyao", "需要"),
    ("keyi", "可以"), ("quexian", "缺陷"), ("beian", "备案"), ("shenpi", "审批"), ("tongji", "统计"),
    ("zai nali", "在哪里"), ("zai nar", "在哪儿"), ("zainali", "在哪里"), ("quanjing", "全景"), ("yingxiang", "影像"),
    ("daoche", "倒车"), ("xuhang", "续航"), ("dianchi", "电池"), ("yao qu", "要去"), ("4s dian", "4s店"), ("dao dian", "到店"),
    ("jinggao", "警告"), ("deng liang le", "灯亮了"), ("hai neng kai", "还能开"), ("neng kai ma", "能开吗"), ("ruanjian", "软件"),
    ("zenme kan", "怎么看"), ("xiaopeng", "小鹏"), ("you mei you", "有没有"), ("youmeiyou", "有没有"),
    # The same words typed a syllable at a time ("zhao hui ji lu"): phrases of several words, so never English.
    ("zhao hui", "召回"), ("sheng ji", "升级"), ("geng xin", "更新"), ("mian fei", "免费"), ("shou fei", "收费"),
    ("er shou che", "二手车"), ("che jia hao", "车架号"), ("ban ben", "版本"), ("que xian", "缺陷"), ("an quan", "安全"),
    ("zen me", "怎么"), ("wei shen me", "为什么"), ("shen me", "什么"), ("ji lu", "记录"), ("bei an", "备案"), ("shen pi", "审批"),
)
_PINYIN = re.compile(r"(?<![a-z])(" + "|".join(re.escape(a) for a, _ in sorted(PINYIN, key=lambda p: -len(p[0])))
                     + r")(?![a-z])")
_HANZI = dict(PINYIN)


def _from_pinyin(text: str) -> str:
    found = _PINYIN.findall(text)
    if len(found) < 2 and not any(" " in word for word in found) and not (found and _HAS_CJK.search(text)):
        # one word alone stays English, unless Chinese is written beside it ("ota召回 mianfei ma") or it is a phrase
        return text
    return _PINYIN.sub(lambda m: _HANZI[m.group(0)], text)


def normalise(text: str | None) -> str:
    """One comparable form of ``text`` (see the module docstring)."""
    text = to_simplified(unicodedata.normalize("NFKC", text or "")).lower()
    if _HAS_CJK.search(text):
        text = _REGIONAL.sub(lambda m: _MANDARIN[m.group(0)], text)
    text = _from_pinyin(text)
    text = _APOSTROPHES.sub("", text)
    text = _PUNCT.sub(" ", text)
    # Sentence-final dots and dashes between words carry no meaning; dots and
    # dashes inside tokens ("2023.44.30", "23v-838") do, so only loose ones go.
    text = re.sub(r"(?<![\w])[.\-]+|[.\-]+(?![\w])", " ", text)
    return _SPACES.sub(" ", text).strip()


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def _segmenter():
    """A jieba tokenizer of the assistant's own, with the domain words, initialised once (~0.5 s).

    It must not be jieba's shared default tokenizer: the search index is
    segmented with that one, and adding the assistant's domain words to it
    would make the web process split queries differently from the index.
    """
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                for word in DOMAIN_WORDS:
                    tokenizer.add_word(word.lower(), freq=200000)
                tokenizer.initialize()
                _jieba = tokenizer
    return _jieba


def segment(text: str) -> list[str]:
    """Tokens of normalised ``text``: jieba for Chinese runs, words for the rest."""
    norm = normalise(text)
    if not has_cjk(norm):
        return _ASCII_WORD.findall(norm)
    return [token for token in (t.strip() for t in _segmenter().lcut(norm)) if token]


_STOPWORDS = frozenset(
    """a an the is are was were be been do does did i me my we our you your it its
    of to in on for with and or but if can could should would will what whats
    which who how why when where there this that these those have has had any
    about tell please just so not no yes get got 吗 呢 的 了 是 我 我的 你 吧 啊
    什么 怎么 怎么办 哪个 哪些 有 没有 会 能 要 需要 还 也 都 和 与 这 那 个 就
    thing things thingy stuff know want like im ive dont cant wont really something anything
    那个 这个 事情 事 说 一下 请问 问 想 知道 请 啥 么 一个 问题""".split()
)


def content_words(text: str, limit: int = 6) -> list[str]:
    """The question's meaningful words, in order, for search suggestions."""
    words: list[str] = []
    for token in segment(text):
        if token in _STOPWORDS or len(token) < 2 and not has_cjk(token):
            continue
        if token not in words:
            words.append(token)
    return words[:limit]
