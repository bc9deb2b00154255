#!/usr/bin/env python3
"""Render the README's tool pictures from a `make demo` run (docs/images/tool_*.png).

Each picture is a map QGIS renders from the health check's results with the plugin's own styles
over the demo community: what a planner sees after running the tool.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo" / "community_demo.gpkg"
STYLES = ROOT / "resources" / "styles"
IMAGES = ROOT / "docs" / "images"

# picture -> [(layer in health_check.gpkg or "demo:<layer>", style)], top first
PICTURES = {
    "tool_walking_life_circles": [
        ("walking_life_circles", "lifecircles.qml"),
        ("demo:roads", "demo_roads.qml"),
    ],
    "tool_trajectory_life_circles": [
        ("trajectory_life_circles", "trajectory_life_circles.qml"),
        ("demo:communities", "demo_communities.qml"),
    ],
    "tool_facility_gaps": [
        ("demo:facilities", "demo_facilities.qml"),
        ("facility_gaps_units", "facility_gaps.qml"),
        ("demo:roads", "demo_roads.qml"),
    ],
    "tool_facility_siting": [
        ("proposed_sites", "facility_sites.qml"),
        ("demo:candidate_sites", "demo_candidate_sites.qml"),
        ("facility_gaps_units", "facility_gaps.qml"),
        ("demo:roads", "demo_roads.qml"),
    ],
    "tool_conformity": [
        ("conformity_conflicts", "conformity_conflicts.qml"),
        ("demo:plan_parcels", "demo_plan_parcels.qml"),
        ("demo:STBHHX", "demo_STBHHX.qml"),
        ("demo:YJJBNT", "demo_YJJBNT.qml"),
        ("demo:CZKFBJ", "demo_CZKFBJ.qml"),
    ],
    "tool_data_quality": [
        ("quality_errors_residential", "quality_errors.qml"),
        ("quality_errors_roads", "quality_errors.qml"),
        ("demo:residential", "demo_residential.qml"),
        ("demo:roads", "demo_roads.qml"),
    ],
    "tool_warnings": [("warnings", "warnings.qml"), ("demo:communities", "demo_communities.qml")],
}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--demo-output", default=str(ROOT / "demo_output"), help="folder of a `make demo` run"
    )
    results = Path(parser.parse_args().demo_output) / "health_check.gpkg"
    if not results.exists():
        sys.exit(f"{results} is missing: run `make demo` first")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from qgis_process import plugin_importable

    plugin_importable()
    from qgis.core import QgsApplication, QgsRectangle, QgsVectorLayer

    app = QgsApplication([], False)
    app.initQgis()
    from community_governance.processing import maps

    IMAGES.mkdir(parents=True, exist_ok=True)
    for picture, stack in PICTURES.items():
        layers = []
        for name, style in stack:
            source = (
                f"{DEMO}|layername={name[5:]}" if name.startswith("demo:") else f"{results}|layername={name}"
            )
            layer = QgsVectorLayer(source, name, "ogr")
            if not layer.isValid():
                continue
            layer.loadNamedStyle(str(STYLES / style))
            layers.append(layer)
        extent = QgsRectangle(layers[0].extent())
        for layer in layers[1:]:
            extent.combineExtentWith(layer.extent())
        png = maps.render_png(layers, layers[-1].crs(), extent, 1000, 700)
        (IMAGES / f"{picture}.png").write_bytes(png)
        print(IMAGES / f"{picture}.png")
    app.exitQgis()


if __name__ == "__main__":
    main()
