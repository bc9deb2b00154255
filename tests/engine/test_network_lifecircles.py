"""Life-circle polygons on hand-built networks: reach, partial edges, holes, islands, bands."""

import geopandas as gpd
import numpy as np
import pytest
from community_governance.processing.engine import lifecircles as lc
from community_governance.processing.engine import network as nw
from community_governance.processing.engine.errors import InputError
from shapely.geometry import LineString, MultiLineString, Polygon, box

X0, Y0 = 500000.0, 3520000.0  # EPSG:4548, near Hefei


def shifted(coords):
    return [(X0 + x, Y0 + y) for x, y in coords]


def line(*coords):
    return LineString(shifted(coords))


def frame(geoms):
    return gpd.GeoDataFrame(geometry=list(geoms), crs="EPSG:4548")


def grid(n=4, step=100.0):
    rows = [line(*[(i * step, j * step) for i in range(n)]) for j in range(n)]
    cols = [line(*[(i * step, j * step) for j in range(n)]) for i in range(n)]
    return frame(rows + cols)


def pts(*coords):
    return np.array(shifted(coords), dtype=float)


def test_bands_in_metres_or_minutes():
    assert lc.bands_m([1000, 300, 500, 300]) == [300, 500, 1000]
    assert lc.bands_m([5, 10, 15], unit="min", speed_m_per_min=60) == [300, 600, 900]
    with pytest.raises(InputError):
        lc.bands_m([5], unit="min", speed_m_per_min=0)
    with pytest.raises(InputError):
        lc.bands_m([-3])


def test_reach_length_and_polygon_of_a_corner_origin_with_partial_edges():
    net = nw.build_network(grid(4))
    origin = net.snap_points(pts((0, 0)))
    circles = lc.life_circles(net, origin, [150.0], buffer_m=40.0)
    assert len(circles) == 1
    row = circles.iloc[0]
    # along x: 100 + 50 into the next block, the same along y, and 50 up each first cross street
    assert row["reach_len_m"] == pytest.approx(400.0)
    reached = MultiLineString(
        [
            shifted([(0, 0), (150, 0)]),
            shifted([(0, 0), (0, 150)]),
            shifted([(100, 0), (100, 50)]),
            shifted([(0, 100), (50, 100)]),
        ]
    )
    buffered = reached.buffer(40.0, lc.QUAD_SEGMENTS)
    assert len(buffered.interiors) == 1  # the block corner enclosed by the reached streets ...
    expected = Polygon(buffered.exterior)  # ... is filled: no network inside justifies a hole
    assert row.geometry.symmetric_difference(expected).area < 1.0
    assert row.geometry.area - buffered.area > 100
    assert row.origin == 0 and row.band_m == 150.0


def test_bands_are_nested_and_reach_grows():
    net = nw.build_network(grid(5))
    origin = net.snap_points(pts((200, 200)))
    circles = lc.life_circles(net, origin, [100, 250, 600], buffer_m=30.0)
    assert list(circles["band_m"]) == [100, 250, 600]
    # 250 m: 16 whole blocks sides within 2 steps (1600) + 50 m into the 16 sides beyond (800)
    assert list(circles["reach_len_m"]) == pytest.approx([400.0, 2400.0, 4000.0])
    geoms = list(circles.geometry)
    assert geoms[1].buffer(1e-6).contains(geoms[0]) and geoms[2].buffer(1e-6).contains(geoms[1])


def test_block_holes_enclosed_by_reached_streets_are_filled():
    net = nw.build_network(grid(4))
    circle = lc.life_circles(net, net.snap_points(pts((150, 150))), [2000], buffer_m=30.0).geometry[0]
    assert circle.geom_type == "Polygon" and len(circle.interiors) == 0
    assert circle.area == pytest.approx(box(X0 - 30, Y0 - 30, X0 + 330, Y0 + 330).area, rel=0.01)
    unfilled = lc.life_circles(net, net.snap_points(pts((150, 150))), [2000], buffer_m=30.0, fill_holes=False)
    assert len(unfilled.geometry[0].interiors) == 9


def test_a_hole_with_unreached_network_inside_is_kept():
    ring = line((0, 0), (400, 0), (400, 400), (0, 400), (0, 0))
    inner = line((150, 200), (250, 200))  # not connected: never reached from the ring
    net = nw.build_network(frame([ring, inner]))
    circle = lc.life_circles(net, net.snap_points(pts((0, 0))), [5000], buffer_m=40.0).geometry[0]
    assert len(circle.interiors) == 1
    assert not circle.contains(Polygon(shifted([(190, 190), (210, 190), (210, 210)])))
    plain = nw.build_network(frame([ring]))
    filled = lc.life_circles(plain, plain.snap_points(pts((0, 0))), [5000], buffer_m=40.0).geometry[0]
    assert len(filled.interiors) == 0


def test_no_islands_beyond_reach():
    net = nw.build_network(frame([line((0, 0), (300, 0)), line((0, 60), (300, 60))]))  # two streets, no link
    circle = lc.life_circles(net, net.snap_points(pts((0, -5))), [1000], buffer_m=20.0).geometry[0]
    assert circle.geom_type == "Polygon"
    assert not circle.intersects(line((0, 60), (300, 60)).buffer(1.0))
    assert circle.area == pytest.approx(line((0, 0), (300, 0)).buffer(20.0, lc.QUAD_SEGMENTS).area, rel=1e-6)


def test_offset_of_the_origin_counts_against_the_band():
    net = nw.build_network(frame([line((0, 0), (1000, 0))]))
    circles = lc.life_circles(net, net.snap_points(pts((500, 100))), [300], buffer_m=10.0)
    assert circles["reach_len_m"][0] == pytest.approx(400.0)  # (300 - 100) each way
    free = lc.life_circles(net, net.snap_points(pts((500, 100))), [300], buffer_m=10.0, include_offsets=False)
    assert free["reach_len_m"][0] == pytest.approx(600.0)
    too_far = lc.life_circles(net, net.snap_points(pts((500, 150))), [120], buffer_m=10.0)
    assert too_far["reach_len_m"][0] == 0 and too_far.geometry[0].is_empty


def test_per_origin_and_dissolved_by_group():
    net = nw.build_network(grid(5))
    origins = net.snap_points(pts((0, 0), (400, 400), (0, 400), (9000, 9000)))
    per_origin = lc.life_circles(net, origins, [100, 200], buffer_m=20.0)
    assert len(per_origin) == 8
    failed = per_origin[per_origin["origin"] == 3]
    assert (failed["reach_len_m"] == 0).all() and failed.geometry.is_empty.all()
    dissolved = lc.life_circles(
        net, origins, [100, 200], buffer_m=20.0, mode="dissolved", groups=["a", "a", "b", "b"]
    )
    assert list(dissolved["group"]) == ["a", "a", "b", "b"]
    a100 = dissolved[(dissolved["group"] == "a") & (dissolved["band_m"] == 100)].iloc[0]
    singles = per_origin[per_origin["origin"].isin([0, 1]) & (per_origin["band_m"] == 100)]
    assert a100["reach_len_m"] == pytest.approx(singles["reach_len_m"].sum())
    union = singles.geometry.iloc[0].union(singles.geometry.iloc[1])
    assert a100.geometry.symmetric_difference(union).area < 1.0
    b100 = dissolved[(dissolved["group"] == "b") & (dissolved["band_m"] == 100)].iloc[0]
    assert b100["reach_len_m"] == pytest.approx(200.0)  # the failed origin adds nothing
    everyone = lc.life_circles(net, origins, [100], buffer_m=20.0, mode="dissolved")
    assert everyone["reach_len_m"][0] == pytest.approx(600.0)


def test_overlapping_reach_is_counted_once():
    net = nw.build_network(frame([line((0, 0), (1000, 0))]))
    origins = net.snap_points(pts((400, 0), (500, 0)))
    circles = lc.life_circles(net, origins, [100], mode="dissolved")
    assert circles["reach_len_m"][0] == pytest.approx(300.0)


def test_reach_only_mode_skips_polygons():
    net = nw.build_network(grid(3))
    circles = lc.life_circles(net, net.snap_points(pts((0, 0))), [100], polygons=False)
    assert circles["reach_len_m"][0] == pytest.approx(200.0) and circles.geometry[0] is None


def test_population_is_area_weighted():
    circle = box(0, 0, 100, 100)
    residential = [box(0, 0, 50, 50), box(50, 0, 150, 100), box(500, 500, 600, 600), None]
    population = [100, 200, 1000, 50]
    assert lc.population_within([circle, Polygon()], residential, population).tolist() == pytest.approx(
        [200.0, 0.0]
    )


def test_ellipsoidal_area_close_to_planar_near_the_central_meridian():
    square = box(X0, Y0, X0 + 1000, Y0 + 1000)
    area = lc.ellipsoidal_area_m2([square, None], "EPSG:4548")
    assert area[0] == pytest.approx(1.0e6, rel=1e-3) and area[1] == 0.0


def test_population_repairs_invalid_compounds():
    bowtie = Polygon([(0, 0), (100, 100), (100, 0), (0, 100), (0, 0)])  # self-intersecting
    assert list(lc.invalid_polygons([bowtie, box(0, 0, 1, 1)])) == [0]
    got = lc.population_within([box(0, 0, 100, 100), box(0, 0, 50, 100)], [bowtie], [80])
    assert got.tolist() == pytest.approx([80.0, 40.0])


def test_area_origins_start_from_their_edge_roads():
    net = nw.build_network(frame([line((0, 0), (1000, 0))]))
    straddling = Polygon(shifted([(400, -50), (600, -50), (600, 50), (400, 50)]))
    aside = Polygon(shifted([(400, 100), (500, 100), (500, 200), (400, 200)]))
    sources, owner = lc.area_sources(net, [straddling, aside, None])
    assert sorted(set(owner)) == [0, 1, 2]
    assert sources.ok[owner == 0].all() and (sources.offset_m[owner == 0] == 0).all()
    assert not sources.ok[owner == 2].any()  # no geometry: one failed source, reported
    circles = lc.life_circles(net, sources, [100, 300], mode="dissolved", groups=owner)
    reach = {(r.group, r.band_m): r.reach_len_m for r in circles.itertuples()}
    assert reach[(0, 100)] == pytest.approx(400.0)  # 300..700: the whole stretch inside + 100 m out
    # nothing touches the second square: it starts from a point inside, 150 m from the road
    assert reach[(1, 100)] == 0 and reach[(1, 300)] == pytest.approx(300.0)
    assert reach[(2, 300)] == 0


def test_reach_only_lengths_equal_the_polygon_path_on_a_random_network():
    rng = np.random.default_rng(11)
    xy = rng.uniform(0, 1000, (60, 2))
    edges = {tuple(sorted((i, j))) for i in range(60) for j in np.argsort(np.hypot(*(xy - xy[i]).T))[1:4]}
    roads = frame([line(tuple(xy[i]), tuple(xy[j])) for i, j in sorted(edges)])
    net = nw.build_network(roads)
    origins = net.snap_points(pts(*[tuple(p) for p in rng.uniform(0, 1000, (15, 2))]))
    fast = lc.life_circles(net, origins, [150, 400, 900], polygons=False)
    full = lc.life_circles(net, origins, [150, 400, 900], buffer_m=10.0)
    assert fast["reach_len_m"].to_numpy() == pytest.approx(full["reach_len_m"].to_numpy(), abs=1e-6)
    assert (fast["reach_len_m"] > 0).sum() > 20
