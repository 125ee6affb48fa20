"""Attendee data on screen: always plain text, never wider than the space it is given.

Names, e-mails and notes come from CSV files and walk-in forms: a name such as
``<h1 style=color:red>`` must show literally (Qt would render it as markup in a label's
default AutoText format), and a 170-character unbroken "name" must not widen the window
past the screen. :func:`data_label` makes labels that do both; :func:`breakable` lets
long unbroken runs wrap.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

#: Runs longer than this get a break opportunity (a zero-width space) every so often.
_RUN = 18
_LONG_RUN = re.compile(r"\S{" + str(_RUN + 1) + ",}")
ZERO_WIDTH_SPACE = "\u200b"


def breakable(text: str) -> str:
    """``text`` with a zero-width space every 18 characters inside unbroken runs, so a
    word-wrapping label can wrap it; ordinary names are unchanged."""

    def split(match: re.Match[str]) -> str:
        run = match.group(0)
        return ZERO_WIDTH_SPACE.join(run[i:i + _RUN] for i in range(0, len(run), _RUN))

    return _LONG_RUN.sub(split, text)


def unbreakable(text: str) -> str:
    """The text as typed (without the breaks :func:`breakable` added)."""
    return text.replace(ZERO_WIDTH_SPACE, "")


def escaped(text: str) -> str:
    """Data for a rich-text context (tooltips, message boxes with markup): escaped."""
    return html.escape(text, quote=False)


class DataLabel(QLabel):
    """A plain-text label for data: wraps anywhere if it must, never widens its window."""

    def __init__(self, parent: QWidget | None = None, *, wrap: bool = True) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(wrap)
        # The layout decides the width; the text's own width is no minimum.
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(wrap)
        self.setSizePolicy(policy)
        self.setMinimumWidth(20)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(breakable(text) if self.wordWrap() else text)
        self.setToolTip(escaped(text) if len(text) > 40 else "")


def widest_word(label: QLabel) -> tuple[str, int] | None:
    """The widest unbreakable run of ``label``'s text and its width in pixels (a
    wrapping label narrower than that cuts the word)."""
    words = re.split(r"[\s\u200b]+", label.text())
    metrics = label.fontMetrics()
    sized = [(w, metrics.horizontalAdvance(w)) for w in words if w]
    return max(sized, key=lambda s: s[1]) if sized else None


def short_name(name: str, limit: int = 22) -> str:
    """A name short enough for a button ("Check in Siti Rahayu"), cut with an ellipsis."""
    name = " ".join(name.split())
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


def data_label(parent: QWidget | None = None, *, wrap: bool = True) -> DataLabel:
    return DataLabel(parent, wrap=wrap)


class FittingButton(QPushButton):
    """A button whose text (it names a person) is cut with "…" to the width it gets,
    the whole text in its tooltip: a long name never widens the window or spills."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.full_text = ""
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        self.full_text = text
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = max(self.width() - 16, 10)
        shown = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight,
                                              room)
        super().setText(shown)
        self.setToolTip(escaped(self.full_text) if shown != self.full_text else "")
