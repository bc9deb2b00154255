"""communitygov:conformity on the demo community (one run), and the report in Chinese."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_DIR = Path(os.environ.get("COMMUNITYGOV_DEMO_DIR", ROOT / "resources" / "demo"))
RULE_OF_LAYER = {"STBHHX": "STBHHX_NO_BUILD", "YJJBNT": "YJJBNT_NO_OCCUPY", "CZKFBJ": "CZKFBJ_WITHIN"}


def _features(layer):
    names = layer.fields().names()
    return [dict(zip(names, f.attributes())) for f in layer.getFeatures()]


@pytest.fixture(scope="module")
def demo_run(processing_provider, tmp_path_factory):
    import processing

    gpkg = DEMO_DIR / "community_demo.gpkg"
    assert gpkg.exists(), f"the demo community is missing: {gpkg}"
    truth = json.loads((DEMO_DIR / "known_truth.json").read_text(encoding="utf-8"))["conformity"]
    folder = tmp_path_factory.mktemp("conformity_demo")
    result = processing.run(
        "communitygov:conformity",
        {
            "PLAN": f"{gpkg}|layername=plan_parcels",
            "ONEMAP_DATABASE": str(gpkg),
            "CONFLICTS": "memory:",
            "VERDICTS": "memory:",
            "REPORT": str(folder / "report.html"),
            "MAPS": True,
        },
    )
    return truth, result


def test_demo_conflicts_and_clear_parcels_through_processing(demo_run):
    truth, result = demo_run
    conflicts = _features(result["CONFLICTS"])
    for expected in truth["conflicts"]:
        rows = [c for c in conflicts if c["rule_id"] == RULE_OF_LAYER[expected["layer"]]
                and c["plan_id"] == expected["parcel_id"]]  # fmt: skip
        assert len(rows) == 1 and rows[0]["verdict"] in ("不符合", "需人工复核"), expected
        assert rows[0]["ovl_area_ell_m2"] == pytest.approx(expected["overlap_m2_ellipsoidal"], abs=0.1)
    for expected in truth["sliver_tolerated"]:
        rows = [c for c in conflicts if c["rule_id"] == RULE_OF_LAYER[expected["layer"]]
                and c["plan_id"] == expected["parcel_id"]]  # fmt: skip
        assert rows[0]["tolerated"] and rows[0]["verdict"] == "符合"
    verdicts = _features(result["VERDICTS"])
    clear = set(truth["clear_parcels"])
    assert {v["verdict"] for v in verdicts if v["plan_id"] in clear} == {"符合"}
    assert result["OVERALL"] == "fail"


def test_demo_report(demo_run):
    truth, result = demo_run
    text = Path(result["REPORT"]).read_text(encoding="utf-8")
    for expected in truth["conflicts"]:
        assert expected["parcel_id"] in text
    assert text.count("data:image/png;base64,") >= len(truth["conflicts"])


@pytest.fixture()
def chinese(qgis_app, tmp_path):
    """The plugin's zh_CN translation (compiled from the catalogs) and a Chinese QGIS locale."""
    import sys

    from qgis.core import QgsSettings
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    sys.path.insert(0, str(ROOT / "scripts"))
    import i18n

    ts = tmp_path / "zh.ts"
    ts.write_text(i18n.render(i18n.extract(), i18n.catalog()), encoding="utf-8")
    subprocess.run([i18n.lrelease(), "-silent", str(ts), "-qm", str(tmp_path / "zh.qm")], check=True)
    translator = QTranslator()
    assert translator.load(str(tmp_path / "zh.qm"))
    QCoreApplication.installTranslator(translator)
    settings = QgsSettings()
    old = (settings.value("locale/overrideFlag"), settings.value("locale/userLocale"))
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", "zh_CN")
    yield
    settings.setValue("locale/overrideFlag", old[0] if old[0] is not None else False)
    settings.setValue("locale/userLocale", old[1] or "")
    QCoreApplication.removeTranslator(translator)


def test_the_report_is_in_chinese_under_a_chinese_locale(processing_provider, chinese, tmp_path):
    import geopandas as gpd
    import processing
    from shapely.geometry import box

    gpkg = tmp_path / "t.gpkg"
    gpd.GeoDataFrame({"parcel_id": ["P1"], "YDYHFLDM": ["070102"]}, geometry=[box(0, 0, 100, 100)],
                     crs="EPSG:4548").to_file(gpkg, layer="plan")  # fmt: skip
    gpd.GeoDataFrame({"MC": ["红线"]}, geometry=[box(90, 0, 200, 50)], crs="EPSG:4548").to_file(
        gpkg, layer="STBHHX"
    )
    result = processing.run(
        "communitygov:conformity",
        {"PLAN": f"{gpkg}|layername=plan", "ONEMAP_DATABASE": str(gpkg), "CONFLICTS": "memory:",
         "VERDICTS": "memory:", "REPORT": str(tmp_path / "r.html"), "MAPS": False},
    )  # fmt: skip
    text = Path(result["REPORT"]).read_text(encoding="utf-8")
    order = [
        text.index(h) for h in ("三线检查情况", "其他控制线", "规划分区与主导用途", "指标检查", "五、结论")
    ]
    assert order == sorted(order)
    assert "不得压占生态保护红线" in text and "规划符合性审查报告" in text
    assert "Three control lines" not in text
