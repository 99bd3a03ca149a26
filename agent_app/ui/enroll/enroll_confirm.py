"""The last step before an enrollment is stored: "Thu 1.584.000 ₫?" (Collect …?), with who pays
for what and the amount in words, answered with Collect and save or Back.

Nothing is stored until the agent confirms; Back (or Esc) leaves the form as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from agent_app.services.words import amount_in_words_vi
from sync.domain.messages import format_vnd


class ConfirmCollect(QMessageBox):
    """Asks to confirm ``amount``; ``on_confirmed`` runs only after Collect and save."""

    def __init__(
        self,
        amount: int,
        details: str,
        on_confirmed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("confirmCollect")
        self.amount = amount
        self._on_confirmed = on_confirmed
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Confirm the amount to collect"))
        self.setText(self.tr("Collect %1?").replace("%1", format_vnd(amount)))
        words = self.tr("In words: %1").replace("%1", amount_in_words_vi(amount))
        self.setInformativeText(f"{details}\n{words}")
        self.setStyleSheet("QLabel#qt_msgbox_label { font-size: 16pt; font-weight: bold; }")
        self.collect_button: QPushButton = self.addButton(
            self.tr("&Collect and save"), QMessageBox.ButtonRole.AcceptRole
        )
        self.collect_button.setObjectName("collectButton")
        self.back_button: QPushButton = self.addButton(
            self.tr("&Back"), QMessageBox.ButtonRole.RejectRole
        )
        self.back_button.setObjectName("backButton")
        self.setDefaultButton(self.collect_button)
        self.setEscapeButton(self.back_button)
        self.finished.connect(self._answered)

    def _answered(self, _result: int) -> None:
        if self.clickedButton() is self.collect_button:
            self._on_confirmed()
