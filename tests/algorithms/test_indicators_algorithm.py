"""communitygov:indicators through processing.run on hand-made layers where the answer is known."""

import re

import numpy as np
import pandas as pd
import pytest


def polygon_layer(rows):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer(
        "Polygon?crs=EPSG:4548&field=community_id:string&field=name:string&field=population:integer",
        "communities",
        "memory",
    )
    features = []
    for i, (community, population) in enumerate(rows):
        x = 525000 + 600 * i
        feature = QgsFeature(layer.fields())
        feature.setGeometry(
            QgsGeometry.fromWkt(
                f"POLYGON(({x} 3518800,{x + 600} 3518800,{x + 600} 3519600,{x} 3519600,{x} 3518800))"
            )
        )
        feature.setAttributes([community, f"{community}社区", population])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def point_layer(definition, name, rows):
    """rows: (x, y, [attributes])"""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    layer = QgsVectorLayer(f"Point?crs=EPSG:4548&{definition}", name, "memory")
    features = []
    for x, y, attributes in rows:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feature.setAttributes(list(attributes))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def table_layer(frame, name):
    from qgis.core import QgsFeature, QgsVectorLayer

    spec = "&".join(
        f"field={c}:{'double' if frame[c].dtype.kind == 'f' else 'string'}" for c in frame.columns
    )
    layer = QgsVectorLayer(f"None?{spec}", name, "memory")
    features = []
    for row in frame.itertuples(index=False):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([v.item() if hasattr(v, "item") else v for v in row])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


@pytest.fixture()
def handmade():
    units = polygon_layer([("C01", 2000), ("C02", 3000)])
    # sensors have no community_id: they are placed in their community by location
    sensors = point_layer(
        "field=sensor_id:string&field=kind:string",
        "sensors",
        [
            (525300, 3519200, ["N1", "noise"]),
            (525900, 3519200, ["N2", "noise"]),
            (527000, 3519200, ["N3", "noise"]),
        ],
    )
    times = pd.date_range("2026-03-02T00:00+08:00", periods=24 * 8, freq="H")
    frames = []
    for sid in ("N1", "N2", "N3"):
        values = np.full(len(times), 42.0)
        if sid == "N2":  # nights of 03-04 and 03-05 at 65 dB (orange, >= 60), then quiet again
            night = (times.hour >= 22) | (times.hour < 6)
            values[night & (times >= "2026-03-04T22:00+08:00") & (times < "2026-03-06T06:00+08:00")] = 65.0
        frames.append(
            pd.DataFrame(
                {
                    "sensor_id": sid,
                    "phenomenon_time": times.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
                    "value": values,
                }
            )
        )
    observations = table_layer(pd.concat(frames, ignore_index=True), "sensor_observations")
    return units, sensors, observations


def run(parameters):
    import processing

    return processing.run("communitygov:indicators", parameters)


def test_planted_noise_raises_one_orange_warning_with_its_reason(processing_provider, handmade, tmp_path):
    units, sensors, observations = handmade
    report = tmp_path / "report.html"
    result = run(
        {
            "UNITS": units,
            "SENSORS": sensors,
            "OBSERVATIONS": observations,
            "OUTPUT_TABLE": "memory:",
            "OUTPUT_WARNINGS": "memory:",
            "OUTPUT_REPORT": str(report),
        }
    )
    assert result["WARNING_COUNT"] == 1 and result["ACTIVE_WARNING_COUNT"] == 0
    warnings = result["OUTPUT_WARNINGS"]
    (feature,) = list(warnings.getFeatures())
    assert feature["unit_id"] == "C02" and feature["indicator_id"] == "noise_night_leq"
    assert feature["level"] == 3 and feature["sources"] == "N2"
    assert (
        feature["first_breach"] == "2026-03-04T12:00:00+08:00"
        and feature["raised_at"] == "2026-03-05T12:00:00+08:00"
    )
    assert feature["cleared_at"] == "2026-03-06T12:00:00+08:00"
    assert "N2" in feature["reason"] and "2" in feature["reason"]
    assert feature.geometry().boundingBox().xMinimum() == pytest.approx(525600)  # C02's polygon
    # the table: one row per indicator x unit x window
    table = result["OUTPUT_TABLE"]
    rows = [
        f for f in table.getFeatures() if f["indicator_id"] == "noise_night_leq" and f["unit_id"] == "C02"
    ]
    by_window = {f["window_start"]: f for f in rows}
    first, second = by_window["2026-03-04T12:00:00+08:00"], by_window["2026-03-05T12:00:00+08:00"]
    assert first["value"] == pytest.approx(65.0) and first["breach_level"] == 3 and first["level"] == 0
    assert second["value"] == pytest.approx(65.0) and second["breach_level"] == 3 and second["level"] == 3
    # C01 holds N1 only (N3 lies outside every community: counted, not used)
    from qgis.core import NULL

    c01 = [
        f["value"]
        for f in table.getFeatures()
        if f["indicator_id"] == "noise_night_leq" and f["unit_id"] == "C01"
    ]
    assert c01 and all(v == pytest.approx(42.0) for v in c01 if v != NULL)  # noqa: E711 - QGIS NULL
    html = report.read_text(encoding="utf-8")
    assert html.count("<svg") == 1 and "C02" in html and "GB 3096-2008" in html
    assert re.search(r"sensors outside every unit</td><td>1<", html)


def test_override_file_changes_what_is_raised(processing_provider, handmade, tmp_path):
    units, sensors, observations = handmade
    override = tmp_path / "city.yaml"
    override.write_text(
        "name: test city\nindicators:\n  noise_night_leq:\n    persistence: 3\n", encoding="utf-8"
    )
    result = run(
        {
            "UNITS": units,
            "SENSORS": sensors,
            "OBSERVATIONS": observations,
            "OVERRIDES": str(override),
            "OUTPUT_TABLE": "memory:",
            "OUTPUT_WARNINGS": "memory:",
            "OUTPUT_REPORT": str(tmp_path / "r.html"),
        }
    )
    assert result["WARNING_COUNT"] == 0  # two loud nights no longer persist long enough


def test_results_of_other_tools_and_feedback(processing_provider, tmp_path):
    units = polygon_layer([("C01", 2000), ("C02", 3000)])
    gaps = table_layer(
        pd.DataFrame(
            {
                "community_id": ["C01", "C01", "C02"],
                "fac_type": ["park", "kindergarten", "park"],
                "share_within": [0.95, 0.2, 0.97],
            }
        ),
        "gaps",
    )
    # 10 complaints in each of two weeks inside C01 (no community_id field: located by position)
    feedback = point_layer(
        "field=fb_id:string&field=created_at:string",
        "feedback",
        [
            (525300, 3519200, [f"F{i}", f"2026-03-0{2 + 7 * (i // 10) if i < 10 else 9}T10:00:00+08:00"])
            for i in range(20)
        ],
    )
    result = run(
        {
            "UNITS": units,
            "RESULT_FIELDS": gaps,
            "FEEDBACK": feedback,
            "OUTPUT_TABLE": "memory:",
            "OUTPUT_WARNINGS": "memory:",
            "OUTPUT_REPORT": str(tmp_path / "r.html"),
        }
    )
    got = sorted(
        (f["indicator_id"], f["unit_id"], f["level"]) for f in result["OUTPUT_WARNINGS"].getFeatures()
    )
    # coverage 0.2 (kindergarten, worst type) <= 0.25: red; 10/2 = 5 per 1000 per week for 2 weeks: blue
    assert got == [("facility_coverage_share", "C01", 4), ("feedback_per_1000", "C01", 1)]


def test_no_input_is_a_clear_error(processing_provider, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="at least one input"):
        run({"UNITS": polygon_layer([("C01", 10)]), "OUTPUT_TABLE": "memory:", "OUTPUT_WARNINGS": "memory:"})


def test_missing_field_names_layer_and_field(processing_provider, handmade, tmp_path):
    from qgis.core import QgsProcessingException

    units, sensors, observations = handmade
    with pytest.raises(QgsProcessingException, match="sensors.*no_such"):
        run(
            {
                "UNITS": units, "SENSORS": sensors, "OBSERVATIONS": observations, "SENSOR_KIND_FIELD": "no_such",
                "OUTPUT_TABLE": "memory:", "OUTPUT_WARNINGS": "memory:",
            }
        )  # fmt: skip


def test_every_parameter_has_help_in_both_languages(processing_provider):
    import yaml
    from qgis.core import QgsApplication

    algorithm = QgsApplication.processingRegistry().algorithmById("communitygov:indicators")
    helps = yaml.safe_load((algorithm_help_path()).read_text(encoding="utf-8"))
    names = {p.name() for p in algorithm.parameterDefinitions()}
    assert names == set(helps["en"]["parameters"]) == set(helps["zh"]["parameters"])
    assert algorithm.shortHelpString() and algorithm.group()


def algorithm_help_path():
    from pathlib import Path

    return Path(__file__).resolve().parents[2] / "resources" / "help" / "indicators.yaml"


def test_warnings_layer_is_styled_by_level_when_loaded(processing_provider, handmade, tmp_path):
    import processing
    from qgis.core import QgsProject

    units, sensors, observations = handmade
    result = processing.runAndLoadResults(
        "communitygov:indicators",
        {
            "UNITS": units,
            "SENSORS": sensors,
            "OBSERVATIONS": observations,
            "OUTPUT_TABLE": "TEMPORARY_OUTPUT",
            "OUTPUT_WARNINGS": "TEMPORARY_OUTPUT",
            "OUTPUT_REPORT": str(tmp_path / "r.html"),
        },
    )
    try:
        layer = QgsProject.instance().mapLayer(result["OUTPUT_WARNINGS"])
        assert layer is not None and layer.featureCount() == 1
        renderer = layer.renderer()
        assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "level"
        assert sorted(int(c.value()) for c in renderer.categories()) == [1, 2, 3, 4]
    finally:
        QgsProject.instance().removeAllMapLayers()


def test_evaluation_period_parameters(processing_provider, handmade, tmp_path):
    from qgis.PyQt.QtCore import QDateTime

    units, sensors, observations = handmade
    report = tmp_path / "r.html"
    result = run(
        {
            "UNITS": units,
            "SENSORS": sensors,
            "OBSERVATIONS": observations,
            "PERIOD_START": QDateTime.fromString("2026-03-06T12:00:00", "yyyy-MM-ddTHH:mm:ss"),
            "OUTPUT_TABLE": "memory:",
            "OUTPUT_WARNINGS": "memory:",
            "OUTPUT_REPORT": str(report),
        }
    )
    # the loud nights (03-04, 03-05) are before the period: no warning, and the left-out hours are counted
    assert result["WARNING_COUNT"] == 0
    starts = {f["window_start"] for f in result["OUTPUT_TABLE"].getFeatures()}
    assert min(starts) >= "2026-03-06"
    assert "observations outside the evaluated period" in report.read_text(encoding="utf-8")
