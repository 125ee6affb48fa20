"""The pinned commands, run as a user would: `kiosk ...` in a subprocess."""

from __future__ import annotations

import re
from pathlib import Path

from kiosktest import json_lines

from kiosk import __version__


def test_version(run_kiosk) -> None:  # type: ignore[no-untyped-def]
    proc = run_kiosk("--version", check=True)
    assert __version__ in proc.stdout


def test_import_codes_checkin_lists(run_kiosk, tmp_path: Path, sample_csv: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "r.db"
    proc = run_kiosk("import", sample_csv, "--db", db, "--event", "FOSS Nusantara", check=True)
    assert "4 added" in proc.stdout
    out = tmp_path / "codes"
    proc = run_kiosk("codes", "--db", db, "--out", out, "--pdf", tmp_path / "t.pdf", check=True)
    attendees = json_lines(run_kiosk("attendees", "--db", db, "--json", check=True).stdout)
    assert len(attendees) == 4
    for a in attendees:
        assert {"id", "name", "code", "ticket_type", "status"} <= set(a)
        assert (out / f"{a['id']}.png").exists()
    assert (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF")

    budi = json_lines(run_kiosk("attendees", "--db", db, "--search", "sitor", "--json").stdout)
    assert [a["name"] for a in budi] == ["Budi Sitorus"]
    code = str(budi[0]["code"])

    first = json_lines(run_kiosk("checkin", "--db", db, code, check=True).stdout)[0]
    assert first["verdict"] == "accepted"
    assert first["attendee"]["name"] == "Budi Sitorus"
    second = json_lines(run_kiosk("checkin", "--db", db, code, check=True).stdout)[0]
    # The same kiosk a moment later: the grace rule (nothing recorded).
    assert second["verdict"] == "just_checked_in"
    assert second["message"] == "You are checked in. Please go in."
    leaving = json_lines(run_kiosk("checkin", "--db", db, code, "--exit", check=True).stdout)[0]
    assert leaving["verdict"] == "accepted" and leaving["direction"] == "exit"
    junk = json_lines(run_kiosk("checkin", "--db", db, "https://example.org").stdout)[0]
    assert junk == {**junk, "verdict": "not_a_ticket", "attendee": None}

    checkins = json_lines(run_kiosk("checkins", "--db", db, "--json", check=True).stdout)
    assert [c["direction"] for c in checkins] == ["entry", "exit"]
    for c in checkins:
        assert {"id", "attendee_id", "gate", "direction", "scanned_at", "verdict",
                "uploaded"} <= set(c)
        assert c["uploaded"] is False


def test_gates_command_and_wrong_gate(run_kiosk, tmp_path: Path, sample_csv: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "r.db"
    run_kiosk("import", sample_csv, "--db", db, check=True)
    run_kiosk("gates", "--db", db, "--add", "ws", "--name", "Workshop room",
              "--types", "Workshop", check=True)
    run_kiosk("codes", "--db", db, "--out", tmp_path / "c", check=True)
    budi = json_lines(run_kiosk("attendees", "--db", db, "--search", "budi", "--json").stdout)[0]
    result = json_lines(run_kiosk("checkin", "--db", db, str(budi["code"]), "--gate", "ws").stdout)
    assert result[0]["verdict"] == "wrong_gate"
    assert result[0]["suggested_gates"] == ["main"]
    # the reason is a code; the words are one English message made from it
    assert result[0]["reason"] == "wrong_gate"
    assert result[0]["message"] == ("A Regular ticket is not valid at Workshop room. "
                                    "Please go to Main entrance.")


def test_clear_errors_without_traceback(run_kiosk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Email\n,a@example.com\nOk,not-mail\n")
    db = tmp_path / "r.db"
    proc = run_kiosk("import", bad, "--db", db)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "line 2: no name" in proc.stderr and "line 3: malformed e-mail" in proc.stderr
    for args in (("import", tmp_path / "missing.csv", "--db", db),
                 ("checkin", "X", "--db", tmp_path / "nope.db"),
                 ("attendees", "--db", tmp_path / "nope.db")):
        proc = run_kiosk(*args)
        assert proc.returncode != 0, args
        assert "Traceback" not in proc.stderr and proc.stderr.startswith("error:"), proc.stderr
    proc = run_kiosk("import", bad, "--db", db, "--skip-invalid")
    assert proc.returncode == 0 and "Skipped 2 invalid rows" in proc.stdout


def test_every_command_is_documented_in_readme() -> None:
    from kiosk.cli import build_parser

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    documented = set(re.findall(r"`kiosk ([a-z-]+)", readme))
    missing = sorted(set(sub.choices) - documented)  # type: ignore[attr-defined]
    assert not missing, f"commands missing from README.md: {missing}"


def test_paired_replica_refuses_local_edits_and_bad_paths(run_kiosk, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                          sample_csv: Path) -> None:
    from kiosk.replica.db import Replica

    db = tmp_path / "r.db"
    run_kiosk("import", sample_csv, "--db", db, check=True)
    with Replica(db) as r:
        r.set_meta("server_url", "http://127.0.0.1:9")
        r.set_meta("device_token", "t")
    for args in (("import", sample_csv, "--db", db), ("gates", "--db", db, "--add", "x")):
        proc = run_kiosk(*args)
        assert proc.returncode == 1 and "paired with the central list" in proc.stderr, proc
    assert run_kiosk("import", sample_csv, "--db", db, "--force").returncode == 0
    afile = tmp_path / "afile"
    afile.write_text("x")
    for args in (("codes", "--db", db, "--out", afile),
                 ("codes", "--db", db, "--out", tmp_path / "o", "--pdf", tmp_path / "no/x.pdf")):
        proc = run_kiosk(*args)
        assert proc.returncode == 1 and proc.stderr.startswith("error:"), proc.stderr
        assert "Traceback" not in proc.stderr
