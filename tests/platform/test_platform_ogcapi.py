"""OGC API - Features client against the real local platform (pygeoapi + nginx on 127.0.0.1)."""

import pytest

pytestmark = pytest.mark.timeout(300)


def ids_of(layer, field):
    return {str(f[field]) for f in layer.getFeatures()}


def test_browse_landing_conformance_collections(features_client, gpkg_layer):
    from community_governance.plugin.platform_client.ogcapi import CONF_CRD

    landing = features_client.landing()
    assert any(link.get("rel") == "data" for link in landing["links"])
    assert CONF_CRD in features_client.conformance()
    assert features_client.supports_transactions()
    collections = {c.id: c for c in features_client.collections()}
    assert {"communities", "facilities", "feedback", "sensors", "uploads"} <= set(collections)
    assert collections["facilities"].theme == "facilities"
    assert collections["communities"].theme == "population"
    assert collections["feedback"].has_time
    assert collections["facilities"].supports_crs("http://www.opengis.net/def/crs/EPSG/0/4490")
    # numberMatched agrees with the GeoPackage the platform serves
    assert features_client.count("facilities") == gpkg_layer("facilities").featureCount()


def test_paging_follows_next_links(platform_server, authcfgs, gpkg_layer):
    from community_governance.plugin.platform_client.ogcapi import FeaturesClient

    truth = gpkg_layer("facilities")
    page_size = max(2, truth.featureCount() // 3)
    client = FeaturesClient(platform_server.url, authcfgs["basic"], page_size=page_size)
    seen = []
    result = client.items("facilities", progress=lambda received, matched: seen.append((received, matched)))
    assert result.pages > 1
    assert len(result.features) == truth.featureCount() == result.number_matched
    served = [f["properties"]["fac_id"] for f in result.features]
    assert sorted(served) == sorted(str(f["fac_id"]) for f in truth.getFeatures())
    assert len({f["id"] for f in result.features}) == len(served)  # no feature twice across pages
    assert [r for r, _ in seen] == sorted(r for r, _ in seen)  # progress per page, growing
    # max_features stops early
    assert len(client.items("facilities", max_features=page_size + 1).features) == page_size + 1


def test_bbox_and_datetime_filters(features_client, gpkg_layer):
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject, QgsRectangle

    facilities = gpkg_layer("facilities")
    extent = facilities.extent()
    # the western half of the facilities, in CRS84
    half = QgsRectangle(extent.xMinimum(), extent.yMinimum(), extent.center().x(), extent.yMaximum())
    expected = {str(f["fac_id"]) for f in facilities.getFeatures() if half.contains(f.geometry().asPoint())}
    assert 0 < len(expected) < facilities.featureCount()
    to_wgs = QgsCoordinateTransform(
        facilities.crs(), QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance()
    )
    box = to_wgs.transformBoundingBox(half)
    got = features_client.items(
        "facilities", bbox=(box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum())
    )
    got_ids = {f["properties"]["fac_id"] for f in got.features}
    # the bbox was transformed, so features right on its edge may differ; nothing far off
    assert expected <= got_ids or len(expected ^ got_ids) <= 1

    feedback = gpkg_layer("feedback")
    times = sorted(str(f["created_at"]) for f in feedback.getFeatures())
    start, end = times[len(times) // 4], times[3 * len(times) // 4]
    expected_fb = {str(f["fb_id"]) for f in feedback.getFeatures() if start <= str(f["created_at"]) <= end}
    got_fb = features_client.items("feedback", datetime=f"{start}/{end}")
    assert {f["properties"]["fb_id"] for f in got_fb.features} == expected_fb
    assert 0 < len(expected_fb) < feedback.featureCount()


def test_crs_4490_round_trip(features_client, gpkg_layer):
    from community_governance.plugin.platform_client.layers import (
        feature_to_geojson,
        features_to_layer,
        layer_transform,
        xy_features,
    )
    from community_governance.plugin.platform_client.ogcapi import epsg_uri
    from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsPointXY

    truth = gpkg_layer("facilities")  # EPSG:4548 in the GeoPackage, EPSG:4490 on the platform
    by_id = {}
    for f in truth.getFeatures():  # the demo plants duplicate ids: keep every point per id
        by_id.setdefault(str(f["fac_id"]), []).append(f.geometry().asPoint())
    # served in the GeoPackage's own projected CRS: the same coordinates, to the millimetre
    result = features_client.items("facilities", crs=epsg_uri(4548))
    assert result.content_crs == epsg_uri(4548)
    layer = features_to_layer(result.features, result.content_crs, "facilities")
    assert layer.crs().authid() == "EPSG:4548"
    for feature in layer.getFeatures():
        point = feature.geometry().asPoint()
        assert min(point.distance(p) for p in by_id[feature["fac_id"]]) < 0.001
    # served in EPSG:4490: latitude first on the wire, x/y once read
    raw = features_client.items("facilities", crs=epsg_uri(4490), max_features=1)
    assert raw.content_crs == epsg_uri(4490)
    lat, lon = raw.features[0]["geometry"]["coordinates"][:2]
    assert 15 < lat < 55 and 70 < lon < 140
    x, y = xy_features(raw.features, raw.content_crs)[0]["geometry"]["coordinates"][:2]
    assert (x, y) == (lon, lat)

    # write a 4548 point into the 4490 collection and read it back in 4548
    from qgis.core import QgsFeature, QgsField, QgsFields
    from qgis.PyQt.QtCore import QVariant

    fields = QgsFields()
    fields.append(QgsField("name", QVariant.Type.String))
    source_point = QgsPointXY(list(by_id.values())[0][0])
    source_point = QgsPointXY(source_point.x() + 12.345, source_point.y() - 6.789)
    feature = QgsFeature(fields)
    feature.setAttributes(["round trip 4490"])
    feature.setGeometry(QgsGeometry.fromPointXY(source_point))
    collection = features_client.collection("uploads")
    assert collection.storage_crs == epsg_uri(4490)
    transform = layer_transform(QgsCoordinateReferenceSystem("EPSG:4548"), collection.storage_crs)
    payload = feature_to_geojson(feature, fields, transform, collection.storage_crs)
    payload["id"] = "roundtrip-4490"
    payload["properties"]["cg_uid"] = "roundtrip-4490"
    fid = features_client.create("uploads", payload, crs=collection.storage_crs)
    assert fid == "roundtrip-4490"
    back, _ = features_client.item("uploads", fid, crs=epsg_uri(4548))
    x, y = xy_features([back], epsg_uri(4548))[0]["geometry"]["coordinates"][:2]
    assert QgsPointXY(x, y).distance(source_point) < 0.001
    features_client.delete("uploads", fid)


def test_create_replace_delete(features_client):
    from community_governance.plugin.platform_client.http import PlatformError

    feature = {
        "type": "Feature",
        "id": "crd-test-1",
        "geometry": {"type": "Point", "coordinates": [31.85, 117.3]},  # EPSG:4490, lat/lon
        "properties": {
            "cg_uid": "crd-test-1",
            "name": "新增设施",
            "kind": "test",
            "batch": "crd",
            "value": 1,
            "note": "",
        },
    }
    crs = features_client.collection("uploads").storage_crs
    fid = features_client.create("uploads", feature, crs=crs)
    got, _ = features_client.item("uploads", fid, crs=crs)
    assert got["properties"]["name"] == "新增设施"
    feature["properties"]["value"] = 2
    feature["properties"]["note"] = "改"
    features_client.replace("uploads", fid, feature, crs=crs)
    got, _ = features_client.item("uploads", fid, crs=crs)
    assert got["properties"]["value"] == 2 and got["properties"]["note"] == "改"
    features_client.delete("uploads", fid)
    with pytest.raises(PlatformError) as caught:
        features_client.item("uploads", fid)
    assert caught.value.code == "not_found"


def test_wrong_password_and_expired_token_are_explained(platform_server, authcfgs):
    from community_governance.plugin.platform_client.http import PlatformError
    from community_governance.plugin.platform_client.ogcapi import FeaturesClient

    with pytest.raises(PlatformError) as caught:
        FeaturesClient(platform_server.url, authcfgs["wrong"]).collections()
    assert caught.value.code == "auth_failed"
    assert "401" in caught.value.message and "password" in caught.value.message
    assert platform_server.password not in caught.value.message

    with pytest.raises(PlatformError) as caught:
        FeaturesClient(platform_server.url, authcfgs["expired"]).collections()
    assert caught.value.code == "token_expired"
    assert "expired" in caught.value.message
    assert platform_server.expired_token not in caught.value.message

    # the valid token works, and no credentials at all is refused
    assert FeaturesClient(platform_server.url, authcfgs["bearer"]).collections()
    with pytest.raises(PlatformError) as caught:
        FeaturesClient(platform_server.url, "").collections()
    assert caught.value.code == "auth_failed"


def test_replace_conflict_detected_without_etag(features_client, tmp_path):
    """pygeoapi sends no ETag: the outbox compares with the loaded version and refuses to overwrite."""
    from community_governance.plugin.platform_client.ogcapi import feature_hash
    from community_governance.plugin.platform_client.outbox import Outbox, OutboxSender

    crs = features_client.collection("uploads").storage_crs
    feature = {
        "type": "Feature",
        "id": "conflict-1",
        "geometry": {"type": "Point", "coordinates": [31.86, 117.31]},
        "properties": {
            "cg_uid": "conflict-1",
            "name": "A",
            "kind": "test",
            "batch": "conflict",
            "value": 1,
            "note": "",
        },
    }
    features_client.create("uploads", feature, crs=crs)
    loaded, etag = features_client.item("uploads", "conflict-1", crs=crs)
    assert etag == ""
    # someone else edits it on the platform
    other = dict(loaded, properties=dict(loaded["properties"], note="changed by a colleague"))
    features_client.replace("uploads", "conflict-1", other, crs=crs)
    outbox = Outbox(tmp_path / "outbox.sqlite")
    mine = dict(loaded, properties=dict(loaded["properties"], value=99))
    outbox.enqueue(
        "test",
        "uploads",
        "replace",
        "conflict-1",
        mine,
        feature_id="conflict-1",
        crs=crs,
        base_hash=feature_hash(loaded),
    )
    report = OutboxSender(outbox, features_client, "test").send_due()
    assert report.conflicts == 1 and report.sent == 0
    assert outbox.counts("test")["conflict"] == 1
    current, _ = features_client.item("uploads", "conflict-1", crs=crs)
    assert current["properties"]["note"] == "changed by a colleague" and current["properties"]["value"] == 1
    # the user chooses to overwrite
    op = outbox.list("test", ["conflict"])[0]
    outbox.retry([op.id], force=True)
    assert OutboxSender(outbox, features_client, "test").send_due().sent == 1
    current, _ = features_client.item("uploads", "conflict-1", crs=crs)
    assert current["properties"]["value"] == 99
    features_client.delete("uploads", "conflict-1")
