"""Evaluation from raw inputs: windows in local time, hour filters, aggregation, baselines,
feedback counts, fields of other tools, skipped input counted, and the record of why."""

import numpy as np
import pandas as pd
import pytest
from community_governance.processing.engine import indicators as ind
from community_governance.processing.engine.errors import InputError

START = pd.Timestamp("2026-03-01T00:00:00+08:00")


def hourly(days, base, sensor):
    times = pd.date_range(START, periods=24 * days, freq="H")
    return pd.DataFrame(
        {"sensor_id": sensor, "time": times.strftime("%Y-%m-%dT%H:%M:%S+08:00"), "value": base}
    )


def only(system, *ids):
    for indicator in system.indicators:
        indicator.enabled = indicator.id in ids
    return system


@pytest.fixture
def units():
    return pd.DataFrame({"unit_id": ["C01", "C02"], "population": [2000, 5000]})


def test_night_noise_uses_local_nights_energy_mean_and_loudest_sensor(units):
    system = only(ind.load_system(), "noise_night_leq")
    quiet = hourly(10, 40.0, "N1")
    loud = hourly(10, 40.0, "N2")
    t = pd.to_datetime(loud["time"])
    night = (t.dt.hour >= 22) | (t.dt.hour < 6)
    # nights starting on 03-04, 03-05, 03-06: 4 hours at 70 dB and 4 at 40 dB -> Leq = 10 lg((1e7+1e4)/2) ~ 67.0
    noisy = (
        night & (t >= pd.Timestamp("2026-03-04T22:00+08:00")) & (t < pd.Timestamp("2026-03-07T06:00+08:00"))
    )
    loud.loc[noisy & (t.dt.hour >= 22) | noisy & (t.dt.hour < 2), "value"] = 70.0
    # a loud day never counts at night
    loud.loc[(t.dt.hour == 12), "value"] = 90.0
    sensors = pd.DataFrame({"sensor_id": ["N1", "N2"], "unit_id": ["C01", "C01"], "kind": "noise"})
    observations = pd.concat([quiet, loud])
    ev = ind.evaluate(system, ind.SeriesInputs(units=units, sensors=sensors, observations=observations))
    values = ev.results["noise_night_leq"].values
    expected = 10 * np.log10((4 * 10**7 + 4 * 10**4) / 8)
    noisy_windows = ev.results["noise_night_leq"].labels
    assert noisy_windows[0] == "2026-02-28T12:00:00+08:00"  # windows start at noon: one night each
    by_label = dict(zip(noisy_windows, values[:, 0]))
    assert by_label["2026-03-04T12:00:00+08:00"] == pytest.approx(expected)
    assert by_label["2026-03-03T12:00:00+08:00"] == pytest.approx(40.0)
    assert np.isnan(values[:, 1]).all()  # C02 has no noise sensor
    # 67 dB: orange (>= 60), persistence 2 -> raised on the second night, cleared on the first quiet one
    warnings = ev.warnings
    assert len(warnings) == 1
    w = warnings.iloc[0]
    assert (w.unit_id, w.level_id, w.first_breach, w.raised_at) == (
        "C01", "orange", "2026-03-04T12:00:00+08:00", "2026-03-05T12:00:00+08:00")  # fmt: skip
    assert w.cleared_at == "2026-03-07T12:00:00+08:00" and not w.active
    assert w.sources == "N2" and w.consecutive_breaches == 2
    assert "2 consecutive windows" in w.reason and "N2" in w.reason


def test_footfall_ratio_to_same_hour_of_previous_days(units):
    system = only(ind.load_system(), "footfall_surge")
    frame = hourly(12, 0.0, "F1")
    hours = pd.to_datetime(frame["time"]).dt.hour
    frame["value"] = np.where((hours >= 8) & (hours < 20), 200.0, 5.0)
    surge = pd.to_datetime(frame["time"]).between(
        pd.Timestamp("2026-03-10T15:00+08:00"), pd.Timestamp("2026-03-10T18:00+08:00")
    )
    frame.loc[surge, "value"] = 1300.0  # 6.5 x the usual afternoon
    sensors = pd.DataFrame({"sensor_id": ["F1"], "unit_id": ["C02"], "kind": "footfall"})
    ev = ind.evaluate(system, ind.SeriesInputs(units=units, sensors=sensors, observations=frame))
    w = ev.warnings
    assert len(w) == 1 and w.iloc[0].unit_id == "C02"
    assert w.iloc[0].level_id == "orange"  # ratio 6.5: orange (>= 6), red needs 10
    assert w.iloc[0].first_breach == "2026-03-10T15:00:00+08:00"
    assert w.iloc[0].raised_at == "2026-03-10T17:00:00+08:00"  # persistence 3 hours
    # night hours of 5 people are compared with the floor of 10, not with 5 (no false surge)
    assert np.nanmax(ev.results["footfall_surge"].values[:, 1][: 24 * 9]) < 1.5


def test_feedback_per_1000_weekly_with_filters_and_skips(units):
    system = only(ind.load_system(), "feedback_per_1000")
    times = (
        ["2026-03-02T10:00:00+08:00"] * 10
        + ["2026-03-10T10:00:00+08:00"] * 10
        + ["2026-03-17T09:00:00+08:00"]
    )
    feedback = pd.DataFrame({"unit_id": ["C01"] * 21, "time": times})
    feedback.loc[20, "unit_id"] = "C99"  # outside every unit: counted, not used
    feedback.loc[21] = ["C02", "not a time"]
    ev = ind.evaluate(system, ind.SeriesInputs(units=units, feedback=feedback))
    values = ev.results["feedback_per_1000"].values
    labels = ev.results["feedback_per_1000"].labels
    assert labels[0] == "2026-03-02T00:00:00+08:00"  # weeks start on Monday
    # the period runs to the last feedback (03-17, its third week)
    assert values[:, 0].tolist() == [5.0, 5.0, 0.0]  # 10 items / 2 (thousand residents)
    assert values[:, 1].tolist() == [0.0, 0.0, 0.0]
    assert ev.skipped["feedback_outside_units"] == 1 and ev.skipped["feedback_invalid_time"] == 1
    # 5 per 1000 per week: blue (>= 4) for 2 consecutive weeks -> a blue warning, cleared by the quiet week
    assert ev.warnings[["unit_id", "level_id", "raised_at", "cleared_at"]].values.tolist() == [
        ["C01", "blue", "2026-03-09T00:00:00+08:00", "2026-03-16T00:00:00+08:00"]
    ]


def test_static_field_indicator_takes_the_worst_type(units):
    system = only(ind.load_system(), "facility_coverage_share")
    fields = pd.DataFrame(
        {
            "unit_id": ["C01", "C01", "C02", "C02", "C03"],
            "fac_type": ["a", "b", "a", "b", "a"],
            "share_within": [0.95, 0.4, 0.92, 0.97, 0.1],
        }  # fmt: skip
    )
    ev = ind.evaluate(system, ind.SeriesInputs(units=units, fields=fields))
    assert ev.results["facility_coverage_share"].values[0].tolist() == [0.4, 0.92]
    assert ev.warnings[["unit_id", "level_id"]].values.tolist() == [["C01", "orange"]]
    assert ev.skipped["facility_coverage_share_rows_outside_units"] == 1
    assert "share_within" in ev.warnings.iloc[0].reason


def test_indicators_without_data_are_reported_not_silently_dropped(units):
    ev = ind.evaluate(ind.load_system(), ind.SeriesInputs(units=units))
    assert set(ev.not_evaluated) == {i.id for i in ev.system.indicators}
    assert ev.warnings.empty and ev.table.empty


def test_bad_observations_are_counted(units):
    system = only(ind.load_system(), "elevator_faults_per_hour")
    frame = hourly(3, 0.0, "E1")
    frame.loc[0, "value"] = "broken"
    frame.loc[1, "time"] = "yesterday"
    frame.loc[2, "sensor_id"] = "E404"
    sensors = pd.DataFrame({"sensor_id": ["E1", "E2"], "unit_id": ["C01", None], "kind": "elevator_fault"})
    ev = ind.evaluate(system, ind.SeriesInputs(units=units, sensors=sensors, observations=frame))
    assert ev.skipped == {
        "sensors_outside_units": 1,
        "observations_unknown_sensor": 1,
        "observations_invalid": 2,
        "observations_outside_period": 0,
    }  # fmt: skip


def test_missing_column_names_the_layer_and_field(units):
    sensors = pd.DataFrame({"sensor_id": ["E1"], "unit_id": ["C01"]})
    with pytest.raises(InputError) as info:
        ind.evaluate(
            ind.load_system(), ind.SeriesInputs(units=units, sensors=sensors, observations=hourly(1, 0, "E1"))
        )
    assert info.value.code == "missing_field" and info.value.params["field"] == "kind"


def test_times_without_offset_are_local_and_offsets_are_exact():
    utc = ind._to_utc_ns(
        pd.Series(
            ["2026-03-02T07:00:00+08:00", "2026-03-02 07:00:00", "2026-03-01T23:00:00Z", None, "nonsense"]
        ),
        "t",
        8 * ind.HOUR_NS,
    )
    expected = pd.Timestamp("2026-03-01T23:00:00Z").value
    assert utc[:3].tolist() == [expected] * 3
    assert utc[3] == ind.NAT and utc[4] == ind.NAT
    naive_datetimes = pd.Series(pd.to_datetime(["2026-03-02 07:00:00"]))
    assert ind._to_utc_ns(naive_datetimes, "t", 8 * ind.HOUR_NS).tolist() == [expected]


def test_an_evaluation_period_counts_what_it_leaves_out(units):
    system = only(ind.load_system(), "elevator_faults_per_hour")
    frame = hourly(4, 0.0, "E1")  # 03-01 .. 03-04, hourly
    sensors = pd.DataFrame({"sensor_id": ["E1"], "unit_id": ["C01"], "kind": "elevator_fault"})
    inputs = ind.SeriesInputs(
        units=units,
        sensors=sensors,
        observations=frame,
        start="2026-03-02T00:00:00",
        end="2026-03-02T23:00:00+08:00",
    )
    ev = ind.evaluate(system, inputs)
    labels = ev.results["elevator_faults_per_hour"].labels
    assert labels[0] == "2026-03-02T00:00:00+08:00" and labels[-1] == "2026-03-02T23:00:00+08:00"
    assert ev.skipped["observations_outside_period"] == 24 * 3
