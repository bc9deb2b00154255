#!/usr/bin/env python3
"""The demo's QML styles and the README picture, both made by PyQGIS (run with /usr/bin/python3).

    /usr/bin/python3 scripts/render_demo.py --styles   # (re)write resources/styles/demo_*.qml
    /usr/bin/python3 scripts/render_demo.py            # render docs/images/demo_community.png

The picture is rendered from resources/demo/community_demo.gpkg with the shipped styles.
Chinese labels need a CJK font (Debian: fonts-wqy-microhei or fonts-noto-cjk); without one the
labels fall back to the community ids so that no box characters end up in the README.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GPKG = ROOT / "resources" / "demo" / "community_demo.gpkg"
STYLES = ROOT / "resources" / "styles"
PICTURE = ROOT / "docs" / "images" / "demo_community.png"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.append("/usr/share/qgis/python/plugins")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

ROAD_CLASSES = [
    ("主干路", "主干路 arterial", "#e06c2a", 1.5, "solid"),
    ("次干路", "次干路 secondary", "#f0a830", 1.1, "solid"),
    ("支路", "支路 branch", "#8c8c8c", 0.6, "solid"),
    ("小区路", "小区路 estate road", "#b5b5b5", 0.35, "solid"),
    ("步行道", "步行道 footpath", "#4f9a4f", 0.3, "dash"),
]
FACILITY_COLOURS = {
    "kindergarten": "#ff8fb1",
    "primary_school": "#e8452c",
    "middle_school": "#9c1d1d",
    "health_station": "#28a7e0",
    "health_center": "#0b5fa5",
    "elderly_daycare": "#b07cd8",
    "care_home": "#6a3d9a",
    "community_service": "#ffb000",
    "culture_room": "#d4a017",
    "fitness": "#33a02c",
    "fresh_market": "#8c510a",
    "park": "#1b7837",
}
FACILITY_LABELS = {
    "kindergarten": "幼儿园 kindergarten",
    "primary_school": "小学 primary school",
    "middle_school": "初中 middle school",
    "health_station": "社区卫生服务站 health station",
    "health_center": "社区卫生服务中心 health centre",
    "elderly_daycare": "老年人日间照料中心 elderly day care",
    "care_home": "养老院 care home",
    "community_service": "社区服务站 community service",
    "culture_room": "文化活动站 culture room",
    "fitness": "健身场地 fitness ground",
    "fresh_market": "菜市场 fresh market",
    "park": "社区游园 park",
}
# planning colours in the usual Chinese convention (居住 yellow, 商业 red, 公服 magenta, 绿地 green…)
PARCEL_COLOURS = [
    ("070102", "二类城镇住宅用地", "#fff17a"),
    ("0702", "城镇社区服务设施用地", "#ffb35c"),
    ("090101", "零售商业用地", "#ff5a5a"),
    ("05", "05 (错误编码 wrong code)", "#2ec7d6"),
    ("1401", "公园绿地", "#4cc552"),
    ("1504", "文物古迹用地", "#a0522d"),
    ("1303", "供电用地", "#3d8bd4"),
    ("100102", "二类工业用地", "#b89870"),
    ("080301", "图书与展览用地", "#ff80c0"),
]


def rgba(color: str) -> str:
    """``#rrggbb`` or ``#rrggbbaa`` as the ``r,g,b,a`` string QGIS symbol properties expect."""
    c = color.lstrip("#")
    alpha = int(c[6:8], 16) if len(c) == 8 else 255
    return f"{int(c[0:2], 16)},{int(c[2:4], 16)},{int(c[4:6], 16)},{alpha}"


def fill(color, outline="#555555", width=0.2, style="solid", outline_style="solid"):
    return QgsFillSymbol.createSimple(
        {
            "color": rgba(color),
            "style": style,
            "outline_color": rgba(outline),
            "outline_width": str(width),
            "outline_style": outline_style,
        }
    )


def hatch(color, outline, width=0.5, pattern="b_diagonal"):
    return QgsFillSymbol.createSimple(
        {"color": rgba(color), "style": pattern, "outline_color": rgba(outline), "outline_width": str(width)}
    )


def line(color, width, style="solid"):
    return QgsLineSymbol.createSimple(
        {"line_color": rgba(color), "line_width": str(width), "line_style": style, "capstyle": "round"}
    )


def marker(color, size=2.6, shape="circle", outline="#ffffff"):
    return QgsMarkerSymbol.createSimple(
        {
            "name": shape,
            "color": rgba(color),
            "size": str(size),
            "outline_color": rgba(outline),
            "outline_width": "0.2",
        }
    )


def categorized(field, items):
    return QgsCategorizedSymbolRenderer(field, [QgsRendererCategory(v, s, label) for v, label, s in items])


def labels(layer, expression, size=8.0, color="#222222", placement=None):
    settings = QgsPalLayerSettings()
    settings.fieldName = expression
    settings.isExpression = True
    text = QgsTextFormat()
    font = QFont()
    font.setBold(True)
    text.setFont(font)
    text.setSize(size)
    text.setColor(QColor(color))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor("#ffffff"))
    text.setBuffer(buffer)
    settings.setFormat(text)
    if placement is not None:
        settings.placement = placement
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def style_definitions():
    """layer name -> function(layer) that sets its renderer / labels."""

    def subdistrict(layer):
        layer.setRenderer(QgsSingleSymbolRenderer(fill("#00000000", "#222222", 1.2, "no", "dash")))

    def communities(layer):
        layer.setRenderer(QgsSingleSymbolRenderer(fill("#00000000", "#7b3294", 0.7, "no", "dot")))
        labels(layer, '"community_id" || \' \' || "name"', 10, "#5e2a7e")

    def roads(layer):
        items = [(c, label, line(col, w, st)) for c, label, col, w, st in ROAD_CLASSES]
        renderer = categorized("road_class", items)
        layer.setRenderer(renderer)

    def residential(layer):
        layer.setRenderer(QgsSingleSymbolRenderer(fill("#f3dfb8", "#c49a5a", 0.2)))

    def facilities(layer):
        items = [(k, FACILITY_LABELS[k], marker(c, 2.8)) for k, c in FACILITY_COLOURS.items()]
        layer.setRenderer(categorized("fac_type", items))

    def candidate_sites(layer):
        items = [
            ("空地", "空地 vacant", hatch("#7b3294", "#7b3294", 0.6, "f_diagonal")),
            ("更新地块", "更新地块 renewal", hatch("#e66101", "#e66101", 0.6, "b_diagonal")),
        ]
        layer.setRenderer(categorized("land_status", items))

    def plan_parcels(layer):
        items = [(code, f"{code} {name}", fill(col, "#666666", 0.15)) for code, name, col in PARCEL_COLOURS]
        layer.setRenderer(categorized("YDYHFLDM", items))

    def stbhhx(layer):
        layer.setRenderer(QgsSingleSymbolRenderer(hatch("#1a9641", "#1a9641", 0.8, "cross")))

    def yjjbnt(layer):
        layer.setRenderer(QgsSingleSymbolRenderer(fill("#d9ef8b", "#91bf2b", 0.6)))

    def czkfbj(layer):
        items = [
            (
                "01",
                "01 城镇集中建设区 concentrated construction",
                fill("#00000000", "#d7191c", 0.9, "no", "dash"),
            ),
            (
                "02",
                "02 城镇弹性发展区 flexible development",
                fill("#fdae6133", "#d7191c", 0.6, "solid", "dot"),
            ),
            ("03", "03 特别用途区 special use", fill("#abd9e933", "#d7191c", 0.6, "solid", "dot")),
        ]
        layer.setRenderer(categorized("GHFQDM", items))

    def ghfq(layer):
        items = [
            (
                "0401",
                "0401 居住生活区 residential living",
                fill("#fff5a033", "#c8a800", 0.4, "solid", "dash"),
            ),
            (
                "0403",
                "0403 商业商务区 commercial business",
                fill("#ff5a5a33", "#c00000", 0.4, "solid", "dash"),
            ),
            ("0406", "0406 绿地休闲区 green leisure", fill("#4cc55233", "#1a7a1a", 0.4, "solid", "dash")),
        ]
        layer.setRenderer(categorized("GHFQDM", items))

    def kzdy(layer):
        layer.setRenderer(QgsSingleSymbolRenderer(fill("#00000000", "#000000", 0.5, "no", "dash dot")))
        labels(layer, '"DYBH"', 8, "#000000")

    def dlhx(layer):
        layer.setRenderer(QgsSingleSymbolRenderer(fill("#d0d0d066", "#a0a0a0", 0.1)))

    def urban_line(color):
        def apply(layer):
            layer.setRenderer(QgsSingleSymbolRenderer(fill("#00000000", color, 0.9, "no")))

        return apply

    def trajectories(layer):
        layer.setRenderer(QgsSingleSymbolRenderer(marker("#2b83ba40", 0.8, "circle", "#00000000")))

    def sensors(layer):
        items = [
            ("footfall", "footfall 客流", marker("#fdae61", 3.2, "triangle", "#333333")),
            ("noise", "noise 噪声", marker("#d7191c", 3.2, "triangle", "#333333")),
            ("elevator_fault", "elevator_fault 电梯故障", marker("#2c7bb6", 3.2, "triangle", "#333333")),
        ]
        layer.setRenderer(categorized("kind", items))

    def feedback(layer):
        items = [
            ("待处理", "待处理 open", marker("#d7191c", 2.2, "diamond", "#ffffff")),
            ("处理中", "处理中 in progress", marker("#fdae61", 2.2, "diamond", "#ffffff")),
            ("已办结", "已办结 closed", marker("#1a9641", 2.2, "diamond", "#ffffff")),
        ]
        layer.setRenderer(categorized("status", items))

    return {
        "subdistrict": subdistrict,
        "communities": communities,
        "roads": roads,
        "residential": residential,
        "facilities": facilities,
        "candidate_sites": candidate_sites,
        "plan_parcels": plan_parcels,
        "STBHHX": stbhhx,
        "YJJBNT": yjjbnt,
        "CZKFBJ": czkfbj,
        "GHFQ": ghfq,
        "KZDY": kzdy,
        "DLHX": dlhx,
        "ZXCQCSLVX": urban_line("#1a9641"),
        "ZXCQCSLX": urban_line("#2c7bb6"),
        "ZXCQCSZX": urban_line("#7b3294"),
        "ZXCQCSHX": urban_line("#e6ab02"),
        "trajectories": trajectories,
        "sensors": sensors,
        "feedback": feedback,
    }


def open_layer(name):
    layer = QgsVectorLayer(f"{GPKG}|layername={name}", name, "ogr")
    if not layer.isValid():
        raise SystemExit(f"cannot open {name} in {GPKG}")
    return layer


def write_styles():
    for name, apply in style_definitions().items():
        layer = open_layer(name)
        apply(layer)
        path = STYLES / f"demo_{name}.qml"
        message, ok = layer.saveNamedStyle(str(path))
        if not ok:
            raise SystemExit(f"could not write {path}: {message}")
        print(f"wrote {path.relative_to(ROOT)}")


def has_cjk_font() -> bool:
    from qgis.PyQt.QtGui import QFontDatabase

    return bool(QFontDatabase().families(QFontDatabase.WritingSystem.SimplifiedChinese))


def _latin(text: str) -> str:
    """``text`` without its Chinese part (for legends when no CJK font is installed)."""
    import re

    return re.sub(r"[\u3000-\u303f\u4e00-\u9fff\uff08\uff09]+", "", text).strip() or text


def render(dpi=110):
    from qgis.core import (
        QgsLayerTree,
        QgsLayoutExporter,
        QgsLayoutItemLabel,
        QgsLayoutItemLegend,
        QgsLayoutItemMap,
        QgsLayoutItemScaleBar,
        QgsLayoutPoint,
        QgsLayoutSize,
        QgsPrintLayout,
        QgsProject,
        QgsRectangle,
        QgsUnitTypes,
    )

    cjk = has_cjk_font()
    order = [  # top first
        "facilities",
        "roads",
        "candidate_sites",
        "communities",
        "subdistrict",
        "residential",
        "CZKFBJ",
        "STBHHX",
        "YJJBNT",
        "ZXCQCSLX",
        "plan_parcels",
    ]
    titles = {
        "facilities": "Facilities (GB 50180-2018 types)",
        "roads": "Roads",
        "candidate_sites": "Candidate sites",
        "communities": "Communities",
        "subdistrict": "Sub-district",
        "residential": "Residential compounds",
        "CZKFBJ": "Urban development boundary (CZKFBJ)",
        "STBHHX": "Ecological red line (STBHHX)",
        "YJJBNT": "Permanent basic farmland (YJJBNT)",
        "ZXCQCSLX": "Blue line (ZXCQCSLX)",
        "plan_parcels": "Plan parcels (YDYHFLDM)",
    }
    project = QgsProject.instance()
    layers = []
    for name in order:
        layer = open_layer(name)
        message, ok = layer.loadNamedStyle(str(STYLES / f"demo_{name}.qml"))
        if not ok:
            raise SystemExit(f"style of {name}: {message}")
        if name == "communities" and not cjk:
            labels(layer, '"community_id"', 12, "#5e2a7e")
        if name == "plan_parcels":
            layer.setOpacity(0.35)
        if not cjk and layer.renderer().type() == "categorizedSymbol":
            renderer = layer.renderer()
            for k, category in enumerate(renderer.categories()):
                renderer.updateCategoryLabel(k, _latin(category.label()))
        layer.setName(titles[name])
        layers.append(layer)
    project.addMapLayers(layers, False)
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    mm = QgsUnitTypes.LayoutUnit.LayoutMillimeters
    layout.pageCollection().page(0).setPageSize(QgsLayoutSize(400, 232, mm))
    title = QgsLayoutItemLabel(layout)
    title.setText(
        "Synthetic demo community near Hefei - 8 communities, "
        f"{_population()} residents, EPSG:4548 (resources/demo/community_demo.gpkg)"
    )
    font = QFont()
    font.setPointSize(15)
    font.setBold(True)
    title.setFont(font)
    title.attemptMove(QgsLayoutPoint(6, 4, mm))
    title.attemptResize(QgsLayoutSize(390, 10, mm))
    layout.addLayoutItem(title)
    item = QgsLayoutItemMap(layout)
    item.attemptMove(QgsLayoutPoint(4, 16, mm))
    item.attemptResize(QgsLayoutSize(300, 212, mm))
    item.setLayers(layers)
    item.setCrs(layers[0].crs())
    item.setExtent(QgsRectangle(524900, 3518700, 528150, 3520750))
    item.setFrameEnabled(True)
    layout.addLayoutItem(item)
    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(item)
    legend.setAutoUpdateModel(False)
    root = QgsLayerTree()
    for layer in [
        layers[order.index(n)]
        for n in ("facilities", "roads", "candidate_sites", "CZKFBJ", "STBHHX", "YJJBNT")
    ]:
        root.addLayer(layer)
    legend.model().setRootGroup(root)
    legend.setTitle("")
    legend.setSymbolHeight(3.2)
    legend.setSymbolWidth(6)
    legend.attemptMove(QgsLayoutPoint(307, 16, mm))
    layout.addLayoutItem(legend)
    bar = QgsLayoutItemScaleBar(layout)
    bar.setStyle("Single Box")
    bar.setLinkedMap(item)
    bar.applyDefaultSize()
    bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceMeters)
    bar.setUnitLabel("m")
    bar.setUnitsPerSegment(250)
    bar.setNumberOfSegments(4)
    bar.setNumberOfSegmentsLeft(0)
    bar.attemptMove(QgsLayoutPoint(10, 214, mm))
    layout.addLayoutItem(bar)
    PICTURE.parent.mkdir(parents=True, exist_ok=True)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = dpi
    result = QgsLayoutExporter(layout).exportToImage(str(PICTURE), settings)
    if result != QgsLayoutExporter.ExportResult.Success:
        raise SystemExit(f"export failed: {result}")
    print(f"wrote {PICTURE.relative_to(ROOT)}")
    del root


def _population() -> str:
    import json

    truth = json.loads((GPKG.parent / "known_truth.json").read_text(encoding="utf-8"))
    return f"{truth['metadata']['population_total']:,}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--styles", action="store_true", help="rewrite the demo QML styles first")
    parser.add_argument("--no-render", action="store_true", help="do not render the picture")
    args = parser.parse_args()
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], True)
    app.initQgis()
    if args.styles:
        write_styles()
    if not args.no_render:
        render()
    app.exitQgis()


if __name__ == "__main__":
    main()
