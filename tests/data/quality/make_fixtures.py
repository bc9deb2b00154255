"""Write the data-quality fixtures: one small layer per defect class, and cases.yaml.

Each fixture is a clean hand-built layer with ONE planted defect whose feature, location and
message are known by construction; ``cases.yaml`` lists what the gate must report (tests/engine/
test_quality_fixtures.py reads it). Run with ``/usr/bin/python3 tests/data/quality/make_fixtures.py``
after changing it; the outputs are committed.

Geometry: a 3 x 3 grid of 100 m parcels (P1..P9, row by row from the south-west) in EPSG:4548
(CGCS2000 GK CM 117E, truncated) near Hefei, lower-left corner at (500000, 3520000).
"""

from pathlib import Path

import geopandas as gpd
import pandas as pd
import yaml
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon, box
from shapely.ops import transform

HERE = Path(__file__).resolve().parent
X0, Y0, SIZE = 500000.0, 3520000.0, 100.0
CRS = 4548


def cell(i):
    col, row = i % 3, i // 3
    return box(X0 + col * SIZE, Y0 + row * SIZE, X0 + (col + 1) * SIZE, Y0 + (row + 1) * SIZE)


def centre(i):
    c = cell(i).centroid
    return [round(c.x, 3), round(c.y, 3)]


CODES = ["0701", "070102", "0702", "080403", "080404", "0901", "1401", "1207", "0806"]
NAMES = [
    "城镇住宅用地",
    "二类城镇住宅用地",
    "城镇社区服务设施用地",
    "中小学用地",
    "幼儿园用地",
    "商业用地",
    "公园绿地",
    "城镇村道路用地",
    "医疗卫生用地",
]


def parcels():
    return gpd.GeoDataFrame(
        {
            "parcel_id": [f"P{i + 1}" for i in range(9)],
            "YDYHFLDM": list(CODES),
            "YDYHFLMC": list(NAMES),
            "RJL": [1.8, 2.5, 1.0, 0.8, 0.9, 3.0, 0.1, 0.0, 1.5],
            "JZMD": [25.0, 30.0, 35.0, 30.0, 30.0, 45.0, 5.0, 0.0, 35.0],
            "LDL": [35.0, 30.0, 25.0, 35.0, 35.0, 20.0, 70.0, 0.0, 30.0],
            "JZGD": [54.0, 80.0, 24.0, 24.0, 15.0, 60.0, 8.0, 0.0, 36.0],
            "activity_class": [3, 3, 2, 2, 2, 5, 1, 1, 2],
            "major_project": [0, 0, 0, 1, 0, 0, 0, 0, 0],
        },
        geometry=[cell(i) for i in range(9)],
        crs=CRS,
    )


def residential():
    groups = [(40, 60, 500, 120, 30), (25, 45, 380, 90, 20), (30, 40, 420, 100, 10)]
    rows = []
    for k, (a, b, c, d, e) in enumerate(groups):
        rows.append(
            {
                "res_id": f"H{k + 1}",
                "name": ["幸福里小区", "和平新村", "阳光花园"][k],
                "community_id": "C01",
                "households": (a + b + c + d + e) // 3,
                "pop_total": a + b + c + d + e,
                "pop_0_6": a,
                "pop_7_14": b,
                "pop_15_59": c,
                "pop_60_79": d,
                "pop_80p": e,
                "pop_low_income": 12,
            }
        )
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=[cell(i) for i in range(3)], crs=CRS)


def facilities():
    types = ["kindergarten", "health_station", "elderly_daycare", "fitness"]
    return gpd.GeoDataFrame(
        {
            "fac_id": [f"F{k + 1}" for k in range(4)],
            "name": ["阳光幼儿园", "社区卫生服务站", "日间照料中心", "健身广场"],
            "fac_type": types,
            "fac_type_zh": ["幼儿园", "社区卫生服务站", "老年人日间照料中心", "室外综合健身场地"],
            "capacity": [270.0, 1.0, 30.0, 800.0],
            "capacity_unit": ["places", "places", "beds", "m2"],
            "floor_area_m2": [3200.0, 150.0, 400.0, 0.0],
            "community_id": ["C01"] * 4,
        },
        geometry=[Point(*centre(i)) for i in range(4)],
        crs=CRS,
    )


def trajectories():
    return gpd.GeoDataFrame(
        {
            "user_id": ["U1", "U1", "U1", "U2"],
            "timestamp": [
                "2026-03-02T07:15:03+08:00",
                "2026-03-02T07:20:03+08:00",
                "2026-03-02T07:25:03+08:00",
                "2026-03-02T08:00:00+08:00",
            ],
            "accuracy_m": [8.0, 12.0, 10.0, 15.0],
        },
        geometry=[Point(*centre(i)) for i in range(4)],
        crs=CRS,
    )


def stbhhx():
    geometry = [cell(0), cell(2)]
    return gpd.GeoDataFrame(
        {
            "BSM": ["1", "2"],
            "YSDM": ["2090020100"] * 2,
            "MC": ["巢湖生态红线", "董铺水库红线"],
            "MJ": [10000.0, 10000.0],
        },
        geometry=geometry,
        crs=CRS,
    )


def roads():
    """A 3 x 3 grid of streets split at every junction: EW rows 'Row k' digitised west to east,
    NS columns 'Col k' south to north."""
    lines, names, ids = [], [], []
    for row in range(4):
        for col in range(3):
            lines.append(
                LineString([(X0 + col * SIZE, Y0 + row * SIZE), (X0 + (col + 1) * SIZE, Y0 + row * SIZE)])
            )
            names.append(f"东西路{row}")
    for col in range(4):
        for row in range(3):
            lines.append(
                LineString([(X0 + col * SIZE, Y0 + row * SIZE), (X0 + col * SIZE, Y0 + (row + 1) * SIZE)])
            )
            names.append(f"南北路{col}")
    ids = [f"R{k + 1:02d}" for k in range(len(lines))]
    return gpd.GeoDataFrame(
        {
            "road_id": ids,
            "name": names,
            "road_class": ["支路"] * len(lines),
            "pedestrian": [1] * len(lines),
            "level": [0] * len(lines),
        },
        geometry=lines,
        crs=CRS,
    )


def add(frame, row):
    return gpd.GeoDataFrame(
        pd.concat([frame, gpd.GeoDataFrame([row], crs=frame.crs)], ignore_index=True), crs=frame.crs
    )


CASES = []


def case(name, schema, frame, expect, crs=None, strict=True, note=""):
    """``expect``: [{check, record (id or None), xy (optional), en, zh}] - message fragments."""
    path = HERE / f"{name}.geojson"
    frame.to_file(path, driver="GeoJSON")
    CASES.append(
        {
            "name": name,
            "file": path.name,
            "schema": schema,
            "crs": crs if crs is not None else int(frame.crs.to_epsg()),
            "strict": strict,
            "note": note,
            "expect": expect,
        }
    )


def build():
    # -- clean data passes clean -------------------------------------------------------------
    case("clean_parcels", "plan_parcels", parcels(), [])
    case("clean_residential", "residential", residential(), [])
    case("clean_facilities", "facilities", facilities(), [])
    case("clean_trajectories", "trajectories", trajectories(), [])
    case("clean_roads", "roads", roads(), [])

    # -- schema conformance --------------------------------------------------------------------
    case(
        "field_missing",
        "plan_parcels",
        parcels().drop(columns=["YDYHFLDM"]),
        [
            {
                "check": "schema.field_missing",
                "record": None,
                "en": "Required field YDYHFLDM is missing",
                "zh": "缺少必填字段 YDYHFLDM",
            }
        ],
        strict=False,
        note="the code-name rule cannot run without the code: reported as skipped",
    )
    aliased = parcels().rename(columns={"YDYHFLDM": "用地用海分类代码", "RJL": "容积率", "parcel_id": "DKBH"})
    case(
        "field_alias",
        "plan_parcels",
        aliased,
        [
            {
                "check": "schema.field_alias",
                "record": None,
                "en": "Field YDYHFLDM was found under the name 用地用海分类代码",
                "zh": "字段 YDYHFLDM 以名称 用地用海分类代码 出现",
            },
            {
                "check": "schema.field_alias",
                "record": None,
                "en": "Field RJL was found under the name 容积率",
                "zh": "容积率",
            },
            {
                "check": "schema.field_alias",
                "record": None,
                "en": "Field parcel_id was found under the name DKBH",
                "zh": "DKBH",
            },
        ],
    )
    frame = parcels()
    frame["RJL"] = frame["RJL"].astype(object)
    frame.loc[4, "RJL"] = "高"
    case(
        "type",
        "plan_parcels",
        frame,
        [
            {
                "check": "schema.type",
                "record": "P5",
                "xy": centre(4),
                "en": "Value “高” in field RJL is not of type number",
                "zh": "不是 数值 类型",
            }
        ],
    )
    frame = parcels()
    frame.loc[1, "YDYHFLDM"] = None
    case(
        "null",
        "plan_parcels",
        frame,
        [
            {
                "check": "schema.null",
                "record": "P2",
                "xy": centre(1),
                "en": "Field YDYHFLDM is empty but required",
                "zh": "必填字段 YDYHFLDM 为空",
            }
        ],
    )
    frame = parcels()
    frame.loc[2, "YDYHFLDM"] = "0799"
    case(
        "domain",
        "plan_parcels",
        frame,
        [
            {
                "check": "schema.domain",
                "record": "P3",
                "xy": centre(2),
                "en": "Value “0799” in field YDYHFLDM is not in the allowed list",
                "zh": "不在允许的取值范围",
            }
        ],
    )
    frame = parcels()
    frame.loc[3, "RJL"] = 45.0
    case(
        "range",
        "plan_parcels",
        frame,
        [
            {
                "check": "schema.range",
                "record": "P4",
                "xy": centre(3),
                "en": "Value 45 in field RJL is outside the range [0, 30]",
                "zh": "字段 RJL 的值 45 超出范围",
            }
        ],
    )
    frame = parcels()
    frame.loc[5, "JZMD"] = 0.45
    case(
        "unit_fraction",
        "plan_parcels",
        frame,
        [
            {
                "check": "schema.unit",
                "record": "P6",
                "xy": centre(5),
                "en": "0.45 looks like a fraction",
                "zh": "0.45 疑似小数",
            }
        ],
    )
    frame = parcels()
    frame["JZMD"] = frame["JZMD"] / 100.0
    case(
        "unit_all_fractions",
        "plan_parcels",
        frame,
        [
            {
                "check": "schema.unit",
                "record": None,
                "en": "every value is at most 1",
                "zh": "所有取值均不大于 1",
            }
        ],
    )
    frame = parcels()
    frame.loc[[0, 2, 4], "YDYHFLMC"] = None
    case(
        "completeness",
        "plan_parcels",
        frame,
        [
            {
                "check": "schema.completeness",
                "record": None,
                "en": "Field YDYHFLMC is only 67% filled (expected at least 80%)",
                "zh": "填充率仅为 67%",
            }
        ],
    )
    frame = parcels()
    frame.loc[7, "parcel_id"] = "P7"
    case(
        "id_duplicate",
        "plan_parcels",
        frame,
        [
            {
                "check": "id.duplicate",
                "record": "P7",
                "xy": centre(6),
                "en": "Identifier “P7” in field parcel_id is used by 2 features",
                "zh": "被 2 个要素重复使用",
            },
            {
                "check": "id.duplicate",
                "record": "P7",
                "xy": centre(7),
                "en": "is used by 2 features",
                "zh": "标识“P7”",
            },
        ],
    )
    frame = parcels()
    frame.loc[8, "YDYHFLMC"] = "公园绿地"
    case(
        "code_name",
        "plan_parcels",
        frame,
        [
            {
                "check": "rule.landuse_code_name",
                "record": "P9",
                "xy": centre(8),
                "en": "Land-use name “公园绿地” does not match code 0806 (医疗卫生用地)",
                "zh": "与代码 0806（医疗卫生用地）不一致",
            }
        ],
    )
    frame = parcels()
    frame.loc[5, ["YDYHFLDM", "YDYHFLMC"]] = ["05", "商业服务业用地"]
    case(
        "code_classic_mistake",
        "plan_parcels",
        frame,
        [
            {
                "check": "schema.code_warning",
                "record": "P6",
                "xy": centre(5),
                "en": "Code 05 in field YDYHFLDM",
                "zh": "建议：09",
            },
            {
                "check": "rule.landuse_code_name",
                "record": "P6",
                "xy": centre(5),
                "en": "does not match code 05 (湿地)",
                "zh": "湿地",
            },
        ],
    )
    frame = gpd.GeoDataFrame(
        pd.concat(
            [
                parcels(),
                gpd.GeoDataFrame(
                    {"parcel_id": ["P10"], "YDYHFLDM": ["0701"], "YDYHFLMC": ["城镇住宅用地"]},
                    geometry=[Point(X0 - 50, Y0 - 50)],
                    crs=CRS,
                ),
            ],
            ignore_index=True,
        ),
        crs=CRS,
    )
    case(
        "geometry_type",
        "plan_parcels",
        frame,
        [
            {
                "check": "schema.geometry_type",
                "record": "P10",
                "xy": [X0 - 50, Y0 - 50],
                "en": "Geometry type Point where the schema expects polygon",
                "zh": "几何类型为 Point",
            }
        ],
    )

    # -- cross-field rules -------------------------------------------------------------------------
    frame = residential()
    frame.loc[1, "pop_80p"] += 7
    case(
        "rule_age_groups",
        "residential",
        frame,
        [
            {
                "check": "rule.age_groups_sum",
                "record": "H2",
                "xy": centre(1),
                "en": "Age groups add up to 567 but pop_total is 560",
                "zh": "各年龄段人口之和为 567，与总人口 560 不符",
            }
        ],
    )
    frame = residential()
    frame.loc[2, "pop_low_income"] = 900
    case(
        "rule_low_income",
        "residential",
        frame,
        [
            {
                "check": "rule.low_income_within_total",
                "record": "H3",
                "xy": centre(2),
                "en": "Low-income population 900 exceeds the total population 600",
                "zh": "低收入人口 900 超过总人口 600",
            }
        ],
    )
    frame = facilities()
    frame.loc[2, "capacity"] = 0.0
    case(
        "rule_capacity",
        "facilities",
        frame,
        [
            {
                "check": "rule.capacity_positive",
                "record": "F3",
                "xy": centre(2),
                "en": "Capacity must be greater than 0, got 0",
                "zh": "设施规模必须大于 0，实际为 0",
            }
        ],
    )
    frame = trajectories()
    frame.loc[1, "timestamp"] = "1999-12-31T23:00:00+08:00"
    frame.loc[2, "timestamp"] = "yesterday"
    case(
        "date_range",
        "trajectories",
        frame,
        [
            {
                "check": "schema.range",
                "record": None,
                "xy": centre(1),
                "en": "in field timestamp is outside the range [2000-01-01,",
                "zh": "超出范围",
            },
            {
                "check": "schema.type",
                "record": None,
                "xy": centre(2),
                "en": "is not of type datetime",
                "zh": "不是 日期时间 类型",
            },
        ],
        note="personal field user_id never echoed; timestamp values are shown",
    )
    frame = stbhhx()
    frame.loc[1, "MJ"] = 15.0  # 10000 m2 = 15 mu
    case(
        "area_unit_mu",
        "onemap_stbhhx",
        frame,
        [
            {
                "check": "rule.area_field_matches",
                "record": "2",
                "xy": centre(2),
                "en": "the value looks like mu, not m2",
                "zh": "该值疑似以亩为单位",
            }
        ],
    )

    # -- geometry ----------------------------------------------------------------------------------
    frame = parcels()
    frame.loc[1, "geometry"] = None
    case(
        "geometry_null",
        "plan_parcels",
        frame,
        [
            {
                "check": "geometry.null",
                "record": "P2",
                "en": "The feature has no geometry",
                "zh": "要素没有几何",
            }
        ],
    )
    frame = parcels()
    x, y = X0 + SIZE, Y0 + SIZE  # P5's lower-left corner
    frame.loc[4, "geometry"] = Polygon([(x, y), (x + SIZE, y + SIZE), (x + SIZE, y), (x, y + SIZE)])
    case(
        "invalid_bowtie",
        "plan_parcels",
        frame,
        [
            {
                "check": "geometry.invalid",
                "record": "P5",
                "xy": [x + SIZE / 2, y + SIZE / 2],
                "en": "Invalid geometry: Self-intersection",
                "zh": "几何无效：自相交",
            }
        ],
        strict=False,
        note="the bow-tie also leaves a gap and is excluded from overlap checks",
    )
    frame = parcels()
    ring = list(cell(4).exterior.coords)[:-1]
    shifted = Polygon(ring[2:] + ring[:2])
    frame = add(
        frame, {"parcel_id": "P10", "YDYHFLDM": "0701", "YDYHFLMC": "城镇住宅用地", "geometry": shifted}
    )
    case(
        "duplicate_geometry",
        "plan_parcels",
        frame,
        [
            {
                "check": "geometry.duplicate",
                "record": "P10",
                "xy": centre(4),
                "en": "The geometry duplicates feature P5",
                "zh": "几何与要素 P5 完全重复",
            },
            {
                "check": "geometry.duplicate",
                "record": "P5",
                "xy": centre(4),
                "en": "duplicates feature P10",
                "zh": "P10",
            },
        ],
    )
    frame = parcels()
    frame.loc[4, "geometry"] = box(X0 + SIZE, Y0 + SIZE, X0 + 2 * SIZE + 10, Y0 + 2 * SIZE)
    case(
        "overlap",
        "plan_parcels",
        frame,
        [
            {
                "check": "topology.overlap",
                "record": "P6",
                "xy": [X0 + 2 * SIZE + 5, Y0 + 1.5 * SIZE],
                "en": "Overlaps feature P5 by 1000 m²",
                "zh": "与要素 P5 重叠 1000 平方米",
            }
        ],
    )
    frame = parcels()
    frame.loc[4, "geometry"] = box(X0 + SIZE, Y0 + SIZE, X0 + 2 * SIZE + 0.4, Y0 + 2 * SIZE)
    case(
        "overlap_thin",
        "plan_parcels",
        frame,
        [{"check": "topology.overlap", "record": "P6", "en": "by 40 m²", "zh": "重叠 40 平方米"}],
        note="0.4 m x 100 m = 40 m2 > 1 m2: a thin overlap is NOT tolerated",
    )
    frame = parcels()
    frame.loc[4, "geometry"] = box(X0 + SIZE, Y0 + SIZE, X0 + 2 * SIZE + 0.005, Y0 + 2 * SIZE)
    case(
        "overlap_sliver_tolerated",
        "plan_parcels",
        frame,
        [],
        note="0.005 m x 100 m = 0.5 m2 <= 1 m2 tolerance",
    )
    frame = parcels()
    notch = box(X0 + 2 * SIZE - 5, Y0 + 2 * SIZE - 5, X0 + 2 * SIZE, Y0 + 2 * SIZE)
    frame.loc[4, "geometry"] = cell(4).difference(notch)
    case(
        "gap",
        "plan_parcels",
        frame,
        [
            {
                "check": "topology.gap",
                "record": "P5",
                "xy": [X0 + 2 * SIZE - 2.5, Y0 + 2 * SIZE - 2.5],
                "en": "Gap of 25 m² between features",
                "zh": "存在 25 平方米的缝隙",
            }
        ],
    )

    # -- CRS plausibility ----------------------------------------------------------------------------
    frame = parcels()
    frame.loc[2, "geometry"] = transform(lambda x, y, z=None: (y, x), cell(2))
    case(
        "crs_swapped_gk",
        "plan_parcels",
        frame,
        [
            {
                "check": "crs.swapped_axes",
                "record": "P3",
                "xy": [centre(2)[1], centre(2)[0]],
                "en": "X and Y look swapped for the declared CRS EPSG:4548",
                "zh": "坐标的 X 与 Y 似乎颠倒",
            }
        ],
    )
    frame = parcels()
    frame.loc[2, "geometry"] = transform(lambda x, y, z=None: (x + 39e6, y), cell(2))
    case(
        "crs_zone_prefix",
        "plan_parcels",
        frame,
        [
            {
                "check": "crs.zone_prefix",
                "record": "P3",
                "xy": [centre(2)[0] + 39e6, centre(2)[1]],
                "en": "carries the zone prefix 39 but the declared CRS EPSG:4548 has no zone prefix (use EPSG:4527)",
                "zh": "带有带号 39",
            }
        ],
    )
    frame = parcels().set_crs(4527, allow_override=True)
    case(
        "crs_zone_prefix_missing",
        "plan_parcels",
        frame,
        [
            {
                "check": "crs.zone_prefix_missing",
                "record": f"P{k + 1}",
                "xy": centre(k),
                "en": "has no zone prefix but the declared CRS EPSG:4527 expects one (use EPSG:4548)",
                "zh": "没有带号",
            }
            for k in range(9)
        ],
    )
    frame = parcels().set_crs(4490, allow_override=True)
    case(
        "crs_impossible",
        "plan_parcels",
        frame,
        [
            {
                "check": "crs.impossible",
                "record": f"P{k + 1}",
                "xy": centre(k),
                "en": "impossible in the declared CRS EPSG:4490",
                "zh": "不可能出现",
            }
            for k in range(9)
        ],
    )
    to_geographic = Transformer.from_crs(CRS, 4490, always_xy=True)
    geographic = parcels().to_crs(4490)
    row = geographic.geometry.iloc[2]
    geographic.loc[2, "geometry"] = transform(lambda x, y, z=None: (y, x), row)
    lon, lat = to_geographic.transform(*centre(2))
    case(
        "crs_swapped_geographic",
        "plan_parcels",
        geographic,
        [
            {
                "check": "crs.swapped_axes",
                "record": "P3",
                "en": "X and Y look swapped for the declared CRS EPSG:4490",
                "zh": "似乎颠倒",
            }
        ],
        note=f"about ({lat:.4f}, {lon:.4f}) instead of ({lon:.4f}, {lat:.4f})",
    )
    case(
        "crs_not_cgcs2000",
        "plan_parcels",
        parcels().to_crs(32650),
        [
            {
                "check": "crs.not_cgcs2000",
                "record": None,
                "en": "The CRS EPSG:32650 is not CGCS2000",
                "zh": "不是 CGCS2000",
            }
        ],
    )

    # -- encoding --------------------------------------------------------------------------------------
    frame = parcels()
    frame.loc[0, "YDYHFLMC"] = "城镇住宅用地".encode().decode("gbk")
    case(
        "mojibake_utf8_as_gbk",
        "plan_parcels",
        frame,
        [
            {
                "check": "encoding.mojibake",
                "record": "P1",
                "xy": centre(0),
                "en": "probably reads “城镇住宅用地” (UTF-8 read as GBK)",
                "zh": "应为“城镇住宅用地”（UTF-8 被误读为 GBK）",
            }
        ],
        strict=False,
        note="the garbled name also no longer matches its code (rule.landuse_code_name)",
    )
    frame = residential()
    frame.loc[2, "name"] = "阳光花园".encode("gbk").decode("latin-1")
    case(
        "mojibake_gbk_as_latin1",
        "residential",
        frame,
        [
            {
                "check": "encoding.mojibake",
                "record": "H3",
                "xy": centre(2),
                "en": "probably reads “阳光花园” (GBK read as Latin-1)",
                "zh": "GBK 被误读为 Latin-1",
            }
        ],
    )
    frame = residential()
    frame.loc[0, "name"] = "幸福里锟斤拷"
    case(
        "mojibake_unrecoverable",
        "residential",
        frame,
        [
            {
                "check": "encoding.unrecoverable",
                "record": "H1",
                "xy": centre(0),
                "en": "cannot be recovered",
                "zh": "无法恢复",
            }
        ],
    )

    # -- line networks -----------------------------------------------------------------------------------
    frame = roads()
    line = frame.geometry.iloc[1]
    (ax, ay), (bx, by) = line.coords
    frame.loc[1, "geometry"] = LineString([(ax, ay), (ax + 50, ay), (ax + 50, ay), (bx, by)])
    case(
        "roads_duplicate_vertex",
        "roads",
        frame,
        [
            {
                "check": "geometry.duplicate_vertex",
                "record": "R02",
                "xy": [ax + 50, ay],
                "en": "repeats a vertex 1 time",
                "zh": "连续重复的节点",
            }
        ],
    )
    frame = roads()
    bridge = LineString([(X0 + 50, Y0 + 150), (X0 + 150, Y0 + 150)])
    frame = add(
        frame,
        {
            "road_id": "R99",
            "name": "跨线桥",
            "road_class": "主干路",
            "pedestrian": 1,
            "level": 1,
            "geometry": bridge,
        },
    )
    case(
        "roads_crossing",
        "roads",
        frame,
        [
            {
                "check": "network.crossing",
                "record": "R99",
                "xy": [X0 + 100, Y0 + 150],
                "en": "without a shared vertex (levels 0 and 1",
                "zh": "没有共同节点",
            }
        ],
    )
    frame = roads()
    frame = add(
        frame,
        {
            "road_id": "R98",
            "name": "游园路",
            "road_class": "步行道",
            "pedestrian": 1,
            "level": 0,
            "geometry": LineString([(X0 + 20, Y0 + 20), (X0 + 60, Y0 + 20)]),
        },
    )
    case(
        "roads_fragment",
        "roads",
        frame,
        [
            {
                "check": "network.fragment",
                "record": "R98",
                "xy": [X0 + 40, Y0 + 20],
                "en": "disconnected fragment (1 lines, 40 m)",
                "zh": "孤立片段",
            }
        ],
    )
    frame = roads()
    frame.loc[4, "geometry"] = LineString(list(frame.geometry.iloc[4].coords)[::-1])
    case(
        "roads_reversed",
        "roads",
        frame,
        [
            {
                "check": "network.reversed",
                "record": "R05",
                "en": "Digitised against the direction of the rest of its road",
                "zh": "数字化方向与同名道路其余路段相反",
            }
        ],
    )

    (HERE / "cases.yaml").write_text(
        "# Written by make_fixtures.py: one fixture per defect class and what the gate must report.\n"
        + yaml.safe_dump({"cases": CASES}, allow_unicode=True, sort_keys=False, width=110),
        encoding="utf-8",
    )


if __name__ == "__main__":
    build()
    print(f"{len(CASES)} fixtures written to {HERE}")
