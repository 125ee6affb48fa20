"""Devices and pairing over HTTP: ``POST /api/v1/pair``, ``GET /api/v1/whoami`` and the
organisers' revoke button."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from pydantic import Field

from kiosk.central.api.http import API, Body, authed, client_address, organiser, store_of
from kiosk.central.db import iso, utcnow
from kiosk.central.devices import Device
from kiosk.core import wire
from kiosk.errors import AuthFailed

router = APIRouter()


class PairRequest(Body):
    code: str = Field(min_length=4, max_length=32)
    device_name: str = Field("", max_length=100)
    replaces_token: str | None = Field(
        None, max_length=200, description="the token of this kiosk's earlier pairing with "
                                          "this list (that device is revoked)")


@router.post(f"{API}/pair", summary="Exchange a pairing code for a device token")
def pair(request: Request, body: PairRequest) -> dict[str, Any]:
    throttle = request.app.state.throttle
    address = client_address(request)
    throttle.check("pair", address, "pairing")
    try:
        paired = store_of(request).devices.pair(body.code, device_name=body.device_name,
                                                replaces_token=body.replaces_token)
    except AuthFailed:
        throttle.failed("pair", address)
        raise
    return wire.encode_pair_answer(wire.PairAnswer(
        device_id=paired.device_id, device_name=paired.device_name, token=paired.token,
        gate_id=paired.gate_id, role=str(paired.role), event_ids=tuple(paired.event_ids),
        server_time=iso(utcnow())))


@router.get(f"{API}/whoami", summary="Check the token; cheap online probe")
def whoami(dev: Device = authed) -> dict[str, Any]:
    return {"device_id": dev.id, "device_name": dev.name, "gate_id": dev.gate_id,
            "role": str(dev.role), "event_ids": sorted(dev.event_ids),
            "server_time": iso(utcnow())}


@router.post("/admin/devices/{device_id}/revoke", include_in_schema=False,
             dependencies=[Depends(organiser)])
def revoke(request: Request, device_id: str) -> Response:
    store_of(request).devices.revoke(device_id)
    return JSONResponse({"revoked": device_id, "message": "Device revoked."})
