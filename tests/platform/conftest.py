"""Fixtures of the platform tests: the real local platform (pygeoapi + SensorThings behind nginx),
started by ``scripts/platform.sh`` on free ports in a throwaway state folder and stopped at the
end; QGIS authentication configurations in the test profile's auth database; a fake server for
misbehaviour (``fake_server.py``, a separate process)."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from platform_testing import MASTER_PASSWORD, ROOT, Platform, free_port  # noqa: F401 - shared helpers


@pytest.fixture()
def features_client(platform_server, authcfgs):
    from community_governance.plugin.platform_client.ogcapi import FeaturesClient

    return FeaturesClient(platform_server.url, authcfgs["basic"], timeout_ms=30000, page_size=100)


@pytest.fixture()
def gpkg_layer(qgis_app, platform_server):
    """``gpkg_layer(name)``: a layer of the GeoPackage the platform was seeded from (the truth)."""
    from qgis.core import QgsVectorLayer

    def load(name):
        layer = QgsVectorLayer(f"{platform_server.data}|layername={name}", name, "ogr")
        assert layer.isValid(), name
        return layer

    return load


class FakeServer:
    def __init__(self, port, process, log):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.process = process
        self.log = log

    def stats(self):
        import json

        return json.loads(Path(self.log).read_text() or "{}") if Path(self.log).exists() else {}


@pytest.fixture()
def fake_server(tmp_path):
    port = free_port()
    log = tmp_path / "fake.json"
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("fake_server.py")), str(port), str(log)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    yield FakeServer(port, process, log)
    process.terminate()
    process.wait(timeout=10)
