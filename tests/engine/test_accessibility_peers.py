"""2SFCA / E2SFCA / Gaussian 2SFCA equal PySAL ``access`` on the same inputs (run in .venvs/pysal)."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from community_governance.processing.engine import accessibility as acc

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_facilities.py"
_spec = importlib.util.spec_from_file_location("bench_facilities", BENCH)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

pytestmark = pytest.mark.skipif(not bench.peer_available(), reason=".venvs/pysal missing (scripts/setup.sh)")


def _ours(method, demand, supply, cost, max_cost, steps, sigma):
    if method == "2sfca":
        return acc.two_sfca(demand, supply, cost, max_cost).access
    if method == "e2sfca":
        return acc.enhanced_two_sfca(demand, supply, cost, max_cost, steps).access
    return acc.gaussian_two_sfca(demand, supply, cost, max_cost, sigma).access


def _compare(method, demand, supply, cost, max_cost, tmp_path, steps=None, sigma=None):
    steps = steps or {max_cost / 3: 1.0, 2 * max_cost / 3: 0.68, max_cost: 0.22}
    sigma = sigma or max_cost / 2
    job = {
        "kind": "fca",
        "method": method,
        "demand": demand,
        "supply": supply,
        "cost": cost,
        "max_cost": max_cost,
        "steps_bounds": np.array(list(steps)),
        "steps_values": np.array(list(steps.values())),
        "sigma": sigma,
    }
    theirs = bench.run_peer(job, tmp_path)["access"]
    ours = _ours(method, demand, supply, cost, max_cost, steps, sigma)
    unreached = np.isnan(theirs)  # access leaves units without any facility in reach missing
    assert np.all(ours[unreached] == 0)
    np.testing.assert_allclose(ours[~unreached], theirs[~unreached], rtol=1e-9, atol=0)
    return ours


@pytest.mark.parametrize("method", ["2sfca", "e2sfca", "g2sfca"])
def test_random_network_costs_match_access(method, tmp_path):
    demand, supply, cost = bench._problem(300, 40, seed=7, extent=3000.0)
    cost[5, :] = np.inf  # a unit that reaches nothing
    cost[:, 3] = np.where(np.arange(300) % 2 == 0, np.inf, cost[:, 3])  # a half-isolated facility
    ours = _compare(method, demand, supply, cost, 800.0, tmp_path)
    assert ours[5] == 0 and (ours > 0).sum() > 100


@pytest.mark.parametrize("method", ["2sfca", "e2sfca", "g2sfca"])
def test_asymmetric_costs_access_issue_18(method, tmp_path):
    """The example of pysal/access#18: places are both demand and supply, costs asymmetric."""
    demand = np.array([100.0, 50.0, 10.0])
    supply = np.array([1.0, 1.0, 100.0])
    cost = np.array([[1.0, 120.0, 60.0], [120.0, 1.0, 60.0], [20.0, 20.0, 1.0]])  # cost[i, j]: i -> j
    steps = {20: 1.0, 35: 0.68, 50: 0.22}
    ours = _compare(method, demand, supply, cost, 50.0, tmp_path, steps=steps, sigma=30.0)
    # the direction matters: residents travel i -> j; the reverse matrix gives another answer
    assert not np.allclose(ours, _ours(method, demand, supply, cost.T.copy(), 50.0, steps, 30.0))
