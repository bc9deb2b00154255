#!/usr/bin/env python3
"""Benchmark: walking life circles and nearest-facility distances vs QGIS native service area.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_network.py [--origins 1000]

1. 1,000 origins x 3 bands (300/500/1000 m) on a benchmark-size network (the demo generator's
   "city" road layout when available, else a synthetic 12 x 8 km street grid): our engine (one
   graph, bounded Dijkstra per origin, reachable network with partial edges) against
   ``native:serviceareafromlayer`` run over the same origins (one run per band, as a user must),
   in the same process. Prints times side by side and the ratio.
2. Polygons for the first 200 origins x 3 bands: our life circles against ``native:buffer`` of
   QGIS's service-area lines (what a planner does to get polygons from QGIS).
3. Nearest facility of each of 10 types for 20,000 demand points (engine and the
   ``communitygov:networkdistance`` algorithm end to end).
"""

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_PARENT = ROOT / "build" / "pkg"
PACKAGE_PARENT.mkdir(parents=True, exist_ok=True)
if not (PACKAGE_PARENT / "community_governance").exists():
    (PACKAGE_PARENT / "community_governance").symlink_to(ROOT, target_is_directory=True)
sys.path[:] = [p for p in sys.path if p not in ("", ".", str(ROOT))]
sys.path.insert(0, str(PACKAGE_PARENT))
sys.path.append("/usr/share/qgis/python/plugins")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CRS = "EPSG:4548"
X0, Y0 = 480000.0, 3510000.0


def city_roads():
    """(GeoDataFrame of roads, description)."""
    import geopandas as gpd
    from shapely.geometry import LineString

    try:
        from community_governance.processing.engine.demo import config, layout

        lay = layout.build_layout(config.SIZES["city"], np.random.default_rng(20260301))
        lines = [LineString([(X0 + x, Y0 + y) for x, y in road["coords"]]) for road in lay.roads]
        frame = gpd.GeoDataFrame({"road_id": np.arange(len(lines))}, geometry=lines, crs=CRS)
        return (
            frame,
            f"demo generator 'city' layout ({lay.width_m / 1000:.0f} x {lay.height_m / 1000:.0f} km)",
        )
    except Exception as error:  # noqa: BLE001 - fall back to a synthetic grid
        reason = f"{type(error).__name__}: {error}"
    rng = np.random.default_rng(1)
    step, nx, ny = 100.0, 121, 81  # 12 x 8 km, a junction every 100 m
    xs = X0 + np.arange(nx) * step
    ys = Y0 + np.arange(ny) * step
    jx = rng.uniform(-8, 8, (nx, ny))
    jy = rng.uniform(-8, 8, (nx, ny))
    lines = []
    for j in range(ny):
        lines.append(LineString([(xs[i] + jx[i, j], ys[j] + jy[i, j]) for i in range(nx)]))
    for i in range(nx):
        lines.append(LineString([(xs[i] + jx[i, j], ys[j] + jy[i, j]) for j in range(ny)]))
    frame = gpd.GeoDataFrame({"road_id": np.arange(len(lines))}, geometry=lines, crs=CRS)
    return frame, f"synthetic 12 x 8 km grid, 100 m blocks (demo layout unavailable: {reason})"


def to_layer(frame, geometry_type, fields=()):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    spec = "".join(f"&field={name}:{kind}" for name, kind in fields)
    layer = QgsVectorLayer(f"{geometry_type}?crs={CRS}{spec}", "layer", "memory")
    features = []
    for row in range(len(frame)):
        feature = QgsFeature(layer.fields())
        geometry = QgsGeometry()
        geometry.fromWkb(frame.geometry.iloc[row].wkb)
        feature.setGeometry(geometry)
        feature.setAttributes(
            [
                frame[name].iloc[row].item()
                if hasattr(frame[name].iloc[row], "item")
                else frame[name].iloc[row]
                for name, _ in fields
            ]
        )
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--origins", type=int, default=1000)
    parser.add_argument("--demand", type=int, default=20000)
    parser.add_argument("--types", type=int, default=10)
    parser.add_argument("--per-type", type=int, default=40)
    parser.add_argument("--polygon-origins", type=int, default=200)
    args = parser.parse_args()

    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    import geopandas as gpd
    import processing
    from processing.core.Processing import Processing
    from shapely.geometry import Point

    Processing.initialize()
    import community_governance

    plugin = community_governance.classFactory(None)
    plugin.initProcessing()

    from community_governance.processing.engine import lifecircles
    from community_governance.processing.engine import network as nw

    roads, description = city_roads()
    bands = [300.0, 500.0, 1000.0]
    print(f"network: {description}: {len(roads)} road features")

    from community_governance.processing import bridge
    from qgis.core import QgsProcessingContext

    roads_layer = to_layer(roads, "LineString", [("road_id", "integer")])
    # ours reads the same QGIS layer QGIS reads (as the tool does), then builds the graph once
    t = time.perf_counter()
    table = bridge.source_to_wkb_table(roads_layer, QgsProcessingContext(), fields=[])
    net = nw.build_network(table["wkb"], lines_crs=CRS)
    t_build = time.perf_counter() - t
    print(
        f"  graph: {net.node_count} nodes, {net.segment_count} segments, {net.total_length_m / 1000:.0f} km"
    )

    rng = np.random.default_rng(42)
    x0, y0, x1, y1 = roads.total_bounds
    raw = np.column_stack([rng.uniform(x0, x1, args.origins), rng.uniform(y0, y1, args.origins)])
    snapped = net.snap_points(raw)
    starts = snapped.xy[snapped.ok]  # the same origins, on the network, for both tools
    origins = net.snap_points(starts, max_snap_m=1.0)

    t = time.perf_counter()
    reach = lifecircles.life_circles(net, origins, bands, polygons=False)
    t_reach = time.perf_counter() - t
    ours_reach = t_build + t_reach
    print(f"\n== {len(starts)} origins x {len(bands)} bands (reachable networks, what QGIS outputs)")
    print(
        f"  ours: read layer + build graph {t_build:.2f} s, reachable networks {t_reach:.2f} s ({len(reach)} rows)"
    )

    points_frame = gpd.GeoDataFrame(
        {"k": np.arange(len(starts))}, geometry=[Point(x, y) for x, y in starts], crs=CRS
    )
    points_layer = to_layer(points_frame, "Point", [("k", "integer")])
    t_qgis = 0.0
    qgis_lines = {}
    for band in bands:
        t = time.perf_counter()
        result = processing.run(
            "native:serviceareafromlayer",
            {
                "INPUT": roads_layer,
                "STRATEGY": 0,
                "DEFAULT_DIRECTION": 2,
                "TOLERANCE": 0,
                "START_POINTS": points_layer,
                "TRAVEL_COST2": band,
                "INCLUDE_BOUNDS": False,
                "OUTPUT_LINES": "memory:",
            },
        )
        elapsed = time.perf_counter() - t
        t_qgis += elapsed
        qgis_lines[band] = result["OUTPUT_LINES"]
        print(
            f"  QGIS native:serviceareafromlayer band {band:.0f} m: {elapsed:.2f} s ({result['OUTPUT_LINES'].featureCount()} line features)"
        )
    print(f"  QGIS total {t_qgis:.2f} s (lines only, no polygons)")
    print(f"  ratio QGIS / ours (reachable networks, graph build included): {t_qgis / ours_reach:.1f}x")
    # polygons: QGIS gives lines only; a planner buffers them (native:buffer, 40 m, per origin)
    k = min(args.polygon_origins, len(starts))
    subset = origins.subset(np.arange(k))
    t = time.perf_counter()
    lifecircles.life_circles(net, subset, bands, buffer_m=40.0)
    t_ours_poly = time.perf_counter() - t
    t_qgis_poly = 0.0
    for lines in qgis_lines.values():
        lines.setSubsetString(f'"k" < {k}')
        t = time.perf_counter()
        processing.run(
            "native:buffer",
            {"INPUT": lines, "DISTANCE": 40.0, "SEGMENTS": 4, "DISSOLVE": False, "OUTPUT": "memory:"},
        )
        t_qgis_poly += time.perf_counter() - t
    print(f"\n== polygons for the first {k} origins x {len(bands)} bands")
    print(f"  ours (life circles, holes filled where justified): {t_ours_poly:.2f} s")
    print(f"  QGIS native:buffer of its service-area lines (40 m, no hole filling): {t_qgis_poly:.2f} s")
    print(f"  ratio QGIS / ours (polygon stage): {t_qgis_poly / t_ours_poly:.1f}x")

    # -- nearest facility of each type for many demand points -------------------------------
    demand_xy = np.column_stack([rng.uniform(x0, x1, args.demand), rng.uniform(y0, y1, args.demand)])
    fac_xy = np.column_stack(
        [rng.uniform(x0, x1, args.types * args.per_type), rng.uniform(y0, y1, args.types * args.per_type)]
    )
    fac_type = np.repeat([f"type{k}" for k in range(args.types)], args.per_type)
    t = time.perf_counter()
    demand = net.snap_points(demand_xy)
    facilities = net.snap_points(fac_xy)
    for k in range(args.types):
        net.nearest(demand, facilities.subset(np.flatnonzero(fac_type == f"type{k}")))
    t_nearest = time.perf_counter() - t
    print(
        f"\n== nearest facility, {args.demand} demand points x {args.types} types ({args.per_type} facilities each)"
    )
    print(f"  engine (snapping + {args.types} multi-source searches, graph reused): {t_nearest:.2f} s")

    demand_layer = to_layer(
        gpd.GeoDataFrame(
            {"d": np.arange(args.demand)}, geometry=[Point(x, y) for x, y in demand_xy], crs=CRS
        ),
        "Point",
        [("d", "integer")],
    )
    fac_layer = to_layer(
        gpd.GeoDataFrame({"fac_type": fac_type}, geometry=[Point(x, y) for x, y in fac_xy], crs=CRS),
        "Point",
        [("fac_type", "string")],
    )
    t = time.perf_counter()
    processing.run(
        "communitygov:networkdistance",
        {
            "ROADS": roads_layer,
            "DEMAND": demand_layer,
            "FACILITIES": fac_layer,
            "FACILITY_TYPE_FIELD": "fac_type",
            "OUTPUT": "memory:",
        },
    )
    t_alg = time.perf_counter() - t
    print(
        f"  communitygov:networkdistance end to end (read layers, build graph, write output): {t_alg:.2f} s"
    )
    plugin.unload()


if __name__ == "__main__":
    main()
