"""Same seed, same data: the generator is deterministic and the shipped demo is its output."""

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from community_governance.processing.engine.demo import (
    DEFAULT_SEED,
    LAYER_ORDER,
    generate,
    read_layers,
    write_geopackage,
)

ROOT = Path(__file__).resolve().parents[2]
GPKG = ROOT / "resources" / "demo" / "community_demo.gpkg"


def _value(v):
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, (np.integer, int)) and not isinstance(v, bool):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return float(v)
    return v


def signature(frame):
    """Attributes and geometry of a layer in a form that survives the round trip to GPKG."""
    if isinstance(frame, gpd.GeoDataFrame):
        attrs = frame.drop(columns=frame.geometry.name)
        geoms = [g.wkb_hex for g in frame.geometry]
    else:
        attrs = frame
        geoms = []
    columns = list(attrs.columns)
    rows = [tuple(_value(v) for v in row) for row in attrs.astype(object).itertuples(index=False)]
    return columns, rows, geoms


def assert_same(a: dict, b: dict):
    assert list(a) == list(b) or set(a) == set(b)
    for name in a:
        sa, sb = signature(a[name]), signature(b[name])
        assert sa[0] == sb[0], name
        assert sa[1] == sb[1], name
        assert sa[2] == sb[2], name


def test_same_seed_same_layers(tmp_path):
    first = generate(seed=7, size="tiny")
    second = generate(seed=7, size="tiny")
    write_geopackage(first, tmp_path / "a.gpkg", tmp_path / "a.json")
    write_geopackage(second, tmp_path / "b.gpkg", tmp_path / "b.json")
    a, b = read_layers(tmp_path / "a.gpkg"), read_layers(tmp_path / "b.gpkg")
    assert set(a) == set(LAYER_ORDER)
    assert_same(a, b)
    assert (tmp_path / "a.json").read_text(encoding="utf-8") == (tmp_path / "b.json").read_text(
        encoding="utf-8"
    )
    # what was written is what was generated
    assert_same({k: first.layers[k] for k in a}, a)
    other = generate(seed=8, size="tiny")
    assert signature(other.layers["residential"]) != signature(first.layers["residential"])


def test_shipped_demo_is_the_default_generation():
    fresh = generate(seed=DEFAULT_SEED, size="demo")
    shipped = read_layers(GPKG)
    assert set(shipped) == set(fresh.layers)
    assert_same({k: fresh.layers[k] for k in shipped}, shipped)
    import json

    truth = json.loads((GPKG.parent / "known_truth.json").read_text(encoding="utf-8"))
    assert truth == json.loads(json.dumps(fresh.truth, ensure_ascii=False))


def test_bad_size_is_a_typed_error():
    from community_governance.processing.engine.errors import InputError

    with pytest.raises(InputError) as err:
        generate(size="galaxy")
    assert err.value.code == "demo_bad_size" and err.value.params["size"] == "galaxy"


def test_cancel_and_progress():
    from community_governance.processing.engine.errors import Cancelled

    seen = []
    with pytest.raises(Cancelled):
        generate(size="tiny", progress=seen.append, cancelled=lambda: len(seen) > 1)
    assert seen and all(0.0 <= f <= 1.0 for f in seen)


def test_city_is_at_least_twenty_times_the_demo():
    from community_governance.processing.engine.demo.config import SIZES

    demo, city = SIZES["demo"], SIZES["city"]
    assert city.blocks_x * city.blocks_y >= 20 * demo.blocks_x * demo.blocks_y
    assert city.users >= 5 * demo.users and city.days >= 14


def test_command_line_writes_gpkg_and_truth(tmp_path):
    import json

    from community_governance.processing.engine.demo.__main__ import main

    out = tmp_path / "t.gpkg"
    assert main(["--size", "tiny", "--seed", "3", "--output", str(out)]) == 0
    truth = json.loads((tmp_path / "known_truth.json").read_text(encoding="utf-8"))
    layers = read_layers(out)
    assert {k: len(v) for k, v in layers.items()} == truth["metadata"]["counts"]
    assert truth["metadata"]["seed"] == 3 and truth["metadata"]["size"] == "tiny"
