"""A kiosk paired with a pretix event (issue 16): pretix's device API behind the sync
engine's interface. See docs/pretix.md and :mod:`kiosk.pretix.engine`."""
