"""Reusable widgets of the kiosk GUI."""
