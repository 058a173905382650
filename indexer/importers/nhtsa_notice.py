"""The models and model years a campaign's own summary names.

NHTSA's vehicle rows reach the portal sampled: one dataset starts at model
year 2015, another keeps one row per campaign. The summary still says what the
campaign covers ("is recalling certain 2012-2023 Model S, 2016-2023 Model X,
2017-2023 Model 3, and 2020-2023 Model Y vehicles"), so a 2012 Model S must not
be told "no recalls". This module reads that list, and only that list:

* a year group ("2012-2018", "2019, 2021 and 2022", "model year 2021",
  "MY 2008") applies to the models that follow it, up to the next year group;
* a model is a name from :mod:`nhtsa_models` or from the campaign's own rows,
  longest first ("Grand Cherokee L" before "Grand Cherokee"); the words after
  it up to the next comma or "and" are its trim ("F-150 Super Cab" is an F-150);
* a make name switches the make ("2022 Ram 1500, 2500, 3500, Chrysler
  Voyager"); a make the portal does not hold ("Lexus", "Lincoln") switches
  to nothing, so its models are never credited to the campaign's make;
* a name not in the tables is taken only right after a make name
  ("2014 Ford Edge"), and is slugged like every other model name;
* the list ends at words that end a noun phrase ("equipped", "with",
  "which" ...), and production dates ("manufactured May 4, 2015, to May 23,
  2015") are removed first, so their years are never read as model years.

Nothing is widened: a model named without a year is not added, and no year is
added that the text does not state. Equipment campaigns (ids with E, T or C)
are not read: their text names the vehicles a part fits, not vehicles recalled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from portal.slugs import slugify

from .nhtsa_models import ALIASES, MODELS, OTHER_MAKES
from .nhtsa_names import model_name

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|{_MONTH},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})"
# "manufactured from May 4, 2015, to May 23, 2015" -> nothing; a lone date -> a list break.
_PRODUCTION_RE = re.compile(
    rf"\b(?:manufactured|built|produced|assembled)\s+(?:on\s+|from\s+|between\s+|beginning\s+|in\s+|since\s+)?"
    rf"{_DATE}(?:,?\s*(?:to|through|thru|and|until|-)\s*{_DATE})?,?",
    re.IGNORECASE,
)
_DATE_RE = re.compile(_DATE, re.IGNORECASE)
_PAREN_RE = re.compile(r"\([^()]*\)")
_SENTENCE_RE = re.compile(r"(?<=[A-Za-z0-9\"'])[.!?]\s+(?=[A-Z\"])")
_TOKEN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-/']*[A-Za-z0-9]|[A-Za-z0-9]|[,;&]")
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_YEAR_RE = re.compile(rf"^{_YEAR}$")
_RANGE_RE = re.compile(rf"^({_YEAR})-((?:19|20)?\d\d)$")

SEPARATORS = {",", ";", "&", "and", "or"}
# Words that end the list of vehicles ("... Model X vehicles equipped with ...").
ENDERS = {
    "equipped", "with", "without", "that", "which", "because", "due", "where", "when", "whose", "who", "may",
    "might", "can", "could", "is", "are", "were", "was", "has", "have", "had", "will", "would", "should", "for",
    "to", "the", "a", "an", "of", "on", "in", "from", "sold", "built", "produced", "manufactured", "assembled",
    "not", "excluding", "except", "previously", "under", "as", "recall", "recalls", "if", "but", "at", "by",
    "through", "during", "date", "part", "parts", "number", "numbers", "no", "standard",
}
# Words between a year group and its first model, or after a model, that carry no meaning here.
FILLERS = {"certain", "model", "models", "year", "years", "my", "all", "some", "one", "two", "vehicles", "vehicle",
           "sd", "super", "duty"}
_BODY_WORDS = {
    "vehicles", "vehicle", "trucks", "truck", "pickups", "pickup", "pick-up", "suvs", "suv", "cars", "car",
    "motorcycles", "motorcycle", "coupes", "coupe", "convertibles", "convertible", "sedans", "sedan", "hatchback",
    "hatchbacks", "wagons", "vans", "van", "chassis", "cabs", "buses",
}
MAX_DERIVED_WORDS = 3
# A word right after a base name that makes another model in NHTSA's lists ("Camry Hybrid", "Corolla
# Hatchback", "Cayenne E-Hybrid"): such a name is never shortened to its base.
POWERTRAIN_WORDS = {"hybrid", "e-hybrid", "hev", "phev", "plug-in", "electric", "ev", "hatchback", "prime", "4xe", "hv"}
_POWERTRAIN_SPELLINGS = (
    ("Plug-In Hybrid", ("PHEV", "Plug-in Hybrid", "Plug-In")),
    ("PHEV", ("Plug-In Hybrid", "Plug-in Hybrid")),
    ("Hybrid", ("HEV", "HV")),
    ("HEV", ("Hybrid", "HV")),
    ("EV", ("Electric",)),
    ("Electric", ("EV",)),
)


@dataclass
class NamedVehicle:
    """One model the text names, with the model years the text gives it."""

    make: str
    model: str  # slug
    name: str
    years: set[int] = field(default_factory=set)
    derived: bool = False  # the name was not in a table: taken right after a make name


class Vocabulary:
    """Model names per make (tables plus the campaign's own rows), matched on lower-case words."""

    def __init__(self, portal_makes: dict[str, str], listed: dict[tuple[str, str], str]):
        self.names: dict[str, dict[tuple[str, ...], str]] = {}
        for make, names in MODELS.items():
            for name in names:
                self._add(make, name)
        for (make, _slug), name in listed.items():
            self._add(make, name)
        for make, aliases in ALIASES.items():
            for written, canonical in aliases.items():
                self.names.setdefault(make, {})[_words(written)] = canonical
        self.lengths = {make: sorted({len(key) for key in table}, reverse=True) for make, table in self.names.items()}
        # Make names as words: the portal's makes (en name and slug spelling) and makes it does not hold.
        self.makes: dict[tuple[str, ...], str | None] = {_words(name): None for name in OTHER_MAKES}
        for slug, name in portal_makes.items():
            self.makes[_words(name)] = slug
            self.makes[_words(slug.replace("-", " "))] = slug
        self.make_lengths = sorted({len(key) for key in self.makes}, reverse=True)

    def _add(self, make: str, name: str) -> None:
        table = self.names.setdefault(make, {})
        for spelling in _spellings(name):
            table[_words(spelling)] = name

    def model_at(self, make: str | None, words: list[str], i: int) -> tuple[str, int] | None:
        table = self.names.get(make or "", {})
        for length in self.lengths.get(make or "", []):
            name = table.get(tuple(words[i:i + length]))
            if name is not None:
                return name, length
        return None

    def make_at(self, words: list[str], i: int) -> tuple[str | None, int] | None:
        for length in self.make_lengths:
            key = tuple(words[i:i + length])
            if key in self.makes:
                return self.makes[key], length
        return None


def named_vehicles(summary: str, campaign_make: str, vocabulary: Vocabulary) -> dict[tuple[str, str], NamedVehicle]:
    """Every (make, model) the summary names with model years, keyed by (make slug, model slug)."""
    found: dict[tuple[str, str], NamedVehicle] = {}
    for sentence in _sentences(summary):
        _read_sentence(sentence, campaign_make, vocabulary, found)
    return found


def _read_sentence(sentence: str, campaign_make: str, vocabulary: Vocabulary, found: dict) -> None:
    tokens = _TOKEN_RE.findall(sentence)
    words = [token.lower() for token in tokens]
    years: set[int] = set()
    make, active = campaign_make, False
    after_make = False  # the previous token was a make name
    stem: list[str] = []  # "Model" of the last "Model S", for "Model S and X"
    i = 0
    while i < len(words):
        group = _year_group(words, i)
        if group is not None:
            years, i = group
            make, after_make = campaign_make, False
            active = _starts_vehicle(words, i, make, vocabulary)
            continue
        made = vocabulary.make_at(words, i)
        if made is not None and vocabulary.model_at(make, words, i) is None:
            make, after_make = made[0], True
            i += made[1]
            continue
        model = vocabulary.model_at(make, words, i)
        if model is None and stem and words[i - 1] in SEPARATORS:
            elided = vocabulary.model_at(make, stem + words[i:i + 1], 0)
            if elided is not None and elided[1] == len(stem) + 1:
                model = (elided[0], 1)
        if model is not None:
            name, length = model
            end = _skip_trim(words, i + length, vocabulary)
            if i + length < end and words[i + length] in POWERTRAIN_WORDS and words[i + length - 1] not in POWERTRAIN_WORDS:
                # "Camry Hybrid", "Corolla Hatchback": another model in NHTSA's lists, never its base.
                last = i + length + (2 if words[i + length:i + length + 2] == ["plug-in", "hybrid"] else 1)
                name = model_name(" ".join(tokens[i:last]))
            if active and years:
                _record(found, make, name, years)
            stem = words[i:i + length - 1] if length > 1 else []
            after_make = False
            i = end
            continue
        word = words[i]
        if word in ENDERS:  # "date" among them: a production date left in the list
            active = False
        elif active and years and after_make and make in MODELS and word not in SEPARATORS | FILLERS:
            # A name the tables lack, right after a make name ("2014 Ford Edge"): slugged like any other.
            end = _skip_trim(words, i, vocabulary)
            name_words = [t for t, w in zip(tokens[i:end], words[i:end]) if w not in _BODY_WORDS]
            if 0 < len(name_words) <= MAX_DERIVED_WORDS and (tokens[i][0].isupper() or tokens[i][0].isdigit()):
                _record(found, make, model_name(" ".join(name_words)), years, derived=True)
            after_make = False
            i = max(end, i + 1)
            continue
        if word not in FILLERS:
            after_make = False
        i += 1


def _spellings(name: str) -> list[str]:
    """``Santa Fe Plug-In Hybrid`` is also written ``Santa Fe PHEV``; ``RAV4 Hybrid`` also ``RAV4 HV``."""
    found = [name]
    for long, shorts in _POWERTRAIN_SPELLINGS:
        if name.lower().endswith(" " + long.lower()):
            stem = name[: -len(long)]
            found += [stem + short for short in shorts]
    return found


def _record(found: dict, make: str, name: str, years: set[int], derived: bool = False) -> None:
    slug = slugify(name)
    entry = found.setdefault((make, slug), NamedVehicle(make, slug, name, derived=derived))
    entry.years |= years


def _skip_trim(words: list[str], i: int, vocabulary: Vocabulary) -> int:
    """Past the trim words after a model name: up to a separator, a year, a make or a list-ending word."""
    while i < len(words):
        word = words[i]
        if word in SEPARATORS or word in ENDERS or word == "date" or _year_group(words, i) is not None:
            break
        if vocabulary.make_at(words, i) is not None:
            break
        i += 1
    return i


def _starts_vehicle(words: list[str], i: int, make: str, vocabulary: Vocabulary) -> bool:
    """A year group is a model-year group only when a make or model follows it."""
    while i < len(words) and words[i] in ("certain", "model", "year", "years", "my"):
        if vocabulary.model_at(make, words, i) is not None:
            break
        i += 1
    return i < len(words) and (vocabulary.make_at(words, i) is not None or vocabulary.model_at(make, words, i) is not None)


def _year_group(words: list[str], i: int) -> tuple[set[int], int] | None:
    """``2012-2018``, ``2019, 2021 and 2022``, ``model year 2021``, ``2014 through 2016`` -> (years, next index)."""
    start = i
    while i < len(words) and (words[i] in ("model", "year", "years", "my") or (words[i] == "certain" and i == start)):
        if words[i] == "model" and not (i + 1 < len(words) and words[i + 1] in ("year", "years")):
            return None
        i += 1
    item = _year_item(words, i)
    if item is None:
        return None
    years, i = item
    while i < len(words):
        j = i
        if words[j] == ",":
            j += 1
        if j < len(words) and words[j] in ("and", "&"):
            j += 1
        if j == i:
            break
        more = _year_item(words, j)
        if more is None:
            break
        years |= more[0]
        i = more[1]
    return years, i


def _year_item(words: list[str], i: int) -> tuple[set[int], int] | None:
    if i >= len(words):
        return None
    word = words[i]
    match = _RANGE_RE.match(word)
    if match:
        first = int(match.group(1))
        last_text = match.group(2)
        last = int(last_text) if len(last_text) == 4 else first // 100 * 100 + int(last_text)
        return (set(range(first, last + 1)), i + 1) if first <= last <= first + 30 else None
    if _YEAR_RE.match(word):
        first = int(word)
        if i + 2 < len(words) and words[i + 1] in ("through", "thru", "to", "-") and _YEAR_RE.match(words[i + 2]):
            last = int(words[i + 2])
            if first <= last <= first + 30:
                return set(range(first, last + 1)), i + 3
        return {first}, i + 1
    return None


def _sentences(text: str) -> list[str]:
    text = " ".join((text or "").split()).replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(rf"({_YEAR})\s*-\s*((?:19|20)?\d\d)\b", r"\1-\2", text)
    for _ in range(2):  # nested parentheses, innermost first
        text = _PAREN_RE.sub(" ", text)
    text = _PRODUCTION_RE.sub(" ", text)
    text = _DATE_RE.sub(" DATE ", text)
    return [part for part in _SENTENCE_RE.split(text) if part.strip()]


def _words(name: str) -> tuple[str, ...]:
    return tuple(token.lower() for token in _TOKEN_RE.findall(name))
