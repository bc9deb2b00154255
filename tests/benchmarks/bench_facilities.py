"""Facilities benchmark against the PySAL peers, side by side in one run.

    python tests/benchmarks/bench_facilities.py            # the benchmark (needs .venvs/pysal)
    .venvs/pysal/bin/python tests/benchmarks/bench_facilities.py --worker JOB.npz OUT.npz

The benchmark times the plugin's engine here and runs the peers (PySAL ``access``, ``spopt`` with
its default solver, CBC through PuLP) in their own virtual environment through ``--worker``, on
the very same arrays. The worker mode imports only numpy, pandas and the peers; the engine tests
use it too (tests/engine/test_accessibility_peers.py, test_siting_peers.py).

Problems: 2SFCA / E2SFCA / Gaussian 2SFCA for 20,000 demand x 500 supply; MCLP with 200
candidates x 20,000 demand points. Prints timings, the ratio and whether results agree.
"""

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
PEER_PYTHON = ROOT / ".venvs" / "pysal" / "bin" / "python"


# -- worker (runs inside .venvs/pysal) -------------------------------------------------------
def _long_cost(cost):
    import pandas as pd

    rows, cols = np.nonzero(np.isfinite(cost))
    return pd.DataFrame({"origin": rows, "dest": cols, "cost": cost[rows, cols]})


def _worker_fca(job):
    import pandas as pd
    from access import Access, weights

    cost = job["cost"]
    demand = pd.DataFrame({"pop": job["demand"]}, index=pd.Index(np.arange(cost.shape[0]), name="geoid"))
    supply = pd.DataFrame({"cap": job["supply"]}, index=pd.Index(np.arange(cost.shape[1]), name="geoid"))
    started = time.perf_counter()
    cost_df = _long_cost(cost)
    model = Access(
        demand_df=demand,
        demand_index=True,
        demand_value="pop",
        supply_df=supply,
        supply_index=True,
        supply_value="cap",
        cost_df=cost_df,
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )
    method = str(job["method"])
    max_cost = float(job["max_cost"])
    if method == "2sfca":
        frame = model.two_stage_fca(name="a", max_cost=max_cost)
    elif method == "e2sfca":
        bounds, values = job["steps_bounds"], job["steps_values"]
        fn = weights.step_fn({float(b): float(v) for b, v in zip(bounds, values)})
        frame = model.enhanced_two_stage_fca(name="a", max_cost=max_cost, weight_fn=fn)
    else:
        frame = model.two_stage_fca(
            name="a", max_cost=max_cost, weight_fn=weights.gaussian(float(job["sigma"]))
        )
    elapsed = time.perf_counter() - started
    values = frame["a_cap"].reindex(np.arange(cost.shape[0])).to_numpy(dtype=float)
    return {"access": values, "seconds": elapsed}


def _worker_locate(job):
    import pulp
    from spopt.locate import LSCP, MCLP, PMedian

    cost = job["cost"]
    model_name = str(job["model"])
    solver = pulp.PULP_CBC_CMD(msg=False)
    predefined = job["predefined"] if "predefined" in job and job["predefined"].size else None
    started = time.perf_counter()
    if model_name == "mclp":
        model = MCLP.from_cost_matrix(
            cost,
            job["weights"],
            service_radius=float(job["radius"]),
            p_facilities=int(job["p"]),
            predefined_facilities_arr=predefined,
            name="mclp",
        )
        model = model.solve(solver)
        objective = float(pulp.value(model.problem.objective))
    elif model_name == "pmedian":
        model = PMedian.from_cost_matrix(
            cost, job["weights"], p_facilities=int(job["p"]), predefined_facilities_arr=predefined, name="pm"
        )
        model = model.solve(solver)
        objective = float(pulp.value(model.problem.objective))
    else:
        model = LSCP.from_cost_matrix(
            cost, service_radius=float(job["radius"]), predefined_facilities_arr=predefined, name="lscp"
        )
        model = model.solve(solver)
        objective = float(pulp.value(model.problem.objective))
    elapsed = time.perf_counter() - started
    chosen = np.array([j for j, v in enumerate(model.fac_vars) if v.value() and v.value() > 0.5])
    return {"objective": objective, "seconds": elapsed, "chosen": chosen}


def worker(pairs):
    """Run each (job file, output file) pair, in one interpreter (imports paid once)."""
    for job_path, out_path in pairs:
        job = dict(np.load(job_path, allow_pickle=False))
        kind = str(job.pop("kind"))
        out = _worker_fca(job) if kind == "fca" else _worker_locate(job)
        np.savez(out_path, **out)


# -- caller side -----------------------------------------------------------------------------
def peer_available() -> bool:
    return PEER_PYTHON.exists()


def run_peers(jobs, tmpdir) -> list:
    """Run ``jobs`` (dicts of arrays) in the peers' venv, one process; the workers' arrays."""
    import subprocess

    tmpdir = Path(tmpdir)
    arguments = []
    outputs = []
    for job in jobs:
        job_path = tmpdir / f"job_{time.monotonic_ns()}.npz"
        out_path = job_path.with_name(job_path.stem + "_out.npz")
        np.savez(job_path, **job)
        arguments += [str(job_path), str(out_path)]
        outputs.append(out_path)
    completed = subprocess.run(
        [str(PEER_PYTHON), str(Path(__file__).resolve()), "--worker", *arguments],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"peer worker failed:\n{completed.stderr[-4000:]}")
    return [dict(np.load(path, allow_pickle=False)) for path in outputs]


def run_peer(job: dict, tmpdir) -> dict:
    return run_peers([job], tmpdir)[0]


def _problem(n_demand, n_supply, seed, extent=5000.0):
    rng = np.random.default_rng(seed)
    demand_xy = rng.uniform(0, extent, (n_demand, 2))
    supply_xy = rng.uniform(0, extent, (n_supply, 2))
    from scipy.spatial.distance import cdist

    detour = 1.0 + 0.3 * rng.random((n_demand, n_supply))  # network-like, not Euclidean
    cost = cdist(demand_xy, supply_xy) * detour
    demand = rng.integers(1, 500, n_demand).astype(float)
    supply = rng.integers(10, 200, n_supply).astype(float)
    return demand, supply, cost


def bench(tmpdir):
    sys.path.insert(0, str(ROOT / "build" / "pkg"))
    if not (ROOT / "build" / "pkg" / "community_governance").exists():
        (ROOT / "build" / "pkg").mkdir(parents=True, exist_ok=True)
        (ROOT / "build" / "pkg" / "community_governance").symlink_to(ROOT, target_is_directory=True)
    from community_governance.processing.engine import accessibility as acc
    from community_governance.processing.engine import siting

    print("== accessibility: 20,000 demand x 500 supply, catchment 1,000 m")
    demand, supply, cost = _problem(20000, 500, seed=1)
    max_cost = 1000.0
    steps = {max_cost / 3: 1.0, 2 * max_cost / 3: 0.68, max_cost: 0.22}
    rows = []
    for method in ("2sfca", "e2sfca", "g2sfca"):
        started = time.perf_counter()
        if method == "2sfca":
            ours = acc.two_sfca(demand, supply, cost, max_cost).access
        elif method == "e2sfca":
            ours = acc.enhanced_two_sfca(demand, supply, cost, max_cost, steps).access
        else:
            ours = acc.gaussian_two_sfca(demand, supply, cost, max_cost, sigma=max_cost / 2).access
        ours_s = time.perf_counter() - started
        job = {
            "kind": "fca",
            "method": method,
            "demand": demand,
            "supply": supply,
            "cost": cost,
            "max_cost": max_cost,
            "steps_bounds": np.array(list(steps)),
            "steps_values": np.array(list(steps.values())),
            "sigma": max_cost / 2,
        }
        peer = run_peer(job, tmpdir)
        theirs = np.nan_to_num(peer["access"], nan=0.0)
        rel = float(np.max(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-300)))
        rows.append((method, ours_s, float(peer["seconds"]), rel))
        print(
            f"{method:7s} engine {ours_s:8.3f} s | access {float(peer['seconds']):8.3f} s | "
            f"speed-up {float(peer['seconds']) / ours_s:6.1f}x | max rel diff {rel:.2e}"
        )

    print("== MCLP: 200 candidates x 20,000 demand points, radius 500 m, p = 10")
    weights, _, cost = _problem(20000, 200, seed=2)
    started = time.perf_counter()
    ours = siting.mclp(cost, weights, 500.0, 10)
    ours_s = time.perf_counter() - started
    peer = run_peer(
        {"kind": "locate", "model": "mclp", "cost": cost, "weights": weights, "radius": 500.0, "p": 10},
        tmpdir,
    )
    print(
        f"mclp    engine {ours_s:8.3f} s | spopt+CBC {float(peer['seconds']):8.3f} s | "
        f"speed-up {float(peer['seconds']) / ours_s:6.1f}x | objective {ours.objective:.1f} vs {float(peer['objective']):.1f}"
    )
    return rows


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--worker":
        rest = sys.argv[2:]
        worker(list(zip(rest[0::2], rest[1::2])))
        sys.exit(0)
    if not peer_available():
        sys.exit("bench_facilities: .venvs/pysal is missing (run scripts/setup.sh)")
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        bench(folder)
