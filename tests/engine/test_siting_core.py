"""Siting models on hand-built problems whose optimum is known."""

import numpy as np
import pytest
from community_governance.processing.engine import siting

# five demand units on a line at 0, 100, 200, 900, 1000 m; candidates at 100, 950, 500
X = np.array([0.0, 100.0, 200.0, 900.0, 1000.0])
CAND = np.array([100.0, 950.0, 500.0])
COST = np.abs(X[:, None] - CAND[None, :])
W = np.array([10.0, 10.0, 10.0, 50.0, 5.0])


def test_mclp_picks_the_heavier_cluster():
    result = siting.mclp(COST, W, 150.0, 1)
    assert result.chosen.tolist() == [1] and result.objective == 55.0


def test_mclp_existing_facility_is_kept_and_not_counted_in_p():
    existing = np.abs(X[:, None] - np.array([[950.0]]))
    result = siting.mclp(COST, W, 150.0, 1, cost_existing=existing)
    assert result.chosen.tolist() == [0]  # the east cluster is already served
    assert result.objective == 85.0 and result.covered_before.tolist() == [False, False, False, True, True]


def test_capacitated_mclp_respects_capacity():
    result = siting.mclp(COST, W, 150.0, 1, capacities=np.array([30.0, 20.0, 100.0]))
    assert result.chosen.tolist() == [0] and result.objective == pytest.approx(30.0)


def test_p_median_and_capacities():
    result = siting.p_median(COST, W, 1)
    assert result.chosen.tolist() == [1]
    assert result.objective == pytest.approx((W * COST[:, 1]).sum())
    capped = siting.p_median(COST, W, 2, capacities=np.array([40.0, 40.0, 100.0]))
    assert capped.objective >= siting.p_median(COST, W, 2).objective - 1e-9


def test_p_median_with_existing_matches_brute_force():
    existing = np.abs(X[:, None] - np.array([[0.0]]))
    result = siting.p_median(COST, W, 1, cost_existing=existing)
    best = min((W * np.minimum(existing[:, 0], COST[:, j])).sum() for j in range(3))
    assert result.objective == pytest.approx(best)


def test_lscp_reports_uncoverable_units():
    cost = COST.copy()
    cost[4, :] = np.inf
    result = siting.lscp(cost, 150.0)
    assert result.uncoverable.tolist() == [4]
    assert result.objective == 2 and result.covered[:4].all()


def test_newly_covered_by_group():
    result = siting.mclp(COST, W, 150.0, 2)
    gained = siting.newly_covered(
        COST, result.chosen, 150.0, {"total": W, "elderly": W / 10}, result.covered_before
    )
    assert gained["total"].sum() == pytest.approx(result.objective)
    assert gained["elderly"].sum() == pytest.approx(result.objective / 10)


def test_capacitated_lscp_opens_enough_capacity():
    # all units within reach of candidates 0 and 2; each site can serve 50 people
    cost = np.array([[10.0, 999.0, 20.0], [10.0, 999.0, 20.0], [10.0, 999.0, 20.0]])
    weights = np.array([30.0, 30.0, 30.0])
    free = siting.lscp(cost, 100.0)
    assert free.objective == 1
    capped = siting.lscp(cost, 100.0, weights=weights, capacities=np.array([50.0, 50.0, 50.0]))
    assert capped.objective == 2 and capped.chosen.tolist() == [0, 2]


def test_lscp_ignores_units_without_demand():
    cost = COST.copy()
    weights = W.copy()
    weights[3:] = 0.0  # nobody of the served group lives in the east
    result = siting.lscp(cost, 150.0, weights=weights)
    assert result.objective == 1 and result.chosen.tolist() == [0]


def test_time_limit_keeps_a_feasible_answer_or_says_why():
    rng = np.random.default_rng(11)
    cost = rng.uniform(0, 3000, (600, 120))
    weights = rng.uniform(1, 100, 600)
    try:
        result = siting.p_median(cost, weights, 8, time_limit_s=0.05)
    except siting.SolverError as error:  # no feasible answer yet: a typed error naming the limit
        assert error.code == "solver_error" and "time limit" in str(error).lower()
        return
    assert result.chosen.size == 8
    assert result.status == "optimal" or result.status.startswith("time_limit")
    # whatever the status, the objective is what the chosen sites give at least
    assert result.objective >= (weights * cost[:, result.chosen].min(axis=1)).sum() - 1e-6
