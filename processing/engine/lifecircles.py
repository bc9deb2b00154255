"""Walking life circles: catchment polygons drawn the way a planner draws them.

A life circle is the part of the walking network reachable within a band (e.g. 300 / 500 /
1000 m, the 5 / 10 / 15-minute circles of GB 50180-2018), partial edges included, buffered by a
width (default 40 m) and dissolved. Nothing beyond reach is drawn (no islands), and a hole is
kept only where the network justifies it (it contains network that is not reached); the other
holes (ordinary blocks enclosed by reached streets) are filled.

Engine API
----------
::

    bands = bands_m([5, 10, 15], unit="min", speed_m_per_min=60.0)   # -> [300, 600, 900]
    circles = life_circles(net, origins, bands, buffer_m=40.0, mode="per_origin")
    circles = life_circles(net, origins, bands, mode="dissolved", groups=labels)
    circles["area_m2"] = ellipsoidal_area_m2(circles.geometry, crs)
    circles["population"] = population_within(circles.geometry, residential_geoms, pop)

``life_circles`` returns a GeoDataFrame (CRS of the network) with ``origin`` (position in
``origins``, per-origin mode) or ``group`` (dissolved mode), ``band_m``, ``reach_len_m`` (length
of reached network, partial edges included, overlaps counted once) and the polygon. Origins that
failed snapping get no polygon; a row with an empty geometry and ``reach_len_m = 0`` says so.
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
import pandas as pd

from . import compat
from .errors import CancelCallback, InputError, ProgressCallback, check_cancel, never_cancelled, no_progress
from .network import Snapped, WalkNetwork, interval_geometry_xy, merge_intervals, reached_intervals

DEFAULT_BANDS_M = (300.0, 500.0, 1000.0)  # GB 50180-2018 5/10/15-minute walking distances
DEFAULT_BUFFER_M = 40.0
QUAD_SEGMENTS = 4


def bands_m(values: Sequence[float], unit: str = "m", speed_m_per_min: Optional[float] = None) -> list:
    """Bands in metres, sorted and unique: ``unit`` "m" or "min" (then ``speed_m_per_min``)."""
    values = [float(v) for v in values]
    if not values:
        raise InputError(code="lifecircle_no_bands", template="No bands given")
    if unit == "min":
        if not speed_m_per_min or speed_m_per_min <= 0:
            raise InputError(code="lifecircle_bad_speed", template="The walking speed must be positive")
        values = [v * float(speed_m_per_min) for v in values]
    elif unit != "m":
        raise InputError(detail=f"unknown band unit {unit!r}")
    if any(not np.isfinite(v) or v <= 0 for v in values):
        raise InputError(
            code="lifecircle_bad_band", template="Bands must be positive numbers: {bands}", bands=values
        )
    return sorted(set(values))


def _unreached_points(net: WalkNetwork, intervals: pd.DataFrame, box) -> np.ndarray:
    """Sample points (midpoints of every unreached stretch longer than 1 m) inside ``box``."""
    a, b = net.segment_xy()
    lo = np.minimum(a, b)
    hi = np.maximum(a, b)
    inside = (hi[:, 0] >= box[0]) & (lo[:, 0] <= box[2]) & (hi[:, 1] >= box[1]) & (lo[:, 1] <= box[3])
    candidates = np.flatnonzero(inside)
    if not len(candidates):
        return np.zeros((0, 2))
    length = net.seg_len_m
    iv = intervals[intervals["segment"].isin(candidates)]
    # gaps: before the first reached piece, between pieces, after the last one
    seg = iv["segment"].to_numpy()
    start = iv["start_m"].to_numpy()
    end = iv["end_m"].to_numpy()
    new = np.r_[True, seg[1:] != seg[:-1]] if len(seg) else np.zeros(0, dtype=bool)
    last = np.r_[seg[1:] != seg[:-1], True] if len(seg) else np.zeros(0, dtype=bool)
    middle = np.flatnonzero(~new)
    gap_seg = [seg[new], seg[middle], seg[last]]
    gap_a = [np.zeros(int(new.sum())), end[middle - 1], end[last]]
    gap_b = [start[new], start[middle], length[seg[last]]]
    untouched = np.setdiff1d(candidates, seg)
    gap_seg.append(untouched)
    gap_a.append(np.zeros(len(untouched)))
    gap_b.append(length[untouched])
    gs = np.concatenate(gap_seg).astype(np.int64)
    ga = np.concatenate(gap_a)
    gb = np.concatenate(gap_b)
    keep = gb - ga > 1.0
    gs, ga, gb = gs[keep], ga[keep], gb[keep]
    mid = (ga + gb) / 2.0
    frame = pd.DataFrame({"segment": gs, "start_m": mid, "end_m": mid})
    xy, _ = interval_geometry_xy(net, frame)
    return xy


def _fill_unjustified_holes(polygon, unreached_xy: np.ndarray):
    """Fill each hole of ``polygon`` unless it contains an unreached network point."""
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.prepared import prep

    parts = list(polygon.geoms) if hasattr(polygon, "geoms") else [polygon]
    out = []
    for part in parts:
        if part.is_empty or part.geom_type != "Polygon":
            continue
        keep = []
        for ring in part.interiors:
            if len(unreached_xy):
                hole = Polygon(ring)
                x0, y0, x1, y1 = hole.bounds
                sel = unreached_xy[
                    (unreached_xy[:, 0] >= x0)
                    & (unreached_xy[:, 0] <= x1)
                    & (unreached_xy[:, 1] >= y0)
                    & (unreached_xy[:, 1] <= y1)
                ]
                if len(sel):
                    prepared = prep(hole)
                    from shapely.geometry import Point

                    if any(prepared.contains(Point(x, y)) for x, y in sel):
                        keep.append(ring)
        out.append(Polygon(part.exterior, keep))
    if not out:
        return Polygon()
    return out[0] if len(out) == 1 else MultiPolygon(out)


def catchment_polygon(
    net: WalkNetwork, intervals: pd.DataFrame, buffer_m: float = DEFAULT_BUFFER_M, fill_holes: bool = True
):
    """The reached pieces buffered by ``buffer_m`` and dissolved (holes filled unless justified)."""
    from shapely.geometry import MultiLineString, Polygon

    if not len(intervals):
        return Polygon()
    a, b = interval_geometry_xy(net, intervals)
    # zero-length pieces (a node reached exactly at the band) still mark a reached point
    lines = MultiLineString([(tuple(p), tuple(q)) for p, q in zip(a, b)])
    polygon = lines.buffer(buffer_m, QUAD_SEGMENTS)
    if fill_holes and not polygon.is_empty:
        x0, y0, x1, y1 = polygon.bounds
        unreached = _unreached_points(net, intervals, (x0, y0, x1, y1))
        polygon = _fill_unjustified_holes(polygon, unreached)
    return polygon


def _reach_length(intervals: pd.DataFrame) -> float:
    return float((intervals["end_m"] - intervals["start_m"]).sum()) if len(intervals) else 0.0


def life_circles(
    net: WalkNetwork,
    origins: Snapped,
    bands: Sequence[float] = DEFAULT_BANDS_M,
    buffer_m: float = DEFAULT_BUFFER_M,
    mode: str = "per_origin",
    groups=None,
    fill_holes: bool = True,
    include_offsets: bool = True,
    polygons: bool = True,
    progress: ProgressCallback = no_progress,
    cancelled: CancelCallback = never_cancelled,
):
    """Life-circle polygons for every origin (``per_origin``) or group of origins (``dissolved``).

    ``groups``: one label per origin for ``dissolved`` (None = all origins together).
    ``polygons=False`` skips the buffering (rows carry the reached length only, geometry None):
    the fast path when only reachable networks are needed.
    """
    import geopandas as gpd

    bands = sorted(float(b) for b in bands)
    if not bands:
        raise InputError(code="lifecircle_no_bands", template="No bands given")
    if buffer_m <= 0:
        raise InputError(code="lifecircle_bad_buffer", template="The buffer width must be positive")
    records = []
    geometries = []
    top = bands[-1]
    if mode == "per_origin":
        total = max(len(origins), 1)
        node_segments = net.node_segments
        done = 0
        for rows, matrix in net.iter_node_distances(origins, top, include_offsets, cancelled=cancelled):
            for source_row, node_m in zip(rows, matrix):
                check_cancel(cancelled)
                reached_nodes = np.flatnonzero(node_m <= top)
                segs = np.unique(node_segments[reached_nodes].indices)
                for band in bands:
                    iv = _intervals_on(net, node_m, band, origins, source_row, include_offsets, segs)
                    records.append(
                        {"origin": int(source_row), "band_m": band, "reach_len_m": _reach_length(iv)}
                    )
                    geometries.append(catchment_polygon(net, iv, buffer_m, fill_holes) if polygons else None)
                done += 1
                progress(done / total)
        # origins that failed snapping: report them with an empty row each
        for source_row in np.flatnonzero(~origins.ok):
            for band in bands:
                records.append({"origin": int(source_row), "band_m": band, "reach_len_m": 0.0})
                geometries.append(_empty() if polygons else None)
        frame = pd.DataFrame.from_records(records, columns=["origin", "band_m", "reach_len_m"])
    elif mode == "dissolved":
        labels = (
            np.zeros(len(origins), dtype=np.int64) if groups is None else np.asarray(groups, dtype=object)
        )
        if len(labels) != len(origins):
            raise InputError(detail=f"{len(labels)} group labels for {len(origins)} origins")
        keys = pd.unique(pd.Series(labels, dtype=object))
        for k, key in enumerate(keys):
            check_cancel(cancelled)
            rows = np.flatnonzero(pd.Series(labels, dtype=object).to_numpy() == key)
            subset = origins.subset(rows)
            nd = net.distances_from(subset, top, include_offsets)
            for band in bands:
                iv = reached_intervals(net, nd.node_m, band, subset, None, include_offsets)
                records.append({"group": key, "band_m": band, "reach_len_m": _reach_length(iv)})
                geometries.append(catchment_polygon(net, iv, buffer_m, fill_holes) if polygons else None)
            progress((k + 1) / max(len(keys), 1))
        frame = pd.DataFrame.from_records(records, columns=["group", "band_m", "reach_len_m"])
    else:
        raise InputError(detail=f"unknown life-circle mode {mode!r}")
    return gpd.GeoDataFrame(
        frame, geometry=list(geometries) if polygons else [None] * len(frame), crs=net.crs
    )


def _intervals_on(net, node_m, band, origins, source_row, include_offsets, segs):
    """reached_intervals restricted to the segments ``segs`` touching reached nodes."""
    cutoff = float(band)
    du = node_m[net.seg_u[segs]]
    dv = node_m[net.seg_v[segs]]
    length = net.seg_len_m[segs]
    fu = du <= cutoff
    fv = dv <= cutoff
    seg_parts = [segs[fu], segs[fv]]
    starts = [np.zeros(fu.sum()), np.maximum(0.0, length[fv] - (cutoff - dv[fv]))]
    ends = [np.minimum(length[fu], cutoff - du[fu]), length[fv]]
    if origins.ok[source_row]:
        entry = origins.offset_m[source_row] if include_offsets else 0.0
        left = cutoff - entry
        if left >= 0:
            s = origins.segment[source_row]
            p = origins.position_m[source_row]
            seg_parts.append(np.array([s]))
            starts.append(np.array([max(0.0, p - left)]))
            ends.append(np.array([min(net.seg_len_m[s], p + left)]))
    return merge_intervals(np.concatenate(seg_parts), np.concatenate(starts), np.concatenate(ends))


def _empty():
    from shapely.geometry import Polygon

    return Polygon()


# -- measures -----------------------------------------------------------------------------------
def ellipsoidal_area_m2(geometries, crs) -> np.ndarray:
    """Ellipsoidal area (m2) of polygons given in ``crs`` (on that CRS's ellipsoid)."""
    from pyproj import CRS, Geod, Transformer
    from shapely.ops import transform

    source = CRS.from_user_input(crs)
    geodetic = source.geodetic_crs
    to_geographic = Transformer.from_crs(source, geodetic, always_xy=True)
    ellipsoid = geodetic.ellipsoid
    geod = Geod(a=ellipsoid.semi_major_metre, rf=ellipsoid.inverse_flattening)
    out = []
    for g in geometries:
        if g is None or g.is_empty:
            out.append(0.0)
            continue
        area, _ = geod.geometry_area_perimeter(transform(to_geographic.transform, g))
        out.append(abs(area))
    return np.asarray(out, dtype=float)


def population_within(circles, residential, population) -> np.ndarray:
    """Population inside each circle, area-weighted from residential polygons.

    A compound counts by the share of its area inside the circle (``population`` per compound,
    NaN counted as 0). Returns one value per circle.
    """
    from shapely.prepared import prep

    circles = compat.object_array(circles)
    residential = compat.object_array(residential)
    population = np.nan_to_num(np.asarray(population, dtype=float))
    if len(residential) == 0:
        return np.zeros(len(circles))
    bounds = np.array([g.bounds if g is not None and not g.is_empty else (np.nan,) * 4 for g in residential])
    areas = np.array([g.area if g is not None and not g.is_empty else 0.0 for g in residential])
    out = np.zeros(len(circles))
    for i, circle in enumerate(circles):
        if circle is None or circle.is_empty:
            continue
        x0, y0, x1, y1 = circle.bounds
        near = np.flatnonzero(
            (bounds[:, 2] >= x0)
            & (bounds[:, 0] <= x1)
            & (bounds[:, 3] >= y0)
            & (bounds[:, 1] <= y1)
            & (areas > 0)
        )
        if not len(near):
            continue
        prepared = prep(circle)
        total = 0.0
        for j in near:
            g = residential[j]
            if prepared.contains(g):
                total += population[j]
            elif prepared.intersects(g):
                total += population[j] * circle.intersection(g).area / areas[j]
        out[i] = total
    return out
