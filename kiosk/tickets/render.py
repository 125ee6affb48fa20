"""Rendering ticket codes as QR images and printable PDF sheets, from attendees (where
they come from, and issuing their codes, is the storage side's: kiosk/replica/codes.py).

Error correction M by default (15% damage tolerated) and the standard 4-module quiet
zone: signed codes are ~140 alphanumeric characters, which fit a version-7 symbol at M
with modules large enough for phone cameras at arm's length.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import qrcode
import qrcode.constants
from qrcode.image.pil import PilImage

from kiosk.core.models import Attendee
from kiosk.errors import TicketError

_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


def make_qr(text: str, *, level: str = "M", box_size: int = 8, border: int = 4) -> qrcode.QRCode:
    qr = qrcode.QRCode(error_correction=_LEVELS[level], box_size=box_size, border=border)
    # qrcode picks the densest mode per segment: our signed codes go in alphanumeric mode.
    qr.add_data(text, optimize=0)
    qr.make(fit=True)
    return qr


def qr_png_bytes(text: str, *, level: str = "M", box_size: int = 8, border: int = 4) -> bytes:
    img = make_qr(text, level=level, box_size=box_size, border=border).make_image(
        image_factory=PilImage
    )
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def qr_svg(text: str, *, level: str = "M") -> str:
    import qrcode.image.svg

    img = make_qr(text, level=level, box_size=10).make_image(
        image_factory=qrcode.image.svg.SvgPathImage
    )
    return img.to_string(encoding="unicode")


@dataclass
class CodesSummary:
    written: int
    pdf: Path | None
    #: Signed codes issued for attendees that had none (by whoever issued them first).
    issued: int = 0


def check_targets(out_dir: str | Path, pdf: str | Path | None = None) -> Path:
    """The folder for QR images, created; TicketError (before anything is issued or
    written) when it or the PDF's folder cannot be used."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise TicketError(f"{out} is a file; --out needs a folder for the QR images.")
    if pdf is not None and not Path(pdf).parent.is_dir():
        raise TicketError(f"Cannot write {pdf}: the folder {Path(pdf).parent} does not exist.")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TicketError(f"Cannot create the folder {out}: {exc.strerror or exc}.") from exc
    return out


def write_codes(
    attendees: Iterable[Attendee], out_dir: str | Path, *, pdf: str | Path | None = None,
    level: str = "M", event_names: dict[str, str] | None = None,
) -> CodesSummary:
    """``out_dir/<attendee id>.png`` for every attendee with a code, and optionally a PDF
    sheet of their tickets (``event_names`` maps event ids to the names printed)."""
    out = check_targets(out_dir, pdf)
    coded = [a for a in attendees if a.code]
    for a in coded:
        assert a.code is not None
        (out / safe_file_name(a.id, ".png")).write_bytes(qr_png_bytes(a.code, level=level))
    pdf_path = None
    if pdf is not None:
        pdf_path = Path(pdf)
        write_ticket_sheet(coded, pdf_path, event_names=event_names, level=level)
    return CodesSummary(written=len(coded), pdf=pdf_path)


def safe_file_name(name: str, suffix: str = "") -> str:
    """A file name made from an id (an attendee id comes from a CSV or a device) that
    stays inside the folder it is written to: only letters, digits, ``-``, ``_`` and
    inner dots; no path separators, no leading dot (``..``, hidden files), no device
    names, at most 100 characters. When anything had to change, a short hash of the
    original keeps two different ids from landing on one file."""
    import hashlib

    clean = "".join(c if (c.isascii() and c.isalnum()) or c in "-_." else "_" for c in name)
    clean = clean.lstrip(".")[:100] or "_"
    if clean != name or clean.upper().split(".")[0] in _DEVICE_NAMES:
        clean = f"{clean[:90]}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:8]}"
    return clean + suffix


#: Names Windows reserves in every folder (a ticket folder may be copied there).
_DEVICE_NAMES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                           *(f"LPT{i}" for i in range(10))})


def write_ticket_sheet(
    attendees: Iterable[Attendee],
    path: str | Path,
    *,
    event_names: dict[str, str] | None = None,
    level: str = "M",
) -> None:
    """A4 pages, 2 x 4 tickets each: event, name, organisation, ticket type and the QR code,
    with cut marks. Fonts: DejaVu when installed (Indonesian and accented names), else
    Helvetica."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    font, bold = _fonts()
    page_w, page_h = A4
    cols, rows = 2, 4
    margin = 10 * mm
    cell_w = (page_w - 2 * margin) / cols
    cell_h = (page_h - 2 * margin) / rows
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Tickets")
    items = list(attendees)
    if not items:
        c.setFont(font, 14)
        c.drawString(margin, page_h - margin - 14, "No attendees with ticket codes.")
    per_page = cols * rows
    for i, a in enumerate(items):
        if i and i % per_page == 0:
            c.showPage()
        slot = i % per_page
        x = margin + (slot % cols) * cell_w
        y = page_h - margin - (slot // cols + 1) * cell_h
        c.setDash(2, 3)
        c.setStrokeGray(0.6)
        c.rect(x, y, cell_w, cell_h)
        c.setDash()
        qr_side = min(cell_h - 12 * mm, cell_w * 0.55)
        assert a.code is not None
        png = qr_png_bytes(a.code, level=level, box_size=6)
        c.drawImage(ImageReader(io.BytesIO(png)), x + 4 * mm, y + (cell_h - qr_side) / 2,
                    qr_side, qr_side)
        tx = x + 8 * mm + qr_side
        ty = y + cell_h - 12 * mm
        width = cell_w - qr_side - 12 * mm
        c.setFillGray(0.35)
        c.setFont(font, 8)
        event_name = (event_names or {}).get(a.event_id, a.event_id)
        c.drawString(tx, ty, _fit(event_name, 8, width, c, font))
        c.setFillGray(0)
        c.setFont(bold, 13)
        for n, line in enumerate(_wrap(a.name or a.id, bold, 13, width, c)[:3]):
            c.drawString(tx, ty - 16 - n * 15, line)
        c.setFont(font, 9)
        c.drawString(tx, ty - 68, _fit(a.organisation, 9, width, c, font))
        c.setFont(bold, 10)
        c.drawString(tx, ty - 84, _fit(a.ticket_type, 10, width, c, bold))
        c.setFont(font, 6)
        c.setFillGray(0.4)
        c.drawString(x + 4 * mm, y + 3 * mm, f"ID {a.id}")
        c.setFillGray(0)
    c.showPage()
    c.save()


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    candidates = [
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ]
    if all(p.exists() for p in candidates):
        try:
            pdfmetrics.registerFont(TTFont("DejaVu", str(candidates[0])))
            pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(candidates[1])))
            return "DejaVu", "DejaVu-Bold"
        except Exception:  # noqa: BLE001 - a broken font file falls back to Helvetica
            pass
    return "Helvetica", "Helvetica-Bold"


def _fit(text: str, size: float, width: float, c: object, font: str) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _wrap(text: str, font: str, size: float, width: float, c: object) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if stringWidth(trial, font, size) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return [_fit(line, size, width, c, font) for line in lines]
