"""Ticket output: QR images (PNG/SVG) and printable PDF sheets of tickets."""
