"""CSV import: synonyms, delimiters, encodings, idempotence, all-or-nothing, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.attendee_csv import parse_csv_bytes
from kiosk.errors import ImportFailed
from kiosk.replica.db import Replica
from kiosk.replica.importer import import_csv


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_indonesian_headers_semicolon_and_details(tmp_path: Path, sample_csv: Path) -> None:
    with Replica(tmp_path / "r.db") as r:
        summary = import_csv(r, sample_csv, event_name="FOSS Nusantara")
        assert (summary.added, summary.updated, summary.unchanged) == (4, 0, 0)
        assert summary.delimiter == ";"
        jose = r.search("jose")[0]
        assert jose.email == "jose@example.org"
        assert jose.organisation == "Linux Foundation"
        assert jose.ticket_type == "Workshop"
        assert jose.details == {"Ukuran kaos": "M", "Catatan": "vegetarian"}
        assert r.get_event("foss-nusantara") is not None
        assert [g.id for g in r.gates()] == ["main"]


@pytest.mark.parametrize(
    ("header", "sep"),
    [
        ("Name,E-mail,Organisation,Ticket type,Code", ","),
        ("Full name;Email;Organization;Ticket;Kode", ";"),
        ("NAMA\tSUREL\tINSTANSI\tJenis Tiket\tKODE", "\t"),
    ],
)
def test_header_synonyms_and_delimiters(tmp_path: Path, header: str, sep: str) -> None:
    rows = [header, sep.join(["Ana Lim", "ana@example.com", "ACME", "Regular", "C-100"]),
            sep.join(["Bo Tan", "", "", "VIP", "C-101"])]
    path = write(tmp_path, "a.csv", ("\n".join(rows) + "\n").encode())
    with Replica(tmp_path / "r.db") as r:
        import_csv(r, path)
        ana = r.attendee_by_code("C-100")
        assert ana is not None and ana.name == "Ana Lim" and ana.organisation == "ACME"
        bo = r.attendee_by_code("C-101")
        assert bo is not None and bo.ticket_type == "VIP"


def test_bom_and_legacy_encoding(tmp_path: Path) -> None:
    text = "Name,Email\r\nJosé Ramírez,jose@example.org\r\nÑandú Pérez,\r\n"
    bom = write(tmp_path, "bom.csv", b"\xef\xbb\xbf" + text.encode("utf-8"))
    legacy = write(tmp_path, "legacy.csv", text.encode("cp1252"))
    for path, encoding in ((bom, "utf-8-sig"), (legacy, "cp1252")):
        with Replica(tmp_path / f"{path.stem}.db") as r:
            summary = import_csv(r, path)
            assert summary.encoding == encoding
            assert sorted(a.name for a in r.attendees()) == ["José Ramírez", "Ñandú Pérez"]


def test_reimport_changes_nothing_and_edits_update(tmp_path: Path, sample_csv: Path) -> None:
    with Replica(tmp_path / "r.db") as r:
        import_csv(r, sample_csv)
        before = {a.id: a for a in r.attendees()}
        stamp = r.conn.execute("SELECT max(updated_at) FROM attendees").fetchone()[0]
        again = import_csv(r, sample_csv)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
        assert r.conn.execute("SELECT max(updated_at) FROM attendees").fetchone()[0] == stamp
        edited = sample_csv.read_text().replace("Linux Foundation", "The Linux Foundation")
        sample_csv.write_text(edited + "Rina Ayu;rina@example.id;ITB;Regular;M;\n")
        third = import_csv(r, sample_csv)
        assert (third.added, third.updated, third.unchanged) == (1, 1, 3)
        after = {a.id: a for a in r.attendees()}
        assert set(before) < set(after)  # same ids: re-import addresses the same people
        assert r.search("jose")[0].organisation == "The Linux Foundation"


BAD = (
    "Name,Email,Code\n"
    "Good One,good@example.com,G-1\n"
    ",nobody@example.com,G-2\n"          # line 3: no name
    "Bad Mail,not-an-email,G-3\n"        # line 4: malformed e-mail
    "Dup Code,dup@example.com,G-1\n"     # line 5: duplicate code
    "Too Many,x@example.com,G-5,extra\n"  # line 6: extra field
    "Good Two,two@example.com,G-6\n"
)


def test_bad_rows_import_nothing_and_are_all_listed(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.csv", BAD.encode())
    with Replica(tmp_path / "r.db") as r:
        with pytest.raises(ImportFailed) as info:
            import_csv(r, path)
        lines = [n for n, _ in info.value.problems]
        assert lines == [3, 4, 5, 6]
        reasons = dict(info.value.problems)
        assert reasons[3] == "no name"
        assert "e-mail" in reasons[4]
        assert "duplicate ticket code 'G-1'" in reasons[5] and "line 2" in reasons[5]
        assert "4 fields" in reasons[6]
        assert r.attendee_count() == 0


def test_skip_invalid_imports_the_good_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.csv", BAD.encode())
    with Replica(tmp_path / "r.db") as r:
        summary = import_csv(r, path, skip_invalid=True)
        assert summary.added == 2
        assert [n for n, _ in summary.skipped] == [3, 4, 5, 6]
        assert sorted(a.name for a in r.attendees()) == ["Good One", "Good Two"]


def test_code_already_used_by_another_attendee(tmp_path: Path) -> None:
    # With an id column, the id is the identity: a second person may not take Ana's code.
    first = write(tmp_path, "1.csv", b"ID,Name,Code\n1,Ana,X-1\n")
    second = write(tmp_path, "2.csv", b"ID,Name,Code\n2,Bo,X-1\n")
    with Replica(tmp_path / "r.db") as r:
        import_csv(r, first)
        with pytest.raises(ImportFailed) as info:
            import_csv(r, second)
        assert "already belongs to Ana" in info.value.problems[0][1]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"Email,Code\nx@example.com,C1\n", "No name column"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_bad_files(data: bytes, message: str) -> None:
    with pytest.raises(ImportFailed, match=message):
        parse_csv_bytes(data)


def test_first_and_last_name_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", b"First name;Last name;Surel\nAna;Lim;ana@x.id\n")
    with Replica(tmp_path / "r.db") as r:
        import_csv(r, path)
        assert [a.name for a in r.attendees()] == ["Ana Lim"]


def test_cancelled_status_column(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", b"Nama,Kode,Status\nAna,K-1,Batal\nBo,K-2,paid\n")
    with Replica(tmp_path / "r.db") as r:
        import_csv(r, path)
        ana, bo = r.attendee_by_code("K-1"), r.attendee_by_code("K-2")
        assert ana is not None and ana.status == "cancelled"
        assert bo is not None and bo.status == "valid"


def test_same_code_new_name_is_a_transferred_ticket(tmp_path: Path) -> None:
    # Without an id column the ticket code is the identity: a new name on the same code is
    # the same ticket handed to someone else, so it updates instead of adding.
    first = write(tmp_path, "1.csv", b"Name,Email,Code\nAna,ana@example.com,X-1\n")
    second = write(tmp_path, "2.csv", b"Name,Email,Code\nBo,bo@example.com,X-1\n")
    with Replica(tmp_path / "r.db") as r:
        import_csv(r, first)
        summary = import_csv(r, second)
        assert (summary.added, summary.updated) == (0, 1)
        assert [a.name for a in r.attendees()] == ["Bo"]


def test_reimport_keeps_issued_codes_and_cancellations(tmp_path: Path, sample_csv: Path) -> None:
    """QA finding: re-importing the original file un-cancelled people and wiped codes."""
    from dataclasses import replace

    from kiosk.core.models import AttendeeStatus
    from kiosk.replica.codes import issue_missing_codes

    with Replica(tmp_path / "r.db") as r:
        import_csv(r, sample_csv)
        assert issue_missing_codes(r) == 4
        budi = r.search("budi")[0]
        r.upsert_attendees([replace(budi, status=AttendeeStatus.CANCELLED)])
        codes = {a.id: a.code for a in r.attendees()}
        again = import_csv(r, sample_csv)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
        assert {a.id: a.code for a in r.attendees()} == codes
        kept = r.get_attendee(budi.id)
        assert kept is not None and kept.status == AttendeeStatus.CANCELLED
        # a file that does say the status still changes it
        with_status = tmp_path / "s.csv"
        with_status.write_text("Nama;Surel;Status\nBudi Sitorus;budi@example.com;paid\n")
        import_csv(r, with_status)
        kept = r.get_attendee(budi.id)
        assert kept is not None and kept.status == AttendeeStatus.VALID
        assert kept.code == codes[budi.id] and kept.organisation == "Universitas Indonesia"


def test_trailing_delimiter_column_does_not_wipe_details(tmp_path: Path,
                                                         sample_csv: Path) -> None:
    """A blank header (a trailing ';') is no detail column: re-importing such a file keeps
    the details, as on the central list (one rule: ParsedFile.kept_on_reimport)."""
    with Replica(tmp_path / "r.db") as r:
        import_csv(r, sample_csv)
        trailing = tmp_path / "t.csv"
        trailing.write_text("Nama;Surel;\nJosé Ramírez;jose@example.org;\n")
        import_csv(r, trailing)
        assert r.search("jose")[0].details == {"Ukuran kaos": "M", "Catatan": "vegetarian"}
