"""Screen language: English (the source strings) or Indonesian, through Qt's translation
system. The language follows the settings; when set to "system", the first language of
the event the device serves (set on the central list's console), else the system
locale. Qt's own widgets (text fields' menus, spin boxes, standard buttons) speak it too:
from Qt's qtbase translation where Qt ships one, and from ours (kiosk_id.qm) always."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from kiosk.core.models import LANGUAGES
from kiosk.gui.resources import translation_path

log = logging.getLogger(__name__)


def resolve_language(setting: str, event_languages: Sequence[str] = ()) -> str:
    """"en" or "id" for a setting of "system", "en" or "id"; "system" is the event's
    first language (``event_languages``), else the machine's locale."""
    if setting in LANGUAGES:
        return setting
    for language in event_languages:
        if language in LANGUAGES:
            return language
    name = QLocale.system().name()  # e.g. "id_ID", "en_GB"
    return "id" if name.split("_")[0] in ("id", "in") else "en"


#: The translators this module installed (one set per application, whoever asked).
_installed: list[QTranslator] = []


def qt_translation(language: str) -> QTranslator | None:
    """Qt's own translation of its widgets (``qtbase_<language>.qm``) where Qt ships one,
    else None. Qt ships none for Indonesian (not PySide6, nor Debian's
    qt6-translations-l10n 6.4.2-1: checked, its 29 qtbase files have no ``id``): the
    words of the Qt widgets we use are in our own kiosk_id.qm (fill_id.py, ``QT``)."""
    translator = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{language}", folder):
        return None
    translator.setParent(QCoreApplication.instance())  # lives as long as the app
    return translator


class Translations:
    """Installs and swaps the application's translator (the same one for every instance:
    switching language replaces it, whoever installed it)."""

    def __init__(self) -> None:
        self.language = "en"

    def install(self, language: str, event_languages: Sequence[str] = ()) -> str:
        app = QCoreApplication.instance()
        language = resolve_language(language, event_languages)
        while _installed:
            old = _installed.pop()
            if app is not None:
                app.removeTranslator(old)
        self.language = language
        if language == "id":
            QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
        else:
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        if language == "en":
            return language
        # Parented to the application: it lives as long as the app, whoever holds us.
        translator = QTranslator(app)
        path = translation_path(language)
        if not translator.load(str(path)):
            log.warning("translation %s not found; showing English", path)
            self.language = "en"
            return "en"
        # Qt's own first: the translator installed last is asked first, so our words
        # (kiosk_id.qm, Qt's widgets included) win where both have one.
        for each in (qt_translation(language), translator):
            if each is not None and app is not None:
                app.installTranslator(each)
                _installed.append(each)
        return language
