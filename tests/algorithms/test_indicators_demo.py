"""communitygov:indicators on the demo GeoPackage: the planted anomalies of known_truth.json raise
the expected warnings and nothing else does; the warnings layer is styled and the report has a
chart per warning."""

import json

import pandas as pd


def demo_layer(demo_gpkg, name):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{demo_gpkg}|layername={name}", name, "ogr")
    assert layer.isValid(), name
    return layer


def test_demo_anomalies_raise_the_expected_warnings_and_nothing_else(
    processing_provider, demo_gpkg, tmp_path
):
    import processing
    from community_governance.processing.engine import indicators as engine

    anomalies = json.loads((demo_gpkg.parent / "known_truth.json").read_text(encoding="utf-8"))["monitoring"][
        "anomalies"
    ]
    report = tmp_path / "indicators.html"
    result = processing.run(
        "communitygov:indicators",
        {
            "UNITS": demo_layer(demo_gpkg, "communities"),
            "SENSORS": demo_layer(demo_gpkg, "sensors"),
            "OBSERVATIONS": demo_layer(demo_gpkg, "sensor_observations"),
            "FEEDBACK": demo_layer(demo_gpkg, "feedback"),
            "OUTPUT_TABLE": "memory:",
            "OUTPUT_WARNINGS": str(tmp_path / "warnings.gpkg"),
            "OUTPUT_REPORT": str(report),
        },
    )
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(result["OUTPUT_WARNINGS"], "warnings", "ogr")
    warnings = [{name: feature[name] for name in layer.fields().names()} for feature in layer.getFeatures()]
    assert len(warnings) == result["WARNING_COUNT"] > 0
    system = engine.load_system()

    def explains(warning, anomaly):
        kind = system.indicator(warning["indicator_id"]).source.get("kind")
        begins = pd.Timestamp(warning["first_breach"])
        ends = (
            pd.Timestamp(warning["cleared_at"])
            if warning["cleared_at"]
            else pd.Timestamp("2100-01-01T00:00Z")
        )
        return (
            kind == anomaly["kind"]
            and warning["unit_id"] == anomaly["community_id"]
            and anomaly["sensor_id"] in warning["sources"].split(",")
            and begins < pd.Timestamp(anomaly["end"])
            and ends > pd.Timestamp(anomaly["start"])
        )

    for anomaly in anomalies:
        assert any(explains(w, anomaly) for w in warnings), anomaly
    for warning in warnings:
        assert any(explains(warning, a) for a in anomalies), warning
    # every warning's polygon is its community's
    communities = {
        f["community_id"]: f.geometry() for f in demo_layer(demo_gpkg, "communities").getFeatures()
    }
    for feature in layer.getFeatures():
        assert feature.geometry().equals(communities[feature["unit_id"]])
    # the table holds every community for every window of the night-noise indicator
    table = result["OUTPUT_TABLE"]
    night = [f for f in table.getFeatures() if f["indicator_id"] == "noise_night_leq"]
    assert len({f["unit_id"] for f in night}) == len(communities)
    html = report.read_text(encoding="utf-8")
    assert html.count("<svg") == len(warnings)
    for anomaly in anomalies:
        assert anomaly["community_id"] in html


def test_demo_by_sub_district_locates_sensors_by_position(processing_provider, demo_gpkg, tmp_path):
    """Sub-district units have no population and sensors carry no jd_code: sensors are placed by
    location, per-1000-residents indicators are reported as not evaluated, the noise anomaly is
    still raised for the sub-district."""
    import processing
    from community_governance.processing.engine import indicators as engine

    subdistrict = demo_layer(demo_gpkg, "subdistrict")
    (jd_code,) = [f["jd_code"] for f in subdistrict.getFeatures()]
    result = processing.run(
        "communitygov:indicators",
        {
            "UNITS": subdistrict,
            "UNIT_ID_FIELD": "jd_code",
            "POPULATION_FIELD": "",
            "UNIT_KIND": 2,
            "SENSORS": demo_layer(demo_gpkg, "sensors"),
            "OBSERVATIONS": demo_layer(demo_gpkg, "sensor_observations"),
            "FEEDBACK": demo_layer(demo_gpkg, "feedback"),
            "OUTPUT_TABLE": "memory:",
            "OUTPUT_WARNINGS": "memory:",
            "OUTPUT_REPORT": str(tmp_path / "r.html"),
        },
    )
    warnings = {(f["indicator_id"], f["unit_id"]) for f in result["OUTPUT_WARNINGS"].getFeatures()}
    assert ("noise_night_leq", jd_code) in warnings
    anomalies = json.loads((demo_gpkg.parent / "known_truth.json").read_text(encoding="utf-8"))["monitoring"][
        "anomalies"
    ]
    system = engine.load_system()
    assert {system.indicator(i).source.get("kind") for i, _ in warnings} <= {a["kind"] for a in anomalies}
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "no population field" in html
