"""The task manager: runs background work off the GUI thread, hands results back on it.

One dedicated worker thread runs tasks in order. Work that owns a SQLite connection (the
sync engine) can keep it in :attr:`TaskManager.thread_state`, because every task runs on
the same thread (one thread owns a connection). Results and errors come back to the GUI
thread through a queued signal; callbacks run there. Stopping is cooperative: the queue
gets a sentinel, and ``wait()`` follows.
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)


@dataclass
class _Task:
    fn: Callable[[], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None


class _TaskThread(QThread):
    finished_task = Signal(object, object, object)  # task, result, error

    def __init__(self) -> None:
        super().__init__()
        self.tasks: queue.Queue[_Task | None] = queue.Queue()

    def run(self) -> None:
        while True:
            task = self.tasks.get()
            if task is None:
                return
            try:
                result = task.fn()
            except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
                self.finished_task.emit(task, None, exc)
            else:
                self.finished_task.emit(task, result, None)


class TaskManager(QObject):
    """``run(fn, on_done, on_error)``: ``fn`` on the worker thread, callbacks on the GUI."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: Per-thread state for tasks (objects that must stay on the worker thread).
        self.thread_state: dict[str, Any] = {}
        self._thread = _TaskThread()
        self._thread.finished_task.connect(self._deliver)
        self._thread.start()
        self._pending = 0
        self._stopped = False

    @property
    def pending(self) -> int:
        return self._pending

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._pending += 1
        self._thread.tasks.put(_Task(fn, on_done, on_error))

    @Slot(object, object, object)
    def _deliver(self, task: _Task, result: Any, error: BaseException | None) -> None:
        self._pending -= 1
        if self._stopped:
            return  # the GUI that asked is gone
        if error is not None:
            if task.on_error is not None:
                task.on_error(error)
            else:
                log.error("background task failed", exc_info=error)
            return
        if task.on_done is not None:
            task.on_done(result)

    def stop(self, timeout_ms: int = 10000) -> bool:
        """Finish queued tasks and the thread (cooperatively); True when it ended."""
        self._stopped = True
        if not self._thread.isRunning():
            return True
        self._thread.tasks.put(None)
        return bool(self._thread.wait(timeout_ms))
