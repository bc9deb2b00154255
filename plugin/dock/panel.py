"""The community platform dock panel.

Tabs: Status (what this machine can run), Connections, Catalog, Publish (with the outbox),
Feedback and Monitor. Every network call runs in a ``QgsTask`` (:mod:`.tasks`) with progress and
cancel, so the panel never freezes QGIS; the status line at the bottom shows what runs and can
cancel it. QGIS start-up never waits on the network: the outbox is resumed by a timer, and only
when the auth database is already open (the master-password prompt is never triggered by a
timer, only by the user's own action, after a plain explanation).

The object the Monitor tab relies on: ``CommunityDock.current_connection()`` returns a
:class:`~..platform_client.connections.PlatformConnection` (``.name``,
``.sensorthings_client()``) or ``None``.
"""

from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ...processing.i18n import tr
from ..platform_client import connections as store
from .catalog_tab import CatalogTab
from .connections_tab import ConnectionsTab
from .feedback_tab import FeedbackTab
from .monitor_tab import MonitorTab
from .publish_tab import PublishTab
from .tasks import TaskRunner, ensure_master_password

RESUME_INTERVAL_MS = 30000


class StatusTab(QWidget):
    """What the plugin can do on this machine: missing packages and how to install them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.label)
        self.set_messages([])

    def set_messages(self, messages):
        if messages:
            self.label.setText("\n\n".join(messages))
        else:
            self.label.setText(tr("All optional Python packages are installed; every tool is available."))


class CommunityDock(QgsDockWidget):
    def __init__(self, iface, parent=None, outbox_path=None):
        super().__init__(tr("Community Smart Governance"), parent)
        self.iface = iface
        self.outbox_path = outbox_path
        self._outbox = None
        self._collections = {}
        self.last_loaded_layer = None
        self.last_send_report = None
        self.runner = TaskRunner(self._tasks_changed)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(2, 2, 2, 2)
        self.tabs = QTabWidget(body)
        self.status_tab = StatusTab(self.tabs)
        self.connections_tab = ConnectionsTab(self, self.tabs)
        self.catalog_tab = CatalogTab(self, self.tabs)
        self.publish_tab = PublishTab(self, self.tabs)
        self.feedback_tab = FeedbackTab(self, self.tabs)
        self.monitor_tab = MonitorTab(iface, self.current_connection, self.tabs)
        self.tabs.addTab(self.status_tab, tr("Status"))
        self.tabs.addTab(self.connections_tab, tr("Connections"))
        self.tabs.addTab(self.catalog_tab, tr("Catalog"))
        self.tabs.addTab(self.publish_tab, tr("Publish"))
        self.tabs.addTab(self.feedback_tab, tr("Feedback"))
        self.tabs.addTab(self.monitor_tab, tr("Monitor"))
        layout.addWidget(self.tabs, 1)
        bar = QHBoxLayout()
        self.task_label = QLabel()
        self.task_label.setObjectName("taskLabel")
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.clicked.connect(lambda: self.runner.cancel_all())
        bar.addWidget(self.task_label, 1)
        bar.addWidget(self.cancel_button)
        layout.addLayout(bar)
        self.setWidget(body)
        self._tasks_changed()

        self.connections_tab.connection_changed.connect(self._connection_changed)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.resume_timer = QTimer(self)
        self.resume_timer.setInterval(RESUME_INTERVAL_MS)
        self.resume_timer.timeout.connect(self.resume_outbox)
        self.resume_timer.start()
        self.first_resume = QTimer(self)  # owned by the dock: it dies with it
        self.first_resume.setSingleShot(True)
        self.first_resume.timeout.connect(self.resume_outbox)
        self.first_resume.start(2000)

    # -- shared state ----------------------------------------------------------------------
    def set_dependency_messages(self, messages):
        self.status_tab.set_messages(messages)

    def current_connection(self):
        return self.connections_tab.current()

    def connection_by_name(self, name):
        return store.load_connection(name)

    def ready_for(self, connection, interactive: bool = True) -> bool:
        """The auth database is open for ``connection`` (explaining the master password first)."""
        if connection is None:
            return False
        if not connection.authcfg:
            return True
        return ensure_master_password(self, interactive)

    def canvas(self):
        getter = getattr(self.iface, "mapCanvas", None)
        return getter() if getter is not None else None

    def active_layer(self):
        getter = getattr(self.iface, "activeLayer", None)
        layer = getter() if getter is not None else None
        return layer or self.last_loaded_layer

    def collections_changed(self, collections):
        self._collections = {c.id: c for c in collections}
        self.publish_tab.set_collections(collections)

    def collection_info(self, collection_id):
        return self._collections.get(collection_id)

    def outbox(self):
        if self._outbox is None:
            from ..platform_client.outbox import Outbox

            self._outbox = Outbox(self.outbox_path)
        return self._outbox

    # -- outbox ----------------------------------------------------------------------------
    def refresh_outbox(self):
        self.publish_tab.refresh_outbox()

    def send_outbox(self, ignore_backoff: bool = False, interactive: bool = True):
        connection = self.current_connection()
        if connection is None or self.runner.busy(tr("Sending the outbox")):
            return
        if not self.ready_for(connection, interactive):
            return
        path = self.outbox().path

        def work(feedback, connection=connection):
            from ..platform_client.outbox import Outbox, OutboxSender

            outbox = Outbox(path)  # its own SQLite connection in the worker thread
            try:
                sender = OutboxSender(outbox, connection.features_client(), connection.name)
                return sender.send_due(
                    feedback=feedback,
                    progress=lambda done, total: feedback.setProgress(100.0 * done / max(total, 1)),
                    ignore_backoff=ignore_backoff,
                )
            finally:
                outbox.close()

        self.runner.start(tr("Sending the outbox"), work, self._sent)

    def _sent(self, report, error):
        self.last_send_report = report
        if error is not None:
            self.publish_tab.status.setText(getattr(error, "message", str(error)))
        elif report is not None:
            text = tr("Sent {sent}, failed {failed}, conflicts {conflicts}, still pending {pending}.").format(
                sent=report.sent, failed=report.failed, conflicts=report.conflicts, pending=report.pending
            )
            if report.stopped_by:
                text += "\n" + report.stopped_by
            self.publish_tab.status.setText(text)
        self.refresh_outbox()

    def resume_outbox(self):
        """Timer: send what is due, silently, never prompting for the master password."""
        connection = self.current_connection()
        if connection is None:
            return
        counts = self.outbox().counts(connection.name)
        if counts["pending"]:
            self.send_outbox(ignore_backoff=False, interactive=False)

    # -- misc ------------------------------------------------------------------------------
    def _connection_changed(self):
        self._collections = {}
        if self._outbox is not None:
            self.refresh_outbox()

    def _tab_changed(self, index):
        widget = self.tabs.widget(index)
        if widget is self.publish_tab:
            self.refresh_outbox()
        elif widget is self.catalog_tab and not self.catalog_tab.collections and self.isVisible():
            self.catalog_tab.refresh()

    def _tasks_changed(self):
        running = [t.description() for t in self.runner.tasks]
        self.task_label.setText(", ".join(running) + "…" if running else tr("Ready."))
        self.cancel_button.setEnabled(bool(running))

    def close_connections(self):
        """Stop timers and running tasks before the dock is deleted (plugin unload)."""
        self.resume_timer.stop()
        self.first_resume.stop()
        self.runner.cancel_all(close=True)
        if hasattr(self.monitor_tab, "close_connections"):
            self.monitor_tab.close_connections()
        if self._outbox is not None:
            self._outbox.close()
            self._outbox = None
