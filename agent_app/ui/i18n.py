"""Loading the Qt translator: English source strings in the code, Vietnamese from ``vi.qm``.

Vietnamese is the default language; ``en`` installs nothing (the sources are English). Qt's own
dialog buttons are translated too when Qt ships a catalogue for the language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from agent_app.paths import resource_path


def translations_dir() -> Path:
    return resource_path("translations")


def install_translator(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Install the app's and Qt's translators for ``lang``; returns them (keep them alive).

    Raises ``FileNotFoundError`` when the Vietnamese catalogue is missing: a silently English
    app would be worse for the agents than a clear start-up error.
    """
    installed: list[QTranslator] = []
    if lang == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return installed
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    qm = translations_dir() / f"{lang}.qm"
    ours = QTranslator(app)
    if not ours.load(str(qm)):
        raise FileNotFoundError(f"translation catalogue missing or unreadable: {qm}")
    app.installTranslator(ours)
    installed.append(ours)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_base = QTranslator(app)
    if qt_base.load(f"qtbase_{lang}", qt_dir):
        app.installTranslator(qt_base)
        installed.append(qt_base)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
