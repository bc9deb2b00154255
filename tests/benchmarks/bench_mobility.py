"""Benchmark: our stay points vs trackintel's ``generate_staypoints`` (sliding), side by side in
one run, and 10 million points streamed in chunks under a memory ceiling.

    .venv/bin/python tests/benchmarks/bench_mobility.py [--points 10000000] [--skip-large]

1. GeoLife sample (../shared/data, 217,653 points) and a 1,000,000-point synthetic chunk: the same
   points through trackintel 1.4.2 (in .venvs/trackintel) and through our engine; times of the
   stay-point step only (input already parsed), and the ratio.
2. ``--points`` synthetic points (default 10 million) generated chunk by chunk and streamed
   through cleaning + stay points + homes in a child process; its peak RSS is measured.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "build" / "pkg"))
VENV_PYTHON = ROOT / ".venvs" / "trackintel" / "bin" / "python"
PEER_SCRIPT = ROOT / "tests" / "engine" / "mobility_peer_trackintel.py"
GEOLIFE = ROOT.parent / "shared" / "data" / "geolife_skmob" / "geolife_sample.txt.gz"

DIST_M, TIME_MIN, GAP_MIN = 100.0, 5.0, 15.0
CHUNK_USERS, POINTS_PER_USER = 200, 5000  # 1,000,000 points per chunk


def synthetic_chunk(index: int, n_points: int):
    """Deterministic users alternating stays (10 m jitter) and trips (1.4-12 m/s), 5-60 s
    sampling; ``n_points`` points of whole users, user codes unique across chunks."""
    import numpy as np
    from community_governance.processing.engine import mobility

    rng = np.random.default_rng(1000 + index)
    n_users = max(n_points // POINTS_PER_USER, 1)
    per_user = n_points // n_users
    n = n_users * per_user
    user = np.repeat(np.arange(n_users, dtype=np.int64) + index * 1_000_000, per_user)
    dt = rng.uniform(5, 60, n)
    seg_len = rng.integers(20, 300, n // 20 + 2)
    seg = np.repeat(np.arange(len(seg_len)), seg_len)[:n]
    moving = (seg % 2) == 1
    heading = rng.uniform(0, 2 * np.pi, len(seg_len))[seg]
    speed = rng.uniform(1.4, 12.0, len(seg_len))[seg] * moving
    vx, vy = speed * np.cos(heading) * dt, speed * np.sin(heading) * dt
    first = np.arange(n_users) * per_user
    x = np.cumsum(vx)
    y = np.cumsum(vy)
    x -= np.repeat(x[first], per_user)
    y -= np.repeat(y[first], per_user)
    t = np.cumsum(dt)
    t -= np.repeat(t[first], per_user)
    x += rng.normal(0, 10, n) + np.repeat(rng.uniform(400000, 500000, n_users), per_user)
    y += rng.normal(0, 10, n) + np.repeat(rng.uniform(3500000, 3600000, n_users), per_user)
    t += 1.7e9
    labels = np.arange(index * 1_000_000, index * 1_000_000 + n_users).astype(str)
    return mobility.Points(user - index * 1_000_000, t, x, y, labels)


def run_ours(points):
    from community_governance.processing.engine import mobility

    started = time.perf_counter()
    cleaned, _ = mobility.clean(points, max_speed_mps=None, spike_m=None)
    stays = mobility.generate_staypoints(cleaned, DIST_M, TIME_MIN * 60, GAP_MIN * 60)
    return stays, time.perf_counter() - started


def side_by_side(label, frame):
    """trackintel (its venv, subprocess) and ours (this process) on the same points."""
    from community_governance.processing.engine import mobility

    points = mobility.make_points(
        frame["user_id"].to_numpy(), frame["t_utc_s"].to_numpy(), frame["x"], frame["y"]
    )
    stays, ours = run_ours(points)
    if not VENV_PYTHON.exists():
        print(
            f"{label}: ours {ours:.3f} s ({len(stays)} stays); trackintel venv absent, run scripts/setup.sh"
        )
        return
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "p.csv", Path(tmp) / "s.json"
        frame.to_csv(source, index=False)
        command = [str(VENV_PYTHON), str(PEER_SCRIPT), str(source), str(target), "--dist", str(DIST_M)]
        command += [
            "--time-min",
            str(TIME_MIN),
            "--gap-min",
            str(GAP_MIN),
            "--engine",
            str(ROOT / "build" / "pkg"),
        ]
        subprocess.run(command, check=True)
        out = json.loads(target.read_text())
    peer, in_venv = out["trackintel_seconds"], out["engine_seconds"]
    print(
        f"{label}: {len(frame):,} points | trackintel {out['trackintel_version']} generate_staypoints "
        f"{peer:.2f} s ({len(out['trackintel'])} stays) | ours {ours:.3f} s ({len(stays)} stays), "
        f"ours in trackintel's venv {in_venv:.3f} s | speed-up {peer / ours:.1f}x (venv {peer / in_venv:.1f}x)"
    )


def geolife_frame():
    import pandas as pd
    from community_governance.processing.engine import mobility
    from pyproj import Transformer

    raw = pd.read_csv(GEOLIFE, dtype={"uid": str})
    times = mobility.parse_times(raw["datetime"], "UTC")
    x, y = Transformer.from_crs(4326, 4548, always_xy=True).transform(
        raw["lng"].to_numpy(), raw["lat"].to_numpy()
    )
    return pd.DataFrame(
        {"user_id": raw["uid"], "t_utc_s": times.utc_s, "lon": raw["lng"], "lat": raw["lat"], "x": x, "y": y}
    )


def synthetic_frame(n_points):
    import pandas as pd
    from pyproj import Transformer

    points = synthetic_chunk(0, n_points)
    lon, lat = Transformer.from_crs(4548, 4326, always_xy=True).transform(points.x, points.y)
    return pd.DataFrame(
        {
            "user_id": points.users[points.user],
            "t_utc_s": points.t,
            "lon": lon,
            "lat": lat,
            "x": points.x,
            "y": points.y,
        }
    )


def large(n_points: int):
    """Child process: stream ``n_points`` synthetic points chunk by chunk; print one JSON line."""
    import numpy as np
    from community_governance.processing.engine import mobility

    started = time.perf_counter()
    chunk_points = CHUNK_USERS * POINTS_PER_USER
    n_chunks = max(n_points // chunk_points, 1)
    parts, total, labels = [], 0, []

    def chunks():
        nonlocal total
        for index in range(n_chunks):
            points = synthetic_chunk(index, chunk_points)
            points, _ = mobility.clean(points, max_speed_mps=None, spike_m=None)
            total += len(points)
            yield points

    for chunk in chunks():
        stays = mobility.generate_staypoints(chunk, DIST_M, TIME_MIN * 60, GAP_MIN * 60)
        stays.user = stays.user + len(labels)
        labels.extend(chunk.users.tolist())
        parts.append(stays)
    users = np.asarray(labels)
    merged = mobility._concat_stays(parts, users)
    homes = mobility.detect_homes(merged, np.full(len(merged), 8 * 3600.0), min_nights=1)
    seconds = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(
        json.dumps(
            {
                "points": total,
                "stays": len(merged),
                "users": len(users),
                "homes": int(homes.detected.sum()),
                "seconds": seconds,
                "peak_rss_mb": rss_mb,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=10_000_000)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--large-child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.large_child:
        large(args.large_child)
        return
    print(
        "== stay points: trackintel vs communitygov engine (same points, same thresholds "
        f"{DIST_M:.0f} m / {TIME_MIN:.0f} min / gap {GAP_MIN:.0f} min)"
    )
    if GEOLIFE.exists():
        side_by_side("GeoLife sample", geolife_frame())
    side_by_side("synthetic", synthetic_frame(CHUNK_USERS * POINTS_PER_USER))
    if not args.skip_large:
        child = subprocess.run(
            [sys.executable, __file__, "--large-child", str(args.points)],
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(child.stdout.strip().splitlines()[-1])
        print(
            f"streamed {result['points']:,} points in chunks of {CHUNK_USERS * POINTS_PER_USER:,}: clean + stay points + homes "
            f"{result['seconds']:.1f} s, {result['stays']:,} stays of {result['users']:,} users, "
            f"peak RSS {result['peak_rss_mb']:.0f} MB (limit 2048 MB) -> {'OK' if result['peak_rss_mb'] < 2048 else 'OVER'}"
        )


if __name__ == "__main__":
    main()
