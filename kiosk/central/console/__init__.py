"""The organisers' console on the central list (``/console``): a web session, events and
gates, attendees, import with preview, pairing by QR, live arrivals, flags, exports, in
English and Indonesian. See :mod:`kiosk.central.console.routes`."""

from kiosk.central.console.routes import install_console

__all__ = ["install_console"]
