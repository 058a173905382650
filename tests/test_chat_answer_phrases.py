"""No answer text contains a phrase that reads, out of context, as a clean record or as "drive on".

A sentence such as "this is not a clean record" or "继续驾驶前要先检查" is right in
full, but a reader who skims (or a check that matches words) takes "clean record"
or "继续驾驶" from it. So every text the assistant can send — the answers and
labels in ``content/qa/*/responses.yaml``, the VIN page's coverage wording it
quotes (``portal/vehicles/wording.py`` and its Chinese translation) — says the
same meaning without those phrases. Chinese is checked after Traditional ->
Simplified folding, so the Traditional replies are covered too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import opencc
import pytest
import yaml
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
_T2S = opencc.OpenCC("t2s")

# Phrases that, read alone, promise a clean record or tell a driver to carry on.
FORBIDDEN = (
    "no recalls", "no open recall", "recall-free", "rely on the camera", "clean record", "all clear", "nothing outstanding", "nothing to worry",
    "fully remedied", "fully up to date", "keep driving", "continue driving", "continue to drive",
    "carry on driving", "safe to drive", "fine to drive", "you can drive", "ignore it",
    "无召回", "没有召回", "没有未完成的召回", "没有未完成召回", "无未完成召回", "没有待处理的召回", "没有任何召回",
    "不存在召回", "召回都已完成", "召回均已完成", "全部已修复", "都已经修好", "已经全部修复", "继续驾驶", "继续开",
    "继续行驶", "接着开", "照常开", "正常开", "可以继续", "可以开", "可以放心", "可以正常行驶", "完全没问题",
    "不用担心", "没关系", "不用管", "问题不大", "没什么大碍", "照开", "冇未完成嘅召回", "放心揸", "继续揸", "照揸",
    "唔使理", "不要紧",
)


def _fold(text: str) -> str:
    return _T2S.convert(text).lower()


def _strings(node, where: str):
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{where}[{i}]")


def _answer_texts():
    for lang in ("en", "zh"):
        path = ROOT / "content" / "qa" / lang / "responses.yaml"
        yield from _strings(yaml.safe_load(path.read_text(encoding="utf-8")), f"{lang}/responses.yaml")
    wording = ROOT / "portal" / "vehicles" / "wording.py"
    msgids = set()
    for node in ast.walk(ast.parse(wording.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "ngettext") and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            msgids.add(node.args[0].value)
    yield from ((f"wording.py {m[:40]!r}", m) for m in msgids)
    with (ROOT / "translations" / "zh" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    for message in catalog:
        mid = message.id[0] if isinstance(message.id, tuple) else message.id
        if mid in msgids and message.string:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            yield from ((f"messages.po {mid[:40]!r}", s) for s in strings)


def test_the_sweep_reads_the_answer_texts():
    texts = [text for _, text in _answer_texts()]
    assert len(texts) > 300
    assert any("召回" in t for t in texts) and any("recall" in t for t in texts)


@pytest.mark.parametrize("phrase", FORBIDDEN)
def test_no_answer_text_contains_the_phrase(phrase):
    found = [where for where, text in _answer_texts() if _fold(phrase) in _fold(text)]
    assert not found, f"{phrase!r} in {found}"
