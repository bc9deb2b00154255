"""Every spatial demo layer has a QML style that loads, and categorised styles cover the data."""

from pathlib import Path

import fiona
import pytest
from community_governance.processing.algorithms.create_demo import LOAD_ORDER

ROOT = Path(__file__).resolve().parents[2]
DEMO_GPKG = ROOT / "resources" / "demo" / "community_demo.gpkg"
STYLES = ROOT / "resources" / "styles"


def spatial_layers():
    out = []
    for name in fiona.listlayers(str(DEMO_GPKG)):
        with fiona.open(str(DEMO_GPKG), layer=name) as src:
            if src.schema["geometry"] not in (None, "None"):
                out.append(name)
    return out


def test_every_spatial_layer_is_styled_and_loaded_by_the_algorithm():
    names = spatial_layers()
    assert len(names) == 20
    assert set(names) == set(LOAD_ORDER)
    for name in names:
        assert (STYLES / f"demo_{name}.qml").is_file(), name


@pytest.mark.parametrize("name", spatial_layers())
def test_style_loads_and_covers_values(qgis_app, name):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{DEMO_GPKG}|layername={name}", name, "ogr")
    assert layer.isValid()
    message, ok = layer.loadNamedStyle(str(STYLES / f"demo_{name}.qml"))
    assert ok, message
    renderer = layer.renderer()
    assert renderer is not None
    if renderer.type() == "categorizedSymbol":
        field = renderer.classAttribute()
        index = layer.fields().indexOf(field)
        assert index >= 0, field
        values = {str(v) for v in layer.uniqueValues(index)}
        categories = {str(c.value()) for c in renderer.categories()}
        assert values <= categories, values - categories
