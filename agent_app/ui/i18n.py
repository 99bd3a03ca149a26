"""The one translation path of the UI: English source strings in the code, Vietnamese from
``vi.qm``, and the helpers that put tables of labels through the same translator.

Vietnamese is the default language; ``en`` installs nothing (the sources are English). Qt's own
dialog buttons are translated too when Qt ships a catalogue for the language.

Tables of labels keep English sources marked with ``QT_TRANSLATE_NOOP(context, text)`` (or are
built at each use with ``translate(context, text)``) and are translated when shown, so nothing
in ``ui/`` branches on the language. Wire values of the contract (sexes, outcomes, schemes,
methods, relationships...) are labelled by :func:`vocab_text`: their Vietnamese lives once, in
``sync.domain.vocab.LABELS``, and ``resources/translations/build.py`` copies it into the
``Vocab`` context of ``vi.ts``. Domain errors carry their own sentences in both languages
(``sync.domain.messages``); :func:`domain_text` picks the user's.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTranslator,
)

from agent_app.paths import resource_path
from sync.domain.vocab import LABELS

# ``QCoreApplication.translate(context, source, disambiguation)``; lupdate reads the calls.
translate = QCoreApplication.translate
__all__ = ["QT_TRANSLATE_NOOP", "domain_text", "format_count", "translate", "vocab_text"]

# The context of the wire values' labels in vi.ts (filled by build.py from vocab.LABELS).
VOCAB_CONTEXT = "Vocab"
# Languages with a catalogue of ours; the sources are English.
CATALOGUED = ("vi",)
# The order of the two sentences in the domain's catalogue (sync.domain.messages.render).
DOMAIN_LANGUAGES = ("vi", "en")
_LOCALES = {
    "en": (QLocale.Language.English, QLocale.Country.UnitedStates),
    "vi": (QLocale.Language.Vietnamese, QLocale.Country.Vietnam),
}


def vocab_text(value: str | None) -> str:
    """A wire value's label in the user's language; the value itself when it has none."""
    if not value:
        return ""
    pair = LABELS.get(value)
    return translate(VOCAB_CONTEXT, pair[1]) if pair else value


def domain_text(pair: tuple[str, str], lang: str) -> str:
    """One of the domain catalogue's ``(vi, en)`` sentences: the one in ``lang``."""
    return pair[DOMAIN_LANGUAGES.index(lang)] if lang in DOMAIN_LANGUAGES else pair[0]


def format_count(n: int) -> str:
    """A count with the language's group separator (1.234 in Vietnamese, 1,234 in English)."""
    return QLocale().toString(n)


def translations_dir() -> Path:
    return resource_path("translations")


def install_translator(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Install the app's and Qt's translators for ``lang``; returns them (keep them alive).

    Raises ``FileNotFoundError`` when the Vietnamese catalogue is missing: a silently English
    app would be worse for the agents than a clear start-up error.
    """
    installed: list[QTranslator] = []
    language, country = _LOCALES.get(lang, _LOCALES["vi"])
    QLocale.setDefault(QLocale(language, country))
    if lang not in CATALOGUED:
        return installed
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
