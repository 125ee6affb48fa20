"""The installed PySide6 keeps None/True/False reference counts straight.

PySide6 6.12.0 on Python 3.11 decremented None on every void method call and True on
every signal emit, so a kiosk running for hours aborted ("none_dealloc"). Before 3.12
these objects are not immortal, so the drift is measurable."""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

pytestmark = pytest.mark.skipif(sys.version_info >= (3, 12),
                                reason="None/True are immortal from Python 3.12 on")


class _Emitter(QObject):
    fired = Signal(object)


def _drift(fn, n=2000) -> tuple[int, int, int]:
    gc.collect()
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(n):
        fn()
    gc.collect()
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    return tuple(a - b for a, b in zip(after, before, strict=True))  # type: ignore[return-value]


def test_void_calls_and_emits_do_not_leak_references_to_singletons(qapp):
    label = QLabel("x")
    emitter = _Emitter()
    received = []
    emitter.fired.connect(received.append)
    for fn in (lambda: label.setText("y"), lambda: label.setVisible(False),
               lambda: emitter.fired.emit({"n": 1})):
        received.clear()
        none, true, false = _drift(fn)
        # A few references come and go with caches; a leak is one per call (2000).
        assert abs(none) < 100 and abs(true) < 100 and abs(false) < 100, (none, true, false)
