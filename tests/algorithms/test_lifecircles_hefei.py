"""Life circles and network distances on the real OpenStreetMap extract of Luogang, Hefei.

The OSM layers are geographic (EPSG:4326): lengths are measured on the ellipsoid. Nothing here is
made up by the project, so the checks are invariants a walk must obey: nothing is reached farther
(as the crow flies) than the band, circles grow with the band, and a network distance is never
shorter than the straight distance.
"""

import pytest

BANDS = (300.0, 500.0, 1000.0)
BUFFER_M = 40.0


@pytest.fixture(scope="module")
def osm(shared_data):
    path = shared_data / "hefei_osm" / "hefei_luogang_map.osm"
    if not path.exists():
        pytest.skip("the Hefei OSM extract is absent")
    return path


def _layers(osm):
    from qgis.core import QgsFeature, QgsVectorLayer

    roads = QgsVectorLayer(f"{osm}|layername=lines", "osm lines", "ogr")
    points = QgsVectorLayer(f"{osm}|layername=points", "osm points", "ogr")
    assert roads.isValid() and points.isValid()
    stations = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string", "stations", "memory")
    features = []
    for feature in points.getFeatures():
        tags = feature["other_tags"] or ""
        if '"station"=>"subway"' in str(tags):
            copy = QgsFeature(stations.fields())
            copy.setGeometry(feature.geometry())
            copy.setAttributes([feature["name"]])
            features.append(copy)
    stations.dataProvider().addFeatures(features)
    assert stations.featureCount() >= 3
    return roads, stations


def _geodesic():
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransformContext, QgsDistanceArea

    measure = QgsDistanceArea()
    measure.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4326"), QgsCoordinateTransformContext())
    measure.setEllipsoid("WGS84")
    return measure


def test_life_circles_on_osm_roads(processing_provider, osm):
    import processing

    roads, stations = _layers(osm)
    result = processing.run(
        "communitygov:walkinglifecircles",
        {
            "ROADS": roads,
            "ROAD_FILTER": "\"highway\" IS NOT NULL AND \"highway\" NOT IN ('motorway', 'motorway_link')",
            "ORIGINS": stations,
            "ORIGIN_ID_FIELD": "name",
            "BANDS": ",".join(str(b) for b in BANDS),
            "BUFFER": BUFFER_M,
            "OUTPUT": "memory:",
        },
    )
    layer = result["OUTPUT"]
    assert layer.crs().authid() == "EPSG:4326"
    n = stations.featureCount()
    assert result["CIRCLES"] == len(BANDS) * n
    origins = {f["name"]: f.geometry().asPoint() for f in stations.getFeatures()}
    measure = _geodesic()
    reach = {}
    for feature in layer.getFeatures():
        name, band = feature["origin_id"], feature["band_m"]
        reach[(name, band)] = feature["reach_len_m"]
        if feature.geometry().isEmpty():
            continue
        assert feature["area_m2"] > 0
        farthest = max(measure.measureLine(origins[name], vertex) for vertex in _vertices(feature.geometry()))
        assert farthest <= band + BUFFER_M + 1.0  # nobody walks farther than the band
    reached = [name for name in origins if reach[(name, BANDS[-1])] > 0]
    assert len(reached) >= n - 1  # the stations are on or near the road network
    for name in reached:
        values = [reach[(name, band)] for band in BANDS]
        assert values == sorted(values) and values[0] > 0


def _vertices(geometry):
    from qgis.core import QgsPointXY

    return [QgsPointXY(v.x(), v.y()) for v in geometry.vertices()]


def test_network_distance_on_osm_roads_is_never_shorter_than_straight(processing_provider, osm):
    import processing
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    roads, stations = _layers(osm)
    demand = QgsVectorLayer("Point?crs=EPSG:4326&field=k:integer", "demand", "memory")
    features = []
    k = 0
    for i in range(6):
        for j in range(6):
            feature = QgsFeature(demand.fields())
            point = QgsPointXY(117.2869 + 0.0045 * i, 31.770 + 0.0045 * j)
            feature.setGeometry(QgsGeometry.fromPointXY(point))
            feature.setAttributes([k])
            features.append(feature)
            k += 1
    demand.dataProvider().addFeatures(features)
    result = processing.run(
        "communitygov:networkdistance",
        {
            "ROADS": roads,
            "ROAD_FILTER": '"highway" IS NOT NULL',
            "DEMAND": demand,
            "DEMAND_ID_FIELD": "k",
            "FACILITIES": stations,
            "FACILITY_ID_FIELD": "name",
            "OUTPUT": "memory:",
        },
    )
    measure = _geodesic()
    station_xy = {f["name"]: f.geometry().asPoint() for f in stations.getFeatures()}
    found = 0
    for feature in result["OUTPUT"].getFeatures():
        cost = feature["nearest_m"]
        if cost is None or (hasattr(cost, "isNull") and cost.isNull()):
            continue
        found += 1
        straight = measure.measureLine(feature.geometry().asPoint(), station_xy[feature["nearest_id"]])
        assert cost >= straight - 0.5
        assert cost <= 4 * straight + 2 * 200.0  # a detour, not a different city
    assert found >= 30
