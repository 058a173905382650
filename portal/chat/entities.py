"""Find the things a question is about: VIN, recall id, software version, make, model.

Owners write recall ids the way they saw them (``23V-838``, ``s2025m0149i``)
and model names the way they say them ("model3", "小米SU7"), so each entity is
a regular expression plus a canonical form. Make and model names come from
the database (makes/models tables) plus ``content/qa/aliases.yaml`` for the
nicknames and other-script names the tables do not hold.

Lookarounds use ASCII letters and digits only: Chinese characters count as
word characters for ``\\b``, which would hide "召回23V838" from a ``\\b`` pattern.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from portal.chat.facts import CatalogueEntry
from portal.chat.normalise import normalise
from portal.recall_ids import WRITTEN_ID_PATTERNS, normalise_recall_id
from portal.vehicles.wmi import lookup_wmi
from portal.versions import SCHEMES
from portal.yaml_text import safe_load

_L, _R = r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])"
VIN_RE = re.compile(_L + r"([A-HJ-NPR-Z0-9]{17})" + _R, re.I)
RECALL_ID_RES = {code: re.compile(_L + pattern + _R) for code, pattern in WRITTEN_ID_PATTERNS.items()}
NHTSA_RE, SAMR_RE = RECALL_ID_RES["NHTSA"], RECALL_ID_RES["SAMR"]
# Year-style versions (2023.44.30.14, 2024.2) or three-part semantic ones (1.10.0).
VERSION_RE = re.compile(r"(?<![A-Za-z0-9_.])v?(20\d{2}\.\d{1,2}(?:\.\d{1,3}){0,3}|\d{1,2}\.\d{1,3}\.\d{1,3}(?:\.\d{1,3})?)(?!\.?\d)", re.I)


# A maker's own recall campaign number, as Ford writes it ("22S41", "25C69"): not an NHTSA or SAMR id.
MAKER_CAMPAIGN_RE = re.compile(r"(?<![A-Za-z0-9])(\d{2}[SCE]\d{2})(?![A-Za-z0-9])", re.I)


# A software line's name right before a version number ("Aspen 3.5.2", "Alder 2.1.0"): the lines makers run at once.
LINE_BEFORE_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(sorted({line for scheme in SCHEMES.values() for line in scheme.lines
                                                                    if len(line) > 3}, key=len, reverse=True))
                            + r")[\s-]*v?$", re.I)

# A version named by its system, with two parts only ("HyperOS 1.9", "澎湃OS 1.10").
OS_VERSION_RE = re.compile(r"(?:hyper\s?os|澎湃\s?os|xiaomi\s?os)\s*v?(\d{1,2})\.(\d{1,3})(?:\.(\d{1,3}))?(?![.\d])", re.I)

_COMMON_WORDS = frozenset({"models"})

# A model year beside a car: "2019 escape", "escape 2019", "2020款", "2021年款". Not a date ("recalls in 2024",
# "2024年召回") and not part of a version (2019.40.1).
_MODEL_YEAR_RES = (
    re.compile(r"(?<![\d.])(19[89]\d|20[0-3]\d)\s*(?:年款|款|年份|年式|年的|年产|年出厂|model year|my(?![a-z]))"),
    re.compile(r"(?:model year|\bmy)\s*(19[89]\d|20[0-3]\d)(?![\d.])"),
    re.compile(r"(?<![\d.])(?<!in )(?<!since )(?<!during )(?<!from )(?<!after )(?<!before )(?<!until )(?<!by )(?<!of )"
               r"(?<!between )(?<!and )(?<!to )(?<!at )(?<!on )(19[89]\d|20[0-3]\d)(?![\d.年月日])"),
)


def _first_year(regexes: tuple[re.Pattern, ...], text: str) -> int | None:
    """The year the first of ``regexes`` to match the normalised text captures."""
    norm = normalise(text or "")
    for regex in regexes:
        match = regex.search(norm)
        if match:
            return int(match.group(1))
    return None


def model_year_said(text: str) -> int | None:
    """The model year a question gives its car, when it gives one."""
    return _first_year(_MODEL_YEAR_RES, text)


# The year recalls were issued, asked for as such: "how many recalls did Tesla have in 2023", "recalls in 2024",
# "2024年有几次召回", "2023年的召回". Not the year a car was bought ("I bought it in 2021") or built.
_RECALL_YEAR_RES = (
    re.compile(r"recalls?\b[^.?!]{0,25}?\b(?:in|during|for|of)\s+(19[89]\d|20[0-3]\d)(?![\d.])"),
    re.compile(r"(?:how many|number of|count of)\b[^.?!]{0,40}?\b(?:in|during|for)\s+(19[89]\d|20[0-3]\d)(?![\d.])"),
    re.compile(r"\b(?:in\s+)?(19[89]\d|20[0-3]\d)(?:'s)?\s+(?:ota\s+)?recalls\b"),
    re.compile(r"(?<![\d.])(19[89]\d|20[0-3]\d)\s*年(?!款|份|式|产|出厂|买|购|提)[^，。？！,.?!]{0,8}?召回"),
    re.compile(r"召回[^，。？！,.?!]{0,12}?(19[89]\d|20[0-3]\d)\s*年(?!款|产|出厂)"),
)


def recall_year_said(text: str) -> int | None:
    """The calendar year whose recalls a question asks for, when it asks for one (never a model year)."""
    return _first_year(_RECALL_YEAR_RES, text)


@dataclass(frozen=True)
class Alias:
    make: str
    model: str | None


# Something meant as a VIN that is not one: 14 to 19 letters and digits (letters O, I, Q included).
VIN_LIKE_RE = re.compile(_L + r"([A-Za-z0-9]{14,19})" + _R)


_TOKEN = re.compile(r"[A-Za-z0-9]+")


def _spaced_vin(raw: str) -> tuple[str, str] | None:
    """A VIN typed in 2 to 6 groups joined by single spaces or dashes: (VIN, the text it was typed as)."""
    tokens = list(_TOKEN.finditer(raw))
    for start in range(len(tokens)):
        joined = tokens[start].group(0)
        for end in range(start + 1, min(start + 6, len(tokens))):
            gap = raw[tokens[end - 1].end():tokens[end].start()]
            if gap not in (" ", "-"):
                break
            joined += tokens[end].group(0)
            if len(joined) > 17:
                break
            if len(joined) == 17 and VIN_RE.fullmatch(joined) and _is_vin(joined) \
                    and sum(c.isdigit() for c in joined) >= 5 and lookup_wmi(joined.upper()) is not None:
                # A known maker code: "call 555 1234 5678 90" is a phone number, not a VIN.
                return joined.upper(), raw[tokens[start].start():tokens[end].end()]
    return None


def _vin_like(candidate: str) -> bool:
    digits = sum(c.isdigit() for c in candidate)
    return digits >= 3 and len(candidate) - digits >= 2


def _is_vin(candidate: str) -> bool:
    # Seventeen letters alone is a word, not a VIN; seventeen digits is a number.
    return any(c.isdigit() for c in candidate) and any(c.isalpha() for c in candidate)


def _bounded(name: str, plural: bool = False) -> str:
    """A name's pattern: a Latin letter or digit at its edge must not touch another ("model 3" is not in
    "model 30"); a Chinese edge needs no boundary ("特斯拉2024年的召回" names Tesla). ``plural``: a make's
    plural ("we sell Mazdas") names it too, the match being the name alone."""
    left = r"(?<![a-z0-9])" if name[:1].isascii() else ""
    right = (r"(?=s?(?![a-z0-9]))" if plural and name[-1:].isalnum() else r"(?![a-z0-9])") if name[-1:].isascii() else ""
    return left + re.escape(name) + right


class EntityFinder:
    """Extracts entities from raw question text (see :meth:`find`)."""

    def __init__(self, catalogue: list[CatalogueEntry] | None = None, aliases_path: Path | None = None):
        self._names: dict[str, Alias] = {}
        for entry in catalogue or []:
            for name in entry.names:
                self._add(name, Alias(entry.make, entry.model))
        self._other: dict[str, tuple[str, str]] = {}  # a make the portal holds no data for -> (en, zh) name
        if aliases_path is not None and aliases_path.exists():
            self._load_aliases(aliases_path)
        others = sorted(self._other, key=len, reverse=True)
        self._other_re = re.compile("(" + ("|".join(_bounded(n, plural=True) for n in others) or r"(?!x)x") + ")")
        # Longest names first so that "model 3 highland" beats "model 3".
        names = sorted(self._names, key=len, reverse=True)
        # "the Kias", "IONIQ 5s and EV6s": a held make or model in the plural names it too.
        pattern = "|".join(_bounded(n, plural=True) for n in names) or r"(?!x)x"
        self._name_re = re.compile(f"({pattern})")

    def _add(self, name: str, alias: Alias) -> None:
        key = normalise(name)
        # One- and two-letter names ("s", "x") would fire on ordinary text.
        if len(key) >= 3 or (key and not key.isascii()):
            self._names.setdefault(key, alias)
            self._names.setdefault(key.replace("-", " "), alias)
            squeezed = key.replace("-", "").replace(" ", "")
            if squeezed not in _COMMON_WORDS:  # "model s" -> "models" would fire on plain English
                self._names.setdefault(squeezed, alias)

    def _load_aliases(self, path: Path) -> None:
        data = safe_load(path.read_text(encoding="utf-8")) or {}
        for name, make in (data.get("makes") or {}).items():
            self._add(str(name), Alias(str(make), None))
        for name, target in (data.get("uncovered_makes") or {}).items():
            if not (isinstance(target, list) and len(target) == 2):
                raise ValueError(f"{path}: uncovered_makes.{name}: expected [English name, Chinese name]")
            self._other[normalise(str(name))] = (str(target[0]), str(target[1]))
        for name, target in (data.get("models") or {}).items():
            if not (isinstance(target, list) and len(target) == 2):
                raise ValueError(f"{path}: models.{name}: expected [make, model]")
            self._add(str(name), Alias(str(target[0]), str(target[1])))

    def find(self, text: str) -> dict[str, str]:
        entities: dict[str, str] = {}
        raw = unicodedata.normalize("NFKC", text or "")  # "５ＹＪ３…" typed full-width is a VIN
        for match in VIN_RE.finditer(raw):
            if _is_vin(match.group(1)):
                entities["vin"] = match.group(1).upper()
                raw = raw.replace(match.group(0), " ")
                break
        if "vin" not in entities:
            found = _spaced_vin(raw)
            if found:
                entities["vin"], span = found
                raw = raw.replace(span, " ")
        if "vin" not in entities:
            for match in VIN_LIKE_RE.finditer(raw):
                if _vin_like(match.group(1)) and not any(regex.fullmatch(match.group(1))
                                                         for regex in RECALL_ID_RES.values()):
                    entities["bad_vin"] = match.group(1).upper()
                    raw = raw.replace(match.group(0), " ")
                    break
        # The id written first, whichever authority's it is.
        match = min((m for regex in RECALL_ID_RES.values() if (m := regex.search(raw))), key=lambda m: m.start(),
                    default=None)
        if match:
            entities["recall_id"] = normalise_recall_id(match.group(0))
            raw = raw.replace(match.group(0), " ")
        match = VERSION_RE.search(raw)
        if match:
            entities["version"] = match.group(1)
            line = LINE_BEFORE_RE.search(raw[:match.start()])
            if line:
                # "我现在版本是Aspen 3.5.2": a make's software line named before the number is part of the version.
                entities["version"] = f"{line.group(1).capitalize()} {match.group(1)}"
        else:
            named = OS_VERSION_RE.search(raw)
            if named:
                # "HyperOS 1.9" is 1.9.x: as 1.9.0 it compares the same way with a three-part remedy version.
                entities["version"] = f"{named.group(1)}.{named.group(2)}.{named.group(3) or 0}"
        norm = normalise(raw)
        other = self._other_re.search(norm)
        if other:
            # "广汽本田", "理想L9": a make the portal holds nothing for; its name is no covered make's.
            entities["other_make"] = other.group(1)
            norm = norm.replace(other.group(1), " ")
        self._find_names(norm, entities)
        return entities

    def other_make_name(self, key: str, lang: str) -> str:
        """The display name of a make the portal does not cover, in the answer's language."""
        en, zh = self._other.get(key, (key, key))
        return zh if lang == "zh" else en

    def models(self, text: str) -> list[tuple[str, str]]:
        """Every (make, model) the text names, in order ("a Mach-E and an F-150")."""
        out: list[tuple[str, str]] = []
        for match in self._name_re.finditer(normalise(text or "")):
            alias = self._names[match.group(1)]
            if alias.model and (alias.make, alias.model) not in out:
                out.append((alias.make, alias.model))
        return out

    def makes(self, text: str) -> list[str]:
        """Every make the text names, by itself or through a model, in order ("Hyundai IONIQ 5s and Kia EV6s")."""
        out: list[str] = []
        for match in self._name_re.finditer(normalise(text or "")):
            make = self._names[match.group(1)].make
            if make not in out:
                out.append(make)
        return out

    def _find_names(self, norm: str, entities: dict[str, str]) -> None:
        for match in self._name_re.finditer(norm):
            alias = self._names[match.group(1)]
            if alias.model and "model" not in entities:
                entities["model"] = alias.model
                entities.setdefault("make", alias.make)
            elif "make" not in entities:
                entities["make"] = alias.make
