"""The shipped demo community: every known-truth fact holds on the data as written.

The checks recompute each fact from the GeoPackage with independent code (shapely, scipy,
pyproj); they never reuse the generator's own bookkeeping.
"""

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pyproj import Geod, Transformer
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree
from shapely.ops import transform, unary_union

ROOT = Path(__file__).resolve().parents[2]
GPKG = ROOT / "resources" / "demo" / "community_demo.gpkg"
TRUTH = ROOT / "resources" / "demo" / "known_truth.json"
CONTRACT_TEXT = (ROOT / "docs" / "DEMO_DATA.md").read_text(encoding="utf-8")


def contract_fields():
    """layer -> field names, parsed from the table in docs/DEMO_DATA.md."""
    import re

    out = {}
    for line in CONTRACT_TEXT.splitlines():
        m = re.match(r"^\| `(\w+)` \| ([^|]+) \| (.+) \|$", line)
        if m:
            cell = re.sub(r"\([^)]*\)", "", m.group(3).replace("added:", ""))
            fields = re.findall(r"`(\w+)`", cell)
            out[m.group(1)] = (m.group(2).strip(), fields)
    return out


@pytest.fixture(scope="module")
def truth():
    return json.loads(TRUTH.read_text(encoding="utf-8"))


_cache = {}


def layer(name):
    if name not in _cache:
        _cache[name] = gpd.read_file(str(GPKG), layer=name)
    return _cache[name]


def gpkg_schema():
    """layer -> (geometry type name or None, srs id, {field: sql type}, row count), from SQLite."""
    import sqlite3

    con = sqlite3.connect(f"file:{GPKG}?mode=ro", uri=True)
    try:
        geometry = {
            t: (g.upper(), s)
            for t, g, s in con.execute(
                "SELECT table_name, geometry_type_name, srs_id FROM gpkg_geometry_columns"
            )
        }
        out = {}
        for (name,) in con.execute("SELECT table_name FROM gpkg_contents").fetchall():
            fields = {r[1]: r[2] for r in con.execute(f'PRAGMA table_info("{name}")')}
            count = con.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            gtype, srs = geometry.get(name, (None, None))
            out[name] = (gtype, srs, fields, count)
        return out
    finally:
        con.close()


def test_size_limit_and_layers():
    assert GPKG.stat().st_size < 20 * 1024 * 1024
    schema = gpkg_schema()
    contract = contract_fields()
    assert len(contract) >= 20
    assert set(schema) == set(contract)
    for name, (geometry, fields) in contract.items():
        gtype, srs, columns, _count = schema[name]
        for field in fields:
            assert field in columns, (name, field)
        if geometry.startswith("none"):
            assert gtype is None, name
        else:
            assert geometry.split()[0].upper() in gtype, name  # Polygon also matches MULTIPOLYGON
            assert srs == 4548, name


def test_crs_and_place(truth):
    roads = layer("roads")
    assert roads.crs.to_epsg() == 4548
    lon, lat = Transformer.from_crs(4548, 4490, always_xy=True).transform(*roads.total_bounds[:2])
    assert 117.0 < lon < 117.6 and 31.6 < lat < 32.0  # near Hefei
    assert truth["metadata"]["crs"] == "EPSG:4548"


def test_counts_match_truth(truth):
    schema = gpkg_schema()
    assert {name: v[3] for name, v in schema.items()} == truth["metadata"]["counts"]


def test_populations_add_up(truth):
    res = layer("residential")
    comm = layer("communities")
    ages = ["pop_0_6", "pop_7_14", "pop_15_59", "pop_60_79", "pop_80p"]
    mismatch = set(res.loc[res[ages].sum(axis=1) != res["pop_total"], "res_id"])
    planted = {d["id"] for d in truth["quality"]["defects"] if d["check"] == "age_groups_sum_mismatch"}
    assert mismatch == planted and len(planted) == 1
    per = res.groupby("community_id")["pop_total"].sum()
    assert dict(zip(comm["community_id"], comm["population"])) == {k: int(v) for k, v in per.items()}
    assert int(res["pop_total"].sum()) == truth["metadata"]["population_total"]
    assert 30000 <= truth["metadata"]["population_total"] <= 60000
    assert 6 <= len(comm) <= 10
    assert (res["households"] > 0).all() and (res["pop_low_income"] <= res["pop_total"]).all()
    # every compound lies in the community it names
    joined = gpd.sjoin(
        gpd.GeoDataFrame(
            res[["res_id", "community_id"]],
            geometry=res.geometry.buffer(0).representative_point(),
            crs=res.crs,
        ),
        comm[["community_id", "geometry"]],
        predicate="within",
    )
    assert (joined["community_id_left"] == joined["community_id_right"]).all() and len(joined) == len(res)


def test_geometries_valid_except_planted(truth):
    planted = {
        (d["layer"], d["id"]) for d in truth["quality"]["defects"] if d["check"] == "self_intersection"
    }
    assert planted
    id_fields = {
        "residential": "res_id",
        "communities": "community_id",
        "plan_parcels": "parcel_id",
        "candidate_sites": "site_id",
        "roads": "road_id",
        "facilities": "fac_id",
    }
    for name in [
        "subdistrict",
        "communities",
        "residential",
        "candidate_sites",
        "plan_parcels",
        "STBHHX",
        "YJJBNT",
        "CZKFBJ",
        "GHFQ",
        "KZDY",
        "DLHX",
        "ZXCQCSLVX",
        "ZXCQCSLX",
        "ZXCQCSZX",
        "ZXCQCSHX",
        "roads",
        "facilities",
        "sensors",
        "feedback",
    ]:
        frame = layer(name)
        invalid = frame[~frame.is_valid]
        field = id_fields.get(name)
        got = {(name, v) for v in invalid[field]} if field else {(name, i) for i in invalid.index}
        assert got == {p for p in planted if p[0] == name}, name


def test_quality_defects_hold(truth):
    defects = truth["quality"]["defects"]
    checks = {d["check"] for d in defects}
    assert {
        "self_intersection",
        "duplicate_id",
        "age_groups_sum_mismatch",
        "duplicate_geometry",
        "mojibake",
    } <= checks
    res = layer("residential")
    fac = layer("facilities")
    sites = layer("candidate_sites")
    for d in defects:
        frame = layer(d["layer"])
        rows = frame[frame[d["id_field"]] == d["id"]]
        assert len(rows) >= 1, d
        if d["check"] == "duplicate_id":
            assert len(rows) == 2 and rows.geometry.iloc[0].distance(rows.geometry.iloc[1]) > 1
        elif d["check"] == "duplicate_geometry":
            other = frame[frame[d["id_field"]] == d["duplicate_of"]]
            assert rows.geometry.iloc[0].equals(other.geometry.iloc[0])
        elif d["check"] == "mojibake":
            name = rows["name"].iloc[0]
            assert (
                name != d["expected"]
                and d["expected"].encode("utf-8").decode("gbk", errors="replace") == name
            )
        else:
            assert len(rows) == 1
    # nothing else: ids unique, no other duplicate geometry, names clean
    dup_ids = {d["id"] for d in defects if d["check"] == "duplicate_id"}
    assert set(fac.loc[fac["fac_id"].duplicated(), "fac_id"]) == dup_ids
    for frame, field in (
        (res, "res_id"),
        (sites, "site_id"),
        (layer("plan_parcels"), "parcel_id"),
        (layer("roads"), "road_id"),
    ):
        assert not frame[field].duplicated().any()
    wkb = sites.geometry.apply(lambda g: g.wkb)
    assert wkb.duplicated().sum() == 1
    assert res.geometry.apply(lambda g: g.wkb).duplicated().sum() == 0
    bad_names = {d["id"] for d in defects if d["check"] == "mojibake"}
    clean = res[~res["res_id"].isin(bad_names)]["name"]
    assert clean.str.fullmatch(r"[\u4e00-\u9fff]+").all()


# -- roads ------------------------------------------------------------------------------------
def _graph(lines):
    """Nodes = distinct vertices (mm), edges = consecutive vertices."""
    a_list, b_list = [], []
    for g in lines:
        xy = np.asarray(g.coords)
        a_list.append(xy[:-1])
        b_list.append(xy[1:])
    a, b = np.concatenate(a_list), np.concatenate(b_list)
    keys, inv = np.unique(
        np.round(np.concatenate([a, b]) * 1000).astype(np.int64), axis=0, return_inverse=True
    )
    inv = inv.reshape(-1)
    ia, ib = inv[: len(a)], inv[len(a) :]
    w = np.hypot(*(b - a).T)
    keep = ia != ib
    n = len(keys)
    m = coo_matrix(
        (np.r_[w[keep], w[keep]], (np.r_[ia[keep], ib[keep]], np.r_[ib[keep], ia[keep]])), shape=(n, n)
    ).tocsr()
    return keys / 1000.0, m


def test_road_truth(truth):
    roads = layer("roads")
    t = truth["roads"]
    assert set(roads["road_class"]) == {"主干路", "次干路", "支路", "小区路", "步行道"}
    assert set(roads.loc[roads["pedestrian"] == 0, "road_id"]) == set(t["non_pedestrian_road_ids"]) != set()
    assert set(roads.loc[roads["level"] == 1, "road_id"]) == set(t["bridge_road_ids"]) != set()
    # duplicate consecutive vertices exactly where planted
    dup = {
        rid
        for rid, g in zip(roads["road_id"], roads.geometry)
        if (np.diff(np.asarray(g.coords), axis=0) == 0).all(axis=1).any()
    }
    assert dup == set(t["duplicate_vertex_road_ids"]) != set()

    # direction convention: west -> east, else south -> north
    def reversed_(g):
        (x0, y0), (x1, y1) = g.coords[0], g.coords[-1]
        return x1 < x0 or (x1 == x0 and y1 < y0)

    assert (
        {rid for rid, g in zip(roads["road_id"], roads.geometry) if reversed_(g)}
        == set(t["reversed_road_ids"])
        != set()
    )
    # noded: every crossing of two roads is a vertex of both, except the bridge
    sindex = roads.sindex
    geoms = list(roads.geometry)
    ids = list(roads["road_id"])
    crossings = set()
    for i, g in enumerate(geoms):
        for j in sindex.query(g, predicate="intersects"):
            if j <= i:
                continue
            inter = g.intersection(geoms[j])
            pts = [inter] if inter.geom_type == "Point" else list(getattr(inter, "geoms", []))
            for p in pts:
                vi = {tuple(c) for c in geoms[i].coords}
                vj = {tuple(c) for c in geoms[j].coords}
                if (p.x, p.y) not in vi or (p.x, p.y) not in vj:
                    crossings.add(ids[i])
                    crossings.add(ids[j])
    bridge = set(t["bridge_road_ids"])
    under = crossings - bridge  # the two segments of the road under the bridge, meeting below it
    assert bridge <= crossings and 1 <= len(under) <= 2
    assert (roads.set_index("road_id").loc[sorted(under), "level"] == 0).all()
    # components: one network plus the fragment
    nodes, m = _graph(geoms)
    n_comp, labels = connected_components(m, directed=False)
    assert n_comp == 2
    frag_nodes = np.unique(
        np.round(
            np.concatenate([np.asarray(geoms[ids.index(r)].coords) for r in t["fragment_road_ids"]]) * 1000
        ).astype(np.int64),
        axis=0,
    )
    lookup = {tuple(k): i for i, k in enumerate(np.round(nodes * 1000).astype(np.int64))}
    frag_labels = {labels[lookup[tuple(k)]] for k in frag_nodes}
    assert len(frag_labels) == 1 and (labels == frag_labels.pop()).sum() == len(frag_nodes)
    assert int((np.diff(m.indptr) == 1).sum()) == t["dead_end_count"] > 0


# -- facilities -------------------------------------------------------------------------------
def _facility_distances():
    roads = layer("roads")
    ped = roads[roads["pedestrian"] == 1]
    nodes, m = _graph(list(ped.geometry))
    tree = cKDTree(nodes)
    res = layer("residential")
    centroids = np.array([[g.centroid.x, g.centroid.y] for g in res.geometry.buffer(0)])
    _, res_nodes = tree.query(centroids)
    dist = dijkstra(m, directed=False, indices=res_nodes, limit=3000)
    return res, tree, dist


def test_facility_gaps_and_served_by_network(truth):
    res, tree, dist = _facility_distances()
    fac = layer("facilities")
    margin = truth["facility_rules"]["margin_m"]
    pop = res["pop_total"].to_numpy()
    comm = res["community_id"].to_numpy()
    types_with_gap = {g["fac_type"] for g in truth["facility_gaps"]}
    types_served = {g["fac_type"] for g in truth["facility_served"]}
    radius = truth["facility_rules"]["radius_m"]
    assert types_with_gap == types_served == set(radius)  # every type has both, care_home none
    for kind, expect in (("gap", truth["facility_gaps"]), ("served", truth["facility_served"])):
        for entry in expect:
            f = fac[fac["fac_type"] == entry["fac_type"]]
            _, f_nodes = tree.query(np.array([[p.x, p.y] for p in f.geometry]))
            nearest = dist[:, f_nodes].min(axis=1)
            m = comm == entry["community_id"]
            r = entry["radius_m"]
            assert r == radius[entry["fac_type"]]
            share = pop[m][nearest[m] <= r].sum() / pop[m].sum()
            assert share == pytest.approx(entry["share_within"], abs=1e-4)
            if kind == "gap":
                assert share < 0.5 and (nearest[m] > r + margin - 20).all()
            else:
                assert share >= 0.9 and (nearest[m] <= r - margin + 20).all()
    assert set(fac["fac_type"]) == set(radius) | {"care_home"}
    assert (fac["capacity"] > 0).all() and set(fac["capacity_unit"]) <= {"places", "beds", "m2"}


def test_facility_pairs_unique(truth):
    pairs = [(g["community_id"], g["fac_type"]) for g in truth["facility_gaps"] + truth["facility_served"]]
    assert len(pairs) == len(set(pairs))


# -- conformity -------------------------------------------------------------------------------
def _ell(geom):
    to_geo = Transformer.from_crs(4548, 4490, always_xy=True).transform
    return abs(Geod(ellps="GRS80").geometry_area_perimeter(transform(to_geo, geom))[0])


def test_conformity_overlaps(truth):
    c = truth["conformity"]
    parcels = layer("plan_parcels").set_index("parcel_id")
    found = []
    for name in ("STBHHX", "YJJBNT"):
        union = unary_union(list(layer(name).geometry))
        for pid, g in parcels.geometry.items():
            inter = g.intersection(union)
            if inter.area > 0:
                found.append((pid, name, inter))
    czk = unary_union(list(layer("CZKFBJ").geometry))
    for pid, g in parcels.geometry.items():
        outside = g.difference(czk)
        if outside.area > 0:
            found.append((pid, "CZKFBJ", outside))
    listed = {(e["parcel_id"], e["layer"]): e for e in c["conflicts"] + c["sliver_tolerated"]}
    assert {(p, n) for p, n, _ in found} == set(listed)
    for pid, name, geom in found:
        e = listed[(pid, name)]
        assert e["overlap_m2_planar"] == pytest.approx(geom.area, abs=1e-3)
        assert e["overlap_m2_ellipsoidal"] == pytest.approx(_ell(geom), abs=1e-3)
        in_conflicts = e in c["conflicts"]
        assert in_conflicts == (geom.area >= c["area_tolerance_m2"])
    stb = [
        e
        for e in c["conflicts"]
        if e["layer"] == "STBHHX" and e["parcel_id"] not in {m["parcel_id"] for m in c["manual_review"]}
    ]
    assert any(100 <= e["overlap_m2_planar"] < 1000 for e in stb)
    assert any(e["layer"] == "YJJBNT" for e in c["conflicts"])
    assert any(
        e["layer"] == "CZKFBJ"
        and e["overlap_m2_planar"] == pytest.approx(parcels.geometry[e["parcel_id"]].area)
        for e in c["conflicts"]
    )
    assert all(e["overlap_m2_planar"] < 1 for e in c["sliver_tolerated"]) and c["sliver_tolerated"]
    thin = c["thin_overlap_flagged"]
    assert thin and all(5 <= e["overlap_m2_planar"] <= 10 and e in c["conflicts"] for e in thin)
    assert all(e["overlap_m2_planar"] / e["perimeter_m"] <= c["thin_ratio_m"] for e in thin)
    for m in c["manual_review"]:
        assert parcels.loc[m["parcel_id"], "activity_class"] == m["activity_class"]
        assert (m["parcel_id"], "STBHHX") in listed
    assert parcels["activity_class"].notna().sum() == len(c["manual_review"])


def test_conformity_rules_and_clear(truth):
    c = truth["conformity"]
    parcels = layer("plan_parcels")
    kz = layer("KZDY")
    joined = gpd.sjoin(
        gpd.GeoDataFrame(
            parcels.drop(columns="geometry"), geometry=parcels.representative_point(), crs=parcels.crs
        ),
        kz,
        predicate="within",
    )
    assert len(joined) == len(parcels)
    got = set()
    for _, r in joined.iterrows():
        for ind, limit, above in (
            ("RJL", "RJL_MAX", True),
            ("JZMD", "JZMD_MAX", True),
            ("LDL", "LDL_MIN", False),
            ("JZGD", "JZGD_MAX", True),
        ):
            if (r[ind] > r[limit]) if above else (r[ind] < r[limit]):
                got.add((r["parcel_id"], ind, r[ind], r[limit]))
    assert got == {
        (v["parcel_id"], v["indicator"], v["value"], v["limit"]) for v in c["indicator_violations"]
    }
    # use compatibility against GHFQ with the documented prefixes
    allowed = c["ghfq_allowed_prefixes"]
    ghfq = layer("GHFQ")
    warned = {w["parcel_id"] for w in c["code_warnings"]}
    zoned = gpd.sjoin(
        gpd.GeoDataFrame(
            parcels[["parcel_id", "YDYHFLDM"]], geometry=parcels.representative_point(), crs=parcels.crs
        ),
        ghfq,
        predicate="within",
    )
    bad = {
        (r.parcel_id, r.YDYHFLDM, r.GHFQDM)
        for r in zoned.itertuples()
        if r.parcel_id not in warned and not any(r.YDYHFLDM.startswith(p) for p in allowed[r.GHFQDM])
    }
    assert bad == {(v["parcel_id"], v["code"], v["zone_code"]) for v in c["use_violations"]} and bad
    assert {r.parcel_id for r in parcels.itertuples() if r.YDYHFLDM == "05"} == warned != set()
    flagged = {
        e["parcel_id"]
        for key in (
            "conflicts",
            "sliver_tolerated",
            "manual_review",
            "indicator_violations",
            "use_violations",
            "code_warnings",
        )
        for e in c[key]
    }
    assert set(c["clear_parcels"]) == set(parcels["parcel_id"]) - flagged
    assert len(c["clear_parcels"]) > len(parcels) / 2


# -- trajectories -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def traj():
    from community_governance.processing.engine.demo.io import read_xy_points

    frame = read_xy_points(GPKG, "trajectories")
    frame["t"] = pd.to_datetime(frame["timestamp"])
    return frame


def test_trajectory_format(traj, truth):
    t = truth["trajectories"]
    assert traj["user_id"].nunique() >= 200
    assert traj["timestamp"].str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00").all()
    span = (traj["t"].max() - traj["t"].min()).total_seconds() / 86400
    assert span >= 13.9 and t["period"]["days"] >= 14
    for _uid, g in traj.groupby("user_id"):
        assert g["t"].is_monotonic_increasing and g["t"].is_unique
    assert set(t["homes"]) == set(traj["user_id"]) == set(t["home_xy"])
    assert sum(t["users_per_community"].values()) == len(t["homes"])
    assert (traj["accuracy_m"] > 0).all()
    dt = traj.groupby("user_id")["t"].diff().dt.total_seconds().dropna()
    assert (dt <= 40).mean() > 0.3 and (dt >= 300).mean() > 0.2  # dense moving, sparse still


def test_homes_and_night_points(traj, truth):
    t = truth["trajectories"]
    res = layer("residential").set_index("res_id")
    from shapely.geometry import Point

    for uid, rid in t["homes"].items():
        assert res.geometry[rid].buffer(0).contains(Point(t["home_xy"][uid]))
    outliers = {(o["user_id"], o["timestamp"]) for o in t["outliers"]}
    hour = traj["t"].dt.hour
    night = traj[(hour >= 1) & (hour < 5)]
    night = night[[(u, s) not in outliers for u, s in zip(night["user_id"], night["timestamp"])]]
    med = night.groupby("user_id")[["x", "y"]].median()
    home = pd.DataFrame(t["home_xy"], index=["hx", "hy"]).T
    d = np.hypot(med["x"] - home.loc[med.index, "hx"], med["y"] - home.loc[med.index, "hy"])
    assert (d < 25).all()


def test_stays_and_outliers(traj, truth):
    t = truth["trajectories"]
    stays = pd.DataFrame(t["stays"])
    stays["s"] = pd.to_datetime(stays["start"])
    stays["e"] = pd.to_datetime(stays["end"])
    assert (stays["e"] >= stays["s"]).all()
    assert set(stays["purpose"]) >= {"home", "work", "school", "shopping", "park", "clinic"}
    for _uid, g in stays.groupby("user_id"):
        assert (g["s"].iloc[1:].to_numpy() >= g["e"].iloc[:-1].to_numpy()).all()  # no overlap
    # points inside a stay window are near the stay place (outliers excepted)
    outliers = {(o["user_id"], o["timestamp"]) for o in t["outliers"]}
    sample = stays.sample(400, random_state=1)
    by_user = dict(tuple(traj.groupby("user_id")))
    near = total = 0
    for s in sample.itertuples():
        g = by_user[s.user_id]
        w = g[(g["t"] > s.s) & (g["t"] < s.e)]
        w = w[[(s.user_id, ts) not in outliers for ts in w["timestamp"]]]
        d = np.hypot(w["x"] - s.x, w["y"] - s.y)
        near += int((d < 60).sum())
        total += len(w)
    assert total > 300 and near / total > 0.99
    # outliers are real jumps
    assert 5 <= len(t["outliers"]) <= 0.002 * len(traj)
    idx = traj.set_index(["user_id", "timestamp"])
    for o in t["outliers"][:50]:
        row = idx.loc[(o["user_id"], o["timestamp"])]
        g = by_user[o["user_id"]]
        k = g.index.get_loc(g.index[g["timestamp"] == o["timestamp"]][0])
        neighbours = g.iloc[[max(k - 1, 0), min(k + 1, len(g) - 1)]]
        assert (np.hypot(neighbours["x"] - row["x"], neighbours["y"] - row["y"]) > 250).any()


# -- monitoring -------------------------------------------------------------------------------
def test_sensor_anomalies_exactly(truth):
    obs = gpd.read_file(str(GPKG), layer="sensor_observations")
    sensors = layer("sensors")
    assert set(sensors["kind"]) == {"footfall", "noise", "elevator_fault"}
    assert obs["phenomenon_time"].str.endswith("+08:00").all()
    obs["t"] = pd.to_datetime(obs["phenomenon_time"])
    kinds = dict(zip(sensors["sensor_id"], sensors["kind"]))
    flagged = set()
    for sid, g in obs.groupby("sensor_id"):
        v = g["value"].to_numpy()
        hour = g["t"].dt.hour.to_numpy()
        if kinds[sid] == "noise":
            night = (hour >= 22) | (hour < 6)
            ref = np.median(v[night])
            bad = night & (v > ref + 10)
        elif kinds[sid] == "elevator_fault":
            bad = v >= 3
        else:
            bad = v == 0
        flagged |= {(sid, ts) for ts in g["t"][bad]}
    expected = set()
    for a in truth["monitoring"]["anomalies"]:
        assert a["kind"] == kinds[a["sensor_id"]]
        hit = {
            f
            for f in flagged
            if f[0] == a["sensor_id"] and pd.Timestamp(a["start"]) <= f[1] < pd.Timestamp(a["end"])
        }
        assert hit, a
        expected |= hit
    assert flagged == expected  # nothing outside the planted windows
    assert {a["kind"] for a in truth["monitoring"]["anomalies"]} == {"noise", "elevator_fault", "footfall"}


def test_feedback_and_metadata(truth):
    fb = layer("feedback")
    assert fb["text"].str.contains(r"[\u4e00-\u9fff]").all()
    assert (
        set(fb["status"]) <= {"待处理", "处理中", "已办结"} and fb["created_at"].str.endswith("+08:00").all()
    )
    assert set(fb["community_id"]) <= set(layer("communities")["community_id"])
    meta = gpd.read_file(str(GPKG), layer="metadata")
    kv = dict(zip(meta["key"], meta["value"]))
    assert kv["synthetic"].startswith("yes") and int(kv["seed"]) == truth["metadata"]["seed"]
    assert kv["size"] == "demo" and kv["generator"]


def test_planted_roles_survive_snapping_to_edges(truth):
    """DEMO_DATA promises that snapping origins and facilities to the nearest point of the nearest
    pedestrian edge (instead of the nearest vertex) does not flip any planted pair."""
    from shapely.geometry import Point

    roads = layer("roads")
    ped = roads[roads["pedestrian"] == 1].reset_index(drop=True)
    nodes, m = _graph(list(ped.geometry))
    keys = {tuple(k): i for i, k in enumerate(np.round(nodes * 1000).astype(np.int64))}
    sindex = ped.sindex

    def snap(p):
        """(node a, offset to a, node b, offset to b) of the nearest point on the nearest edge."""
        point = Point(p)
        candidates = sindex.query(point.buffer(150))
        best = None
        for k in candidates:
            coords = np.asarray(ped.geometry.iloc[k].coords)
            for a, b in zip(coords[:-1], coords[1:]):
                ab = b - a
                length2 = float(ab @ ab)
                if length2 == 0:
                    continue
                t = min(max(float((np.asarray(p) - a) @ ab) / length2, 0.0), 1.0)
                q = a + t * ab
                d = float(np.hypot(*(q - p)))
                if best is None or d < best[0]:
                    seg = np.sqrt(length2)
                    best = (d, a, b, t * seg, (1 - t) * seg)
        _, a, b, da, db = best
        key = lambda xy: keys[tuple(np.round(xy * 1000).astype(np.int64))]  # noqa: E731
        return key(a), da, key(b), db

    res = layer("residential")
    fac = layer("facilities")
    origins = [snap(np.array([g.centroid.x, g.centroid.y])) for g in res.geometry.buffer(0)]
    o_nodes = sorted({o[0] for o in origins} | {o[2] for o in origins})
    dist = dijkstra(m, directed=False, indices=o_nodes, limit=3000)
    row = {n: i for i, n in enumerate(o_nodes)}
    comm = res["community_id"].to_numpy()
    for kind, entries in (("gap", truth["facility_gaps"]), ("served", truth["facility_served"])):
        for entry in entries:
            r = entry["radius_m"]
            targets = [snap(np.array([p.x, p.y])) for p in fac[fac["fac_type"] == entry["fac_type"]].geometry]
            for i in np.flatnonzero(comm == entry["community_id"]):
                oa, oda, ob, odb = origins[i]
                best = np.inf
                for fa, fda, fb, fdb in targets:
                    for on, od in ((oa, oda), (ob, odb)):
                        for fn, fd in ((fa, fda), (fb, fdb)):
                            best = min(best, od + dist[row[on], fn] + fd)
                assert (best > r) if kind == "gap" else (best <= r), (entry, res["res_id"].iat[i], best)
