"""Sizes, names and standards the demo generator uses (all the numbers in one place)."""

from dataclasses import dataclass

GENERATOR = "community_governance.processing.engine.demo"
VERSION = "1.0"
DEFAULT_SEED = 20260302
CRS_EPSG = 4548  # CGCS2000 / 3-degree Gauss-Kruger CM 117E (no zone prefix)
ORIGIN_XY = (525000.0, 3518800.0)  # south-west corner of the 街道, ~117.265E 31.792N (Hefei)
BLOCK_M = 200.0  # road spacing of the grid (GB 50180-2018 6.0.2: <= 300 m, 150-250 preferred)
START_DATE = "2026-03-02"  # a Monday; local time +08:00
TZ = "+08:00"


@dataclass(frozen=True)
class Size:
    name: str
    blocks_x: int  # grid blocks west-east
    blocks_y: int  # grid blocks south-north
    users: int  # residents with trajectories
    days: int  # trajectory days
    sensor_days: int  # hourly sensor observations
    feedback: int  # resident feedback points


SIZES = {
    "demo": Size("demo", 12, 8, 200, 14, 28, 160),
    # 25x the demo's area and population; generated on demand for benchmarks, never committed.
    "city": Size("city", 60, 40, 1000, 14, 28, 4000),
    # the demo's layout with few users and days: for fast tests of the generator itself
    "tiny": Size("tiny", 12, 8, 12, 2, 28, 20),
}

# a community (社区) is 3 x 4 blocks (600 m x 800 m) between 次干路/主干路
COMMUNITY_BLOCKS = (3, 4)
# 主干路 every 6 blocks (1200 m) west-east and every 4 blocks (800 m) south-north; 次干路 between
MAIN_EVERY = (6, 4)
SECONDARY_EVERY = (3, 2)
# red-line half widths (m) by road class: 主干路 40 m, 次干路 30 m, 支路 20 m wide
HALF_WIDTH_M = {"主干路": 20.0, "次干路": 15.0, "支路": 10.0}

# Walking radii (m). GB 50180-2018 Appendix C "服务半径不宜大于" (see
# /work/shared/reference/standards.md, section 1.3); park: plugin choice, see docs/DEMO_DATA.md.
RADIUS_M = {
    "kindergarten": 300,
    "primary_school": 500,
    "middle_school": 1000,
    "health_station": 300,
    "health_center": 1000,
    "elderly_daycare": 300,
    "community_service": 300,
    "culture_room": 500,
    "fitness": 300,
    "fresh_market": 500,
    "park": 300,  # 5-min 社区游园 (>= 0.4 ha, GB 50180-2018 Table 4.0.4); radius chosen, not normative
}
# care_home (养老院) has no service radius in GB 50180-2018: one per 街道, never in gap lists.

FAC_TYPE_ZH = {
    "kindergarten": "幼儿园",
    "primary_school": "小学",
    "middle_school": "初中",
    "health_station": "社区卫生服务站",
    "health_center": "社区卫生服务中心",
    "elderly_daycare": "老年人日间照料中心",
    "care_home": "养老院",
    "community_service": "社区服务站",
    "culture_room": "文化活动站",
    "fitness": "健身场地",
    "fresh_market": "菜市场",
    "park": "社区游园",
}
# capacity unit and (min, max) capacity, floor area (min, max) m2
FAC_CAPACITY = {
    "kindergarten": ("places", (180, 360), (3150, 4550)),
    "primary_school": ("places", (1080, 1620), (9000, 14000)),
    "middle_school": ("places", (1200, 1800), (12000, 18000)),
    "health_station": ("m2", (120, 270), (120, 270)),
    "health_center": ("beds", (20, 40), (1700, 2000)),
    "elderly_daycare": ("places", (20, 45), (350, 750)),
    "care_home": ("beds", (200, 320), (7000, 12000)),
    "community_service": ("m2", (600, 1000), (600, 1000)),
    "culture_room": ("m2", (250, 1200), (250, 1200)),
    "fitness": ("m2", (300, 1500), (0, 0)),
    "fresh_market": ("m2", (1000, 2000), (1000, 2000)),
    "park": ("m2", (4000, 9000), (0, 0)),
}

# Planted roles of the demo (community -> type): served / gap. Every other pair is left to
# chance and listed nowhere. The city size draws roles at random.
DEMO_ROLES = {
    "kindergarten": {"served": ["C02", "C06"], "gap": ["C04"]},
    "primary_school": {"served": ["C02", "C03"], "gap": ["C05"]},
    "middle_school": {"served": ["C06"], "gap": ["C04"]},
    "health_station": {"served": ["C01", "C05"], "gap": ["C03", "C08"]},
    "health_center": {"served": ["C03"], "gap": ["C05"]},
    "elderly_daycare": {"served": ["C04", "C07"], "gap": ["C02"]},
    "community_service": {"served": ["C03", "C05", "C08"], "gap": ["C01"]},
    "culture_room": {"served": ["C01", "C08"], "gap": ["C06"]},
    "fitness": {"served": ["C05", "C06"], "gap": ["C07"]},
    "fresh_market": {"served": ["C04"], "gap": ["C02"]},
    "park": {"served": ["C06", "C08"], "gap": ["C01", "C03"]},
}
# network-distance safety margin (m) around the radius for planted roles: served compounds are
# within radius - margin, gap compounds beyond radius + margin (snapping choices cannot flip them)
ROLE_MARGIN_M = 75.0

JD_NAME = "梧桐街道"
JD_CODE = "340104010"
COMMUNITY_NAMES = [
    "翡翠",
    "桂香",
    "青阳",
    "荷塘",
    "玉兰",
    "望湖",
    "松林",
    "清溪",
    "柳岸",
    "梅园",
    "竹韵",
    "银杏",
    "枫桥",
    "杏花",
    "芙蓉",
    "海棠",
    "紫薇",
    "丁香",
    "石榴",
    "樱园",
]
NS_ROAD_NAMES = [
    "合作化路",
    "潜山路",
    "怀宁路",
    "肥西路",
    "习友路",
    "岳西路",
    "霍山路",
    "黄山路",
    "科学大道",
    "翡翠路",
    "清溪路",
    "休宁路",
    "金寨路",
    "宁国路",
    "齐云路",
    "天柱路",
    "望江西路",
    "雪霁路",
]
EW_ROAD_NAMES = [
    "南二环路",
    "望江路",
    "长江西路",
    "荷叶地路",
    "金屯路",
    "临泉路",
    "香樟大道",
    "玉兰大道",
    "梦园路",
    "杨林路",
    "南七路",
    "石门路",
    "创新大道",
    "淠河路",
    "皖水路",
    "仙龙湖路",
]
COMPOUND_WORDS = [
    "阳光",
    "锦绣",
    "华府",
    "翠苑",
    "绿地",
    "御景",
    "名邸",
    "花园",
    "雅居",
    "嘉园",
    "新村",
    "公寓",
    "家园",
    "丽景",
    "金域",
    "世纪",
    "和平",
    "幸福",
    "春晖",
    "银河",
    "明珠",
    "紫荆",
    "湖畔",
    "颐和",
]
COMPOUND_SUFFIX = ["小区", "花园", "苑", "家园", "公寓", "新村"]
