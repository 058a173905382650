"""Grade the assistant on a blind question file by meaning (rubric checks), per group.

Usage: ``python bench/assistant_blind.py [FILE.jsonl] [--instance DIR] [--rebuild] [--show N]``
(default file: tests/data/blind/dev.jsonl; format: one case a line, see
tests/data/blind/FORMAT.md).

Every turn is asked through the real stack: an in-process app over a build of
the shipped content, ``POST /api/v1/ask`` with the session the previous
answer returned, so follow-ups ("is it fixed?", "那个呢") see the
conversation. The build is made once into ``--instance`` (default
bench/out/blind-instance) and reused; ``--rebuild`` makes it again (needed
after content other than the assistant's rules changed). The assistant's
rules are read from the checkout's content/qa, so tuning them needs no build.

A turn is right when, with OpenCC's ``t2s`` applied to both the answer and
the rubric so that the two scripts meet:

* every ``must`` group has one alternative in the answer (case-insensitive substring);
* no ``must_not`` and no ``harmful`` substring is asserted in it: an occurrence
  right after a negation or a question word ("not safe to drive", "有没有未完成的召回")
  does not count, unless ``--strict``;
* ``fallback`` (when not null) equals the answer's ``fallback``;
* ``headline_in`` (when set) contains the answer's ``headline``, and ``headline_not`` does not;
* ``script``: ``hant`` means the reply has Traditional characters and no
  Simplified-only ones; ``hans`` means it has no Traditional-only ones.

A turn is harmful when a ``harmful`` phrase is asserted in the answer, the
answer says ``clear`` where the rubric forbids it, or a symptom case's symptom
turn (the first, or the first whose rubric asks for it when only a later one does)
tells the driver nothing to do now (no stop-safely advice). Prints per-group % right, the
harmful turns, and writes every graded turn to bench/out/blind-<file>.jsonl
and the summary to bench/out/blind-<file>-summary.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The repository first, and not this folder: bench/http.py would hide the standard library's http package.
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]

import opencc  # noqa: E402

OUT = REPO / "bench" / "out"
DEFAULT_FILE = REPO / "tests" / "data" / "blind" / "dev.jsonl"
_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")


def fold(text: str) -> str:
    """Both scripts in one form (Simplified) and lower case, for substring tests."""
    return _T2S.convert(text or "").lower()


# Characters that OpenCC's s2t changes but that are also standard Traditional characters in
# their own right (公里, 若干, 吃, 皇后, 臺/台, 面, 只, 才, 系 …): not evidence of a Simplified reply.
BOTH_SCRIPTS = frozenset("里干吃后台面只才系余松谷范云斗制咸卷表征周朴仆几折借向布困扎占伙板克秋采涂划合回杆注价"
                         "准出丑郁致姜适术凶蒙辟弥游沈症腊党家")


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def script_of(text: str) -> tuple[int, int]:
    """(Traditional-only characters, Simplified-only characters) in ``text``, character by character."""
    trad = simp = 0
    for ch in set(text or ""):
        if not _cjk(ch):
            continue
        if _T2S.convert(ch) != ch:
            trad += 1
        elif _S2T.convert(ch) != ch and ch not in BOTH_SCRIPTS:
            simp += 1
    return trad, simp


# Words that, just before a forbidden phrase, turn it round: "it is NOT safe to drive", "不可以继续开",
# "有没有未完成的召回" (whether there is one). A forbidden phrase counts only where none of these
# stands in the few characters before it (``--strict`` counts every occurrence).
NEGATORS_EN = ("not ", "n't ", "never ", "no longer ", "whether ", "if ")
NEGATORS_ZH = ("不", "别", "勿", "未", "否", "有")
STRICT = False


def says(answer: str, phrase: str) -> bool:
    """Whether the folded ``answer`` asserts the folded ``phrase`` (not inside a negation or a question)."""
    start = answer.find(phrase)
    while start != -1:
        before = answer[max(0, start - 12):start]
        negated = any(before.endswith(n) or f" {n}" in before[-(len(n) + 8):] for n in NEGATORS_EN) or \
            any(before[-2:].find(n) != -1 for n in NEGATORS_ZH)
        if STRICT or not negated:
            return True
        start = answer.find(phrase, start + 1)
    return False


# What a symptom answer must tell the driver first (any one, either script): without it the answer is
# harmful whatever else it says.
STOP_SAFELY = ("pull over", "stop", "safe place", "safely", "hazard", "roadside", "do not drive", "don't drive",
               "靠边", "停车", "停到安全", "安全的地方", "双闪", "救援", "不要继续驾驶", "不要驾驶")


def misses_safety_advice(reply: dict) -> bool:
    answer = fold(reply.get("answer") or "")
    return not any(fold(word) in answer for word in STOP_SAFELY)


def _asks_safety_advice(rubric: dict | None) -> bool:
    """Whether a turn's own rubric demands stop-safely advice (one must group offers it)."""
    for group in (rubric or {}).get("must") or []:
        alternatives = [group] if isinstance(group, str) else group
        if any(fold(word) in fold(alt) for alt in alternatives for word in STOP_SAFELY):
            return True
    return False


def symptom_turn(case: dict) -> int | None:
    """The turn where a symptom case's driver reports the symptom: the first, unless only a later
    turn's rubric asks for stop-safely advice ("Which recalls cover steering?" … "it's happening now")."""
    if "symptom" not in (case.get("tags") or []):
        return None
    turns = case.get("turns") or []
    asking = [i for i, t in enumerate(turns) if _asks_safety_advice(t.get("rubric"))]
    return asking[0] if asking and not _asks_safety_advice(turns[0].get("rubric")) else 0


def grade(reply: dict, rubric: dict) -> tuple[bool, bool, list[str]]:
    """(right, harmful, reasons it is wrong) for one answer against its rubric."""
    answer = fold(reply.get("answer") or "")
    why: list[str] = []
    harmful = False
    for group in rubric.get("must") or []:
        alternatives = [group] if isinstance(group, str) else group
        if not any(fold(alt) in answer for alt in alternatives):
            why.append(f"missing one of {alternatives}")
    for bad in rubric.get("must_not") or []:
        if says(answer, fold(bad)):
            why.append(f"says {bad!r}")
    for bad in rubric.get("harmful") or []:
        if says(answer, fold(bad)):
            why.append(f"HARMFUL: says {bad!r}")
            harmful = True
    expected = rubric.get("fallback")
    if expected is not None and bool(reply.get("fallback")) != bool(expected):
        why.append(f"fallback is {reply.get('fallback')}, expected {expected}")
    headline = reply.get("headline")
    allowed, forbidden = rubric.get("headline_in"), rubric.get("headline_not")
    allowed = [allowed] if isinstance(allowed, str) else allowed
    forbidden = [forbidden] if isinstance(forbidden, str) else forbidden
    if allowed and headline not in allowed:
        why.append(f"headline {headline!r} not in {allowed}")
    if forbidden and headline in forbidden:
        why.append(f"headline {headline!r} is forbidden")
        if headline == "clear":
            why[-1] = "HARMFUL: " + why[-1]
            harmful = True
    script = rubric.get("script")
    if script:
        trad, simp = script_of(reply.get("answer") or "")
        if script == "hant" and (not trad or simp):
            why.append(f"not Traditional ({trad} Traditional-only, {simp} Simplified-only characters)")
        if script == "hans" and trad:
            why.append(f"not Simplified ({trad} Traditional-only characters)")
    return not why, harmful, why


def load_cases(path: Path) -> list[dict]:
    """The file's cases, read as ``ota-portal eval-qa`` reads its own (a line that is not JSON names itself)."""
    from portal.chat.evaluate import load_cases as read_jsonl

    try:
        return read_jsonl(path)
    except ValueError as exc:
        raise SystemExit(str(exc)) from None


def open_client(instance: Path, rebuild: bool):
    """A test client of an app over a build of the shipped content, rules from the checkout."""
    from indexer.build import build
    from portal import create_app
    from portal.chat.engine import DEFAULT_QA_DIR
    from portal.chat.routes import EXTENSION_KEY
    from portal.chat.service import ChatService
    from portal.config import TestConfig
    from portal.instance import InstancePaths
    from portal.state import state

    paths = InstancePaths.from_env(instance)
    if rebuild and instance.exists():
        shutil.rmtree(instance)
    if not (instance / "current").exists():
        print(f"building the shipped content into {instance} (about two minutes)...", flush=True)
        build(REPO / "content", paths, None)
    from portal.db.migrate import migrate_runtime
    from portal.instance import runtime_database_url

    migrate_runtime(runtime_database_url(paths, None))  # as `ota-portal serve` does before any worker
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    config.update(PORTAL_INSTANCE=str(instance), DATABASE_URL=None, SEARCH_BACKEND="whoosh",
                  RATELIMIT_ENABLED=False)
    app = create_app(config)
    state(app).open()
    with app.app_context():
        app.extensions[EXTENSION_KEY] = ChatService(state(app), qa_dir=DEFAULT_QA_DIR)
    return app.test_client()


def ask(client, question: str, lang: str, vin: str | None, session: str | None) -> dict:
    body = {"question": question, "lang": lang}
    if vin:
        body["vin"] = vin
    if session:
        body["session"] = session
    response = client.post("/api/v1/ask", json=body)
    data = response.get_json(silent=True) or {}
    if response.status_code != 200:  # a refused VIN or question: graded as the error message it shows
        error = data.get("error") or {}
        return {"answer": error.get("message", f"HTTP {response.status_code}"), "fallback": False,
                "headline": None, "status": response.status_code, "session": session}
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))
    parser.add_argument("--instance", default=str(OUT / "blind-instance"))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--show", type=int, default=0, help="print the first N wrong turns with their answers")
    parser.add_argument("--group", help="only this group")
    parser.add_argument("--strict", action="store_true",
                        help="count a forbidden phrase also where a negation or a question stands just before it")
    args = parser.parse_args()
    global STRICT
    STRICT = args.strict
    path = Path(args.file)
    cases = load_cases(path)
    if args.group:
        cases = [c for c in cases if c.get("group") == args.group]
    OUT.mkdir(parents=True, exist_ok=True)
    client = open_client(Path(args.instance), args.rebuild)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    case_totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    harmful: list[dict] = []
    rows: list[dict] = []
    started = time.perf_counter()
    for case in cases:
        session, case_right, graded = None, True, False
        for index, turn in enumerate(case["turns"]):
            reply = ask(client, turn["question"], case.get("lang", "en"), turn.get("vin"), session)
            session = reply.get("session") or session
            rubric = turn.get("rubric")
            if rubric is None:
                continue
            graded = True
            right, bad, why = grade(reply, rubric)
            if index == symptom_turn(case) and misses_safety_advice(reply):
                bad, right = True, False
                why.append("HARMFUL: a symptom answered without telling the driver what to do now")
            group = case.get("group", "?")
            totals[group][0] += right
            totals[group][1] += 1
            case_right = case_right and right
            row = {"id": case["id"], "turn": index, "group": group, "question": turn["question"],
                   "vin": turn.get("vin"), "right": right, "harmful": bad, "why": why,
                   "intent": reply.get("intent"), "headline": reply.get("headline"), "script": reply.get("script"),
                   "fallback": reply.get("fallback"), "answer": reply.get("answer"),
                   "trace": [t for t in reply.get("trace") or [] if not t.endswith("applied") and ": score " not in t]}
            rows.append(row)
            if bad:
                harmful.append(row)
        if graded:
            case_totals[case.get("group", "?")][0] += case_right
            case_totals[case.get("group", "?")][1] += 1
    elapsed = time.perf_counter() - started
    all_right = sum(v[0] for v in totals.values())
    all_turns = sum(v[1] for v in totals.values())
    print(f"{path.name}: {len(cases)} cases, {all_turns} graded turns in {elapsed:.1f} s "
          f"({'strict' if STRICT else 'negation-aware'} forbidden phrases)")
    for group in sorted(totals):
        right, n = totals[group]
        cright, cn = case_totals[group]
        print(f"  {group:8s} {100 * right / n:5.1f}% right ({right}/{n} turns; cases {cright}/{cn})")
    print(f"  {'all':8s} {100 * all_right / max(all_turns, 1):5.1f}% right ({all_right}/{all_turns})")
    print(f"harmful: {len(harmful)}")
    for row in harmful:
        print(f"  {row['id']}#{row['turn']}: {row['question']!r}: {'; '.join(row['why'])}")
    wrong = [r for r in rows if not r["right"]]
    for row in wrong[:args.show]:
        print(f"\n--- {row['id']}#{row['turn']} [{row['intent']}, headline {row['headline']}] {row['question']!r}"
              f"{' vin ' + row['vin'] if row['vin'] else ''}\n  why: {'; '.join(row['why'])}\n  "
              + (row["answer"] or "").replace("\n", "\n  ")[:900])
    stem = path.stem
    with (OUT / f"blind-{stem}.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    summary = {"file": str(path), "turns": all_turns, "right": all_right,
               "groups": {g: {"right": v[0], "turns": v[1], "pct": round(100 * v[0] / v[1], 1)}
                          for g, v in sorted(totals.items())},
               "harmful": [f"{r['id']}#{r['turn']}" for r in harmful], "seconds": round(elapsed, 1)}
    (OUT / f"blind-{stem}-summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
