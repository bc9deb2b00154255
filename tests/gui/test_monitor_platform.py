"""The Monitor tab on the local community platform (pytest-qt).

``scripts/platform.sh`` starts the real platform (pygeoapi + the django-ogc-sensorthings server
behind nginx with Basic authentication) seeded from the demo GeoPackage, on free ports in a
throwaway folder. The tab reads it through the plugin's SensorThings client with a QGIS authcfg,
draws the demo's planted night-noise anomaly with the indicator thresholds, then a live refresh
picks up new loud nights posted to the platform and the community turns orange on the map.
The screenshot goes to docs/images/dock_monitor.png.
"""

import json
import os
import socket
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "images" / "dock_monitor.png"
MASTER_PASSWORD = "test-master-password"  # the same as tests/platform: one auth database per session


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def anomaly(demo_gpkg, kind="noise"):
    truth = json.loads((demo_gpkg.parent / "known_truth.json").read_text(encoding="utf-8"))
    return next(a for a in truth["monitoring"]["anomalies"] if a["kind"] == kind)


@pytest.fixture(scope="module")
def platform_data(tmp_path_factory, demo_gpkg):
    """The demo's communities, and the sensors and observations of two of its communities: the one
    with the planted night-noise anomaly and the first one (the SensorThings server needs ~10 ms
    per observation, so seeding and reading all 24 sensors would take minutes on a busy machine)."""
    from osgeo import gdal

    gdal.UseExceptions()
    communities = sorted({anomaly(demo_gpkg)["community_id"], "C01"})
    listed = ",".join(f"'{c}'" for c in communities)
    path = tmp_path_factory.mktemp("monitor_data") / "monitor_demo.gpkg"
    gdal.VectorTranslate(str(path), str(demo_gpkg), layers=["communities"], format="GPKG")
    gdal.VectorTranslate(
        str(path),
        str(demo_gpkg),
        layers=["sensors"],
        accessMode="update",
        where=f"community_id IN ({listed})",
    )
    gdal.VectorTranslate(
        str(path),
        str(demo_gpkg),
        layers=["sensor_observations"],
        accessMode="update",
        where=f"sensor_id IN (SELECT sensor_id FROM sensors WHERE community_id IN ({listed}))",
    )
    return path


@pytest.fixture(scope="module")
def local_platform(tmp_path_factory, platform_data):
    for venv, program in (("pygeoapi", "gunicorn"), ("sensorthings", "python")):
        if not (ROOT / ".venvs" / venv / "bin" / program).exists():
            pytest.fail(f"the {venv} venv is missing: run `bash scripts/setup.sh`")
    state = tmp_path_factory.mktemp("monitor_platform")
    port = free_port()
    env = dict(os.environ)
    env.update(
        PLATFORM_STATE=str(state),
        PLATFORM_PORT=str(port),
        PLATFORM_BACKEND_PORT=str(free_port()),
        PLATFORM_STA_PORT=str(free_port()),
        PLATFORM_DATA=str(platform_data),
        PLATFORM_PASSWORD="monitor-test-pw",
        PLATFORM_STA="on",
        PLATFORM_STA_MAX_TOP="1000",
    )
    command = ["bash", str(ROOT / "scripts" / "platform.sh")]
    try:
        subprocess.run([*command, "start"], env=env, check=True, capture_output=True, text=True, timeout=600)
    except subprocess.CalledProcessError as error:
        logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in (state / "logs").glob("*.log"))
        subprocess.run([*command, "stop"], env=env, capture_output=True, timeout=120)
        pytest.fail(f"platform.sh start failed: {error.stderr}\n{logs}")
    yield {
        "url": f"http://127.0.0.1:{port}/",
        "sta_url": f"http://127.0.0.1:{port}/sensorthings/v1.1",
        "user": "planner",
        "password": "monitor-test-pw",
    }
    subprocess.run([*command, "stop"], env=env, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def connection(qgis_app, local_platform):
    from community_governance.plugin.platform_client import connections
    from qgis.core import QgsApplication

    assert QgsApplication.authManager().setMasterPassword(MASTER_PASSWORD, True)
    authcfg = connections.store_basic_authcfg(
        "monitor test", local_platform["user"], local_platform["password"]
    )
    return connections.PlatformConnection(
        "Local demo platform", local_platform["url"], sta_url=local_platform["sta_url"], authcfg=authcfg
    )


def demo_layer(demo_gpkg, name):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{demo_gpkg}|layername={name}", name, "ogr")
    assert layer.isValid(), name
    return layer


def loud_nights(start_day: str, nights: int, value: float):
    """(time, value) of the night hours (22:00-06:00, +08:00) of ``nights`` nights from ``start_day``."""
    times = pd.date_range(f"{start_day}T22:00+08:00", periods=24 * nights, freq="H")
    times = times[(times.hour >= 22) | (times.hour < 6)]
    return [(t.strftime("%Y-%m-%dT%H:%M:%S+08:00"), value) for t in times]


def done_or_failed(tab, condition):
    """A waitUntil condition that stops waiting (and fails) when a task of the tab failed."""

    def check():
        assert tab.last_error is None, tab.status_label.text()
        return condition()

    return check


def test_monitor_tab_shows_the_demo_series_from_the_local_platform(
    connection, demo_gpkg, platform_data, qtbot
):
    import pyqtgraph as pg
    from community_governance.plugin.dock.monitor_tab import MonitorTab
    from community_governance.processing.engine import indicators as engine
    from qgis.core import QgsProject

    noise = anomaly(demo_gpkg)
    sensors = demo_layer(platform_data, "sensors")
    expected_streams = {(f["sensor_id"], f["kind"], f["community_id"]) for f in sensors.getFeatures()}
    observations = demo_layer(demo_gpkg, "sensor_observations")
    mine = sorted(
        (f["phenomenon_time"], f["value"])
        for f in observations.getFeatures()
        if f["sensor_id"] == noise["sensor_id"]
    )
    communities = demo_layer(demo_gpkg, "communities")
    QgsProject.instance().addMapLayer(communities)

    tab = MonitorTab(None, lambda: connection)
    qtbot.addWidget(tab)
    tab.resize(760, 1000)
    tab.show()
    try:
        tab.community_layer_combo.setLayer(communities)
        assert tab.community_field_combo.currentField() == "community_id"
        tab.period_combo.setCurrentIndex(tab.period_combo.findData(0))
        assert tab.load_datastreams()
        qtbot.waitUntil(done_or_failed(tab, lambda: tab.refresh_count >= 1), timeout=240000)
        assert {(s.sensor_id, s.kind, s.community_id) for s in tab.streams.values()} == expected_streams

        # the planted noise anomaly's datastream: exactly the demo's observations
        index = next(
            i
            for i in range(tab.stream_combo.count())
            if tab.streams[tab.stream_combo.itemData(i)].sensor_id == noise["sensor_id"]
        )
        tab.stream_combo.setCurrentIndex(index)
        (curve,) = tab.raw_plot.listDataItems()
        x, y = curve.getData()
        assert np.allclose(y, [v for _, v in mine])
        assert np.allclose(x, pd.to_datetime([t for t, _ in mine]).astype("int64") / 1e9)

        # night-time noise with its four threshold bands; the warned nights lie inside the anomaly
        tab.indicator_combo.setCurrentIndex(tab.indicator_combo.findData("noise_night_leq"))
        night = engine.load_system().indicator("noise_night_leq")
        bands = [i for i in tab.indicator_plot.items if isinstance(i, pg.LinearRegionItem) and i.isVisible()]
        assert sorted(min(b.getRegion()) for b in bands) == sorted(night.thresholds.tolist())
        _, markers = tab.indicator_plot.listDataItems()
        warned_x, warned_y = markers.getData()
        start, end = (pd.Timestamp(noise[k]).timestamp() for k in ("start", "end"))
        assert len(warned_x) >= 1 and all(start - 86400 <= t <= end for t in warned_x)
        assert all(v >= night.thresholds[0] for v in warned_y)
        # every anomaly of the demo is over by the end of its data: no community is warned now
        assert {level for level, _ in tab.current_levels().values()} == {0}

        # live: two loud nights arrive on the platform after the data; the tab fetches only those
        tab.map_check.setChecked(True)
        client = connection.sensorthings_client()
        stream = tab.selected_stream()
        for time, value in loud_nights("2026-03-30", 2, 68.0):
            client.create_observation(stream.id, time, value)
        tab.live_check.setChecked(True)
        tab.timer.setInterval(300)
        orange = engine.LEVEL_RANK["orange"]
        qtbot.waitUntil(
            lambda: tab.current_levels().get(noise["community_id"], (0,))[0] == orange, timeout=240000
        )
        tab.live_check.setChecked(False)
        qtbot.waitUntil(lambda: not tab.busy(), timeout=240000)
        (curve,) = tab.raw_plot.listDataItems()
        assert len(curve.getData()[1]) == len(mine) + 16

        layer = tab.level_layer
        levels = {f["community_id"]: f["level"] for f in layer.getFeatures()}
        assert levels[noise["community_id"]] == orange
        assert set(levels.values()) == {0, orange} and layer.featureCount() == communities.featureCount()
        assert layer.renderer().type() == "categorizedSymbol"

        qtbot.wait(100)
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        assert tab.grab().save(str(SCREENSHOT))
    finally:
        tab.close_connections()
        QgsProject.instance().removeAllMapLayers()
