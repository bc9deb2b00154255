"""Privacy of personal location data: k-anonymity suppression and grid generalisation.

The rule of the house: personal data (trajectories, home locations) leaves the engine only
aggregated, and any aggregate (cell, contour, statistic) built from fewer than ``k`` distinct
persons is suppressed. Individual-level output is opt-in, and even then home locations are
generalised to the centre of a grid cell unless exact positions are asked for explicitly.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from .errors import InputError

DEFAULT_K = 5


def check_k(k: int) -> int:
    k = int(k)
    if k < 1:
        raise InputError(code="bad_k", template="k-anonymity needs k >= 1 (got {k})", k=k)
    return k


def generalise_to_grid(x, y, cell_m: float, origin=(0.0, 0.0)):
    """Centres of the ``cell_m`` grid cells holding the points (grid anchored at ``origin``)."""
    if cell_m <= 0:
        raise InputError(
            code="bad_grid", template="Grid cell size must be positive (got {cell})", cell=cell_m
        )
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    gx = (np.floor((x - origin[0]) / cell_m) + 0.5) * cell_m + origin[0]
    gy = (np.floor((y - origin[1]) / cell_m) + 0.5) * cell_m + origin[1]
    return gx, gy


def suppressed(counts, k: int = DEFAULT_K) -> np.ndarray:
    """True where an aggregate of ``counts`` distinct persons must be suppressed (0 < count < k
    and also 0, which shows nothing anyway)."""
    return np.asarray(counts) < check_k(k)


def distinct_per_cell(shape, person, row, col, radius_cells: int = 0) -> np.ndarray:
    """Distinct persons per cell of a ``shape`` grid whose records lie within ``radius_cells``
    (Chebyshev distance, the support of a separable kernel) of the cell."""
    from scipy.ndimage import maximum_filter

    counts = np.zeros(shape, dtype=np.int32)
    person = np.asarray(person)
    row = np.asarray(row, dtype=np.int64)
    col = np.asarray(col, dtype=np.int64)
    if not len(person):
        return counts
    r = int(radius_cells)
    order = np.argsort(person, kind="stable")
    p, rr, cc = person[order], row[order], col[order]
    bounds = np.flatnonzero(p[1:] != p[:-1]) + 1
    for part in np.split(np.arange(len(p)), bounds):
        pr, pc = rr[part], cc[part]
        r0, r1 = max(pr.min() - r, 0), min(pr.max() + r + 1, shape[0])
        c0, c1 = max(pc.min() - r, 0), min(pc.max() + r + 1, shape[1])
        local = np.zeros((r1 - r0, c1 - c0), dtype=bool)
        local[pr - r0, pc - c0] = True
        if r:
            local = maximum_filter(local, size=2 * r + 1, mode="constant", cval=False)
        counts[r0:r1, c0:c1] += local
    return counts


def k_anonymous_table(
    frame: pd.DataFrame, count_column: str, value_columns: Iterable[str], k: int = DEFAULT_K
):
    """A copy of ``frame`` with ``value_columns`` (and the count itself) blanked on rows whose
    ``count_column`` is below ``k``, and a ``suppressed`` flag (1/0)."""
    out = frame.copy()
    mask = suppressed(out[count_column].to_numpy(), k)
    for name in list(value_columns) + [count_column]:
        if name in out.columns:
            out[name] = out[name].astype("float64")
            out.loc[mask, name] = np.nan
    out["suppressed"] = mask.astype(np.int64)
    return out
