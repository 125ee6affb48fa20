"""The central package is split by area (issue 9): one store object and one router per
area, short functions, and no closure reading a name its function assigns only later."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import httpx
from fastapi import APIRouter
from fastapi.routing import APIRoute

from kiosk.central.api import dashboard, devices, feed, ingest, organiser, snapshot
from kiosk.central.server import run_in_thread
from kiosk.central.store import CentralStore

CENTRAL = Path(__file__).resolve().parents[2] / "kiosk" / "central"
MAX_LINES = 60
AREAS = ("feed", "events", "attendees", "codes", "devices", "ingest", "dashboard", "snapshot")


def _functions(path: Path) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_no_function_in_the_central_package_is_over_60_lines() -> None:
    long = [f"{p.relative_to(CENTRAL)}:{f.name} ({f.end_lineno - f.lineno + 1} lines)"
            for p in CENTRAL.rglob("*.py") for f in _functions(p)
            if f.end_lineno is not None and f.end_lineno - f.lineno + 1 > MAX_LINES]
    assert not long, long


def test_the_store_is_a_set_of_areas_not_a_god_class(tmp_path: Path) -> None:
    public = [n for n in vars(CentralStore) if not n.startswith("_")]
    assert sorted(public) == ["close", "open"]
    with CentralStore.open(tmp_path / "central.db") as store:
        for area in AREAS:
            methods = [n for n, _ in inspect.getmembers(type(getattr(store, area)),
                                                       inspect.isfunction)
                       if not n.startswith("_")]
            assert 1 <= len(methods) <= 12, (area, methods)


def test_every_endpoint_comes_from_one_area_router(tmp_path: Path) -> None:
    routers = {m.__name__.rsplit(".", 1)[1]: m.router
               for m in (devices, feed, ingest, organiser, dashboard, snapshot)}
    owned: dict[str, str] = {}
    methods: dict[str, str] = {}
    for name, router in routers.items():
        assert isinstance(router, APIRouter)
        for route in router.routes:
            assert isinstance(route, APIRoute)
            assert route.path not in owned, f"{route.path} in {owned.get(route.path)} and {name}"
            owned[route.path] = name
            methods[route.path] = sorted(route.methods)[0]
    assert owned["/api/v1/changes"] == "feed"
    assert owned["/api/v1/snapshot"] == "snapshot"
    assert owned["/api/v1/checkins"] == owned["/api/v1/attendees"] == "ingest"
    assert owned["/api/v1/pair"] == "devices"
    assert owned["/admin/import"] == "organiser"
    assert owned["/admin"] == "dashboard"
    # ... and the app serves every one of them (401/422, not "No such endpoint").
    with run_in_thread(tmp_path / "central.db") as server, httpx.Client() as client:
        for path, method in methods.items():
            answer = client.request(method, server.url + path.replace("{device_id}", "dev-x"))
            assert answer.status_code not in (404, 405), (path, answer.text)


def late_reads(source: str) -> list[str]:
    """Names a nested function (or lambda) reads from its enclosing function although
    the enclosing function assigns them only after the nested one is defined."""
    found = []
    for outer in ast.walk(ast.parse(source)):
        if not isinstance(outer, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        assigned: dict[str, int] = {}
        for node in ast.walk(outer):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                assigned[node.id] = min(assigned.get(node.id, node.lineno), node.lineno)
        params = {a.arg for a in ast.walk(outer.args) if isinstance(a, ast.arg)}
        for inner in ast.walk(outer):
            if inner is outer or not isinstance(
                    inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            own = {a.arg for a in ast.walk(inner.args) if isinstance(a, ast.arg)}
            for node in ast.walk(inner):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) \
                        and node.id not in own and node.id not in params \
                        and assigned.get(node.id, 0) > inner.end_lineno:  # type: ignore[operator]
                    found.append(f"{getattr(outer, 'name', '?')}: {node.id}")
    return found


def test_no_closure_in_the_central_package_reads_a_name_assigned_after_it() -> None:
    offenders = [f"{p.relative_to(CENTRAL)}: {hit}" for p in CENTRAL.rglob("*.py")
                 for hit in late_reads(p.read_text(encoding="utf-8"))]
    assert not offenders, offenders


def test_the_closure_check_sees_a_late_assignment() -> None:
    # The shape ingest_checkins had: work() read keys_set, assigned after it.
    sample = ("def ingest(items):\n"
              "    def work(tx):\n"
              "        return [k for k in items if k in keys_set]\n"
              "    keys_set = set(items)\n"
              "    return work\n")
    assert late_reads(sample) == ["ingest: keys_set"]
    assert late_reads("def ingest(items):\n    keys_set = set(items)\n"
                      "    def work(tx):\n        return keys_set\n    return work\n") == []
