"""communitygov:facilitygaps on the demo community: the planted gaps are found, nothing else.

The truth (resources/demo/known_truth.json) lists community/type pairs planted so that (almost)
no resident is within the GB 50180 walking radius (``facility_gaps``) and pairs planted as clearly
served (``facility_served``). Every gap must be flagged, every served pair must not be.
"""

import json

import pytest


@pytest.fixture(scope="module")
def gap_run(processing_provider, demo_gpkg, tmp_path_factory):
    import processing

    out = tmp_path_factory.mktemp("facilitygaps")
    gpkg = str(demo_gpkg)
    result = processing.run(
        "communitygov:facilitygaps",
        {
            "ROADS": f"{gpkg}|layername=roads",
            "ROAD_FILTER": '"pedestrian" = 1',
            "RESIDENTIAL": f"{gpkg}|layername=residential",
            "FACILITIES": f"{gpkg}|layername=facilities",
            "OUTPUT": str(out / "units.gpkg"),
            "COMMUNITIES": str(out / "communities.csv"),
            "REPORT": str(out / "report.html"),
        },
    )
    truth = json.loads((demo_gpkg.parent / "known_truth.json").read_text(encoding="utf-8"))
    return result, out, truth


def _table(out):
    import pandas as pd

    return pd.read_csv(out / "communities.csv", dtype={"community_id": str}).set_index(
        ["community_id", "fac_type"]
    )


def _is_gap(value) -> bool:
    return str(value).strip().lower() in ("1", "true")


def test_every_planted_gap_is_found(gap_run):
    result, out, truth = gap_run
    table = _table(out)
    assert truth["facility_gaps"], "the demo truth lists no gaps"
    for pair in truth["facility_gaps"]:
        row = table.loc[(pair["community_id"], pair["fac_type"])]
        assert _is_gap(row["gap"]), pair
        assert row["radius_m"] == pytest.approx(pair["radius_m"]), pair  # profile and truth agree
        assert row["share_total"] == pytest.approx(pair["share_within"], abs=0.1), pair


def test_no_false_gap_where_the_demo_is_served(gap_run):
    result, out, truth = gap_run
    table = _table(out)
    assert truth["facility_served"]
    for pair in truth["facility_served"]:
        row = table.loc[(pair["community_id"], pair["fac_type"])]
        assert not _is_gap(row["gap"]), pair
        assert row["share_total"] >= 0.9 - 1e-9, pair


def test_units_report_and_counts(gap_run):
    import geopandas as gpd

    result, out, truth = gap_run
    units = gpd.read_file(out / "units.gpkg")
    assert len(units) == truth["metadata"]["counts"]["residential"]
    assert result["SNAP_FAILED"] == 0
    # n_missing counts the required types whose nearest facility is beyond the radius
    ok_columns = [c for c in units.columns if c.startswith("ok_")]
    assert ok_columns and {"n_missing", "missing", "acc_kindergarten", "d_kindergarten"} <= set(units.columns)
    lacking = units["missing"].fillna("").str.split(",")
    assert (units["n_missing"] == lacking.map(lambda x: len([v for v in x if v]))).all()
    assert result["GAPS"] >= len(truth["facility_gaps"])
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "polyline" in html
    for pair in truth["facility_gaps"]:
        assert pair["community_id"] in html


def _run(demo_gpkg, out, **extra):
    import processing

    gpkg = str(demo_gpkg)
    parameters = {
        "ROADS": f"{gpkg}|layername=roads",
        "ROAD_FILTER": '"pedestrian" = 1',
        "RESIDENTIAL": f"{gpkg}|layername=residential",
        "FACILITIES": f"{gpkg}|layername=facilities",
        "OUTPUT": str(out / "units.gpkg"),
        "COMMUNITIES": str(out / "communities.csv"),
    }
    parameters.update(extra)
    return processing.run("communitygov:facilitygaps", parameters)


def test_city_profile_overrides_radius_and_adds_quota(processing_provider, demo_gpkg, tmp_path):
    import geopandas as gpd
    from community_governance.processing.engine.standards import STANDARDS_DIR

    example = STANDARDS_DIR / "examples" / "shanghai_2016_example.yaml"
    _run(demo_gpkg, tmp_path, PROFILE_FILE=str(example), METHOD=1)
    table = _table(tmp_path)
    kindergarten = table.xs("kindergarten", level="fac_type")
    assert (kindergarten["radius_m"] == 500).all()  # the city's radius, not GB 50180's 300 m
    assert (kindergarten["radius_verified"] == "secondary").all()
    assert (table.xs("primary_school", level="fac_type")["radius_m"] == 500).all()  # inherited
    units = gpd.read_file(tmp_path / "units.gpkg")
    # the example's quota of 30 places per 1 000 residents: a unit reaching no kindergarten lacks all
    far = units[units["acc_kindergarten"] == 0]
    assert len(far) and (far["short_kindergarten"] - 0.03 * far["pop_total"]).abs().max() < 1e-6


def test_population_raster_replaces_total(processing_provider, demo_gpkg, tmp_path):
    import geopandas as gpd
    import numpy as np
    import rasterio
    from rasterio.transform import from_origin

    residential = gpd.read_file(demo_gpkg, layer="residential")
    left, bottom, right, top = residential.total_bounds
    cell = 20.0
    width, height = int((right - left) // cell) + 2, int((top - bottom) // cell) + 2
    path = tmp_path / "population.tif"
    with rasterio.open(
        path, "w", driver="GTiff", width=width, height=height, count=1, dtype="float32", crs="EPSG:4548",
        transform=from_origin(left - cell, top + cell, cell, cell),
    ) as dst:  # fmt: skip
        dst.write(np.full((height, width), 2.0, dtype="float32"), 1)
    _run(demo_gpkg, tmp_path, POPULATION_RASTER=str(path))
    units = gpd.read_file(tmp_path / "units.gpkg")
    # 2 people per 20 m cell: each unit holds 2 x the cells whose centres it contains ~ area / 200
    expected = residential.geometry.area.to_numpy() / 200.0
    assert units["pop_total"].sum() == pytest.approx(expected.sum(), rel=0.05)
    assert not np.allclose(units["pop_total"].to_numpy(), residential["pop_total"].to_numpy())
