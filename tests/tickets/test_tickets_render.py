"""QR images and PDF sheets decode back to the codes we issued."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from kiosk.core.verdicts import Verdict
from kiosk.replica.checkin import CheckInService
from kiosk.replica.codes import export_codes
from kiosk.replica.db import Replica
from kiosk.replica.importer import import_csv
from kiosk.scanner.decode import decode_frame
from kiosk.tickets.render import qr_png_bytes, qr_svg, write_codes


def test_png_round_trip_with_quiet_zone() -> None:
    code = "CK1-" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" * 4
    png = qr_png_bytes(code, box_size=4)
    img = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert [c.text for c in decode_frame(img)] == [code]
    # quiet zone: the 4-module border is white all round
    assert img[:16, :].min() == 255 and img[:, :16].min() == 255


def test_svg_is_vector() -> None:
    assert qr_svg("HELLO").lstrip().startswith(("<?xml", "<svg"))


def test_codes_issue_signed_codes_that_scan(tmp_path: Path, sample_csv: Path) -> None:
    with Replica(tmp_path / "r.db") as r:
        import_csv(r, sample_csv)
        summary = export_codes(r, tmp_path / "out", pdf=tmp_path / "sheet.pdf")
        assert summary.written == 4 and summary.issued == 4
        service = CheckInService(r)
        for a in r.attendees():
            img = cv2.imread(str(tmp_path / "out" / f"{a.id}.png"), cv2.IMREAD_GRAYSCALE)
            decoded = decode_frame(img)
            assert [d.text for d in decoded] == [a.code]
            assert service.scan(decoded[0].text).verdict is Verdict.ACCEPTED
        again = export_codes(r, tmp_path / "out")
        assert again.issued == 0  # codes are issued once
    pdf = (tmp_path / "sheet.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(
        b"/Type /Page ") >= 1


def test_rendering_takes_attendees_not_a_replica(tmp_path: Path) -> None:
    """tickets/ draws what it is given: no storage needed (and none imported)."""
    from kiosk.core.models import Attendee
    from kiosk.tickets.render import safe_file_name

    people = [Attendee(id="p/1", event_id="e", name="Dewi", code="DEWI-0001"),
              Attendee(id="p2", event_id="e", name="No code yet")]
    summary = write_codes(people, tmp_path / "out", pdf=tmp_path / "s.pdf",
                          event_names={"e": "Event"})
    assert (summary.written, summary.issued) == (1, 0)
    img = cv2.imread(str(tmp_path / "out" / safe_file_name("p/1", ".png")), cv2.IMREAD_GRAYSCALE)
    assert [d.text for d in decode_frame(img)] == ["DEWI-0001"]
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")


def test_no_code_is_issued_when_the_folder_is_unusable(tmp_path: Path,
                                                       sample_csv: Path) -> None:
    import pytest

    from kiosk.errors import TicketError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with Replica(tmp_path / "r.db") as r:
        import_csv(r, sample_csv)
        with pytest.raises(TicketError, match="is a file"):
            export_codes(r, blocker)
        assert all(not a.code for a in r.attendees())
