"""Facility supply-demand analysis: demand, coverage, 2SFCA family, equity, gaps.

Everything works on a *cost matrix* ``cost[i, j]`` = travel cost (network metres) from demand
unit ``i`` to facility ``j``: a dense ``numpy`` array with ``inf`` (or ``nan``) for unreachable
pairs, or a ``scipy.sparse`` matrix whose *stored* entries are the reachable pairs (as an OD
matrix with a cutoff returns them; explicit zeros count as reachable). Network distances come
from :mod:`.network` (``od_matrix``); this module never routes.

Floating catchment methods follow PySAL ``access`` (``two_stage_fca``) on the same cost table:
both steps use the demand-to-supply cost, pairs with ``cost <= max_cost`` count, the weight
function multiplies both the demand in step 1 and the supply ratio in step 2. A demand unit that
reaches no facility scores 0 (``access`` leaves it missing). Costs may be asymmetric: only the
``demand -> supply`` direction is used, which is the travel residents make (``access#18``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Mapping, Optional, Sequence

import numpy as np

from .errors import InputError, check_cancel, never_cancelled, no_progress

WeightFn = Callable[[np.ndarray], np.ndarray]


# -- weights ---------------------------------------------------------------------------------
def step_weights(steps: Mapping[float, float]) -> WeightFn:
    """E2SFCA step weights ``{upper cost: weight}`` (a cost ``<=`` the smallest upper bound gets
    its weight; beyond the largest bound, 0) — the semantics of ``access.weights.step_fn``."""
    bounds = np.array(sorted(steps), dtype=float)
    values = np.array([steps[b] for b in sorted(steps)], dtype=float)
    if (values < 0).any():
        raise InputError(detail="step weights must not be negative")
    values = np.append(values, 0.0)

    def weight(cost: np.ndarray) -> np.ndarray:
        return values[np.searchsorted(bounds, cost, side="left")]

    return weight


def gaussian_weights(sigma: float) -> WeightFn:
    """``exp(-c² / 2σ²)`` (``access.weights.gaussian``): 1 at zero cost, no normalisation."""
    if not sigma:
        raise InputError(detail="the Gaussian width sigma must be non-zero")
    two_sigma2 = 2.0 * float(sigma) ** 2

    def weight(cost: np.ndarray) -> np.ndarray:
        return np.exp(-(cost * cost) / two_sigma2)

    return weight


def dai_gaussian_weights(max_cost: float) -> WeightFn:
    """Dai's (2010) Gaussian: 1 at zero cost, 0 at ``max_cost``."""
    e = np.exp(-0.5)

    def weight(cost: np.ndarray) -> np.ndarray:
        return (np.exp(-0.5 * (cost / max_cost) ** 2) - e) / (1.0 - e)

    return weight


#: the step weights of Luo & Qi (2009), also the default of ``access.enhanced_two_stage_fca``,
#: expressed as fractions of the catchment size
E2SFCA_DEFAULT_STEPS = {1 / 3: 1.0, 2 / 3: 0.68, 1.0: 0.22}


# -- cost matrices ---------------------------------------------------------------------------
def _is_sparse(cost) -> bool:
    return hasattr(cost, "tocsr") and not isinstance(cost, np.ndarray)


def weight_matrix(cost, max_cost: Optional[float], weight: Optional[WeightFn] = None):
    """Weights ``W[i, j]`` of reachable pairs within ``max_cost`` (dense or CSR like ``cost``)."""
    if _is_sparse(cost):
        coo = cost.tocoo()
        keep = np.isfinite(coo.data)
        if max_cost is not None:
            keep &= coo.data <= max_cost
        from scipy import sparse

        data = coo.data[keep]
        w = weight(data) if weight is not None else np.ones_like(data)
        return sparse.csr_matrix((w, (coo.row[keep], coo.col[keep])), shape=cost.shape)
    cost = np.asarray(cost, dtype=float)
    reach = np.isfinite(cost)
    if max_cost is not None:
        reach &= cost <= max_cost
    if weight is None:
        return reach.astype(float)
    weights = np.zeros(cost.shape)
    weights[reach] = weight(cost[reach])  # only the reachable pairs are weighted
    return weights


def nearest(cost, mask: Optional[np.ndarray] = None):
    """``(distance, column)`` of the cheapest column per row (``inf``, -1 when none)."""
    n_rows = cost.shape[0]
    if mask is not None and not mask.any():
        return np.full(n_rows, np.inf), np.full(n_rows, -1)
    if _is_sparse(cost):
        csr = cost.tocsr()
        if mask is not None:
            csr = csr[:, np.flatnonzero(mask)]
            columns = np.flatnonzero(mask)
        else:
            columns = np.arange(cost.shape[1])
        distance = np.full(n_rows, np.inf)
        index = np.full(n_rows, -1)
        coo = csr.tocoo()
        if coo.nnz:
            order = np.lexsort((coo.data, coo.row))
            rows, first = np.unique(coo.row[order], return_index=True)
            distance[rows] = coo.data[order][first]
            index[rows] = columns[coo.col[order][first]]
        return distance, index
    dense = np.asarray(cost, dtype=float)
    columns = np.arange(dense.shape[1]) if mask is None else np.flatnonzero(mask)
    sub = np.where(np.isnan(dense[:, columns]), np.inf, dense[:, columns])
    best = np.argmin(sub, axis=1)
    distance = sub[np.arange(n_rows), best]
    index = np.where(np.isfinite(distance), columns[best], -1)
    return distance, index


# -- floating catchments ---------------------------------------------------------------------
@dataclass
class FcaResult:
    access: np.ndarray  # per demand unit (n_demand,) or (n_demand, k) for k supply columns
    ratio: np.ndarray  # supply-to-demand ratio per facility (n_supply,) or (n_supply, k)
    catchment_demand: np.ndarray  # weighted demand in each facility's catchment (n_supply,)


def two_step_fca(
    demand, supply, cost, max_cost: Optional[float] = None, weight: Optional[WeightFn] = None
) -> FcaResult:
    """Generalised 2SFCA: ``R_j = S_j / Σ_i D_i W_ij``; ``A_i = Σ_j R_j W_ij``.

    ``demand`` (n_demand,), ``supply`` (n_supply,) or (n_supply, k) capacities, ``cost``
    (n_demand, n_supply). A facility whose catchment holds no demand has ratio 0.
    """
    demand = np.asarray(demand, dtype=float)
    supply = np.asarray(supply, dtype=float)
    if cost.shape != (demand.shape[0], supply.shape[0]):
        raise InputError(
            detail=f"cost matrix shape {cost.shape} does not match {demand.shape[0]} demand x {supply.shape[0]} supply"
        )
    w = weight_matrix(cost, max_cost, weight)
    catchment = np.asarray(w.T @ demand).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        if supply.ndim == 1:
            ratio = np.where(catchment > 0, supply / catchment, 0.0)
        else:
            ratio = np.where(catchment[:, None] > 0, supply / catchment[:, None], 0.0)
    access = np.asarray(w @ ratio)
    if supply.ndim == 1:
        access = access.ravel()
    return FcaResult(access=access, ratio=ratio, catchment_demand=catchment)


def two_sfca(demand, supply, cost, max_cost: float) -> FcaResult:
    """Classic 2SFCA (Luo & Wang 2003): binary catchment of size ``max_cost``."""
    return two_step_fca(demand, supply, cost, max_cost, None)


def enhanced_two_sfca(
    demand, supply, cost, max_cost: float, steps: Optional[Mapping[float, float]] = None
) -> FcaResult:
    """E2SFCA (Luo & Qi 2009): step weights ``{upper cost: weight}`` (default: the Luo & Qi
    weights 1 / 0.68 / 0.22 on thirds of ``max_cost``)."""
    if steps is None:
        steps = {max_cost * f: w for f, w in E2SFCA_DEFAULT_STEPS.items()}
    return two_step_fca(demand, supply, cost, max_cost, step_weights(steps))


def gaussian_two_sfca(demand, supply, cost, max_cost: float, sigma: Optional[float] = None) -> FcaResult:
    """Gaussian 2SFCA: ``exp(-c²/2σ²)`` weights within ``max_cost`` (default σ = max_cost / 2)."""
    return two_step_fca(demand, supply, cost, max_cost, gaussian_weights(sigma or max_cost / 2.0))


FCA_METHODS = {"2sfca": two_sfca, "e2sfca": enhanced_two_sfca, "g2sfca": gaussian_two_sfca}


# -- equity ----------------------------------------------------------------------------------
def lorenz(values, weights=None):
    """Lorenz curve ``(population share, value share)``, both starting at 0, of ``values``
    held by people in amounts ``weights`` (default 1 each)."""
    values = np.asarray(values, dtype=float)
    weights = np.ones_like(values) if weights is None else np.asarray(weights, dtype=float)
    keep = (weights > 0) & np.isfinite(values)
    values, weights = values[keep], weights[keep]
    if values.size == 0 or weights.sum() <= 0:
        return np.array([0.0, 1.0]), np.array([0.0, 1.0])
    order = np.argsort(values, kind="stable")
    values, weights = values[order], weights[order]
    people = np.concatenate([[0.0], np.cumsum(weights)]) / weights.sum()
    amount = np.cumsum(values * weights)
    total = amount[-1]
    share = np.concatenate([[0.0], amount / total]) if total > 0 else people.copy()
    return people, share


def gini(values, weights=None) -> float:
    """Population-weighted Gini coefficient of ``values`` (0 = equal, 1 = one person has all):
    ``Σ_i Σ_j w_i w_j |x_i - x_j| / (2 W² x̄)``; 0 when everybody has nothing."""
    people, share = lorenz(values, weights)
    # one minus twice the area under the Lorenz curve (trapezoids are exact for step data)
    area = np.sum((people[1:] - people[:-1]) * (share[1:] + share[:-1]) / 2.0)
    return float(max(0.0, 1.0 - 2.0 * area))


# -- demand ----------------------------------------------------------------------------------
@dataclass
class Demand:
    """Population by group per demand unit, plus what was wrong with the input."""

    groups: Dict[str, np.ndarray]  # group -> (n_units,)
    invalid_values: Dict[str, int] = field(default_factory=dict)  # field -> count set to 0


def demand_from_fields(
    frame, group_fields: Mapping[str, Sequence[str]], layer: str = "residential"
) -> Demand:
    """Sum each group's population fields per row of ``frame``. Missing fields raise
    :class:`InputError`; null or negative values count as 0 and are counted per field."""
    invalid: Dict[str, int] = {}
    groups: Dict[str, np.ndarray] = {}
    for group, fields in group_fields.items():
        total = np.zeros(len(frame))
        for name in fields:
            if name not in frame.columns:
                raise InputError(code="missing_field", layer=layer, field=name, detail=f"no field {name}")
            values = np.asarray(frame[name].to_numpy(dtype=float, na_value=np.nan), dtype=float)
            bad = ~np.isfinite(values) | (values < 0)
            if bad.any():
                invalid[name] = int(bad.sum())
            total += np.where(bad, 0.0, values)
        groups[group] = total
    return Demand(groups=groups, invalid_values=invalid)


@dataclass
class RasterDemand:
    population: np.ndarray  # per zone
    unassigned: float  # raster population in cells whose centre lies in no zone (within the zones' extent)
    nodata_cells: int  # cells inside zones that hold no data


def demand_from_raster(raster_path, zones, band: int = 1) -> RasterDemand:
    """Zonal sums of a population raster over polygon ``zones`` (GeoDataFrame): a cell belongs
    to the zone containing its centre (``rasterio.features.rasterize``), overlaps go to the
    later zone. Only the window covering the zones is read."""
    import rasterio
    from rasterio import features, windows

    with rasterio.open(raster_path) as dataset:
        if dataset.crs is not None and zones.crs is not None and dataset.crs.to_string() != str(zones.crs):
            zones = zones.to_crs(dataset.crs.to_string())
        left, bottom, right, top = zones.total_bounds
        window = windows.from_bounds(left, bottom, right, top, transform=dataset.transform)
        window = window.round_offsets(op="floor").round_lengths(op="ceil")
        window = window.intersection(windows.Window(0, 0, dataset.width, dataset.height))
        data = dataset.read(band, window=window, masked=True)
        transform = dataset.window_transform(window)
    shapes = [
        (geom, index + 1)
        for index, geom in enumerate(zones.geometry)
        if geom is not None and not geom.is_empty
    ]
    labels = features.rasterize(shapes, out_shape=data.shape, transform=transform, fill=0, dtype="int32")
    values = np.asarray(data.filled(0), dtype=float)
    mask = np.ma.getmaskarray(data)
    values[~np.isfinite(values)] = 0.0
    sums = np.bincount(labels.ravel(), weights=values.ravel(), minlength=len(zones) + 1)
    nodata_in_zones = int((mask & (labels > 0)).sum())
    return RasterDemand(population=sums[1:], unassigned=float(sums[0]), nodata_cells=nodata_in_zones)


# -- gaps ------------------------------------------------------------------------------------
@dataclass
class TypeRule:
    """What the analysis needs of one facility type (from a standards profile)."""

    code: str
    radius_m: float
    demand_group: str
    required: bool = True
    quota_per_1000: Optional[float] = None  # capacity units per 1 000 people of quota_group
    quota_group: Optional[str] = None


@dataclass
class GapResult:
    units: object  # pandas DataFrame, one row per demand unit
    communities: object  # pandas DataFrame, one row per community x facility type
    equity: object  # pandas DataFrame, one row per facility type x group (gini)
    lorenz: Dict[tuple, tuple]  # (type, group) -> (population share, access share)
    warnings: List[tuple] = field(default_factory=list)  # (code, params)


def facility_gaps(
    unit_ids: Sequence,
    community_ids: Sequence,
    groups: Mapping[str, np.ndarray],
    facility_types: Sequence[str],
    capacities: np.ndarray,
    cost,
    rules: Mapping[str, TypeRule],
    method: str = "2sfca",
    min_share: float = 0.5,
    progress=no_progress,
    cancelled=never_cancelled,
) -> GapResult:
    """Gaps per demand unit and per community for every facility type in ``rules``.

    ``cost`` (n_units, n_facilities) is the network distance from each unit to each facility
    (``inf`` / not stored beyond the cutoff). Per unit and type: distance to the nearest
    facility, whether it is within the standard radius, the floating-catchment score for the
    type's demand group (``method``: 2sfca, e2sfca, g2sfca; catchment = the standard radius,
    capacities as supply) and the quota shortfall (capacity units) when the rule has a quota.
    Per community and type: the share of each group within the radius, ``gap`` when the share of
    the type's demand group is below ``min_share``, and the summed shortfall.
    """
    import pandas as pd

    if method not in FCA_METHODS:
        raise InputError(detail=f"unknown accessibility method {method}")
    facility_types = np.asarray(facility_types, dtype=object)
    capacities = np.asarray(capacities, dtype=float)
    n_units = len(unit_ids)
    units = pd.DataFrame({"unit_id": list(unit_ids), "community_id": list(community_ids)})
    for group, values in groups.items():
        units[f"pop_{group}"] = values
    rows, equity_rows, curves, warnings = [], [], {}, []
    community_codes = units["community_id"].astype(str).to_numpy()
    communities = sorted(set(community_codes))
    comm_index = {c: k for k, c in enumerate(communities)}
    comm_of_unit = np.array([comm_index[c] for c in community_codes], dtype=int)
    n_comm = len(communities)
    group_totals = {g: np.bincount(comm_of_unit, weights=v, minlength=n_comm) for g, v in groups.items()}
    codes = list(rules)
    for step, code in enumerate(codes):
        check_cancel(cancelled)
        rule = rules[code]
        mask = facility_types == code
        distance, _ = nearest(cost, mask)
        within = distance <= rule.radius_m
        units[f"d_{code}"] = np.where(np.isfinite(distance), distance, np.nan)
        units[f"ok_{code}"] = within
        if rule.demand_group not in groups:
            raise InputError(detail=f"population group {rule.demand_group} is missing")
        demand = groups[rule.demand_group]
        if mask.any():
            sub = cost.tocsc()[:, np.flatnonzero(mask)] if _is_sparse(cost) else np.asarray(cost)[:, mask]
            result = FCA_METHODS[method](demand, capacities[mask], sub, rule.radius_m)
            score = result.access
        else:
            score = np.zeros(n_units)
        units[f"acc_{code}"] = score
        shortfall = None
        if rule.quota_per_1000 is not None:
            quota_pop = groups[rule.quota_group or rule.demand_group]
            need = rule.quota_per_1000 / 1000.0 * quota_pop
            # capacity the unit can count on = its score (capacity per person) x its demand
            shortfall = np.maximum(0.0, need - score * demand)
            units[f"short_{code}"] = shortfall
        for g, values in groups.items():
            covered = np.bincount(comm_of_unit, weights=values * within, minlength=n_comm)
            totals = group_totals[g]
            with np.errstate(divide="ignore", invalid="ignore"):
                share = np.where(totals > 0, covered / totals, np.nan)
            for k, community in enumerate(communities):
                rows.append((community, code, g, totals[k], covered[k], share[k]))
            people, amount = lorenz(score, values)
            curves[(code, g)] = (people, amount)
            equity_rows.append(
                (
                    code,
                    g,
                    gini(score, values),
                    float((values * within).sum() / values.sum()) if values.sum() > 0 else np.nan,
                )
            )
        if shortfall is not None:
            summed = np.bincount(comm_of_unit, weights=shortfall, minlength=n_comm)
            for k, community in enumerate(communities):
                rows.append((community, code, "__shortfall__", np.nan, summed[k], np.nan))
        progress((step + 1) / len(codes))
    long = pd.DataFrame(rows, columns=["community_id", "fac_type", "group", "population", "covered", "share"])
    table = _community_table(long, rules, min_share)
    equity = pd.DataFrame(equity_rows, columns=["fac_type", "group", "gini", "share_within"])
    return GapResult(units=units, communities=table, equity=equity, lorenz=curves, warnings=warnings)


def _community_table(long, rules: Mapping[str, TypeRule], min_share: float):
    import pandas as pd

    short = long[long["group"] == "__shortfall__"].set_index(["community_id", "fac_type"])["covered"]
    long = long[long["group"] != "__shortfall__"]
    wide = long.pivot_table(
        index=["community_id", "fac_type"], columns="group", values="share", aggfunc="first", dropna=False
    )
    wide.columns = [f"share_{g}" for g in wide.columns]
    wide = wide.reset_index()
    wide["radius_m"] = [rules[c].radius_m for c in wide["fac_type"]]
    wide["demand_group"] = [rules[c].demand_group for c in wide["fac_type"]]
    wide["required"] = [bool(rules[c].required) for c in wide["fac_type"]]
    demand_share = np.array(
        [row[f"share_{g}"] for g, (_, row) in zip(wide["demand_group"], wide.iterrows())], dtype=float
    )
    wide["share_demand"] = demand_share
    wide["gap"] = np.where(np.isnan(demand_share), False, demand_share < min_share)
    pops = long.pivot_table(
        index=["community_id", "fac_type"], columns="group", values="population", aggfunc="first"
    )
    uncovered = []
    for _, row in wide.iterrows():
        g = row["demand_group"]
        total = pops.loc[(row["community_id"], row["fac_type"]), g]
        share = row[f"share_{g}"]
        uncovered.append(float(total * (1 - share)) if np.isfinite(share) else 0.0)
    wide["uncovered_demand"] = uncovered
    wide["shortfall"] = [
        float(short.get((c, t), np.nan)) if (c, t) in short.index else np.nan
        for c, t in zip(wide["community_id"], wide["fac_type"])
    ]
    return pd.DataFrame(wide)


def ranked_gaps(communities, top: Optional[int] = None):
    """The gap rows, worst first: required types first, then uncovered demand of the group."""
    gaps = communities[communities["gap"]].copy()
    gaps = gaps.sort_values(["required", "uncovered_demand", "share_demand"], ascending=[False, False, True])
    return gaps if top is None else gaps.head(top)
