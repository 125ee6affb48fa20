"""The console's words: every English text the templates and routes show has its
Indonesian, and the live figures count what the page says they count."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import central_fixtures
import pytest

from kiosk.central.console.chart import LiveFigures, arrivals_svg
from kiosk.central.console.i18n import INDONESIAN, choose
from kiosk.central.console.queries import live as live_figures
from kiosk.central.console.tally import LiveTally
from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, AttendeeStatus, Event, Gate
from kiosk.core.wire import CheckInUpload

pg_cluster = central_fixtures.pg_cluster
pg_url = central_fixtures.pg_url
CONSOLE = Path(__file__).resolve().parents[2] / "kiosk" / "central" / "console"
_CALL = re.compile(r"""_\(\s*(["'])(.+?)\1\s*\)""")
#: Messages passed by routes to the page as ``message=`` (translated by the template).
_MESSAGE = re.compile(r"""(?:back\([^)]*,\s*|message = )"([^"]+)\"""")


def _texts() -> set[str]:
    found: set[str] = set()
    for path in [*CONSOLE.glob("templates/*.html"), CONSOLE / "routes.py",
                 *CONSOLE.glob("pages/*.py")]:
        text = path.read_text(encoding="utf-8")
        found |= {m.group(2) for m in _CALL.finditer(text)}
        if path.suffix == ".py":
            found |= {m.group(1) for m in _MESSAGE.finditer(text)}
    return found


def test_every_console_text_has_its_indonesian() -> None:
    texts = _texts()
    assert len(texts) > 100
    missing = sorted(t for t in texts if t not in INDONESIAN)
    assert not missing, missing
    same = [t for t in texts if INDONESIAN[t] == t and t not in ("E-mail", "Status", "kiosk")]
    assert not same, same


def test_language_choice() -> None:
    assert choose("id", "en", "en-GB") == "id"
    assert choose(None, "id", "en-GB") == "id"
    assert choose(None, None, "id-ID,id;q=0.9,en;q=0.8") == "id"
    assert choose("xx", None, None) == "en"


def test_live_figures_count_standing_entries_and_people_inside(tmp_path: Path) -> None:
    _live_figures(str(tmp_path / "c.db"))


@pytest.mark.postgres
def test_live_figures_on_postgresql(pg_url: str) -> None:
    _live_figures(pg_url)


def _live_figures(url: str) -> None:
    with CentralStore.open(url) as store:
        event = store.events.create("Day", event_id="day", days=[date(2026, 12, 1)],
                                    timezone="Asia/Jakarta",
                                    gates=[Gate("hall", "", "Main Hall"),
                                           Gate("side", "", "Side")])
        # A second event on the same day: its arrivals are never this event's.
        other = store.events.create("Other", event_id="other", days=[date(2026, 12, 1)],
                                    timezone="UTC", gates=[Gate("dock", "", "Dock")])
        store.attendees.upsert([Attendee(a, "day", a.upper(), None, "", "",
                                         "VIP" if a == "a" else "Regular",
                                         AttendeeStatus.VALID, {}, "import") for a in "abcx"]
                               + [Attendee("z", "other", "Zed", None, "", "", "Crew",
                                           AttendeeStatus.VALID, {}, "import")])
        tally = LiveTally(store)

        def live(store: CentralStore, event: Event, **kw: object) -> LiveFigures:
            return live_figures(tally, store, event, **kw)  # type: ignore[arg-type]

        paired = store.devices.pair(store.devices.new_pairing_code(device_name="K").code)
        device = store.devices.authenticate(paired.token)  # with its role and events
        ids = [str(uuid.uuid4()) for _ in range(10)]

        def item(n: int, attendee: str, gate: str, direction: str, at: str,
                 undoes: str | None = None) -> CheckInUpload:
            return CheckInUpload(ids[n], attendee, gate, direction,
                                 f"2026-12-01T{at}:00.000+00:00", "2026-12-01",
                                 "accepted", None, undoes)

        store.ingest.checkins(device, [
            item(1, "a", "hall", "entry", "02:01"),
            item(2, "b", "hall", "entry", "02:04"),
            item(3, "b", "hall", "exit", "02:20"),
            item(4, "c", "hall", "entry", "02:21"),
            item(8, "z", "dock", "entry", "02:25")])
        # A kiosk whose clock writes its own offset: 09:27+07:00 is 02:27 UTC.
        store.ingest.checkins(device, [CheckInUpload(
            ids[0], "x", "side", "entry", "2026-12-01T09:27:00+07:00", "2026-12-01",
            "accepted", None, None)])
        # Counted so far (the tally then reads only what comes next).
        early = live(store, event, day=date(2026, 12, 1))
        assert early.arrived_total == 4 and early.inside == {"hall": 2, "side": 1}
        assert early.buckets[datetime(2026, 12, 1, 9, 25)] == {"side": 1}
        store.ingest.checkins(device, [
            item(5, "c", "hall", "undo", "02:22", undoes=ids[4]),
            item(6, "a", "hall", "entry", "02:30"),  # a duplicate entry
            item(7, "b", "side", "entry", "03:02"),
            item(9, "x", "side", "undo", "02:40", undoes=ids[0]),
        ])
        f = live(store, event, day=date(2026, 12, 1), bucket_minutes=5)
        assert f.arrived == {"hall": 2, "side": 1} and f.arrived_total == 2
        assert f.inside == {"hall": 1, "side": 1} and f.inside_total == 2
        assert f.entries == 3 + 1  # a, b, a again at the hall; b at the side
        assert f.by_ticket_type == {"VIP": 1, "Regular": 1}
        # Shown in Jakarta time (UTC+7): 02:01 UTC is in the 09:00 bucket.
        assert f.buckets[datetime(2026, 12, 1, 9, 0)] == {"hall": 2}
        assert datetime(2026, 12, 1, 9, 20) not in f.buckets  # the undone entry
        assert datetime(2026, 12, 1, 9, 30) not in f.buckets  # a duplicate is no arrival
        assert f.buckets[datetime(2026, 12, 1, 10, 0)] == {"side": 1}
        assert f.latest[0]["name"] == "B" and f.latest[0]["time"] == "10:02:00"
        assert len(f.latest) == 9 and f.last_seq > 0
        svg = arrivals_svg(f, title="Arrivals <today>")
        assert svg.count('data-gate="hall"') == 1 and svg.count('data-gate="side"') == 1
        assert "Arrivals &lt;today&gt;" in svg and "<today>" not in svg
        quarter = live(store, event, day=date(2026, 12, 1), bucket_minutes=15)
        assert quarter.buckets[datetime(2026, 12, 1, 9, 0)] == {"hall": 2}
        assert live(store, event, day=date(2026, 12, 2)).arrived_total == 0
        elsewhere = live(store, other, day=date(2026, 12, 1))
        assert elsewhere.arrived == {"dock": 1} and elsewhere.by_ticket_type == {"Crew": 1}
        assert [r["name"] for r in elsewhere.latest] == ["Zed"]
        assert tally.attendees("day") == 4 and tally.attendees("other") == 1
        assert tally.per_day("day") == [{"day": "2026-12-01", "arrived": 2}]
        # A console started later (a server restart) reads the whole feed once and
        # counts the same as the one that followed it change by change.
        fresh = live_figures(LiveTally(store), store, event, day=date(2026, 12, 1))
        assert (fresh.arrived, fresh.inside, fresh.entries, fresh.buckets,
                fresh.by_ticket_type) == (f.arrived, f.inside, f.entries, f.buckets,
                                          f.by_ticket_type)
        assert [r["name"] for r in fresh.latest] == [r["name"] for r in f.latest]


def test_a_checkin_published_again_replaces_its_earlier_count() -> None:
    """The central list may publish a check-in again with other marks (a duplicate
    decided later): the tally counts its latest version once."""
    tally = LiveTally(None)  # type: ignore[arg-type]  # fed by hand, no store read
    tally._apply("gate", {"id": "hall", "event_id": "e"})
    row = {"id": "c1", "attendee_id": "a", "gate_id": "hall", "direction": "entry",
           "scanned_at": "2026-12-01T09:01:00+00:00", "day": "2026-12-01",
           "undoes": None, "duplicate": False, "device_name": "K"}
    tally._apply("checkin", row)
    tally._apply("checkin", dict(row, duplicate=True))
    f = tally.figures("e", [("hall", "Hall")], date(2026, 12, 1), UTC)
    assert f.entries == 1 and f.arrived == {"hall": 1} and f.inside == {"hall": 1}
    assert f.buckets == {} and len(f.latest) == 1 and f.latest[0]["duplicate"]


def test_latest_arrivals_show_a_kiosk_s_own_clock_where_it_differs(tmp_path: Path) -> None:
    """A check-in whose kiosk's own clock (``device_time``) is not the time it decided by
    shows that clock beside its device, in the event's time with its date; one whose
    clock agrees shows none. Through the real store and its change feed."""
    with CentralStore.open(tmp_path / "central.db") as store:
        event = store.events.create("Day", event_id="day", days=[date(2026, 12, 1)],
                                    timezone="Asia/Jakarta", gates=[Gate("hall", "", "Hall")])
        store.attendees.upsert([Attendee(a, "day", a.upper(), None, "", "", "",
                                         AttendeeStatus.VALID, {}, "import") for a in "ab"])
        paired = store.devices.pair(store.devices.new_pairing_code(device_name="K").code)
        device = store.devices.authenticate(paired.token)  # with its role and events
        off, right = str(uuid.uuid4()), str(uuid.uuid4())
        store.ingest.checkins(device, [
            CheckInUpload(off, "a", "hall", "entry", "2026-12-01T02:00:00.000+00:00",
                          "2026-12-01", "accepted", device_time="2026-11-29T02:00:00.000+00:00"),
            CheckInUpload(right, "b", "hall", "entry", "2026-12-01T02:05:00.000+00:00",
                          "2026-12-01", "accepted", device_time="2026-12-01T02:05:00.000+00:00")])
        tally = LiveTally(store)
        f = live_figures(tally, store, event, day=date(2026, 12, 1))
        clocks = {r["attendee_id"]: r["own_clock"] for r in f.latest}
        assert clocks == {"a": "2026-11-29 09:00:00", "b": ""}


def test_devices_last_seen_is_shown_in_the_event_s_time(tmp_path: Path) -> None:
    from datetime import timedelta

    from kiosk.central.console.queries import devices

    with CentralStore.open(tmp_path / "c.db") as store:
        event = store.events.create("Jkt", event_id="jkt", timezone="Asia/Jakarta")
        paired = store.devices.pair(store.devices.new_pairing_code(device_name="K").code)
        device = store.devices.authenticate(paired.token)
        seen = datetime(2026, 11, 30, 23, 30, 5, tzinfo=UTC)  # 06:30 the next day there
        store.db.run(lambda tx: store.devices.touch_in(tx, device, seen=seen))
        (row,) = devices(store, event)
        assert row["last_seen"] == "2026-12-01 06:30:05" and not row["online"]
        store.devices.touch(device)
        (row,) = devices(store, event)
        assert row["online"]
        now_there = datetime.now(UTC) + timedelta(hours=7)
        assert row["last_seen"][:10] == now_there.date().isoformat()


# -- the console's error messages ------------------------------------------------------

#: Where the console's pages get their errors from (stores and routes).
_ERROR_SOURCES = [*sorted(CONSOLE.rglob("*.py")),
                  *(CONSOLE.parent / f"{name}.py"
                    for name in ("events", "attendees", "devices", "codes"))]
#: Raised there but only ever answered to a kiosk's API request, never on a page.
_API_ONLY = {
    "No device token: pair this kiosk with the central list first.",
    "Unknown device token: pair this kiosk again.",
    "This kiosk was revoked by the organiser: pair it again to sync.",
}
_ERRORS = {"CentralError", "ConsoleRefused", "ImportFailed", "NotFound"}


def _raised_messages() -> tuple[set[str], set[str]]:
    """(plain messages, forms with {} for each value) raised in the error sources."""
    import ast

    plain: set[str] = set()
    forms: set[str] = set()
    for path in _ERROR_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
                    and node.exc.args):
                continue
            func = node.exc.func
            if (func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")) \
                    not in _ERRORS:
                continue
            first = node.exc.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                plain.add(first.value)
            elif isinstance(first, ast.JoinedStr):
                forms.add("".join(v.value if isinstance(v, ast.Constant) else "{}"
                                  for v in first.values))
    return plain - _API_ONLY, forms


def test_every_error_the_console_can_show_has_its_indonesian() -> None:
    """Found on the Indonesian console: errors with values ("No event 'x' on the central
    list.") and most plain ones came out in English."""
    from kiosk.central.console.i18n import INDONESIAN_ERRORS, INDONESIAN_FORMS, indonesian

    plain, forms = _raised_messages()
    assert len(plain) > 10 and len(forms) > 10
    assert not sorted(m for m in plain if indonesian(m) == m), "no Indonesian"
    assert not sorted(f for f in forms if f not in INDONESIAN_FORMS), "no form"
    assert not set(INDONESIAN_ERRORS) & set(INDONESIAN)  # one table per text
    # A form puts each value back where the Indonesian wants it, braces and all.
    assert indonesian("No event 'x{}' on the central list.") == \
        "Tidak ada acara 'x{}' di server pusat."
    assert indonesian("'Mars' is not a day of Conf ('2026-12-01').") == \
        "'Mars' bukan salah satu hari Conf ('2026-12-01')."
    assert indonesian("Ani") == "Ani"  # data stays as it is


def test_a_console_page_that_fails_is_a_page_in_the_readers_language(tmp_path: Path) -> None:
    """A refused page request (no such event) was the API's JSON in the browser; it is a
    page now, Indonesian on the Indonesian console, while the API keeps its JSON."""
    from console_fixtures import console_login, make_central_db
    from fastapi.testclient import TestClient

    from kiosk.central.server import create_app

    token = make_central_db(tmp_path / "c.db")
    with CentralStore.open(tmp_path / "c.db") as store:
        client = TestClient(create_app(store))
        console_login(client, token)
        r = client.get("/console/attendees?event=nope&lang=id")
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
        assert "Tidak ada acara &#39;nope&#39; di server pusat." in r.text, r.text
        r = client.get("/console/attendees?event=nope&lang=en")
        assert "No event &#39;nope&#39; on the central list." in r.text
        api = client.get("/api/v1/whoami")
        assert api.headers["content-type"].startswith("application/json")


# -- the CSV import's refusals (core's parser) on the Indonesian page ------------------

#: Raised by core's CSV reader only for a file given by path (the command line).
_PATH_ONLY = {"File not found: {}", "{} is a folder, not a CSV file.",
              "Cannot read {}: permission denied.", "{} is {} MB; the limit is 200 MB."}


def _form(node: object) -> str | None:
    """A message in the source as a form: a string as it is, an f-string with {} for
    each value; None for anything else."""
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _csv_reasons() -> set[str]:
    """Every refusal core's CSV import can give: ImportFailed messages and the reasons
    appended to a file's problems, as forms with {} for each value."""
    import ast

    source = CONSOLE.parents[1] / "core" / "attendee_csv.py"
    found: set[str] = set()

    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and \
                getattr(node.exc.func, "id", "") == "ImportFailed":
            found.add(_form(node.exc.args[0]) or "")
            for problems in node.exc.args[1:]:  # ImportFailed(message, [(line, reason)])
                if isinstance(problems, ast.List):
                    found |= {_form(t.elts[1]) or "" for t in problems.elts
                              if isinstance(t, ast.Tuple)}
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "append" \
                and getattr(node.func.value, "id", "") == "problems" and node.args \
                and isinstance(node.args[0], ast.Tuple):
            found.add(_form(node.args[0].elts[1]) or "")
    return found - _PATH_ONLY


def test_every_csv_import_refusal_has_its_indonesian() -> None:
    """The import preview's refused rows and a refused file said why in English on the
    Indonesian page: core's parser writes English; the console's one table has each."""
    from kiosk.central.console.i18n import INDONESIAN_ERRORS, INDONESIAN_FORMS

    reasons = _csv_reasons()
    assert len(reasons) > 12 and "" not in reasons, reasons
    missing = sorted(r for r in reasons
                     if r not in INDONESIAN_FORMS and r not in INDONESIAN_ERRORS)
    assert not missing, missing


def test_the_import_preview_says_why_in_indonesian(tmp_path: Path) -> None:
    """A real preview on the Indonesian page: every refused row's reason in Indonesian,
    its values (codes, e-mails, line numbers) kept; a refused file too."""
    from console_fixtures import console_login, make_central_db, page_csrf
    from fastapi.testclient import TestClient

    from kiosk.central.server import create_app

    token = make_central_db(tmp_path / "c.db")
    with CentralStore.open(tmp_path / "c.db") as store:
        # (a signed code is longer than an imported code may be: an imported one here)
        taken = "TAKEN-001"
        store.attendees.edit("p2", code=taken)
        client = TestClient(create_app(store))
        console_login(client, token)
        rows = ["id,name,email,code",
                "a1,Ani,ani@example.org,",                 # 2: fine
                "a2,,nobody@example.org,",                 # 3: no name
                "a3,Budi,budi(at)example.org,",            # 4: e-mail
                "a4,Citra,,ab",                            # 5: code too short
                "a5,Dewi,,DUP-001",                        # 6: fine
                "a6,Eka,,DUP-001",                         # 7: duplicate code
                "a 7,Fajar,,",                             # 8: id
                "a1,Ani again,,",                          # 9: same person as line 2
                f"a8,Thief,,{taken}",                      # 10: another's code
                "a9,Gita,g@example.org,,x,y",              # 11: too many fields
                ",Hana,hana@example.org,",                 # 12: fine
                ",Hana Lagi,HANA@example.org,"]            # 13: same e-mail as line 12
        csv_bytes = ("\n".join(rows) + "\n").encode()

        def preview(body: bytes, lang: str = "id") -> str:
            csrf = page_csrf(client, f"/console/import?event=pycon&lang={lang}")
            r = client.post("/console/import/preview", data={"csrf": csrf, "event": "pycon"},
                            files={"file": ("people.csv", body, "text/csv")},
                            headers={"Origin": "http://testserver"})
            return r.text

        import html
        import re as _re

        page = preview(csv_bytes)
        table = _re.search(r'<table id="refused">(.*?)</table>', page, _re.S)
        assert table, page
        cells = [html.unescape(c) for c in _re.findall(r"<td>(.*?)</td>", table.group(1))]
        expected = {
            "tanpa nama",
            "alamat e-mail 'budi(at)example.org' tidak valid",
            "kode tiket 'ab' harus 3–128 karakter yang dapat dicetak, tanpa spasi",
            "kode tiket 'DUP-001' ganda (juga ada di baris 6)",
            "ID 'a 7' harus 1–64 karakter berupa huruf, angka, . : - _",
            "orang yang sama dengan baris 2: ID-nya sama, 'a1'",
            "orang yang sama dengan baris 12: alamat e-mailnya sama, 'HANA@example.org'",
            f"kode tiket {taken!r} sudah dimiliki Siti Nurhaliza",
            "berisi 6 kolom, padahal baris judul hanya 4 "
            "(mungkin ada ',' atau tanda kutip yang tersasar?)",
        }
        assert set(cells) == expected, cells
        lines = _re.findall(r'<td class="n">(\d+)</td>', table.group(1))
        assert lines == ["3", "4", "5", "7", "8", "9", "10", "11", "13"]
        # Indonesian writes "e-mail" (as the desk does), never the English "email".
        assert not [c for c in cells if _re.search(r"\bemail\b", c)], cells
        refused_file = preview(b"email,company\nx@example.org,Acme\n")
        assert "Kolom nama tidak ditemukan (yang dicari: Name/Nama/Full name...). " \
               "Kolom yang ada: &#39;email&#39;, &#39;company&#39;." in refused_file
        assert "Berkasnya kosong." in preview(b" \n")
        # The English page keeps core's words.
        assert "malformed e-mail address" in preview(csv_bytes, "en")


# -- uploads the central list refuses, on the Flags page ---------------------------------

def _refusal_reasons() -> set[str]:
    """Every reason the central list answers a refused upload with, as forms: what the
    *_problem rules return (core/roles.py, the ingest, badge prints), the reasons the
    walk-in ingest assigns, and each thing :func:`not_paired_for` is called about."""
    import ast

    from kiosk.core.roles import not_paired_for

    central = CONSOLE.parent
    sources = [central.parent / "core" / "roles.py", central / "ingest.py",
               central / "badge_prints.py"]

    found: set[str] = set()
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            rule = fn.name.endswith("_problem")
            for node in ast.walk(fn):
                if rule and isinstance(node, ast.Return) and node.value is not None:
                    found.add(_form(node.value) or "")
                elif isinstance(node, ast.Assign) and fn.name == "_walkin" and \
                        getattr(node.targets[0], "id", "") == "refused":
                    found.add(_form(node.value) or "")
                elif isinstance(node, ast.Call) and \
                        getattr(node.func, "id", "") == "not_paired_for" and node.args:
                    found.add(not_paired_for(_form(node.args[0]) or ""))
    found.discard("")
    return found - {not_paired_for("")}


def test_every_refusal_reason_has_its_indonesian() -> None:
    """Refused uploads are shown to organisers with the list's own reason: on the
    Indonesian page in Indonesian (the one table), values kept."""
    from kiosk.central.console.i18n import INDONESIAN_ERRORS, INDONESIAN_FORMS, indonesian

    reasons = _refusal_reasons()
    assert len(reasons) > 20, reasons
    assert "gate {} is not part of the event(s) this device is paired for" in reasons
    missing = sorted(r for r in reasons
                     if r not in INDONESIAN_FORMS and r not in INDONESIAN_ERRORS)
    assert not missing, missing
    assert indonesian("gate 'hall' is not part of the event(s) this device is paired for") \
        == "pintu 'hall' bukan bagian dari acara yang ditautkan ke perangkat ini"


def test_the_tally_keeps_little_per_checkin() -> None:
    """The tally holds every check-in of the list in the server's memory: 680-730 bytes
    each before (tracemalloc, bench/console_tally.py), 290-400 now — a check-in is one
    tuple of shared texts and one int for its time and order; a person's one passage at
    a gate is that int, not a list. Measured here on 20,000 check-ins (memory, not time:
    the machine's load does not move it), its figures checked against what was fed."""
    import importlib.util

    path = CONSOLE.parents[2] / "bench" / "console_tally.py"
    spec = importlib.util.spec_from_file_location("console_tally_bench", path)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.measure(20_000)
    assert result["tally_bytes_per_checkin"] < 500, result
    checkins = [d for k, d in bench.payloads(20_000) if k == "checkin"]
    undone = {d["undoes"] for d in checkins if d["undoes"]}
    standing = [d for d in checkins if d["direction"] == "entry" and d["id"] not in undone]
    assert result["entries"] == len(standing)
    assert result["arrived"] == len({d["attendee_id"] for d in standing})
