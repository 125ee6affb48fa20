"""The central list's HTTP API, one FastAPI ``APIRouter`` per area (see
:func:`kiosk.central.server.create_app`)."""
