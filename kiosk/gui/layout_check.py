"""Does a window fit its screen? Every visible widget inside the window, the window
inside the screen, and no label whose text is cut (a wrapping label needs no more height
than it has; a one-line label no more width). Used by the screenshot tool and tests at
each screen size the kiosk and desk must work on (800x480 to 4K, portrait too)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QPushButton, QWidget

from kiosk.gui.ui.text import FittingButton, widest_word

#: Screen sizes the kiosk and desk are tried on (width, height).
SCREEN_SIZES: tuple[tuple[int, int], ...] = (
    (1280, 800), (1366, 768), (1920, 1080), (1080, 1920), (800, 480))


def _inside_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def layout_problems(window: QWidget, screen: QRect | None = None) -> list[str]:
    """Plain descriptions of what does not fit (empty: everything fits)."""
    problems: list[str] = []
    frame = window.frameGeometry()
    if screen is not None and not screen.adjusted(-1, -1, 1, 1).contains(frame):
        problems.append(f"window {frame.width()}x{frame.height()} at {frame.x()},{frame.y()}"
                        f" is not inside the screen {screen.width()}x{screen.height()}")
    bounds = window.rect().adjusted(-1, -1, 1, 1)
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.width() <= 0 or widget.isWindow():
            continue
        if _inside_scroll_area(widget, window):
            continue  # scrolled content may extend past its viewport
        name = widget.objectName() or type(widget).__name__
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not bounds.contains(rect):
            problems.append(f"{name} {rect.getRect()} is outside the window "
                            f"{window.width()}x{window.height()}")
            continue
        if isinstance(widget, QPushButton) and widget.text() and not isinstance(
                widget, FittingButton) and widget.sizeHint().width() > widget.width() + 2:
            problems.append(f"button {name} {widget.text()!r} needs "
                            f"{widget.sizeHint().width()} px width, has {widget.width()}")
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            text = widget.text().replace("\n", " ")[:40]
            if widget.wordWrap():
                need = widget.heightForWidth(widget.width())
                if need > widget.height() + 2:
                    problems.append(f"label {name} {text!r} needs {need} px height, "
                                    f"has {widget.height()}")
                word = widest_word(widget)
                if word is not None and word[1] > widget.contentsRect().width() + 2:
                    # Wrapping cannot help a word wider than the label: it is cut.
                    problems.append(f"label {name}: the word {word[0]!r} needs {word[1]} "
                                    f"px width, has {widget.contentsRect().width()}")
            elif widget.sizeHint().width() > widget.width() + 2:
                problems.append(f"label {name} {text!r} needs {widget.sizeHint().width()} "
                                f"px width, has {widget.width()}")
    return problems
