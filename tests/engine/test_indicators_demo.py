"""The demo community's planted anomalies raise the expected warnings, and nothing else does
(engine only: the GeoPackage is read with geopandas; the truth comes from known_truth.json)."""

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from community_governance.processing.engine import indicators as ind

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


def explains(warning, anomaly, system) -> bool:
    """The warning is the planted anomaly: same community, sensor and kind, overlapping in time."""
    indicator = system.indicator(warning["indicator_id"])
    if indicator.source.get("kind") != anomaly["kind"] or str(warning["unit_id"]) != anomaly["community_id"]:
        return False
    if anomaly["sensor_id"] not in str(warning["sources"]).split(","):
        return False
    begins = pd.Timestamp(warning["first_breach"])
    ends = (
        pd.Timestamp(warning["cleared_at"]) if warning["cleared_at"] else pd.Timestamp.max.tz_localize("UTC")
    )
    return begins < pd.Timestamp(anomaly["end"]) and ends > pd.Timestamp(anomaly["start"])


def check_against_truth(warnings: pd.DataFrame, anomalies: list, system):
    rows = warnings.to_dict("records")
    for anomaly in anomalies:
        assert any(explains(w, anomaly, system) for w in rows), f"no warning for the planted {anomaly}"
    for warning in rows:
        assert any(explains(warning, a, system) for a in anomalies), f"a warning nothing planted: {warning}"


@pytest.fixture(scope="module")
def demo():
    gpd = pytest.importorskip("geopandas")
    gpkg = DEMO / "community_demo.gpkg"
    assert gpkg.exists(), f"the demo community is missing: {gpkg}"
    truth = json.loads((DEMO / "known_truth.json").read_text(encoding="utf-8"))
    communities = gpd.read_file(gpkg, layer="communities")
    sensors = gpd.read_file(gpkg, layer="sensors")
    observations = gpd.read_file(gpkg, layer="sensor_observations")
    feedback = gpd.read_file(gpkg, layer="feedback")
    inputs = ind.SeriesInputs(
        units=pd.DataFrame({"unit_id": communities["community_id"], "population": communities["population"]}),
        sensors=pd.DataFrame(
            {"sensor_id": sensors["sensor_id"], "unit_id": sensors["community_id"], "kind": sensors["kind"]}
        ),
        observations=pd.DataFrame(
            {
                "sensor_id": observations["sensor_id"],
                "time": observations["phenomenon_time"],
                "value": observations["value"],
            }
        ),
        feedback=pd.DataFrame({"unit_id": feedback["community_id"], "time": feedback["created_at"]}),
    )
    return inputs, truth["monitoring"]["anomalies"]


def test_planted_anomalies_raise_the_expected_warnings_and_nothing_else(demo):
    inputs, anomalies = demo
    system = ind.load_system()
    evaluation = ind.evaluate(system, inputs)
    assert len(anomalies) >= 3 and {a["kind"] for a in anomalies} == {"noise", "elevator_fault", "footfall"}
    check_against_truth(evaluation.warnings, anomalies, system)
    # every sensor and feedback indicator was evaluated, nothing was left out
    assert {"noise_night_leq", "elevator_faults_per_hour", "footfall_drop", "feedback_per_1000"} <= set(
        evaluation.results
    )
    assert not any(evaluation.skipped.values())
    # the record says why: the night-noise warning names its sensor, run of breaches and threshold
    noise = next(a for a in anomalies if a["kind"] == "noise")
    night = evaluation.warnings[evaluation.warnings["indicator_id"] == "noise_night_leq"].iloc[0]
    assert night["sources"] == noise["sensor_id"] and night["consecutive_breaches"] >= 2
    assert noise["sensor_id"] in night["reason"] and f"{night['raised_threshold']:g}" in night["reason"]


def test_without_persistence_the_demo_raises_false_warnings(demo):
    """The check above can fail: with persistence 1 and no hysteresis a blue night-noise threshold at
    the residential limit (GB 3096-2008 class 1 night, 45 dB(A)) flags ordinary nights everywhere."""
    inputs, anomalies = demo
    document = ind.apply_override(
        yaml.safe_load(ind.DEFAULT_SYSTEM.read_text(encoding="utf-8")),
        {"name": "strict", "indicators": {"noise_night_leq": {"thresholds": {"blue": 45}, "persistence": 1}}},
    )
    system = ind.build_system(document)
    evaluation = ind.evaluate(system, inputs, indicator_ids=["noise_night_leq"])
    with pytest.raises(AssertionError, match="nothing planted"):
        check_against_truth(evaluation.warnings, [a for a in anomalies if a["kind"] == "noise"], system)
