"""communitygov:dataquality through processing.run, on the hand-built fixtures of tests/data/quality."""

import hashlib
import shutil
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

DATA = Path(__file__).resolve().parent.parent / "data" / "quality"
X0, Y0 = 500000.0, 3520000.0


def run(path, tmp_path, layer_name=None, **extra):
    import processing
    from qgis.core import QgsVectorLayer

    source = str(path)
    if layer_name is not None:
        layer = QgsVectorLayer(source, layer_name, "ogr")
        assert layer.isValid()
        source = layer
    params = {
        "INPUT": source,
        "SCHEMA": 0,
        "ERRORS": "memory:",
        "SUMMARY": "memory:",
        "REPORT": str(tmp_path / "report.html"),
    }
    params.update(extra)
    return processing.run("communitygov:dataquality", params)


def features(layer):
    names = layer.fields().names()
    return [dict(zip(names, f.attributes())) | {"_geom": f.geometry()} for f in layer.getFeatures()]


def schema_index(name):
    from community_governance.processing.algorithms.data_quality import SCHEMA_CHOICES

    return SCHEMA_CHOICES.index(name)


def test_schema_choices_are_the_shipped_schemas(processing_provider):
    from community_governance.processing.algorithms.data_quality import SCHEMA_CHOICES, schema_titles
    from community_governance.processing.engine import quality

    assert set(SCHEMA_CHOICES[1:]) == set(quality.available_schemas())
    assert len(schema_titles()) == len(SCHEMA_CHOICES)


def test_errors_summary_and_report(processing_provider, tmp_path):
    result = run(DATA / "invalid_bowtie.geojson", tmp_path, SCHEMA=schema_index("plan_parcels"))
    assert result["PASSED"] == 0 and result["ERROR_COUNT"] >= 1
    found = features(result["ERRORS"])
    invalid = [f for f in found if f["check_id"] == "geometry.invalid"]
    assert len(invalid) == 1 and invalid[0]["record_id"] == "P5" and invalid[0]["severity"] == "error"
    point = invalid[0]["_geom"].asPoint()
    assert (point.x(), point.y()) == pytest.approx((X0 + 150.0, Y0 + 150.0), abs=1e-6)  # the crossing
    assert "Self-intersection" in invalid[0]["message_en"] and "自相交" in invalid[0]["message_zh"]
    assert result["ERRORS"].crs().authid() == "EPSG:4548"
    summary = {(f["check_id"], f["severity"]): f["count"] for f in features(result["SUMMARY"])}
    assert summary[("geometry.invalid", "error")] == 1
    assert sum(summary.values()) == len(found)
    text = Path(result["REPORT"]).read_text(encoding="utf-8")
    assert "geometry.invalid" in text and "P5" in text


def test_clean_layer_passes(processing_provider, tmp_path):
    result = run(DATA / "clean_parcels.geojson", tmp_path, SCHEMA=schema_index("plan_parcels"))
    assert result["PASSED"] == 1 and result["ERROR_COUNT"] == 0 and result["WARNING_COUNT"] == 0
    assert result["SCORE"] == 100.0 and result["FEATURE_COUNT"] == 9
    assert result["ERRORS"].featureCount() == 0


def test_automatic_schema_by_layer_name(processing_provider, tmp_path):
    result = run(DATA / "overlap.geojson", tmp_path, layer_name="plan_parcels")
    overlaps = [f for f in features(result["ERRORS"]) if f["check_id"] == "topology.overlap"]
    assert [(f["record_id"], f["related"]) for f in overlaps] == [("P6", "P5")]


def test_unknown_layer_name_asks_for_a_schema(processing_provider, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="mystery"):
        run(DATA / "overlap.geojson", tmp_path, layer_name="mystery")


def test_fail_on_errors_stops_with_a_translated_message(processing_provider, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="did not pass the data-quality gate"):
        run(DATA / "id_duplicate.geojson", tmp_path, SCHEMA=schema_index("plan_parcels"), FAIL_ON_ERRORS=True)
    # warnings alone do not stop it
    result = run(
        DATA / "unit_fraction.geojson", tmp_path, SCHEMA=schema_index("plan_parcels"), FAIL_ON_ERRORS=True
    )
    assert result["PASSED"] == 1 and result["WARNING_COUNT"] == 1


def test_repaired_copy_never_touches_the_input(processing_provider, tmp_path):
    source = tmp_path / "zone_prefix.geojson"
    shutil.copy(DATA / "crs_zone_prefix.geojson", source)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    result = run(
        source,
        tmp_path,
        SCHEMA=schema_index("plan_parcels"),
        REPAIRED=str(tmp_path / "repaired.gpkg"),
        TARGET_CRS="EPSG:4490",
        RENAME_FIELDS=True,
    )
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    repaired = gpd.read_file(result["REPAIRED"])
    assert repaired.crs.to_epsg() == 4490
    back = repaired.to_crs(4548)
    p3 = back[back["parcel_id"] == "P3"].geometry.iloc[0]
    assert p3.bounds == pytest.approx((X0 + 200.0, Y0, X0 + 300.0, Y0 + 100.0), abs=1e-3)  # prefix removed
    assert len(repaired) == 9
    # the repaired copy passes the gate (in its new CRS)
    again = run(result["REPAIRED"], tmp_path, SCHEMA=schema_index("plan_parcels"))
    assert again["ERROR_COUNT"] == 0


def test_gbk_shapefile_without_cpg(processing_provider, tmp_path):
    """A GBK .dbf without .cpg is read as UTF-8 by QGIS: the text is lost and the gate says so;
    with a .cpg saying GBK the same file passes."""
    frame = gpd.GeoDataFrame(
        {
            "res_id": ["H1", "H2"],
            "name": ["幸福里小区", "阳光花园"],
            "community_id": ["C01", "C01"],
            "pop_total": [10, 20],
        },
        geometry=[box(X0, Y0, X0 + 100, Y0 + 100), box(X0 + 100, Y0, X0 + 200, Y0 + 100)],
        crs=4548,
    )
    path = tmp_path / "residential.shp"
    frame.to_file(path, encoding="gbk")
    cpg = tmp_path / "residential.cpg"
    cpg.unlink(missing_ok=True)
    result = run(path, tmp_path, SCHEMA=schema_index("residential"))
    garbled = [f for f in features(result["ERRORS"]) if f["check_id"].startswith("encoding.")]
    assert {f["record_id"] for f in garbled} == {"H1", "H2"} and result["PASSED"] == 0
    cpg.write_text("GBK", encoding="ascii")
    result = run(path, tmp_path, SCHEMA=schema_index("residential"))
    assert result["PASSED"] == 1 and result["ERROR_COUNT"] == 0
