"""The Feedback tab: residents' feedback items from the platform, filtered by type and status;
zoom to one; update its status back to the platform (through the outbox, with conflict check).

Feedback text may be personal: it is shown to the planner but never logged, and the author is
not part of the platform's feedback collection.
"""

from qgis.core import QgsCoordinateTransform, QgsPointXY, QgsProject, QgsRectangle
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...processing.i18n import tr
from ..platform_client.layers import crs_from_uri, xy_features
from ..platform_client.ogcapi import feature_hash

COLLECTION = "feedback"
# the platform's status values (as in the demo community's feedback layer), in workflow order
STATUSES = ("待处理", "处理中", "已办结")


def status_names() -> dict:
    return {"待处理": tr("to do"), "处理中": tr("in progress"), "已办结": tr("closed")}


class FeedbackTab(QWidget):
    def __init__(self, dock, parent=None):
        super().__init__(parent)
        self.dock = dock
        self.items = []  # raw features as served
        self.content_crs = ""
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.type_combo = QComboBox()
        self.type_combo.addItem(tr("All types"), "")
        self.status_combo = QComboBox()
        self.status_combo.addItem(tr("All statuses"), "")
        names = status_names()
        for status in STATUSES:
            self.status_combo.addItem(names[status], status)
        self.load_button = QPushButton(tr("Load feedback"))
        self.load_button.clicked.connect(self.load)
        filters.addWidget(QLabel(tr("Type")))
        filters.addWidget(self.type_combo, 1)
        filters.addWidget(QLabel(tr("Status")))
        filters.addWidget(self.status_combo, 1)
        filters.addWidget(self.load_button)
        layout.addLayout(filters)
        self.type_combo.currentIndexChanged.connect(self.fill)
        self.status_combo.currentIndexChanged.connect(self.fill)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("feedbackTable")
        self.table.setHorizontalHeaderLabels([tr("Id"), tr("Type"), tr("Status"), tr("Created"), tr("Text")])
        self.table.verticalHeader().setVisible(False)
        for column in range(3):
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(3, 110)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemDoubleClicked.connect(lambda *_: self.zoom_to_selected())
        layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.zoom_button = QPushButton(tr("Zoom to"))
        self.zoom_button.clicked.connect(self.zoom_to_selected)
        self.new_status_combo = QComboBox()
        for status in STATUSES:
            self.new_status_combo.addItem(names[status], status)
        self.update_button = QPushButton(tr("Set status"))
        self.update_button.clicked.connect(lambda: self.update_status())
        actions.addWidget(self.zoom_button)
        actions.addStretch(1)
        actions.addWidget(self.new_status_combo)
        actions.addWidget(self.update_button)
        layout.addLayout(actions)
        self.status = QLabel()
        self.status.setObjectName("feedbackStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)

    def load(self):
        connection = self.dock.current_connection()
        if connection is None or not self.dock.ready_for(connection):
            return
        self.status.setText(tr("Loading feedback…"))

        def work(feedback, connection=connection):
            return connection.features_client().items(COLLECTION, feedback=feedback)

        self.dock.runner.start(tr("Loading residents' feedback"), work, self._loaded)

    def _loaded(self, result, error):
        if error is not None:
            self.status.setText(getattr(error, "message", str(error)))
            return
        self.items = result.features
        self.content_crs = result.content_crs
        types = sorted({str((f.get("properties") or {}).get("fb_type") or "") for f in self.items} - {""})
        current = self.type_combo.currentData()
        self.type_combo.blockSignals(True)
        self.type_combo.clear()
        self.type_combo.addItem(tr("All types"), "")
        for value in types:
            self.type_combo.addItem(value, value)
        index = self.type_combo.findData(current)
        self.type_combo.setCurrentIndex(max(index, 0))
        self.type_combo.blockSignals(False)
        self.fill()
        self.status.setText(tr("{count} feedback items.").format(count=len(self.items)))

    def visible_items(self) -> list:
        wanted_type = self.type_combo.currentData() or ""
        wanted_status = self.status_combo.currentData() or ""
        result = []
        for feature in self.items:
            properties = feature.get("properties") or {}
            if wanted_type and str(properties.get("fb_type")) != wanted_type:
                continue
            if wanted_status and str(properties.get("status")) != wanted_status:
                continue
            result.append(feature)
        return result

    def fill(self, *_):
        items = self.visible_items()
        names = status_names()
        self.table.setRowCount(len(items))
        for row, feature in enumerate(items):
            properties = feature.get("properties") or {}
            values = [
                str(feature.get("id")),
                str(properties.get("fb_type") or ""),
                names.get(str(properties.get("status")), str(properties.get("status") or "")),
                str(properties.get("created_at") or ""),
                str(properties.get("text") or ""),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, str(feature.get("id")))
                item.setToolTip(value)
                self.table.setItem(row, column, item)

    def selected_feature(self):
        row = self.table.currentRow()
        if row < 0 or self.table.item(row, 0) is None:
            return None
        fid = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        for feature in self.items:
            if str(feature.get("id")) == fid:
                return feature
        return None

    def zoom_to_selected(self):
        feature = self.selected_feature()
        canvas = self.dock.canvas()
        if feature is None or canvas is None or not feature.get("geometry"):
            return
        x, y = xy_features([feature], self.content_crs)[0]["geometry"]["coordinates"][:2]
        transform = QgsCoordinateTransform(
            crs_from_uri(self.content_crs), canvas.mapSettings().destinationCrs(), QgsProject.instance()
        )
        point = transform.transform(QgsPointXY(x, y))
        half = 100.0 if not canvas.mapSettings().destinationCrs().isGeographic() else 0.001
        canvas.setExtent(QgsRectangle(point.x() - half, point.y() - half, point.x() + half, point.y() + half))
        canvas.refresh()
        if hasattr(self.dock, "flash_point"):
            self.dock.flash_point(point)

    def update_status(self, new_status: str = ""):
        """Journal a replace of the selected item with the new status, then send it."""
        feature = self.selected_feature()
        connection = self.dock.current_connection()
        if feature is None or connection is None:
            self.status.setText(tr("Select a feedback item first."))
            return
        new_status = new_status or self.new_status_combo.currentData()
        changed = dict(feature, properties=dict(feature.get("properties") or {}, status=new_status))
        fid = str(feature.get("id"))
        uid = str((feature.get("properties") or {}).get("cg_uid") or fid)
        self.dock.outbox().enqueue(
            connection.name,
            COLLECTION,
            "replace",
            uid,
            changed,
            feature_id=fid,
            crs=self.content_crs,
            base_hash=feature_hash(feature),
            batch=f"feedback status {fid}",
        )
        feature["properties"] = changed["properties"]  # shown at once; the outbox keeps the truth
        self.fill()
        self.status.setText(
            tr("Status of {fid} set to “{status}”; journaled in the outbox and being sent.").format(
                fid=fid, status=status_names().get(new_status, new_status)
            )
        )
        self.dock.refresh_outbox()
        self.dock.send_outbox(ignore_backoff=True)
