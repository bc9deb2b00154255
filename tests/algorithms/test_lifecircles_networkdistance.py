"""communitygov:networkdistance through processing.run on a hand-built grid with known distances."""

import pytest

X0, Y0 = 500000.0, 3520000.0  # EPSG:4548 near Hefei


def _layer(kind, fields, rows, crs="EPSG:4548"):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    spec = "&".join(f"field={name}:{typ}" for name, typ in fields)
    layer = QgsVectorLayer(f"{kind}?crs={crs}&{spec}", "layer", "memory")
    features = []
    for wkt, *values in rows:
        feature = QgsFeature(layer.fields())
        if wkt is not None:
            feature.setGeometry(QgsGeometry.fromWkt(wkt))
        feature.setAttributes(list(values))
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)
    return layer


def _c(points):
    return ", ".join(f"{X0 + x} {Y0 + y}" for x, y in points)


def roads():
    rows = []
    for j in range(4):
        rows.append((f"LineString({_c([(i * 100.0, j * 100.0) for i in range(4)])})", 1))
    for i in range(4):
        rows.append((f"LineString({_c([(i * 100.0, j * 100.0) for j in range(4)])})", 1))
    return _layer("LineString", [("pedestrian", "integer")], rows)


def demand():
    return _layer(
        "Point",
        [("res_id", "string")],
        [
            (f"Point({_c([(0, -10)])})", "R1"),  # 10 m below the corner
            (f"Point({_c([(300, 300)])})", "R2"),
            (f"Point({_c([(9000, 0)])})", "far"),
        ],
    )


def facilities():
    return _layer(
        "Point",
        [("fac_id", "string"), ("fac_type", "string")],
        [
            (f"Point({_c([(100, 0)])})", "K1", "kindergarten"),
            (f"Point({_c([(300, 200)])})", "K2", "kindergarten"),
            (f"Point({_c([(0, 300)])})", "P1", "park"),
        ],
    )


def run(**parameters):
    import processing

    base = {
        "ROADS": roads(),
        "DEMAND": demand(),
        "DEMAND_ID_FIELD": "res_id",
        "FACILITIES": facilities(),
        "FACILITY_TYPE_FIELD": "fac_type",
        "FACILITY_ID_FIELD": "fac_id",
        "OUTPUT": "memory:",
    }
    base.update(parameters)
    return processing.run("communitygov:networkdistance", base)


def _value(value):
    from qgis.PyQt.QtCore import QVariant

    return None if isinstance(value, QVariant) and value.isNull() else value


def rows_of(layer):
    return {
        f["demand_id"]: dict(zip(layer.fields().names(), map(_value, f.attributes())))
        for f in layer.getFeatures()
    }


def test_nearest_distance_and_id_per_type(processing_provider):
    result = run()
    rows = rows_of(result["OUTPUT"])
    assert result["SNAP_FAILED"] == 1 and result["FACILITIES_SNAP_FAILED"] == 0
    r1, r2 = rows["R1"], rows["R2"]
    assert r1["snap_m"] == pytest.approx(10.0)
    assert (r1["kindergarten_m"], r1["kindergarten_id"]) == (pytest.approx(110.0), "K1")
    assert (r2["kindergarten_m"], r2["kindergarten_id"]) == (pytest.approx(100.0), "K2")
    assert (r1["park_m"], r1["park_id"]) == (pytest.approx(310.0), "P1")
    assert r2["park_m"] == pytest.approx(300.0)
    assert r1["all_types_m"] == pytest.approx(310.0)
    far = rows["far"]
    assert far["kindergarten_m"] is None and far["kindergarten_id"] is None and far["all_types_m"] is None


def test_cutoff_and_od_table(processing_provider):
    result = run(CUTOFF=200, OD_OUTPUT="memory:")
    rows = rows_of(result["OUTPUT"])
    assert rows["R1"]["park_m"] is None and rows["R1"]["all_types_m"] is None
    assert rows["R1"]["kindergarten_m"] == pytest.approx(110.0)
    od = sorted(
        (f["demand_id"], f["facility_id"], f["fac_type"], round(f["cost_m"], 6))
        for f in result["OD_OUTPUT"].getFeatures()
    )
    assert od == [("R1", "K1", "kindergarten", 110.0), ("R2", "K2", "kindergarten", 100.0)]
    assert result["OD_PAIRS"] == 2


def test_od_table_needs_a_cutoff(processing_provider):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException):
        run(OD_OUTPUT="memory:")


def test_without_type_field_all_facilities_are_one_type(processing_provider):
    result = run(FACILITY_TYPE_FIELD=None)
    rows = rows_of(result["OUTPUT"])
    assert (rows["R1"]["nearest_m"], rows["R1"]["nearest_id"]) == (pytest.approx(110.0), "K1")
    assert rows["R2"]["nearest_m"] == pytest.approx(100.0)


def test_curved_roads_are_walked_along_the_arc(processing_provider):
    import math

    arc = _layer(
        "CompoundCurve",
        [("pedestrian", "integer")],
        [(f"CompoundCurve(CircularString({_c([(0, 0), (100, 100), (200, 0)])}))", 1)],
    )
    result = run(
        ROADS=arc,
        DEMAND=_layer("Point", [("res_id", "string")], [(f"Point({_c([(0, 0)])})", "W")]),
        FACILITIES=_layer("Point", [("fac_id", "string")], [(f"Point({_c([(200, 0)])})", "E")]),
        FACILITY_TYPE_FIELD=None,
    )
    row = rows_of(result["OUTPUT"])["W"]
    assert row["nearest_m"] == pytest.approx(math.pi * 100.0, rel=1e-3)
