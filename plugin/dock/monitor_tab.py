"""The dock's Monitor tab: live sensor and indicator charts, and warning levels on the map.

Observations come from the platform's SensorThings service through the connection of the dock
(``connection_getter()`` -> object with ``.name`` and ``.sensorthings_client()``). Every network
call and every evaluation runs in a ``QgsTask``; the tab only draws what the task hands back, so
QGIS never freezes. Live refresh asks, on an interval, only for observations newer than those
already held (one task at a time; a tick while a task runs is skipped).

The charts use pyqtgraph: the raw observations of the chosen datastream, and the chosen
indicator (from the plugin's indicator system, evaluated by the same engine as
``communitygov:indicators``) with its four thresholds drawn as coloured bands and the warning
level of each window. The current level of every community goes into a memory layer (copied from
the chosen community layer) that the user can add to the map.
"""

import re
from dataclasses import dataclass
from typing import Dict, List, Optional

from qgis.core import (
    QgsApplication,
    QgsFeature,
    QgsFeedback,
    QgsField,
    QgsFieldProxyModel,
    QgsMapLayerProxyModel,
    QgsProject,
    QgsTask,
    QgsVectorLayer,
)
from qgis.gui import QgsFieldComboBox, QgsMapLayerComboBox
from qgis.PyQt.QtCore import QDateTime, Qt, QTimer, QVariant
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...processing.i18n import PLUGIN_ROOT, help_language, tr

CURRENT_LEVEL_STYLE = PLUGIN_ROOT / "resources" / "styles" / "warnings_current.qml"
PERIOD_DAYS = (1, 7, 28, 365, 0)  # 0: everything the service has
KIND_WORDS = ("footfall", "noise", "elevator_fault")


# ---- plain helpers (no widgets) ----------------------------------------------------------------
@dataclass
class StreamInfo:
    """A datastream and what the indicator engine needs to know about it."""

    id: object
    name: str
    kind: str
    community_id: str
    sensor_id: str
    unit: str = ""

    @property
    def key(self) -> str:
        return str(self.id)


def _lookup(entities, keys):
    for entity in entities:
        properties = (entity or {}).get("properties") or {}
        for key in keys:
            value = properties.get(key)
            if value not in (None, ""):
                return str(value)
    return ""


def stream_info(datastream: dict, thing: Optional[dict] = None) -> StreamInfo:
    """What a Datastream (and its Thing) say about kind, community and sensor."""
    entities = [datastream, thing or {}]
    names = " ".join(str((e or {}).get("name", "")) for e in entities)
    observed = (datastream.get("ObservedProperty") or {}).get("name", "")
    kind = _lookup(entities, ("kind", "sensor_kind"))
    if not kind:
        text = f"{observed} {names}".lower()
        kind = next((word for word in KIND_WORDS if word in text or word.replace("_", " ") in text), "")
    community = _lookup(entities, ("community_id", "community"))
    if not community:
        match = re.search(r"\bC\d{2,}\b", names)
        community = match.group(0) if match else ""
    sensor = _lookup(entities, ("sensor_id",)) or str((thing or {}).get("name") or datastream.get("name", ""))
    unit = (datastream.get("unitOfMeasurement") or {}).get("symbol") or _lookup(entities, ("unit",))
    return StreamInfo(
        id=datastream.get("@iot.id"),
        name=str(datastream.get("name", "")),
        kind=kind,
        community_id=community,
        sensor_id=sensor,
        unit=str(unit or ""),
    )


def observations_frame(stream: StreamInfo, observations: List[dict]):
    """STA observations -> engine rows (sensor_id = datastream id, time, value)."""
    import pandas as pd

    times, values = [], []
    for observation in observations:
        time = observation.get("phenomenonTime")
        if isinstance(time, str) and "/" in time:  # an interval: its start
            time = time.split("/", 1)[0]
        times.append(time)
        values.append(observation.get("result"))
    return pd.DataFrame(
        {"sensor_id": stream.key, "time": times, "value": pd.to_numeric(values, errors="coerce")}
    )


def evaluate_streams(
    streams: Dict[str, StreamInfo], frames: dict, unit_kind: str, unit_ids=None, system=None
):
    """Run the indicator engine on cached observations; ``unit_kind`` "sensor" or "community"."""
    import pandas as pd

    from ...processing.engine import indicators as engine

    system = system or engine.load_system()
    sensors = pd.DataFrame(
        {
            "sensor_id": [s.key for s in streams.values()],
            "unit_id": [
                s.key if unit_kind == "sensor" else (s.community_id or None) for s in streams.values()
            ],
            "kind": [s.kind for s in streams.values()],
        }
    )
    if unit_ids is None:
        unit_ids = sorted({u for u in sensors["unit_id"] if u})
    held = [f for f in frames.values() if len(f)]
    if not held or not len(unit_ids):
        return None
    observations = pd.concat(held, ignore_index=True)
    inputs = engine.SeriesInputs(
        units=pd.DataFrame({"unit_id": list(unit_ids)}),
        sensors=sensors,
        observations=observations,
        unit_kind=unit_kind,
    )
    return engine.evaluate(system, inputs)


def epoch_seconds(iso_labels) -> list:
    """ISO text with offset -> POSIX seconds (for pyqtgraph's date axis)."""
    import pandas as pd

    return (pd.to_datetime(pd.Series(list(iso_labels)), utc=True).astype("int64") / 1e9).tolist()


# ---- background work -----------------------------------------------------------------------------
class _PlatformTask(QgsTask):
    """Runs ``work(feedback, progress)`` in a worker thread, then ``done(result, error)`` in the main thread."""

    def __init__(self, description, work, done):
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.work = work
        self.done = done
        self.feedback = QgsFeedback()
        self.result = None
        self.error = None

    def run(self):
        try:
            self.result = self.work(self.feedback, self.setProgress)
        except Exception as error:  # shown to the user in finished(); never raised in a worker thread
            self.error = error
            return False
        return not self.feedback.isCanceled()

    def cancel(self):
        self.feedback.cancel()
        super().cancel()

    def finished(self, ok):
        self.done(self.result if ok else None, self.error)


# ---- the tab ---------------------------------------------------------------------------------------
class MonitorTab(QWidget):
    """Live monitoring of the platform's sensors with the indicator system's warning levels."""

    def __init__(self, iface, connection_getter, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.connection_getter = connection_getter
        self.streams: Dict[str, StreamInfo] = {}
        self.frames: dict = {}  # datastream key -> DataFrame of observations held
        self.task = None
        self.system = None
        self.sensor_evaluation = None
        self.community_evaluation = None
        self.level_layer = None
        self.refresh_count = 0
        self.last_error = None  # the exception of the last failed task, if any
        self.closing = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self._build()

    # -- widgets ---------------------------------------------------------------------------------
    def _build(self):
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.connection_label = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.connection_label, 1)
        self.load_button = QPushButton(tr("Load datastreams"), self)
        self.load_button.clicked.connect(self.load_datastreams)
        row.addWidget(self.load_button)
        form.addRow(tr("Platform"), row)

        self.stream_combo = QComboBox(self)
        self.stream_combo.currentIndexChanged.connect(self._stream_changed)
        form.addRow(tr("Datastream"), self.stream_combo)
        self.indicator_combo = QComboBox(self)
        self.indicator_combo.currentIndexChanged.connect(self.redraw)
        form.addRow(tr("Indicator"), self.indicator_combo)

        self.period_combo = QComboBox(self)
        for days in PERIOD_DAYS:
            label = tr("Everything") if days == 0 else tr("Last {days} days").format(days=days)
            self.period_combo.addItem(label, days)
        self.period_combo.setCurrentIndex(PERIOD_DAYS.index(28))
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        form.addRow(tr("Period"), self.period_combo)

        live = QHBoxLayout()
        self.live_check = QCheckBox(tr("Live refresh every"), self)
        self.live_check.toggled.connect(self.set_live)
        self.interval_spin = QSpinBox(self)
        self.interval_spin.setRange(5, 3600)
        self.interval_spin.setValue(60)
        self.interval_spin.setSuffix(tr(" s"))
        self.interval_spin.valueChanged.connect(self._interval_changed)
        self.refresh_button = QPushButton(tr("Refresh now"), self)
        self.refresh_button.clicked.connect(self.refresh)
        live.addWidget(self.live_check)
        live.addWidget(self.interval_spin)
        live.addStretch(1)
        live.addWidget(self.refresh_button)
        form.addRow(live)

        self.community_layer_combo = QgsMapLayerComboBox(self)
        self.community_layer_combo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        self.community_layer_combo.setAllowEmptyLayer(True)
        self.community_field_combo = QgsFieldComboBox(self)
        self.community_field_combo.setFilters(
            QgsFieldProxyModel.Filter.String | QgsFieldProxyModel.Filter.Int
        )
        self.community_layer_combo.layerChanged.connect(self._community_layer_changed)
        self._community_layer_changed(self.community_layer_combo.currentLayer())
        form.addRow(tr("Communities"), self.community_layer_combo)
        form.addRow(tr("Community id field"), self.community_field_combo)
        self.map_check = QCheckBox(tr("Show the current warning level of each community on the map"), self)
        self.map_check.toggled.connect(self._map_toggled)
        form.addRow(self.map_check)
        layout.addLayout(form)

        # pyqtgraph (and the engine) are imported when the tab is first shown, not at QGIS start-up
        self.plots = None
        self.plot_area = QVBoxLayout()
        layout.addLayout(self.plot_area, 3)

        self.level_table = QTableWidget(0, 3, self)
        self.level_table.setHorizontalHeaderLabels([tr("Community"), tr("Warning level"), tr("Indicator")])
        self.level_table.horizontalHeader().setStretchLastSection(True)
        self.level_table.verticalHeader().setVisible(False)
        layout.addWidget(self.level_table, 1)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.update_connection_label()

    # -- state -----------------------------------------------------------------------------------
    def connection(self):
        try:
            return self.connection_getter() if self.connection_getter else None
        except Exception:  # a broken getter must not break the tab
            return None

    def update_connection_label(self):
        connection = self.connection()
        self.connection_label.setText(connection.name if connection is not None else tr("No connection"))

    def client(self):
        connection = self.connection()
        if connection is None:
            return None
        client = connection.sensorthings_client()
        if client is not None and hasattr(client, "page_size"):
            client.page_size = max(int(client.page_size), 1000)
        return client

    def busy(self) -> bool:
        return self.task is not None

    def set_status(self, text: str):
        self.status_label.setText(text)

    def _indicator_system(self):
        if self.system is None:
            from ...processing.engine import indicators as engine

            self.system = engine.load_system()
        return self.system

    def selected_stream(self) -> Optional[StreamInfo]:
        return self.streams.get(self.stream_combo.currentData())

    def _period_days(self) -> int:
        return int(self.period_combo.currentData() or 0)

    # -- loading datastreams -------------------------------------------------------------------
    def load_datastreams(self):
        self.update_connection_label()
        client = self.client()
        if client is None:
            self.set_status(tr("Choose a platform connection with a SensorThings URL first."))
            return False
        if self.busy():
            return False

        def work(feedback, progress):
            found = []
            things = client.things(feedback=feedback)
            for number, thing in enumerate(things):
                if feedback.isCanceled():
                    break
                progress(100.0 * number / max(len(things), 1))
                for datastream in client.datastreams(thing_id=thing.get("@iot.id"), feedback=feedback):
                    found.append(stream_info(datastream, thing))
            return found

        self._start(tr("Loading datastreams"), work, self._datastreams_loaded)
        self.set_status(tr("Loading datastreams…"))
        return True

    def _datastreams_loaded(self, found, error):
        if error is not None or found is None:
            self.set_status(self._error_text(error))
            return
        self.streams = {s.key: s for s in found}
        self.frames = {}
        self.stream_combo.blockSignals(True)
        self.stream_combo.clear()
        for stream in sorted(found, key=lambda s: (s.community_id, s.kind, s.sensor_id)):
            label = f"{stream.sensor_id} · {stream.kind or '?'} · {stream.community_id or '?'}"
            self.stream_combo.addItem(label, stream.key)
        self.stream_combo.blockSignals(False)
        self._stream_changed()
        self.set_status(tr("{count} datastreams.").format(count=len(found)))
        if found:
            self.refresh()

    def _stream_changed(self, *_args):
        stream = self.selected_stream()
        self.indicator_combo.blockSignals(True)
        self.indicator_combo.clear()
        if stream is not None:
            language = help_language()
            for indicator in self._indicator_system().indicators:
                if indicator.enabled and indicator.source.get("kind") == stream.kind:
                    self.indicator_combo.addItem(indicator.name.get(language, indicator.id), indicator.id)
        self.indicator_combo.blockSignals(False)
        self.redraw()

    def _period_changed(self, *_args):
        self.frames = {}
        if self.streams:
            self.refresh()

    def _interval_changed(self, seconds):
        if self.timer.isActive():
            self.timer.start(int(seconds) * 1000)

    def set_live(self, on: bool):
        if on:
            self.timer.start(int(self.interval_spin.value()) * 1000)
        else:
            self.timer.stop()

    # -- refreshing ------------------------------------------------------------------------------
    def refresh(self):
        """Fetch observations newer than those held (all streams), then re-evaluate. Non-blocking."""
        if self.busy() or not self.streams:
            return False
        client = self.client()
        if client is None:
            self.set_status(tr("Choose a platform connection with a SensorThings URL first."))
            return False
        days = self._period_days()
        since = {}
        for key in self.streams:
            frame = self.frames.get(key)
            if frame is not None and len(frame):
                since[key] = str(frame["time"].iloc[-1])
            elif days:
                start = QDateTime.currentDateTimeUtc().addDays(-days)
                since[key] = start.toString(Qt.DateFormat.ISODate)
        streams = dict(self.streams)
        held = dict(self.frames)
        system = self._indicator_system()
        community_ids = self._community_ids()

        def work(feedback, progress):
            import pandas as pd

            frames = dict(held)
            new_count = 0
            for number, (key, stream) in enumerate(streams.items()):
                if feedback.isCanceled():
                    return None
                progress(90.0 * number / max(len(streams), 1))
                start = since.get(key)
                rows = client.observations(stream.id, start=start, feedback=feedback)
                fresh = observations_frame(stream, rows)
                old = frames.get(key)
                if old is not None and len(old):
                    fresh = fresh[~fresh["time"].isin(set(old["time"]))]
                    fresh = pd.concat([old, fresh], ignore_index=True)
                new_count += len(fresh) - (0 if old is None else len(old))
                frames[key] = fresh
            by_sensor = evaluate_streams(streams, frames, "sensor", system=system)
            by_community = evaluate_streams(streams, frames, "community", community_ids, system=system)
            return {"frames": frames, "new": new_count, "sensor": by_sensor, "community": by_community}

        self._start(tr("Refreshing sensor observations"), work, self._refreshed)
        return True

    def _refreshed(self, result, error):
        if error is not None or result is None:
            self.set_status(self._error_text(error))
            return
        self.frames = result["frames"]
        self.sensor_evaluation = result["sensor"]
        self.community_evaluation = result["community"]
        self.refresh_count += 1
        total = sum(len(f) for f in self.frames.values())
        self.set_status(
            tr("Updated {time}: {new} new observations, {total} held.").format(
                time=QDateTime.currentDateTime().toString("HH:mm:ss"), new=result["new"], total=total
            )
        )
        if total == 0:
            self.set_status(
                tr("No observations in the chosen period; choose a longer period (or “Everything”).")
            )
        self.redraw()
        self._update_levels()

    def _start(self, description, work, done):
        def finished(result, error):
            if self.closing:  # the dock is going away: touch no widget
                return
            self.task = None
            self.load_button.setEnabled(True)
            done(result, error)

        self.load_button.setEnabled(False)
        self.task = _PlatformTask(description, work, finished)
        QgsApplication.taskManager().addTask(self.task)

    def _error_text(self, error) -> str:
        self.last_error = error
        if error is None:
            return tr("Cancelled.")
        message = getattr(error, "message", None) or str(error)
        return tr("The platform could not be read: {message}").format(message=message)

    # -- drawing ---------------------------------------------------------------------------------
    # The plot items are made once and updated in place: removing items from a pyqtgraph plot
    # under QGIS's PyQt raises "unable to convert a QVariant back to a Python object".
    def showEvent(self, event):  # noqa: N802 - Qt API
        self._ensure_plots()
        super().showEvent(event)

    def _ensure_plots(self) -> bool:
        """Create the charts once (False when pyqtgraph is missing)."""
        if self.plots is not None:
            return True
        if getattr(self, "charts_unavailable", False):
            return False
        try:
            import pyqtgraph as pg
        except ImportError:
            self.charts_unavailable = True
            message = QLabel(
                tr("Charts need the Python package “pyqtgraph” (sudo apt install python3-pyqtgraph)."), self
            )
            message.setWordWrap(True)
            self.plot_area.addWidget(message)
            return False
        self.pg = pg
        self.plots = pg.GraphicsLayoutWidget(self)
        self.plots.setBackground("w")
        self.raw_plot = self.plots.addPlot(row=0, col=0, axisItems={"bottom": pg.DateAxisItem()})
        self.raw_plot.showGrid(x=True, y=True, alpha=0.3)
        self.indicator_plot = self.plots.addPlot(row=1, col=0, axisItems={"bottom": pg.DateAxisItem()})
        self.indicator_plot.showGrid(x=True, y=True, alpha=0.3)
        self.indicator_plot.setXLink(self.raw_plot)
        self.plots.setMinimumHeight(320)
        self.plot_area.addWidget(self.plots)
        self._make_plot_items()
        return True

    def _make_plot_items(self):
        pg = self.pg
        self.raw_curve = self.raw_plot.plot([], [], pen=pg.mkPen("#4d4d4d", width=1))
        self.bands = []
        for rank in range(1, 5):
            color = QColor(self._indicator_system().level_color(rank))
            color.setAlpha(60)
            band = pg.LinearRegionItem(values=(0, 1), orientation="horizontal", brush=color, movable=False)
            band.setZValue(-10)
            band.setVisible(False)
            self.indicator_plot.addItem(band)
            self.bands.append(band)
        self.indicator_curve = self.indicator_plot.plot(
            [], [], pen=pg.mkPen("#000000", width=2), connect="finite"
        )
        self.level_markers = self.indicator_plot.plot(
            [], [], pen=None, symbol="o", symbolSize=9, symbolPen=pg.mkPen("#000000")
        )

    def redraw(self, *_args):
        if not self._ensure_plots():
            return
        pg = self.pg
        stream = self.selected_stream()
        frame = self.frames.get(stream.key) if stream is not None else None
        if frame is not None and len(frame):
            self.raw_curve.setData(epoch_seconds(frame["time"]), frame["value"].to_numpy(dtype=float))
        else:
            self.raw_curve.setData([], [])
        self.raw_plot.setTitle(f"{stream.sensor_id} · {stream.kind} ({stream.unit})" if stream else "")
        self.indicator_curve.setData([], [])
        self.level_markers.setData([], [])
        for band in self.bands:
            band.setVisible(False)
        self.indicator_plot.setTitle("")
        indicator_id = self.indicator_combo.currentData()
        evaluation = self.sensor_evaluation
        if stream is None or not indicator_id or evaluation is None or indicator_id not in evaluation.results:
            return
        units = [str(u) for u in evaluation.unit_ids]
        if stream.key not in units:
            return
        column = units.index(stream.key)
        result = evaluation.results[indicator_id]
        indicator = result.indicator
        values = result.values[:, column]
        levels = result.level[:, column]
        x = epoch_seconds(result.labels)
        self._draw_bands(indicator, values)
        language = help_language()
        self.indicator_plot.setTitle(f"{indicator.name.get(language, indicator.id)} ({indicator.unit})")
        self.indicator_curve.setData(x, values)
        warned = [i for i in range(len(levels)) if levels[i] > 0]
        if warned:
            system = self._indicator_system()
            self.level_markers.setData(
                [x[i] for i in warned],
                [float(values[i]) for i in warned],
                symbolBrush=[pg.mkBrush(system.level_color(int(levels[i]))) for i in warned],
            )

    def _draw_bands(self, indicator, values):
        import numpy as np

        thresholds = indicator.thresholds
        used = [float(t) for t in thresholds if np.isfinite(t)]
        finite = [float(v) for v in values[np.isfinite(values)]]
        span = (max(used) - min(used)) or abs(max(used)) or 1.0
        higher = indicator.direction == "higher_is_worse"
        far = (max(used + finite) + span) if higher else (min(used + finite) - span)
        for rank, band in enumerate(self.bands, start=1):
            low = thresholds[rank - 1]
            if not np.isfinite(low):
                continue
            following = [t for t in thresholds[rank:] if np.isfinite(t)]
            high = following[0] if following else far
            band.setRegion((float(low), float(high)))
            band.setVisible(True)

    # -- community levels on the map ---------------------------------------------------------------
    def _community_layer_changed(self, layer):
        self.community_field_combo.setLayer(layer)
        if layer is not None and layer.fields().indexOf("community_id") >= 0:
            self.community_field_combo.setField("community_id")

    def _community_ids(self):
        layer = self.community_layer_combo.currentLayer()
        field = self.community_field_combo.currentField()
        if layer is None or not field:
            return None
        return sorted({str(f[field]) for f in layer.getFeatures() if f[field] is not None})

    def current_levels(self) -> dict:
        """community id -> (level 0..4, indicator id) in the latest window of the last refresh."""
        evaluation = self.community_evaluation
        if evaluation is None:
            return {}
        from ...processing.engine import indicators as engine

        table = engine.current_levels(evaluation)
        return {str(r.unit_id): (int(r.level), r.indicator_id) for r in table.itertuples()}

    def _update_levels(self):
        levels = self.current_levels()
        names = {0: tr("None")}
        language = help_language()
        for level in self._indicator_system().levels:
            names[level["rank"]] = level["name"].get(language, level["id"])
        self.level_table.setRowCount(len(levels))
        for row, (community, (level, indicator)) in enumerate(sorted(levels.items())):
            self.level_table.setItem(row, 0, QTableWidgetItem(community))
            item = QTableWidgetItem(names.get(level, str(level)))
            if level:
                item.setBackground(QColor(self._indicator_system().level_color(level)))
            self.level_table.setItem(row, 1, item)
            name = indicator
            if indicator:
                name = self._indicator_system().indicator(indicator).name.get(language, indicator)
            self.level_table.setItem(row, 2, QTableWidgetItem(name))
        if self.map_check.isChecked():
            self._write_level_layer(levels, names)

    def _map_toggled(self, on):
        if on:
            self._update_levels()
        elif self.level_layer is not None:
            QgsProject.instance().removeMapLayer(self.level_layer.id())
            self.level_layer = None

    def _write_level_layer(self, levels, names):
        source = self.community_layer_combo.currentLayer()
        field = self.community_field_combo.currentField()
        if source is None or not field:
            self.set_status(
                tr("Choose the community layer and its id field to show warning levels on the map.")
            )
            return
        if self.level_layer is None or QgsProject.instance().mapLayer(self.level_layer.id()) is None:
            crs = source.crs().authid() or source.crs().toWkt()
            layer = QgsVectorLayer(f"MultiPolygon?crs={crs}", tr("Current warning level"), "memory")
            layer.dataProvider().addAttributes(
                [
                    QgsField("community_id", QVariant.Type.String),
                    QgsField("level", QVariant.Type.Int),
                    QgsField("level_name", QVariant.Type.String),
                    QgsField("indicator", QVariant.Type.String),
                    QgsField("updated", QVariant.Type.String),
                ]
            )
            layer.updateFields()
            if CURRENT_LEVEL_STYLE.exists():
                layer.loadNamedStyle(str(CURRENT_LEVEL_STYLE))
            QgsProject.instance().addMapLayer(layer)
            self.level_layer = layer
        layer = self.level_layer
        provider = layer.dataProvider()
        provider.truncate()
        stamp = QDateTime.currentDateTime().toString(Qt.DateFormat.ISODate)
        features = []
        for source_feature in source.getFeatures():
            community = str(source_feature[field])
            level, indicator = levels.get(community, (0, ""))
            feature = QgsFeature(layer.fields())
            feature.setGeometry(source_feature.geometry())
            feature.setAttributes([community, level, names.get(level, ""), indicator, stamp])
            features.append(feature)
        provider.addFeatures(features)
        layer.updateExtents()
        layer.triggerRepaint()

    # -- life cycle ----------------------------------------------------------------------------------
    def close_connections(self):
        """Stop the timer and cancel a running task (the dock calls this before it is deleted)."""
        self.closing = True
        self.timer.stop()
        if self.task is not None:
            self.task.cancel()
            self.task = None
