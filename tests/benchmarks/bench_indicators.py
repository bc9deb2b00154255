"""Benchmark: a year of hourly observations for 500 sensors, evaluated by the indicator engine.

No peer tool evaluates a warning system with persistence and hysteresis, so the reference is the
straightforward implementation one writes without vectorising: pandas ``resample`` per sensor,
then a Python loop per series for the persistence/hysteresis state machine. Both run in the same
process on the same data and must give the same warning levels; the script prints both timings
and the ratio.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_indicators.py [--sensors 500] [--days 365]
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "build" / "pkg"))
if not (ROOT / "build" / "pkg" / "community_governance").exists():
    (ROOT / "build" / "pkg").mkdir(parents=True, exist_ok=True)
    (ROOT / "build" / "pkg" / "community_governance").symlink_to(ROOT, target_is_directory=True)

from community_governance.processing.engine import indicators as engine  # noqa: E402

KINDS = ("noise", "footfall", "elevator_fault")


def make_data(n_sensors: int, days: int, seed: int = 1):
    rng = np.random.default_rng(seed)
    hours = 24 * days
    start = np.datetime64("2026-01-01T00:00") - np.timedelta64(8, "h")  # local midnight (+08:00) in UTC
    times = start + np.arange(hours).astype("timedelta64[h]")
    kinds = np.array([KINDS[i % 3] for i in range(n_sensors)])
    communities = np.array([f"C{i // 5:03d}" for i in range(n_sensors)])  # 5 sensors per community
    local_hour = (np.arange(hours) % 24)[None, :]
    values = np.empty((n_sensors, hours))
    noise = kinds == "noise"
    night = (local_hour >= 22) | (local_hour < 6)
    values[noise] = np.where(night, 40.0, 52.0) + rng.normal(0, 2.0, (noise.sum(), hours))
    footfall = kinds == "footfall"
    daytime = ((local_hour >= 8) & (local_hour < 20)).astype(float)
    values[footfall] = rng.poisson(20 + 180 * daytime, (footfall.sum(), hours))
    elevator = kinds == "elevator_fault"
    values[elevator] = (rng.random((elevator.sum(), hours)) < 0.01).astype(float)
    # plant anomalies: a few loud weeks, crowd surges and broken elevators
    for s in rng.choice(np.flatnonzero(noise), 10, replace=False):
        d = rng.integers(30, days - 10)
        values[s, d * 24 : (d + 5) * 24] += np.where(night[0, : 5 * 24], 25.0, 0.0)
    for s in rng.choice(np.flatnonzero(footfall), 10, replace=False):
        h = rng.integers(30 * 24, hours - 24)
        values[s, h : h + 5] *= 8
    for s in rng.choice(np.flatnonzero(elevator), 10, replace=False):
        d = rng.integers(30, days - 3)
        values[s, d * 24 + 6 : d * 24 + 20] = 1.0
    sensor_ids = np.array([f"S{i:04d}" for i in range(n_sensors)])
    observations = pd.DataFrame(
        {
            "sensor_id": pd.Categorical(np.repeat(sensor_ids, hours)),
            "time": pd.to_datetime(np.tile(times, n_sensors).astype("datetime64[ns]"), utc=True),
            "value": values.ravel(),
        }
    )
    sensors = pd.DataFrame({"sensor_id": sensor_ids, "unit_id": communities, "kind": kinds})
    units = pd.DataFrame({"unit_id": sorted(set(communities)), "population": 3000})
    return units, sensors, observations


# ---- the reference: resample per sensor, loop per series ---------------------------------------
def reference_levels(values, thresholds, direction, persistence, hysteresis, clear_windows):
    sign = 1.0 if direction == "higher_is_worse" else -1.0
    out = np.zeros(len(values), dtype=np.int8)
    for rank, threshold in enumerate(thresholds, start=1):
        if not np.isfinite(threshold):
            continue
        limit = sign * threshold
        run_b = run_c = 0
        active = False
        for t, value in enumerate(values):
            if np.isnan(value):
                run_b = run_c = 0
            else:
                v = sign * value
                run_b = run_b + 1 if v >= limit else 0
                run_c = run_c + 1 if v < limit - hysteresis else 0
            if run_b >= persistence:
                active = True
            elif run_c >= clear_windows:
                active = False
            if active:
                out[t] = rank
    return out


def reference(system, units, sensors, observations):
    """Levels per (indicator, unit) with per-sensor pandas resampling and Python loops."""
    offset = pd.Timedelta(hours=system.timezone_offset_h)
    local = observations.assign(time=observations["time"].dt.tz_convert(None) + offset)
    out = {}
    for indicator in system.indicators:
        if not indicator.enabled or indicator.source["type"] != "sensor":
            continue
        agg = indicator.aggregation
        window = pd.Timedelta(indicator.window_ns, unit="ns")
        anchor = pd.Timedelta(hours=agg.get("window_anchor_h", 0))
        chosen = sensors[sensors["kind"] == indicator.source["kind"]]
        first, last = local["time"].min(), local["time"].max()
        origin = pd.Timestamp("1970-01-05") + (anchor if window >= pd.Timedelta(days=1) else pd.Timedelta(0))
        start = origin + ((first - origin) // window) * window
        grid = pd.date_range(start, last, freq=window)
        per_sensor = {}
        for sensor in chosen.itertuples():
            series = local[local["sensor_id"] == sensor.sensor_id].set_index("time")["value"]
            if agg.get("hours"):
                h0, h1 = agg["hours"]
                hour = series.index.hour
                series = series[(hour >= h0) | (hour < h1)] if h0 > h1 else series[(hour >= h0) & (hour < h1)]
            groups = series.groupby((series.index - start) // window)
            how = agg.get("in_window", "mean")
            if how == "energy_mean":
                reduced = 10 * np.log10(groups.apply(lambda v: np.mean(10 ** (v / 10))))
            else:
                reduced = getattr(groups, how)()
            counts = groups.count()
            reduced[counts < agg.get("min_observations", 1)] = np.nan
            reduced = reduced.reindex(range(len(grid)))
            if agg.get("baseline"):
                spec = agg["baseline"]
                period = spec.get("period", 1)
                lagged = pd.concat([reduced.shift(period * k) for k in range(1, spec["windows"] + 1)], axis=1)
                median = lagged.median(axis=1, skipna=True).where(lagged.count(axis=1) >= spec["min_windows"])
                reduced = reduced / np.maximum(median, spec.get("floor", 0.0))
            per_sensor[sensor.sensor_id] = (sensor.unit_id, reduced)
        for unit in units["unit_id"]:
            mine = [s for uid, s in per_sensor.values() if uid == unit]
            if not mine:
                continue
            value = getattr(pd.concat(mine, axis=1), agg.get("across_sources", "mean"))(axis=1).to_numpy()
            out[(indicator.id, unit)] = reference_levels(
                value,
                indicator.thresholds,
                indicator.direction,
                indicator.persistence,
                indicator.hysteresis,
                indicator.clear_windows,
            )
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sensors", type=int, default=500)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    system = engine.load_system()
    units, sensors, observations = make_data(args.sensors, args.days)
    print(
        f"{len(observations):,} hourly observations, {len(sensors)} sensors, {len(units)} communities, {args.days} days"
    )

    text_times = observations["time"].iloc[:200_000].dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    t0 = time.perf_counter()
    engine._to_utc_ns(text_times, "bench")
    parse_per_million = (time.perf_counter() - t0) / len(text_times) * 1e6

    inputs = engine.SeriesInputs(units=units, sensors=sensors, observations=observations)
    t0, c0 = time.perf_counter(), time.process_time()
    evaluation = engine.evaluate(system, inputs)
    ours, ours_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    expected = reference(system, units, sensors, observations)
    theirs, theirs_cpu = time.perf_counter() - t0, time.process_time() - c0

    columns = [str(u) for u in evaluation.unit_ids]
    mismatches = 0
    for (indicator_id, unit), levels in expected.items():
        got = evaluation.results[indicator_id].level[:, columns.index(unit)]
        mismatches += int((got != levels).sum())
    windows = sum(r.values.size for r in evaluation.results.values())
    print(
        f"engine (vectorised numpy):           {ours:8.2f} s wall {ours_cpu:8.2f} s CPU"
        f"  ({windows:,} unit-windows, {len(evaluation.warnings)} warnings)"
    )
    print(f"reference (pandas resample + loops): {theirs:8.2f} s wall {theirs_cpu:8.2f} s CPU")
    print(
        f"ratio reference / engine:            {theirs / ours:8.1f} x wall {theirs_cpu / ours_cpu:8.1f} x CPU"
    )
    print(
        f"parsing ISO 8601 text times:         {parse_per_million:8.2f} s per million (done once when reading)"
    )
    print(f"level mismatches engine vs reference: {mismatches}")
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
