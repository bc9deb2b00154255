"""Accessibility engine on hand-built inputs whose answers are known."""

import numpy as np
import pytest
from community_governance.processing.engine import accessibility as acc
from community_governance.processing.engine import standards
from community_governance.processing.engine.errors import ConfigError, InputError
from scipy import sparse


def test_two_sfca_by_hand():
    # two units (100 and 300 people), two facilities (10 and 20 places)
    cost = np.array([[100.0, 900.0], [200.0, 400.0]])
    result = acc.two_sfca([100, 300], [10, 20], cost, 500.0)
    # facility 0 reaches both (400 people): 10/400; facility 1 reaches unit 1 only: 20/300
    np.testing.assert_allclose(result.ratio, [10 / 400, 20 / 300])
    np.testing.assert_allclose(result.access, [10 / 400, 10 / 400 + 20 / 300])
    # supply is conserved: Σ demand x access = Σ supply reached
    assert np.dot([100, 300], result.access) == pytest.approx(30.0)


def test_sparse_cost_equals_dense_with_inf():
    rng = np.random.default_rng(0)
    cost = rng.uniform(0, 1000, (50, 8))
    cost[cost > 700] = np.inf
    rows, cols = np.nonzero(np.isfinite(cost))
    as_sparse = sparse.csr_matrix((cost[rows, cols], (rows, cols)), shape=cost.shape)
    demand, supply = rng.uniform(1, 9, 50), rng.uniform(1, 9, 8)
    for method in ("2sfca", "e2sfca", "g2sfca"):
        dense = acc.FCA_METHODS[method](demand, supply, cost, 600.0).access
        other = acc.FCA_METHODS[method](demand, supply, as_sparse, 600.0).access
        np.testing.assert_allclose(dense, other, rtol=1e-12)
    d1, i1 = acc.nearest(cost)
    d2, i2 = acc.nearest(as_sparse)
    np.testing.assert_array_equal(d1, d2)
    np.testing.assert_array_equal(i1[np.isfinite(d1)], i2[np.isfinite(d2)])


def test_step_weights_match_access_semantics():
    fn = acc.step_weights({20: 1, 40: 0.68, 60: 0.22})
    np.testing.assert_allclose(fn(np.arange(0, 71, 10.0)), [1, 1, 1, 0.68, 0.68, 0.22, 0.22, 0])


def test_gini_and_lorenz_known_values():
    assert acc.gini([5, 5, 5, 5]) == pytest.approx(0.0)
    # one of four people holds everything: G = (n - 1) / n
    assert acc.gini([0, 0, 0, 8]) == pytest.approx(0.75)
    # weights are people: 3 people with 0, 1 with 8 is the same distribution
    assert acc.gini([0, 8], [3, 1]) == pytest.approx(0.75)
    people, share = acc.lorenz([1, 3], [1, 1])
    np.testing.assert_allclose(people, [0, 0.5, 1])
    np.testing.assert_allclose(share, [0, 0.25, 1])
    x = np.array([1.0, 2.0, 7.0, 4.0])
    w = np.array([2.0, 1.0, 1.0, 3.0])
    brute = (w[:, None] * w[None, :] * np.abs(x[:, None] - x[None, :])).sum() / (
        2 * w.sum() ** 2 * np.average(x, weights=w)
    )
    assert acc.gini(x, w) == pytest.approx(brute)


def test_demand_from_fields_counts_bad_values():
    import pandas as pd

    frame = pd.DataFrame({"a": [1.0, None, 3.0], "b": [1.0, 2.0, -5.0]})
    demand = acc.demand_from_fields(frame, {"g": ["a", "b"]})
    np.testing.assert_allclose(demand.groups["g"], [2.0, 2.0, 3.0])
    assert demand.invalid_values == {"a": 1, "b": 1}
    with pytest.raises(InputError) as error:
        acc.demand_from_fields(frame, {"g": ["missing"]}, layer="residential")
    assert error.value.code == "missing_field" and error.value.params["field"] == "missing"


def test_demand_from_raster_zonal_sums(tmp_path):
    import geopandas as gpd
    import rasterio
    from rasterio.transform import from_origin
    from shapely.geometry import box

    data = np.arange(16, dtype="float32").reshape(4, 4)  # 10 m cells, origin (0, 40)
    data[0, 0] = -1
    path = tmp_path / "pop.tif"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        height=4,
        width=4,
        count=1,
        dtype="float32",
        crs="EPSG:4548",
        transform=from_origin(0, 40, 10, 10),
        nodata=-1,
    ) as dst:
        dst.write(data, 1)
    zones = gpd.GeoDataFrame(
        {"id": [1, 2]}, geometry=[box(0, 20, 20, 40), box(20, 0, 40, 20)], crs="EPSG:4548"
    )
    result = acc.demand_from_raster(path, zones)
    # zone 1 = top-left 2x2 cells (0 is nodata): 1 + 4 + 5; zone 2 = bottom-right: 10 + 11 + 14 + 15
    np.testing.assert_allclose(result.population, [10.0, 50.0])
    assert result.nodata_cells == 1
    assert result.unassigned == pytest.approx(data[data > 0].sum() - 60.0)


def test_facility_gaps_by_hand():
    # 3 units in 2 communities; kindergartens 0 and 1; unit 2 is 800 m from the nearest
    cost = np.array([[100.0, 700.0], [250.0, 50.0], [800.0, 900.0]])
    groups = {"total": np.array([100.0, 200.0, 300.0]), "children_0_6": np.array([10.0, 20.0, 30.0])}
    rules = {
        "kindergarten": acc.TypeRule(
            "kindergarten", 300.0, "children_0_6", True, quota_per_1000=50.0, quota_group="total"
        )
    }
    result = acc.facility_gaps(
        ["r1", "r2", "r3"],
        ["C01", "C01", "C02"],
        groups,
        ["kindergarten", "kindergarten"],
        np.array([10.0, 10.0]),
        cost,
        rules,
    )
    units = result.units.set_index("unit_id")
    assert units["ok_kindergarten"].tolist() == [True, True, False]
    assert units.loc["r3", "d_kindergarten"] == 800.0
    table = result.communities.set_index("community_id")
    assert table.loc["C01", "gap"] == False  # noqa: E712
    assert table.loc["C02", "gap"] == True  # noqa: E712
    assert table.loc["C02", "uncovered_demand"] == 30.0
    # 2SFCA: facility 0 reaches units 0, 1 (30 children): 10/30; facility 1 reaches unit 1: 10/20
    np.testing.assert_allclose(units["acc_kindergarten"], [10 / 30, 10 / 30 + 10 / 20, 0])
    # quota 50 places per 1 000 residents; unit 2 needs 15 and gets none
    assert units.loc["r3", "short_kindergarten"] == pytest.approx(15.0)
    assert table.loc["C02", "shortfall"] == pytest.approx(15.0)
    assert set(result.equity["group"]) == {"total", "children_0_6"}


def test_builtin_profiles_validate_and_inherit():
    gb = standards.load_profile("gb50180_2018")
    tdt = standards.load_profile("tdt1062_2021")
    assert tdt.chain == ["tdt1062_2021", "gb50180_2018"]
    assert tdt.facilities["kindergarten"].radius_m == gb.facilities["kindergarten"].radius_m
    assert tdt.provenance("kindergarten", "radius_m").profile == "gb50180_2018"
    assert "5_10min" in tdt.levels and tdt.facilities["park"].element_class is None
    # no radius in the standard: coverage from the level, and the citation says so
    care = gb.facilities["care_home"]
    assert care.radius_m is None and care.radius_origin == "level" and care.coverage_radius_m == 1000.0
    # every value object carries a tag
    for section in ("levels", "facilities"):
        for entry in gb.raw[section].values():
            for value in entry.values():
                if isinstance(value, dict) and "value" in value:
                    assert value["verified"] in standards.VERIFIED_TAGS
    assert ("primary_school", "radius_m", "unverified") in standards.unverified_values(gb)


def test_city_override_and_bad_profiles(tmp_path):
    example = standards.STANDARDS_DIR / "examples" / "shanghai_2016_example.yaml"
    city = standards.load_profile(example)
    assert city.facilities["kindergarten"].radius_m == 500.0
    assert city.provenance("kindergarten", "radius_m").verified == "secondary"
    assert city.provenance("kindergarten", "floor_area_m2").profile == "gb50180_2018"
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema_version: 1\nid: bad\ntitle: {zh: x, en: x}\ndocument: {code: x, source: x, verified: maybe}\n"
    )
    with pytest.raises(ConfigError) as error:
        standards.load_profile(bad)
    assert "verified" in str(error.value)
    loop = tmp_path / "loop.yaml"
    loop.write_text(
        "schema_version: 1\nid: loop\ninherits: loop\ntitle: {zh: x, en: x}\ndocument: {code: x, source: x, verified: plugin}\n"
    )
    with pytest.raises(ConfigError, match="cycle"):
        standards.load_profile(loop)


def test_facility_gaps_sparse_cost_equals_dense():
    import pandas as pd

    rng = np.random.default_rng(3)
    cost = rng.uniform(0, 1500, (40, 12))
    cost[cost > 900] = np.inf
    rows, cols = np.nonzero(np.isfinite(cost))
    as_sparse = sparse.csr_matrix((cost[rows, cols], (rows, cols)), shape=cost.shape)
    types = np.array(["kindergarten", "park"] * 6, dtype=object)
    groups = {"total": rng.uniform(50, 500, 40), "children_0_6": rng.uniform(0, 40, 40)}
    rules = {
        "kindergarten": acc.TypeRule("kindergarten", 300.0, "children_0_6"),
        "park": acc.TypeRule("park", 500.0, "total", quota_per_1000=1000.0, quota_group="total"),
    }
    communities = [f"C{i % 4}" for i in range(40)]
    args = (list(range(40)), communities, groups, types, rng.uniform(1, 50, 12))
    for method in ("2sfca", "e2sfca", "g2sfca"):
        dense = acc.facility_gaps(*args, cost, rules, method=method)
        other = acc.facility_gaps(*args, as_sparse, rules, method=method)
        pd.testing.assert_frame_equal(dense.units, other.units, rtol=1e-12)
        pd.testing.assert_frame_equal(dense.communities, other.communities, rtol=1e-12)
        np.testing.assert_allclose(dense.equity["gini"], other.equity["gini"])
