"""The assistant: ``Engine.ask(question, lang, vin=None, session=None) -> Answer``.

Pipeline: normalise -> find entities -> rank the language's rules -> either a
rendered, cited answer or a polite fallback with search suggestions that the
web layer queues for staff. The engine holds no Flask objects and no
database sessions of its own, so the CLI, the API and the tests share it.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from portal.chat import car as car_words
from portal.chat import cases
from portal.chat.answers import Context, Responses, fill
from portal.chat.cases import asks_ota_share
from portal.chat.entities import MAKER_CAMPAIGN_RE, NHTSA_RE, SAMR_RE, VIN_RE, EntityFinder, recall_year_said
from portal.chat.facts import ContentFacts, VehicleFacts
from portal.chat.fallback import Suggester, near_intents
from portal.chat.followup import (
    MAX_FOLLOW_UP_CHARS,
    FollowUps,
    mentioned_in,
    recall_by_title,
    recalls_by_title,
    recalls_fitting_title,
    reference,
)
from portal.chat.fuzzy import DOMAIN_SIMILARITY, Paraphrases, in_domain
from portal.chat.headline import headline
from portal.chat.intents import INTENTS, RECALL_AWARE, STATED_VERSION, VIN_AWARE
from portal.chat.matcher import rank
from portal.chat.memory import SessionMemory
from portal.chat.normalise import normalise
from portal.chat.render import render, tidy
from portal.chat.rules import LANGS, load_language
from portal.chat.script import HANS, HANT, in_script, shared_script, tag_of, variant_of, variant_of_tag
from portal.chat.symptoms import Symptoms
from portal.vocab import authorities_named_in, authority_named_in
from portal.yaml_text import safe_load

log = logging.getLogger(__name__)

DEFAULT_QA_DIR = Path(__file__).resolve().parents[2] / "content" / "qa"
# Confidence 0.5 is what one fully matched required group scores; below it no
# rule claimed the question, and a wrong confident answer is worse than
# handing the question to staff.
FALLBACK_THRESHOLD = 0.5
# Real questions are a sentence or two; longer input is pasted text or abuse,
# and matching it would only cost time.
MAX_QUESTION_CHARS = 1000

# The word recall: after a symptom, "is there a recall for this?" asks about that symptom.
RECALL_WORD = re.compile(r"recall|召回")
# A question about the symptom just told is short ("这是那个召回说的问题吗？").
MAX_SYMPTOM_FOLLOW_UP_CHARS = 80

# A VIN typed with at most this many other letters ("vin …", "check …", "查一下 …") asks for the car's record.
BARE_VIN_REST_CHARS = 8

# A bare pointer ("那个呢", "and that one?"): at most this many characters.
SHORT_REFERENCE_CHARS = 14

# A symptom asked about with one of these intents keeps the intent; its safety advice comes first.
REPORT_INTENTS = frozenset({"report_defect", "update_failed"})

# A question no rule reads continues the conversation's topic when it is at most this long.
MAX_CONTEXT_CHARS = {"en": 48, "zh": 20}
# Intents that are no topic to continue.
SMALL_TALK = frozenset({"greeting", "thanks", "make_not_covered"})
# A greeting or thank-you longer than this, with a word of the domain, carries a question of its own.
MAX_SMALL_TALK_CHARS = 30
COURTESY = frozenset({"greeting", "thanks"})

# Intents about a car's recalls or releases: for a make the portal does not cover, "not covered" answers them.
CAR_INTENTS = frozenset({"vehicle_recalls", "used_car_check", "recall_status", "recall_details", "safe_to_drive",
                         "dealer_visit", "latest_release", "release_changes", "feature_change", "recall_lookup",
                         "domain_overview", "vin_location"})

# "How many cars were in it?": after a recall was discussed, its population.
HOW_MANY = re.compile(r"how many|how much of|多少|几辆|几台|几多|几万")
# "做了没", "is it done yet": whether a recall is done, asked of a car.
DONE_YET = re.compile(r"做了没|做了吗|做咗未|做左未|修了没|修好了没|修好没|完成了没|完成了吗|弄好了没|搞掂未|done yet|been done|is it done|"
                      r"has it been (?:done|fixed)|already done|already fixed")
# "版本号在哪看", "where do I see the version": where the car shows its version, not which version fixes a recall.
ASKED_WHERE = re.compile(r"在哪|哪里|哪儿|边度|怎么看|怎么查|where|how (?:do|can) i (?:see|find|check)|how to (?:see|find|check)")
# Intents a question naming a maker's campaign number ("22S41") is read as when no rule is surer: its details.
# A visit question keeps its intent: its answer says the releases are over the air.
CAMPAIGN_INTENTS = frozenset({None, "recall_details", "recall_status", "vehicle_recalls", "release_changes",
                              "latest_release", "recall_definition", "ota_recall_why", "recall_lookup"})
# Answers that list several recalls: "which version fixes it?" after one of them asks for each one's version.
LIST_ANSWERS = frozenset({"symptom", "vehicle_recalls"})
# A question this short with a make or model and the word recall says nothing more ("Volvo recalls", "比亚迪召回").
BARE_RECALLS_CHARS = 24
# Words that ask for a country's or the industry's figures, not one make's.
NATIONWIDE = re.compile(r"nationwide|national|industry|whole market|all makers|china had|全国|国内|全行业|行业|整个市场|所有品牌|各品牌|(?<!在)中国有|(?<!在)中国一共")

# With a make the portal does not hold, a question with one of these words is about that make's data ...
RECALL_OR_UPDATE = re.compile(r"recall|召回|\bota\b|update|升级|更新|remote|远程")
# ... unless it is one of these questions, whose answer is the same for every make.
GENERAL_ANSWERS = frozenset({"recall_cost", "recall_rights", "update_postpone", "recall_definition", "ota_definition",
                             "report_defect", "symptom", "dealer_visit"})

# "do u do mazda cx5 or just teslas": a make not held asked about beside one that is.
OR_JUST = re.compile(r"\bor (?:just|only)\b|\bonly do\b|还是只|还是就|只有|只做|只收录")
# Words that ask whether the portal holds a make at all ("Is a Lucid covered by your lookup?", "有资料吗").
COVERAGE_WORDS = re.compile(r"\bcover(?:ed|s|age)?\b|\bsupport(?:ed|s)?\b|\bhave data\b|\bdata on\b|\btrack\b|"
                            r"\b(?:will|does|can|would) (?:the portal|it|you) (?:tell|show|list|include)\b|"
                            r"有资料|有数据|有记录|有没有资料|有没有数据|收录|覆盖|涵盖|支持|查得到|能查|可以查")

# Intents a question naming one recall by its subject ("the frunk recall") lands on when no rule
# knows it is about one recall: it is then that recall's details or status.
DESCRIBED_RECALL_INTENTS = frozenset({"recall_definition", "defect_definition", "ota_recall_why", "ota_not_always_recall", "release_changes",
                                      "vehicle_recalls", "domain_overview", "update_failed", "ota_statistics", "vin_location"})
# Words that ask whether a recall is done on the car.
STATUS_WORDS = re.compile(r"fixed|\bfix\b|done|installed|remedied|completed|applied|version|修好|修复|做了|做咗|完成|"
                          r"装了|升到|版本|搞定|处理好|整好|升级了|没升|升了|还没|好了没|好了吗")

# Words that set the market named against another ("美国那边也召回了吧", "same recall in the US?"): not a filter.
OTHER_MARKET_WORDS = re.compile(r"也|两边|那边|一回事|同一|also|both|same|too\b")
# Words that ask whether a version includes a recall's fix ("有包含吗", "does 2024.38.7 cover it").
INCLUDES_WORDS = re.compile(r"包含|包括|includ|\bcover")
# Words that ask whether a version carries a recall's fix.
FIXED_WORDS = re.compile(r"fixed|\bfix\b|remedied|修好|修复|修正|解决了|补救了|整好")
# Words that ask which software version carries a recall's remedy ("升到哪个版本才算修好", "what target version").
VERSION_ASKED = re.compile(r"(?:which|what|target|minimum|min)\s+(?:\w+\s+)?(?:version|firmware|build|release)|version number|"
                           r"fix(?:ed)? version|version (?:that )?fix|"
                           r"哪个版本|哪一个版本|哪版|几版|哪一版|什么版本|啥版本|版本号|边个版本|几多版|升到几|更新到几|升级到几|"
                           r"修复的?(?:软件)?版本|补救的?(?:软件)?版本|修好的?(?:软件)?版本|修正的?(?:软件)?版本")

# Recalls whose titles fit the words, looked up for a stated remedy version (the best fitting first).
MAX_TITLE_FITS = 8
# A recall asked for by its subject with no make: its words must fit at most this many titles of all makes
# (a word that rare names the subject; a commoner one names none).
MIN_TITLE_HITS_ANY_MAKE = 1
ANY_MAKE_CACHE_SIZE = 512
MAX_ANY_MAKE_FITS = 4

# Words that ask where a VIN (or a version) is, or how to read one: a VIN given with them is no answer to them.
VIN_WHERE = re.compile(r"where|find|locat|look for|which (?:character|digit|letter|position)|decode|read|"
                       r"哪里|哪儿|在哪|找|位置|第几|哪一位|怎么看|怎么读")

# Words that ask whether a recall applies to the asker's car.
APPLIES_WORDS = re.compile(r"affected|affect my|apply to my|applies to my|covered|included|in the range|有我|包括我|涉及我|"
                           r"在范围|范围里|范围内|在不在|有没有我|轮到我|我的车在|有份|有冇份|包唔包|包不包括|算不算在|"
                           r"does it apply|apply to mine|mine too|is mine")

# Intents about one recall: a follow-up naming a model instead asks for that model's recalls.
ONE_RECALL_INTENTS = frozenset({"recall_details", "recall_status"})


@dataclass
class Answer:
    intent: str | None
    answer: str
    sources: list[dict]
    confidence: float
    entities: dict
    fallback: bool
    session: str
    trace: list[str] = field(default_factory=list)
    suggestions: list[dict] = field(default_factory=list)
    queued: bool = False
    headline: str | None = None  # open | clear | unknown | not_covered for an answer about a car
    script: str | None = None  # hans | hant for a Chinese reply, None for English

    def to_dict(self) -> dict:
        return asdict(self)


# Two English words of three letters or more: a part named in English inside a Chinese question.
_ENGLISH_WORDS = re.compile(r"[a-z]{3,}[^a-z]+[a-z]{3,}")


def _states_version(fact) -> bool:
    """Whether a source states a remedy version for the recall: only those can answer "which version fixes it?"."""
    return bool(fact is not None and (fact.remedy_versions or fact.remedy_version))


@dataclass(frozen=True)
class _Titled:
    id: str
    title: str


# "is it fixed?" says "it" of the car; "that one", "那个" point at one thing the last answer named.
_IT = re.compile(r"(?<![a-z])it(?![a-z])")
_POINTED = re.compile(r"that one|this one|that recall|this recall|the first|first one|那个|这个|嗰个|呢个|第一")


def _mentioned(memory: dict) -> dict:
    try:
        value = json.loads(memory.get("mentioned") or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


_HAN = re.compile(r"[\u3400-\u9fff]")


def _names_zh(path: Path) -> dict[str, str]:
    """Chinese display names of models the catalogue names in English only (``names_zh`` in aliases.yaml)."""
    try:
        data = safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    names = data.get("names_zh") or {}
    return {str(k): str(v) for k, v in names.items()} if isinstance(names, dict) else {}


def _title_words(path: Path) -> dict[str, set[str]]:
    """Words people use for a recall and the words its title uses (``title_words`` in aliases.yaml)."""
    try:
        data = safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    raw = data.get("title_words") or {}
    return {normalise(str(k)): {normalise(str(w)) for w in v} for k, v in raw.items() if isinstance(v, list)}


# Part of a VIN: 6 to 16 VIN characters with letters and digits, said to be a VIN or only its start.
_PARTIAL_VIN = re.compile(r"(?<![A-Za-z0-9.])([A-HJ-NPR-Z0-9]{6,16})(?![A-Za-z0-9.])")
_VIN_WORD = re.compile(r"\bvin\b|车架号|車架號|车身号码|車身號碼|底盘号|底盤號|识别码|識別碼|\bstarts?\b|\bbegins?\b|"
                       r"开头|開頭|后面|後面|忘了|记不|記不|only part|first \d+|前\d+位|前几位|前幾位", re.I)


def partial_vin(question: str) -> str | None:
    """The piece of a VIN a question gives when it gives only a piece ("vin starts 1FTFW1E5"), else None."""
    if not _VIN_WORD.search(question or ""):
        return None
    for match in _PARTIAL_VIN.finditer(question.upper()):
        piece = match.group(1)
        if re.search(r"[A-Z]", piece) and re.search(r"\d", piece) and not any(
                pattern.fullmatch(piece) for pattern in (NHTSA_RE, SAMR_RE)) and not re.fullmatch(r"\d+[A-Z]{0,2}", piece):
            return piece
    return None


# What a follow-up may ask of a recall after a symptom was told: a visit, the cost, putting it off, its install.
ASKED_OF_A_RECALL = frozenset({"dealer_visit", "recall_cost", "update_postpone", "update_failed", "update_duration",
                               "recall_rights", "resale_value"})


def clean_vin(raw: str | None) -> str | None:
    text = re.sub(r"[\s\-]", "", raw or "").upper()
    return text if VIN_RE.fullmatch(text) else None


# portal.vehicles is imported when first needed, as in _refused_vin: the engine loads without the VIN stack.
def _check_digit_advised(vin: str) -> bool:
    """A VIN whose check digit does not add up, of a region whose makers need not use one (the VIN page warns)."""
    from portal.vehicles import validate_vin

    return "check_digit_mismatch" in validate_vin(vin).warnings


def advisory_message(lang: str) -> str:
    """The VIN page's check-digit warning, in the asker's language."""
    from portal.vehicles import advisory_message as message

    return message(lang)


class Engine:
    def __init__(self, qa_dir: Path = DEFAULT_QA_DIR, content: ContentFacts | None = None,
                 vehicles: VehicleFacts | None = None, memory: SessionMemory | None = None,
                 search_hits=None):
        self.rules = {lang: load_language(qa_dir / lang) for lang in LANGS}
        self.responses = Responses(qa_dir)
        self.follow_ups = FollowUps(qa_dir)
        self.symptoms = Symptoms(qa_dir / "symptoms.yaml")
        self.paraphrases = Paraphrases(qa_dir / "paraphrases.yaml", INTENTS)
        self.content, self.vehicles = content, vehicles
        self.memory = memory or SessionMemory()
        self.suggester = Suggester(self.responses, self.rules, search_hits)
        catalogue = content.catalogue() if content is not None else []
        self.entities = EntityFinder(catalogue, qa_dir / "aliases.yaml")
        self.makes = frozenset(entry.make for entry in catalogue if entry.model is None)
        self.names = {lang: {} for lang in LANGS}
        names_zh = _names_zh(qa_dir / "aliases.yaml")
        self.title_words = _title_words(qa_dir / "aliases.yaml")
        self._english: dict[str, str] | None = None  # every recall's English title, read on first need
        for entry in catalogue:
            slug = entry.model or entry.make
            self.names["en"][slug] = entry.names[1]
            chinese = entry.names[2] if entry.names[2] and _HAN.search(entry.names[2]) else None
            self.names["zh"][slug] = chinese or names_zh.get(slug) or entry.names[2] or entry.names[1]

    def warm(self) -> None:
        """Run every matcher once on a question per language (no memory): worker start.

        Every make's recall titles are normalised here too, for a recall named by its subject alone, and the
        English titles are read, for a Chinese question that names a recall in English.
        """
        for lang, question in (("zh", "我的车有召回吗？開車時螢幕突然全黑"), ("en", "does my car have any open recalls")):
            norm = normalise(question)
            self.entities.find(question)
            rank(self.rules[lang], norm, set(), set())
            self.paraphrases.best(norm)
            self.symptoms.find(norm)
            self.follow_ups.matches(lang, norm, {})
            in_script(question, variant_of(question))
            try:
                self._titles_of_any_make(norm, lang)
                if self.content is not None and hasattr(self.content, "recall_titles"):
                    self._english_titles()
            except Exception:  # noqa: BLE001 - a data outage at start must not stop the worker; asking reports it
                log.warning("could not warm the recall titles", exc_info=True)

    def ask(self, question: str | None, lang: str = "en", vin: str | None = None,
            session: str | None = None) -> Answer:
        """The answer in the asker's language and script (see :mod:`portal.chat.script`)."""
        lang = lang if lang in LANGS else "en"
        question = question or ""
        session = session or self.memory.new_id()
        memory = self.memory.get(session)
        variant = self._variant(question, lang, memory)
        answer = self._ask(question, lang, vin, session, tag_of(lang, variant), memory)
        if variant:
            answer.answer = in_script(answer.answer, variant)
            answer.sources = [{**s, "title": in_script(s.get("title") or "", variant)} for s in answer.sources]
            answer.suggestions = [{**s, "title": in_script(s.get("title") or "", variant)} for s in answer.suggestions]
        answer.script = (HANT if variant else HANS) if lang == "zh" else None
        return answer

    @staticmethod
    def _variant(question: str, lang: str, memory: dict) -> str | None:
        """The reply's Traditional variant: the question's own, else the conversation's when the question shows none.

        "我的Model 3有哪些召回？" is written in characters both scripts share; after
        a question in Traditional it is answered in Traditional too.
        """
        if lang != "zh":
            return None
        own = variant_of(question)
        if own or not shared_script(question):
            return own
        return variant_of_tag(memory.get("lang"))

    def _ask(self, question: str, lang: str, vin: str | None, session: str, tag: str, memory: dict) -> Answer:
        if len(question) > MAX_QUESTION_CHARS:
            return self._fallback(question, lang, session, {}, 0.0,
                                  [f"input of {len(question)} characters exceeds {MAX_QUESTION_CHARS}"], "too_long")
        norm = normalise(question)
        entities = self.entities.find(question)
        refused = self._refused_vin(entities, lang)
        if refused is not None:
            self._remember(session, memory, entities, "vehicle_recalls", tag)
            return Answer("vin_invalid", refused, [{"title": "VIN", "url": "/"}], 1.0, entities, False, session,
                          [f"VIN {entities.get('vin') or entities.get('bad_vin')} refused"], headline=None)
        entities.pop("bad_vin", None)
        partial = None if entities.get("vin") or vin else partial_vin(question)
        self._forget_other_car(entities, memory)
        mentioned = _mentioned(memory)
        referred = self._resolve_reference(norm, entities, memory, mentioned)
        known_vin = entities.get("vin") or clean_vin(vin) or memory.get("vin")
        trace: list[str] = []
        if known_vin:
            entities["vin"] = known_vin
        if known_vin != memory.get("vin") and memory.get("vin"):
            trace.append(f"VIN {known_vin} replaces {memory['vin']} from the conversation")
            memory.pop("version", None)  # the stated version was the other car's
        trace += referred
        slots = set(entities) - ({"vin"} if known_vin and known_vin not in question.upper() else set())
        context = {"vin"} if known_vin else set()
        if memory.get("recall_id") and "recall_id" not in entities:
            context.add("recall_id")
        # The version's digits are no words: "2022.4.5" is not "4 categories".
        rule_norm = " ".join(norm.replace(entities["version"].lower(), " ").split()) if entities.get("version") else norm
        candidates, trace_rank = rank(self.rules[lang], rule_norm, slots, context)
        trace += trace_rank
        courtesy_only = not (len(norm) > MAX_SMALL_TALK_CHARS and RECALL_OR_UPDATE.search(norm))
        if candidates and candidates[0].intent in COURTESY and not courtesy_only:
            # "……是不是车出了大毛病？麻烦您给我讲讲，谢谢您。": a thank-you closing a real question is not the question.
            candidates = [c for c in candidates if c.intent not in COURTESY]
            trace.append("a greeting or thanks inside a longer question: the question itself is read")
        if not candidates or candidates[0].confidence < FALLBACK_THRESHOLD:
            other = "zh" if lang == "en" else "en"
            others, other_trace = rank(self.rules[other], rule_norm, slots, context)
            # Another language's rule must have matched words: an entity alone is no reading of the question.
            others = [c for c in others if c.words > 0 and (courtesy_only or c.intent not in COURTESY)]
            if others and others[0].confidence >= FALLBACK_THRESHOLD:
                trace += [f"no {lang} rule fired; trying {other} rules"] + other_trace
                candidates = others
        top = candidates[0] if candidates else None
        intent, confidence = (top.intent, top.confidence) if top is not None else (None, 0.0)
        # No rule read the question: none applied, or the best was below the threshold ...
        unread = top is None or (top.intent is not None and top.confidence < FALLBACK_THRESHOLD)
        # ... or, counting an out-of-scope rule too, no in-scope rule is sure of it.
        unsure = unread or top.intent is None
        # Read by likeness to a paraphrase, or as the nearest in-domain reading: a guess, not a rule's reading.
        guessed = False
        vin_typed = bool(known_vin) and known_vin in question.upper().replace(" ", "")
        # The recall a follow-up may be about: the one discussed, else the first the last answer listed.
        discussed = memory.get("recall_id") or next(iter(mentioned.get("recalls") or []), None)
        fuzzy = None
        version_of_listed: list[str] = []  # recalls a list answer named, asked for their versions
        if unread:
            fuzzy = self.paraphrases.best(norm)
            if fuzzy is not None:
                trace.append(f"no rule confident; nearest paraphrase {fuzzy.paraphrase!r} ({fuzzy.intent}, "
                             f"similarity {fuzzy.similarity})")
        symptom = self.symptoms.find(norm, recall_named=bool(entities.get("recall_id")))
        if symptom is None and memory.get("intent") == "symptom" and mentioned.get("symptom") \
                and RECALL_WORD.search(norm) and len(norm) <= MAX_SYMPTOM_FOLLOW_UP_CHARS \
                and not (entities.get("recall_id") or entities.get("version") or VERSION_ASKED.search(norm)) \
                and (unsure or top.intent not in ASKED_OF_A_RECALL):
            # "ok I'm parked now. is there a recall for this?": the symptom told just before. "那个召回要去服务中心吗",
            # "修要花钱不" ask something of the recall instead: their own answers.
            symptom = self.symptoms.kind(mentioned["symptom"])
            if symptom is not None:
                trace.append(f"a recall asked about after the symptom {symptom.name} was told")
                if not (entities.get("make") or entities.get("model")) and mentioned.get("models"):
                    entities["make"], entities["model"] = mentioned["models"][0]  # the car the symptom was told of
        if symptom is not None and top is not None and top.intent in REPORT_INTENTS \
                and top.confidence >= FALLBACK_THRESHOLD:
            # "The brakes feel soft, who do I report it to?": the report answer, with what to do now first.
            trace.append(f"symptom {symptom.name}: safety first, then {top.intent}")
        elif symptom is not None:
            # A driver reporting a symptom is answered safety first, whatever else the words match.
            intent, confidence = "symptom", max(confidence, 0.9)
            trace.append(f"symptom {symptom.name} ({self.symptoms.why(norm)}): safety first")
        elif entities.get("other_make") and not known_vin \
                and (not (entities.get("make") or entities.get("model")) or OR_JUST.search(norm)) \
                and (unsure or top.intent in CAR_INTENTS
                     or COVERAGE_WORDS.search(norm) or (RECALL_OR_UPDATE.search(norm) and top.intent not in GENERAL_ANSWERS)):
            # "理想L9能查吗", "小鹏 G6 有被 OTA 召回过吗": a make the portal holds nothing for.
            intent, confidence = "make_not_covered", max(confidence, FALLBACK_THRESHOLD)
            entities["other_make_name"] = self.entities.other_make_name(entities["other_make"], lang)
            trace.append(f"{entities['other_make']}: a make the portal does not cover")
        elif symptom is None and discussed and VERSION_ASKED.search(norm) and not ASKED_WHERE.search(norm) \
                and not entities.get("recall_id") \
                and memory.get("intent") and len(norm) <= MAX_FOLLOW_UP_CHARS:
            # "是不是那个召回 升哪个版本能好", "升到哪个版本算完成" after a recall was named or listed: that recall's
            # remedy and the version a source states for it.
            intent, confidence = "recall_details", FALLBACK_THRESHOLD
            listed = list(mentioned.get("recalls") or [])
            if memory.get("intent") in LIST_ANSWERS and len(listed) > 1:
                # "那修好的软件版本是哪一版？" after a symptom's or a car's list: each listed recall with its version.
                version_of_listed = listed[:MAX_TITLE_FITS]
                memory.pop("recall_id", None)
                trace.append(f"which version, after {len(listed)} recalls were listed: each with its remedy version")
            else:
                memory["recall_id"] = discussed
                trace.append(f"which version, after recall {discussed} was named: its remedy and version")
        elif unread and (entities.get("make") or entities.get("model")) and not known_vin and RECALL_WORD.search(norm) \
                and len(norm) <= BARE_RECALLS_CHARS and not memory.get("intent"):
            # "Volvo recalls", "BYD recalls?", "比亚迪召回": a make or model and the word, nothing else to read.
            intent, confidence = "vehicle_recalls", FALLBACK_THRESHOLD
            trace.append("a make or model named with the word recall and nothing else read: its recalls")
        elif partial and unsure:
            intent, confidence = "vin_location", FALLBACK_THRESHOLD  # part of a VIN: said below
        elif unsure and memory.get("intent") and (self.follow_ups.matches(lang, norm, entities)
                                                  or (referred and len(norm) <= MAX_FOLLOW_UP_CHARS)):
            intent, confidence = memory["intent"], FALLBACK_THRESHOLD
            if intent == "make_not_covered" and (entities.get("make") or entities.get("model")):
                # "Not covered" … "ok what about a Tesla Model Y then?": a make the portal holds, its recalls.
                intent = "vehicle_recalls"
            if intent in ONE_RECALL_INTENTS and "model" in entities and "recall_id" not in entities:
                # "Tell me about 23V838" … "what about the SU7?": the question is now that car's recalls.
                intent = "vehicle_recalls"
            trace.append(f"follow-up: repeating the conversation's last question as {intent}")
        elif unread and discussed and len(norm) <= MAX_FOLLOW_UP_CHARS \
                and (APPLIES_WORDS.search(norm) or FIXED_WORDS.search(norm)) \
                and not (known_vin and memory.get("intent") == "vehicle_recalls"):
            # "我的ES8是2019年提的，有份吗", "那修好了吗" after a recall was discussed (or listed first in the last
            # answer): whether it reaches this car and whether it is done. After the car's whole record the car is meant.
            intent, confidence = "recall_status", FALLBACK_THRESHOLD
            memory["recall_id"] = discussed
            trace.append(f"asked whether the recall discussed ({discussed}) applies or is fixed: its status")
        elif (unsure or top.intent == "vehicle_recalls") and discussed and len(norm) <= MAX_FOLLOW_UP_CHARS \
                and authority_named_in(norm) and RECALL_WORD.search(norm) \
                and not (entities.get("make") or entities.get("model") or known_vin):
            # "美国那边也召回了吗" after a recall: its details say whether the other authority recalled it too.
            intent, confidence = "recall_details", FALLBACK_THRESHOLD
            memory["recall_id"] = discussed
            trace.append(f"the other market asked about after recall {discussed}: its details and related recalls")
        elif unread and discussed and entities.get("version") and not entities.get("recall_id") \
                and memory.get("intent") and memory["intent"] not in SMALL_TALK and memory["intent"] != "vehicle_recalls":
            # "is that the recall thing? software is 2024.38.3", "我车…现在版本2023.38.6" after a recall was discussed:
            # the version stated against that recall's remedy version.
            intent, confidence = "recall_status", FALLBACK_THRESHOLD
            memory["recall_id"] = discussed
            trace.append(f"a version stated after recall {discussed} was discussed: whether that version fixes it")
        elif unread and entities.get("version") and (entities.get("make") or entities.get("model")):
            # "Rivian 2023.30 — anything safety related in there or just fluff?": that release.
            intent, confidence = "release_changes", FALLBACK_THRESHOLD
            trace.append("a make and a version named and no rule read: that release")
        elif unread and (entities.get("make") or entities.get("model")) and len(norm) <= MAX_CONTEXT_CHARS[lang] \
                and fuzzy is None and (memory.get("intent") or in_domain(norm)):
            # "那特斯拉的你们有吧？", "ioniq5 2022?": a make or model the portal holds, and nothing else: its recalls.
            intent, confidence = "vehicle_recalls", FALLBACK_THRESHOLD
            trace.append("a make or model named and no rule read: its recalls")
        elif fuzzy is not None and not self._bare_vin(question, known_vin):
            intent, confidence = fuzzy.intent, FALLBACK_THRESHOLD
            guessed = True
        elif unread and known_vin and (vin_typed or clean_vin(vin) == known_vin):
            # A VIN with a question no rule reads ("is it clean?", "and this one?"): the car's record is the answer.
            intent, confidence = "vehicle_recalls", FALLBACK_THRESHOLD
            trace.append("no rule fired; a VIN was given, so the car's record is the answer")
        elif unread and memory.get("intent") and memory["intent"] not in SMALL_TALK and len(norm) <= MAX_CONTEXT_CHARS[lang]:
            # "需要准备什么材料" after how to report, "数据从哪来的" after the figures: a short question
            # no rule reads, in a conversation, continues its topic.
            intent, confidence = memory["intent"], FALLBACK_THRESHOLD
            trace.append(f"a short question no rule reads: continuing the conversation's {intent}")
        elif unread and in_domain(norm):
            # A recall, OTA, VIN or version word: the question is ours, only worded in a way no rule
            # foresaw. The closest reading, else an overview with where to look, beats "I can't answer".
            intent, confidence, why = self._domain_reading(norm, lang, entities)
            guessed = True
            trace.append(why)
        elif unsure:
            why = "no rule applied" if top is None else (
                f"out-of-scope rule {top.rule.name}" if top.intent is None
                else f"best confidence {top.confidence} < threshold {FALLBACK_THRESHOLD}")
            confidence = top.confidence if top is not None and top.intent is not None else 0.0
            self._remember(session, memory, entities, None, tag)
            return self._fallback(question, lang, session, entities, confidence, trace + [why], "fallback", norm,
                                  out_of_scope=top is not None and top.intent is None)
        elif top.intent in ("thanks", "greeting") and known_vin \
                and (vin_typed or (clean_vin(vin) == known_vin and memory.get("vin") != known_vin)):  # a VIN new to the talk
            # "nissan leaf vin in box thx", "thanks. and my wife's honda? 2HGFC…": the car given is the question.
            intent, confidence = "vehicle_recalls", FALLBACK_THRESHOLD
            trace.append(f"{top.intent} words with a VIN given: the car's record")
        else:
            runner_up = next((c for c in candidates if c.intent != top.intent), None)
            trace.append(f"winner {top.rule.name} ({top.intent}) score {top.score:g}" + (
                f", ahead of {runner_up.rule.name} ({runner_up.score:g})" if runner_up else ", no competing intent"))
        if intent == "vehicle_recalls" and any(line.startswith("'first'") or line.startswith("'other'")
                                                for line in referred) and "recall_id" not in entities:
            # "我的车是2024.2.7，那个算修好了吗": about the recall pointed at, not the whole record.
            intent = "recall_status"
            trace.append("the question points at one recall: its status")
        if intent == "release_changes" and entities.get("version") and "recall_id" not in entities \
                and memory.get("recall_id") and (FIXED_WORDS.search(norm) or INCLUDES_WORDS.search(norm)):
            # "Tell me about 23V862" … "我的版本是 2023.38.9，有包含修正吗": that recall on the stated version.
            intent = "recall_status"
            trace.append("a version stated after a recall was discussed: whether it carries the fix")
        if intent == "feature_change" and entities.get("version"):
            # "What did Rivian 2023.30 change, anything removed?": that release's own notes name it.
            intent = "release_changes"
            trace.append(f"a version was named: the changes of {entities['version']}")
        if intent == "release_changes" and not entities.get("version") and (entities.get("make") or entities.get("model")):
            # "What did the latest SU7 update change?": no version named, so the newest release of what was named.
            intent = "latest_release"
            trace.append("no version named: the newest release of the make or model")
        if (entities.get("make") or entities.get("model")) and not known_vin and asks_ota_share(question) \
                and intent not in ("symptom", "feature_change"):
            # "Is it true almost all of Tesla's US recalls are fixed over the air?": counted from the make's recalls.
            intent = "vehicle_recalls"
            trace.append("the share of a make's recalls remedied over the air: counted from its recalls")
        campaign = MAKER_CAMPAIGN_RE.search(question) if not entities.get("recall_id") else None
        if campaign and intent in CAMPAIGN_INTENTS:
            # "Which Power-Up fixed recall 22S41?", "22S41 要去dealer吗": a maker's own campaign number, which the maker's
            # release notes may name; its releases answer.
            intent = "recall_details"
            trace.append(f"a maker's campaign number {campaign.group(1).upper()}: the releases whose notes name it")
        if intent == "dealer_visit" and known_vin and DONE_YET.search(norm):
            # "这台 Model Y，前备箱锁的召回（OTA+到店）做了没？": whether it is done on this car, not whether a visit is needed.
            intent = "recall_status"
            trace.append("asked whether a recall is done on the car given: its status")
        if intent == "ota_statistics" and (entities.get("make") or entities.get("model")) \
                and (HOW_MANY.search(norm) or recall_year_said(norm)) and not NATIONWIDE.search(norm):
            # "特斯拉2024年有几次OTA召回": the count of that make's recalls (of that year), not the country's figures.
            intent = "vehicle_recalls"
            trace.append("how many recalls of a named make or model: its recalls, not the national figures")
        if intent in ("ota_statistics", "recall_status") and discussed and HOW_MANY.search(norm) \
                and not (entities.get("make") or entities.get("model")) and len(norm) <= MAX_FOLLOW_UP_CHARS:
            # "How many cars were in it?" after a recall was discussed: that recall's population.
            intent = "recall_details"
            memory["recall_id"] = discussed
            trace.append(f"how many, after recall {discussed} was discussed: its details")
        if intent == "recall_details" and entities.get("recall_id") and not entities.get("version") and memory.get("version") \
                and (self.follow_ups.matches(lang, norm, entities) or len(norm) <= MAX_FOLLOW_UP_CHARS):
            # "我車是 2023.44.30.6 有包含嗎" … "那 24V051000 呢": the next recall against the version stated before.
            intent, entities["version"] = "recall_status", memory["version"]
            trace.append(f"another recall after version {memory['version']} was stated: whether that version fixes it")
        if intent == "recall_details" and entities.get("recall_id") and entities.get("version"):
            # "SW rev 2024.38.7 — does that cover the TPMS campaign (24V935000)?": a version with a recall asks whether it fixes it.
            intent = "recall_status"
            trace.append("a recall and a version named: whether that version carries the fix")
        names_recall = "recall_id" not in entities and intent != "symptom" and (
            self.symptoms.names_a_recall(norm)
            # "特斯拉更新完倒车影像就好了吗 哪个版本": a part and the version that fixes it name the recall about that part.
            or (bool(VERSION_ASKED.search(norm)) and not ASKED_WHERE.search(norm) and self.symptoms.topic(norm) is not None))
        if names_recall and not (known_vin or entities.get("make") or entities.get("model")) and entities.get("version"):
            # "My car shows version 2022.4.5 — covered for the seat belt chime recall?": the version's release names the make.
            make = self._make_of_version(entities["version"], lang)
            if make:
                entities["make"] = make
                trace.append(f"version {entities['version']} is a {make} release: the recall is looked for among its recalls")
        # No car, make or model: a recall named by a subject few titles fit ("the seat belt chime recall"), or one
        # read as a definition or read by no rule ("what's the rear camera recall about?") is still that recall.
        described = names_recall and bool(known_vin or entities.get("make") or entities.get("model")
                                          or intent == "recall_definition" or guessed
                                          or self._titles_of_any_make(norm, lang))
        if described and (intent in DESCRIBED_RECALL_INTENTS or intent == "make_not_covered" or confidence < FALLBACK_THRESHOLD
                          or guessed):
            # "EPS转向那个召回算修好了吗", "the frunk recall from August 2024?": one recall of the car,
            # named by its subject; the title search below finds it among the car's or make's recalls.
            # Without a car or a version, the recall's remedy and version answer "is it fixed?"; whether it
            # applies ("有我吗", "am I affected?") needs the VIN, which the status answer asks for.
            # A version stated with the recall: whether that version carries its fix.
            asks_status = bool(entities.get("version")) or (known_vin and self._asks_status(norm, entities))
            intent = "recall_status" if asks_status or APPLIES_WORDS.search(norm) else "recall_details"
            trace.append(f"a recall named by its subject: {intent}")
        elif described and intent == "recall_details" and known_vin and self._asks_status(norm, entities):
            # "Is the Autosteer recall done on my car?" with a VIN: its status on that car.
            intent = "recall_status"
            trace.append("a recall named by its subject, asked about on this car: recall_status")
        if intent == "vin_location" and clean_vin(vin) and not partial and not VIN_WHERE.search(norm):
            # "do u cover mazda? my vin" with the VIN in the box: the VIN is given, so the car's record answers.
            intent = "vehicle_recalls"
            trace.append("a VIN was given with the question: the car's record, not where to find a VIN")
        recall_from = None
        if intent in RECALL_AWARE and "recall_id" not in entities and memory.get("recall_id") and not described:
            other = self._other_recall_by_title(norm, memory["recall_id"], lang, known_vin)
            if other:
                # "另一个呢，就是同一年那个安全带提醒的": another recall of the same make, named by its subject.
                entities["recall_id"], recall_from = other, "title"
                trace.append(f"'the other one' named by its subject: {other}")
        if intent in RECALL_AWARE and "recall_id" not in entities and memory.get("recall_id") and not described:
            entities["recall_id"], recall_from = memory["recall_id"], "conversation"
            trace.append(f"recall {entities['recall_id']} from the conversation")
        stated = entities.get("version") if intent in STATED_VERSION else None
        stated = stated or (memory.get("version") if intent in STATED_VERSION else None)
        ctx = self._context(intent, lang, entities, known_vin, stated, trace,
                            given_now=bool(entities.get("vin") or clean_vin(vin)))
        ctx.recall_from = recall_from
        ctx.makes = self.makes
        # The rule's name picks a case its words already tell apart (a park-outside advisory, "the app shows nothing"),
        # so the case does not repeat the rule's words.
        ctx.rule = top.rule.name if top is not None and top.intent == intent and not unread else ""
        if intent in ("vehicle_recalls", "safe_to_drive"):
            ctx.topic = self.symptoms.topic(norm)
            if ctx.topic is not None and ctx.topic.name == self.symptoms.words.alarm_kind:
                # "Any fire-related recalls on my car?": what to do if it happens comes first, as for a report.
                ctx.symptom = ctx.topic
        ctx.symptom = symptom or ctx.symptom
        ctx.question = question
        if self.content is not None and hasattr(self.content, "feature_changes"):
            ctx.feature_changes = lambda make: self.content.feature_changes(lang, make)
        if self.content is not None and hasattr(self.content, "model_recalls"):
            ctx.model_recalls = lambda make, model, ota, year=None: self.content.model_recalls(lang, make, model, ota, year)
        if self.content is not None and hasattr(self.content, "recalled_models"):
            ctx.recalled_models = self.content.recalled_models
        if not known_vin:
            ctx.makes_named = tuple(self.entities.makes(question))
        if intent in ("recall_details", "dealer_visit") and campaign and self.content is not None \
                and hasattr(self.content, "releases_naming"):
            ctx.campaign = campaign.group(1).upper()
            ctx.campaign_releases = self.content.releases_naming(ctx.campaign)
        if self.content is not None and hasattr(self.content, "release_count"):
            ctx.release_count = self.content.release_count
        if self.content is not None:
            ctx.recall_fact = lambda rid: self.content.recall(rid, lang)
        ctx.yes_no = self.follow_ups.yes_no(lang, norm)
        pointed = recall_from == "conversation" and ctx.vehicle is not None
        if pointed:
            # "前备箱那个修了没", "那个字体的recall好了没": "that one" with the recall's subject named is the car's
            # recall whose title fits, not the first one the last answer listed.
            named = recall_by_title(ctx.vehicle.recalls, norm, self.title_words)
            if named and named != entities.get("recall_id"):
                entities["recall_id"], ctx.recall_from = named, "title"
                trace.append(f"'that one' named by its subject: recall {named}")
                self._load_recall(ctx, trace)
        if intent in ("recall_status", "recall_details", "dealer_visit") and "recall_id" not in entities:
            found = None
            if ctx.vehicle is not None:
                found = recall_by_title(ctx.vehicle.recalls, norm, self.title_words) \
                    or self._by_english_title([item.id for item in ctx.vehicle.recalls], norm, lang)
            elif ctx.model_recalls is not None and (entities.get("make") or entities.get("model")):
                # No car: the recalls of the make or model named ("the Tesla Autosteer recall").
                rows = ctx.model_recalls(entities.get("make"), entities.get("model"), False)
                market = authority_named_in(norm) if len(authorities_named_in(norm)) < 2 \
                    and not OTHER_MARKET_WORDS.search(norm) else None
                if market and any(row[4] == market for row in rows):
                    # "特斯拉中国那个转向助力召回": the recall of the market named, not the other market's of the same part.
                    rows = [row for row in rows if row[4] == market]
                listed = [_Titled(rid, title) for rid, title, *_ in rows]
                found = recall_by_title(listed, norm, self.title_words) \
                    or self._by_english_title([rid for rid, *_ in rows], norm, lang)
                if (entities.get("version") or VERSION_ASKED.search(norm)) and self.content is not None:
                    # "还停在2023.32.7，方向盘助力的召回还没做？": of the recalls the words fit, those a source states a
                    # remedy version for are the ones the version can settle.
                    settled = [fact for fact in (self.content.recall(rid, lang) for rid in
                                                 recalls_fitting_title(listed, norm, self.title_words)[:MAX_TITLE_FITS])
                               if _states_version(fact)]
                    if len(settled) == 1:
                        found = settled[0].id
                    elif settled:
                        found, ctx.candidates = None, settled
                        trace.append(f"recalls named by their titles, with a remedy version: {[c.id for c in settled]}")
                if not found and not ctx.candidates and self.content is not None:
                    fitting = recalls_by_title(listed, norm, synonyms=self.title_words) \
                        or self._by_english_titles([rid for rid, *_ in rows], norm, lang)
                    ctx.candidates = [fact for fact in (self.content.recall(rid, lang) for rid in fitting) if fact]
                    if ctx.candidates:
                        trace.append(f"recalls named by their titles: {[c.id for c in ctx.candidates]}")
                    elif described:
                        # "Ford BlueCruise recall, fixed over the air?": no recall the portal holds is about that.
                        ctx.no_title_match = True
                        trace.append("a recall named by its subject, and none of the make's recalls is about it")
            elif ctx.vehicle is None and not known_vin and (described or intent != "dealer_visit"):
                # "What software version fixes the seat belt chime recall?": no car, make or id, but the subject is
                # distinctive enough (few titles of any make fit it) to find the recalls about it.
                fits = self._titles_of_any_make(norm, lang)
                if len(fits) > 1 and VERSION_ASKED.search(norm) and self.content is not None:
                    # "What version fixes the seat belt chime recall?": the fitting recalls a source states a version for.
                    fits = [rid for rid in fits if _states_version(self.content.recall(rid, lang))] or fits
                if len(fits) == 1:
                    found = fits[0]
                elif fits:
                    ctx.candidates = [fact for fact in (self.content.recall(rid, lang) for rid in fits) if fact]
                    trace.append(f"recalls of any make named by their titles: {fits}")
            if intent == "dealer_visit" and not described:
                # "Do I need to take my Tesla in for the recall?": words that happen to fit a title name no recall.
                ctx.candidates = []
            if not found and ctx.vehicle is not None:
                ctx.title_matches = recalls_by_title(ctx.vehicle.recalls, norm, limit=3, synonyms=self.title_words)
                if ctx.title_matches:
                    trace.append(f"the car's recalls whose titles fit: {ctx.title_matches}")
            if found:
                entities["recall_id"], ctx.recall_from = found, "title"
                trace.append(f"recall {found} named by its title")
                self._load_recall(ctx, trace)
            elif described and memory.get("recall_id") and not ctx.title_matches and not ctx.candidates:
                entities["recall_id"], ctx.recall_from = memory["recall_id"], "conversation"
                trace.append(f"no title fits; recall {entities['recall_id']} from the conversation")
                self._load_recall(ctx, trace)
        if partial:
            # "vin starts 1FTFW1E5, is that enough?": only part of a VIN; all 17 characters find the car.
            intent = "vin_location"
            trace.append(f"part of a VIN ({len(partial)} characters): where to find all 17")
        if intent == "recall_status" and "recall_id" not in entities and ctx.vehicle is not None \
                and not ctx.title_matches and known_vin:
            # "is it fixed?" about the car, no recall named: the car's record, headline first.
            intent = "vehicle_recalls"
            trace.append("no recall named: the car's record answers whether its recalls are done")
        if version_of_listed and "recall_id" not in entities and self.content is not None:
            facts = [fact for fact in (self.content.recall(rid, lang) for rid in version_of_listed) if fact]
            ctx.candidates = [fact for fact in facts if _states_version(fact)] or facts
        rendered, case = render(self.responses, intent, ctx)
        if partial:
            rendered.text = fill(self.responses.label(lang, "partial_vin"), {"part": partial, "count": len(partial)}) \
                + "\n" + rendered.text
        if ctx.car_after is not None and known_vin:
            rendered.text += "\n\n" + self._car_headline(ctx, known_vin)
            trace.append("a VIN given with the question: the car's headline follows the answer")
        if ctx.vin and (vin or entities.get("vin")) and _check_digit_advised(ctx.vin):
            # A VIN given now whose check digit does not add up, of a region that need not use one: the VIN page's warning.
            warning = advisory_message(lang)
            rendered.text = rendered.text + "\n" + warning if intent == "symptom" else warning + "\n" + rendered.text
        trace.append(f"answer case: {intent}.{case}")
        named = mentioned_in(rendered.text, self.entities.models(question), mentioned)
        if entities.get("recall_id"):
            # The recall the answer is about comes first, before recalls it links to (the other authority's).
            named["recalls"] = [entities["recall_id"]] + [r for r in named["recalls"] if r != entities["recall_id"]]
        if intent == "symptom" and ctx.symptom is not None:
            named["symptom"] = ctx.symptom.name
        # The car's own version: stated with a VIN, or checked against a recall ("我车是 2023.44.30.6，有包含吗").
        own_version = stated if (ctx.vehicle and ctx.vehicle.stated_version) or (intent == "recall_status" and stated) else None
        self._remember(session, memory, entities, intent, tag, own_version,
                       json.dumps(named, ensure_ascii=False))
        car = self._car(known_vin, stated, lang, ctx, trace) if known_vin else None
        return Answer(intent, rendered.text, rendered.sources, confidence, entities, False, session, trace,
                      headline=headline(car, known_vin))

    def _car_headline(self, ctx: Context, vin: str) -> str:
        """The car's headline and counts, as its record would open, for an answer about something else."""
        held = ctx.vin, ctx.vehicle
        ctx.vin, ctx.vehicle = vin, ctx.car_after
        try:
            text = cases.headline_lead(self.responses, ctx)
            if ctx.vehicle.recalls:
                text += " " + car_words.summary(self.responses, ctx)
            return text + " " + fill(self.responses.label(ctx.lang, "coverage_page"), {"vin": vin})
        finally:
            ctx.vin, ctx.vehicle = held

    def _make_of_version(self, version: str, lang: str) -> str | None:
        """The make whose release the version belongs to, when the portal holds that release."""
        if self.content is None or not hasattr(self.content, "release"):
            return None
        try:
            release = self.content.release(version, lang, None)
        except Exception:  # noqa: BLE001 - without the release, the question is read without a make
            return None
        return getattr(release, "make", None) if release is not None else None

    def _other_recall_by_title(self, norm: str, current: str, lang: str, vin: str | None = None) -> str | None:
        """For "the other one, the seat belt one": the one other recall whose title fits, of the car when one is
        known (its own list is shorter than the make's, so a part names one recall more often), else of the make."""
        if reference(norm) != "other" or self.content is None or not hasattr(self.content, "model_recalls"):
            return None
        if vin and self.vehicles is not None:
            try:
                summary = self._lookup(vin, None, lang)
            except Exception:  # noqa: BLE001 - without the car, the make's recalls below
                summary = None
            if summary is not None and getattr(summary, "recalls", None):
                found = recall_by_title([r for r in summary.recalls if r.id != current], norm, self.title_words)
                if found:
                    return found
        try:
            fact = self.content.recall(current, lang)
            listed = [_Titled(rid, title) for rid, title, *_ in self.content.model_recalls(lang, fact.make, None, False)
                      if rid != current] if fact is not None else []
        except Exception:  # noqa: BLE001 - a data outage leaves the conversation's recall in place
            return None
        return recall_by_title(listed, norm, self.title_words)

    def _by_english_title(self, ids: list[str], norm: str, lang: str) -> str | None:
        """For a Chinese question that names the recall in English ("那个hood latch recall"), the one recall of
        ``ids`` whose English title fits it."""
        fitting = self._by_english_titles(ids, norm, lang, limit=2)
        return fitting[0] if len(fitting) == 1 else None

    def _by_english_titles(self, ids: list[str], norm: str, lang: str, limit: int = 5) -> list[str]:
        """The recalls of ``ids`` whose English titles fit a Chinese question that names them in English."""
        if lang != "zh" or not _ENGLISH_WORDS.search(norm) or self.content is None \
                or not hasattr(self.content, "recall_titles"):
            return []
        titles = self._english_titles()
        return recalls_by_title([_Titled(rid, titles.get(rid, "")) for rid in ids], norm, limit=limit, synonyms=self.title_words)

    def _english_titles(self) -> dict[str, str]:
        if self._english is None:
            self._english = dict(self.content.recall_titles("en"))
        return self._english

    @lru_cache(maxsize=ANY_MAKE_CACHE_SIZE)  # noqa: B019 - one engine per process, kept for its life
    def _titles_of_any_make(self, norm: str, lang: str) -> tuple[str, ...]:
        """The recalls of any make whose titles fit the question, when few enough fit to name its subject.

        Asked twice for one question (is a recall named? which?), so the answer is kept.
        """
        if self.content is None or not hasattr(self.content, "recall_titles"):
            return ()
        listed = [_Titled(rid, title) for rid, title in self.content.recall_titles(lang)]
        # A Chinese question is read in character pairs, and one pair ("没有") fits a title by chance: two must.
        fits = recalls_by_title(listed, norm, limit=MAX_ANY_MAKE_FITS + 1, synonyms=self.title_words,
                                min_hits=MIN_TITLE_HITS_ANY_MAKE + (lang == "zh"))
        if not fits and lang == "zh" and _ENGLISH_WORDS.search(norm):
            # "FSD Beta 那个不完全停车（rolling stop）的召回": the subject named in English meets the English titles.
            english = [_Titled(rid, title) for rid, title in self._english_titles().items()]
            fits = recalls_by_title(english, norm, limit=MAX_ANY_MAKE_FITS + 1, synonyms=self.title_words,
                                    min_hits=MIN_TITLE_HITS_ANY_MAKE)
        return tuple(fits) if len(fits) <= MAX_ANY_MAKE_FITS else ()

    @staticmethod
    def _bare_vin(question: str, vin: str | None) -> bool:
        """"vin 1HGCV1F35LA054321", "查 LRW…": a VIN with a word or two around it asks for the car's record."""
        if not vin:
            return False
        compact = re.sub(r"\s+", "", question.upper())
        if vin not in compact:
            return False
        rest = re.sub(r"[\W_]+", "", compact.replace(vin, ""))
        return len(rest) <= BARE_VIN_REST_CHARS

    @staticmethod
    def _asks_status(norm: str, entities: dict) -> bool:
        """Whether a question about one recall asks if it is done on the car (a version stated counts)."""
        return STATUS_WORDS.search(norm) is not None

    def _domain_reading(self, norm: str, lang: str, entities: dict) -> tuple[str, float, str]:
        """(intent, confidence, why) for an in-domain question no rule was sure of.

        What the question names comes first (a recall number: that recall; a version: that
        release), then the nearest paraphrase at a low floor, then the rule it half matched, then
        the overview.
        """
        if entities.get("recall_id"):
            return "recall_details", DOMAIN_SIMILARITY, "a domain word and a recall number: that recall"
        if entities.get("version"):
            return "release_changes", DOMAIN_SIMILARITY, "a domain word and a version: that release"
        fuzzy = self.paraphrases.best(norm, floor=DOMAIN_SIMILARITY)
        if fuzzy is not None:
            return fuzzy.intent, fuzzy.similarity, (f"a domain word; nearest paraphrase {fuzzy.paraphrase!r} "
                                                     f"({fuzzy.intent}, similarity {fuzzy.similarity})")
        near = near_intents(self.rules[lang], norm)
        if near:
            return near[0], DOMAIN_SIMILARITY, f"a domain word; closest rule intent {near[0]}"
        return "domain_overview", DOMAIN_SIMILARITY, "a domain word but no close reading: the overview"

    def _car(self, vin: str, stated: str | None, lang: str, ctx: Context, trace: list[str]):
        """The summary behind the headline: the one the answer used, else a look-up of its own."""
        if ctx.vin == vin and (ctx.vehicle is not None or ctx.coverage is not None):
            return ctx.summary
        if ctx.car_after is not None:
            return ctx.car_after  # looked up for the headline that follows a general answer
        if self.vehicles is None:
            return None
        try:
            return self._lookup(vin, stated, lang)
        except Exception as exc:  # noqa: BLE001 - a data outage degrades the answer, never the reply
            trace.append(f"facts unavailable: {type(exc).__name__}: {exc}")
            return None

    def _lookup(self, vin: str, stated: str | None, lang: str):
        try:
            return self.vehicles.lookup(vin, stated, lang=lang)
        except TypeError:  # a VehicleFacts that takes no language
            return self.vehicles.lookup(vin, stated) if stated else self.vehicles.lookup(vin)

    @staticmethod
    def _refused_vin(entities: dict, lang: str) -> str | None:
        """The VIN page's own error for a VIN typed in the question that is not a valid one, else None."""
        from portal.vehicles import error_message, validate_vin

        raw = entities.get("bad_vin") or entities.get("vin")
        if not raw:
            return None
        check = validate_vin(raw)
        if check.ok:
            return None
        entities.pop("vin", None)
        lead = "**车架号（VIN）无效**（invalid VIN）——" if lang == "zh" else "**This is not a valid VIN** — "
        return f"{lead}{raw}: " + error_message(check.error.code, lang, **check.error.details)

    def _remember(self, session: str, memory: dict, entities: dict, intent: str | None, lang: str,
                  version: str | None = None, mentioned: str | None = None) -> None:
        """What the next question may refer to; a new VIN or recall id replaces the old."""
        self.memory.remember(session, vin=entities.get("vin") or memory.get("vin"),
                             recall_id=entities.get("recall_id") or memory.get("recall_id"),
                             version=version or memory.get("version"),
                             intent=intent or memory.get("intent"), lang=lang,
                             mentioned=mentioned or memory.get("mentioned"))

    def _forget_other_car(self, entities: dict, memory: dict) -> None:
        """A follow-up naming another make or model ("what about the SU7?", "那秦PLUS DM-i呢") is about that car.

        The recall kept from the conversation, and the recalls the last answer listed, belong
        to the car talked about before; with a different make or model named and no recall id
        typed, "it" and "那个" point at the car named now, so they are forgotten.
        """
        named_make, named_model = entities.get("make"), entities.get("model")
        if entities.get("recall_id") or not (named_make or named_model) or self.content is None:
            return
        listed = (_mentioned(memory).get("recalls") or [])[:1]
        for recall_id in [memory.get("recall_id")] + listed:
            if recall_id and not self._recall_of(recall_id, named_make, named_model):
                memory.pop("recall_id", None)
                memory["mentioned"] = None
                return

    def _recall_of(self, recall_id: str, make: str | None, model: str | None) -> bool:
        """Whether the recall is of the make and model named (True when the portal cannot tell)."""
        try:
            fact = self.content.recall(recall_id, "en")
        except Exception:  # noqa: BLE001 - a data outage leaves the conversation as it was
            return True
        if fact is None:
            return True
        models = {m for _, m in self.entities.models(f"{fact.title} {fact.id}")}
        return (not make or make == fact.make) and (not model or not models or model in models)

    def _resolve_reference(self, norm: str, entities: dict, memory: dict, mentioned: dict) -> list[str]:
        """"it", "the other one", "那个", "另一个": the recall or model the last answer named."""
        ref = reference(norm) if mentioned else None
        if ref is None or entities.get("vin"):
            return []  # with a VIN typed, "the other one" is another car
        trace = []
        models = mentioned.get("models") or []
        if len(models) > 1 and memory.get("intent") == "vehicle_recalls" and "model" not in entities \
                and len(norm) <= SHORT_REFERENCE_CHARS:
            # "Do the SU7 and the Model 3 have OTA recalls? The SU7 first" … "那个呢": the model not yet answered.
            make, model = models[1]
            entities["make"], entities["model"] = make, model
            return [f"a bare pointer after two models: {make} {model}, the one not yet answered"]
        recalls = mentioned.get("recalls") or []
        if "recall_id" not in entities and recalls:
            pick = recalls[1] if ref == "other" and len(recalls) > 1 else recalls[0] if ref == "first" else None
            if ref == "first" and len(recalls) > 1 and memory.get("intent") == "vehicle_recalls" \
                    and _IT.search(norm) and not _POINTED.search(norm):
                pick = None  # "ok is it fixed?" after the car's whole record: "it" is the car, not its first recall
            if pick:
                memory["recall_id"] = pick
                trace.append(f"'{ref}' refers to recall {pick} named in the last answer")
        if ref == "other" and "model" not in entities and len(models) > 1:
            make, model = models[1]
            entities["make"], entities["model"] = make, model
            trace.append(f"'the other one' refers to {make} {model} named before")
        return trace

    def _load_recall(self, ctx: Context, trace: list[str]) -> None:
        try:
            if self.content is not None and ctx.entities.get("recall_id"):
                ctx.recall = self.content.recall(ctx.entities["recall_id"], ctx.lang)
        except Exception as exc:  # noqa: BLE001 - a data outage degrades the answer, never the reply
            trace.append(f"facts unavailable: {type(exc).__name__}: {exc}")

    def _context(self, intent: str, lang: str, entities: dict, vin: str | None, stated: str | None,
                 trace: list[str], given_now: bool = False) -> Context:
        ctx = Context(lang=lang, entities=entities, vin=vin if intent in VIN_AWARE else None,
                      vehicle_service=self.vehicles is not None, names=self.names[lang])
        self._load_recall(ctx, trace)
        try:
            if self.content is not None:
                if intent == "release_changes" and entities.get("version"):
                    ctx.release = self.content.release(entities["version"], lang, entities.get("make"))
                if intent == "latest_release" and (entities.get("make") or entities.get("model")):
                    ctx.release = self.content.latest_release(lang, entities.get("make"), entities.get("model"))
            if self.vehicles is not None and ctx.vin:
                summary = self._lookup(ctx.vin, stated, lang)
                ctx.summary = summary
                if summary is not None and not getattr(summary, "usable", True):
                    ctx.coverage = summary.coverage
                    trace.append(f"the portal cannot list this car's recalls: {summary.coverage.status}")
                else:
                    ctx.vehicle = summary
            elif self.vehicles is not None and vin and given_now:
                # A VIN given with a question about something else ("my parents are worried, any recall pending?"):
                # for a car the portal cannot list, what its VIN page says leads the answer, so that no general
                # answer reads as a verdict on that car.
                summary = self._lookup(vin, stated, lang)
                if summary is not None and not getattr(summary, "usable", True):
                    ctx.vin, ctx.summary, ctx.coverage = vin, summary, summary.coverage
                    trace.append(f"a VIN given, and the portal cannot list this car's recalls: {summary.coverage.status}")
                elif summary is not None:
                    ctx.car_after = summary
        except Exception as exc:  # noqa: BLE001 - a data outage degrades the answer, never the reply
            trace.append(f"facts unavailable: {type(exc).__name__}: {exc}")
        return ctx

    def _fallback(self, question: str, lang: str, session: str, entities: dict, confidence: float,
                  trace: list[str], key: str, norm: str = "", out_of_scope: bool = False) -> Answer:
        suggestions = self.suggester.suggest(question, norm, lang) if key == "fallback" else []
        if out_of_scope:
            # A stock tip or the weather: a search of the recalls would only repeat the question back.
            suggestions = [s for s in suggestions if s.get("kind") != "search"]
        text = tidy(self.responses.text(lang, key).strip())
        if suggestions:
            text += "\n" + "\n".join(f"- [{s['title']}]({s['url']})" for s in suggestions)
        return Answer(None, text, [], round(confidence, 3), entities, True, session, trace, suggestions,
                      queued=bool(question.strip()))
