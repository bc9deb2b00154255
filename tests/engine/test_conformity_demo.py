"""The conformity engine on the demo community: every planted conflict found with the right area.

The truth is read from resources/demo/known_truth.json (``conformity``), never hard-coded.
"""

import json
import os
from pathlib import Path

import geopandas as gpd
import pytest
from community_governance.processing.engine import conformity
from community_governance.processing.engine.rules import load_ruleset

ROOT = Path(__file__).resolve().parents[2]
DEMO_DIR = Path(os.environ.get("COMMUNITYGOV_DEMO_DIR", ROOT / "resources" / "demo"))
ONEMAP = [
    "STBHHX",
    "YJJBNT",
    "CZKFBJ",
    "GHFQ",
    "KZDY",
    "DLHX",
    "ZXCQCSLVX",
    "ZXCQCSLX",
    "ZXCQCSZX",
    "ZXCQCSHX",
]
RULE_OF_LAYER = {"STBHHX": "STBHHX_NO_BUILD", "YJJBNT": "YJJBNT_NO_OCCUPY", "CZKFBJ": "CZKFBJ_WITHIN"}
INDICATOR_RULE = {"RJL": "RJL_MAX", "JZMD": "JZMD_MAX", "LDL": "LDL_MIN", "JZGD": "JZGD_MAX"}


@pytest.fixture(scope="module")
def demo():
    gpkg = DEMO_DIR / "community_demo.gpkg"
    assert gpkg.exists(), f"the demo community is missing: {gpkg}"
    truth = json.loads((DEMO_DIR / "known_truth.json").read_text(encoding="utf-8"))["conformity"]
    ruleset = load_ruleset()
    plan = gpd.read_file(gpkg, layer="plan_parcels")
    controls = {}
    for name in ONEMAP:
        role = ruleset.role_for_layer_name(name)
        assert role is not None, name
        controls[role] = (name, gpd.read_file(gpkg, layer=name))
    result = conformity.evaluate(plan, controls, ruleset)
    return truth, result


def _rows(result, rule_id, parcel_id):
    c = result.conflicts
    return c[(c.rule_id == rule_id) & (c.plan_id == parcel_id)]


def _verdict(result, rule_id, parcel_id):
    v = result.verdicts
    row = v[(v.rule_id == rule_id) & (v.plan_id == parcel_id)]
    assert len(row) == 1
    return row.iloc[0]


def test_every_planted_conflict_is_found_with_its_area(demo):
    truth, result = demo
    assert truth["conflicts"]
    for expected in truth["conflicts"]:
        rule_id = RULE_OF_LAYER[expected["layer"]]
        rows = _rows(result, rule_id, expected["parcel_id"])
        assert len(rows) == 1, expected
        hit = rows.iloc[0]
        assert hit.verdict_code in ("fail", "review"), expected
        assert hit.ovl_area_ell_m2 == pytest.approx(expected["overlap_m2_ellipsoidal"], abs=0.1), expected
        assert hit.ovl_area_plan_m2 == pytest.approx(expected["overlap_m2_planar"], abs=0.1), expected
        assert _verdict(result, rule_id, expected["parcel_id"]).verdict_code in ("fail", "review")


def test_no_other_three_line_conflict(demo):
    truth, result = demo
    expected = {(RULE_OF_LAYER[c["layer"]], c["parcel_id"]) for c in truth["conflicts"]}
    found = result.verdicts[
        result.verdicts.rule_id.isin(RULE_OF_LAYER.values())
        & result.verdicts.verdict_code.isin(["fail", "review"])
    ]
    assert set(zip(found.rule_id, found.plan_id)) == expected


def test_the_sub_square_metre_sliver_is_tolerated_and_logged(demo):
    truth, result = demo
    assert truth["sliver_tolerated"]
    for expected in truth["sliver_tolerated"]:
        rule_id = RULE_OF_LAYER[expected["layer"]]
        hit = _rows(result, rule_id, expected["parcel_id"]).iloc[0]
        assert hit.tolerated and hit.verdict == "符合"
        assert hit.ovl_area_ell_m2 == pytest.approx(expected["overlap_m2_ellipsoidal"], abs=0.1)
        assert _verdict(result, rule_id, expected["parcel_id"]).verdict == "符合"
        logged = [e for e in result.log if e["event"] == "tolerated" and e["rule_id"] == rule_id]
        assert any(e["area_m2"] == pytest.approx(expected["overlap_m2_ellipsoidal"], abs=0.1) for e in logged)


def test_the_thin_overlap_is_flagged(demo):
    truth, result = demo
    assert truth["thin_overlap_flagged"]
    for expected in truth["thin_overlap_flagged"]:
        rule_id = RULE_OF_LAYER[expected["layer"]]
        hit = _rows(result, rule_id, expected["parcel_id"]).iloc[0]
        assert hit.is_sliver and not hit.tolerated and hit.verdict == "需人工复核"
        assert hit.ovl_area_ell_m2 == pytest.approx(expected["overlap_m2_ellipsoidal"], abs=0.1)


def test_the_limited_activity_goes_to_manual_review(demo):
    truth, result = demo
    for expected in truth["manual_review"]:
        assert (
            _verdict(result, RULE_OF_LAYER[expected["layer"]], expected["parcel_id"]).verdict == "需人工复核"
        )


def test_indicator_violations_exactly(demo):
    truth, result = demo
    v = result.verdicts
    found = v[v.rule_id.isin(INDICATOR_RULE.values()) & (v.verdict_code == "fail")]
    expected = {(INDICATOR_RULE[i["indicator"]], i["parcel_id"]) for i in truth["indicator_violations"]}
    assert set(zip(found.rule_id, found.plan_id)) == expected
    for item in truth["indicator_violations"]:
        hit = _rows(result, INDICATOR_RULE[item["indicator"]], item["parcel_id"]).iloc[0]
        assert hit.actual == f"{item['value']:g}" and f"{item['limit']:g}" in hit.expected


def test_use_violations_exactly(demo):
    truth, result = demo
    v = result.verdicts
    found = v[(v.rule_id == "GHFQ_USE") & (v.verdict_code == "fail")]
    assert set(found.plan_id) == {u["parcel_id"] for u in truth["use_violations"]}


def test_code_warnings(demo):
    truth, result = demo
    assert {w["id"] for w in result.code_warnings} == {w["parcel_id"] for w in truth["code_warnings"]}
    assert all(w["suggestion"] == "09" for w in result.code_warnings)


def test_clear_parcels_are_reported_clear_on_every_rule(demo):
    truth, result = demo
    clear = set(truth["clear_parcels"])
    assert clear
    v = result.verdicts[result.verdicts.plan_id.isin(clear)]
    assert len(v) == len(clear) * len(result.rules)
    assert set(v.verdict_code) == {"pass"}
    # and every other parcel has a finding, or a tolerated overlap in the log
    flagged = set(result.verdicts[result.verdicts.verdict_code != "pass"].plan_id)
    tolerated = set(result.conflicts[result.conflicts.tolerated].plan_id)
    assert flagged | tolerated == set(result.verdicts.plan_id) - clear
    assert tolerated - flagged == {s["parcel_id"] for s in truth["sliver_tolerated"]}
