"""Parsing attendee lists exported from registration forms and ticketing systems.

Pure parsing and validation (no database): the replica import and the central list's
import both use it, so the same file gives the same attendees everywhere.

- Headers are matched by synonym, in English and Indonesian (Name/Nama, E-mail/Surel,
  Organisation/Instansi, Ticket type/Jenis tiket, Code/Kode, ...), ignoring case,
  spaces and punctuation; unknown columns are kept as attendee details.
- The delimiter is sniffed among ``,`` ``;`` and tab.
- UTF-8 with or without BOM; otherwise Windows-1252 (what Excel writes on Windows in
  most Latin-script locales, Indonesian included), and Latin-1 as the last resort.
- Every bad row is reported with its line number; the caller decides whether to stop.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from kiosk.core.models import Attendee, AttendeeStatus, Event, Gate
from kiosk.errors import ImportFailed

MAX_FILE_BYTES = 200 * 1024 * 1024

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "attendeeid", "registrationid", "registrationno", "noregistrasi",
           "nomorregistrasi", "idpeserta", "orderid", "participantid"),
    "name": ("name", "nama", "fullname", "namalengkap", "attendee", "attendeename",
             "peserta", "namapeserta", "participant", "participantname"),
    "first_name": ("firstname", "givenname", "namadepan", "forename"),
    "last_name": ("lastname", "surname", "familyname", "namabelakang"),
    "email": ("email", "emailaddress", "surel", "alamatemail", "alamatsurel", "mail"),
    "organisation": ("organisation", "organization", "instansi", "organisasi", "company",
                     "perusahaan", "affiliation", "afiliasi", "institution", "institusi"),
    "ticket_type": ("ticket", "tickettype", "jenistiket", "tiket", "tipetiket", "category",
                    "kategori", "type", "jenis", "product", "item"),
    "code": ("code", "kode", "ticketcode", "kodetiket", "barcode", "qr", "qrcode",
             "secret", "kodeqr"),
    "status": ("status", "registrationstatus", "statuspendaftaran"),
}
_HEADER_TO_FIELD = {syn: fieldname for fieldname, syns in _SYNONYMS.items() for syn in syns}
_CANCELLED = {"cancelled", "canceled", "batal", "dibatalkan", "void", "refunded", "revoked"}
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]{2,}$")
_CODE = re.compile(r"^[\x21-\x7e]{3,128}$")
#: What an attendee id may be, from a CSV or a device's walk-in (no slashes, fits a
#: signed ticket's 64-byte field).
ATTENDEE_ID_PATTERN = r"^[\w.:-]{1,64}$"


def _norm_header(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).casefold()
    return re.sub(r"[^a-z0-9]", "", text)


@dataclass(frozen=True)
class AttendeeRecord:
    line: int
    key: str
    external_id: str | None
    name: str
    email: str = ""
    organisation: str = ""
    ticket_type: str = ""
    code: str | None = None
    status: AttendeeStatus = AttendeeStatus.VALID
    details: dict[str, str] = field(default_factory=dict)

    def attendee_id(self, event_id: str) -> str:
        """Stable id: the file's own id column, else derived from the identity key, so that
        re-importing a file (here or on the central list) addresses the same attendees."""
        if self.external_id:
            return self.external_id
        digest = hashlib.sha256(f"{event_id}\x1f{self.key}".encode()).digest()
        return "A" + base64.b32encode(digest).decode()[:12]

    def to_attendee(self, event_id: str, attendee_id: str | None = None) -> Attendee:
        """The attendee of this row in ``event_id`` (``attendee_id``: the id
        :func:`ids_in_event` gave it; default: :meth:`attendee_id`)."""
        return Attendee(
            id=attendee_id or self.attendee_id(event_id),
            event_id=event_id,
            name=self.name,
            code=self.code,
            email=self.email,
            organisation=self.organisation,
            ticket_type=self.ticket_type,
            status=self.status,
            details=dict(self.details),
            source="import",
        )


@dataclass
class ParsedFile:
    records: list[AttendeeRecord]
    problems: list[tuple[int, str]]
    delimiter: str
    encoding: str
    columns: dict[str, str]  # original header -> field (or "details")

    @property
    def fields_present(self) -> set[str]:
        """Attendee fields this file has columns for ("details" only for named extra
        columns: a blank header, as a trailing delimiter makes, holds no detail)."""
        present = {f for h, f in self.columns.items() if f != "details" or h.strip()}
        if "first_name" in present or "last_name" in present:
            present.add("name")
        return present

    def kept_on_reimport(self, *, has_code: bool) -> set[str]:
        """The stored fields that importing a row of this file over an existing attendee
        leaves as they are — the one rule both the replica and the central list apply.

        A file only changes what it says: a column absent from the file leaves that field
        alone; an empty code cell never wipes an issued code; the status changes only when
        the file has a status column (so a cancellation made on the list survives a
        re-import of the original file); the source of a record never changes. Re-importing
        an unchanged file therefore changes nothing.
        """
        present = self.fields_present
        keep = {f for f in ("name", "email", "organisation", "ticket_type", "status",
                            "details") if f not in present}
        if not has_code:
            keep.add("code")
        keep.add("source")
        return keep

    def merge(self, new: Attendee, existing: Attendee | None) -> Attendee:
        """What re-importing ``new`` over ``existing`` should store (see
        :meth:`kept_on_reimport`)."""
        if existing is None:
            return new
        keep = self.kept_on_reimport(has_code=new.code is not None)
        return replace(new, **{f: getattr(existing, f) for f in keep})


def scoped_attendee_id(event_id: str, attendee_id: str) -> str:
    """The id of an event's attendee whose file id ``attendee_id`` another event holds
    already (the same CSV id in two events is two people): ``<event>:<id>``, or a hash of
    both when that would break the id rule (:data:`ATTENDEE_ID_PATTERN`)."""
    scoped = f"{event_id}:{attendee_id}"
    if re.match(ATTENDEE_ID_PATTERN, scoped):
        return scoped
    digest = hashlib.sha256(f"{event_id}\x1fid\x1f{attendee_id}".encode()).digest()
    return "A" + base64.b32encode(digest).decode()[:12]


def ids_in_event(records: Sequence[AttendeeRecord], event_id: str,
                 events_of: Callable[[Sequence[str]], Mapping[str, str]]) -> dict[int, str]:
    """The attendee id of each record (by line) in ``event_id``: the file's own (or
    derived) id, unless an attendee of another event is stored under it — then
    :func:`scoped_attendee_id`, and kept once given, so re-importing the file addresses
    the same people. ``events_of(ids)``: the event of each id stored (deleted ones too)."""
    plain = {rec.line: rec.attendee_id(event_id) for rec in records}
    scoped = {line: scoped_attendee_id(event_id, aid) for line, aid in plain.items()}
    owners = events_of(sorted({*plain.values(), *scoped.values()}))
    ids = {}
    for line, aid in plain.items():
        given_before = owners.get(scoped[line]) == event_id
        taken_elsewhere = owners.get(aid, event_id) != event_id
        ids[line] = scoped[line] if given_before or taken_elsewhere else aid
    return ids


def importable_records(
    parsed: ParsedFile,
    event_id: str,
    owner_of: Callable[[str], tuple[str, str] | None],
    *,
    skip_invalid: bool,
    skip_hint: str = "--skip-invalid",
    ids: Mapping[int, str] | None = None,
) -> tuple[list[AttendeeRecord], list[tuple[int, str]]]:
    """The rows of ``parsed`` that may be stored, and every problem sorted by line.

    Codes must be unique in the event, not only in the file: ``owner_of(code)`` gives
    the (attendee id, how to name them) already holding a code, or None (``ids``: each
    record's id by line, from :func:`ids_in_event`). Raises :class:`ImportFailed` listing
    every problem (nothing stored) unless ``skip_invalid``; ``skip_hint`` names the switch
    that allows it (CLI flag or web parameter).
    """
    problems = list(parsed.problems)
    good = []
    for rec in parsed.records:
        if rec.code:
            owner = owner_of(rec.code)
            mine = ids[rec.line] if ids is not None else rec.attendee_id(event_id)
            if owner is not None and owner[0] != mine:
                problems.append((rec.line, f"ticket code {rec.code!r} already belongs to "
                                           f"{owner[1] or owner[0]}"))
                continue
        good.append(rec)
    problems.sort()
    if problems and not skip_invalid:
        raise ImportFailed(
            f"Nothing was imported: {len(problems)} invalid row(s). Fix them, or use "
            f"{skip_hint} to import the other rows.",
            problems,
        )
    return good, problems


# -- the import planner: one rule for the replica and the central list -----------------

#: The event a file goes to when none is named and the list has none yet.
DEFAULT_EVENT_ID, DEFAULT_EVENT_NAME = "event", "Event"
#: The gate an event without gates gets, so its attendees can be admitted somewhere.
DEFAULT_GATE_ID, DEFAULT_GATE_NAME = "main", "Main entrance"


class ImportLookup(Protocol):
    """What the planner reads from the list it plans for, inside the importing
    transaction (storage implements it: the replica, the central list)."""

    def event(self, event_id: str) -> Event | None:
        """The event ``event_id``, or None."""

    def default_event(self) -> Event | None:
        """The event a file without an event name goes to, or None when there is none."""

    def has_gates(self, event_id: str) -> bool:
        """Does event ``event_id`` have a gate (not deleted)?"""

    def gate_taken(self, gate_id: str) -> bool:
        """Is there a gate ``gate_id`` (of any event)?"""

    def code_owner(self, code: str, event_id: str) -> tuple[str, str] | None:
        """(id, name) of the attendee of ``event_id`` holding ``code``, or None."""

    def attendees(self, ids: Sequence[str]) -> dict[str, Attendee]:
        """The stored attendees (not deleted) among ``ids``, by id."""

    def attendee_events(self, ids: Sequence[str]) -> dict[str, str]:
        """The event of each attendee stored under one of ``ids`` (deleted ones too)."""


@dataclass
class ImportSummary:
    event_id: str
    rows: int
    added: int
    updated: int
    unchanged: int
    skipped: list[tuple[int, str]] = field(default_factory=list)
    delimiter: str = ","
    encoding: str = "utf-8"

    def text(self) -> str:
        delim = {"\t": "tab", ",": "comma", ";": "semicolon"}.get(self.delimiter, self.delimiter)
        lines = [
            f"Imported {self.rows} row{'' if self.rows == 1 else 's'} into event {self.event_id!r} "
            f"({self.encoding}, {delim}-separated): {self.added} added, "
            f"{self.updated} updated, {self.unchanged} unchanged."
        ]
        if self.skipped:
            n = len(self.skipped)
            lines.append(f"Skipped {n} invalid row{'' if n == 1 else 's'}:")
            lines += [f"  line {n}: {reason}" for n, reason in self.skipped]
        return "\n".join(lines)


@dataclass(frozen=True)
class ImportPlan:
    """Everything one import writes, decided before anything is written. The importer
    stores it inside the transaction that read the lookup, so a refused file (raised by
    :func:`plan_import`) leaves no trace: no event, no gate, no attendee."""

    parsed: ParsedFile
    event: Event
    #: True: ``event`` is new (with its own signing key) and must be stored.
    new_event: bool
    #: A gate to store for an event that has none, or None.
    new_gate: Gate | None
    #: The attendees to upsert, already merged with what is stored (:meth:`ParsedFile.merge`).
    attendees: list[Attendee]
    #: attendee id -> the file's identity key for them.
    import_keys: dict[str, str]
    skipped: list[tuple[int, str]]

    def summary(self, added: int, updated: int, unchanged: int) -> ImportSummary:
        return ImportSummary(event_id=self.event.id, rows=added + updated + unchanged,
                             added=added, updated=updated, unchanged=unchanged,
                             skipped=self.skipped, delimiter=self.parsed.delimiter,
                             encoding=self.parsed.encoding)


def plan_import(parsed: ParsedFile, lookup: ImportLookup, *, event_name: str | None = None,
                skip_invalid: bool = False, skip_hint: str = "--skip-invalid",
                event_id: str | None = None) -> ImportPlan:
    """What importing ``parsed`` into the list behind ``lookup`` writes.

    The event: ``event_id`` when given (an existing event, e.g. the one the console's
    page is about; :class:`ImportFailed` when there is none), else the one named
    (created if new), else the list's default one, else a new "Event". An event without
    gates gets one, "main" ("Main entrance"), or "<event>-main" when another event has
    "main" already. Raises :class:`ImportFailed` listing every problem unless
    ``skip_invalid`` (see :func:`importable_records`)."""
    from kiosk.core.tickets import generate_keypair

    if event_id is not None:
        event = lookup.event(event_id)
        if event is None:
            raise ImportFailed(f"There is no event {event_id!r} on this list: nothing was "
                               "imported.")
    else:
        event_id = slugify(event_name) if event_name else None
        event = lookup.event(event_id) if event_id else lookup.default_event()
    new_event = event is None
    if event is None:
        from kiosk.core.times import local_timezone_name

        private, public = generate_keypair()
        event = Event(id=event_id or DEFAULT_EVENT_ID,
                      name=(event_name or DEFAULT_EVENT_NAME).strip(),
                      timezone=local_timezone_name(), public_key=public, private_key=private)
    new_gate = None
    if new_event or not lookup.has_gates(event.id):
        gate_id = f"{event.id}-main" if lookup.gate_taken(DEFAULT_GATE_ID) else DEFAULT_GATE_ID
        new_gate = Gate(gate_id, event.id, DEFAULT_GATE_NAME)
    ids = ids_in_event(parsed.records, event.id, lookup.attendee_events)
    good, problems = importable_records(parsed, event.id,
                                        lambda code: lookup.code_owner(code, event.id),
                                        skip_invalid=skip_invalid, skip_hint=skip_hint,
                                        ids=ids)
    fresh = [rec.to_attendee(event.id, ids[rec.line]) for rec in good]
    stored = lookup.attendees([a.id for a in fresh])
    attendees = [parsed.merge(a, stored.get(a.id)) for a in fresh]
    return ImportPlan(parsed, event, new_event, new_gate, attendees,
                      {a.id: rec.key for a, rec in zip(attendees, good, strict=True)}, problems)


def decode_bytes(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    for enc in ("utf-8", "cp1252"):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def parse_csv_file(path: str | Path) -> ParsedFile:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFailed(f"{p.name} is {size // 1_000_000} MB; the limit is 200 MB.")
        raw = p.read_bytes()
    except FileNotFoundError as exc:
        raise ImportFailed(f"File not found: {p}") from exc
    except IsADirectoryError as exc:
        raise ImportFailed(f"{p} is a folder, not a CSV file.") from exc
    except PermissionError as exc:
        raise ImportFailed(f"Cannot read {p}: permission denied.") from exc
    return parse_csv_bytes(raw)


def parse_csv_bytes(raw: bytes) -> ParsedFile:
    if b"\x00" in raw[:4096]:
        raise ImportFailed(
            "This does not look like a CSV text file (it contains binary data). "
            "If it is a spreadsheet, save it as CSV first."
        )
    text, encoding = decode_bytes(raw)
    if "\x00" in text:
        # Anywhere, not only in the first 4 KiB: a NUL stored in a name breaks
        # PostgreSQL, exports and every screen that shows it.
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFailed(
            f"Line {line} contains a NUL character (binary data): nothing was imported. "
            "Save the file again as plain CSV text.", [(line, "NUL character")])
    if not text.strip():
        raise ImportFailed("The file is empty.")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise ImportFailed(f"Cannot read the header row: {exc}") from exc
    columns: dict[str, str] = {}
    index: dict[str, int] = {}
    for i, h in enumerate(header):
        fieldname = _HEADER_TO_FIELD.get(_norm_header(h))
        if fieldname and fieldname not in index:
            index[fieldname] = i
            columns[h] = fieldname
        else:
            columns[h] = "details"
    if "name" not in index and "first_name" not in index:
        found = ", ".join(repr(h) for h in header)
        raise ImportFailed(
            f"No name column found (looked for Name/Nama/Full name...). Columns found: {found}."
        )
    detail_cols = [(i, h.strip()) for i, h in enumerate(header)
                   if columns[h] == "details" and h.strip()]

    records: list[AttendeeRecord] = []
    problems: list[tuple[int, str]] = []
    seen_codes: dict[str, int] = {}
    seen_keys: dict[str, int] = {}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append((reader.line_num, f"unreadable row: {exc}"))
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
            problems.append(
                (line, f"has {len(row)} fields but the header has {len(header)} "
                       f"(a stray '{delimiter}' or quote?)")
            )
            continue

        def get(fieldname: str, row: list[str] = row) -> str:
            i = index.get(fieldname)
            return row[i].strip() if i is not None and i < len(row) else ""

        name = get("name") or " ".join(p for p in (get("first_name"), get("last_name")) if p)
        name = " ".join(name.split())
        if not name:
            problems.append((line, "no name"))
            continue
        email = get("email")
        if email and not _EMAIL.match(email):
            problems.append((line, f"malformed e-mail address {email!r}"))
            continue
        code = get("code") or None
        if code is not None and not _CODE.match(code):
            problems.append((line, f"ticket code {code!r} is not 3-128 printable characters "
                                   "without spaces"))
            continue
        if code is not None:
            if code in seen_codes:
                problems.append((line, f"duplicate ticket code {code!r} (also on line "
                                       f"{seen_codes[code]})"))
                continue
            seen_codes[code] = line
        external_id = get("id") or None
        if external_id is not None and not re.match(ATTENDEE_ID_PATTERN, external_id):
            problems.append((line, f"id {external_id!r} must be 1-64 letters, digits, . : - _"))
            continue
        if external_id:
            key = "id:" + external_id
        elif code:
            key = "code:" + code
        elif email:
            key = "email:" + email.casefold()
        else:
            key = "name:" + name.casefold() + "|" + get("organisation").casefold()
        if key in seen_keys:
            # One whole sentence per kind of key, so each can be translated whole.
            first = seen_keys[key]
            if external_id:
                problems.append((line, f"same person as line {first}: the same id "
                                       f"{external_id!r}"))
            elif code:
                problems.append((line, f"same person as line {first}: the same ticket "
                                       f"code {code!r}"))
            elif email:
                problems.append((line, f"same person as line {first}: the same e-mail "
                                       f"address {email!r}"))
            else:
                problems.append((line, f"same person as line {first}: the same name "
                                       f"{name!r} and organisation {get('organisation')!r}"))
            continue
        seen_keys[key] = line
        status_text = get("status").casefold()
        status = AttendeeStatus.CANCELLED if status_text in _CANCELLED else AttendeeStatus.VALID
        details = {h: row[i].strip() for i, h in detail_cols if i < len(row) and row[i].strip()}
        records.append(
            AttendeeRecord(
                line=line, key=key, external_id=external_id, name=name, email=email,
                organisation=get("organisation"), ticket_type=get("ticket_type"), code=code,
                status=status, details=details,
            )
        )
    return ParsedFile(records, problems, delimiter, encoding, columns)


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "event"
