#!/usr/bin/env python3
"""Benchmark: the plugin's OGC API - Features client vs QGIS's own OAPIF provider, side by side.

The local platform (``scripts/platform.sh``: pygeoapi + TinyDB behind nginx with Basic auth) is
started on free ports in a temporary folder. Timed, each the median of 3 runs:

* reading a whole collection into a QGIS layer with QGIS 3.22's native ``OAPIF`` provider
  (``QgsVectorLayer(..., "OAPIF")`` with the same authcfg, every feature iterated);
* the same with the plugin's client (``FeaturesClient.items`` + ``features_to_layer``);

for ``feedback`` (the demo's 172 items) and ``uploads`` after 1,000 survey points are pushed
through the outbox (the push's throughput is printed too; QGIS 3.22 cannot write through
OGC API - Features Part 4, so it has no counterpart).

Usage: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_platform.py``
"""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:] = [p for p in sys.path if p not in ("", ".", str(ROOT))]
sys.path.insert(0, str(ROOT / "build" / "pkg"))
sys.path.append("/usr/share/qgis/python/plugins")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
WORK = Path(tempfile.mkdtemp(prefix="bench_platform_"))
os.environ["QGIS_CUSTOM_CONFIG_PATH"] = str(WORK / "profile")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def median_time(function, runs=3):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    link = ROOT / "build" / "pkg" / "community_governance"
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.exists():
        link.symlink_to(ROOT, target_is_directory=True)
    port = free_port()
    env = dict(
        os.environ,
        PLATFORM_STATE=str(WORK / "platform"),
        PLATFORM_PORT=str(port),
        PLATFORM_BACKEND_PORT=str(free_port()),
        PLATFORM_STA="off",
        PLATFORM_PASSWORD="bench-password",
    )
    script = str(ROOT / "scripts" / "platform.sh")
    subprocess.run(["bash", script, "start"], env=env, check=True, capture_output=True)
    try:
        run(f"http://127.0.0.1:{port}/")
    finally:
        subprocess.run(["bash", script, "stop"], env=env, check=False, capture_output=True)


def run(url):
    from qgis.core import QgsApplication, QgsVectorLayer

    app = QgsApplication([], False)
    app.initQgis()
    QgsApplication.authManager().setMasterPassword("bench-master", True)
    from community_governance.plugin.platform_client.connections import store_basic_authcfg
    from community_governance.plugin.platform_client.layers import features_to_layer
    from community_governance.plugin.platform_client.ogcapi import FeaturesClient
    from community_governance.plugin.platform_client.outbox import Outbox, OutboxSender, new_uid

    authcfg = store_basic_authcfg("bench", "planner", "bench-password")
    client = FeaturesClient(url, authcfg, page_size=100)

    def qgis_read(collection):
        layer = QgsVectorLayer(
            f"url='{url.rstrip('/')}' typename='{collection}' authcfg={authcfg}", collection, "OAPIF"
        )
        assert layer.isValid(), collection
        return sum(1 for _ in layer.getFeatures())

    def plugin_read(collection):
        result = FeaturesClient(url, authcfg, page_size=100).items(collection)
        return features_to_layer(result.features, result.content_crs, collection).featureCount()

    crs = client.collection("uploads").storage_crs
    outbox = Outbox(WORK / "outbox.sqlite")
    ops = [
        {
            "op": "create",
            "uid": new_uid(),
            "crs": crs,
            "payload": {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [31.80 + (i % 100) * 1e-4, 117.25 + (i // 100) * 1e-4],
                },
                "properties": {
                    "name": f"point {i}",
                    "kind": "survey",
                    "batch": "bench",
                    "value": i,
                    "note": "",
                },
            },
        }
        for i in range(1000)
    ]
    start = time.perf_counter()
    outbox.enqueue_many("bench", "uploads", ops, batch="bench")
    journal_s = time.perf_counter() - start
    start = time.perf_counter()
    report = OutboxSender(outbox, client, "bench").send_due()
    push_s = time.perf_counter() - start
    print(
        f"push 1,000 features: journal {journal_s:.2f} s, send {push_s:.1f} s ({report.sent / push_s:.0f} features/s); QGIS 3.22: cannot write (no Part 4)"
    )
    print(f"{'collection':<12}{'features':>9}{'QGIS OAPIF s':>14}{'plugin s':>10}{'ratio':>8}")
    for collection in ("feedback", "uploads"):
        qgis_s, qgis_n = median_time(lambda c=collection: qgis_read(c))
        plugin_s, plugin_n = median_time(lambda c=collection: plugin_read(c))
        assert qgis_n == plugin_n, (collection, qgis_n, plugin_n)
        print(f"{collection:<12}{plugin_n:>9}{qgis_s:>14.2f}{plugin_s:>10.2f}{qgis_s / plugin_s:>7.1f}x")
    outbox.close()


if __name__ == "__main__":
    main()
