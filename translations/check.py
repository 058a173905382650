"""Refuse catalogues that have drifted from the code: `make lint-translations`.

pybabel extracts, merges and compiles, but nothing in it fails when a Chinese
string is missing, fuzzy or has lost a placeholder; any of those shows a
Chinese reader English text or breaks a page when it renders.

    python translations/check.py FRESH.pot   (FRESH.pot: a new `pybabel extract`)
"""
import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po

HERE = Path(__file__).resolve().parent
# %(name)s, %s, %5.2f and {name}, {0}, {}, {name!r:>10}; %% and {{ }} are literals.
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[#0+ -]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]"
                         r"|\{(?:\w*)(?:[.\[][^{}!:]*)?(?:![rsa])?(?::[^{}]*)?\}")


def placeholders(text):
    """(named placeholders, positional ones in order) in text."""
    found = PLACEHOLDER.findall(text.replace("%%", "").replace("{{", "").replace("}}", ""))
    named = {p for p in found if p.startswith("%(") or re.match(r"\{[^}!:]", p)}  # {0} may move
    return named, [p for p in found if p not in named]


def placeholder_problems(msgid, msgstr):
    """How msgstr fails to carry msgid's placeholders; a plural form may drop the count."""
    ids, strs = (msgid if isinstance(msgid, tuple) else (msgid,)), (msgstr if isinstance(msgstr, tuple) else (msgstr,))
    wanted = set().union(*(placeholders(i)[0] for i in ids))
    problems = [f"msgstr has {p}, which msgid does not" for s in strs for p in sorted(placeholders(s)[0] - wanted)]
    problems += [f"msgstr lost {p}" for p in sorted(wanted - set().union(*(placeholders(s)[0] for s in strs)))]
    if any(placeholders(s)[1] != placeholders(ids[-1])[1] for s in strs):
        problems.append(f"positional placeholders should be {placeholders(ids[-1])[1]}")
    return problems


def _read(path, locale=None):
    with open(path, "rb") as fh:
        return read_po(fh, locale=locale)


def _key(catalog):
    """What each entry means: its files and comments, not the flags Babel versions derive."""
    return {(m.id, m.context): ({f for f, _ in m.locations}, tuple(m.auto_comments)) for m in catalog if m.id}


def problems(fresh_pot, root=HERE.parent, locales=("zh",)):
    """Everything wrong with root's committed catalogues against a fresh extraction; [] when all is well."""
    fresh, pot = _read(fresh_pot), root / "translations" / "messages.pot"
    old = _key(_read(pot)) if pot.exists() else {}
    new, stale = _key(fresh), "translations/messages.pot {} {!r}: run `make translations`"
    found = [stale.format("lacks", k[0]) for k in new if k not in old]
    found += [stale.format("still has", k[0]) for k in old if k not in new]
    found += [stale.format("is out of date for", k[0]) for k in new if k in old and old[k] != new[k]]
    for locale in locales:
        rel = f"translations/{locale}/LC_MESSAGES/messages.po"
        if not (root / rel).exists():
            found.append(f"{rel} is missing: run `make translations`")
            continue
        catalog = _read(root / rel, locale)
        for wanted in (m for m in fresh if m.id):
            message, shown = catalog.get(wanted.id, wanted.context), wanted.id
            shown = shown[0] if isinstance(shown, tuple) else shown
            strings = message.string if message is not None else ()
            strings = strings if isinstance(strings, tuple) else (strings,)
            if message is None:
                found.append(f"{rel}: {shown!r} is not in the catalogue: run `make translations`")
            elif message.fuzzy:
                found.append(f"{rel}: {shown!r} is fuzzy: check it, then drop the fuzzy flag")
            elif not all(strings):
                found.append(f"{rel}: {shown!r} is untranslated")
            else:
                found += [f"{rel}: {shown!r}: {p}" for p in placeholder_problems(message.id, message.string)]
    return found


if __name__ == "__main__":
    found = problems(sys.argv[1], Path.cwd())
    print("\n".join(found) or "translations are complete and up to date", file=sys.stderr if found else sys.stdout)
    sys.exit(f"{len(found)} translation problem(s); see above." if found else 0)
