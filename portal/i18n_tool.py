"""Translation catalogues: extract, update, compile and check.

Every page speaks English and Simplified Chinese. A string that is missing,
fuzzy or has lost a placeholder in ``zh`` shows a Chinese reader English text
or breaks the page at render time, so this module both maintains the
catalogues and refuses (``check``) when they have drifted from the code.

It drives Babel's Python API rather than the ``pybabel`` script so the result
is the same wherever it runs, and it only rewrites a file whose content
changed: running ``make translations`` twice leaves the tree untouched.

Layout (Flask-Babel reads the same folder): ``translations/messages.pot``
and ``translations/<locale>/LC_MESSAGES/messages.po`` are committed; the
compiled ``messages.mo`` beside each ``.po`` is built, never committed.

    python -m portal.i18n_tool extract|update|compile|check|all [--root DIR]
"""
from __future__ import annotations

import io
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

import click
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ("zh",)
# Flask-Babel's lazy forms are used at import time (form labels, constants).
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
}
COMMENT_TAGS = ("TRANSLATORS:",)
HEADER = (
    "# Translations template for the OTA Transparency Portal.\n"
    "# Generated from the code by `make translations`; do not edit by hand.\n#"
)
PO_HEADER = (
    "# {language} translations for the OTA Transparency Portal.\n"
    "# Translate here; `make translations` merges new strings from messages.pot.\n#"
)


def pot_path(root: Path) -> Path:
    return root / "translations" / "messages.pot"


def po_path(root: Path, locale: str) -> Path:
    return root / "translations" / locale / "LC_MESSAGES" / "messages.po"


def extract(root: Path = ROOT) -> Catalog:
    """Collect every translatable string under the paths named in babel.cfg."""
    root = Path(root).resolve()
    with open(root / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, filename=str(root / "babel.cfg"))
    # Only walk the top folders babel.cfg names, never .venv or instance/.
    tops = {pattern.split("/", 1)[0] for pattern, _ in method_map}
    walk_all = any("*" in top for top in tops)

    def wanted(dirpath: str) -> bool:
        path = Path(dirpath)
        if path.parent == root and not walk_all and path.name not in tops:
            return False
        return not path.name.startswith((".", "_"))  # .git, __pycache__

    catalog = Catalog(project="OTA Transparency Portal", version="1", header_comment=HEADER)
    for filename, lineno, message, comments, context in extract_from_dir(
        root, method_map, options_map, keywords=KEYWORDS, comment_tags=COMMENT_TAGS,
        strip_comment_tags=True, directory_filter=wanted,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def render(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=76, ignore_obsolete=True)
    return buf.getvalue()


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _signature(catalog: Catalog) -> dict:
    """What a template means, without dates, line numbers or flags Babel derives."""
    return {
        (m.id, m.context): (
            # python-format and the like follow from the msgid, and Babel
            # versions differ in which they write: comparing them adds nothing.
            frozenset(f for f in m.flags if f != "fuzzy" and not f.endswith("-format")),
            tuple(m.auto_comments),
            frozenset(filename for filename, _ in m.locations),
        )
        for m in catalog
        if m.id
    }


def _read(path: Path, locale: str | None = None) -> Catalog:
    with open(path, "rb") as fh:
        return read_po(fh, locale=locale)


def write_template(root: Path = ROOT) -> bool:
    """Write messages.pot from a fresh extraction; False when nothing changed."""
    fresh, path = extract(root), pot_path(root)
    if path.exists() and _signature(_read(path)) == _signature(fresh):
        return False
    return _write_if_changed(path, render(fresh))


def update(root: Path = ROOT, locale: str = "zh") -> bool:
    """Merge messages.pot into the locale's .po, creating it when missing."""
    template, path = _read(pot_path(root)), po_path(root, locale)
    if path.exists():
        catalog = _read(path, locale)
        catalog.update(template)
    else:
        language = Locale.parse(locale).english_name
        catalog = Catalog(
            locale=locale, project=template.project, version=template.version,
            header_comment=PO_HEADER.format(language=language),
            revision_date=datetime.now(timezone.utc), fuzzy=False,
        )
        catalog.update(template)
    return _write_if_changed(path, render(catalog))


def compile_catalogues(root: Path = ROOT) -> list[Path]:
    """Compile every committed .po to the .mo Flask-Babel loads; fuzzy entries stay English."""
    written = []
    for po in sorted((root / "translations").glob("*/LC_MESSAGES/messages.po")):
        buf = io.BytesIO()
        write_mo(buf, _read(po, po.parent.parent.name), use_fuzzy=False)
        mo = po.with_suffix(".mo")
        _write_if_changed(mo, buf.getvalue())
        written.append(mo)
    return written


# %(name)s / %s / %5.2f, and {name} / {0} / {} / {name!r:>10}; %% and {{ }} are literals.
_PERCENT = re.compile(r"%(?:\(\w+\))?[#0+-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?[diouxXeEfFgGcrsa]")
_BRACE = re.compile(r"\{(?:[A-Za-z_]\w*|\d*)(?:[.\[][^{}!:]*)?(?:![rsa])?(?::[^{}]*)?\}")


def placeholders(text: str) -> tuple[set[str], list[str]]:
    """(named placeholders, positional placeholders in order) found in text."""
    tokens = _PERCENT.findall(text.replace("%%", ""))
    tokens += _BRACE.findall(text.replace("{{", "").replace("}}", ""))
    named = {t for t in tokens if t.startswith("%(") or (t.startswith("{") and t[1] not in "}!:")}
    return named, [t for t in tokens if t not in named]


def placeholder_problems(msgid: str | tuple, msgstr: str | tuple) -> list[str]:
    """How msgstr fails to carry msgid's placeholders; [] when it does."""
    ids = msgid if isinstance(msgid, (tuple, list)) else (msgid,)
    strs = msgstr if isinstance(msgstr, (tuple, list)) else (msgstr,)
    wanted = set().union(*(placeholders(i)[0] for i in ids))
    problems = []
    for form in strs:
        named, positional = placeholders(form)
        for extra in sorted(named - wanted):
            problems.append(f"msgstr has {extra}, which msgid does not")
        if len(ids) == 1:
            for lost in sorted(wanted - named):
                problems.append(f"msgstr lost {lost}")
        if positional != placeholders(ids[-1])[1]:
            problems.append(f"positional placeholders {positional} should be {placeholders(ids[-1])[1]}")
    if len(ids) > 1:  # a plural form may drop the count, but together they keep all
        kept = set().union(*(placeholders(s)[0] for s in strs))
        problems += [f"msgstr lost {lost}" for lost in sorted(wanted - kept)]
    return problems


def _stale_problems(root: Path, fresh: Catalog) -> list[str]:
    path = pot_path(root)
    rel = path.relative_to(root)
    if not path.exists():
        return [f"{rel} is missing: run `make translations`"]
    old, new = _signature(_read(path)), _signature(fresh)
    problems = [f"{rel} lacks {key[0]!r}: run `make translations`" for key in new if key not in old]
    problems += [f"{rel} still has {key[0]!r}: run `make translations`" for key in old if key not in new]
    problems += [
        f"{rel} is out of date for {key[0]!r}: run `make translations`"
        for key in new
        if key in old and old[key] != new[key]
    ]
    return problems


def _locale_problems(root: Path, locale: str, template: Catalog) -> list[str]:
    path = po_path(root, locale)
    rel = path.relative_to(root)
    if not path.exists():
        return [f"{rel} is missing: run `make translations`"]
    catalog, problems = _read(path, locale), []
    for wanted in template:
        if not wanted.id:
            continue
        shown = wanted.id[0] if isinstance(wanted.id, tuple) else wanted.id
        message = catalog.get(wanted.id, wanted.context)
        strings = () if message is None else (
            message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        )
        if message is None:
            problems.append(f"{rel}: {shown!r} is not in the catalogue: run `make translations`")
        elif message.fuzzy:
            problems.append(f"{rel}: {shown!r} is fuzzy: check it, then drop the fuzzy flag")
        elif not strings or not all(strings):
            problems.append(f"{rel}: {shown!r} is untranslated")
        else:
            problems += [f"{rel}: {shown!r}: {p}" for p in placeholder_problems(message.id, message.string)]
    return problems


def check(root: Path = ROOT) -> list[str]:
    """Everything wrong with the committed catalogues; [] when all is well."""
    fresh = extract(root)
    problems = _stale_problems(root, fresh)
    for locale in LOCALES:
        problems += _locale_problems(root, locale, fresh)
    return problems


@click.group()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=ROOT,
              show_default=True, help="Repository root holding babel.cfg and translations/.")
@click.pass_context
def cli(ctx: click.Context, root: Path) -> None:
    """Maintain and check the translation catalogues."""
    ctx.obj = root.resolve()


@cli.command("extract")
@click.pass_obj
def extract_command(root: Path) -> None:
    """Write translations/messages.pot from the code and templates."""
    changed = write_template(root)
    click.echo(f"{'wrote' if changed else 'unchanged'} {pot_path(root).relative_to(root)}")


@cli.command("update")
@click.pass_obj
def update_command(root: Path) -> None:
    """Merge messages.pot into each locale's messages.po."""
    if not pot_path(root).exists():
        raise click.ClickException("translations/messages.pot is missing: run extract first")
    for locale in LOCALES:
        changed = update(root, locale)
        click.echo(f"{'wrote' if changed else 'unchanged'} {po_path(root, locale).relative_to(root)}")


@cli.command("compile")
@click.pass_obj
def compile_command(root: Path) -> None:
    """Compile each messages.po into the messages.mo Flask-Babel loads."""
    for mo in compile_catalogues(root):
        click.echo(f"compiled {mo.relative_to(root)}")


@cli.command("check")
@click.pass_obj
def check_command(root: Path) -> None:
    """Exit 1 listing every stale, missing, fuzzy or broken translation."""
    problems = check(root)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        click.echo(f"{len(problems)} translation problem(s); see above.", err=True)
        sys.exit(1)
    click.echo("translations are complete and up to date")


@cli.command("all")
@click.pass_context
def all_command(ctx: click.Context) -> None:
    """extract, then update, then compile."""
    for command in (extract_command, update_command, compile_command):
        ctx.invoke(command)


if __name__ == "__main__":
    cli()
