"""checkin-kiosk: offline-first QR check-in for events.

Packages: ``core`` (ticket codes, verdict rules), ``replica`` (local SQLite),
``sync`` (replica <-> central list), ``scanner`` (frames -> decoded text),
``central`` (the server), ``gui`` (PySide6; the only package that imports Qt).
"""

from __future__ import annotations

__version__ = "0.1.0"
