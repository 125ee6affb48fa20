"""TLS for `kiosk serve` without a certificate authority.

The central list speaks HTTPS with the organiser's certificate and key (``--cert`` /
``--key``) or, by default, with a self-signed certificate it makes once and keeps beside
the database (``central.db`` -> ``central.db.cert.pem`` + ``central.db.key.pem``, the key
0600; on PostgreSQL in the database's ``meta``, so every `kiosk serve` process on it and
every restart of a container presents the same one). Nobody vouches for that
certificate, so kiosks do not ask anyone: the pairing code carries the certificate's
SHA-256 fingerprint and the kiosk pins it (:mod:`kiosk.sync.pinning`).

The fingerprint of the certificate being served is also kept in the central list's
``meta`` (``tls_fingerprint``), so ``kiosk central pair-code`` — another process, maybe
on another machine with PostgreSQL — can print it with the code.

Plain HTTP only with ``kiosk serve --insecure-http`` (loopback tests, the demo).
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.central.db import CentralError, is_postgres_url

if TYPE_CHECKING:
    from kiosk.central.store import CentralStore

#: How long a self-signed certificate is valid (kiosks pin it, so it is not renewed
#: behind their back; rotating it means pairing the kiosks again: docs/security.md).
SELF_SIGNED_YEARS = 10
META_KEY = "tls_fingerprint"


@dataclass(frozen=True)
class TlsFiles:
    """The certificate (PEM) and key a server presents, and the certificate's SHA-256."""

    cert: Path
    key: Path
    fingerprint: str  # 64 lowercase hex digits: SHA-256 of the DER certificate
    self_signed: bool = False


def fingerprint_der(der: bytes) -> str:
    """The SHA-256 fingerprint of a DER certificate, 64 lowercase hex digits."""
    return hashlib.sha256(der).hexdigest()


def fingerprint_pem_file(path: Path) -> str:
    """The fingerprint of the first certificate in a PEM file (plain errors)."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CentralError(f"Cannot read the certificate {path}: {exc.strerror or exc}.") \
            from None
    try:
        cert = x509.load_pem_x509_certificate(data)
    except ValueError:
        raise CentralError(f"{path} is not a PEM certificate (it should start with "
                           "-----BEGIN CERTIFICATE-----).") from None
    return fingerprint_der(cert.public_bytes(Encoding.DER))


def grouped(fingerprint: str, digits: int = 16) -> str:
    """The first ``digits`` hex digits in groups of four: what a person types on a kiosk
    (``3f2a-9c01-77be-4410``; 64 bits, enough against a forger within a code's life)."""
    head = fingerprint[:digits]
    return "-".join(head[i:i + 4] for i in range(0, len(head), 4))


def self_signed_paths(db: str | Path) -> tuple[Path, Path]:
    """Where the self-signed certificate and key of the SQLite central list ``db`` live."""
    base = Path(db)
    return base.with_name(base.name + ".cert.pem"), base.with_name(base.name + ".key.pem")


def resolve(store: CentralStore, db: str | Path, *, cert: str | None = None,
            key: str | None = None, insecure_http: bool = False,
            host: str = "") -> TlsFiles | None:
    """What `kiosk serve` presents: the given pair, else the self-signed one (made on
    first use), None for ``insecure_http``. Publishes the fingerprint in ``meta``."""
    if insecure_http:
        tls = None
    elif cert or key:
        if not (cert and key):
            raise CentralError("Give --cert and --key together (the certificate and its key).")
        tls = given_files(cert, key)
    elif is_postgres_url(str(db)):
        tls = _self_signed_in_database(store, host)
    else:
        tls = ensure_self_signed(db, host=host)
    publish_fingerprint(store, tls.fingerprint if tls else None)
    return tls


def _self_signed_in_database(store: CentralStore, host: str) -> TlsFiles:
    """PostgreSQL: the certificate and key live in ``meta`` (the first process to start
    makes them; the others read the same), handed to the TLS layer as 0600 temp files."""
    import tempfile

    cert_pem, key_pem = _make_self_signed(host)
    store.db.run(lambda tx: tx.execute(
        "INSERT INTO meta (key, value) VALUES ('tls_cert_pem', ?), ('tls_key_pem', ?) "
        "ON CONFLICT (key) DO NOTHING", (cert_pem.decode(), key_pem.decode())))
    rows = store.db.run(lambda tx: tx.execute(
        "SELECT key, value FROM meta WHERE key IN ('tls_cert_pem', 'tls_key_pem')"),
        write=False)
    stored = {r["key"]: str(r["value"]).encode() for r in rows}
    folder = Path(tempfile.mkdtemp(prefix="kiosk-tls-"))  # 0700
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    _write_private(key_path, stored["tls_key_pem"])
    cert_path.write_bytes(stored["tls_cert_pem"])
    return TlsFiles(cert_path, key_path, fingerprint_pem_file(cert_path), True)


def forget_temporary(tls: TlsFiles | None) -> None:
    """Remove the temp copies :func:`resolve` made for a PostgreSQL list (if any)."""
    if tls is None or not tls.key.parent.name.startswith("kiosk-tls-"):
        return
    import shutil

    shutil.rmtree(tls.key.parent, ignore_errors=True)


def given_files(cert: str | Path, key: str | Path) -> TlsFiles:
    """The organiser's own certificate and key, checked before the server starts."""
    cert_path, key_path = Path(cert), Path(key)
    fingerprint = fingerprint_pem_file(cert_path)
    if not key_path.is_file():
        raise CentralError(f"No key file {key_path} (give --key with the certificate's "
                           "private key, PEM).")
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(str(cert_path), str(key_path))
    except ssl.SSLError:
        raise CentralError(f"The key {key_path} does not belong to the certificate "
                           f"{cert_path} (or is not a PEM key without a password).") from None
    except OSError as exc:
        raise CentralError(f"Cannot read {key_path}: {exc.strerror or exc}.") from None
    return TlsFiles(cert_path, key_path, fingerprint)


def ensure_self_signed(db: str | Path, *, host: str = "") -> TlsFiles:
    """The self-signed certificate kept beside ``db``, made on first use."""
    cert_path, key_path = self_signed_paths(db)
    if cert_path.exists() and key_path.exists():
        return TlsFiles(cert_path, key_path, fingerprint_pem_file(cert_path), True)
    if cert_path.exists() or key_path.exists():
        missing = key_path if cert_path.exists() else cert_path
        raise CentralError(f"{missing} is missing while its pair is there: restore it from "
                           "the backup, or delete both files to make a new certificate "
                           "(every kiosk must then be paired again).")
    cert_pem, key_pem = _make_self_signed(host)
    try:
        _write_private(key_path, key_pem)
        cert_path.write_bytes(cert_pem)
    except OSError as exc:
        raise CentralError(f"Cannot write the certificate beside the database "
                           f"({cert_path.parent}): {exc.strerror or exc}.") from None
    return TlsFiles(cert_path, key_path, fingerprint_pem_file(cert_path), True)


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _make_self_signed(host: str) -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "checkin-kiosk central list")])
    names: list[x509.GeneralName] = [x509.DNSName("localhost"),
                                     x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    for extra in {host, socket.gethostname()} - {"", "0.0.0.0", "::", "localhost"}:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(extra)))
        except ValueError:
            names.append(x509.DNSName(extra))
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=365 * SELF_SIGNED_YEARS))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return (cert.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM,
                              serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))


# -- the fingerprint in the central list's meta ----------------------------------------

def publish_fingerprint(store: CentralStore, fingerprint: str | None) -> None:
    """Record which certificate `kiosk serve` presents (None: plain HTTP)."""
    store.db.run(lambda tx: tx.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (META_KEY, fingerprint)))


def published_fingerprint(store: CentralStore) -> str | None:
    """The fingerprint `kiosk serve` last published for this list (None: none/plain)."""
    value = store.db.run(lambda tx: tx.scalar(
        "SELECT value FROM meta WHERE key = ?", (META_KEY,)), write=False)
    return str(value) if value else None
