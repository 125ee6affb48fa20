"""The console's devices and pairing pages."""

from __future__ import annotations

import base64

from fastapi import Request
from fastapi.responses import Response

from kiosk.central.console import queries
from kiosk.central.console.pages.base import Views, page
from kiosk.central.console.session import (
    PREFIX,
)
from kiosk.core.times import event_zone
from kiosk.errors import CentralError, ConsoleRefused


class DevicesPages(Views):

    @page("GET", "/devices")
    async def devices_page(self, request: Request) -> Response:
        session = await self.session_of(request)
        event = await self.event_for(request)
        gates = await self.run(self.store.events.gates)
        rows = await self.run(queries.devices, self.store, event)
        return await self.render(request, "devices.html", session, event=event, devices=rows,
                                 gates=gates, gate_names={g["id"]: g["name"] for g in gates},
                                 message=request.query_params.get("message", ""), pairing=None)

    @page("POST", "/pair")
    async def make_pairing(self, request: Request) -> Response:
        session = await self.session_of(request)
        form = await self.form_of(request, session=session)
        event = await self.event_for(request, self.text(form, "event") or None)
        gates = await self.run(self.store.events.gates)
        try:
            minutes = int(self.text(form, "minutes") or "15")
            if not 1 <= minutes <= 24 * 60:
                raise CentralError("A pairing code is valid 1 to 1440 minutes.")
        except ValueError:
            minutes = 0
        try:
            if not minutes:
                raise CentralError("Give the validity in whole minutes (1 to 1440).")
            code = await self.run(self.store.devices.new_pairing_code,
                                  device_name=self.text(form, "name"),
                                  gate_id=self.text(form, "gate") or None, ttl_minutes=minutes,
                                  role=self.text(form, "role") or "kiosk",
                                  event_ids=[event.id] if event else None)
        except CentralError as exc:
            rows = await self.run(queries.devices, self.store, event)
            return await self.render(request, "devices.html", session, status=422, event=event,
                                     devices=rows, gates=gates, error=str(exc), pairing=None,
                                     gate_names={g["id"]: g["name"] for g in gates}, message="")
        from kiosk.core.wire import pairing_text
        from kiosk.tickets.render import qr_png_bytes

        url = str(request.base_url).rstrip("/")
        qr_url = url
        if url.startswith("https://"):
            # The kiosk pins the certificate it pairs over: over https the QR carries
            # its fingerprint, as `kiosk central pair-code --qr` does (without it the
            # kiosk refuses to pair).
            from kiosk.central.tls import published_fingerprint

            fingerprint = await self.run(published_fingerprint, self.store)
            qr_url = f"{url}#sha256={fingerprint}" if fingerprint else url
        qr_text = pairing_text(code.code, qr_url)
        qr = await self.run(qr_png_bytes, qr_text, box_size=12)
        zone = event_zone(event)
        pairing = {"code": code.code, "url": url, "text": qr_text,
                   "qr": "data:image/png;base64," + base64.b64encode(qr).decode(),
                   "until": code.expires_at.astimezone(zone).strftime("%H:%M"),
                   "name": code.device_name, "gate": code.gate_id, "role": str(code.role)}
        rows = await self.run(queries.devices, self.store, event)
        return await self.render(request, "devices.html", session, event=event, devices=rows,
                                 gates=gates, gate_names={g["id"]: g["name"] for g in gates},
                                 pairing=pairing, message="")

    @page("POST", "/devices/{device_id}")
    async def device_action(self, request: Request, device_id: str) -> Response:
        session = await self.session_of(request)
        form = await self.form_of(request, session=session)
        action = self.text(form, "action")
        if action == "revoke":
            await self.run(self.store.devices.revoke, device_id)
            return self.back(f"{PREFIX}/devices", "Device revoked.")
        if action == "rename":
            await self.run(self.store.devices.rename, device_id, self.text(form, "name"))
            return self.back(f"{PREFIX}/devices", "Device renamed.")
        raise ConsoleRefused(422, "Unknown action.", kind="invalid")
