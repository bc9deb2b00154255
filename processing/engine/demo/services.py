"""Public-service facilities placed so that planted community/type roles hold by network distance."""

import numpy as np

from . import config
from .network import RoadGraph

FACILITY_OFFSET_M = 8.0  # facilities sit this far north-east of a junction, off the road


def compound_distances(graph: RoadGraph, compound_xy: np.ndarray, limit_m: float) -> tuple:
    """(nearest node per compound, network distances compounds x nodes)."""
    nodes = graph.nearest_node(compound_xy)
    out = np.empty((len(nodes), len(graph.nodes_xy)), dtype=np.float32)  # city size: ~100 MB
    for k in range(0, len(nodes), 256):
        out[k : k + 256] = graph.distances_m(nodes[k : k + 256], limit_m=limit_m)
    return nodes, out


def place_facilities(
    graph: RoadGraph,
    candidate_nodes: np.ndarray,
    candidate_community: np.ndarray,
    compound_community: np.ndarray,
    distances: np.ndarray,
    roles: dict,
    communities: list,
    rng: np.random.Generator,
    strict: bool,
) -> tuple:
    """Facilities per type: list of (fac_type, node) and the roles that hold.

    ``distances`` is compounds x nodes. For each type: no facility within radius + margin of
    any compound of a gap community; served communities get facilities until each compound is
    within radius - margin (greedy set cover); other communities get at most one facility.
    """
    margin = config.ROLE_MARGIN_M
    placed = []
    held = {}
    for fac_type, radius in config.RADIUS_M.items():
        role = roles.get(fac_type, {"served": [], "gap": []})
        gap_mask = np.isin(compound_community, role["gap"])
        allowed = np.ones(len(candidate_nodes), dtype=bool)
        if gap_mask.any():
            near_gap = (distances[np.ix_(gap_mask, candidate_nodes)] <= radius + margin).any(axis=0)
            allowed &= ~near_gap
        served_ok = []
        chosen = []
        for cid in role["served"]:
            members = np.flatnonzero(compound_community == cid)
            within = distances[np.ix_(members, candidate_nodes)] <= radius - margin
            covered = np.zeros(len(members), dtype=bool)
            for node in chosen:
                covered |= distances[members, node] <= radius - margin
            picks = []
            while not covered.all():
                gain = (within & ~covered[:, None]).sum(axis=0) * allowed
                # prefer sites inside the community, then random tie-break
                score = gain * 10 + (candidate_community == cid) * 5 + rng.random(len(gain))
                best = int(np.argmax(score))
                if gain[best] == 0:
                    break
                picks.append(int(candidate_nodes[best]))
                covered |= within[:, best]
            if covered.all():
                chosen.extend(picks)
                served_ok.append(cid)
            elif strict:
                raise RuntimeError(f"cannot plant served role {fac_type}/{cid}")
        # one facility (or none) in each neutral community, if it harms no gap
        for cid, _name, _box in communities:
            if cid in role["served"] or cid in role["gap"]:
                continue
            if rng.random() < 0.5:
                continue
            options = np.flatnonzero(allowed & (candidate_community == cid))
            if len(options):
                chosen.append(int(candidate_nodes[options[rng.integers(len(options))]]))
        held[fac_type] = {"served": served_ok, "gap": list(role["gap"])}
        for node in dict.fromkeys(chosen):
            placed.append((fac_type, node))
    return placed, held


def random_roles(communities: list, rng: np.random.Generator) -> dict:
    """Roles for the city size: about a quarter served, a sixth gaps, per type."""
    ids = [c[0] for c in communities]
    roles = {}
    for fac_type in config.RADIUS_M:
        draw = rng.random(len(ids))
        roles[fac_type] = {
            "served": [c for c, d in zip(ids, draw) if d < 0.25],
            "gap": [c for c, d in zip(ids, draw) if d > 0.85],
        }
    return roles


def coverage_share(distances_to_nearest: np.ndarray, pop: np.ndarray, community: np.ndarray, radius: float):
    """Share of each community's population whose compound is within ``radius``."""
    out = {}
    for cid in np.unique(community):
        m = community == cid
        total = pop[m].sum()
        out[str(cid)] = float(pop[m][distances_to_nearest[m] <= radius].sum() / total) if total else 0.0
    return out
