"""The walking-network engine on hand-built networks whose distances are known by construction."""

import itertools

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from community_governance.processing.engine import network as nw
from community_governance.processing.engine.errors import InputError
from shapely.geometry import LineString, MultiLineString, Point

CRS = "EPSG:4548"  # CGCS2000 GK zone 39 (CM 117 E), as the demo
X0, Y0 = 500000.0, 3520000.0  # near Hefei


def frame(geoms, crs=CRS, **columns):
    return gpd.GeoDataFrame(dict(columns), geometry=list(geoms), crs=crs)


def shifted(coords):
    return [(X0 + x, Y0 + y) for x, y in coords]


def line(*coords):
    return LineString(shifted(coords))


def grid(n=4, step=100.0):
    """An n x n street grid: each street one LineString with a vertex at every crossing."""
    rows = [line(*[(i * step, j * step) for i in range(n)]) for j in range(n)]
    cols = [line(*[(i * step, j * step) for j in range(n)]) for i in range(n)]
    return frame(rows + cols)


def pts(*coords):
    return np.array(shifted(coords), dtype=float)


# -- building ----------------------------------------------------------------------------------
def test_grid_nodes_segments_and_length():
    net = nw.build_network(grid(4))
    assert net.node_count == 16
    assert net.segment_count == 24
    assert net.total_length_m == pytest.approx(2400.0)


def test_grid_distances_are_manhattan():
    net = nw.build_network(grid(4))
    corners = pts(*[(i * 100.0, j * 100.0) for i in range(4) for j in range(4)])
    snapped = net.snap_points(corners)
    assert snapped.ok.all() and np.allclose(snapped.offset_m, 0)
    od = net.od_matrix(snapped, snapped)
    expected = {
        (a, b): abs(corners[a] - corners[b]).sum() for a, b in itertools.product(range(16), range(16))
    }
    assert len(od) == 256
    for row in od.itertuples():
        assert row.cost_m == pytest.approx(expected[(row.origin, row.destination)])


def test_point_off_the_road_snaps_to_the_nearest_point_of_a_segment_and_pays_the_offset():
    net = nw.build_network(frame([line((0, 0), (100, 0), (100, 100)), line((100, 100), (200, 100))]))
    snapped = net.snap_points(pts((50, 10), (100, 60), (150, 130)))
    assert np.allclose(snapped.offset_m, [10, 0, 30])
    assert np.allclose(snapped.xy, pts((50, 0), (100, 60), (150, 100)))
    cost, facility = net.nearest(snapped.subset([1, 2]), snapped.subset([0]))
    # 10 in + 50 along + 60 up = 120; 10 + 50 + 100 + 50 + 30 out = 240
    assert np.allclose(cost, [120.0, 240.0])
    assert list(facility) == [0, 0]
    cost_no_offsets, _ = net.nearest(snapped.subset([2]), snapped.subset([0]), include_offsets=False)
    assert cost_no_offsets[0] == pytest.approx(200.0)


def test_two_points_on_one_segment_walk_directly():
    # a long loop: the two points sit on one 1000 m segment, 100 m apart
    net = nw.build_network(frame([line((0, 0), (1000, 0)), line((1000, 0), (1000, 50), (0, 50), (0, 0))]))
    snapped = net.snap_points(pts((450, -5), (550, -5)))
    od = net.od_matrix(snapped.subset([0]), snapped.subset([1]))
    assert od["cost_m"].tolist() == pytest.approx([110.0])
    cost, _ = net.nearest(snapped.subset([1]), snapped.subset([0]))
    assert cost[0] == pytest.approx(110.0)


def test_points_that_fail_snapping_are_reported_not_dropped():
    net = nw.build_network(grid(3))
    snapped = net.snap_points(pts((100, 100), (5000, 5000), (np.nan, 0)), max_snap_m=200.0)
    assert list(snapped.ok) == [True, False, False]
    assert snapped.failed_count == 2
    cost, facility = net.nearest(snapped, snapped.subset([0]))
    assert len(cost) == 3  # one answer per input point
    assert cost[0] == 0 and np.isinf(cost[1:]).all() and list(facility[1:]) == [-1, -1]
    od = net.od_matrix(snapped, snapped)
    assert set(od["origin"]) == {0} and set(od["destination"]) == {0}


def test_max_snap_distance_is_respected():
    net = nw.build_network(frame([line((0, 0), (100, 0))]))
    assert list(net.snap_points(pts((50, 199), (50, 201)), max_snap_m=200).ok) == [True, False]


def test_cutoff_bounds_costs():
    net = nw.build_network(grid(4))
    s = net.snap_points(pts((0, 0), (300, 300), (100, 0)))
    cost, fac = net.nearest(s.subset([1, 2]), s.subset([0]), cutoff_m=500)
    assert np.isinf(cost[0]) and fac[0] == -1
    assert cost[1] == pytest.approx(100)
    od = net.od_matrix(s, s, cutoff_m=250)
    assert (od["cost_m"] <= 250).all()
    assert ((od["origin"] == 0) & (od["destination"] == 1)).sum() == 0
    nd = net.distances_from(s.subset([0]), cutoff_m=150)
    assert np.isfinite(nd.node_m).sum() == 3  # the corner and its two neighbours


def test_multi_source_nearest_picks_the_closest_facility_and_its_index():
    net = nw.build_network(grid(4))
    facilities = net.snap_points(pts((0, 0), (300, 300)))
    demand = net.snap_points(pts((100, 0), (300, 200), (200, 100), (0, 300)))
    cost, fac = net.nearest(demand, facilities)
    assert np.allclose(cost, [100, 100, 300, 300])
    assert list(fac[:2]) == [0, 1]
    assert fac[2] in (0, 1) and fac[3] in (0, 1)


def test_od_matrix_matches_single_source_searches():
    net = nw.build_network(grid(5, 80.0))
    rng = np.random.default_rng(4)
    a = net.snap_points(X0 + rng.uniform(-20, 340, (12, 2)) * [1, 1] + [0, Y0 - X0])
    b = net.snap_points(X0 + rng.uniform(-20, 340, (9, 2)) * [1, 1] + [0, Y0 - X0])
    od = net.od_matrix(a, b, cutoff_m=300)
    for i in range(len(a)):
        cost, _ = net.nearest(b, a.subset([i]), cutoff_m=300)
        got = od[od["origin"] == i].set_index("destination")["cost_m"]
        expected = pd.Series(cost).replace(np.inf, np.nan).dropna()
        assert sorted(got.index) == sorted(expected.index)
        assert np.allclose(got.sort_index().to_numpy(), expected.sort_index().to_numpy())


# -- defects -----------------------------------------------------------------------------------
def test_bridge_without_junction_stays_a_bridge_unless_crossings_are_split():
    roads = frame([line((0, 50), (100, 50)), line((50, 0), (50, 100))], level=[0, 1])
    net = nw.build_network(roads)
    s = net.snap_points(pts((0, 50), (50, 0)))
    assert np.isinf(net.nearest(s.subset([1]), s.subset([0]))[0][0])
    split = nw.build_network(roads, split_crossings=True)
    s = split.snap_points(pts((0, 50), (50, 0)))
    assert split.nearest(s.subset([1]), s.subset([0]))[0][0] == pytest.approx(100)
    # crossings are split only within one level when levels are given
    by_level = nw.build_network(roads, split_crossings=True, levels=roads["level"])
    s = by_level.snap_points(pts((0, 50), (50, 0)))
    assert np.isinf(by_level.nearest(s.subset([1]), s.subset([0]))[0][0])


def test_duplicate_vertices_and_reversed_lines_change_nothing():
    clean = nw.build_network(frame([line((0, 0), (100, 0), (100, 100)), line((100, 100), (0, 100))]))
    messy = nw.build_network(
        frame([line((0, 0), (0, 0), (100, 0), (100, 0), (100, 0), (100, 100)), line((0, 100), (100, 100))])
    )
    assert messy.segment_count == clean.segment_count == 3
    assert (messy.seg_len_m > 0).all()
    for net in (clean, messy):
        s = net.snap_points(pts((0, 0), (0, 100)))
        assert net.nearest(s.subset([1]), s.subset([0]))[0][0] == pytest.approx(300)


def test_fragment_is_disconnected_and_can_be_ignored_when_snapping():
    roads = frame([line((0, 0), (500, 0)), line((0, 40), (20, 40))])  # a 20 m stray fragment
    net = nw.build_network(roads)
    assert len(net.component_length_m()) == 2
    near_fragment = pts((10, 35))
    assert net.snap_points(near_fragment).segment[0] == 1
    s = net.snap_points(near_fragment, min_component_m=100)
    assert s.segment[0] == 0 and s.offset_m[0] == pytest.approx(35)


def test_snap_tolerance_joins_nearly_touching_ends():
    roads = frame([line((0, 0), (100, 0)), line((100.3, 0), (200, 0))])
    joined = nw.build_network(roads, snap_tolerance_m=0.5)
    apart = nw.build_network(roads, snap_tolerance_m=0.1)
    for net, finite in ((joined, True), (apart, False)):
        s = net.snap_points(pts((0, 0), (200, 0)))
        assert np.isfinite(net.nearest(s.subset([1]), s.subset([0]))[0][0]) == finite


def test_parallel_duplicate_roads_use_the_shorter_one():
    roads = frame([line((0, 0), (100, 0)), line((0, 0), (50, 80), (100, 0)), line((0, 0), (100, 0))])
    net = nw.build_network(roads)
    s = net.snap_points(pts((0, 0), (100, 0)))
    assert net.nearest(s.subset([1]), s.subset([0]))[0][0] == pytest.approx(100)


def test_multilines_excluded_and_unusable_features_are_counted():
    roads = frame(
        [
            MultiLineString([shifted([(0, 0), (100, 0)]), shifted([(100, 0), (100, 100)])]),
            line((0, 0), (0, 100)),
            None,
            Point(X0, Y0),
        ],
        pedestrian=[1, 0, 1, 1],
    )
    net = nw.build_network(roads, exclude=roads["pedestrian"] == 0)
    assert net.excluded_count == 1
    assert net.total_length_m == pytest.approx(200)
    assert sorted(net.skipped["feature"]) == [2, 3]
    s = net.snap_points(pts((0, 100), (100, 100)))
    assert s.segment[0] >= 0 and s.offset_m[0] == pytest.approx(100)  # (0,100) snaps to the multi part


def test_geographic_lines_are_refused():
    roads = grid(2).to_crs("EPSG:4490")
    with pytest.raises(InputError) as error:
        nw.build_network(roads, layer="my roads")
    assert error.value.code == "network_geographic_crs" and error.value.params["layer"] == "my roads"


def test_ellipsoidal_lengths_match_the_geodesic():
    from pyproj import Geod

    roads = grid(3, 500.0)
    planar = nw.build_network(roads)
    ellipsoidal = nw.build_network(roads, ellipsoidal=True)
    geographic = roads.to_crs("EPSG:4490")
    geod = Geod(ellps="GRS80")
    expected = sum(geod.geometry_length(g) for g in geographic.geometry)
    assert ellipsoidal.total_length_m == pytest.approx(expected, rel=1e-6)
    # 500 m grid, 27 km from the central meridian: planar and ellipsoidal agree to 0.01 %
    assert ellipsoidal.total_length_m == pytest.approx(planar.total_length_m, rel=1e-4)
    assert ellipsoidal.total_length_m != planar.total_length_m


# -- partial edges -----------------------------------------------------------------------------
def test_reached_intervals_include_partial_edges_and_the_origin_segment():
    net = nw.build_network(frame([line((0, 0), (100, 0), (100, 100)), line((100, 100), (200, 100))]))
    s = net.snap_points(pts((50, 10)))
    nd = net.distances_from(s, cutoff_m=100)
    iv = nw.reached_intervals(net, nd.node_m, 100, s)
    by_seg = {r.segment: (r.start_m, r.end_m) for r in iv.itertuples()}
    seg_up = net.snap_points(pts((100, 50))).segment[0]
    seg_first = s.segment[0]
    assert by_seg[seg_first] == pytest.approx((0.0, 100.0))  # 10 in, then 90 each way
    start, end = by_seg[seg_up]
    assert end - start == pytest.approx(40.0)  # 100 - (10 + 50)
    assert len(by_seg) == 2
    a, b = nw.interval_geometry_xy(net, iv)
    reached_far = np.vstack([a, b])
    assert np.allclose(reached_far.max(axis=0), pts((100, 40))[0])


def test_merge_intervals_unions_overlaps_per_segment():
    merged = nw.merge_intervals([3, 3, 3, 1, 1], [0, 5, 20, 0, 50], [10, 12, 30, 40, 60])
    assert merged.values.tolist() == [[1, 0, 40], [1, 50, 60], [3, 0, 12], [3, 20, 30]]


def test_compat_keeps_multi_geometries_whole():
    from community_governance.processing.engine import compat

    multi = MultiLineString([shifted([(0, 0), (1, 1)]), shifted([(2, 2), (3, 3)])])
    geoms = compat.from_wkb([multi.wkb, None, multi.wkb])
    assert geoms.shape == (3,) and geoms[0].geom_type == "MultiLineString" and geoms[1] is None
    assert compat.geometry_values(gpd.GeoSeries([multi, multi])).shape == (2,)


def test_wkb_input_gives_the_same_network_and_anchors():
    roads = grid(3)
    wkbs = pd.Series(
        [g.wkb for g in roads.geometry] + [None, Point(X0, Y0).wkb], index=[10 + i for i in range(8)]
    )
    net = nw.build_network(wkbs, lines_crs=CRS, ellipsoidal=True)
    reference = nw.build_network(roads, ellipsoidal=True)
    assert net.total_length_m == pytest.approx(reference.total_length_m)
    assert net.segment_count == reference.segment_count
    assert sorted(net.skipped["feature"]) == [16, 17]
    assert set(net.skipped["reason"]) == {"no_geometry", "not_a_line"}
    from shapely.geometry import box

    anchors = nw.anchor_points([Point(X0 + 1, Y0 + 2).wkb, None, box(0, 0, 2, 2).wkb])
    assert anchors[0].tolist() == [X0 + 1, Y0 + 2]
    assert np.isnan(anchors[1]).all()
    assert box(0, 0, 2, 2).contains(Point(*anchors[2]))


def test_compat_builds_multilinestrings_from_segments():
    from community_governance.processing.engine import compat

    a = np.array([[0.0, 0.0], [5.0, 5.0]])
    b = np.array([[1.0, 2.0], [7.5, -1.0]])
    multi = compat.segments_to_multilinestring(a, b)
    assert multi.geom_type == "MultiLineString"
    assert multi.equals(MultiLineString([[(0, 0), (1, 2)], [(5, 5), (7.5, -1)]]))
