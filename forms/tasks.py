"""Work off the UI thread, in one place: a job that reports only through queued signals,
``start_job`` for work the window goes on without (a comparison), and a modal wait with a
cancellable progress dialog for work the user is waiting on (attaching a large file).

Every job runs on the one application pool, on data it was given (a snapshot, never the open
file or a widget), and every way it can end — a result, any exception, a cancel — comes back
on the UI thread, so a page is never left saying "working…" forever.

A job's function runs on a pool thread and must not touch a widget or the review file; it is
given a ``progress(fraction, message)`` callable, which also raises ``Cancelled`` once the user
has cancelled, so long work stops at its next step. Failures come back as one line of words.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Progress = Callable[[float, str], None]


class Cancelled(Exception):
    """The user cancelled; the job stops where it is and nothing is kept."""


def describe_failure(exc: BaseException) -> str:
    """A failure in words for the user (never a traceback)."""
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    return f"{type(exc).__name__}: {exc}" if not str(exc) else str(exc)


class JobSignals(QObject):
    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class BackgroundJob(QRunnable):
    """Runs ``work(progress)`` on a pool thread; reports only through ``signals``."""

    def __init__(self, work: Callable[[Progress], Any]):
        super().__init__()
        self.work = work
        self.signals = JobSignals()
        self.thread_id: int | None = None
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, fraction: float, message: str) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self.signals.progress.emit(fraction, message)

    def run(self) -> None:
        self.thread_id = threading.get_ident()
        try:
            result = self.work(self._progress)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # reported to the user in words, on the UI thread
            self.signals.failed.emit(describe_failure(exc))
        else:
            self.signals.finished.emit(result)


def start_job(owner: QObject, work: Callable[[Progress], Any], *,
              on_done: Callable[[Any], None], on_failed: Callable[[str], None],
              on_progress: Callable[[float, str], None] | None = None) -> BackgroundJob:
    """Run ``work`` on the pool; its result, or any failure in words, is handed to ``on_done``
    or ``on_failed`` on the UI thread. Keep the returned job while it runs (to cancel it)."""
    job = BackgroundJob(work)
    job.signals.setParent(owner)  # the callbacks die with their owner, never after it
    queued = Qt.ConnectionType.QueuedConnection
    job.signals.finished.connect(on_done, queued)
    job.signals.failed.connect(on_failed, queued)
    job.signals.cancelled.connect(lambda: on_failed("cancelled"), queued)
    if on_progress is not None:
        job.signals.progress.connect(on_progress, queued)
    QThreadPool.globalInstance().start(job)
    return job


class Outcome:
    """How a waited-for job ended: ``done`` (with ``result``), ``cancelled`` or ``failed``."""

    def __init__(self, state: str, result: Any = None, message: str = ""):
        self.state = state
        self.result = result
        self.message = message


def run_with_progress(parent: QWidget | None, title: str, label: str,
                      work: Callable[[Progress], Any], *, show_after_ms: int = 300,
                      on_start: Callable[[BackgroundJob, QProgressDialog], None] | None = None
                      ) -> Outcome:
    """Run ``work`` on a pool thread while the window keeps painting; a window-modal progress
    dialog (shown if the work takes longer than ``show_after_ms``) lets the user cancel.
    Returns when the job has really ended, so nothing is left running behind the caller."""
    job = BackgroundJob(work)
    dialog = QProgressDialog(label, "Cancel", 0, 1000, parent)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(show_after_ms)
    dialog.setMinimumWidth(420)
    dialog.setValue(0)
    loop = QEventLoop()
    outcome = Outcome("cancelled")

    def end(state: str, result: Any = None, message: str = "") -> None:
        outcome.state, outcome.result, outcome.message = state, result, message
        loop.quit()

    def cancel() -> None:
        job.cancel()
        dialog.setLabelText("Cancelling…")

    def progress(fraction: float, message: str) -> None:
        if not job.cancel_requested:
            dialog.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
            if message:
                dialog.setLabelText(message)

    job.signals.progress.connect(progress, Qt.ConnectionType.QueuedConnection)
    job.signals.finished.connect(lambda r: end("done", r), Qt.ConnectionType.QueuedConnection)
    job.signals.failed.connect(lambda m: end("failed", message=m),
                               Qt.ConnectionType.QueuedConnection)
    job.signals.cancelled.connect(lambda: end("cancelled"), Qt.ConnectionType.QueuedConnection)
    dialog.canceled.connect(cancel)
    dialog.rejected.connect(cancel)  # Escape
    pool = QThreadPool.globalInstance()
    pool.start(job)
    if on_start is not None:
        on_start(job, dialog)
    loop.exec()
    if job.cancel_requested and outcome.state == "done":
        outcome = Outcome("cancelled")  # cancelled after the last step: keep nothing
    dialog.reset()  # stops its show timer
    dialog.hide()
    dialog.deleteLater()
    return outcome
