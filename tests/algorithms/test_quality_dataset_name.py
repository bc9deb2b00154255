"""A layer inside a GeoPackage is known by its table name: the gate finds its schema by that name
and names it in every finding."""

import processing
from qgis.core import QgsVectorLayer


def test_gate_on_a_geopackage_table_uses_the_table_name(processing_provider, demo_gpkg, tmp_path):
    result = processing.run(
        "communitygov:dataquality",
        {
            "INPUT": f"{demo_gpkg}|layername=residential",
            "SCHEMA": 0,  # automatic: by the layer's name
            "ERRORS": str(tmp_path / "errors.gpkg"),
            "SUMMARY": str(tmp_path / "summary.gpkg"),
        },
    )
    errors = list(QgsVectorLayer(result["ERRORS"]).getFeatures())
    assert {f["layer"] for f in errors} == {"residential"}
    assert "H0037" in {f["record_id"] for f in errors}  # the planted self-intersection
