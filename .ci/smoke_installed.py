"""Smoke test of an installed portal (a wheel in a fresh virtualenv), run from outside the checkout.

Usage: python smoke_installed.py BASE_URL VIN
Fetches one page of every kind, in English and Chinese, and the JSON API; any
status other than the expected one, Chinese pages without Chinese interface
text, or an assistant answer that falls back (``fallback`` in the JSON, not
the wording) fails the run. Standard library only: the virtualenv holds the wheel alone.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.error
import urllib.request

BASE, VIN = sys.argv[1].rstrip("/"), sys.argv[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
failures = []


def fetch(path: str, body: dict | None = None) -> tuple[int, str]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def check(path: str, body: dict | None = None, status: int = 200) -> str:
    code, text = fetch(path, body)
    print(f"{code} {path}")
    if code != status:
        failures.append(f"{path}: {code} (expected {status}) {text[:200]}")
    return text


recalls = json.loads(check("/api/v1/recalls"))
recall_id = recalls["items"][0]["id"]
releases = json.loads(check("/api/v1/releases"))
release = releases["items"][0]
make, version = release["make"], release["version"]
detail = json.loads(check(f"/api/v1/releases/{make}/{version}"))
model = (detail.get("models") or [{}])[0].get("model") or (detail.get("models") or [{}])[0].get("slug")
pages = ["/", f"/vin/{VIN}", f"/vin/{VIN}/report", f"/recalls/{recall_id}", f"/releases/{make}/{version}",
         "/search?q=recall", "/ask", "/feeds/recalls.atom", "/stats", "/healthz"]
if model:
    pages.append(f"/models/{make}/{model}")
for page in pages:
    check(page)
for page in ("/", "/stats", "/search?q=recall", "/ask", f"/vin/{VIN}"):
    text = check(page + ("&" if "?" in page else "?") + "lang=zh")
    if not CJK.search(re.sub(r"<[^>]+>", "", text.split("<main", 1)[0])):
        failures.append(f"{page}?lang=zh: no Chinese interface text")
check(f"/api/v1/recalls/{recall_id}")
check(f"/api/v1/vehicles/{VIN}")
check("/api/v1/search?q=autosteer")
check("/api/v1/openapi.json")
answer = json.loads(check("/api/v1/ask", {"question": "What is an OTA recall?", "lang": "en"}))
if not answer.get("answer"):
    failures.append("/api/v1/ask: empty answer")
zh = json.loads(check("/api/v1/ask", {"question": "什么是OTA召回？", "lang": "zh"}))
if not CJK.search(zh.get("answer", "")):
    failures.append("/api/v1/ask in Chinese: no Chinese answer")
if zh.get("fallback") is not False:  # an answer in Chinese that says "I don't know" is not an answer
    failures.append(f"/api/v1/ask in Chinese: the question fell back (intent {zh.get('intent')!r})")
if answer.get("fallback") is not False:
    failures.append(f"/api/v1/ask in English: the question fell back (intent {answer.get('intent')!r})")
if failures:
    print("\n".join(["FAILED:"] + failures), file=sys.stderr)
    sys.exit(1)
print("installed portal: every page kind answered")
