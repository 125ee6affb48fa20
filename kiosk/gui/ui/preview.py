"""The camera preview with an aiming frame (where to hold the code) and a message when
there is no picture. The picture is mirrored, as people expect of a screen facing them
(moving the phone left moves it left on screen); the hint sits at the top, away from
where the phone comes in; without a picture there is no aiming frame. While the camera
sees a code it cannot read yet, the hint's band says so ("Code seen — hold still") in
the cue's colour, and the aiming frame turns that colour too."""

from __future__ import annotations

import time

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

#: The "code seen, hold still" cue's colour: a calm sky blue, not a verdict's green,
#: amber or red (nothing is decided yet).
SEEN_COLOUR = "#8ecbff"


class PreviewWidget(QWidget):
    """Paints the newest frame (letter-boxed), the aiming frame and an optional message."""

    #: Emitted after a frame was painted (the camera worker may send the next one).
    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.message = ""
        self.hint = ""
        #: "Code seen — hold still" while the camera sees a code it cannot read yet
        #: (empty: not now): shown in the hint's place, highlighted, with the aiming
        #: frame in the same colour.
        self.seen = ""
        self.frames_painted = 0
        #: Shown like a mirror (the camera faces the person).
        self.mirrored = True
        self.aim_drawn = False
        self.hint_band = QRectF()
        self.paint_times: list[float] = []
        self.setMinimumSize(160, 90)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_frame(self, image: QImage) -> None:
        self.image = image
        # repaint() rather than update(): the preview is the pacing signal for the worker.
        self.repaint()

    def set_message(self, text: str) -> None:
        self.message = text
        self.update()

    def set_hint(self, text: str) -> None:
        self.hint = text
        self.update()

    def set_seen(self, text: str) -> None:
        """Show ``text`` as the "code seen, hold still" cue (empty: hide it)."""
        if text != self.seen:
            self.seen = text
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#101418"))
        target = QRectF(self.rect())
        if self.image is not None and not self.image.isNull() and not self.message:
            iw, ih = self.image.width(), self.image.height()
            scale = min(self.width() / iw, self.height() / ih)
            w, h = iw * scale, ih * scale
            target = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            if self.mirrored:
                p.save()
                p.translate(target.left() + target.right(), 0)
                p.scale(-1, 1)
                p.drawImage(target, self.image)
                p.restore()
            else:
                p.drawImage(target, self.image)
        has_picture = self.image is not None and not self.image.isNull() and not self.message
        # Aiming frame: a square of corner marks in the middle of the picture.
        side = min(target.width(), target.height()) * 0.62
        aim = QRectF(target.center().x() - side / 2, target.center().y() - side / 2, side,
                     side)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        cue = self.seen if has_picture else ""
        p.setPen(QPen(QColor(SEEN_COLOUR) if cue else QColor(255, 255, 255, 220),
                      max(side * (0.035 if cue else 0.02), 3)))
        arm = side * 0.18
        self.aim_drawn = has_picture
        for x, y, dx, dy in ((aim.left(), aim.top(), 1, 1), (aim.right(), aim.top(), -1, 1),
                             (aim.left(), aim.bottom(), 1, -1),
                             (aim.right(), aim.bottom(), -1, -1)) if has_picture else ():
            p.drawLine(int(x), int(y), int(x + dx * arm), int(y))
            p.drawLine(int(x), int(y), int(x), int(y + dy * arm))
        text = self.message or cue or self.hint
        if text:
            font = QFont(self.font())
            # By the height, but no larger than the width allows (portrait: two lines).
            font.setPixelSize(max(int(min(self.height(), self.width() * 0.9) * 0.045), 14))
            font.setBold(bool(self.message or cue))
            p.setFont(font)
            band = QRectF(0, self.height() * (0.4 if self.message else 0.0), self.width(),
                          self.height() * (0.2 if self.message else 0.12))
            self.hint_band = band
            p.fillRect(band, QColor(SEEN_COLOUR) if cue and not self.message
                       else QColor(0, 0, 0, 150))
            p.setPen(QColor("#101418") if cue and not self.message else QColor("#ffffff"))
            p.drawText(band.adjusted(16, 0, -16, 0),
                       int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
        p.end()
        if self.image is not None:
            self.frames_painted += 1
            self.paint_times.append(time.perf_counter())
            if len(self.paint_times) > 600:
                del self.paint_times[:300]
            self.painted.emit()
