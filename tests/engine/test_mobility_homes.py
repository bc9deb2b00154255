"""Home detection, night hours in local time, and activity spaces (no QGIS)."""

import math

import numpy as np
from community_governance.processing.engine import activity_density, mobility

HOUR = 3600.0
DAY = 86400.0
BEIJING = 8 * HOUR


def _stays(rows, users=("a",)):
    """Stays from (user_code, start_local_h, end_local_h, x, y), local time = UTC+8."""
    user = np.array([r[0] for r in rows], dtype=np.int64)
    start = np.array([r[1] * HOUR for r in rows]) - BEIJING
    end = np.array([r[2] * HOUR for r in rows]) - BEIJING
    x = np.array([r[3] for r in rows], dtype=float)
    y = np.array([r[4] for r in rows], dtype=float)
    n = len(rows)
    return mobility.Stays(user, start, end, x, y, np.ones(n, dtype=np.int64), np.arange(n), np.array(users))


def _week(user, home, work, nights, day0=0):
    rows = []
    for d in range(day0, day0 + nights):
        base = 24 * d
        rows.append((user, base + 9, base + 17.5, *work))  # daytime at work
        rows.append((user, base + 18.5, base + 24 + 7.5, home[0] + d % 3, home[1]))  # evening to morning
    return rows


def test_home_is_dominant_night_location_in_local_time():
    rows = _week(0, (1000.0, 1000.0), (5000.0, 5000.0), 5) + _week(1, (0.0, 0.0), (300.0, 0.0), 2)
    stays = _stays(rows, users=("resident", "visitor"))
    offsets = np.full(len(stays), BEIJING)
    homes = mobility.detect_homes(stays, offsets, min_nights=3)
    assert homes.detected.tolist() == [True, False]  # the visitor has only 2 nights
    assert abs(homes.x[0] - 1001.0) < 2 and abs(homes.y[0] - 1000.0) < 1e-6
    assert homes.nights_home[0] == 5 and homes.nights_observed[0] == 5
    assert homes.confidence[0] == 1.0
    assert np.isnan(homes.x[1])
    # home stays are flagged, work stays are not
    assert homes.stay_is_home[
        [i for i, r in enumerate(rows) if r[0] == 0 and r[3] >= 1000 and r[3] < 2000]
    ].all()
    assert not homes.stay_is_home[[i for i, r in enumerate(rows) if r[3] == 5000.0]].any()


def test_night_hours_taken_in_local_time_not_utc():
    # a night-shift worker: at A 09:00-17:30 local (01:00-09:30 UTC), at B evenings/nights local
    rows = _week(0, (0.0, 0.0), (4000.0, 0.0), 4)
    stays = _stays(rows)
    local = mobility.detect_homes(stays, np.full(len(stays), BEIJING), min_nights=3)
    utc = mobility.detect_homes(stays, np.zeros(len(stays)), min_nights=3)
    assert abs(local.x[0] - 1.0) < 2  # B (evening-morning local) is home
    # read as UTC the 09:00-17:30 local stay (01:00-09:30) covers more of 22-07 than the
    # evening stay (10:30-23:30 UTC): a GMT reading would pick the work place
    assert abs(utc.x[0] - 4000.0) < 1


def test_confidence_reflects_split_nights():
    rows = _week(0, (0.0, 0.0), (5000.0, 0.0), 6)
    # two more nights elsewhere
    rows += [(0, 24 * 6 + 20, 24 * 7 + 7, 9000.0, 0.0), (0, 24 * 7 + 20, 24 * 8 + 7, 9000.0, 0.0)]
    homes = mobility.detect_homes(_stays(rows), np.full(len(rows), BEIJING), min_nights=3)
    assert homes.detected[0] and homes.nights_home[0] == 6 and homes.nights_observed[0] == 8
    assert 0.6 < homes.confidence[0] < 0.8


def test_night_overlaps_split_multi_night_stays():
    stay, night, overlap = mobility.night_overlaps(np.array([20 * HOUR]), np.array([(24 * 2 + 8) * HOUR]))
    assert stay.tolist() == [0, 0] and night.tolist() == [0, 1]
    assert overlap.tolist() == [9 * HOUR, 9 * HOUR]


def test_standard_deviational_ellipse_recovers_orientation():
    rng = np.random.default_rng(3)
    along = rng.normal(0, 300, 4000)
    across = rng.normal(0, 60, 4000)
    angle = math.radians(30)
    x = 1000 + along * math.cos(angle) - across * math.sin(angle)
    y = 2000 + along * math.sin(angle) + across * math.cos(angle)
    ell = mobility.standard_deviational_ellipse(np.zeros(4000, dtype=int), x, y)
    major = max(ell.sigma_x[0], ell.sigma_y[0])
    minor = min(ell.sigma_x[0], ell.sigma_y[0])
    assert abs(major - math.sqrt(2) * 300) < 20 and abs(minor - math.sqrt(2) * 60) < 6
    axis = ell.angle_rad[0] if ell.sigma_x[0] > ell.sigma_y[0] else ell.angle_rad[0] + math.pi / 2
    assert abs(math.sin(axis - angle)) < 0.03
    polygon = mobility.ellipse_polygons(ell)[0]
    assert abs(polygon.area - ell.area_m2[0]) / ell.area_m2[0] < 0.01
    assert polygon.contains(polygon.centroid) and abs(polygon.centroid.x - 1000) < 15


def test_minimum_convex_polygon_percentile_drops_far_points():
    rng = np.random.default_rng(5)
    x = np.concatenate([rng.uniform(0, 100, 99), [5000.0]])
    y = np.concatenate([rng.uniform(0, 100, 99), [5000.0]])
    user = np.zeros(100, dtype=int)
    full = mobility.minimum_convex_polygons(user, x, y, percent=100)[0]
    core = mobility.minimum_convex_polygons(user, x, y, percent=95)[0]
    assert full.area > 100_000 and core.area < 10_000
    assert mobility.minimum_convex_polygons(user[:2], x[:2], y[:2]) == {}


def test_kde_contour_holds_requested_share():
    rng = np.random.default_rng(11)
    x = np.concatenate([rng.normal(0, 50, 900), rng.normal(2000, 50, 100)])
    y = np.concatenate([rng.normal(0, 50, 900), rng.normal(0, 50, 100)])
    contours = activity_density.kde_contours(x, y, cell_m=20, bandwidth_m=60, percents=(50, 95))
    c50, c95 = contours[50], contours[95]
    assert c95.area > c50.area
    inside95 = np.array([c95.contains(p) for p in _points(x, y)])
    assert inside95.mean() >= 0.95
    assert inside95[900:].mean() > 0.5  # the small cluster (10 % of activity) is inside at 95 %
    # the 50 % region covers the dense cluster only, and only its core
    assert c50.bounds[2] < 500
    inside50 = np.array([c50.contains(p) for p in _points(x[:900], y[:900])])
    # smoothed cluster: sigma sqrt(50^2 + 60^2); the 50 % of all mass is 55.6 % of this cluster's,
    # a disc of radius sigma_s * sqrt(-2 ln(1 - 0.556)), holding 1 - exp(-r^2 / (2 * 50^2)) of the points
    sigma_s = np.hypot(50, 60)
    r = sigma_s * np.sqrt(-2 * np.log(1 - 0.5 / 0.9))
    assert abs(inside50.mean() - (1 - np.exp(-(r**2) / (2 * 50**2)))) < 0.05


def _points(x, y):
    from shapely.geometry import Point

    return [Point(a, b) for a, b in zip(x, y)]
