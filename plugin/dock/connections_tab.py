"""The Connections tab: add, edit, delete and test platform connections.

A connection is a name, the OGC API - Features URL, an optional SensorThings URL and the id of a
QGIS authentication configuration chosen with ``QgsAuthConfigSelect`` (user/password or a token
stored in the QGIS auth database). Nothing secret is written to settings.
"""

from qgis.gui import QgsAuthConfigSelect
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...processing.i18n import tr
from ..platform_client import connections as store
from ..platform_client.connections import PlatformConnection
from .tasks import master_password_explanation


class ConnectionDialog(QDialog):
    def __init__(self, connection: PlatformConnection = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Platform connection"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(connection.name if connection else "")
        self.url_edit = QLineEdit(connection.url if connection else store.DEFAULT_URL)
        self.sta_edit = QLineEdit(connection.sta_url if connection else "")
        self.sta_edit.setPlaceholderText("http://…/sensorthings/v1.1")
        self.timeout_spin = QSpinBox()
        self.timeout_spin.setRange(1, 600)
        self.timeout_spin.setSuffix(" s")
        self.timeout_spin.setValue(int((connection.timeout_ms if connection else 30000) / 1000))
        self.auth_select = QgsAuthConfigSelect(self)
        if connection and connection.authcfg:
            self.auth_select.setConfigId(connection.authcfg)
        form.addRow(tr("Name"), self.name_edit)
        form.addRow(tr("OGC API - Features URL"), self.url_edit)
        form.addRow(tr("SensorThings URL (optional)"), self.sta_edit)
        form.addRow(tr("Timeout"), self.timeout_spin)
        form.addRow(tr("Authentication"), self.auth_select)
        layout.addLayout(form)
        note = QLabel(master_password_explanation())
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def connection(self) -> PlatformConnection:
        return PlatformConnection(
            name=self.name_edit.text().strip(),
            url=self.url_edit.text().strip(),
            sta_url=self.sta_edit.text().strip(),
            authcfg=self.auth_select.configId() or "",
            timeout_ms=self.timeout_spin.value() * 1000,
        )


class ConnectionsTab(QWidget):
    connection_changed = pyqtSignal()

    def __init__(self, dock, parent=None):
        super().__init__(parent)
        self.dock = dock
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.combo = QComboBox()
        self.combo.setObjectName("connectionCombo")
        self.combo.currentIndexChanged.connect(self._selected)
        row.addWidget(self.combo, 1)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(tr("New…"))
        self.edit_button = QPushButton(tr("Edit…"))
        self.delete_button = QPushButton(tr("Delete"))
        self.test_button = QPushButton(tr("Test"))
        for button in (self.new_button, self.edit_button, self.delete_button, self.test_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(self.new_connection)
        self.edit_button.clicked.connect(self.edit_connection)
        self.delete_button.clicked.connect(self.delete_connection)
        self.test_button.clicked.connect(self.test_connection)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)
        self.result_label = QLabel()
        self.result_label.setObjectName("connectionResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        self.reload()

    # -- list ------------------------------------------------------------------------------
    def reload(self, select: str = ""):
        select = select or store.selected_connection_name()
        self.combo.blockSignals(True)
        self.combo.clear()
        for connection in store.load_connections():
            self.combo.addItem(connection.name, connection.name)
        index = self.combo.findData(select)
        self.combo.setCurrentIndex(index if index >= 0 else 0)
        self.combo.blockSignals(False)
        self._selected()

    def current(self):
        name = self.combo.currentData()
        return store.load_connection(name) if name else None

    def _selected(self, *_):
        connection = self.current()
        if connection is not None:
            store.set_selected_connection_name(connection.name)
            self.details.setText(
                tr("Features: {url}\nSensorThings: {sta}\nAuthentication: {auth}").format(
                    url=connection.url,
                    sta=connection.sta_url or tr("none"),
                    auth=connection.authcfg or tr("none"),
                )
            )
        else:
            self.details.setText(tr("No connection: add one."))
        self.result_label.clear()
        self.connection_changed.emit()

    # -- editing ---------------------------------------------------------------------------
    def save(self, connection: PlatformConnection, old_name: str = "") -> bool:
        if not connection.name or not connection.url.lower().startswith(("http://", "https://")):
            self.result_label.setText(tr("A connection needs a name and an http(s) URL."))
            return False
        if old_name and old_name != connection.name:
            store.delete_connection(old_name)
        store.save_connection(connection)
        self.reload(connection.name)
        return True

    def new_connection(self):
        dialog = ConnectionDialog(None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.save(dialog.connection())

    def edit_connection(self):
        connection = self.current()
        if connection is None:
            return
        dialog = ConnectionDialog(connection, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.save(dialog.connection(), connection.name)

    def delete_connection(self):
        connection = self.current()
        if connection is None:
            return
        answer = QMessageBox.question(
            self,
            tr("Delete connection"),
            tr("Delete the connection “{name}”? Its authentication configuration stays in QGIS.").format(
                name=connection.name
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            store.delete_connection(connection.name)
            self.reload()

    # -- testing ---------------------------------------------------------------------------
    def test_connection(self):
        connection = self.current()
        if connection is None or not self.dock.ready_for(connection):
            return
        self.result_label.setText(tr("Testing…"))

        def work(feedback, connection=connection):
            client = connection.features_client()
            landing = client.landing(feedback)
            collections = client.collections(feedback)
            transactions = client.supports_transactions(feedback)
            things = None
            sta = connection.sensorthings_client()
            if sta is not None:
                sta.page_size = 1
                things = len(sta.root(feedback).get("value") or [])
            return landing.get("title") or connection.url, len(collections), transactions, things

        self.dock.runner.start(tr("Testing the platform connection"), work, self._tested)

    def _tested(self, result, error):
        if error is not None:
            self.result_label.setText(getattr(error, "message", str(error)))
            return
        title, count, transactions, things = result
        lines = [
            tr("Connected to “{title}”: {count} collections.").format(title=title, count=count),
            tr("Publishing (OGC API - Features Part 4): {answer}.").format(
                answer=tr("yes") if transactions else tr("no")
            ),
        ]
        if things is not None:
            lines.append(tr("SensorThings service: reachable ({count} entity sets).").format(count=things))
        self.result_label.setText("\n".join(lines))
