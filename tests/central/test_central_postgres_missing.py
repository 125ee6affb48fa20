"""On PostgreSQL too, read and organiser commands refuse a database that holds no central
list instead of setting one up; import creates it (QA finding 8)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests import central_fixtures

pytestmark = pytest.mark.postgres

pg_cluster = central_fixtures.pg_cluster
pg_url = central_fixtures.pg_url


def test_an_empty_postgres_database_is_not_a_central_list(pg_url: str, run_kiosk: Any,
                                                          sample_csv: Path) -> None:
    proc = run_kiosk("central", "attendees", "--db", pg_url)
    assert proc.returncode == 1 and proc.stderr.startswith("error: No central list at ")
    assert "Traceback" not in proc.stderr and "kiosk central import" in proc.stderr
    # The message never shows a password from the URL.
    password = pg_url.split("://", 1)[1].split("@")[0].partition(":")[2]
    assert not password or password not in proc.stderr
    run_kiosk("central", "import", str(sample_csv), "--db", pg_url, check=True)
    out = run_kiosk("central", "attendees", "--db", pg_url, check=True).stdout
    assert "Budi Sitorus" in out
