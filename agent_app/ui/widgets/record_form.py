"""The one base dialog of record forms (after Picard's ``PicardDialog``): the draft banner and
autosave, the Save/Cancel row, the save that runs as a mutation, its two endings (saved: the
draft discarded and the form closed or locked; refused: each error beside its field) and the
draft flushed on close. Household, member, visit, event and both enrollment forms stand on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QWidget

from agent_app.services import Changed
from agent_app.ui.context import AppContext
from agent_app.ui.widgets.form_parts import DraftBanner
from agent_app.ui.widgets.forms import DraftAutosave, FormErrors


class RecordForm(QDialog):
    """A dialog that saves one record through the workspace.

    A subclass builds its fields, then calls :meth:`start_draft` (with the signals that mean
    "edited") and :meth:`save_cancel_buttons` (or sets ``save_button`` itself), implements
    :meth:`collect` / :meth:`restore` for the draft, and calls :meth:`submit` from ``save``
    once its own checks pass. ``saved`` carries the ``Changed`` the workspace returned.
    """

    saved = Signal(object)
    FORM = ""  # the draft's form name (``Workspace.drafts.save``)
    ctx: AppContext
    errors: FormErrors
    save_button: QPushButton
    draft: DraftAutosave | None = None
    banner: DraftBanner | None = None

    # -- the draft --

    def start_draft(self, key: str, *signals: Any, offer: bool = True) -> DraftBanner | None:
        """Autosave the form under ``key`` after each of ``signals``. ``offer``: load the
        draft kept from last time and ask, with the banner (returned, to be laid out), whether
        to continue it; forms that load their draft with their own data pass False."""
        self.draft = DraftAutosave(self.ctx, self.FORM, key, self.collect, self)
        self.draft.watch(*signals)
        if not offer:
            return None
        self.banner = DraftBanner(self)
        self._pending_draft: dict[str, Any] | None = None
        self.banner.chosen.connect(self._draft_chosen)
        self.draft.load(self._draft_loaded)
        return self.banner

    def collect(self) -> dict[str, Any]:
        """The form as a draft (JSON-friendly)."""
        raise NotImplementedError

    def restore(self, data: dict[str, Any]) -> None:
        """Fill the form from a draft."""
        raise NotImplementedError

    def _draft_loaded(self, data: dict[str, Any] | None) -> None:
        if data and self.banner is not None:
            self._pending_draft = data
            self.banner.show()

    def _draft_chosen(self, keep: bool) -> None:
        data, self._pending_draft = self._pending_draft, None
        if keep and data is not None:
            self.restore(data)
        elif self.draft is not None:
            self.ctx.run_db(self.ctx.workspace.drafts.discard, self.FORM, self.draft.key)

    def done(self, result: int) -> None:
        # Closing keeps the last edits as a draft; after a save the draft is already gone.
        if self.draft is not None:
            self.draft.flush()
        super().done(result)

    # -- the buttons --

    def save_cancel_buttons(self, save_name: str) -> QDialogButtonBox:
        """Save (the default, Enter) and Cancel (Esc); sets ``save_button``."""
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName(save_name)
        self.save_button.setText(self.tr("&Save"))
        self.save_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        return buttons

    # -- saving --

    def save(self) -> None:
        raise NotImplementedError

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        """Store the record: ``fn(*args)`` as a mutation, ending in :meth:`finish` or
        :meth:`refused`; Save is disabled meanwhile (one press, one record)."""
        self.save_button.setEnabled(False)
        self.ctx.mutate(fn, *args, on_done=self._stored, on_error=self.refused)

    def _stored(self, changed: Changed) -> None:
        if self.draft is not None:
            self.draft.discard()
        self.finish(changed)

    def finish(self, changed: Changed) -> None:
        """The record is stored (screens already told): by default, say so and close."""
        self.saved.emit(changed)
        self.accept()

    def form_errors(self) -> FormErrors:
        """Where this form shows a field's error."""
        return self.errors

    def can_save_again(self) -> bool:
        return True

    def refused(self, exc: BaseException) -> None:
        """The workspace said no: each error beside its field, anything else in a box."""
        self.save_button.setEnabled(self.can_save_again())
        if not self.form_errors().show(exc):
            self.ctx.show_error(exc, self)


class EnrollmentForm(RecordForm):
    """What both enrollment forms do once saved: inputs locked, the receipt offered, and
    ``saved(enrollment_id)``; their drafts load with the person or household (no banner)."""

    saved = Signal(str)  # type: ignore[assignment]  # the new enrollment's id
    quote: Any
    enrollment_id: str | None
    receipt_button: QPushButton
    cancel_button: QPushButton

    def input_widgets(self) -> list[QWidget]:
        """The widgets that must not change once the enrollment is stored."""
        raise NotImplementedError

    def finish(self, changed: Changed) -> None:
        self.enrollment_id = changed.primary
        for widget in self.input_widgets():
            widget.setEnabled(False)
        self.save_button.setVisible(False)
        self.receipt_button.setVisible(self.enrollment_id is not None)
        self.receipt_button.setDefault(True)
        self.receipt_button.setFocus()
        self.cancel_button.setText(self.tr("Close"))
        if self.enrollment_id is not None:
            self.saved.emit(self.enrollment_id)

    def can_save_again(self) -> bool:
        return self.quote is not None

    def open_receipt(self) -> QDialog | None:
        if self.enrollment_id is None:
            return None
        from agent_app.ui.money.receipt import open_receipt

        self.receipt_dialog = open_receipt(self.ctx, self.enrollment_id, self)
        return self.receipt_dialog
