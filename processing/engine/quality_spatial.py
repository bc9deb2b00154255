"""Spatial checks of the data-quality gate: geometry, CRS plausibility, duplicates, overlaps, gaps.

Called by :mod:`quality` (its docstring is the public API). Geometry validity uses GEOS through
``compat`` (vectorised on shapely 2, looped on shapely 1.8); overlaps and gaps are measured in a
metric CRS (the input CRS when it is projected in metres, else the CGCS2000 3-degree GK zone) and
their locations are reported back in the input CRS.
"""

import math
import re
from dataclasses import dataclass
from typing import Optional

import numpy as np

from . import compat
from . import crs as engine_crs
from .errors import check_cancel

GEOMETRY_TYPES = {
    "point": {"Point", "MultiPoint"},
    "line": {"LineString", "MultiLineString", "LinearRing"},
    "polygon": {"Polygon", "MultiPolygon"},
}
_REASON = re.compile(r"^\s*(.*?)\s*\[\s*([-+\d.eE]+)\s+([-+\d.eE]+)\s*\]\s*$")

# Plausible coordinate ranges in China (CGCS2000 Gauss-Kruger), metres.
EASTING_RANGE = (100_000.0, 900_000.0)  # false easting 500 km +- the half zone width and a margin
NORTHING_RANGE = (300_000.0, 6_200_000.0)  # about 3 N .. 56 N
CHINA_LONLAT = (73.0, 3.0, 136.0, 54.0)  # west, south, east, north


@dataclass
class GeometryState:
    null: np.ndarray
    empty: np.ndarray
    valid: np.ndarray
    geom_type: np.ndarray
    cx: np.ndarray
    cy: np.ndarray
    crs_bad: np.ndarray
    bounds: Optional[np.ndarray] = None
    duplicate_group: Optional[np.ndarray] = None

    @property
    def present(self) -> np.ndarray:
        return ~self.null & ~self.empty


def check_geometries(geoms: np.ndarray, schema, log, progress=lambda f: None) -> GeometryState:
    """Null, empty, type and validity of every geometry.

    One GEOS validity call per non-point geometry; everything else is vectorised (bounds through
    ``compat.bounds_array``; a point is valid when its coordinates are finite).
    """
    series = compat.geo_series(geoms)
    null = np.fromiter((g is None for g in geoms), dtype=bool, count=len(geoms))
    bounds = compat.bounds_array(geoms)
    progress(0.2)
    empty = ~null & np.isnan(bounds).any(axis=1)
    geom_type = series.geom_type.to_numpy(dtype=object)
    progress(0.3)
    present = ~null & ~empty
    points = present & (geom_type == "Point")
    valid = np.ones(len(geoms), dtype=bool)
    valid[points] = np.isfinite(bounds[points]).all(axis=1)
    others = np.flatnonzero(present & ~points)
    if others.size:
        valid[others] = compat.is_valid_array(geoms[others])
    progress(0.9)
    cx = (bounds[:, 0] + bounds[:, 2]) / 2.0
    cy = (bounds[:, 1] + bounds[:, 3]) / 2.0
    state = GeometryState(
        null, empty, valid, geom_type, cx, cy, np.zeros(len(geoms), dtype=bool), bounds=bounds
    )
    progress(0.95)

    log.add(
        "geometry.null", np.flatnonzero(null), xy=(np.full(null.sum(), np.nan), np.full(null.sum(), np.nan))
    )
    log.add(
        "geometry.empty",
        np.flatnonzero(empty),
        xy=(np.full(empty.sum(), np.nan), np.full(empty.sum(), np.nan)),
    )
    allowed = GEOMETRY_TYPES.get(schema.geometry)
    if allowed:
        wrong = state.present & ~np.isin(geom_type.astype(str), list(allowed))
        rows = np.flatnonzero(wrong)
        log.add("schema.geometry_type", rows, params={"value": geom_type[rows], "expected": schema.geometry})
    invalid_rows = np.flatnonzero(~valid)
    if invalid_rows.size:
        reasons = compat.validity_reasons(geoms[invalid_rows])
        xs, ys, details, details_zh = [], [], [], []
        fallback_x, fallback_y = locate(geoms, invalid_rows)
        for k, reason in enumerate(reasons):
            match = _REASON.match(reason or "")
            text = match.group(1) if match else (reason or "unknown")
            x = float(match.group(2)) if match else fallback_x[k]
            y = float(match.group(3)) if match else fallback_y[k]
            xs.append(x)
            ys.append(y)
            details.append(text)
            details_zh.append(log.reasons_zh.get(text, text))
        log.add(
            "geometry.invalid",
            invalid_rows,
            params={"detail": details, "detail_zh": details_zh, "value": details},
            xy=(np.asarray(xs), np.asarray(ys)),
        )
    progress(1.0)
    return state


# -- CRS -----------------------------------------------------------------------------------------
def classify_epsg(epsg: int) -> dict:
    """What kind of CRS ``epsg`` is: geographic, gk3/gk6 truncated/prefixed (zone, cm) or other."""
    if 4513 <= epsg <= 4533:
        zone = 25 + epsg - 4513
        return {"kind": "gk", "prefixed": True, "zone": zone, "cm": 3.0 * zone, "twin": epsg + 21}
    if 4534 <= epsg <= 4554:
        cm = engine_crs.gk3_central_meridian(epsg)
        return {"kind": "gk", "prefixed": False, "zone": int(cm / 3), "cm": cm, "twin": epsg - 21}
    if 4491 <= epsg <= 4501:
        zone = 13 + epsg - 4491
        return {"kind": "gk", "prefixed": True, "zone": zone, "cm": 6.0 * zone - 3.0, "twin": epsg + 11}
    if 4502 <= epsg <= 4512:
        zone = 13 + epsg - 4502
        return {"kind": "gk", "prefixed": False, "zone": zone, "cm": 6.0 * zone - 3.0, "twin": epsg - 11}
    try:
        import pyproj

        crs = pyproj.CRS.from_epsg(epsg)
    except Exception:  # noqa: BLE001 - pyproj raises several types for unknown codes
        return {"kind": "unknown"}
    if crs.is_geographic:
        return {"kind": "geographic", "crs": crs}
    return {"kind": "other", "crs": crs}


def _prefixed_epsg(zone: int) -> Optional[int]:
    if 25 <= zone <= 45:
        return 4513 + zone - 25
    if 13 <= zone <= 23:
        return 4491 + zone - 13
    return None


def _inside(values, bounds) -> np.ndarray:
    return (values >= bounds[0]) & (values <= bounds[1])


def crs_findings(cx: np.ndarray, cy: np.ndarray, epsg: int) -> dict:
    """Per-feature masks of implausible coordinates for ``epsg`` (bounds centres ``cx, cy``).

    Keys: ``swapped``, ``zone_prefix`` (with ``zone``), ``prefix_missing``, ``impossible``
    (with ``detail``/``detail_zh``), ``outside`` (warning), each a boolean array.
    """
    info = classify_epsg(epsg)
    n = len(cx)
    finite = np.isfinite(cx) & np.isfinite(cy)
    out = {
        key: np.zeros(n, dtype=bool)
        for key in ("swapped", "zone_prefix", "prefix_missing", "impossible", "outside")
    }
    out["zone"] = np.zeros(n, dtype=np.int64)
    out["info"] = info
    detail = np.full(n, "", dtype=object)
    detail_zh = np.full(n, "", dtype=object)
    with np.errstate(invalid="ignore"):
        if info["kind"] == "geographic":
            in_range = (np.abs(cx) <= 180) & (np.abs(cy) <= 90)
            china = _inside(cx, (CHINA_LONLAT[0], CHINA_LONLAT[2])) & _inside(
                cy, (CHINA_LONLAT[1], CHINA_LONLAT[3])
            )
            swapped_china = _inside(cy, (CHINA_LONLAT[0], CHINA_LONLAT[2])) & _inside(
                cx, (CHINA_LONLAT[1], CHINA_LONLAT[3])
            )
            out["swapped"] = finite & ~china & swapped_china
            out["impossible"] = finite & ~in_range & ~out["swapped"]
            detail[out["impossible"]] = (
                "longitude/latitude out of range; projected metres declared as degrees?"
            )
            detail_zh[out["impossible"]] = "经纬度超出取值范围；是否把投影坐标（米）声明成了经纬度？"
            out["outside"] = finite & in_range & ~china & ~out["swapped"]
        elif info["kind"] == "gk":
            zone = np.floor(cx / 1e6)
            zone_int = np.where(finite, zone, 0).astype(np.int64)
            valid_zone = np.isin(zone_int, list(range(13, 24)) + list(range(25, 46)))
            remainder_ok = _inside(cx - zone * 1e6, EASTING_RANGE)
            north_ok = _inside(cy, NORTHING_RANGE)
            if info["prefixed"]:
                ok = (zone_int == info["zone"]) & remainder_ok & north_ok
                out["prefix_missing"] = finite & ~ok & _inside(cx, EASTING_RANGE) & north_ok
                y_zone = np.where(np.isfinite(cy), np.floor(cy / 1e6), 0).astype(np.int64)
                out["swapped"] = (
                    finite
                    & ~ok
                    & (y_zone == info["zone"])
                    & _inside(cy - y_zone * 1e6, EASTING_RANGE)
                    & _inside(cx, NORTHING_RANGE)
                )
                other_zone = finite & ~ok & valid_zone & (zone_int != info["zone"]) & remainder_ok & north_ok
                out["impossible"] = finite & ~ok & ~out["prefix_missing"] & ~out["swapped"]
                for row in np.flatnonzero(other_zone):
                    detail[row] = f"zone prefix {zone_int[row]} but the CRS is zone {info['zone']}"
                    detail_zh[row] = f"带号为 {zone_int[row]}，而坐标系为第 {info['zone']} 带"
                rest = out["impossible"] & ~other_zone
            else:
                ok = _inside(cx, EASTING_RANGE) & north_ok
                out["zone_prefix"] = finite & ~ok & (cx >= 1e7) & valid_zone & remainder_ok & north_ok
                out["zone"] = np.where(out["zone_prefix"], zone_int, 0)
                out["swapped"] = (
                    finite
                    & ~ok
                    & ~out["zone_prefix"]
                    & _inside(cy, EASTING_RANGE)
                    & _inside(cx, NORTHING_RANGE)
                )
                out["impossible"] = finite & ~ok & ~out["zone_prefix"] & ~out["swapped"]
                rest = out["impossible"]
            detail[rest] = "easting or northing outside the Gauss-Kruger range for China"
            detail_zh[rest] = "横坐标或纵坐标超出我国高斯-克吕格投影的取值范围"
        elif info["kind"] == "other":
            area = info["crs"].area_of_use
            if area is not None:
                import pyproj

                transformer = pyproj.Transformer.from_crs(info["crs"], "EPSG:4326", always_xy=True)
                lon, lat = transformer.transform(cx, cy, errcheck=False)
                lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
                out["impossible"] = finite & ~(np.isfinite(lon) & np.isfinite(lat))
                detail[out["impossible"]] = "cannot be transformed to longitude/latitude"
                detail_zh[out["impossible"]] = "无法换算为经纬度"
                margin = 1.0
                out["outside"] = (
                    finite
                    & ~out["impossible"]
                    & ~(
                        _inside(lon, (area.west - margin, area.east + margin))
                        & _inside(lat, (area.south - margin, area.north + margin))
                    )
                )
    out["outside_detail"] = ("outside the area of use", "超出坐标系适用范围")
    if info["kind"] == "geographic":
        out["outside_detail"] = ("outside China", "位于中国范围之外")
    out["detail"], out["detail_zh"] = detail, detail_zh
    return out


def _is_cgcs2000(epsg: int) -> bool:
    if epsg == 4490 or 4491 <= epsg <= 4554:
        return True
    try:
        import pyproj

        crs = pyproj.CRS.from_epsg(epsg)
        datum = crs.datum.name if crs.datum is not None else ""
    except Exception:  # noqa: BLE001 - unknown code
        return False
    return "China 2000" in datum or "CGCS2000" in datum


def check_crs(geoms, state: GeometryState, epsg, schema, log, skipped) -> None:
    present = state.present
    if not present.any():
        return
    if epsg is None:
        log.add("crs.missing", -1)
        return
    name = f"EPSG:{epsg}"
    if schema.crs_family == "CGCS2000" and not _is_cgcs2000(epsg):
        expected = "CGCS2000 (EPSG:4490, 4513-4554)"
        if schema.recommended_epsg:
            expected = f"CGCS2000, e.g. EPSG:{schema.recommended_epsg}"
        log.add("crs.not_cgcs2000", -1, params={"crs": name, "expected": expected})
    found = crs_findings(state.cx, state.cy, epsg)
    if found["info"]["kind"] == "unknown":
        skipped.append(("crs", f"unknown CRS {name}"))
        return
    cx, cy = state.cx, state.cy
    common = {"crs": name}
    rows = np.flatnonzero(found["swapped"])
    log.add(
        "crs.swapped_axes",
        rows,
        params={**common, "x_value": cx[rows], "y_value": cy[rows]},
        xy=(cx[rows], cy[rows]),
    )
    rows = np.flatnonzero(found["zone_prefix"])
    if rows.size:
        zones = found["zone"][rows]
        log.add(
            "crs.zone_prefix",
            rows,
            params={
                **common,
                "x_value": cx[rows],
                "zone": zones,
                "suggested": [_prefixed_epsg(int(z)) for z in zones],
                "value": cx[rows],
            },
            xy=(cx[rows], cy[rows]),
        )
    rows = np.flatnonzero(found["prefix_missing"])
    log.add(
        "crs.zone_prefix_missing",
        rows,
        params={**common, "x_value": cx[rows], "suggested": found["info"].get("twin"), "value": cx[rows]},
        xy=(cx[rows], cy[rows]),
    )
    rows = np.flatnonzero(found["impossible"])
    log.add(
        "crs.impossible",
        rows,
        params={
            **common,
            "x_value": cx[rows],
            "y_value": cy[rows],
            "detail": found["detail"][rows],
            "detail_zh": found["detail_zh"][rows],
        },
        xy=(cx[rows], cy[rows]),
    )
    rows = np.flatnonzero(found["outside"])
    en, zh = found["outside_detail"]
    log.add(
        "crs.outside_area",
        rows,
        params={**common, "x_value": cx[rows], "y_value": cy[rows], "detail": en, "detail_zh": zh},
        xy=(cx[rows], cy[rows]),
    )
    state.crs_bad = found["swapped"] | found["zone_prefix"] | found["prefix_missing"] | found["impossible"]


# -- metric geometry ----------------------------------------------------------------------------
class MetricFrame:
    """The geometries in a metric CRS, their bounds, and a way back to the input CRS."""

    def __init__(self, geoms, state: GeometryState, epsg, skipped):
        self.epsg = epsg
        self.metric_epsg = epsg
        self._back = None
        usable = state.present & ~state.crs_bad
        self.usable = usable
        self.geoms = geoms
        self.bounds = state.bounds
        if epsg is None:
            skipped.append(("metric", "no CRS: tolerances are in layer units"))
        else:
            import pyproj

            crs = pyproj.CRS.from_epsg(epsg)
            metric = (not crs.is_geographic) and all(
                (axis.unit_name or "").startswith("met") for axis in crs.axis_info
            )
            if not metric and usable.any():
                if crs.is_geographic:
                    longitude = float(np.nanmedian(state.cx[usable]))
                else:
                    to_geographic = pyproj.Transformer.from_crs(crs, "EPSG:4490", always_xy=True)
                    longitude = float(
                        np.nanmedian(to_geographic.transform(state.cx[usable], state.cy[usable])[0])
                    )
                if math.isfinite(longitude):
                    self.metric_epsg = engine_crs.gk3_epsg_for_longitude(longitude)
                    rows = np.flatnonzero(usable)
                    selected = compat.geo_series(geoms[rows], crs=f"EPSG:{epsg}")
                    converted = selected.to_crs(epsg=self.metric_epsg)
                    values = compat.object_array(geoms)
                    values[rows] = compat.object_array(converted)
                    self.geoms = values
                    self.bounds = compat.bounds_array(values)
                    self._back = pyproj.Transformer.from_crs(
                        f"EPSG:{self.metric_epsg}", f"EPSG:{epsg}", always_xy=True
                    )
        self.polygonal = (
            np.isin(state.geom_type.astype(str), ["Polygon", "MultiPolygon"]) & usable & state.valid
        )
        self._areas = np.full(len(geoms), np.nan)
        self._known = np.zeros(len(geoms), dtype=bool)

    def areas_of(self, rows) -> np.ndarray:
        """Planar areas (m2) of the polygonal geometries at ``rows`` (NaN for the others), cached."""
        rows = np.asarray(rows, dtype=np.int64)
        todo = rows[~self._known[rows] & self.polygonal[rows]]
        todo = np.unique(todo)
        if todo.size:
            self._areas[todo] = compat.geo_series(self.geoms[todo]).area.to_numpy(dtype=float)
        self._known[rows] = True
        return self._areas[rows]

    def rings(self):
        """``compat.ring_coordinates`` of the metric geometries (computed once)."""
        if getattr(self, "_rings", None) is None:
            self._rings = compat.ring_coordinates(self.geoms)
        return self._rings

    @property
    def areas(self) -> np.ndarray:
        return self.areas_of(np.arange(len(self.geoms)))

    def to_input(self, xs, ys):
        xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
        if self._back is None or xs.size == 0:
            return xs, ys
        back_x, back_y = self._back.transform(xs, ys)
        return np.asarray(back_x, dtype=float), np.asarray(back_y, dtype=float)


def check_duplicates(geoms, state: GeometryState, log, index, key_columns=()) -> None:
    """Exactly equal geometries (after normalising vertex order).

    Candidates are features with equal bounds (vectorised); only those are normalised and
    compared by WKB. With ``key_columns`` (arrays aligned with ``geoms``), features only count
    as duplicates when these values are equal too (co-located facilities of different types are
    legitimate).
    """
    import pandas as pd

    rows = np.flatnonzero(state.present)
    if rows.size < 2:
        return
    table = pd.DataFrame(state.bounds[rows], columns=["minx", "miny", "maxx", "maxy"])
    for k, column in enumerate(key_columns):
        table[f"key{k}"] = [str(v) for v in np.asarray(column, dtype=object)[rows]]
    candidates = rows[table.duplicated(keep=False).to_numpy()]
    if candidates.size < 2:
        return
    normalised = compat.geo_series(geoms[candidates]).normalize()
    wkbs = compat.to_wkb(list(normalised))
    if key_columns:
        extra = ["|".join(str(column[row]) for column in key_columns) for row in candidates]
        wkbs = [w + b"|" + e.encode("utf-8") for w, e in zip(wkbs, extra)]
    keys = pd.Series(wkbs, dtype=object)
    duplicated = keys.duplicated(keep=False).to_numpy()
    if not duplicated.any():
        return
    codes = pd.factorize(keys)[0]
    group = np.full(len(geoms), -1, dtype=np.int64)
    group[candidates[duplicated]] = codes[duplicated]
    state.duplicate_group = group
    members = candidates[duplicated]
    member_codes = codes[duplicated]
    first, second = {}, {}
    for row, code in zip(members, member_codes):
        if code not in first:
            first[code] = row
        elif code not in second:
            second[code] = row
    related = [
        index[second[code]] if row == first[code] else index[first[code]]
        for row, code in zip(members, member_codes)
    ]
    log.add("geometry.duplicate", members, params={"other": related}, related=related)


def bbox_pairs(bounds: np.ndarray, min_overlap_area: float = 0.0):
    """Pairs ``(i, j)``, ``i < j``, of rows whose boxes overlap by more than ``min_overlap_area``.

    A uniform grid hash, vectorised with numpy (no per-feature Python call, no R-tree): boxes
    covering at most 4 x 4 cells are hashed into every cell they touch; larger boxes are tested
    against all boxes directly.
    """
    n = len(bounds)
    good = np.flatnonzero(np.isfinite(bounds).all(axis=1))
    if good.size < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    b = bounds[good]
    sizes = np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1])
    cell = float(np.median(sizes)) or float(np.max(sizes)) or 1.0
    x0, y0 = b[:, 0].min(), b[:, 1].min()
    ix0 = np.floor((b[:, 0] - x0) / cell).astype(np.int64)
    ix1 = np.floor((b[:, 2] - x0) / cell).astype(np.int64)
    iy0 = np.floor((b[:, 1] - y0) / cell).astype(np.int64)
    iy1 = np.floor((b[:, 3] - y0) / cell).astype(np.int64)
    nx, ny = ix1 - ix0 + 1, iy1 - iy0 + 1
    small = (nx <= 4) & (ny <= 4)
    lefts, rights = [], []
    # hashed boxes: one entry per (box, cell)
    s = np.flatnonzero(small)
    counts = nx[s] * ny[s]
    owner = np.repeat(s, counts)
    offset = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    cx = ix0[owner] + offset % nx[owner]
    cy = iy0[owner] + offset // nx[owner]
    width = int(ix1.max() + 2)
    key = cy * width + cx
    order = np.argsort(key, kind="stable")
    key, owner = key[order], owner[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.r_[starts[1:], key.size]
    group_end = np.repeat(ends, ends - starts)
    partners = group_end - np.arange(key.size) - 1  # entries after this one in its cell
    if partners.sum():
        a = np.repeat(np.arange(key.size), partners)
        step = np.arange(partners.sum()) - np.repeat(np.cumsum(partners) - partners, partners) + 1
        lefts.append(owner[a])
        rights.append(owner[a + step])
    # big boxes against everything
    for big in np.flatnonzero(~small):
        lefts.append(np.full(good.size, big))
        rights.append(np.arange(good.size))
    if not lefts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    left = np.concatenate(lefts)
    right = np.concatenate(rights)
    left, right = np.minimum(left, right), np.maximum(left, right)
    keep = left != right
    pair = np.unique(left[keep] * n + right[keep])
    left, right = pair // n, pair % n
    overlap_w = np.minimum(b[left, 2], b[right, 2]) - np.maximum(b[left, 0], b[right, 0])
    overlap_h = np.minimum(b[left, 3], b[right, 3]) - np.maximum(b[left, 1], b[right, 1])
    keep = (overlap_w >= 0) & (overlap_h >= 0) & (overlap_w * overlap_h > min_overlap_area)
    return good[left[keep]], good[right[keep]]


def check_overlaps(
    metric: MetricFrame, state: GeometryState, schema, log, index, cancelled, progress
) -> None:
    """Pairs of polygons whose interiors overlap by more than the tolerance (m2)."""
    tolerance = float(schema.topology.get("overlap_tolerance_m2", 1.0))
    rows = np.flatnonzero(metric.polygonal)
    if rows.size < 2:
        return
    # the intersection is inside both boxes, so boxes overlapping by <= tolerance cannot do more
    left, right = bbox_pairs(metric.bounds[rows], min_overlap_area=tolerance)
    left, right = rows[left], rows[right]
    group = state.duplicate_group
    if group is not None:
        same = (group[left] >= 0) & (group[left] == group[right])
        left, right = left[~same], right[~same]
    check_cancel(cancelled)
    geoms = metric.geoms
    found_left, found_right, found_area = [], [], []
    chunk = 20000
    total = max(left.size, 1)
    for start in range(0, left.size, chunk):
        check_cancel(cancelled)
        a, b = left[start : start + chunk], right[start : start + chunk]
        inside = compat.interiors_intersect(geoms[a], geoms[b])
        a, b = a[inside], b[inside]
        if a.size:
            found_left.append(a)
            found_right.append(b)
            found_area.append(compat.intersection_areas(geoms[a], geoms[b]))
        progress((start + chunk) / total)
    if not found_left:
        return
    a = np.concatenate(found_left)
    b = np.concatenate(found_right)
    areas = np.concatenate(found_area)
    area_a, area_b = metric.areas_of(a), metric.areas_of(b)
    near_duplicate = areas >= (1.0 - 1e-6) * np.maximum(area_a, area_b)
    overlap = (areas > tolerance) & ~near_duplicate
    for mask, check_id in ((near_duplicate, "geometry.duplicate"), (overlap, "topology.overlap")):
        if not mask.any():
            continue
        first, second, area = a[mask], b[mask], areas[mask]
        points = [geoms[i].intersection(geoms[j]).representative_point() for i, j in zip(first, second)]
        xs, ys = metric.to_input([p.x for p in points], [p.y for p in points])
        others = [index[i] for i in first]
        params = {"other": others}
        if check_id == "topology.overlap":
            params.update({"value": np.round(area, 2), "expected": tolerance})
        log.add(check_id, second, params=params, xy=(xs, ys), related=others)


def check_gaps(metric: MetricFrame, state: GeometryState, schema, log, index) -> None:
    """Holes between neighbouring polygons: faces enclosed by free edges, in the tolerance band.

    A coverage's inner edges are shared by two polygons; the edges used once ("free") are the
    outer boundary, the rims of gaps and overlaps, and unmatched vertices. Only the free edges are
    noded and polygonized (a few, in a clean layer, instead of a union of every polygon); a face
    is a gap when it is in ``gap_tolerance_m2 < area <= max_gap_m2``, touches at least two
    features and lies inside none of them.
    """
    import pandas as pd
    from shapely.ops import polygonize, unary_union

    tolerance = float(schema.topology.get("gap_tolerance_m2", 1.0))
    largest = float(schema.topology.get("max_gap_m2", 100.0))
    rows = np.flatnonzero(metric.polygonal)
    if rows.size < 2:
        return
    xy, ring_of_vertex, owner_of_ring = metric.rings()
    usable_ring = metric.polygonal[owner_of_ring]
    same_ring = (ring_of_vertex[1:] == ring_of_vertex[:-1]) & usable_ring[ring_of_vertex[1:]]
    a, b = xy[:-1][same_ring], xy[1:][same_ring]
    moving = (a != b).any(axis=1)
    a, b = a[moving], b[moving]
    swap = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
    p = np.where(swap[:, None], b, a)
    q = np.where(swap[:, None], a, b)
    keys = pd.DataFrame({"px": p[:, 0], "py": p[:, 1], "qx": q[:, 0], "qy": q[:, 1]})
    free = ~keys.duplicated(keep=False).to_numpy()
    if not free.any():
        return
    noded = unary_union(list(compat.segments_to_lines(p[free], q[free])))
    faces = [face for face in polygonize(noded) if tolerance < face.area <= largest]
    if not faces:
        return
    boxes = np.vstack([metric.bounds[rows], compat.bounds_array(faces)])
    left, right = bbox_pairs(boxes, min_overlap_area=-1.0)
    is_face = (left < rows.size) & (right >= rows.size)  # feature-face pairs only
    neighbours = {}
    for feature, face in zip(left[is_face], right[is_face] - rows.size):
        neighbours.setdefault(int(face), []).append(int(feature))
    geoms = metric.geoms
    gap_rows, xs, ys, related, sizes = [], [], [], [], []
    for k, face in enumerate(faces):
        point = face.representative_point()
        near = [j for j in sorted(neighbours.get(k, [])) if geoms[rows[j]].intersects(face)]
        if len(near) < 2 or any(geoms[rows[j]].contains(point) for j in near):
            continue  # not between features, or an overlap (reported as such)
        gap_rows.append(rows[near[0]])
        xs.append(point.x)
        ys.append(point.y)
        related.append(", ".join(str(index[rows[j]]) for j in near[1:]))
        sizes.append(round(float(face.area), 2))
    if gap_rows:
        x_in, y_in = metric.to_input(xs, ys)
        log.add(
            "topology.gap",
            gap_rows,
            params={"value": sizes, "expected": tolerance},
            xy=(x_in, y_in),
            related=related,
        )


# -- locations -----------------------------------------------------------------------------------
def locate(geoms, rows):
    """x, y of a point on each geometry (the point itself, else a representative point)."""
    rows = np.asarray(rows, dtype=np.int64)
    xs = np.full(rows.size, np.nan)
    ys = np.full(rows.size, np.nan)
    if geoms is None:
        return xs, ys
    cache = {}
    for k, row in enumerate(rows):
        if row < 0:
            continue
        if row in cache:
            xs[k], ys[k] = cache[row]
            continue
        geometry = geoms[row]
        point = (np.nan, np.nan)
        if geometry is not None and not geometry.is_empty:
            if geometry.geom_type == "Point":
                point = (geometry.x, geometry.y)
            elif geometry.geom_type in ("LineString", "MultiLineString", "LinearRing"):
                found = geometry.interpolate(0.5, normalized=True)  # half-way along the line
                point = (found.x, found.y)
            else:
                try:
                    found = geometry.representative_point()
                    point = (found.x, found.y)
                except Exception:  # noqa: BLE001 - GEOS fails on some invalid geometries
                    minx, miny, maxx, maxy = geometry.bounds
                    point = ((minx + maxx) / 2.0, (miny + maxy) / 2.0)
        cache[row] = point
        xs[k], ys[k] = point
    return xs, ys


# -- repair --------------------------------------------------------------------------------------
def fix_coordinates(geoms, epsg: int, index, actions: list):
    """Swap swapped axes; remove (or add) the zone prefix the declared CRS does not (or does) use."""
    from shapely.ops import transform

    bounds = compat.bounds_array(geoms)
    present = np.isfinite(bounds).all(axis=1)
    cx = np.where(present, (bounds[:, 0] + bounds[:, 2]) / 2.0, np.nan)
    cy = np.where(present, (bounds[:, 1] + bounds[:, 3]) / 2.0, np.nan)
    found = crs_findings(cx, cy, epsg)
    out = compat.object_array(geoms)
    for row in np.flatnonzero(found["swapped"]):
        out[row] = transform(lambda x, y, z=None: (y, x), out[row])
        actions.append(
            (
                _python(index[row]),
                "swap_axes",
                "",
                f"{cx[row]:.2f} {cy[row]:.2f}",
                f"{cy[row]:.2f} {cx[row]:.2f}",
            )
        )
    for row in np.flatnonzero(found["zone_prefix"]):
        offset = float(found["zone"][row]) * 1e6
        out[row] = transform(lambda x, y, z=None, o=offset: (np.asarray(x) - o, y), out[row])
        actions.append(
            (_python(index[row]), "remove_zone_prefix", "", f"{cx[row]:.2f}", f"{cx[row] - offset:.2f}")
        )
    for row in np.flatnonzero(found["prefix_missing"]):
        offset = float(found["info"]["zone"]) * 1e6
        out[row] = transform(lambda x, y, z=None, o=offset: (np.asarray(x) + o, y), out[row])
        actions.append(
            (_python(index[row]), "add_zone_prefix", "", f"{cx[row]:.2f}", f"{cx[row] + offset:.2f}")
        )
    return out


def _keep_dimension(geometry, dimension: Optional[int]):
    """The parts of ``geometry`` of the wanted dimension (0 points, 1 lines, 2 polygons)."""
    if dimension is None or geometry is None:
        return geometry
    from shapely.geometry import MultiLineString, MultiPoint, MultiPolygon
    from shapely.ops import unary_union

    wanted = {
        0: ("Point", "MultiPoint"),
        1: ("LineString", "MultiLineString"),
        2: ("Polygon", "MultiPolygon"),
    }[dimension]
    if geometry.geom_type in wanted:
        return geometry
    parts = []
    for part in getattr(geometry, "geoms", [geometry]):
        if part.geom_type in wanted:
            parts.extend(getattr(part, "geoms", [part]))
    if dimension == 2:
        return unary_union(parts) if parts else MultiPolygon()
    if dimension == 1:
        return MultiLineString(parts)
    return MultiPoint(parts)


def make_valid(geoms, dimension: Optional[int], index, actions: list):
    present = np.isfinite(compat.bounds_array(geoms)).all(axis=1)
    invalid = present & ~compat.is_valid_array(geoms)
    out = compat.object_array(geoms)
    rows = np.flatnonzero(invalid)
    if rows.size == 0:
        return out
    reasons = compat.validity_reasons(out[rows])
    fixed = compat.make_valid(out[rows])
    for row, reason, geometry in zip(rows, reasons, fixed):
        geometry = _keep_dimension(geometry, dimension)
        out[row] = geometry
        actions.append((_python(index[row]), "make_valid", "", reason, geometry.geom_type))
    return out


def _python(value):
    return value.item() if hasattr(value, "item") else value
