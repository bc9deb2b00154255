"""Background work for the dock: every network call runs in a ``QgsTask`` with progress and cancel.

:class:`PlatformTask` runs a plain function in a worker thread with a ``QgsFeedback`` (cancel,
progress) and hands the result (or the error) back to a callback on the main thread. The dock
keeps a reference to every running task (QGIS does not), shows their progress in its status
bar, and cancels them when it closes.

Before any task that uses an authentication configuration, :func:`ensure_master_password`
explains in plain words (in the user's language) why QGIS is about to ask for its master
password, then lets QGIS ask — on the main thread, never from a worker.
"""

from typing import Callable, Optional

from qgis.core import Qgis, QgsApplication, QgsFeedback, QgsMessageLog, QgsTask
from qgis.PyQt.QtCore import QObject, pyqtSignal
from qgis.PyQt.QtWidgets import QMessageBox

from ...processing.i18n import tr

MESSAGE_TAG = "Community Smart Governance"


def master_password_explanation() -> str:
    return tr(
        "QGIS keeps the platform's user names, passwords and tokens in its own encrypted "
        "authentication database, never in project files or settings. To open that database QGIS "
        "asks once per session for its master password. If you have never set one, the password "
        "you type now becomes it: choose one you will remember, it cannot be recovered. This is "
        "QGIS's own dialog, not the platform's login."
    )


def ensure_master_password(parent=None, interactive: bool = True) -> bool:
    """True when the auth database is open; explain, then let QGIS prompt, when it is not."""
    manager = QgsApplication.authManager()
    if manager.masterPasswordIsSet():
        return True
    if not interactive:
        return False
    answer = QMessageBox.information(
        parent,
        tr("QGIS master password"),
        master_password_explanation(),
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Ok:
        return False
    return manager.setMasterPassword(True)


class _Relay(QObject):
    """Carries the result from the task's ``finished`` (main thread) to the callback."""

    done = pyqtSignal(object, object)  # result, error


class PlatformTask(QgsTask):
    """Runs ``function(feedback)`` in a worker thread; ``callback(result, error)`` on the main thread."""

    def __init__(self, description: str, function: Callable, callback: Optional[Callable] = None):
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.function = function
        self.feedback = QgsFeedback()
        self.feedback.progressChanged.connect(self.setProgress)
        self.result = None
        self.error = None
        self.relay = _Relay()
        if callback is not None:
            self.relay.done.connect(callback)

    def cancel(self):
        self.feedback.cancel()
        super().cancel()

    def run(self):
        try:
            self.result = self.function(self.feedback)
            return True
        except Exception as error:  # noqa: BLE001 - handed to the callback, never raised in a worker
            self.error = error
            return False

    def finished(self, ok):
        if self.error is not None and not hasattr(self.error, "code"):
            QgsMessageLog.logMessage(
                f"{self.description()}: {self.error!r}", MESSAGE_TAG, Qgis.MessageLevel.Warning
            )
        if not ok and self.error is None:
            from ...plugin.platform_client.http import PlatformError

            self.error = PlatformError("cancelled", tr("Cancelled by the user."))
        self.relay.done.emit(self.result, self.error)


class TaskRunner:
    """Starts tasks, keeps them alive while they run, and cancels them all on close."""

    def __init__(self, on_change: Optional[Callable] = None):
        self.tasks = []
        self.on_change = on_change
        self.closed = False  # after cancel_all(close=True): results are dropped, widgets may be gone

    def start(
        self, description: str, function: Callable, callback: Optional[Callable] = None
    ) -> PlatformTask:
        task = PlatformTask(description, function, None)

        def done(result, error, task=task):
            if task in self.tasks:
                self.tasks.remove(task)
            if self.closed:
                return
            if callback is not None:
                callback(result, error)
            if self.on_change is not None:
                self.on_change()

        task.relay.done.connect(done)
        self.tasks.append(task)
        QgsApplication.taskManager().addTask(task)
        if self.on_change is not None:
            self.on_change()
        return task

    def busy(self, description_prefix: str = "") -> bool:
        return any(t.description().startswith(description_prefix) for t in self.tasks)

    def cancel_all(self, close: bool = False):
        """Cancel every running task; ``close`` also drops their results (the dock is going away)."""
        self.closed = self.closed or close
        for task in list(self.tasks):
            task.cancel()
