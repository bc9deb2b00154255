"""Runs trackintel's sliding ``generate_staypoints`` (and, with ``--engine``, our engine) on one
input, inside the isolated ``.venvs/trackintel`` virtual environment; writes the stays and the
timings as JSON. Used by ``test_mobility_vs_trackintel.py`` and ``bench_mobility.py``.

Input CSV columns: ``user_id, t_utc_s, lon, lat, x, y`` (x/y metric, for our engine; trackintel
measures haversine distances on lon/lat, its only metric).

    .venvs/trackintel/bin/python tests/engine/mobility_peer_trackintel.py IN.csv OUT.json \
        --dist 100 --time-min 5 --gap-min 15 [--engine PLUGIN_PARENT_DIR] [--skip-trackintel]
"""

import argparse
import json
import sys
import time
import warnings


def run_trackintel(frame, dist, time_min, gap_min):
    import geopandas as gpd
    import pandas as pd
    import trackintel as ti

    gdf = gpd.GeoDataFrame(
        {
            "user_id": frame["user_id"].astype(str),
            "tracked_at": pd.to_datetime(frame["t_utc_s"], unit="s", utc=True),
        },
        geometry=gpd.points_from_xy(frame["lon"], frame["lat"]),
        crs="EPSG:4326",
    )
    pfs = ti.io.read_positionfixes_gpd(gdf, tracked_at="tracked_at", user_id="user_id")
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, sp = pfs.generate_staypoints(
            method="sliding", dist_threshold=dist, time_threshold=time_min, gap_threshold=gap_min
        )
    seconds = time.perf_counter() - started
    stays = [
        {
            "user_id": str(row.user_id),
            "start_s": row.started_at.timestamp(),
            "end_s": row.finished_at.timestamp(),
            "lon": row.geometry.x,
            "lat": row.geometry.y,
        }
        for row in sp.itertuples()
    ]
    return stays, seconds, ti.__version__


def run_engine(frame, plugin_parent, dist, time_min, gap_min):
    sys.path.insert(0, plugin_parent)
    from community_governance.processing.engine import mobility

    points = mobility.make_points(
        frame["user_id"].astype(str).to_numpy(), frame["t_utc_s"].to_numpy(), frame["x"], frame["y"]
    )
    started = time.perf_counter()
    points, _ = mobility.clean(points, max_speed_mps=None, spike_m=None)
    stays = mobility.generate_staypoints(points, dist, time_min * 60.0, gap_min * 60.0)
    seconds = time.perf_counter() - started
    frame_out = stays.to_frame()
    return frame_out[["user_id", "start_s", "end_s", "x", "y"]].to_dict("records"), seconds


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--dist", type=float, default=100.0)
    parser.add_argument("--time-min", type=float, default=5.0)
    parser.add_argument("--gap-min", type=float, default=15.0)
    parser.add_argument("--engine", default=None, help="directory holding community_governance")
    parser.add_argument("--skip-trackintel", action="store_true")
    args = parser.parse_args(argv)

    import pandas as pd

    frame = pd.read_csv(args.input, dtype={"user_id": str})
    out = {"n_points": len(frame)}
    if not args.skip_trackintel:
        stays, seconds, version = run_trackintel(frame, args.dist, args.time_min, args.gap_min)
        out.update(trackintel=stays, trackintel_seconds=seconds, trackintel_version=version)
    if args.engine:
        stays, seconds = run_engine(frame, args.engine, args.dist, args.time_min, args.gap_min)
        out.update(engine=stays, engine_seconds=seconds)
    with open(args.output, "w", encoding="utf-8") as handle:
        json.dump(out, handle)


if __name__ == "__main__":
    main()
