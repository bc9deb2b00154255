"""Hourly sensor observations per community with planted anomalies, and residents' feedback."""

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

from . import config

KINDS = [("footfall", "persons/h"), ("noise", "dB(A)"), ("elevator_fault", "count/h")]
FB_TYPES = ["噪声扰民", "电梯故障", "环境卫生", "停车管理", "设施报修", "绿化养护", "治安安全", "养老服务"]
FB_STATUS = ["待处理", "处理中", "已办结"]
FB_TEXT = {
    "噪声扰民": [
        "夜间施工噪声太大，影响休息",
        "广场舞音响声音过大",
        "楼下商铺夜间噪音扰民",
        "装修噪声持续到晚上十点以后",
    ],
    "电梯故障": [
        "电梯又停运了，老人上下楼困难",
        "电梯门反复开关，存在安全隐患",
        "电梯困人，请尽快检修",
        "电梯运行有异响",
    ],
    "环境卫生": ["垃圾桶满溢无人清运", "楼道堆放杂物", "小区内有积水发臭", "宠物粪便无人清理"],
    "停车管理": ["消防通道被私家车占用", "非机动车乱停放", "充电桩数量不足", "夜间外来车辆占位"],
    "设施报修": ["路灯不亮", "健身器材损坏", "单元门禁失灵", "井盖松动"],
    "绿化养护": ["树枝遮挡窗户需修剪", "草坪被踩坏", "绿化带杂草丛生"],
    "治安安全": ["楼道监控损坏", "发现可疑人员徘徊", "电动车楼道充电"],
    "养老服务": ["希望增加助餐点", "日间照料中心开放时间太短", "希望社区医生上门服务"],
}


def _iso(start, hours):
    s = np.datetime_as_string(start + (np.asarray(hours) * 3600).astype("timedelta64[s]"), unit="s")
    return np.char.add(s.astype(str), config.TZ)


def sensors_and_observations(spec, communities, rng, crs):
    start = np.datetime64(config.START_DATE + "T00:00:00")
    hours = np.arange(spec.sensor_days * 24)
    hod = hours % 24
    dow = (hours // 24) % 7
    s_rows, s_geoms, obs = [], [], []
    cids = list(communities["community_id"])
    # planted anomalies: a multi-day night-noise excess, an elevator fault burst, a footfall outage
    n = len(cids)
    noise_c = cids[2 % n]
    lift_c = cids[5 % n]
    foot_c = cids[6 % n]
    anomalies = []
    plan = {
        (noise_c, "noise"): (9 * 24 + 20, 12 * 24 + 6),  # three nights, 20:00 day 10 .. 06:00 day 13
        (lift_c, "elevator_fault"): (16 * 24 + 8, 16 * 24 + 20),  # twelve hours of repeated faults
        (foot_c, "footfall"): (20 * 24, 22 * 24),  # sensor outage: zeros for two days
    }
    if spec.name == "city":
        for k in range(1, n // 20):
            plan[(cids[(k * 7 + 2) % n], "noise")] = (9 * 24 + 20, 12 * 24 + 6)
    k = 0
    for _ci, row in communities.reset_index(drop=True).iterrows():
        cx, cy = row.geometry.centroid.x, row.geometry.centroid.y
        for kind, unit in KINDS:
            k += 1
            sid = (
                f"S{row.community_id}-{kind[:1].upper()}"
                if kind != "elevator_fault"
                else f"S{row.community_id}-E"
            )
            s_rows.append({"sensor_id": sid, "community_id": row.community_id, "kind": kind, "unit": unit})
            s_geoms.append(Point(cx + rng.uniform(-60, 60), cy + rng.uniform(-60, 60)))
            if kind == "footfall":
                level = rng.uniform(120, 260)
                shape = np.exp(-((hod - 8.0) ** 2) / 4) + np.exp(-((hod - 18.0) ** 2) / 5) + 0.2
                shape *= np.where(dow >= 5, 0.8, 1.0)
                value = np.round(rng.poisson(level * shape)).astype(float)
            elif kind == "noise":
                base = rng.uniform(46, 50)
                day = np.where((hod >= 7) & (hod < 22), 8.0, 0.0)
                value = np.round(base + day + np.clip(rng.normal(0, 1.2, len(hours)), -3, 3), 1)
            else:
                value = (rng.random(len(hours)) < 0.01).astype(float)
            window = plan.get((row.community_id, kind))
            if window:
                a, b = window
                m = (hours >= a) & (hours < b)
                if kind == "noise":
                    value[m & ((hod >= 22) | (hod < 6))] += 18.0
                    value[m & ~((hod >= 22) | (hod < 6))] += 6.0
                elif kind == "elevator_fault":
                    value[m] = rng.integers(3, 7, m.sum())
                else:
                    value[m] = 0.0
                anomalies.append(
                    {
                        "sensor_id": sid,
                        "community_id": row.community_id,
                        "kind": kind,
                        "start": str(_iso(start, a)),
                        "end": str(_iso(start, b)),
                        "description": {
                            "noise": "night noise 18 dB(A) above normal for three nights",
                            "elevator_fault": "3-6 elevator faults per hour for twelve hours",
                            "footfall": "footfall counter reports 0 for two days (outage)",
                        }[kind],
                    }
                )
            obs.append(
                pd.DataFrame({"sensor_id": sid, "phenomenon_time": _iso(start, hours), "value": value})
            )
    sensors = gpd.GeoDataFrame(pd.DataFrame(s_rows), geometry=s_geoms, crs=crs)
    observations = pd.concat(obs, ignore_index=True)
    return sensors, observations, anomalies


def feedback_points(spec, communities, residential, anomalies, rng, crs):
    start = np.datetime64(config.START_DATE + "T00:00:00")
    n = spec.feedback
    comp = rng.choice(len(residential), size=n, p=residential["pop_total"] / residential["pop_total"].sum())
    rows, geoms = [], []
    weights = np.array([2, 1, 3, 3, 2, 1, 1, 1], dtype=float)
    for k in range(n):
        g = residential.geometry.iloc[comp[k]]
        c = g.centroid
        fb_type = FB_TYPES[rng.choice(len(FB_TYPES), p=weights / weights.sum())]
        hour = rng.uniform(0, spec.sensor_days * 24)
        rows.append(
            (
                fb_type,
                hour,
                residential["community_id"].iat[comp[k]],
                c.x + rng.uniform(-60, 60),
                c.y + rng.uniform(-60, 60),
            )
        )
    # complaints that follow the planted anomalies
    for a in anomalies:
        if a["kind"] in ("noise", "elevator_fault"):
            fb_type = "噪声扰民" if a["kind"] == "noise" else "电梯故障"
            t0 = (np.datetime64(a["start"][:19]) - start) / np.timedelta64(1, "h")
            t1 = (np.datetime64(a["end"][:19]) - start) / np.timedelta64(1, "h")
            members = np.flatnonzero(residential["community_id"].to_numpy() == a["community_id"])
            for _ in range(6):
                c = residential.geometry.iloc[members[rng.integers(len(members))]].centroid
                rows.append(
                    (
                        fb_type,
                        rng.uniform(t0, t1),
                        a["community_id"],
                        c.x + rng.uniform(-60, 60),
                        c.y + rng.uniform(-60, 60),
                    )
                )
    rows.sort(key=lambda r: r[1])
    out, geoms = [], []
    for k, (fb_type, hour, cid, x, y) in enumerate(rows):
        age = spec.sensor_days * 24 - hour
        status = (
            "已办结" if age > 96 and rng.random() < 0.85 else FB_STATUS[rng.integers(2 if age < 24 else 3)]
        )
        texts = FB_TEXT[fb_type]
        out.append(
            {
                "fb_id": f"FB{k + 1:05d}",
                "fb_type": fb_type,
                "status": status,
                "created_at": str(_iso(start, np.floor(hour * 60) / 60)),
                "community_id": cid,
                "text": texts[rng.integers(len(texts))],
            }
        )
        geoms.append(Point(x, y))
    return gpd.GeoDataFrame(pd.DataFrame(out), geometry=geoms, crs=crs)
