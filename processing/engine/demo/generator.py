"""Generate the demo community: layers (GeoDataFrames / DataFrames) and the known truth."""

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod
from shapely.geometry import LineString, Point, Polygon, box
from shapely.ops import unary_union

from ..errors import InputError, check_cancel, never_cancelled, no_progress
from . import config, mobility, monitoring, services
from . import layout as layout_mod
from .network import build_graph

CRS = f"EPSG:{config.CRS_EPSG}"
AGE_FIELDS = ["pop_0_6", "pop_7_14", "pop_15_59", "pop_60_79", "pop_80p"]
AGE_SHARES = np.array([0.06, 0.08, 0.62, 0.19, 0.05])

LAYER_ORDER = [
    "subdistrict",
    "communities",
    "roads",
    "residential",
    "facilities",
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
    "trajectories",
    "sensors",
    "sensor_observations",
    "feedback",
    "metadata",
]


@dataclass
class DemoData:
    layers: dict  # name -> GeoDataFrame (spatial) or DataFrame (tables), in LAYER_ORDER
    truth: dict
    epsg: int = config.CRS_EPSG
    # ``trajectories`` is a DataFrame with x/y columns (written as GPKG points)


def _streams(seed: int):
    names = ["layout", "population", "facilities", "plan", "mobility", "monitoring", "feedback"]
    children = np.random.SeedSequence(seed).spawn(len(names))
    return {n: np.random.default_rng(c) for n, c in zip(names, children)}


def generate(
    seed: int = config.DEFAULT_SEED, size: str = "demo", progress=no_progress, cancelled=never_cancelled
) -> DemoData:
    """All layers and the known truth for ``seed`` and ``size`` ("demo" or "city")."""
    if size not in config.SIZES:
        raise InputError(code="demo_bad_size", template="Unknown demo size {size}", size=size, detail=size)
    spec = config.SIZES[size]
    rng = _streams(int(seed))
    ox, oy = config.ORIGIN_XY
    lay = layout_mod.build_layout(spec, rng["layout"])
    progress(0.05)
    check_cancel(cancelled)

    def shift(coords):
        return [(x + ox, y + oy) for x, y in coords]

    # -- 街道 and 社区 ------------------------------------------------------------------------
    subdistrict = gpd.GeoDataFrame(
        {"jd_code": [config.JD_CODE], "jd_name": [config.JD_NAME]},
        geometry=[box(ox, oy, ox + lay.width_m, oy + lay.height_m)],
        crs=CRS,
    )

    # -- roads --------------------------------------------------------------------------------
    road_ids = [f"R{k + 1:04d}" if len(lay.roads) < 10000 else f"R{k + 1:06d}" for k in range(len(lay.roads))]
    roads = gpd.GeoDataFrame(
        {
            "road_id": road_ids,
            "name": [r["name"] for r in lay.roads],
            "road_class": [r["road_class"] for r in lay.roads],
            "pedestrian": np.array([r["pedestrian"] for r in lay.roads], dtype=np.int32),
            "level": np.array([r["level"] for r in lay.roads], dtype=np.int32),
        },
        geometry=[LineString(shift(r["coords"])) for r in lay.roads],
        crs=CRS,
    )
    all_graph = build_graph([np.asarray(shift(r["coords"])) for r in lay.roads])
    ped_graph = build_graph([np.asarray(shift(r["coords"])) for r in lay.roads if r["pedestrian"] == 1])

    # -- residential compounds (小区) ---------------------------------------------------------
    prng = rng["population"]
    aging = {c[0]: prng.uniform(0.7, 1.6) for c in lay.communities}
    res_rows, res_geoms, res_anchor = [], [], []
    res_blocks = [bl for bl in lay.blocks if bl.use == "residential"]
    used_names = set()
    for k, bl in enumerate(res_blocks):
        x0, y0, x1, y1 = layout_mod.parcel_rect(lay, bl)
        pop = int(prng.integers(380, 900))
        shares = AGE_SHARES.copy()
        shares[3:] *= aging[bl.community]
        shares[:2] /= np.sqrt(aging[bl.community])
        shares /= shares.sum()
        ages = prng.multinomial(pop, shares)
        while True:
            name = (
                config.COMPOUND_WORDS[prng.integers(len(config.COMPOUND_WORDS))]
                + config.COMPOUND_WORDS[prng.integers(len(config.COMPOUND_WORDS))]
                + config.COMPOUND_SUFFIX[prng.integers(len(config.COMPOUND_SUFFIX))]
            )
            if name not in used_names:
                used_names.add(name)
                break
        res_rows.append(
            {
                "res_id": f"H{k + 1:04d}" if len(res_blocks) < 10000 else f"H{k + 1:06d}",
                "name": name,
                "community_id": bl.community,
                "households": int(round(pop / prng.uniform(2.5, 2.9))),
                "pop_total": pop,
                **{f: int(v) for f, v in zip(AGE_FIELDS, ages)},
                "pop_low_income": int(prng.binomial(pop, prng.uniform(0.01, 0.05))),
                "build_year": int(prng.integers(1985, 2021)),
            }
        )
        res_geoms.append(shift([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]))
        res_anchor.append((bl.centre[0] + ox, bl.centre[1] + oy))
    residential = pd.DataFrame(res_rows)
    res_anchor = np.asarray(res_anchor)
    defects = []
    # planted quality defects in residential: self-intersection, age-sum mismatch, mojibake
    pick = prng.choice(len(res_rows), size=3, replace=False)
    bad_geom, bad_ages, bad_name = (int(p) for p in pick)
    (x0, y0), (x1, _), (_, y1) = res_geoms[bad_geom][0], res_geoms[bad_geom][1], res_geoms[bad_geom][2]
    # a twisted south-west corner: the ring crosses itself (bow-tie of ~18 m)
    res_geoms[bad_geom] = [(x0 + 20.0, y0), (x0, y0 + 20.0), (x1, y0), (x1, y1), (x0, y1), (x0 + 20.0, y0)]
    defects.append(
        {
            "layer": "residential",
            "id_field": "res_id",
            "id": res_rows[bad_geom]["res_id"],
            "check": "self_intersection",
        }
    )
    residential.loc[bad_ages, "pop_80p"] += 7
    defects.append(
        {
            "layer": "residential",
            "id_field": "res_id",
            "id": res_rows[bad_ages]["res_id"],
            "check": "age_groups_sum_mismatch",
        }
    )
    original_name = residential.loc[bad_name, "name"]
    residential.loc[bad_name, "name"] = original_name.encode("utf-8").decode("gbk", errors="replace")
    defects.append(
        {
            "layer": "residential",
            "id_field": "res_id",
            "id": res_rows[bad_name]["res_id"],
            "check": "mojibake",
            "expected": original_name,
        }
    )
    residential = gpd.GeoDataFrame(residential, geometry=[Polygon(g) for g in res_geoms], crs=CRS)
    progress(0.15)
    check_cancel(cancelled)

    # -- communities ------------------------------------------------------------------------
    comm_pop = residential.groupby("community_id")["pop_total"].sum()
    communities = gpd.GeoDataFrame(
        {
            "community_id": [c[0] for c in lay.communities],
            "name": [c[1] for c in lay.communities],
            "population": [int(comm_pop.get(c[0], 0)) for c in lay.communities],
            "households": [
                int(residential.loc[residential.community_id == c[0], "households"].sum())
                for c in lay.communities
            ],
        },
        geometry=[box(b[0] + ox, b[1] + oy, b[2] + ox, b[3] + oy) for _, _, b in lay.communities],
        crs=CRS,
    )

    # -- facilities -------------------------------------------------------------------------
    frng = rng["facilities"]
    fragment_set = set(lay.road_truth["fragment"])
    connected_coords = [
        np.asarray(shift(r["coords"]))
        for k, r in enumerate(lay.roads)
        if r["pedestrian"] == 1 and k not in fragment_set
    ]
    cand_graph = build_graph(connected_coords)
    cand_nodes = ped_graph.nearest_node(cand_graph.nodes_xy)
    inside = (
        (cand_graph.nodes_xy[:, 0] > ox)
        & (cand_graph.nodes_xy[:, 0] < ox + lay.width_m)
        & (cand_graph.nodes_xy[:, 1] > oy)
        & (cand_graph.nodes_xy[:, 1] < oy + lay.height_m)
    )
    cand_nodes = cand_nodes[inside]
    cand_xy = ped_graph.nodes_xy[cand_nodes] + services.FACILITY_OFFSET_M
    cand_comm = _community_of(cand_xy, lay, ox, oy)
    comp_nodes, dist = services.compound_distances(ped_graph, res_anchor, limit_m=4000.0)
    roles = config.DEMO_ROLES if size == "demo" else services.random_roles(lay.communities, frng)
    placed, held = services.place_facilities(
        ped_graph,
        cand_nodes,
        cand_comm,
        residential["community_id"].to_numpy(),
        dist,
        roles,
        lay.communities,
        frng,
        strict=size == "demo",
    )
    # care homes: one per 8 communities, anywhere
    n_care = max(1, len(lay.communities) // 8)
    for node in frng.choice(cand_nodes, size=n_care, replace=False):
        placed.append(("care_home", int(node)))
    fac_rows, fac_geoms = [], []
    for k, (fac_type, node) in enumerate(
        sorted(placed, key=lambda p: (list(config.FAC_TYPE_ZH).index(p[0]), p[1]))
    ):
        x, y = ped_graph.nodes_xy[node] + services.FACILITY_OFFSET_M
        unit, cap_range, floor_range = config.FAC_CAPACITY[fac_type]
        cid = _community_of(np.array([[x, y]]), lay, ox, oy)[0]
        cname = dict((c[0], c[1]) for c in lay.communities)[cid].replace("社区", "")
        fac_rows.append(
            {
                "fac_id": f"F{k + 1:04d}",
                "name": f"{cname}{config.FAC_TYPE_ZH[fac_type]}{k + 1}",
                "fac_type": fac_type,
                "fac_type_zh": config.FAC_TYPE_ZH[fac_type],
                "capacity": int(frng.integers(cap_range[0], cap_range[1] + 1)),
                "capacity_unit": unit,
                "floor_area_m2": float(frng.integers(floor_range[0], floor_range[1] + 1))
                if floor_range[1]
                else 0.0,
                "community_id": cid,
            }
        )
        fac_geoms.append(Point(float(x), float(y)))
    facilities = gpd.GeoDataFrame(pd.DataFrame(fac_rows), geometry=fac_geoms, crs=CRS)
    # duplicate id (two facilities share an id) and a duplicate geometry (one digitised twice)
    a, b_ = (int(v) for v in frng.choice(len(facilities), size=2, replace=False))
    facilities.loc[b_, "fac_id"] = facilities.loc[a, "fac_id"]
    defects.append(
        {
            "layer": "facilities",
            "id_field": "fac_id",
            "id": facilities.loc[a, "fac_id"],
            "check": "duplicate_id",
        }
    )
    progress(0.3)
    check_cancel(cancelled)

    # facility truth from network shortest paths (pedestrian roads, nearest nodes)
    fac_nodes = ped_graph.nearest_node(np.array([[g.x, g.y] for g in facilities.geometry]))
    gaps, served, shares_all = [], [], {}
    pop = residential["pop_total"].to_numpy()
    rcomm = residential["community_id"].to_numpy()
    for fac_type, radius in config.RADIUS_M.items():
        nodes = fac_nodes[(facilities["fac_type"] == fac_type).to_numpy()]
        nearest = dist[:, nodes].min(axis=1) if len(nodes) else np.full(len(pop), np.inf)
        share = services.coverage_share(nearest, pop, rcomm, radius)
        shares_all[fac_type] = share
        for cid in held[fac_type]["gap"]:
            m = rcomm == cid
            assert (nearest[m] > radius + config.ROLE_MARGIN_M).all(), (fac_type, cid)
            gaps.append(
                {
                    "community_id": cid,
                    "fac_type": fac_type,
                    "radius_m": radius,
                    "share_within": round(share[cid], 4),
                }
            )
        for cid in held[fac_type]["served"]:
            m = rcomm == cid
            assert (nearest[m] <= radius - config.ROLE_MARGIN_M).all(), (fac_type, cid)
            served.append(
                {
                    "community_id": cid,
                    "fac_type": fac_type,
                    "radius_m": radius,
                    "share_within": round(share[cid], 4),
                }
            )

    # -- plan, one map, candidate sites -----------------------------------------------------
    from . import plan

    plan_layers, conformity, plan_defects = plan.build_plan(lay, rng["plan"], ox, oy, CRS)
    defects.extend(plan_defects)
    progress(0.45)
    check_cancel(cancelled)

    # -- trajectories -----------------------------------------------------------------------
    traj, traj_truth = mobility.simulate(
        spec,
        lay,
        residential,
        res_anchor,
        facilities,
        ped_graph,
        rng["mobility"],
        ox,
        oy,
        progress=lambda f: progress(0.45 + 0.4 * f),
        cancelled=cancelled,
    )
    trajectories = traj  # x/y columns, written as GPKG points by io (shapely 1.8 points are slow)

    # -- monitoring -------------------------------------------------------------------------
    sensors, observations, anomalies = monitoring.sensors_and_observations(
        spec, communities, rng["monitoring"], CRS
    )
    feedback = monitoring.feedback_points(spec, communities, residential, anomalies, rng["feedback"], CRS)
    progress(0.95)

    road_truth = lay.road_truth
    defects_roads = (
        [
            {"layer": "roads", "id_field": "road_id", "id": road_ids[k], "check": "crossing_without_node"}
            for k in road_truth["bridge"]
        ]
        + [
            {"layer": "roads", "id_field": "road_id", "id": road_ids[k], "check": "disconnected_fragment"}
            for k in road_truth["fragment"]
        ]
        + [
            {"layer": "roads", "id_field": "road_id", "id": road_ids[k], "check": "duplicate_vertices"}
            for k in road_truth["duplicate_vertex"]
        ]
        + [
            {"layer": "roads", "id_field": "road_id", "id": road_ids[k], "check": "reversed_direction"}
            for k in road_truth["reversed"]
        ]
    )
    metadata = pd.DataFrame(
        {
            "key": [
                "synthetic",
                "generator",
                "version",
                "seed",
                "size",
                "crs",
                "created_from",
                "licence",
                "note",
            ],
            "value": [
                "yes: every feature is invented; no real person, building or plan is depicted",
                config.GENERATOR,
                config.VERSION,
                str(int(seed)),
                size,
                CRS,
                "numpy.random.Generator (PCG64) seeded per theme via SeedSequence(seed).spawn",
                "CC0-1.0",
                "known truth in resources/demo/known_truth.json; contract in docs/DEMO_DATA.md",
            ],
        }
    )
    layers = {
        "subdistrict": subdistrict,
        "communities": communities,
        "roads": roads,
        "residential": residential,
        "facilities": facilities,
        **plan_layers,
        "trajectories": trajectories,
        "sensors": sensors,
        "sensor_observations": observations,
        "feedback": feedback,
        "metadata": metadata,
    }
    layers = {name: layers[name] for name in LAYER_ORDER}
    dead_ends = int((all_graph.degrees() == 1).sum())
    truth = {
        "metadata": {
            "seed": int(seed),
            "size": size,
            "crs": CRS,
            "generator": config.GENERATOR,
            "version": config.VERSION,
            "counts": {name: int(len(df)) for name, df in layers.items()},
            "population_total": int(residential["pop_total"].sum()),
            "households_total": int(residential["households"].sum()),
            "area_m2": float(lay.width_m * lay.height_m),
        },
        "roads": {
            "bridge_road_ids": [road_ids[k] for k in road_truth["bridge"]],
            "fragment_road_ids": [road_ids[k] for k in road_truth["fragment"]],
            "duplicate_vertex_road_ids": [road_ids[k] for k in road_truth["duplicate_vertex"]],
            "reversed_road_ids": [road_ids[k] for k in road_truth["reversed"]],
            "dead_end_count": dead_ends,
            "non_pedestrian_road_ids": [road_ids[k] for k, r in enumerate(lay.roads) if r["pedestrian"] == 0],
            "digitising_convention": "west to east, else south to north (increasing x, then y)",
        },
        "facility_gaps": gaps,
        "facility_served": served,
        "facility_rules": {
            "radius_m": dict(config.RADIUS_M),
            "margin_m": config.ROLE_MARGIN_M,
            "origin": "compound centroid snapped to the nearest pedestrian-road vertex",
            "destination": "facility point snapped to the nearest pedestrian-road vertex",
            "network": "roads with pedestrian = 1, vertices shared = junctions",
            "care_home": "no GB 50180-2018 radius: one per 8 communities, never in gap/served lists",
        },
        "conformity": conformity,
        "quality": {"defects": defects_roads + defects + [d for d in traj_truth.pop("defects", [])]},
        "trajectories": traj_truth,
        "monitoring": {"anomalies": anomalies},
    }
    progress(1.0)
    return DemoData(layers=layers, truth=truth)


def _community_of(xy, lay, ox, oy):
    b = config.BLOCK_M
    cbx, cby = config.COMMUNITY_BLOCKS
    ncx = lay.size.blocks_x // cbx
    ix = np.clip(((xy[:, 0] - ox) // (b * cbx)).astype(int), 0, ncx - 1)
    iy = np.clip(((xy[:, 1] - oy) // (b * cby)).astype(int), 0, lay.size.blocks_y // cby - 1)
    ids = [c[0] for c in lay.communities]
    return np.array([ids[j * ncx + i] for i, j in zip(ix, iy)])


GEOD = Geod(ellps="GRS80")


def ellipsoidal_area_m2(geometry, to_geographic) -> float:
    """Area on the GRS80 (CGCS2000) ellipsoid of a planar EPSG:4548 geometry."""
    from shapely.ops import transform

    geographic = transform(to_geographic, geometry)
    return abs(GEOD.geometry_area_perimeter(geographic)[0])


__all__ = ["generate", "DemoData", "LAYER_ORDER", "ellipsoidal_area_m2", "unary_union"]
