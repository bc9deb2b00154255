"""Where to build next: MCLP, p-median and LSCP on candidate sites, solved exactly.

Each model keeps the existing facilities open (they cost nothing and are never "chosen"),
optionally respects capacities, and is solved as a mixed-integer programme with
``scipy.optimize.milp`` (HiGHS, shipped inside SciPy >= 1.9; relative MIP gap 0), so no external
solver is needed.

Inputs are cost matrices in network metres (see :mod:`.network` ``od_matrix``):
``cost_candidates[i, j]`` from demand unit ``i`` to candidate site ``j`` and, optionally,
``cost_existing[i, k]`` to existing facility ``k`` (dense with ``inf`` for unreachable, or
``scipy.sparse`` with the reachable pairs stored).

Exact reductions keep the programmes small: demand units covered by existing facilities leave
the MCLP/LSCP; units with the same set of covering candidates are merged (weights summed); in
the p-median a unit only gets assignment variables for candidates closer than its nearest
existing facility (that facility is always open, so farther candidates never serve it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from .errors import EngineError, InputError, check_cancel, never_cancelled, no_progress


class SolverError(EngineError):
    """The MILP solver did not reach a proven optimum."""

    code = "solver_error"
    template = "The optimisation did not finish: {detail}"


@dataclass
class SitingResult:
    model: str
    chosen: np.ndarray  # indices of the candidate sites to build (sorted)
    objective: float  # covered weight (MCLP), weighted cost (p-median), new sites (LSCP)
    covered: Optional[np.ndarray] = None  # bool per demand unit after building (MCLP/LSCP)
    covered_before: Optional[np.ndarray] = None  # bool per demand unit, existing only
    assignment: Optional[np.ndarray] = None  # p-median: ("e", k) / ("c", j) as signed index
    uncoverable: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))  # LSCP
    status: str = "optimal"
    solve_time_s: float = 0.0
    variables: int = 0
    constraints: int = 0


def _dense_reach(cost, radius_m: float) -> np.ndarray:
    if cost is None:
        return None
    if hasattr(cost, "tocoo") and not isinstance(cost, np.ndarray):
        coo = cost.tocoo()
        keep = np.isfinite(coo.data) & (coo.data <= radius_m)
        reach = np.zeros(cost.shape, dtype=bool)
        reach[coo.row[keep], coo.col[keep]] = True
        return reach
    cost = np.asarray(cost, dtype=float)
    return np.isfinite(cost) & (cost <= radius_m)


def _dense_cost(cost) -> np.ndarray:
    if cost is None:
        return None
    if hasattr(cost, "tocoo") and not isinstance(cost, np.ndarray):
        coo = cost.tocoo()
        dense = np.full(cost.shape, np.inf)
        dense[coo.row, coo.col] = coo.data
        return dense
    dense = np.asarray(cost, dtype=float).copy()
    dense[np.isnan(dense)] = np.inf
    return dense


def _existing_first(reach, capacities, reach_existing, existing_capacities):
    """Reach and capacities of existing facilities (first) and candidates, and how many exist."""
    capacities = np.asarray(capacities, dtype=float)
    if reach_existing is None:
        return reach, capacities, 0
    if existing_capacities is None:
        raise InputError(detail="capacitated siting needs the capacities of the existing facilities too")
    reach_all = np.hstack([reach_existing, reach])
    cap_all = np.concatenate([np.asarray(existing_capacities, dtype=float), capacities])
    return reach_all, cap_all, reach_existing.shape[1]


def _merge_rows(reach: np.ndarray, weights: np.ndarray):
    """Merge demand rows with identical coverage sets: (unique rows, summed weights, inverse)."""
    packed = np.packbits(reach, axis=1)
    unique, inverse = np.unique(packed, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    summed = np.bincount(inverse, weights=weights, minlength=unique.shape[0])
    rows = np.unpackbits(unique, axis=1, count=reach.shape[1]).astype(bool)
    return rows, summed, inverse


def _solve(c, constraints, integrality, bounds, time_limit_s, model):
    from scipy.optimize import Bounds, milp

    # HiGHS presolve (as bundled with SciPy 1.10) returned a suboptimal "optimal" p-median on a
    # 5 x 3 problem (tests/engine/test_siting_core.py); the same class of bug is reported
    # upstream (scipy#18907, HiGHS#1213, HiGHS#3073). Exactness matters more here: no presolve.
    options = {"mip_rel_gap": 0.0, "presolve": False}
    if time_limit_s:
        options["time_limit"] = float(time_limit_s)
    started = time.perf_counter()
    result = milp(
        c=c, constraints=constraints, integrality=integrality, bounds=Bounds(*bounds), options=options
    )
    elapsed = time.perf_counter() - started
    if result.x is None or result.status not in (0, 1):
        raise SolverError(model=model, detail=f"{model}: {result.message}")
    # status 1: time limit reached with a feasible solution; kept, marked not proven optimal
    return result, elapsed


def _status(result) -> str:
    if result.status == 0:
        return "optimal"
    gap = getattr(result, "mip_gap", None)
    return "time_limit" if gap is None else f"time_limit (gap {gap:.2%})"


def _check(weights, n_demand, p=None, n_candidates=None):
    weights = np.asarray(weights, dtype=float)
    if weights.shape != (n_demand,):
        raise InputError(detail=f"{weights.shape[0]} weights for {n_demand} demand units")
    if (~np.isfinite(weights)).any() or (weights < 0).any():
        raise InputError(detail="demand weights must be finite and not negative")
    if p is not None and (p < 0 or (n_candidates is not None and p > n_candidates)):
        raise InputError(detail=f"cannot choose {p} of {n_candidates} candidate sites")
    return weights


# -- MCLP ------------------------------------------------------------------------------------
def mclp(
    cost_candidates,
    weights,
    radius_m: float,
    p: int,
    cost_existing=None,
    capacities=None,
    existing_capacities=None,
    time_limit_s: Optional[float] = None,
    progress=no_progress,
    cancelled=never_cancelled,
) -> SitingResult:
    """Maximal covering location: open ``p`` new sites to maximise the demand weight within
    ``radius_m`` of an open facility (existing ones included). With ``capacities`` a facility
    covers at most its capacity of demand weight (demand may split between facilities); the
    objective is then the covered weight that fits."""
    n_demand, n_cand = cost_candidates.shape
    weights = _check(weights, n_demand, p, n_cand)
    reach = _dense_reach(cost_candidates, radius_m)
    reach_existing = _dense_reach(cost_existing, radius_m)
    if capacities is not None:
        return _capacitated_mclp(
            reach, reach_existing, weights, p, capacities, existing_capacities, time_limit_s, cancelled
        )
    before = reach_existing.any(axis=1) if reach_existing is not None else np.zeros(n_demand, dtype=bool)
    open_rows = (~before) & reach.any(axis=1) & (weights > 0)
    base = float(weights[before].sum())
    check_cancel(cancelled)
    rows, w, inverse = _merge_rows(reach[open_rows], weights[open_rows])
    n_g = rows.shape[0]
    progress(0.2)
    if n_g == 0 or p == 0:
        chosen = np.arange(min(p, n_cand))  # nothing to gain: any p sites (first ones)
        covered = before | (reach[:, chosen].any(axis=1) if p else False)
        return SitingResult("mclp", chosen, float(weights[covered].sum()), covered, before)
    from scipy import sparse
    from scipy.optimize import LinearConstraint

    # variables: x (n_cand, binary) then y (n_g, continuous in [0, 1])
    c = np.concatenate([np.zeros(n_cand), -w])
    a_rows = sparse.csr_matrix(rows.astype(float))
    coupling = sparse.hstack([-a_rows, sparse.identity(n_g, format="csr")], format="csr")  # y - Σx <= 0
    count = sparse.csr_matrix(np.concatenate([np.ones(n_cand), np.zeros(n_g)])[None, :])
    constraints = [LinearConstraint(coupling, -np.inf, 0.0), LinearConstraint(count, p, p)]
    integrality = np.concatenate([np.ones(n_cand), np.zeros(n_g)])
    bounds = (np.zeros(n_cand + n_g), np.ones(n_cand + n_g))
    result, elapsed = _solve(c, constraints, integrality, bounds, time_limit_s, "MCLP")
    progress(0.9)
    x = np.round(result.x[:n_cand]).astype(bool)
    chosen = np.flatnonzero(x)
    covered = before | reach[:, chosen].any(axis=1)
    objective = float(weights[covered].sum())
    if result.status == 0 and objective + 1e-6 * max(1.0, objective) < base - result.fun:
        # the solver claims coverage the chosen sites do not give: never report that as optimal
        raise SolverError(
            model="MCLP", detail=f"MCLP: inconsistent solution ({objective} < {base - result.fun})"
        )
    progress(1.0)
    return SitingResult(
        "mclp",
        chosen,
        objective,
        covered,
        before,
        solve_time_s=elapsed,
        status=_status(result),
        variables=n_cand + n_g,
        constraints=n_g + 1,
    )


def _capacitated_mclp(
    reach, reach_existing, weights, p, capacities, existing_capacities, time_limit_s, cancelled
):
    from scipy import sparse
    from scipy.optimize import LinearConstraint

    n_demand, n_cand = reach.shape
    reach_all, cap_all, n_exist = _existing_first(reach, capacities, reach_existing, existing_capacities)
    n_fac = n_exist + n_cand
    keep = reach_all.any(axis=1) & (weights > 0)
    rows, w, _ = _merge_rows(reach_all[keep], weights[keep])
    gi, fj = np.nonzero(rows)
    n_z = gi.size
    check_cancel(cancelled)
    # variables: x (n_fac) then z (n_z): share of group g's weight served by facility j
    c = np.concatenate([np.zeros(n_fac), -w[gi]])
    one_each = sparse.csr_matrix(
        (np.ones(n_z), (gi, n_fac + np.arange(n_z))), shape=(rows.shape[0], n_fac + n_z)
    )
    load = sparse.csr_matrix(
        (
            np.concatenate([w[gi], -cap_all]),
            (
                np.concatenate([fj, np.arange(n_fac)]),
                np.concatenate([n_fac + np.arange(n_z), np.arange(n_fac)]),
            ),
        ),
        shape=(n_fac, n_fac + n_z),
    )
    link = sparse.csr_matrix(
        (
            np.concatenate([np.ones(n_z), -np.ones(n_z)]),
            (np.tile(np.arange(n_z), 2), np.concatenate([n_fac + np.arange(n_z), fj])),
        ),
        shape=(n_z, n_fac + n_z),
    )
    count = sparse.csr_matrix(np.concatenate([np.zeros(n_exist), np.ones(n_cand), np.zeros(n_z)])[None, :])
    constraints = [
        LinearConstraint(one_each, -np.inf, 1.0),
        LinearConstraint(load, -np.inf, 0.0),
        LinearConstraint(link, -np.inf, 0.0),
        LinearConstraint(count, p, p),
    ]
    lower = np.concatenate([np.ones(n_exist), np.zeros(n_cand + n_z)])
    integrality = np.concatenate([np.ones(n_fac), np.zeros(n_z)])
    result, elapsed = _solve(
        c, constraints, integrality, (lower, np.ones(n_fac + n_z)), time_limit_s, "capacitated MCLP"
    )
    x = np.round(result.x[:n_fac]).astype(bool)
    chosen = np.flatnonzero(x[n_exist:])
    before = reach_existing.any(axis=1) if reach_existing is not None else np.zeros(n_demand, dtype=bool)
    covered = before | reach[:, chosen].any(axis=1)
    return SitingResult(
        "mclp",
        chosen,
        float(-result.fun),
        covered,
        before,
        solve_time_s=elapsed,
        status=_status(result),
        variables=n_fac + n_z,
        constraints=rows.shape[0] + n_fac + n_z + 1,
    )


# -- p-median --------------------------------------------------------------------------------
def p_median(
    cost_candidates,
    weights,
    p: int,
    cost_existing=None,
    capacities=None,
    existing_capacities=None,
    time_limit_s: Optional[float] = None,
    progress=no_progress,
    cancelled=never_cancelled,
) -> SitingResult:
    """Open ``p`` new sites to minimise the total weighted cost from each demand unit to its
    assigned open facility (existing ones included). Unreachable pairs are never assigned.
    With capacities, the weight a facility serves is at most its capacity (demand may split)."""
    n_demand, n_cand = cost_candidates.shape
    weights = _check(weights, n_demand, p, n_cand)
    cand = _dense_cost(cost_candidates)
    exist = _dense_cost(cost_existing)
    if capacities is not None:
        if exist is not None and existing_capacities is None:
            raise InputError(detail="capacitated siting needs the capacities of the existing facilities too")
        all_cost = cand if exist is None else np.hstack([exist, cand])
        cap = (
            np.asarray(capacities, dtype=float)
            if exist is None
            else np.concatenate([existing_capacities, capacities])
        )
        n_exist = 0 if exist is None else exist.shape[1]
        fallback = None
    else:
        n_exist = 0
        all_cost = cand
        cap = None
        fallback = exist.min(axis=1) if exist is not None and exist.shape[1] else None
    active = weights > 0
    reachable_any = np.isfinite(all_cost).any(axis=1) | (
        np.isfinite(fallback) if fallback is not None else False
    )
    if (active & ~reachable_any).any():
        bad = np.flatnonzero(active & ~reachable_any)
        raise InputError(
            code="unreachable_demand",
            count=int(bad.size),
            feature=int(bad[0]),
            detail=f"{bad.size} demand units reach no facility",
        )
    check_cancel(cancelled)
    from scipy import sparse
    from scipy.optimize import LinearConstraint

    n_fac = all_cost.shape[1]
    usable = np.isfinite(all_cost) & active[:, None]
    if fallback is not None:
        usable &= all_cost < fallback[:, None]
    di, fj = np.nonzero(usable)
    n_z = di.size
    has_fb = fallback is not None
    fb_rows = np.flatnonzero(active & np.isfinite(fallback)) if has_fb else np.zeros(0, dtype=int)
    n_f = fb_rows.size
    # variables: x (n_fac), z (n_z), f (n_f: served by the nearest existing facility)
    c = np.concatenate(
        [
            np.zeros(n_fac),
            weights[di] * all_cost[di, fj],
            weights[fb_rows] * (fallback[fb_rows] if has_fb else 0),
        ]
    )
    n_var = n_fac + n_z + n_f
    act_rows = np.flatnonzero(active)
    row_of = np.full(n_demand, -1)
    row_of[act_rows] = np.arange(act_rows.size)
    assign = sparse.csr_matrix(
        (
            np.ones(n_z + n_f),
            (
                np.concatenate([row_of[di], row_of[fb_rows]]),
                np.concatenate([n_fac + np.arange(n_z), n_fac + n_z + np.arange(n_f)]),
            ),
        ),
        shape=(act_rows.size, n_var),
    )
    link = sparse.csr_matrix(
        (
            np.concatenate([np.ones(n_z), -np.ones(n_z)]),
            (np.tile(np.arange(n_z), 2), np.concatenate([n_fac + np.arange(n_z), fj])),
        ),
        shape=(n_z, n_var),
    )
    count = sparse.csr_matrix(
        np.concatenate([np.zeros(n_exist), np.ones(n_cand), np.zeros(n_z + n_f)])[None, :]
    )
    constraints = [
        LinearConstraint(assign, 1.0, 1.0),
        LinearConstraint(link, -np.inf, 0.0),
        LinearConstraint(count, p, p),
    ]
    if cap is not None:
        load = sparse.csr_matrix(
            (
                np.concatenate([weights[di], -cap]),
                (
                    np.concatenate([fj, np.arange(n_fac)]),
                    np.concatenate([n_fac + np.arange(n_z), np.arange(n_fac)]),
                ),
            ),
            shape=(n_fac, n_var),
        )
        constraints.append(LinearConstraint(load, -np.inf, 0.0))
    lower = np.concatenate([np.ones(n_exist), np.zeros(n_cand + n_z + n_f)])
    integrality = np.concatenate([np.ones(n_fac), np.zeros(n_z + n_f)])
    progress(0.2)
    result, elapsed = _solve(c, constraints, integrality, (lower, np.ones(n_var)), time_limit_s, "p-median")
    x = np.round(result.x[:n_fac]).astype(bool)
    chosen = np.flatnonzero(x[n_exist:])
    z = result.x[n_fac : n_fac + n_z]
    assignment = np.full(n_demand, -1)
    best = np.zeros(n_demand)
    for k in np.flatnonzero(z > 1e-9):  # largest share wins (uncapacitated: exactly one)
        if z[k] > best[di[k]]:
            best[di[k]] = z[k]
            assignment[di[k]] = fj[k]
    progress(1.0)
    return SitingResult(
        "p_median",
        chosen,
        float(result.fun),
        assignment=assignment,
        solve_time_s=elapsed,
        status=_status(result),
        variables=n_var,
        constraints=act_rows.size + n_z + 1,
    )


# -- LSCP ------------------------------------------------------------------------------------
def lscp(
    cost_candidates,
    radius_m: float,
    cost_existing=None,
    weights=None,
    capacities=None,
    existing_capacities=None,
    time_limit_s: Optional[float] = None,
    progress=no_progress,
    cancelled=never_cancelled,
) -> SitingResult:
    """Location set covering: the fewest new sites so that every demand unit (with a positive
    weight, when ``weights`` are given) is within ``radius_m`` of an open facility. Units that no candidate (nor existing facility) can cover
    are listed in ``uncoverable`` and left out. With capacities each unit's ``weights`` must be
    served in full by facilities within the radius, none beyond its capacity."""
    n_demand, n_cand = cost_candidates.shape
    weights = _check(np.ones(n_demand) if weights is None else weights, n_demand)
    reach = _dense_reach(cost_candidates, radius_m)
    reach_existing = _dense_reach(cost_existing, radius_m)
    before = reach_existing.any(axis=1) if reach_existing is not None else np.zeros(n_demand, dtype=bool)
    from scipy import sparse
    from scipy.optimize import LinearConstraint

    check_cancel(cancelled)
    if capacities is None:
        need = ~before & (weights > 0)  # a unit nobody of the served group lives in needs no cover
        uncoverable = np.flatnonzero(need & ~reach.any(axis=1))
        need &= reach.any(axis=1)
        if not need.any():  # nothing left to cover
            return SitingResult(
                "lscp", np.zeros(0, dtype=int), 0.0, before.copy(), before, uncoverable=uncoverable
            )
        rows, _, _ = _merge_rows(reach[need], np.ones(int(need.sum())))
        a = sparse.csr_matrix(rows.astype(float))
        result, elapsed = _solve(
            np.ones(n_cand),
            [LinearConstraint(a, 1.0, np.inf)],
            np.ones(n_cand),
            (np.zeros(n_cand), np.ones(n_cand)),
            time_limit_s,
            "LSCP",
        )
        chosen = np.flatnonzero(np.round(result.x).astype(bool))
        covered = before | reach[:, chosen].any(axis=1)
        return SitingResult(
            "lscp",
            chosen,
            float(chosen.size),
            covered,
            before,
            uncoverable=uncoverable,
            solve_time_s=elapsed,
            status=_status(result),
            variables=n_cand,
            constraints=rows.shape[0],
        )
    reach_all, cap, n_exist = _existing_first(reach, capacities, reach_existing, existing_capacities)
    n_fac = n_exist + n_cand
    active = weights > 0
    uncoverable = np.flatnonzero(active & ~reach_all.any(axis=1))
    active &= reach_all.any(axis=1)
    rows, w, _ = _merge_rows(reach_all[active], weights[active])
    gi, fj = np.nonzero(rows)
    n_z = gi.size
    n_var = n_fac + n_z
    c = np.concatenate([np.concatenate([np.zeros(n_exist), np.ones(n_cand)]), np.zeros(n_z)])
    assign = sparse.csr_matrix((np.ones(n_z), (gi, n_fac + np.arange(n_z))), shape=(rows.shape[0], n_var))
    load = sparse.csr_matrix(
        (
            np.concatenate([w[gi], -cap]),
            (
                np.concatenate([fj, np.arange(n_fac)]),
                np.concatenate([n_fac + np.arange(n_z), np.arange(n_fac)]),
            ),
        ),
        shape=(n_fac, n_var),
    )
    link = sparse.csr_matrix(
        (
            np.concatenate([np.ones(n_z), -np.ones(n_z)]),
            (np.tile(np.arange(n_z), 2), np.concatenate([n_fac + np.arange(n_z), fj])),
        ),
        shape=(n_z, n_var),
    )
    constraints = [
        LinearConstraint(assign, 1.0, 1.0),
        LinearConstraint(load, -np.inf, 0.0),
        LinearConstraint(link, -np.inf, 0.0),
    ]
    lower = np.concatenate([np.ones(n_exist), np.zeros(n_cand + n_z)])
    integrality = np.concatenate([np.ones(n_fac), np.zeros(n_z)])
    result, elapsed = _solve(
        c, constraints, integrality, (lower, np.ones(n_var)), time_limit_s, "capacitated LSCP"
    )
    chosen = np.flatnonzero(np.round(result.x[n_exist:n_fac]).astype(bool))
    covered = before | reach[:, chosen].any(axis=1)
    return SitingResult(
        "lscp",
        chosen,
        float(chosen.size),
        covered,
        before,
        uncoverable=uncoverable,
        solve_time_s=elapsed,
        status=_status(result),
        variables=n_var,
        constraints=rows.shape[0] + n_fac + n_z,
    )


# -- reporting -------------------------------------------------------------------------------
def newly_covered(cost_candidates, chosen, radius_m: float, groups: dict, covered_before: np.ndarray) -> dict:
    """Population by group newly covered by each chosen site (a unit newly covered by several
    chosen sites counts for the nearest). Returns ``{group: (len(chosen),) array}``."""
    chosen = np.asarray(chosen, dtype=int)
    out = {g: np.zeros(chosen.size) for g in groups}
    if chosen.size == 0:
        return out
    dense = _dense_cost(cost_candidates)[:, chosen]
    within = np.isfinite(dense) & (dense <= radius_m)
    new = within.any(axis=1) & ~covered_before
    owner = np.argmin(np.where(within, dense, np.inf), axis=1)
    for g, values in groups.items():
        out[g] = np.bincount(owner[new], weights=np.asarray(values, dtype=float)[new], minlength=chosen.size)
    return out
