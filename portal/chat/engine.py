"""The assistant: ``Engine.ask(question, lang, vin=None, session=None) -> Answer``.

Pipeline: normalise -> find entities -> rank the language's rules -> either a
rendered, cited answer or a polite fallback with search suggestions that the
web layer queues for staff. The engine holds no Flask objects and no
database sessions of its own, so the CLI, the API and the tests share it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote_plus

from portal.chat.answers import Context, Responses, fill
from portal.chat.entities import VIN_RE, EntityFinder
from portal.chat.facts import ContentFacts, VehicleFacts
from portal.chat.matcher import rank
from portal.chat.memory import SessionMemory
from portal.chat.normalise import content_words, normalise
from portal.chat.render import render, tidy
from portal.chat.rules import LANGS, load_language

DEFAULT_QA_DIR = Path(__file__).resolve().parents[2] / "content" / "qa"
# Confidence 0.5 is what one fully matched required group scores; below it no
# rule claimed the question, and a wrong confident answer is worse than
# handing the question to staff.
FALLBACK_THRESHOLD = 0.5
# Real questions are a sentence or two; longer input is pasted text or abuse,
# and matching it would only cost time.
MAX_QUESTION_CHARS = 1000
VIN_AWARE = {"vehicle_recalls", "recall_status", "latest_release", "safe_to_drive", "dealer_visit",
             "resale_value", "used_car_check"}


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

    def to_dict(self) -> dict:
        return asdict(self)


def clean_vin(raw: str | None) -> str | None:
    text = re.sub(r"[\s\-]", "", raw or "").upper()
    return text if VIN_RE.fullmatch(text) else None


class Engine:
    def __init__(self, qa_dir: Path = DEFAULT_QA_DIR, content: ContentFacts | None = None,
                 vehicles: VehicleFacts | None = None, memory: SessionMemory | None = None):
        self.rules = {lang: load_language(qa_dir / lang) for lang in LANGS}
        self.responses = Responses(qa_dir)
        self.content, self.vehicles = content, vehicles
        self.memory = memory or SessionMemory()
        catalogue = content.catalogue() if content is not None else []
        self.entities = EntityFinder(catalogue, qa_dir / "aliases.yaml")
        self.names = {lang: {} for lang in LANGS}
        for entry in catalogue:
            slug = entry.model or entry.make
            self.names["en"][slug] = entry.names[1]
            self.names["zh"][slug] = entry.names[2] or entry.names[1]

    def ask(self, question: str | None, lang: str = "en", vin: str | None = None,
            session: str | None = None) -> Answer:
        lang = lang if lang in LANGS else "en"
        session = session or self.memory.new_id()
        question = question or ""
        if len(question) > MAX_QUESTION_CHARS:
            return self._fallback(question, lang, session, {}, 0.0,
                                  [f"input of {len(question)} characters exceeds {MAX_QUESTION_CHARS}"], "too_long")
        norm = normalise(question)
        entities = self.entities.find(question)
        remembered = self.memory.get(session).get("vin")
        known_vin = entities.get("vin") or clean_vin(vin) or remembered
        if known_vin:
            entities["vin"] = known_vin
            self.memory.remember(session, vin=known_vin)
        slots = set(entities) - ({"vin"} if known_vin and known_vin not in question.upper() else set())
        context = {"vin"} if known_vin else set()
        candidates, trace = rank(self.rules[lang], norm, slots, context)
        if not candidates or candidates[0].confidence < FALLBACK_THRESHOLD:
            other = "zh" if lang == "en" else "en"
            others, other_trace = rank(self.rules[other], norm, slots, context)
            if others and others[0].confidence >= FALLBACK_THRESHOLD:
                trace += [f"no {lang} rule fired; trying {other} rules"] + other_trace
                candidates = others
        top = candidates[0] if candidates else None
        if top is None or top.intent is None or top.confidence < FALLBACK_THRESHOLD:
            why = "no rule applied" if top is None else (
                f"out-of-scope rule {top.rule.name}" if top.intent is None
                else f"best confidence {top.confidence} < threshold {FALLBACK_THRESHOLD}")
            confidence = top.confidence if top is not None and top.intent is not None else 0.0
            return self._fallback(question, lang, session, entities, confidence,
                                  trace + [why], "fallback")
        runner_up = next((c for c in candidates if c.intent != top.intent), None)
        trace.append(f"winner {top.rule.name} ({top.intent}) score {top.score:g}" + (
            f", ahead of {runner_up.rule.name} ({runner_up.score:g})" if runner_up else ", no competing intent"))
        ctx = self._context(top.intent, lang, entities, known_vin, trace)
        rendered, case = render(self.responses, top.intent, ctx)
        trace.append(f"answer case: {top.intent}.{case}")
        return Answer(top.intent, rendered.text, rendered.sources, top.confidence, entities, False, session, trace)

    def _context(self, intent: str, lang: str, entities: dict, vin: str | None, trace: list[str]) -> Context:
        ctx = Context(lang=lang, entities=entities, vin=vin if intent in VIN_AWARE else None,
                      vehicle_service=self.vehicles is not None, names=self.names[lang])
        try:
            if self.content is not None:
                if entities.get("recall_id"):
                    ctx.recall = self.content.recall(entities["recall_id"], lang)
                if intent == "release_changes" and entities.get("version"):
                    ctx.release = self.content.release(entities["version"], lang, entities.get("make"))
                if intent == "latest_release" and (entities.get("make") or entities.get("model")):
                    ctx.release = self.content.latest_release(lang, entities.get("make"), entities.get("model"))
            if self.vehicles is not None and ctx.vin:
                ctx.vehicle = self.vehicles.lookup(ctx.vin)
        except Exception as exc:  # noqa: BLE001 - a data outage degrades the answer, never the reply
            trace.append(f"facts unavailable: {type(exc).__name__}: {exc}")
        return ctx

    def _fallback(self, question: str, lang: str, session: str, entities: dict, confidence: float,
                  trace: list[str], key: str) -> Answer:
        words = content_words(question) if key == "fallback" else []
        suggestions = []
        if words:
            q = " ".join(words)
            suggestions.append({"title": fill(self.responses.text(lang, "suggestion"), {"q": q}),
                                "url": f"/search?q={quote_plus(q)}&lang={lang}"})
        text = tidy(self.responses.text(lang, key).strip())
        if suggestions:
            text += "\n" + "\n".join(f"- [{s['title']}]({s['url']})" for s in suggestions)
        return Answer(None, text, [], round(confidence, 3), entities, True, session, trace, suggestions,
                      queued=bool(question.strip()))
