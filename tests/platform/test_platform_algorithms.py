"""communitygov:platformdownload and communitygov:platformpublish against the local platform."""

import json
from collections import Counter

import pytest

pytestmark = pytest.mark.timeout(300)


@pytest.fixture()
def known_truth(platform_server):
    path = platform_server.data.with_name("known_truth.json")
    if not path.exists():
        pytest.skip("no known_truth.json beside the platform data")
    return json.loads(path.read_text(encoding="utf-8"))


def fac_ids(client) -> Counter:
    return Counter(
        f["properties"]["fac_id"] for f in client.items("uploads").features if f["properties"].get("fac_id")
    )


def test_download_collection_as_layer(processing_provider, platform_server, authcfgs, gpkg_layer):
    import processing

    truth = gpkg_layer("facilities")
    result = processing.run(
        "communitygov:platformdownload",
        {
            "URL": platform_server.url,
            "AUTHCFG": authcfgs["basic"],
            "COLLECTION": "facilities",
            "CRS": "EPSG:4548",
            "OUTPUT": "memory:",
        },
    )
    layer = result["OUTPUT"]
    assert result["COUNT"] == truth.featureCount() == result["NUMBER_MATCHED"]
    assert layer.crs().authid() == "EPSG:4548"
    assert sorted(f["fac_id"] for f in layer.getFeatures()) == sorted(
        f["fac_id"] for f in truth.getFeatures()
    )
    # an extent (in the layer's CRS) keeps only what lies in it
    extent = truth.extent()
    west = f"{extent.xMinimum()},{extent.center().x()},{extent.yMinimum()},{extent.yMaximum()} [EPSG:4548]"
    part = processing.run(
        "communitygov:platformdownload",
        {
            "URL": platform_server.url,
            "AUTHCFG": authcfgs["basic"],
            "COLLECTION": "facilities",
            "EXTENT": west,
            "OUTPUT": "memory:",
        },
    )
    assert 0 < part["COUNT"] < truth.featureCount()


def test_download_reports_wrong_password(processing_provider, platform_server, authcfgs):
    import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException) as caught:
        processing.run(
            "communitygov:platformdownload",
            {
                "URL": platform_server.url,
                "AUTHCFG": authcfgs["wrong"],
                "COLLECTION": "facilities",
                "OUTPUT": "memory:",
            },
        )
    assert "401" in str(caught.value)


def test_publish_refuses_errors_then_publishes_clean_data_once(
    processing_provider, platform_server, authcfgs, gpkg_layer, features_client, known_truth
):
    import processing
    from qgis.core import QgsProcessingException, QgsVectorLayer

    facilities = gpkg_layer("facilities")
    planted = [d for d in known_truth["quality"]["defects"] if d["layer"] == "facilities"]
    assert planted  # the demo plants at least one facility defect
    params = {
        "URL": platform_server.url,
        "AUTHCFG": authcfgs["basic"],
        "COLLECTION": "uploads",
        "SCHEMA": "facilities",
        "ACCEPT_WARNINGS": True,
    }
    before = features_client.count("uploads")
    fac_before = fac_ids(features_client)  # other tests (the dock's) may publish here too
    with pytest.raises(QgsProcessingException) as caught:
        processing.run("communitygov:platformpublish", {**params, "INPUT": facilities})
    assert "quality" in str(caught.value).lower()
    assert features_client.count("uploads") == before  # nothing was sent

    # the same data without the planted defects passes the gate and is published
    bad_ids = {str(d["id"]) for d in planted}
    clean = QgsVectorLayer(f"Point?crs={facilities.crs().authid()}", "facilities_clean", "memory")
    clean.dataProvider().addAttributes(facilities.fields().toList())
    clean.updateFields()
    kept = [f for f in facilities.getFeatures() if str(f["fac_id"]) not in bad_ids]
    clean.dataProvider().addFeatures(kept)
    first = processing.run("communitygov:platformpublish", {**params, "INPUT": clean})
    assert first["QUALITY_ERRORS"] == 0
    assert first["JOURNALED"] == len(kept) and first["SENT"] == len(kept) and first["PENDING"] == 0
    assert features_client.count("uploads") == before + len(kept)
    after = fac_ids(features_client)
    assert sorted((after - fac_before).elements()) == sorted(str(f["fac_id"]) for f in kept)
    # publishing the same unchanged features again sends nothing new
    again = processing.run("communitygov:platformpublish", {**params, "INPUT": clean})
    assert again["SENT"] == 0
    assert features_client.count("uploads") == before + len(kept)
