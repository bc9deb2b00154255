"""The demo community: a seeded, deterministic, synthetic 街道 with known truth.

from community_governance.processing.engine.demo import generate, write_geopackage
data = generate(seed=20260302, size="demo")
write_geopackage(data, "community_demo.gpkg", "known_truth.json")
"""

from .config import DEFAULT_SEED, SIZES
from .generator import LAYER_ORDER, DemoData, generate
from .io import list_layers, read_layers, write_geopackage

__all__ = [
    "DEFAULT_SEED",
    "SIZES",
    "LAYER_ORDER",
    "DemoData",
    "generate",
    "write_geopackage",
    "read_layers",
    "list_layers",
]
