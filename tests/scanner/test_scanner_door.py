"""A door, end to end through the real parts: a video file stands in for the webcam, our
own signed tickets are shown to it (moving, tilted, glare, motion blur, a Wi-Fi poster on the
wall), and every decoded scan goes to the real check-in service on a real replica file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import cv2
import numpy as np

from kiosk.core.verdicts import Verdict
from kiosk.replica.checkin import CheckInService
from kiosk.replica.codes import issue_missing_codes
from kiosk.replica.db import Replica
from kiosk.replica.importer import import_csv
from kiosk.scanner.decode import FrameDecoder
from kiosk.scanner.dedup import ScanDeduplicator
from kiosk.scanner.sources import open_source
from tests.scanner.test_scanner_decode import rendered, scene

W, H, FPS = 1280, 720, 15.0
WIFI = "WIFI:S:venue-guest;T:WPA;P:welcome2026;;"


def wall() -> np.ndarray:
    """The empty view: a wall with a Wi-Fi QR poster in the corner (always in view)."""
    frame = scene(np.full((60, 60), 255, np.uint8), size=(W, H), centre=(-500, -500))
    poster = cv2.cvtColor(rendered(WIFI, box_size=3), cv2.COLOR_GRAY2BGR)
    frame[20:20 + poster.shape[0], W - 20 - poster.shape[1]:W - 20] = poster
    return frame


def phone(code: np.ndarray, i: int, n: int, **extra: object) -> np.ndarray:
    """Frame ``i`` of ``n`` of a ticket held up: it comes closer, turns a little."""
    t = i / max(1, n - 1)
    small = cv2.resize(code, None, fx=0.6 + 0.5 * t, fy=0.6 + 0.5 * t,
                       interpolation=cv2.INTER_AREA)
    return scene(small, background=wall(), centre=(520 + 120 * t, 380 - 40 * t),
                 angle=-15 + 25 * t, seed=i, noise=3, **extra)  # type: ignore[arg-type]


def test_a_door_queue_through_a_video(tmp_path: Path, sample_csv: Path) -> None:
    with Replica(tmp_path / "kiosk.db") as replica:
        import_csv(replica, sample_csv)
        issue_missing_codes(replica)
        people = {a.name: a for a in replica.attendees()}
        budi, jose = people["Budi Sitorus"], people["José Ramírez"]
        assert budi.code and jose.code and budi.code.startswith("CK1-")

        frames = [wall()] * 10
        budi_code = rendered(budi.code)
        for i in range(20):
            if 8 <= i < 12:  # the hand jerks: motion-blurred, unreadable frames mid-scan
                blurred = phone(budi_code, i, 20)
                frames.append(cv2.blur(blurred, (25, 1)))
            else:
                frames.append(phone(budi_code, i, 20, glare=0.12 if i % 3 == 0 else 0.0))
        frames += [wall()] * 20
        jose_code = rendered(jose.code)
        frames += [phone(jose_code, i, 15, tilt=0.3) for i in range(15)]
        frames += [wall()] * 50
        frames += [phone(budi_code, i, 10) for i in range(10)]  # Budi tries again
        video = tmp_path / "door.avi"
        writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), FPS, (W, H))
        for frame in frames:
            writer.write(frame)
        writer.release()

        start = datetime.now(UTC)
        # The kiosk's clock is the video's: Budi is back 7 s after his entry.
        service = CheckInService(replica, clock=lambda: start + timedelta(seconds=index / FPS))
        decoder = FrameDecoder()
        dedup = ScanDeduplicator()
        outcomes: list[tuple[int, str, Verdict]] = []
        with open_source(video) as source:
            index = 0
            while (frame := source.read()) is not None:
                for code in dedup.feed(decoder.decode(frame), index / source.fps):
                    result = service.scan(code.text)
                    who = result.attendee.name if result.attendee else code.text
                    outcomes.append((index, who, result.verdict))
                index += 1

        assert [(who, verdict) for _, who, verdict in outcomes] == [
            (WIFI, Verdict.NOT_A_TICKET),
            ("Budi Sitorus", Verdict.ACCEPTED),
            ("José Ramírez", Verdict.ACCEPTED),
            ("Budi Sitorus", Verdict.JUST_CHECKED_IN),  # again at once: still go in
        ]
        # Read on the first frame each ticket was shown (the poster from the very start).
        assert [i for i, _, _ in outcomes] == [0, 10, 50, 115]
        assert len(replica.checkins()) == 2  # one entry each: no double check-in
