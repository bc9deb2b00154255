"""The Monitor tab against a SensorThings server on 127.0.0.1 (pytest-qt).

The server is a small STA v1.1 implementation in this file (Things with sensor_id / community_id /
kind properties, their Datastreams, Observations with ``$top``/``$skip`` paging and
``phenomenonTime ge/lt`` filters) serving the demo community's ``sensors`` and
``sensor_observations``. The tab talks to it through the plugin's own SensorThings client.
"""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]


class StaData:
    def __init__(self, sensors: pd.DataFrame, observations: pd.DataFrame):
        """``sensors``: sensor_id, community_id, kind, unit; ``observations``: sensor_id, phenomenon_time, value."""
        self.lock = threading.Lock()
        self.sensors = sensors.reset_index(drop=True)
        self.ids = {sid: i + 1 for i, sid in enumerate(self.sensors["sensor_id"])}
        self.series = {sid: [] for sid in self.sensors["sensor_id"]}
        self.requests = []
        self.delay_s = 0.0
        self.append(observations)

    def append(self, observations: pd.DataFrame):
        with self.lock:
            for sid, t, v in zip(
                observations["sensor_id"], observations["phenomenon_time"], observations["value"]
            ):
                self.series[sid].append((pd.Timestamp(t), str(t), float(v)))
            for values in self.series.values():
                values.sort(key=lambda item: item[0])


def _page(base, path, query, entities):
    top = int(query.get("$top", ["100"])[0])
    skip = int(query.get("$skip", ["0"])[0])
    page = entities[skip : skip + top]
    body = {"value": page}
    if skip + top < len(entities):
        rest = {k: v[0] for k, v in query.items() if k != "$skip"}
        rest["$skip"] = str(skip + top)
        body["@iot.nextLink"] = f"{base}{path}?" + "&".join(f"{k}={v}" for k, v in rest.items())
    return body


def make_handler(data: StaData, root: str):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args):
            pass

        def _send(self, status, body):
            payload = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):  # noqa: N802 - http.server API
            parts = urlsplit(self.path)
            path = unquote(parts.path)
            query = parse_qs(parts.query, keep_blank_values=True)
            data.requests.append((path, {k: v[0] for k, v in query.items()}))
            if data.delay_s:
                time.sleep(data.delay_s)
            base = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}"
            if not path.startswith(root):
                return self._send(404, {"message": "not found"})
            rest = path[len(root) :].strip("/")
            with data.lock:
                if rest == "":
                    return self._send(200, {"value": [{"name": "Things", "url": f"{base}{root}/Things"}]})
                if rest == "Things":
                    things = [
                        {
                            "@iot.id": data.ids[row.sensor_id],
                            "name": f"sensor {row.sensor_id}",
                            "properties": {
                                "sensor_id": row.sensor_id,
                                "community_id": row.community_id,
                                "kind": row.kind,
                            },
                        }
                        for row in data.sensors.itertuples()
                    ]
                    return self._send(200, _page(base, path, query, things))
                match = re.fullmatch(r"Things\((\d+)\)/Datastreams", rest)
                if match:
                    thing = int(match.group(1))
                    row = data.sensors.iloc[thing - 1]
                    stream = {
                        "@iot.id": thing,
                        "name": f"{row.kind} of {row.sensor_id}",
                        "unitOfMeasurement": {"symbol": row.unit},
                        "properties": {"kind": row.kind},
                    }
                    return self._send(200, _page(base, path, query, [stream]))
                match = re.fullmatch(r"Datastreams\((\d+)\)/Observations", rest)
                if match:
                    sid = data.sensors.iloc[int(match.group(1)) - 1].sensor_id
                    rows = data.series[sid]
                    text = query.get("$filter", [""])[0]
                    for op, stamp in re.findall(r"phenomenonTime (ge|lt) (\S+?)\)?(?:\s|$)", text):
                        limit = pd.Timestamp(stamp.rstrip(")"))
                        rows = [r for r in rows if (r[0] >= limit if op == "ge" else r[0] < limit)]
                    entities = [{"phenomenonTime": t, "result": v} for _, t, v in rows]
                    return self._send(200, _page(base, path, query, entities))
            return self._send(404, {"message": f"no route {rest}"})

    return Handler


class StaServer:
    def __init__(self, data: StaData, root: str = "/sta/v1.1"):
        self.data = data
        self.root = root
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(data, root))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{self.root}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.httpd.shutdown()
        self.httpd.server_close()


# ---- data --------------------------------------------------------------------------------------
def synthetic_dataset():
    """Two communities, three sensors, 10 days hourly; N2 (C02) is loud on the nights of 03-05..03-07."""
    times = pd.date_range("2026-03-02T00:00+08:00", periods=24 * 10, freq="H")
    sensors = pd.DataFrame(
        {
            "sensor_id": ["N1", "N2", "F1"],
            "community_id": ["C01", "C02", "C01"],
            "kind": ["noise", "noise", "footfall"],
            "unit": ["dB(A)", "dB(A)", "persons/h"],
        }
    )
    rng = np.random.default_rng(7)
    rows = []
    for sid in sensors["sensor_id"]:
        base = 40 + 3 * rng.random(len(times)) if sid != "F1" else 50 + 10 * rng.random(len(times))
        values = base.copy()
        if sid == "N2":
            night = (times.hour >= 22) | (times.hour < 6)
            loud = night & (times >= "2026-03-05T22:00+08:00") & (times < "2026-03-08T06:00+08:00")
            values[loud] = 68.0
        rows.append(
            pd.DataFrame(
                {
                    "sensor_id": sid,
                    "phenomenon_time": times.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
                    "value": values,
                }
            )
        )
    return sensors, pd.concat(rows, ignore_index=True)


def later_nights(sensor_id, start, days, value):
    """Hourly observations of ``sensor_id`` from ``start`` for ``days`` days, ``value`` at night, 41 by day."""
    times = pd.date_range(start, periods=24 * days, freq="H")
    night = (times.hour >= 22) | (times.hour < 6)
    return pd.DataFrame(
        {
            "sensor_id": sensor_id,
            "phenomenon_time": times.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
            "value": np.where(night, value, 41.0),
        }
    )


def community_layer(ids):
    from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer

    layer = QgsVectorLayer(
        "Polygon?crs=EPSG:4548&field=community_id:string&field=name:string", "communities", "memory"
    )
    features = []
    for i, community in enumerate(ids):
        feature = QgsFeature(layer.fields())
        x = 525000 + 600 * i
        feature.setGeometry(
            QgsGeometry.fromWkt(
                f"POLYGON(({x} 3518800,{x + 600} 3518800,{x + 600} 3519600,{x} 3519600,{x} 3518800))"
            )
        )
        feature.setAttributes([community, f"{community}社区"])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    QgsProject.instance().addMapLayer(layer)
    return layer


@pytest.fixture()
def monitor(qtbot, qgis_app):
    from community_governance.plugin.dock.monitor_tab import MonitorTab
    from community_governance.plugin.platform_client.connections import PlatformConnection

    sensors, observations = synthetic_dataset()
    data = StaData(sensors, observations)
    with StaServer(data) as server:
        connection = PlatformConnection("Loopback SensorThings", "http://127.0.0.1:9/", sta_url=server.url)
        tab = MonitorTab(None, lambda: connection)
        qtbot.addWidget(tab)
        tab.resize(720, 980)
        tab.show()
        layer = community_layer(sorted(set(sensors["community_id"])))
        tab.community_layer_combo.setLayer(layer)
        tab.period_combo.setCurrentIndex(tab.period_combo.findData(0))  # everything the service has
        yield tab, data, sensors, observations
        tab.close_connections()
        from qgis.core import QgsProject

        QgsProject.instance().removeAllMapLayers()


def select_stream(tab, sensor_id):
    for index in range(tab.stream_combo.count()):
        if tab.streams[tab.stream_combo.itemData(index)].sensor_id == sensor_id:
            tab.stream_combo.setCurrentIndex(index)
            return tab.streams[tab.stream_combo.itemData(index)]
    raise AssertionError(f"no datastream for {sensor_id}")


def test_monitor_tab_shows_a_series_with_threshold_bands_and_live_levels(monitor, qtbot):
    import pyqtgraph as pg
    from community_governance.processing.engine import indicators as engine

    tab, data, sensors, observations = monitor
    assert tab.connection_label.text() == "Loopback SensorThings"
    assert tab.load_datastreams()
    qtbot.waitUntil(lambda: tab.refresh_count >= 1, timeout=60000)
    assert tab.status_label.text() and not tab.busy()
    assert {s.sensor_id for s in tab.streams.values()} == set(sensors["sensor_id"])

    # the raw series is exactly what the server holds for N2
    stream = select_stream(tab, "N2")
    assert stream.kind == "noise" and stream.community_id == "C02"
    expected = observations[observations["sensor_id"] == "N2"]
    (curve,) = tab.raw_plot.listDataItems()
    x, y = curve.getData()
    assert np.allclose(y, expected["value"].to_numpy())
    assert np.allclose(x, pd.to_datetime(expected["phenomenon_time"]).astype("int64") / 1e9)

    # the indicator chart: night-time Leq per night, four bands at the system's thresholds
    system = engine.load_system()
    night = system.indicator("noise_night_leq")
    tab.indicator_combo.setCurrentIndex(tab.indicator_combo.findData("noise_night_leq"))
    bands = [
        item
        for item in tab.indicator_plot.items
        if isinstance(item, pg.LinearRegionItem) and item.isVisible()
    ]
    lows = sorted(min(band.getRegion()) for band in bands)
    assert lows == sorted(night.thresholds.tolist())
    series, markers = tab.indicator_plot.listDataItems()
    _, warned = markers.getData()
    # nights of 03-05, 03-06, 03-07 at 68 dB: raised on the second one (persistence 2), held on the third
    assert len(warned) == 2 and np.all(warned >= night.thresholds[2])

    # the episode is over at the end of the data: no community is warned now
    assert tab.current_levels() == {"C01": (0, ""), "C02": (0, "")}

    # live refresh: the service gets three more loud nights for N2; the tab asks only for what is new
    tab.map_check.setChecked(True)
    data.append(later_nights("N2", "2026-03-12T00:00+08:00", 3, 66.0))
    asked = len(data.requests)
    tab.live_check.setChecked(True)
    tab.timer.setInterval(100)
    qtbot.waitUntil(
        lambda: tab.current_levels().get("C02", (0,))[0] == engine.LEVEL_RANK["orange"], timeout=60000
    )
    tab.live_check.setChecked(False)
    filters = [q.get("$filter", "") for path, q in data.requests[asked:] if path.endswith("/Observations")]
    assert filters and all("phenomenonTime ge 2026-03-1" in f for f in filters)
    (curve,) = tab.raw_plot.listDataItems()
    assert len(curve.getData()[1]) == len(expected) + 24 * 3

    # the current level per community is on the map, styled by level
    layer = tab.level_layer
    assert layer is not None and layer.isValid()
    levels = {f["community_id"]: f["level"] for f in layer.getFeatures()}
    assert levels == {"C01": 0, "C02": engine.LEVEL_RANK["orange"]}
    assert layer.renderer().type() == "categorizedSymbol"
    assert tab.level_table.rowCount() == 2


def test_fetching_runs_in_a_task_and_the_ui_keeps_running(monitor, qtbot):
    tab, data, _sensors, _observations = monitor
    tab.load_datastreams()
    qtbot.waitUntil(lambda: tab.refresh_count >= 1, timeout=60000)
    data.delay_s = 0.2  # every request now takes a while
    tab.frames = {}
    assert tab.refresh()
    turns = 0
    while tab.busy():
        qtbot.wait(20)  # the event loop keeps turning while the task fetches
        turns += 1
    assert turns > 0
    assert tab.refresh_count == 2
    assert tab.refresh() is True and tab.refresh() is False  # one task at a time
    qtbot.waitUntil(lambda: not tab.busy(), timeout=60000)


def test_without_connection_the_tab_says_so(qtbot, qgis_app):
    from community_governance.plugin.dock.monitor_tab import MonitorTab

    tab = MonitorTab(None, lambda: None)
    qtbot.addWidget(tab)
    assert tab.load_datastreams() is False and tab.refresh() is False
    assert tab.status_label.text()
    assert tab.connection_label.text()


def test_stream_info_reads_kind_and_community_from_properties_or_names():
    from community_governance.plugin.dock.monitor_tab import stream_info

    info = stream_info(
        {"@iot.id": 5, "name": "noise of S07"}, {"name": "S07", "properties": {"community_id": "C03"}}
    )
    assert (info.kind, info.community_id, info.sensor_id) == ("noise", "C03", "S07")
    info = stream_info({"@iot.id": "x", "name": "Elevator fault C12", "unitOfMeasurement": {"symbol": "1"}})
    assert (info.kind, info.community_id, info.unit) == ("elevator_fault", "C12", "1")


def test_a_period_without_data_says_so(monitor, qtbot):
    tab, _data, _sensors, _observations = monitor
    tab.period_combo.setCurrentIndex(tab.period_combo.findData(1))  # the last day; the data are of March 2026
    tab.load_datastreams()
    qtbot.waitUntil(lambda: tab.refresh_count >= 1 or tab.last_error is not None, timeout=60000)
    assert tab.last_error is None
    assert sum(len(f) for f in tab.frames.values()) == 0
    assert "longer period" in tab.status_label.text()
    assert tab.current_levels() == {}
