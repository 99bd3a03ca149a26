"""No silent corrections: a date is typed as dd/mm/yyyy (or picked on the calendar), a wrong one
is refused beside its field; an event's counts are checked against each other (never more
leads or sign-ups than attendees), the limit said in the field, nothing clamped."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication

from agent_app.ui.events.events import EventDialog
from agent_app.ui.household.household_form import MemberDialog
from agent_app.ui.widgets.fields import DateField, parse_typed_date

HOUSEHOLD = {"head_name": "Phạm Thị Lan", "commune_code": "31027", "address": "Ấp 3"}


def test_typed_dates_are_read_day_first():
    assert parse_typed_date("15/03/1985") == date(1985, 3, 15)
    assert parse_typed_date("5-3-1985") == date(1985, 3, 5)
    assert parse_typed_date("15031985") == date(1985, 3, 15)
    assert parse_typed_date("31/02/1985") is None  # no such day: refused, not moved to March
    assert parse_typed_date("15/03/85") is None  # a two-digit year is not guessed


def test_digits_typed_into_a_date_field_become_the_date(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClicks(field.edit, "15031985")
    assert field.value() == date(1985, 3, 15)
    field.edit.editingFinished.emit()
    assert field.text() == "15/03/1985"
    field.set_value(date(1990, 1, 2))
    field.edit.end(False)
    qtbot.keyClick(field.edit, Qt.Key.Key_Backspace)  # the cursor at the end still edits
    assert field.text() == "02/01/199"
    assert field.value() is None
    assert field.wire() == "02/01/199"  # sent as typed: the domain says it is not a date


def test_alt_down_opens_the_calendar_and_a_pick_fills_the_field(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = field.calendar
    assert calendar is not None
    assert calendar.isVisible()
    calendar.setSelectedDate(calendar.selectedDate().addDays(-3))
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    assert field.value() == date.today().fromordinal(date.today().toordinal() - 3)
    assert field.calendar is None


def test_an_impossible_birth_date_is_refused_beside_its_field(qtbot, ctx, db, type_text):
    household_id = db(ctx.workspace.households.register, HOUSEHOLD, []).ids[0]
    dialog = MemberDialog(ctx, household_id)
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.editor
    type_text(editor.full_name, "Phạm Văn Nam")
    editor.relationship.setCurrentIndex(editor.relationship.findData("child"))
    editor.sex.setCurrentIndex(editor.sex.findData("male"))
    qtbot.keyClicks(editor.date_of_birth.edit, "31/02/2010")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(editor.errors.message("date_of_birth")), timeout=5000)
    assert "dd/MM/yyyy" in editor.errors.message("date_of_birth")
    assert editor.date_of_birth.text() == "31/02/2010"  # left as typed, not changed
    assert db(ctx.workspace.households.get, household_id).members == ()
    # Fixed: the error goes as soon as the date is a date.
    editor.date_of_birth.edit.clear()
    qtbot.keyClicks(editor.date_of_birth.edit, "28/02/2010")
    assert not editor.errors.message("date_of_birth")


def _event(qtbot, ctx):
    dialog = EventDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_an_event_refuses_more_leads_than_attendees(qtbot, ctx, db):
    dialog = _event(qtbot, ctx)
    assert dialog.attendees.text() == ""  # not 0
    assert dialog.held_on.text() == ""
    assert dialog.leads.placeholderText()  # the limit is said in the field
    dialog.commune.setCurrentIndex(dialog.commune.findData("31027"))
    dialog.type.setCurrentIndex(dialog.type.findData("counselling"))
    qtbot.keyClicks(dialog.held_on.edit, "20/11/2026")
    qtbot.keyClicks(dialog.attendees, "40")
    qtbot.keyClicks(dialog.leads, "60")
    qtbot.keyClicks(dialog.enrollments, "41")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    message = dialog.errors.message("leads")
    assert "60" in message
    assert "40" in message
    assert dialog.errors.message("enrollments")
    assert dialog.leads.text() == "60"  # refused, not clamped to 40
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0)
    assert db(ctx.workspace.events.all) == []

    # 60 people came after all: both errors go, and the event is stored as typed.
    dialog.attendees.clear()
    qtbot.keyClicks(dialog.attendees, "60")
    assert not dialog.errors.message("leads")
    assert not dialog.errors.message("enrollments")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    (event,) = db(ctx.workspace.events.all)
    assert (event.attendees, event.leads) == (60, 60)


def test_an_event_with_no_attendees_typed_is_refused(qtbot, ctx, db):
    dialog = _event(qtbot, ctx)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    for field in ("commune_code", "type", "held_on", "attendees"):
        assert dialog.errors.message(field), field
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0)
    assert db(ctx.workspace.events.all) == []


def test_digits_typed_into_the_older_date_edit_start_at_the_day(qtbot):
    from agent_app.ui.widgets.forms import DateEdit

    edit = DateEdit(initial=date(2026, 1, 1))
    qtbot.addWidget(edit)
    edit.show()
    edit.lineEdit().setCursorPosition(len(edit.text()))  # a click after the year
    edit.setFocus()
    QApplication.sendEvent(edit, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.MouseFocusReason))
    qtbot.keyClicks(edit, "15031985")
    assert edit.value() == date(1985, 3, 15)
