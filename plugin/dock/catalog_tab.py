"""The Catalog tab: the platform's collections grouped by theme and community, searchable;
load one as a styled layer; refresh a loaded layer incrementally by time."""

import json

from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...processing.i18n import PLUGIN_ROOT, tr
from ..platform_client.layers import ID_FIELD, features_to_layer, xy_features
from ..platform_client.publish import BASE_HASHES_PROPERTY, SOURCE_PROPERTY, base_hashes_of, encode_hashes

STYLE_DIR = PLUGIN_ROOT / "resources" / "styles"
TIME_PROPERTY = "communitygov/last_time"
TIME_FIELD_PROPERTY = "communitygov/time_field"


def theme_names() -> dict:
    return {
        "population": tr("Population"),
        "housing": tr("Housing"),
        "facilities": tr("Facilities"),
        "sensors": tr("Sensors"),
        "feedback": tr("Residents' feedback"),
        "other": tr("Other"),
    }


def style_for(collection_id: str):
    path = STYLE_DIR / f"demo_{collection_id}.qml"
    return path if path.exists() else None


def time_field_of(features: list):
    """The property holding each feature's time (``created_at``/``updated_at``/...), if any."""
    for name in ("updated_at", "created_at", "datetime", "time", "timestamp"):
        if any(name in (f.get("properties") or {}) for f in features[:20]):
            return name
    return None


class CatalogTab(QWidget):
    def __init__(self, dock, parent=None):
        super().__init__(parent)
        self.dock = dock
        self.collections = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search collections…"))
        self.search.textChanged.connect(self.fill)
        self.refresh_button = QPushButton(tr("Refresh list"))
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.search, 1)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.tree = QTreeWidget()
        self.tree.setObjectName("catalogTree")
        self.tree.setHeaderLabels([tr("Collection"), tr("Id")])
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemDoubleClicked.connect(lambda *_: self.load_selected())
        layout.addWidget(self.tree, 1)
        self.extent_check = QCheckBox(tr("Only the current map extent"))
        layout.addWidget(self.extent_check)
        buttons = QHBoxLayout()
        self.load_button = QPushButton(tr("Load as layer"))
        self.load_button.clicked.connect(self.load_selected)
        self.update_button = QPushButton(tr("Refresh loaded layer (new since last load)"))
        self.update_button.clicked.connect(self.refresh_active_layer)
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.update_button)
        layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setObjectName("catalogStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)

    # -- list ------------------------------------------------------------------------------
    def refresh(self):
        connection = self.dock.current_connection()
        if connection is None or not self.dock.ready_for(connection):
            return
        self.status.setText(tr("Reading the catalog…"))

        def work(feedback, connection=connection):
            return connection.features_client().collections(feedback)

        self.dock.runner.start(tr("Reading the platform catalog"), work, self._listed)

    def _listed(self, result, error):
        if error is not None:
            self.status.setText(getattr(error, "message", str(error)))
            return
        self.collections = result
        self.dock.collections_changed(result)
        self.fill()
        self.status.setText(tr("{count} collections.").format(count=len(result)))

    def fill(self, *_):
        needle = self.search.text().strip().lower()
        self.tree.clear()
        names = theme_names()
        themes = {}
        for collection in self.collections:
            text = " ".join(
                [collection.id, collection.title, collection.description, *collection.keywords]
            ).lower()
            if needle and needle not in text:
                continue
            theme_item = themes.get(collection.theme)
            if theme_item is None:
                theme_item = QTreeWidgetItem([names.get(collection.theme, collection.theme), ""])
                themes[collection.theme] = theme_item
                self.tree.addTopLevelItem(theme_item)
            scope = collection.community or tr("All communities")
            parent = None
            for index in range(theme_item.childCount()):
                if theme_item.child(index).text(0) == scope:
                    parent = theme_item.child(index)
            if parent is None:
                parent = QTreeWidgetItem([scope, ""])
                theme_item.addChild(parent)
            item = QTreeWidgetItem([collection.title, collection.id])
            item.setData(0, Qt.ItemDataRole.UserRole, collection.id)
            item.setToolTip(0, collection.description)
            parent.addChild(item)
        self.tree.expandAll()

    def select(self, collection_id: str) -> bool:
        for item in self._items():
            if item.data(0, Qt.ItemDataRole.UserRole) == collection_id:
                self.tree.setCurrentItem(item)
                return True
        return False

    def _items(self):
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            yield item
            stack.extend(item.child(i) for i in range(item.childCount()))

    def selected_id(self):
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    # -- loading ---------------------------------------------------------------------------
    def _bbox(self):
        canvas = self.dock.canvas()
        if not self.extent_check.isChecked() or canvas is None:
            return None
        extent = canvas.extent()
        transform = QgsCoordinateTransform(
            canvas.mapSettings().destinationCrs(),
            QgsCoordinateReferenceSystem("EPSG:4326"),
            QgsProject.instance(),
        )
        box = transform.transformBoundingBox(extent)
        return (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum())

    def load_selected(self):
        collection_id = self.selected_id()
        connection = self.dock.current_connection()
        if not collection_id or connection is None or not self.dock.ready_for(connection):
            return
        bbox = self._bbox()
        self.status.setText(tr("Loading “{collection}”…").format(collection=collection_id))

        def work(feedback, connection=connection):
            client = connection.features_client()
            collection = client.collection(collection_id, feedback)
            result = client.items(
                collection_id,
                bbox=bbox,
                feedback=feedback,
                progress=lambda n, total: feedback.setProgress(100.0 * n / total if total else 0),
            )
            return connection.name, collection, result

        self.dock.runner.start(
            tr("Loading “{collection}”").format(collection=collection_id), work, self._loaded
        )

    def _loaded(self, result, error):
        if error is not None:
            self.status.setText(getattr(error, "message", str(error)))
            return
        connection_name, collection, items = result
        layer = features_to_layer(items.features, items.content_crs, collection.title or collection.id)
        style = style_for(collection.id)
        if style is not None:
            layer.loadNamedStyle(str(style))  # first: a QML replaces the layer's custom properties
        layer.setCustomProperty(
            SOURCE_PROPERTY, json.dumps([connection_name, collection.id, items.content_crs])
        )
        layer.setCustomProperty(BASE_HASHES_PROPERTY, encode_hashes(base_hashes_of(items.features)))
        time_field = time_field_of(items.features)
        if time_field:
            times = [str((f.get("properties") or {}).get(time_field) or "") for f in items.features]
            layer.setCustomProperty(TIME_FIELD_PROPERTY, time_field)
            layer.setCustomProperty(TIME_PROPERTY, max(times) if times else "")
        QgsProject.instance().addMapLayer(layer)
        self.dock.last_loaded_layer = layer
        self.status.setText(
            tr("Loaded {count} features of “{collection}” in {pages} page(s).").format(
                count=layer.featureCount(), collection=collection.id, pages=items.pages
            )
        )

    # -- incremental refresh ---------------------------------------------------------------
    def refresh_active_layer(self, layer=None):
        layer = layer or self.dock.active_layer()
        source = (
            json.loads(layer.customProperty(SOURCE_PROPERTY, "null") or "null") if layer is not None else None
        )
        if not source:
            self.status.setText(tr("Select a layer that was loaded from the platform."))
            return
        connection_name, collection_id, crs = source
        since = layer.customProperty(TIME_PROPERTY, "")
        if not since:
            self.status.setText(tr("This collection has no time field: load it again to refresh."))
            return
        connection = self.dock.connection_by_name(connection_name)
        if connection is None or not self.dock.ready_for(connection):
            return

        def work(feedback, connection=connection):
            client = connection.features_client()
            return client.items(collection_id, datetime=f"{since}/..", crs=crs, feedback=feedback)

        self.dock.runner.start(
            tr("Refreshing “{collection}”").format(collection=collection_id),
            work,
            lambda result, error, layer=layer: self._refreshed(layer, result, error),
        )

    def _refreshed(self, layer, result, error):
        if error is not None:
            self.status.setText(getattr(error, "message", str(error)))
            return
        added, updated = merge_features(layer, result.features, result.content_crs)
        self.status.setText(
            tr("{added} new and {updated} changed features merged into “{layer}”.").format(
                added=added, updated=updated, layer=layer.name()
            )
        )


def merge_features(layer, features: list, content_crs: str) -> tuple:
    """Upsert ``features`` (by platform id) into a layer loaded from the platform."""
    from qgis.core import QgsFeature, QgsGeometry, QgsJsonUtils

    time_field = layer.customProperty(TIME_FIELD_PROPERTY, "")
    hashes = json.loads(layer.customProperty(BASE_HASHES_PROPERTY, "{}") or "{}")
    index = layer.fields().indexOf(ID_FIELD)
    existing = {str(f.attribute(index)): f.id() for f in layer.getFeatures()} if index >= 0 else {}
    added = updated = 0
    provider = layer.dataProvider()
    latest = layer.customProperty(TIME_PROPERTY, "")
    for raw, feature in zip(features, xy_features(features, content_crs)):
        fid = str(feature.get("id"))
        served_hash = base_hashes_of([raw]).get(fid)
        if fid in existing and hashes.get(fid) == served_hash:
            continue  # the interval is inclusive: the last feature comes again, unchanged
        properties = dict(feature.get("properties") or {})
        properties[ID_FIELD] = fid
        text = json.dumps({"type": "FeatureCollection", "features": [{**feature, "properties": properties}]})
        parsed = QgsJsonUtils.stringToFeatureList(text, layer.fields())
        if not parsed:
            continue
        new = parsed[0]
        geometry = QgsGeometry(new.geometry())
        if fid in existing:
            qid = existing[fid]
            provider.changeAttributeValues(
                {qid: {i: new.attribute(i) for i in range(layer.fields().count())}}
            )
            if not geometry.isNull():
                provider.changeGeometryValues({qid: geometry})
            updated += 1
        else:
            out = QgsFeature(layer.fields())
            out.setAttributes(new.attributes())
            if not geometry.isNull():
                out.setGeometry(geometry)
            provider.addFeatures([out])
            added += 1
        hashes[fid] = served_hash
        if time_field:
            latest = max(latest, str(properties.get(time_field) or ""))
    layer.setCustomProperty(BASE_HASHES_PROPERTY, encode_hashes(hashes))
    layer.setCustomProperty(TIME_PROPERTY, latest)
    layer.updateExtents()
    layer.triggerRepaint()
    return added, updated
