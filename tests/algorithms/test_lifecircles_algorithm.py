"""communitygov:walkinglifecircles through processing.run on hand-built layers with known answers."""

import pytest

X0, Y0 = 500000.0, 3520000.0  # EPSG:4548 near Hefei


def _layer(kind, crs, fields, rows):
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


def _coords(points):
    return ", ".join(f"{X0 + x} {Y0 + y}" for x, y in points)


def grid_roads(n=4, step=100.0, crs="EPSG:4548"):
    rows = []
    for j in range(n):
        rows.append((f"LineString({_coords([(i * step, j * step) for i in range(n)])})", 1))
    for i in range(n):
        rows.append((f"LineString({_coords([(i * step, j * step) for j in range(n)])})", 1))
    # a motorway not walkable, straight through the middle, joined at both ends
    rows.append((f"LineString({_coords([(0, 0), (300, 300)])})", 0))
    return _layer("LineString", crs, [("pedestrian", "integer")], rows)


def origins_layer(crs="EPSG:4548"):
    rows = [
        (f"Point({_coords([(0, 0)])})", "A", "g1"),
        (f"Point({_coords([(300, 300)])})", "B", "g1"),
        (f"Point({_coords([(5000, 5000)])})", "far", "g2"),
    ]
    return _layer("Point", crs, [("name", "string"), ("grp", "string")], rows)


def run(parameters):
    import processing

    defaults = {"OUTPUT": "memory:"}
    defaults.update(parameters)
    result = processing.run("communitygov:walkinglifecircles", defaults)
    return result, result["OUTPUT"]


def _value(value):
    from qgis.PyQt.QtCore import QVariant

    return None if isinstance(value, QVariant) and value.isNull() else value


def rows_of(layer):
    return [
        dict(zip(layer.fields().names(), map(_value, f.attributes())), geometry=f.geometry())
        for f in layer.getFeatures()
    ]


def test_per_origin_circles_reach_and_failed_origin(processing_provider):
    result, layer = run(
        {
            "ROADS": grid_roads(),
            "ROAD_FILTER": '"pedestrian" = 1',
            "ORIGINS": origins_layer(),
            "ORIGIN_ID_FIELD": "name",
            "BANDS": "150, 100",
            "BUFFER": 20,
        }
    )
    rows = rows_of(layer)
    assert result["SNAP_FAILED"] == 1 and result["CIRCLES"] == 6 == len(rows)
    assert [r["band_m"] for r in rows] == [150, 150, 150, 100, 100, 100]  # big bands drawn first
    by_key = {(r["origin_id"], r["band_m"]): r for r in rows}
    # the corner of a grid: 150 m along both streets plus 50 m up each first cross street
    assert by_key[("A", 150)]["reach_len_m"] == pytest.approx(400.0, abs=0.01)
    assert by_key[("A", 100)]["reach_len_m"] == pytest.approx(200.0, abs=0.01)
    assert by_key[("far", 100)]["reach_len_m"] == 0 and by_key[("far", 100)]["geometry"].isEmpty()
    assert by_key[("A", 150)]["area_m2"] == pytest.approx(by_key[("A", 150)]["geometry"].area(), rel=1e-3)
    assert by_key[("A", 150)]["area_ha"] == pytest.approx(by_key[("A", 150)]["area_m2"] / 1e4)


def test_the_road_filter_matters(processing_provider):
    _, layer = run(
        {"ROADS": grid_roads(), "ORIGINS": origins_layer(), "ORIGIN_ID_FIELD": "name", "BANDS": "100"}
    )
    a = [r for r in rows_of(layer) if r["origin_id"] == "A"][0]
    assert a["reach_len_m"] == pytest.approx(300.0, abs=0.01)  # the diagonal motorway is walked too


def test_minutes_and_dissolved_groups_with_population(processing_provider):
    residential = _layer(
        "Polygon",
        "EPSG:4548",
        [("pop_total", "integer")],
        [
            (f"Polygon(({_coords([(10, 10), (40, 10), (40, 40), (10, 40), (10, 10)])}))", 100),
            (f"Polygon(({_coords([(1000, 1000), (1100, 1000), (1100, 1100), (1000, 1000)])}))", 999),
        ],
    )
    result, layer = run(
        {
            "ROADS": grid_roads(),
            "ROAD_FILTER": '"pedestrian" = 1',
            "ORIGINS": origins_layer(),
            "BANDS": "2",
            "BAND_UNIT": 1,
            "WALK_SPEED": 50,
            "MODE": 1,
            "GROUP_FIELD": "grp",
            "RESIDENTIAL": residential,
            "POPULATION_FIELD": "pop_total",
        }
    )
    rows = {r["group"]: r for r in rows_of(layer)}
    assert set(rows) == {"g1", "g2"}
    assert rows["g1"]["band_m"] == 100 and rows["g1"]["band_min"] == 2
    assert rows["g1"]["n_origins"] == 2 and rows["g2"]["n_origins"] == 1
    assert rows["g1"]["reach_len_m"] == pytest.approx(400.0, abs=0.01)  # two corners, 200 m each
    assert rows["g1"]["population"] == pytest.approx(100.0)
    assert rows["g2"]["reach_len_m"] == 0 and rows["g2"]["population"] == 0


def test_geographic_roads_give_the_same_metres(processing_provider):
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject

    projected = grid_roads(crs="EPSG:4548")
    geographic = grid_roads(crs="EPSG:4548")
    transform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4548"),
        QgsCoordinateReferenceSystem("EPSG:4490"),
        QgsProject.instance(),
    )
    geo = _layer("LineString", "EPSG:4490", [("pedestrian", "integer")], [])
    features = []
    for feature in geographic.getFeatures():
        geometry = feature.geometry()
        geometry.transform(transform)
        feature.setGeometry(geometry)
        features.append(feature)
    geo.dataProvider().addFeatures(features)
    results = []
    for roads in (projected, geo):
        _, layer = run(
            {
                "ROADS": roads,
                "ROAD_FILTER": '"pedestrian" = 1',
                "ORIGINS": origins_layer(),
                "ORIGIN_ID_FIELD": "name",
                "BANDS": "150,1000",
            }
        )
        results.append({(r["origin_id"], r["band_m"]): r for r in rows_of(layer)})
    for key, row in results[0].items():
        other = results[1][key]
        assert other["reach_len_m"] == pytest.approx(row["reach_len_m"], rel=2e-4, abs=0.05)
        assert other["area_m2"] == pytest.approx(row["area_m2"], rel=2e-3, abs=1.0)
    assert results[1][("A", 1000)]["reach_len_m"] == pytest.approx(2400.0, rel=2e-4)
    assert layer.crs().authid() == "EPSG:4490"  # results come back in the road layer's CRS


def test_default_bands_are_the_standard_walking_distances(processing_provider):
    from community_governance.processing.engine.standards import load_profile
    from qgis.core import QgsApplication

    algorithm = QgsApplication.processingRegistry().algorithmById("communitygov:walkinglifecircles")
    profile = load_profile("gb50180_2018")
    expected = [profile.levels[level].walk_max_m for level in ("5min", "10min", "15min")]
    default = algorithm.parameterDefinition("BANDS").defaultValue()
    assert [float(v) for v in default.split(",")] == expected == [300, 500, 1000]


def test_styles_grade_by_band_and_distance(processing_provider):
    from community_governance.processing.algorithms.base import resource_path

    _, layer = run({"ROADS": grid_roads(), "ORIGINS": origins_layer(), "BANDS": "100,200"})
    message, ok = layer.loadNamedStyle(str(resource_path("styles", "lifecircles.qml")))
    assert ok, message
    renderer = layer.renderer()
    assert renderer.type() == "graduatedSymbol" and renderer.classAttribute() == "band_m"
    assert renderer.rangeForValue(100.0) is not None and renderer.rangeForValue(250.0) is not None
    for kind in ("points", "polygons"):
        text = resource_path("styles", f"network_distance_{kind}.qml").read_text(encoding="utf-8")
        assert "all_types_m" in text and 'type="RuleRenderer"' in text


def test_polygon_origins_can_start_from_their_whole_area(processing_provider):
    road = _layer(
        "LineString",
        "EPSG:4548",
        [("pedestrian", "integer")],
        [(f"LineString({_coords([(0, 0), (1000, 0)])})", 1)],
    )
    square = f"Polygon(({_coords([(400, -50), (600, -50), (600, 50), (400, 50), (400, -50)])}))"
    aside = f"Polygon(({_coords([(400, 100), (500, 100), (500, 200), (400, 200), (400, 100)])}))"
    compounds = _layer("Polygon", "EPSG:4548", [("name", "string")], [(square, "S"), (aside, "A")])
    for area, expected in ((True, 400.0), (False, 200.0)):
        result, layer = run(
            {
                "ROADS": road,
                "ORIGINS": compounds,
                "ORIGIN_ID_FIELD": "name",
                "BANDS": "100",
                "ORIGIN_AREA": area,
            }
        )
        rows = {r["origin_id"]: r for r in rows_of(layer)}
        assert rows["S"]["reach_len_m"] == pytest.approx(expected)  # from its edge, or from its middle
        assert rows["A"]["reach_len_m"] == 0  # 150 m from the road: nothing within 100 m
        assert result["SNAP_FAILED"] == 0


def test_empty_origins_and_no_walkable_roads(processing_provider):
    from qgis.core import QgsProcessingException

    empty = _layer("Point", "EPSG:4548", [("name", "string")], [])
    result, layer = run({"ROADS": grid_roads(), "ORIGINS": empty, "BANDS": "100"})
    assert result["CIRCLES"] == 0 and layer.featureCount() == 0
    with pytest.raises(QgsProcessingException) as error:
        run(
            {
                "ROADS": grid_roads(),
                "ROAD_FILTER": '"pedestrian" = 7',
                "ORIGINS": origins_layer(),
                "BANDS": "100",
            }
        )
    assert "no usable road lines" in str(error.value)
    with pytest.raises(QgsProcessingException):
        run({"ROADS": grid_roads(), "ORIGINS": origins_layer(), "BANDS": "100, abc"})


@pytest.mark.parametrize("algorithm_id", ["walkinglifecircles", "networkdistance"])
def test_every_parameter_has_help_in_english_and_chinese(processing_provider, algorithm_id):
    from community_governance.processing.algorithms.base import load_help
    from qgis.core import QgsApplication

    algorithm = QgsApplication.processingRegistry().algorithmById(f"communitygov:{algorithm_id}")
    names = {p.name() for p in algorithm.parameterDefinitions()}
    for language in ("en", "zh"):
        entry = load_help(algorithm_id, language)
        assert entry["description"] and entry["summary"]
        assert set(entry["parameters"]) == names, language
        assert all(text.strip() for text in entry["parameters"].values())
