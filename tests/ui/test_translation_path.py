"""One translation path: every text the UI shows goes through Qt's translator, tables of labels
included, and no code in ``agent_app/ui`` branches on the language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent_app.ui.i18n import install_translator, remove_translators, translate, vocab_text
from sync.domain.vocab import LABELS

UI = Path(__file__).resolve().parents[2] / "agent_app" / "ui"
# ``lang == "en"``, ``self._lang != "vi"``, ``"en" if ... `` compared against a language code.
BRANCH = re.compile(r"""\b_?lang\s*[!=]=|[!=]=\s*["'](?:en|vi)["']|["'](?:en|vi)["']\s*[!=]=""")


@pytest.fixture
def vi(qapp: Any) -> Iterator[None]:
    translators = install_translator(qapp, "vi")
    yield
    remove_translators(qapp, translators)


def test_no_language_branches_in_ui() -> None:
    found = [
        f"{path.relative_to(UI)}:{number}: {line.strip()}"
        for path in sorted(UI.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BRANCH.search(line)
    ]
    assert found == [], "the UI branches on the language; put the text through tr():\n" + "\n".join(
        found
    )


def test_the_check_catches_a_branch() -> None:
    assert BRANCH.search('    return en if lang == "en" else vi')
    assert BRANCH.search("if self._lang != 'vi':")
    assert not BRANCH.search("self.lang = lang")


def test_vocab_labels_come_from_the_catalogue(vi: None) -> None:
    for value, (vietnamese, _english) in LABELS.items():
        assert vocab_text(value) == vietnamese, value
    assert vocab_text("no_such_value") == "no_such_value"


def test_vocab_labels_are_english_without_a_translator(qapp: Any) -> None:
    assert vocab_text("male") == "Male"
    assert vocab_text("near_poor") == "Near-poor household"


def test_refusal_reasons_show_the_sentence_they_store(vi: None) -> None:
    from agent_app.ui.household.visit_form import REFUSAL_REASONS

    for stored, source in REFUSAL_REASONS:
        assert translate("RefusalReasons", source) == stored


def test_tables_of_labels_are_translated(vi: None) -> None:
    from agent_app.ui.events.events import event_type_label
    from agent_app.ui.household.household import insurance_text
    from agent_app.ui.household.households import status_text
    from agent_app.ui.money.receipt_paper import text as receipt_text
    from agent_app.ui.money.report_pdf import text as report_text

    assert event_type_label("launch") == "Lễ phát động"
    assert insurance_text(None) == "Chưa tham gia"
    assert insurance_text("covered_elsewhere") == "Đã có BHYT nơi khác"
    assert status_text("new") == "Chưa thăm"
    assert receipt_text("payer") == "Họ tên người nộp tiền"
    assert receipt_text("payer_sign") == "Người nộp tiền"
    assert report_text("day_title") == "BÁO CÁO CHỐT SỔ CUỐI NGÀY"


def test_tables_of_labels_are_english_without_a_translator(qapp: Any) -> None:
    from agent_app.ui.events.events import event_type_label
    from agent_app.ui.household.household import insurance_text

    assert event_type_label("launch") == "Launch rally"
    assert insurance_text("both") == "Voluntary SI + household HI"
