"""The live decoder's heavy stages in a child process.

The first stage (zxing-cpp) runs on the caller's thread for every frame; the heavy stages
(CLAHE, closing, WeChat's CNN reader, the located-region retries) run here, one at a time,
in one child process shared by every live decoder of the kiosk:

* **The caller's thread never competes with them.** zxing-cpp 3.1.1 releases the GIL, but
  OpenCV's own thread pool spreads a heavy stage over every core and a worker *thread*'s
  stages shared the process's pool and scheduling with the caller; the child runs OpenCV
  single-threaded, at a lower priority (``nice`` :data:`NICE`), so a heavy stage takes at
  most one core and the preview's thread is scheduled first.
* **Its CPU is counted whole** (the child's process time per job, OpenCV's threads
  included) for the decoder's CPU budget.
* **A crash stays in the child.** A stage that kills its process (a native crash on an odd
  frame) loses that job only: the first stage keeps scanning on the caller's thread, the
  child is started again, and heavy stages resume once it is ready.

The frame goes over shared memory (one buffer per job handed over, grown when a larger
frame comes), the stage name, shape and located corners over a pipe; the codes come back
pickled. **Two jobs** may be handed over at once (:data:`DEPTH`): one running, the next
waiting in the pipe with its own frame, so the child starts it the moment the first ends
instead of idling until the caller's next frame (up to a frame period plus the first stage,
~25 ms, between every two jobs). The child
is started with ``spawn`` (never ``fork`` a process with Qt and camera threads), in the
background: until it is ready (imports, WeChat's models: about a second) the live decoder
simply hands nothing off.
"""

from __future__ import annotations

import atexit
import itertools
import logging
import multiprocessing
import os
import threading
import time
from multiprocessing import shared_memory
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

#: The child's scheduling priority (added niceness): below the caller's thread, whose
#: frames must not wait, but not so low that a busy machine starves the heavy stages.
NICE = 4
#: A job still running after this many seconds is taken for a hung child: it is killed and
#: started again (WeChat on the largest glaring photo took 3 s of CPU).
JOB_TIMEOUT_S = 20.0
#: A child that is not ready after this long is killed and started again.
START_TIMEOUT_S = 60.0
#: Jobs handed to the child at once: the one it runs and the next, waiting in the pipe.
DEPTH = 2
#: The child keeps at most this many of the parent's frame buffers mapped (a buffer the
#: parent replaced by a larger one is unmapped when it falls out).
_CHILD_BUFFERS = DEPTH + 1

Points = tuple[tuple[int, int], ...]


# -- the child -------------------------------------------------------------------------


def _attach(name: str) -> shared_memory.SharedMemory:
    """The parent's buffer, without registering it with the resource tracker a second
    time (Python < 3.13 would otherwise unlink or report it when the child ends)."""
    from multiprocessing import resource_tracker

    register = resource_tracker.register
    resource_tracker.register = lambda *args, **kwargs: None
    try:
        return shared_memory.SharedMemory(name=name)
    finally:
        resource_tracker.register = register


def _pixels(buffer: shared_memory.SharedMemory, shape: tuple[int, ...]) -> np.ndarray:
    """The buffer's first bytes as a uint8 image of ``shape`` (no copy)."""
    view = buffer.buf
    assert view is not None
    return np.ndarray(shape, np.uint8, view[:int(np.prod(shape))])


def run_stage(name: str, gray: np.ndarray, located: list[Points]) -> list[Any]:
    """One heavy stage of the stack on ``gray``: what the child runs (and the thread
    worker, for a decoder that runs its stages in the process)."""
    from kiosk.scanner import decode

    retry = decode.region_retry(name)
    if retry is not None:
        # Nothing located on this frame: nothing to retry (a no-op hand-off).
        return retry(gray, located) if located else []
    return decode.run_backend(name, gray)


def _serve(conn: Connection, stages: list[str]) -> None:
    """The child's loop: build the stages, say ready, then run each job it is sent."""
    try:
        os.nice(NICE)
    except (AttributeError, OSError):  # no nice on this platform: same priority
        pass
    import cv2

    cv2.setNumThreads(1)  # one core: the budget's "one core", and the caller's other core
    from kiosk.scanner import decode

    for name in stages:
        try:
            decode.backend(name)
        except Exception:  # noqa: BLE001 - an unavailable stage answers "no code"
            log.info("heavy stage %s unavailable in the worker", name)
    conn.send(("ready", os.getpid()))
    buffers: dict[str, shared_memory.SharedMemory] = {}
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            break
        if message[0] == "stop":
            break
        _, job, name, buffer, shape, located = message
        start = time.process_time()
        try:
            mapped = buffers.pop(buffer, None)  # re-inserted last: the most recent
            if mapped is None:
                while len(buffers) >= _CHILD_BUFFERS:
                    buffers.pop(next(iter(buffers))).close()
                mapped = _attach(buffer)
            buffers[buffer] = mapped
            gray = _pixels(buffers[buffer], tuple(shape)).copy()
            codes = run_stage(name, gray, located)
        except Exception:  # noqa: BLE001 - a failed stage is "no code", the loop goes on
            log.warning("heavy stage %s failed in the worker", name, exc_info=True)
            codes = []
        conn.send(("done", job, codes, (time.process_time() - start) * 1000))
    for old in buffers.values():
        old.close()
    conn.close()


# -- the parent's side -----------------------------------------------------------------


class HeavyWorker:
    """The child process and the one job it runs at a time (thread-safe)."""

    def __init__(self, stages: list[str]) -> None:
        self.stages = list(stages)
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Connection | None = None
        self._ready = False
        self._started = 0.0
        #: One frame buffer per job slot (:data:`DEPTH`).
        self._buffers: list[shared_memory.SharedMemory | None] = [None] * DEPTH
        self._jobs = itertools.count(1)
        #: The jobs handed over and not finished, oldest (the running one) first: id ->
        #: its buffer slot.
        self._running: dict[int, int] = {}
        #: When the oldest of them started (when it was sent, or when the one before ended).
        self._head_since = 0.0
        self._results: dict[int, tuple[list[Any], float]] = {}
        #: Children started (the first included) and the CPU ms the jobs spent: for tests
        #: and benchmarks.
        self.starts = 0
        self.cpu_ms = 0.0

    # -- life cycle ----------------------------------------------------------------

    def start(self) -> None:
        """Start the child (in the background: it says when it is ready)."""
        with self._lock:
            if self._process is None:
                self._spawn()

    def _spawn(self) -> None:
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe(duplex=True)
        process = context.Process(target=_serve, args=(theirs, self.stages),
                                  name="kiosk-decode", daemon=True)
        process.start()
        theirs.close()
        self._process, self._conn, self._ready = process, ours, False
        self._started = time.monotonic()
        self.starts += 1

    def _restart(self, why: str) -> None:
        log.warning("the decoding worker %s: starting it again (scanning goes on)", why)
        self._kill()
        self._lose_jobs()
        self._spawn()

    def _lose_jobs(self) -> None:
        """The jobs handed to a child that is gone: no code, no CPU."""
        for job in self._running:
            self._results[job] = ([], 0.0)
        self._running = {}

    def _kill(self) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        self._ready = False
        if conn is not None:
            conn.close()
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(5)

    def close(self) -> None:
        """Stop the child and free the frame buffer (at exit; a closed worker starts again
        on its next use)."""
        with self._lock:
            if self._conn is not None and self._process is not None and self._ready:
                try:
                    self._conn.send(("stop",))
                    self._process.join(2)
                except (OSError, ValueError):
                    pass
            self._kill()
            self._lose_jobs()
            for slot in range(DEPTH):
                self._free_buffer(slot)

    def _free_buffer(self, slot: int) -> None:
        buffer, self._buffers[slot] = self._buffers[slot], None
        if buffer is not None:
            buffer.close()
            try:
                buffer.unlink()
            except FileNotFoundError:
                pass

    @property
    def pid(self) -> int | None:
        """The child's process id (None before it was started)."""
        process = self._process
        return None if process is None else process.pid

    # -- jobs ----------------------------------------------------------------------

    def _pump(self) -> None:
        """Read what the child said (never blocks); notice a dead or hung child. Under
        the lock."""
        if self._process is None:
            self._spawn()
            return
        conn = self._conn
        assert conn is not None
        try:
            while conn.poll(0):
                message = conn.recv()
                if message[0] == "ready":
                    self._ready = True
                elif message[0] == "done":
                    _, job, codes, cpu_ms = message
                    self.cpu_ms += cpu_ms
                    self._results[job] = (codes, cpu_ms)
                    if self._running.pop(job, None) is not None:
                        self._head_since = time.monotonic()
        except (EOFError, OSError):
            self._restart("quit")
            return
        now = time.monotonic()
        if not self._process.is_alive():
            self._restart(f"ended (exit code {self._process.exitcode})")
        elif self._running and now - self._head_since > JOB_TIMEOUT_S:
            self._restart(f"took over {JOB_TIMEOUT_S:.0f} s on one stage")
        elif not self._ready and now - self._started > START_TIMEOUT_S:
            self._restart(f"was not ready after {START_TIMEOUT_S:.0f} s")

    @property
    def queued(self) -> int:
        """Jobs handed over and not finished (running or waiting), every decoder's."""
        with self._lock:
            return len(self._running)

    def submit(self, name: str, gray: np.ndarray, located: list[Points]) -> int | None:
        """Hand ``name`` on ``gray`` to the child: the job's id, or None when the child is
        not ready yet or has :data:`DEPTH` jobs already: nothing was handed off."""
        with self._lock:
            self._pump()
            if not self._ready or len(self._running) >= DEPTH:
                return None
            gray = np.ascontiguousarray(gray)
            slot = next(i for i in range(DEPTH) if i not in self._running.values())
            buffer = self._buffers[slot]
            if buffer is None or buffer.size < gray.nbytes:
                self._free_buffer(slot)
                buffer = shared_memory.SharedMemory(create=True, size=gray.nbytes)
                self._buffers[slot] = buffer
            view = _pixels(buffer, gray.shape)
            view[...] = gray
            del view
            job = next(self._jobs)
            assert self._conn is not None
            try:
                self._conn.send(("run", job, name, buffer.name, gray.shape,
                                 [tuple(map(tuple, p)) for p in located]))
            except (OSError, ValueError):
                self._restart("could not be reached")
                return None
            if not self._running:
                self._head_since = time.monotonic()
            self._running[job] = slot
            return job

    def result(self, job: int) -> tuple[list[Any], float] | None:
        """(codes, CPU ms) of a finished job (once), or None while it runs."""
        with self._lock:
            if job not in self._results:
                self._pump()
            return self._results.pop(job, None)

    def wait(self, job: int, timeout: float = JOB_TIMEOUT_S + 5) -> tuple[list[Any], float]:
        """Block until ``job`` ends ((codes, CPU ms); ([], 0) if the child was lost)."""
        end = time.monotonic() + timeout
        while True:
            found = self.result(job)
            if found is not None:
                return found
            if time.monotonic() > end:
                return [], 0.0
            time.sleep(0.002)

    def wait_ready(self, timeout: float = START_TIMEOUT_S) -> bool:
        """Block until the child is ready (tests, benchmarks); False on timeout."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self._lock:
                self._pump()
                if self._ready:
                    return True
            time.sleep(0.01)
        return False


class Job:
    """A job handed to the worker, asked like a Future: ``done()``, ``result()``."""

    def __init__(self, worker: HeavyWorker, job: int) -> None:
        self._worker, self._job = worker, job
        self._found: tuple[list[Any], float] | None = None

    def done(self) -> bool:
        if self._found is None:
            self._found = self._worker.result(self._job)
        return self._found is not None

    def result(self) -> tuple[list[Any], float]:
        if self._found is None:
            self._found = self._worker.wait(self._job)
        return self._found


_shared: HeavyWorker | None = None
_shared_lock = threading.Lock()


def shared_worker(stages: list[str]) -> HeavyWorker:
    """The one worker process of this kiosk (started on first use)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = HeavyWorker(stages)
            _shared.start()
        return _shared


def _close_shared() -> None:
    with _shared_lock:
        if _shared is not None:
            _shared.close()


atexit.register(_close_shared)
