#!/usr/bin/env python3
"""Benchmark: plan conformity review vs QGIS ``native:intersection``, side by side in one run.

100,000 plan parcels (40 m squares, 50 m pitch, EPSG:4548) against ten one-map layers (STBHHX,
YJJBNT, CZKFBJ, GHFQ, KZDY, DLHX, ZXCQCSLVX/LX/ZX/HX; irregular many-vertex polygons). Timed:

* QGIS ``native:intersection`` of the plan with each one-map layer (memory outputs), summed;
* ``communitygov:conformity`` through Processing: all 13 default rules, CONFLICTS and the
  1.3 million-row VERDICTS table written to memory layers (no report maps);
* the engine alone (``conformity.evaluate`` on frames already read), all rules evaluated.

Usage: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_conformity.py [N]``
(data cached in $TMPDIR/bench_conformity_N).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:] = [p for p in sys.path if p not in ("", ".", str(ROOT))]
sys.path.insert(0, str(ROOT / "build" / "pkg"))
sys.path.append("/usr/share/qgis/python/plugins")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

X0, Y0 = 500000.0, 3500000.0  # EPSG:4548, near 117E 31.6N
PITCH, SIDE = 50.0, 40.0
ONEMAP = [
    "STBHHX",
    "YJJBNT",
    "CZKFBJ",
    "GHFQ",
    "KZDY",
    "DLHX",
    "ZXCQCSLVX",
    "ZXCQCSLX",
    "ZXCQCSZX",
    "ZXCQCSHX",
]


def blob(rng, cx, cy, radius, n=160):
    """An irregular polygon of ``n`` vertices around (cx, cy)."""
    import numpy as np
    from shapely.geometry import Polygon

    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    r = radius * (1 + 0.25 * np.sin(3 * angles + rng.uniform(0, 6)) + 0.1 * rng.uniform(-1, 1, n))
    return Polygon(np.column_stack([cx + r * np.cos(angles), cy + r * np.sin(angles)])).buffer(0)


def make_data(n_parcels: int, folder: Path) -> Path:
    import geopandas as gpd
    import numpy as np
    from shapely.geometry import box

    gpkg = folder / "bench.gpkg"
    if gpkg.exists():
        return gpkg
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(42)
    side = int(np.ceil(np.sqrt(n_parcels)))
    k = np.arange(n_parcels)
    x = X0 + (k % side) * PITCH
    y = Y0 + (k // side) * PITCH
    extent = side * PITCH
    codes = rng.choice(["070102", "0702", "090101", "1401", "100102", "080403", "1207", "0103"], n_parcels,
                       p=[0.45, 0.1, 0.15, 0.1, 0.05, 0.05, 0.05, 0.05])  # fmt: skip
    plan = gpd.GeoDataFrame(
        {
            "parcel_id": [f"DK{i:06d}" for i in k],
            "YDYHFLDM": codes,
            "RJL": np.round(rng.uniform(0.5, 3.2, n_parcels), 2),
            "JZMD": np.round(rng.uniform(20, 42, n_parcels), 1),
            "LDL": np.round(rng.uniform(25, 40, n_parcels), 1),
            "JZGD": np.round(rng.uniform(10, 90, n_parcels), 1),
            "activity_class": np.where(rng.uniform(size=n_parcels) < 0.01, 5, -1),
            "major_project": (rng.uniform(size=n_parcels) < 0.005).astype(int),
        },
        geometry=[box(a, b, a + SIDE, b + SIDE) for a, b in zip(x, y)],
        crs="EPSG:4548",
    )
    plan["activity_class"] = plan["activity_class"].where(plan["activity_class"] > 0, None)
    plan.to_file(gpkg, layer="plan_parcels")

    def blobs(count, rmin, rmax):
        return [blob(rng, X0 + rng.uniform(0, extent), Y0 + rng.uniform(0, extent), rng.uniform(rmin, rmax))
                for _ in range(count)]  # fmt: skip

    layers = {
        "STBHHX": gpd.GeoDataFrame({"MC": [f"红线{i}" for i in range(6)]}, geometry=blobs(6, 400, 900)),
        "YJJBNT": gpd.GeoDataFrame(
            {"YJJBNTTBBH": [f"T{i}" for i in range(40)]}, geometry=blobs(40, 100, 300)
        ),
    }
    core = blob(rng, X0 + extent / 2, Y0 + extent / 2, extent * 0.45, 400)
    ring = box(X0 - 100, Y0 - 100, X0 + extent + 100, Y0 + extent + 100).difference(core)
    layers["CZKFBJ"] = gpd.GeoDataFrame(
        {"GHFQDM": ["01", "02"]}, geometry=[core, ring.buffer(-200).intersection(ring)]
    )
    zones, zcodes = [], []
    step = extent / 6
    for i in range(6):
        for j in range(6):
            zones.append(box(X0 + i * step, Y0 + j * step, X0 + (i + 1) * step, Y0 + (j + 1) * step))
            zcodes.append(["0401", "0403", "0406", "0404"][(i + j) % 4])
    layers["GHFQ"] = gpd.GeoDataFrame({"GHFQDM": zcodes}, geometry=zones)
    units = []
    ustep = extent / 10
    for i in range(10):
        for j in range(10):
            units.append(box(X0 + i * ustep, Y0 + j * ustep, X0 + (i + 1) * ustep, Y0 + (j + 1) * ustep))
    layers["KZDY"] = gpd.GeoDataFrame(
        {
            "DYBH": [f"U{i}" for i in range(100)],
            "RJL_MAX": 2.5,
            "JZMD_MAX": 40.0,
            "LDL_MIN": 30.0,
            "JZGD_MAX": 80.0,
        },
        geometry=units,
    )
    roads = [box(X0 + c - 15, Y0, X0 + c + 15, Y0 + extent) for c in np.linspace(0, extent, 22)[1:-1]]
    roads += [box(X0, Y0 + c - 15, X0 + extent, Y0 + c + 15) for c in np.linspace(0, extent, 22)[1:-1]]
    layers["DLHX"] = gpd.GeoDataFrame({"DLMC": [f"路{i}" for i in range(len(roads))]}, geometry=roads)
    for name in ("ZXCQCSLVX", "ZXCQCSLX", "ZXCQCSZX", "ZXCQCSHX"):
        layers[name] = gpd.GeoDataFrame(
            {"MC": [f"{name}{i}" for i in range(60)]}, geometry=blobs(60, 40, 150)
        )
    for name, frame in layers.items():
        frame.set_crs("EPSG:4548").to_file(gpkg, layer=name)
    return gpkg


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    folder = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / f"bench_conformity_{n}"
    t = time.perf_counter()
    gpkg = make_data(n, folder)
    print(f"data: {gpkg} ({time.perf_counter() - t:.1f} s to make or find)")

    from qgis.core import QgsApplication, QgsVectorLayer

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    import community_governance
    import processing

    plugin = community_governance.classFactory(None)
    plugin.initProcessing()

    plan = QgsVectorLayer(f"{gpkg}|layername=plan_parcels", "plan", "ogr")
    layers = {name: QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr") for name in ONEMAP}
    print(f"plan parcels: {plan.featureCount()}; one-map layers: "
          + ", ".join(f"{k} {v.featureCount()}" for k, v in layers.items()))  # fmt: skip

    # 1. QGIS native:intersection, plan x each one-map layer
    native = {}
    for name, layer in layers.items():
        t = time.perf_counter()
        out = processing.run("native:intersection", {"INPUT": plan, "OVERLAY": layer, "OUTPUT": "memory:"})
        native[name] = (time.perf_counter() - t, out["OUTPUT"].featureCount())
    native_total = sum(v[0] for v in native.values())

    # 2. communitygov:conformity through Processing (all rules, CONFLICTS + VERDICTS written)
    t = time.perf_counter()
    out = processing.run(
        "communitygov:conformity",
        {"PLAN": plan, "ONEMAP_LAYERS": list(layers.values()), "CONFLICTS": "memory:", "VERDICTS": "memory:",
         "REPORT": str(folder / "report.html"), "MAPS": False},
    )  # fmt: skip
    ours_alg = time.perf_counter() - t
    n_conflicts = out["CONFLICTS"].featureCount()
    n_verdicts = out["VERDICTS"].featureCount()

    # 3. the engine alone on frames already read
    import geopandas as gpd
    from community_governance.processing.engine import conformity
    from community_governance.processing.engine.rules import load_ruleset

    ruleset = load_ruleset()
    plan_frame = gpd.read_file(gpkg, layer="plan_parcels")
    controls = {ruleset.role_for_layer_name(nm): (nm, gpd.read_file(gpkg, layer=nm)) for nm in ONEMAP}
    t = time.perf_counter()
    result = conformity.evaluate(plan_frame, controls, ruleset)
    ours_engine = time.perf_counter() - t
    checked = sum(1 for r in result.rules if r["status"] == "checked")

    print()
    print(f"{'task':58s} {'seconds':>9s}  output")
    for name, (seconds, count) in native.items():
        print(f"  native:intersection plan x {name:28s} {seconds:9.2f}  {count} features")
    print(f"{'QGIS native:intersection, sum over the 10 layers':58s} {native_total:9.2f}")
    print(f"{'communitygov:conformity (13 rules, outputs written)':58s} {ours_alg:9.2f}  "
          f"{n_conflicts} conflicts, {n_verdicts} verdict rows")  # fmt: skip
    print(f"{'conformity engine alone (13 rules evaluated)':58s} {ours_engine:9.2f}  "
          f"{len(result.conflicts)} conflicts, {len(result.verdicts)} verdicts, {checked} rules checked")  # fmt: skip
    print()
    print(f"ratio native / communitygov:conformity = {native_total / ours_alg:.2f}x")
    print(f"ratio native / engine alone            = {native_total / ours_engine:.2f}x")
    plugin.unload()


if __name__ == "__main__":
    main()
