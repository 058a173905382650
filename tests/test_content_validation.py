"""A broken content file is refused with its file and field named; nothing else is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.loader import load_content
from indexer.validation import ContentValidationError

SMALL = Path(__file__).parent / "data" / "content_small"
RECALL = "recalls/nhtsa/23V838000.md"
RELEASE = "releases/tesla/2023.44.md"


@pytest.fixture
def content(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(SMALL, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_fixture_content_is_valid():
    bundle = load_content(SMALL)
    assert "23V838000" in bundle.recalls and ("tesla", "2023.44") in bundle.releases


BROKEN = [
    (RECALL, "remedy_type: ota", "remedy_type: over-the-air", "remedy_type"),
    (RECALL, "market: US", "market: USA", "market"),
    (RECALL, "report_date: 2023-12-12", "report_date: 12/12/2023", "report_date"),
    (RECALL, "authority: NHTSA", "authority: DOT", "authority"),
    (RECALL, "make: tesla", "make: Tesla Motors", "make"),
    (RECALL, "park_it: false", "park_it: maybe", "park_it"),
    (RECALL, "remedy_type: ota", "remedy_type: other", "remedy_kind"),
    (RECALL, "remedy_type: ota", "remedy_type: ota\nremedy_kind: refund", "remedy_kind"),
    (RECALL, "remedy_type: ota", "remedy_type: other\nremedy_kind: voucher", "remedy_kind"),
    (RECALL, "authority: NHTSA", "authority: NHTSA\nrecall_type: equipment", "recall_type"),
    (RECALL, "  name: Model 3\n", "  name: Model 3\n  basis: rows\n", "vehicles[0].basis"),
    (RECALL, "  name: Model 3\n", "  name: Model 3\n  make: Tesla Inc\n", "vehicles[0].make"),
    (RELEASE, "category: defect_recall", "category: bugfix", "category"),
    (RELEASE, "make: tesla", "make: rivian", "make"),
    (RELEASE, "date_estimated: true", "date_estimated: true\nsurprise_field: 1", "surprise_field"),
    ("editorial/releases/tesla/2023.44.yaml", "- kind: added", "- kind: tweaked", "changes[0].kind"),
]


@pytest.mark.parametrize("relative, old, new, field", BROKEN)
def test_broken_field_is_named(content, relative, old, new, field):
    _edit(content / relative, old, new)
    with pytest.raises(ContentValidationError) as caught:
        load_content(content)
    messages = [str(error) for error in caught.value.errors]
    assert any(relative in m and f"field '{field}'" in m for m in messages), messages


def test_unparseable_front_matter_names_the_file_and_line(content):
    path = content / RECALL
    path.write_text(path.read_text(encoding="utf-8").replace("market: US", "market: [US"), encoding="utf-8")
    with pytest.raises(ContentValidationError) as caught:
        load_content(content)
    assert any(RECALL in str(e) and "line" in str(e) for e in caught.value.errors)


def test_duplicate_recall_id_is_refused(content):
    shutil.copy(content / RECALL, content / "recalls" / "samr" / "23V838000.md")
    with pytest.raises(ContentValidationError) as caught:
        load_content(content)
    assert any("duplicate id 23V838000" in str(e) for e in caught.value.errors)


def test_duplicate_make_is_refused(content):
    with (content / "makes.yaml").open("a", encoding="utf-8") as handle:
        handle.write("- {slug: tesla, en: Tesla again, zh: 特斯拉}\n")
    with pytest.raises(ContentValidationError) as caught:
        load_content(content)
    assert any("duplicate make tesla" in str(e) for e in caught.value.errors)


def test_editorial_file_for_unknown_record_is_refused(content):
    (content / "editorial" / "recalls" / "99V999000.yaml").write_text("title: {en: x, zh: 某}\n", encoding="utf-8")
    with pytest.raises(ContentValidationError) as caught:
        load_content(content)
    assert any("99V999000" in str(e) and "no recall" in str(e) for e in caught.value.errors)


def test_fleet_version_must_exist(content):
    with (content / "fleet" / "installs.csv").open("a", encoding="utf-8") as handle:
        handle.write("5YJ3E1EA2KF317000,2099.1.1,2024-02-01\n")
    with pytest.raises(ContentValidationError) as caught:
        load_content(content)
    assert any("2099.1.1" in str(e) and "no release" in str(e) for e in caught.value.errors)


def test_fleet_install_before_release_date_is_refused(content):
    with (content / "fleet" / "installs.csv").open("a", encoding="utf-8") as handle:
        handle.write("5YJYGDEE3LF000123,2024.2.3,2023-06-01\n")
    with pytest.raises(ContentValidationError) as caught:
        load_content(content)
    assert any("before the release date" in str(e) for e in caught.value.errors)


def test_remedy_version_links_recall_and_release():
    bundle = load_content(SMALL)
    release = bundle.releases[("tesla", "2023.44")]
    assert "24V153000" in release.remedies  # named by the recall's remedy text (2023.44.30.14)
    assert "23V838000" in release.remedies  # cited by the release notes
    assert release.category == "defect_recall"


def test_related_recalls_are_linked_both_ways():
    bundle = load_content(SMALL)
    assert "23V838000" in bundle.recalls["cn-2024-01-tesla-autosteer"].related
    assert "cn-2024-01-tesla-autosteer" in bundle.recalls["23V838000"].related


def test_a_model_year_has_one_basis(content):
    # The same Model 3 year once from the rows and again "from the notice text" is a contradiction.
    _edit(content / RECALL, "- model: model-3\n", "- model: model-3\n  name: Model 3\n  years: [2017]\n  basis: notice_text\n- model: model-3\n")
    with pytest.raises(ContentValidationError) as caught:
        load_content(content)
    assert any("field 'vehicles'" in str(e) and "listed twice" in str(e) for e in caught.value.errors)


def test_a_vehicle_of_an_unknown_make_is_refused(content):
    _edit(content / RECALL, "- model: model-3\n", "- make: lucid\n  model: air\n  name: Air\n  years: [2023]\n  basis: notice_text\n- model: model-3\n")
    with pytest.raises(ContentValidationError) as caught:
        load_content(content)
    assert any("unknown make 'lucid'" in str(e) for e in caught.value.errors)
