#!/usr/bin/env python3
"""`make demo`: the community health check on the bundled demo community, through qgis_process.

Runs the shipped model "Community health check" (communitygov:community_health_check) on
resources/demo/community_demo.gpkg, writes every result into OUTPUT/health_check.gpkg, the
reports as HTML, a QGIS project (OUTPUT/health_check.qgz) with every layer styled, and prints
the key figures.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo" / "community_demo.gpkg"
STYLES = ROOT / "resources" / "styles"
MODEL_ID = "communitygov:community_health_check"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from qgis_process import Profile  # noqa: E402

INPUT_LAYERS = (
    "roads",
    "residential",
    "communities",
    "facilities",
    "candidate_sites",
    "plan_parcels",
    "trajectories",
    "sensors",
    "sensor_observations",
    "feedback",
)
# model output -> (table in the GeoPackage, style) ; tables without a style have no geometry
LAYER_OUTPUTS = {
    "gate_roads:quality_errors_roads": ("quality_errors_roads", "quality_errors.qml"),
    "gate_residential:quality_errors_residential": ("quality_errors_residential", "quality_errors.qml"),
    "gate_facilities:quality_errors_facilities": ("quality_errors_facilities", "quality_errors.qml"),
    "gate_candidate_sites:quality_errors_candidate_sites": (
        "quality_errors_candidate_sites",
        "quality_errors.qml",
    ),
    "walking:walking_life_circles": ("walking_life_circles", "lifecircles.qml"),
    "trajectory:trajectory_life_circles": ("trajectory_life_circles", "trajectory_life_circles.qml"),
    "trajectory:trajectory_statistics": ("trajectory_statistics", None),
    "gaps:facility_gaps_units": ("facility_gaps_units", "facility_gaps.qml"),
    "gaps:facility_gaps_communities": ("facility_gaps_communities", None),
    "siting:proposed_sites": ("proposed_sites", "facility_sites.qml"),
    "siting:siting_coverage": ("siting_coverage", None),
    "conformity:conformity_conflicts": ("conformity_conflicts", "conformity_conflicts.qml"),
    "conformity:conformity_verdicts": ("conformity_verdicts", None),
    "indicators:indicator_values": ("indicator_values", None),
    "indicators:warnings": ("warnings", "warnings.qml"),
}
FILE_OUTPUTS = {
    "trajectory:activity_density": "activity_density.tif",
    "gaps:facility_gaps_report": "facility_gaps_report.html",
    "conformity:conformity_report": "conformity_report.html",
    "indicators:indicator_report": "indicator_report.html",
    "report:health_check_report": "health_check_report.html",
    "report:health_check_summary": "health_check_summary.json",
}
# the demo's own layers shown under the results in the project, top first
BASE_LAYERS = (
    "facilities",
    "candidate_sites",
    "residential",
    "plan_parcels",
    "roads",
    "communities",
    "subdistrict",
)


def model_arguments(output: Path, gpkg: Path) -> list:
    arguments = [f"{name}={DEMO}|layername={name}" for name in INPUT_LAYERS]
    arguments += [
        f"onemap={DEMO}",
        "site_type=kindergarten",
        "site_count=2",
        "title=示例街道 Demo sub-district",
    ]
    for name, (table, _style) in LAYER_OUTPUTS.items():
        arguments.append(f"{name}=ogr:dbname='{gpkg}' table=\"{table}\" (geom)")
    for name, filename in FILE_OUTPUTS.items():
        arguments.append(f"{name}={output / filename}")
    return arguments


def run_model(output: Path) -> float:
    gpkg = output / "health_check.gpkg"
    if gpkg.exists():
        gpkg.unlink()
    profile = Profile(Path(tempfile.mkdtemp(prefix="communitygov-demo-profile-")))
    started = time.perf_counter()
    ran = profile.run(["run", MODEL_ID, "--", *model_arguments(output, gpkg)])
    elapsed = time.perf_counter() - started
    (output / "qgis_process.log").write_text(ran.stdout + ran.stderr, encoding="utf-8")
    if ran.returncode != 0:
        sys.stderr.write(ran.stdout[-4000:] + ran.stderr[-4000:])
        sys.exit(f"the health check failed; full log: {output / 'qgis_process.log'}")
    return elapsed


def build_project(output: Path) -> Path:
    """A QGIS project with every result styled over the demo's own layers."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication, QgsProject, QgsRasterLayer, QgsVectorLayer

    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    project.setTitle("社区体检 Community health check")
    gpkg = output / "health_check.gpkg"
    root = project.layerTreeRoot()
    results = root.addGroup("社区体检结果 Health check results")
    base = root.addGroup("示例社区 Demo community")
    for table, style in LAYER_OUTPUTS.values():
        layer = QgsVectorLayer(f"{gpkg}|layername={table}", table, "ogr")
        if not layer.isValid():
            continue
        if style:
            layer.loadNamedStyle(str(STYLES / style))
        project.addMapLayer(layer, False)
        node = results.addLayer(layer)
        node.setItemVisibilityChecked(
            table in ("facility_gaps_units", "proposed_sites", "conformity_conflicts", "warnings")
        )
    density = QgsRasterLayer(str(output / FILE_OUTPUTS["trajectory:activity_density"]), "activity_density")
    if density.isValid():
        project.addMapLayer(density, False)
        results.addLayer(density).setItemVisibilityChecked(False)
    for name in BASE_LAYERS:
        layer = QgsVectorLayer(f"{DEMO}|layername={name}", name, "ogr")
        layer.loadNamedStyle(str(STYLES / f"demo_{name}.qml"))
        project.addMapLayer(layer, False)
        base.addLayer(layer)
    project.setCrs(project.mapLayersByName("communities")[0].crs())
    path = output / "health_check.qgz"
    project.write(str(path))
    app.exitQgis()
    return path


def print_summary(output: Path, elapsed: float) -> None:
    summary = json.loads((output / FILE_OUTPUTS["report:health_check_summary"]).read_text(encoding="utf-8"))
    print(f"\n社区体检 Community health check — demo community, {elapsed:.0f} s\n")
    gaps = summary.get("gaps") or {}
    print("Residents outside the standard walking radius (标准半径外居民):")
    for row in gaps.get("residents_outside", []):
        radius = f"{row['radius_m']:.0f} m" if row["radius_m"] else "–"
        print(
            f"  {row['fac_type']:<18} {radius:>7}  {row['residents_outside']:>7,}  ({100 * row['share_outside']:.0f}%)"
        )
    print("Top gaps (主要缺口):")
    for row in gaps.get("top", [])[:5]:
        print(
            f"  {row['community_id']}  {row['fac_type']:<18} {row['demand_group']:<16} "
            f"{100 * row['share_demand']:.0f}% within, {row['uncovered_demand']:,.0f} uncovered"
        )
    conformity = summary.get("conformity") or {}
    verdicts = conformity.get("by_verdict", {})
    print(
        f"Conformity (规划符合性): {verdicts.get('fail', 0)} parcels do not conform, "
        f"{verdicts.get('review', 0)} need manual review, {verdicts.get('pass', 0)} conform"
    )
    warnings = summary.get("warnings") or []
    print(f"Warnings raised (预警): {len(warnings)}")
    for warning in warnings:
        print(f"  {warning['unit_id']}  {warning['indicator']}  {warning.get('level_name')}")
    sites = (summary.get("sites") or {}).get("chosen", [])
    print(
        "Proposed sites (建议选址): "
        + ", ".join(f"{s['site_id']} (+{s.get('new_pop_total', 0):,.0f})" for s in sites)
    )
    quality = summary.get("quality") or {}
    print(
        f"Data quality (数据质检): {quality.get('errors', 0)} errors, {quality.get('warnings', 0)} warnings"
    )
    print(f"\nReport:  {output / FILE_OUTPUTS['report:health_check_report']}")
    print(f"Project: {output / 'health_check.qgz'}")
    print(f"Data:    {output / 'health_check.gpkg'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", default="demo_output", help="folder for the results")
    output = Path(parser.parse_args().output).resolve()
    output.mkdir(parents=True, exist_ok=True)
    print(f"Running the community health check on {DEMO.name} through qgis_process …")
    elapsed = run_model(output)
    build_project(output)
    print_summary(output, elapsed)


if __name__ == "__main__":
    main()
