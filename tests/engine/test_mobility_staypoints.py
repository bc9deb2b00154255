"""Stay points, cleaning and time zones of the trajectory engine (no QGIS)."""

import datetime as dt

import numpy as np
import pytest
from community_governance.processing.engine import mobility
from community_governance.processing.engine.errors import InputError


def reference_sliding(user, t, x, y, dist, time_s, gap_s, include_last):
    """trackintel's ``_generate_staypoints_sliding_user`` loop, transcribed point by point
    (Euclidean distance), per user: the specification our vectorised engine must reproduce."""
    out = []
    for u in np.unique(user):
        idx = np.flatnonzero(user == u)
        tt, xx, yy = t[idx], x[idx], y[idx]
        start = 0
        curr = 0
        for curr in range(1, len(tt)):
            if tt[curr] - tt[curr - 1] > gap_s:
                start = curr
                continue
            if np.hypot(xx[curr] - xx[start], yy[curr] - yy[start]) >= dist:
                if tt[curr] - tt[start] >= time_s:
                    out.append((u, tt[start], tt[curr], xx[start:curr].mean(), yy[start:curr].mean()))
                start = curr
        if include_last and len(tt) and tt[curr] - tt[start] >= time_s:
            out.append((u, tt[start], tt[curr], xx[start:].mean(), yy[start:].mean()))
    return out


def synthetic_users(rng, n_users=6, n_visits=12):
    """Users alternating stays (jittered, 30-120 s sampling) and walks, with a few long gaps."""
    users, ts, xs, ys = [], [], [], []
    for u in range(n_users):
        t, pos = 1.7e9 + rng.uniform(0, 3600), rng.uniform(0, 3000, 2)
        for _ in range(n_visits):
            for _ in range(int(rng.integers(1, 40))):  # a stay (maybe too short)
                t += rng.uniform(30, 120) * (30 if rng.random() < 0.03 else 1)  # some long gaps
                users.append(u), ts.append(t)
                xs.append(pos[0] + rng.normal(0, 15)), ys.append(pos[1] + rng.normal(0, 15))
            target = rng.uniform(0, 3000, 2)
            steps = int(rng.integers(3, 60))
            for k in range(1, steps + 1):  # a walk
                t += rng.uniform(5, 40)
                p = pos + (target - pos) * k / steps
                (
                    users.append(u),
                    ts.append(t),
                    xs.append(p[0] + rng.normal(0, 5)),
                    ys.append(p[1] + rng.normal(0, 5)),
                )
            pos = target
    return np.array(users), np.array(ts), np.array(xs), np.array(ys)


@pytest.mark.parametrize("include_last", [False, True])
@pytest.mark.parametrize("chunk_points", [150, 2_000_000])
def test_sliding_equals_reference_loop(include_last, chunk_points):
    rng = np.random.default_rng(7)
    user, t, x, y = synthetic_users(rng)
    points, report = mobility.clean(mobility.make_points(user, t, x, y), max_speed_mps=None, spike_m=None)
    assert report.n_kept == len(t)
    stays = mobility.generate_staypoints(
        points, 100.0, 600.0, 1200.0, include_last=include_last, chunk_points=chunk_points
    )
    expected = reference_sliding(
        points.users[points.user].astype(int),
        points.t,
        points.x,
        points.y,
        100.0,
        600.0,
        1200.0,
        include_last,
    )
    assert len(expected) > 30  # the fixture really has stays
    assert len(stays) == len(expected)
    got = stays.to_frame()
    np.testing.assert_array_equal(got["user_id"].astype(int).to_numpy(), [e[0] for e in expected])
    np.testing.assert_allclose(got["start_s"], [e[1] for e in expected])
    np.testing.assert_allclose(got["end_s"], [e[2] for e in expected])
    np.testing.assert_allclose(got["x"], [e[3] for e in expected], atol=1e-6)
    np.testing.assert_allclose(got["y"], [e[4] for e in expected], atol=1e-6)


def _two_places():
    """30 min at A (a point a minute), a 500 m walk, 20 min at B."""
    t, x, y = [], [], []
    for k in range(31):
        t.append(k * 60.0), x.append(0.0 + (k % 3)), y.append(0.0)
    for k in range(1, 6):
        t.append(1800 + k * 60.0), x.append(100.0 * k), y.append(0.0)
    for k in range(1, 21):
        t.append(2100 + k * 60.0), x.append(500.0), y.append(2.0 * (k % 2))
    return np.zeros(len(t), dtype=int), np.array(t), np.array(x), np.array(y)


def test_hand_built_two_stays():
    user, t, x, y = _two_places()
    points, _ = mobility.clean(mobility.make_points(user, t, x, y))
    stays = mobility.generate_staypoints(points, 100.0, 600.0, 900.0, include_last=True)
    assert len(stays) == 2
    assert stays.start_s[0] == 0.0 and stays.end_s[0] == 1860.0  # the first point 100 m away ends it
    assert abs(stays.x[0] - 1.0) < 0.1  # mean of 0,1,2 jitter
    assert stays.start_s[1] == 2160.0 - 60.0 and stays.end_s[1] == 3300.0
    assert abs(stays.x[1] - 500.0) < 1e-9
    # without include_last the open stay at B is not closed
    assert len(mobility.generate_staypoints(points, 100.0, 600.0, 900.0, include_last=False)) == 1


def test_gap_breaks_stay_unless_bridged():
    # 20 min at one place, a 2 h gap (device off, same place), 20 more min, then leaves
    t = np.concatenate([np.arange(0, 1201, 300.0), 8400 + np.arange(0, 1201, 300.0), [9700.0]])
    x = np.concatenate([np.zeros(5), np.full(5, 10.0), [800.0]])
    y = np.zeros(len(t))
    points, _ = mobility.clean(mobility.make_points(np.zeros(len(t)), t, x, y))
    split = mobility.generate_staypoints(points, 100.0, 600.0, 900.0)
    assert [(s, e) for s, e in zip(split.start_s, split.end_s)] == [(8400.0, 9700.0)]
    bridged = mobility.generate_staypoints(points, 100.0, 600.0, 900.0, bridge_gaps_s=4 * 3600)
    assert [(s, e) for s, e in zip(bridged.start_s, bridged.end_s)] == [(0.0, 9700.0)]
    short_bridge = mobility.generate_staypoints(points, 100.0, 600.0, 900.0, bridge_gaps_s=3600)
    assert len(short_bridge) == 1 and short_bridge.start_s[0] == 8400.0


def test_close_at_gaps_keeps_the_stay_before_a_gap_with_movement():
    # 40 min at home (every 10 min), then the phone sleeps 35 min and wakes up 300 m away
    t = np.array([0, 600, 1200, 1800, 2400, 4500, 4530, 4560], dtype=float)
    x = np.array([0, 5, 3, 8, 2, 300, 340, 380], dtype=float)
    points, _ = mobility.clean(mobility.make_points(np.zeros(8), t, x, np.zeros(8)))
    assert (
        len(mobility.generate_staypoints(points, 100.0, 600.0, 900.0, bridge_gaps_s=12 * 3600)) == 0
    )  # trackintel
    kept = mobility.generate_staypoints(
        points, 100.0, 600.0, 900.0, bridge_gaps_s=12 * 3600, close_at_gaps=True
    )
    assert [(s, e, n) for s, e, n in zip(kept.start_s, kept.end_s, kept.n_points)] == [(0.0, 2400.0, 5)]
    assert kept.x[0] == pytest.approx(3.6)


def test_cleaning_counts_what_it_drops():
    t = np.array([0, 60, 60, 120, 180, 240, 300, 360, np.nan, 420], dtype=float)
    x = np.array([0, 5, 6, 9000, 10, 12, 1500, 14, 0, 16], dtype=float)  # 9000: speed spike, 1500: jump
    y = np.zeros(len(t))
    user = np.zeros(len(t), dtype=int)
    points, report = mobility.clean(mobility.make_points(user, t, x, y), max_speed_mps=50.0, spike_m=300.0)
    assert report.n_missing == 1
    assert report.n_duplicate_time == 1
    assert report.n_speed_outlier == 2
    assert report.n_kept == 6 == len(points)
    assert points.x.max() < 100
    # accuracy filter
    acc = np.array([5, 5, 5, 5, 90, 5, 5, 5, 5, 5], dtype=float)
    _, report = mobility.clean(mobility.make_points(user, t, x, y), accuracy_m=acc, max_accuracy_m=50)
    assert report.n_inaccurate == 1


def test_parse_times_offsets_and_zones():
    parsed = mobility.parse_times(
        ["2026-03-02T07:15:03+08:00", "2026-03-02T07:15:03Z", "2026-03-02 07:15:03", "nonsense"],
        "Asia/Shanghai",
    )
    utc0 = dt.datetime(2026, 3, 1, 23, 15, 3, tzinfo=dt.timezone.utc).timestamp()
    assert parsed.utc_s[0] == pytest.approx(utc0)
    assert parsed.utc_s[1] == pytest.approx(utc0 + 8 * 3600)
    assert parsed.utc_s[2] == pytest.approx(utc0)  # naive, taken as Shanghai time
    assert np.isnan(parsed.utc_s[3]) and parsed.n_bad == 1
    assert parsed.offset_s[0] == 8 * 3600 and parsed.offset_s[1] == 0 and np.isnan(parsed.offset_s[2])
    # GeoLife: naive GMT; Beijing local offsets for night hours
    geolife = mobility.parse_times(["2008-10-23 05:53:05"], "UTC")
    assert geolife.utc_s[0] == pytest.approx(
        dt.datetime(2008, 10, 23, 5, 53, 5, tzinfo=dt.timezone.utc).timestamp()
    )
    assert mobility.local_offsets(geolife.utc_s, "Asia/Shanghai")[0] == 8 * 3600
    assert mobility.local_offsets(geolife.utc_s, "+05:30")[0] == 5.5 * 3600
    written = mobility.local_offsets(parsed.utc_s, None, parsed.offset_s)
    assert list(written[:3]) == [8 * 3600, 0, 0]
    # datetimes (e.g. QGIS DateTime fields) are naive local times
    objects = mobility.parse_times([dt.datetime(2026, 3, 2, 7, 15, 3)], "+08:00")
    assert objects.utc_s[0] == pytest.approx(utc0)
    assert (
        mobility.parse_utc_offset("UTC+8") == 8 * 3600 and mobility.parse_utc_offset("Asia/Shanghai") is None
    )


def test_bad_thresholds_raise_typed_error():
    points = mobility.make_points([0], [0.0], [0.0], [0.0])
    with pytest.raises(InputError) as info:
        mobility.generate_staypoints(points, dist_threshold_m=0)
    assert info.value.code == "bad_threshold"


def test_user_chunks_hold_whole_users():
    user = np.repeat(np.arange(5), [3, 7, 2, 9, 4])
    points = mobility.make_points(
        user, np.arange(len(user), dtype=float), np.zeros(len(user)), np.zeros(len(user))
    )
    points, _ = mobility.clean(points)
    chunks = list(mobility.iter_user_chunks(points, max_points=8))
    assert sum(len(c) for c in chunks) == len(user)
    seen = [set(c.user.tolist()) for c in chunks]
    for a in range(len(seen)):
        for b in range(a + 1, len(seen)):
            assert not seen[a] & seen[b]
    assert max(len(c) for c in chunks) == 9  # a user larger than the budget is its own chunk


def test_points_builder_codes_users_across_blocks():
    builder = mobility.PointsBuilder("+08:00")
    builder.add(
        ["b", "a", "b"],
        ["2026-03-02 08:00:00", "2026-03-02T08:00:00+08:00", "bad"],
        [1, 2, 3],
        [4, 5, 6],
        [5, 6, 7],
    )
    builder.add(["a", "c"], ["2026-03-02 09:00:00", "2026-03-02 10:00:00"], [7, 8], [9, 10])
    points, accuracy = builder.finish()
    assert builder.n_bad_time == 1 and len(points) == 5
    labels = points.users[points.user].tolist()
    assert labels == ["b", "a", "b", "a", "c"]
    assert points.t[0] == points.t[1] and points.t[3] - points.t[0] == 3600
    assert np.isnan(accuracy[3:]).all() and accuracy[:3].tolist() == [5, 6, 7]
    cleaned, report = mobility.clean(points)
    assert report.n_missing == 1 and sorted(cleaned.users[cleaned.user].tolist()) == ["a", "a", "b", "c"]
