"""The verdict screen for someone in a hurry: full-width colour, an icon, what to do as
the largest text, in capitals ("GO IN", "GO TO WORKSHOP ROOMS", "PLEASE SEE THE DESK"),
the name second, then what happened and why in smaller words. Colour is never the only
signal: the icon shape and the words differ too. It resets by itself (green sooner than
a problem; touch dismisses it); a new verdict replaces it immediately."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.gui.details import shown_details
from kiosk.gui.ui.text import DataLabel
from kiosk.gui.verdict_text import VerdictText

#: Background and text colour per family (text contrast >= 4.5:1 on each background).
FAMILY_COLOURS: dict[str, tuple[str, str]] = {
    "green": ("#1b7f3b", "#ffffff"),
    "amber": ("#f2b600", "#1a1a1a"),
    "red": ("#b3261e", "#ffffff"),
    "neutral": ("#37474f", "#ffffff"),
}


class VerdictIcon(QWidget):
    """A check mark, a circular arrow, a warning triangle, a stop cross or an "i"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = "check"
        self.colour = QColor("#ffffff")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_icon(self, kind: str, colour: QColor) -> None:
        self.kind, self.colour = kind, colour
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = min(self.width(), self.height())
        r = QRectF((self.width() - s) / 2, (self.height() - s) / 2, s, s).adjusted(
            s * 0.06, s * 0.06, -s * 0.06, -s * 0.06)
        pen = QPen(self.colour, s * 0.09, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        c = r.center()
        w = r.width()
        if self.kind == "warning":
            path = QPainterPath()
            path.moveTo(c.x(), r.top())
            path.lineTo(r.right(), r.bottom())
            path.lineTo(r.left(), r.bottom())
            path.closeSubpath()
            p.drawPath(path)
            p.drawLine(QPointF(c.x(), r.top() + w * 0.32), QPointF(c.x(), r.top() + w * 0.64))
            p.drawPoint(QPointF(c.x(), r.top() + w * 0.8))
            return
        p.drawEllipse(r)
        if self.kind in ("check", "repeat"):
            p.drawPolyline([QPointF(c.x() - w * 0.24, c.y() + w * 0.02),
                            QPointF(c.x() - w * 0.06, c.y() + w * 0.2),
                            QPointF(c.x() + w * 0.26, c.y() - w * 0.18)])
            if self.kind == "repeat":  # a small return arrow above the check
                p.drawArc(QRectF(c.x() - w * 0.14, r.top() + w * 0.12, w * 0.28, w * 0.2),
                          0, 180 * 16)
        elif self.kind == "stop":
            d = w * 0.2
            p.drawLine(QPointF(c.x() - d, c.y() - d), QPointF(c.x() + d, c.y() + d))
            p.drawLine(QPointF(c.x() + d, c.y() - d), QPointF(c.x() - d, c.y() + d))
        else:  # info
            p.drawLine(QPointF(c.x(), c.y() - w * 0.05), QPointF(c.x(), c.y() + w * 0.25))
            p.drawPoint(QPointF(c.x(), c.y() - w * 0.22))


class VerdictPanel(QWidget):
    """Shows one :class:`VerdictText`; ``expired`` fires when it resets by itself."""

    expired = Signal()

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False,
                 seconds: float = 3.0, problem_seconds: float | None = None,
                 details: str = "*") -> None:
        super().__init__(parent)
        self.compact = compact
        #: Which attendee details this screen shows (the kiosk_details/desk_details rule).
        self.details = details
        self.text: VerdictText | None = None
        self.setAutoFillBackground(True)
        # Without this a plain QWidget ignores its style sheet's background.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setObjectName("verdictPanel")
        self.icon = VerdictIcon(self)
        # Data labels: plain text (a name is never markup), wrapped anywhere if it must,
        # never wider than the panel.
        self.title = DataLabel(self)
        self.name = DataLabel(self)
        self.ticket = DataLabel(self)
        self.instruction = DataLabel(self)
        self.detail = DataLabel(self)
        self.hand_over = DataLabel(self)
        self.title.setObjectName("verdictTitle")
        self.instruction.setObjectName("verdictInstruction")
        self.name.setObjectName("verdictName")
        words = QVBoxLayout()
        words.addStretch(1)
        for label in self._labels():
            words.addWidget(label)
        words.addStretch(1)
        words.setSpacing(2 if compact else 12)
        row = QHBoxLayout(self)
        row.setContentsMargins(*((12, 4, 12, 4) if compact else (24, 16, 24, 16)))
        row.setSpacing(16 if compact else 32)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(words, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expire)
        self.set_seconds(seconds, problem_seconds)
        self._apply_sizes()

    def _labels(self) -> tuple[DataLabel, ...]:
        """Top to bottom: what happened, what to do (largest), who, ticket, why, hand-over."""
        return (self.title, self.instruction, self.name, self.ticket, self.detail,
                self.hand_over)

    def set_seconds(self, seconds: float, problem_seconds: float | None = None) -> None:
        """Green verdicts stay ``seconds``; amber, red and neutral ones ``problem_seconds``
        (someone in a hurry needs longer to read a problem than a welcome)."""
        self._seconds = seconds
        self._problem_seconds = seconds if problem_seconds is None else problem_seconds

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        # Touch (or click) dismisses a verdict: the next person need not wait.
        if self.text is not None:
            self._timer.stop()
            self._expire()
        event.accept()

    @property
    def family(self) -> str | None:
        return self.text.family if self.text else None

    def show_verdict(self, text: VerdictText) -> None:
        """Replace whatever is shown now and restart the reset timer."""
        self.text = text
        bg, fg = FAMILY_COLOURS[text.family]
        self.setStyleSheet(
            f"#verdictPanel {{ background-color: {bg}; }} QLabel {{ color: {fg}; }}")
        pal = self.palette()
        pal.setColor(self.backgroundRole(), QColor(bg))
        self.setPalette(pal)
        self.icon.set_icon(text.icon, QColor(fg))
        self.title.setText(text.title)
        self.name.setText(text.name)
        self.name.setVisible(bool(text.name))
        self.ticket.setText(text.ticket_type)
        self.ticket.setVisible(bool(text.ticket_type))
        # Capitals by the screen language's rules; the words themselves stay as written.
        self.instruction.setText(QLocale().toUpper(text.instruction))
        self.detail.setText(text.detail)
        self.detail.setVisible(bool(text.detail))
        lines = [f"{k}: {v}" for k, v in shown_details(text.hand_over, self.details)]
        self.hand_over.setText("   ·   ".join(lines))
        self.hand_over.setVisible(bool(lines))
        if self.compact:
            self._apply_sizes()  # the desk's panel fits these words to its height
        self._timer.start(int(1000 * (self._seconds if text.family == "green"
                                      else self._problem_seconds)))

    def clear(self) -> None:
        self._timer.stop()
        self.text = None

    def _expire(self) -> None:
        self.text = None
        self.expired.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._apply_sizes()

    def _apply_sizes(self) -> None:
        # Sizes follow the panel's height: legible from two metres on a kiosk screen.
        h = max(self.height(), 120)
        w = max(self.width(), 200)
        scale = min(h, w * 0.6)
        # (title, instruction, name, ticket, detail, hand-over): what to do is the
        # largest text, whose screen it is second.
        if self.compact:
            sizes = (0.09, 0.15, 0.11, 0.07, 0.07, 0.065)
            icon = int(scale * 0.45)
        else:
            sizes = (0.045, 0.14, 0.07, 0.04, 0.04, 0.034)
            icon = int(scale * 0.3)
        self.icon.setFixedSize(icon, icon)
        # The desk's small panel: shrink the words until they fit (a long instruction
        # was cut off at 1366x768); the kiosk's has the room.
        shrink = 1.0
        for _ in range(10):
            self._set_fonts(scale * shrink, sizes)
            if not self.compact or self._words_fit(icon):
                break
            shrink *= 0.88

    def _set_fonts(self, scale: float, sizes: tuple[float, ...]) -> None:
        for label, factor, bold in zip(
            self._labels(), sizes, (False, True, True, False, False, False), strict=True,
        ):
            font = QFont(label.font())
            font.setPixelSize(max(int(scale * factor), 11))
            font.setBold(bold)
            label.setFont(font)

    def _words_fit(self, icon: int) -> bool:
        """Whether the shown words fit the panel's height at their present sizes."""
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        spare_w = (margins.left() + margins.right() if margins else 0) + icon + 16
        spare_h = (margins.top() + margins.bottom() if margins else 0)
        width = max(self.width() - spare_w, 50)
        shown = [label for label in self._labels() if label.text() and not label.isHidden()]
        needed = sum(label.heightForWidth(width) for label in shown) + 2 * len(shown)
        return needed <= self.height() - spare_h
