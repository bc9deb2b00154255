"""Engine of the data-quality gate (no QGIS): schemas, API contract, repair, report, helpers."""

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import yaml
from community_governance.processing.engine import quality
from community_governance.processing.engine.errors import Cancelled, ConfigError, InputError
from community_governance.processing.engine.quality_report import report_html
from community_governance.processing.engine.quality_spatial import bbox_pairs
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box

X0, Y0 = 500000.0, 3520000.0


def parcels(n=4):
    return gpd.GeoDataFrame(
        {
            "parcel_id": [f"P{i + 1}" for i in range(n)],
            "YDYHFLDM": ["0701"] * n,
            "YDYHFLMC": ["城镇住宅用地"] * n,
        },
        geometry=[box(X0 + 100 * i, Y0, X0 + 100 * (i + 1), Y0 + 100) for i in range(n)],
        crs=4548,
    )


# -- schemas ---------------------------------------------------------------------------------------
def test_every_shipped_schema_validates_and_names_demo_fields():
    names = quality.available_schemas()
    for required in (
        "residential",
        "facilities",
        "plan_parcels",
        "trajectories",
        "sensor_observations",
        "feedback",
    ):
        assert required in names
    assert any(n.startswith("onemap_") for n in names)
    for name in names:
        schema = quality.load_schema(name)
        assert schema.id == name and schema.title["zh"] and schema.title["en"]
    # docs/DEMO_DATA.md field names are the canonical names
    assert [f.name for f in quality.load_schema("residential").fields][:5] == [
        "res_id",
        "name",
        "community_id",
        "households",
        "pop_total",
    ]
    parcels_schema = quality.load_schema("plan_parcels")
    code = parcels_schema.field("YDYHFLDM")
    assert "用地用海分类代码" in code.aliases and "land_use_code" in code.aliases
    assert "0702" in code.values and "05" in code.values and "0799" not in code.values


def test_schema_by_layer_name():
    assert quality.schema_for_layer("STBHHX").id == "onemap_stbhhx"
    assert quality.schema_for_layer("居住小区").id == "residential"
    assert quality.schema_for_layer("Plan_Parcels").id == "plan_parcels"
    assert quality.schema_for_layer("nothing like it") is None


def test_schema_none_picks_it_by_layer_name():
    result = quality.check_frame(parcels(), None, layer_name="plan_parcels")
    assert result.schema_id == "plan_parcels" and result.passed
    with pytest.raises(InputError) as info:
        quality.check_frame(parcels(), None, layer_name="mystery")
    assert info.value.code == "quality_no_schema" and info.value.params["layer"] == "mystery"


def test_invalid_schema_files_are_refused_with_the_file_named(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        yaml.safe_dump({"id": "bad", "title": {"en": "x", "zh": "x"}, "geometry": "blob", "fields": []})
    )
    with pytest.raises(ConfigError) as info:
        quality.load_schema(bad)
    assert info.value.params["file"].endswith("bad.yaml") and "geometry" in info.value.params["detail"]
    rule = tmp_path / "rule.yaml"
    rule.write_text(
        yaml.safe_dump(
            {
                "id": "rule",
                "title": {"en": "x", "zh": "x"},
                "geometry": "point",
                "fields": [{"name": "a", "type": "number"}],
                "rules": [{"id": "r", "kind": "compare", "left": "b", "op": ">", "right": 0}],
            }
        )
    )
    with pytest.raises(ConfigError, match="unknown field b"):
        quality.load_schema(rule)
    with pytest.raises(ConfigError) as info:
        quality.load_schema("no_such_schema")
    assert info.value.code == "quality_schema_unknown" and "facilities" in info.value.params["known"]


def test_a_user_schema_file_works(tmp_path):
    path = tmp_path / "wells.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "id": "wells",
                "title": {"en": "Wells", "zh": "水井"},
                "geometry": "point",
                "id_field": "JBH",
                "fields": [
                    {"name": "JBH", "type": "string", "required": True, "unique": True},
                    {"name": "depth_m", "type": "number", "min": 0, "max": 500, "aliases": ["JS", "井深"]},
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    frame = gpd.GeoDataFrame(
        {"JBH": ["W1", "W2"], "井深": [30.0, 900.0]}, geometry=[Point(X0, Y0), Point(X0 + 5, Y0)], crs=4548
    )
    result = quality.check_frame(frame, path)
    errors = result.errors()
    assert list(errors["check_id"]) == ["schema.range"] and list(errors["record_id"]) == ["W2"]
    assert result.field_map == {"JBH": "JBH", "depth_m": "井深"}


# -- API contract --------------------------------------------------------------------------------
def test_issue_table_and_result_contract():
    frame = parcels()
    frame.loc[1, "YDYHFLDM"] = "9999"
    frame.index = [10, 11, 12, 13]
    result = quality.check_frame(frame, "plan_parcels", layer_name="my parcels")
    assert list(result.issues.columns) == quality.ISSUE_COLUMNS
    row = result.issues.iloc[0]
    assert row["layer"] == "my parcels" and row["feature_id"] == 11 and row["record_id"] == "P2"
    assert row["x"] == pytest.approx(X0 + 150) and row["y"] == pytest.approx(Y0 + 50)
    assert not result.passed and result.n_errors == 1 and result.n_warnings == 0
    assert result.score == pytest.approx(75.0)  # 1 of 4 features with an error
    assert list(result.summary.columns) == ["check_id", "severity", "count", "title_en", "title_zh"]
    assert result.summary.iloc[0]["title_zh"] == "取值不在代码表内"
    assert set(result.completeness["field"]) >= {"parcel_id", "YDYHFLDM", "RJL"}
    rjl = result.completeness.set_index("field").loc["RJL"]
    assert rjl["source_field"] == "" and rjl["share"] == 0.0
    with pytest.raises(quality.QualityGateRefused) as info:
        quality.enforce(result)
    assert info.value.code == "quality_gate_refused" and info.value.params["errors"] == 1
    assert frame.loc[11, "YDYHFLDM"] == "9999"  # the input is untouched


def test_warnings_need_explicit_acceptance():
    frame = parcels()
    frame["JZMD"] = [30.0, 0.3, 25.0, 40.0]
    result = quality.check_frame(frame, "plan_parcels")
    assert result.passed and result.n_warnings == 1
    assert not result.accepted() and result.accepted(accept_warnings=True)
    assert quality.enforce(result, accept_warnings=True) is result
    assert result.score == pytest.approx(100 * (1 - 0.25 / 4))


def test_empty_geometry_missing_crs_and_outside_area():
    frame = parcels()
    frame.loc[2, "geometry"] = Polygon()
    result = quality.check_frame(frame, "plan_parcels")
    empty = result.issues[result.issues["check_id"] == "geometry.empty"]
    assert list(empty["record_id"]) == ["P3"] and np.isnan(empty.iloc[0]["x"])
    no_crs = gpd.GeoDataFrame(parcels().drop(columns="geometry"), geometry=list(parcels().geometry))
    result = quality.check_frame(no_crs, "plan_parcels")
    missing = result.issues[result.issues["check_id"] == "crs.missing"]
    assert len(missing) == 1 and missing.iloc[0]["feature_id"] is None
    assert result.score == pytest.approx(90.0)
    # London in CGCS2000 lon/lat: a valid coordinate, but not in China
    london = gpd.GeoDataFrame(
        {"fac_id": ["F1"], "fac_type": ["park"], "capacity": [1.0]}, geometry=[Point(-0.12, 51.5)], crs=4490
    )
    result = quality.check_frame(london, "facilities")
    outside = result.issues[result.issues["check_id"] == "crs.outside_area"]
    assert list(outside["record_id"]) == ["F1"] and "outside China" in outside.iloc[0]["message_en"]


def test_tables_without_geometry():
    table = pd.DataFrame(
        {
            "sensor_id": ["S1", "S1", "S2"],
            "phenomenon_time": ["2026-03-02T07:00:00+08:00", "2026-03-02T08:00:00+08:00", "not a time"],
            "value": [3.0, -1.0, 2.0],
        }
    )
    result = quality.check_frame(table, "sensor_observations")
    found = sorted(zip(result.issues["check_id"], result.issues["feature_id"]))
    assert found == [("schema.range", 1), ("schema.type", 2)]


def test_personal_values_are_never_echoed():
    frame = gpd.GeoDataFrame(
        {
            "user_id": ["张三".encode().decode("gbk")],
            "timestamp": ["2026-03-02T07:00:00+08:00"],
            "accuracy_m": [5.0],
        },
        geometry=[Point(X0, Y0)],
        crs=4548,
    )
    result = quality.check_frame(frame, "trajectories")
    row = result.issues[result.issues["check_id"] == "encoding.mojibake"].iloc[0]
    assert "张三" not in row["message_en"] + row["message_zh"] + row["value"]
    assert "***" in row["message_en"]


def test_progress_and_cancel():
    seen = []
    quality.check_frame(parcels(), "plan_parcels", progress=seen.append)
    assert seen[-1] == 1.0 and all(0.0 <= f <= 1.0 for f in seen) and seen == sorted(seen)
    with pytest.raises(Cancelled):
        quality.check_frame(parcels(), "plan_parcels", cancelled=lambda: True)


def test_geographic_layers_are_measured_in_metres():
    frame = parcels()
    frame.loc[1, "geometry"] = box(X0 + 95, Y0, X0 + 200, Y0 + 100)  # 5 m x 100 m = 500 m2 overlap
    result = quality.check_frame(frame.to_crs(4490), "plan_parcels")
    overlap = result.issues[result.issues["check_id"] == "topology.overlap"]
    assert len(overlap) == 1 and overlap.iloc[0]["record_id"] == "P2"
    value = float(overlap.iloc[0]["value"])
    assert value == pytest.approx(500.0, rel=0.01)  # in the GK zone of the data
    assert 117.0 < overlap.iloc[0]["x"] < 117.1 and 31.0 < overlap.iloc[0]["y"] < 32.0  # back in degrees


# -- repair ---------------------------------------------------------------------------------------
def test_repair_fixes_a_copy_and_logs_every_action():
    frame = parcels()
    x, y = X0 + 100, Y0
    frame.loc[1, "geometry"] = Polygon([(x, y), (x + 100, y + 100), (x + 100, y), (x, y + 100)])
    frame.loc[2, "geometry"] = box(X0 + 39e6 + 200, Y0, X0 + 39e6 + 300, Y0 + 100)
    frame.loc[3, "YDYHFLMC"] = "城镇住宅用地".encode().decode("gbk")
    original = frame.copy()
    repaired = quality.repair_frame(frame, "plan_parcels")
    pd.testing.assert_frame_equal(
        pd.DataFrame(frame.drop(columns="geometry")), pd.DataFrame(original.drop(columns="geometry"))
    )
    assert [g.wkb for g in frame.geometry] == [g.wkb for g in original.geometry]  # input untouched
    out = repaired.frame
    assert out.geometry.iloc[1].is_valid and out.geometry.iloc[1].geom_type in ("Polygon", "MultiPolygon")
    assert out.geometry.iloc[1].area == pytest.approx(5000.0)
    assert out.geometry.iloc[2].bounds == pytest.approx((X0 + 200, Y0, X0 + 300, Y0 + 100))
    assert out.loc[3, "YDYHFLMC"] == "城镇住宅用地"
    assert repaired.counts == {"make_valid": 1, "remove_zone_prefix": 1, "fix_encoding": 1}
    assert quality.check_frame(out, "plan_parcels").passed


def test_repair_swaps_axes_reprojects_and_renames():
    frame = parcels().rename(columns={"YDYHFLDM": "用地用海分类代码"})
    frame.loc[0, "geometry"] = box(Y0, X0, Y0 + 100, X0 + 100)  # x and y swapped
    repaired = quality.repair_frame(frame, "plan_parcels", target_epsg=4490, rename_fields=True)
    assert repaired.crs_epsg == 4490 and repaired.frame.crs.to_epsg() == 4490
    assert "YDYHFLDM" in repaired.frame.columns and "用地用海分类代码" not in repaired.frame.columns
    back = repaired.frame.to_crs(4548).geometry.iloc[0]
    assert back.bounds == pytest.approx((X0, Y0, X0 + 100, Y0 + 100), abs=1e-3)
    assert set(repaired.actions["action"]) == {"swap_axes", "reproject", "rename_field"}


def test_make_valid_keeps_the_dimension():
    # a polygon whose repair also yields a line (a spike) keeps only its polygonal part
    spike = Polygon([(0, 0), (10, 0), (10, 10), (0, 10), (0, 0), (-5, 0), (0, 0)])
    frame = gpd.GeoDataFrame({"parcel_id": ["P1"], "YDYHFLDM": ["0701"]}, geometry=[spike], crs=4548)
    fixed = quality.repair_frame(frame, "plan_parcels", fix_coordinates=False).frame.geometry.iloc[0]
    assert fixed.geom_type in ("Polygon", "MultiPolygon") and fixed.area == pytest.approx(100.0)


# -- report -------------------------------------------------------------------------------------
def test_html_report_in_both_languages():
    frame = parcels()
    frame.loc[1, "YDYHFLDM"] = "<script>"
    result = quality.check_frame(frame, "plan_parcels", layer_name="地块")
    zh = report_html(result, "zh")
    en = report_html(result, "en")
    assert "未通过：1 个错误" in zh and "FAILED: 1 errors" in en
    assert "<script>" not in zh and "&lt;script&gt;" in zh  # escaped
    assert "取值不在代码表内" in zh and "Value outside the allowed codes" in en
    short = report_html(result, "en", max_rows=0)
    assert "1 more findings are in the ERRORS output." in short


# -- helpers --------------------------------------------------------------------------------------
def test_bbox_pairs_equals_brute_force():
    rng = np.random.default_rng(7)
    lo = rng.uniform(0, 1000, size=(400, 2))
    size = rng.exponential(20, size=(400, 2))
    size[:3] = 600  # a few big boxes take the slow path
    bounds = np.hstack([lo, lo + size])
    bounds[5] = np.nan  # missing geometry
    left, right = bbox_pairs(bounds, min_overlap_area=0.0)
    got = set(zip(left.tolist(), right.tolist()))
    expected = set()
    for i in range(len(bounds)):
        for j in range(i + 1, len(bounds)):
            if np.isnan(bounds[i]).any() or np.isnan(bounds[j]).any():
                continue
            w = min(bounds[i, 2], bounds[j, 2]) - max(bounds[i, 0], bounds[j, 0])
            h = min(bounds[i, 3], bounds[j, 3]) - max(bounds[i, 1], bounds[j, 1])
            if w >= 0 and h >= 0 and w * h > 0:
                expected.add((i, j))
    assert got == expected and len(expected) > 100


def test_multipolygons_and_lines_survive_the_geometry_array():
    multi = MultiPolygon([box(X0, Y0, X0 + 10, Y0 + 10), box(X0 + 20, Y0, X0 + 30, Y0 + 10)])
    frame = gpd.GeoDataFrame(
        {"parcel_id": ["P1", "P2"], "YDYHFLDM": ["0701", "0701"]},
        geometry=[multi, box(X0 + 40, Y0, X0 + 50, Y0 + 10)],
        crs=4548,
    )
    assert quality.check_frame(frame, "plan_parcels").issues.empty
    roads = gpd.GeoDataFrame(
        {"road_id": ["R1"], "road_class": ["支路"]},
        geometry=[LineString([(X0, Y0), (X0 + 10, Y0)])],
        crs=4548,
    )
    assert quality.check_frame(roads, "roads").issues.empty


def test_check_catalogue_is_complete_and_json_schema_valid():
    import jsonschema

    folder = Path(quality.SCHEMA_DIR)
    catalogue = yaml.safe_load((folder / "checks.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(catalogue, json.loads((folder / "checks.schema.json").read_text(encoding="utf-8")))
    for check_id, entry in catalogue["checks"].items():
        placeholders_en = {p.split("}")[0] for p in entry["en"].split("{")[1:]}
        placeholders_zh = {p.split("}")[0] for p in entry["zh"].split("{")[1:]}
        assert placeholders_en == placeholders_zh, check_id


def test_gap_next_to_an_overlap():
    """P1 reaches 1 m into P2 (overlap face, covered) and P2 has a notch against P1's new edge (a gap
    face whose box touches the overlap face's box): one overlap and one gap, nothing else."""
    frame = parcels(4)
    frame.loc[0, "geometry"] = box(X0, Y0, X0 + 101, Y0 + 100)
    frame.loc[1, "geometry"] = box(X0 + 100, Y0, X0 + 200, Y0 + 100).difference(
        box(X0 + 101, Y0 + 50, X0 + 103, Y0 + 52)
    )
    result = quality.check_frame(frame, "plan_parcels")
    found = sorted(
        zip(
            result.issues["check_id"],
            result.issues["record_id"],
            result.issues["related"],
            result.issues["value"],
        )
    )
    assert found == [("topology.gap", "P1", "P2", "4"), ("topology.overlap", "P2", "P1", "100")]
    gap = result.issues[result.issues["check_id"] == "topology.gap"].iloc[0]
    assert (gap["x"], gap["y"]) == pytest.approx((X0 + 102, Y0 + 51), abs=1.0)
