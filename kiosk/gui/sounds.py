"""A distinct sound per verdict family.

QtMultimedia's QSoundEffect when it loads (it needs the system's PulseAudio/PipeWire
client library); otherwise an external player (``paplay``/``aplay``/``afplay``) if one is
installed; otherwise silence, logged once. The verdict is never delayed by a sound.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from typing import Any

from PySide6.QtCore import QObject, QUrl

from kiosk.gui.resources import sound_path

log = logging.getLogger(__name__)
FAMILIES = ("green", "amber", "red", "neutral")


class VerdictSounds(QObject):
    def __init__(self, parent: QObject | None = None, *, enabled: bool = True) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.backend = "none"
        #: QtMultimedia loaded (whether or not this machine has an audio device).
        self.multimedia = False
        self.played: list[str] = []
        self._effects: dict[str, Any] = {}
        self._player: list[str] | None = None
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError as exc:
            log.info("QtMultimedia unavailable (%s); trying an external player", exc)
            for cmd in (["paplay"], ["aplay", "-q"], ["afplay"]):
                if shutil.which(cmd[0]):
                    self._player = cmd
                    self.backend = cmd[0]
                    break
            else:
                log.warning("no way to play sounds here: verdicts will be silent")
            return
        self.multimedia = True
        if not QMediaDevices.audioOutputs():
            # No sound card (or no sound server): say so once instead of a warning per scan.
            log.warning("no audio output device: verdicts will be silent")
            return
        for family in FAMILIES:
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(sound_path(family))))
            effect.setVolume(0.8)
            self._effects[family] = effect
        self.backend = "qt"

    def play(self, family: str) -> None:
        if not self.enabled:
            return
        self.played.append(family)
        del self.played[:-50]
        effect = self._effects.get(family)
        if effect is not None:
            effect.stop()
            effect.play()
            return
        if self._player is not None and sys.platform != "win32":
            try:
                subprocess.Popen([*self._player, str(sound_path(family))],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except OSError:
                log.debug("sound player failed", exc_info=True)
