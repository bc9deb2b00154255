"""Walking networks: graph building, snapping, bounded multi-source shortest paths.

No QGIS here: plain GeoDataFrames and numpy arrays in, numpy arrays / DataFrames out. Every
distance is in metres. The graph is built once and reused for every origin, band and query.

Engine API (stable; other tools build on it)
--------------------------------------------
::

    net = build_network(lines, snap_tolerance_m=0.5, split_crossings=False,
                        exclude=None, ellipsoidal=False, levels=None, lines_crs=None)
    snapped = net.snap_points(points_xy, max_snap_m=200.0)          # -> Snapped
    nd = net.distances_from(sources, cutoff_m=None)                 # -> NodeDistances
    dist_m, source = net.distances_to(nd, targets)                  # cost at snapped points
    dist_m, facility = net.nearest(demand, facilities, cutoff_m=None)
    od = net.od_matrix(origins, destinations, cutoff_m)             # long DataFrame
    for rows, matrix in net.iter_node_distances(sources, cutoff_m): ...  # one row per source

* ``lines``: a GeoDataFrame (or GeoSeries / sequence of shapely lines, or a sequence / Series of
  WKB bytes with ``lines_crs``: the fast path for large layers) in a **metric** CRS.
  LineString, MultiLineString and collections of lines are used; anything else is reported in
  ``net.skipped`` (DataFrame ``feature``, ``reason``: ``no_geometry`` | ``empty_geometry`` |
  ``not_a_line`` | ``non_finite``, ``geometry_type``), never dropped silently. ``exclude`` is a
  boolean Series/array (True = not walkable, e.g. expressways) aligned with ``lines``; the
  excluded count is ``net.excluded_count``.
* The graph follows QGIS's network director: every vertex is a graph node and vertices closer
  than ``snap_tolerance_m`` are merged (so lines join where they share a vertex, not where they
  merely cross: a bridge stays a bridge). ``split_crossings=True`` also nodes lines where they
  cross (within the same ``levels`` value when ``levels`` is given). Duplicate vertices give no
  zero-length edges; the direction of digitising does not matter (walking is two-way).
* ``ellipsoidal=True`` measures each segment on the ellipsoid of ``lines.crs`` (use it when the
  user's data were geographic, e.g. EPSG:4490, and were projected for the analysis); otherwise
  segment lengths are planar in the metric CRS.
* ``Snapped`` (from :meth:`WalkNetwork.snap_points`): per point ``segment`` (-1 when it failed),
  ``position_m`` along the segment from its first node, ``offset_m`` (straight distance from the
  point to the network), ``xy`` of the snapped position and ``ok``. Points farther than
  ``max_snap_m`` from any segment, or with NaN coordinates, fail: they get ``ok=False`` and
  infinite distances everywhere, and callers report ``(~ok).sum()``.
* Costs from or to a snapped point include its offset (the straight walk from the point to the
  road) unless ``include_offsets=False`` is passed. A point's own segment is walked directly
  (two points on the same segment are ``|position_a - position_b|`` apart along it).
* ``cutoff_m``: costs above it are ``inf`` (``np.inf``), and the search stops there: this is what
  keeps 1,000 origins fast.
* ``NodeDistances``: ``node_m`` (N,) cost of each graph node (inf beyond cutoff / unreachable),
  ``source`` (N,) index of the nearest source (-1 where unreached), plus the sources and cutoff.
* ``od_matrix`` returns a DataFrame ``origin``, ``destination`` (positions in the inputs) and
  ``cost_m`` for every pair within ``cutoff_m`` (all reachable pairs when ``cutoff_m`` is None),
  sorted by origin then cost.

Partial edges at a catchment boundary are computed in :mod:`.lifecircles` from ``NodeDistances``
with :func:`reached_intervals` (``segment``, ``start_m``, ``end_m`` per reached stretch) and
:func:`interval_geometry_xy`; :func:`anchor_points` turns points / polygons (or their WKB) into
the (n, 2) coordinates to snap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse import csgraph
from scipy.spatial import cKDTree

from . import compat
from .errors import CancelCallback, InputError, ProgressCallback, check_cancel, never_cancelled, no_progress

MIN_EDGE_M = 0.0  # csgraph keeps explicit zeros of a CSR matrix as zero-cost edges
ROWS_BUDGET = 4.0e6  # floats per block of one-row-per-source Dijkstra output (~32 MB)


# -- results ---------------------------------------------------------------------------------
@dataclass
class Snapped:
    """Points snapped onto the nearest segment of a :class:`WalkNetwork`."""

    segment: np.ndarray  # (n,) int, -1 where snapping failed
    position_m: np.ndarray  # (n,) metres along the segment from its first node (network units)
    offset_m: np.ndarray  # (n,) straight distance from the point to the network (inf if failed)
    xy: np.ndarray  # (n, 2) snapped coordinates (NaN if failed)
    max_snap_m: float = 200.0

    @property
    def ok(self) -> np.ndarray:
        return self.segment >= 0

    def __len__(self) -> int:
        return len(self.segment)

    @property
    def failed_count(self) -> int:
        return int((~self.ok).sum())

    def subset(self, rows) -> Snapped:
        rows = np.asarray(rows)
        return Snapped(
            self.segment[rows], self.position_m[rows], self.offset_m[rows], self.xy[rows], self.max_snap_m
        )


@dataclass
class NodeDistances:
    """Bounded multi-source shortest-path result on the nodes of a network."""

    node_m: np.ndarray  # (N,) cost of every node, inf beyond the cutoff
    source: np.ndarray  # (N,) index (in ``sources``) of the nearest source, -1 where unreached
    sources: Snapped
    cutoff_m: float  # np.inf when unbounded
    include_offsets: bool = True


@dataclass
class WalkNetwork:
    """An undirected walking graph whose edges are straight segments of the input lines."""

    node_xy: np.ndarray  # (N, 2)
    seg_u: np.ndarray  # (E,) first node of each segment
    seg_v: np.ndarray  # (E,) second node
    seg_len_m: np.ndarray  # (E,) length in metres (planar or ellipsoidal)
    seg_feature: np.ndarray  # (E,) index label of the input feature each segment comes from
    crs: object = None
    skipped: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame({"feature": [], "reason": [], "geometry_type": []})
    )
    excluded_count: int = 0
    ellipsoidal: bool = False
    _graph: Optional[sparse.csr_matrix] = field(default=None, repr=False)
    _node_segments: Optional[sparse.csr_matrix] = field(default=None, repr=False)
    _index: dict = field(default_factory=dict, repr=False)
    _components: Optional[np.ndarray] = field(default=None, repr=False)

    # -- basic facts ----------------------------------------------------------------------
    @property
    def node_count(self) -> int:
        return len(self.node_xy)

    @property
    def segment_count(self) -> int:
        return len(self.seg_u)

    @property
    def total_length_m(self) -> float:
        return float(self.seg_len_m.sum())

    @property
    def graph(self) -> sparse.csr_matrix:
        """Symmetric (N, N) CSR of edge costs (the shortest of parallel segments)."""
        if self._graph is None:
            self._graph = _graph_matrix(self.node_count, self.seg_u, self.seg_v, self.seg_len_m)
        return self._graph

    @property
    def node_segments(self) -> sparse.csr_matrix:
        """(N, E) incidence: row n lists the segments touching node n."""
        if self._node_segments is None:
            e = np.arange(self.segment_count)
            rows = np.concatenate([self.seg_u, self.seg_v])
            cols = np.concatenate([e, e])
            self._node_segments = sparse.csr_matrix(
                (np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(self.node_count, self.segment_count)
            )
        return self._node_segments

    @property
    def node_component(self) -> np.ndarray:
        """(N,) connected-component label of every node."""
        if self._components is None:
            _, labels = csgraph.connected_components(self.graph, directed=False)
            self._components = labels
        return self._components

    def component_length_m(self) -> np.ndarray:
        """Total segment length of each connected component (indexed by component label)."""
        labels = self.node_component[self.seg_u]
        return np.bincount(
            labels, weights=self.seg_len_m, minlength=int(self.node_component.max(initial=-1)) + 1
        )

    def segment_xy(self, segments=None):
        """(start (n, 2), end (n, 2)) coordinates of ``segments`` (all when None)."""
        segments = np.arange(self.segment_count) if segments is None else np.asarray(segments)
        return self.node_xy[self.seg_u[segments]], self.node_xy[self.seg_v[segments]]

    # -- snapping ----------------------------------------------------------------------------
    def snap_points(self, points_xy, max_snap_m: float = 200.0, min_component_m: float = 0.0) -> Snapped:
        """Snap (n, 2) points to the nearest point of the nearest segment.

        ``min_component_m`` > 0 ignores connected pieces of network shorter than that (stray
        fragments), so a point next to a fragment snaps to the real network instead.
        """
        points = np.asarray(points_xy, dtype=float).reshape(-1, 2)
        n = len(points)
        segment = np.full(n, -1, dtype=np.int64)
        position = np.full(n, np.nan)
        offset = np.full(n, np.inf)
        snapped_xy = np.full((n, 2), np.nan)
        finite = np.isfinite(points).all(axis=1)
        index = self._segment_index(min_component_m)
        if index is None or not finite.any():
            return Snapped(segment, position, offset, snapped_xy, max_snap_m)
        tree, piece_segment, half_piece = index
        rows = np.flatnonzero(finite)
        nearest_piece_m, _ = tree.query(points[rows], k=1)
        # the nearest segment is no farther than the nearest piece midpoint; a segment whose
        # distance is at most that has a piece midpoint within it + half a piece
        possible = nearest_piece_m - half_piece <= max_snap_m
        rows = rows[possible]
        if len(rows):
            radius = np.minimum(nearest_piece_m[possible], max_snap_m) + half_piece + 1e-9
            candidates = tree.query_ball_point(points[rows], radius)
            counts = np.fromiter((len(c) for c in candidates), dtype=np.int64, count=len(rows))
            point_row = np.repeat(rows, counts)
            seg = piece_segment[np.concatenate([np.asarray(c, dtype=np.int64) for c in candidates])]
            # several pieces of one segment: evaluate each (point, segment) once
            pairs = np.unique(np.stack([point_row, seg], axis=1), axis=0)
            point_row, seg = pairs[:, 0], pairs[:, 1]
            a, b = self.segment_xy(seg)
            p = points[point_row]
            ab = b - a
            ab2 = (ab * ab).sum(axis=1)
            t = np.where(ab2 > 0, ((p - a) * ab).sum(axis=1) / np.where(ab2 > 0, ab2, 1.0), 0.0)
            t = np.clip(t, 0.0, 1.0)
            foot = a + t[:, None] * ab
            d = np.hypot(*(p - foot).T)
            order = np.lexsort((seg, d, point_row))  # per point: nearest, then lowest segment id
            first = order[np.r_[True, point_row[order][1:] != point_row[order][:-1]]]
            good = first[d[first] <= max_snap_m]
            r = point_row[good]
            segment[r] = seg[good]
            position[r] = t[good] * self.seg_len_m[seg[good]]
            offset[r] = d[good]
            snapped_xy[r] = foot[good]
        return Snapped(segment, position, offset, snapped_xy, max_snap_m)

    def _segment_index(self, min_component_m: float):
        key = float(min_component_m)
        if key in self._index:
            return self._index[key]
        segments = np.arange(self.segment_count)
        if min_component_m > 0 and self.segment_count:
            big = self.component_length_m() >= min_component_m
            segments = segments[big[self.node_component[self.seg_u]]]
        if len(segments) == 0:
            self._index[key] = None
            return None
        a, b = self.segment_xy(segments)
        planar = np.hypot(*(b - a).T)
        piece_m = max(float(np.median(planar)), 1.0) if len(planar) else 1.0
        pieces = np.maximum(np.ceil(planar / piece_m).astype(np.int64), 1)
        owner = np.repeat(np.arange(len(segments)), pieces)
        first = np.repeat(np.cumsum(pieces) - pieces, pieces)
        k = np.arange(len(owner)) - first
        frac = (k + 0.5) / pieces[owner]
        mid = a[owner] + frac[:, None] * (b - a)[owner]
        half_piece = float((planar / pieces).max()) / 2.0
        result = (cKDTree(mid), segments[owner], half_piece)
        self._index[key] = result
        return result

    # -- shortest paths ----------------------------------------------------------------------
    def _augmented(self, sources: Snapped, include_offsets: bool):
        """Graph plus one virtual node per usable source (outgoing edges only) -> (graph, rows)."""
        usable = np.flatnonzero(sources.ok)
        seg = sources.segment[usable]
        pos = sources.position_m[usable]
        base = sources.offset_m[usable] if include_offsets else np.zeros(len(usable))
        length = self.seg_len_m[seg]
        n = self.node_count
        virtual = n + np.arange(len(usable))
        rows = np.concatenate([virtual, virtual])
        cols = np.concatenate([self.seg_u[seg], self.seg_v[seg]])
        costs = np.concatenate([base + pos, base + (length - pos)])
        graph = self.graph
        g = graph.tocoo()
        matrix = _csr_min(
            np.concatenate([g.row, rows]),
            np.concatenate([g.col, cols]),
            np.concatenate([g.data, np.maximum(costs, MIN_EDGE_M)]),
            n + len(usable),
        )
        return matrix, usable

    def distances_from(
        self,
        sources: Snapped,
        cutoff_m: Optional[float] = None,
        include_offsets: bool = True,
    ) -> NodeDistances:
        """Cost of every node from the nearest of ``sources`` (one multi-source Dijkstra)."""
        cutoff = np.inf if cutoff_m is None else float(cutoff_m)
        node_m = np.full(self.node_count, np.inf)
        source = np.full(self.node_count, -1, dtype=np.int64)
        matrix, usable = self._augmented(sources, include_offsets)
        if len(usable) and self.node_count:
            dist, _, src = csgraph.dijkstra(
                matrix,
                directed=True,
                indices=self.node_count + np.arange(len(usable)),
                min_only=True,
                return_predecessors=True,
                limit=cutoff,
            )
            node_m = dist[: self.node_count]
            reached = np.isfinite(node_m) & (src[: self.node_count] >= 0)
            source[reached] = usable[src[: self.node_count][reached] - self.node_count]
            node_m = np.where(reached, node_m, np.inf)
        return NodeDistances(node_m, source, sources, cutoff, include_offsets)

    def iter_node_distances(
        self,
        sources: Snapped,
        cutoff_m: Optional[float] = None,
        include_offsets: bool = True,
        progress: ProgressCallback = no_progress,
        cancelled: CancelCallback = never_cancelled,
    ) -> Iterator[tuple]:
        """One Dijkstra per source, in blocks: yields ``(source_rows, matrix)`` where
        ``matrix[i]`` is the (N,) node cost from source ``source_rows[i]`` (failed sources are
        skipped: they reach nothing)."""
        cutoff = np.inf if cutoff_m is None else float(cutoff_m)
        matrix, usable = self._augmented(sources, include_offsets)
        if not len(usable):
            return
        width = matrix.shape[0]
        block = int(max(1, min(len(usable), ROWS_BUDGET // max(width, 1))))
        for start in range(0, len(usable), block):
            check_cancel(cancelled)
            rows = np.arange(start, min(start + block, len(usable)))
            dist = csgraph.dijkstra(matrix, directed=True, indices=self.node_count + rows, limit=cutoff)
            yield usable[rows], dist[:, : self.node_count]
            progress(min(1.0, (start + len(rows)) / len(usable)))

    def distances_to(self, node_distances: NodeDistances, targets: Snapped, include_offsets: bool = True):
        """Cost (and nearest source) at snapped ``targets`` given node costs.

        Returns ``(cost_m, source)``: inf / -1 where unreachable within the cutoff or where the
        target failed snapping.
        """
        nd = node_distances
        return self._costs_at(
            nd.node_m[None, :],
            nd.source[None, :],
            targets,
            nd.sources,
            nd.cutoff_m,
            include_offsets,
            same_edge_sources=np.arange(len(nd.sources)),
            include_source_offsets=nd.include_offsets,
        )

    def _costs_at(
        self,
        node_m,
        node_source,
        targets,
        sources,
        cutoff,
        include_offsets,
        same_edge_sources,
        include_source_offsets,
    ):
        """Costs at targets for each row of ``node_m`` (rows, N) -> (rows, n_targets).

        ``node_source`` (rows, N) gives the source index behind each node cost, or None when each
        row is one source (``same_edge_sources[row]``). Direct walks along a shared segment are
        considered for the sources listed in ``same_edge_sources``.
        """
        rows = node_m.shape[0]
        n = len(targets)
        cost = np.full((rows, n), np.inf)
        src = np.full((rows, n), -1, dtype=np.int64)
        ok = np.flatnonzero(targets.ok)
        if len(ok):
            seg = targets.segment[ok]
            pos = targets.position_m[ok]
            length = self.seg_len_m[seg]
            exit_m = targets.offset_m[ok] if include_offsets else np.zeros(len(ok))
            via_u = node_m[:, self.seg_u[seg]] + pos
            via_v = node_m[:, self.seg_v[seg]] + (length - pos)
            use_v = via_v < via_u
            best = np.where(use_v, via_v, via_u) + exit_m
            cost[:, ok] = best
            if node_source is not None:
                su = node_source[:, self.seg_u[seg]]
                sv = node_source[:, self.seg_v[seg]]
                src[:, ok] = np.where(use_v, sv, su)
            else:
                src[:, ok] = np.where(np.isfinite(best), same_edge_sources[:, None], -1)
            # direct walks along a shared segment
            s_rows = np.asarray(same_edge_sources)
            s_ok = sources.ok[s_rows]
            if s_ok.any():
                left = pd.DataFrame({"k": np.flatnonzero(s_ok), "seg": sources.segment[s_rows[s_ok]]})
                right = pd.DataFrame({"tcol": np.arange(len(ok)), "seg": seg})
                pairs = left.merge(right, on="seg")
                if len(pairs):
                    k = pairs["k"].to_numpy()
                    tcol = pairs["tcol"].to_numpy()
                    s_index = s_rows[k]
                    entry = sources.offset_m[s_index] if include_source_offsets else 0.0
                    direct = entry + np.abs(sources.position_m[s_index] - pos[tcol]) + exit_m[tcol]
                    row = np.zeros(len(k), dtype=np.int64) if node_source is not None else k
                    frame = pd.DataFrame({"row": row, "col": ok[tcol], "d": direct, "s": s_index})
                    frame = frame.sort_values("d", kind="stable").drop_duplicates(["row", "col"])
                    r, c, d = frame["row"].to_numpy(), frame["col"].to_numpy(), frame["d"].to_numpy()
                    better = d < cost[r, c]
                    cost[r[better], c[better]] = d[better]
                    src[r[better], c[better]] = frame["s"].to_numpy()[better]
        beyond = ~(cost <= cutoff)
        cost[beyond] = np.inf
        src[beyond] = -1
        return cost, src

    # -- the questions tools ask ---------------------------------------------------------------
    def nearest(
        self,
        demand: Snapped,
        facilities: Snapped,
        cutoff_m: Optional[float] = None,
        include_offsets: bool = True,
    ):
        """Network cost from each demand point to its nearest facility: ``(cost_m, facility)``.

        One multi-source search from all facilities (walking is symmetric). ``facility`` is the
        position in ``facilities``; inf / -1 beyond ``cutoff_m``, unreachable or failed snaps.
        """
        nd = self.distances_from(facilities, cutoff_m, include_offsets)
        cost, source = self.distances_to(nd, demand, include_offsets)
        return cost[0], source[0]

    def od_matrix(
        self,
        origins: Snapped,
        destinations: Snapped,
        cutoff_m: Optional[float] = None,
        include_offsets: bool = True,
        progress: ProgressCallback = no_progress,
        cancelled: CancelCallback = never_cancelled,
    ) -> pd.DataFrame:
        """Every origin-destination pair within ``cutoff_m``: DataFrame origin, destination, cost_m."""
        cutoff = np.inf if cutoff_m is None else float(cutoff_m)
        parts = []
        for rows, node_m in self.iter_node_distances(origins, cutoff, include_offsets, progress, cancelled):
            cost, _ = self._costs_at(
                node_m,
                None,
                destinations,
                origins,
                cutoff,
                include_offsets,
                same_edge_sources=rows,
                include_source_offsets=include_offsets,
            )
            i, j = np.nonzero(np.isfinite(cost))
            parts.append(pd.DataFrame({"origin": rows[i], "destination": j, "cost_m": cost[i, j]}))
        if not parts:
            return pd.DataFrame(
                {
                    "origin": np.zeros(0, dtype=np.int64),
                    "destination": np.zeros(0, dtype=np.int64),
                    "cost_m": np.zeros(0),
                }
            )
        od = pd.concat(parts, ignore_index=True)
        return od.sort_values(["origin", "cost_m", "destination"], kind="stable").reset_index(drop=True)


# -- building ---------------------------------------------------------------------------------
def _csr_min(rows, cols, data, size) -> sparse.csr_matrix:
    """CSR with the minimum of duplicate entries (coo->csr would sum them)."""
    if len(rows) == 0:
        return sparse.csr_matrix((size, size))
    order = np.lexsort((data, cols, rows))
    rows, cols, data = rows[order], cols[order], data[order]
    first = np.r_[True, (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])]
    return sparse.csr_matrix((data[first], (rows[first], cols[first])), shape=(size, size))


def _graph_matrix(n, u, v, length) -> sparse.csr_matrix:
    w = np.maximum(length, MIN_EDGE_M)
    return _csr_min(np.concatenate([u, v]), np.concatenate([v, u]), np.concatenate([w, w]), n)


def _geometries_and_labels(lines):
    if hasattr(lines, "geometry"):
        return compat.object_array(lines.geometry), np.asarray(lines.index), getattr(lines, "crs", None)
    if isinstance(lines, pd.Series):
        return compat.object_array(lines), np.asarray(lines.index), None
    geoms = compat.object_array(lines)
    return geoms, np.arange(len(geoms)), getattr(lines, "crs", None)


def _shapely(geoms) -> np.ndarray:
    """Shapely geometries of ``geoms`` (WKB bytes are parsed; geometries pass through)."""
    if any(isinstance(g, (bytes, bytearray)) for g in geoms):
        return compat.from_wkb([bytes(g) if isinstance(g, (bytes, bytearray)) else None for g in geoms])
    return geoms


def _node_lines(geoms, levels):
    """Lines noded at every crossing (within each level when ``levels`` is given)."""
    from shapely.ops import unary_union

    groups = (
        {None: np.arange(len(geoms))}
        if levels is None
        else pd.Series(np.arange(len(geoms)))
        .groupby(pd.Series(np.asarray(levels)).fillna(-9999).to_numpy())
        .indices
    )
    out, owner = [], []
    for _, rows in groups.items():
        valid = [geoms[i] for i in rows if geoms[i] is not None and not geoms[i].is_empty]
        if not valid:
            continue
        noded = unary_union(valid)
        parts = list(noded.geoms) if hasattr(noded, "geoms") else [noded]
        # attribute each noded piece back to the feature it lies on (for reporting only)
        xy = compat.surface_points_xy(parts)
        labels = _owner_of_pieces(xy, [geoms[i] for i in rows], rows)
        out.extend(parts)
        owner.extend(labels)
    return out, np.asarray(owner, dtype=np.int64)


def _owner_of_pieces(xy, geoms, rows):
    """The feature (from ``rows``) each noded piece lies on, found by snapping a point of it."""
    plain = build_network(compat.object_array(geoms), snap_tolerance_m=0.0)
    snapped = plain.snap_points(np.asarray(xy, dtype=float), max_snap_m=1.0)
    owner = np.full(len(xy), rows[0], dtype=np.int64)
    ok = snapped.ok
    owner[ok] = np.asarray(rows)[plain.seg_feature[snapped.segment[ok]].astype(np.int64)]
    return owner.tolist()


def _ellipsoidal_lengths(a_xy, b_xy, crs) -> np.ndarray:
    from pyproj import CRS, Geod, Transformer

    if crs is None:
        raise InputError(detail="ellipsoidal lengths need the CRS of the lines")
    source = CRS.from_user_input(crs)
    geodetic = source.geodetic_crs
    transformer = Transformer.from_crs(source, geodetic, always_xy=True)
    lon1, lat1 = transformer.transform(a_xy[:, 0], a_xy[:, 1])
    lon2, lat2 = transformer.transform(b_xy[:, 0], b_xy[:, 1])
    ellipsoid = geodetic.ellipsoid
    geod = Geod(a=ellipsoid.semi_major_metre, rf=ellipsoid.inverse_flattening)
    _, _, dist = geod.inv(lon1, lat1, lon2, lat2)
    return np.asarray(dist, dtype=float)


def build_network(
    lines,
    snap_tolerance_m: float = 0.5,
    split_crossings: bool = False,
    exclude=None,
    ellipsoidal: bool = False,
    levels=None,
    layer: str = "roads",
    lines_crs=None,
    progress: ProgressCallback = no_progress,
    cancelled: CancelCallback = never_cancelled,
) -> WalkNetwork:
    """Build the walking graph of ``lines`` (see the module docstring).

    ``lines`` may also be a sequence / Series of WKB bytes (fast path for large layers); give
    their CRS as ``lines_crs`` then (needed for ``ellipsoidal``).
    """
    geoms, labels, crs = _geometries_and_labels(lines)
    crs = crs if crs is not None else lines_crs
    if crs is not None:
        try:
            from pyproj import CRS

            if CRS.from_user_input(crs).is_geographic:
                raise InputError(
                    code="network_geographic_crs",
                    template="The road layer {layer} must be in a metric CRS, not a geographic one",
                    layer=layer,
                )
        except InputError:
            raise
        except Exception:  # noqa: BLE001 - an unreadable CRS is the caller's business
            pass
    keep = np.ones(len(geoms), dtype=bool)
    if exclude is not None:
        excluded = np.asarray(
            pd.Series(exclude).fillna(False).astype(bool).to_numpy()
            if not isinstance(exclude, np.ndarray)
            else exclude,
            dtype=bool,
        )
        if len(excluded) != len(geoms):
            raise InputError(detail=f"exclude has {len(excluded)} values for {len(geoms)} roads")
        keep &= ~excluded
    excluded_count = int((~keep).sum())
    kept = np.flatnonzero(keep)
    check_cancel(cancelled)
    level_values = None if levels is None else np.asarray(levels)[kept]
    if split_crossings:
        pieces, owner_pos = _node_lines(_shapely(geoms[kept]), level_values)
        xy, part_of_vertex, owner_of_part = compat.line_parts_coordinates(pieces)
        owner_of_part = kept[owner_pos[owner_of_part]] if len(owner_of_part) else owner_of_part
    else:
        xy, part_of_vertex, owner_of_part = compat.line_parts_coordinates(geoms[kept])
        owner_of_part = kept[owner_of_part] if len(owner_of_part) else owner_of_part
    progress(0.3)
    # report what cannot be used
    has_part = np.zeros(len(geoms), dtype=bool)
    has_part[owner_of_part] = True
    bad = np.flatnonzero(keep & ~has_part)
    reasons, types = [], []
    for g in _shapely(geoms[bad]):
        if g is None:
            reasons.append("no_geometry")
            types.append("")
        elif g.is_empty:
            reasons.append("empty_geometry")
            types.append(g.geom_type)
        else:
            reasons.append("not_a_line")
            types.append(g.geom_type)
    skipped = pd.DataFrame({"feature": labels[bad], "reason": reasons, "geometry_type": types})
    # merge vertices closer than the tolerance into nodes
    if len(xy):
        finite = np.isfinite(xy).all(axis=1)
        if not finite.all():
            bad_parts = np.unique(part_of_vertex[~finite])
            skipped = pd.concat(
                [
                    skipped,
                    pd.DataFrame(
                        {
                            "feature": labels[owner_of_part[bad_parts]],
                            "reason": "non_finite",
                            "geometry_type": "",
                        }
                    ),
                ],
                ignore_index=True,
            )
            drop = np.isin(part_of_vertex, bad_parts)
            xy, part_of_vertex = xy[~drop], part_of_vertex[~drop]
    node_of_vertex, node_xy = _merge_vertices(xy, snap_tolerance_m)
    check_cancel(cancelled)
    progress(0.6)
    same_part = part_of_vertex[1:] == part_of_vertex[:-1]
    a = np.flatnonzero(same_part)
    u = node_of_vertex[a]
    v = node_of_vertex[a + 1]
    real = u != v
    u, v, a = u[real], v[real], a[real]
    seg_feature = labels[owner_of_part[part_of_vertex[a]]] if len(a) else labels[:0]
    if ellipsoidal and len(u):
        length = _ellipsoidal_lengths(node_xy[u], node_xy[v], crs)
    else:
        length = np.hypot(*(node_xy[v] - node_xy[u]).T) if len(u) else np.zeros(0)
    # nodes used by no segment (isolated vertices) are dropped and renumbered
    used = np.zeros(len(node_xy), dtype=bool)
    used[u] = True
    used[v] = True
    renumber = np.cumsum(used) - 1
    net = WalkNetwork(
        node_xy=node_xy[used],
        seg_u=renumber[u].astype(np.int64),
        seg_v=renumber[v].astype(np.int64),
        seg_len_m=np.asarray(length, dtype=float),
        seg_feature=np.asarray(seg_feature),
        crs=crs,
        skipped=skipped.reset_index(drop=True),
        excluded_count=excluded_count,
        ellipsoidal=bool(ellipsoidal),
    )
    progress(1.0)
    return net


def _merge_vertices(xy: np.ndarray, tolerance_m: float):
    """(node of each vertex, node coordinates): vertices within ``tolerance_m`` become one node
    (transitively), placed at the first vertex of the cluster."""
    if len(xy) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 2))
    if tolerance_m > 0:
        pairs = cKDTree(xy).query_pairs(tolerance_m, output_type="ndarray")
        m = len(xy)
        adjacency = sparse.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(m, m))
        _, cluster = csgraph.connected_components(adjacency, directed=False)
    else:
        _, cluster = np.unique(xy, axis=0, return_inverse=True)
        cluster = cluster.ravel()
    _, first, node_of_vertex = np.unique(cluster, return_index=True, return_inverse=True)
    return node_of_vertex.ravel().astype(np.int64), xy[first]


# -- partial edges ------------------------------------------------------------------------------
def reached_intervals(
    net: WalkNetwork,
    node_m: np.ndarray,
    cutoff_m: float,
    sources: Optional[Snapped] = None,
    source_rows=None,
    include_offsets: bool = True,
) -> pd.DataFrame:
    """The parts of segments reachable within ``cutoff_m``, merged per segment.

    ``node_m`` (N,) node costs (e.g. ``NodeDistances.node_m`` or a row of
    :meth:`WalkNetwork.iter_node_distances`). ``sources`` / ``source_rows``: the sources behind
    those costs, whose own segments are walked from the snapped position in both directions.
    Returns a DataFrame ``segment``, ``start_m``, ``end_m`` (metres from the segment's first
    node; one row per disjoint reached piece), the same partial-edge rule as QGIS service area:
    from a node with cost c the walk goes ``cutoff - c`` metres into each of its segments.
    """
    cutoff = float(cutoff_m)
    du = node_m[net.seg_u]
    dv = node_m[net.seg_v]
    length = net.seg_len_m
    seg_parts, starts, ends = [], [], []
    from_u = np.flatnonzero(du <= cutoff)
    seg_parts.append(from_u)
    starts.append(np.zeros(len(from_u)))
    ends.append(np.minimum(length[from_u], cutoff - du[from_u]))
    from_v = np.flatnonzero(dv <= cutoff)
    seg_parts.append(from_v)
    starts.append(np.maximum(0.0, length[from_v] - (cutoff - dv[from_v])))
    ends.append(length[from_v])
    if sources is not None:
        rows = np.arange(len(sources)) if source_rows is None else np.atleast_1d(np.asarray(source_rows))
        rows = rows[sources.ok[rows]]
        entry = sources.offset_m[rows] if include_offsets else np.zeros(len(rows))
        left = cutoff - entry
        rows, left = rows[left >= 0], left[left >= 0]
        seg = sources.segment[rows]
        pos = sources.position_m[rows]
        seg_parts.append(seg)
        starts.append(np.maximum(0.0, pos - left))
        ends.append(np.minimum(length[seg], pos + left))
    return merge_intervals(np.concatenate(seg_parts), np.concatenate(starts), np.concatenate(ends))


def merge_intervals(segment, start, end) -> pd.DataFrame:
    """Union of intervals per segment -> DataFrame segment, start_m, end_m (disjoint, sorted)."""
    segment, start, end = merge_interval_arrays(segment, start, end)
    return pd.DataFrame({"segment": segment, "start_m": start, "end_m": end})


def merge_interval_arrays(segment, start, end):
    """:func:`merge_intervals` on plain arrays: ``(segment, start_m, end_m)``."""
    segment = np.asarray(segment, dtype=np.int64)
    start = np.asarray(start, dtype=float)
    end = np.asarray(end, dtype=float)
    if len(segment) == 0:
        return segment, start, end
    order = np.lexsort((start, segment))
    segment, start, end = segment[order], start[order], end[order]
    new_segment = np.empty(len(segment), dtype=bool)
    new_segment[0] = True
    np.not_equal(segment[1:], segment[:-1], out=new_segment[1:])
    # running maximum of end within each segment group (groups offset so they never mix)
    group = np.cumsum(new_segment) - 1
    shift = group * ((end.max() - start.min() + 1.0) * 2.0)
    running = np.maximum.accumulate(end + shift) - shift
    starts_new = new_segment.copy()
    starts_new[1:] |= start[1:] > running[:-1]
    out_start = start[starts_new]
    # the end of each merged block is the running maximum at its last member
    last = np.empty(len(segment), dtype=bool)
    last[-1] = True
    last[:-1] = starts_new[1:]
    out_end = np.maximum(running[last], out_start)
    return segment[starts_new], out_start, out_end


def _interval_arrays(intervals):
    if isinstance(intervals, pd.DataFrame):
        return (
            intervals["segment"].to_numpy(),
            intervals["start_m"].to_numpy(dtype=float),
            intervals["end_m"].to_numpy(dtype=float),
        )
    return intervals


def interval_geometry_xy(net: WalkNetwork, intervals):
    """(start (n, 2), end (n, 2)) coordinates of reached pieces from :func:`reached_intervals`
    (a DataFrame or a ``(segment, start_m, end_m)`` tuple of arrays)."""
    seg, start, end = _interval_arrays(intervals)
    a, b = net.segment_xy(seg)
    length = np.where(net.seg_len_m[seg] > 0, net.seg_len_m[seg], 1.0)
    f0 = (start / length)[:, None]
    f1 = (end / length)[:, None]
    return a + f0 * (b - a), a + f1 * (b - a)


def anchor_points(geometries) -> np.ndarray:
    """(n, 2) snap anchors of points or polygons (a point on the surface); NaN for missing."""
    return compat.surface_points_xy(geometries)
