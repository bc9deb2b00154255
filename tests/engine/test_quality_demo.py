"""The demo community's deliberate defects (known_truth.json: quality.defects) are all caught,
and the layers without planted defects pass the gate."""

import json

import pytest
from community_governance.processing.engine import quality

# the demo generator's names for its defects -> the gate's check ids that catch them
CAUGHT_BY = {
    "self_intersection": {"geometry.invalid"},
    "age_groups_sum_mismatch": {"rule.age_groups_sum"},
    "mojibake": {"encoding.mojibake", "encoding.unrecoverable"},
    "duplicate_id": {"id.duplicate"},
    "duplicate_geometry": {"geometry.duplicate"},
    "crossing_without_node": {"network.crossing"},
    "disconnected_fragment": {"network.fragment"},
    "duplicate_vertices": {"geometry.duplicate_vertex"},
    "reversed_direction": {"network.reversed"},
    "overlap": {"topology.overlap"},
    "gap": {"topology.gap"},
    "invalid_geometry": {"geometry.invalid"},
    "swapped_axes": {"crs.swapped_axes"},
    "zone_prefix": {"crs.zone_prefix"},
    "out_of_range": {"schema.range"},
    "bad_code": {"schema.domain"},
}


@pytest.fixture(scope="module")
def demo(demo_gpkg):
    import geopandas as gpd

    truth = json.loads((demo_gpkg.parent / "known_truth.json").read_text(encoding="utf-8"))
    return demo_gpkg, truth, gpd


@pytest.fixture(scope="module")
def checked(demo):
    """Every demo layer that has a schema, checked once."""
    import fiona

    path, truth, gpd = demo
    planted = {d["layer"] for d in truth["quality"]["defects"]}
    counts = truth["metadata"]["counts"]
    results = {}
    for layer in fiona.listlayers(str(path)):
        schema = quality.schema_for_layer(layer)
        if schema is None:
            continue
        if layer not in planted and counts.get(layer, 0) > 20000:
            continue  # big clean layers (trajectories) cost a minute to read; the benchmark covers size
        frame = gpd.read_file(path, layer=layer)
        results[layer] = quality.check_frame(frame, schema, layer_name=layer)
    return results


def test_every_planted_defect_is_caught(demo, checked):
    _path, truth, _gpd = demo
    defects = truth["quality"]["defects"]
    assert defects, "the demo plants no quality defects"
    missed = []
    for defect in defects:
        assert defect["check"] in CAUGHT_BY, f"unknown defect kind {defect['check']}: map it to a check"
        result = checked.get(defect["layer"])
        assert result is not None, f"no schema checks layer {defect['layer']}"
        issues = result.issues
        hit = issues[
            issues["check_id"].isin(CAUGHT_BY[defect["check"]])
            & ((issues["record_id"] == str(defect["id"])) | (issues["related"] == str(defect["id"])))
        ]
        if hit.empty:
            missed.append(defect)
    assert not missed, f"defects not caught: {missed}"


def test_mojibake_is_decoded_back(demo, checked):
    _path, truth, _gpd = demo
    for defect in truth["quality"]["defects"]:
        if defect["check"] == "mojibake" and "expected" in defect:
            issues = checked[defect["layer"]].issues
            row = issues[
                (issues["record_id"] == str(defect["id"])) & issues["check_id"].str.startswith("encoding.")
            ]
            if row.iloc[0]["check_id"] == "encoding.mojibake":
                assert f"“{defect['expected']}”" in row.iloc[0]["message_en"]


def test_layers_without_planted_defects_pass(demo, checked):
    _path, truth, _gpd = demo
    planted = {d["layer"] for d in truth["quality"]["defects"]}
    # the demo also plants conformity findings in the plan (code 05 used for commercial land)
    for layer, result in checked.items():
        if layer in planted:
            continue
        assert result.passed, (
            layer,
            result.errors()[["check_id", "record_id", "message_en"]].to_dict("records"),
        )
