"""The catalogues must match the code, and every zh string must be usable.

The first test runs the same check as `make lint-translations` on this
repository, so a stale messages.pot or a missing, fuzzy or placeholder-broken
Chinese string fails the suite. The rest pin down what the check catches, on a
tiny project built in a temporary folder.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

from portal import i18n_tool

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


def test_repository_catalogues_are_complete_and_current():
    problems = i18n_tool.check(i18n_tool.ROOT)
    if problems:
        pytest.fail("\n".join(["Run `make translations`, then translate zh:", *problems]), pytrace=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "babel.cfg").write_text((i18n_tool.ROOT / "babel.cfg").read_text())
    (tmp_path / "portal" / "templates").mkdir(parents=True)
    (tmp_path / "portal" / "strings.py").write_text(STRINGS)
    (tmp_path / "portal" / "templates" / "page.html").write_text(TEMPLATE)
    i18n_tool.write_template(tmp_path)
    i18n_tool.update(tmp_path, "zh")
    return tmp_path


def translate(root: Path, strings: dict, fuzzy: frozenset = frozenset()) -> None:
    path = i18n_tool.po_path(root, "zh")
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale="zh")
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in strings:
            message.string = strings[key]
            if key in fuzzy:
                message.flags.add("fuzzy")
    with open(path, "wb") as fh:
        write_po(fh, catalog)


def test_complete_catalogue_has_no_problems(project):
    translate(project, COMPLETE)
    assert i18n_tool.check(project) == []


def test_extraction_finds_python_lazy_plural_and_template_strings(project):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in i18n_tool.extract(project) if m.id}
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
    problems = i18n_tool.check(project)
    assert len(problems) >= 1
    assert all(msgid in p for p in problems)
    assert any(expected in p for p in problems)


def test_fuzzy_translation_is_reported(project):
    translate(project, COMPLETE, fuzzy=frozenset({"Search"}))
    assert i18n_tool.check(project) == [
        "translations/zh/LC_MESSAGES/messages.po: 'Search' is fuzzy: check it, then drop the fuzzy flag"
    ]


def test_untranslated_string_is_reported(project):
    translate(project, {k: v for k, v in COMPLETE.items() if k != "Open recalls"})
    assert i18n_tool.check(project) == [
        "translations/zh/LC_MESSAGES/messages.po: 'Open recalls' is untranslated"
    ]


def test_stale_template_is_reported_and_fixed_by_extract(project):
    translate(project, COMPLETE)
    strings = project / "portal" / "strings.py"
    strings.write_text(strings.read_text() + '\nNEW = _("Remedy available")\n')
    problems = i18n_tool.check(project)
    assert any("messages.pot lacks 'Remedy available'" in p for p in problems)
    assert i18n_tool.write_template(project) is True
    assert i18n_tool.update(project, "zh") is True
    assert i18n_tool.check(project) == [
        "translations/zh/LC_MESSAGES/messages.po: 'Remedy available' is untranslated"
    ]


def test_rerunning_changes_nothing_when_code_is_unchanged(project):
    assert i18n_tool.write_template(project) is False
    assert i18n_tool.update(project, "zh") is False


@pytest.mark.parametrize(
    ("msgid", "msgstr", "ok"),
    [
        ("100%% done", "完成 100%%", True),
        ("{{literal}} braces", "{{literal}} 括号", True),
        ("%s of %s", "%s / %s", True),
        ("%s of %d", "%d / %s", False),
        (("%(num)d car", "%(num)d cars"), ("%(num)d 辆车",), True),
        (("One car", "%(num)d cars"), ("一辆车", "%(num)d 辆车"), True),
        (("%(num)d car", "%(num)d cars"), ("车",), False),
    ],
)
def test_placeholder_rules(msgid, msgstr, ok):
    assert (i18n_tool.placeholder_problems(msgid, msgstr) == []) is ok


def test_compiled_catalogue_is_what_babel_loads(project):
    translate(project, COMPLETE)
    [mo] = i18n_tool.compile_catalogues(project)
    assert mo == i18n_tool.po_path(project, "zh").with_suffix(".mo")
    translations = Translations.load(project / "translations", ["zh"])
    assert translations.gettext("Search") == "搜索"
    assert translations.ngettext("%(num)d car", "%(num)d cars", 3) % {"num": 3} == "3 辆车"
