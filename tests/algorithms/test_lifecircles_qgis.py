"""Reachable sets agree with QGIS ``native:serviceareafromlayer``.

For each start point and band, every road piece QGIS reaches is reached by our engine and vice
versa: per segment, the symmetric difference of the reached stretches is at most 1 m (partial
edges at the boundary). Start points are put on the network first (QGIS snaps start points
without charging the straight walk to the road, so we compare with ``include_offsets=False``).
"""

import numpy as np
import pytest

TOLERANCE_M = 1.0


def qgis_service_area_lines(roads_layer, points_xy, crs_authid, band_m):
    """QGIS's reached lines per start point: list (one per point) of (k, 2, 2) piece arrays."""
    import processing
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    points = QgsVectorLayer(f"Point?crs={crs_authid}&field=k:integer", "starts", "memory")
    features = []
    for k, (x, y) in enumerate(points_xy):
        feature = QgsFeature(points.fields())
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(x), float(y))))
        feature.setAttributes([k])
        features.append(feature)
    points.dataProvider().addFeatures(features)
    result = processing.run(
        "native:serviceareafromlayer",
        {
            "INPUT": roads_layer,
            "STRATEGY": 0,
            "DEFAULT_DIRECTION": 2,
            "TOLERANCE": 0,
            "START_POINTS": points,
            "TRAVEL_COST2": band_m,
            "INCLUDE_BOUNDS": False,
            "OUTPUT_LINES": "memory:",
        },
    )
    pieces = [np.zeros((0, 2, 2)) for _ in points_xy]
    for feature in result["OUTPUT_LINES"].getFeatures():
        k = feature["k"]
        lines = feature.geometry().asMultiPolyline()
        pieces[k] = np.array(
            [[(p.x(), p.y()) for p in line[:2]] for line in lines if len(line) >= 2]
        ).reshape(-1, 2, 2)
    return pieces


def pieces_to_intervals(net, pieces):
    """QGIS pieces -> merged intervals on our segments (found by snapping a point of each piece)."""
    from community_governance.processing.engine import network as nw

    length = np.hypot(*(pieces[:, 1] - pieces[:, 0]).T) if len(pieces) else np.zeros(0)
    pieces = pieces[length > 1e-6]
    if not len(pieces):
        return nw.merge_intervals([], [], [])
    # a point inside each piece (not its middle: that may be a node of a road passing under it)
    inner = pieces[:, 0] + 0.381966 * (pieces[:, 1] - pieces[:, 0])
    snapped = net.snap_points(inner, max_snap_m=0.05)
    assert snapped.ok.all(), "a QGIS piece lies off our network"
    seg = snapped.segment
    a, b = net.segment_xy(seg)
    ab = b - a
    ab2 = (ab * ab).sum(axis=1)
    positions = []
    for end in (0, 1):
        t = ((pieces[:, end] - a) * ab).sum(axis=1) / ab2
        positions.append(np.clip(t, 0, 1) * net.seg_len_m[seg])
    return nw.merge_intervals(seg, np.minimum(*positions), np.maximum(*positions))


def symmetric_difference_m(ours, theirs):
    """Per segment: length reached by exactly one of the two interval sets."""
    from community_governance.processing.engine import network as nw

    def per_segment(frame):
        return (frame["end_m"] - frame["start_m"]).groupby(frame["segment"]).sum()

    both = nw.merge_intervals(
        np.r_[ours["segment"], theirs["segment"]],
        np.r_[ours["start_m"], theirs["start_m"]],
        np.r_[ours["end_m"], theirs["end_m"]],
    )
    union = per_segment(both)
    a = per_segment(ours).reindex(union.index, fill_value=0.0)
    b = per_segment(theirs).reindex(union.index, fill_value=0.0)
    return 2 * union - a - b


def compare_with_qgis(roads_layer, roads_frame, anchors, bands):
    """Largest per-segment disagreement (m) over all origins and bands, and the reach compared."""
    from community_governance.processing.engine import network as nw

    net = nw.build_network(roads_frame, snap_tolerance_m=0.0)
    snapped = net.snap_points(anchors, max_snap_m=500)
    on_network = snapped.subset(np.flatnonzero(snapped.ok))
    starts = on_network.xy
    # re-snap the start points themselves (now exactly on the network, offset 0)
    origins = net.snap_points(starts, max_snap_m=1.0)
    worst, compared = 0.0, 0.0
    for band in bands:
        theirs_all = qgis_service_area_lines(roads_layer, starts, roads_layer.crs().authid(), band)
        rows_done = 0
        for rows, matrix in net.iter_node_distances(origins, band, include_offsets=False):
            for row, node_m in zip(rows, matrix):
                ours = nw.reached_intervals(net, node_m, band, origins, [row], include_offsets=False)
                theirs = pieces_to_intervals(net, theirs_all[row])
                diff = symmetric_difference_m(ours, theirs)
                worst = max(worst, float(diff.max()) if len(diff) else 0.0)
                compared += float((ours["end_m"] - ours["start_m"]).sum())
                rows_done += 1
        assert rows_done == len(starts)
    return worst, compared


def synthetic_roads():
    """A jittered street grid with a diagonal, a bridge over it, dead ends and a duplicate vertex."""
    import geopandas as gpd
    from shapely.geometry import LineString

    rng = np.random.default_rng(7)
    x0, y0 = 500000.0, 3520000.0
    n, step = 7, 120.0
    nodes = {
        (i, j): (x0 + i * step + rng.uniform(-15, 15), y0 + j * step + rng.uniform(-15, 15))
        for i in range(n)
        for j in range(n)
    }
    lines = []
    for j in range(n):
        lines.append(LineString([nodes[(i, j)] for i in range(n)]))
    for i in range(n):
        coords = [nodes[(i, j)] for j in range(n)]
        if i == 3:
            coords.insert(2, coords[2])  # a duplicate vertex
        lines.append(LineString(coords[::-1] if i % 2 else coords))  # some digitised backwards
    lines.append(LineString([nodes[(0, 0)], nodes[(2, 2)], nodes[(4, 4)]]))  # diagonal, joined at nodes
    lines.append(LineString([(x0 + 300, y0 - 50), (x0 + 300, y0 + 700)]))  # a bridge: crosses, never joins
    lines.append(LineString([nodes[(6, 6)], (nodes[(6, 6)][0] + 90, nodes[(6, 6)][1] + 40)]))  # dead end
    return gpd.GeoDataFrame({"road_id": range(len(lines))}, geometry=lines, crs="EPSG:4548")


def frame_to_layer(frame):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer("LineString?crs=EPSG:4548&field=road_id:integer", "roads", "memory")
    features = []
    for road_id, geometry in zip(frame["road_id"], frame.geometry):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(geometry.wkt))
        feature.setAttributes([int(road_id)])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def test_reachable_sets_match_qgis_on_a_synthetic_network(processing_provider):
    roads = synthetic_roads()
    rng = np.random.default_rng(3)
    anchors = np.column_stack([rng.uniform(500000, 500720, 12), rng.uniform(3520000, 3520720, 12)])
    worst, compared = compare_with_qgis(frame_to_layer(roads), roads, anchors, [150.0, 333.0])
    assert compared > 5000  # the comparison covered real reach, not empty sets
    assert worst <= TOLERANCE_M


def test_reachable_sets_match_qgis_on_the_demo_network(processing_provider, demo_gpkg):
    import geopandas as gpd
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{demo_gpkg}|layername=roads", "roads", "ogr")
    assert layer.isValid()
    roads = gpd.read_file(demo_gpkg, layer="roads")
    facilities = gpd.read_file(demo_gpkg, layer="facilities")
    # a spread of origins: every 4th facility (deterministic), plus the far corners of the roads
    anchors = np.array([(p.x, p.y) for p in facilities.geometry[::4]])
    x0, y0, x1, y1 = roads.total_bounds
    anchors = np.vstack([anchors, [[x0, y0], [x1, y1]]])
    worst, compared = compare_with_qgis(layer, roads, anchors, [300.0, 500.0, 1000.0])
    assert compared > 10000
    assert worst <= TOLERANCE_M


def test_reachable_sets_match_qgis_on_the_hefei_osm_roads(processing_provider, shared_data):
    import geopandas as gpd
    import processing
    from community_governance.processing.engine import compat
    from qgis.core import QgsVectorLayer

    osm = shared_data / "hefei_osm" / "hefei_luogang_map.osm"
    if not osm.exists():
        pytest.skip("the Hefei OSM extract is absent")
    lines = QgsVectorLayer(f"{osm}|layername=lines", "osm lines", "ogr")
    lines.setSubsetString('"highway" IS NOT NULL')
    layer = processing.run(
        "native:reprojectlayer", {"INPUT": lines, "TARGET_CRS": "EPSG:4548", "OUTPUT": "memory:"}
    )["OUTPUT"]
    wkbs = [bytes(f.geometry().asWkb()) for f in layer.getFeatures()]
    roads = gpd.GeoDataFrame(
        {"road_id": range(len(wkbs))}, geometry=list(compat.from_wkb(wkbs)), crs="EPSG:4548"
    )
    x0, y0, x1, y1 = roads.total_bounds
    rng = np.random.default_rng(5)
    anchors = np.column_stack([rng.uniform(x0, x1, 15), rng.uniform(y0, y1, 15)])
    worst, compared = compare_with_qgis(layer, roads, anchors, [300.0, 1000.0])
    assert compared > 30000
    assert worst <= TOLERANCE_M
