"""The demo data: realistic names, a two-day conference whose scripted tickets get the
verdicts the video promises, and a video in which those codes can be read in order."""

from __future__ import annotations

import cv2

from kiosk.demo.event import EVENT_ID, build_demo_replica
from kiosk.demo.names import INDONESIAN_FAMILY, INDONESIAN_GIVEN, make_people
from kiosk.demo.video import VideoItem, generate_video
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.scanner.decode import decode_frame


def test_people_are_realistic_unique_and_deterministic():
    people = make_people(3000, seed=1)
    assert people == make_people(3000, seed=1)
    assert len({p.email for p in people}) == 3000
    indonesian = {*INDONESIAN_GIVEN, *INDONESIAN_FAMILY}
    share = sum(p.name.split()[0] in indonesian for p in people) / len(people)
    assert 0.6 < share < 0.8  # mostly Indonesian, many international
    assert any(len(p.name.split()) == 1 for p in people)  # mononyms
    assert any(not p.name.isascii() for p in people)  # José, Søren, Nguyễn...
    assert {p.ticket_type for p in people} >= {"Conference", "Student", "Workshop", "VIP"}


def test_demo_replica_and_scripted_verdicts(tmp_path):
    setup = build_demo_replica(tmp_path, attendees=500)
    with Replica(setup.replica_path) as replica:
        assert replica.attendee_count() == 500
        event = replica.get_event(EVENT_ID)
        assert event is not None and len(event.days) == 2
        assert {g.id for g in replica.gates()} == {"main-hall", "workshops", "vip-lounge",
                                                   "community"}
        assert all(a.code for a in replica.attendees())
        service = CheckInService(replica, gate_id=setup.kiosk_gate)
        got = [str(service.scan(t.text).verdict) for t in setup.tickets]
    assert got == [t.expected for t in setup.tickets]
    assert set(got) >= {"accepted", "already_checked_in", "wrong_gate", "forged",
                        "not_a_ticket"}


def test_video_shows_the_codes_in_order(tmp_path):
    setup = build_demo_replica(tmp_path, attendees=200)
    path = tmp_path / "v.avi"
    timeline = generate_video(path, [VideoItem(t.text, t.style, t.caption)
                                     for t in setup.tickets],
                              width=640, height=360, fps=10, seconds_per_item=2.0)
    cap = cv2.VideoCapture(str(path))
    assert int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) == timeline.frames
    seen: list[str] = []
    index = 0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        assert frame.shape[:2] == (360, 640)
        for code in decode_frame(frame):
            if not seen or seen[-1] != code.text:
                seen.append(code.text)
        index += 1
    cap.release()
    assert seen == [t.text for t in setup.tickets]
