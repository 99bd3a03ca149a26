"""The Scripts page: the talking points per target group with their numbers filled in from the
rates in force today, a search box that ignores diacritics, and a full-screen view (large
type, Esc closes) to turn the laptop towards the person."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from agent_app.services import Changed
from agent_app.ui.context import AppContext
from sync.domain.messages import format_date
from sync.domain.scripts import RenderedScript

_Index = QModelIndex | QPersistentModelIndex
SCRIPT_ROLE = Qt.ItemDataRole.UserRole + 10


class ScriptListModel(QAbstractListModel):
    """The scripts, one row each: the title, and the group under it in the tooltip."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scripts: list[RenderedScript] = []

    def set_scripts(self, scripts: Sequence[RenderedScript]) -> None:
        self.beginResetModel()
        self.scripts = list(scripts)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self.scripts)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        script = self.scripts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            # The group's name: every title starts "Talking points:", which would be cut.
            return script.group_label or script.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return script.title
        if role == SCRIPT_ROLE:
            return script
        return None


class ScriptFilter(QSortFilterProxyModel):
    """Keeps the scripts in which every word of the query appears, diacritics ignored."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.query = ""

    def set_query(self, query: str) -> None:
        self.beginFilterChange()
        self.query = query
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, ScriptListModel):
            return True
        return model.scripts[source_row].matches(self.query)


def script_html(script: RenderedScript, labels: dict[str, str], size_pt: int = 11) -> str:
    """The script as rich text: title, the date the numbers are for, points, the numbers that
    matter to the group, then what people say and the answers."""
    e = html.escape
    # Headings carry their own size: rich text does not scale them with the surrounding div.
    big, small = round(size_pt * 1.5), max(9, round(size_pt * 0.7))
    heading = f"font-size:{round(size_pt * 1.15)}pt; font-weight:600"
    parts = [
        f"<div style='font-size:{size_pt}pt'>",
        f"<p style='font-size:{big}pt; font-weight:600; color:#0b4f8a'>{e(script.title)}</p>",
        f"<p style='font-size:{small}pt; color:#555'>{e(labels['as_of'])}</p>",
        "<ul>",
        *(f"<li style='margin-bottom:6px'>{e(p)}</li>" for p in script.points),
        "</ul>",
    ]
    if script.figures:
        parts.append(f"<p style='{heading}'>{e(labels['figures'])}</p><table cellpadding='4'>")
        for what, value in script.figures:
            parts.append(
                f"<tr><td>{e(what)}</td>"
                f"<td align='right'><b style='color:#0b4f8a'>{e(value)}</b></td></tr>"
            )
        parts.append("</table>")
    if script.objections:
        parts.append(f"<p style='{heading}'>{e(labels['objections'])}</p>")
        for question, answer in script.objections:
            parts.append(f"<p><i>“{e(question)}”</i><br/>→ {e(answer)}</p>")
    parts.append("</div>")
    return "".join(parts)


class _ScriptTexts(QObject):
    """The headings of a script's rich text, translated in one place."""

    def labels(self, script: RenderedScript) -> dict[str, str]:
        as_of = self.tr("Numbers at the rates in force on %1 (rates %2).")
        as_of = as_of.replace("%1", format_date(script.on)).replace("%2", script.rates_version)
        if script.provisional:
            as_of += " " + self.tr("Some rates are announced but not yet confirmed.")
        return {
            "as_of": as_of,
            "figures": self.tr("The numbers that matter"),
            "objections": self.tr("What people say, and what to answer"),
        }


def script_labels(script: RenderedScript) -> dict[str, str]:
    return _ScriptTexts().labels(script)


class ScriptFullScreen(QDialog):
    """One script over the whole screen in large type, to show the person; Esc closes."""

    FONT_PT = 24

    def __init__(self, script: RenderedScript, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scriptFullScreen")
        self.setWindowTitle(script.title)
        self.script = script
        self.text = QTextBrowser(objectName="scriptFullText")
        self.text.setHtml(script_html(script, script_labels(script), self.FONT_PT))
        self.close_button = QPushButton(self.tr("Close (Esc)"), objectName="closeFullScreen")
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        # QDialog already closes on Esc; the text browser must not keep it for itself.
        self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def open_full_screen(self) -> None:
        self.setWindowState(self.windowState() | Qt.WindowState.WindowFullScreen)
        self.open()


class ScriptsPage(QWidget):
    """``loaded`` fires once the scripts are on screen; ``dialog_opened`` with the full-screen
    view."""

    loaded = Signal()
    dialog_opened = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scriptsPage")
        self.ctx = ctx
        self._stale = True
        heading = QLabel(self.tr("Scripts"), objectName="scriptsHeading")
        heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.search = QLineEdit(objectName="scriptSearch")
        self.search.setPlaceholderText(self.tr("Search the scripts (diacritics optional)"))
        self.search.setClearButtonEnabled(True)
        self.model = ScriptListModel(self)
        self.proxy = ScriptFilter(self)
        self.proxy.setSourceModel(self.model)
        self.list = QListView(objectName="scriptList")
        self.list.setModel(self.proxy)
        self.list.setStyleSheet("QListView { font-size: 12pt; } QListView::item { padding: 6px; }")
        self.empty = QLabel(self.tr("No script matches."), objectName="scriptsEmpty")
        self.empty.hide()
        self.text = QTextBrowser(objectName="scriptText")
        self.full_button = QPushButton(self.tr("Show f&ull screen"), objectName="fullScreenButton")
        self.full_button.setToolTip(self.tr("Show the script to the person in large type (F11)"))
        self.full_button.setEnabled(False)
        self.full_button.clicked.connect(self.show_full_screen)
        QShortcut(QKeySequence("F11"), self, activated=self.show_full_screen)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.empty)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.full_button)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(splitter, 1)

        self.search.textChanged.connect(self._filter)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._show_current())
        ctx.changed.connect(self._on_changed)

    # -- data --

    def _on_changed(self, _changed: Changed) -> None:
        # A sync may bring new scripts or rates; redraw now if shown, else when next shown.
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self.ctx.run_db(self.ctx.workspace.scripts.rendered, self.ctx.lang, on_done=self._loaded)

    def _loaded(self, scripts: list[RenderedScript]) -> None:
        current = self.current()
        self.model.set_scripts(scripts)
        self._filter(self.search.text())
        if current is not None:
            self.select(current.id)
        self.loaded.emit()

    # -- selection --

    def visible_titles(self) -> list[str]:
        return [
            self.proxy.index(r, 0).data(SCRIPT_ROLE).title for r in range(self.proxy.rowCount())
        ]

    def current(self) -> RenderedScript | None:
        script = self.list.currentIndex().data(SCRIPT_ROLE)
        return script if isinstance(script, RenderedScript) else None

    def select(self, script_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            script = index.data(SCRIPT_ROLE)
            if isinstance(script, RenderedScript) and script.id == script_id:
                self.list.setCurrentIndex(index)
                return True
        return False

    def _filter(self, query: str) -> None:
        self.proxy.set_query(query)
        count = self.proxy.rowCount()
        self.empty.setVisible(count == 0)
        if count and self.current() is None:
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        self._show_current()

    def _show_current(self) -> None:
        script = self.current()
        self.full_button.setEnabled(script is not None)
        if script is None:
            self.text.clear()
            return
        self.text.setHtml(script_html(script, script_labels(script)))

    def show_full_screen(self) -> ScriptFullScreen | None:
        script = self.current()
        if script is None:
            return None
        dialog = ScriptFullScreen(script, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog_opened.emit(dialog)
        dialog.open_full_screen()
        return dialog


def open_script_full_screen(ctx: AppContext, script_id: str, parent: QWidget) -> None:
    """Show one script full screen from anywhere (the visit form's "Show" button)."""

    def shown(script: RenderedScript | None) -> None:
        if script is not None:
            dialog = ScriptFullScreen(script, parent)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open_full_screen()

    ctx.run_db(ctx.workspace.scripts.one, script_id, ctx.lang, on_done=shown)


class ScriptChoice(QWidget):
    """The visit form's script choice with a button that shows the chosen script full screen
    (``form.script`` is its combo box)."""

    def __init__(self, form: Any, ctx: AppContext) -> None:
        super().__init__()
        self.form, self.ctx = form, ctx
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(form.script, 1)
        self.show_button = QPushButton(self.tr("Show…"), objectName="showScript")
        self.show_button.setToolTip(self.tr("Show the script to the person in large type"))
        self.show_button.setAutoDefault(False)
        self.show_button.clicked.connect(self._show)
        layout.addWidget(self.show_button)

    def _show(self) -> None:
        script_id = self.form.script.currentData()
        if script_id:
            open_script_full_screen(self.ctx, str(script_id), self.form)


def script_row(form: Any, ctx: AppContext) -> QWidget:
    return ScriptChoice(form, ctx)
