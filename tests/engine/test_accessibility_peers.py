"""2SFCA / E2SFCA / Gaussian 2SFCA equal PySAL ``access`` on the same inputs.

``access`` runs in its own virtual environment (.venvs/pysal, from requirements/venv-pysal.txt)
through the worker mode of tests/benchmarks/bench_facilities.py; all cases go to one process.
"""

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
METHODS = ("2sfca", "e2sfca", "g2sfca")


def _ours(method, demand, supply, cost, max_cost, steps, sigma):
    if method == "2sfca":
        return acc.two_sfca(demand, supply, cost, max_cost).access
    if method == "e2sfca":
        return acc.enhanced_two_sfca(demand, supply, cost, max_cost, steps).access
    return acc.gaussian_two_sfca(demand, supply, cost, max_cost, sigma).access


def _random_case():
    demand, supply, cost = bench._problem(300, 40, seed=7, extent=3000.0)
    cost[5, :] = np.inf  # a unit that reaches nothing
    cost[:, 3] = np.where(np.arange(300) % 2 == 0, np.inf, cost[:, 3])  # a half-isolated facility
    return dict(
        demand=demand,
        supply=supply,
        cost=cost,
        max_cost=800.0,
        steps={800 / 3: 1.0, 1600 / 3: 0.68, 800.0: 0.22},
        sigma=400.0,
    )


def _issue_18_case():
    """The example of pysal/access#18: places are both demand and supply, costs asymmetric."""
    cost = np.array([[1.0, 120.0, 60.0], [120.0, 1.0, 60.0], [20.0, 20.0, 1.0]])  # cost[i, j]: i -> j
    return dict(
        demand=np.array([100.0, 50.0, 10.0]),
        supply=np.array([1.0, 1.0, 100.0]),
        cost=cost,
        max_cost=50.0,
        steps={20: 1.0, 35: 0.68, 50: 0.22},
        sigma=30.0,
    )


CASES = {"random": _random_case, "issue18": _issue_18_case}


@pytest.fixture(scope="module")
def peer(tmp_path_factory):
    """{(case, method): access values computed by PySAL access}."""
    keys, jobs = [], []
    for name, make in CASES.items():
        case = make()
        for method in METHODS:
            keys.append((name, method))
            jobs.append(
                {
                    "kind": "fca",
                    "method": method,
                    "demand": case["demand"],
                    "supply": case["supply"],
                    "cost": case["cost"],
                    "max_cost": case["max_cost"],
                    "steps_bounds": np.array(list(case["steps"])),
                    "steps_values": np.array(list(case["steps"].values())),
                    "sigma": case["sigma"],
                }
            )
    results = bench.run_peers(jobs, tmp_path_factory.mktemp("access"))
    return {key: result["access"] for key, result in zip(keys, results)}


def _compare(peer, name, method):
    case = CASES[name]()
    theirs = peer[(name, method)]
    ours = _ours(
        method, case["demand"], case["supply"], case["cost"], case["max_cost"], case["steps"], case["sigma"]
    )
    unreached = np.isnan(theirs)  # access leaves units without any facility in reach missing
    assert np.all(ours[unreached] == 0)
    np.testing.assert_allclose(ours[~unreached], theirs[~unreached], rtol=1e-9, atol=0)
    return case, ours


@pytest.mark.parametrize("method", METHODS)
def test_random_network_costs_match_access(peer, method):
    _case, ours = _compare(peer, "random", method)
    assert ours[5] == 0 and (ours > 0).sum() > 100


@pytest.mark.parametrize("method", METHODS)
def test_asymmetric_costs_access_issue_18(peer, method):
    case, ours = _compare(peer, "issue18", method)
    # the direction matters: residents travel i -> j; the reverse matrix gives another answer
    reverse = _ours(
        method,
        case["demand"],
        case["supply"],
        case["cost"].T.copy(),
        case["max_cost"],
        case["steps"],
        case["sigma"],
    )
    assert not np.allclose(ours, reverse)
