"""The live decoder's heavy stages in their worker process: they run there (not on the
caller's process), a killed worker does not stop scanning and comes back, and closing it
stops the child. Real processes, real frames of our own tickets."""

from __future__ import annotations

import os
import signal
import time

import numpy as np
import pytest

from kiosk.errors import DecodeError
from kiosk.scanner import worker as worker_module
from kiosk.scanner.decode import FrameDecoder
from kiosk.scanner.worker import HeavyWorker, run_stage
from tests.scanner.test_scanner_decode import SIGNED, rendered, scene
from tests.scanner.test_scanner_stack import glare_frame


def read_within(fd: FrameDecoder, frame: np.ndarray, frames: int) -> tuple[int, list[str]]:
    """Feed ``frame`` at ~100 fps until something is read: (frames fed, texts)."""
    for i in range(frames):
        got = [c.text for c in fd.decode(frame)]
        if got:
            return i, got
        time.sleep(0.01)
    return frames, []


def test_heavy_stages_run_in_the_worker_process_and_report_their_cpu() -> None:
    fd = FrameDecoder()
    pool = worker_module.shared_worker([])
    assert pool.wait_ready()
    assert pool.pid is not None and pool.pid != os.getpid()
    # The glare frame: zxing-cpp alone locates the badge but cannot read it.
    assert fd.decode(glare_frame()) == []
    n, texts = read_within(fd, glare_frame(), 300)
    assert texts == [SIGNED]
    assert fd.history[0][1] == "zxing-regions"
    assert fd.heavy_cpu_ms > 0  # the child's own CPU time, paid from the budget


def test_a_killed_worker_does_not_stop_scanning_and_comes_back() -> None:
    fd = FrameDecoder()
    pool = worker_module.shared_worker([])
    assert pool.wait_ready()
    starts, pid = pool.starts, pool.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    # While it is down (and starting again), the first stage still reads a plain ticket
    # on every frame, on the caller's thread.
    plain = scene(rendered(SIGNED))
    for _ in range(10):
        assert [c.text for c in fd.decode(plain)] == [SIGNED]
        time.sleep(0.01)
    # ... and the heavy stages come back in a new child: the glare badge is read again.
    _, texts = read_within(fd, glare_frame(), 1000)
    assert texts == [SIGNED]
    assert pool.starts == starts + 1 and pool.pid not in (None, pid)


def test_a_job_lost_with_its_worker_is_no_code_and_the_next_one_runs() -> None:
    pool = HeavyWorker(["wechat-clahe", "zxing-close-soft"])
    try:
        assert pool.wait_ready()
        # WeChat on a full-HD frame of noise: hundreds of ms, so the kill lands mid-job.
        frame = np.random.default_rng(3).integers(0, 255, (1080, 1920), dtype=np.uint8)
        job = pool.submit("wechat-clahe", frame, [])
        assert job is not None
        queued = pool.submit("wechat-clahe", frame, [])  # the next one waits its turn
        assert queued is not None
        assert pool.submit("zxing-close-soft", frame, []) is None  # full: DEPTH jobs
        assert pool.pid is not None
        os.kill(pool.pid, signal.SIGKILL)
        assert pool.wait(job) == ([], 0.0)  # lost with its process: no code, no CPU paid
        assert pool.wait(queued) == ([], 0.0)  # ... and the one waiting behind it
        assert pool.wait_ready()
        again = pool.submit("zxing-close-soft", glare_frame()[..., 0].copy(), [])
        assert again is not None
        codes, cpu_ms = pool.wait(again)
        assert cpu_ms > 0 and isinstance(codes, list)
    finally:
        pool.close()
    assert pool.pid is None


def test_closing_the_worker_stops_its_process() -> None:
    pool = HeavyWorker([])
    assert pool.wait_ready()
    pid = pool.pid
    assert pid is not None
    pool.close()
    with pytest.raises(ProcessLookupError):
        for _ in range(100):  # reaped by close(); give the kernel a moment
            os.kill(pid, 0)
            time.sleep(0.01)


def test_the_worker_runs_the_same_stage_as_the_process_would() -> None:
    gray = glare_frame()[..., 0].copy()
    from kiosk.scanner.decode import locate

    _, located = locate(gray)
    assert located
    assert [c.text for c in run_stage("zxing-regions", gray, located)] == [SIGNED]
    assert run_stage("zxing-regions", gray, []) == []  # nothing located: nothing to retry


def test_an_unknown_worker_kind_is_a_configuration_error() -> None:
    with pytest.raises(DecodeError, match="process or thread"):
        FrameDecoder(worker="fibre")


def test_with_the_worker_process_the_first_stage_does_not_pay_the_heavy_budget() -> None:
    # The heavy stages have their share of a core of their own; with a worker thread the
    # caller's first stage shares it (and pays from it).
    for kind, paid in (("process", False), ("thread", True)):
        fd = FrameDecoder(worker=kind)
        fd._credit, fd._clock = 0.0, time.monotonic()
        fd._earn(0.010)  # a 10 ms first stage, a moment after the last frame
        assert (fd._credit < 0) is paid, kind


def test_two_jobs_handed_at_once_each_read_their_own_frame() -> None:
    # The next job waits in the pipe with its own frame buffer while the first runs, so
    # the child starts it the moment the first ends: neither frame overwrites the other.
    from kiosk.scanner.decode import locate

    pool = HeavyWorker(["zxing-regions", "zxing-close-soft"])
    try:
        assert pool.wait_ready()
        glare = glare_frame()[..., 0].copy()
        _, located = locate(glare)
        assert located
        noise = np.random.default_rng(6).integers(0, 255, glare.shape, dtype=np.uint8)
        first = pool.submit("zxing-close-soft", noise, [])
        second = pool.submit("zxing-regions", glare, located)
        assert first is not None and second is not None
        assert pool.queued == 2
        noise[...] = 0  # the caller reuses its buffers at once: the jobs have their copies
        glare[...] = 0
        assert pool.wait(first)[0] == []
        codes, cpu_ms = pool.wait(second)
        assert [c.text for c in codes] == [SIGNED] and cpu_ms > 0
        assert pool.queued == 0
    finally:
        pool.close()


def test_while_something_moves_the_next_stage_waits_its_turn_in_the_worker() -> None:
    # A live decoder keeps two stages handed off while the scene moves (one running, one
    # waiting): on the first frame two, then one more each time one ends; depth=1 is the
    # one-at-a-time decoder of before.
    fd = FrameDecoder(cpu_share=None)
    assert fd.depth == 2
    pool = worker_module.shared_worker([])
    assert pool.wait_ready()
    rng = np.random.default_rng(7)
    fd.decode(rng.integers(0, 255, (720, 1280), dtype=np.uint8))
    assert [f for f, _ in fd.history] == [1, 1]
    fd.finish()
    one = FrameDecoder(cpu_share=None, depth=1)
    one.decode(rng.integers(0, 255, (720, 1280), dtype=np.uint8))
    assert len(one.history) == 1
    one.finish()


def test_the_live_decoder_reads_a_steeply_tilted_code_through_its_worker() -> None:
    from tests.scanner.test_scanner_stack import tilted_frame

    fd = FrameDecoder()
    assert worker_module.shared_worker([]).wait_ready()
    frame = tilted_frame()
    assert fd.decode(frame) == []  # the first stage alone cannot
    n, texts = read_within(fd, frame, 300)
    assert texts == [SIGNED]
    assert "zxing-finders" in [name for _, name in fd.history]
    fd.finish()
