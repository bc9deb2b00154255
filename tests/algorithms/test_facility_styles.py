"""The facility styles load in QGIS and paint units lacking a required facility red."""

import pytest
from community_governance.processing.algorithms.base import resource_path


@pytest.mark.parametrize(
    "style, geometry, field, values",
    [
        ("facility_gaps.qml", "Polygon", "n_missing", (0, 1, 3)),
        ("facility_sites.qml", "Polygon", "new_pop_total", (0, 10, 10)),
    ],
)
def test_style_loads_and_classifies(qgis_app, style, geometry, field, values):
    from qgis.core import QgsFeature, QgsGeometry, QgsRenderContext, QgsVectorLayer

    layer = QgsVectorLayer(f"{geometry}?crs=EPSG:4548&field={field}:integer", "test", "memory")
    features = []
    for k, value in enumerate(values):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([value])
        feature.setGeometry(QgsGeometry.fromWkt(f"POLYGON(({k} 0, {k} 1, {k + 1} 1, {k + 1} 0, {k} 0))"))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    message, ok = layer.loadNamedStyle(str(resource_path("styles", style)))
    assert ok, message
    renderer = layer.renderer()
    assert renderer.type() == "RuleRenderer"
    context = QgsRenderContext()
    renderer.startRender(context, layer.fields())
    colours = []
    for feature in layer.getFeatures():
        symbols = renderer.symbolsForFeature(feature, context)
        assert len(symbols) == 1, feature.attributes()
        colours.append(symbols[0].color())
    renderer.stopRender(context)
    if style == "facility_gaps.qml":
        lacks_one, ok_unit = colours[1], colours[0]
        assert colours[2].red() > 180 and colours[2].green() < 60  # lacking 3+: red
        assert lacks_one.red() > lacks_one.green() and ok_unit.green() > ok_unit.red()
    else:
        assert colours[1] == colours[2] and colours[0] != colours[1]
