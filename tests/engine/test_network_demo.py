"""The network engine on the demo community: planted road defects and facility gaps (known truth)."""

import json

import geopandas as gpd
import numpy as np
import pytest
from community_governance.processing.engine import network as nw


@pytest.fixture(scope="module")
def demo(demo_gpkg):
    truth = json.loads((demo_gpkg.parent / "known_truth.json").read_text(encoding="utf-8"))
    layers = {name: gpd.read_file(demo_gpkg, layer=name) for name in ("roads", "residential", "facilities")}
    return layers, truth


def walkable(roads):
    return nw.build_network(roads, exclude=roads["pedestrian"] == 0)


def features_segments(net, roads, road_ids):
    labels = roads.index[roads["road_id"].isin(road_ids)]
    return np.flatnonzero(np.isin(net.seg_feature, labels))


def test_non_pedestrian_roads_are_excluded_and_counted(demo):
    (layers, truth) = demo
    roads = layers["roads"]
    net = walkable(roads)
    assert net.excluded_count == len(truth["roads"]["non_pedestrian_road_ids"])
    excluded = roads.index[roads["road_id"].isin(truth["roads"]["non_pedestrian_road_ids"])]
    assert not np.isin(net.seg_feature, excluded).any()
    assert net.skipped.empty


def on_segment(net, segments, point):
    """A Snapped for ``point`` placed on whichever of ``segments`` passes through it."""
    for s in segments:
        a, b = (xy[0] for xy in net.segment_xy([s]))
        ab = b - a
        t = float(np.dot(point - a, ab) / np.dot(ab, ab))
        if 0 <= t <= 1 and np.hypot(*(point - (a + t * ab))) < 1e-6:
            return nw.Snapped(np.array([s]), np.array([t * net.seg_len_m[s]]), np.zeros(1), point[None, :])
    raise AssertionError("point not on these segments")


def test_the_bridge_does_not_join_the_roads_it_crosses(demo):
    (layers, truth) = demo
    roads = layers["roads"]
    bridge_ids = truth["roads"]["bridge_road_ids"]
    bridge = roads[roads["road_id"].isin(bridge_ids)].geometry.iloc[0]
    ends = bridge.boundary
    ground = roads[(roads["level"] == 0) & roads.intersects(bridge)].geometry
    ground = ground[[not bridge.intersection(g).intersects(ends) for g in ground]]
    assert len(ground), "the demo bridge passes over a ground road"
    crossing = bridge.intersection(ground.iloc[0])
    point = np.array([crossing.x, crossing.y])
    along = ground.iloc[0].project(crossing)
    other = ground.iloc[0].interpolate(along + 30 if along + 30 <= ground.iloc[0].length else along - 30)
    for net, joined in (
        (nw.build_network(roads), False),
        (nw.build_network(roads, split_crossings=True, levels=roads["level"]), False),
        (nw.build_network(roads, split_crossings=True), True),
    ):
        on_bridge = on_segment(net, features_segments(net, roads, bridge_ids), point)
        below = net.snap_points(np.array([[other.x, other.y]]), max_snap_m=0.01)
        cost, _ = net.nearest(below, on_bridge)
        if joined:
            assert cost[0] == pytest.approx(30.0, abs=0.01)
        else:
            assert cost[0] > 60.0  # around, over a bridge end


def test_fragments_are_disconnected_and_skippable(demo):
    (layers, truth) = demo
    roads = layers["roads"]
    net = walkable(roads)
    fragment = features_segments(net, roads, truth["roads"]["fragment_road_ids"])
    assert fragment.size
    components = net.node_component
    sizes = net.component_length_m()
    main = np.argmax(sizes)
    assert (components[net.seg_u[fragment]] != main).all()
    middle = np.mean(net.segment_xy(fragment[:1]), axis=0)
    on_fragment = net.snap_points(middle)
    assert on_fragment.segment[0] in fragment
    cost, _ = net.nearest(
        net.snap_points(np.array([[p.x, p.y] for p in layers["facilities"].geometry])), on_fragment
    )
    assert np.isinf(cost).all()  # nothing on the real network reaches the fragment
    rescued = net.snap_points(middle, min_component_m=0.5 * sizes[main])
    assert rescued.ok[0] and rescued.segment[0] not in fragment


def test_duplicate_vertices_and_reversed_roads_are_walked_at_their_length(demo):
    (layers, truth) = demo
    roads = layers["roads"]
    net = walkable(roads)
    assert (net.seg_len_m > 0).all()
    for key in ("duplicate_vertex_road_ids", "reversed_road_ids"):
        for road in roads[roads["road_id"].isin(truth["roads"][key])].itertuples():
            segments = features_segments(net, roads, [road.road_id])
            assert net.seg_len_m[segments].sum() == pytest.approx(road.geometry.length)
            ends = np.array(road.geometry.coords)[[0, -1], :2]
            s = net.snap_points(ends, max_snap_m=0.01)
            cost, _ = net.nearest(s.subset([1]), s.subset([0]))
            assert cost[0] <= road.geometry.length + 1e-6


def test_planted_facility_gaps_and_served_pairs(demo):
    (layers, truth) = demo
    roads, residential, facilities = layers["roads"], layers["residential"], layers["facilities"]
    net = walkable(roads)
    homes = net.snap_points(nw.anchor_points(residential.geometry))
    assert homes.failed_count == 0
    nearest = {}
    for fac_type, group in facilities.groupby("fac_type"):
        nearest[fac_type], _ = net.nearest(homes, net.snap_points(nw.anchor_points(group.geometry)))
    population = residential["pop_total"].to_numpy(dtype=float)

    def share(pair):
        rows = (residential["community_id"] == pair["community_id"]).to_numpy()
        within = nearest[pair["fac_type"]][rows] <= pair["radius_m"]
        return (population[rows] * within).sum() / population[rows].sum()

    assert truth["facility_gaps"] and truth["facility_served"]
    for pair in truth["facility_gaps"]:
        assert share(pair) < 0.5, pair
    for pair in truth["facility_served"]:
        assert share(pair) >= 0.9, pair
