"""The settings dialog's fields for what this kiosk records and how long verdicts stay:
the gate mode (entries, exits, or both), the grace time, and the green and problem
verdict durations.

Each field edits one setting of kiosk/core/config.py; its choices and limits are taken
from the declaration (nothing is written twice), and the values go into the dialog's one
all-or-nothing update.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from kiosk.core.config import (
    GATE_MODE,
    GRACE_SECONDS,
    PROBLEM_VERDICT_SECONDS,
    VERDICT_SECONDS,
    DeviceConfig,
    Setting,
)

translate = QCoreApplication.translate


def _seconds(parent: QWidget, setting: Setting[Any], value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setRange(setting.minimum or 0.0, setting.maximum or 3600.0)
    box.setDecimals(1)
    box.setSingleStep(0.5)
    box.setSuffix(" s")
    box.setValue(value)
    return box


class VerdictSettings:
    """The four fields, built from the current configuration."""

    def __init__(self, settings: DeviceConfig, parent: QWidget) -> None:
        self.gate_mode = QComboBox(parent)
        labels = {"entry": translate("VerdictSettings", "Entry"),
                  "exit": translate("VerdictSettings", "Exit"),
                  "entry_exit": translate("VerdictSettings", "Entry and exit")}
        for value in GATE_MODE.choices:
            self.gate_mode.addItem(labels[value], value)
        self.gate_mode.setCurrentIndex(max(self.gate_mode.findData(settings.get(GATE_MODE)), 0))
        self.gate_mode.setToolTip(translate(
            "VerdictSettings", "Entry and exit: someone inside is let out where the gate "
                               "allows re-entry; anyone else is let in."))
        self.grace = QSpinBox(parent)
        self.grace.setRange(int(GRACE_SECONDS.minimum or 0), int(GRACE_SECONDS.maximum or 3600))
        self.grace.setSuffix(" s")
        self.grace.setValue(settings.get(GRACE_SECONDS))
        self.grace.setToolTip(translate(
            "VerdictSettings", "A ticket shown again this soon after this kiosk let it in "
                               "is told to go in, not to see the desk (0: never)."))
        self.green = _seconds(parent, VERDICT_SECONDS, settings.get(VERDICT_SECONDS))
        self.problem = _seconds(parent, PROBLEM_VERDICT_SECONDS,
                                settings.get(PROBLEM_VERDICT_SECONDS))

    def rows(self) -> list[tuple[str, QWidget]]:
        """(label, fields) for the dialog's form: two rows, so the dialog still fits a
        small kiosk screen."""
        return [(translate("VerdictSettings", "Kiosk records"),
                 _row(self.gate_mode, translate("VerdictSettings", "grace"), self.grace)),
                (translate("VerdictSettings", "Verdict shown"),
                 _row(self.green, translate("VerdictSettings", "problems"), self.problem))]

    def values(self) -> dict[str, object]:
        return {GATE_MODE.name: self.gate_mode.currentData(),
                GRACE_SECONDS.name: self.grace.value(),
                VERDICT_SECONDS.name: self.green.value(),
                PROBLEM_VERDICT_SECONDS.name: self.problem.value()}


def _row(first: QWidget, label: str, second: QWidget) -> QWidget:
    """Two fields side by side, the second with its own small label."""
    row = QWidget(first.parentWidget())
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(first, 1)
    caption = QLabel(label, row)
    caption.setBuddy(second)
    layout.addWidget(caption)
    layout.addWidget(second)
    return row
