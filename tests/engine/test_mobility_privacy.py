"""k-anonymity and generalisation of the life-circle aggregates (no QGIS)."""

import numpy as np
import pytest
from community_governance.processing.engine import activity_density, privacy
from community_governance.processing.engine.errors import InputError
from shapely.geometry import box


def _residents(n_people, rng, centre=(0.0, 0.0), per_person=20, spread=150.0):
    person = np.repeat([f"p{i}" for i in range(n_people)], per_person)
    x = centre[0] + rng.normal(0, spread, len(person))
    y = centre[1] + rng.normal(0, spread, len(person))
    return person, x, y


@pytest.mark.parametrize("k", [2, 5])
def test_group_with_k_minus_one_residents_is_suppressed(k):
    rng = np.random.default_rng(1)
    big_p, big_x, big_y = _residents(k + 3, rng)
    small_p, small_x, small_y = _residents(k - 1, rng, centre=(3000.0, 0.0))
    small_p = np.char.add("s", small_p)
    person = np.concatenate([big_p, small_p])
    x, y = np.concatenate([big_x, small_x]), np.concatenate([big_y, small_y])
    group = ["big"] * len(big_p) + ["small"] * len(small_p)
    result = activity_density.community_life_circles(x, y, None, person, group, k=k, levels=(50, 80))
    stats = result.stats.set_index("group")
    assert stats.loc["small", "suppressed"] == 1
    assert np.isnan(stats.loc["small", "residents"]) and np.isnan(stats.loc["small", "activities"])
    assert stats.loc["big", "suppressed"] == 0 and stats.loc["big", "residents"] == k + 3
    assert set(result.contours["group"]) == {"*", "big"}
    small_band = result.bands[result.band_names.index("small")]
    assert np.isnan(small_band).all()
    # in the all-residents band, the cells near the small group only (k-1 people) are blank too
    all_band = result.bands[result.band_names.index("*")]
    row, col = result.grid.cell_of(np.array([3000.0]), np.array([0.0]))
    assert np.isnan(all_band[row[0], col[0]])
    row, col = result.grid.cell_of(np.array([0.0]), np.array([0.0]))
    assert all_band[row[0], col[0]] > 0
    # no contour reaches the small group's place
    for geometry in result.contours["geometry"]:
        assert geometry.distance(box(2900, -100, 3100, 100)) > 0


def test_group_with_exactly_k_residents_is_released():
    rng = np.random.default_rng(2)
    person, x, y = _residents(5, rng)
    result = activity_density.community_life_circles(
        x, y, None, person, ["g"] * len(person), k=5, include_all=False
    )
    assert result.stats["suppressed"].tolist() == [0]
    assert len(result.contours) == 3
    shares = result.contours.set_index("level_pct")["share_captured"]
    assert shares[50.0] < shares[80.0] < shares[95.0]
    assert abs(shares[80.0] - 0.8) < 0.05


def test_walking_circle_share_and_iou():
    rng = np.random.default_rng(4)
    person, x, y = _residents(8, rng, spread=100.0)
    walking = {"g": box(-1000, -1000, 1000, 1000)}
    result = activity_density.community_life_circles(
        x, y, None, person, ["g"] * len(person), k=5, walking=walking, include_all=False
    )
    row = result.stats.iloc[0]
    assert row["share_in_walking"] == pytest.approx(1.0)
    contours = result.contours.set_index("level_pct")
    assert 0 < contours.loc[50.0, "iou_walking"] < contours.loc[95.0, "iou_walking"] < 1


def test_distinct_per_cell_counts_people_not_records():
    person = np.array(["a", "a", "a", "b", "c"])
    row = np.array([5, 5, 5, 5, 0])
    col = np.array([5, 5, 6, 5, 0])
    counts = privacy.distinct_per_cell((10, 10), person, row, col, radius_cells=1)
    assert counts[5, 5] == 2 and counts[4, 4] == 2 and counts[5, 7] == 1 and counts[0, 0] == 1
    assert counts[9, 9] == 0


def test_grid_generalisation_and_table():
    gx, gy = privacy.generalise_to_grid([1234.0, -1.0], [999.0, 501.0], 500.0)
    assert gx.tolist() == [1250.0, -250.0] and gy.tolist() == [750.0, 750.0]
    import pandas as pd

    table = privacy.k_anonymous_table(pd.DataFrame({"n": [4, 5], "v": [1.0, 2.0]}), "n", ["v"], k=5)
    assert table["suppressed"].tolist() == [1, 0] and np.isnan(table["v"][0]) and table["v"][1] == 2.0
    with pytest.raises(InputError):
        privacy.check_k(0)
    with pytest.raises(InputError):
        privacy.generalise_to_grid([0.0], [0.0], 0)
