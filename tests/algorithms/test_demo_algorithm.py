"""communitygov:createdemo through processing: writes a GeoPackage + known truth that match the
shipped demo, and opens the layers with their styles when asked."""

import json

import pytest


def test_createdemo_writes_the_default_demo_and_loads_it_styled(processing_provider, tmp_path, demo_gpkg):
    import processing
    from qgis.core import QgsProject, QgsVectorLayer

    project = QgsProject.instance()
    project.clear()
    out = tmp_path / "mine.gpkg"
    result = processing.runAndLoadResults(
        "communitygov:createdemo", {"SEED": 20260302, "SIZE": 0, "OUTPUT": str(out), "LOAD": True}
    )
    try:
        assert result["OUTPUT"] == str(out) and out.exists()
        with open(result["TRUTH"], encoding="utf-8") as handle:
            truth = json.load(handle)
        shipped = json.loads((demo_gpkg.parent / "known_truth.json").read_text(encoding="utf-8"))
        assert truth == shipped  # the default seed reproduces the shipped demo
        assert result["POPULATION"] == truth["metadata"]["population_total"]
        assert result["LAYERS"] == len(truth["metadata"]["counts"])
        for name, count in truth["metadata"]["counts"].items():
            layer = QgsVectorLayer(f"{out}|layername={name}", name, "ogr")
            assert layer.isValid(), name
            assert layer.featureCount() == count, name
            if layer.isSpatial():
                assert layer.crs().authid() == "EPSG:4548", name
        # LOAD: every spatial layer is in the project, styled
        loaded = {layer.name(): layer for layer in project.mapLayers().values()}
        assert {"roads", "facilities", "plan_parcels", "STBHHX", "trajectories"} <= set(loaded)
        assert loaded["roads"].renderer().type() == "categorizedSymbol"
        assert loaded["roads"].renderer().classAttribute() == "road_class"
        assert loaded["facilities"].renderer().classAttribute() == "fac_type"
    finally:
        project.clear()


def test_createdemo_identity_help_and_missing_output(processing_provider):
    import processing
    from qgis.core import QgsProcessingException

    alg = processing_provider.algorithm("createdemo")
    assert alg is not None and alg.groupId() == "data"
    assert "SEED" in alg.shortHelpString() and alg.shortDescription()
    with pytest.raises(QgsProcessingException):
        processing.run("communitygov:createdemo", {"SEED": 1, "SIZE": 0})  # no OUTPUT
