"""The physical community: grid of blocks, roads, communities, compounds, land-use plan.

Coordinates are built in a local frame (metres from the south-west corner of the 街道) and
shifted to EPSG:4548 at the end by the generator.
"""

from dataclasses import dataclass, field

import numpy as np

from . import config


@dataclass
class Block:
    ix: int
    iy: int
    x0: float
    y0: float
    x1: float
    y1: float
    community: str
    use: str = "residential"  # residential/commercial/park/historic/utility/vacant/renewal/industrial_plan

    @property
    def centre(self):
        return ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)


@dataclass
class Layout:
    size: config.Size
    width_m: float
    height_m: float
    blocks: list
    communities: list  # (id, name, (x0, y0, x1, y1))
    roads: list = field(default_factory=list)  # dicts with coords (local) + attributes
    road_truth: dict = field(default_factory=dict)


def road_class_x(i, size):
    """Class of the south-north road at grid column ``i`` (x = i * block)."""
    if i % config.MAIN_EVERY[0] == 0:
        return "主干路"
    if i % config.SECONDARY_EVERY[0] == 0:
        return "次干路"
    return "支路"


def road_class_y(j, size):
    if j % config.MAIN_EVERY[1] == 0:
        return "主干路"
    if j % config.SECONDARY_EVERY[1] == 0:
        return "次干路"
    return "支路"


def build_layout(size: config.Size, rng: np.random.Generator) -> Layout:
    b = config.BLOCK_M
    nx, ny = size.blocks_x, size.blocks_y
    cbx, cby = config.COMMUNITY_BLOCKS
    ncx, ncy = nx // cbx, ny // cby
    communities = []
    for cj in range(ncy):
        for ci in range(ncx):
            k = cj * ncx + ci
            cid = f"C{k + 1:02d}" if ncx * ncy < 100 else f"C{k + 1:03d}"
            base = config.COMMUNITY_NAMES[k % len(config.COMMUNITY_NAMES)]
            name = (
                base
                + ("" if k < len(config.COMMUNITY_NAMES) else str(k // len(config.COMMUNITY_NAMES) + 1))
                + "社区"
            )
            communities.append(
                (cid, name, (ci * cbx * b, cj * cby * b, (ci + 1) * cbx * b, (cj + 1) * cby * b))
            )
    blocks = []
    for iy in range(ny):
        for ix in range(nx):
            k = (iy // cby) * ncx + ix // cbx
            blocks.append(Block(ix, iy, ix * b, iy * b, (ix + 1) * b, (iy + 1) * b, communities[k][0]))
    layout = Layout(size, nx * b, ny * b, blocks, communities)
    _assign_uses(layout, rng)
    _build_roads(layout, rng)
    return layout


def block_at(layout: Layout, ix: int, iy: int) -> Block:
    return layout.blocks[iy * layout.size.blocks_x + ix]


def _assign_uses(layout: Layout, rng) -> None:
    nx, ny = layout.size.blocks_x, layout.size.blocks_y
    mx, my = config.MAIN_EVERY
    # commercial: the four blocks around every interior 主干路 x 主干路 crossing
    for i in range(mx, nx, mx):
        for j in range(my, ny, my):
            for ix, iy in ((i - 1, j - 1), (i, j - 1), (i - 1, j), (i, j)):
                block_at(layout, ix, iy).use = "commercial"
    free = [bl for bl in layout.blocks if bl.use == "residential"]
    n = len(layout.blocks)
    order = rng.permutation(len(free))
    quotas = [
        ("park", max(3, round(0.04 * n))),
        ("vacant", max(2, round(0.025 * n))),
        ("renewal", max(2, round(0.025 * n))),
        ("historic", max(1, round(0.01 * n))),
        ("utility", max(1, round(0.01 * n))),
    ]
    k = 0
    for use, count in quotas:
        for _ in range(count):
            free[order[k]].use = use
            k += 1


def _segments_along(coords_fixed, start, stop, step, axis):
    """Points every ``step`` from start to stop along one axis."""
    values = np.arange(start, stop + step / 2, step)
    if axis == "x":
        return [(v, coords_fixed) for v in values]
    return [(coords_fixed, v) for v in values]


def _build_roads(layout: Layout, rng) -> None:
    b = config.BLOCK_M
    half = b / 2.0
    nx, ny = layout.size.blocks_x, layout.size.blocks_y
    roads = []

    def add(coords, name, road_class, pedestrian=1, level=0, kind="grid"):
        roads.append(
            {
                "coords": [tuple(map(float, c)) for c in coords],
                "name": name,
                "road_class": road_class,
                "pedestrian": pedestrian,
                "level": level,
                "kind": kind,
            }
        )

    # grid roads, split every 100 m (all those points are junctions with block paths)
    mx, my = config.MAIN_EVERY
    bridge_j = my if ny > my else None
    bridge_i = mx if nx > mx else None
    for i in range(nx + 1):
        cls = road_class_x(i, layout.size)
        name = config.NS_ROAD_NAMES[i % len(config.NS_ROAD_NAMES)]
        ys = np.arange(0.0, layout.height_m + 1e-6, half)
        for a, c in zip(ys[:-1], ys[1:]):
            add([(i * b, a), (i * b, c)], name, cls)
    for j in range(ny + 1):
        cls = road_class_y(j, layout.size)
        name = config.EW_ROAD_NAMES[j % len(config.EW_ROAD_NAMES)]
        xs = np.arange(0.0, layout.width_m + 1e-6, half)
        pedestrian = 0 if j == 0 else 1  # 南二环路: urban expressway at grade, no sidewalk
        for a, c in zip(xs[:-1], xs[1:]):
            if bridge_j is not None and j == bridge_j and bridge_i is not None:
                xb = bridge_i * b
                if xb - half <= a < xb + half:
                    continue  # replaced by the bridge below
            add([(a, j * b), (c, j * b)], name, cls, pedestrian=pedestrian)
    bridge_ids = []
    if bridge_j is not None and bridge_i is not None:
        xb, yb = bridge_i * b, bridge_j * b
        name = config.EW_ROAD_NAMES[bridge_j % len(config.EW_ROAD_NAMES)] + "跨线桥"
        bridge_ids.append(len(roads))
        # crosses the south-north 主干路 at (xb, yb) without a vertex there
        add(
            [(xb - half, yb), (xb - half / 2, yb), (xb + half / 2, yb), (xb + half, yb)],
            name,
            "主干路",
            1,
            1,
            "bridge",
        )
    # block paths: a cross from the four mid-edge junctions to the block centre
    for bl in layout.blocks:
        cx, cy = bl.centre
        if bl.use in ("residential", "renewal"):
            ns, ew = "小区路", "步行道"
        elif bl.use == "park":
            ns, ew = "步行道", "步行道"
        else:
            ns, ew = "小区路", "小区路"
        label = f"{bl.community}-{bl.ix:02d}{bl.iy:02d}"
        add([(cx, bl.y0), (cx, cy)], f"{label}南北通道", ns, kind="block")
        add([(cx, cy), (cx, bl.y1)], f"{label}南北通道", ns, kind="block")
        add([(bl.x0, cy), (cx, cy)], f"{label}东西通道", ew, kind="block")
        add([(cx, cy), (bl.x1, cy)], f"{label}东西通道", ew, kind="block")
    # cul-de-sacs: short 小区路 spurs from the centre of some residential blocks
    residential = [bl for bl in layout.blocks if bl.use == "residential"]
    n_spurs = max(4, len(residential) // 12)
    for k in rng.choice(len(residential), size=n_spurs, replace=False):
        bl = residential[k]
        cx, cy = bl.centre
        add(
            [(cx, cy), (cx + 45.0, cy + 45.0)],
            f"{bl.community}-{bl.ix:02d}{bl.iy:02d}尽端路",
            "小区路",
            kind="spur",
        )
    # a disconnected fragment: two 步行道 pieces inside a park, touching nothing
    parks = [bl for bl in layout.blocks if bl.use == "park"]
    fragment_ids = []
    for bl in parks[:1] if layout.size.name == "demo" else parks[: max(1, len(parks) // 10)]:
        cx, cy = bl.centre
        fragment_ids.append(len(roads))
        add([(cx + 35.0, cy + 35.0), (cx + 75.0, cy + 35.0)], "游园环路", "步行道", kind="fragment")
        fragment_ids.append(len(roads))
        add([(cx + 75.0, cy + 35.0), (cx + 75.0, cy + 75.0)], "游园环路", "步行道", kind="fragment")
    # duplicate consecutive vertices and reversed digitising on a few grid segments
    grid = [k for k, r in enumerate(roads) if r["kind"] == "grid"]
    picks = rng.choice(grid, size=8 if layout.size.name == "demo" else 40, replace=False)
    dup_ids = sorted(int(k) for k in picks[: len(picks) // 2])
    rev_ids = sorted(int(k) for k in picks[len(picks) // 2 :])
    for k in dup_ids:
        (ax, ay), (cx_, cy_) = roads[k]["coords"]
        mid = ((ax + cx_) / 2.0, (ay + cy_) / 2.0)
        roads[k]["coords"] = [(ax, ay), mid, mid, (cx_, cy_)]
    for k in rev_ids:
        roads[k]["coords"] = roads[k]["coords"][::-1]
    layout.roads = roads
    layout.road_truth = {
        "bridge": bridge_ids,
        "fragment": fragment_ids,
        "duplicate_vertex": dup_ids,
        "reversed": rev_ids,
    }


def parcel_rect(layout: Layout, bl: Block):
    """The block inside the red lines of its four roads (x0, y0, x1, y1)."""
    hw = config.HALF_WIDTH_M
    west = hw[road_class_x(bl.ix, layout.size)]
    east = hw[road_class_x(bl.ix + 1, layout.size)]
    south = hw[road_class_y(bl.iy, layout.size)]
    north = hw[road_class_y(bl.iy + 1, layout.size)]
    return (bl.x0 + west, bl.y0 + south, bl.x1 - east, bl.y1 - north)
