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
    sources, owner = area_sources(net, polygons)        # whole polygons as origins
    circles = life_circles(net, sources, bands, mode="dissolved", groups=owner)

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
from .network import (
    Snapped,
    WalkNetwork,
    _interval_arrays,
    interval_geometry_xy,
    merge_interval_arrays,
    reached_intervals,
)

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


def _segment_boxes(net: WalkNetwork):
    cached = net._index.get("boxes")
    if cached is None:
        a, b = net.segment_xy()
        cached = (np.minimum(a, b), np.maximum(a, b))
        net._index["boxes"] = cached
    return cached


def _unreached_points(net: WalkNetwork, intervals, box) -> np.ndarray:
    """Sample points (midpoints of every unreached stretch longer than 1 m) inside ``box``."""
    lo, hi = _segment_boxes(net)
    inside = (hi[:, 0] >= box[0]) & (lo[:, 0] <= box[2]) & (hi[:, 1] >= box[1]) & (lo[:, 1] <= box[3])
    candidates = np.flatnonzero(inside)
    if not len(candidates):
        return np.zeros((0, 2))
    length = net.seg_len_m
    seg, start, end = _interval_arrays(intervals)
    keep = np.isin(seg, candidates)
    seg, start, end = seg[keep], start[keep], end[keep]
    # gaps: before the first reached piece, between pieces, after the last one
    if len(seg):
        new = np.r_[True, seg[1:] != seg[:-1]]
        last = np.r_[seg[1:] != seg[:-1], True]
        middle = np.flatnonzero(~new)
        gap_seg = [seg[new], seg[middle], seg[last]]
        gap_a = [np.zeros(int(new.sum())), end[middle - 1], end[last]]
        gap_b = [start[new], start[middle], length[seg[last]]]
    else:
        gap_seg, gap_a, gap_b = [], [], []
    untouched = np.setdiff1d(candidates, seg)
    gs = np.concatenate(gap_seg + [untouched]).astype(np.int64)
    ga = np.concatenate(gap_a + [np.zeros(len(untouched))])
    gb = np.concatenate(gap_b + [length[untouched]])
    keep = gb - ga > 1.0
    gs, ga, gb = gs[keep], ga[keep], gb[keep]
    mid = (ga + gb) / 2.0
    xy, _ = interval_geometry_xy(net, (gs, mid, mid))
    return xy


def catchment_polygon(
    net: WalkNetwork, intervals, buffer_m: float = DEFAULT_BUFFER_M, fill_holes: bool = True
):
    """The reached pieces buffered by ``buffer_m`` and dissolved.

    With ``fill_holes`` the areas enclosed by reached roads (faces of the reached network) are
    filled, except faces that contain road that is not reached: a hole is kept only where the
    network justifies it.
    """
    from shapely.geometry import GeometryCollection, Polygon
    from shapely.ops import polygonize_full, unary_union

    seg, start, end = _interval_arrays(intervals)
    if not len(seg):
        return Polygon()
    a, b = interval_geometry_xy(net, (seg, start, end))
    pieces = compat.segments_to_multilinestring(a, b)
    if not fill_holes:
        return pieces.buffer(buffer_m, QUAD_SEGMENTS)
    lines = unary_union(pieces)  # noded, duplicates merged
    unreached = _unreached_points(net, (seg, start, end), lines.bounds)
    polygons, dangles, cuts, _invalid = polygonize_full(lines)
    faces = list(polygons.geoms)
    loose = [g for collection in (dangles, cuts) for g in collection.geoms]  # roads bounding no face
    enclosed = unary_union(faces) if faces else Polygon()
    if len(unreached) and not enclosed.is_empty:
        hit = compat.contains_xy(enclosed, unreached[:, 0], unreached[:, 1])
        if hit.any():
            points = unreached[hit]
            kept = []
            for face in faces:
                if compat.contains_xy(face, points[:, 0], points[:, 1]).any():
                    loose.append(face.exterior)  # a justified hole: only its edge roads are drawn
                else:
                    kept.append(face)
            enclosed = unary_union(kept) if kept else Polygon()
    shapes = []
    if not enclosed.is_empty:
        shapes.append(enclosed.buffer(buffer_m, QUAD_SEGMENTS))
    if loose:
        shapes.append(GeometryCollection(loose).buffer(buffer_m, QUAD_SEGMENTS))
    if not shapes:
        return Polygon()
    polygon = unary_union(shapes) if len(shapes) > 1 else shapes[0]
    # corners of blocks closed by the corridors but not by roads: fill unless roads are inside
    return _fill_unjustified_holes(polygon, unreached)


def _fill_unjustified_holes(polygon, unreached_xy: np.ndarray):
    """Fill each hole of ``polygon`` unless it contains an unreached network point."""
    from shapely.geometry import MultiPolygon, Polygon

    parts = list(polygon.geoms) if hasattr(polygon, "geoms") else [polygon]
    if not any(len(p.interiors) for p in parts if p.geom_type == "Polygon"):
        return polygon
    out = []
    for part in parts:
        if part.is_empty or part.geom_type != "Polygon":
            continue
        keep = []
        for ring in part.interiors:
            if len(unreached_xy):
                inside = compat.contains_xy(Polygon(ring), unreached_xy[:, 0], unreached_xy[:, 1])
                if inside.any():
                    keep.append(ring)
        out.append(Polygon(part.exterior, keep))
    if not out:
        return Polygon()
    return out[0] if len(out) == 1 else MultiPolygon(out)


def _reach_length(intervals) -> float:
    _, start, end = _interval_arrays(intervals)
    return float((end - start).sum())


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
    keys, band_col, reach, geometries = [], [], [], []
    top = bands[-1]
    if mode == "per_origin":
        total = max(len(origins), 1)
        incidence = net.node_segments
        band_array = np.asarray(bands, dtype=float)
        seg_mask = np.zeros(net.segment_count, dtype=bool)  # scratch, reset after each use
        done = 0
        for rows, matrix in net.iter_node_distances(origins, top, include_offsets, cancelled=cancelled):
            for source_row, node_m in zip(rows, matrix):
                check_cancel(cancelled)
                segs = _segments_of_nodes(incidence, np.flatnonzero(node_m <= top), seg_mask)
                if not polygons:  # reach lengths only: all bands at once, no interval lists
                    lengths = _reach_lengths(
                        net, node_m, band_array, origins, source_row, include_offsets, segs
                    )
                    keys.extend([int(source_row)] * len(bands))
                    band_col.extend(bands)
                    reach.extend(lengths.tolist())
                    geometries.extend([None] * len(bands))
                else:
                    for band in bands:
                        iv = _intervals_on(net, node_m, band, origins, source_row, include_offsets, segs)
                        keys.append(int(source_row))
                        band_col.append(band)
                        reach.append(_reach_length(iv))
                        geometries.append(catchment_polygon(net, iv, buffer_m, fill_holes))
                done += 1
                progress(done / total)
        # origins that failed snapping: report them with an empty row each
        for source_row in np.flatnonzero(~origins.ok):
            for band in bands:
                keys.append(int(source_row))
                band_col.append(band)
                reach.append(0.0)
                geometries.append(_empty() if polygons else None)
        key_name = "origin"
    elif mode == "dissolved":
        labels = (
            np.zeros(len(origins), dtype=np.int64) if groups is None else np.asarray(groups, dtype=object)
        )
        if len(labels) != len(origins):
            raise InputError(detail=f"{len(labels)} group labels for {len(origins)} origins")
        label_series = pd.Series(labels, dtype=object)
        unique = pd.unique(label_series)
        for k, key in enumerate(unique):
            check_cancel(cancelled)
            rows = np.flatnonzero(label_series.to_numpy() == key)
            subset = origins.subset(rows)
            nd = net.distances_from(subset, top, include_offsets)
            for band in bands:
                iv = reached_intervals(net, nd.node_m, band, subset, None, include_offsets)
                keys.append(key)
                band_col.append(band)
                reach.append(_reach_length(iv))
                geometries.append(catchment_polygon(net, iv, buffer_m, fill_holes) if polygons else None)
            progress((k + 1) / max(len(unique), 1))
        key_name = "group"
    else:
        raise InputError(detail=f"unknown life-circle mode {mode!r}")
    frame = pd.DataFrame(
        {
            key_name: pd.Series(keys, dtype=np.int64 if key_name == "origin" else object),
            "band_m": np.asarray(band_col, dtype=float),
            "reach_len_m": np.asarray(reach, dtype=float),
        }
    )
    return gpd.GeoDataFrame(
        frame, geometry=list(geometries) if polygons else [None] * len(frame), crs=net.crs
    )


def _segments_of_nodes(incidence, nodes, scratch=None) -> np.ndarray:
    """Segments touching any of ``nodes`` (sorted, unique), via the CSR incidence."""
    if not len(nodes):
        return np.zeros(0, dtype=np.int64)
    starts = incidence.indptr[nodes]
    counts = incidence.indptr[nodes + 1] - starts
    offsets = np.repeat(starts - np.r_[0, np.cumsum(counts)[:-1]], counts)
    touched = incidence.indices[np.arange(counts.sum()) + offsets]
    mask = np.zeros(incidence.shape[1], dtype=bool) if scratch is None else scratch
    mask[touched] = True
    segs = np.flatnonzero(mask)
    mask[touched] = False
    return segs


def _reach_lengths(net, node_m, bands, origins, source_row, include_offsets, segs) -> np.ndarray:
    """Reached length for every band at once (same result as :func:`_intervals_on`)."""
    du = node_m[net.seg_u[segs]]
    dv = node_m[net.seg_v[segs]]
    length = net.seg_len_m[segs]
    a_u = np.minimum(np.maximum(bands[:, None] - du[None, :], 0.0), length)  # walked in from each end
    a_v = np.minimum(np.maximum(bands[:, None] - dv[None, :], 0.0), length)
    covered = np.minimum(length, a_u + a_v)
    totals = covered.sum(axis=1)
    if origins.ok[source_row]:
        s = origins.segment[source_row]
        entry = origins.offset_m[source_row] if include_offsets else 0.0
        where = np.flatnonzero(segs == s)
        total_length = net.seg_len_m[s]
        u_cost, v_cost = node_m[net.seg_u[s]], node_m[net.seg_v[s]]
        for k, band in enumerate(bands):
            left = band - entry
            if left < 0:
                continue
            p = origins.position_m[source_row]
            pieces = [(max(0.0, p - left), min(total_length, p + left))]
            if band >= u_cost:
                pieces.append((0.0, min(total_length, band - u_cost)))
            if band >= v_cost:
                pieces.append((max(0.0, total_length - (band - v_cost)), total_length))
            own = _union_length(pieces)
            totals[k] += own - (covered[k, where[0]] if len(where) else 0.0)
    return totals


def _union_length(pieces) -> float:
    total, reach_end = 0.0, -np.inf
    for a, b in sorted(pieces):
        if b <= reach_end:
            continue
        total += b - max(a, reach_end)
        reach_end = b
    return total


def _intervals_on(net, node_m, band, origins, source_row, include_offsets, segs):
    """reached_intervals restricted to the segments ``segs`` touching reached nodes (arrays)."""
    cutoff = float(band)
    du = node_m[net.seg_u[segs]]
    dv = node_m[net.seg_v[segs]]
    length = net.seg_len_m[segs]
    fu = du <= cutoff
    fv = dv <= cutoff
    seg_parts = [segs[fu], segs[fv]]
    starts = [np.zeros(int(fu.sum())), np.maximum(0.0, length[fv] - (cutoff - dv[fv]))]
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
    return merge_interval_arrays(np.concatenate(seg_parts), np.concatenate(starts), np.concatenate(ends))


def area_sources(net: WalkNetwork, geometries, spacing_m: float = 20.0, max_snap_m: float = 200.0):
    """Sources standing for whole areas: ``(Snapped, owner)`` with ``owner[i]`` the position in
    ``geometries`` that source ``i`` belongs to.

    A polygon starts from every network node inside it and from the roads along its edge (edge
    points every ``spacing_m`` snapped within ``spacing_m``), at no entry cost: its life circle
    is measured from its edge. A polygon no road touches starts from a point inside it, snapped
    as usual (``max_snap_m``, offset counted); points and lines are used as single points.
    Every geometry gets at least one source row (failed ones are not ``ok``).
    """

    geoms = compat.object_array(geometries)
    anchors = compat.surface_points_xy(geoms)
    node_x, node_y = net.node_xy[:, 0], net.node_xy[:, 1]
    xy_parts, owner_parts, snap_parts = [], [], []
    for position, g in enumerate(geoms):
        polygonal = g is not None and not g.is_empty and g.geom_type in ("Polygon", "MultiPolygon")
        found = False
        if polygonal:
            x0, y0, x1, y1 = g.bounds
            near = np.flatnonzero((node_x >= x0) & (node_x <= x1) & (node_y >= y0) & (node_y <= y1))
            inside = near[compat.contains_xy(g, node_x[near], node_y[near])] if len(near) else near
            edge = g.boundary
            count = max(int(np.ceil(edge.length / spacing_m)), 1)
            samples = [edge.interpolate(k * edge.length / count) for k in range(count)]
            edge_xy = np.array([(p.x, p.y) for p in samples], dtype=float).reshape(-1, 2)
            edge_snapped = net.snap_points(edge_xy, max_snap_m=spacing_m)
            ok_edge = edge_snapped.xy[edge_snapped.ok]
            points = np.vstack([net.node_xy[inside], ok_edge])
            if len(points):
                xy_parts.append(points)
                owner_parts.append(np.full(len(points), position))
                snap_parts.append(np.zeros(len(points)))  # on the network: no entry cost
                found = True
        if not found:
            xy_parts.append(anchors[position][None, :])
            owner_parts.append(np.array([position]))
            snap_parts.append(np.array([1.0]))
    xy = np.vstack(xy_parts) if xy_parts else np.zeros((0, 2))
    owner = np.concatenate(owner_parts) if owner_parts else np.zeros(0, dtype=np.int64)
    anchored = np.concatenate(snap_parts).astype(bool) if snap_parts else np.zeros(0, dtype=bool)
    snapped = net.snap_points(xy, max_snap_m=max_snap_m)
    on_network = ~anchored & snapped.ok
    snapped.offset_m[on_network] = 0.0  # points taken from the network itself
    return snapped, owner.astype(np.int64)


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


def invalid_polygons(geometries) -> np.ndarray:
    """Positions of geometries that are not valid (they are repaired before use)."""
    return np.flatnonzero([g is not None and not g.is_empty and not g.is_valid for g in geometries])


def _valid_polygons(geometries) -> np.ndarray:
    """Polygonal, valid versions of ``geometries`` (repaired with make_valid when needed)."""
    from shapely.geometry import MultiPolygon

    geoms = compat.object_array(geometries)
    bad = invalid_polygons(geoms)
    if len(bad):
        repaired = compat.make_valid(geoms[bad])
        for i, g in zip(bad, repaired):
            if g is not None and g.geom_type == "GeometryCollection":
                polygons = []
                for part in g.geoms:
                    polygons.extend(part.geoms if part.geom_type == "MultiPolygon" else [part])
                g = MultiPolygon([p for p in polygons if p.geom_type == "Polygon"])
            geoms[i] = g
    return geoms


def population_within(circles, residential, population) -> np.ndarray:
    """Population inside each circle, area-weighted from residential polygons.

    A compound counts by the share of its area inside the circle (``population`` per compound,
    NaN counted as 0); invalid compounds are repaired first (see :func:`invalid_polygons` to
    report them). Returns one value per circle.
    """
    from shapely.prepared import prep

    circles = compat.object_array(circles)
    residential = _valid_polygons(residential)
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
