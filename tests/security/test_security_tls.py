"""TLS without a certificate authority, against a real `kiosk serve` on loopback: the
server speaks HTTPS by default with a self-signed certificate kept beside its database;
the pairing code carries the certificate's fingerprint; the kiosk pins it and refuses any
other certificate afterwards — before its token leaves the machine."""

from __future__ import annotations

import re
import ssl
import subprocess
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from kiosk.errors import CertificateChanged
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine
from kiosk.sync.pairing import parse_pairing_text
from tests import central_fixtures
from tests.central_fixtures import ServeProcess, free_port, pairing_code_unused, start_serve

Run = Callable[..., subprocess.CompletedProcess[str]]


def _central(db: str | Path) -> None:
    with CentralStore.open(db) as store:
        store.events.create("Event A", event_id="ev-a", gates=[Gate("a-main", "", "A main")])
        store.events.create("Event B", event_id="ev-b", gates=[Gate("b-main", "", "B main")])
        store.attendees.upsert([Attendee(id="A1", event_id="ev-a", name="Ann", code="A-1"),
                                Attendee(id="B1", event_id="ev-b", name="Bob", code="B-1")])


def _pair_code(run: Run, db: str | Path, url: str) -> tuple[str, str, str]:
    """(typed URL with the fingerprint, code, full fingerprint) from `pair-code`."""
    out = run("central", "pair-code", "--db", str(db), "--url", url, check=True).stdout
    typed = re.search(r"kiosk pair '([^']+)' (\S+)", out)
    full = re.search(r"SHA-256 \(the kiosk checks it\): ([0-9a-f]{64})", out)
    assert typed and full, out
    return typed.group(1), typed.group(2), full.group(1)


def _presented(url: str) -> str:
    import hashlib

    host, port = url.removeprefix("https://").rsplit(":", 1)
    pem = ssl.get_server_certificate((host, int(port)))
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest()


def test_serve_speaks_https_by_default_with_a_kept_self_signed_certificate(
        tmp_path: Path) -> None:
    db = tmp_path / "central.db"
    _central(db)
    server = start_serve(db, tls=True)
    try:
        assert server.url.startswith("https://")
        cert, key = Path(f"{db}.cert.pem"), Path(f"{db}.key.pem")
        assert cert.exists() and key.exists()
        assert key.stat().st_mode & 0o077 == 0, "the private key is readable by others"
        first = _presented(server.url)
        assert first in "".join(server.output)  # announced on start
        # Plain HTTP to the HTTPS port gets nothing useful.
        with pytest.raises(httpx.TransportError):
            httpx.get(server.url.replace("https://", "http://") + "/api/v1/whoami",
                      timeout=5).json()
    finally:
        server.stop()
    # Restarted: the same certificate (kiosks pinned it).
    again = start_serve(db, tls=True)
    try:
        assert _presented(again.url) == first
    finally:
        again.stop()


def test_pairing_pins_the_certificate_and_a_changed_one_is_refused(
        tmp_path: Path, run_kiosk: Run) -> None:
    db, kiosk_db = tmp_path / "central.db", tmp_path / "kiosk.db"
    _central(db)
    port = free_port()
    server = start_serve(db, port=port, tls=True)
    try:
        typed_url, code, full = _pair_code(run_kiosk, db, server.url)
        paired = run_kiosk("pair", typed_url, code, "--db", str(kiosk_db))
        assert paired.returncode == 0, paired.stderr
        assert "certificate pinned" in paired.stdout
        with Replica(kiosk_db) as replica:
            assert replica.get_meta("server_cert_sha256") == full
            assert replica.get_meta("server_url") == server.url  # no fragment kept
            token = replica.get_meta("device_token")
        assert run_kiosk("sync", "--db", str(kiosk_db)).returncode == 0
    finally:
        server.stop()
    # The organiser (or an impostor on the same address) now presents another certificate.
    Path(f"{db}.cert.pem").unlink()
    Path(f"{db}.key.pem").unlink()
    impostor = start_serve(db, port=port, tls=True)
    try:
        assert _presented(impostor.url) != full
        with CentralStore.open(db) as store:
            seen_before = [d["last_seen_at"] for d in store.devices.all()]
        synced = run_kiosk("sync", "--db", str(kiosk_db))
        assert synced.returncode == 1
        assert "certificate changed" in synced.stderr and "Traceback" not in synced.stderr
        with SyncEngine(kiosk_db) as engine:
            result = engine.sync(force=True)
            assert isinstance(result.error, CertificateChanged)
            assert "pair this kiosk again" in str(result.error)
        with CentralStore.open(db) as store:
            # Nothing reached the server: the token was never sent over that connection.
            assert [d["last_seen_at"] for d in store.devices.all()] == seen_before
            assert store.devices.authenticate(token).id  # and it still is the kiosk's valid token
    finally:
        impostor.stop()


def test_pairing_with_a_wrong_or_missing_fingerprint_claims_nothing(
        tmp_path: Path, run_kiosk: Run) -> None:
    db = tmp_path / "central.db"
    _central(db)
    server = start_serve(db, tls=True)
    try:
        typed_url, code, full = _pair_code(run_kiosk, db, server.url)
        wrong = typed_url[:-1] + ("0" if typed_url[-1] != "0" else "1")
        proc = run_kiosk("pair", wrong, code, "--db", str(tmp_path / "k1.db"))
        assert proc.returncode != 0
        assert "not the one in the pairing code" in proc.stderr, proc.stderr
        bare = run_kiosk("pair", server.url, code, "--db", str(tmp_path / "k2.db"))
        assert bare.returncode != 0 and "fingerprint" in bare.stderr
        short = run_kiosk("pair", server.url + "#3f2a", code, "--db", str(tmp_path / "k3.db"))
        assert short.returncode != 0 and "16 hex digits" in short.stderr
        assert pairing_code_unused(db, code), "a refused pairing must not use up the code"
        # The right one still works: the whole fingerprint, as the QR carries it.
        out = run_kiosk("central", "pair-code", "--db", str(db), "--url", server.url,
                        "--qr", str(tmp_path / "pair.png"), check=True).stdout
        qr_code = out.strip().splitlines()[-1]
        decoded = run_kiosk("decode", str(tmp_path / "pair.png"), check=True).stdout
        text = next(line for line in decoded.splitlines() if "CKPAIR:" in line)
        text = text[text.index("CKPAIR:"):].split()[0]
        parsed = parse_pairing_text(text)
        assert parsed is not None and parsed[1] == qr_code and f"sha256={full}" in text
        ok = run_kiosk("pair", text, "--db", str(tmp_path / "k4.db"))
        assert ok.returncode == 0, ok.stderr
    finally:
        server.stop()


def test_plain_http_only_when_asked_and_the_kiosk_warns(tmp_path: Path,
                                                       run_kiosk: Run) -> None:
    db, kiosk_db = tmp_path / "central.db", tmp_path / "kiosk.db"
    _central(db)
    server: ServeProcess = start_serve(db)  # --insecure-http
    try:
        assert server.url.startswith("http://")
        assert "PLAIN HTTP" in "".join(server.output)
        out = run_kiosk("central", "pair-code", "--db", str(db), "--url", server.url,
                        check=True).stdout
        assert "SHA-256" not in out
        code = out.strip().splitlines()[-1]
        paired = run_kiosk("pair", server.url, code, "--db", str(kiosk_db))
        assert paired.returncode == 0 and "WARNING: plain http" in paired.stdout
        synced = run_kiosk("sync", "--db", str(kiosk_db))
        assert synced.returncode == 0 and "plain http" in synced.stderr
        with SyncEngine(kiosk_db) as engine:
            assert engine.status().insecure
        # https pair-code for a list that never served https: refused in plain words
        refused = run_kiosk("central", "pair-code", "--db", str(db), "--url",
                            "https://127.0.0.1:1")
        assert refused.returncode != 0 and "has not served https" in refused.stderr
    finally:
        server.stop()


def test_serve_with_a_given_certificate_and_bad_pairs_refused(tmp_path: Path,
                                                              run_kiosk: Run) -> None:
    from kiosk.central.tls import _make_self_signed, fingerprint_pem_file

    db = tmp_path / "central.db"
    _central(db)
    cert_pem, key_pem = _make_self_signed("127.0.0.1")
    other_cert, _ = _make_self_signed("127.0.0.1")
    (tmp_path / "c.pem").write_bytes(cert_pem)
    (tmp_path / "k.pem").write_bytes(key_pem)
    (tmp_path / "other.pem").write_bytes(other_cert)
    mismatched = run_kiosk("serve", "--db", str(db), "--port", "0", "--cert",
                           str(tmp_path / "other.pem"), "--key", str(tmp_path / "k.pem"))
    assert mismatched.returncode != 0 and "does not belong" in mismatched.stderr
    alone = run_kiosk("serve", "--db", str(db), "--port", "0", "--cert",
                      str(tmp_path / "c.pem"))
    assert alone.returncode != 0 and "together" in alone.stderr
    not_pem = run_kiosk("serve", "--db", str(db), "--port", "0", "--cert", str(db),
                        "--key", str(tmp_path / "k.pem"))
    assert not_pem.returncode != 0 and "not a PEM certificate" in not_pem.stderr
    for proc in (mismatched, alone, not_pem):
        assert "Traceback" not in proc.stderr
    server = start_serve(db, tls=True, extra=("--cert", str(tmp_path / "c.pem"),
                                              "--key", str(tmp_path / "k.pem")))
    try:
        assert _presented(server.url) == fingerprint_pem_file(tmp_path / "c.pem")
        assert not Path(f"{db}.cert.pem").exists()
        typed_url, code, _ = _pair_code(run_kiosk, db, server.url)
        assert run_kiosk("pair", typed_url, code, "--db",
                         str(tmp_path / "k.db")).returncode == 0
    finally:
        server.stop()


pg_cluster = central_fixtures.pg_cluster
pg_url = central_fixtures.pg_url


@pytest.mark.postgres
def test_two_servers_on_postgresql_present_one_certificate(pg_url: str, tmp_path: Path,
                                                           run_kiosk: Run) -> None:
    """On PostgreSQL the self-signed certificate lives in the database: both `kiosk
    serve` processes present it, so a kiosk pinned through one syncs through the other."""
    _central(pg_url)
    first = start_serve(pg_url, tls=True)
    second = start_serve(pg_url, tls=True)
    try:
        assert _presented(first.url) == _presented(second.url)
        typed_url, code, full = _pair_code(run_kiosk, pg_url, first.url)
        assert full == _presented(first.url)
        kiosk = tmp_path / "kiosk.db"
        assert run_kiosk("pair", typed_url, code, "--db", str(kiosk)).returncode == 0
        with Replica(kiosk) as replica:
            replica.set_meta("server_url", second.url)  # the other process, same pin
        synced = run_kiosk("sync", "--db", str(kiosk))
        assert synced.returncode == 0, synced.stderr
    finally:
        first.stop()
        second.stop()
