"""Scan de-duplication: one scan per presentation of a code, as a door queue needs."""

from __future__ import annotations

import pytest

from kiosk.scanner.decode import DecodedCode
from kiosk.scanner.dedup import ScanDeduplicator

FRAME = 1 / 30


def code(text: str) -> DecodedCode:
    return DecodedCode(text, ((0, 0), (10, 0), (10, 10), (0, 10)), text.encode(), "test")


def run(dedup: ScanDeduplicator, frames: list[list[str]], start: float = 0.0) -> list[list[str]]:
    """Feed one list of texts per frame at 30 fps; the texts reported per frame."""
    return [
        [c.text for c in dedup.feed([code(t) for t in texts], start + i * FRAME)]
        for i, texts in enumerate(frames)
    ]


def test_code_held_in_view_is_one_scan() -> None:
    reported = run(ScanDeduplicator(), [["A"]] * 300)  # ten seconds in view
    assert reported[0] == ["A"]
    assert sum(len(r) for r in reported) == 1


def test_short_decoder_dropouts_are_not_a_new_scan() -> None:
    # Glare makes the decoder miss the code in 4 frames out of 5: still one scan.
    frames = [["A"] if i % 5 == 0 else [] for i in range(200)]
    reported = run(ScanDeduplicator(repeat_after_s=0.0, absent_frames=5), frames)
    assert sum(len(r) for r in reported) == 1


def test_code_back_after_leaving_view_is_reported_again() -> None:
    dedup = ScanDeduplicator(repeat_after_s=3.0, absent_frames=5)
    frames = [["A"]] * 30 + [[]] * 100 + [["A"]] * 10  # gone for 3.3 s, shown again
    reported = run(dedup, frames)
    assert [i for i, r in enumerate(reported) if r] == [0, 130]


def test_code_back_too_soon_is_still_the_same_scan() -> None:
    dedup = ScanDeduplicator(repeat_after_s=3.0, absent_frames=5)
    frames = [["A"]] * 10 + [[]] * 20 + [["A"]] * 30  # waved out and in within one second
    reported = run(dedup, frames)
    assert [i for i, r in enumerate(reported) if r] == [0]


def test_returning_code_waits_for_repeat_interval_since_last_report() -> None:
    dedup = ScanDeduplicator(repeat_after_s=1.0, absent_frames=3)
    # Out after 0.33 s, back at 0.5 s (too soon), stays until 1.5 s: not repeated while in
    # view; out again and back at 2.0 s: reported.
    frames = [["A"]] * 10 + [[]] * 5 + [["A"]] * 30 + [[]] * 15 + [["A"]] * 5
    reported = run(dedup, frames)
    assert [i for i, r in enumerate(reported) if r] == [0, 60]


def test_repeat_while_present_is_optional() -> None:
    dedup = ScanDeduplicator(repeat_after_s=3.0, repeat_while_present_s=2.0)
    reported = run(dedup, [["A"]] * 150)  # five seconds in view
    assert [i for i, r in enumerate(reported) if r] == [0, 60, 120]


def test_several_codes_are_tracked_independently() -> None:
    dedup = ScanDeduplicator(repeat_after_s=0.5, absent_frames=2)
    frames = [["A", "B"]] * 5 + [["B"]] * 30 + [["A", "B"]] * 5
    reported = run(dedup, frames)
    assert reported[0] == ["A", "B"]
    assert reported[35] == ["A"]
    assert sum(len(r) for r in reported) == 3


def test_duplicates_within_one_frame_are_one_scan() -> None:
    dedup = ScanDeduplicator()
    assert [c.text for c in dedup.feed([code("A"), code("A")], 0.0)] == ["A"]


def test_table_forgets_codes_long_gone_and_reset_clears() -> None:
    dedup = ScanDeduplicator(repeat_after_s=1.0, absent_frames=2)
    run(dedup, [[f"code-{i}"] for i in range(100)])  # a hundred attendees pass by
    assert len(dedup) < 40
    dedup.reset()
    assert len(dedup) == 0
    assert [c.text for c in dedup.feed([code("code-99")], 100.0)] == ["code-99"]


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        ScanDeduplicator(absent_frames=0)
    with pytest.raises(ValueError):
        ScanDeduplicator(repeat_after_s=-1)
