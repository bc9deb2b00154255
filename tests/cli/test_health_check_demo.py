"""`make demo`: the health-check model on the demo community through qgis_process, checked
against the demo's known truth, and the QGIS project it writes."""

import json
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory, pytestconfig):
    root = pytestconfig.rootpath
    output = tmp_path_factory.mktemp("demo_output")
    ran = subprocess.run(
        [sys.executable, str(root / "scripts" / "demo.py"), "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    summary = json.loads((output / "health_check_summary.json").read_text(encoding="utf-8"))
    truth = json.loads((root / "resources" / "demo" / "known_truth.json").read_text(encoding="utf-8"))
    return output, summary, truth, ran.stdout


def test_every_planted_gap_is_reported_and_no_served_pair_is(demo_run):
    _output, summary, truth, _stdout = demo_run
    pairs = {tuple(pair) for pair in summary["gaps"]["pairs"]}
    planted = {(g["community_id"], g["fac_type"]) for g in truth["facility_gaps"]}
    served = {(g["community_id"], g["fac_type"]) for g in truth["facility_served"]}
    assert planted <= pairs
    assert not (served & pairs)


def test_conflicting_parcels_fail_and_clear_parcels_do_not_appear(demo_run):
    _output, summary, truth, _stdout = demo_run
    listed = {c["plan_id"] for c in summary["conformity"]["conflicts"]}
    conflicts = {c["parcel_id"] for c in truth["conformity"]["conflicts"]}
    assert conflicts <= listed
    assert not (set(truth["conformity"]["clear_parcels"]) & listed)
    assert summary["conformity"]["by_verdict"]["fail"] >= len(conflicts)


def test_planted_anomalies_raise_warnings_in_their_communities_only(demo_run):
    _output, summary, truth, _stdout = demo_run
    warned = {w["unit_id"] for w in summary["warnings"]}
    assert warned == {a["community_id"] for a in truth["monitoring"]["anomalies"]}


def test_sites_are_proposed_among_the_candidates(demo_run, demo_gpkg):
    _output, summary, _truth, _stdout = demo_run
    import geopandas as gpd

    chosen = [s["site_id"] for s in summary["sites"]["chosen"]]
    candidates = set(gpd.read_file(demo_gpkg, layer="candidate_sites")["site_id"])
    assert len(chosen) == 2 and set(chosen) <= candidates  # site_count=2 in the demo
    coverage = summary["sites"]["coverage"]
    assert coverage and all(row["share_after"] >= row["share_before"] for row in coverage)
    assert any(row["share_after"] > row["share_before"] for row in coverage)


def test_the_gates_catch_the_deliberate_defects(demo_run):
    _output, summary, truth, _stdout = demo_run
    gated = {"roads", "residential", "facilities", "candidate_sites"}
    found = {str(issue["record_id"]) for issue in summary["quality"]["issues"]}
    planted = {str(d["id"]) for d in truth["quality"]["defects"] if d["layer"] in gated}
    assert planted <= found


def test_the_project_opens_with_every_result_styled(demo_run, qgis_app):
    from qgis.core import QgsProject

    output, _summary, _truth, stdout = demo_run
    assert "Residents outside the standard walking radius" in stdout
    project = QgsProject()
    assert project.read(str(output / "health_check.qgz"))
    layers = list(project.mapLayers().values())
    assert all(layer.isValid() for layer in layers)
    names = {layer.name() for layer in layers}
    assert {
        "walking_life_circles",
        "facility_gaps_units",
        "proposed_sites",
        "conformity_conflicts",
        "warnings",
    } <= names
    gaps = project.mapLayersByName("facility_gaps_units")[0]
    assert gaps.renderer().type() != "singleSymbol"  # the gap style, not QGIS's default


def test_the_report_says_what_it_came_from(demo_run):
    output, _summary, _truth, _stdout = demo_run
    html = (output / "health_check_report.html").read_text(encoding="utf-8")
    assert "facility type to site</td><td>kindergarten" in html  # the model's parameters
    assert "community_demo.gpkg" in html  # the data
    assert html.count("data:image/png;base64,") >= 5  # maps rendered by QGIS
    assert "社区体检报告" in html and "Community health check report" in html  # both languages
