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
