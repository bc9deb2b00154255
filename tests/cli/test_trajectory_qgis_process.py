"""communitygov:staypoints under qgis_process: a GeoLife-style gzip CSV in, privacy by default."""

import datetime as dt
import gzip
import json

from qgis_process import Profile  # scripts/ is on sys.path (tests/conftest.py)


def _csv(path):
    """Six users, four days, a fix every 15 min: at home from 18:00 to 08:00 local time
    (GMT+8), at work 1.5 km away in between; times written in GMT as GeoLife does."""
    lines = ["lat,lng,datetime,uid"]
    start_local = dt.datetime(2026, 3, 2, 0, 0)
    for user in range(6):
        home = (31.80 + 0.002 * user, 117.28)
        work = (31.815, 117.29)
        for step in range(4 * 24 * 4):
            local = start_local + dt.timedelta(minutes=15 * step)
            lat, lng = home if (local.hour < 8 or local.hour >= 18) else work
            gmt = local - dt.timedelta(hours=8)
            lines.append(f"{lat + 0.00003 * (step % 7)},{lng},{gmt:%Y-%m-%d %H:%M:%S},u{user}")
    with gzip.open(path, "wt") as handle:
        handle.write("\n".join(lines) + "\n")


def test_staypoints_csv_under_qgis_process(tmp_path):
    source = tmp_path / "points.csv.gz"
    _csv(source)
    profile = Profile(tmp_path / "profile")
    homes = tmp_path / "homes.gpkg"
    grid = tmp_path / "grid.gpkg"
    arguments = [f"CSV={source}", "TIMEZONE=UTC", f"OUTPUT={grid}", f"HOMES={homes}"]
    ran = profile.run(["--json", "run", "communitygov:staypoints", "--", *arguments])
    assert ran.returncode == 0, ran.stdout + ran.stderr
    results = json.loads(ran.stdout[ran.stdout.index("{") :])["results"]
    assert results["USERS"] == 6 and results["HOMES_FOUND"] == 6
    assert grid.exists()
    assert not homes.exists()  # individual homes need the explicit choice
