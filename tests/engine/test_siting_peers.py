"""MCLP / p-median / LSCP objectives equal spopt's optimum (CBC via PuLP, in .venvs/pysal).

spopt counts predefined (existing) sites in p; the engine keeps existing facilities apart and
chooses p *new* sites, so the spopt problem gets p + the number of existing sites.
"""

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


def _predefined(n, existing):
    mask = np.zeros(n, dtype=int)
    mask[existing] = 1
    return mask


EXISTING_MCLP = np.array([2, 11])
EXISTING_PM = np.array([0, 7])


def _jobs():
    jobs = {}
    for seed in (1, 2):
        w, c = _problem(seed)
        jobs[("mclp", seed)] = {
            "kind": "locate",
            "model": "mclp",
            "cost": c,
            "weights": w,
            "radius": 400.0,
            "p": 4,
        }
    w, c = _problem(3)
    jobs[("mclp_existing", 3)] = {
        "kind": "locate", "model": "mclp", "cost": c, "weights": w, "radius": 400.0, "p": 5,
        "predefined": _predefined(c.shape[1], EXISTING_MCLP),
    }  # fmt: skip
    for seed in (4, 5):
        w, c = _problem(seed, 80, 15)
        jobs[("pmedian", seed)] = {"kind": "locate", "model": "pmedian", "cost": c, "weights": w, "p": 3}
    w, c = _problem(6, 80, 15)
    jobs[("pmedian_existing", 6)] = {
        "kind": "locate", "model": "pmedian", "cost": c, "weights": w, "p": 4,
        "predefined": _predefined(c.shape[1], EXISTING_PM),
    }  # fmt: skip
    w, c = _problem(8, 100, 30)
    jobs[("lscp", 8)] = {"kind": "locate", "model": "lscp", "cost": c, "radius": 700.0}
    return jobs


@pytest.fixture(scope="module")
def peer(tmp_path_factory):
    jobs = _jobs()
    results = bench.run_peers(list(jobs.values()), tmp_path_factory.mktemp("spopt"))
    return dict(zip(jobs, results))


@pytest.mark.parametrize("seed", [1, 2])
def test_mclp_objective_equals_spopt(peer, seed):
    weights, cost = _problem(seed)
    ours = siting.mclp(cost, weights, 400.0, 4)
    assert ours.objective == pytest.approx(float(peer[("mclp", seed)]["objective"]), rel=1e-9)
    assert ours.chosen.size == 4
    assert ours.objective == pytest.approx(weights[(cost[:, ours.chosen] <= 400.0).any(axis=1)].sum())


def test_mclp_with_existing_facilities_equals_spopt_predefined(peer):
    weights, cost = _problem(3)
    candidates = np.setdiff1d(np.arange(cost.shape[1]), EXISTING_MCLP)
    ours = siting.mclp(cost[:, candidates], weights, 400.0, 3, cost_existing=cost[:, EXISTING_MCLP])
    theirs = peer[("mclp_existing", 3)]
    assert ours.objective == pytest.approx(float(theirs["objective"]), rel=1e-9)
    assert set(EXISTING_MCLP) <= set(theirs["chosen"].tolist())
    assert ours.covered_before.sum() > 0 and (ours.covered & ~ours.covered_before).any()


@pytest.mark.parametrize("seed", [4, 5])
def test_p_median_objective_equals_spopt(peer, seed):
    weights, cost = _problem(seed, 80, 15)
    ours = siting.p_median(cost, weights, 3)
    assert ours.objective == pytest.approx(float(peer[("pmedian", seed)]["objective"]), rel=1e-9)
    best = cost[:, ours.chosen].min(axis=1)
    assert ours.objective == pytest.approx(float((weights * best).sum()), rel=1e-12)


def test_p_median_with_existing_equals_spopt_predefined(peer):
    weights, cost = _problem(6, 80, 15)
    candidates = np.setdiff1d(np.arange(cost.shape[1]), EXISTING_PM)
    ours = siting.p_median(cost[:, candidates], weights, 2, cost_existing=cost[:, EXISTING_PM])
    assert ours.objective == pytest.approx(float(peer[("pmedian_existing", 6)]["objective"]), rel=1e-9)


def test_lscp_equals_spopt(peer):
    _weights, cost = _problem(8, 100, 30)
    ours = siting.lscp(cost, 700.0)
    assert ours.objective == pytest.approx(float(peer[("lscp", 8)]["objective"]))
    assert ours.covered.all() and ours.uncoverable.size == 0
