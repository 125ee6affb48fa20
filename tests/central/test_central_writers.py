"""A bulk import lets the kiosks' uploads write first (issue 10 item 8): every SQLite
write transaction announces itself on the list's ``-writers`` file (an open-file-
description lock, kiosk/central/writers.py) and the importer waits between chunks while
anyone is announced. Real SQLite files, real threads and a real second process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from kiosk.central.attendees import IMPORT_CHUNK
from kiosk.central.store import CentralStore
from kiosk.central.writers import WriterSignal
from kiosk.core.attendee_csv import parse_csv_bytes
from kiosk.core.models import Gate
from tests.central_fixtures import kiosk_env


def test_a_writer_is_seen_by_other_connections_threads_and_processes(tmp_path: Path) -> None:
    db = str(tmp_path / "central.db")
    mine, other = WriterSignal(db), WriterSignal(db)
    probe = textwrap.dedent(f"""
        from kiosk.central.writers import WriterSignal
        print(WriterSignal({db!r}).others_writing())
    """)

    def seen_by_another_process() -> bool:
        out = subprocess.run([sys.executable, "-c", probe], env=kiosk_env(), text=True,
                             capture_output=True, check=True, timeout=60).stdout
        return out.strip() == "True"

    assert not other.others_writing() and not seen_by_another_process()
    with mine.writing():
        assert other.others_writing()
        seen: list[bool] = []
        thread = threading.Thread(target=lambda: seen.append(mine.others_writing()))
        thread.start()
        thread.join()
        assert seen == [True]  # another thread of the same object: its own descriptor
        assert seen_by_another_process()
    assert not other.others_writing() and not seen_by_another_process()
    assert other.wait_for_others(1.0) < 0.5  # nobody: no wait
    mine.close()
    other.close()


def test_the_import_waits_between_chunks_for_an_announced_upload(tmp_path: Path) -> None:
    rows = 3 * IMPORT_CHUNK
    raw = ("ID,Name\n" + "".join(f"p{i},Person {i}\n" for i in range(rows))).encode()
    with CentralStore.open(tmp_path / "central.db") as store:
        store.events.create("Bench", event_id="bench", gates=[Gate("main", "", "Main")])
        progress: list[tuple[int, float]] = []
        announced, upload_done = threading.Event(), threading.Event()
        ends: list[float] = []

        def upload() -> None:
            # A kiosk's upload waiting for the write lock (announced), then writing.
            with store.db.writers.writing():  # type: ignore[union-attr]
                announced.set()
                time.sleep(0.4)
                ends.append(time.monotonic())
            upload_done.set()

        def report(written: int, total: int) -> None:
            progress.append((written, time.monotonic()))
            if written == IMPORT_CHUNK:  # the first chunk is committed
                threading.Thread(target=upload).start()
                announced.wait(10)

        summary = store.attendees.import_parsed(parse_csv_bytes(raw), event_id="bench",
                                                progress=report)
        upload_done.wait(10)
    assert summary.added == rows
    after_first = [t for written, t in progress if written > IMPORT_CHUNK]
    assert ends and after_first
    # The second chunk was written only once the upload had gone (it waited ~0.4 s).
    assert min(after_first) >= ends[0], (progress, ends)
