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


#: The translator this module installed (one per application, whoever asked for it).
_installed: QTranslator | None = None


class Translations:
    """Installs and swaps the application's translator (the same one for every instance:
    switching language replaces it, whoever installed it)."""

    def __init__(self) -> None:
        self.language = "en"

    def install(self, language: str) -> str:
        global _installed
        app = QCoreApplication.instance()
        language = resolve_language(language)
        if _installed is not None and app is not None:
            app.removeTranslator(_installed)
            _installed = None
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
        if app is not None:
            app.installTranslator(translator)
        _installed = translator
        return language
