"""PyInstaller runtime hook: make pyzbar load the libzbar that ships inside the bundle.

pyzbar finds zbar with ``ctypes.util.find_library("zbar")``, which on Linux asks the
system's ldconfig cache: on a kiosk without the libzbar0 package it finds nothing, and on
one with it, it would load the system's copy instead of the tested one. Windows wheels and
our macOS recipe put the library beside pyzbar or in the bundle folder; this hook makes all
of them resolve to the bundled file first.
"""

from __future__ import annotations

import ctypes.util
import os
import sys

_BUNDLED_ZBAR_NAMES = ("libzbar.so.0", "libzbar.0.dylib", "libzbar.dylib")
_system_find_library = ctypes.util.find_library


def _find_library(name: str) -> str | None:
    if name == "zbar":
        bundle = getattr(sys, "_MEIPASS", "")
        for filename in _BUNDLED_ZBAR_NAMES:
            path = os.path.join(bundle, filename)
            if os.path.isfile(path):
                return path
    return _system_find_library(name)


ctypes.util.find_library = _find_library
