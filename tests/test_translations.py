"""The catalogues must match the code, and every zh string must be usable.

The first test runs `make lint-translations` on this repository, so a stale
messages.pot or a missing, fuzzy or placeholder-broken Chinese string fails
the suite. The rest run the Makefile's pybabel targets on a tiny project in a
temporary folder and pin down what the check catches.
"""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("translations_check", ROOT / "translations" / "check.py")
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)

STRINGS = '''\
from flask_babel import gettext as _, lazy_gettext as _l, ngettext

TITLE = _l("Recall %(recall_id)s")


def greeting(name, n):
    return _("Hello {name}", name=name) + ngettext("%(num)d car", "%(num)d cars", n)
'''
TEMPLATE = "<h1>{{ _('Open recalls') }}</h1>{% trans %}Search{% endtrans %}\n"
COMPLETE = {
    "Recall %(recall_id)s": "召回 %(recall_id)s",
    "Hello {name}": "你好，{name}",
    "%(num)d car": ("%(num)d 辆车",),
    "Open recalls": "未完成的召回",
    "Search": "搜索",
}
PO = "translations/zh/LC_MESSAGES/messages.po"


def make(target: str, root: Path = ROOT) -> subprocess.CompletedProcess:
    """Run a Makefile target in root with this interpreter's pybabel, never reinstalling."""
    return subprocess.run(
        ["make", "-s", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(root), target,
         "STAMP=", f"BIN={Path(sys.executable).parent}"],
        capture_output=True, text=True, check=False,
    )


def test_repository_catalogues_are_complete_and_current():
    result = make("lint-translations")
    if result.returncode:
        pytest.fail(f"Run `make translations`, then translate zh:\n{result.stdout}{result.stderr}", pytrace=False)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("made")
    shutil.copy(ROOT / "babel.cfg", root / "babel.cfg")
    (root / "portal" / "templates").mkdir(parents=True)
    (root / "translations").mkdir()
    shutil.copy(ROOT / "translations" / "check.py", root / "translations" / "check.py")
    (root / "portal" / "strings.py").write_text(STRINGS)
    (root / "portal" / "templates" / "page.html").write_text(TEMPLATE)
    result = make("translations", root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def project(made: Path, tmp_path: Path) -> Path:
    shutil.copytree(made, tmp_path / "project")
    return tmp_path / "project"


def translate(root: Path, strings: dict, fuzzy: frozenset = frozenset()) -> None:
    with open(root / PO, "rb") as fh:
        catalog = read_po(fh, locale="zh")
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in strings:
            message.string = strings[key]
            if key in fuzzy:
                message.flags.add("fuzzy")
    with open(root / PO, "wb") as fh:
        write_po(fh, catalog)


def problems(root: Path) -> list[str]:
    """The check against the committed template, which `make translations` just wrote fresh."""
    return check.problems(root / "translations" / "messages.pot", root)


def test_complete_catalogue_has_no_problems(project):
    translate(project, COMPLETE)
    assert problems(project) == []
    assert make("lint-translations", project).returncode == 0


def test_extraction_finds_python_lazy_plural_and_template_strings(made):
    with open(made / "translations" / "messages.pot", "rb") as fh:
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    assert ids == set(COMPLETE)


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        ("Recall %(recall_id)s", "召回", "lost %(recall_id)s"),
        ("Recall %(recall_id)s", "召回 %(id)s", "has %(id)s"),
        ("Recall %(recall_id)s", "召回 %(recall_id)d", "has %(recall_id)d"),
        ("Hello {name}", "你好", "lost {name}"),
        ("Hello {name}", "你好，{user}", "has {user}"),
    ],
)
def test_broken_placeholder_is_reported(project, msgid, msgstr, expected):
    translate(project, {**COMPLETE, msgid: msgstr})
    found = problems(project)
    assert len(found) >= 1
    assert all(msgid in p for p in found)
    assert any(expected in p for p in found)


def test_fuzzy_translation_is_reported(project):
    translate(project, COMPLETE, fuzzy=frozenset({"Search"}))
    assert problems(project) == [f"{PO}: 'Search' is fuzzy: check it, then drop the fuzzy flag"]


def test_untranslated_string_is_reported(project):
    translate(project, {k: v for k, v in COMPLETE.items() if k != "Open recalls"})
    assert problems(project) == [f"{PO}: 'Open recalls' is untranslated"]


def test_stale_template_fails_the_lint_and_make_translations_fixes_it(project):
    translate(project, COMPLETE)
    strings = project / "portal" / "strings.py"
    strings.write_text(strings.read_text() + '\nNEW = _("Remedy available")\n')
    result = make("lint-translations", project)
    assert result.returncode != 0
    assert "translations/messages.pot lacks 'Remedy available'" in result.stderr
    assert make("translations", project).returncode == 0
    assert problems(project) == [f"{PO}: 'Remedy available' is untranslated"]


def test_rerunning_or_moving_code_changes_no_catalogue(project):
    """No dates or line numbers in the files: branches that move code do not conflict on them."""
    translate(project, COMPLETE)
    before = {p: (project / p).read_bytes() for p in ("translations/messages.pot", PO)}
    strings = project / "portal" / "strings.py"
    strings.write_text("\n\n\n" + strings.read_text())
    assert make("translations", project).returncode == 0
    assert {p: (project / p).read_bytes() for p in before} == before


@pytest.mark.parametrize(
    ("msgid", "msgstr", "ok"),
    [
        ("100%% done", "完成 100%%", True),
        ("{{literal}} braces", "{{literal}} 括号", True),
        ("%s of %s", "%s / %s", True),
        ("%s of %d", "%d / %s", False),
        ("{0} of {1}", "{1} 中的 {0}", True),
        (("%(num)d car", "%(num)d cars"), ("%(num)d 辆车",), True),
        (("One car", "%(num)d cars"), ("一辆车", "%(num)d 辆车"), True),
        (("%(num)d car", "%(num)d cars"), ("车",), False),
    ],
)
def test_placeholder_rules(msgid, msgstr, ok):
    assert (check.placeholder_problems(msgid, msgstr) == []) is ok


def test_compiled_catalogue_is_what_babel_loads(project):
    translate(project, COMPLETE)
    assert make("compile-translations", project).returncode == 0
    translations = Translations.load(project / "translations", ["zh"])
    assert translations.gettext("Search") == "搜索"
    assert translations.ngettext("%(num)d car", "%(num)d cars", 3) % {"num": 3} == "3 辆车"
