"""Plan parcels (地块), the one-map layers and candidate sites, with planted conflicts."""

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod, Transformer
from shapely.geometry import MultiPolygon, box
from shapely.ops import transform, unary_union

from . import config
from .layout import parcel_rect

GEOD = Geod(ellps="GRS80")  # CGCS2000 uses the GRS80 ellipsoid parameters (a, 1/f)
AREA_TOLERANCE_M2 = 1.0
THIN_RATIO_M = 0.05  # area / perimeter of a probable digitising sliver

CODE_NAMES = {
    "070102": "二类城镇住宅用地",
    "0702": "城镇社区服务设施用地",
    "090101": "零售商业用地",
    "1401": "公园绿地",
    "1504": "文物古迹用地",
    "1303": "供电用地",
    "100102": "二类工业用地",
    "080301": "图书与展览用地",
}
# 规划分区 (dominant use zones) used in the demo, with the code families each allows
GHFQ_ZONES = {
    "0401": (
        "居住生活区",
        ["07", "0801", "0803", "0804", "0805", "0806", "0807", "0901", "1207", "13", "14", "1504", "16"],
    ),
    "0403": ("商业商务区", ["09", "0801", "0803", "0805", "0806", "1207", "13", "14"]),
    "0406": ("绿地休闲区", ["14", "1207", "1303", "0805"]),
}
CZKFBJ_ZONES = {"01": "城镇集中建设区", "02": "城镇弹性发展区", "03": "特别用途区"}


def _to_geographic():
    t = Transformer.from_crs(config.CRS_EPSG, 4490, always_xy=True)
    return t.transform


def ellipsoidal_area_m2(geometry) -> float:
    if geometry.is_empty:
        return 0.0
    return abs(GEOD.geometry_area_perimeter(transform(_to_geographic(), geometry))[0])


def _indicators(use, rng):
    u = rng.uniform
    if use == "070102":
        return round(u(1.6, 2.6), 2), round(u(22, 30), 1), round(u(32, 40), 1), round(u(24, 50), 1)
    if use in ("090101", "05"):
        return round(u(2.2, 2.9), 2), round(u(32, 38), 1), round(u(31, 34), 1), round(u(30, 50), 1)
    if use == "1401":
        return 0.05, 3.0, round(u(75, 85), 1), 8.0
    if use == "100102":
        return round(u(1.0, 1.5), 2), round(u(32, 38), 1), round(u(31, 33), 1), round(u(15, 24), 1)
    return round(u(0.6, 1.4), 2), round(u(25, 35), 1), round(u(31, 36), 1), round(u(12, 24), 1)


def build_plan(lay, rng, ox, oy, crs):
    width, height = lay.width_m, lay.height_m
    rows = []  # dicts with local geometry

    def add(geom, code, use_block=None, activity=None, name=None):
        rows.append(
            {
                "geom": geom,
                "YDYHFLDM": code,
                "YDYHFLMC": name or CODE_NAMES[code],
                "activity_class": activity,
                "block": use_block,
            }
        )

    use_code = {
        "residential": "070102",
        "commercial": "090101",
        "park": "1401",
        "historic": "1504",
        "utility": "1303",
        "vacant": "0702",
        "renewal": "0702",
    }
    for bl in lay.blocks:
        add(box(*parcel_rect(lay, bl)), use_code[bl.use], use_block=bl)
    # planted use / code problems inside the grid
    res_idx = [k for k, r in enumerate(rows) if r["YDYHFLDM"] == "070102"]
    com_idx = [k for k, r in enumerate(rows) if r["YDYHFLDM"] == "090101"]
    park_idx = [k for k, r in enumerate(rows) if r["YDYHFLDM"] == "1401"]
    pick = rng.choice(res_idx, size=4, replace=False)
    industrial, rjl_bad, ldl_bad, _spare = (int(p) for p in pick)
    rows[industrial]["YDYHFLDM"], rows[industrial]["YDYHFLMC"] = "100102", CODE_NAMES["100102"]
    code05 = int(com_idx[0])
    rows[code05]["YDYHFLDM"], rows[code05]["YDYHFLMC"] = "05", "商业服务业用地"
    jzgd_bad = int(com_idx[-1])
    park_res = int(park_idx[-1])
    rows[park_res]["YDYHFLDM"], rows[park_res]["YDYHFLMC"] = "070102", CODE_NAMES["070102"]
    # parcels east of the grid (城镇弹性发展区) and north of it (partly / wholly outside CZKFBJ)
    h2 = height / 2
    east = {
        "clear": box(width + 30, h2 + 60, width + 230, h2 + 200),
        "stbhhx": box(width + 30, h2 + 260, width + 256, h2 + 410),  # 6 m x 150 m = 900 m2 into STBHHX
        "sliver": box(width + 30, h2 + 460, width + 250.004, h2 + 610),  # 0.004 m x 150 m = 0.6 m2
        "yjjbnt": box(width + 30, 100, width + 265, 220),  # 15 m x 120 m = 1800 m2 into YJJBNT
        "thin": box(width + 30, 300, width + 250.05, 450),  # 0.05 m x 150 m = 7.5 m2 into YJJBNT
        "activity": box(width + 400, h2 + 300, width + 480, h2 + 360),  # inside STBHHX, 科普宣教
        "north_out": box(200, height + 80, 380, height + 180),  # wholly outside CZKFBJ
        "north_part": box(700, height + 20, 900, height + 140),  # 90 m of 120 m outside CZKFBJ
    }
    planted = {}
    for key, geom in east.items():
        planted[key] = len(rows)
        if key == "activity":
            add(geom, "080301", activity=5, name="图书与展览用地")
        elif key in ("sliver", "thin"):
            add(geom, "0702")
        else:
            add(geom, "070102")
    n = len(rows)
    ids = [f"DK{k + 1:04d}" if n < 10000 else f"DK{k + 1:06d}" for k in range(n)]
    indicators = [_indicators(r["YDYHFLDM"], rng) for r in rows]
    rjl, jzmd, ldl, jzgd = (np.array(v, dtype=float) for v in zip(*indicators))
    rjl[rjl_bad] = 3.4
    ldl[ldl_bad] = 22.0
    jzgd[jzgd_bad] = 99.0

    # -- one-map layers (local coordinates) ----------------------------------------------------
    stbhhx = [box(width + 250, h2, width + 800, height + 300)]
    yjjbnt = [box(width + 250, -300, width + 800, h2 - 20)]
    czkfbj = [
        ("01", box(-60, -60, width + 10, height + 50)),
        ("02", box(width + 10, -60, width + 250, height + 50)),
        ("03", box(width + 10, height + 50, width + 250, height + 150)),
    ]
    cell = config.BLOCK_M
    commercial_cells = unary_union(
        [box(bl.x0, bl.y0, bl.x1, bl.y1) for bl in lay.blocks if bl.use == "commercial"]
    )
    park_cells = unary_union([box(bl.x0, bl.y0, bl.x1, bl.y1) for bl in lay.blocks if bl.use == "park"])
    zone_area = unary_union([g for c, g in czkfbj if c in ("01", "02")])
    living = zone_area.difference(commercial_cells).difference(park_cells)
    ghfq = [("0401", living), ("0403", commercial_cells), ("0406", park_cells)]
    mx, my = config.MAIN_EVERY
    kz = []
    for j0 in range(0, lay.size.blocks_y, my):
        for i0 in range(0, lay.size.blocks_x, mx):
            x0, y0 = i0 * cell, j0 * cell
            x1, y1 = min(width, (i0 + mx) * cell), min(height, (j0 + my) * cell)
            x0 = -60 if i0 == 0 else x0
            y0 = -60 if j0 == 0 else y0
            kz.append(box(x0, y0, x1, y1))
    kz.append(box(width, -300, width + 800, height + 300))
    kz.append(box(-60, height, width, height + 300))
    kz_limits = []
    for k in range(len(kz)):
        kz_limits.append((3.0, 40.0, 30.0, 54.0 if k == len(kz) - 3 else 80.0))
    # keep every in-limit parcel inside its own unit's height limit
    for k, r in enumerate(rows):
        unit = _unit_of(r["geom"], kz)
        if jzgd[k] > kz_limits[unit][3] and k != jzgd_bad:
            jzgd[k] = round(kz_limits[unit][3] - 6.0, 1)

    def shifted(g):
        return transform(lambda x, y, z=None: (np.asarray(x) + ox, np.asarray(y) + oy), g)

    parcels = gpd.GeoDataFrame(
        {
            "parcel_id": ids,
            "YDYHFLDM": [r["YDYHFLDM"] for r in rows],
            "YDYHFLMC": [r["YDYHFLMC"] for r in rows],
            "RJL": rjl,
            "JZMD": jzmd,
            "LDL": ldl,
            "JZGD": jzgd,
            "activity_class": pd.array([r["activity_class"] for r in rows], dtype="Int32"),
            "major_project": np.zeros(n, dtype=np.int32),
        },
        geometry=[shifted(r["geom"]) for r in rows],
        crs=crs,
    )

    def bsm(prefix, k):
        return f"{prefix}{k + 1:06d}"

    geo = {
        "STBHHX": gpd.GeoDataFrame(
            {
                "BSM": [bsm("34010420", k) for k in range(len(stbhhx))],
                "YSDM": ["2090020500"] * len(stbhhx),
                "MC": ["蜀峰湿地生态保护红线"],
                "MJ": [round(g.area, 2) for g in stbhhx],
            },
            geometry=[shifted(g) for g in stbhhx],
            crs=crs,
        ),
        "YJJBNT": gpd.GeoDataFrame(
            {
                "BSM": [bsm("34010430", k) for k in range(len(yjjbnt))],
                "YJJBNTTBBH": ["3401040001"],
                "DLBM": ["0101"],
                "MJ": [round(g.area, 2) for g in yjjbnt],
            },
            geometry=[shifted(g) for g in yjjbnt],
            crs=crs,
        ),
        "CZKFBJ": gpd.GeoDataFrame(
            {
                "BSM": [bsm("34010440", k) for k in range(len(czkfbj))],
                "GHFQDM": [c for c, _ in czkfbj],
                "GHFQMC": [CZKFBJ_ZONES[c] for c, _ in czkfbj],
                "MJ": [round(g.area, 2) for _, g in czkfbj],
            },
            geometry=[shifted(g) for _, g in czkfbj],
            crs=crs,
        ),
        "GHFQ": gpd.GeoDataFrame(
            {"GHFQDM": [c for c, _ in ghfq], "GHFQMC": [GHFQ_ZONES[c][0] for c, _ in ghfq]},
            geometry=[shifted(g if g.geom_type == "MultiPolygon" else MultiPolygon([g])) for _, g in ghfq],
            crs=crs,
        ),
        "KZDY": gpd.GeoDataFrame(
            {
                "DYBH": [f"WT-{k + 1:02d}" for k in range(len(kz))],
                "RJL_MAX": [v[0] for v in kz_limits],
                "JZMD_MAX": [v[1] for v in kz_limits],
                "LDL_MIN": [v[2] for v in kz_limits],
                "JZGD_MAX": [v[3] for v in kz_limits],
            },
            geometry=[shifted(g) for g in kz],
            crs=crs,
        ),
    }
    # 道路红线: one polygon per grid road line
    from .layout import road_class_x, road_class_y

    dl_geoms, dl_names, dl_widths = [], [], []
    for i in range(lay.size.blocks_x + 1):
        cls = road_class_x(i, lay.size)
        hw = config.HALF_WIDTH_M[cls]
        dl_geoms.append(box(i * cell - hw, -hw, i * cell + hw, height + hw))
        dl_names.append(config.NS_ROAD_NAMES[i % len(config.NS_ROAD_NAMES)])
        dl_widths.append(2 * hw)
    for j in range(lay.size.blocks_y + 1):
        cls = road_class_y(j, lay.size)
        hw = config.HALF_WIDTH_M[cls]
        dl_geoms.append(box(-hw, j * cell - hw, width + hw, j * cell + hw))
        dl_names.append(config.EW_ROAD_NAMES[j % len(config.EW_ROAD_NAMES)])
        dl_widths.append(2 * hw)
    geo["DLHX"] = gpd.GeoDataFrame(
        {"DLMC": dl_names, "HXKD": dl_widths}, geometry=[shifted(g) for g in dl_geoms], crs=crs
    )
    green = [rows[k]["geom"] for k in park_idx if k != park_res]
    historic = [r["geom"] for r in rows if r["YDYHFLDM"] == "1504"]
    utility = [r["geom"] for r in rows if r["YDYHFLDM"] == "1303"]
    river = [box(-300, height + 300, width + 800, height + 360)]
    for name, geoms, label in (
        ("ZXCQCSLVX", green, "绿线"),
        ("ZXCQCSLX", river, "蓝线"),
        ("ZXCQCSZX", historic, "紫线"),
        ("ZXCQCSHX", utility, "黄线"),
    ):
        geo[name] = gpd.GeoDataFrame(
            {
                "BSM": [f"{label}{k + 1:03d}" for k in range(len(geoms))],
                "MC": [f"梧桐街道{label}{k + 1}" for k in range(len(geoms))],
                "MJ": [round(g.area, 2) for g in geoms],
            },
            geometry=[shifted(g) for g in geoms],
            crs=crs,
        )

    # -- candidate sites ----------------------------------------------------------------------
    sites = [
        (r["geom"], "空地" if r["block"].use == "vacant" else "更新地块")
        for r in rows
        if r["block"] is not None and r["block"].use in ("vacant", "renewal")
    ]
    site_rows = [
        {
            "site_id": f"S{k + 1:03d}",
            "name": f"{'闲置用地' if status == '空地' else '城市更新地块'}{k + 1}",
            "land_status": status,
            "area_m2": round(g.area, 1),
        }
        for k, (g, status) in enumerate(sites)
    ]
    site_geoms = [g for g, _ in sites]
    dup = int(rng.integers(len(site_rows)))
    site_rows.append({**site_rows[dup], "site_id": f"S{len(site_rows) + 1:03d}"})
    site_geoms.append(site_geoms[dup])
    candidate = gpd.GeoDataFrame(pd.DataFrame(site_rows), geometry=[shifted(g) for g in site_geoms], crs=crs)
    plan_defects = [
        {
            "layer": "candidate_sites",
            "id_field": "site_id",
            "id": site_rows[-1]["site_id"],
            "check": "duplicate_geometry",
            "duplicate_of": site_rows[dup]["site_id"],
        }
    ]

    # -- conformity truth, computed from the geometry as written ----------------------------
    conflicts, slivers, thin, manual = [], [], [], []
    found = set()
    p_geoms = list(parcels.geometry)
    for layer in ("STBHHX", "YJJBNT"):
        union = unary_union(list(geo[layer].geometry))
        for k, g in enumerate(p_geoms):
            if not g.intersects(union):
                continue
            inter = g.intersection(union)
            if inter.area <= 0:
                continue
            entry = _entry(ids[k], layer, "overlap", inter)
            _classify(entry, inter, conflicts, slivers, thin, found)
            if rows[k]["activity_class"] is not None and layer == "STBHHX":
                entry["verdict_hint"] = "需人工复核"
                manual.append(
                    {"parcel_id": ids[k], "layer": layer, "activity_class": int(rows[k]["activity_class"])}
                )
    czk = unary_union(list(geo["CZKFBJ"].geometry))
    for k, g in enumerate(p_geoms):
        outside = g.difference(czk)
        if outside.area > 0:
            _classify(_entry(ids[k], "CZKFBJ", "outside", outside), outside, conflicts, slivers, thin, found)
    use_violations = []
    for k, zone_code in ((industrial, "0401"), (park_res, "0406")):
        use_violations.append(
            {
                "parcel_id": ids[k],
                "code": rows[k]["YDYHFLDM"],
                "zone_code": zone_code,
                "zone_name": GHFQ_ZONES[zone_code][0],
            }
        )
    indicator_violations = [
        {
            "parcel_id": ids[rjl_bad],
            "indicator": "RJL",
            "value": 3.4,
            "limit": kz_limits[_unit_of(rows[rjl_bad]["geom"], kz)][0],
            "unit": kz_dybh(kz, rows[rjl_bad]["geom"]),
        },
        {
            "parcel_id": ids[ldl_bad],
            "indicator": "LDL",
            "value": 22.0,
            "limit": kz_limits[_unit_of(rows[ldl_bad]["geom"], kz)][2],
            "unit": kz_dybh(kz, rows[ldl_bad]["geom"]),
        },
        {
            "parcel_id": ids[jzgd_bad],
            "indicator": "JZGD",
            "value": 99.0,
            "limit": kz_limits[_unit_of(rows[jzgd_bad]["geom"], kz)][3],
            "unit": kz_dybh(kz, rows[jzgd_bad]["geom"]),
        },
    ]
    code_warnings = [
        {
            "parcel_id": ids[code05],
            "code": "05",
            "issue": "05 is 湿地 (wetland) in the 2023 用地用海 classification; YDYHFLMC says 商业服务业用地 (09)",
        }
    ]
    flagged = (
        found
        | {v["parcel_id"] for v in use_violations}
        | {v["parcel_id"] for v in indicator_violations}
        | {ids[code05]}
    )
    flagged |= {s["parcel_id"] for s in slivers}
    clear = [pid for pid in ids if pid not in flagged]
    conformity = {
        "area_tolerance_m2": AREA_TOLERANCE_M2,
        "thin_ratio_m": THIN_RATIO_M,
        "conflicts": conflicts,
        "sliver_tolerated": slivers,
        "thin_overlap_flagged": thin,
        "manual_review": manual,
        "clear_parcels": clear,
        "indicator_violations": indicator_violations,
        "use_violations": use_violations,
        "code_warnings": code_warnings,
        "ghfq_allowed_prefixes": {code: allowed for code, (_name, allowed) in GHFQ_ZONES.items()},
    }
    layers = {"candidate_sites": candidate, "plan_parcels": parcels}
    layers.update(geo)
    return layers, conformity, plan_defects


def _entry(pid, layer, relation, geom):
    return {
        "parcel_id": pid,
        "layer": layer,
        "relation": relation,
        "overlap_m2_planar": round(geom.area, 4),
        "overlap_m2_ellipsoidal": round(ellipsoidal_area_m2(geom), 4),
        "perimeter_m": round(geom.length, 3),
    }


def _classify(entry, geom, conflicts, slivers, thin, found):
    if geom.area < AREA_TOLERANCE_M2:
        slivers.append(entry)
        return
    conflicts.append(entry)
    found.add(entry["parcel_id"])
    if geom.area <= 10.0 and geom.area / geom.length <= THIN_RATIO_M:
        thin.append(entry)


def _unit_of(geom, units):
    c = geom.representative_point()
    for k, u in enumerate(units):
        if u.contains(c):
            return k
    raise ValueError("parcel outside every control unit")


def kz_dybh(units, geom):
    return f"WT-{_unit_of(geom, units) + 1:02d}"
