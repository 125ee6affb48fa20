"""Screen language: English (the source strings) or Indonesian, through Qt's translation
system. The language follows the settings, or the system locale when set to "system"."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from kiosk.gui.resources import translation_path

log = logging.getLogger(__name__)
LANGUAGES = ("en", "id")


def resolve_language(setting: str) -> str:
    """"en" or "id" for a setting of "system", "en" or "id"."""
    if setting in LANGUAGES:
        return setting
    name = QLocale.system().name()  # e.g. "id_ID", "en_GB"
    return "id" if name.split("_")[0] in ("id", "in") else "en"


class Translations:
    """Installs and swaps the application's translator."""

    def __init__(self) -> None:
        self._translator: QTranslator | None = None
        self.language = "en"

    def install(self, language: str) -> str:
        app = QCoreApplication.instance()
        language = resolve_language(language)
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        self.language = language
        if language == "id":
            QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
        else:
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        if language == "en":
            return language
        translator = QTranslator()
        path = translation_path(language)
        if not translator.load(str(path)):
            log.warning("translation %s not found; showing English", path)
            self.language = "en"
            return "en"
        if app is not None:
            app.installTranslator(translator)
        self._translator = translator
        return language
