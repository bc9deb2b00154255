"""communitygov:conformity and communitygov:importredline through processing.run."""

import json
import re

import geopandas as gpd
import pytest
from shapely.geometry import Polygon, box

X0, Y0 = 528000.0, 3520000.0


def sq(x0, y0, x1, y1):
    return box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


@pytest.fixture(scope="module")
def onemap(tmp_path_factory):
    """A one-map GeoPackage with standard layer names (one in 4490) and a plan GeoPackage."""
    folder = tmp_path_factory.mktemp("conformity")
    gpkg = folder / "yizhangtu.gpkg"
    gpd.GeoDataFrame({"MC": ["红线A"]}, geometry=[sq(90, 0, 200, 50)], crs="EPSG:4548").to_file(
        gpkg, layer="STBHHX"
    )
    gpd.GeoDataFrame({"YJJBNTTBBH": ["T1"]}, geometry=[sq(0, 100 - 0.079, 100, 200)], crs="EPSG:4548").to_crs(
        4490
    ).to_file(gpkg, layer="YJJBNTTB")
    gpd.GeoDataFrame(
        {"GHFQDM": ["01"], "GHFQMC": ["城镇集中建设区"]},
        geometry=[sq(-1000, -1000, 1000, 1000)],
        crs="EPSG:4548",
    ).to_file(gpkg, layer="CZKFBJ")
    gpd.GeoDataFrame({"BSM": ["L1"]}, geometry=[sq(250, 0, 260, 100)], crs="EPSG:4548").to_file(
        gpkg, layer="水体保护线"
    )
    gpd.GeoDataFrame({"name": ["x"]}, geometry=[sq(0, 0, 1, 1)], crs="EPSG:4548").to_file(
        gpkg, layer="residential"
    )
    plan = folder / "plan.gpkg"
    bowtie = Polygon([(X0 + 400, Y0), (X0 + 500, Y0 + 100), (X0 + 500, Y0), (X0 + 400, Y0 + 100)])
    gpd.GeoDataFrame(
        {
            "parcel_id": ["P1", "P2", "P3", "P4"],
            "YDYHFLDM": ["070102", "05", "070102", "070102"],
            "YDYHFLMC": ["二类城镇住宅用地", "商业服务业用地", "二类城镇住宅用地", "二类城镇住宅用地"],
            "activity_class": [None, None, None, None],
        },
        geometry=[sq(0, 0, 100, 100), sq(200, 0, 300, 100), sq(600, 0, 700, 100), bowtie],
        crs="EPSG:4548",
    ).to_file(plan, layer="plan")
    return folder, gpkg, plan


def run_conformity(processing_provider, onemap, **extra):
    import processing

    folder, gpkg, plan = onemap
    params = {
        "PLAN": f"{plan}|layername=plan",
        "ONEMAP_DATABASE": str(gpkg),
        "CONFLICTS": "memory:",
        "VERDICTS": "memory:",
        "REPORT": str(folder / "report.html"),
        "LOG": str(folder / "log.json"),
        "MAPS": True,
    }
    params.update(extra)
    return processing.run("communitygov:conformity", params)


def features(layer):
    names = layer.fields().names()
    return [dict(zip(names, f.attributes())) | {"_geom": f.geometry()} for f in layer.getFeatures()]


def test_conformity_from_a_onemap_geopackage(processing_provider, onemap):
    result = run_conformity(processing_provider, onemap)
    conflicts = features(result["CONFLICTS"])
    red = [c for c in conflicts if c["rule_id"] == "STBHHX_NO_BUILD"]
    assert len(red) == 1 and red[0]["verdict"] == "不符合" and red[0]["plan_id"] == "P1"
    assert red[0]["ovl_area_plan_m2"] == pytest.approx(500.0, abs=1e-6)
    assert red[0]["_geom"].area() == pytest.approx(500.0, abs=1e-6)  # written back in the plan CRS
    thin = [c for c in conflicts if c["rule_id"] == "YJJBNT_NO_OCCUPY"]  # from a 4490 layer
    assert len(thin) == 1 and thin[0]["verdict"] == "需人工复核" and thin[0]["is_sliver"]
    assert thin[0]["ovl_area_plan_m2"] == pytest.approx(7.9, abs=0.01)
    blue = [c for c in conflicts if c["rule_id"] == "LX_NO_FILL"]  # 2026 name 水体保护线 recognised
    assert len(blue) == 1 and blue[0]["plan_id"] == "P2"
    assert blue[0]["verdict"] == "符合" and "allowed" in blue[0]["reason"]  # 05 wetland inside the blue line
    verdicts = features(result["VERDICTS"])
    by = {(v["plan_id"], v["rule_id"]): v for v in verdicts}
    assert by[("P3", "STBHHX_NO_BUILD")]["verdict"] == "符合"
    assert by[("P3", "CZKFBJ_WITHIN")]["reason"] == "checked, no conflict"
    assert by[("P4", "STBHHX_NO_BUILD")]["verdict"] == "无法评价"
    assert by[("P1", "GHFQ_USE")]["verdict"] == "未检查"
    assert len(verdicts) == 4 * 13
    assert result["OVERALL"] == "fail" and result["N_FAIL"] == 1 and result["N_ERROR"] == 1
    log = json.loads(open(result["LOG"], encoding="utf-8").read())
    assert any(e["event"] == "code_warning" and e["id"] == "P2" for e in log["log"])


def test_the_report_follows_the_familiar_order_and_has_maps(processing_provider, onemap):
    result = run_conformity(processing_provider, onemap)
    text = open(result["REPORT"], encoding="utf-8").read()
    heads = [text.index(h) for h in ("1. Three control lines", "2. Other control lines", "3. Zoning and dominant use",
                                     "4. Indicators", "5. Conclusion")]  # fmt: skip
    assert heads == sorted(heads)
    assert (
        len(re.findall(r"data:image/png;base64,", text)) == 2
    )  # red line, thin overlap (the 05 parcel passes)
    assert "土地管理法" in text and "P2" in text


def test_layers_with_roles_and_project_attributes(processing_provider, onemap):
    from qgis.core import QgsVectorLayer

    folder, gpkg, _plan = onemap
    layer = QgsVectorLayer(f"{gpkg}|layername=STBHHX", "my red line", "ogr")
    result = run_conformity(
        processing_provider,
        onemap,
        ONEMAP_DATABASE=None,
        ONEMAP_LAYERS=[layer],
        ROLE_MAP="my red line=eco_redline",
        PROJECT_ATTRIBUTES="activity_class=5",
    )
    red = [c for c in features(result["CONFLICTS"]) if c["rule_id"] == "STBHHX_NO_BUILD"]
    assert red[0]["verdict"] == "需人工复核"


def test_no_onemap_layer_is_a_clear_error(processing_provider, onemap):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="No one-map layer"):
        run_conformity(processing_provider, onemap, ONEMAP_DATABASE=None)


# -- importredline ---------------------------------------------------------------------------
REDLINE = """[属性描述]
坐标系=2000国家大地坐标系
几度分带=3
投影类型=高斯克吕格
计量单位=米
带号=39
[地块坐标]
5,1.0,1,安置房地块,面,,二类城镇住宅用地,,@
J1,1,3520000.000,39528000.000
J2,1,3520000.000,39528100.000
J3,1,3520100.000,39528100.000
J4,1,3520100.000,39528000.000
J1,1,3520000.000,39528000.000
"""


def test_importredline_txt(processing_provider, tmp_path):
    import processing

    path = tmp_path / "hx.txt"
    path.write_bytes(REDLINE.encode("gbk"))
    result = processing.run("communitygov:importredline", {"INPUT": str(path), "OUTPUT": "memory:"})
    assert result["CRS"] == "EPSG:4527" and result["PARCELS"] == 1 and result["ENCODING_USED"] == "GBK"
    (feature,) = features(result["OUTPUT"])
    assert feature["name"] == "安置房地块" and feature["_geom"].area() == pytest.approx(10000.0)
    assert feature["area_m2"] == pytest.approx(10000.0, rel=2e-4)  # ellipsoidal, close to the planar area
    assert result["OUTPUT"].crs().authid() == "EPSG:4527"


def test_importredline_malformed_txt_names_the_line(processing_provider, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    path = tmp_path / "bad.txt"
    path.write_text(REDLINE.replace("J3,1,3520100.000", "J3,1,35201OO.000"), encoding="utf-8")
    with pytest.raises(QgsProcessingException, match=r"bad\.txt.*line 11"):
        processing.run("communitygov:importredline", {"INPUT": str(path), "OUTPUT": "memory:"})


def test_importredline_gbk_shapefile_without_cpg(processing_provider, tmp_path):
    import processing

    path = tmp_path / "hx.shp"
    gpd.GeoDataFrame({"XMMC": ["梧桐社区安置房项目"]}, geometry=[sq(0, 0, 10, 10)], crs="EPSG:4548").to_file(
        path, encoding="gbk"
    )
    path.with_suffix(".cpg").unlink(missing_ok=True)
    dbf = bytearray(path.with_suffix(".dbf").read_bytes())
    dbf[29] = 0  # no language driver either: decided from the records
    path.with_suffix(".dbf").write_bytes(bytes(dbf))
    result = processing.run("communitygov:importredline", {"INPUT": str(path), "OUTPUT": "memory:"})
    (feature,) = features(result["OUTPUT"])
    assert feature["XMMC"] == "梧桐社区安置房项目" and result["ENCODING_USED"] == "GBK"


@pytest.mark.parametrize("pick", ["folder", "table inside"])
def test_a_filegdb_one_map_is_read_by_its_standard_layer_names(processing_provider, onemap, tmp_path, pick):
    folder, _gpkg, plan = onemap
    gdb = tmp_path / "yizhangtu.gdb"
    gpd.GeoDataFrame({"MC": ["红线A"]}, geometry=[sq(90, 0, 200, 50)], crs="EPSG:4548").to_file(
        gdb, layer="STBHHX", driver="OpenFileGDB"
    )
    gpd.GeoDataFrame({"GHFQDM": ["01"]}, geometry=[sq(-1000, -1000, 1000, 1000)], crs="EPSG:4548").to_file(
        gdb, layer="CZKFBJ", driver="OpenFileGDB"
    )
    path = gdb if pick == "folder" else sorted(gdb.glob("*.gdbtable"))[0]
    result = run_conformity(processing_provider, onemap, ONEMAP_DATABASE=str(path))
    red = [c for c in features(result["CONFLICTS"]) if c["rule_id"] == "STBHHX_NO_BUILD"]
    assert (
        len(red) == 1
        and red[0]["ovl_area_plan_m2"] == pytest.approx(500.0)
        and red[0]["ctrl_label"] == "红线A"
    )
    by = {(v["plan_id"], v["rule_id"]): v["verdict"] for v in features(result["VERDICTS"])}
    assert by[("P3", "CZKFBJ_WITHIN")] == "符合" and by[("P1", "YJJBNT_NO_OCCUPY")] == "未检查"


def test_the_report_lists_a_bounded_number_of_rows(processing_provider, onemap, monkeypatch):
    from community_governance.processing.algorithms import conformity as algorithm

    monkeypatch.setattr(algorithm, "MAX_REPORT_ROWS", 1)
    result = run_conformity(processing_provider, onemap, MAPS=False)
    text = open(result["REPORT"], encoding="utf-8").read()
    assert "1 more rows of this group are in the CONFLICTS layer." in text  # red line shown, thin one counted
    assert result["CONFLICTS"].featureCount() >= 2
