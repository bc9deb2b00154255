"""Thresholds, persistence and hysteresis on hand-made series (engine only, no QGIS)."""

import numpy as np
import pytest
from community_governance.processing.engine import indicators as ind

NAN = np.nan
BLUE_ORANGE = np.array([5.0, NAN, 8.0, NAN])  # blue at 5, orange at 8; yellow and red unused


def levels(series, thresholds=BLUE_ORANGE, direction="higher_is_worse", **kwargs):
    return ind.warning_levels(
        np.array(series, float)[:, None], np.asarray(thresholds, float), direction, **kwargs
    )[:, 0]


def test_breach_levels_grade_each_value_without_persistence():
    thresholds = np.array([10.0, 20.0, 30.0, 40.0])
    values = np.array([9.99, 10.0, 25.0, 30.0, 45.0, NAN])
    assert ind.breach_levels(values, thresholds, "higher_is_worse").tolist() == [0, 1, 2, 3, 4, 0]
    low = np.array([0.9, 0.75, 0.5, 0.25])
    assert ind.breach_levels(np.array([0.95, 0.9, 0.6, 0.3, 0.1]), low, "lower_is_worse").tolist() == [
        0,
        1,
        2,
        3,
        4,
    ]


def test_persistence_raises_only_after_n_consecutive_breaches():
    series = [1, 6, 1, 6, 6, 1, 6, 6, 6]
    assert levels(series, persistence=1).tolist() == [0, 1, 0, 1, 1, 0, 1, 1, 1]
    assert levels(series, persistence=2).tolist() == [0, 0, 0, 0, 1, 0, 0, 1, 1]
    assert levels(series, persistence=3).tolist() == [0, 0, 0, 0, 0, 0, 0, 0, 1]


def test_escalation_needs_its_own_persistence():
    # orange (8) is breached once, then twice in a row: only the second run escalates
    assert levels([6, 6, 9, 6, 9, 9, 9], persistence=2).tolist() == [0, 1, 1, 1, 1, 3, 3]


def test_hysteresis_keeps_a_level_until_clearly_better():
    # blue at 5, hysteresis 1: 4.5 and 4.0 are not "better by more than 1", 3.9 is
    series = [6, 6, 4.5, 4.0, 3.9, 4.5]
    assert levels(series, persistence=2, hysteresis=1.0).tolist() == [0, 1, 1, 1, 0, 0]
    # without hysteresis the first value below the threshold clears it
    assert levels(series, persistence=2, hysteresis=0.0).tolist() == [0, 1, 0, 0, 0, 0]


def test_clear_windows_need_consecutive_good_windows():
    series = [6, 6, 1, 6, 1, 1, 1]
    assert levels(series, persistence=2, clear_windows=2).tolist() == [0, 1, 1, 1, 1, 0, 0]


def test_orange_falls_to_blue_with_its_own_hysteresis():
    series = [9, 9, 7.5, 6.9, 6, 3]
    assert levels(series, persistence=2, hysteresis=1.0).tolist() == [0, 3, 3, 1, 1, 0]


def test_missing_windows_break_a_run_and_hold_the_level():
    assert levels([6, NAN, 6, 6], persistence=2).tolist() == [0, 0, 0, 1]
    assert levels([6, 6, NAN, NAN, 1], persistence=2).tolist() == [0, 1, 1, 1, 0]


def test_lower_is_worse_mirrors_the_rules():
    thresholds = np.array([0.9, 0.75, 0.5, 0.25])
    series = [0.95, 0.7, 0.7, 0.78, 0.85, 0.86, 0.95, 0.2]
    got = levels(series, thresholds, "lower_is_worse", persistence=2, hysteresis=0.1)
    # yellow (<= 0.75) raised after two windows; it clears only above 0.85 (0.75 + 0.1), so 0.78 and
    # 0.85 keep it; blue (<= 0.9) would clear only above 1.0, so it stays; one red window is not enough
    assert got.tolist() == [0, 0, 2, 2, 2, 1, 1, 1]


def test_units_are_independent_columns():
    values = np.array([[6, 1], [6, 6], [1, 6]], float)
    got = ind.warning_levels(values, BLUE_ORANGE, "higher_is_worse", persistence=2)
    assert got.tolist() == [[0, 0], [1, 0], [0, 1]]


def test_run_lengths_and_latch():
    flags = np.array([True, True, False, True, True, True])
    assert ind.run_lengths(flags).tolist() == [1, 2, 0, 1, 2, 3]
    on = np.array([False, True, False, False, True, False])
    off = np.array([False, False, False, True, False, False])
    assert ind.latch(on, off).tolist() == [False, True, True, False, True, True]


def test_trend_slope_and_change_versus_previous_period():
    values = np.array([1, 2, 3, 4, 10, 12, 14, 16], float)[:, None]
    slope, change, change_pct = ind.trend(values, 4)
    assert slope[3, 0] == pytest.approx(1.0)
    assert slope[7, 0] == pytest.approx(2.0)
    assert change[7, 0] == pytest.approx(13.0 - 2.5)
    assert change_pct[7, 0] == pytest.approx(100 * 10.5 / 2.5)
    assert np.isnan(change[3, 0])  # no previous period yet
    with_gap = values.copy()
    with_gap[5, 0] = np.nan
    slope_gap, _, _ = ind.trend(with_gap, 4)
    assert slope_gap[7, 0] == pytest.approx(np.polyfit([4, 6, 7], [10, 14, 16], 1)[0])


def reference_levels(values, thresholds, direction, persistence, hysteresis, clear_windows):
    """The rules written as the obvious loop, one series and one level at a time."""
    sign = 1.0 if direction == "higher_is_worse" else -1.0
    out = np.zeros(len(values), dtype=np.int8)
    for rank, threshold in enumerate(thresholds, start=1):
        if not np.isfinite(threshold):
            continue
        run_b = run_c = 0
        active = False
        for t, value in enumerate(values):
            if np.isnan(value):
                run_b = run_c = 0
            else:
                run_b = run_b + 1 if sign * value >= sign * threshold else 0
                run_c = run_c + 1 if sign * value < sign * threshold - hysteresis else 0
            if run_b >= persistence:
                active = True
            elif run_c >= clear_windows:
                active = False
            if active:
                out[t] = rank
    return out


@pytest.mark.parametrize("seed", range(6))
def test_vectorised_rules_equal_the_loop_on_random_series(seed):
    rng = np.random.default_rng(seed)
    values = rng.normal(5, 3, (300, 7))
    values[rng.random(values.shape) < 0.05] = np.nan
    direction = "higher_is_worse" if seed % 2 == 0 else "lower_is_worse"
    thresholds = np.array([5.0, 7.0, NAN, 10.0]) if seed % 2 == 0 else np.array([5.0, 3.0, 1.0, NAN])
    persistence, hysteresis, clear_windows = 1 + seed % 3, 0.5 * seed, 1 + seed % 2
    got = ind.warning_levels(values, thresholds, direction, persistence, hysteresis, clear_windows)
    for column in range(values.shape[1]):
        expected = reference_levels(
            values[:, column], thresholds, direction, persistence, hysteresis, clear_windows
        )
        assert got[:, column].tolist() == expected.tolist()


def test_previous_median_equals_pandas_rolling():
    import pandas as pd

    rng = np.random.default_rng(3)
    rows = rng.normal(10, 2, (60, 9))
    rows[rng.random(rows.shape) < 0.15] = np.nan
    expected = pd.DataFrame(rows).rolling(7, min_periods=3).median().shift(1).to_numpy()
    assert np.allclose(ind._previous_median(rows, 7, 3), expected, equal_nan=True)
