"""The conformity engine on hand-built fixtures whose answers are known analytically.

The ten fixture cases of ../shared/reference/conformity.md §5.3 (cases 6 and 7 — GBK shapefile,
red-line TXT — are in test_conformity_redline.py; case 5 — code 05 — also in
test_conformity_landuse.py). Coordinates: EPSG:4548 (CGCS2000 GK CM 117E) near Hefei.
Planar areas are exact by construction; the ellipsoidal area is checked against an independent
method (planar area divided by the projection's areal scale factor, pyproj ``get_factors``).
"""

import copy
import json

import geopandas as gpd
import numpy as np
import pytest
from community_governance.processing.engine import conformity
from community_governance.processing.engine.errors import ConfigError
from community_governance.processing.engine.rules import load_ruleset, ruleset_from_dict
from pyproj import CRS, Proj, Transformer
from shapely.geometry import Polygon, box

X0, Y0 = 528000.0, 3520000.0  # ~117.29E 31.80N in EPSG:4548
EPSG = 4548


def sq(x0, y0, x1, y1):
    return box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def frame(geoms, crs=EPSG, **columns):
    data = {k: list(v) for k, v in columns.items()}
    out = gpd.GeoDataFrame(data, geometry=list(geoms), crs=f"EPSG:{crs}")
    out["fid"] = list(range(1, len(out) + 1))
    out.index = out["fid"]
    return out


def plan_frame(geoms, codes=None, **columns):
    n = len(geoms)
    codes = codes or ["070102"] * n
    return frame(geoms, parcel_id=[f"P{i + 1}" for i in range(n)], YDYHFLDM=codes, **columns)


def expected_ellipsoidal(planar_m2, x, y, crs=EPSG):
    """Planar GK area divided by the areal scale factor at (x, y): independent of the engine."""
    lon, lat = Transformer.from_crs(crs, 4490, always_xy=True).transform(x, y)
    factors = Proj(CRS.from_epsg(crs)).get_factors(lon, lat)
    return planar_m2 / factors.areal_scale


@pytest.fixture(scope="module")
def rules():
    return load_ruleset()


def run(plan, controls, ruleset, **kwargs):
    return conformity.evaluate(plan, controls, ruleset, **kwargs)


def verdict(result, rule_id, plan_id):
    rows = result.verdicts[(result.verdicts.rule_id == rule_id) & (result.verdicts.plan_id == plan_id)]
    assert len(rows) == 1
    return rows.iloc[0]


def conflicts_of(result, rule_id, plan_id=None):
    rows = result.conflicts[result.conflicts.rule_id == rule_id]
    if plan_id is not None:
        rows = rows[rows.plan_id == plan_id]
    return rows


def boundary(extent=(-1000, -1000, 1000, 1000)):
    return frame([sq(*extent)], GHFQDM=["01"], GHFQMC=["城镇集中建设区"])


# -- case 1 ----------------------------------------------------------------------------------
def test_case1_clean_project_inside_the_boundary_is_reported_clear(rules):
    plan = plan_frame([sq(0, 0, 100, 100)])
    result = run(
        plan, {"urban_dev_boundary": boundary(), "eco_redline": frame([sq(500, 500, 600, 600)])}, rules
    )
    row = verdict(result, "CZKFBJ_WITHIN", "P1")
    assert row.verdict == "符合" and row.verdict_code == "pass" and row.reason == "checked, no conflict"
    assert verdict(result, "STBHHX_NO_BUILD", "P1").verdict == "符合"
    assert len(conflicts_of(result, "CZKFBJ_WITHIN")) == 0
    assert len(conflicts_of(result, "STBHHX_NO_BUILD")) == 0
    # a layer that was not given is "not checked", never "clear"
    assert verdict(result, "YJJBNT_NO_OCCUPY", "P1").verdict == "未检查"
    # one verdict row per plan feature and enabled rule
    assert len(result.verdicts) == len(rules.enabled_rules())


# -- case 2 ----------------------------------------------------------------------------------
def test_case2_500_m2_on_the_red_line_is_blocking(rules):
    plan = plan_frame([sq(0, 0, 100, 100)])
    red = frame([sq(90, 0, 200, 50)], MC=["某生态红线"])
    result = run(plan, {"eco_redline": red}, rules)
    rows = conflicts_of(result, "STBHHX_NO_BUILD", "P1")
    assert len(rows) == 1
    hit = rows.iloc[0]
    assert hit.verdict == "不符合" and hit.severity == "blocking" and not hit.is_sliver
    assert hit.ovl_area_plan_m2 == pytest.approx(500.0, abs=1e-6)
    ell = expected_ellipsoidal(500.0, X0 + 95, Y0 + 25)
    assert abs(ell - 500.0) > 0.001  # the two conventions do differ here
    assert hit.ovl_area_ell_m2 == pytest.approx(ell, abs=0.01)
    assert hit.ovl_area_mu == pytest.approx(hit.ovl_area_ell_m2 * 3 / 2000)
    assert hit.ovl_area_ha == pytest.approx(hit.ovl_area_ell_m2 / 1e4)
    assert hit.pct_of_proj == pytest.approx(5.0, abs=1e-3)
    assert hit.pct_of_ctrl == pytest.approx(100 * 500 / 5500, abs=1e-3)
    assert hit.ctrl_label == "某生态红线" and "142号" in hit.citation
    assert hit.geometry.area == pytest.approx(500.0)
    assert verdict(result, "STBHHX_NO_BUILD", "P1").verdict == "不符合"


def test_case2b_limited_activity_routes_to_manual_review(rules):
    plan = plan_frame([sq(0, 0, 100, 100), sq(200, 0, 300, 100)], activity_class=[6, None])
    red = frame([sq(90, 0, 210, 50)])
    result = run(plan, {"eco_redline": red}, rules)
    assert verdict(result, "STBHHX_NO_BUILD", "P1").verdict == "需人工复核"
    assert "第6类" in verdict(result, "STBHHX_NO_BUILD", "P1").reason
    assert verdict(result, "STBHHX_NO_BUILD", "P2").verdict == "不符合"
    # a run-wide project attribute fills features that have none
    result = run(plan, {"eco_redline": red}, rules, project_attributes={"activity_class": 1})
    assert verdict(result, "STBHHX_NO_BUILD", "P2").verdict == "需人工复核"


def test_case2c_major_project_on_farmland_is_manual_review_never_pass(rules):
    plan = plan_frame([sq(0, 0, 100, 100)], major_project=[1])
    farm = frame([sq(50, 50, 150, 150)])
    result = run(plan, {"permanent_farmland": farm}, rules)
    row = verdict(result, "YJJBNT_NO_OCCUPY", "P1")
    assert row.verdict == "需人工复核" and row.ovl_area_plan_m2 == pytest.approx(2500.0)


# -- case 3 ----------------------------------------------------------------------------------
def test_case3_sub_square_metre_sliver_is_tolerated_and_logged(rules):
    plan = plan_frame([sq(0, 0, 100, 100)])
    red = frame([sq(100 - 0.006, 0, 200, 100)])  # 0.006 m x 100 m = 0.6 m2
    result = run(plan, {"eco_redline": red}, rules)
    assert verdict(result, "STBHHX_NO_BUILD", "P1").verdict == "符合"
    rows = conflicts_of(result, "STBHHX_NO_BUILD", "P1")
    assert len(rows) == 1  # logged in the conflict layer, not hidden
    hit = rows.iloc[0]
    assert hit.tolerated and hit.verdict == "符合" and hit.is_sliver
    assert hit.ovl_area_plan_m2 == pytest.approx(0.6, abs=1e-6)
    assert hit.tolerance_m2 == pytest.approx(1.0)
    logged = [r for r in result.log if r["event"] == "tolerated" and r["rule_id"] == "STBHHX_NO_BUILD"]
    assert len(logged) == 1 and logged[0]["area_m2"] == pytest.approx(0.6, abs=1e-3)
    json.dumps(result.log)  # the audit log is JSON-able


def test_relative_tolerance_takes_over_on_large_projects(rules):
    plan = plan_frame([sq(0, 0, 1000, 1000)])  # 1e6 m2 -> 0.01 % = 100 m2 tolerance
    red = frame([sq(999.5, 0, 1100, 100)])  # 0.5 x 100 = 50 m2 < 100 m2
    result = run(plan, {"eco_redline": red}, rules)
    hit = conflicts_of(result, "STBHHX_NO_BUILD").iloc[0]
    assert hit.tolerated and hit.tolerance_m2 == pytest.approx(100.0, rel=1e-3)


# -- case 4 ----------------------------------------------------------------------------------
def test_case4_thin_7_9_m2_overlap_is_flagged_not_passed(rules):
    plan = plan_frame([sq(0, 0, 100, 100)])
    farm = frame([sq(0, 100 - 0.079, 100, 200)])  # 0.079 m x 100 m along an east-west edge
    result = run(plan, {"permanent_farmland": farm}, rules)
    row = verdict(result, "YJJBNT_NO_OCCUPY", "P1")
    assert row.verdict == "需人工复核" and row.any_sliver
    hit = conflicts_of(result, "YJJBNT_NO_OCCUPY").iloc[0]
    assert hit.is_sliver and not hit.tolerated
    assert hit.ovl_area_plan_m2 == pytest.approx(7.9, abs=1e-6)
    assert hit.area_per_perimeter_m == pytest.approx(7.9 / (2 * 100 + 2 * 0.079), rel=1e-6)
    assert any(r["event"] == "sliver_flagged" for r in result.log)


def test_a_large_overlap_is_not_a_sliver(rules):
    plan = plan_frame([sq(0, 0, 100, 100)])
    result = run(plan, {"permanent_farmland": frame([sq(0, 99, 100, 200)])}, rules)
    hit = conflicts_of(result, "YJJBNT_NO_OCCUPY").iloc[0]
    assert hit.verdict == "不符合" and not hit.is_sliver  # 100 m2 > 10 m2


# -- case 5 ----------------------------------------------------------------------------------
def test_case5_code_05_for_commercial_land_warns(rules):
    plan = plan_frame([sq(0, 0, 100, 100), sq(200, 0, 300, 100)], codes=["0501", "090101"],
                      YDYHFLMC=["商业用地", "零售商业用地"])  # fmt: skip
    result = run(plan, {}, rules)
    assert [(w["id"], w["status"], w["suggestion"]) for w in result.code_warnings] == [
        ("P1", "classic_mistake", "09")
    ]
    assert any(r["event"] == "code_warning" for r in result.log)


# -- case 8 ----------------------------------------------------------------------------------
def test_case8_geographic_4490_control_layer_against_a_4548_project(rules):
    plan = plan_frame([sq(0, 0, 100, 100)])
    # a 4548 square (50..150 x 20..60), densified every metre, carried to 4490 as lon/lat
    ring = []
    for (xa, ya), (xb, yb) in [
        ((50, 20), (150, 20)),
        ((150, 20), (150, 60)),
        ((150, 60), (50, 60)),
        ((50, 60), (50, 20)),
    ]:
        for t in np.linspace(0, 1, 101)[:-1]:
            ring.append((X0 + xa + t * (xb - xa), Y0 + ya + t * (yb - ya)))
    to_geo = Transformer.from_crs(EPSG, 4490, always_xy=True)
    lon, lat = to_geo.transform(*np.array(ring).T)
    red = gpd.GeoDataFrame({"fid": [7]}, geometry=[Polygon(zip(lon, lat))], crs="EPSG:4490", index=[7])
    result = run(plan, {"eco_redline": red}, rules)
    assert CRS.from_user_input(result.work_crs).to_epsg() == EPSG  # the plan's projected CRS is kept
    hit = conflicts_of(result, "STBHHX_NO_BUILD").iloc[0]
    assert hit.ovl_area_plan_m2 == pytest.approx(50 * 40, abs=0.01)
    assert hit.ovl_area_ell_m2 == pytest.approx(expected_ellipsoidal(2000.0, X0 + 75, Y0 + 40), abs=0.02)
    assert hit.ctrl_fid == 7


def test_geographic_plan_is_worked_in_its_gauss_kruger_zone(rules):
    plan = plan_frame([sq(0, 0, 100, 100)]).to_crs(4490)
    red = frame([sq(90, 0, 200, 50)])
    result = run(plan, {"eco_redline": red}, rules)
    assert CRS.from_user_input(result.work_crs).to_epsg() == 4548  # 117.3E -> CM 117E
    hit = conflicts_of(result, "STBHHX_NO_BUILD").iloc[0]
    assert hit.ovl_area_plan_m2 == pytest.approx(500.0, abs=0.01)


# -- case 9 ----------------------------------------------------------------------------------
def test_case9_three_overlapping_control_features(rules):
    plan = plan_frame([sq(0, 0, 100, 100)])
    red = frame([sq(-10, 0, 10, 10), sq(20, 20, 40, 30), sq(90, 70, 120, 80)], MC=["A", "B", "C"])
    result = run(plan, {"eco_redline": red}, rules)
    rows = conflicts_of(result, "STBHHX_NO_BUILD", "P1").sort_values("ctrl_fid")
    assert list(rows.ctrl_label) == ["A", "B", "C"]
    assert list(np.round(rows.ovl_area_plan_m2, 6)) == [100.0, 200.0, 100.0]
    assert list(np.round(rows.pct_of_ctrl, 3)) == [50.0, 100.0, round(100 * 100 / 300, 3)]
    row = verdict(result, "STBHHX_NO_BUILD", "P1")
    assert row.n_conflicts == 3 and row.ovl_area_plan_m2 == pytest.approx(400.0)


# -- case 10 ---------------------------------------------------------------------------------
def test_case10_self_intersecting_polygon_could_not_be_evaluated(rules):
    bowtie = Polygon([(X0, Y0), (X0 + 100, Y0 + 100), (X0 + 100, Y0), (X0, Y0 + 100)])
    plan = plan_frame([bowtie, sq(200, 0, 300, 100)])
    red = frame([sq(-50, -50, 400, 400)])
    result = run(plan, {"eco_redline": red, "urban_dev_boundary": boundary()}, rules)
    for rule in ("STBHHX_NO_BUILD", "CZKFBJ_WITHIN"):
        bad = verdict(result, rule, "P1")
        assert bad.verdict == "无法评价" and "Self-intersection" in bad.reason
    assert verdict(result, "STBHHX_NO_BUILD", "P2").verdict == "不符合"  # the rest still ran
    assert result.skipped["plan_features_not_evaluated"] == 1
    assert result.overall() == "fail"


def test_repair_invalid_option_makes_the_bowtie_evaluable(rules):
    rules2 = copy.deepcopy(rules)
    rules2.repair_invalid = True
    bowtie = Polygon([(X0, Y0), (X0 + 100, Y0 + 100), (X0 + 100, Y0), (X0, Y0 + 100)])
    result = run(plan_frame([bowtie]), {"eco_redline": frame([sq(-50, -50, 400, 400)])}, rules2)
    row = verdict(result, "STBHHX_NO_BUILD", "P1")
    assert row.verdict == "不符合" and row.ovl_area_plan_m2 == pytest.approx(5000.0)
    assert any(r["event"] == "repaired_geometry" for r in result.log)


def test_a_geos_failure_on_one_pair_is_reported_not_fatal(rules, monkeypatch):
    plan = plan_frame([sq(0, 0, 100, 100), sq(200, 0, 300, 100)])
    red = frame([sq(50, 50, 250, 150)])
    real = conformity.intersection

    def flaky(a, b):
        if a.bounds[0] == X0:
            raise ValueError("TopologyException: side location conflict")
        return real(a, b)

    monkeypatch.setattr(conformity, "intersection", flaky)
    result = run(plan, {"eco_redline": red}, rules)
    bad = verdict(result, "STBHHX_NO_BUILD", "P1")
    assert bad.verdict == "无法评价" and "side location conflict" in bad.reason
    assert verdict(result, "STBHHX_NO_BUILD", "P2").ovl_area_plan_m2 == pytest.approx(2500.0)
    assert any(r["event"] == "could_not_evaluate" for r in result.log)


def test_an_invalid_control_feature_makes_its_pairs_unevaluable(rules):
    bad = Polygon([(X0 + 50, Y0), (X0 + 150, Y0 + 100), (X0 + 150, Y0), (X0 + 50, Y0 + 100)])
    plan = plan_frame([sq(0, 0, 100, 100), sq(500, 500, 600, 600)])
    result = run(plan, {"eco_redline": frame([bad])}, rules)
    assert verdict(result, "STBHHX_NO_BUILD", "P1").verdict == "无法评价"
    assert verdict(result, "STBHHX_NO_BUILD", "P2").verdict == "符合"


# -- other rule types ------------------------------------------------------------------------
def test_must_be_within_reports_the_outside_part(rules):
    plan = plan_frame([sq(0, 0, 100, 100), sq(200, 0, 300, 100), sq(0, 300, 100, 400)],
                      codes=["070102", "070102", "0103"])  # fmt: skip
    czk = frame([sq(-100, -100, 250, 200), sq(250, -100, 260, 200)], GHFQDM=["01", "01"])
    result = run(plan, {"urban_dev_boundary": czk}, rules)
    assert verdict(result, "CZKFBJ_WITHIN", "P1").verdict == "符合"
    row = verdict(result, "CZKFBJ_WITHIN", "P2")  # 40 m of 100 m outside, across two containers
    assert row.verdict == "不符合" and row.ovl_area_plan_m2 == pytest.approx(4000.0)
    # farmland code: the urban-construction rule does not apply
    row = verdict(result, "CZKFBJ_WITHIN", "P3")
    assert row.verdict == "符合" and "not applicable" in row.reason


def test_allowed_codes_pass_inside_the_blue_line(rules):
    plan = plan_frame([sq(0, 0, 100, 100), sq(200, 0, 300, 100)], codes=["1701", "070102"])
    blue = frame([sq(-10, -10, 310, 50)])
    result = run(plan, {"blue_line": blue}, rules)
    assert verdict(result, "LX_NO_FILL", "P1").verdict == "符合"
    assert verdict(result, "LX_NO_FILL", "P2").verdict == "不符合"


def test_purple_line_routes_to_review(rules):
    plan = plan_frame([sq(0, 0, 100, 100)])
    result = run(plan, {"purple_line": frame([sq(50, 0, 150, 100)])}, rules)
    assert verdict(result, "ZX_REVIEW", "P1").verdict == "需人工复核"


def test_use_compatibility_against_the_matrix(rules):
    plan = plan_frame([sq(0, 0, 100, 100), sq(200, 0, 300, 100), sq(400, 0, 500, 100), sq(600, 0, 700, 100)],
                      codes=["070102", "100102", "090101", "0702"])  # fmt: skip
    zones = frame([sq(-10, -10, 650, 200), sq(650, -10, 800, 200)], GHFQDM=["0401", "0404"],
                  GHFQMC=["居住生活区", "工业发展区"])  # fmt: skip
    result = run(plan, {"planning_zone": zones}, rules)
    assert verdict(result, "GHFQ_USE", "P1").verdict == "符合"
    assert verdict(result, "GHFQ_USE", "P2").verdict == "不符合"  # industry in a residential zone
    assert verdict(result, "GHFQ_USE", "P3").verdict == "符合"  # 0901 retail serves the residents
    row = verdict(result, "GHFQ_USE", "P4")  # straddles: 50 m in residential, 50 m in industrial
    assert row.verdict == "需人工复核" and row.ovl_area_plan_m2 == pytest.approx(5000.0)


def test_a_doubtful_code_goes_to_review_not_to_a_verdict(rules):
    plan = plan_frame([sq(0, 0, 100, 100)], codes=["05"], YDYHFLMC=["商业服务业用地"])
    zones = frame([sq(-10, -10, 650, 200)], GHFQDM=["0403"], GHFQMC=["商业商务区"])
    row = verdict(run(plan, {"planning_zone": zones}, rules), "GHFQ_USE", "P1")
    assert row.verdict == "需人工复核" and "probably 09" in row.reason


def test_indicators_against_the_control_unit(rules):
    plan = plan_frame([sq(0, 0, 100, 100), sq(200, 0, 300, 100), sq(400, 0, 500, 100)],
                      RJL=[2.0, 3.5, None], JZMD=[30, 30, 30], LDL=[35, 25, 35], JZGD=[40, 40, 40])  # fmt: skip
    units = frame(
        [sq(-10, -10, 600, 200)], DYBH=["U1"], RJL_MAX=[2.5], JZMD_MAX=[35], LDL_MIN=[30], JZGD_MAX=[60]
    )
    result = run(plan, {"control_unit": units}, rules)
    assert verdict(result, "RJL_MAX", "P1").verdict == "符合"
    bad = verdict(result, "RJL_MAX", "P2")
    assert bad.verdict == "不符合" and "3.5" in bad.reason
    hit = conflicts_of(result, "RJL_MAX", "P2").iloc[0]
    assert hit.expected == "RJL <= 2.5" and hit.actual == "3.5"
    assert verdict(result, "RJL_MAX", "P3").verdict == "需人工复核"  # unknown, never invented
    assert verdict(result, "LDL_MIN", "P2").verdict == "不符合"
    assert verdict(result, "LDL_MIN", "P1").verdict == "符合"


def test_min_distance_rule():
    data = {
        "version": 1,
        "rules": [
            {
                "id": "SETBACK",
                "name": {"zh": "退让", "en": "Setback"},
                "group": "control_lines",
                "type": "min_distance",
                "layer": {"role": "road_red_line"},
                "distance_m": 5,
                "severity": "minor",
                "citation": "test",
            }
        ],
    }
    ruleset = ruleset_from_dict(data)
    plan = plan_frame([sq(0, 0, 100, 100), sq(200, 0, 300, 100)])
    road = frame([sq(103, -50, 110, 150)])  # 3 m from P1, 90 m from P2
    result = run(plan, {"road_red_line": road}, ruleset)
    hit = conflicts_of(result, "SETBACK", "P1").iloc[0]
    assert hit.min_dist_m == pytest.approx(3.0) and hit.ovl_area_plan_m2 == pytest.approx(2 * 100)
    assert verdict(result, "SETBACK", "P2").verdict == "符合"


def test_where_filter_on_the_control_layer():
    data = json.loads(json.dumps({
        "version": 1,
        "rules": [{
            "id": "WITHIN_01", "name": {"zh": "集中建设区", "en": "Core"}, "group": "three_lines",
            "type": "must_be_within", "layer": {"role": "urban_dev_boundary", "where": {"field": "GHFQDM", "in": ["01"]}},
            "severity": "major", "citation": "test",
        }],
    }))  # fmt: skip
    plan = plan_frame([sq(0, 0, 100, 100)])
    czk = frame([sq(-100, -100, 50, 200), sq(50, -100, 200, 200)], GHFQDM=["01", "02"])
    result = run(plan, {"urban_dev_boundary": czk}, ruleset_from_dict(data))
    assert verdict(result, "WITHIN_01", "P1").ovl_area_plan_m2 == pytest.approx(5000.0)


# -- rule files ------------------------------------------------------------------------------
def test_default_rule_set_is_valid_and_cited(rules):
    assert {r.group for r in rules.rules} == {"three_lines", "control_lines", "zoning", "indicators"}
    assert all(r.citation for r in rules.rules)
    for alias, role in [("STBHHX", "eco_redline"), ("YJJBNTTB", "permanent_farmland"), ("绿地系统线", "green_line"),
                        ("水体保护线", "blue_line"), ("历史文化保护线", "purple_line"),
                        ("基础设施建设控制线", "yellow_line"), ("main.CZKFBJ", "urban_dev_boundary"),
                        ("ZXCQCSLVX", "green_line"), ("ZXCQCSLX", "blue_line"), ("KZDY", "control_unit"),
                        ("某市_STBHHX_2023", "eco_redline"), ("roads", None)]:  # fmt: skip
        assert rules.role_for_layer_name(alias) == role, alias


def test_an_invalid_rule_file_names_the_problem(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("version: 1\nrules:\n  - id: X\n    type: forbid_overlap\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_ruleset(path)
    assert info.value.params["file"] == str(path) and "rules/0" in info.value.params["detail"]
    path.write_text("version: 1\nrules: [\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_ruleset(path)


def test_bbox_pairs_matches_brute_force():
    rng = np.random.default_rng(3)
    a = rng.uniform(0, 100, (300, 2))
    a = np.hstack([a, a + rng.uniform(0, 5, (300, 2))])
    b = rng.uniform(0, 100, (40, 2))
    b = np.hstack([b, b + rng.uniform(0, 30, (40, 2))])
    ia, ib = conformity.bbox_pairs(a, b, expand=1.0)
    got = set(zip(ia.tolist(), ib.tolist()))
    want = {
        (i, j)
        for i in range(300)
        for j in range(40)
        if a[i, 0] <= b[j, 2] + 1
        and a[i, 2] >= b[j, 0] - 1
        and a[i, 1] <= b[j, 3] + 1
        and a[i, 3] >= b[j, 1] - 1
    }
    assert got == want and len(want) > 50


def test_geodesic_area_reads_holes_and_parts_from_the_wkb():
    from shapely.geometry import GeometryCollection, LineString, MultiPolygon

    holed = Polygon(sq(0, 0, 100, 100).exterior.coords, [sq(40, 40, 60, 60).exterior.coords])
    multi = MultiPolygon([holed, sq(200, 0, 250, 20)])
    mixed = GeometryCollection([sq(0, 0, 10, 10), LineString([(X0, Y0), (X0 + 5, Y0 + 5)])])
    areas = conformity.geodesic_area_m2([holed, multi, mixed, None], f"EPSG:{EPSG}")
    assert areas[0] == pytest.approx(expected_ellipsoidal(9600.0, X0 + 50, Y0 + 50), abs=1e-3)
    assert areas[1] == pytest.approx(expected_ellipsoidal(10600.0, X0 + 100, Y0 + 50), abs=2e-3)
    assert areas[2] == pytest.approx(expected_ellipsoidal(100.0, X0 + 5, Y0 + 5), abs=1e-4)
    assert areas[3] == 0.0


def test_a_thin_overlap_on_a_non_hard_line_passes_flagged_and_logged(rules):
    assert not next(r for r in rules.rules if r.id == "DLHX_NO_BUILD").hard
    plan = plan_frame([sq(0, 0, 100, 100)])
    road = frame([sq(0, 100 - 0.079, 100, 130)])  # the same 7.9 m2 thin strip, on the road red line
    result = run(plan, {"road_red_line": road}, rules)
    row = verdict(result, "DLHX_NO_BUILD", "P1")
    assert row.verdict == "符合" and row.any_sliver
    hit = conflicts_of(result, "DLHX_NO_BUILD").iloc[0]
    assert hit.is_sliver and hit.verdict == "符合" and "non-hard" in hit.reason
    assert any(r["event"] == "sliver_passed" for r in result.log)
