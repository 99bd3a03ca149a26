"""The one base dialog of record forms: every form stands on it, a save announces what changed
by itself, a refusal lands beside its field, and closing keeps the last edits as a draft."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from agent_app.services import Changed
from agent_app.ui.enroll.enroll_health import HouseholdHealthDialog
from agent_app.ui.enroll.enroll_voluntary import VoluntaryEnrollmentDialog
from agent_app.ui.events.events import EventDialog
from agent_app.ui.household.household_form import HouseholdDialog, MemberDialog
from agent_app.ui.household.visit_form import VisitDialog
from agent_app.ui.widgets.record_form import EnrollmentForm, RecordForm

HOUSEHOLD = {"commune_code": "31027", "address": "Ấp Minh Hoà", "head_name": "Nguyễn Văn Ánh"}
HEAD = {
    "full_name": "Nguyễn Văn Ánh",
    "date_of_birth": "1985-03-02",
    "sex": "male",
    "relationship": "head",
}


def test_every_record_form_stands_on_the_base_dialog() -> None:
    for form in (HouseholdDialog, MemberDialog, VisitDialog, EventDialog):
        assert issubclass(form, RecordForm), form
    for form in (VoluntaryEnrollmentDialog, HouseholdHealthDialog):
        assert issubclass(form, EnrollmentForm), form


def test_a_saved_event_tells_every_screen_without_a_hand_written_notify(
    qtbot: Any, ctx: Any, db: Any
) -> None:
    heard: list[Changed] = []
    ctx.changed.connect(heard.append)
    dialog = EventDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.commune.setCurrentIndex(dialog.commune.findData("31027"))
    dialog.type.setCurrentIndex(dialog.type.findData("launch"))
    qtbot.keyClicks(dialog.held_on.edit, "20/11/2026")
    qtbot.keyClicks(dialog.attendees, "12")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    changed = saved.args[0]
    assert heard == [changed]  # announced once, before the form said it saved
    assert "event" in changed.kinds
    (event,) = db(ctx.workspace.events.all)
    assert changed.primary == event.id
    assert not dialog.isVisible()


def test_a_refused_save_shows_the_error_beside_its_field_and_saves_again(
    qtbot: Any, ctx: Any, db: Any
) -> None:
    changed = db(ctx.workspace.households.register, HOUSEHOLD, [HEAD])
    dialog = VisitDialog(ctx, changed.primary)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_outcome("interested")
    heard: list[Changed] = []
    ctx.changed.connect(heard.append)
    # The household is gone by the time Save is pressed: the workspace refuses.
    dialog.household_id = "00000000-0000-4000-8000-00000000dead"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled() and ctx.tasks.pending == 0)
    assert heard == []  # nothing changed, nothing announced
    assert dialog.isVisible()


def test_closing_keeps_the_last_edits_as_a_draft(qtbot: Any, ctx: Any, db: Any) -> None:
    changed = db(ctx.workspace.households.register, HOUSEHOLD, [HEAD])
    dialog = VisitDialog(ctx, changed.primary)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_outcome("refused")
    dialog.outcome.idClicked.emit(dialog.outcome.checkedId())  # an edit: autosave pending
    assert dialog.draft is not None
    assert dialog.draft.pending
    dialog.reject()  # closed before the autosave fired: flushed, not lost
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0)
    draft = db(ctx.workspace.drafts.load, "visit", changed.primary)
    assert draft is not None
    assert draft["outcome"] == "refused"
