"""Activity density surfaces and the contours that hold p % of the activity.

A community's bottom-up life circle: the (duration-weighted) non-home stays of the residents whose
detected home lies in the community are binned on a grid and smoothed with a Gaussian kernel; the
highest-density region holding p % of the activity (default 50/80/95) is the life circle at
level p. k-anonymity: a cell is suppressed (no value, outside every contour) when fewer than
``k`` distinct residents have activity within the kernel's reach of it, and a community with
fewer than ``k`` residents yields nothing but a suppressed statistics row.
Returns arrays plus an affine transform; writing GeoTIFFs is the caller's job.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Dict, Optional, Sequence

import numpy as np
import pandas as pd

from . import compat, privacy
from .errors import CancelCallback, InputError, ProgressCallback, check_cancel, never_cancelled, no_progress

DEFAULT_LEVELS = (50, 80, 95)
TRUNCATE_SIGMAS = 3.0


@dataclass
class Grid:
    """A north-up raster grid: ``left``, ``top`` corner, square ``cell_m`` cells, ``rows`` x ``cols``."""

    left: float
    top: float
    cell_m: float
    rows: int
    cols: int

    @property
    def transform(self) -> tuple:
        """GDAL/affine coefficients ``(a, b, c, d, e, f)``: x = a*col + b*row + c, y = d*col + e*row + f."""
        return (self.cell_m, 0.0, self.left, 0.0, -self.cell_m, self.top)

    @property
    def gdal_transform(self) -> tuple:
        return (self.left, self.cell_m, 0.0, self.top, 0.0, -self.cell_m)

    def cell_of(self, x, y):
        col = np.floor((np.asarray(x) - self.left) / self.cell_m).astype(np.int64)
        row = np.floor((self.top - np.asarray(y)) / self.cell_m).astype(np.int64)
        return row, col


def make_grid(x, y, cell_m: float, margin_m: float, max_cells: int = 25_000_000) -> Grid:
    if cell_m <= 0:
        raise InputError(
            code="bad_grid", template="Grid cell size must be positive (got {cell})", cell=cell_m
        )
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if not len(x):
        raise InputError(code="no_activity", template="No activity to map: {detail}", detail="no stays")
    left = math.floor((x.min() - margin_m) / cell_m) * cell_m
    right = math.ceil((x.max() + margin_m) / cell_m) * cell_m
    bottom = math.floor((y.min() - margin_m) / cell_m) * cell_m
    top = math.ceil((y.max() + margin_m) / cell_m) * cell_m
    cols, rows = max(int(round((right - left) / cell_m)), 1), max(int(round((top - bottom) / cell_m)), 1)
    if rows * cols > max_cells:
        raise InputError(
            code="grid_too_large",
            template="The density grid would have {cells} cells; use a larger cell size",
            cells=rows * cols,
        )
    return Grid(left, top, float(cell_m), rows, cols)


def kernel_radius_cells(bandwidth_m: float, cell_m: float) -> int:
    sigma = bandwidth_m / cell_m
    return int(TRUNCATE_SIGMAS * sigma + 0.5)


def density(grid: Grid, x, y, weight=None, bandwidth_m: float = 200.0) -> np.ndarray:
    """Gaussian kernel density of the weighted points on ``grid`` (sum of the weights, per cell)."""
    from scipy.ndimage import gaussian_filter

    row, col = grid.cell_of(x, y)
    w = np.ones(len(row)) if weight is None else np.asarray(weight, dtype=np.float64)
    inside = (row >= 0) & (row < grid.rows) & (col >= 0) & (col < grid.cols)
    hist = np.bincount(
        row[inside] * grid.cols + col[inside], weights=w[inside], minlength=grid.rows * grid.cols
    ).reshape(grid.rows, grid.cols)
    sigma = bandwidth_m / grid.cell_m
    if sigma <= 0:
        return hist
    return gaussian_filter(hist, sigma=sigma, mode="constant", cval=0.0, truncate=TRUNCATE_SIGMAS)


def hdr_thresholds(values: np.ndarray, percents: Sequence[float]) -> Dict[float, float]:
    """Density thresholds of the highest-density regions holding ``percent`` % of the mass."""
    flat = np.sort(np.nan_to_num(values, nan=0.0).ravel())[::-1]
    total = flat.sum()
    out = {}
    if total <= 0:
        return {p: math.inf for p in percents}
    cum = np.cumsum(flat) / total
    for p in percents:
        idx = min(int(np.searchsorted(cum, p / 100.0, side="left")), len(flat) - 1)
        out[p] = float(flat[idx])
    return out


def cells_to_polygon(grid: Grid, mask: np.ndarray):
    """The union of the ``mask`` cells as a (Multi)Polygon (runs of cells per row merged first)."""
    from shapely.geometry import box
    from shapely.ops import unary_union

    boxes = []
    for r in np.flatnonzero(mask.any(axis=1)):
        line = np.concatenate(([False], mask[r], [False])).astype(np.int8)
        edges = np.flatnonzero(np.diff(line))
        top = grid.top - r * grid.cell_m
        for c0, c1 in zip(edges[0::2], edges[1::2]):
            boxes.append(
                box(grid.left + c0 * grid.cell_m, top - grid.cell_m, grid.left + c1 * grid.cell_m, top)
            )
    if not boxes:
        return None
    return unary_union(boxes)


def kde_contours(x, y, weight=None, cell_m=25.0, bandwidth_m=100.0, percents=(95,)) -> Dict[float, object]:
    """Per-person kernel density contours: ``{percent: polygon}`` (the activity-space KDE isopleth)."""
    grid = make_grid(x, y, cell_m, TRUNCATE_SIGMAS * bandwidth_m + cell_m)
    surface = density(grid, x, y, weight, bandwidth_m)
    thresholds = hdr_thresholds(surface, percents)
    return {p: cells_to_polygon(grid, surface >= thr) for p, thr in thresholds.items() if np.isfinite(thr)}


@dataclass
class LifeCircleResult:
    grid: Grid
    bands: list  # float32 arrays (rows x cols), NaN = suppressed or no activity
    band_names: list
    contours: pd.DataFrame  # group, level_pct, geometry, residents, share_captured, ...
    stats: pd.DataFrame  # one row per group (suppressed rows blanked)
    suppressed_cells: Dict[str, int] = field(default_factory=dict)


def community_life_circles(
    x,
    y,
    weight,
    person,
    group,
    cell_m: float = 50.0,
    bandwidth_m: float = 200.0,
    levels: Sequence[float] = DEFAULT_LEVELS,
    k: int = privacy.DEFAULT_K,
    walking: Optional[Dict[str, object]] = None,
    include_all: bool = True,
    progress: ProgressCallback = no_progress,
    cancelled: CancelCallback = never_cancelled,
) -> LifeCircleResult:
    """Density surfaces and p % contours of activity per group (community), k-anonymous.

    ``x, y, weight``: activities (non-home stays) with their weights (e.g. hours); ``person``:
    resident id per activity; ``group``: community of the resident's home per activity (None/NaN:
    no community, used only in the "all" band). ``walking``: ``{group: polygon}`` walking life
    circles for the share-inside and IoU statistics (key ``"*"`` applies to every group).
    """
    k = privacy.check_k(k)
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    w = np.ones(len(x)) if weight is None else np.asarray(weight, dtype=np.float64)
    person = np.asarray(person).astype(str)
    group = pd.Series(group, dtype=object).where(pd.notna(pd.Series(group, dtype=object)), None).to_numpy()
    radius = kernel_radius_cells(bandwidth_m, cell_m)
    grid = make_grid(x, y, cell_m, (radius + 1) * cell_m)
    names = sorted({str(g) for g in group if g is not None})
    targets = ([("*", np.ones(len(x), dtype=bool))] if include_all else []) + [
        (name, np.array([g is not None and str(g) == name for g in group], dtype=bool)) for name in names
    ]
    bands, band_names, contour_rows, stat_rows, supp = [], [], [], [], {}
    walking = walking or {}
    for index, (name, sel) in enumerate(targets):
        check_cancel(cancelled)
        residents = len(np.unique(person[sel]))
        total_w = float(w[sel].sum())
        circle = walking.get(name, walking.get("*"))
        row = {"group": name, "residents": residents, "activities": int(sel.sum()), "weight": total_w}
        if circle is not None:
            inside = compat.contains_xy(circle, x[sel], y[sel])
            row["share_in_walking"] = float(w[sel][inside].sum() / total_w) if total_w > 0 else np.nan
        if residents < k:
            stat_rows.append(row)
            bands.append(np.full((grid.rows, grid.cols), np.nan, dtype=np.float32))
            band_names.append(name)
            supp[name] = grid.rows * grid.cols
            continue
        surface = density(grid, x[sel], y[sel], w[sel], bandwidth_m)
        r, c = grid.cell_of(x[sel], y[sel])
        counts = privacy.distinct_per_cell((grid.rows, grid.cols), person[sel], r, c, radius)
        hidden = privacy.suppressed(counts, k)
        supp[name] = int(((counts > 0) & hidden).sum())
        thresholds = hdr_thresholds(surface, levels)
        band = surface.astype(np.float32)
        band[hidden | (surface <= 0)] = np.nan
        bands.append(band)
        band_names.append(name)
        mass = surface.sum()
        for level in levels:
            mask = (surface >= thresholds[level]) & ~hidden
            polygon = cells_to_polygon(grid, mask)
            if polygon is None:
                continue
            contour = {
                "group": name,
                "level_pct": float(level),
                "geometry": polygon,
                "residents": int(len(np.unique(person[sel][_cells_in(mask, r, c, grid)]))),
                "share_captured": float(surface[mask].sum() / mass) if mass > 0 else np.nan,
                "area_m2_planar": float(polygon.area),
            }
            if circle is not None:
                union = polygon.union(circle).area
                contour["iou_walking"] = (
                    float(polygon.intersection(circle).area / union) if union > 0 else np.nan
                )
            contour_rows.append(contour)
            row[f"area_{int(level)}_m2_planar"] = float(polygon.area)
            if circle is not None:
                row[f"iou_{int(level)}"] = contour.get("iou_walking")
        stat_rows.append(row)
        progress((index + 1) / len(targets))
    stats = pd.DataFrame(stat_rows)
    value_columns = [c for c in stats.columns if c not in ("group", "residents")]
    stats = privacy.k_anonymous_table(stats, "residents", value_columns, k)
    contours = pd.DataFrame(contour_rows)
    if len(contours):  # a contour is released only when >= k residents have activity inside it
        contours = contours[contours["residents"] >= k].reset_index(drop=True)
    return LifeCircleResult(grid, bands, band_names, contours, stats, supp)


def _cells_in(mask: np.ndarray, row: np.ndarray, col: np.ndarray, grid: Grid) -> np.ndarray:
    ok = (row >= 0) & (row < grid.rows) & (col >= 0) & (col < grid.cols)
    out = np.zeros(len(row), dtype=bool)
    out[ok] = mask[row[ok], col[ok]]
    return out


def ellipsoidal_area_m2(geometries, crs) -> np.ndarray:
    """Areas (m2) on the ellipsoid of ``crs``'s geographic CRS (CGCS2000 for the GK zones)."""
    import geopandas as gpd
    from pyproj import CRS, Geod

    series = gpd.GeoSeries(list(geometries), crs=crs)
    geographic = CRS.from_user_input(crs).geodetic_crs
    ellipsoid = geographic.ellipsoid
    geod = Geod(a=ellipsoid.semi_major_metre, rf=ellipsoid.inverse_flattening)
    lonlat = series.to_crs(geographic)
    return np.array(
        [
            abs(geod.geometry_area_perimeter(g)[0]) if g is not None and not g.is_empty else np.nan
            for g in lonlat
        ]
    )
