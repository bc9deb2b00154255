"""MCLP / p-median / LSCP objectives equal spopt's optimum (CBC via PuLP, in .venvs/pysal)."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from community_governance.processing.engine import siting

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_facilities.py"
_spec = importlib.util.spec_from_file_location("bench_facilities", BENCH)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

pytestmark = pytest.mark.skipif(not bench.peer_available(), reason=".venvs/pysal missing (scripts/setup.sh)")


def _problem(seed, n_demand=120, n_cand=25):
    weights, _, cost = bench._problem(n_demand, n_cand, seed=seed, extent=2000.0)
    return weights, cost


@pytest.mark.parametrize("seed", [1, 2])
def test_mclp_objective_equals_spopt(seed, tmp_path):
    weights, cost = _problem(seed)
    ours = siting.mclp(cost, weights, 400.0, 4)
    peer = bench.run_peer(
        {"kind": "locate", "model": "mclp", "cost": cost, "weights": weights, "radius": 400.0, "p": 4},
        tmp_path,
    )
    assert ours.objective == pytest.approx(float(peer["objective"]), rel=1e-9)
    assert ours.chosen.size == 4
    assert ours.objective == pytest.approx(weights[(cost[:, ours.chosen] <= 400.0).any(axis=1)].sum())


def test_mclp_with_existing_facilities_equals_spopt_predefined(tmp_path):
    weights, cost = _problem(3)
    existing = np.array([2, 11])  # columns that are already built
    candidates = np.setdiff1d(np.arange(cost.shape[1]), existing)
    ours = siting.mclp(cost[:, candidates], weights, 400.0, 3, cost_existing=cost[:, existing])
    predefined = np.zeros(cost.shape[1], dtype=int)
    predefined[existing] = 1  # spopt counts predefined sites in p
    peer = bench.run_peer(
        {
            "kind": "locate",
            "model": "mclp",
            "cost": cost,
            "weights": weights,
            "radius": 400.0,
            "p": 5,
            "predefined": predefined,
        },
        tmp_path,
    )
    assert ours.objective == pytest.approx(float(peer["objective"]), rel=1e-9)
    assert set(existing) <= set(peer["chosen"].tolist())
    assert ours.covered_before.sum() > 0 and (ours.covered & ~ours.covered_before).any()


@pytest.mark.parametrize("seed", [4, 5])
def test_p_median_objective_equals_spopt(seed, tmp_path):
    weights, cost = _problem(seed, n_demand=80, n_cand=15)
    ours = siting.p_median(cost, weights, 3)
    peer = bench.run_peer(
        {"kind": "locate", "model": "pmedian", "cost": cost, "weights": weights, "p": 3}, tmp_path
    )
    assert ours.objective == pytest.approx(float(peer["objective"]), rel=1e-9)
    best = cost[:, ours.chosen].min(axis=1)
    assert ours.objective == pytest.approx(float((weights * best).sum()), rel=1e-12)


def test_p_median_with_existing_equals_spopt_predefined(tmp_path):
    weights, cost = _problem(6, n_demand=80, n_cand=15)
    existing = np.array([0, 7])
    candidates = np.setdiff1d(np.arange(cost.shape[1]), existing)
    ours = siting.p_median(cost[:, candidates], weights, 2, cost_existing=cost[:, existing])
    predefined = np.zeros(cost.shape[1], dtype=int)
    predefined[existing] = 1
    peer = bench.run_peer(
        {
            "kind": "locate",
            "model": "pmedian",
            "cost": cost,
            "weights": weights,
            "p": 4,
            "predefined": predefined,
        },
        tmp_path,
    )
    assert ours.objective == pytest.approx(float(peer["objective"]), rel=1e-9)


def test_lscp_equals_spopt(tmp_path):
    weights, cost = _problem(8, n_demand=100, n_cand=30)
    radius = 700.0
    ours = siting.lscp(cost, radius)
    peer = bench.run_peer({"kind": "locate", "model": "lscp", "cost": cost, "radius": radius}, tmp_path)
    assert ours.objective == pytest.approx(float(peer["objective"]))
    assert ours.covered.all() and ours.uncoverable.size == 0
