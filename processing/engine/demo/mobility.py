"""GPS trajectories of sampled residents, with their true homes and stay episodes.

Phones log densely when moving (every 15-30 s on foot, 20-40 s in a vehicle) and sparsely when still (every 5-15 min at first,
then every 30-60 min, every 45-120 min at night), with random gaps, GPS noise (sigma 4-12 m,
reported as ``accuracy_m``) and a few outlier jumps (0.4-1.5 km). Times are local (+08:00).
"""

import numpy as np
import pandas as pd
from scipy.sparse.csgraph import dijkstra

from ..errors import check_cancel
from . import config

DAY = 86400
WALK, BIKE, RIDE = 1.3, 4.0, 7.0  # m/s
OUTLIER_RATE = 0.0003
AGE_GROUPS = ["7-14", "15-59", "60-79", "80+"]
AGE_COLUMNS = ["pop_7_14", "pop_15_59", "pop_60_79", "pop_80p"]
PHONE_SHARE = np.array([0.5, 1.0, 0.8, 0.4])  # share of each age group carrying a logging phone


class _Router:
    """Shortest paths with ties broken the same way by every scipy version: each edge weight is
    stretched by a tiny, deterministic amount (< 1e-7) so that no two paths have equal length."""

    def __init__(self, graph):
        self.graph = graph
        self.cache = {}
        m = graph.matrix.copy()
        rows = np.repeat(np.arange(m.shape[0], dtype=np.int64), np.diff(m.indptr))
        cols = m.indices.astype(np.int64)
        lo, hi = np.minimum(rows, cols), np.maximum(rows, cols)
        m.data = m.data * (1.0 + 1e-7 * (((lo * 7919 + hi * 104729) % 997) + 1) / 997.0)
        self.matrix = m

    def path(self, a_xy, b_xy):
        na, nb = (int(v) for v in self.graph.nearest_node(np.array([a_xy, b_xy])))
        if na not in self.cache:
            _, pred = dijkstra(self.matrix, directed=False, indices=na, return_predecessors=True)
            self.cache[na] = pred
        pred = self.cache[na]
        nodes = [nb]
        while nodes[-1] != na and pred[nodes[-1]] >= 0:
            nodes.append(int(pred[nodes[-1]]))
        nodes.reverse()
        pts = np.vstack([np.asarray(a_xy)[None], self.graph.nodes_xy[nodes], np.asarray(b_xy)[None]])
        return pts


def _step_range(speed):
    """Logging interval (s) while moving: phones log by time on foot, by distance in vehicles."""
    return (15.0, 30.0) if speed <= BIKE else (20.0, 40.0)


def _along(pts, distances):
    seg = np.hypot(*np.diff(pts, axis=0).T)
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    total = cum[-1]
    d = np.clip(distances, 0, total)
    x = np.interp(d, cum, pts[:, 0])
    y = np.interp(d, cum, pts[:, 1])
    return x, y, total


def simulate(spec, lay, residential, res_anchor, facilities, graph, rng, ox, oy, progress, cancelled):
    router = _Router(graph)
    ages = residential[AGE_COLUMNS].to_numpy().astype(float) * PHONE_SHARE
    n_users = spec.users
    comp = rng.choice(len(residential), size=n_users, p=ages.sum(axis=1) / ages.sum())
    group = np.array([rng.choice(4, p=ages[c] / ages[c].sum()) for c in comp])
    fac_xy = np.array([[g.x, g.y] for g in facilities.geometry])
    fac_type = facilities["fac_type"].to_numpy()
    comm_blocks = [(bl.centre[0] + ox, bl.centre[1] + oy) for bl in lay.blocks if bl.use == "commercial"]
    centre = np.array([ox + lay.width_m / 2, oy + lay.height_m / 2])

    def nearest(xy, types):
        m = np.isin(fac_type, types)
        cand = fac_xy[m]
        if not len(cand):
            return np.asarray(comm_blocks[0])
        return cand[np.argmin(np.hypot(*(cand - xy).T))]

    rows_user, rows_t, rows_x, rows_y, rows_acc = [], [], [], [], []
    homes, home_xy, stays, outliers = {}, {}, [], []
    per_comm = {}
    start = np.datetime64(config.START_DATE + "T00:00:00")
    n_days = spec.days
    for u in range(n_users):
        check_cancel(cancelled)
        uid = f"U{u + 1:04d}"
        c = int(comp[u])
        home = res_anchor[c] + rng.uniform(-45, 45, 2)
        g = AGE_GROUPS[group[u]]
        homes[uid] = residential["res_id"].iat[c]
        home_xy[uid] = [round(float(home[0]), 2), round(float(home[1]), 2)]
        cid = residential["community_id"].iat[c]
        per_comm[cid] = per_comm.get(cid, 0) + 1
        places = {"home": home}
        if g == "15-59":
            if rng.random() < 0.4:
                ang = rng.uniform(0, 2 * np.pi)
                places["work"] = centre + rng.uniform(2500, 5000) * np.array([np.cos(ang), np.sin(ang)])
                places["_external"] = True
            else:
                places["work"] = np.asarray(comm_blocks[rng.integers(len(comm_blocks))]) + rng.uniform(
                    -50, 50, 2
                )
        if g == "7-14":
            places["school"] = nearest(
                home, ["primary_school"] if rng.random() < 0.6 else ["middle_school"]
            ) + rng.uniform(-15, 15, 2)
        places["shopping"] = nearest(home, ["fresh_market"]) + rng.uniform(-10, 10, 2)
        places["park"] = nearest(home, ["park"]) + rng.uniform(-20, 20, 2)
        places["clinic"] = nearest(home, ["health_station", "health_center"]) + rng.uniform(-8, 8, 2)
        places["daycare"] = nearest(home, ["elderly_daycare"]) + rng.uniform(-8, 8, 2)
        external = places.pop("_external", False)
        # -- activity timeline (seconds from the start, local time) --------------------------
        timeline = []  # (purpose, start_s, end_s)
        for d in range(n_days):
            base = d * DAY
            weekend = (d % 7) >= 5
            acts = []
            h = lambda a, b, base=base: base + int(rng.uniform(a, b) * 3600)  # noqa: E731
            if g == "15-59" and not weekend:
                s = h(7.6, 8.6)
                acts.append(("work", s, h(17.2, 18.5)))
                if rng.random() < 0.3:
                    s2 = acts[-1][2] + int(rng.uniform(0.3, 0.6) * 3600)
                    acts.append(("shopping", s2, s2 + int(rng.uniform(0.5, 0.9) * 3600)))
            elif g == "7-14" and not weekend:
                acts.append(("school", h(7.4, 7.8), h(16.2, 16.8)))
                if rng.random() < 0.2:
                    s2 = acts[-1][2] + int(rng.uniform(0.25, 0.5) * 3600)
                    acts.append(("park", s2, s2 + int(rng.uniform(0.5, 1.0) * 3600)))
            elif g in ("60-79", "80+"):
                if g == "60-79" and rng.random() < 0.6:
                    acts.append(("park", h(6.2, 6.8), h(7.4, 7.9)))
                if rng.random() < (0.6 if g == "60-79" else 0.2):
                    acts.append(("shopping", h(8.6, 9.0), h(9.6, 10.0)))
                if rng.random() < 0.2 and "daycare" in places:
                    acts.append(("daycare", h(10.4, 10.7), h(11.4, 11.8)))
                if rng.random() < (0.1 if g == "60-79" else 0.15):
                    acts.append(("clinic", h(14.0, 14.4), h(15.0, 15.5)))
                if rng.random() < (0.4 if g == "60-79" else 0.3):
                    acts.append(("park", h(18.8, 19.2), h(19.9, 20.4)))
            else:  # weekend for workers and pupils
                if rng.random() < 0.5:
                    acts.append(("shopping", h(9.5, 10.5), h(11.0, 11.6)))
                if rng.random() < 0.4:
                    acts.append(("park", h(15.0, 16.0), h(16.8, 17.6)))
            timeline.extend(acts)
        # -- trips and points -----------------------------------------------------------------
        t_pts, x_pts, y_pts, a_pts = [], [], [], []
        current, since = "home", 0
        for purpose, s, e in timeline + [("home", n_days * DAY, n_days * DAY)]:
            dest = places[purpose]
            src = places[current]
            if purpose == "home" and s >= n_days * DAY:
                _stay(current, src, since, n_days * DAY, rng, t_pts, x_pts, y_pts, a_pts)
                stays.append(_stay_truth(uid, start, since, n_days * DAY, src, current))
                break
            # travel: leave so as to arrive at s
            pts = _trip_points(router, src, dest, external and "work" in (purpose, current))
            seglen = np.hypot(*np.diff(pts, axis=0).T).sum()
            speed = RIDE if (external and "work" in (purpose, current)) else (BIKE if seglen > 1200 else WALK)
            dur = max(60, int(seglen / speed))
            dep = max(since + 600, s - dur)
            arr = dep + dur
            _stay(current, src, since, dep, rng, t_pts, x_pts, y_pts, a_pts)
            stays.append(_stay_truth(uid, start, since, dep, src, current))
            steps = np.cumsum(rng.uniform(*_step_range(speed), int(dur / 10) + 2))
            steps = steps[steps < dur]
            x, y, _ = _along(pts, steps * speed)
            sigma = rng.uniform(4, 12, len(steps))
            t_pts.append(dep + steps.astype(np.int64))
            x_pts.append(x + rng.normal(0, 1, len(x)) * sigma)
            y_pts.append(y + rng.normal(0, 1, len(y)) * sigma)
            a_pts.append(sigma * rng.uniform(0.8, 1.5, len(sigma)))
            # back home after the activity unless the next one follows directly
            current, since = purpose, arr
            nxt_start = None
            idx = timeline.index((purpose, s, e))
            if idx + 1 < len(timeline):
                nxt_start = timeline[idx + 1][1]
            end_here = max(e, arr + 1800)
            if nxt_start is not None and nxt_start - end_here < 1800 and timeline[idx + 1][0] != purpose:
                # the next activity follows: leave straight from here
                continue
            # go home
            pts = _trip_points(router, dest, places["home"], external and purpose == "work")
            seglen = np.hypot(*np.diff(pts, axis=0).T).sum()
            speed = RIDE if (external and purpose == "work") else (BIKE if seglen > 1200 else WALK)
            dur = max(60, int(seglen / speed))
            _stay(purpose, dest, since, end_here, rng, t_pts, x_pts, y_pts, a_pts)
            stays.append(_stay_truth(uid, start, since, end_here, dest, purpose))
            steps = np.cumsum(rng.uniform(*_step_range(speed), int(dur / 10) + 2))
            steps = steps[steps < dur]
            x, y, _ = _along(pts, steps * speed)
            sigma = rng.uniform(4, 12, len(steps))
            t_pts.append(end_here + steps.astype(np.int64))
            x_pts.append(x + rng.normal(0, 1, len(x)) * sigma)
            y_pts.append(y + rng.normal(0, 1, len(y)) * sigma)
            a_pts.append(sigma * rng.uniform(0.8, 1.5, len(sigma)))
            current, since = "home", end_here + dur
        t = np.concatenate(t_pts)
        x = np.concatenate(x_pts)
        y = np.concatenate(y_pts)
        a = np.concatenate(a_pts)
        order = np.argsort(t, kind="stable")
        t, x, y, a = t[order], x[order], y[order], a[order]
        keep = np.concatenate([[True], np.diff(t) > 0])
        t, x, y, a = t[keep], x[keep], y[keep], a[keep]
        jump = rng.random(len(t)) < OUTLIER_RATE
        if jump.any():
            ang = rng.uniform(0, 2 * np.pi, jump.sum())
            dist = rng.uniform(400, 1500, jump.sum())
            x[jump] += dist * np.cos(ang)
            y[jump] += dist * np.sin(ang)
            a[jump] = rng.uniform(10, 80, jump.sum())
            for tt in t[jump]:
                outliers.append({"user_id": uid, "timestamp": _iso(start, tt)})
        rows_user.append(np.full(len(t), u + 1, dtype=np.int32))
        rows_t.append(t)
        rows_x.append(x)
        rows_y.append(y)
        rows_acc.append(a)
        progress((u + 1) / n_users)
    t = np.concatenate(rows_t)
    users = np.concatenate(rows_user)
    frame = pd.DataFrame(
        {
            "user_id": np.char.add("U", np.char.zfill(users.astype(str), 4)),
            "timestamp": _iso_array(start, t),
            "accuracy_m": np.round(np.concatenate(rows_acc)).astype(np.int32),
            "x": np.round(np.concatenate(rows_x), 1),
            "y": np.round(np.concatenate(rows_y), 1),
        }
    )
    truth = {
        "homes": homes,
        "home_xy": home_xy,
        "stays": stays,
        "users_per_community": dict(sorted(per_comm.items())),
        "age_group": {f"U{u + 1:04d}": AGE_GROUPS[group[u]] for u in range(n_users)},
        "outliers": outliers,
        "period": {"start": _iso(start, 0), "end": _iso(start, n_days * DAY), "days": n_days},
        "sampling": {
            "moving_s": [10, 30],
            "still_min": [5, 15, 20, 50],
            "night_min": [45, 120],
            "noise_sigma_m": [4, 12],
        },
    }
    return frame, truth


def _trip_points(router, a, b, external):
    if not external:
        return router.path(a, b)
    # leave the network at the node nearest the outside place, then go straight
    exit_xy = router.graph.nodes_xy[int(router.graph.nearest_node(np.asarray(b)[None])[0])]
    path = router.path(a, exit_xy)
    return np.vstack([path, np.asarray(b)[None]])


def _stay(purpose, xy, s, e, rng, t_pts, x_pts, y_pts, a_pts):
    """Sparse points of a stay at ``xy`` from ``s`` to ``e`` (seconds)."""
    times = []
    t = s + rng.uniform(30, 300)
    while t < e:
        times.append(t)
        local_hour = (t % DAY) / 3600.0
        if local_hour >= 23 or local_hour < 6:
            step = rng.uniform(45, 120) * 60
        elif t - s < 1200:
            step = rng.uniform(5, 15) * 60
        else:
            step = rng.uniform(30, 60) * 60
        if rng.random() < 0.08:
            step += rng.uniform(30, 120) * 60  # phone asleep / no fix
        t += step
    if not times:
        return
    times = np.asarray(times, dtype=np.int64)
    sigma = rng.uniform(4, 12, len(times))
    t_pts.append(times)
    x_pts.append(xy[0] + rng.normal(0, 1, len(times)) * sigma)
    y_pts.append(xy[1] + rng.normal(0, 1, len(times)) * sigma)
    a_pts.append(sigma * rng.uniform(0.8, 1.5, len(sigma)))


def _iso(start, seconds):
    return str(np.datetime_as_string(start + np.timedelta64(int(seconds), "s"), unit="s")) + config.TZ


def _iso_array(start, seconds):
    s = np.datetime_as_string(start + seconds.astype("timedelta64[s]"), unit="s")
    return np.char.add(s.astype(str), config.TZ)


def _stay_truth(uid, start, s, e, xy, purpose):
    return {
        "user_id": uid,
        "start": _iso(start, s),
        "end": _iso(start, e),
        "x": round(float(xy[0]), 2),
        "y": round(float(xy[1]), 2),
        "purpose": purpose,
    }
