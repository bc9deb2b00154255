"""The health-check report on partial results, and the optional trajectory step of the model."""

import json

import processing
from qgis.core import QgsVectorLayer


def test_trajectory_step_without_trajectories_writes_empty_outputs_and_says_so(
    processing_provider, demo_gpkg, tmp_path
):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    class Recorder(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.warnings = []

        def pushWarning(self, text):
            self.warnings.append(text)

    feedback = Recorder()
    result = processing.run(
        "communitygov:trajectorylifecircles",
        {
            "COMMUNITIES": f"{demo_gpkg}|layername=communities",
            "OUTPUT": str(tmp_path / "circles.gpkg"),
            "STATS": str(tmp_path / "stats.gpkg"),
            "DENSITY": str(tmp_path / "density.tif"),
        },
        context=QgsProcessingContext(),
        feedback=feedback,
    )
    assert result["RESIDENTS"] == 0
    assert QgsVectorLayer(result["OUTPUT"]).featureCount() == 0
    assert QgsVectorLayer(result["STATS"]).featureCount() == 0
    assert any("No trajectories" in w for w in feedback.warnings)


def test_report_on_gaps_only_reports_the_other_steps_as_not_run(processing_provider, demo_gpkg, tmp_path):
    layer = f"{demo_gpkg}|layername="
    gaps = processing.run(
        "communitygov:facilitygaps",
        {
            "ROADS": layer + "roads",
            "RESIDENTIAL": layer + "residential",
            "FACILITIES": layer + "facilities",
            "OUTPUT": str(tmp_path / "units.gpkg"),
            "COMMUNITIES": str(tmp_path / "communities.gpkg"),
        },
    )
    report = processing.run(
        "communitygov:healthcheckreport",
        {
            "COMMUNITIES": layer + "communities",
            "ROADS": layer + "roads",
            "GAP_UNITS": gaps["OUTPUT"],
            "GAP_COMMUNITIES": gaps["COMMUNITIES"],
            "OUTPUT": str(tmp_path / "report.html"),
            "SUMMARY": str(tmp_path / "summary.json"),
        },
    )
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["conformity"] is None and summary["warnings"] is None and summary["sites"] is None
    units = QgsVectorLayer(gaps["OUTPUT"])
    kindergarten = next(r for r in summary["gaps"]["residents_outside"] if r["fac_type"] == "kindergarten")
    outside = sum(f["pop_total"] for f in units.getFeatures() if not f["ok_kindergarten"])
    assert kindergarten["residents_outside"] == round(outside)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.count("本次未运行此步骤。") >= 4  # quality, trajectory, sites, conformity, warnings
    assert "data:image/png;base64," in html  # maps rendered by QGIS
    assert report["OUTPUT"].endswith("report.html")
