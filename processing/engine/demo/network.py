"""A road graph for the demo generator and its tests (plain numpy / scipy, no QGIS).

Nodes are the distinct vertex coordinates of the lines (rounded to ``snap_m``); every pair of
consecutive vertices is an undirected edge weighted by its length. Zero-length edges (duplicate
consecutive vertices) are skipped; parallel edges keep the shortest.
"""

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra


@dataclass
class RoadGraph:
    nodes_xy: np.ndarray  # (n, 2)
    matrix: csr_matrix  # symmetric, weights in metres

    def nearest_node(self, xy) -> np.ndarray:
        """Index of the nearest node for each point in ``xy`` (m, 2)."""
        tree = self.__dict__.get("_tree")
        if tree is None:
            from scipy.spatial import cKDTree

            tree = self.__dict__["_tree"] = cKDTree(self.nodes_xy)
        _, index = tree.query(np.asarray(xy, dtype=float).reshape(-1, 2))
        return index

    def distances_m(self, sources, limit_m=np.inf) -> np.ndarray:
        """Network distances (len(sources), n_nodes) from node indices ``sources``."""
        return dijkstra(self.matrix, directed=False, indices=np.asarray(sources), limit=limit_m)

    def degrees(self) -> np.ndarray:
        return np.diff(self.matrix.indptr)


def build_graph(line_coords, snap_m: float = 1e-3) -> RoadGraph:
    """Graph of the lines given as a sequence of (k, 2) coordinate arrays."""
    starts, ends = [], []
    for coords in line_coords:
        xy = np.asarray(coords, dtype=float)
        if len(xy) < 2:
            continue
        starts.append(xy[:-1])
        ends.append(xy[1:])
    a = np.concatenate(starts)
    b = np.concatenate(ends)
    keys = np.round(np.concatenate([a, b]) / snap_m).astype(np.int64)
    unique, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    ia, ib = inverse[: len(a)], inverse[len(a) :]
    length = np.hypot(*(b - a).T)
    keep = (ia != ib) & (length > 0)
    ia, ib, length = ia[keep], ib[keep], length[keep]
    lo, hi = np.minimum(ia, ib), np.maximum(ia, ib)
    order = np.lexsort((length, hi, lo))
    lo, hi, length = lo[order], hi[order], length[order]
    first = np.ones(len(lo), dtype=bool)
    first[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
    lo, hi, length = lo[first], hi[first], length[first]
    n = len(unique)
    rows = np.concatenate([lo, hi])
    cols = np.concatenate([hi, lo])
    data = np.concatenate([length, length])
    matrix = csr_matrix((data, (rows, cols)), shape=(n, n))
    return RoadGraph(nodes_xy=unique.astype(float) * snap_m, matrix=matrix)


def endpoint_degrees(line_coords, snap_m: float = 1e-3):
    """(endpoint keys, number of line ends at each): dead ends are endpoints used once
    and touched by no other line's vertex."""
    ends = []
    for coords in line_coords:
        xy = np.asarray(coords, dtype=float)
        ends.append(xy[0])
        ends.append(xy[-1])
    keys = np.round(np.asarray(ends) / snap_m).astype(np.int64)
    unique, counts = np.unique(keys, axis=0, return_counts=True)
    return unique.astype(float) * snap_m, counts
