#!/usr/bin/env python3
"""Benchmark: the data-quality gate on 1,000,000 plan parcels, and geometry validation side by
side with QGIS ``native:checkvalidity`` in one run.

Data: N 10 m squares on a grid (EPSG:4548) with the plan_parcels fields; every 997th parcel is a
bow-tie (invalid), every 1999th is widened by 3 m into its neighbour (overlap), every 4999th
reuses the previous id, every 3001st name is mojibake. Written once to a GeoPackage with GDAL
(cached in $TMPDIR/bench_quality_N) so QGIS reads the same features.

Timed, in this order, in one process:

1. engine geometry validation only (``quality_spatial.check_geometries``: null/empty/type/
   validity with reason and location) on the frame in memory;
2. engine full gate (``quality.check_frame`` with every plan_parcels check: fields, codes, rules,
   validity, duplicates, overlaps and gaps, CRS, encoding, score) on the same frame;
3. QGIS ``native:checkvalidity`` (GEOS method) on the GeoPackage, outputs to memory layers;
4. ``communitygov:dataquality`` through Processing on the GeoPackage (reading included).

Prints seconds, seconds per 100,000 features, peak memory (RSS), the invalid counts found by
both sides (they must agree) and the ratios.

Usage: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_quality.py [N]``
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:] = [p for p in sys.path if p not in ("", ".", str(ROOT))]
sys.path.insert(0, str(ROOT / "build" / "pkg"))
sys.path.append("/usr/share/qgis/python/plugins")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

X0, Y0 = 500000.0, 3500000.0
SIDE = 10.0
CODES = ["0701", "070102", "0702", "080403", "0901", "1401"]
NAMES = ["城镇住宅用地", "二类城镇住宅用地", "城镇社区服务设施用地", "中小学用地", "商业用地", "公园绿地"]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def polygon_wkb(n):
    """WKB of the N parcels, built with numpy (little-endian Polygon, one ring of 5 points)."""
    import numpy as np

    columns = int(np.ceil(np.sqrt(n)))
    k = np.arange(n)
    x0 = X0 + (k % columns) * SIDE
    y0 = Y0 + (k // columns) * SIDE
    x1, y1 = x0 + SIDE, y0 + SIDE
    wide = k % 1999 == 1998
    x1 = np.where(wide, x1 + 3.0, x1)  # overlaps the next parcel by 3 m x 10 m
    xs = np.stack([x0, x1, x1, x0, x0], axis=1)
    ys = np.stack([y0, y0, y1, y1, y0], axis=1)
    bow = k % 997 == 996
    xs[bow] = np.stack([x0, x1, x1, x0, x0], axis=1)[bow]
    ys[bow] = np.stack([y0, y1, y0, y1, y0], axis=1)[bow]  # bow-tie: self-intersection at the centre
    head = np.frombuffer(
        b"\x01" + (3).to_bytes(4, "little") + (1).to_bytes(4, "little") + (5).to_bytes(4, "little"),
        dtype=np.uint8,
    )
    coords = np.stack([xs, ys], axis=2).astype("<f8").reshape(n, -1).view(np.uint8)
    records = np.hstack([np.tile(head, (n, 1)), coords])
    return [bytes(r) for r in records], int(bow.sum()), int(wide.sum())


def attributes(n):
    import numpy as np

    k = np.arange(n)
    ids = np.array([f"P{i:07d}" for i in range(n)], dtype=object)
    dup = k % 4999 == 4998
    ids[dup] = ids[np.flatnonzero(dup) - 1]
    codes = np.array(CODES, dtype=object)[k % len(CODES)]
    names = np.array(NAMES, dtype=object)[k % len(NAMES)]
    garbled = k % 3001 == 3000
    names[garbled] = [v.encode("gbk").decode("latin-1") for v in names[garbled]]  # GBK read as Latin-1
    return {
        "parcel_id": ids,
        "YDYHFLDM": codes,
        "YDYHFLMC": names,
        "RJL": (1.0 + (k % 30) / 10.0),
        "JZMD": (20.0 + (k % 20)).astype(float),
    }


def write_gpkg(path, wkbs, fields):
    from osgeo import ogr, osr

    driver = ogr.GetDriverByName("GPKG")
    source = driver.CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4548)
    layer = source.CreateLayer("plan_parcels", srs, ogr.wkbPolygon)
    for name, values in fields.items():
        kind = ogr.OFTReal if values.dtype.kind == "f" else ogr.OFTString
        layer.CreateField(ogr.FieldDefn(name, kind))
    definition = layer.GetLayerDefn()
    names = list(fields)
    columns = [fields[name].tolist() for name in names]
    layer.StartTransaction()
    for i, wkb in enumerate(wkbs):
        feature = ogr.Feature(definition)
        for j, name in enumerate(names):
            feature.SetField(name, columns[j][i])
        feature.SetGeometry(ogr.CreateGeometryFromWkb(wkb))
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    source = None


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    folder = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / f"bench_quality_{n}"
    folder.mkdir(parents=True, exist_ok=True)
    gpkg = folder / "plan_parcels.gpkg"

    import geopandas as gpd
    from community_governance.processing.engine import compat, quality
    from community_governance.processing.engine import quality_spatial as spatial

    t = time.perf_counter()
    wkbs, n_bow, n_wide = polygon_wkb(n)
    fields = attributes(n)
    if not gpkg.exists():
        write_gpkg(gpkg, wkbs, fields)
    frame = gpd.GeoDataFrame(
        {k: v for k, v in fields.items()}, geometry=compat.geo_series(compat.from_wkb(wkbs)).values, crs=4548
    )
    frame.index = range(1, n + 1)
    del wkbs
    print(
        f"data: {n} parcels ({n_bow} bow-ties, {n_wide} overlaps) in {gpkg}; made in {time.perf_counter() - t:.1f} s"
    )
    rss_data = peak_rss_mb()

    # 1. engine geometry validation only
    schema = quality.load_schema("plan_parcels")
    log = quality.IssueLog(schema.severity)
    geoms = quality._geometry_array(frame)
    t = time.perf_counter()
    state = spatial.check_geometries(geoms, schema, log)
    engine_validity_s = time.perf_counter() - t
    engine_invalid = int((~state.valid).sum())
    del log, geoms, state

    # 2. engine full gate
    t = time.perf_counter()
    result = quality.check_frame(frame, schema, crs_epsg=4548, layer_name="plan_parcels")
    engine_full_s = time.perf_counter() - t
    rss_engine = peak_rss_mb()
    counts = result.summary.set_index("check_id")["count"].to_dict()
    del frame

    # 3. QGIS native:checkvalidity, 4. communitygov:dataquality through Processing
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
    layer = QgsVectorLayer(f"{gpkg}|layername=plan_parcels", "plan_parcels", "ogr")
    assert layer.featureCount() == n
    registry = QgsApplication.processingRegistry()
    # native:checkvalidity since QGIS 3.26 (C++); qgis:checkvalidity (Python) before
    check_id = (
        "native:checkvalidity" if registry.algorithmById("native:checkvalidity") else "qgis:checkvalidity"
    )
    t = time.perf_counter()
    out = processing.run(
        check_id,
        {
            "INPUT_LAYER": layer,
            "METHOD": 2,  # GEOS
            "IGNORE_RING_SELF_INTERSECTION": False,
            "VALID_OUTPUT": "memory:",
            "INVALID_OUTPUT": "memory:",
            "ERROR_OUTPUT": "memory:",
        },
    )
    qgis_s = time.perf_counter() - t
    qgis_invalid = out["INVALID_COUNT"]  # features in INVALID_OUTPUT
    del out
    rss_qgis = peak_rss_mb()
    t = time.perf_counter()
    gate = processing.run(
        "communitygov:dataquality",
        {
            "INPUT": layer,
            "SCHEMA": 3,
            "ERRORS": "memory:",
            "SUMMARY": "memory:",
            "REPORT": str(folder / "report.html"),
        },
    )
    algorithm_s = time.perf_counter() - t
    rss_all = peak_rss_mb()

    per = 100_000 / n
    print()
    print(f"{'':58s}{'seconds':>10s}{'s/100k':>10s}")
    print(
        f"{'1. engine geometry validation (check_geometries)':58s}{engine_validity_s:10.1f}{engine_validity_s * per:10.2f}"
    )
    print(
        f"{'2. engine full gate (check_frame, all plan_parcels checks)':58s}{engine_full_s:10.1f}{engine_full_s * per:10.2f}"
    )
    print(f"{'3. QGIS ' + check_id + ' (GEOS), memory outputs':58s}{qgis_s:10.1f}{qgis_s * per:10.2f}")
    print(
        f"{'4. communitygov:dataquality via Processing (reads GPKG)':58s}{algorithm_s:10.1f}{algorithm_s * per:10.2f}"
    )
    print()
    print(f"invalid geometries: engine {engine_invalid}, QGIS {qgis_invalid}, planted {n_bow}")
    print(f"ratio validation  QGIS / engine = {qgis_s / engine_validity_s:.2f}  (> 1: the engine is faster)")
    print(f"ratio full gate   QGIS validity only / engine full gate = {qgis_s / engine_full_s:.2f}")
    print(f"ratio algorithm   QGIS validity only / communitygov:dataquality = {qgis_s / algorithm_s:.2f}")
    print(
        f"findings: {len(result.issues)} ({result.n_errors} errors, {result.n_warnings} warnings), "
        f"score {result.score:.2f}; per check: {counts}"
    )
    print(
        f"algorithm outputs: ERROR_COUNT {gate['ERROR_COUNT']}, WARNING_COUNT {gate['WARNING_COUNT']}, SCORE {gate['SCORE']}"
    )
    print(
        f"peak RSS: after data {rss_data:.0f} MB, after engine gate {rss_engine:.0f} MB "
        f"(+{rss_engine - rss_data:.0f} MB), after QGIS {rss_qgis:.0f} MB, after algorithm {rss_all:.0f} MB"
    )
    print(f"shapely {compat.shapely.__version__}, geopandas {gpd.__version__}")
    assert engine_invalid == n_bow == qgis_invalid
    plugin.unload()


if __name__ == "__main__":
    main()
