"""Fixtures for central-list tests: real `kiosk serve` processes and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.central_fixtures import PostgresCluster, postgres_cluster


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    with postgres_cluster() as cluster:
        yield cluster


@pytest.fixture
def pg_url(pg_cluster: PostgresCluster) -> str:
    """A fresh, empty PostgreSQL database on the throwaway cluster."""
    return pg_cluster.new_database()
