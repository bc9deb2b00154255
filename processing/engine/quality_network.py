"""Line-network checks of the data-quality gate (road centre lines).

* ``geometry.duplicate_vertex`` (any geometry): consecutive repeated vertices.
* ``network.crossing``: two lines cross at a point that is not a vertex of both (no junction
  node): a routing graph would not connect them. Bridges and tunnels do that on purpose, so the
  message gives both levels and the finding is a warning to confirm.
* ``network.fragment``: a group of connected lines touching nothing else and holding less than
  ``fragment_max_share`` of the layer's length.
* ``network.reversed``: a segment digitised against the direction of the rest of its named road
  (it meets its same-name neighbours head to head or tail to tail and points against the road's
  dominant direction).
"""

import numpy as np

from . import compat


def check_duplicate_vertices(metric, state, log, tolerance: float = 0.0) -> None:
    """Consecutive repeated vertices within a ring or line (one finding per feature)."""
    usable = state.present & ~state.crs_bad
    if not usable.any():
        return
    xy, ring_of_vertex, owner_of_ring = metric.rings()
    if len(xy) < 2:
        return
    same_ring = ring_of_vertex[1:] == ring_of_vertex[:-1]
    step = np.hypot(*(xy[1:] - xy[:-1]).T)
    where = np.flatnonzero(same_ring & (step <= tolerance)) + 1
    positions = owner_of_ring[ring_of_vertex[where]]
    keep = usable[positions]
    where, positions = where[keep], positions[keep]
    if positions.size == 0:
        return
    found_rows, first, counts = np.unique(positions, return_index=True, return_counts=True)
    points = xy[where[first]]
    xs, ys = metric.to_input(points[:, 0], points[:, 1])
    log.add(
        "geometry.duplicate_vertex",
        found_rows,
        params={"count": counts, "value": counts},
        xy=(xs, ys),
    )


def _union_find(n: int, left, right) -> np.ndarray:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(left)), (left, right)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def check_network(
    metric, state, schema, log, index, levels=None, names=None, progress=lambda f: None
) -> None:
    rows = np.flatnonzero(state.present & ~state.crs_bad & state.valid)
    if rows.size < 2:
        return
    from .quality_spatial import bbox_pairs

    lines = metric.geoms[rows]
    series = compat.geo_series(lines)
    left, right = bbox_pairs(metric.bounds[rows], min_overlap_area=-1.0)  # boxes that touch
    meet = compat.intersects_pairwise(lines[left], lines[right])
    left, right = left[meet], right[meet]
    progress(0.3)

    # fragments: connected components of intersecting lines
    labels = _union_find(rows.size, left, right)
    lengths = series.length.to_numpy(dtype=float)
    totals = np.bincount(labels, weights=lengths)
    share = float(schema.topology.get("fragment_max_share", 0.05))
    if totals.size > 1:
        main = int(np.argmax(totals))
        small = (totals < share * totals.sum()) & (np.arange(totals.size) != main)
        members = np.flatnonzero(small[labels])
        if members.size:
            log.add(
                "network.fragment",
                rows[members],
                params={
                    "value": np.round(totals[labels[members]], 1),
                    "count": np.bincount(labels)[labels[members]],
                },
            )
    progress(0.5)

    # lines meeting at a point that is not a vertex of both (crossing or T without a node)
    vertex_sets = {}

    def vertices(k):
        if k not in vertex_sets:
            vertex_sets[k] = {tuple(c) for c in compat.coordinates_with_index([lines[k]])[0]}
        return vertex_sets[k]

    crossing_a, crossing_b, points = [], [], []
    for a, b in zip(left, right):
        meeting = lines[a].intersection(lines[b])
        for point in getattr(meeting, "geoms", [meeting]):
            if point.geom_type != "Point" or point.is_empty:
                continue
            key = (point.x, point.y)
            if key not in vertices(a) or key not in vertices(b):
                crossing_a.append(a)
                crossing_b.append(b)
                points.append(key)
                break
    if crossing_a:
        level_values = None if levels is None else np.asarray(levels, dtype=object)[rows]
        flagged, others, details, details_zh, xs, ys = [], [], [], [], [], []
        for a, b, point in zip(crossing_a, crossing_b, points):
            la = None if level_values is None else level_values[a]
            lb = None if level_values is None else level_values[b]
            # the feature reported is the raised one (bridge) when levels are known
            chosen, other = (a, b) if _level(la) >= _level(lb) else (b, a)
            if la is not None and lb is not None and _level(la) != _level(lb):
                details.append(f"levels {la} and {lb}: a bridge or tunnel? confirm")
                details_zh.append(f"层级为 {la} 与 {lb}：是否为桥梁或隧道？请确认")
            else:
                details.append("same level: a junction node is missing")
                details_zh.append("同一层级：缺少交叉口节点")
            flagged.append(rows[chosen])
            others.append(index[rows[other]])
            xs.append(point[0])
            ys.append(point[1])
        x_in, y_in = metric.to_input(xs, ys)
        log.add(
            "network.crossing",
            flagged,
            params={"other": others, "detail": details, "detail_zh": details_zh},
            xy=(x_in, y_in),
            related=others,
        )
    progress(0.8)

    # reversed digitising within named roads
    if names is None:
        return
    name_values = np.asarray(names, dtype=object)[rows]
    xy, part_of_vertex, owner = compat.line_parts_coordinates(lines)
    if owner.size == 0:
        return
    firsts = np.searchsorted(part_of_vertex, np.arange(owner.size), side="left")
    lasts = np.searchsorted(part_of_vertex, np.arange(owner.size), side="right") - 1
    start = np.full((rows.size, 2), np.nan)
    end = np.full((rows.size, 2), np.nan)
    # first part's start and last part's end of each line
    for part in range(owner.size - 1, -1, -1):
        start[owner[part]] = xy[firsts[part]]
    for part in range(owner.size):
        end[owner[part]] = xy[lasts[part]]
    flagged, others = [], []
    import pandas as pd

    frame = pd.DataFrame({"name": name_values, "k": np.arange(rows.size)})
    for _name, group in frame.dropna(subset=["name"]).groupby("name"):
        members = group["k"].to_numpy()
        if members.size < 3:
            continue
        vectors = end[members] - start[members]
        norms = np.hypot(vectors[:, 0], vectors[:, 1])
        ok = np.isfinite(norms) & (norms > 0)
        if ok.sum() < 3:
            continue
        units = vectors[ok] / norms[ok, None]
        dominant = units.sum(axis=0)
        if np.hypot(*dominant) < 1e-9:
            continue
        starts = {tuple(np.round(start[k], 3)): [] for k in members}
        ends = {tuple(np.round(end[k], 3)): [] for k in members}
        for k in members:
            starts.setdefault(tuple(np.round(start[k], 3)), []).append(k)
            ends.setdefault(tuple(np.round(end[k], 3)), []).append(k)
        for k, unit in zip(members[ok], units):
            if float(unit @ dominant) >= 0:
                continue
            head = [j for j in starts.get(tuple(np.round(start[k], 3)), []) if j != k]
            tail = [j for j in ends.get(tuple(np.round(end[k], 3)), []) if j != k]
            if head or tail:
                flagged.append(rows[k])
                others.append(index[rows[(head or tail)[0]]])
    if flagged:
        log.add("network.reversed", flagged, params={"other": others}, related=others)


def _level(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
