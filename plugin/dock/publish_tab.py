"""The Publish tab: push a layer (or its selected features) to a collection after the
data-quality gate, and watch the outbox: what is pending, sent, failed or in conflict, and why.

The gate runs in a task; errors refuse the data, warnings need the user's explicit consent.
Journaling is local and quick (main thread); sending runs in a task. Conflicts (someone changed
the feature on the platform since it was loaded) open a dialog: overwrite theirs, or drop mine.
"""

import json
import time

from qgis.core import QgsFeatureRequest, QgsMapLayerProxyModel, QgsProject
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...processing.i18n import tr
from ..platform_client import publish
from ..platform_client.publish import BASE_HASHES_PROPERTY, SOURCE_PROPERTY, decode_hashes


def state_names() -> dict:
    return {
        "pending": tr("pending"),
        "sending": tr("sending"),
        "sent": tr("sent"),
        "failed": tr("failed"),
        "conflict": tr("conflict"),
    }


def op_names() -> dict:
    return {"create": tr("create"), "replace": tr("replace"), "delete": tr("delete")}


class PublishTab(QWidget):
    def __init__(self, dock, parent=None):
        super().__init__(parent)
        self.dock = dock
        self.pending_publish = None  # (connection, collection, layer, ids, batch) waiting for the gate
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.layer_combo = QgsMapLayerComboBox()
        self.layer_combo.setFilters(QgsMapLayerProxyModel.Filter.VectorLayer)
        self.selected_check = QCheckBox(tr("Selected features only"))
        self.collection_combo = QComboBox()
        self.collection_combo.setEditable(True)
        self.schema_combo = QComboBox()
        self.schema_combo.addItem(tr("Automatic (by collection or layer name)"), "")
        try:
            from ...processing.engine import quality

            for name in quality.available_schemas():
                self.schema_combo.addItem(name, name)
        except Exception:  # noqa: BLE001 - quality needs optional packages; the gate then says why
            pass
        self.warnings_check = QCheckBox(tr("Accept quality warnings"))
        form.addRow(tr("Layer"), self.layer_combo)
        form.addRow("", self.selected_check)
        form.addRow(tr("Collection"), self.collection_combo)
        form.addRow(tr("Quality schema"), self.schema_combo)
        form.addRow("", self.warnings_check)
        layout.addLayout(form)
        self.publish_button = QPushButton(tr("Check quality and publish"))
        self.publish_button.setObjectName("publishButton")
        self.publish_button.clicked.connect(lambda: self.publish())
        layout.addWidget(self.publish_button)
        self.status = QLabel()
        self.status.setObjectName("publishStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)

        layout.addWidget(QLabel(tr("Outbox")))
        self.counts_label = QLabel()
        self.counts_label.setObjectName("outboxCounts")
        layout.addWidget(self.counts_label)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("outboxTable")
        self.table.setHorizontalHeaderLabels(
            [tr("#"), tr("Collection"), tr("Operation"), tr("State"), tr("Attempts"), tr("Reason")]
        )
        self.table.verticalHeader().setVisible(False)
        for column in range(5):
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.send_button = QPushButton(tr("Send now"))
        self.retry_button = QPushButton(tr("Retry / resolve selected"))
        self.discard_button = QPushButton(tr("Discard selected"))
        for button in (self.send_button, self.retry_button, self.discard_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.send_button.clicked.connect(lambda: self.dock.send_outbox(ignore_backoff=True))
        self.retry_button.clicked.connect(self.retry_selected)
        self.discard_button.clicked.connect(self.discard_selected)

    # -- collections -----------------------------------------------------------------------
    def set_collections(self, collections):
        current = self.collection_combo.currentText()
        self.collection_combo.clear()
        for collection in collections:
            self.collection_combo.addItem(f"{collection.title} ({collection.id})", collection.id)
        index = self.collection_combo.findData(current)
        if index >= 0:
            self.collection_combo.setCurrentIndex(index)

    def collection_id(self) -> str:
        data = self.collection_combo.currentData()
        if data and self.collection_combo.currentText() == self.collection_combo.itemText(
            self.collection_combo.currentIndex()
        ):
            return data
        return self.collection_combo.currentText().strip()

    # -- publishing ------------------------------------------------------------------------
    def publish(self, layer=None, collection_id: str = "", interactive: bool = True):
        """Gate (task) -> journal -> send (task). ``interactive=False`` never opens dialogs."""
        layer = layer or self.layer_combo.currentLayer()
        collection_id = collection_id or self.collection_id()
        connection = self.dock.current_connection()
        if layer is None or not collection_id or connection is None:
            self.status.setText(tr("Choose a layer and a collection first."))
            return
        if not self.dock.ready_for(connection, interactive):
            return
        schema = self.schema_combo.currentData() or publish.schema_for(collection_id, layer.name())
        if not schema:
            self.status.setText(
                tr("No data-quality schema is known for “{collection}”: choose one.").format(
                    collection=collection_id
                )
            )
            return
        ids = layer.selectedFeatureIds() if self.selected_check.isChecked() else None
        if ids is not None and not ids:
            self.status.setText(tr("No feature is selected."))
            return
        from ...processing import bridge

        request = QgsFeatureRequest().setFilterFids(ids) if ids is not None else None
        frame = bridge.source_to_frame(layer, QgsProject.instance(), request=request)
        epsg = bridge.epsg_of(layer.crs())
        accept_warnings = self.warnings_check.isChecked()
        self.pending_publish = (connection, collection_id, layer, ids, interactive)
        self.publish_button.setEnabled(False)
        self.status.setText(tr("Checking data quality…"))

        layer_name = layer.name()

        def work(feedback):
            return publish.quality_check(
                frame,
                schema,
                epsg,
                layer_name,
                progress=lambda f: feedback.setProgress(100.0 * f),
                cancelled=feedback.isCanceled,
            )

        self.dock.runner.start(
            tr("Data-quality gate for “{layer}”").format(layer=layer.name()),
            work,
            lambda result, error: self._gated(result, error, accept_warnings),
        )

    def _gated(self, result, error, accept_warnings):
        self.publish_button.setEnabled(True)
        connection, collection_id, layer, ids, interactive = self.pending_publish
        self.pending_publish = None
        if error is not None:
            self.status.setText(getattr(error, "message", str(error)))
            return
        decision = publish.gate_decision(result, accept_warnings)
        lines = publish.issue_lines(result, 10)
        if not decision.allowed and decision.needs_confirmation and interactive:
            answer = QMessageBox.question(
                self,
                tr("Quality warnings"),
                decision.message + "\n\n" + "\n".join(lines),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                decision = publish.gate_decision(result, True)
        if not decision.allowed:
            self.status.setText(decision.message + ("\n" + "\n".join(lines) if lines else ""))
            return
        self.journal_and_send(connection, collection_id, layer, ids)

    def journal_and_send(self, connection, collection_id, layer, ids):
        """Journal (after a successful gate) and start sending."""
        source = json.loads(layer.customProperty(SOURCE_PROPERTY, "null") or "null")
        loaded_from = source[1] if source and source[0] == connection.name else ""
        hashes = decode_hashes(layer.customProperty(BASE_HASHES_PROPERTY, "{}"))
        collection = self.dock.collection_info(collection_id)
        if collection is None:
            self.status.setText(
                tr("Unknown collection “{collection}”: refresh the catalog.").format(collection=collection_id)
            )
            return
        batch = f"{layer.name()}@{time.strftime('%Y-%m-%dT%H:%M:%S')}"
        row_ids, _ = publish.journal_features(
            self.dock.outbox(),
            connection.name,
            collection,
            layer,
            layer.crs(),
            source_key=layer.source() or layer.name(),
            feature_ids=ids,
            loaded_from=loaded_from,
            base_hashes=hashes,
            batch=batch,
        )
        self.status.setText(
            tr("{count} features passed the gate and were journaled in the outbox; sending…").format(
                count=len(row_ids)
            )
        )
        self.refresh_outbox()
        self.dock.send_outbox(ignore_backoff=True)

    # -- outbox ----------------------------------------------------------------------------
    def refresh_outbox(self):
        connection = self.dock.current_connection()
        outbox = self.dock.outbox()
        name = connection.name if connection else None
        counts = outbox.counts(name)
        states = state_names()
        self.counts_label.setText(
            "  ".join(
                f"{states[state]}: {count}" for state, count in counts.items() if state != "sending" or count
            )
        )
        ops = outbox.list(name, limit=500)
        ops.sort(key=lambda op: (op.state == "sent", -op.id))
        self.table.setRowCount(len(ops))
        names = op_names()
        for row, op in enumerate(ops):
            values = [
                str(op.id),
                op.collection,
                names.get(op.op, op.op),
                states.get(op.state, op.state),
                str(op.attempts),
                op.last_error,
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, op.id)
                if column == 5:
                    item.setToolTip(value)
                self.table.setItem(row, column, item)

    def selected_op_ids(self) -> list:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return [self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) for row in sorted(rows)]

    def retry_selected(self):
        outbox = self.dock.outbox()
        for op_id in self.selected_op_ids():
            op = outbox.get(op_id)
            if op is None:
                continue
            if op.state == "conflict":
                self.resolve_conflict(op)
            elif op.state in ("failed", "pending"):
                outbox.retry([op_id])
        self.refresh_outbox()
        self.dock.send_outbox(ignore_backoff=True)

    def resolve_conflict(self, op, choice=None):
        """Overwrite the platform's version, or drop mine (``choice`` 'overwrite'/'discard' skips the dialog)."""
        if choice is None:
            box = QMessageBox(self)
            box.setWindowTitle(tr("Edit conflict"))
            box.setText(
                tr(
                    "Feature {fid} of “{collection}” was changed on the platform after you loaded it. "
                    "Overwrite the platform's version with yours, or discard your change?"
                ).format(fid=op.feature_id or op.uid, collection=op.collection)
            )
            overwrite = box.addButton(tr("Overwrite theirs"), QMessageBox.ButtonRole.DestructiveRole)
            discard = box.addButton(tr("Discard mine"), QMessageBox.ButtonRole.RejectRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            clicked = box.clickedButton()
            choice = "overwrite" if clicked is overwrite else "discard" if clicked is discard else None
        if choice == "overwrite":
            self.dock.outbox().retry([op.id], force=True)
        elif choice == "discard":
            self.dock.outbox().discard([op.id])

    def discard_selected(self):
        ids = self.selected_op_ids()
        if not ids:
            return
        answer = QMessageBox.question(
            self,
            tr("Discard"),
            tr("Remove {count} operation(s) from the outbox? Unsent changes are lost.").format(
                count=len(ids)
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.dock.outbox().discard(ids)
            self.refresh_outbox()
