"""Measure the assistant on a question file (the ``dev.jsonl`` format).

One JSON object a line: ``question``, ``lang``, ``intent`` (null = out of
scope, must fall back), optional ``vin`` and expected ``entities``. The report
gives intent accuracy per language, the out-of-scope rejection rate, every
miss (the confusion list) and latency, so a rule change can be judged by
numbers rather than by the three questions it was written for.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class EvalReport:
    total: int = 0
    correct_by_lang: dict = field(default_factory=dict)
    total_by_lang: dict = field(default_factory=dict)
    out_of_scope: int = 0
    rejected: int = 0
    confusions: list = field(default_factory=list)  # (lang, question, expected, got)
    entity_misses: list = field(default_factory=list)  # (question, key, expected, got)
    latencies_ms: list = field(default_factory=list)

    def accuracy(self, lang: str) -> float:
        return self.correct_by_lang.get(lang, 0) / self.total_by_lang[lang] if self.total_by_lang.get(lang) else 0.0

    @property
    def rejection_rate(self) -> float:
        return self.rejected / self.out_of_scope if self.out_of_scope else 1.0

    def percentile(self, pct: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
        return ordered[index]


def load_cases(path: Path) -> list[dict]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                cases.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON: {exc}") from exc
    return cases


def evaluate(path: Path, engine) -> EvalReport:
    report = EvalReport()
    for case in load_cases(Path(path)):
        lang, expected = case.get("lang", "en"), case.get("intent")
        started = time.perf_counter()
        answer = engine.ask(case["question"], lang, vin=case.get("vin"))  # fresh session each
        report.latencies_ms.append((time.perf_counter() - started) * 1000)
        report.total += 1
        report.total_by_lang[lang] = report.total_by_lang.get(lang, 0) + 1
        ok = answer.intent == expected and answer.fallback == (expected is None)
        if expected is None:
            report.out_of_scope += 1
            report.rejected += int(answer.fallback)
        if ok:
            report.correct_by_lang[lang] = report.correct_by_lang.get(lang, 0) + 1
        else:
            report.confusions.append((lang, case["question"], expected, answer.intent))
        for key, value in (case.get("entities") or {}).items():
            if answer.entities.get(key) != value:
                report.entity_misses.append((case["question"], key, value, answer.entities.get(key)))
    return report


def format_report(report: EvalReport) -> str:
    lines = [f"questions: {report.total}"]
    for lang in sorted(report.total_by_lang):
        lines.append(f"accuracy {lang}: {report.accuracy(lang):.1%} "
                     f"({report.correct_by_lang.get(lang, 0)}/{report.total_by_lang[lang]})")
    lines.append(f"out-of-scope rejected: {report.rejection_rate:.1%} ({report.rejected}/{report.out_of_scope})")
    if report.latencies_ms:
        lines.append(f"latency ms: p50 {report.percentile(50):.2f}, p95 {report.percentile(95):.2f}, "
                     f"mean {statistics.fmean(report.latencies_ms):.2f}")
    for lang, question, expected, got in report.confusions:
        lines.append(f"  MISS [{lang}] {question!r}: expected {expected}, got {got}")
    for question, key, expected, got in report.entity_misses:
        lines.append(f"  ENTITY {question!r}: {key} expected {expected!r}, got {got!r}")
    return "\n".join(lines)
