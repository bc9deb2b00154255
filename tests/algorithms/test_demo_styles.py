"""Every spatial demo layer has a QML style that loads, and categorised styles cover the data."""

from pathlib import Path

import pytest
from community_governance.processing.algorithms.create_demo import LOAD_ORDER

ROOT = Path(__file__).resolve().parents[2]
DEMO_GPKG = ROOT / "resources" / "demo" / "community_demo.gpkg"
STYLES = ROOT / "resources" / "styles"


def spatial_layers():
    import sqlite3

    con = sqlite3.connect(f"file:{DEMO_GPKG}?mode=ro", uri=True)
    try:
        return [
            r[0] for r in con.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")
        ]
    finally:
        con.close()


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
