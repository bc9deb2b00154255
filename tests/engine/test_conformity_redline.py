"""Red-line TXT import (fixture case 7) and GBK shapefiles without .cpg (fixture case 6)."""

import geopandas as gpd
import pytest
from community_governance.processing.engine import redline
from community_governance.processing.engine.errors import InputError
from pyproj import Transformer
from shapely.geometry import box

HEADER = """[属性描述]
格式版本号=1.01版本
数据产生单位=测试
坐标系=2000国家大地坐标系
几度分带=3
投影类型=高斯克吕格
计量单位=米
带号=39
精度=0.001
转换参数=,,,,,,
[地块坐标]
"""


def ring_rows(ring_no, coords, start=1):
    """Rows 点号,圈号,X(northing),Y(zone-prefixed easting) for (easting, northing) corners, closed."""
    pts = list(coords) + [coords[0]]
    return [f"J{start + k},{ring_no},{n:.3f},{e:.3f}" for k, (e, n) in enumerate(pts)]


E0, N0 = 39528000.0, 3520000.0
OUTER = [(E0, N0), (E0 + 100, N0), (E0 + 100, N0 + 100), (E0, N0 + 100)]
HOLE = [(E0 + 40, N0 + 40), (E0 + 60, N0 + 40), (E0 + 60, N0 + 60), (E0 + 40, N0 + 60)]
PART = [(E0 + 200, N0), (E0 + 250, N0), (E0 + 250, N0 + 20), (E0 + 200, N0 + 20)]
SECOND = [(E0, N0 + 300), (E0 + 30, N0 + 300), (E0 + 30, N0 + 330), (E0, N0 + 330)]


def sample_text():
    rows1 = ring_rows(1, OUTER) + ring_rows(2, HOLE, 6) + ring_rows(3, PART, 11)
    rows2 = ring_rows(1, SECOND)
    return (
        HEADER
        + f"{len(rows1)},1.06,1,安置房地块,面,,二类城镇住宅用地,,@\n"
        + "\n".join(rows1)
        + f"\n{len(rows2)},900,2,社区中心,面,,城镇社区服务设施用地,,@\n"
        + "\n".join(rows2)
        + "\n"
    )


def test_case7_zone_prefixed_txt_becomes_polygons_in_epsg_4527(tmp_path):
    path = tmp_path / "hongxian.txt"
    path.write_bytes(sample_text().encode("gbk"))  # the usual delivery encoding
    result = redline.read_redline(path)
    assert result.epsg == 4527 and result.zone == 39 and result.prefixed and result.encoding == "GBK"
    first, second = result.parcels
    assert (first.number, first.name, first.use) == ("1", "安置房地块", "二类城镇住宅用地")
    assert first.geometry.geom_type == "MultiPolygon"
    assert first.geometry.area == pytest.approx(100 * 100 - 20 * 20 + 50 * 20)
    assert second.geometry.area == pytest.approx(900.0)
    assert first.warnings == [] and second.warnings == []  # 1.06 ha and 900 m2 both match
    # X is the northing, Y the zone-prefixed easting: the same point in the truncated zone CRS
    x, y = Transformer.from_crs(4527, 4548, always_xy=True).transform(*first.geometry.bounds[:2])
    assert (x, y) == pytest.approx((528000.0, 3520000.0), abs=1e-6)


def test_plain_eastings_use_the_declared_zone_and_the_truncated_crs():
    text = sample_text().replace("3952", "52")  # strip the zone prefix from every easting
    result = redline.parse_redline(text)
    assert result.epsg == 4548 and not result.prefixed


def test_six_degree_zone():
    text = (
        sample_text()
        .replace("几度分带=3", "几度分带=6")
        .replace("带号=39", "带号=20")
        .replace("3952", "2052")
    )
    assert redline.parse_redline(text).epsg == 4491 + 20 - 13


def test_an_unclosed_ring_is_closed_with_a_warning():
    lines = sample_text().splitlines()
    del lines[lines.index("J5,1,3520000.000,39528000.000")]  # the closing point of ring 1
    parcel = redline.parse_redline("\n".join(lines)).parcels[0]
    assert any("not closed" in w for w in parcel.warnings)
    assert any("界址点数" in w for w in parcel.warnings)
    assert parcel.geometry.area == pytest.approx(10600.0)


@pytest.mark.parametrize(
    "mutate, fragment",
    [
        (lambda t: t.replace("[地块坐标]", "[坐标]"), "no [地块坐标]"),
        (lambda t: t.replace("3520100.000,39528100.000", "35201OO.000,39528100.000"), "X is not a number"),
        (lambda t: t.replace("J2,1,3520000.000,39528100.000", "J2,1,39528100.000,3520000.000"), "swapped"),
        (lambda t: t.replace("带号=39", "带号=40"), "带号=40"),
        (lambda t: t.replace("39528250.000", "40528250.000"), "several zones"),
        (lambda t: t.replace("计量单位=米", "计量单位=度"), "计量单位"),
        (lambda t: t.replace("坐标系=2000国家大地坐标系", "坐标系"), "key=value"),
    ],
)
def test_malformed_files_give_clear_errors(mutate, fragment):
    with pytest.raises(InputError) as info:
        redline.parse_redline(mutate(sample_text()), source="bad.txt")
    error = info.value
    assert error.code == "redline_format" and error.params["file"] == "bad.txt"
    assert fragment in error.params["detail"]


def test_the_culprit_line_is_named():
    text = sample_text().replace("J3,1,3520100.000,39528100.000", "J3,1,abc,39528100.000")
    with pytest.raises(InputError) as info:
        redline.parse_redline(text)
    assert info.value.params["line"] == text.splitlines().index("J3,1,abc,39528100.000") + 1


def test_a_degenerate_ring_is_an_error():
    rows = ring_rows(1, [(E0, N0), (E0 + 10, N0)])
    text = HEADER + f"{len(rows)},,9,坏地块,面,,,,@\n" + "\n".join(rows) + "\n"
    with pytest.raises(InputError, match="fewer than 3 points"):
        redline.parse_redline(text)


# -- case 6: GBK shapefile without .cpg ------------------------------------------------------
def _write_gbk_shapefile(folder, ldid=None):
    path = folder / "hongxian.shp"
    frame = gpd.GeoDataFrame(
        {"XMMC": ["梧桐社区安置房项目", "蜀山区文化活动中心"], "YDXZ": ["二类城镇住宅用地", "文化活动用地"]},
        geometry=[box(0, 0, 10, 10), box(20, 0, 30, 10)],
        crs="EPSG:4548",
    )
    frame.to_file(path, encoding="gbk")
    path.with_suffix(".cpg").unlink(missing_ok=True)
    if ldid is not None:
        dbf = bytearray(path.with_suffix(".dbf").read_bytes())
        dbf[29] = ldid
        path.with_suffix(".dbf").write_bytes(bytes(dbf))
    return path


@pytest.mark.parametrize("ldid", [None, 0x00])
def test_case6_gbk_shapefile_without_cpg_reads_correctly(tmp_path, ldid):
    path = _write_gbk_shapefile(tmp_path, ldid)
    assert not path.with_suffix(".cpg").exists()
    encoding, how = redline.detect_dbf_encoding(path)
    assert encoding == "GBK"
    if ldid == 0x00:
        assert how == "content"  # no language driver byte: decided from the records
    frame = redline.read_shapefile(path)
    assert list(frame.XMMC) == ["梧桐社区安置房项目", "蜀山区文化活动中心"]
    assert not any(redline.looks_garbled(v) for v in frame.YDXZ)


def test_utf8_shapefile_without_cpg_stays_utf8(tmp_path):
    path = tmp_path / "u.shp"
    gpd.GeoDataFrame({"XMMC": ["梧桐社区"]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:4548").to_file(
        path, encoding="utf-8"
    )
    path.with_suffix(".cpg").unlink(missing_ok=True)
    dbf = bytearray(path.with_suffix(".dbf").read_bytes())
    dbf[29] = 0
    path.with_suffix(".dbf").write_bytes(bytes(dbf))
    assert redline.detect_dbf_encoding(path) == ("UTF-8", "content")
    assert list(redline.read_shapefile(path).XMMC) == ["梧桐社区"]
